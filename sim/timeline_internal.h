/* timeline_internal.h - the timeline's storage, shared by its files.
 *
 *   timeline.c          the build: reading the trace in order, instant by instant
 *   timeline_workers.c  the worker state machine: cores, the GIL, requests' parts
 *   timeline_events.c   requests, queues, timers, I/O, the log, loop lag
 *   timeline_steps.c    which op of its program each worker is at
 *   timeline_tasks.c    where a loop's tasks and a pool thread's jobs start
 *   timeline_lanes.c    recording intervals and totals while building; the layout
 *   timeline_query.c    the public lookups
 *   timeline_rank.c     a wavelet matrix: k-th smallest latency of the first m
 *
 * Lanes are stored per kind in one array of 24-byte intervals grouped by lane
 * (first[lane] .. first[lane + 1]), each group sorted by time.
 */
#ifndef BISTRO_TIMELINE_INTERNAL_H
#define BISTRO_TIMELINE_INTERNAL_H

#include "heap.h"
#include "timeline.h"
#include "workload.h"

/* One stored interval. Its meaning by lane kind:
 *   worker   a = req, b = step, c = line, core, state
 *   request  a = worker, b = step, c = line, state
 *   core     a = worker, b = req, state
 *   GIL      a = holder, b = holder's req, c = waiters, flag = drop request, state
 *   queue    c = length
 *   phase    state = trace_phase */
typedef struct {
    int64_t t;
    int32_t a, b, c;
    uint8_t state, flag;
    int16_t core;
} tl__iv;

_Static_assert(sizeof(tl__iv) == 24, "an interval is 24 bytes");

typedef struct {
    size_t n;      /* lanes */
    size_t *first; /* n + 1 offsets into iv */
    tl__iv *iv;
} tl__lanes;

/* A piecewise-linear running total: between points it grows by `rate` per ns. */
typedef struct {
    int64_t t, total, rate;
} tl__cum_pt;

typedef struct {
    tl__cum_pt *p;
    size_t n, cap;
} tl__cum;

/* A request changing state, for the per-state counts over time. */
typedef struct {
    int64_t t;
    uint8_t from, to;
} tl__trans;

#define TL__CHECKPOINT 256 /* transitions between stored totals */

/* Queue lanes: per loop its own six (next_tick, microtask, timers, poll, check,
 * ready), then per process three (accept, threadpool, worker), then per device. */
enum { TL__LOOPQ_COUNT = 6, TL__PROCQ_COUNT = 3 };

typedef struct {
    int64_t count[TL_R_COUNT];
    __int128 area[TL_R_COUNT]; /* integral of count over [0, t) */
    int64_t t;                 /* the time of the last transition before it */
} tl__checkpoint;

/* k-th smallest of a prefix (timeline_rank.c). */
typedef struct {
    size_t n;          /* values */
    int levels;
    uint64_t **bits;   /* levels bit vectors of n bits, most significant level first */
    uint32_t **ranks;  /* per level, per 64-bit word: ones before it */
    size_t *zeros;     /* per level: zeros in the level */
    int64_t *sorted;   /* the values in ascending order */
} tl__rank;

int tl__rank_build(tl__rank *r, const int64_t *values, size_t n);
/* The k-th smallest (0-based) of values[0 .. m), k < m <= n. */
int64_t tl__rank_kth(const tl__rank *r, size_t m, size_t k);
void tl__rank_free(tl__rank *r);

struct timeline {
    int64_t t_end;
    size_t ncores, nproc, nloops, ndevices, nreq;
    tl__lanes lanes[TL_LANE_KIND_COUNT];

    tl_worker_info *workers;
    tl_loop_info *loops;
    size_t qlane_loops, qlane_procs; /* first queue lane of the loops' and processes' queues */

    int64_t *arrive_t; /* arrival times in order */
    size_t narrive;
    int64_t *done_t;   /* completion times in order */
    __int128 *lat_sum; /* ndone + 1 prefix sums of latencies in completion order */
    int64_t *lat_max;  /* running maximum */
    size_t ndone;
    tl__rank lat;

    tl__cum busy, gil;

    int64_t *lag_t, *lag_sum, *lag_max; /* loop lag samples, prefix sums, running max */
    size_t nlag;

    sim_log_line *log;
    size_t nlog;

    int64_t *times; /* distinct event times */
    size_t ntimes;

    tl__trans *trans;
    size_t ntrans;
    tl__checkpoint *cps; /* cps[j]: totals after transitions [0, j * TL__CHECKPOINT) */
};

/* ---- building ------------------------------------------------------------------ */

/* The runtime's shape, from the scenario. */
typedef struct {
    bool loop, asyncio, gil, per_request, shared_accept;
    int64_t workers; /* node worker_threads per process */
    int64_t context_switch;
} tl__rt;

/* Where a task or job will start: ops [pc, end) of request req's program; req -1
 * when unknown. */
typedef struct {
    int32_t req;
    uint32_t pc, end;
} tl__start;

/* Which rules a worker runs its program's ops by. */
enum { TL__MODE_THREAD, TL__MODE_LOOP, TL__MODE_POOL };

typedef struct {
    /* what is shown */
    int32_t req, step, line;
    uint8_t state, kind, mode;
    bool on_core, spawned;
    int32_t core, proc, loop;
    /* its program, for steps (timeline_steps.c) */
    wl_program prog;
    int64_t prog_req;   /* the request prog was built for, or -1 */
    uint32_t *bound;    /* per op: where the op's task or job ends; top bit: pool mode */
    uint32_t cap_bound;
    int64_t op_left;    /* ns of core time the current op still needs, or -1 */
    int64_t progress_from;
    uint64_t gen;       /* invalidates scheduled op ends */
    int32_t job;        /* a pool thread's job, or -1 */
    tl__start post;     /* a finished job's callback, posted once it holds the GIL */
    int32_t post_loop;
} tl__worker;

/* Something a loop's walk saw its task schedule, to be matched with the enqueue
 * (or timer_arm) the trace shows for it in the same instant. */
typedef struct {
    uint8_t queue; /* trace_queue; TRACE_QUEUE_TIMERS for a timer */
    tl__start s;
    tl__start cont; /* a threadpool job's `then` callback */
} tl__expect;

/* A threadpool or worker job, by its index in the trace. */
typedef struct {
    tl__start start, cont; /* its ops; the callback it posts back when done */
    int32_t loop;          /* the loop it posts back to */
} tl__job;

/* An I/O with a `then` callback that a loop started, until its io_done. */
typedef struct {
    int32_t next;        /* in its request's list, or in the free list */
    int32_t loop, device;
    int64_t dur, done;   /* done: when it completes, once it has started; else -1 */
    tl__start cont;
} tl__iocb;

/* Per event loop while building. */
typedef struct {
    event_heap timers;     /* armed timers by (due, order): id = req, gen = pc << 32 | end */
    int64_t carry;         /* asyncio: ready_at for its next ready enqueue, or -1 */
    int32_t expect;        /* asyncio: the task whose successor it enqueues next, or -1 */
    int32_t cur_task;      /* the task it runs, when the trace names it, else -1 */
    tl__start carry_start; /* asyncio: a fired timer's callback, for its next ready enqueue */
    tl__start *posts;      /* work posted to its poll queue during instant posts_t */
    size_t nposts, cap_posts;
    int64_t posts_t;
    tl__expect *pend;      /* what its task scheduled during instant pend_t */
    size_t npend, head, cap_pend;
    int64_t pend_t;
    tl__start *stack;      /* Node: parallel branches still to run, the next on top */
    size_t nstack, cap_stack;
} tl__loopb;

typedef struct {
    int32_t occupant, last; /* the worker on it / the worker it ran last, or -1 */
    bool switching;
    uint64_t gen;
} tl__core;

typedef struct {
    int32_t holder, waiters;
    bool drop;
} tl__gil;

/* Per request while building. */
typedef struct {
    int32_t n[TL_R_COUNT]; /* how many of its parts are in each state (DONE, PENDING unused) */
    int32_t worker;        /* the last worker that acted on it */
    int32_t io;            /* its I/O callbacks in flight (tl__iocb list), or -1 */
    uint8_t state;         /* last recorded */
    bool arrived, done, started;
    bool in_accept; /* waiting in an accept queue (a request taken at once never is) */
} tl__req;

/* Lanes of one kind while building: intervals in time order with their lane. */
typedef struct {
    tl__iv *iv;
    uint32_t *lane;
    size_t n, cap;
    int64_t *last;   /* per lane: its last interval, or -1 */
    uint8_t *dirty;  /* per lane: changed during the current instant */
    size_t nlanes, cap_lanes;
} tl__blanes;

typedef struct {
    uint8_t kind;
    uint32_t lane;
} tl__dirty;

typedef struct {
    const scn_scenario *scn;
    uint64_t seed;
    tl__rt rt;
    timeline *tl;
    int err;
    int64_t now;

    tl__worker *w;
    size_t nw, cap_w;
    tl__core *cores;
    tl__gil *gils;
    tl__req *reqs;
    int64_t *qlen;             /* per queue lane */
    uint8_t *phase;            /* per loop */
    int32_t *loop_of_worker;   /* grows with w */
    int32_t nloops_seen;
    int64_t arrivals;          /* ARRIVE events so far (round-robin accept queues) */

    tl__blanes bl[TL_LANE_KIND_COUNT];
    tl__dirty *dirty;
    size_t ndirty, cap_dirty;

    event_heap ends;           /* op ends (type 0, id worker) and switch ends (type 1, id core) */

    int64_t busy_now, gil_now; /* cores busy, threads waiting for a GIL */
    size_t cap_arrive, cap_done, cap_lag, cap_log, cap_times, cap_trans;
    int64_t *lat;              /* latencies in completion order */

    /* by task index: when it became ready (loop lag), asyncio hops, where it starts */
    int64_t *ready_at;
    int32_t *hop_target;       /* asyncio: a hop task's target, or -1 */
    tl__start *task_start;
    size_t cap_tasks;
    tl__job *jobs;             /* by job index */
    size_t cap_jobs;
    tl__iocb *iocbs;
    size_t niocbs, cap_iocbs;
    int32_t free_iocb;
    tl__loopb *lb;             /* per loop */
} tl__builder;

/* timeline_lanes.c */
int tl__lanes_init(tl__builder *b);
void tl__lanes_release(tl__builder *b);
/* Makes room for lane `lane` of `kind`. */
int tl__lanes_reserve(tl__builder *b, int kind, size_t lanes);
void tl__mark(tl__builder *b, int kind, size_t lane);
/* Records every lane marked during the current instant, then the series. */
void tl__flush(tl__builder *b);
/* Moves the build's records into the timeline's final layout. */
int tl__lanes_finish(tl__builder *b);
int tl__cum_add(tl__builder *b, tl__cum *c, int64_t t, int64_t rate);
bool tl__grow(tl__builder *b, void **arr, size_t *cap, size_t n, size_t size);

/* timeline.c: the state of a request from its parts */
int tl__req_state(const tl__req *r);

/* timeline_workers.c */
/* Sets the build's error (the first one sticks); returns false. */
bool tl__fail(tl__builder *b, int err);
/* The worker an event names, which must have been spawned; NULL (and an error) if not. */
tl__worker *tl__worker_at(tl__builder *b, int32_t w);
/* Whether req is a request index (or -1 when none_ok); an error if not. */
bool tl__req_ok(tl__builder *b, int32_t req, bool none_ok);
/* Request req gains (delta 1) or loses a part in state s; w acted on it. */
void tl__req_part(tl__builder *b, int32_t req, int s, int delta, int32_t w);
/* Sets what worker w shows, and with it its request's parts, core and GIL lanes. */
void tl__w_set(tl__builder *b, int32_t w, int state, int32_t req);
/* Worker w stops holding its core (if it holds one). */
void tl__leave_core(tl__builder *b, int32_t w);
/* A loop thread does loop work: RUNNING with a core, READY without. */
void tl__loop_active(tl__builder *b, int32_t w, int32_t req);
void tl__on_spawn(tl__builder *b, const trace_event *ev);
void tl__on_gil(tl__builder *b, const trace_event *ev);
void tl__on_run(tl__builder *b, const trace_event *ev);
/* ready, preempt, block, idle, phase */
void tl__on_worker_event(tl__builder *b, const trace_event *ev);

/* timeline_events.c: every event, by kind */
void tl__on_event(tl__builder *b, const trace_event *ev);


/* timeline_steps.c: which op each worker is at */
/* How an offload runs from a loop (a worker's loop when on_worker). */
bool tl__offload_inline(const tl__rt *rt, const wl_op *op, bool on_worker);
bool tl__offload_to_worker(const tl__rt *rt, const wl_op *op, bool on_worker);
uint32_t tl__work_end(const wl_program *pg, uint32_t at);
/* A worker's step is now `step` of request `req` (a run or block pins it); a run
 * starts making progress after the context switch `cs`. */
void tl__step_pin(tl__builder *b, int32_t w, int32_t req, int32_t step, bool run, int64_t cs);
/* The worker leaves its core now: its op's progress so far is kept. */
void tl__step_leave(tl__builder *b, int32_t w);
/* A scheduled op end is due: the worker moves on to its next op. */
void tl__step_op_end(tl__builder *b, int32_t w, uint64_t gen);
/* Worker w begins ops [pc, end) of request req. */
void tl__step_begin(tl__builder *b, int32_t w, int32_t req, uint32_t pc, uint32_t end);
/* A thread takes request `req`: it starts at op 0. */
void tl__step_start(tl__builder *b, int32_t w, int32_t req);
/* A thread is back from I/O or a sleep: it goes on after that op. */
void tl__step_resume(tl__builder *b, int32_t w);
/* The worker's step is unknown from now on. */
void tl__step_forget(tl__builder *b, int32_t w);
/* SIM_EINVAL unless the worker's current step is an io op of duration `dur`. */
void tl__step_check_io(tl__builder *b, int32_t w, int64_t dur);
void tl__step_release(tl__worker *w);

/* timeline_tasks.c: where tasks and jobs start */
/* A loop's walk meets an op that schedules work or sends it off: notes it, and
 * returns the op to go on at, or -1 when the task awaits. */
int64_t tl__task_loop_op(tl__builder *b, const tl__worker *x, uint32_t q, uint32_t end);
/* A loop's task ended or awaits: false, or Node's next parallel branch in *q, *end. */
bool tl__task_next(tl__builder *b, const tl__worker *x, uint32_t *q, uint32_t *end);
/* Pool thread w has run the last op of its job. */
void tl__task_job_end(tl__builder *b, int32_t w);
/* Worker w took its GIL. */
void tl__task_gil_acquired(tl__builder *b, int32_t w);
/* Loop w starts task k of request req (its first task when `first`). */
void tl__task_begin(tl__builder *b, int32_t w, int64_t k, int32_t req, bool first);
/* Pool thread w starts job j of request req. */
void tl__task_job(tl__builder *b, int32_t w, int64_t j, int32_t req);
/* Loop w enqueued task or job x of request req in `queue`. */
void tl__task_enqueued(tl__builder *b, int32_t w, int queue, int64_t x, int32_t req);
/* A worker loop took job j: its task is the loop's next poll entry. */
void tl__task_worker_job(tl__builder *b, int32_t w, int64_t j);
/* Loop w armed a timer for req: the callback's start, packed for its timer heap. */
void tl__task_timer_armed(tl__builder *b, int32_t w, int32_t req, uint32_t *id, uint64_t *gen);
/* A loop's timer fired (id, gen as armed): Node runs it now, asyncio queues it. */
void tl__task_timer_fired(tl__builder *b, int32_t w, int32_t req, uint32_t id, uint64_t gen);
/* Loop w is between tasks (a phase, poll): no current task, an empty branch stack. */
void tl__task_loop_idle(tl__builder *b, int32_t w);
/* A loop's I/O event (io_start, io_done with no worker) for its `then` callbacks. */
void tl__task_io(tl__builder *b, const trace_event *ev);
/* Request req is done: forget its I/O callbacks. */
void tl__task_req_done(tl__builder *b, int32_t req);
/* Room for task index k and job index j (-1: none). */
bool tl__task_reserve(tl__builder *b, int64_t k, int64_t j);
void tl__task_release(tl__builder *b);

#endif
