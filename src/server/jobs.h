/*
 * jobs.h - the worker pool: blocking work off the event loop.
 *
 * A fixed set of threads runs submitted jobs in FIFO order.  When a job's
 * run() returns, the job moves to a completion queue and the pool calls the
 * wake() hook (salesand passes one that calls lws_cancel_service, the only
 * thread-safe lws call); the event-loop thread then calls
 * jobs_drain_completed(), which runs each job's done() on that thread.
 *
 * Each worker thread owns a state created by thread_init (a database
 * connection in salesand), passed to every run() on that thread.
 *
 * All signals are blocked in worker threads, so SIGTERM always reaches the
 * loop thread.
 */
#ifndef SALESAN_JOBS_H
#define SALESAN_JOBS_H

struct jobs;

typedef void (*job_run_fn)(void *arg, void *thread_state);
typedef void (*job_done_fn)(void *arg);

struct jobs_config {
	int threads;
	int queue_max;                          /* submitted, not yet started */
	void *(*thread_init)(void *ud);         /* may return NULL */
	void (*thread_fini)(void *state, void *ud);
	void *ud;
	void (*wake)(void *wake_ud);            /* called from worker threads */
	void *wake_ud;
};

/* Start the threads.  Returns NULL when no thread could be created. */
struct jobs *jobs_create(const struct jobs_config *cfg);
/*
 * Queue a job.  Returns 0, or -1 when the queue is full or the pool is
 * shutting down (the job was not queued; the caller answers 503).  done may
 * be NULL.
 */
int jobs_submit(struct jobs *j, job_run_fn run, job_done_fn done, void *arg);
/* Loop thread only: run done() for every finished job.  Returns how many. */
int jobs_drain_completed(struct jobs *j);
/* Jobs queued or running, not yet drained. */
int jobs_pending(struct jobs *j);
int jobs_queue_depth(struct jobs *j);
/* Finish everything queued, join the threads, run remaining done()s on the
 * calling thread and free the pool. */
void jobs_destroy(struct jobs *j);

#endif
