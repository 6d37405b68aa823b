#include "lws_alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HDR 16u              /* keeps the payload 16-byte aligned */
#define KIND_HEAP 0x6865u
#define KIND_MAP 0x6d61u
#define CACHE_MAX 64         /* freed big blocks kept for reuse */

struct hdr {
	uint32_t kind;
	uint32_t pad;
	uint64_t size;       /* payload bytes (for KIND_MAP: the mapping less HDR) */
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hdr *g_cache[CACHE_MAX];
static int g_ncache;

static size_t page_round(size_t n)
{
	return (n + 4095u) & ~(size_t)4095u;
}

static void map_release(struct hdr *h)
{
	munmap(h, (size_t)h->size + HDR);
}

/* A mapped block with room for n payload bytes, from the cache when one
 * large enough is there. */
static struct hdr *map_get(size_t n)
{
	struct hdr *h = NULL;
	size_t len = page_round(n + HDR);
	void *p;

	pthread_mutex_lock(&g_lock);
	for (int i = g_ncache - 1; i >= 0; i--)
		if (g_cache[i]->size + HDR == len) {
			h = g_cache[i];
			g_cache[i] = g_cache[--g_ncache];
			break;
		}
	pthread_mutex_unlock(&g_lock);
	if (h)
		return h;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	h = p;
	h->kind = KIND_MAP;
	h->size = len - HDR;
	return h;
}

static void map_put(struct hdr *h)
{
	pthread_mutex_lock(&g_lock);
	if (g_ncache < CACHE_MAX) {
		g_cache[g_ncache++] = h;
		h = NULL;
	}
	pthread_mutex_unlock(&g_lock);
	if (h)
		map_release(h);
}

static struct hdr *get(size_t n)
{
	struct hdr *h;

	if (n >= LWS_ALLOC_BIG)
		return map_get(n);
	h = malloc(n + HDR);
	if (h) {
		h->kind = KIND_HEAP;
		h->size = n;
	}
	return h;
}

static void put(struct hdr *h)
{
	if (h->kind == KIND_MAP)
		map_put(h);
	else
		free(h);
}

void *lws_alloc_realloc(void *ptr, size_t size, const char *reason)
{
	struct hdr *old = ptr ? (struct hdr *)((char *)ptr - HDR) : NULL, *h;

	(void)reason;
	if (!size) {
		if (old)
			put(old);
		return NULL;
	}
	if (size > SIZE_MAX - 4096u - HDR)
		return NULL;
	if (old && old->kind == KIND_HEAP && size < LWS_ALLOC_BIG) {
		h = realloc(old, size + HDR);
		if (!h)
			return NULL;
		h->size = size;
		return (char *)h + HDR;
	}
	if (old && old->kind == KIND_MAP && size >= LWS_ALLOC_BIG && size <= old->size)
		return ptr; /* the mapping already has room */
	h = get(size);
	if (!h)
		return NULL;
	if (old) {
		memcpy((char *)h + HDR, ptr, old->size < size ? (size_t)old->size : size);
		put(old);
	}
	return (char *)h + HDR;
}

void lws_alloc_trim(void)
{
	struct hdr *v[CACHE_MAX];
	int n;

	pthread_mutex_lock(&g_lock);
	n = g_ncache;
	memcpy(v, g_cache, (size_t)n * sizeof *v);
	g_ncache = 0;
	pthread_mutex_unlock(&g_lock);
	for (int i = 0; i < n; i++)
		map_release(v[i]);
}
