/* timeline.h - an index of one run's trace, for drawing it at any time.
 *
 * The app never simulates: it asks "what was going on at time t?" and draws the
 * answer, forward, backward or anywhere, each frame. A timeline is built once from
 * a trace (and the scenario and seed that produced it, which give each request's
 * program) and is read-only afterwards. It holds, per lane, the sorted list of
 * intervals during which nothing visible changed: one lane per worker (thread,
 * event-loop thread, threadpool thread), per request, per core, per process's GIL,
 * per queue and per loop's phase. An interval runs from its start to the next
 * one's start, the last one to the end of the run. A lookup is a binary search,
 * O(log n) in the lane's intervals; counters at time t are O(log n) too.
 *
 * Time and ties. Many events share one instant (a whole callback of zero-time
 * steps, a GIL hand-off). A lane shows the state after every event of that
 * instant: zero-length states are not stored. "At or before t" counts the events
 * at t. Before a lane's first interval it is in its initial state (a worker:
 * TL_W_ABSENT, a request: TL_R_PENDING, a core: idle, a GIL: free, a queue: 0).
 *
 * Worker states, from the events that name the worker (trace.h):
 *   spawn                          IDLE (a thread before its first request)
 *   run                            RUNNING on core x, at step a
 *   ready / preempt                READY: runnable, waiting for a core
 *   block                          WAIT_IO for a thread (I/O, a device's queue or a
 *                                  sleep, at step a); WAITING for a loop thread
 *                                  (blocked in poll / select)
 *   io_done, timer_fire (thread)   READY: back from I/O or sleep (until run/block)
 *   gil_wait                       WAIT_GIL (it leaves its core, if it had one)
 *   gil_acquire                    RUNNING if it still holds a core (after native
 *                                  code), else READY until it runs
 *   idle                           IDLE (back in accept(), or an idle pool thread)
 *   done (a thread's request)      IDLE, or ABSENT for a per-request thread, which
 *                                  exits (a later spawn may reuse its index)
 *   dequeue accept / threadpool    the thread takes a request or a job: RUNNING if
 *                                  it kept its core, else READY
 *   phase, dequeue (loop queues),  a loop thread is working: RUNNING if it holds
 *   timer_fire (loop)              a core, else READY (it has work but no core)
 * A worker holds a core from its `run` until it blocks, waits for the GIL, is
 * preempted, goes idle or finishes a request (a thread), or another worker runs
 * on that core; a loop thread keeps its core from task to task.
 *
 * Request states (a request can be in several places at once on an event loop: a
 * callback running while an I/O it started is in flight), by priority:
 *   DONE     after its `done`
 *   RUNNING  a worker that holds a core is executing it
 *   READY    a worker executing it waits for a core
 *   WAIT_GIL a worker executing it waits for the GIL
 *   QUEUED   it (or one of its callbacks or jobs) waits in a queue: accept, a
 *            loop queue, the threadpool's or the workers' queue
 *   WAIT_IO  an I/O it started is in flight or waits for its device, a timer it
 *            armed has not fired, or its thread is blocked (I/O or sleep)
 *   QUEUED   also when it has arrived and none of the above holds, which only
 *            lasts an instant (between an event and the next at the same time)
 *   PENDING  before its `arrive`
 *
 * Steps and code lines. `step` is the index of an op in the request's program
 * (workload.h, rebuilt from the scenario and the seed); `line` is that op's "line"
 * in the code listing (1-based; 0 when the op has none or the step is unknown).
 * The trace names a worker's op when it is dispatched (`run`, a) and when a thread
 * blocks (`block`, a). In between, a worker that keeps its core goes from op to op
 * without an event, and the timeline follows it exactly: an op ends once the
 * worker has had the op's remaining duration of core time (counted after the
 * context switch its `run` paid, if any), and the next op that takes time is found
 * by the worker's rules (a thread runs every body inline and stops at an io or a
 * sleep; a pool thread runs its job; a loop skips callback bodies, and stops where
 * its task awaits or ends). Where a loop's task or a pool thread's job starts comes
 * from the trace's task and job indices: a request's first task starts at op 0, a
 * task that awaited resumes after its await, a callback, timer, branch or job
 * starts where the op that made it says (timeline_tasks.c). A thread back from I/O
 * or a sleep is at its next op (the one it now waits to run). A loop between
 * tasks, and any worker without a request, is at step -1. So is a worker where the
 * trace does not confirm which op runs: the `then` callback of a job sent to a
 * worker thread (worker_threads), or anything after the trace went another way than
 * these rules expect. An unknown step is -1: the timeline does not guess.
 *
 * Cost: the build reads the trace once, O(events + intervals), about 0.1 to 0.2 us
 * an event; the index takes 25 to 50 bytes an event, about as much as the trace,
 * which may be freed once the timeline is built.
 *
 * Ownership: the timeline copies what it needs; the trace and the scenario may be
 * freed after timeline_build(). All functions are safe to call from one thread at
 * a time per timeline (they only read), and never print or allocate after build.
 */
#ifndef BISTRO_TIMELINE_H
#define BISTRO_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"
#include "trace.h"

typedef struct timeline timeline;

typedef enum {
    TL_W_ABSENT,   /* not spawned yet, or a per-request thread that has exited */
    TL_W_IDLE,     /* no request: in accept(), or an idle pool thread */
    TL_W_RUNNING,  /* on a core */
    TL_W_READY,    /* wants a core (a loop thread: has work but not the core) */
    TL_W_WAIT_IO,  /* a thread blocked on I/O, a device's queue, or sleeping */
    TL_W_WAIT_GIL, /* waiting for its process's GIL */
    TL_W_WAITING,  /* a loop thread blocked in poll / select */
    TL_W_COUNT
} tl_worker_state;

typedef enum {
    TL_R_PENDING,  /* not arrived yet */
    TL_R_QUEUED,
    TL_R_RUNNING,
    TL_R_READY,
    TL_R_WAIT_IO,
    TL_R_WAIT_GIL,
    TL_R_DONE,
    TL_R_COUNT
} tl_request_state;

typedef enum {
    TL_CORE_IDLE,
    TL_CORE_SWITCH, /* paying the context switch for the worker it just started */
    TL_CORE_BUSY,
    TL_CORE_COUNT
} tl_core_state;

typedef enum { TL_GIL_FREE, TL_GIL_HELD } tl_gil_state;

typedef enum {
    TL_LANE_WORKER,  /* lane = worker index (the trace's worker) */
    TL_LANE_REQUEST, /* lane = request index */
    TL_LANE_CORE,    /* lane = core */
    TL_LANE_GIL,     /* lane = process */
    TL_LANE_QUEUE,   /* lane = timeline_queue_lane() */
    TL_LANE_PHASE,   /* lane = loop index */
    TL_LANE_KIND_COUNT
} tl_lane_kind;

/* One interval of one lane. Fields that a lane kind does not use are -1 (ids,
 * step), 0 (line, value) or false. */
typedef struct {
    int64_t t0, t1; /* [t0, t1); t1 = the next interval's start, or the end of the run */
    int state;      /* tl_worker_state, tl_request_state, tl_core_state, tl_gil_state,
                       trace_phase (phase lanes); 0 for queues */
    int32_t req;    /* worker: the request it executes; core: its worker's request;
                       GIL: the holder's request */
    int32_t worker; /* request: the worker executing it (RUNNING, READY, WAIT_GIL, or
                       a thread blocked for it), else -1; core: who runs on it;
                       GIL: the holder */
    int32_t step;   /* worker, request: op index in the request's program, or -1 */
    int32_t line;   /* the step's code line (1-based), 0 when unknown or none */
    int32_t core;   /* worker: the core it holds, or -1 */
    int64_t value;  /* queue: its length; GIL: threads waiting for it */
    bool flag;      /* GIL: a drop request is pending */
} tl_span;

/* Builds the timeline of `tr`, the trace of runtime `runtime` of `scn` run with
 * `seed` (the trace header's seed). 0 and *out, or SIM_ENOMEM, SIM_EOVERFLOW, or
 * SIM_EINVAL when the trace does not fit the scenario (an index out of range, an
 * event for a worker before its spawn, a step that is not the op the trace says,
 * an I/O whose duration differs from the program's: usually a wrong seed). */
int timeline_build(const trace *tr, const scn_scenario *scn, size_t runtime, uint64_t seed,
                   timeline **out);

/* NULL is a no-op. */
void timeline_free(timeline *tl);

/* ---- the run ---------------------------------------------------------------- */

/* The time of the last event (0 for an empty trace). */
int64_t timeline_end(const timeline *tl);
size_t timeline_lane_count(const timeline *tl, tl_lane_kind kind);
/* Bytes held, for the benchmarks. */
size_t timeline_memory(const timeline *tl);

typedef struct {
    int kind;        /* trace_worker_kind, from its first spawn */
    int32_t process; /* from its first spawn */
    int32_t loop;    /* the loop it runs (a loop thread), or -1 */
    int64_t spawned; /* the time of its first spawn */
} tl_worker_info;

/* 0, or SIM_EINVAL when worker is out of range. */
int timeline_worker_info(const timeline *tl, size_t worker, tl_worker_info *out);

typedef struct {
    int32_t worker;  /* its thread */
    int32_t process;
    bool is_worker;  /* a worker_threads loop rather than a process's main loop */
} tl_loop_info;

size_t timeline_loops(const timeline *tl);
int timeline_loop_info(const timeline *tl, size_t loop, tl_loop_info *out);

/* A request's arrival and completion times (-1 when it never arrived / finished). */
int timeline_request_times(const timeline *tl, size_t req, int64_t *arrive, int64_t *done);

/* ---- lanes -------------------------------------------------------------------- */

size_t timeline_span_count(const timeline *tl, tl_lane_kind kind, size_t lane);

/* The i-th interval of a lane. 0, or SIM_EINVAL when out of range. */
int timeline_span(const timeline *tl, tl_lane_kind kind, size_t lane, size_t i, tl_span *out);

/* The index of the interval in effect at t (the last one starting at or before t),
 * or -1 before the first (or for a lane out of range). O(log n). */
int64_t timeline_span_index(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t);

/* The lane's state at t: its interval, or before the first one the initial state
 * (t0 = 0 or t, t1 = the first interval's start). 0 or SIM_EINVAL. O(log n). */
int timeline_state_at(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t,
                      tl_span *out);

/* The same for one lane kind. */
int timeline_worker_state(const timeline *tl, size_t worker, int64_t t, tl_span *out);
int timeline_request_state(const timeline *tl, size_t req, int64_t t, tl_span *out);
int timeline_core_state(const timeline *tl, size_t core, int64_t t, tl_span *out);
int timeline_gil_state(const timeline *tl, size_t process, int64_t t, tl_span *out);

/* A loop's phase at t (trace_phase), or -1 for a loop out of range. */
int timeline_phase(const timeline *tl, size_t loop, int64_t t);

/* The lane of a queue, or -1 when there is none. `owner` is the loop index for the
 * loops' own queues (next_tick, microtask, timers = armed timers, poll, check,
 * ready), the process for accept, threadpool and worker (a process's main loop
 * owns its threadpool and worker threads), the device index for device. */
int64_t timeline_queue_lane(const timeline *tl, int queue, int32_t owner);

/* A queue's length at t; 0 when it has no lane. */
int64_t timeline_queue_length(const timeline *tl, int queue, int32_t owner, int64_t t);

/* How many operations device `device` is serving at t (started, not yet done;
 * those waiting for a free slot are its queue, TRACE_QUEUE_DEVICE); 0 for a device
 * out of range. */
int64_t timeline_device_in_flight(const timeline *tl, size_t device, int64_t t);

/* Every queue a loop sees at t, indexed by trace_queue: its own queues, its
 * process's threadpool and worker queues, and in `device` all devices' queues
 * (the machine's). 0 or SIM_EINVAL. */
int timeline_loop_queues(const timeline *tl, size_t loop, int64_t t,
                         int64_t len[TRACE_QUEUE_COUNT]);

/* ---- counters at t, each O(log n) --------------------------------------------------- */

typedef struct {
    int64_t arrived, completed, in_flight;
    double throughput_rps;      /* completed / t */
    int64_t cpu_busy_ns;        /* core time used so far, summed over cores */
    double cpu_util;            /* cpu_busy / (cores * t) */
    int64_t gil_wait_ns;        /* time threads spent waiting for a GIL so far */
    int64_t lat_mean_ns, lat_p50_ns, lat_p95_ns, lat_p99_ns, lat_max_ns; /* of completed */
    int64_t loop_lag_mean_ns, loop_lag_max_ns; /* of the callbacks started so far */
    int64_t log_lines;          /* lines printed so far */
} tl_counters;

/* Everything above at time t (all zero before anything happened). At the end of
 * the run they equal the engine's sim_metrics. 0 or SIM_EINVAL (t < 0). */
int timeline_counters(const timeline *tl, int64_t t, tl_counters *out);

int64_t timeline_arrived(const timeline *tl, int64_t t);
int64_t timeline_completed(const timeline *tl, int64_t t);
int64_t timeline_cpu_busy(const timeline *tl, int64_t t);
int64_t timeline_gil_wait(const timeline *tl, int64_t t);

/* The exact nearest-rank p-th percentile (0 < p <= 100) of the latencies of the
 * requests completed at or before t, as sim_percentile() computes it; 0 when none.
 * O(log n): a wavelet matrix over the latencies in completion order. */
int64_t timeline_latency_percentile(const timeline *tl, int64_t t, double p);

/* ---- the printed log -------------------------------------------------------------- */

/* How many lines were printed at or before t; they are lines 0 .. count-1. */
size_t timeline_log_count(const timeline *tl, int64_t t);
/* Line i (t, request, text = an index into scn->strings). 0 or SIM_EINVAL. */
int timeline_log_line(const timeline *tl, size_t i, sim_log_line *out);

/* ---- stepping ------------------------------------------------------------------- */

/* The first event time after t, or -1 when none. O(log n). */
int64_t timeline_next_event_time(const timeline *tl, int64_t t);
/* The last event time before t, or -1 when none. O(log n). */
int64_t timeline_prev_event_time(const timeline *tl, int64_t t);

/* ---- thousands of requests at a glance ---------------------------------------------- */

/* How many requests are in each state at t. O(log n + 256). */
void timeline_request_counts(const timeline *tl, int64_t t, int64_t counts[TL_R_COUNT]);

/* Splits [t0, t1) into n equal buckets (the last one takes the remainder) and gives
 * the time-averaged number of requests in each state over each bucket:
 * avg[b * TL_R_COUNT + s]. O(n (log n + 256)). 0, or SIM_EINVAL when t1 <= t0 or n
 * is 0 or exceeds t1 - t0. */
int timeline_request_buckets(const timeline *tl, int64_t t0, int64_t t1, size_t n, double *avg);

/* Names for display and messages ("running", "wait_io", ...); "unknown" when out of range. */
const char *timeline_worker_state_name(int state);
const char *timeline_request_state_name(int state);

#endif
