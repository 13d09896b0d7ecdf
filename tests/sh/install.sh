#!/bin/sh
# install.sh - `make install` and `make uninstall` into a scratch DESTDIR:
# the exact files and modes installed, the binary runs, the templates are
# the tree's byte for byte, the man pages render without a warning
# (mandoc -T lint, else groff -ww; skipped, and said so, when neither is
# there), the bash completion parses and completes commands, options,
# formats, templates, rule ids and hook subcommands, and uninstall leaves
# no file behind. Also: every command `prgate --help` lists answers
# `prgate CMD --help` with exit 0 and a "usage: prgate CMD" line.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
MAKE=${MAKE:-make}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/install-sh.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
dest=$tmp/dest
passed=0
failed=0
name=setup

pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $name: $*"
}

# same NAME WANT GOT: pass when the two texts are equal, else show both.
same() {
	name=$1
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "differs"
		printf '%s\n' "$2" >"$tmp/want"
		printf '%s\n' "$3" >"$tmp/got"
		diff -u "$tmp/want" "$tmp/got" | sed -n '3,40p'
	fi
}

# ---- make install ----
name=make-install
if $MAKE --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr \
	>"$tmp/make.out" 2>&1; then
	pass
else
	fail "make install failed:"
	sed -n '1,20p' "$tmp/make.out"
fi

want_files="/usr/bin/prgate 755
/usr/share/bash-completion/completions/prgate 644
/usr/share/man/man1/prgate.1 644
/usr/share/man/man5/prgate-config.5 644
/usr/share/prgate/prgate.schema.json 644
/usr/share/prgate/templates/basic.md 644
/usr/share/prgate/templates/db-migration.md 644
/usr/share/prgate/templates/default-policy.json 644
/usr/share/prgate/templates/simple.md 644
/usr/share/prgate/templates/starter-config.json 644"
got_files=$(cd "$dest" 2>/dev/null &&
	find . ! -type d -exec stat -c '%n %a' {} + | sed 's|^\.||' | LC_ALL=C sort)
same installed-files "$want_files" "$got_files"

# the version is written once, in VERSION: --version, the man pages'
# title lines and the dist tarball take it from there
version=$(cat VERSION)
name=version-file
case "$version" in
[0-9]*.[0-9]*.[0-9]*) pass ;;
*) fail "VERSION holds '$version', not X.Y.Z" ;;
esac
name=binary-version
got=$("$dest/usr/bin/prgate" --version 2>&1)
status=$?
if [ "$status" = 0 ] && [ "$got" = "prgate $version" ]; then
	pass
else
	fail "exit $status, printed '$got' (want 'prgate $version')"
fi
same man1-title ".TH PRGATE 1 2026-11-21 \"prgate $version\" \"User Commands\"" \
	"$(grep '^\.TH ' "$dest/usr/share/man/man1/prgate.1")"
same man5-title ".TH PRGATE-CONFIG 5 2026-11-21 \"prgate $version\" \"File Formats\"" \
	"$(grep '^\.TH ' "$dest/usr/share/man/man5/prgate-config.5")"
name=no-version-in-tree-man-pages
if grep -q '^\.TH .*"prgate [0-9]' doc/prgate.1 doc/prgate-config.5; then
	fail "doc/*.1 or *.5 names a version: VERSION is the one place"
else
	pass
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	name=make-dist
	mkdir -p "$tmp/dist"
	if $MAKE --no-print-directory -s dist DISTDIR="$tmp/dist" \
		>"$tmp/dist.out" 2>&1; then
		pass
	else
		fail "make dist failed:"
		sed -n '1,10p' "$tmp/dist.out"
	fi
	same dist-says "wrote $tmp/dist/prgate-$version.tar.gz" \
		"$(head -n 1 "$tmp/dist.out")"
	same dist-unpacks-into "prgate-$version/VERSION" \
		"$(tar -tzf "$tmp/dist/prgate-$version.tar.gz" 2>&1 | grep '/VERSION$')"
	same dist-version "$version" \
		"$(tar -xzOf "$tmp/dist/prgate-$version.tar.gz" "prgate-$version/VERSION" 2>&1)"
fi

for f in basic.md simple.md db-migration.md default-policy.json \
	starter-config.json; do
	name=template-$f
	if cmp -s "templates/$f" "$dest/usr/share/prgate/templates/$f"; then
		pass
	else
		fail "the installed copy differs from templates/$f"
	fi
done
for pair in contrib/completion/prgate.bash:bash-completion/completions/prgate; do
	src=${pair%%:*}
	name=copy-$(basename "$src")
	if cmp -s "$src" "$dest/usr/share/${pair#*:}"; then
		pass
	else
		fail "the installed copy differs from $src"
	fi
done

# the man pages: the tree's, but for the version in the title line
for pair in doc/prgate.1:man/man1/prgate.1 \
	doc/prgate-config.5:man/man5/prgate-config.5; do
	src=${pair%%:*}
	name=copy-$(basename "$src")
	grep -v '^\.TH ' "$src" >"$tmp/want"
	grep -v '^\.TH ' "$dest/usr/share/${pair#*:}" >"$tmp/got" 2>/dev/null
	if cmp -s "$tmp/want" "$tmp/got"; then
		pass
	else
		fail "the installed copy differs from $src beyond its .TH line"
	fi
done

# ---- the man pages render without a warning ----
if command -v mandoc >/dev/null 2>&1; then
	checker=mandoc
elif command -v groff >/dev/null 2>&1; then
	checker=groff
else
	checker=
	echo "install.sh: man page rendering skipped: neither mandoc nor groff" \
		"is installed (Debian: apt-get install mandoc)"
fi
if [ -n "$checker" ]; then
	for page in man1/prgate.1 man5/prgate-config.5; do
		name="render-$(basename "$page") ($checker)"
		file=$dest/usr/share/man/$page
		if [ "$checker" = mandoc ]; then
			mandoc -T lint "$file" >"$tmp/render" 2>&1
		else
			groff -man -Tutf8 -ww -z "$file" >"$tmp/render" 2>&1
		fi
		status=$?
		if [ "$status" = 0 ] && [ ! -s "$tmp/render" ]; then
			pass
		else
			fail "exit $status:"
			sed -n '1,20p' "$tmp/render"
		fi
	done
fi

# ---- bash completion ----
comp=$dest/usr/share/bash-completion/completions/prgate
name=completion-syntax
if bash -n "$comp" 2>"$tmp/bash-n"; then
	pass
else
	fail "bash -n: $(cat "$tmp/bash-n")"
fi

# complete WORD...: what the completion offers for the last WORD, one a
# line (the first WORD is the installed binary's path).
complete_words() {
	bash -c '. "$1" || exit 2
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_prgate
		printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@" 2>&1
}

bin=$dest/usr/bin/prgate
same complete-command "lint" "$(complete_words "$bin" li)"
same complete-option "--format" "$(complete_words "$bin" lint --fo)"
same complete-templates "basic
simple
db-migration" "$(complete_words "$bin" template '')"
same complete-formats "text
json
markdown
github" "$(complete_words "$bin" check --format '')"
same complete-format-equals "json" "$(complete_words "$bin" lint --format = j)"
same complete-init-template "db-migration" \
	"$(complete_words "$bin" init --template d)"
same complete-hook "install
uninstall
pre-push" "$(complete_words "$bin" hook '')"
same complete-rule-ids "$("$bin" rules | awk '{ print $1 }')" \
	"$(complete_words "$bin" rules '')"
same complete-lint-files "examples/ready.md" \
	"$(complete_words "$bin" lint examples/rea)"
same complete-config-files "Makefile" "$(complete_words "$bin" lint --config Makef)"
same complete-title-value "" "$(complete_words "$bin" lint --title '')"

# ---- every command has --help ----
cmds=$("$PRGATE" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
name=help-lists-commands
if [ -n "$cmds" ]; then pass; else fail "no commands in 'prgate --help'"; fi
offered=$(complete_words "$bin" '')
for cmd in $cmds; do
	name="$cmd --help"
	"$PRGATE" "$cmd" --help >"$tmp/help" 2>"$tmp/help.err"
	status=$?
	if [ "$status" = 0 ] && grep -q "^usage: prgate $cmd\( \|\$\)" "$tmp/help"; then
		pass
	else
		fail "exit $status; want a line 'usage: prgate $cmd ...', got:"
		sed -n '1,3p' "$tmp/help" "$tmp/help.err"
	fi
	name="complete $cmd"
	if printf '%s\n' "$offered" | grep -qx "$cmd"; then
		pass
	else
		fail "'prgate <TAB>' does not offer '$cmd'"
	fi
done

# ---- make uninstall ----
name=make-uninstall
if $MAKE --no-print-directory -s uninstall DESTDIR="$dest" PREFIX=/usr \
	>"$tmp/make.out" 2>&1; then
	pass
else
	fail "make uninstall failed:"
	sed -n '1,20p' "$tmp/make.out"
fi
same uninstall-leaves-no-file "" "$(find "$dest" ! -type d 2>&1)"
name=uninstall-removes-data-dir
if [ -e "$dest/usr/share/prgate" ]; then
	fail "$dest/usr/share/prgate is still there"
else
	pass
fi

# make dist: a tarball of HEAD named after the version prgate reports
version=$("$PRGATE" --version | sed 's/^prgate //')
if git rev-parse --git-dir >/dev/null 2>&1 &&
	$MAKE -s dist >"$tmp/make.out" 2>&1; then
	name=dist-named-after-version
	if [ -f "prgate-$version.tar.gz" ]; then
		pass
		tar tzf "prgate-$version.tar.gz" >"$tmp/dist.list"
		same dist-has-license "prgate-$version/LICENSE" \
			"$(grep -x "prgate-$version/LICENSE" "$tmp/dist.list")"
		same dist-has-makefile "prgate-$version/Makefile" \
			"$(grep -x "prgate-$version/Makefile" "$tmp/dist.list")"
		same dist-everything-under-prefix 0 \
			"$(grep -vc "^prgate-$version/" "$tmp/dist.list")"
		same dist-no-build-output "" \
			"$(grep -E '/(build|build-asan)/|/prgate$' "$tmp/dist.list")"
		rm -f "prgate-$version.tar.gz"
	else
		fail "no prgate-$version.tar.gz"
	fi
else
	name=dist
	echo "install.sh: make dist skipped: not a git checkout"
fi

# the demo installs only what building needs, not the test or bench tools
name=demo-deps
if $MAKE -n demo 2>/dev/null | grep -q 'valgrind\|hyperfine\|python3'; then
	fail "make demo would install test or bench tools"
else
	pass
fi
same demo-deps-build "deps-build" "$(sed -n 's/^demo: //p' Makefile)"

echo "$passed passed, $failed failed"
