# bash completion for salesan (salesan completion bash)
_salesan() {
	local IFS=$'\n' out
	out=$(command salesan __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null)
	if [ "$out" = __files__ ]; then
		COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
		compopt -o filenames 2>/dev/null
	else
		COMPREPLY=($out)
	fi
}
complete -F _salesan salesan
