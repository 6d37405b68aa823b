# bash completion for salesan
_salesan() {
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local globals="--server --json --csv --no-color --color --no-input --help --version"
	local commands="server setup login logout whoami calls analyze record monitor sync transcribe doctor config help version"
	local cmd="" sub="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--server|-s) ((i++)) ;;
		-*) ;;
		*) if [ -z "$cmd" ]; then cmd=${words[i]}; elif [ -z "$sub" ]; then sub=${words[i]}; fi ;;
		esac
	done
	case $prev in
	--status) COMPREPLY=($(compgen -W "scheduled in_progress completed cancelled no_show" -- "$cur")); return ;;
	--outcome) COMPREPLY=($(compgen -W "sale no_sale follow_up rescheduled" -- "$cur")); return ;;
	--password-file|--transcript|--transcript-from|-t) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--script) COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur")); return ;;
	--format|-f) COMPREPLY=($(compgen -W "otter srt vtt json whisper deepgram assemblyai plain" -- "$cur")); return ;;
	--server|-s|--email|--customer|--date|--phone|--rep|--manager|--notes|--tag|--amount|--from|--to|--page|--limit|--port|--host|--first-name|--last-name|--organization) return ;;
	esac
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands $globals" -- "$cur"))
		return
	fi
	case $cmd in
	server) [ -z "$sub" ] && COMPREPLY=($(compgen -W "start stop status" -- "$cur")) ||
		COMPREPLY=($(compgen -W "--port --host" -- "$cur")) ;;
	calls)
		if [ -z "$sub" ]; then
			COMPREPLY=($(compgen -W "list show create update start complete delete" -- "$cur"))
		else
			case $sub in
			list) COMPREPLY=($(compgen -W "--status --outcome --rep --from --to --page --limit --all $globals" -- "$cur")) ;;
			create) COMPREPLY=($(compgen -W "--customer --date --phone --email --rep --manager --notes --tag $globals" -- "$cur")) ;;
			update) COMPREPLY=($(compgen -W "--customer --date --phone --email --rep --manager --notes --tag --status --outcome --amount $globals" -- "$cur")) ;;
			complete) COMPREPLY=($(compgen -W "--outcome --amount --notes $globals" -- "$cur")) ;;
			delete) COMPREPLY=($(compgen -W "--yes $globals" -- "$cur")) ;;
			*) COMPREPLY=($(compgen -W "$globals" -- "$cur")) ;;
			esac
		fi ;;
	login) COMPREPLY=($(compgen -W "--email --password-file $globals" -- "$cur")) ;;
	analyze) COMPREPLY=($(compgen -W "--transcript --script --rep --format $globals" -- "$cur")) ;;
	record) COMPREPLY=($(compgen -W "--call --customer --date --email --transcript-from --audio-from --mic --device --rate --rep-channel --stt --speed --rep --format $globals" -- "$cur")) ;;
	transcribe) COMPREPLY=($(compgen -W "--format --out --backend --rep-channel --rate --channels --rep --customer --call --partials $globals" -- "$cur")) ;;
	monitor) COMPREPLY=($(compgen -W "--readonly --once $globals" -- "$cur")) ;;
	setup) COMPREPLY=($(compgen -W "--email --first-name --last-name --organization --password-file $globals" -- "$cur")) ;;
	logout) COMPREPLY=($(compgen -W "--all $globals" -- "$cur")) ;;
	config) COMPREPLY=($(compgen -W "list get set unset edit path server color speech.backend speech.whisper_url speech.whisper_key speech.whisper_model speech.whisper_timeout_ms speech.whisper_chunk_ms speech.ps_hmm speech.ps_lm speech.ps_dict $globals" -- "$cur")) ;;
	help) COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -W "$globals" -- "$cur")) ;;
	esac
}
complete -F _salesan salesan
