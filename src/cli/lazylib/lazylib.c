/*
 * lazylib.c - libcurl and libwebsockets for salesan, loaded on first use.
 *
 * Why: libcurl drags in GnuTLS, p11-kit, Kerberos and LDAP, whose
 * start-up work costs about 6 ms in every process that links them, and
 * libwebsockets another 1.5 ms (OpenSSL).  Most salesan runs never touch
 * the network (--version, help, shell completion, --offline reports,
 * scripts validate), so salesan is linked without them and this file
 * defines the functions it uses; the first call dlopen()s the library
 * (by the soname it was built against) and every call forwards to the
 * real function.  salesand links the libraries normally.
 *
 * The two variadic curl functions take exactly one argument whose type
 * curl encodes in the option number (long, pointer, curl_off_t); getinfo
 * always takes a pointer.  A library that cannot be loaded is fatal, with
 * a message naming it.  This file is linked into salesan only (never into
 * libcli.a, so tests linking the real libraries are unaffected).
 */
#define CURL_DISABLE_TYPECHECK /* we define curl_easy_setopt itself */
#include "common/exitcodes.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <libwebsockets.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef CURL_SONAME
#define CURL_SONAME "libcurl.so.4"
#endif
#ifndef LWS_SONAME
#define LWS_SONAME "libwebsockets.so.17"
#endif

static void *curl_lib, *lws_lib;

static void *sym(void **lib, const char *soname, const char *name)
{
	void *p;

	if (!*lib && !(*lib = dlopen(soname, RTLD_NOW | RTLD_GLOBAL))) {
		fprintf(stderr, "salesan: cannot load %s: %s (install it with `make deps`)\n", soname,
			dlerror());
		exit(EXIT_FAIL);
	}
	if (!(p = dlsym(*lib, name))) {
		fprintf(stderr, "salesan: %s has no %s\n", soname, name);
		exit(EXIT_FAIL);
	}
	return p;
}

/* Forward name(params) to the real function (args: the parameter names). */
#define FWD(lib, soname, ret, name, params, args)                                   \
	ret name params                                                              \
	{                                                                            \
		static ret(*real) params;                                            \
		if (!real)                                                           \
			*(void **)&real = sym(&lib, soname, #name);                  \
		return real args;                                                    \
	}
#define FWDV(lib, soname, name, params, args)                                       \
	void name params                                                             \
	{                                                                            \
		static void(*real) params;                                           \
		if (!real)                                                           \
			*(void **)&real = sym(&lib, soname, #name);                  \
		real args;                                                           \
	}
#define CURLF(ret, name, params, args) FWD(curl_lib, CURL_SONAME, ret, name, params, args)
#define CURLV(name, params, args) FWDV(curl_lib, CURL_SONAME, name, params, args)
#define LWSF(ret, name, params, args) FWD(lws_lib, LWS_SONAME, ret, name, params, args)
#define LWSV(name, params, args) FWDV(lws_lib, LWS_SONAME, name, params, args)

CURLF(CURLcode, curl_global_init, (long flags), (flags))
CURLF(CURL *, curl_easy_init, (void), ())
CURLF(CURLcode, curl_easy_perform, (CURL *h), (h))
CURLV(curl_easy_cleanup, (CURL *h), (h))
CURLV(curl_easy_reset, (CURL *h), (h))
CURLF(const char *, curl_easy_strerror, (CURLcode c), (c))
CURLF(char *, curl_easy_escape, (CURL *h, const char *s, int n), (h, s, n))
CURLV(curl_free, (void *p), (p))
CURLF(struct curl_slist *, curl_slist_append, (struct curl_slist *l, const char *s), (l, s))
CURLV(curl_slist_free_all, (struct curl_slist *l), (l))
CURLF(curl_mime *, curl_mime_init, (CURL *h), (h))
CURLV(curl_mime_free, (curl_mime *m), (m))
CURLF(curl_mimepart *, curl_mime_addpart, (curl_mime *m), (m))
CURLF(CURLcode, curl_mime_name, (curl_mimepart *p, const char *s), (p, s))
CURLF(CURLcode, curl_mime_filename, (curl_mimepart *p, const char *s), (p, s))
CURLF(CURLcode, curl_mime_type, (curl_mimepart *p, const char *s), (p, s))
CURLF(CURLcode, curl_mime_data, (curl_mimepart *p, const char *d, size_t n), (p, d, n))

CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
	static CURLcode (*real)(CURL *, CURLoption, ...);
	CURLcode rc;
	va_list ap;

	if (!real)
		*(void **)&real = sym(&curl_lib, CURL_SONAME, "curl_easy_setopt");
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = real(h, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = real(h, opt, va_arg(ap, void *)); /* data, strings and callbacks */
	else if (opt < CURLOPTTYPE_BLOB)
		rc = real(h, opt, va_arg(ap, curl_off_t));
	else
		rc = real(h, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
	static CURLcode (*real)(CURL *, CURLINFO, ...);
	CURLcode rc;
	va_list ap;

	if (!real)
		*(void **)&real = sym(&curl_lib, CURL_SONAME, "curl_easy_getinfo");
	va_start(ap, info);
	rc = real(h, info, va_arg(ap, void *)); /* always a pointer to the result */
	va_end(ap);
	return rc;
}

LWSF(int, lws_write, (struct lws *w, unsigned char *b, size_t n, enum lws_write_protocol p),
     (w, b, n, p))
LWSV(lws_set_log_level, (int level, void (*emit)(int level, const char *line)), (level, emit))
LWSF(int, lws_service, (struct lws_context *c, int ms), (c, ms))
LWSF(size_t, lws_remaining_packet_payload, (struct lws *w), (w))
LWSF(int, lws_is_final_fragment, (struct lws *w), (w))
LWSF(struct lws_context *, lws_get_context, (const struct lws *w), (w))
LWSF(struct lws_context *, lws_create_context, (const struct lws_context_creation_info *i), (i))
LWSF(void *, lws_context_user, (struct lws_context *c), (c))
LWSV(lws_context_destroy, (struct lws_context *c), (c))
LWSF(struct lws *, lws_client_connect_via_info, (const struct lws_client_connect_info *i), (i))
LWSF(int, lws_callback_on_writable, (struct lws *w), (w))
