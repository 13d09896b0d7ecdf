# origin.sh - sourced (never run: tests/run.sh runs only tests/sh/*.sh)
# by the suites that run the pre-push hook, which judges a push by the
# policy of origin's default branch as git knows it
# (refs/remotes/origin/HEAD), never by the working tree's.
#
#   origin_main DIR [PATH...]
#
# Makes origin/main of the repository at DIR hold DIR's working-tree
# .prgate.json and the PATHs given (those that exist), and origin/HEAD
# point at it: what fetching a default branch with those files leaves.
# Call it again after changing them.
origin_main() {
	(
		cd "$1" || exit 2
		shift
		GIT_INDEX_FILE=$(git rev-parse --git-dir)/origin-main.index
		export GIT_INDEX_FILE
		rm -f "$GIT_INDEX_FILE"
		for f in .prgate.json "$@"; do
			if [ -f "$f" ]; then
				git update-index --add -- "$f" || exit 2
			fi
		done
		tree=$(git write-tree) &&
			commit=$(GIT_AUTHOR_NAME=Lead GIT_AUTHOR_EMAIL=lead@example.com \
				GIT_COMMITTER_NAME=Lead GIT_COMMITTER_EMAIL=lead@example.com \
				git commit-tree -m "the default branch" "$tree") &&
			git update-ref refs/remotes/origin/main "$commit" &&
			git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main &&
			rm -f "$GIT_INDEX_FILE"
	)
}
