# prgate.bash - bash completion for prgate(1): commands, each command's
# options (as its --help lists them), --format values, stock template
# names, rule ids (from `prgate rules`), hook subcommands, and files where
# a command reads one. Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/prgate; to try it without
# installing: source contrib/completion/prgate.bash
#
# Self-contained: it needs bash 4 and nothing from the bash-completion
# package.

_prgate_commands="lint check checklist template init rules policy hook"
_prgate_formats="text json markdown github"
_prgate_templates="basic simple db-migration"
_prgate_hook_commands="install uninstall pre-push"
_prgate_set_names="pr= sha= prev_sha= branch= base= remote="

# The options each command accepts (keep in step with its --help).
_prgate_options() {
	case $1 in
	lint) echo "--title --label --config --template --format -h --help" ;;
	check) echo "--at --api-url --deployer --config --template --format --comment --commit --cache-dir -h --help" ;;
	checklist) echo "--set --label --config --template --api-url -h --help" ;;
	template) echo "--list -h --help" ;;
	init) echo "--force --template --timezone --window -h --help" ;;
	rules | policy) echo "--config -h --help" ;;
	hook) echo "-h --help" ;;
	esac
}

# COMPREPLY = the words of $1 that start with $2.
_prgate_words() {
	local IFS=$' \t\n'
	COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# COMPREPLY = files and directories starting with $1.
_prgate_files() {
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_prgate() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= w
	local cword=$COMP_CWORD
	((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
	COMPREPLY=()

	# --opt=value: readline splits it into "--opt" "=" "value"
	if [[ $cur == "=" && $prev == --* ]]; then
		cur=
	elif [[ $prev == "=" ]] && ((cword > 1)); then
		prev=${COMP_WORDS[cword - 2]}
	fi

	if ((cword <= 1)); then
		_prgate_words "$_prgate_commands help --help --version" "$cur"
		return 0
	fi
	cmd=${COMP_WORDS[1]}

	# the value of an option that takes one
	case $prev in
	--format)
		_prgate_words "$_prgate_formats" "$cur"
		return 0
		;;
	--config)
		_prgate_files "$cur"
		return 0
		;;
	--cache-dir)
		compopt -o dirnames 2>/dev/null
		COMPREPLY=()
		return 0
		;;
	--template)
		if [[ $cmd == init ]]; then
			_prgate_words "$_prgate_templates" "$cur"
		else
			_prgate_files "$cur"
		fi
		return 0
		;;
	--set)
		compopt -o nospace 2>/dev/null
		_prgate_words "$_prgate_set_names" "$cur"
		return 0
		;;
	--title | --label | --at | --api-url | --deployer | --commit)
		return 0
		;;
	esac

	if [[ $cur == -* ]]; then
		_prgate_words "$(_prgate_options "$cmd")" "$cur"
		return 0
	fi

	# positional arguments
	case $cmd in
	lint | checklist)
		_prgate_files "$cur"
		;;
	template)
		((cword == 2)) && _prgate_words "$_prgate_templates" "$cur"
		;;
	rules)
		if ((cword == 2)); then
			w=$("${COMP_WORDS[0]}" rules 2>/dev/null | awk '{ print $1 }')
			[[ -n $w ]] || w=$(command prgate rules 2>/dev/null | awk '{ print $1 }')
			_prgate_words "$w" "$cur"
		fi
		;;
	hook)
		((cword == 2)) && _prgate_words "$_prgate_hook_commands" "$cur"
		;;
	help)
		((cword == 2)) && _prgate_words "$_prgate_commands" "$cur"
		;;
	esac
	return 0
}

complete -F _prgate prgate
