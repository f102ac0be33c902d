/* scenario.h - a validated scenario (schema "bistro/1"), as the loader builds it.
 *
 * The loader (scenario_load.c) parses a JSON file with cJSON, validates every key
 * against docs/scenario-format.md and builds the structures below. Everything that
 * reaches the engine has been checked: durations are non-negative and below
 * SCN_MAX_DURATION_NS, device and string indices are in range, counts are within
 * the limits below. The structs are public and read-only for callers; one
 * scn_scenario owns all of its memory and scn_free() releases it.
 */
#ifndef BISTRO_SCENARIO_H
#define BISTRO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Limits. Anything beyond them is rejected with a message naming the limit. */
#define SCN_MAX_FILE_BYTES (4 * 1024 * 1024)     /* a scenario file */
#define SCN_MAX_DEPTH 32                          /* JSON nesting depth */
#define SCN_MAX_DURATION_NS (1000000LL * 1000000000LL) /* 10^6 s, ~11.6 days */
#define SCN_HORIZON_NS (1LL << 62) /* a run's simulated time: 2^62 ns, ~146 years */
#define SCN_MAX_REQUESTS 100000000LL              /* requests in one workload */
#define SCN_MAX_THREADS 100000                    /* threads / pool size of one runtime */
#define SCN_MAX_PROCESSES 1024
#define SCN_MAX_CORES 1024
#define SCN_MAX_THREADPOOL 1024                   /* libuv's own limit */
#define SCN_MAX_RUNTIMES 16
#define SCN_MAX_DEVICES 64
#define SCN_MAX_LESSON_ORDER 1000                 /* "lesson": {"order": ...} */
#define SCN_MAX_QUESTIONS 100                     /* "questions" */
#define SCN_MAX_OPTIONS 26                        /* a choice's options (a to z) */
#define SCN_METRIC_COUNT 18                       /* scn_metric_name */
#define SCN_SERVICE_METRIC_COUNT 7                /* scn_service_metric_name */
#define SCN_MAX_EXPANDED_STEPS 100000             /* steps of one request after `repeat` */
#define SCN_MAX_TEXT 4096                         /* bytes of one string */
#define SCN_MAX_CODE_LINES 1000 /* lines of a code listing, and a step's "line" */
#define SCN_MAX_NAMES 1000 /* distinct task and promise names of a scenario */
#define SCN_MAX_STATE 64 /* "state": shared values of a scenario */
#define SCN_MAX_LOCKS 64 /* distinct lock names of a scenario */
#define SCN_MAX_LOCK_DEPTH 8 /* locks held at once by one request (nested lock steps) */
#define SCN_MAX_STATE_VALUE 1000000000000000LL /* |initial value| and |add|: 10^15 */
#define SCN_MAX_SERVICES 16 /* "services" */

/* A duration: a constant or a distribution, all parameters in nanoseconds. */
typedef enum {
    SCN_DIST_CONST, /* a                       */
    SCN_DIST_EXP, /* mean a                  */
    SCN_DIST_UNIFORM, /* between a and b         */
    SCN_DIST_NORMAL, /* mean a, sd b; clamped at 0 */
    SCN_DIST_LOGNORMAL, /* mean a, sd b of the lognormal itself */
} scn_dist_kind;

typedef struct {
    scn_dist_kind kind;
    int64_t a, b;
} scn_dist;

typedef enum {
    SCN_STEP_CPU,
    SCN_STEP_NATIVE,
    SCN_STEP_IO,
    SCN_STEP_LOG,
    SCN_STEP_MICROTASK,
    SCN_STEP_NEXT_TICK,
    SCN_STEP_TIMEOUT,
    SCN_STEP_IMMEDIATE,
    SCN_STEP_PARALLEL,
    SCN_STEP_OFFLOAD,
    SCN_STEP_REPEAT,
    SCN_STEP_INTERVAL, /* setInterval / a call_later that sets itself again, `count` times */
    SCN_STEP_SLEEP, /* a blocking sleep: time.sleep, Atomics.wait */
    SCN_STEP_AWAIT, /* await: an async call of its steps, or a promise */
    SCN_STEP_SPAWN, /* create_task / an async call not awaited: a named task */
    SCN_STEP_JOIN, /* await of a spawned task */
    SCN_STEP_RESOLVE, /* settles a named promise */
    SCN_STEP_READ, /* copies a shared value ("state") into the request */
    SCN_STEP_WRITE, /* stores the request's copy plus `add` into the shared value */
    SCN_STEP_LOCK, /* runs its steps (body) holding a mutex: threading.Lock, asyncio.Lock */
} scn_step_kind;

/* What an await step awaits. */
typedef enum {
    SCN_AWAIT_CALL, /* an async function whose body is the step's steps */
    SCN_AWAIT_RESOLVED, /* an already-resolved promise, a done future */
    SCN_AWAIT_THENABLE, /* an object with a then method (an awaitable in asyncio) */
    SCN_AWAIT_NAMED, /* the promise a resolve step of the same request settles */
} scn_await_what;

typedef enum { SCN_OFFLOAD_THREADPOOL, SCN_OFFLOAD_WORKER } scn_offload_to;

typedef struct scn_step scn_step;

/* A sequence of steps. */
typedef struct {
    scn_step *steps;
    size_t n;
} scn_block;

struct scn_step {
    scn_step_kind kind;
    scn_dist dur; /* cpu, native, io, timeout, interval, sleep */
    int device; /* io: index into scn_scenario.devices, or -1 (no device: unlimited) */
    int text; /* log: index into scn_scenario.strings */
    int64_t count; /* repeat: N >= 0; interval: the callbacks, N >= 1 */
    int64_t round_trips; /* io: the requests it takes one after another (fs.readFile's
                            open, fstat, read, close), >= 1; 1 when not given */
    scn_offload_to to; /* offload */
    bool has_then; /* io / offload given with "then": start and go on at once */
    int line; /* optional "line": 1-based line of the code listing, or 0 */
    scn_block body; /* then (io, offload, timeout, interval), the callback (microtask,
                            next_tick, immediate), the offloaded steps (offload: its
                            steps; then in `then_body`), repeat's steps */
    scn_block then_body; /* offload: the `then` callback; empty otherwise */
    scn_block *branches; /* parallel: nbranches sequences */
    size_t nbranches;
    /* await, spawn, join, resolve (body: the awaited call's or the task's steps) */
    scn_await_what awaits; /* await */
    bool returns_promise; /* await of a call: the function returns a promise */
    int name; /* spawn, join, resolve, a named await: index into
                 scn_scenario.names; -1 otherwise */
    int key; /* read, write: index into scn_scenario.state; lock: into
                scn_scenario.locks (its steps are `body`); -1 otherwise */
    int64_t add; /* write: added to the request's copy (default 0) */
    /* call: 1 + the index of the called service in scn_scenario.services; 0 for
     * every other step. A call loads as an io step (kind SCN_STEP_IO, no device,
     * duration 0) that the engine sends to the service and that ends when the
     * service's reply comes back (sim/services.h). */
    int call;
};

typedef enum {
    SCN_ARR_BURST, /* count requests at t=0 */
    SCN_ARR_EVERY, /* count requests, one every `every` starting at t=0 */
    SCN_ARR_POISSON, /* count requests, exponential gaps at rate_per_s */
    SCN_ARR_AT, /* nat requests at the given times (any order) */
    SCN_ARR_CLOSED, /* clients, each sending, waiting, thinking; `count` requests in all */
} scn_arrival_kind;

typedef struct {
    scn_arrival_kind kind;
    int64_t count; /* burst/every/poisson/closed: requests in all */
    int64_t every; /* every: gap in ns */
    double rate_per_s; /* poisson: > 0 */
    int64_t *at; /* at: nat times in ns */
    size_t nat;
    int64_t clients; /* closed: concurrent clients >= 1 */
    scn_dist think; /* closed: think time between a response and the next request */
} scn_arrivals;

typedef struct {
    double weight; /* > 0 */
    scn_block steps;
} scn_mix_entry;

typedef struct {
    char *name; /* "request 0", ... when the file gives none */
    int64_t at;
    scn_block steps;
} scn_request;

typedef enum {
    SCN_WORKLOAD_GENERATED, /* arrivals + request, or arrivals + mix */
    SCN_WORKLOAD_EXPLICIT, /* requests: [...] */
} scn_workload_kind;

typedef struct {
    scn_workload_kind kind;
    scn_arrivals arrivals; /* generated */
    scn_block request; /* generated, one program for every request (n > 0), or */
    scn_mix_entry *mix; /* generated, a weighted choice of programs (nmix > 0) */
    size_t nmix;
    scn_request *requests; /* explicit */
    size_t nrequests;
} scn_workload;

typedef struct {
    char *name;
    int64_t capacity; /* concurrent operations; 0 = unlimited */
    bool via_threadpool;
} scn_device;

typedef enum { SCN_MODEL_THREADS, SCN_MODEL_EVENT_LOOP, SCN_MODEL_PROCESSES } scn_model;
typedef enum { SCN_FLAVOR_NODE, SCN_FLAVOR_ASYNCIO } scn_flavor;
typedef enum { SCN_DISPATCH_ROUND_ROBIN, SCN_DISPATCH_SHARED_QUEUE } scn_dispatch;

/* A caption: shown from `at` until `until`, or, when until is 0, until the next
 * caption. Captions of one list are in time order, each `at` later than the one
 * before; until > at. A caption with a zoom (zoom_t1 > zoom_t0) sets the
 * timeline's window while it shows, unless the teacher has zoomed. */
typedef struct {
    int64_t at;
    int64_t until; /* in ns, or 0 */
    char *text;
    int64_t zoom_t0, zoom_t1; /* the timeline's window while it shows; zoom_t1 = 0: none */
    char *notes; /* the presenter's notes for this caption, or NULL */
} scn_narration;

/* A code listing. */
typedef struct {
    char *language; /* NULL when there is no listing */
    char **lines;
    size_t nlines;
} scn_code;

/* A question a lesson asks at a moment of the run ("questions"): a prediction the
 * class makes before it sees. `order` and `number` are answered by the simulation
 * (the printed order, a metric of the summary at the run's end), `choice` by the
 * author (answer: an index into options). */
typedef enum { SCN_QUESTION_ORDER, SCN_QUESTION_CHOICE, SCN_QUESTION_NUMBER } scn_question_kind;

typedef struct {
    char *id;  /* the answers file's key: letters, digits, '_', '-' */
    int64_t at; /* when it is asked (ns) */
    char *ask;
    scn_question_kind kind;
    int runtime; /* the runtime it is about, or -1 (any: a choice between runtimes) */
    char **options; /* choice: 2 to SCN_MAX_OPTIONS, each once */
    size_t noptions;
    size_t answer; /* choice: the index of the author's answer in options */
    char *metric;  /* number: a name of the summary's metrics ("makespan_ms"), or
                      with `service` of a service's (scn_service_metric_name) */
    int service;   /* number: the service (index into services) whose metric it
                      is, behind the runtime's run; -1: the runtime's own */
    double tolerance; /* number: relative, 0 to 1 (default 0.05) */
} scn_question;

/* A shared value ("state"): its name and the value a run starts from. */
typedef struct {
    char *name;
    int64_t initial;
} scn_state_var;

typedef struct scn_runtime scn_runtime;
typedef struct scn_service scn_service;
struct scn_runtime {
    char *name;
    scn_model model;
    /* threads */
    int64_t threads; /* pool size >= 1, or 0 for "per_request" */
    bool threads_when_needed; /* a pool's threads start as requests need them
                                 ("start_threads": "when_needed"), not all at once */
    bool gil; /* default: false for threads, true for asyncio */
    int64_t switch_interval; /* default 5 ms (CPython sys.getswitchinterval()) */
    /* event_loop */
    scn_flavor flavor;
    int64_t threadpool; /* node: default 4 (UV_THREADPOOL_SIZE) */
    int64_t workers; /* node: worker_threads, default 0 */
    /* event_loop: what a print costs the loop (CPU on its thread): the process's
     * first one and every later one; node also: from the end of the main script
     * to the loop's first iteration, and a worker thread's start. A constant, or a
     * distribution drawn from under machine.jitter (its mean otherwise). Defaults
     * measured (docs/model.md, "Costs"). */
    scn_dist first_log_cost, log_cost, loop_start, worker_start;
    /* processes */
    int64_t processes; /* >= 1 */
    scn_dispatch dispatch; /* default round robin */
    scn_runtime *each; /* the runtime every process runs (threads or event_loop) */
    /* its own captions and listing (a runtime of the list only, never an `each`);
     * read them through scn_runtime_narration / scn_runtime_code, which fall back
     * to the scenario's */
    bool has_narration; /* "narration" given, even as [] (then it shows none) */
    scn_narration *narration;
    size_t nnarration;
    scn_code code; /* code.language == NULL: none given */
    /* "in_process" (a runtime of the list only): bit i set when the runtime makes
     * the calls of service i as function calls in its own process, the service's
     * steps run inline, with no network and no service queue */
    uint32_t in_process;
};

typedef struct {
    int64_t cores; /* default 1 */
    int64_t quantum; /* default 3 ms */
    int64_t context_switch; /* default 2 us */
    int64_t thread_bytes; /* memory of one thread (stack), default 8 MiB */
    int64_t connection_bytes; /* memory of one open connection, default 16 KiB */
    int64_t process_bytes; /* memory of one process, default 10 MiB */
    bool jitter; /* the real sources of variation are on, drawn from the run's seed
                    (docs/model.md, "Jitter"); default false */
} scn_machine;

/* The app's panels a lesson can name in "lesson": {"focus": [...]}. */
typedef enum {
    SCN_PANEL_RESTAURANT,
    SCN_PANEL_TIMELINE,
    SCN_PANEL_METRICS,
    SCN_PANEL_CODE,
    SCN_PANEL_LOG,
    SCN_PANEL_COUNT
} scn_panel;

typedef struct {
    char *name; /* the file's base name without ".json": "three-requests" */
    char *title;
    char *description;
    /* "lesson": the place in the library's teaching order (1 first; 0 when not
     * given: after every lesson that has one), and the list's title and line for
     * it, which give nothing away (NULL when not given: the list shows the title
     * and the description) */
    int64_t lesson_order;
    char *list_title;
    char *teaser;
    /* "lesson": {"focus": [...]}: the panels that carry the lesson, the most
     * important first; the app gives them the room first (nfocus 0: its own rule) */
    scn_panel focus[SCN_PANEL_COUNT];
    size_t nfocus;
    uint64_t seed; /* default 1 */
    scn_machine machine;
    scn_device *devices;
    size_t ndevices;
    scn_workload workload;
    scn_runtime *runtimes;
    size_t nruntimes;
    /* the captions and listing of every runtime that has none of its own; read
     * them through scn_runtime_narration / scn_runtime_code */
    scn_narration *narration;
    size_t nnarration;
    scn_code code;
    char **strings; /* every `log` text, indexed by scn_step.text */
    size_t nstrings;
    char **names; /* every task and promise name (spawn, resolve), each once,
                     indexed by scn_step.name; a name's scope is one request */
    size_t nnames;
    scn_question *questions; /* in time order */
    size_t nquestions;
    scn_state_var *state; /* "state", in the file's order */
    size_t nstate;
    char **locks; /* every lock name, each once, indexed by scn_step.key of a lock */
    size_t nlocks;
    /* "services": the servers a request may call (a `call` step), in file order;
     * none when nservices is 0. No service calls itself, directly or through
     * others (the loader refuses a cycle). */
    scn_service *services;
    size_t nservices;
    int64_t network_latency; /* "network": {"latency"}: one way, ns; default 0 */
} scn_scenario;

/* A service: its own runtime, machine and request program (the program of every
 * call it receives). Devices are the scenario's. */
struct scn_service {
    char *name;
    scn_runtime runtime; /* never has captions or a code listing */
    scn_machine machine; /* the scenario's machine, with the service's own keys */
    scn_block request;
};

/* Loads and validates a scenario from memory. `file` names it in messages (and gives
 * scn_scenario.name). On success returns 0 and sets *out. On invalid input returns
 * SIM_EINVAL with every problem in `diags` ("file:line:col: $.path: message") and
 * *out = NULL. SIM_ENOMEM when memory runs out. `buf` need not be NUL-terminated. */
int scn_load_buffer(const char *file, const char *buf, size_t len, scn_scenario **out,
                    diag_list *diags);

/* Reads the whole file `path` into *buf (malloc'd, not NUL-terminated) and *len.
 * 0; SIM_EIO (cannot open or read it, or it is not a regular file: a named pipe,
 * a device or a folder is refused at once, never waited on) or SIM_EINVAL
 * (larger than SCN_MAX_FILE_BYTES) with the reason in `why`; SIM_ENOMEM. Used for
 * every file a user gives bistro-sim: scenarios, rubrics, answers. */
int scn_read_file(const char *path, char **buf, size_t *len, char *why, size_t why_size);

/* scn_read_file for a file that must be the named file itself, not a symbolic
 * link to another (a student's answers: a link could make the grader read and
 * quote a file the student may not read). */
int scn_read_own_file(const char *path, char **buf, size_t *len, char *why, size_t why_size);

/* Reads `path` (at most SCN_MAX_FILE_BYTES) and loads it. SIM_EIO with a message in
 * `diags` when the file cannot be read. */
int scn_load_file(const char *path, scn_scenario **out, diag_list *diags);

/* Releases everything; NULL is a no-op. */
void scn_free(scn_scenario *scn);

/* The metrics a question (and a rubric's check) may name: those of the summary
 * JSON, "makespan_ms", "latency_ms.p99"... scn_metric_count() of them, in a fixed
 * order; scn_metric_find gives the index of a name or -1. */
size_t scn_metric_count(void);

/* Why `key` cannot be an answer's key (a question's id, a rubric check's answer):
 * "names an answers file's kind" for "schema", "is the answers file's show of
 * hands" for "hands" (the app keeps a class's hands there); NULL for any other. */
const char *scn_answers_key_reserved(const char *key);
const char *scn_metric_name(size_t i);
int scn_metric_find(const char *name);
/* Every metric's name, ", " between them, into buf (size bytes, shortened to fit). */
const char *scn_metric_list(char *buf, size_t size);
/* The metrics of a service behind a run that a question (and a rubric's check)
 * may name with "service": those of a service in the summary JSON's "services",
 * "completed", "in_flight_max", "throughput_rps", "latency_ms.mean", ...
 * "latency_ms.max"; likewise. */
const char *scn_service_metric_name(size_t i);
int scn_service_metric_find(const char *name);
const char *scn_service_metric_list(char *buf, size_t size);
/* The index of the service called `name`, or -1. */
int scn_find_service(const scn_scenario *scn, const char *name);

/* The index of the runtime called `name`, or -1. */
int scn_find_runtime(const scn_scenario *scn, const char *name);
/* Every runtime's name, quoted, ", " between them (for "it has: ..."), into buf
 * (size bytes, shortened to fit); returns buf. */
const char *scn_runtime_names(const scn_scenario *scn, char *buf, size_t size);

/* The runtime that serves the requests: `rt`, or for `processes` the runtime
 * every process runs (its `each`). */
const scn_runtime *scn_runtime_serving(const scn_runtime *rt);

/* Whether runtime rt makes the calls of service `service` (an index into
 * scn->services) in its own process ("in_process"): then that service receives
 * none of its calls. */
bool scn_runtime_in_process(const scn_runtime *rt, size_t service);

/* The captions runtime `runtime` (an index into scn->runtimes) shows: its own when
 * it has a "narration", which replaces the scenario's entirely, else the
 * scenario's. *n gets their count; NULL (with *n = 0) when there are none. An
 * index out of range gives the scenario's. */
const scn_narration *scn_runtime_narration(const scn_scenario *scn, size_t runtime, size_t *n);

/* The code listing runtime `runtime` shows: its own "code", which replaces the
 * scenario's entirely, else the scenario's; NULL when neither has one. An index
 * out of range gives the scenario's. */
const scn_code *scn_runtime_code(const scn_scenario *scn, size_t runtime);

/* The caption of list[0..n) in effect at t: the last one that has started (at <=
 * t), unless its `until` has come (t >= until); -1 when there is none. */
int scn_caption_at(const scn_narration *list, size_t n, int64_t t);

#endif
