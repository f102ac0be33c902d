/* reader.h - one reading of a run: its trace, event by event, into what each
 * worker, core, GIL, queue and request is doing.
 *
 * Every reader of a run (the timeline the app draws, the Chrome export) reads it
 * through this module, so the meaning of the trace's events is written once.
 * It knows no rule of any runtime: bistro-trace/2 says everything (which op each
 * worker is at, which callback starts, where a request queues, when a thread
 * exits, whether a run paid a context switch); the scenario only gives the run's
 * shape (cores, processes, loops, devices, requests) and the machine's context
 * switch cost.
 *
 * Feed it the events in trace order. After each event, what the run is doing can
 * be read back. When an instant is over (the clock is about to move on, or the
 * run ends), a callback names each thing that changed during it (a worker, a
 * request, a core, a GIL, a queue, a loop's phase, the memory), once each, while
 * the reader still shows the end of that instant: a caller records what moved,
 * and zero-length states never reach it.
 *
 * Worker states (tl_worker_state), from the events that name the worker:
 *   spawn                          IDLE
 *   run                            RUNNING on core x
 *   ready / preempt                READY: runnable, waiting for a core
 *   block                          WAIT_IO for a thread (I/O, a device's queue or a
 *                                  sleep); WAITING for a loop thread (in poll)
 *   io_done, timer_fire (thread)   READY: back from I/O or a sleep
 *   gil_wait                       WAIT_GIL (it leaves its core, if it had one)
 *   gil_acquire                    RUNNING if it still holds a core, else READY
 *   idle, done (a thread)          IDLE
 *   exit                           ABSENT (a later spawn may reuse its index)
 *   dequeue accept / threadpool    RUNNING with its core, else READY, for the request
 *   phase, dequeue (loop queues),  a loop thread is working: RUNNING with a core,
 *   timer_fire (loop)              else READY; for the request when the trace says
 *                                  its callback starts (trace_take, `starts`)
 * A worker holds a core from its `run` until it blocks, waits for the GIL, is
 * preempted, goes idle or finishes a request (a thread), exits, or another worker
 * runs on that core. Its step and line are those of its last run, ready, block or
 * step event; spawn, exit, idle, done, phase and a loop's block clear them.
 *
 * Request states (tl_request_state), from its parts (a request can be in several
 * places at once on an event loop), by priority: DONE after its `done`; RUNNING,
 * READY, WAIT_GIL where a worker executing it is so; QUEUED where it (or a piece
 * of it) waits in a queue; WAIT_IO where an I/O it started is in flight or waits
 * for its device, a timer it armed has not fired, or its thread is blocked;
 * QUEUED also when it has arrived and none of these holds; PENDING before arrive.
 */
#ifndef BISTRO_READER_H
#define BISTRO_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "trace.h"

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

/* What a change is about; the numbering is the timeline's lane kinds. */
typedef enum {
    RD_WORKER,  /* index: the worker */
    RD_REQUEST, /* the request */
    RD_CORE,    /* the core */
    RD_GIL,     /* the process */
    RD_QUEUE,   /* rd_queue_slot() */
    RD_PHASE,   /* the loop */
    RD_MEMORY,  /* 0 */
    RD_KIND_COUNT
} rd_kind;

typedef struct {
    uint8_t state;   /* tl_worker_state */
    uint8_t kind;    /* trace_worker_kind, from its spawn */
    bool spawned;
    int32_t req;     /* the request it executes, or -1 */
    int32_t step;    /* the op it is at, or -1 */
    int32_t line;    /* that op's code line, or 0 */
    int32_t core;    /* the core it holds, or -1 */
    int32_t proc;    /* its process */
    int32_t loop;    /* the loop it runs (a loop thread), or -1 */
    int64_t number;  /* from its first spawn: trace_worker_name() */
    int64_t spawned_at;
} rd_worker;

typedef struct {
    int32_t occupant; /* the worker on it, or -1 */
    bool switching;   /* paying the context switch its occupant's run paid */
} rd_core;

typedef struct {
    int32_t holder;  /* the worker holding it, or -1 */
    int32_t waiters; /* threads waiting for it */
    bool drop;       /* a drop request is pending */
} rd_gil;

typedef struct {
    uint8_t state;  /* tl_request_state */
    int32_t worker; /* the worker executing it (RUNNING, READY, WAIT_GIL, or a thread
                       blocked for it), or -1 */
    int32_t device; /* the device of an I/O it waits for (its latest), or -1 */
} rd_request;

typedef struct {
    int32_t worker;  /* its thread */
    int32_t process;
    bool is_worker;  /* a worker_threads loop rather than a process's main loop */
} rd_loop;

typedef struct rd_reader rd_reader;

/* Called when an instant is over, once for each thing (`index` of `kind`) that
 * changed during it; rd_now() is that instant. */
typedef void (*rd_changed)(void *ctx, rd_kind kind, size_t index);

/* A reader of runtime `runtime` of `scn` (which must outlive it). `changed` may be
 * NULL. 0 and *out, SIM_EINVAL (no such runtime) or SIM_ENOMEM. */
int rd_open(const scn_scenario *scn, size_t runtime, rd_changed changed, void *ctx,
            rd_reader **out);

/* NULL is a no-op. */
void rd_close(rd_reader *r);

/* Reads the next event. When it is later than the last one, the instant that
 * ends is reported (rd_changed), and so is each moment in between that follows
 * from an earlier event (a context switch ending); `at` (may be NULL) is told
 * each new time after the changes of the instant before it. 0, or SIM_EINVAL for an event
 * that does not fit (out of time order, an unknown index, a worker before its
 * spawn, a spawn that skips a worker index), SIM_ENOMEM, SIM_EOVERFLOW; after an
 * error the reader takes no more. */
int rd_feed(rd_reader *r, const trace_event *ev, void (*at)(void *ctx, int64_t t));

/* Applies what is due up to t (the end of the run) and reports the last instant. */
int rd_finish(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t));

/* ---- inside an instant ---------------------------------------------------------------- */

/* Something that changed: `index` of `kind`. */
typedef struct {
    uint8_t kind;   /* rd_kind */
    uint32_t index;
} rd_change;

/* Starts (or stops) keeping what each event changes, for a caller that follows an
 * instant event by event. 0 or SIM_ENOMEM. */
int rd_track_steps(rd_reader *r, bool on);
/* What the events fed since the last rd_step_clear() changed, in order; a thing
 * may be named more than once. Empty unless tracking. */
const rd_change *rd_step_changes(const rd_reader *r, size_t *n);
void rd_step_clear(rd_reader *r);

/* ---- what the run is doing now ------------------------------------------------------ */

int64_t rd_now(const rd_reader *r);
size_t rd_worker_count(const rd_reader *r);
/* Worker w, or NULL when it was never spawned. */
const rd_worker *rd_worker_at(const rd_reader *r, size_t w);
const rd_core *rd_core_at(const rd_reader *r, size_t core);
const rd_gil *rd_gil_at(const rd_reader *r, size_t process);
rd_request rd_request_at(const rd_reader *r, size_t req);
int64_t rd_queue_length(const rd_reader *r, size_t slot);
int rd_phase(const rd_reader *r, size_t loop); /* trace_phase */
/* The queue whose callback loop `loop` runs now (trace_queue: what its last
 * dequeue that runs a callback took, TRACE_QUEUE_TIMERS for a timer that starts),
 * or -1 between callbacks (after a phase, a block, an idle or the task's done).
 * In the main phase, what a loop takes from poll is the main script itself. A
 * change is reported as a change of the loop's phase (RD_PHASE). */
int rd_running(const rd_reader *r, size_t loop);
const rd_loop *rd_loop_at(const rd_reader *r, size_t loop);
int64_t rd_memory(const rd_reader *r);
/* Cores busy and threads waiting for a GIL, now. */
int64_t rd_busy_cores(const rd_reader *r);
int64_t rd_gil_waiting(const rd_reader *r);

/* ---- the run's shape -------------------------------------------------------------------- */

typedef struct {
    size_t cores, processes, loops, devices, requests;
} rd_shape;

rd_shape rd_shape_of(const rd_reader *r);

/* Queue slots: per loop its own six (next_tick, microtask, timers = armed timers,
 * poll, check, ready), then per process three (accept, threadpool, worker), then
 * per device its queue, then per device its operations in flight. `owner` is the
 * loop for a loop's queues, the process for accept, threadpool and worker, the
 * device for device. -1 when there is no such queue. */
int64_t rd_queue_slot(const rd_shape *s, int queue, int32_t owner);
int64_t rd_inflight_slot(const rd_shape *s, size_t device);
size_t rd_queue_slots(const rd_shape *s);

#endif
