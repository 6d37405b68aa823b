#include "ratelimit.h"
#include "common/xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 96 /* longer keys are truncated; callers pass IPs and hashes */

struct entry {
	char key[KEY_MAX];
	int64_t start_ms;
	int64_t count;
	int used;
	int next;             /* hash chain */
	int older, newer;     /* window-start order, oldest at rl->oldest */
};

struct ratelimit {
	pthread_mutex_t lock;
	struct entry *e;
	int *bucket;
	size_t cap, nbuckets, used;
	int oldest, newest, free_head;
	size_t fresh;         /* entries [fresh, cap) were never used */
	int64_t window_ms, max;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct ratelimit *rl_create(size_t max_keys, int64_t window_ms, int64_t max)
{
	struct ratelimit *rl;

	if (max <= 0 || window_ms <= 0)
		return NULL;
	if (max_keys < 16)
		max_keys = 16;
	rl = xcalloc(1, sizeof *rl);
	pthread_mutex_init(&rl->lock, NULL);
	rl->cap = max_keys;
	rl->nbuckets = max_keys * 2;
	/* Both tables come zeroed from calloc and are never swept here, so
	 * their pages stay untouched (not resident) until keys arrive: a
	 * 65,536-key limiter costs nothing until it is busy.  A bucket holds
	 * entry index + 1 (0 = empty); fresh entries are handed out in order
	 * before the free list is used. */
	rl->e = xcalloc(max_keys, sizeof *rl->e);
	rl->bucket = xcalloc(rl->nbuckets, sizeof *rl->bucket);
	rl->free_head = -1;
	rl->fresh = 0;
	rl->oldest = rl->newest = -1;
	rl->window_ms = window_ms;
	rl->max = max;
	return rl;
}

void rl_destroy(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->e);
	free(rl->bucket);
	free(rl);
}

static void order_unlink(struct ratelimit *rl, int i)
{
	struct entry *e = &rl->e[i];

	if (e->older >= 0)
		rl->e[e->older].newer = e->newer;
	else
		rl->oldest = e->newer;
	if (e->newer >= 0)
		rl->e[e->newer].older = e->older;
	else
		rl->newest = e->older;
}

static void order_push_newest(struct ratelimit *rl, int i)
{
	rl->e[i].older = rl->newest;
	rl->e[i].newer = -1;
	if (rl->newest >= 0)
		rl->e[rl->newest].newer = i;
	else
		rl->oldest = i;
	rl->newest = i;
}

static int find(struct ratelimit *rl, const char *key, size_t b)
{
	int i;

	for (i = rl->bucket[b] - 1; i >= 0; i = rl->e[i].next)
		if (!strcmp(rl->e[i].key, key))
			return i;
	return -1;
}

static void remove_entry(struct ratelimit *rl, int i)
{
	size_t b = hash(rl->e[i].key) % rl->nbuckets;
	int *pp = &rl->bucket[b];

	if (*pp - 1 == i) {
		*pp = rl->e[i].next + 1;
	} else {
		pp = &rl->e[*pp - 1].next;
		while (*pp != i)
			pp = &rl->e[*pp].next;
		*pp = rl->e[i].next;
	}
	order_unlink(rl, i);
	rl->e[i].used = 0;
	rl->e[i].next = rl->free_head;
	rl->free_head = i;
	rl->used--;
}

/* The entry for key with a current window, created (evicting the oldest
 * when full) when absent. */
static struct entry *get(struct ratelimit *rl, const char *key, int64_t now, int create)
{
	char k[KEY_MAX];
	size_t b;
	int i;

	snprintf(k, sizeof k, "%s", key);
	b = hash(k) % rl->nbuckets;
	i = find(rl, k, b);
	if (i >= 0 && now - rl->e[i].start_ms >= rl->window_ms) {
		/* The window ended: start a new one, as the newest. */
		rl->e[i].start_ms = now;
		rl->e[i].count = 0;
		order_unlink(rl, i);
		order_push_newest(rl, i);
	}
	if (i >= 0 || !create)
		return i >= 0 ? &rl->e[i] : NULL;
	if (rl->free_head < 0 && rl->fresh == rl->cap)
		remove_entry(rl, rl->oldest);
	if (rl->free_head >= 0) {
		i = rl->free_head;
		rl->free_head = rl->e[i].next;
	} else {
		i = (int)rl->fresh++;
	}
	memset(&rl->e[i], 0, sizeof rl->e[i]);
	memcpy(rl->e[i].key, k, sizeof k);
	rl->e[i].used = 1;
	rl->e[i].start_ms = now;
	rl->e[i].next = rl->bucket[b] - 1;
	rl->bucket[b] = i + 1;
	order_push_newest(rl, i);
	rl->used++;
	return &rl->e[i];
}

static void fill(struct ratelimit *rl, const struct entry *e, int64_t now, int64_t count,
		 struct rl_state *out)
{
	int64_t left = e ? e->start_ms + rl->window_ms - now : rl->window_ms;

	out->limit = rl->max;
	out->remaining = count >= rl->max ? 0 : rl->max - count;
	out->reset_s = left <= 0 ? 1 : (left + 999) / 1000;
}

void rl_hit(struct ratelimit *rl, const char *key, int64_t now_ms, struct rl_state *out)
{
	struct entry *e;

	memset(out, 0, sizeof *out);
	out->allowed = 1;
	if (!rl)
		return;
	pthread_mutex_lock(&rl->lock);
	e = get(rl, key, now_ms, 1);
	e->count++;
	out->allowed = e->count <= rl->max;
	fill(rl, e, now_ms, e->count, out);
	pthread_mutex_unlock(&rl->lock);
}

void rl_peek(struct ratelimit *rl, const char *key, int64_t now_ms, struct rl_state *out)
{
	struct entry *e;
	int64_t count;

	memset(out, 0, sizeof *out);
	out->allowed = 1;
	if (!rl)
		return;
	pthread_mutex_lock(&rl->lock);
	e = get(rl, key, now_ms, 0);
	count = e ? e->count : 0;
	out->allowed = count < rl->max;
	fill(rl, e, now_ms, count, out);
	pthread_mutex_unlock(&rl->lock);
}

void rl_reset(struct ratelimit *rl, const char *key)
{
	char k[KEY_MAX];
	int i;

	if (!rl)
		return;
	snprintf(k, sizeof k, "%s", key);
	pthread_mutex_lock(&rl->lock);
	i = find(rl, k, hash(k) % rl->nbuckets);
	if (i >= 0)
		remove_entry(rl, i);
	pthread_mutex_unlock(&rl->lock);
}

size_t rl_size(struct ratelimit *rl)
{
	size_t n;

	if (!rl)
		return 0;
	pthread_mutex_lock(&rl->lock);
	n = rl->used;
	pthread_mutex_unlock(&rl->lock);
	return n;
}
