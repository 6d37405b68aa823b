/*
 * dispatch.h - the worker-thread half of a request: body checks (415, 400
 * for malformed JSON), authentication, the route's role requirement (403),
 * then the handler.  Every request that matched a route passes here.
 */
#ifndef SALESAN_DISPATCH_H
#define SALESAN_DISPATCH_H

#include "http.h"

/* Run r (whose route is set) on the calling worker thread with its db
 * connection (which may be NULL when it could not be opened).  Always
 * leaves a response in r->resp. */
void dispatch_request(struct request *r, struct db *db);

#endif
