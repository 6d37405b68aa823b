#include "mail.h"
#include "config.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t reader(char *ptr, size_t size, size_t n, void *ud)
{
	struct upload *u = ud;
	size_t room = size * n, left = u->len - u->pos;

	if (room > left)
		room = left;
	memcpy(ptr, u->data + u->pos, room);
	u->pos += room;
	return room;
}

int mail_configured(const struct srv_config *cfg)
{
	return cfg->smtp_url && *cfg->smtp_url;
}

/* "Name <addr>" or "addr" -> addr, for the SMTP envelope. */
static char *envelope_address(const char *from)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (lt && gt)
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return xstrdup(from);
}

/* RFC 2047 encoded-word for a header value with non-ASCII bytes. */
static void add_header_text(struct buf *b, const char *s)
{
	const unsigned char *p;
	char *enc;

	for (p = (const unsigned char *)s; *p && *p < 0x80; p++)
		;
	if (!*p) {
		buf_addstr(b, s);
		return;
	}
	enc = b64url_encode((const unsigned char *)s, strlen(s));
	/* base64url differs from base64 only in - and _; map them back. */
	for (char *c = enc; *c; c++)
		*c = *c == '-' ? '+' : *c == '_' ? '/' : *c;
	buf_addf(b, "=?UTF-8?B?%s", enc);
	for (size_t pad = strlen(enc) % 4; pad && pad < 4; pad++)
		buf_addch(b, '=');
	buf_addstr(b, "?=");
	free(enc);
}

int mail_send(const struct srv_config *cfg, const char *to, const char *subject,
	      const char *body, char **err)
{
	struct buf msg = BUF_INIT, e = BUF_INIT;
	struct curl_slist *rcpt = NULL;
	struct upload up;
	char date[64], mid[UUID_STR_LEN], curlerr[CURL_ERROR_SIZE] = "";
	char *from_addr;
	time_t now = time(NULL);
	struct tm tm;
	const char *p;
	CURL *c;
	CURLcode rc;

	if (strpbrk(to, "\r\n") || strpbrk(subject, "\r\n")) {
		*err = xstrdup("line breaks in an address or subject");
		return -1;
	}
	if (!mail_configured(cfg)) {
		log_info("email not sent (SMTP_URL is not set) to=%s subject=\"%s\"", to, subject);
		return 0;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	uuid_v4(mid);
	buf_addf(&msg, "Date: %s\r\nTo: <%s>\r\nFrom: %s\r\nSubject: ", date, to, cfg->smtp_from);
	add_header_text(&msg, subject);
	buf_addf(&msg, "\r\nMessage-ID: <%s@salesan>\r\nMIME-Version: 1.0\r\n"
		       "Content-Type: text/plain; charset=UTF-8\r\n"
		       "Content-Transfer-Encoding: 8bit\r\n\r\n", mid);
	/* Normalise line ends to CRLF (curl dot-stuffs lines starting with '.'). */
	for (p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_addch(&msg, '\r');
		buf_addch(&msg, *p);
	}
	buf_addstr(&msg, "\r\n");

	from_addr = envelope_address(cfg->smtp_from);
	rcpt = curl_slist_append(rcpt, to);
	up.data = msg.s;
	up.len = msg.len;
	up.pos = 0;
	c = curl_easy_init();
	if (!c)
		abort();
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (cfg->smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_addr);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, reader);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	free(from_addr);
	buf_free(&msg);
	if (rc != CURLE_OK) {
		buf_addf(&e, "%s", curlerr[0] ? curlerr : curl_easy_strerror(rc));
		log_warn("email to=%s failed: %s", to, e.s);
		*err = buf_detach(&e, NULL);
		return -1;
	}
	log_info("email sent to=%s subject=\"%s\"", to, subject);
	return 0;
}
