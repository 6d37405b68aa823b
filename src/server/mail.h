/*
 * mail.h - outgoing email over SMTP (libcurl), or into the log when no
 * SMTP server is configured.
 *
 * SMTP_URL (smtp://host:587 or smtps://host:465), SMTP_USER, SMTP_PASSWORD
 * and SMTP_FROM configure it.  With smtp:// STARTTLS is used when the
 * server offers it.  Without SMTP_URL, mail_send() logs the recipient and
 * subject at info level and reports success (never the body, which may hold
 * a secret such as a reset link).  Blocking: call it on a worker thread.
 */
#ifndef SALESAN_MAIL_H
#define SALESAN_MAIL_H

struct srv_config;

/*
 * Send a plain-text UTF-8 message.  to and subject must not contain CR or
 * LF (they are refused: header injection).  Returns 0 when the message was
 * accepted by the relay (or logged), -1 with a malloc'd reason in *err.
 */
int mail_send(const struct srv_config *cfg, const char *to, const char *subject,
	      const char *body, char **err);

/* True when SMTP_URL is set. */
int mail_configured(const struct srv_config *cfg);

#endif
