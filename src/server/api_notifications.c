/*
 * api_notifications.c - /api/v1/notifications: a user's own notifications
 * (list, unread count, read one, read all, delete), and for managers and
 * above, notifying the people they reach (stored; email through mail.c).
 * New notifications are also pushed to the recipient's live connections.
 */
#include "authz.h"
#include "live.h"
#include "call_ops.h"
#include "mail.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdlib.h>
#include <string.h>

static const struct field *F(const char *name)
{
	return fields_find(notification_fields, notification_nfields, name);
}

static void not_found(struct request *r)
{
	resp_error(r, 404, "NOTIFICATION_NOT_FOUND", "Notification not found");
}

static void parse_status(struct request *r, struct notification_filter *f, struct verrs *v)
{
	static const char *const st[] = { "read", "unread", NULL };
	const char *s;

	query_enum(r, "status", st, &s, v);
	if (s) {
		f->has_read = 1;
		f->read = !strcmp(s, "read");
	}
	query_enum(r, "type", notification_types, &f->type, v);
}

static void list_own(struct request *r)
{
	struct notification_filter f = { 0 };
	struct verrs v = { 0 };
	cJSON *items = NULL;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 20, 100, &f.page, &f.limit, &v);
	parse_status(r, &f, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	f.user_id = r->who->id;
	rc = store_notifications_list(r->db, &f, time_now_ms(), &items, &total);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list notifications");
	else
		resp_list(r, "notifications", items, f.page, f.limit, total);
}

static void unread_count(struct request *r)
{
	struct notification_filter f = { 0 };
	int64_t total = 0;
	cJSON *data;
	int rc;

	f.user_id = r->who->id;
	f.has_read = 1;
	f.read = 0;
	rc = store_notifications_list(r->db, &f, time_now_ms(), NULL, &total);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "count notifications");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddNumberToObject(data, "unreadCount", (double)total);
	resp_data(r, 200, data);
}

static void mark_read(struct request *r)
{
	const char *id = req_param(r, 0);
	cJSON *o = NULL;
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return;
	}
	rc = store_notifications_mark_read(r->db, r->who->id, id, time_now_ms(), NULL);
	if (rc == DB_OK)
		rc = store_notification_json(r->db, id, r->who->id, &o);
	if (rc == DB_DONE)
		not_found(r);
	else if (rc != DB_ROW)
		resp_db_error(r, rc, "read notification");
	else
		resp_data(r, 200, o);
}

static void mark_all_read(struct request *r)
{
	int64_t n = 0;
	cJSON *data;
	int rc = store_notifications_mark_read(r->db, r->who->id, NULL, time_now_ms(), &n);

	if (rc != DB_OK) {
		resp_db_error(r, rc, "read notifications");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddNumberToObject(data, "updated", (double)n);
	resp_message(r, 200, "All notifications marked as read", data);
}

static void delete_one(struct request *r)
{
	const char *id = req_param(r, 0);
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return;
	}
	rc = store_notification_delete(r->db, r->who->id, id);
	if (rc == DB_DONE)
		not_found(r);
	else if (rc != DB_OK)
		resp_db_error(r, rc, "delete notification");
	else
		resp_message(r, 200, "Notification deleted successfully", NULL);
}

static void list_org(struct request *r)
{
	struct notification_filter f = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	cJSON *items = NULL;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 20, 100, &f.page, &f.limit, &v);
	parse_status(r, &f, &v);
	query_uuid(r, "userId", &f.recipient, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if ((rc = authz_scope(r->db, r->who, &s)) != DB_OK) {
		resp_db_error(r, rc, "scope");
		return;
	}
	f.scope = &s;
	rc = store_notifications_list(r->db, &f, time_now_ms(), &items, &total);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list notifications");
	else
		resp_list(r, "notifications", items, f.page, f.limit, total);
}

/* The recipient named by the body's userId, if the caller reaches them:
 * 0, or -1 after answering (404 USER_NOT_FOUND otherwise). */
static int recipient(struct request *r, const char *id, struct user_row *u)
{
	int rc = authz_user_in_reach(r->db, r->who, id, u);

	if (rc < 0) {
		resp_db_error(r, rc, "read user");
		return -1;
	}
	if (rc == AUTHZ_NOT_FOUND) {
		resp_error(r, 404, "USER_NOT_FOUND", "User not found");
		return -1;
	}
	return 0;
}

static const char *check_action_url(const char *s)
{
	if (s[0] == '/' && s[1] != '/')
		return NULL; /* a path within the application */
	if (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7))
		return strpbrk(s, " \t") ? "must not contain spaces" : NULL;
	return "must be an http(s) URL or a path starting with /";
}

/* Create the notification described by vals for u; id_out gets its id. */
static int store_for(struct request *r, struct fvals *vals, const struct user_row *u,
		     char id_out[UUID_STR_LEN])
{
	if (!fvals_get(vals, "priority"))
		fvals_set_text(vals, F("priority"), "medium");
	if (u->org_id[0])
		fvals_set_text(vals, F("organizationId"), u->org_id);
	int rc = store_notification_create(r->db, vals, time_now_ms(), id_out);
	cJSON *o = NULL;

	/* and to the recipient's open live connections */
	if (rc == DB_OK && store_notification_json(r->db, id_out, NULL, &o) == DB_ROW)
		live_post_notification(u->id, o);
	return rc;
}

int notification_create(struct request *r, cJSON *body, char id[UUID_STR_LEN])
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	const struct fval *fv;
	struct user_row u;
	const char *pr = json_str(body, "priority");
	int rc, ret = -1;

	/* The original's model called the middle priority "normal". */
	if (pr && !strcmp(pr, "normal"))
		cJSON_ReplaceItemInObjectCaseSensitive(body, "priority", cJSON_CreateString("medium"));
	fields_parse(notification_fields, notification_nfields, body, FF_CREATE, &vals, &v);
	if ((fv = fvals_get(&vals, "actionUrl")) && !fv->is_null && check_action_url(fv->text))
		verr_add(&v, "actionUrl", check_action_url(fv->text), NULL);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (recipient(r, fvals_get(&vals, "userId")->text, &u))
		goto out;
	rc = store_for(r, &vals, &u, id);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "create notification");
		goto out;
	}
	log_info("notification created id=%s for=%s by=%s%s", id, u.id,
		 r->who->via_key ? "api-key:" : "", r->who->id);
	ret = 0;
out:
	fvals_free(&vals);
	return ret;
}

static void create(struct request *r)
{
	char id[UUID_STR_LEN];
	cJSON *o = NULL;
	int rc;

	if (notification_create(r, r->json, id))
		return;
	rc = store_notification_json(r->db, id, NULL, &o);
	if (rc != DB_ROW)
		resp_db_error(r, rc, "read notification");
	else
		resp_data(r, 201, o);
}

static void send_email(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	struct user_row u;
	const char *uid = json_str(r->json, "userId"), *subject = json_str(r->json, "subject");
	const char *message = json_str(r->json, "message"), *msg = NULL;
	char id[UUID_STR_LEN], *err = NULL;
	cJSON *o = NULL, *data;
	int rc, sent;

	if (!uid || !uuid_valid(uid))
		verr_add(&v, "userId", "must be a UUID", NULL);
	if (!subject || !*subject || (msg = check_text(subject, 255, 0)))
		verr_add(&v, "subject", subject && *subject ? msg : "is required", NULL);
	if (!message || !*message || (msg = check_text(message, 10000, 1)))
		verr_add(&v, "message", message && *message ? msg : "is required", NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (recipient(r, uid, &u))
		return;
	sent = mail_send(&r->srv->cfg, u.email, subject, message, &err) == 0;
	if (!sent) {
		log_warn("send-email to user=%s failed: %s", u.id, err);
		free(err);
		resp_error(r, 502, "EMAIL_SEND_FAILED", "The mail server did not accept the message");
		return;
	}
	fvals_set_text(&vals, F("userId"), u.id);
	fvals_set_text(&vals, F("type"), "email");
	fvals_set_text(&vals, F("title"), subject);
	fvals_set_text(&vals, F("message"), message);
	rc = store_for(r, &vals, &u, id);
	if (rc == DB_OK && mail_configured(&r->srv->cfg))
		rc = store_notification_mark_sent(r->db, id, time_now_ms());
	if (rc == DB_OK)
		rc = store_notification_json(r->db, id, NULL, &o);
	fvals_free(&vals);
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "store email notification");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddItemToObject(data, "notification", o);
	cJSON_AddBoolToObject(data, "emailSent", mail_configured(&r->srv->cfg));
	resp_message(r, 200, mail_configured(&r->srv->cfg)
			       ? "Email notification sent successfully"
			       : "Notification stored; no email was sent because SMTP_URL is not configured",
		     data);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/notifications", list_own, AUTH_JWT, ROLES_ANY, 0,
	  "The caller's notifications (status, type)", 0 },
	{ HTTP_GET, "/api/v1/notifications/unread", unread_count, AUTH_JWT, ROLES_ANY, 0,
	  "The caller's unread count", 0 },
	{ HTTP_GET, "/api/v1/notifications/organization", list_org, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Notifications of the people the caller reaches", 0 },
	{ HTTP_PUT, "/api/v1/notifications/read-all", mark_all_read, AUTH_JWT, ROLES_ANY, 0,
	  "Mark all of the caller's notifications read", 0 },
	{ HTTP_PUT, "/api/v1/notifications/:id/read", mark_read, AUTH_JWT, ROLES_ANY, 0,
	  "Mark one notification read", 0 },
	{ HTTP_DELETE, "/api/v1/notifications/:id", delete_one, AUTH_JWT, ROLES_ANY, 0,
	  "Delete one of the caller's notifications", 0 },
	{ HTTP_POST, "/api/v1/notifications", create, AUTH_JWT, ROLES_MANAGERS, ROUTE_BODY_JSON,
	  "Notify a user", 0 },
	{ HTTP_POST, "/api/v1/notifications/send-email", send_email, AUTH_JWT, ROLES_MANAGERS,
	  ROUTE_BODY_JSON, "Email a user and record it as a notification", 0 },
};

const struct route_table api_notifications_routes = ROUTE_TABLE(routes);
