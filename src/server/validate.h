/*
 * validate.h - input validation with every problem reported at once.
 *
 * A struct verrs collects {"path","msg","location","value"?} entries in the
 * original's VALIDATION_ERROR shape; resp_validation() turns them into a
 * 400.  The field specs (struct field) describe a resource's columns once:
 * their JSON names (camelCase, with the snake_case alias the original
 * accepted), types, bounds and who may write them.  The same spec drives
 * request parsing here and row-to-JSON output in the stores (fields.c).
 */
#ifndef SALESAN_VALIDATE_H
#define SALESAN_VALIDATE_H

#include "http.h"

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

struct verrs {
	cJSON *details; /* array, created on first error */
	int n;
};

/* Record a problem with field path.  value (may be NULL) is copied. */
void verr_add(struct verrs *v, const char *path, const char *msg, const cJSON *value);
/* The same with another location ("query", "params"). */
void verr_add_at(struct verrs *v, const char *location, const char *path, const char *msg,
		 const cJSON *value);
void verr_addf(struct verrs *v, const char *path, const cJSON *value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* 400 VALIDATION_ERROR listing every problem; consumes v. */
void resp_validation(struct request *r, struct verrs *v);
void verrs_free(struct verrs *v);

enum ftype {
	FT_TEXT,      /* bounded UTF-8 text without control characters */
	FT_LONGTEXT,  /* like FT_TEXT but newlines and tabs allowed */
	FT_EMAIL,
	FT_PHONE,     /* digits, spaces and + - ( ) . x */
	FT_URL,       /* http(s) URL */
	FT_UUID,
	FT_ENUM,
	FT_TIME,      /* ISO-8601 in, integer ms in the column */
	FT_MONEY,     /* number >= 0 in, integer cents in the column */
	FT_INT,
	FT_REAL,
	FT_BOOL,
	FT_JSON,      /* object stored as JSON text */
	FT_STRINGS,   /* array of bounded strings stored as JSON text */
};

#define FF_CREATE   0x01u /* the client may set it on create */
#define FF_UPDATE   0x02u /* the client may change it on update */
#define FF_REQUIRED 0x04u /* must be present on create */
#define FF_NULLABLE 0x08u /* may be cleared with null */
#define FF_HIDDEN   0x10u /* never shown */
#define FF_DETAIL   0x20u /* shown for one object, not in lists */

struct field {
	const char *json;          /* camelCase API name */
	const char *alias;         /* snake_case request alias, or NULL */
	const char *column;        /* SQL column */
	enum ftype type;
	unsigned flags;
	int maxlen;                /* characters (text) or items (arrays) */
	const char *const *values; /* FT_ENUM: NULL-terminated */
	double min, max;           /* FT_INT/FT_REAL/FT_MONEY bounds */
};

/* A parsed, validated value ready for a store. */
struct fval {
	const struct field *f;
	int is_null;
	char *text;   /* FT_TEXT..FT_ENUM, FT_JSON, FT_STRINGS */
	int64_t i;    /* FT_TIME, FT_MONEY (cents), FT_INT, FT_BOOL */
	double d;     /* FT_REAL */
};

#define FVALS_MAX 48

struct fvals {
	struct fval v[FVALS_MAX];
	int n;
};

/*
 * Validate body (a JSON object) against fields for mode FF_CREATE or
 * FF_UPDATE.  Fields the mode does not allow and unknown keys are ignored
 * (never written: there is no mass assignment).  Problems go to errs;
 * accepted values to out (caller frees with fvals_free).  A non-object body
 * is itself a problem.
 */
void fields_parse(const struct field *fs, size_t n, const cJSON *body, unsigned mode,
		  struct fvals *out, struct verrs *errs);
const struct fval *fvals_get(const struct fvals *v, const char *json_name);
/* Remove a parsed value (when a handler consumes it specially). */
void fvals_remove(struct fvals *v, const char *json_name);
/* Add a server-decided value (text copied). */
void fvals_set_text(struct fvals *v, const struct field *f, const char *text);
void fvals_set_int(struct fvals *v, const struct field *f, int64_t i);
void fvals_set_real(struct fvals *v, const struct field *f, double d);
void fvals_set_null(struct fvals *v, const struct field *f);
void fvals_free(struct fvals *v);
/* The field named json_name in fs, or NULL. */
const struct field *fields_find(const struct field *fs, size_t n, const char *json_name);

/* Value checks usable on their own.  Each returns NULL when s is fine or
 * a static message. */
const char *check_text(const char *s, int maxlen, int allow_newlines);
const char *check_email(const char *s);
const char *check_password(const char *s);

/* Parse page/limit query parameters: page >= 1, limit 1..max_limit
 * (default def_limit).  Problems go to errs. */
void parse_pagination(const struct request *r, int def_limit, int max_limit,
		      int64_t *page, int64_t *limit, struct verrs *errs);
/* Optional query parameters.  Absent or empty leaves *out NULL / *has 0;
 * a bad value is reported to v. */
void query_enum(const struct request *r, const char *key, const char *const *values,
		const char **out, struct verrs *v);
void query_uuid(const struct request *r, const char *key, const char **out, struct verrs *v);
/* One ISO-8601 date or date-time parameter; with end_of_day a bare date
 * means the last millisecond of that day. */
void query_time(const struct request *r, const char *key, int end_of_day, int64_t *ms, int *has,
		struct verrs *v);
/* startDate and endDate, each optional; a date-only endDate includes that
 * whole day; endDate before startDate is a problem. */
void query_date_range(const struct request *r, int64_t *start, int *has_start, int64_t *end,
		      int *has_end, struct verrs *v);
/* A pagination object {page, limit, total, pages}. */
cJSON *pagination_json(int64_t page, int64_t limit, int64_t total);

#endif
