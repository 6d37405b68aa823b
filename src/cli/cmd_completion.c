/*
 * cmd_completion.c - shell completion.
 *
 *   salesan completion bash|zsh|fish    print the script for that shell
 *   salesan __complete N WORD...        the candidates for word N (hidden)
 *
 * The scripts are thin: they hand the command line to `salesan __complete`,
 * which answers from the same tables and help texts the commands use, so
 * completion never drifts from the real commands.  Verbs and flags come
 * from each command's usage text (its synopsis and option lines); flag
 * values from the lists below; ids, emails and scripts from the local
 * cache (cache.h), so completing never waits for the network.  A lone
 * "__files__" line asks the shell to complete file names.
 */
#include "cache.h"
#include "cli.h"
#include "cmdkit.h"
#include "common/buf.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: salesan completion bash|zsh|fish\n"
	"\n"
	"Examples:\n"
	"  source <(salesan completion bash)                    # bash, this shell\n"
	"  salesan completion bash > ~/.local/share/bash-completion/completions/salesan\n"
	"  salesan completion zsh > \"${fpath[1]}/_salesan\"       # zsh\n"
	"  salesan completion fish > ~/.config/fish/completions/salesan.fish\n"
	"\n"
	"Prints the completion script for the shell.  It completes commands,\n"
	"verbs, flags and their values, and user emails, call ids and script ids\n"
	"from the local cache (fill it by listing them once: `salesan users`,\n"
	"`salesan calls list`, `salesan scripts`).  `make install` installs the\n"
	"scripts from completions/.\n";

static const char bash_script[] =
	"# bash completion for salesan (salesan completion bash)\n"
	"_salesan() {\n"
	"\tlocal IFS=$'\\n' out\n"
	"\tout=$(command salesan __complete \"$COMP_CWORD\" \"${COMP_WORDS[@]}\" 2>/dev/null)\n"
	"\tif [ \"$out\" = __files__ ]; then\n"
	"\t\tCOMPREPLY=($(compgen -f -- \"${COMP_WORDS[COMP_CWORD]}\"))\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\telse\n"
	"\t\tCOMPREPLY=($out)\n"
	"\tfi\n"
	"}\n"
	"complete -F _salesan salesan\n";

static const char zsh_script[] =
	"#compdef salesan\n"
	"# zsh completion for salesan (salesan completion zsh)\n"
	"_salesan() {\n"
	"\tlocal -a c\n"
	"\tc=(\"${(@f)$(command salesan __complete $((CURRENT - 1)) \"${words[@]}\" 2>/dev/null)}\")\n"
	"\tif [[ $c[1] == __files__ ]]; then\n"
	"\t\t_files\n"
	"\telse\n"
	"\t\tcompadd -Q -- ${c:#}\n"
	"\tfi\n"
	"}\n"
	"if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
	"\t_salesan \"$@\"\n"
	"else\n"
	"\tcompdef _salesan salesan\n"
	"fi\n";

static const char fish_script[] =
	"# fish completion for salesan (salesan completion fish)\n"
	"function __salesan_complete\n"
	"\tset -l words (commandline -opc) (commandline -ct)\n"
	"\tset -l out (command salesan __complete (math (count $words) - 1) $words 2>/dev/null)\n"
	"\tif test \"$out\" = __files__\n"
	"\t\t__fish_complete_path (commandline -ct)\n"
	"\telse\n"
	"\t\tprintf '%s\\n' $out\n"
	"\tend\n"
	"end\n"
	"complete -c salesan -f -a '(__salesan_complete)'\n";

static int run(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	int rc;

	if (!flags_parse(cli, &cmd_completion, argc, argv, flags, 1, 1, "a shell (bash, zsh or fish)",
			 pos, NULL, &rc))
		return rc;
	if (!strcmp(pos[0], "bash"))
		fputs(bash_script, stdout);
	else if (!strcmp(pos[0], "zsh"))
		fputs(zsh_script, stdout);
	else if (!strcmp(pos[0], "fish"))
		fputs(fish_script, stdout);
	else {
		cli_error(cli, "no completion for '%s'; use bash, zsh or fish", pos[0]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

const struct command cmd_completion = {
	"completion", "print the shell completion script (bash, zsh, fish)", usage, run,
};

/* ---- the completer ---- */

static const char *const global_flags[] = {
	"--server", "--profile", "--json", "--csv", "--offline", "--no-color", "--color",
	"--no-input", "--help", NULL,
};

/* Values of flags, by flag (and command, when it matters). */
struct values {
	const char *cmd;     /* NULL: any command */
	const char *flag;
	const char *list;    /* space-separated; "__files__" for file names */
};

static const struct values flag_values[] = {
	{ "calls", "--status", "scheduled in_progress completed cancelled no_show" },
	{ "users", "--status", "active inactive suspended pending" },
	{ "orgs", "--status", "active inactive suspended" },
	{ NULL, "--outcome", "sale no_sale follow_up rescheduled" },
	{ NULL, "--role", "sales_representative sales_manager admin super_admin" },
	{ NULL, "--period", "daily weekly monthly" },
	{ NULL, "--sort", "conversion score compliance revenue calls" },
	{ NULL, "--type", "headquarters branch franchise partner" },
	{ NULL, "--scope", "zapier webhooks export" },
	{ "export", "--format", "csv ndjson json" },
	{ "transcribe", "--format", "text json srt vtt" },
	{ NULL, "--format", "otter srt vtt json whisper deepgram assemblyai plain" },
	{ NULL, "--stt", "local server" },
	{ NULL, "--backend", "pocketsphinx whisper" },
	{ NULL, "--from", "7d 30d 90d today yesterday this-week this-month last-month this-year" },
	{ NULL, "--since", "7d 30d today this-month" },
	{ NULL, "--rep", "@users" },
	{ NULL, "--manager", "@users" },
	{ NULL, "--out", "__files__" },
	{ NULL, "--password-file", "__files__" },
	{ NULL, "--transcript", "__files__" },
	{ NULL, "--transcript-from", "__files__" },
	{ NULL, "--audio-from", "__files__" },
	{ NULL, "--script", "__files__" },
	{ NULL, "--call", "@calls" },
	{ NULL, "--secret-file", "__files__" },
	{ NULL, NULL, NULL },
};

/* Positional values, by command and verb. */
static const struct values positional[] = {
	{ "users", "show update disable enable rm set-manager set-role", "@users" },
	{ "report", "user", "@users" },
	{ "calls", "show update start complete delete", "@calls" },
	{ "scripts", "show update activate deactivate rm", "@scripts" },
	{ "scripts", "create validate", "__files__" },
	{ "analyze", "", "@calls" },
	{ "transcribe", "", "__files__" },
	{ "webhooks", "create", "sales_call.created sales_call.completed sales_call.analyzed performance.alert live_session.started live_session.ended notification.created" },
	{ NULL, NULL, NULL },
};

/* Print cand when it starts with cur, once per run. */
static void emit(const char *cur, const char *cand)
{
	static char **seen;
	static size_t nseen;
	size_t i;

	if (strncmp(cand, cur, strlen(cur)))
		return;
	for (i = 0; i < nseen; i++)
		if (!strcmp(seen[i], cand))
			return;
	seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
	seen[nseen++] = xstrdup(cand);
	printf("%s\n", cand);
}

/* Print the words of a space-separated list (or a dynamic "@kind") that
 * start with cur. */
static void emit_list(struct cli *cli, const char *list, const char *cur)
{
	if (!strcmp(list, "__files__")) {
		printf("__files__\n");
		return;
	}
	if (list[0] == '@') {
		/* ids (or, for users, emails) the cache knows */
		FILE *saved = stdout;
		char *buf = NULL, *line, *save = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (!mem)
			return;
		stdout = mem;
		cache_print_ids(cli, list + 1);
		fclose(mem);
		stdout = saved;
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(line, '\t');
			if (tab)
				*tab++ = '\0';
			emit(cur, !strcmp(list, "@users") && tab && *tab ? tab : line);
		}
		free(buf);
		return;
	}
	{
		char *copy = xstrdup(list), *w, *save = NULL;
		for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
			emit(cur, w);
		free(copy);
	}
}

/* The verbs of cmd from its synopsis lines ("salesan CMD VERB ..."). */
static int verbs_of(const struct command *cmd, char verbs[][32], int max)
{
	const char *p = cmd->usage;
	char pat[64];
	int n = 0, i;

	snprintf(pat, sizeof pat, "salesan %s ", cmd->name);
	while ((p = strstr(p, pat)) && n < max) {
		const char *w = p + strlen(pat);
		size_t k = 0;
		int dup = 0;
		while (w[k] && (islower((unsigned char)w[k]) || w[k] == '-' || w[k] == '|'))
			k++;
		p = w;
		/* "a|b|c" lists several verbs */
		while (k && n < max) {
			size_t one = strcspn(w, "| \n[");
			if (one > k)
				one = k;
			if (one && one < 32 && w[0] != '-') {
				for (i = 0; i < n; i++)
					dup |= !strncmp(verbs[i], w, one) && !verbs[i][one];
				if (!dup) {
					memcpy(verbs[n], w, one);
					verbs[n++][one] = '\0';
				}
			}
			if (w[one] != '|')
				break;
			w += one + 1;
			k -= one + 1;
			dup = 0;
		}
	}
	return n;
}

/* Whether the verb token at v ("list", or "a|b|c") names verb. */
static int names_verb(const char *v, const char *verb)
{
	size_t n = strlen(verb);

	for (;;) {
		size_t one = strcspn(v, "| \n[");
		if (one == n && !strncmp(v, verb, n))
			return 1;
		if (v[one] != '|')
			return 0;
		v += one + 1;
	}
}

/* Emit the flags of cmd's verb (every verb when NULL) that start with cur:
 * those on the verb's synopsis lines (and their continuation lines), those
 * of option lines ("  --from WHEN", "  -s, --script FILE"), and the
 * global ones. */
static void flags_of(const struct command *cmd, const char *verb, const char *cur)
{
	const char *p, *end;
	char head[64];
	size_t hl;
	int block = 0, examples = 0, i;

	snprintf(head, sizeof head, "salesan %s ", cmd->name);
	hl = strlen(head);
	for (p = cmd->usage; *p; p = *end ? end + 1 : end) {
		const char *q, *t = p;
		int option_line;
		end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		while (t < end && *t == ' ')
			t++;
		/* Examples show flags of other verbs: skip them. */
		if (!strncmp(p, "Examples:", 9))
			examples = 1;
		else if (p == end)
			examples = 0;
		if (examples)
			continue;
		if (!strncmp(p, "usage: ", 7))
			t = p + 7;
		if ((!strncmp(p, "usage: ", 7) || t - p == 7) && !strncmp(t, head, hl))
			block = !verb || names_verb(t + hl, verb);
		else if (!(block && t - p > 8))
			block = 0;
		option_line = t - p >= 2 && t - p <= 6 && *t == '-';
		if (!block && !option_line)
			continue;
		for (q = p; (q = strstr(q, "--")) && q < end; q += 2) {
			char flag[48];
			size_t k = 2;
			if (q > p && q[-1] != ' ' && q[-1] != '[' && q[-1] != '|')
				continue;
			while (islower((unsigned char)q[k]) || isdigit((unsigned char)q[k]) || q[k] == '-')
				k++;
			if (k <= 2 || k >= sizeof flag)
				continue;
			memcpy(flag, q, k);
			flag[k] = '\0';
			emit(cur, flag);
		}
	}
	for (i = 0; global_flags[i]; i++)
		emit(cur, global_flags[i]);
}

/* Whether flag takes a value in cmd's usage ("--flag VALUE"). */
static int takes_value(const struct command *cmd, const char *flag)
{
	const char *p = cmd->usage;
	size_t n = strlen(flag);

	if (!strcmp(flag, "--server") || !strcmp(flag, "--profile") || !strcmp(flag, "-s"))
		return 1;
	while ((p = strstr(p, flag))) {
		const char *after = p + n;
		if ((*after == ' ' || *after == '=') && (isupper((unsigned char)after[1]) ||
							 (after[1] == '<')))
			return 1;
		p = after;
	}
	return 0;
}

static int complete_run(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = NULL, *const *c;
	const char *cur, *prev, *verb = NULL;
	char verbs[48][32];
	long cword;
	int i, nverbs = 0, npos = 0;
	char **words;
	int nwords;

	/* argv: __complete N salesan w1 w2 ... */
	if (argc < 3)
		return EXIT_USAGE;
	cword = strtol(argv[1], NULL, 10);
	words = argv + 2;
	nwords = argc - 2;
	if (cword < 1 || cword > nwords)
		return EXIT_OK;
	cur = cword < nwords ? words[cword] : "";
	prev = words[cword - 1];
	/* Find the command and verb before the cursor, skipping global flags. */
	for (i = 1; i < cword; i++) {
		const char *w = words[i];
		if (!strcmp(w, "--server") || !strcmp(w, "--profile") || (!cmd && !strcmp(w, "-s"))) {
			i++;
			continue;
		}
		if (w[0] == '-')
			continue;
		if (i > 1 && words[i - 1][0] == '-' && cmd && takes_value(cmd, words[i - 1]))
			continue;
		if (!cmd) {
			if (!(cmd = command_find(w)))
				return EXIT_OK;
			nverbs = verbs_of(cmd, verbs, 48);
		} else if (!verb && nverbs) {
			for (int k = 0; k < nverbs; k++)
				if (!strcmp(verbs[k], w))
					verb = verbs[k];
			if (!verb)
				npos++;
		} else {
			npos++;
		}
	}
	/* A flag's value. */
	if (prev[0] == '-' && cword > 1) {
		if (!strcmp(prev, "--profile") || !strcmp(prev, "--server"))
			return EXIT_OK;
		for (i = 0; flag_values[i].flag; i++)
			if (!strcmp(flag_values[i].flag, prev) &&
			    (!flag_values[i].cmd || (cmd && !strcmp(flag_values[i].cmd, cmd->name)))) {
				emit_list(cli, flag_values[i].list, cur);
				return EXIT_OK;
			}
		if (cmd && takes_value(cmd, prev))
			return EXIT_OK; /* a free value: nothing to offer */
	}
	if (!cmd) {
		if (cur[0] == '-') {
			for (i = 0; global_flags[i]; i++)
				emit(cur, global_flags[i]);
			emit(cur, "--version");
			return EXIT_OK;
		}
		for (c = commands; *c; c++)
			emit(cur, (*c)->name);
		return EXIT_OK;
	}
	if (cur[0] == '-') {
		flags_of(cmd, verb, cur);
		return EXIT_OK;
	}
	if (!strcmp(cmd->name, "help")) {
		for (c = commands; *c; c++)
			emit(cur, (*c)->name);
		return EXIT_OK;
	}
	if (!strcmp(cmd->name, "completion")) {
		emit_list(cli, "bash zsh fish", cur);
		return EXIT_OK;
	}
	if (!strcmp(cmd->name, "config") && verb && strcmp(verb, "list") && strcmp(verb, "path") &&
	    strcmp(verb, "edit") && npos == 0) {
		for (i = 0; config_plain_keys[i]; i++)
			emit(cur, config_plain_keys[i]);
		return EXIT_OK;
	}
	if (nverbs && !verb) {
		for (i = 0; i < nverbs; i++)
			emit(cur, verbs[i]);
		return EXIT_OK;
	}
	if (!strcmp(cmd->name, "users") && verb && !strcmp(verb, "set-role") && npos == 1) {
		emit_list(cli, "sales_representative sales_manager admin super_admin", cur);
		return EXIT_OK;
	}
	for (i = 0; positional[i].cmd; i++) {
		if (strcmp(positional[i].cmd, cmd->name))
			continue;
		if (!*positional[i].flag ||
		    (verb && strstr(positional[i].flag, verb) &&
		     (strstr(positional[i].flag, verb)[strlen(verb)] == ' ' ||
		      !strstr(positional[i].flag, verb)[strlen(verb)]))) {
			emit_list(cli, positional[i].list, cur);
			return EXIT_OK;
		}
	}
	return EXIT_OK;
}

const struct command cmd_complete = {
	"__complete", NULL, "usage: salesan __complete N WORD...\n", complete_run,
};
