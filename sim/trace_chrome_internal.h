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
    int32_t pid;        /* the track of the process it was sent to */
    int32_t last_worker; /* the last worker that held it, or -1 */
    int32_t calls;       /* its calls awaiting their replies: a list in the arrows' pool, or -1 */
    int32_t ends;        /* arrows that end at its next slice: a list in the pool, or -1 */
    bool moved;          /* an event named it while it held some */
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

/* An arrow between a call and the service's request it causes (trace_chrome_calls.c):
 * an entry of a request's list of calls (service, number, when the reply comes)
 * or of arrows to end (id, service, which way). */
typedef struct {
    int64_t number;  /* the call's number at the service: the request there */
    int64_t reply_t; /* when the reply reaches the caller (a call); a start: its request */
    int32_t service;
    int32_t next;    /* the next entry of the list, or -1; a start: its worker */
    bool reply;      /* an arrow to end: the reply's (else the call's) */
} chrome__arrow;

/* What every run of a file with services shares: each service's requests' ends,
 * for the caller to know which reply is which, and the arrows' names. */
typedef struct {
    size_t nservices;
    int64_t latency;    /* the network's, one way */
    int64_t **done_t;   /* [s][k]: when service s's request k ended, or -1 */
    size_t *nreqs;      /* [s]: the requests of service s (its calls) */
    char **call_name;   /* [s]: "call NAME" */
    char **reply_name;  /* [s]: "reply NAME" */
} chrome__calls;

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
    /* A run in a file that holds several (the front and its services): its ids
     * start after those of the runs before it; all 0 and NULL for a file of one run. */
    int32_t pid_base, tid_base, owner_base;
    int64_t req_base;      /* for the requests' async ids */
    const char *label;     /* its processes' name ("front: NAME", "NAME service"), or NULL */
    int32_t service;       /* the service this run is, or -1 (the front) */
    const chrome__calls *calls; /* NULL: no arrows between runs */
    chrome__arrow *arrows; /* the pool of the requests' lists */
    size_t narrows, cap_arrows;
    int32_t free_arrow;    /* a list of the pool's free entries, or -1 */
    chrome__arrow *starts; /* arrows that start in this instant (next: the worker) */
    size_t nstarts, cap_starts;
    int32_t *due; /* requests that began in this instant (chrome__request_started) */
    size_t ndue, cap_due;
} chrome__ctx;

/* Sets ctx->err (if unset) and returns false, for `return chrome__fail(..)`. */
bool chrome__fail(chrome__ctx *c, int err);

/* The spawned worker an event names, or NULL after chrome__fail(SIM_EINVAL). */
chrome__worker *chrome__worker_at(chrome__ctx *c, int32_t w);

/* Process p (< SCN_MAX_PROCESSES), created on first use; NULL after a failure. */
chrome__proc *chrome__proc_at(chrome__ctx *c, int64_t p);

/* A track's ids: pid = process + 1, tid = worker + 1, after the bases of the runs
 * written before this one in the same file. */
static inline int32_t chrome__pid_of(const chrome__ctx *c, int64_t p)
{
    return c->pid_base + (int32_t)p + 1;
}
static inline int32_t chrome__tid(const chrome__ctx *c, int32_t w)
{
    return c->tid_base + w + 1;
}
int32_t chrome__pid(const chrome__ctx *c, const chrome__worker *x);

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

/* ---- the file (trace_chrome.c) ------------------------------------------------------- */

/* A chrome_run of trace_chrome.h. */
typedef struct chrome_run chrome_run;

extern const char chrome__file_head[]; /* the file up to its first event */
/* The events of one run (c set up but for its reader), into the array the caller
 * opened. 0 or an error. */
int chrome__write_run(chrome__ctx *c, const trace *tr);
/* The file's end; with services (n > 1), otherData's "services": the names of
 * runs[1..n-1] that were `written`. */
void chrome__write_footer(sim_sink *out, const scn_scenario *scn, const char *runtime_name,
                          uint64_t seed, const chrome_run *runs, const bool *written, size_t n);
/* The writer's result; an error fails the sink too, so a partial file is never
 * committed. */
int chrome__finish(sim_sink *out, int err);

/* ---- arrows between runs (trace_chrome_calls.c); no-ops without c->calls ------------- */

/* A call leaves (ev: TRACE_CALL): its arrow starts on the caller's track. */
void chrome__on_call(chrome__ctx *c, const trace_event *ev);
/* An I/O of request req ended now: if it was a call's reply, its arrow ends at the
 * request's next slice. */
void chrome__on_io_done(chrome__ctx *c, int32_t req);
/* Request req of a service arrives: the call's arrow ends at its first slice. */
void chrome__on_service_arrive(chrome__ctx *c, int32_t req);
/* Request req ends on worker w (-1: none): its arrows still open end here, and a
 * service's reply arrow starts. */
void chrome__on_request_done(chrome__ctx *c, int32_t req, int32_t w);
/* Worker w's track starts a span of request req: the arrows that wait end at it. */
void chrome__end_arrows(chrome__ctx *c, int32_t req, int32_t w);
/* An event names request req: if it holds arrows to end, it went on. */
void chrome__request_seen(chrome__ctx *c, int32_t req);
/* Request req changed or received an arrow in this instant: if at its end it
 * went on after its arrows came, waits for no worker and no span of it began,
 * they end without one. */
void chrome__request_due(chrome__ctx *c, int32_t req);
/* The instant is over: the arrows that end without a span, then those that
 * started during it, are written. */
void chrome__instant_over(chrome__ctx *c);
/* The run is over: arrows still open end on their request's last track. */
void chrome__end_all_arrows(chrome__ctx *c);

#endif
