/*
 * watchdog.h - noticing an event loop that stops turning, and telling
 * systemd (sd_notify protocol, no libsystemd needed).
 *
 * The loop calls watchdog_beat() from its 250 ms tick.  A thread checks
 * the beat every WATCHDOG_CHECK_MS: while it is fresh it sends
 * "WATCHDOG=1" to $NOTIFY_SOCKET (when systemd set WatchdogSec, as
 * $WATCHDOG_USEC tells); when the loop has not turned for
 * WATCHDOG_STALL_MS it logs an error once per stall and stops pinging, so
 * systemd kills and restarts salesand (Restart=on-failure; see
 * share/salesan/salesand.service).  READY=1 is sent once the server
 * listens, STOPPING=1 when it shuts down.
 */
#ifndef SALESAN_WATCHDOG_H
#define SALESAN_WATCHDOG_H

#define WATCHDOG_CHECK_MS 1000
#define WATCHDOG_STALL_MS 5000

/* Start the checking thread.  0, or -1 (logged). */
int watchdog_start(void);
void watchdog_stop(void);
/* Loop thread: it turned. */
void watchdog_beat(void);
/* Send one sd_notify message ("READY=1", ...); nothing without
 * $NOTIFY_SOCKET.  Any thread. */
void watchdog_notify(const char *msg);

#endif
