/*
 * cmd_monitor.c - salesan monitor: the manager's live dashboard (the
 * screen itself is src/tui/monitor.c).
 */
#include "cli.h"
#include "tui/monitor.h"

#include <getopt.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan monitor [--readonly] [--once --json]\n"
	"\n"
	"Examples:\n"
	"  salesan monitor\n"
	"  salesan monitor --readonly\n"
	"  salesan monitor --once --json\n"
	"\n"
	"Watch live calls: the sessions you may see (your team's, or your\n"
	"organization's as an admin) with their live score, checklist progress,\n"
	"talk ratio and last alert; the selected session's transcript as it\n"
	"streams, its checklist ticking, and its alerts.  Whisper to the rep (w),\n"
	"write notes (n) or send a canned intervention (1-9, from\n"
	"monitor.canned.N in the config file).  Press ? for every key.\n"
	"\n"
	"  --readonly     watch only: no interventions or notes\n"
	"  --once         print the current live state and exit (with --json)\n";

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "readonly", no_argument, NULL, 'r' },
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct monitor_opts o;
	int c;

	memset(&o, 0, sizeof o);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o.readonly = 1; break;
		case 'o': o.once = 1; break;
		case 'h': return cli_usage(&cmd_monitor, 0);
		default: return cli_usage(&cmd_monitor, 1);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_monitor, 1);
	if (!o.once && (!isatty(0) || !isatty(1))) {
		cli_error(cli, "monitor needs a terminal; use --once --json in scripts");
		return EXIT_USAGE;
	}
	return monitor_run(cli, &o);
}

const struct command cmd_monitor = { "monitor", "watch live calls and intervene (dashboard)",
				     usage, run };
