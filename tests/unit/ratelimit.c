/* Fixed-window rate limiting with bounded memory. */
#include "tap.h"
#include "server/ratelimit.h"

#include <stdio.h>

int main(void)
{
	struct ratelimit *rl = rl_create(16, 1000, 3);
	struct rl_state st;
	char key[32];
	int i, all = 1;

	ok(rl_create(16, 1000, 0) == NULL, "a zero limit disables the limiter");
	rl_hit(NULL, "x", 0, &st);
	ok(st.allowed, "a disabled limiter allows everything");

	for (i = 1; i <= 3; i++) {
		rl_hit(rl, "10.0.0.1", 100, &st);
		all &= st.allowed && st.remaining == 3 - i && st.limit == 3;
	}
	ok(all, "three hits pass with remaining 2, 1, 0");
	is_int(st.reset_s, 1, "reset counts whole seconds up");
	rl_hit(rl, "10.0.0.1", 200, &st);
	ok(!st.allowed && st.remaining == 0, "the fourth is refused");
	rl_peek(rl, "10.0.0.1", 200, &st);
	ok(!st.allowed, "peek agrees without counting");
	rl_hit(rl, "10.0.0.2", 200, &st);
	ok(st.allowed, "another key has its own window");
	rl_hit(rl, "10.0.0.1", 1100, &st);
	ok(st.allowed && st.remaining == 2, "a new window starts after window_ms");
	rl_reset(rl, "10.0.0.1");
	rl_peek(rl, "10.0.0.1", 1100, &st);
	ok(st.allowed && st.remaining == 3, "reset forgets the key");

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "attacker-%d", i);
		rl_hit(rl, key, 2000 + i, &st);
	}
	ok(rl_size(rl) <= 16, "a thousand addresses use at most 16 entries (%zu)", rl_size(rl));
	rl_hit(rl, "attacker-999", 3000, &st);
	rl_hit(rl, "attacker-999", 3000, &st);
	rl_hit(rl, "attacker-999", 3000, &st);
	ok(!st.allowed, "recent keys are still counted after evictions");

	/* Resets in an order unrelated to the chains, then every key again:
	 * each must start a fresh window (chains stay consistent). */
	for (i = 0; i < 16; i++) {
		snprintf(key, sizeof key, "chain-%d", i);
		rl_hit(rl, key, 5000, &st);
		rl_hit(rl, key, 5000, &st);
	}
	for (i = 0; i < 16; i++) {
		snprintf(key, sizeof key, "chain-%d", (i * 7) % 16);
		rl_reset(rl, key);
	}
	is_int((long)rl_size(rl), 0, "every key reset leaves the limiter empty");
	all = 1;
	for (i = 0; i < 16; i++) {
		snprintf(key, sizeof key, "chain-%d", i);
		rl_hit(rl, key, 5001, &st);
		all &= st.allowed && st.remaining == 2;
	}
	ok(all && rl_size(rl) == 16, "the freed entries are reused with fresh counts");
	rl_destroy(rl);
	return done_testing();
}
