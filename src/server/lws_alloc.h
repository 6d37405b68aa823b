/*
 * lws_alloc.h - the allocator salesand gives libwebsockets.
 *
 * Why: every HTTP request and WebSocket handshake borrows a header table
 * whose data block is max_http_header_data (16 KiB) and gives it back a
 * moment later.  From glibc's heap, the small long-lived objects of the new
 * connection (wsi, user space, ws struct, rx buffer: ~2.7 KB) are carved
 * out of the hole that block leaves, so the next block goes to the top of
 * the heap: 10,000 idle WebSockets spread ~2.7 KB each over ~110 MB, and
 * trimming cannot return the partly used pages (measured 5 KB resident per
 * idle connection; 2.9 KB with this allocator).
 *
 * How: blocks of LWS_ALLOC_BIG bytes or more live outside the heap, in
 * their own mappings, with a small cache of freed ones so the request path
 * makes no system calls in the steady state; smaller objects stay on
 * glibc's heap where they pack densely.  Every block carries a 16-byte
 * header saying which kind it is and its size.
 *
 * Thread-safe.  Failure: returns NULL like realloc (libwebsockets handles
 * it as an allocation failure of that connection).
 */
#ifndef SALESAN_LWS_ALLOC_H
#define SALESAN_LWS_ALLOC_H

#include <stddef.h>

#define LWS_ALLOC_BIG 8192

/* The lws_set_allocator() callback: ptr NULL allocates, size 0 frees. */
void *lws_alloc_realloc(void *ptr, size_t size, const char *reason);

/* Return the cached big blocks to the system (the server's periodic trim). */
void lws_alloc_trim(void);

#endif
