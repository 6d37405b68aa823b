/*
 * api_files.c - /api/v1/files: uploads (any allowed type, or a sales
 * call's recording), file info with short-lived signed download links that
 * salesand serves itself, deletion, and the storage status.
 *
 * Storage is local: DATA_DIR/files/ORG/KEY, written by the loop into a
 * temporary file while the upload streams in (http.c), then fsync'd and
 * renamed into place here.  Keys are opaque, URL-safe and hold no '/'.
 * The type is decided from the file's bytes (common/sniff.h), never from
 * what the client claims.
 *
 * Who sees a file: admins (and super admins) every file of the
 * organizations they reach; others the files they uploaded, those of the
 * people they manage, and those attached to sales calls they can see.
 */
#include "authz.h"
#include "call_ops.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/fsutil.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/log.h"
#include "common/sniff.h"
#include "common/timeutil.h"
#include "common/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DOWNLOAD_TTL_S 3600

static const char *const categories[] = { "sales-call", "analytics", "profile", "general", NULL };

static void not_found(struct request *r)
{
	resp_error(r, 404, "FILE_NOT_FOUND", "File not found");
}

static int key_ok(const char *k)
{
	size_t n = strlen(k);

	return n >= 10 && n < 64 &&
	       strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == n &&
	       k[0] != '.';
}

static void file_path(const struct request *r, const char *org, const char *key, struct buf *b)
{
	buf_addf(b, "%s/files/%s/%s", r->srv->cfg.data_dir, org, key);
}

/* A lower-case extension of up to 8 letters and digits, or "". */
static void safe_ext(const char *name, char out[10])
{
	const char *dot = strrchr(name, '.');
	size_t i, n;

	out[0] = '\0';
	if (!dot || !dot[1])
		return;
	n = strlen(dot + 1);
	if (n > 8)
		return;
	for (i = 0; i < n; i++) {
		char c = dot[1 + i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return;
		out[1 + i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[0] = '.';
	out[1 + n] = '\0';
}

/* The file's base name without directories or control characters. */
static void safe_name(const char *name, char *out, size_t n)
{
	const char *base = name;
	size_t i = 0;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (; *base && i + 1 < n; base++)
		if ((unsigned char)*base >= 0x20 && *base != 0x7f && *base != '"')
			out[i++] = *base;
	out[i] = '\0';
	if (!i)
		snprintf(out, n, "file");
}

static cJSON *metadata_json(const struct file_row *f)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddBoolToObject(m, "success", 1);
	cJSON_AddStringToObject(m, "fileKey", f->key);
	cJSON_AddStringToObject(m, "contentType", f->content_type);
	cJSON_AddNumberToObject(m, "contentLength", (double)f->size);
	json_add_time(m, "lastModified", f->created_at, 1);
	cJSON_AddStringToObject(m, "etag", f->etag);
	return m;
}

static cJSON *file_json(const struct file_row *f)
{
	cJSON *o = cJSON_CreateObject();
	char url[128];

	snprintf(url, sizeof url, "/api/v1/files/%s", f->key);
	cJSON_AddStringToObject(o, "fileKey", f->key);
	cJSON_AddStringToObject(o, "fileUrl", url);
	cJSON_AddStringToObject(o, "originalName", f->original_name);
	cJSON_AddStringToObject(o, "contentType", f->content_type);
	cJSON_AddNumberToObject(o, "fileSize", (double)f->size);
	cJSON_AddStringToObject(o, "category", f->category);
	json_add_str_or_null(o, "description", f->description[0] ? f->description : NULL);
	json_add_str_or_null(o, "relatedId", f->related_id[0] ? f->related_id : NULL);
	json_add_time(o, "uploadedAt", f->created_at, 1);
	cJSON_AddItemToObject(o, "metadata", metadata_json(f));
	return o;
}

/* Is the thing an upload is attached to within the caller's reach?  1, 0,
 * or negative on a database error; org receives its organization. */
static int related_in_reach(struct request *r, const char *category, const char *id,
			    char org[UUID_STR_LEN])
{
	struct scope s;
	int rc;

	if (!strcmp(category, "sales-call")) {
		struct call_row c;

		if ((rc = authz_scope(r->db, r->who, &s)) != DB_OK)
			return rc;
		rc = store_call_row(r->db, &s, id, &c);
		if (rc == DB_ROW)
			memcpy(org, c.org_id, UUID_STR_LEN);
		return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
	}
	if (!strcmp(category, "profile")) {
		struct user_row u;

		rc = authz_user_in_reach(r->db, r->who, id, &u);
		if (rc == AUTHZ_OK || rc == AUTHZ_INACTIVE)
			memcpy(org, u.org_id, UUID_STR_LEN);
		return rc < 0 ? rc : rc == AUTHZ_NOT_FOUND ? 0 : 1;
	}
	/* analytics: a stored report of an organization in reach */
	rc = store_report_org(r->db, id, org);
	if (rc == DB_ROW)
		rc = org[0] ? authz_org_in_reach(r->db, r->who, org, 0) : 0;
	return rc == DB_DONE ? 0 : rc;
}

/* May the caller see f?  1, 0, or negative on a database error. */
static int visible(struct request *r, const struct file_row *f)
{
	char org[UUID_STR_LEN];
	struct user_row u;
	int rc;

	if (r->who->role & ROLES_ADMINS)
		return authz_org_in_reach(r->db, r->who, f->org_id, 0);
	if (f->user_id[0]) {
		rc = authz_user_in_reach(r->db, r->who, f->user_id, &u);
		if (rc < 0)
			return rc;
		if (rc != AUTHZ_NOT_FOUND)
			return 1;
	}
	if (f->related_id[0] &&
	    (!strcmp(f->category, "sales-call") || !strcmp(f->category, "profile")))
		return related_in_reach(r, f->category, f->related_id, org);
	return 0;
}

/* Move the upload into place and record it.  Answers on failure. */
int file_store_upload(struct request *r, struct file_row *f)
{
	struct upload *u = r->upload;
	struct buf dir = BUF_INIT, path = BUF_INIT;
	char ext[10], url[128], *tok;
	unsigned char head[SNIFF_HEAD];
	const char *type;
	ssize_t n;
	int fd, rc;

	fd = open(u->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		resp_error(r, 503, "STORAGE_UNAVAILABLE", "File storage is unavailable");
		return -1;
	}
	n = read(fd, head, sizeof head);
	if (n < 0 || fsync(fd) != 0) {
		close(fd);
		log_error("files: %s: %s", u->path, strerror(errno));
		resp_error(r, 503, "STORAGE_UNAVAILABLE", "File storage is unavailable");
		return -1;
	}
	close(fd);
	type = sniff_type(head, (size_t)n, u->filename);
	if (!type) {
		resp_error(r, 400, "INVALID_FILE_TYPE",
			   "File type not allowed: audio, video, images, PDF, Word, Excel, text and"
			   " CSV only");
		return -1;
	}
	if (!strcmp(r->route->pattern, "/api/v1/files/upload-sales-call") &&
	    strncmp(type, "audio/", 6) && strncmp(type, "video/", 6)) {
		resp_error(r, 400, "INVALID_FILE_TYPE", "Only audio and video recordings are accepted");
		return -1;
	}
	snprintf(f->content_type, sizeof f->content_type, "%s", type);
	safe_name(u->filename, f->original_name, sizeof f->original_name);
	safe_ext(f->original_name, ext);
	tok = random_token(16);
	snprintf(f->key, sizeof f->key, "%s%s", tok, ext);
	free(tok);
	f->size = u->size;
	for (int i = 0; i < 16; i++)
		snprintf(f->etag + 2 * i, 3, "%02x", u->sha256[i]);
	memcpy(f->user_id, r->who->via_key ? "" : r->who->id, UUID_STR_LEN);
	buf_addf(&dir, "%s/files/%s", r->srv->cfg.data_dir, f->org_id);
	file_path(r, f->org_id, f->key, &path);
	if (mkdir_p(dir.s, 0700) != 0 || rename(u->path, path.s) != 0) {
		log_error("files: cannot store %s: %s", path.s, strerror(errno));
		buf_free(&dir);
		buf_free(&path);
		resp_error(r, 503, "STORAGE_UNAVAILABLE", "File storage is unavailable");
		return -1;
	}
	free(u->path);
	u->path = NULL;
	if ((fd = open(dir.s, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd); /* the rename itself */
		close(fd);
	}
	snprintf(url, sizeof url, "/api/v1/files/%s", f->key);
	rc = store_file_insert(r->db, f, url, time_now_ms());
	if (rc != DB_OK) {
		unlink(path.s);
		resp_db_error(r, rc, "record file");
	}
	buf_free(&dir);
	buf_free(&path);
	return rc == DB_OK ? 0 : -1;
}

static int check_description(struct verrs *v, const char *d)
{
	int ctrl = 0;
	long n = d ? utf8_count(d, 1, &ctrl) : 0;

	if (n < 0 || n > 500 || ctrl) {
		verr_add(v, "description", "Description must be text of at most 500 characters", NULL);
		return -1;
	}
	return 0;
}

static void upload(struct request *r)
{
	const struct upload *u = r->upload;
	const char *cat = upload_field(u, "category"), *desc = upload_field(u, "description");
	const char *rel = upload_field(u, "relatedId");
	struct file_row f;
	struct verrs v = { 0 };
	int i, rc;

	memset(&f, 0, sizeof f);
	for (i = 0; cat && categories[i] && strcmp(cat, categories[i]); i++)
		;
	if (!cat || !categories[i])
		verr_add(&v, "category", "Category must be sales-call, analytics, profile or general",
			 NULL);
	check_description(&v, desc);
	if (rel && *rel && !uuid_valid(rel))
		verr_add(&v, "relatedId", "Related ID must be a UUID", NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (!u->path || strcmp(u->field, "file")) {
		resp_error(r, 400, "NO_FILE", "No file provided (form field \"file\")");
		return;
	}
	if (strcmp(cat, "general") && (!rel || !*rel)) {
		static const char *const codes[][2] = {
			{ "MISSING_SALES_CALL_ID", "Sales call ID is required for sales-call category" },
			{ "MISSING_REPORT_ID", "Report ID is required for analytics category" },
			{ "MISSING_USER_ID", "User ID is required for profile category" },
		};
		resp_error(r, 400, codes[i][0], "%s", codes[i][1]);
		return;
	}
	snprintf(f.category, sizeof f.category, "%s", cat);
	if (desc)
		snprintf(f.description, sizeof f.description, "%s", desc);
	if (strcmp(cat, "general")) {
		rc = related_in_reach(r, cat, rel, f.org_id);
		if (rc < 0) {
			resp_db_error(r, rc, "check related");
			return;
		}
		if (!rc || !f.org_id[0]) {
			resp_error(r, 404, "RELATED_NOT_FOUND", "The %s this file belongs to was not found",
				   !strcmp(cat, "sales-call") ? "sales call"
				   : !strcmp(cat, "profile") ? "user" : "report");
			return;
		}
		snprintf(f.related_id, sizeof f.related_id, "%s", rel);
	} else if (r->who->org_id[0]) {
		memcpy(f.org_id, r->who->org_id, sizeof f.org_id);
	} else {
		resp_error(r, 400, "ORGANIZATION_REQUIRED",
			   "Only members of an organization can upload general files");
		return;
	}
	if (file_store_upload(r, &f))
		return;
	log_info("file uploaded key=%s size=%lld type=%s by=%s", f.key, (long long)f.size,
		 f.content_type, r->who->id);
	resp_message(r, 201, "File uploaded successfully", file_json(&f));
}

static void upload_recording(struct request *r)
{
	const struct upload *u = r->upload;
	const char *call = upload_field(u, "salesCallId"), *desc = upload_field(u, "description");
	struct file_row f;
	struct recording_row rec;
	struct verrs v = { 0 };
	cJSON *d, *t = NULL;
	char why[320];
	int rc, wav, status;

	memset(&f, 0, sizeof f);
	if (!call || !uuid_valid(call))
		verr_add(&v, "salesCallId", "Sales call ID must be a UUID", NULL);
	check_description(&v, desc);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (!u->path || strcmp(u->field, "recording")) {
		resp_error(r, 400, "NO_RECORDING_FILE", "No recording file provided (form field"
							 " \"recording\")");
		return;
	}
	rc = related_in_reach(r, "sales-call", call, f.org_id);
	if (rc < 0) {
		resp_db_error(r, rc, "read call");
		return;
	}
	if (!rc || !f.org_id[0]) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return;
	}
	snprintf(f.category, sizeof f.category, "sales-call");
	snprintf(f.related_id, sizeof f.related_id, "%s", call);
	if (desc)
		snprintf(f.description, sizeof f.description, "%s", desc);
	/* A WAV this server can transcribe is queued too (api_recordings.c). */
	wav = recording_check(r, f.org_id, u->path, &rec, &status, why, sizeof why) == 0;
	if (file_store_upload(r, &f))
		return;
	log_info("recording uploaded key=%s call=%s size=%lld", f.key, call, (long long)f.size);
	d = file_json(&f);
	cJSON_AddBoolToObject(d, "success", 1);
	cJSON_AddStringToObject(d, "salesCallId", call);
	if (wav && recording_queue(r, call, &f, &rec, &t) == DB_OK)
		cJSON_AddItemToObject(d, "transcription", t);
	else
		cJSON_AddNullToObject(d, "transcription");
	resp_message(r, 201, "Sales call recording uploaded successfully", d);
}

/* The caller's file named in the path, or -1 after answering 404. */
static int load(struct request *r, struct file_row *f)
{
	const char *key = req_param(r, 0);
	int rc;

	if (!key_ok(key)) {
		not_found(r);
		return -1;
	}
	rc = store_file_by_key(r->db, key, f);
	if (rc == DB_ROW)
		rc = visible(r, f) == 1 ? DB_ROW : DB_DONE;
	if (rc == DB_DONE) {
		not_found(r);
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read file");
		return -1;
	}
	return 0;
}

static void download_signature(const struct request *r, const char *key, long long expires,
			       char out[65])
{
	unsigned char mac[32];
	char msg[128];
	int n = snprintf(msg, sizeof msg, "file-download:%s:%lld", key, expires);

	hmac_sha256(r->srv->cfg.jwt_secret, r->srv->cfg.jwt_secret_len, msg, (size_t)n, NULL, 0,
		    mac);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

static void info(struct request *r)
{
	const char *dl = req_query(r, "download");
	struct file_row f;
	cJSON *m;

	if (load(r, &f))
		return;
	m = metadata_json(&f);
	cJSON_AddStringToObject(m, "originalName", f.original_name);
	cJSON_AddStringToObject(m, "category", f.category);
	json_add_str_or_null(m, "relatedId", f.related_id[0] ? f.related_id : NULL);
	if (dl && !strcmp(dl, "true")) {
		long long exp = time_now_ms() / 1000 + DOWNLOAD_TTL_S;
		char sig[65], url[256];

		download_signature(r, f.key, exp, sig);
		snprintf(url, sizeof url, "/api/v1/files/%s/content?expires=%lld&signature=%s", f.key,
			 exp, sig);
		cJSON_AddStringToObject(m, "downloadUrl", url);
		cJSON_AddNumberToObject(m, "expiresIn", DOWNLOAD_TTL_S);
	}
	resp_data(r, 200, m);
}

/* The signed link itself: no credentials but the signature. */
static void content(struct request *r)
{
	const char *key = req_param(r, 0), *e = req_query(r, "expires"), *sig = req_query(r, "signature");
	struct buf path = BUF_INIT;
	char want[65], disp[400], name[256];
	struct file_row f;
	struct stat sb;
	long long exp;
	char *end;
	int fd, rc;

	exp = e ? strtoll(e, &end, 10) : 0;
	if (!key_ok(key) || !e || *end || !sig || strlen(sig) != 64) {
		resp_error(r, 403, "INVALID_SIGNATURE", "Invalid or missing download signature");
		return;
	}
	download_signature(r, key, exp, want);
	if (!ct_equal(want, sig, 64)) {
		resp_error(r, 403, "INVALID_SIGNATURE", "Invalid or missing download signature");
		return;
	}
	if (exp < time_now_ms() / 1000) {
		resp_error(r, 403, "LINK_EXPIRED", "This download link has expired");
		return;
	}
	rc = store_file_by_key(r->db, key, &f);
	if (rc == DB_DONE) {
		not_found(r);
		return;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read file");
		return;
	}
	file_path(r, f.org_id, f.key, &path);
	fd = open(path.s, O_RDONLY | O_CLOEXEC);
	buf_free(&path);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		log_error("files: %s is recorded but missing on disk", f.key);
		not_found(r);
		return;
	}
	safe_name(f.original_name, name, sizeof name);
	for (char *p = name; *p; p++)
		if ((unsigned char)*p >= 0x80 || *p == '\\' || *p == ';')
			*p = '_'; /* the plain filename= form is ASCII */
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	r->resp.status = 200;
	r->resp.content_type = sniff_canonical(f.content_type);
	resp_header(r, "content-disposition", disp);
	{
		char etag[72];
		snprintf(etag, sizeof etag, "\"%s\"", f.etag);
		resp_header(r, "etag", etag);
	}
	r->resp.file_fd = fd;
	r->resp.file_len = sb.st_size;
}

static void delete_file(struct request *r)
{
	struct buf path = BUF_INIT;
	struct file_row f;
	cJSON *d;
	int rc;

	if (load(r, &f))
		return;
	rc = store_file_delete(r->db, f.key, time_now_ms());
	if (rc == DB_DONE) {
		not_found(r);
		return;
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "delete file");
		return;
	}
	file_path(r, f.org_id, f.key, &path);
	if (unlink(path.s) != 0 && errno != ENOENT)
		log_warn("files: could not remove %s: %s", path.s, strerror(errno));
	buf_free(&path);
	log_info("file deleted key=%s by=%s", f.key, r->who->id);
	d = cJSON_CreateObject();
	cJSON_AddBoolToObject(d, "success", 1);
	cJSON_AddStringToObject(d, "fileKey", f.key);
	json_add_time(d, "deletedAt", time_now_ms(), 1);
	resp_message(r, 200, "File deleted successfully", d);
}

static void status(struct request *r)
{
	int64_t count = 0, bytes = 0;
	struct scope s;
	cJSON *d;
	int rc = authz_scope(r->db, r->who, &s);

	if (rc == DB_OK)
		rc = store_files_usage(r->db, &s, &count, &bytes);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "file usage");
		return;
	}
	d = cJSON_CreateObject();
	cJSON_AddBoolToObject(d, "configured", 1);
	cJSON_AddStringToObject(d, "provider", "local");
	cJSON_AddNullToObject(d, "bucket");
	cJSON_AddNullToObject(d, "endpoint");
	cJSON_AddStringToObject(d, "baseUrl", "/api/v1/files");
	cJSON_AddNumberToObject(d, "maxFileSize", (double)r->srv->cfg.max_file_size);
	cJSON_AddNumberToObject(d, "files", (double)count);
	cJSON_AddNumberToObject(d, "bytes", (double)bytes);
	resp_data(r, 200, d);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/files/upload", upload, AUTH_JWT, ROLES_ANY, ROUTE_UPLOAD,
	  "Upload a file (multipart: file, category, description, relatedId)", 0 },
	{ HTTP_POST, "/api/v1/files/upload-sales-call", upload_recording, AUTH_JWT,
	  ROLE_REP | ROLE_MANAGER | ROLE_ADMIN | ROLE_SUPER, ROUTE_UPLOAD,
	  "Upload a sales call's recording (multipart: recording, salesCallId)", 0 },
	{ HTTP_GET, "/api/v1/files/status", status, AUTH_JWT, ROLES_ADMINS, 0,
	  "File storage status and usage", 0 },
	{ HTTP_GET, "/api/v1/files/:fileKey", info, AUTH_JWT, ROLES_ANY, 0,
	  "A file's metadata; ?download=true adds a signed download URL", 0 },
	{ HTTP_GET, "/api/v1/files/:fileKey/content", content, AUTH_PUBLIC, 0, 0,
	  "Download through a signed URL", 0 },
	{ HTTP_DELETE, "/api/v1/files/:fileKey", delete_file, AUTH_JWT, ROLES_ADMINS, 0,
	  "Delete a file", 0 },
};

const struct route_table api_files_routes = ROUTE_TABLE(routes);
