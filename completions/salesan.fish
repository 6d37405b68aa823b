# fish completion for salesan (salesan completion fish)
function __salesan_complete
	set -l words (commandline -opc) (commandline -ct)
	set -l out (command salesan __complete (math (count $words) - 1) $words 2>/dev/null)
	if test "$out" = __files__
		__fish_complete_path (commandline -ct)
	else
		printf '%s\n' $out
	end
end
complete -c salesan -f -a '(__salesan_complete)'
