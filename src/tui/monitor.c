/*
 * monitor.c - see monitor.h.
 *
 * Layout (any size from 80x24 up; redrawn on KEY_RESIZE):
 *
 *   salesan monitor — N live sessions                      [?] help
 *   rep            customer         elapsed  score  stages  talk  last alert
 *   ...the sessions...
 *   ── transcript of the selected session ──┬── checklist ──
 *   ...                                      │ ✓ stage
 *                                            ├── alerts ──
 *                                            │ ...
 *   status line / input line
 */
#include "monitor.h"
#include "cli/cli.h"
#include "cli/client.h"
#include "cli/live_client.h"
#include "cli/output.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_SESSIONS 200
#define MAX_LINES 2000
#define MAX_JOIN 8

enum { P_LIST, P_TRANSCRIPT, P_ALERTS, P_COUNT };
enum { IN_NONE, IN_WHISPER, IN_NOTE, IN_FILTER };

struct lines {
	char **v;
	int n;
};

struct msession {
	char id[UUID_STR_LEN], call[UUID_STR_LEN];
	char rep[160], customer[160];
	int64_t started_ms;
	int joined, ended, has_score, covered, total;
	double score, talk;
	char last_alert[160];
	cJSON *stages;
	struct lines transcript, alerts;
};

struct mon {
	struct cli *cli;
	struct monitor_opts o;
	struct live_client *lc;
	struct msession *v[MAX_SESSIONS];
	int n, sel, sort, focus, help, njoined;
	int scroll[P_COUNT];
	char filter[64];
	int imode;
	char input[512];
	int ilen;
	char status[256];
	int color;
};

/* ---- data ---- */

static void lines_add(struct lines *l, const char *s)
{
	if (l->n == MAX_LINES) {
		free(l->v[0]);
		memmove(l->v, l->v + 1, (MAX_LINES - 1) * sizeof *l->v);
		l->n--;
	}
	l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

static void lines_free(struct lines *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static struct msession *find(struct mon *m, const char *id)
{
	int i;

	for (i = 0; id && i < m->n; i++)
		if (!strcmp(m->v[i]->id, id))
			return m->v[i];
	return NULL;
}

static void join(struct mon *m, struct msession *s)
{
	cJSON *d;

	if (s->joined || s->ended || m->njoined >= MAX_JOIN)
		return;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	live_client_send(m->lc, "join_live_session", d);
	s->joined = 1;
	m->njoined++;
}

/* A session from its REST object, with the call's customer and rep. */
static struct msession *add_session(struct mon *m, const cJSON *o)
{
	const char *id = json_str(o, "id"), *call = json_str(o, "salesCallId");
	struct msession *s;
	struct api_resp r;
	char path[96];
	int64_t ms = 0;

	if (!id || find(m, id) || m->n >= MAX_SESSIONS)
		return NULL;
	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->call, sizeof s->call, "%s", call ? call : "");
	if (json_str(o, "startedAt") && time_parse_iso(json_str(o, "startedAt"), &ms) == 0)
		s->started_ms = ms;
	snprintf(s->rep, sizeof s->rep, "%s", json_str(o, "salesRepresentativeId"));
	if (call) {
		snprintf(path, sizeof path, "/api/v1/sales-calls/%s", call);
		if (api_call_quiet(m->cli, "GET", path, NULL, API_AUTH, &r) == EXIT_OK) {
			const cJSON *rep = json_get(r.data, "salesRepresentative");
			snprintf(s->customer, sizeof s->customer, "%s",
				 json_str(r.data, "customerName") ? json_str(r.data, "customerName") : "");
			if (json_str(rep, "firstName"))
				snprintf(s->rep, sizeof s->rep, "%s %s", json_str(rep, "firstName"),
					 json_str(rep, "lastName") ? json_str(rep, "lastName") : "");
		}
		api_resp_free(&r);
	}
	/* what was said before we arrived */
	snprintf(path, sizeof path, "/api/v1/live-sessions/%s", id);
	if (api_call_quiet(m->cli, "GET", path, NULL, API_AUTH, &r) == EXIT_OK) {
		const cJSON *seg;
		char line[9000];
		cJSON_ArrayForEach(seg, json_get(r.data, "transcript")) {
			snprintf(line, sizeof line, "%s: %s", json_str(seg, "speaker"), json_str(seg, "text"));
			lines_add(&s->transcript, line);
		}
	}
	api_resp_free(&r);
	m->v[m->n++] = s;
	join(m, s);
	return s;
}

static void update_analysis(struct msession *s, const cJSON *a)
{
	const cJSON *st, *x;

	if (!cJSON_IsObject(a))
		return;
	if ((x = json_get(a, "performanceScore")) && cJSON_IsNumber(x)) {
		s->score = x->valuedouble;
		s->has_score = 1;
	}
	if ((x = json_get(json_get(a, "metrics"), "talkRatio")) && cJSON_IsNumber(x))
		s->talk = x->valuedouble;
	if ((st = json_get(a, "stages"))) {
		cJSON_Delete(s->stages);
		s->stages = cJSON_Duplicate(st, 1);
		s->total = cJSON_GetArraySize(st);
		s->covered = 0;
		cJSON_ArrayForEach(x, st)
			s->covered += json_true(x, "covered");
	}
}

static void note_alert(struct msession *s, const char *text)
{
	char line[400];
	int64_t now = time_now_ms() / 1000;

	snprintf(line, sizeof line, "%02lld:%02lld %s", (long long)(now / 3600 % 24),
		 (long long)(now / 60 % 60), text);
	lines_add(&s->alerts, line);
	snprintf(s->last_alert, sizeof s->last_alert, "%s", text);
}

static void handle(struct mon *m, cJSON *msg)
{
	const char *ev = json_str(msg, "event");
	const cJSON *d = json_get(msg, "data");
	struct msession *s = find(m, json_str(d, "sessionId"));
	char line[9000];

	if (!ev)
		return;
	if (!strcmp(ev, "joined_live_session") && s) {
		update_analysis(s, json_get(d, "analysis"));
	} else if (!strcmp(ev, "transcript_segment") && s) {
		snprintf(line, sizeof line, "%s: %s", json_str(d, "speaker") ? json_str(d, "speaker") : "?",
			 json_str(d, "text") ? json_str(d, "text") : "");
		lines_add(&s->transcript, line);
	} else if (!strcmp(ev, "live_analysis") && s) {
		update_analysis(s, d);
	} else if (!strcmp(ev, "alert") && s) {
		const char *k = json_str(d, "kind");
		if (k && strcmp(k, "stage_covered"))
			note_alert(s, json_str(d, "message"));
	} else if (!strcmp(ev, "sales_rep_response") && s) {
		snprintf(line, sizeof line, "rep: %s", json_str(d, "message"));
		note_alert(s, line);
	} else if (!strcmp(ev, "intervention_sent") && s) {
		snprintf(m->status, sizeof m->status, "sent to %s: %s", s->rep, json_str(d, "message"));
	} else if (!strcmp(ev, "notes_updated")) {
		snprintf(m->status, sizeof m->status, "notes saved");
	} else if (!strcmp(ev, "live_session_started")) {
		add_session(m, json_get(d, "session"));
	} else if (!strcmp(ev, "live_session_ended") && s) {
		s->ended = 1;
		if (s->joined)
			m->njoined--;
		s->joined = 0;
		note_alert(s, "session ended");
	} else if (!strcmp(ev, "notification")) {
		snprintf(m->status, sizeof m->status, "notification: %s", json_str(d, "title"));
	} else if (!strcmp(ev, "error")) {
		snprintf(m->status, sizeof m->status, "error: %s", json_str(d, "message"));
	}
}

static int cmp_started(const void *a, const void *b)
{
	const struct msession *x = *(struct msession *const *)a, *y = *(struct msession *const *)b;

	return (y->started_ms > x->started_ms) - (y->started_ms < x->started_ms);
}

static int cmp_score(const void *a, const void *b)
{
	const struct msession *x = *(struct msession *const *)a, *y = *(struct msession *const *)b;
	double sx = x->has_score ? x->score : 2, sy = y->has_score ? y->score : 2;

	return (sx > sy) - (sx < sy);
}

static int cmp_rep(const void *a, const void *b)
{
	const struct msession *x = *(struct msession *const *)a, *y = *(struct msession *const *)b;

	return strcasecmp(x->rep, y->rep);
}

static int visible(const struct mon *m, const struct msession *s)
{
	return !m->filter[0] || strcasestr(s->rep, m->filter) || strcasestr(s->customer, m->filter);
}

/* ---- drawing ---- */

/* Write s at (y, x) in at most cols columns (UTF-8 aware). */
static void put(int y, int x, int cols, const char *s)
{
	mbstate_t st;
	wchar_t wc;
	int used = 0;
	size_t k;

	memset(&st, 0, sizeof st);
	move(y, x);
	while (*s && used < cols) {
		int w;
		k = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			s++;
			continue;
		}
		w = wcwidth(wc);
		if (w < 0)
			w = 0;
		if (used + w > cols)
			break;
		addnstr(s, (int)k);
		used += w;
		s += k;
	}
}

static void attr(struct mon *m, int pair, int on)
{
	if (!m->color)
		return;
	if (on)
		attron(COLOR_PAIR(pair));
	else
		attroff(COLOR_PAIR(pair));
}

static void elapsed(int64_t started, char *out, size_t n)
{
	int64_t s = started ? (time_now_ms() - started) / 1000 : 0;

	if (s < 0)
		s = 0;
	snprintf(out, n, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

static void draw(struct mon *m)
{
	int rows, cols, list_h, y, i, shown = 0, right_w, left_w, top, k;
	struct msession *cur = NULL;
	char buf[512], t[32];

	getmaxyx(stdscr, rows, cols);
	erase();
	if (rows < 10 || cols < 40) {
		put(0, 0, cols, "salesan monitor: the terminal is too small");
		refresh();
		return;
	}
	switch (m->sort) {
	case 1: qsort(m->v, (size_t)m->n, sizeof *m->v, cmp_score); break;
	case 2: qsort(m->v, (size_t)m->n, sizeof *m->v, cmp_rep); break;
	default: qsort(m->v, (size_t)m->n, sizeof *m->v, cmp_started); break;
	}
	attron(A_BOLD);
	snprintf(buf, sizeof buf, "salesan monitor \xe2\x80\x94 %d live session%s%s%s%s", m->n,
		 m->n == 1 ? "" : "s", m->filter[0] ? "  filter: " : "", m->filter,
		 m->o.readonly ? "  (read-only)" : "");
	put(0, 0, cols - 10, buf);
	attroff(A_BOLD);
	put(0, cols - 9, 9, "[?] help");
	list_h = (rows - 3) * 2 / 5;
	if (list_h < 3)
		list_h = 3;
	attron(A_UNDERLINE);
	snprintf(buf, sizeof buf, "%-22s %-22s %7s %5s %6s %5s  %s", "rep", "customer", "elapsed", "score",
		 "stages", "talk", "last alert");
	put(1, 0, cols, buf);
	attroff(A_UNDERLINE);
	for (i = 0, y = 2; i < m->n; i++) {
		struct msession *s = m->v[i];
		char rep[64], cust[64], sc[16], stg[16], tk[16];
		if (!visible(m, s))
			continue;
		if (shown == m->sel)
			cur = s;
		if (shown >= m->scroll[P_LIST] && y < 2 + list_h - 1) {
			elapsed(s->started_ms, t, sizeof t);
			snprintf(rep, sizeof rep, "%.22s", s->rep);
			snprintf(cust, sizeof cust, "%.22s", s->customer);
			snprintf(sc, sizeof sc, s->has_score ? "%3.0f%%" : "  -", s->score * 100);
			snprintf(stg, sizeof stg, "%d/%d", s->covered, s->total);
			snprintf(tk, sizeof tk, s->has_score ? "%3.0f%%" : "  -", s->talk * 100);
			snprintf(buf, sizeof buf, "%-22s %-22s %7s %5s %6s %5s  %s%s", rep, cust,
				 s->ended ? "ended" : t, sc, stg, tk, s->last_alert, "");
			if (shown == m->sel)
				attron(A_REVERSE);
			if (s->has_score && s->score < 0.5)
				attr(m, 1, 1);
			put(y, 0, cols, buf);
			attr(m, 1, 0);
			attroff(A_REVERSE);
			y++;
		}
		shown++;
	}
	if (!shown)
		put(2, 2, cols - 2, m->n ? "no session matches the filter" : "no live sessions right now");
	top = 2 + list_h;
	right_w = cols / 3 < 28 ? 28 : cols / 3;
	left_w = cols - right_w - 1;
	attron(A_BOLD);
	snprintf(buf, sizeof buf, "\xe2\x94\x80\xe2\x94\x80 transcript%s%s \xe2\x94\x80\xe2\x94\x80",
		 cur ? ": " : "", cur ? cur->rep : "");
	if (m->focus == P_TRANSCRIPT)
		attr(m, 3, 1);
	put(top, 0, left_w, buf);
	attr(m, 3, 0);
	put(top, left_w + 1, right_w, "\xe2\x94\x80\xe2\x94\x80 checklist \xe2\x94\x80\xe2\x94\x80");
	attroff(A_BOLD);
	for (y = top; y < rows - 1; y++)
		put(y, left_w, 1, "\xe2\x94\x82");
	if (cur) {
		int h = rows - 1 - (top + 1), first;
		/* the transcript: its last h lines, scrolled back by the user */
		first = cur->transcript.n - h - m->scroll[P_TRANSCRIPT];
		if (first < 0)
			first = 0;
		for (k = first, y = top + 1; k < cur->transcript.n && y < rows - 1; k++, y++)
			put(y, 0, left_w - 1, cur->transcript.v[k]);
		/* checklist */
		y = top + 1;
		{
			const cJSON *st;
			cJSON_ArrayForEach(st, cur->stages) {
				int cov = json_true(st, "covered");
				if (y >= top + 1 + (rows - top - 2) / 2)
					break;
				attr(m, cov ? 2 : 4, 1);
				snprintf(buf, sizeof buf, "%s %s", cov ? "\xe2\x9c\x93" : "\xc2\xb7",
					 json_str(st, "name"));
				put(y++, left_w + 2, right_w - 2, buf);
				attr(m, cov ? 2 : 4, 0);
			}
			if (!cJSON_GetArraySize(cur->stages))
				put(y++, left_w + 2, right_w - 2, "(no script)");
		}
		y = top + 1 + (rows - top - 2) / 2;
		attron(A_BOLD);
		if (m->focus == P_ALERTS)
			attr(m, 3, 1);
		put(y++, left_w + 1, right_w, "\xe2\x94\x80\xe2\x94\x80 alerts \xe2\x94\x80\xe2\x94\x80");
		attr(m, 3, 0);
		attroff(A_BOLD);
		{
			int h2 = rows - 1 - y, f2 = cur->alerts.n - h2 - m->scroll[P_ALERTS];
			if (f2 < 0)
				f2 = 0;
			attr(m, 1, 1);
			for (k = f2; k < cur->alerts.n && y < rows - 1; k++)
				put(y++, left_w + 2, right_w - 2, cur->alerts.v[k]);
			attr(m, 1, 0);
		}
	}
	/* the bottom line: input or status */
	if (m->imode != IN_NONE) {
		const char *p = m->imode == IN_WHISPER ? "whisper> " : m->imode == IN_NOTE ? "note> " : "filter> ";
		attron(A_BOLD);
		put(rows - 1, 0, cols, p);
		attroff(A_BOLD);
		m->input[m->ilen] = '\0';
		put(rows - 1, (int)strlen(p), cols - (int)strlen(p) - 1, m->input);
		curs_set(1);
	} else {
		curs_set(0);
		put(rows - 1, 0, cols, m->status[0] ? m->status
			: m->o.readonly ? "q quit  / filter  s sort  Tab pane  Enter open"
					: "q quit  w whisper  n note  1-9 canned  / filter  s sort  Tab pane");
	}
	if (m->help) {
		static const char *const lines[] = {
			"salesan monitor keys", "",
			"Up/Down     select a session (or scroll the focused pane)",
			"Enter       open the selected session", "Tab         move between panes",
			"w           whisper to the rep (Enter sends, Esc cancels)",
			"n           write session notes", "1-9         send a canned intervention",
			"/           filter by rep or customer", "s           sort: newest, lowest score, rep",
			"?           this help", "q           quit", "", "press any key", NULL
		};
		int w = 64, h = 0, x0, y0;
		while (lines[h])
			h++;
		x0 = (cols - w) / 2 < 0 ? 0 : (cols - w) / 2;
		y0 = (rows - h - 2) / 2 < 0 ? 0 : (rows - h - 2) / 2;
		for (k = 0; k < h + 2 && y0 + k < rows; k++) {
			move(y0 + k, x0);
			for (i = 0; i < w && x0 + i < cols; i++)
				addch(' ' | A_REVERSE);
		}
		attron(A_REVERSE);
		for (k = 0; k < h && y0 + 1 + k < rows; k++)
			put(y0 + 1 + k, x0 + 2, w - 4, lines[k]);
		attroff(A_REVERSE);
	}
	refresh();
}

/* ---- input ---- */

static struct msession *selected(struct mon *m)
{
	int i, shown = 0;

	for (i = 0; i < m->n; i++) {
		if (!visible(m, m->v[i]))
			continue;
		if (shown++ == m->sel)
			return m->v[i];
	}
	return NULL;
}

static void send_intervention(struct mon *m, const char *text, const char *type)
{
	struct msession *s = selected(m);
	cJSON *d;

	if (!s || s->ended) {
		snprintf(m->status, sizeof m->status, "select a live session first");
		return;
	}
	join(m, s);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	cJSON_AddStringToObject(d, "message", text);
	cJSON_AddStringToObject(d, "type", type);
	live_client_send(m->lc, "manager_intervention", d);
	snprintf(m->status, sizeof m->status, "sending...");
}

static void finish_input(struct mon *m)
{
	struct msession *s = selected(m);
	cJSON *d;

	m->input[m->ilen] = '\0';
	if (m->imode == IN_FILTER) {
		snprintf(m->filter, sizeof m->filter, "%.63s", m->input);
		m->sel = 0;
	} else if (m->imode == IN_WHISPER && m->ilen) {
		send_intervention(m, m->input, "whisper");
	} else if (m->imode == IN_NOTE && m->ilen && s) {
		d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "sessionId", s->id);
		cJSON_AddStringToObject(d, "notes", m->input);
		join(m, s);
		live_client_send(m->lc, "session_notes", d);
	}
	m->imode = IN_NONE;
	m->ilen = 0;
}

static void edit_key(struct mon *m, int ch)
{
	if (ch == 27) { /* Esc */
		m->imode = IN_NONE;
		m->ilen = 0;
	} else if (ch == '\n' || ch == KEY_ENTER || ch == '\r') {
		finish_input(m);
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		while (m->ilen > 0 && ((unsigned char)m->input[m->ilen - 1] & 0xC0) == 0x80)
			m->ilen--;
		if (m->ilen > 0)
			m->ilen--;
	} else if (ch == 21) { /* Ctrl-U */
		m->ilen = 0;
	} else if (ch >= 32 && ch < 256 && m->ilen < (int)sizeof m->input - 1) {
		m->input[m->ilen++] = (char)ch;
	}
}

static const char *const canned_default[] = {
	"Slow down and let the customer talk", "Ask an open question about their goals",
	"Acknowledge the concern before answering it", "Mention the return on investment",
	"Confirm who else is involved in the decision", "Propose a concrete next step with a date",
	"Summarize what you heard so far", "Avoid promising results you can't guarantee",
	"Wrap up: time is almost over",
};

static int key(struct mon *m, int ch)
{
	int shown = 0, i;

	for (i = 0; i < m->n; i++)
		shown += visible(m, m->v[i]);
	if (m->help) {
		m->help = 0;
		return 0;
	}
	if (m->imode != IN_NONE) {
		edit_key(m, ch);
		return 0;
	}
	m->status[0] = '\0';
	switch (ch) {
	case 'q':
	case 'Q':
		return 1;
	case '?':
		m->help = 1;
		break;
	case '\t':
		m->focus = (m->focus + 1) % P_COUNT;
		break;
	case KEY_UP:
		if (m->focus == P_LIST && m->sel > 0)
			m->sel--;
		else if (m->focus != P_LIST)
			m->scroll[m->focus]++;
		break;
	case KEY_DOWN:
		if (m->focus == P_LIST && m->sel + 1 < shown)
			m->sel++;
		else if (m->focus != P_LIST && m->scroll[m->focus] > 0)
			m->scroll[m->focus]--;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER: {
		struct msession *s = selected(m);
		if (s)
			join(m, s);
		m->focus = P_TRANSCRIPT;
		m->scroll[P_TRANSCRIPT] = m->scroll[P_ALERTS] = 0;
		break;
	}
	case '/':
		m->imode = IN_FILTER;
		m->ilen = 0;
		break;
	case 's':
		m->sort = (m->sort + 1) % 3;
		snprintf(m->status, sizeof m->status, "sorted by %s",
			 m->sort == 0 ? "newest" : m->sort == 1 ? "lowest score" : "rep");
		break;
	case 'w':
	case 'n':
		if (m->o.readonly) {
			snprintf(m->status, sizeof m->status, "read-only: interventions are off");
			break;
		}
		m->imode = ch == 'w' ? IN_WHISPER : IN_NOTE;
		m->ilen = 0;
		break;
	default:
		if (ch >= '1' && ch <= '9') {
			char k[32];
			const char *text;
			if (m->o.readonly) {
				snprintf(m->status, sizeof m->status, "read-only: interventions are off");
				break;
			}
			snprintf(k, sizeof k, "monitor.canned.%c", ch);
			text = conf_get(&m->cli->config, k);
			send_intervention(m, text && *text ? text : canned_default[ch - '1'], "suggestion");
		}
		break;
	}
	return 0;
}

/* ---- running ---- */

/* Subscribe first, then list: a session starting in between arrives as
 * an event instead of being missed (add_session ignores duplicates). */
static int start(struct mon *m)
{
	struct api_resp r;
	const cJSON *it;
	char err[256];
	int64_t until;
	int rc, closed = 0, subscribed = 0;
	cJSON *msg;

	rc = api_call(m->cli, "GET", "/api/v1/auth/me", NULL, API_AUTH, &r);
	api_resp_free(&r);
	if (rc != EXIT_OK)
		return rc;
	m->lc = live_client_connect(m->cli->server, client_token(m->cli), 5000, err, sizeof err);
	if (!m->lc) {
		cli_error(m->cli, "%s", err);
		return EXIT_UNREACHABLE;
	}
	live_client_send(m->lc, "subscribe_org", NULL);
	until = time_mono_us() + 3000000;
	while (!subscribed && !closed && time_mono_us() < until) {
		const char *ev;

		if (!(msg = live_client_poll(m->lc, 100, &closed)))
			continue;
		ev = json_str(msg, "event");
		subscribed = ev && (!strcmp(ev, "subscribed") || !strcmp(ev, "error"));
		handle(m, msg);
		cJSON_Delete(msg);
	}
	rc = api_call(m->cli, "GET", "/api/v1/live-sessions", NULL, API_AUTH, &r);
	if (rc == EXIT_OK)
		cJSON_ArrayForEach(it, r.data)
			add_session(m, it);
	api_resp_free(&r);
	return rc;
}

static void pump(struct mon *m, int ms)
{
	int closed = 0;
	cJSON *msg;

	while ((msg = live_client_poll(m->lc, ms, &closed))) {
		handle(m, msg);
		cJSON_Delete(msg);
		ms = 0;
	}
	if (closed)
		snprintf(m->status, sizeof m->status, "disconnected: %s", live_client_error(m->lc));
}

static void dump(struct mon *m)
{
	cJSON *arr = cJSON_CreateArray();
	int i;

	for (i = 0; i < m->n; i++) {
		struct msession *s = m->v[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", s->id);
		json_add_str_or_null(o, "salesCallId", s->call[0] ? s->call : NULL);
		cJSON_AddStringToObject(o, "rep", s->rep);
		cJSON_AddStringToObject(o, "customer", s->customer);
		cJSON_AddNumberToObject(o, "elapsedMs", (double)(s->started_ms ? time_now_ms() - s->started_ms : 0));
		if (s->has_score)
			cJSON_AddNumberToObject(o, "performanceScore", s->score);
		else
			cJSON_AddNullToObject(o, "performanceScore");
		cJSON_AddNumberToObject(o, "stagesCovered", s->covered);
		cJSON_AddNumberToObject(o, "stagesTotal", s->total);
		cJSON_AddNumberToObject(o, "talkRatio", s->talk);
		json_add_str_or_null(o, "lastAlert", s->last_alert[0] ? s->last_alert : NULL);
		cJSON_AddNumberToObject(o, "transcriptLines", s->transcript.n);
		cJSON_AddItemToArray(arr, o);
	}
	output_json(arr);
	cJSON_Delete(arr);
}

int monitor_run(struct cli *cli, const struct monitor_opts *o)
{
	struct mon m;
	int rc, i, quit = 0;
	int64_t until;

	memset(&m, 0, sizeof m);
	m.cli = cli;
	m.o = *o;
	rc = start(&m);
	if (rc != EXIT_OK)
		goto out;
	if (o->once) {
		until = time_mono_us() + 1500000;
		while (time_mono_us() < until)
			pump(&m, 100);
		dump(&m);
		goto out;
	}
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(50);
	m.color = cli->color && has_colors();
	if (m.color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_CYAN, -1);
		init_pair(4, -1, -1);
	}
	while (!quit) {
		int ch;
		draw(&m);
		ch = getch();
		if (ch == KEY_RESIZE) {
			clear();
			continue;
		}
		if (ch != ERR)
			quit = key(&m, ch);
		pump(&m, 0);
	}
	endwin();
out:
	if (m.lc)
		live_client_close(m.lc, 200);
	for (i = 0; i < m.n; i++) {
		lines_free(&m.v[i]->transcript);
		lines_free(&m.v[i]->alerts);
		cJSON_Delete(m.v[i]->stages);
		free(m.v[i]);
	}
	return rc;
}
