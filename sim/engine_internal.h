/* engine_internal.h - the state of one run, shared by the engine's files.
 *
 *   engine.c          the event core: set-up, the run loop, emit, push, dispatch
 *   engine_requests.c requests: arrivals, closed-loop clients, the accept queue,
 *                     threads taking and finishing requests
 *   engine_metrics.c  memory, the log, latencies and their percentiles
 *   cpu.c             cores, the OS run queue, time slicing, context switches
 *   gil.c             CPython's GIL: waiting, drop requests, forced switching
 *   threads.c         a thread executing a request's program: cpu, io, devices, sleep
 *   state.c           shared values (read, write, lost updates) and locks
 *   loop.c            event loops: tasks, their queues, running them, waiting in poll
 *   loop_node.c       Node's loop: libuv's phases, nextTick and microtasks
 *   loop_asyncio.c    asyncio's loop: _run_once and its call_soon hops
 *   pool.c            jobs off the loop: the threadpool / executor and worker threads
 *   ixq.h             the FIFO and the store (array + free list) that entities live in
 *
 * Entities refer to each other by index. Each waits in at most one queue at a
 * time, so queues are intrusive FIFOs through the entity's `next` (ixq.h).
 */
#ifndef BISTRO_ENGINE_INTERNAL_H
#define BISTRO_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "heap.h"
#include "ixq.h"
#include "rng.h"
#include "services.h"
#include "workload.h"

enum sim__event_type {
    EV_CLIENT,      /* closed loop: client `id` sends its next request */
    EV_CORE,        /* core `id`: its thread's op ends, its slice ends, or a GIL check */
    EV_WAKE,        /* thread `id`: its io or sleep is over */
    EV_GIL_TIMEOUT, /* thread `id` has waited one switch interval for the GIL */
    EV_RESUME,      /* thread `id` goes on with its program (it just got the GIL) */
    EV_IO_DONE,     /* async operation `id` (a sim__aop) is complete */
    EV_LOOP_WAKE,   /* loop `id`'s poll timeout ran out (a timer is due) */
    EV_CALL_ARRIVE, /* a service's run: call number `id` arrives; gen: who waits for
                       its reply (engine_call.c) */
};

typedef enum {
    TK_REQUEST, /* a thread of the threads model, serving requests */
    TK_POOL,    /* a threadpool / executor thread running jobs */
    TK_LOOP,    /* the thread of an event loop (main or worker) */
} sim__thread_kind;

typedef enum {
    TH_IDLE,     /* no request: waiting in accept() */
    TH_WANT_GIL, /* waiting for its process's GIL */
    TH_READY,    /* runnable, waiting for a core */
    TH_RUNNING,  /* on a core */
    TH_BLOCKED,  /* waiting for io, a device or a sleep */
    TH_DEAD,     /* a per-request thread that finished; its index is free */
} sim__thread_state;

typedef struct {
    sim__thread_state state;
    int32_t proc;        /* the process it belongs to */
    int32_t slot;        /* the request it serves, or -1 */
    uint32_t pc;         /* the op it is at */
    int64_t remaining;   /* ns of cpu left in the current cpu/native op; -1 = not started */
    int32_t core;        /* when TH_RUNNING */
    int64_t run_from;    /* when it started making progress on its core */
    int64_t gil_wait_since;
    uint64_t switch_seen;/* the GIL's switch number when its wait interval began */
    uint64_t gen;        /* invalidates stale EV_WAKE / EV_GIL_TIMEOUT / EV_RESUME */
    bool holds_gil;
    bool gil_parked;     /* waiting for the GIL with no wake-up pending: its holder
                            waits for a core (gil.c) */
    int32_t next;        /* link in the one queue it is in */
    uint8_t kind;        /* sim__thread_kind */
    uint32_t end;        /* blocking threads run ops [pc, end) of their slot's program */
    int32_t loop;        /* TK_LOOP: its loop; TK_POOL: the loop it serves */
    int32_t job;         /* TK_POOL: the job it runs, or -1 */
    int32_t shown;       /* the step the trace last gave for it (run, ready, block,
                            step), or -1 */
    int32_t number;      /* its number among its process's workers of its kind */
    int32_t trip;        /* the round trip of its current io it is at (from 0) */
    int32_t trip_end;    /* a pool thread running one round trip of an io: that trip
                            + 1; 0: every round trip of every io, one after another */
    uint8_t nheld;       /* locks it holds (state.c) */
} sim__thread;

/* A piece of a request's program that an event loop runs as one callback or
 * continuation: ops [pc, end) of its slot's program. */
typedef struct {
    int32_t slot;
    uint32_t pc, end;
    int32_t loop;        /* the loop it runs on */
    int32_t job;         /* a worker job it belongs to, or -1 (the request itself) */
    int32_t join;        /* Promise.all / gather: the task waiting for it, or -1 */
    int32_t pending;     /* as a join: branches not yet finished */
    int32_t hop;         /* asyncio: when >= 0, running this only schedules task `hop` */
    int32_t hops;        /* asyncio: call_soon hops between its completion and its run */
    int32_t promise;     /* a spawned task: its name (scn_step.name), or -1 */
    int32_t waiters;     /* tasks awaiting its end (join, an awaited call), by next */
    int32_t next;        /* link in the one queue it is in */
    int64_t ready_at;    /* when it became runnable (loop lag); a Node timer waiting
                            in its list: when it falls due */
    int64_t began;       /* when it last began to run (an interval's next start) */
    uint32_t firing;     /* an interval's callback: its interval's next firing op, to
                            arm when this callback returns to the loop; 0: none */
    uint32_t trip_pc;    /* round trips: the io op whose next request it must send */
    int32_t trip;        /* > 0: it only sends round trip `trip` of that io when it
                            runs (fs.readFile's next request), and waits again */
    uint8_t nheld;       /* locks it holds (state.c) */
} sim__task;

/* An I/O operation in flight on a device: for a blocked thread (thread >= 0) or
 * for an event loop, which then runs `task` (task >= 0). */
typedef struct {
    int32_t thread, task, device, next;
    int64_t dur, req;
    int32_t call;        /* a call: 1 + the service it waits for (its reply ends it;
                            dur is then the service's latency); 0: an io */
} sim__aop;

/* Work sent off a loop: ops [a, b) run by a pool thread (blocking, like a thread)
 * or by a worker's loop; then `cont` is posted back to loop `origin`. */
typedef struct {
    int32_t slot;
    uint32_t a, b;
    int32_t cont, origin;
    int32_t live;        /* worker jobs: tasks still alive on the worker */
    int32_t worker;      /* worker jobs: the worker loop running it, or -1 */
    int32_t trip_end;    /* > 0: only round trip trip_end - 1 of the io op at a */
    int32_t next;
} sim__job;

typedef struct sim__flavor sim__flavor;

/* Node's timers of one duration, in the order they were set (lib/internal/timers.js,
 * TimersList); loop_node.c. */
typedef struct {
    int64_t msecs;       /* the duration, whole milliseconds, in ns */
    sim__fifo timers;    /* of tasks */
    bool queued;         /* in the loop's `timers` heap (Node's timerListQueue) */
} sim__tlist;

typedef struct {
    int32_t thread;      /* the loop thread */
    int32_t proc;
    const sim__flavor *fl; /* Node's or asyncio's */
    bool worker;         /* a worker_threads loop */
    int phase;           /* trace_phase */
    bool waiting;        /* blocked in poll/select */
    bool polled;         /* this poll phase has waited already */
    bool deferred;       /* its poll/select let the events of this instant go first */
    bool micro_mode;     /* draining microtasks (node) */
    int32_t budget;      /* callbacks of the current phase still to run */
    int32_t cur;         /* the task it is running, or -1 */
    int32_t stack;       /* tasks to run at once (Promise.all branches), by task.next */
    int64_t loop_time;   /* Node: the `now` of the timers phase (processTimers) and
                            of the poll phase: when it began */
    int64_t uv_time;     /* Node: when libuv last read its clock (uv_update_time:
                            each iteration, after poll, and every setTimeout) */
    int64_t busy;        /* CPU the loop thread spends before its next callback,
                            outside any task (Node: loop start, a worker's start) */
    bool started;        /* it has paid its start (loop_start; a worker: worker_start) */
    bool logged;         /* it has printed (the first print costs more) */
    int64_t clock_phase; /* ns past a whole millisecond of its process's real clock
                            at time 0 (Node's clock; a worker has its process's) */
    uint64_t wake_gen;
    sim__fifo ticks, micro, check, poll, ready; /* of tasks */
    /* what the loop waits for in poll / select, by due time: asyncio's timers
     * (id = task); Node's timer lists by (expiry, list id) (id = list, seq = its id) */
    event_heap timers;
    sim__tlist *tlists;  /* Node: one per duration used, never removed */
    int32_t ntlists;
    size_t cap_tlists;
    int32_t *tlist_map;  /* Node: duration -> list, open addressing, -1 empty */
    size_t cap_tlist_map;
    int32_t tlist_ran;   /* Node: the list whose timer's callback just ran, or -1 */
    /* a process's main loop also owns the process's threadpool and workers */
    sim__fifo jobs;      /* threadpool jobs waiting for a pool thread */
    sim__fifo wjobs;     /* worker jobs waiting for a free worker */
    sim__fifo pool_idle; /* idle pool threads */
    int32_t pool_threads, pool_max;
    int32_t first_worker, nworkers; /* its worker loops */
    int32_t wjob;        /* a worker loop: the job it runs, or -1 */
} sim__loop;

/* A named task or promise of one request (spawn, join, resolve, a named await). */
typedef struct sim__promise {
    int32_t task;      /* spawned: the task running now, or -1 */
    bool done;         /* settled: its task ended, or it was resolved */
    int32_t waiters;   /* tasks awaiting it before it had a task, by next */
} sim__promise;

/* A request's copy of a shared value (state.c): what it read, and the version. */
typedef struct {
    int64_t value;
    uint64_t ver;
    int64_t req;       /* the request that read it (a slot serves many), or -1 */
} sim__copy;

/* Who holds a lock, or waits for one (state.c). */
enum { SIM__HOLDER_NONE, SIM__HOLDER_THREAD, SIM__HOLDER_TASK };
typedef struct {
    int8_t kind;       /* SIM__HOLDER_* */
    int32_t id;        /* the thread or the loop task */
    uint32_t end;      /* it holds the lock until its program reaches this op */
    int32_t slot;      /* its request */
} sim__holder;

typedef struct {
    sim__holder holder;  /* kind SIM__HOLDER_NONE when free */
    sim__holder *wait;   /* waiters wait[head..n), first come first served */
    size_t head, n, cap;
} sim__lock;

typedef struct {
    int64_t req;       /* request index in the workload */
    int64_t arrive;
    int32_t thread;    /* serving it, or -1 while in the accept queue */
    int32_t proc;      /* its process (round robin), or -1 (shared queue) */
    int32_t next;      /* link in the accept queue or the free list */
    int32_t client;    /* closed loop: the client that sent it, else -1 */
    int32_t live;      /* event loops: its tasks still alive */
    wl_program prog;
    struct sim__promise *promises; /* event loops: one per name of the scenario */
    size_t cap_promises;
    sim__copy *copies; /* its copies of the shared values, one per key (state.c) */
    size_t cap_copies;
    /* services (engine_call.c) */
    uint64_t tag;      /* a call a service serves: who waits for its reply; 0: none */
    int32_t calls_out; /* its calls in flight */
    int64_t call_since; /* when its calls in flight began (calls_out > 0) */
    int64_t call_wall; /* time with a call in flight */
    int64_t call_svc, call_net; /* its calls' time in the services, on the network */
} sim__slot;

typedef struct {
    int32_t thread;     /* running it, or -1 */
    int32_t last;       /* the thread it ran last, or -1 */
    int64_t slice_end;
    int64_t slice_origin; /* when its thread began to make progress */
    int64_t busy_since;
    uint64_t gen;
} sim__core;

typedef struct {
    int32_t holder;       /* -1 when free */
    sim__fifo waiters;
    bool drop_request;
    bool holder_ran;      /* the holder has made progress since it took the GIL */
    uint64_t switch_number;
    sim__fifo idle;       /* idle threads of this process */
    sim__fifo accept;     /* requests (slots) waiting for a thread */
    int32_t spawned[3];   /* worker indices created, by sim__thread_kind (their names) */
} sim__process;

typedef struct {
    int64_t in_use;
    sim__fifo waiting;    /* aops queued for the device */
} sim__device;

struct sim_run {
    const scn_scenario *scn;
    const scn_runtime *rt;   /* the runtime each process runs */
    sim_options opt;
    int64_t now;
    event_heap heap;
    int err;                 /* the first error, sticky */
    int nesting;             /* request_done -> advance calls on the stack */

    /* the runtime */
    int32_t nproc;
    bool shared_accept;
    bool per_request;
    bool gil;
    int64_t switch_interval;
    sim__process *procs;
    sim__thread *threads;
    sim__store thread_store; /* free: dead per-request threads */

    /* event loops */
    bool event_loop;
    sim__loop *loops;        /* nproc main loops, then the workers */
    int32_t nloops;
    sim__task *tasks;
    sim__store task_store;
    sim__aop *aops;
    sim__store aop_store;
    sim__job *jobs;
    sim__store job_store;
    int64_t lag_sum, lag_count;

    /* the machine */
    rng jitter;              /* machine.jitter's draws (stream SIM__JITTER_STREAM) */
    sim__core *cores;
    int32_t ncores;
    sim__fifo runq;
    sim__device *devices;

    /* the workload */
    wl_arrivals arrivals;
    /* The next open arrival waits beside the heap rather than in it (arrivals are
     * a sorted stream; this saves a push and a pop a request). It holds the
     * sequence number it would have had in the heap, so the order is the same. */
    bool has_arrival;
    int64_t arrival_t, arrival_req;
    uint64_t arrival_seq;
    bool closed;
    int64_t total, sent, completed;
    sim__slot *slots;
    sim__store slot_store;
    int64_t rr_next;         /* round-robin dispatch counter */

    /* shared state (state.c) */
    int64_t *st_value;       /* per key of scn->state */
    uint64_t *st_ver;        /* per key: writes so far */
    sim__lock *locks;        /* per lock name of scn->locks */
    struct sim_run *store;   /* the run whose st_value, st_ver and m.state this
                                run's reads and writes use: a service's run, the
                                front's (one store per scenario, like a database
                                row); NULL: its own. Locks stay each run's. */

    /* results */
    trace *tr;
    sim_metrics m;
    int64_t *latencies;      /* one per completed request */
    size_t cap_log;
    int64_t connections, threads_now, proc_memory;
    int64_t memory_now;      /* the last memory event's value */

    /* budgets (engine.c) */
    int64_t kind_counts[TRACE_KIND_COUNT]; /* trace events by kind */
    int64_t prog_bytes;      /* the programs of the requests' slots */
    int budget;              /* the budget that ran out: 0 none, 1 events, 2 memory,
                                3 memory, by the threads made in advance,
                                4 simulated time */
    int64_t budget_used;     /* what it had used then */
    uint32_t budget_ticks;   /* budget checks so far */

    /* services (services.c, engine_call.c) */
    struct sim__svc *svc;    /* the front's: its services' runs and the network;
                                NULL without services */
    struct sim__svc *coord;  /* every run of a scenario with services: the one
                                clock it runs on (the front's svc); else NULL */
    int32_t svc_index;       /* 0: the front; 1 + i: service i */
    bool injected;           /* a service's run: requests come only as calls */
    uint64_t next_tag;       /* the tag of the call arriving now (sim__slot.tag) */
    int64_t cap_latencies;   /* a service's run: room in `latencies` */
    sim_split split;         /* the front's requests' time, summed (engine_call.c) */
    int64_t in_flight_max;   /* a service's run: the most calls in it at once */
    uint32_t in_process;     /* the front's: the services its runtime calls in its
                                own process (scn_runtime.in_process) */
};

/* engine.c */
void sim__emit(sim_run *run, int kind, int64_t req, int32_t worker, int32_t a, int b, int64_t x);
/* An enqueue or dequeue of `item` (a task, a job, a device; -1: none) in `queue`;
 * `take` is a trace_take. */
void sim__emit_queue(sim_run *run, int kind, int64_t req, int32_t worker, int queue, int32_t item,
                     int64_t x, int take);
/* Thread th is now at op `step` of its program (-1: none): a step event unless the
 * trace already says so. */
void sim__step(sim_run *run, int32_t th, int32_t step);
void sim__push(sim_run *run, int64_t t, uint32_t type, uint32_t id, uint64_t gen);
/* now + d; on overflow sets the run's error (SIM_EOVERFLOW) and returns now */
int64_t sim__later(sim_run *run, int64_t d);

/* t + d, saturating at INT64_MAX: for times that only bound others (a slice's
 * end), where "never" is the right answer past the end of time */
static inline int64_t sim__later_than(int64_t t, int64_t d)
{
    int64_t r;
    return __builtin_add_overflow(t, d, &r) ? INT64_MAX : r;
}
/* a * b + c for non-negative values, saturating at INT64_MAX: estimates (the
 * memory of 1e8 threads of 1 TiB) that would not fit stay at the largest value */
static inline int64_t sim__mul_add_sat(int64_t a, int64_t b, int64_t c)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r) || __builtin_add_overflow(r, c, &r))
        return INT64_MAX;
    return r;
}
/* a + b for non-negative values, saturating at INT64_MAX: times summed over
 * threads or cores (the GIL wait, the busy cores) can pass 2^63 ns while the
 * clock stays within its budget; such a sum stays at the largest value */
static inline int64_t sim__add_sat(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}
/* Runs th's program now, or from the event loop at this same time when too many
 * such calls are already on the stack. */
void sim__advance_soon(sim_run *run, int32_t th);

/* A cost the scenario gives as a distribution: a draw under machine.jitter, else its
 * mean (the typical value, the same in every run). */
int64_t sim__cost(sim_run *run, const scn_dist *d);

/* Stops the run (SIM_EBUDGET) when it has passed a budget. */
void sim__check_budgets(sim_run *run);
/* Stops the run (SIM_EBUDGET, budget 3) when the threads it makes in advance
 * (processes x threads) would pass the memory budget; true then. */
bool sim__pool_past_budget(sim_run *run);

/* engine_requests.c */
int sim__requests_setup(sim_run *run); /* the workload, room for its latencies */
void sim__requests_start(sim_run *run); /* the first threads, requests and clients */
void sim__arrival(sim_run *run);        /* the pending open arrival is due */
void sim__client(sim_run *run, int32_t client); /* a closed-loop client sends again */
void sim__arrive(sim_run *run, int64_t req, int32_t client); /* request req arrives now */
int32_t sim__new_thread(sim_run *run, int32_t proc, int kind);
void sim__request_done(sim_run *run, int32_t th);
/* request `slot` is complete (th: who finished it, or -1); frees the slot */
void sim__slot_done(sim_run *run, int32_t slot, int32_t th);

/* engine_metrics.c */
void sim__finish_metrics(sim_run *run);
void sim__note_memory(sim_run *run);
void sim__log(sim_run *run, int32_t th, int text);

/* state.c */
int sim__state_setup(sim_run *run);
void sim__state_free(sim_run *run);
/* A read or write op of request `slot`, run by `worker`. */
void sim__state_op(sim_run *run, int32_t slot, int32_t worker, const wl_op *op);
/* The lock op `op` at `pc` of thread or task `id` (kind SIM__HOLDER_*): true when
 * it holds the lock now; false when it waits (the caller blocks or suspends it,
 * its pc still at the lock op; it goes on past it once the lock is its own). */
bool sim__lock_take(sim_run *run, int kind, int32_t id, int32_t slot, uint32_t pc, const wl_op *op);
/* Releases the locks that thread or task `id` holds until an op at or before pc
 * (UINT32_MAX: every one), handing each to its first waiter. */
void sim__lock_release_due(sim_run *run, int kind, int32_t id, uint32_t pc);

/* cpu.c */
void sim__cpu_want(sim_run *run, int32_t th);   /* th has cpu work: run, keep running or queue */
void sim__cpu_leave(sim_run *run, int32_t th);  /* th stops using its core, if it has one */
void sim__cpu_event(sim_run *run, int32_t core, uint64_t gen);
void sim__cpu_interrupt(sim_run *run, int32_t th); /* a GIL drop request reached th */

/* gil.c */
bool sim__gil_take(sim_run *run, int32_t th);   /* true if th holds it now, else it waits */
/* Releases th's GIL if it holds it (a no-op otherwise) and hands it to the longest waiter. */
void sim__gil_release(sim_run *run, int32_t th);
void sim__gil_timeout(sim_run *run, int32_t th, uint64_t gen);
bool sim__gil_must_drop(const sim_run *run, int32_t th);
/* th got a core: if it holds its GIL, the waiters that slept while it could not
 * run wake again on their switch-interval beat (gil.c, sleep_through). */
void sim__gil_holder_dispatched(sim_run *run, int32_t th);
void sim__gil_forced_drop(sim_run *run, int32_t th);

/* threads.c */
int64_t sim__thread_req(const sim_run *run, int32_t th); /* its request, or -1 */
void sim__thread_advance(sim_run *run, int32_t th); /* run the program until th must wait */
void sim__thread_op_done(sim_run *run, int32_t th); /* its cpu/native op finished */
void sim__thread_wake(sim_run *run, int32_t th, uint64_t gen);
void sim__thread_resume(sim_run *run, int32_t th, uint64_t gen);
/* Blocks thread th (not holding a core any more) for `dur` at its op pc: a
 * thread's sleep, or an event loop's thread held by a blocking sleep. */
void sim__sleep(sim_run *run, int32_t th, uint32_t pc, int64_t dur);
/* Starts I/O of `dur` on `device` (-1: none) for a blocked thread or a loop task;
 * it may wait for the device first. */
void sim__io_begin(sim_run *run, int32_t thread, int32_t task, int32_t device, int64_t dur,
                   int64_t req);
void sim__io_done(sim_run *run, int32_t aop);

/* engine_call.c: calls of services */
/* Sends a call of `service` (an index into scn->services) for a blocked thread
 * (task -1) or for a loop, which then runs `task`; its reply ends it as an io. */
void sim__call_begin(sim_run *run, int32_t thread, int32_t task, int service, int64_t req);
/* A call's reply has come back (sim__io_done, before the waiter goes on). */
void sim__call_back(sim_run *run, const sim__aop *op);
/* EV_CALL_ARRIVE: call number `k` reaches this service's run. */
void sim__call_arrive(sim_run *run, int64_t k, uint64_t tag);
/* Request `slot` is complete: a service's answers its caller; the front's adds
 * its time split. */
void sim__call_slot_done(sim_run *run, int32_t slot, int64_t latency);
/* The run's next event (an arrival or the heap's first), or INT64_MAX. */
int64_t sim__next_time(const sim_run *run);
/* Handles the run's next event (after the budget check); false when none is left. */
bool sim__step_once(sim_run *run);
/* services.c: runs the front and its services on one clock */
int sim__services_new(sim_run *front);
int sim__services_go(sim_run *front);
void sim__services_free(sim_run *front);
/* The front's or a service's run that stopped on an error (the first, front
 * first), or NULL; NULL without services. */
const sim_run *sim__services_failed(const sim_run *front);
/* Prepares a service's run (engine.c): requests come only as calls. */
int sim__run_new_service(const scn_scenario *view, const sim_options *opt, struct sim__svc *coord,
                         int32_t index, sim_run **out);
/* The coordinator (services.c): a call from `run`'s aop `a` to `service` leaves
 * now; a service's request with `tag` ended now after `latency`. */
void sim__svc_send(sim_run *run, int32_t a, int service);
void sim__svc_reply(sim_run *run, uint64_t tag, int64_t latency);
int64_t sim__svc_latency(const sim_run *run); /* the network's one way */
/* Devices are one for the front and its services: the front's holds the count in
 * use, the coordinator one queue of waiting operations of every run. */
sim__device *sim__device_of(sim_run *run, int32_t device);
void sim__svc_device_wait(sim_run *run, int32_t device, int32_t aop);
/* A unit of `device` is free now: the longest waiting operation, of any run, starts. */
void sim__svc_device_next(sim_run *run, int32_t device);
void sim__aop_start(sim_run *run, int32_t aop); /* threads.c: takes its device, starts */

/* loop.c */
int sim__loop_setup(sim_run *run, const scn_runtime *rt);
void sim__loop_arrive(sim_run *run, int32_t slot);
void sim__loop_advance(sim_run *run, int32_t th);
void sim__loop_op_done(sim_run *run, int32_t th);
void sim__loop_post(sim_run *run, int32_t task,
                    int64_t ready_at); /* a completion reaches its loop */
void sim__loop_wake(sim_run *run, int32_t loop, uint64_t gen);
void sim__loop_slept(sim_run *run, int32_t th); /* its thread's blocking sleep is over */
/* Task k, suspended (a lock became its own), goes on: through its loop's hop
 * queue when `from_loop` (the loop that released the lock, -1: a thread) is its
 * own, else through its poll / select, which it wakes. */
void sim__loop_resume(sim_run *run, int32_t k, int32_t from_loop);
int32_t sim__task_new(sim_run *run, int32_t slot, uint32_t pc, uint32_t end, int32_t loop,
                      int32_t job);

/* What Node's loop (loop_node.c) and asyncio's (loop_asyncio.c) do differently.
 * Each loop gets one at set-up, as Redis's ae.c picks its backend; loop.c and
 * pool.c ask it instead of asking which runtime they run. */
struct sim__flavor {
    /* The loop's next task (after Promise.all branches): -2 when it must wait in
     * poll / select, -1 on error. */
    int32_t (*next)(sim_run *run, int32_t l);
    /* The queue (trace_queue) a scheduling step (SCN_STEP_MICROTASK, ...) uses. */
    int (*queue)(int step);
    int first_phase;     /* the phase a loop begins in */
    int hop_queue;       /* where a hop (sim__task.hop) waits */
    /* Files timer task k, set at `start` (now, or when an interval's callback
     * began) with the scenario's `delay`, among the loop's timers; returns its due
     * time, or -1 with run->err set. */
    int64_t (*arm)(sim_run *run, sim__loop *L, int32_t k, int64_t start, int64_t delay);
    /* An interval's next firing counts from when its callback began (setInterval)
     * rather than from when it returned (a callback that call_later's itself). */
    bool interval_from_start;
    /* An io's round trips through the threadpool are one pool job each, each
     * completing in its own poll phase (fs.readFile); else one job makes them all,
     * blocking (a file read sent to an executor). */
    bool pool_round_trips;
    /* When a loop that must wait (its `next` gave -2) wakes up at the latest, or -1
     * for never; NULL: when its first timer falls due (sim__loop_next_due). */
    int64_t (*poll_until)(const sim_run *run, const sim__loop *L);
    bool branches_now;   /* parallel branches run at once, before anything else */
    bool workers;        /* worker threads, and without any a worker offload runs inline */
    bool pool_at_once;   /* the threadpool starts all of its threads at its first job */
    /* An await always suspends and resumes after turns of the hop queue, even of
     * a settled promise, and an awaited call's body is a piece of its own (V8);
     * otherwise (asyncio) awaiting a done future or a coroutine goes straight on. */
    bool await_turns;
};
extern const sim__flavor sim__node_flavor, sim__asyncio_flavor;

/* loop.c, for the flavors */
void sim__loop_phase(sim_run *run, sim__loop *L, int phase);
/* Before a poll or select: true when other events of this instant are still to
 * come (an I/O that completes now, an arrival now); the loop then lets them go
 * first and comes back to this poll or select (its `next` returns
 * SIM__LOOP_DEFERRED), as a real selector sees a descriptor that became ready
 * before it looked. At most once per poll or select. */
bool sim__loop_defer(sim_run *run, sim__loop *L);
#define SIM__LOOP_DEFERRED (-3)
/* From a flavor's `next`: the loop thread first spends L->busy of CPU outside any
 * task (Node's start of the loop, a worker's start), then asks again. */
#define SIM__LOOP_BUSY (-4)
/* When the loop's first timer falls due, or -1: the top of `timers` (for Node the
 * first list's expiry, which is its first timer's due time). */
int64_t sim__loop_next_due(const sim__loop *L);
void sim__loop_enqueue(sim_run *run, int queue, int32_t k);
/* Takes the next task of q. `starts`: the loop runs it now, so the event carries
 * its loop lag; else it is only handed on (asyncio's selector). */
int32_t sim__loop_take(sim_run *run, sim__loop *L, sim__fifo *q, int queue, bool starts);
/* Timer task k, due at `due`, fires: its callback runs now (`at_once`, Node) or it
 * joins a ready queue. Returns k. */
int32_t sim__loop_timer_fired(sim_run *run, sim__loop *L, int32_t k, int64_t due, bool at_once);
/* A task that, when run, only schedules task `target` (one of its hops). */
int32_t sim__task_hop(sim_run *run, int32_t target);

/* pool.c */
void sim__pool_submit(sim_run *run, int32_t loop, int32_t slot, uint32_t a, uint32_t b,
                      int32_t cont, bool to_worker);
/* Round trip `trip` of the io op at `pc`, alone, as a threadpool job. */
void sim__pool_submit_trip(sim_run *run, int32_t loop, int32_t slot, uint32_t pc, int32_t cont,
                           int32_t trip);
void sim__pool_job_done(sim_run *run, int32_t th);
void sim__worker_job_done(sim_run *run, int32_t job);

#endif
