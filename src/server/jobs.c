#include "jobs.h"
#include "common/xmalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

struct job {
	job_run_fn run;
	job_done_fn done;
	void *arg;
	struct job *next;
};

struct jobs {
	struct jobs_config cfg;
	pthread_t *threads;
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct job *head, *tail;     /* queued */
	struct job *done_head, *done_tail;
	int queued, pending, stopping;
};

static void *worker(void *p)
{
	struct jobs *j = p;
	void *state = j->cfg.thread_init ? j->cfg.thread_init(j->cfg.ud) : NULL;

	for (;;) {
		struct job *job;

		pthread_mutex_lock(&j->lock);
		while (!j->head && !j->stopping)
			pthread_cond_wait(&j->cond, &j->lock);
		job = j->head;
		if (!job) { /* stopping and nothing left */
			pthread_mutex_unlock(&j->lock);
			break;
		}
		j->head = job->next;
		if (!j->head)
			j->tail = NULL;
		j->queued--;
		pthread_mutex_unlock(&j->lock);

		job->run(job->arg, state);

		job->next = NULL;
		pthread_mutex_lock(&j->lock);
		if (j->done_tail)
			j->done_tail->next = job;
		else
			j->done_head = job;
		j->done_tail = job;
		pthread_mutex_unlock(&j->lock);
		if (j->cfg.wake)
			j->cfg.wake(j->cfg.wake_ud);
	}
	if (j->cfg.thread_fini)
		j->cfg.thread_fini(state, j->cfg.ud);
	return NULL;
}

struct jobs *jobs_create(const struct jobs_config *cfg)
{
	struct jobs *j = xcalloc(1, sizeof *j);
	sigset_t all, old;
	int i;

	j->cfg = *cfg;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	j->threads = xcalloc((size_t)cfg->threads, sizeof *j->threads);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < cfg->threads; i++)
		if (pthread_create(&j->threads[j->nthreads], NULL, worker, j) == 0)
			j->nthreads++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!j->nthreads) {
		free(j->threads);
		free(j);
		return NULL;
	}
	return j;
}

int jobs_submit(struct jobs *j, job_run_fn run, job_done_fn done, void *arg)
{
	struct job *job;

	pthread_mutex_lock(&j->lock);
	if (j->stopping || j->queued >= j->cfg.queue_max) {
		pthread_mutex_unlock(&j->lock);
		return -1;
	}
	job = xmalloc(sizeof *job);
	job->run = run;
	job->done = done;
	job->arg = arg;
	job->next = NULL;
	if (j->tail)
		j->tail->next = job;
	else
		j->head = job;
	j->tail = job;
	j->queued++;
	j->pending++;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return 0;
}

int jobs_drain_completed(struct jobs *j)
{
	struct job *list, *next;
	int n = 0;

	pthread_mutex_lock(&j->lock);
	list = j->done_head;
	j->done_head = j->done_tail = NULL;
	pthread_mutex_unlock(&j->lock);
	for (; list; list = next) {
		next = list->next;
		if (list->done)
			list->done(list->arg);
		free(list);
		n++;
	}
	if (n) {
		pthread_mutex_lock(&j->lock);
		j->pending -= n;
		pthread_mutex_unlock(&j->lock);
	}
	return n;
}

int jobs_pending(struct jobs *j)
{
	int n;

	pthread_mutex_lock(&j->lock);
	n = j->pending;
	pthread_mutex_unlock(&j->lock);
	return n;
}

int jobs_queue_depth(struct jobs *j)
{
	int n;

	pthread_mutex_lock(&j->lock);
	n = j->queued;
	pthread_mutex_unlock(&j->lock);
	return n;
}

void jobs_destroy(struct jobs *j)
{
	int i;

	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stopping = 1;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	for (i = 0; i < j->nthreads; i++)
		pthread_join(j->threads[i], NULL);
	jobs_drain_completed(j);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j->threads);
	free(j);
}
