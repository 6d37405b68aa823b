/*
 * outbox.h - calls recorded while the server could not be reached, kept in
 * a local SQLite database ($XDG_STATE_HOME/salesan/outbox.db) until
 * `salesan sync` delivers them.  Nothing recorded is lost: an entry holds
 * the whole transcript of the call as salesan JSON.
 */
#ifndef SALESAN_OUTBOX_H
#define SALESAN_OUTBOX_H

#include <cJSON.h>

struct outbox_entry {
	long long id;
	char *call_id;     /* NULL when the call must be created */
	char *customer;    /* for creating it */
	char *date;        /* ISO-8601 appointment date */
	char *email;       /* may be NULL */
	char *session_id;  /* the live session that was interrupted, or NULL */
	cJSON *transcript; /* {"speakers", "segments"} */
	char *idem_key;    /* set by outbox_list: the Idempotency-Key creating the call
			    * uses, so syncing twice never creates it twice */
};

/* Add an entry (fields copied).  0, or -1 with a message in err. */
int outbox_add(const struct outbox_entry *e, char *err, size_t errlen);
/* Every pending entry, oldest first; *n receives the count.  NULL with
 * *n = 0 when there are none (or on error, reported in err). */
struct outbox_entry *outbox_list(int *n, char *err, size_t errlen);
int outbox_remove(long long id);
void outbox_free(struct outbox_entry *v, int n);

#endif
