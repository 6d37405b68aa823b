/*
 * idempotency.h - the Idempotency-Key header on POST requests.
 *
 * A client that may retry a create (salesan's offline outbox, a flaky
 * network) sends "Idempotency-Key: <1-255 visible ASCII characters>".
 * The first request with a key runs normally, inside one transaction with
 * the record of its answer, so the create and the key are stored together
 * or not at all; a later request from the same caller with the same key
 * gets that first 2xx answer again (with "Idempotent-Replayed: true")
 * and changes nothing.  Reusing a key for a different method or path is
 * 422 IDEMPOTENCY_KEY_REUSED.  Non-2xx answers are not kept (the client
 * may fix the request and retry with the same key).  Keys are kept 24 h
 * and are per caller (user, or API key).  Concurrent requests with one key
 * are serialised by the transaction's write lock.
 */
#ifndef SALESAN_IDEMPOTENCY_H
#define SALESAN_IDEMPOTENCY_H

struct request;

#define IDEMPOTENCY_TTL_MS (24LL * 3600 * 1000)

/* Before the handler (authenticated POSTs).  Returns 1 when r has been
 * answered (a replay or an error), 0 to run the handler (a transaction
 * may then be open: call idem_after whatever happens). */
int idem_before(struct request *r);
/* After the handler: keep a 2xx answer under the key and end the
 * transaction idem_before opened. */
void idem_after(struct request *r);

#endif
