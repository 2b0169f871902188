# bash completion for sdtscore (installed by `make install` into
# share/bash-completion/completions). Commands, and each command's options
# read from `sdtscore help CMD`, so completion never drifts from --help.
_sdtscore()
{
	local cur prev cmd opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "instruments validate score stats simulate merge shard report batch import export-survey progress help --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	case "$prev" in
	-i|--instrument)
		COMPREPLY=($(compgen -W "$(sdtscore instruments 2>/dev/null | awk '{print $1}')" -- "$cur"))
		compopt -o default 2>/dev/null
		return ;;
	--lang) COMPREPLY=($(compgen -W "en fi sv" -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "csv json ndjson table" -- "$cur")); return ;;
	--layout) COMPREPLY=($(compgen -W "generic qualtrics limesurvey" -- "$cur")); return ;;
	--duplicates) COMPREPLY=($(compgen -W "error first last" -- "$cur")); return ;;
	--invalid) COMPREPLY=($(compgen -W "error missing" -- "$cur")); return ;;
	esac
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "instruments validate score stats simulate merge shard report batch import export-survey progress" -- "$cur"))
		return
	fi
	if [[ "$cur" == -* ]]; then
		opts=$(sdtscore help "$cmd" 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts --quiet --help" -- "$cur"))
		return
	fi
	compopt -o default 2>/dev/null
	COMPREPLY=()
}
complete -F _sdtscore sdtscore
