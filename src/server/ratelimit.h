/*
 * ratelimit.h - fixed-window counters per key (client address, account),
 * with memory bounded by the number of keys tracked.
 *
 * A key's window opens at its first hit and lasts window_ms; its count
 * resets when the window ends.  When max_keys keys are tracked, a new key
 * evicts the key whose window opened first (expired ones go first in
 * practice), so an attacker with many addresses costs memory of at most
 * max_keys entries and can only make the limiter forget old clients.
 * All functions are thread-safe.
 */
#ifndef SALESAN_RATELIMIT_H
#define SALESAN_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

struct ratelimit;

struct rl_state {
	int allowed;         /* the request may proceed */
	int64_t limit;
	int64_t remaining;   /* after this request, never negative */
	int64_t reset_s;     /* seconds until the window ends (>= 1) */
};

/* A limiter allowing max hits per window_ms per key; NULL when max is 0
 * (disabled), which every function accepts and treats as "always allowed". */
struct ratelimit *rl_create(size_t max_keys, int64_t window_ms, int64_t max);
void rl_destroy(struct ratelimit *rl);

/* Count a hit for key at now_ms and report the state. */
void rl_hit(struct ratelimit *rl, const char *key, int64_t now_ms, struct rl_state *out);
/* Report the state without counting (allowed = another hit would pass). */
void rl_peek(struct ratelimit *rl, const char *key, int64_t now_ms, struct rl_state *out);
/* Forget key (e.g. after a successful login). */
void rl_reset(struct ratelimit *rl, const char *key);
/* Keys tracked now (for tests and metrics). */
size_t rl_size(struct ratelimit *rl);

#endif
