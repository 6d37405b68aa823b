/*
 * call_ops.h - sales-call and notification changes shared by more than one resource (the
 * sales-calls API and the Zapier actions), with the same rules wherever
 * they are made.
 */
#ifndef SALESAN_CALL_OPS_H
#define SALESAN_CALL_OPS_H

#include "http.h"
#include "common/ids.h"

/*
 * Create a call from body, validated as POST /sales-calls validates it, as
 * r's caller: the representative defaults to the caller (an API key must
 * name one), must be within reach, and decides the organization.  Returns
 * 0 with id filled, or -1 after answering (400, 503, ...).
 */
int call_create(struct request *r, const cJSON *body, char id[UUID_STR_LEN]);

/*
 * Create a notification from body (validated as POST /notifications;
 * "normal" priority is "medium"): the recipient must be within reach.
 * Returns 0 with id filled, or -1 after answering.  body may be modified.
 */
int notification_create(struct request *r, cJSON *body, char id[UUID_STR_LEN]);

#endif
