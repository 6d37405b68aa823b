/*
 * analyzer.c - matching turns against a script model, conversation
 * metrics, and the scorecard (see engine.h).  The batch analysis feeds
 * every turn through the same incremental analyzer a live call uses, so
 * both end in the same scorecard.
 */
#include "internal.h"
#include "lexicon.h"
#include "common/buf.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STAGE_THRESHOLD 0.55
#define OBJECTION_THRESHOLD 0.5
#define CONCEPT_CREDIT 0.75        /* a synonym of a phrase word */
#define FUZZY_CREDIT 0.65          /* a near spelling (ASR error) */
#define RESPONSE_THRESHOLD 0.45
#define FORBIDDEN_THRESHOLD 0.7
#define RESPONSE_TURNS 3           /* rep turns in which to answer an objection */
#define WINDOW_TOKENS 40
#define WINDOW_STRIDE 20
#define NEAR_MAX 80               /* longest stems compared for typos */
#define EVIDENCE_MAX 300           /* bytes of evidence text */
#define MAX_TURNS 100000
#define IDEAL_TALK_RATIO 0.43
#define ALERT_WINDOW_MS (5 * 60 * 1000)
#define ALERT_TALK_RATIO 0.65
#define ALERT_MONOLOGUE_MS (2 * 60 * 1000)

struct aturn {
	enum speaker_role role;
	int64_t start, end;
	char *text;
	int words, questions, fillers;
	int sent_pos, sent_neg;
};

struct stage_state {
	int covered;
	double conf;
	int64_t at;
	char *evidence;
};

struct obj_event {
	int type;
	int64_t at;
	int handled, rep_turns_left;
	char *evidence, *response;
};

struct forb_event {
	int idx;
	int64_t at;
	char *evidence;
};

struct analyzer {
	struct analysis_ctx *c;
	const struct script_model *m;
	struct aturn *turns;
	int nturns, capturns;
	struct stage_state *stages;
	struct obj_event *objs;
	int nobjs;
	struct forb_event *forbs;
	int nforbs;
	/* window membership stamps, indexed by stem id / concept */
	int *stamp_id, *stamp_fuzzy, ncap;
	int *stamp_concept;
	int win;
	/* fuzzy neighbours in the script's vocabulary, per stem id */
	int *fz_off, *fz_len, fz_cap;
	int *fz_pool, fz_n, fz_poolcap;
	int alert_talk, alert_monologue;
};

/* ---- helpers ---- */

static char *evidence(const char *text)
{
	size_t n = strlen(text);

	if (n <= EVIDENCE_MAX)
		return xstrdup(text);
	n = EVIDENCE_MAX;
	while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--; /* not inside a UTF-8 sequence */
	{
		char *e = xmalloc(n + 4);
		memcpy(e, text, n);
		memcpy(e + n, "...", 4);
		return e;
	}
}

/* Levenshtein distance of a and b when at most max, else max + 1. */
static int near(const char *a, const char *b, int max)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int row[NEAR_MAX + 2], prev[NEAR_MAX + 2];

	if (abs(la - lb) > max || la > NEAR_MAX || lb > NEAR_MAX)
		return max + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		int best = row[0] = i;
		for (j = 1; j <= lb; j++) {
			int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			if (d < best)
				best = d;
		}
		if (best > max)
			return max + 1;
		memcpy(prev, row, (size_t)(lb + 1) * sizeof *row);
	}
	return prev[lb];
}

static void ensure_ids(struct analyzer *a)
{
	int need = a->c->nstems + 1;

	if (need <= a->ncap)
		return;
	need = need * 2;
	a->stamp_id = xrealloc(a->stamp_id, (size_t)need * sizeof(int));
	a->stamp_fuzzy = xrealloc(a->stamp_fuzzy, (size_t)need * sizeof(int));
	a->fz_off = xrealloc(a->fz_off, (size_t)need * sizeof(int));
	a->fz_len = xrealloc(a->fz_len, (size_t)need * sizeof(int));
	for (int i = a->ncap; i < need; i++) {
		a->stamp_id[i] = a->stamp_fuzzy[i] = 0;
		a->fz_len[i] = -1; /* not computed */
		a->fz_off[i] = 0;
	}
	a->ncap = need;
}

/* The script words within a typo or two of stem id (ASR errors). */
static void fuzzy_neighbours(struct analyzer *a, int id)
{
	const char *s = stem_of(a->c, id);
	int len = (int)strlen(s), i;

	a->fz_off[id] = a->fz_n;
	a->fz_len[id] = 0;
	if (len < 4)
		return;
	for (i = 0; i < a->m->nvocab; i++) {
		int v = a->m->vocab_ids[i];
		const char *t = stem_of(a->c, v);
		int tl = (int)strlen(t), max = len >= 8 && tl >= 8 ? 2 : 1;

		if (v == id || tl < 4 || t[0] != s[0] || abs(tl - len) > max)
			continue;
		if (near(s, t, max) <= max) {
			if (a->fz_n == a->fz_poolcap) {
				a->fz_poolcap = a->fz_poolcap ? a->fz_poolcap * 2 : 256;
				a->fz_pool = xrealloc(a->fz_pool, (size_t)a->fz_poolcap * sizeof(int));
			}
			a->fz_pool[a->fz_n++] = v;
			a->fz_len[id]++;
		}
	}
}

/* Mark tokens [from, to) of t as the current window. */
static void mark(struct analyzer *a, const struct toks *t, int from, int to)
{
	int i, k;

	a->win++;
	ensure_ids(a);
	for (i = from; i < to; i++) {
		const struct tok *x = &t->v[i];

		if (x->id < 0)
			continue;
		a->stamp_id[x->id] = a->win;
		if (x->concept >= 0)
			a->stamp_concept[x->concept] = a->win;
		if (x->stop)
			continue;
		if (a->fz_len[x->id] < 0)
			fuzzy_neighbours(a, x->id);
		for (k = 0; k < a->fz_len[x->id]; k++)
			a->stamp_fuzzy[a->fz_pool[a->fz_off[x->id] + k]] = a->win;
	}
}

/* IDF-weighted share of the phrase's tokens present in the window. */
static double coverage(const struct analyzer *a, const struct phrase *ph)
{
	double got = 0;
	int j;

	if (!ph->n || ph->total <= 0)
		return 0;
	for (j = 0; j < ph->n; j++) {
		int id = ph->ids[j], cc = ph->concepts[j];

		if (a->stamp_id[id] == a->win)
			got += ph->w[j];
		else if (cc >= 0 && a->stamp_concept[cc] == a->win)
			got += CONCEPT_CREDIT * ph->w[j];
		else if (a->stamp_fuzzy[id] == a->win)
			got += FUZZY_CREDIT * ph->w[j];
	}
	return got / ph->total;
}

/* A phrase's evidence in the window, damped for phrases with few
 * meaningful words (everyday words count half), so that one shared word
 * is not a paraphrase. */
static double phrase_score(const struct analyzer *a, const struct phrase *ph)
{
	double eff = ph->salient + 0.5 * (ph->n - ph->salient);
	double damp = eff >= 3 ? 1.0 : eff >= 2 ? 0.9 : eff >= 1 ? 0.75 : 0.6;

	return coverage(a, ph) * damp;
}

static double best_of(const struct analyzer *a, const struct phrase *v, int n)
{
	double best = 0, s;
	int i;

	for (i = 0; i < n; i++)
		if ((s = phrase_score(a, &v[i])) > best)
			best = s;
	return best;
}

/* A stage's evidence in the window: its best phrase, lifted by its
 * keywords (an exact keyword counts 1, a synonym or near spelling 0.5; a
 * lone keyword is not enough, so a word used in another sense does not
 * tick a stage). */
static double stage_conf(const struct analyzer *a, const struct stage *s)
{
	double pc = best_of(a, s->phrases, s->nphrases), conf = pc, kw = 0, cov;
	int i;

	for (i = 0; i < s->nkeywords; i++) {
		cov = coverage(a, &s->keywords[i]);
		kw += cov >= 0.999 ? 1 : cov >= 0.7 ? 0.5 : 0;
	}
	if (kw >= 1) {
		double k = 0.40 + 0.2 * (kw - 1) + 0.5 * pc;
		if (k > 0.95)
			k = 0.95;
		if (k > conf)
			conf = k;
	}
	return conf;
}

/* ---- surface-word metrics ---- */

static int lower_words(const char *text, char w[][24], int max)
{
	int n = 0;
	const unsigned char *p = (const unsigned char *)text;

	while (*p && n < max) {
		int k = 0;
		while (*p && !isalnum(*p) && *p != '\'')
			p++;
		while (*p && (isalnum(*p) || *p == '\'')) {
			if (k < 23)
				w[n][k++] = (char)tolower(*p);
			p++;
		}
		if (k) {
			w[n][k] = '\0';
			n++;
		}
	}
	return n;
}

/* Does list entry e ("do you") start at words[i]? */
static int words_at(char w[][24], int n, int i, const char *e)
{
	while (*e) {
		size_t l = strcspn(e, " ");

		if (i >= n || l > 23 || strncmp(w[i], e, l) || w[i][l])
			return 0;
		e += l;
		while (*e == ' ')
			e++;
		i++;
	}
	return 1;
}

static int is_opener(char w[][24], int n, int i)
{
	int k;

	for (k = 0; lex_question_openers[k]; k++)
		if (words_at(w, n, i, lex_question_openers[k]))
			return 1;
	return 0;
}

static void surface_metrics(struct aturn *t)
{
	static const char *const markers[] = { "so", "and", "okay", "ok", "now", "also", "then",
						"well", "right", "great", "alright", "but", NULL };
	int max = text_word_count(t->text) + 1;
	char (*w)[24] = xmalloc((size_t)max * sizeof *w);
	int n = lower_words(t->text, w, max), i, k;
	const char *p;

	t->words = n;
	/* questions: sentences ending in '?'; in unpunctuated text, a
	 * question opener at the start or after a discourse marker */
	for (p = t->text; *p; p++)
		t->questions += *p == '?' && (p[1] != '?');
	if (!strpbrk(t->text, "?.!")) {
		int last = -8;
		for (i = 0; i < n; i++) {
			int start = i == 0;
			for (k = 0; !start && markers[k]; k++)
				start = !strcmp(w[i - 1], markers[k]);
			if (start && i - last >= 4 && is_opener(w, n, i)) {
				t->questions++;
				last = i;
			}
		}
	}
	for (i = 0; i < n; i++)
		for (k = 0; lex_fillers[k]; k++)
			if (w[i][0] == lex_fillers[k][0] && words_at(w, n, i, lex_fillers[k])) {
				/* "like" only between commas: "it was, like, fine" */
				if (!strcmp(lex_fillers[k], "like"))
					continue;
				t->fillers++;
				break;
			}
	free(w);
}

static void sentiment_of(struct analyzer *a, struct aturn *t, const struct toks *tk)
{
	int i, neg_left = 0;

	(void)a;
	for (i = 0; i < tk->n; i++) {
		int s = tk->v[i].sentiment;

		if (tk->v[i].negator) {
			neg_left = 3;
			continue;
		}
		if (neg_left)
			s = -s;
		if (s > 0)
			t->sent_pos += s;
		else if (s < 0)
			t->sent_neg -= s;
		if (neg_left)
			neg_left--;
	}
}

/* ---- the analyzer ---- */

struct analyzer *analyzer_new(struct analysis_ctx *c, const struct script_model *m)
{
	struct analyzer *a = xcalloc(1, sizeof *a);

	a->c = c;
	a->m = m;
	a->stages = xcalloc((size_t)m->nstages + 1, sizeof *a->stages);
	a->stamp_concept = xcalloc((size_t)c->nconcepts + 1, sizeof(int));
	return a;
}

void analyzer_free(struct analyzer *a)
{
	int i;

	if (!a)
		return;
	for (i = 0; i < a->nturns; i++)
		free(a->turns[i].text);
	for (i = 0; i < a->m->nstages; i++)
		free(a->stages[i].evidence);
	for (i = 0; i < a->nobjs; i++) {
		free(a->objs[i].evidence);
		free(a->objs[i].response);
	}
	for (i = 0; i < a->nforbs; i++)
		free(a->forbs[i].evidence);
	free(a->turns);
	free(a->stages);
	free(a->objs);
	free(a->forbs);
	free(a->stamp_id);
	free(a->stamp_fuzzy);
	free(a->stamp_concept);
	free(a->fz_off);
	free(a->fz_len);
	free(a->fz_pool);
	free(a);
}

static void emit(struct analysis_event *ev, int *n, enum analysis_event_kind k, const char *id,
		 int64_t at, double v)
{
	if (*n >= ANALYSIS_MAX_EVENTS)
		return;
	ev[*n].kind = k;
	ev[*n].id = id;
	ev[*n].at_ms = at;
	ev[*n].value = v;
	(*n)++;
}

static void rep_window(struct analyzer *a, const struct aturn *t, struct analysis_event *ev,
		       int *nev)
{
	const struct script_model *m = a->m;
	int i;

	for (i = 0; i < m->nstages; i++) {
		struct stage_state *st = &a->stages[i];
		double conf;

		if (st->covered || (m->stages[i].within_ms && t->start > m->stages[i].within_ms))
			continue;
		conf = stage_conf(a, &m->stages[i]);
		if (conf > st->conf) {
			st->conf = conf;
			free(st->evidence);
			st->evidence = evidence(t->text);
			st->at = t->start;
		}
		if (conf >= STAGE_THRESHOLD) {
			st->covered = 1;
			emit(ev, nev, EV_STAGE_COVERED, m->stages[i].id, t->start, conf);
		}
	}
	/* answers to pending objections */
	for (i = 0; i < a->nobjs; i++) {
		struct obj_event *o = &a->objs[i];
		const struct objection *ob = &m->objections[o->type];

		if (o->handled || o->rep_turns_left <= 0)
			continue;
		if (best_of(a, ob->responses, ob->nresponses) >= RESPONSE_THRESHOLD) {
			o->handled = 1;
			free(o->response);
			o->response = evidence(t->text);
			emit(ev, nev, EV_OBJECTION_HANDLED, ob->type, t->start, 1);
		}
	}
	for (i = 0; i < m->nforbidden; i++) {
		const struct phrase *ph = &m->forbidden[i];
		double cov = coverage(a, ph);
		int k, dup = 0;

		if (cov < FORBIDDEN_THRESHOLD || !ph->n ||
		    (ph->n < 2 && a->stamp_id[ph->ids[0]] != a->win))
			continue;
		for (k = 0; k < a->nforbs; k++)
			dup |= a->forbs[k].idx == i && a->forbs[k].at == t->start;
		if (dup)
			continue;
		a->forbs = xrealloc(a->forbs, (size_t)(a->nforbs + 1) * sizeof *a->forbs);
		a->forbs[a->nforbs].idx = i;
		a->forbs[a->nforbs].at = t->start;
		a->forbs[a->nforbs++].evidence = evidence(t->text);
		emit(ev, nev, EV_FORBIDDEN, ph->text, t->start, cov);
	}
}

static void customer_window(struct analyzer *a, const struct aturn *t, struct analysis_event *ev,
			    int *nev)
{
	const struct script_model *m = a->m;
	int i, k;

	for (i = 0; i < m->nobjections; i++) {
		const struct objection *ob = &m->objections[i];
		int pending = 0;

		for (k = 0; k < a->nobjs; k++)
			pending |= a->objs[k].type == i && (!a->objs[k].handled &&
							    a->objs[k].rep_turns_left > 0);
		for (k = 0; k < a->nobjs; k++)
			pending |= a->objs[k].type == i && a->objs[k].at == t->start;
		if (pending || best_of(a, ob->triggers, ob->ntriggers) < OBJECTION_THRESHOLD)
			continue;
		a->objs = xrealloc(a->objs, (size_t)(a->nobjs + 1) * sizeof *a->objs);
		memset(&a->objs[a->nobjs], 0, sizeof a->objs[0]);
		a->objs[a->nobjs].type = i;
		a->objs[a->nobjs].at = t->start;
		a->objs[a->nobjs].rep_turns_left = RESPONSE_TURNS;
		a->objs[a->nobjs++].evidence = evidence(t->text);
		emit(ev, nev, EV_OBJECTION_RAISED, ob->type, t->start, 1);
	}
}

/* Live thresholds: the rep's share of the last five minutes, and the
 * current monologue. */
static void live_alerts(struct analyzer *a, struct analysis_event *ev, int *nev)
{
	const struct aturn *last = &a->turns[a->nturns - 1];
	int64_t from = last->end - ALERT_WINDOW_MS, rep = 0, all = 0, mono_start = -1;
	int i;

	for (i = a->nturns - 1; i >= 0; i--) {
		const struct aturn *t = &a->turns[i];
		int64_t s = t->start < from ? from : t->start;

		if (t->end <= from)
			break;
		if (t->role == SPK_REP)
			rep += t->end - s;
		if (t->role == SPK_REP || t->role == SPK_CUSTOMER)
			all += t->end - s;
	}
	if (last->end - a->turns[0].start >= ALERT_WINDOW_MS && all > 0) {
		double r = (double)rep / (double)all;
		if (r > ALERT_TALK_RATIO && !a->alert_talk) {
			a->alert_talk = 1;
			emit(ev, nev, EV_TALK_RATIO_HIGH, "talkRatio", last->end, r);
		} else if (r < ALERT_TALK_RATIO - 0.05) {
			a->alert_talk = 0;
		}
	}
	for (i = a->nturns - 1; i >= 0 && a->turns[i].role == SPK_REP; i--)
		mono_start = a->turns[i].start;
	if (last->role == SPK_REP && mono_start >= 0) {
		int64_t d = last->end - mono_start;
		if (d > ALERT_MONOLOGUE_MS && !a->alert_monologue) {
			a->alert_monologue = 1;
			emit(ev, nev, EV_MONOLOGUE_LONG, "monologue", last->end, (double)d);
		}
	} else {
		a->alert_monologue = 0;
	}
}

int analyzer_feed(struct analyzer *a, enum speaker_role role, const char *speaker,
		  int64_t start_ms, int64_t end_ms, const char *text, struct analysis_event *ev)
{
	struct toks tk = { 0 };
	struct aturn *t;
	int nev = 0, i;

	(void)speaker;
	if (a->nturns >= MAX_TURNS || start_ms < 0 || end_ms < start_ms ||
	    (a->nturns && start_ms < a->turns[a->nturns - 1].start))
		return -1;
	if (a->nturns == a->capturns) {
		a->capturns = a->capturns ? a->capturns * 2 : 64;
		a->turns = xrealloc(a->turns, (size_t)a->capturns * sizeof *a->turns);
	}
	t = &a->turns[a->nturns++];
	memset(t, 0, sizeof *t);
	t->role = role;
	t->start = start_ms;
	t->end = end_ms;
	t->text = xstrdup(text);
	surface_metrics(t);
	tokenize(a->c, text, &tk);
	sentiment_of(a, t, &tk);
	if (role == SPK_REP || role == SPK_CUSTOMER) {
		int from = 0;
		do {
			int to = tk.n - from > WINDOW_TOKENS + WINDOW_STRIDE / 2 ? from + WINDOW_TOKENS : tk.n;
			mark(a, &tk, from, to);
			if (role == SPK_REP)
				rep_window(a, t, ev, &nev);
			else
				customer_window(a, t, ev, &nev);
			if (to >= tk.n)
				break;
			from += WINDOW_STRIDE;
		} while (from < tk.n);
		if (role == SPK_REP)
			for (i = 0; i < a->nobjs; i++)
				if (!a->objs[i].handled && a->objs[i].rep_turns_left > 0 &&
				    a->objs[i].at < start_ms)
					a->objs[i].rep_turns_left--;
	}
	toks_free(&tk);
	live_alerts(a, ev, &nev);
	return nev;
}

/* ---- the scorecard ---- */

struct metrics {
	int64_t rep_ms, cust_ms, dur_ms, longest_rep, longest_cust, patience_sum;
	int patience_n, switches, questions, fillers, rep_words;
	int rep_pos, rep_neg, cust_pos, cust_neg;
};

static void compute_metrics(const struct analyzer *a, struct metrics *mt)
{
	int i;
	int64_t run_start = 0, run_end = 0;
	enum speaker_role run_role = SPK_UNKNOWN, last_role = SPK_UNKNOWN;
	int64_t last_cust_end = -1;

	memset(mt, 0, sizeof *mt);
	if (!a->nturns)
		return;
	mt->dur_ms = a->turns[a->nturns - 1].end - a->turns[0].start;
	for (i = 0; i < a->nturns; i++) {
		const struct aturn *t = &a->turns[i];
		int64_t d = t->end - t->start;

		if (t->role == SPK_REP) {
			mt->rep_ms += d;
			mt->questions += t->questions;
			mt->fillers += t->fillers;
			mt->rep_words += t->words;
			mt->rep_pos += t->sent_pos;
			mt->rep_neg += t->sent_neg;
			if (last_role == SPK_CUSTOMER && last_cust_end >= 0) {
				mt->patience_sum += t->start > last_cust_end ? t->start - last_cust_end : 0;
				mt->patience_n++;
			}
		} else if (t->role == SPK_CUSTOMER) {
			mt->cust_ms += d;
			mt->cust_pos += t->sent_pos;
			mt->cust_neg += t->sent_neg;
			last_cust_end = t->end;
		} else {
			continue;
		}
		if (last_role != SPK_UNKNOWN && t->role != last_role)
			mt->switches++;
		last_role = t->role;
		if (t->role != run_role) {
			run_role = t->role;
			run_start = t->start;
		}
		run_end = t->end;
		if (run_role == SPK_REP && run_end - run_start > mt->longest_rep)
			mt->longest_rep = run_end - run_start;
		if (run_role == SPK_CUSTOMER && run_end - run_start > mt->longest_cust)
			mt->longest_cust = run_end - run_start;
	}
}

static double round3(double x)
{
	return round(x * 1000.0) / 1000.0;
}

static double sentiment_score(int pos, int neg)
{
	return round3((double)(pos - neg) / (double)(pos + neg + 2));
}

static void clock_text(int64_t ms, char *out, size_t n)
{
	int64_t s = ms / 1000;

	if (s >= 3600)
		snprintf(out, n, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
			 (long long)(s % 60));
	else
		snprintf(out, n, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

static void add_str(cJSON *arr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_str(cJSON *arr, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(arr, cJSON_CreateString(b.s ? b.s : ""));
	buf_free(&b);
}

cJSON *analyzer_scorecard(struct analyzer *a, const char *rep_name, int rep_inferred)
{
	const struct script_model *m = a->m;
	cJSON *sc = cJSON_CreateObject(), *arr, *o, *strengths, *weaknesses, *recs;
	double req_w = 0, req_got = 0, all_w = 0, all_got = 0, compliance = -1, order = -1;
	double talk = 0, minutes, score, obj_rate = 1, cust_sent, rep_sent;
	int i, j, covered = 0, pairs = 0, good_pairs = 0, handled = 0;
	struct metrics mt;
	char clk[32];

	compute_metrics(a, &mt);
	minutes = mt.dur_ms / 60000.0;
	if (mt.rep_ms + mt.cust_ms > 0)
		talk = (double)mt.rep_ms / (double)(mt.rep_ms + mt.cust_ms);
	for (i = 0; i < m->nstages; i++) {
		all_w += m->stages[i].weight;
		all_got += a->stages[i].covered ? m->stages[i].weight : 0;
		if (m->stages[i].required) {
			req_w += m->stages[i].weight;
			req_got += a->stages[i].covered ? m->stages[i].weight : 0;
		}
		covered += a->stages[i].covered;
		for (j = i + 1; j < m->nstages; j++)
			if (a->stages[i].covered && a->stages[j].covered) {
				pairs++;
				good_pairs += a->stages[i].at <= a->stages[j].at;
			}
	}
	if (m->nstages)
		compliance = req_w > 0 ? req_got / req_w : all_got / all_w;
	if (m->nstages)
		order = pairs ? (double)good_pairs / pairs : 1.0;
	for (i = 0; i < a->nobjs; i++)
		handled += a->objs[i].handled;
	if (a->nobjs)
		obj_rate = (double)handled / a->nobjs;
	cust_sent = sentiment_score(mt.cust_pos, mt.cust_neg);
	rep_sent = sentiment_score(mt.rep_pos, mt.rep_neg);

	/* the overall score: compliance first, then the craft */
	{
		double talk_fit = 1 - fmin(1, fabs(talk - IDEAL_TALK_RATIO) / IDEAL_TALK_RATIO);
		double q_need = fmax(3, minutes * 0.5);
		double q_fit = fmin(1, mt.questions / q_need);
		double c = compliance >= 0 ? compliance : 0.5, ord = order >= 0 ? order : 1;

		score = 0.45 * c + 0.15 * obj_rate + 0.1 * talk_fit + 0.1 * q_fit + 0.1 * ord +
			0.1 * (cust_sent + 1) / 2;
		score -= fmin(0.3, 0.1 * a->nforbs);
		score = round3(fmax(0, fmin(1, score)));
	}
	cJSON_AddNumberToObject(sc, "performanceScore", score);
	if (compliance >= 0)
		cJSON_AddNumberToObject(sc, "scriptCompliance", round3(compliance));
	else
		cJSON_AddNullToObject(sc, "scriptCompliance");

	strengths = cJSON_AddArrayToObject(sc, "strengths");
	weaknesses = cJSON_AddArrayToObject(sc, "weaknesses");
	recs = cJSON_AddArrayToObject(sc, "recommendations");
	if (m->nstages && covered == m->nstages)
		add_str(strengths, "Covered every stage of the script (%d)", covered);
	else if (m->nstages && compliance >= 0.75)
		add_str(strengths, "Covered %d of %d script stages", covered, m->nstages);
	if (order >= 0.99 && covered >= 3)
		add_str(strengths, "Followed the script's order");
	if (a->nobjs && handled == a->nobjs)
		add_str(strengths, "Handled every objection (%d)", handled);
	if (mt.rep_ms + mt.cust_ms > 60000 && fabs(talk - IDEAL_TALK_RATIO) <= 0.1)
		add_str(strengths, "Balanced conversation: talked %.0f%% of the time", talk * 100);
	if (mt.questions >= fmax(3, minutes * 0.5))
		add_str(strengths, "Asked plenty of questions (%d)", mt.questions);
	if (rep_sent > 0.3)
		add_str(strengths, "Positive tone");
	for (i = 0; i < m->nstages; i++) {
		if (a->stages[i].covered)
			continue;
		if (m->stages[i].required)
			add_str(weaknesses, "Missed the %s stage", m->stages[i].name);
		if (m->stages[i].nphrases)
			add_str(recs, "Cover %s%s, for example: \"%s\"", m->stages[i].name,
				m->stages[i].within_ms ? " early in the call" : "",
				m->stages[i].phrases[0].text);
		else
			add_str(recs, "Cover %s", m->stages[i].name);
	}
	if (order >= 0 && order < 0.8 && covered >= 3) {
		add_str(weaknesses, "Stages out of order");
		add_str(recs, "Follow the script's order of stages");
	}
	for (i = 0; i < a->nobjs; i++) {
		const struct objection *ob = &m->objections[a->objs[i].type];
		if (a->objs[i].handled)
			continue;
		clock_text(a->objs[i].at, clk, sizeof clk);
		add_str(weaknesses, "Left the %s objection at %s unanswered", ob->type, clk);
		if (ob->nresponses)
			add_str(recs, "When the customer raises %s, answer it, for example: \"%s\"",
				ob->type, ob->responses[0].text);
	}
	for (i = 0; i < a->nforbs; i++) {
		clock_text(a->forbs[i].at, clk, sizeof clk);
		add_str(weaknesses, "Said \"%s\" at %s", m->forbidden[a->forbs[i].idx].text, clk);
		add_str(recs, "Never say \"%s\" (or anything like it)", m->forbidden[a->forbs[i].idx].text);
	}
	if (mt.rep_ms + mt.cust_ms > 60000 && talk > 0.6) {
		add_str(weaknesses, "Talked %.0f%% of the time", talk * 100);
		add_str(recs, "Talk less and listen more: aim for about 43%% of the talking");
	}
	if (mt.rep_ms + mt.cust_ms > 60000 && talk < 0.25) {
		add_str(weaknesses, "Talked only %.0f%% of the time", talk * 100);
		add_str(recs, "Lead the conversation more: share value and guide next steps");
	}
	if (minutes >= 3 && mt.questions < fmax(3, minutes * 0.5) / 2) {
		add_str(weaknesses, "Asked few questions (%d)", mt.questions);
		add_str(recs, "Ask more open questions (what, how, why) to uncover needs");
	}
	if (mt.longest_rep > ALERT_MONOLOGUE_MS) {
		clock_text(mt.longest_rep, clk, sizeof clk);
		add_str(weaknesses, "A monologue of %s", clk);
		add_str(recs, "Break up monologues longer than two minutes with a question");
	}
	if (mt.rep_ms > 60000 && mt.fillers / (mt.rep_ms / 60000.0) > 4) {
		add_str(weaknesses, "Many filler words (%d)", mt.fillers);
		add_str(recs, "Replace filler words (um, uh, you know) with short pauses");
	}

	arr = cJSON_AddArrayToObject(sc, "keyTopicsCovered");
	for (i = 0; i < m->nstages; i++)
		if (a->stages[i].covered)
			cJSON_AddItemToArray(arr, cJSON_CreateString(m->stages[i].name));
	arr = cJSON_AddArrayToObject(sc, "objectionsHandled");
	for (i = 0; i < a->nobjs; i++) {
		const char *type = m->objections[a->objs[i].type].type;
		int seen = 0;
		if (!a->objs[i].handled)
			continue;
		for (j = 0; j < cJSON_GetArraySize(arr); j++)
			seen |= !strcmp(cJSON_GetArrayItem(arr, j)->valuestring, type);
		if (!seen)
			cJSON_AddItemToArray(arr, cJSON_CreateString(type));
	}
	cJSON_AddStringToObject(sc, "customerSentiment",
				cust_sent > 0.15 ? "positive" : cust_sent < -0.15 ? "negative" : "neutral");

	arr = cJSON_AddArrayToObject(sc, "stages");
	for (i = 0; i < m->nstages; i++) {
		const struct stage_state *st = &a->stages[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", m->stages[i].id);
		cJSON_AddStringToObject(o, "name", m->stages[i].name);
		cJSON_AddBoolToObject(o, "required", m->stages[i].required);
		cJSON_AddBoolToObject(o, "covered", st->covered);
		cJSON_AddNumberToObject(o, "confidence", round3(st->conf));
		if (st->covered) {
			cJSON_AddNumberToObject(o, "atMs", (double)st->at);
			cJSON_AddStringToObject(o, "evidence", st->evidence ? st->evidence : "");
		} else {
			cJSON_AddNullToObject(o, "atMs");
			cJSON_AddNullToObject(o, "evidence");
		}
		cJSON_AddItemToArray(arr, o);
	}
	if (order >= 0)
		cJSON_AddNumberToObject(sc, "orderAdherence", round3(order));
	else
		cJSON_AddNullToObject(sc, "orderAdherence");
	arr = cJSON_AddArrayToObject(sc, "objections");
	for (i = 0; i < a->nobjs; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", m->objections[a->objs[i].type].type);
		cJSON_AddNumberToObject(o, "atMs", (double)a->objs[i].at);
		cJSON_AddBoolToObject(o, "handled", a->objs[i].handled);
		cJSON_AddStringToObject(o, "evidence", a->objs[i].evidence);
		if (a->objs[i].response)
			cJSON_AddStringToObject(o, "response", a->objs[i].response);
		else
			cJSON_AddNullToObject(o, "response");
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(sc, "forbidden");
	for (i = 0; i < a->nforbs; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "phrase", m->forbidden[a->forbs[i].idx].text);
		cJSON_AddNumberToObject(o, "atMs", (double)a->forbs[i].at);
		cJSON_AddStringToObject(o, "evidence", a->forbs[i].evidence);
		cJSON_AddItemToArray(arr, o);
	}
	o = cJSON_AddObjectToObject(sc, "metrics");
	cJSON_AddNumberToObject(o, "talkRatio", round3(talk));
	cJSON_AddNumberToObject(o, "longestMonologueMs", (double)mt.longest_rep);
	cJSON_AddNumberToObject(o, "longestCustomerStoryMs", (double)mt.longest_cust);
	cJSON_AddNumberToObject(o, "interactivity", minutes > 0 ? round3(mt.switches / minutes) : 0);
	cJSON_AddNumberToObject(o, "patienceMs",
				mt.patience_n ? round((double)mt.patience_sum / mt.patience_n) : 0);
	cJSON_AddNumberToObject(o, "questionsAsked", mt.questions);
	cJSON_AddNumberToObject(o, "questionRate", minutes > 0 ? round3(mt.questions / minutes) : 0);
	cJSON_AddNumberToObject(o, "wordsPerMinute",
				mt.rep_ms > 0 ? round3(mt.rep_words / (mt.rep_ms / 60000.0)) : 0);
	cJSON_AddNumberToObject(o, "fillerWords", mt.fillers);
	cJSON_AddNumberToObject(o, "fillerRate",
				mt.rep_ms > 0 ? round3(mt.fillers / (mt.rep_ms / 60000.0)) : 0);
	cJSON_AddNumberToObject(o, "durationMs", (double)mt.dur_ms);
	o = cJSON_AddObjectToObject(sc, "sentiment");
	cJSON_AddNumberToObject(o, "rep", rep_sent);
	cJSON_AddNumberToObject(o, "customer", cust_sent);
	o = cJSON_AddObjectToObject(sc, "rep");
	if (rep_name)
		cJSON_AddStringToObject(o, "name", rep_name);
	else
		cJSON_AddNullToObject(o, "name");
	cJSON_AddBoolToObject(o, "inferred", rep_inferred);
	return sc;
}

/* ---- who is the rep ---- */

int analysis_pick_rep(struct analysis_ctx *c, const struct script_model *m, struct transcript *t,
		      const char *rep_name, int *inferred)
{
	double *score;
	int i, best = -1;

	*inferred = 0;
	for (i = 0; i < t->nspeakers && !rep_name; i++)
		if (t->speakers[i].role == SPK_REP)
			best = i;
	if (rep_name) {
		for (i = 0; i < t->nspeakers; i++)
			if (!strcasecmp(t->speakers[i].id, rep_name) ||
			    !strcasecmp(t->speakers[i].name, rep_name))
				best = i;
		if (best < 0)
			return -1;
	}
	if (best < 0 && t->nspeakers) {
		/* introductions, questions and the script's phrases, per speaker */
		struct analyzer *a = analyzer_new(c, m);
		score = xcalloc((size_t)t->nspeakers, sizeof *score);
		for (i = 0; i < t->nturns; i++) {
			const struct turn *u = &t->turns[i];
			struct aturn at = { 0 };
			struct toks tk = { 0 };
			char low[512];
			int k;

			snprintf(low, sizeof low, "%s", u->text);
			for (k = 0; low[k]; k++)
				low[k] = (char)tolower((unsigned char)low[k]);
			for (k = 0; lex_intro_cues[k]; k++)
				if (strstr(low, lex_intro_cues[k]))
					score[u->speaker] += i < 10 ? 3 : 1;
			at.text = u->text;
			surface_metrics(&at);
			score[u->speaker] += at.questions;
			tokenize(c, u->text, &tk);
			mark(a, &tk, 0, tk.n);
			for (k = 0; k < m->nstages; k++)
				score[u->speaker] += stage_conf(a, &m->stages[k]) >= STAGE_THRESHOLD ? 2 : 0;
			toks_free(&tk);
		}
		for (i = 0; i < t->nspeakers; i++)
			if (best < 0 || score[i] > score[best])
				best = i;
		free(score);
		analyzer_free(a);
		*inferred = 1;
	}
	for (i = 0; i < t->nspeakers; i++)
		t->speakers[i].role = i == best ? SPK_REP : SPK_CUSTOMER;
	return best;
}

cJSON *analyze_transcript(struct analysis_ctx *c, const struct script_model *m,
			  struct transcript *t, const char *rep_name, char *err, size_t errlen)
{
	struct analysis_event ev[ANALYSIS_MAX_EVENTS];
	struct analyzer *a;
	int inferred, rep, i;
	cJSON *sc;

	rep = analysis_pick_rep(c, m, t, rep_name, &inferred);
	if (rep < 0) {
		snprintf(err, errlen, "no speaker named \"%s\" in the transcript", rep_name ? rep_name : "");
		return NULL;
	}
	a = analyzer_new(c, m);
	for (i = 0; i < t->nturns; i++) {
		const struct turn *u = &t->turns[i];
		int64_t s = u->start_ms;

		/* overlapping or slightly unordered timings: keep the order */
		if (a->nturns && s < a->turns[a->nturns - 1].start)
			s = a->turns[a->nturns - 1].start;
		analyzer_feed(a, t->speakers[u->speaker].role, t->speakers[u->speaker].name, s,
			      u->end_ms < s ? s : u->end_ms, u->text, ev);
	}
	sc = analyzer_scorecard(a, t->speakers[rep].name, inferred);
	analyzer_free(a);
	return sc;
}
