/* trace_chrome_internal.h - what the files of the Chrome trace writer share.
 *
 * trace_chrome.c reads the trace (through the reader, reader.h) and writes what
 * each event shows; trace_chrome_out.c formats the output events;
 * trace_chrome_workers.c turns the reader's changes into the workers' spans and
 * the requests' tracks. Nothing here is public.
 */
#ifndef BISTRO_TRACE_CHROME_INTERNAL_H
#define BISTRO_TRACE_CHROME_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reader.h"
#include "scenario.h"
#include "sink.h"
#include "trace.h"

/* ---- output ------------------------------------------------------------------------- */

/* One output event under construction (sink.h's sink_line), and whether an event
 * was written yet (no comma before the first). */
typedef struct {
    sink_line l;
    bool first;
} chrome__out;

static inline void chrome__flush(chrome__out *o)
{
    sink_line_flush(&o->l);
}

static inline void chrome__raw(chrome__out *o, const char *text)
{
    sink_line_raw(&o->l, text);
}

static inline void chrome__i64(chrome__out *o, int64_t v)
{
    sink_line_i64(&o->l, v);
}

/* Nanoseconds as an exact decimal number of microseconds. */
static inline void chrome__us(chrome__out *o, int64_t ns)
{
    sink_line_decimal(&o->l, ns, 3);
}

/* A JSON string, escaped by sink_json_string. */
static inline void chrome__str(chrome__out *o, const char *text)
{
    sink_line_json(&o->l, text);
}

/* Starts an event: the separator, then {"name": (the caller writes the name). */
void chrome__open_name(chrome__out *o);
/* chrome__open_name() and the name: escaped when `escape` (a text from the
 * scenario), else written as it is (our own ASCII). */
void chrome__open(chrome__out *o, const char *name, bool escape);
/* ,"cat":..,"ph":..[,"ts":..] then ,"pid":..[,"tid":..] (tid < 1: left out). */
void chrome__head(chrome__out *o, const char *cat, const char *ph, int64_t ts, bool has_ts,
                  int32_t pid, int32_t tid);
/* Closes the event (and its args object when `args`). */
void chrome__close(chrome__out *o, bool args);

/* ---- workers, cores, processes, loops ------------------------------------------------ */

typedef struct {
    int64_t enq, deq; /* items ever put in / taken out: length = enq - deq */
} chrome__queue;

typedef struct {
    int64_t since;      /* start of the current span */
    int32_t req, step;  /* of the current span */
    int32_t span_core;  /* the core a running span runs on */
    int32_t proc;       /* its process (from spawn) */
    int32_t span_pid;   /* the process track of the current span */
    int32_t named_proc; /* the process its thread metadata was written for, or -1 */
    int32_t loop;       /* its loop (the reader's index) when it is an event loop, or -1 */
    uint8_t state;      /* tl_worker_state; TL_W_WAITING spans say where it waits */
    uint8_t phase;      /* a waiting loop's phase (poll, select) */
    bool spawned;
} chrome__worker;

/* A request's own track: its current part, written when it ends. */
typedef struct {
    int64_t since;
    int32_t worker, device;
    uint8_t state;      /* tl_request_state; PENDING before its arrival */
    int32_t pid;        /* the process it was sent to, + 1 */
} chrome__request;

enum { CHROME__PROCQ_ACCEPT, CHROME__PROCQ_THREADPOOL, CHROME__PROCQ_WORKER, CHROME__PROCQ_COUNT };

typedef struct {
    int32_t first_tid;             /* tid of its first worker, or 0 while it has none */
    bool named;
    chrome__queue q[CHROME__PROCQ_COUNT];
} chrome__proc;

typedef struct {
    int32_t worker;  /* the loop's thread */
    int32_t number;  /* 0: the process's event loop; k: "worker thread k" */
    int64_t timers;  /* armed, not yet fired */
    chrome__queue q[TRACE_QUEUE_COUNT]; /* its own queues (next_tick .. ready) */
} chrome__loop;

typedef struct {
    chrome__out out;
    const scn_scenario *scn;
    rd_reader *rd;       /* the run as the reader reads it: every worker's state */
    const char *runtime_name;
    int64_t now;
    int64_t nproc; /* the runtime's processes */
    chrome__worker *w;
    size_t nw, cap_w;
    chrome__request *reqs; /* one per request */
    size_t nreqs;
    chrome__proc *procs;
    size_t nprocs, cap_procs;
    chrome__loop *loops; /* one per loop of the run */
    size_t nloops;
    chrome__queue *devq; /* one per device */
    char **devname;      /* each device's counter name, "queue device NAME" */
    int err;             /* the first error of our own (SIM_EINVAL, SIM_ENOMEM) */
} chrome__ctx;

/* Sets ctx->err (if unset) and returns false, for `return chrome__fail(..)`. */
bool chrome__fail(chrome__ctx *c, int err);

/* The spawned worker an event names, or NULL after chrome__fail(SIM_EINVAL). */
chrome__worker *chrome__worker_at(chrome__ctx *c, int32_t w);

/* Process p (< SCN_MAX_PROCESSES), created on first use; NULL after a failure. */
chrome__proc *chrome__proc_at(chrome__ctx *c, int64_t p);

/* A track's ids: pid = process + 1, tid = worker + 1. */
int32_t chrome__pid(const chrome__worker *x);

/* The reader's picture of the run changed (reader.h's rd_changed): a worker's
 * track gets its span that ended, a request's track its part that ended. */
void chrome__changed(void *ctx, rd_kind kind, size_t index);
/* Worker w was spawned: its track (and its process's) is named at once. */
void chrome__on_spawn(chrome__ctx *c, int32_t w);
/* A request arrives for process p: its track begins. */
void chrome__request_arrives(chrome__ctx *c, int32_t req, int64_t p);
/* Ends every open span at ctx->now (the end of the run). */
void chrome__close_all(chrome__ctx *c);

void chrome__free(chrome__ctx *c);

#endif
