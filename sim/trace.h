/* trace.h - what happened in one run, event by event.
 *
 * The engine appends events in time order; the trace is then read-only. Events
 * are 32 bytes each and stored in fixed-size chunks, so memory is 32 bytes an
 * event plus one pointer per chunk, and appending never copies what is stored.
 * A run that wants metrics only keeps no trace at all (the engine just counts).
 */
#ifndef BISTRO_TRACE_H
#define BISTRO_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* The event kinds, their names in trace files, and which fields each uses.
 * Fields: t (always), req, worker, a, b, c, x; -1 in req/worker means "none".
 * `c` is the code line (1-based, 0: none) of the op named by `a` where a kind has
 * a step. bistro-trace/2 (docs/trace-format.md says what changed from /1). The
 * table keeps its hand layout: its comments run on inside the macro. */
/* clang-format off */
#define TRACE_KIND_MAP(X)                                                                  \
    X(ARRIVE, "arrive")           /* req, a=process it is sent to (-1: a shared queue)  */ \
    X(ENQUEUE, "enqueue")         /* req, worker, b=queue (trace_queue), a=task / job / \
                                     device / -1, x=process (accept) or -1, c=1: a hop  */ \
    X(DEQUEUE, "dequeue")         /* req, worker, b=queue, a=task / job / device / -1,  \
                                     x=process (accept), -1 (device), else the lag of   \
                                     the callback it starts or -1, c=trace_take         */ \
    X(SPAWN, "spawn")             /* worker, a=process, b=worker kind, x=its number     */ \
    X(READY, "ready")             /* worker, req, a=step, c=line: wants a core          */ \
    X(RUN, "run")                 /* worker, req, a=step, c=line, x=core, b=1: paid a   \
                                     context switch first                               */ \
    X(PREEMPT, "preempt")         /* worker, req, x=core: the OS took the core back     */ \
    X(BLOCK, "block")             /* worker, req, a=step, c=line: waiting (io, sleep)   */ \
    X(IO_START, "io_start")       /* req, worker, a=device (-1: none), x=duration       */ \
    X(IO_DONE, "io_done")         /* req, worker, a=device                              */ \
    X(GIL_WAIT, "gil_wait")       /* worker, req, a=process                             */ \
    X(GIL_ACQUIRE, "gil_acquire") /* worker, req, a=process                             */ \
    X(GIL_RELEASE, "gil_release") /* worker, req, a=process                             */ \
    X(GIL_DROP_REQUEST, "gil_drop_request") /* worker (who asks), a=process             */ \
    X(IDLE, "idle")               /* worker: no request to serve                        */ \
    X(PHASE, "phase")             /* worker, a=phase (trace_phase)                      */ \
    X(LOG, "log")                 /* req, worker, a=string index                        */ \
    X(TIMER_ARM, "timer_arm")     /* req, worker, x=due time                            */ \
    X(TIMER_FIRE, "timer_fire")   /* req, worker, x=due time, b=1: its callback starts  \
                                     now (lag = t - due)                                */ \
    X(DONE, "done")               /* req, worker, x=latency                             */ \
    X(STEP, "step")               /* worker, req, a=step (-1: none), c=line: the worker \
                                     is at another op without a run, ready or block     */ \
    X(EXIT, "exit")               /* worker, a=process: the thread ends (per request)   */ \
    X(MEMORY, "memory")           /* x=bytes the run holds now (the engine's estimate)  */ \
    X(STATE_READ, "read")         /* req, worker, a=shared value (key), x=value read    */ \
    X(STATE_WRITE, "write")       /* req, worker, a=key, x=value written, b=1: a lost   \
                                     update (it overwrote another request's write)      */ \
    X(LOCK_WAIT, "lock_wait")     /* req, worker, a=lock: it waits for the lock         */ \
    X(LOCK_ACQUIRE, "lock_acquire") /* req, worker, a=lock                              */ \
    X(LOCK_RELEASE, "lock_release") /* req, worker, a=lock                              */ \
    X(CALL, "call")               /* req, worker, a=service, x=its number there: a call \
                                     leaves for the service (its `req` in that trace)   */
/* clang-format on */

/* clang-format off */
typedef enum {
#define TRACE__KIND_ENUM(name, text) TRACE_##name,
    TRACE_KIND_MAP(TRACE__KIND_ENUM)
#undef TRACE__KIND_ENUM
    TRACE_KIND_COUNT
} trace_kind;
/* clang-format on */

/* Queues named in enqueue/dequeue events. */
#define TRACE_QUEUE_MAP(X)      \
    X(ACCEPT, "accept")         \
    X(DEVICE, "device")         \
    X(NEXT_TICK, "next_tick")   \
    X(MICROTASK, "microtask")   \
    X(TIMERS, "timers")         \
    X(POLL, "poll")             \
    X(CHECK, "check")           \
    X(READY, "ready")           \
    X(THREADPOOL, "threadpool") \
    X(WORKER, "worker")

/* clang-format off */
typedef enum {
#define TRACE__QUEUE_ENUM(name, text) TRACE_QUEUE_##name,
    TRACE_QUEUE_MAP(TRACE__QUEUE_ENUM)
#undef TRACE__QUEUE_ENUM
    TRACE_QUEUE_COUNT
} trace_queue;
/* clang-format on */

/* What a loop does with what it dequeues (a dequeue's c; an enqueue's c says
 * TRACE_TAKE_HOP for a hop). */
typedef enum {
    TRACE_TAKE_RUN,     /* runs the request's callback */
    TRACE_TAKE_HOP,     /* runs a hop: a call_soon that only wakes a task (asyncio, or
                           the resolution of a Promise.all) */
    TRACE_TAKE_HANDOFF, /* hands it on to its ready queue (asyncio's selector) */
} trace_take;

typedef enum { TRACE_WORKER_THREAD, TRACE_WORKER_LOOP, TRACE_WORKER_POOL } trace_worker_kind;

/* Event-loop phases named in phase events: libuv's (Node) and asyncio's, and
 * Node's main script, which runs before the loop's first iteration. */
#define TRACE_PHASE_MAP(X)    \
    X(TIMERS, "timers")       \
    X(PENDING, "pending")     \
    X(POLL, "poll")           \
    X(CHECK, "check")         \
    X(CLOSE, "close")         \
    X(SELECT, "select")       \
    X(RUN_READY, "run_ready") \
    X(MAIN, "main")

/* clang-format off */
typedef enum {
#define TRACE__PHASE_ENUM(name, text) TRACE_PHASE_##name,
    TRACE_PHASE_MAP(TRACE__PHASE_ENUM)
#undef TRACE__PHASE_ENUM
    TRACE_PHASE_COUNT
} trace_phase;
/* clang-format on */

typedef struct {
    int64_t t;      /* ns */
    int64_t x;      /* core, duration, latency or due time, by kind */
    int32_t req;    /* request index, or -1 */
    int32_t worker; /* worker index, or -1 */
    int32_t a;      /* step, task, device, process, phase or string, by kind */
    uint8_t kind;   /* trace_kind */
    uint8_t b;      /* small extra: queue, worker kind or a flag, by kind */
    uint16_t c;     /* the code line of a step, or a flag, by kind */
} trace_event;

typedef struct trace trace;

/* A new empty trace or NULL. */
trace *trace_new(void);
void trace_free(trace *tr);

/* Appends a copy of *ev. 0 or SIM_ENOMEM. */
int trace_append(trace *tr, const trace_event *ev);

size_t trace_count(const trace *tr);

/* The i-th event, i < trace_count(). */
const trace_event *trace_get(const trace *tr, size_t i);

/* Bytes held by the trace, for the memory benchmark. */
size_t trace_memory(const trace *tr);

/* The file name of a kind ("arrive") or queue ("accept"). */
const char *trace_kind_name(int kind);
const char *trace_queue_name(int queue);
const char *trace_phase_name(int phase);

/* A worker's name from its spawn event: "event loop" (number 1 of a process),
 * "worker thread 2" (a later loop: worker_threads), "thread 3", "pool thread 1".
 * Writes at most `size` bytes (always terminated); returns `buf`. */
char *trace_worker_name(int kind, int64_t number, char *buf, size_t size);

/* The schema written in trace files' headers. */
#define TRACE_SCHEMA "bistro-trace/2"

#endif
