/* timeline.h - an index of one run's trace, for drawing it at any time.
 *
 * The app never simulates: it asks "what was going on at time t?" and draws the
 * answer, forward, backward or anywhere, each frame. A timeline is built once from
 * a trace (bistro-trace/2, and the scenario that produced it for the run's shape)
 * and is read-only afterwards. It holds, per lane, the sorted list of
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
 * What each worker, request, core, GIL, queue and loop is doing comes from reading
 * the trace with the reader (reader.h, which says what the states mean); the
 * timeline keeps, per lane, what the reader says after each instant.
 *
 * Steps and code lines. `step` is the index of an op in the request's program
 * (workload.h) and `line` that op's "line" in the code listing (1-based; 0 when
 * the op has none), both as the trace gives them: a worker is at the op of its
 * last `run`, `ready`, `block` or `step` event, and at none (-1) after `spawn`,
 * `exit`, `idle`, `done`, a loop's `phase` or a loop's `block`. The engine emits a
 * `step` whenever a worker moves on without one of the others, so the timeline
 * follows each worker op by op without knowing the programs or any runtime's
 * rules.
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
#include "reader.h"
#include "scenario.h"
#include "trace.h"

typedef struct timeline timeline;

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
    int64_t value;  /* queue: its length; GIL: threads waiting for it; phase: the
                       queue whose callback runs (timeline_running_at_step) or -1 */
    bool flag;      /* GIL: a drop request is pending */
} tl_span;

/* Builds the timeline of `tr`, the trace of runtime `runtime` of `scn`. 0 and *out,
 * or SIM_ENOMEM, SIM_EOVERFLOW, or SIM_EINVAL when the trace does not fit the
 * scenario (an index out of range, an event for a worker before its spawn, events
 * out of time order). */
int timeline_build(const trace *tr, const scn_scenario *scn, size_t runtime, timeline **out);

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
    int64_t number;  /* its number from its first spawn (trace_worker_name) */
} tl_worker_info;

/* 0, or SIM_EINVAL when worker is out of range. */
int timeline_worker_info(const timeline *tl, size_t worker, tl_worker_info *out);

typedef rd_loop tl_loop_info;

size_t timeline_loops(const timeline *tl);
int timeline_loop_info(const timeline *tl, size_t loop, tl_loop_info *out);

/* The process request `req` was sent to (its arrive event's), or -1 when the
 * processes share one accept queue, it has not arrived, or req is out of range. */
int32_t timeline_request_process(const timeline *tl, size_t req);

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
int timeline_state_at(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t, tl_span *out);

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

/* The memory the run holds at t, by the engine's estimate (its last `memory`
 * event at or before t; 0 before the first). Its maximum over the run is the run's
 * memory_peak_bytes. O(log n). */
int64_t timeline_memory_at(const timeline *tl, int64_t t);

/* The most memory the run held at any moment at or before t (every `memory` event
 * counts, also one that a later event of the same instant undid); 0 before the
 * first. At the end of the run it is the run's memory_peak_bytes. O(log n). */
int64_t timeline_memory_peak(const timeline *tl, int64_t t);

/* ---- loop lag now ---------------------------------------------------------------- */

/* The loop lag at t: how long the callback that has waited longest at t (ready in
 * one of a loop's queues, or a timer due, and not started yet) has waited so far;
 * 0 when none waits. It grows with the clock while a loop is busy (one long
 * callback blocks it), and when that callback starts its lag is the engine's
 * sample for it (the trace's dequeue `lag_ns`, or a timer's fire time minus its
 * due time), which is what tl_counters.loop_lag_max_ns takes the maximum of. Of
 * several loops (processes, worker threads) the one lagging most. O(log n). */
int64_t timeline_loop_lag_now(const timeline *tl, int64_t t);

/* The worst loop lag so far at t: the largest of the lags of the callbacks started
 * at or before t and of the lag now, so a block in progress counts. O(log n). */
int64_t timeline_loop_lag_worst(const timeline *tl, int64_t t);

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

/* ---- inside an instant ------------------------------------------------------------ */

/* A position in a run is a time and a step: after the first k events at t, in
 * trace order (1 <= k <= the instant's events). Every event is a step, including
 * the many that share one instant (a main script, a nextTick queue drained, one
 * timer after another), so a class can walk an instant callback by callback.
 * TL_STEP_END, or any k at or past the instant's events, is the whole instant:
 * what the functions without a step show. Lanes are indexed inside instants for
 * runs of at most TL_STEPS_MAX_EVENTS events; in longer runs every position shows
 * its instant's end (timeline_has_steps says which). */
#define TL_STEP_END UINT32_MAX
#define TL_STEPS_MAX_EVENTS 1000000

bool timeline_has_steps(const timeline *tl);

/* How many events happened at exactly t (0 when none). O(log n). */
uint32_t timeline_steps_at(const timeline *tl, int64_t t);

/* timeline_state_at, timeline_phase, timeline_queue_length, timeline_loop_queues,
 * timeline_device_in_flight and timeline_log_count after the first k events at t.
 * O(log n). */
int timeline_state_at_step(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t,
                           uint32_t k, tl_span *out);
int timeline_phase_at_step(const timeline *tl, size_t loop, int64_t t, uint32_t k);
int64_t timeline_queue_length_at_step(const timeline *tl, int queue, int32_t owner, int64_t t,
                                      uint32_t k);
int timeline_loop_queues_at_step(const timeline *tl, size_t loop, int64_t t, uint32_t k,
                                 int64_t len[TRACE_QUEUE_COUNT]);
int64_t timeline_device_in_flight_at_step(const timeline *tl, size_t device, int64_t t, uint32_t k);
size_t timeline_log_count_at_step(const timeline *tl, int64_t t, uint32_t k);

/* The queue whose callback loop `loop` runs after the first k events at t
 * (trace_queue, as the reader's rd_running says), or -1 between callbacks. In
 * Node's main phase, what the loop runs from poll is the main script. */
int timeline_running_at_step(const timeline *tl, size_t loop, int64_t t, uint32_t k);

/* ---- shared values ("state") ---------------------------------------------------------- */

typedef struct {
    int64_t value;        /* what it holds: its last write's, else its initial value */
    int64_t writes;       /* writes so far */
    int64_t last_write_t; /* when the newest of them happened, or -1 */
    int64_t lost_updates; /* writes so far that overwrote another request's write */
    int64_t last_lost_t;  /* when the newest of those happened, or -1 */
    bool last_lost_now;   /* that one happened in this instant, by this step */
} tl_shared;

/* Shared value `key` of `scn` (the scenario the timeline was built with) after the
 * first k events at t (TL_STEP_END: all of them). 0, or SIM_EINVAL for a key out
 * of range. O(log n). */
int timeline_shared_at_step(const timeline *tl, const scn_scenario *scn, size_t key, int64_t t,
                            uint32_t k, tl_shared *out);

/* Adds the writes of shared values in another run's trace (a service behind this
 * run: the front and its services share one store of values) to this timeline's,
 * in time order; they count at the end of their instant. 0, SIM_EINVAL or
 * SIM_ENOMEM. */
int timeline_add_shared_writes(timeline *tl, const scn_scenario *scn, const trace *tr);

/* ---- calls of services ------------------------------------------------------------ */

/* The request of this run that made the call numbered `sreq` at service `service`
 * (its request number in the service's run: trace.h TRACE_CALL), or -1 when no
 * request of this run made it (another service did, or no such call). O(log n). */
int64_t timeline_call_caller(const timeline *tl, size_t service, int64_t sreq);
/* The calls this run made to service `service`. */
size_t timeline_call_count(const timeline *tl, size_t service);

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
