/* test_timeline.c - the timeline index against the trace it was built from.
 *
 * The trace is the oracle. Targeted cases check states at chosen moments of small
 * runs (the convoy's I/O thread waiting for the GIL after each io_done, a single
 * blocking thread waiting through each query, an event loop sleeping in poll). A
 * randomized case builds every bundled scenario on every runtime and, at many
 * random times, compares each lookup with what a plain scan of the trace (or of
 * the lane) says, reporting the first difference. Counters at the end of a run must
 * equal the engine's own metrics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "test_support.h"

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "reader.h"
#include "scenario.h"
#include "timeline.h"
#include "trace.h"

#define MS 1000000LL
#define US 1000LL
#define SCENARIOS BISTRO_SOURCE_DIR "/scenarios/"

/* ---- helpers ---------------------------------------------------------------------- */

typedef struct {
    sim_run *run;
    const trace *tr;
    timeline *tl;
} built;

/* Runs runtime index i with the trace kept and builds its timeline. */
static built build_index(const scn_scenario *scn, size_t i)
{
    built b = {0};
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    assert_int_equal(sim_run_new(scn, i, &opt, &b.run), 0);
    assert_int_equal(sim_run_go(b.run), 0);
    b.tr = sim_run_trace(b.run);
    int rc = timeline_build(b.tr, scn, i, &b.tl);
    if (rc != 0)
        fail_msg("timeline_build: %s", sim_strerror(rc));
    return b;
}

static built build_named(const scn_scenario *scn, const char *name)
{
    int i = scn_find_runtime(scn, name);
    assert_true(i >= 0);
    return build_index(scn, (size_t)i);
}

static void unbuild(built *b)
{
    timeline_free(b->tl);
    sim_run_free(b->run);
}

static tl_span worker_at(const built *b, int w, int64_t t)
{
    tl_span s;
    assert_int_equal(timeline_worker_state(b->tl, (size_t)w, t, &s), 0);
    return s;
}

static tl_span request_at(const built *b, int r, int64_t t)
{
    tl_span s;
    assert_int_equal(timeline_request_state(b->tl, (size_t)r, t, &s), 0);
    return s;
}

#define ASSERT_STATE(span, want, namefn)                                                     \
    do {                                                                                     \
        if ((span).state != (want))                                                          \
            fail_msg("at %lld: %s, expected %s", (long long)(span).t0, namefn((span).state), \
                     namefn(want));                                                          \
    } while (0)

/* xorshift64*: the tests' own deterministic random times */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

/* ---- targeted cases ------------------------------------------------------------------- */

/* The convoy (docs/model.md, bpo-7946): after every io_done, the I/O thread waits for
 * the GIL until its gil_acquire, while the CPU-bound thread holds it. */
static void test_worker_convoy_io_thread_waits_for_gil(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"convoy\", \"machine\": {\"cores\": 2},"
        " \"devices\": {\"net\": {}}, \"workload\": {\"requests\": ["
        "  {\"name\": \"cruncher\", \"steps\": [{\"cpu\": \"1s\", \"line\": 2}]},"
        "  {\"name\": \"chatter\", \"steps\": [{\"repeat\": 5, \"steps\": ["
        "     {\"io\": \"10us\", \"device\": \"net\", \"line\": 6}, {\"cpu\": \"2us\", \"line\": "
        "7}]}]}]},"
        " \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": "
        "true}]}");
    built b = build_named(scn, "gil");
    size_t n = trace_count(b.tr), seen = 0;
    for (size_t i = 0; i < n; i++) {
        const trace_event *e = trace_get(b.tr, i);
        if (e->kind != TRACE_IO_DONE || e->worker != 1)
            continue;
        size_t j = i + 1;
        while (j < n &&
               !(trace_get(b.tr, j)->kind == TRACE_GIL_ACQUIRE && trace_get(b.tr, j)->worker == 1))
            j++;
        assert_true(j < n);
        int64_t mid = (e->t + trace_get(b.tr, j)->t) / 2;
        tl_span w = worker_at(&b, 1, mid);
        ASSERT_STATE(w, TL_W_WAIT_GIL, timeline_worker_state_name);
        assert_int_equal(w.core, -1);
        ASSERT_STATE(request_at(&b, 1, mid), TL_R_WAIT_GIL, timeline_request_state_name);
        tl_span g;
        assert_int_equal(timeline_gil_state(b.tl, 0, mid, &g), 0);
        assert_int_equal(g.state, TL_GIL_HELD);
        assert_int_equal(g.worker, 0); /* the cruncher */
        assert_int_equal(g.value, 1); /* one waiter */
        tl_span c = worker_at(&b, 0, mid);
        ASSERT_STATE(c, TL_W_RUNNING, timeline_worker_state_name);
        assert_int_equal(c.line, 2);
        seen++;
    }
    assert_int_equal(seen, 5);
    /* the GIL wait so far at the end is the engine's */
    assert_int_equal(timeline_gil_wait(b.tl, timeline_end(b.tl)),
                     sim_run_metrics(b.run)->gil_wait_ns);
    unbuild(&b);
    scn_free(scn);
}

static const char three_requests[] =
    "{\"schema\": \"bistro/1\", \"title\": \"three\", \"machine\": {\"cores\": 1},"
    " \"devices\": {\"db\": {}}, \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": ["
    "  {\"cpu\": \"1ms\", \"line\": 2}, {\"io\": \"1s\", \"device\": \"db\", \"line\": 3},"
    "  {\"cpu\": \"1ms\", \"line\": 4}]},"
    " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\", \"threads\": 1, \"gil\": true},"
    "  {\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "  {\"name\": \"per\", \"model\": \"threads\", \"threads\": \"per_request\"}]}";

/* One blocking thread: WAIT_IO at step 1 (line 3) through each 1 s query, and the
 * other requests queued meanwhile. */
static void test_worker_single_thread_waits_for_each_query(void **state)
{
    (void)state;
    scn_scenario *scn = load(three_requests);
    built b = build_named(scn, "one");
    size_t n = trace_count(b.tr), queries = 0;
    for (size_t i = 0; i < n; i++) {
        const trace_event *e = trace_get(b.tr, i);
        if (e->kind != TRACE_BLOCK)
            continue;
        int64_t mid = e->t + 500 * MS; /* each query is 1 s */
        tl_span w = worker_at(&b, 0, mid);
        ASSERT_STATE(w, TL_W_WAIT_IO, timeline_worker_state_name);
        assert_int_equal(w.req, e->req);
        assert_int_equal(w.step, 1);
        assert_int_equal(w.line, 3);
        for (int r = 0; r < 3; r++) {
            int want = r == e->req ? TL_R_WAIT_IO : r < e->req ? TL_R_DONE : TL_R_QUEUED;
            ASSERT_STATE(request_at(&b, r, mid), want, timeline_request_state_name);
        }
        assert_int_equal(timeline_queue_length(b.tl, TRACE_QUEUE_ACCEPT, 0, mid), 2 - e->req);
        queries++;
    }
    assert_int_equal(queries, 3);
    /* the first request's first millisecond: running step 0 on core 0, after the
     * 2 us context switch (the machine's default) */
    tl_span c;
    assert_int_equal(timeline_core_state(b.tl, 0, 1 * US, &c), 0);
    assert_int_equal(c.state, TL_CORE_SWITCH);
    assert_int_equal(timeline_core_state(b.tl, 0, 500 * US, &c), 0);
    assert_int_equal(c.state, TL_CORE_BUSY);
    assert_int_equal(worker_at(&b, 0, 500 * US).line, 2);
    assert_int_equal(worker_at(&b, 0, 3010 * MS).state, TL_W_IDLE);
    unbuild(&b);

    /* a thread per request exits when its request is done */
    b = build_named(scn, "per");
    assert_int_equal(worker_at(&b, 0, 2 * MS).state, TL_W_WAIT_IO);
    assert_int_equal(worker_at(&b, 0, 1010 * MS).state, TL_W_ABSENT);
    unbuild(&b);
    scn_free(scn);
}

/* Node: the loop serves the three in turn, sleeps in poll through the queries, and
 * resumes each after its await at line 4. */
static void test_worker_loop_sleeps_in_poll(void **state)
{
    (void)state;
    scn_scenario *scn = load(three_requests);
    built b = build_named(scn, "node");
    tl_span w = worker_at(&b, 0, 1500 * US);
    ASSERT_STATE(w, TL_W_RUNNING, timeline_worker_state_name);
    assert_int_equal(w.req, 1);
    assert_int_equal(w.line, 2);
    w = worker_at(&b, 0, 500 * MS);
    ASSERT_STATE(w, TL_W_WAITING, timeline_worker_state_name);
    assert_int_equal(timeline_phase(b.tl, 0, 500 * MS), TRACE_PHASE_POLL);
    assert_int_equal(timeline_phase(b.tl, 0, 0), TRACE_PHASE_MAIN);
    for (int r = 0; r < 3; r++)
        ASSERT_STATE(request_at(&b, r, 500 * MS), TL_R_WAIT_IO, timeline_request_state_name);
    /* the three continuations, one after another, each at the line after its await */
    for (int r = 0; r < 3; r++) {
        w = worker_at(&b, 0, 1001 * MS + 500 * US + r * MS);
        ASSERT_STATE(w, TL_W_RUNNING, timeline_worker_state_name);
        assert_int_equal(w.req, r);
        assert_int_equal(w.step, 2);
        assert_int_equal(w.line, 4);
    }
    /* the answers come back 1 ms apart, just as the loop gets to each: none queues */
    int64_t t = 1002 * MS + 500 * US;
    assert_int_equal(timeline_queue_length(b.tl, TRACE_QUEUE_POLL, 0, t), 0);
    ASSERT_STATE(request_at(&b, 0, t), TL_R_DONE, timeline_request_state_name);
    ASSERT_STATE(request_at(&b, 1, t), TL_R_RUNNING, timeline_request_state_name);
    ASSERT_STATE(request_at(&b, 2, t), TL_R_WAIT_IO, timeline_request_state_name);
    assert_int_equal(request_at(&b, 1, t).line, 4);
    unbuild(&b);
    scn_free(scn);
}

/* Two threads share one core (quantum 1 ms, no switch cost), each with two cpu ops
 * of 1.5 ms. The engine time-slices them: A 0-1, B 1-2, A 2-3, B 3-4, ... A's
 * first op ends at 2.5 ms, inside its second slice, without an event: the step
 * must still move from line 1 to line 2 there. */
static void test_step_follows_ops_while_on_core(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"slices\","
        " \"machine\": {\"cores\": 1, \"quantum\": \"1ms\", \"context_switch\": 0},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": ["
        "  {\"cpu\": \"1500us\", \"line\": 1}, {\"cpu\": \"1500us\", \"line\": 2}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}]}");
    built b = build_named(scn, "t");
    static const struct {
        int64_t t;
        int worker, state, line;
    } want[] = {
        {500 * US, 0, TL_W_RUNNING, 1},  {500 * US, 1, TL_W_READY, 1},
        {1500 * US, 1, TL_W_RUNNING, 1}, {2200 * US, 0, TL_W_RUNNING, 1},
        {2700 * US, 0, TL_W_RUNNING, 2}, {3200 * US, 1, TL_W_RUNNING, 1},
        {3700 * US, 1, TL_W_RUNNING, 2}, {4500 * US, 0, TL_W_RUNNING, 2},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        tl_span s = worker_at(&b, want[i].worker, want[i].t);
        if (s.state != want[i].state || s.line != want[i].line)
            fail_msg("worker %d at %lld us: %s line %d, expected %s line %d", want[i].worker,
                     (long long)(want[i].t / US), timeline_worker_state_name(s.state), s.line,
                     timeline_worker_state_name(want[i].state), want[i].line);
    }
    unbuild(&b);
    scn_free(scn);
}

/* A thread per request: the second request's thread reuses the first one's index
 * on the same core, but it is another thread, so the core pays a context switch
 * (engine_requests.c, sim__request_done; the trace's run says so) before its
 * first op; the op boundary moves too. */
static void test_step_new_thread_on_same_core_pays_switch(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"reuse\", \"machine\": {\"cores\": 1},"
        " \"workload\": {\"arrivals\": {\"every\": \"10ms\", \"count\": 2}, \"request\": ["
        "  {\"cpu\": \"1ms\", \"line\": 1}, {\"cpu\": \"1ms\", \"line\": 2}]},"
        " \"runtimes\": [{\"name\": \"per\", \"model\": \"threads\", \"threads\": "
        "\"per_request\"}]}");
    built b = build_named(scn, "per");
    tl_span c;
    assert_int_equal(timeline_core_state(b.tl, 0, 10 * MS + 1 * US, &c), 0);
    assert_int_equal(c.state, TL_CORE_SWITCH);
    assert_int_equal(c.worker, 0);
    /* the first op ends 1 ms after the 2 us switch, not 1 ms after the run */
    assert_int_equal(worker_at(&b, 0, 11 * MS + 1 * US).line, 1);
    assert_int_equal(worker_at(&b, 0, 11 * MS + 3 * US).line, 2);
    unbuild(&b);
    scn_free(scn);
}

/* The bundled lesson: the loop computes the 500 ms "resize" itself (an offload to a
 * worker, without workers, runs inline), at line 4, while light requests queue. */
static void test_step_loop_runs_inline_offload(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(SCENARIOS "cpu-blocks-loop.json");
    built b = build_named(scn, "Node.js, the work on the loop");
    tl_span w = worker_at(&b, 0, 300 * MS);
    ASSERT_STATE(w, TL_W_RUNNING, timeline_worker_state_name);
    assert_int_equal(w.req, 0);
    assert_int_equal(w.line, 4);
    assert_int_equal(timeline_loop_queues(b.tl, 0, 300 * MS, (int64_t[TRACE_QUEUE_COUNT]){0}), 0);
    int64_t len[TRACE_QUEUE_COUNT];
    timeline_loop_queues(b.tl, 0, 300 * MS, len);
    /* light 1's completion and light 2..8's arrivals wait in poll (docs: scenario text) */
    assert_int_equal(len[TRACE_QUEUE_POLL], 8);
    tl_counters c;
    assert_int_equal(timeline_counters(b.tl, 300 * MS, &c), 0);
    assert_int_equal(c.completed, 0);
    assert_int_equal(c.in_flight, 9);
    assert_true(c.cpu_util > 0.4 && c.cpu_util < 0.6); /* one of two cores busy */
    unbuild(&b);
    scn_free(scn);
}

/* ---- the randomized oracle ---------------------------------------------------------------- */

typedef struct {
    const built *b;
    const scn_scenario *scn;
    const char *where;
    size_t nproc;
    int32_t *proc_of;   /* worker -> process, from spawn events */
    int32_t *loop_of;   /* worker -> loop index, or -1 */
    size_t *next_same;  /* event -> next event naming the same worker, or SIZE_MAX */
} oracle;

static bool names_worker(const trace_event *e)
{
    return e->worker >= 0 && e->kind != TRACE_ENQUEUE && e->kind != TRACE_DEQUEUE;
}

static void oracle_init(oracle *o, const built *b, const scn_scenario *scn, const char *where)
{
    *o = (oracle){.b = b, .scn = scn, .where = where};
    size_t n = trace_count(b->tr), nw = timeline_lane_count(b->tl, TL_LANE_WORKER);
    o->proc_of = calloc(nw + 1, sizeof *o->proc_of);
    o->loop_of = calloc(nw + 1, sizeof *o->loop_of);
    o->next_same = malloc((n + 1) * sizeof *o->next_same);
    size_t *last = malloc((nw + 1) * sizeof *last);
    assert_non_null(o->proc_of);
    assert_non_null(o->loop_of);
    assert_non_null(o->next_same);
    assert_non_null(last);
    int32_t loops = 0;
    for (size_t w = 0; w <= nw; w++) {
        last[w] = SIZE_MAX;
        o->loop_of[w] = -1;
    }
    for (size_t i = 0; i < n; i++) {
        const trace_event *e = trace_get(b->tr, i);
        o->next_same[i] = SIZE_MAX;
        if (e->kind == TRACE_SPAWN && e->b == TRACE_WORKER_LOOP && o->loop_of[e->worker] < 0)
            o->loop_of[e->worker] = loops++;
        if (e->kind == TRACE_SPAWN)
            o->proc_of[e->worker] = e->a;
        if (!names_worker(e) && !(e->worker >= 0 && e->kind == TRACE_DEQUEUE))
            continue;
        if (last[e->worker] != SIZE_MAX)
            o->next_same[last[e->worker]] = i;
        last[e->worker] = i;
    }
    o->nproc = timeline_lane_count(b->tl, TL_LANE_GIL);
    free(last);
}

static void oracle_free(oracle *o)
{
    free(o->proc_of);
    free(o->loop_of);
    free(o->next_same);
}

/* The worker state an event leaves until the worker's next event, or -1 when the
 * event alone does not say (timeline.h's rules, restated from the trace's side). */
static int state_after(const oracle *o, const trace_event *e)
{
    bool loop = o->loop_of[e->worker] >= 0;
    switch (e->kind) {
    case TRACE_RUN: return TL_W_RUNNING;
    case TRACE_READY:
    case TRACE_PREEMPT: return TL_W_READY;
    case TRACE_BLOCK: return loop ? TL_W_WAITING : TL_W_WAIT_IO;
    case TRACE_GIL_WAIT: return TL_W_WAIT_GIL;
    case TRACE_IDLE:
    case TRACE_SPAWN: return loop ? -1 : TL_W_IDLE;
    case TRACE_IO_START:
    case TRACE_TIMER_ARM: return loop ? TL_W_RUNNING : TL_W_WAIT_IO;
    case TRACE_PHASE:
    case TRACE_LOG:
    case TRACE_TIMER_FIRE: return loop ? TL_W_RUNNING : -1;
    case TRACE_DEQUEUE: return loop && e->b != TRACE_QUEUE_WORKER ? TL_W_RUNNING : -1;
    case TRACE_EXIT: return TL_W_ABSENT;
    default: return -1;
    }
}

/* Checks every worker's state after each of its events, up to its next event. */
static void check_worker_events(const oracle *o)
{
    const built *b = o->b;
    size_t n = trace_count(b->tr);
    for (size_t i = 0; i < n; i++) {
        const trace_event *e = trace_get(b->tr, i);
        if (e->worker < 0 || (!names_worker(e) && e->kind != TRACE_DEQUEUE))
            continue;
        int64_t until = o->next_same[i] == SIZE_MAX ? timeline_end(b->tl)
                                                    : trace_get(b->tr, o->next_same[i])->t;
        int want = state_after(o, e);
        if (until - e->t < 2 || want < 0)
            continue;
        tl_span s = worker_at(b, e->worker, (e->t + until) / 2);
        bool ok = s.state == want && (want != TL_W_RUNNING || s.core >= 0) &&
                  (e->kind != TRACE_RUN || s.core == e->x);
        if (e->kind == TRACE_GIL_ACQUIRE)
            ok = s.state == TL_W_RUNNING || s.state == TL_W_READY;
        if (!ok)
            fail_msg("%s: worker %d after %s at %lld: %s (core %d), expected %s", o->where,
                     e->worker, trace_kind_name(e->kind), (long long)e->t,
                     timeline_worker_state_name(s.state), s.core, timeline_worker_state_name(want));
        /* the step and line the trace gives, where nothing else happens at that instant */
        bool gives_step = e->kind == TRACE_RUN || e->kind == TRACE_READY || e->kind == TRACE_STEP ||
                          (e->kind == TRACE_BLOCK && o->loop_of[e->worker] < 0);
        if (gives_step && o->next_same[i] != SIZE_MAX && until > e->t) {
            tl_span at = worker_at(b, e->worker, e->t);
            if (at.step != e->a || at.line != (e->a >= 0 ? e->c : 0))
                fail_msg("%s: worker %d at %lld: step %d line %d, the trace says %d line %d",
                         o->where, e->worker, (long long)e->t, at.step, at.line, e->a, e->c);
        }
    }
}

/* What a plain scan of the trace says about time t. */
typedef struct {
    int64_t arrived, logs, ndone, next, prev, devq;
    int64_t *lat;                      /* latencies of the requests done by t */
    int64_t gil_holder[64];
    int64_t loopq[16][TRACE_QUEUE_COUNT]; /* per loop, and armed timers */
    int64_t procq[64][TRACE_QUEUE_COUNT]; /* threadpool and worker queues per process */
    int64_t accept;                    /* all accept queues */
    int64_t phase[16];
    bool *in_accept;                   /* per request: enqueued in accept, not yet taken */
} scan;

static void scan_event(const oracle *o, const trace_event *e, scan *sc)
{
    int32_t l = e->worker >= 0 ? o->loop_of[e->worker] : -1;
    int d = e->kind == TRACE_ENQUEUE ? 1 : e->kind == TRACE_DEQUEUE ? -1 : 0;
    sc->arrived += e->kind == TRACE_ARRIVE;
    sc->logs += e->kind == TRACE_LOG;
    if (e->kind == TRACE_DONE)
        sc->lat[sc->ndone++] = e->x;
    if (e->kind == TRACE_GIL_ACQUIRE || e->kind == TRACE_GIL_RELEASE)
        sc->gil_holder[e->a] = e->kind == TRACE_GIL_ACQUIRE ? e->worker : -1;
    if (e->kind == TRACE_PHASE && l < 16)
        sc->phase[l] = e->a;
    if (l >= 0 && l < 16 && (e->kind == TRACE_TIMER_ARM || e->kind == TRACE_TIMER_FIRE))
        sc->loopq[l][TRACE_QUEUE_TIMERS] += e->kind == TRACE_TIMER_ARM ? 1 : -1;
    if (d == 0)
        return;
    if (e->b == TRACE_QUEUE_DEVICE)
        sc->devq += d;
    else if (e->b == TRACE_QUEUE_ACCEPT && (d > 0 || sc->in_accept[e->req]))
        sc->accept += d; /* a request taken at once is dequeued without an enqueue */
    if (e->b == TRACE_QUEUE_ACCEPT)
        sc->in_accept[e->req] = d > 0;
    else if (e->b == TRACE_QUEUE_THREADPOOL || e->b == TRACE_QUEUE_WORKER)
        sc->procq[o->proc_of[e->worker]][e->b] += d;
    else if (l >= 0 && l < 16)
        sc->loopq[l][e->b] += d;
}

static void scan_trace(const oracle *o, int64_t t, scan *sc)
{
    const trace *tr = o->b->tr;
    memset(sc, 0, sizeof *sc);
    sc->next = sc->prev = -1;
    size_t nreq = timeline_lane_count(o->b->tl, TL_LANE_REQUEST);
    sc->lat = malloc((nreq + 1) * sizeof *sc->lat);
    sc->in_accept = calloc(nreq + 1, sizeof *sc->in_accept);
    assert_non_null(sc->lat);
    assert_non_null(sc->in_accept);
    for (size_t p = 0; p < 64; p++)
        sc->gil_holder[p] = -1;
    for (size_t l = 0; l < 16; l++)
        sc->phase[l] = -1;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *e = trace_get(tr, i);
        if (e->t > t) {
            if (sc->next < 0)
                sc->next = e->t;
            continue;
        }
        if (e->t < t)
            sc->prev = e->t;
        scan_event(o, e, sc);
    }
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Counters, percentiles so far, stepping and the GIL's holder at t. */
static void check_counters(const oracle *o, int64_t t, scan *sc)
{
    const timeline *tl = o->b->tl;
    tl_counters c;
    assert_int_equal(timeline_counters(tl, t, &c), 0);
    if (c.arrived != sc->arrived || c.completed != sc->ndone || c.log_lines != sc->logs)
        fail_msg("%s at %lld: arrived %lld/%lld, completed %lld/%lld, log %lld/%lld", o->where,
                 (long long)t, (long long)c.arrived, (long long)sc->arrived, (long long)c.completed,
                 (long long)sc->ndone, (long long)c.log_lines, (long long)sc->logs);
    if (timeline_next_event_time(tl, t) != sc->next || timeline_prev_event_time(tl, t) != sc->prev)
        fail_msg("%s at %lld: next %lld/%lld prev %lld/%lld", o->where, (long long)t,
                 (long long)timeline_next_event_time(tl, t), (long long)sc->next,
                 (long long)timeline_prev_event_time(tl, t), (long long)sc->prev);
    /* percentiles so far, by sorting what completed (the engine's nearest rank) */
    qsort(sc->lat, (size_t)sc->ndone, sizeof *sc->lat, cmp64);
    static const double ps[] = {1, 50, 90, 95, 99, 100};
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
        int64_t want = sim_percentile(sc->lat, sc->ndone, ps[k]);
        if (timeline_latency_percentile(tl, t, ps[k]) != want)
            fail_msg("%s at %lld: p%g %lld, sorted says %lld", o->where, (long long)t, ps[k],
                     (long long)timeline_latency_percentile(tl, t, ps[k]), (long long)want);
    }
    for (size_t p = 0; p < o->nproc && p < 64; p++) {
        tl_span g;
        assert_int_equal(timeline_gil_state(tl, p, t, &g), 0);
        if (g.worker != sc->gil_holder[p])
            fail_msg("%s at %lld: GIL %zu held by %d, the trace says %lld", o->where, (long long)t,
                     p, g.worker, (long long)sc->gil_holder[p]);
    }
}

static void check_length(const oracle *o, int64_t t, int q, int32_t owner, int64_t want)
{
    int64_t got = timeline_queue_length(o->b->tl, q, owner, t);
    if (got != want)
        fail_msg("%s at %lld: %s queue of %d: %lld, the trace says %lld", o->where, (long long)t,
                 trace_queue_name(q), owner, (long long)got, (long long)want);
}

/* Every queue's length and every loop's phase at t. */
static void check_queues(const oracle *o, int64_t t, const scan *sc)
{
    const timeline *tl = o->b->tl;
    int64_t dev = 0, accept = 0;
    for (size_t d = 0; d < o->scn->ndevices; d++)
        dev += timeline_queue_length(tl, TRACE_QUEUE_DEVICE, (int32_t)d, t);
    for (size_t p = 0; p < o->nproc; p++)
        accept += timeline_queue_length(tl, TRACE_QUEUE_ACCEPT, (int32_t)p, t);
    check_length(o, t, TRACE_QUEUE_DEVICE, -1, 0);
    if (dev != sc->devq || accept != sc->accept)
        fail_msg("%s at %lld: device queues %lld/%lld, accept %lld/%lld", o->where, (long long)t,
                 (long long)dev, (long long)sc->devq, (long long)accept, (long long)sc->accept);
    for (size_t p = 0; p < o->nproc && p < 64; p++) {
        check_length(o, t, TRACE_QUEUE_THREADPOOL, (int32_t)p,
                     sc->procq[p][TRACE_QUEUE_THREADPOOL]);
        check_length(o, t, TRACE_QUEUE_WORKER, (int32_t)p, sc->procq[p][TRACE_QUEUE_WORKER]);
    }
    static const int qs[] = {TRACE_QUEUE_NEXT_TICK, TRACE_QUEUE_MICROTASK, TRACE_QUEUE_TIMERS,
                             TRACE_QUEUE_POLL,      TRACE_QUEUE_CHECK,     TRACE_QUEUE_READY};
    for (size_t l = 0; l < timeline_loops(tl) && l < 16; l++) {
        for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++)
            check_length(o, t, qs[k], (int32_t)l, sc->loopq[l][qs[k]]);
        if (sc->phase[l] >= 0)
            assert_int_equal(timeline_phase(tl, l, t), sc->phase[l]);
    }
}

/* One lane picked at random: its binary search against a scan of its intervals. */
static void check_lane_index(const oracle *o, int64_t t, uint64_t *seed)
{
    const timeline *tl = o->b->tl;
    tl_lane_kind kind = (tl_lane_kind)(rnd(seed) % TL_LANE_KIND_COUNT);
    size_t lanes = timeline_lane_count(tl, kind);
    if (lanes == 0)
        return;
    size_t lane = rnd(seed) % lanes, cnt = timeline_span_count(tl, kind, lane);
    int64_t found = -1;
    for (size_t i = 0; i < cnt; i++) {
        tl_span s;
        assert_int_equal(timeline_span(tl, kind, lane, i, &s), 0);
        if (s.t0 <= t)
            found = (int64_t)i;
    }
    if (timeline_span_index(tl, kind, lane, t) != found)
        fail_msg("%s at %lld: lane %d/%zu index %lld, a scan says %lld", o->where, (long long)t,
                 kind, lane, (long long)timeline_span_index(tl, kind, lane, t), (long long)found);
}

static void check_time(const oracle *o, int64_t t, uint64_t *seed)
{
    scan sc;
    scan_trace(o, t, &sc);
    check_counters(o, t, &sc);
    check_queues(o, t, &sc);
    check_lane_index(o, t, seed);
    free(sc.lat);
    free(sc.in_accept);
}

/* Lanes agree with each other at t: a RUNNING worker holds the core that shows it,
 * a request is RUNNING when a worker runs it, GIL waiters are workers in WAIT_GIL. */
static void check_lanes_agree(const oracle *o, int64_t t)
{
    const timeline *tl = o->b->tl;
    size_t nw = timeline_lane_count(tl, TL_LANE_WORKER), busy = 0;
    int64_t waiting[64] = {0};
    for (size_t w = 0; w < nw; w++) {
        tl_span s = worker_at(o->b, (int)w, t);
        if (s.state == TL_W_WAIT_GIL && o->proc_of[w] < 64)
            waiting[o->proc_of[w]]++;
        if (s.state != TL_W_RUNNING)
            continue;
        busy++;
        tl_span c;
        assert_int_equal(timeline_core_state(tl, (size_t)s.core, t, &c), 0);
        if (c.worker != (int32_t)w || c.state == TL_CORE_IDLE)
            fail_msg("%s at %lld: worker %zu runs on core %d, which shows worker %d", o->where,
                     (long long)t, w, s.core, c.worker);
        if (s.req >= 0 && request_at(o->b, s.req, t).state != TL_R_RUNNING)
            fail_msg("%s at %lld: worker %zu runs request %d, which is %s", o->where, (long long)t,
                     w, s.req, timeline_request_state_name(request_at(o->b, s.req, t).state));
    }
    size_t cores_busy = 0;
    for (size_t c = 0; c < timeline_lane_count(tl, TL_LANE_CORE); c++) {
        tl_span s;
        assert_int_equal(timeline_core_state(tl, c, t, &s), 0);
        cores_busy += s.state != TL_CORE_IDLE;
    }
    assert_int_equal(cores_busy, busy);
    for (size_t p = 0; p < o->nproc && p < 64; p++) {
        tl_span g;
        assert_int_equal(timeline_gil_state(tl, p, t, &g), 0);
        assert_int_equal(g.value, waiting[p]);
    }
}

/* Totals so far by integrating the lanes, against the running totals. */
static void check_totals(const oracle *o, int64_t t)
{
    const timeline *tl = o->b->tl;
    int64_t busy = 0, gil = 0;
    int64_t counts[TL_R_COUNT] = {0}, got[TL_R_COUNT];
    for (int kind = TL_LANE_WORKER; kind <= TL_LANE_CORE; kind++) {
        for (size_t lane = 0; lane < timeline_lane_count(tl, kind); lane++) {
            for (size_t i = 0; i < timeline_span_count(tl, kind, lane); i++) {
                tl_span s;
                timeline_span(tl, kind, lane, i, &s);
                int64_t len = (s.t1 < t ? s.t1 : t) - s.t0;
                if (kind == TL_LANE_CORE && s.state != TL_CORE_IDLE && len > 0)
                    busy += len;
                if (kind == TL_LANE_WORKER && s.state == TL_W_WAIT_GIL && len > 0)
                    gil += len;
            }
            if (kind == TL_LANE_REQUEST) {
                tl_span s;
                timeline_request_state(tl, lane, t, &s);
                counts[s.state]++;
            }
        }
    }
    if (timeline_cpu_busy(tl, t) != busy || timeline_gil_wait(tl, t) != gil)
        fail_msg("%s at %lld: cpu busy %lld/%lld, GIL wait %lld/%lld", o->where, (long long)t,
                 (long long)timeline_cpu_busy(tl, t), (long long)busy,
                 (long long)timeline_gil_wait(tl, t), (long long)gil);
    timeline_request_counts(tl, t, got);
    for (int s = 0; s < TL_R_COUNT; s++)
        if (got[s] != counts[s])
            fail_msg("%s at %lld: %lld requests %s, the lanes say %lld", o->where, (long long)t,
                     (long long)got[s], timeline_request_state_name(s), (long long)counts[s]);
}

/* End of run: the engine's own metrics. */
static void check_end(const oracle *o)
{
    const sim_metrics *m = sim_run_metrics(o->b->run);
    tl_counters c;
    assert_int_equal(timeline_counters(o->b->tl, timeline_end(o->b->tl), &c), 0);
    int64_t got[] = {c.completed,        c.cpu_busy_ns,     c.gil_wait_ns, c.lat_mean_ns,
                     c.lat_p50_ns,       c.lat_p95_ns,      c.lat_p99_ns,  c.lat_max_ns,
                     c.loop_lag_mean_ns, c.loop_lag_max_ns, c.log_lines};
    int64_t want[] = {m->completed,        m->cpu_busy_ns,     m->gil_wait_ns, m->lat_mean_ns,
                      m->lat_p50_ns,       m->lat_p95_ns,      m->lat_p99_ns,  m->lat_max_ns,
                      m->loop_lag_mean_ns, m->loop_lag_max_ns, m->nlog};
    static const char *const names[] = {"completed", "cpu_busy", "gil_wait", "mean",
                                        "p50",       "p95",      "p99",      "max",
                                        "lag mean",  "lag max",  "log"};
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++)
        if (got[i] != want[i])
            fail_msg("%s: %s %lld, the engine says %lld", o->where, names[i], (long long)got[i],
                     (long long)want[i]);
}

static void check_run(const scn_scenario *scn, size_t rt, const char *file)
{
    char where[256];
    snprintf(where, sizeof where, "%s / %s", file, scn->runtimes[rt].name);
    built b = build_index(scn, rt);
    oracle o;
    oracle_init(&o, &b, scn, where);
    check_worker_events(&o);
    check_end(&o);
    uint64_t seed = 0x9e3779b97f4a7c15u ^ rt;
    int64_t end = timeline_end(b.tl);
    for (int k = 0; k < 60; k++) {
        int64_t t = (int64_t)(rnd(&seed) % (uint64_t)(end + 2)) - 1;
        if (k % 3 == 0 && trace_count(b.tr) > 0) /* an event time itself, often */
            t = trace_get(b.tr, rnd(&seed) % trace_count(b.tr))->t;
        if (t < 0)
            t = 0;
        check_time(&o, t, &seed);
        check_lanes_agree(&o, t);
        if (k % 6 == 0)
            check_totals(&o, t);
    }
    oracle_free(&o);
    unbuild(&b);
}

static void test_lanes_match_trace_on_every_bundled_scenario(void **state)
{
    (void)state;
    static const char *const files[] = {"three-requests.json", "convoy.json",
                                        "print-order.json",    "cpu-blocks-loop.json",
                                        "gil-cpu-bound.json",  "threadpool-full.json",
                                        "asyncio-vs-node.json"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[512];
        snprintf(path, sizeof path, SCENARIOS "%s", files[f]);
        scn_scenario *scn = load_path(path);
        for (size_t rt = 0; rt < scn->nruntimes; rt++)
            check_run(scn, rt, files[f]);
        scn_free(scn);
    }
    /* the golden loop scenario: timers, immediates, nextTick, a threadpool, a worker */
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/tests/golden/loops.json");
    for (size_t rt = 0; rt < scn->nruntimes; rt++)
        check_run(scn, rt, "loops.json");
    scn_free(scn);
}

/* ---- inside an instant ------------------------------------------------------------------------ */

/* After every event of the trace, each worker, request, core, GIL, queue and loop
 * phase at that position (its time, its place in its instant) is what a reader fed
 * the trace up to that event shows: the timeline's steps are the trace's, event
 * by event, not a guess. The log printed so far agrees too. */
static void check_steps(const scn_scenario *scn, size_t rt, const char *what)
{
    built b = build_index(scn, rt);
    assert_true(timeline_has_steps(b.tl));
    rd_reader *rd;
    assert_int_equal(rd_open(scn, rt, NULL, NULL, &rd), 0);
    size_t n = trace_count(b.tr), logs = 0;
    uint32_t k = 0;
    rd_shape sh = rd_shape_of(rd);
    for (size_t i = 0; i < n; i++) {
        const trace_event *e = trace_get(b.tr, i);
        k = i > 0 && trace_get(b.tr, i - 1)->t == e->t ? k + 1 : 1;
        assert_int_equal(rd_feed(rd, e, NULL), 0);
        logs += e->kind == TRACE_LOG;
        tl_span s;
        for (size_t w = 0; w < timeline_lane_count(b.tl, TL_LANE_WORKER); w++) {
            const rd_worker *x = rd_worker_at(rd, w);
            assert_int_equal(timeline_state_at_step(b.tl, TL_LANE_WORKER, w, e->t, k, &s), 0);
            int want = x ? x->state : TL_W_ABSENT;
            if (s.state != want || (x && (s.req != x->req || s.line != x->line)))
                fail_msg("%s, runtime %zu, event %zu (t %lld, step %u): worker %zu is %d req %d "
                         "line %d, the reader says %d req %d line %d",
                         what, rt, i, (long long)e->t, k, w, s.state, s.req, s.line, want,
                         x ? x->req : -1, x ? x->line : 0);
        }
        for (size_t r = 0; r < sh.requests; r++) {
            assert_int_equal(timeline_state_at_step(b.tl, TL_LANE_REQUEST, r, e->t, k, &s), 0);
            assert_int_equal(s.state, rd_request_at(rd, r).state);
        }
        for (size_t c = 0; c < sh.cores; c++) {
            assert_int_equal(timeline_state_at_step(b.tl, TL_LANE_CORE, c, e->t, k, &s), 0);
            assert_int_equal(s.worker, rd_core_at(rd, c)->occupant);
        }
        for (size_t q = 0; q < rd_queue_slots(&sh); q++) {
            assert_int_equal(timeline_state_at_step(b.tl, TL_LANE_QUEUE, q, e->t, k, &s), 0);
            assert_int_equal(s.value, rd_queue_length(rd, q));
        }
        for (size_t l = 0; l < sh.loops; l++) {
            if (rd_loop_at(rd, l)->worker < 0 ||
                rd_worker_at(rd, (size_t)rd_loop_at(rd, l)->worker) == NULL)
                continue; /* not spawned yet */
            assert_int_equal(timeline_phase_at_step(b.tl, l, e->t, k), rd_phase(rd, l));
            assert_int_equal(timeline_running_at_step(b.tl, l, e->t, k), rd_running(rd, l));
        }
        assert_int_equal(timeline_log_count_at_step(b.tl, e->t, k), logs);
        assert_true(k <= timeline_steps_at(b.tl, e->t));
    }
    rd_close(rd);
    unbuild(&b);
}

static void test_steps_match_the_trace_event_by_event(void **state)
{
    (void)state;
    static const char *const files[] = {
        "print-order.json",    "puzzle-nexttick.json", "puzzle-io-callbacks.json",
        "three-requests.json", "convoy.json",          "threadpool-full.json"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[512];
        snprintf(path, sizeof path, SCENARIOS "%s", files[f]);
        scn_scenario *scn = load_path(path);
        for (size_t rt = 0; rt < scn->nruntimes; rt++)
            check_steps(scn, rt, files[f]);
        scn_free(scn);
    }
}

/* ---- more requests -------------------------------------------------------------------------- */

static const char many_template[] =
    "{\"schema\": \"bistro/1\", \"title\": \"many\", \"seed\": 3, \"machine\": {\"cores\": 2},"
    " \"devices\": {\"db\": {\"capacity\": 8}}, \"workload\": {\"arrivals\": {\"poisson_per_s\": "
    "%d,"
    " \"count\": %d}, \"request\": [{\"cpu\": {\"exp\": \"1ms\"}, \"line\": 1},"
    " {\"io\": {\"exp\": \"5ms\"}, \"device\": \"db\", \"line\": 2}, {\"cpu\": \"200us\", "
    "\"line\": 3}]},"
    " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "  {\"name\": \"pool\", \"model\": \"threads\", \"threads\": 4, \"gil\": true},"
    "  {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]}";

static scn_scenario *load_many(int rate, int count)
{
    char json[sizeof many_template + 32];
    snprintf(json, sizeof json, many_template, rate, count);
    return load(json);
}

/* A queueing run with distributions (so the seed matters) and a device queue. */
static void test_lanes_match_trace_under_load(void **state)
{
    (void)state;
    scn_scenario *scn = load_many(700, 400);
    for (size_t rt = 0; rt < scn->nruntimes; rt++)
        check_run(scn, rt, "many");
    scn_free(scn);
}

/* Every kind of step on every kind of runtime, with contention for cores, the GIL,
 * devices, the threadpool and a worker. */
static const char mixed[] =
    "{\"schema\": \"bistro/1\", \"title\": \"mixed\", \"seed\": 5,"
    " \"machine\": {\"cores\": 2, \"quantum\": \"2ms\"},"
    " \"devices\": {\"db\": {\"capacity\": 2}, \"disk\": {\"via\": \"threadpool\"}},"
    " \"workload\": {\"arrivals\": {\"every\": \"3ms\", \"count\": 12}, \"request\": ["
    "  {\"cpu\": {\"uniform\": [\"1ms\", \"3ms\"]}, \"line\": 1}, {\"log\": \"a\"},"
    "  {\"native\": \"2ms\", \"line\": 2},"
    "  {\"parallel\": [[{\"io\": \"2ms\", \"device\": \"db\"}, {\"cpu\": \"500us\"}],"
    "                [{\"io\": {\"exp\": \"3ms\"}, \"device\": \"disk\", \"then\": [{\"cpu\": "
    "\"300us\"}]}]]},"
    "  {\"microtask\": [{\"cpu\": \"200us\"}, {\"log\": \"m\"}]}, {\"next_tick\": [{\"log\": "
    "\"t\"}]},"
    "  {\"immediate\": [{\"cpu\": \"100us\"}]},"
    "  {\"timeout\": \"1ms\", \"then\": [{\"cpu\": \"400us\"}, {\"log\": \"late\"}]},"
    "  {\"offload\": [{\"cpu\": \"1ms\"}, {\"io\": \"1ms\", \"device\": \"db\"}], \"then\": "
    "[{\"log\": \"back\"}]},"
    "  {\"offload\": [{\"cpu\": \"2ms\"}], \"to\": \"worker\"}, {\"cpu\": \"1ms\", \"line\": 9}]},"
    " \"runtimes\": ["
    "  {\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\", \"threadpool\": 2, "
    "\"workers\": 1},"
    "  {\"name\": \"node0\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "  {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
    "  {\"name\": \"gil\", \"model\": \"threads\", \"threads\": 3, \"gil\": true},"
    "  {\"name\": \"per\", \"model\": \"threads\", \"threads\": \"per_request\", \"gil\": true},"
    "  {\"name\": \"procs\", \"model\": \"processes\", \"processes\": 2,"
    "   \"each\": {\"model\": \"threads\", \"threads\": 1, \"gil\": true}},"
    "  {\"name\": \"shared\", \"model\": \"processes\", \"processes\": 2, \"dispatch\": "
    "\"shared_queue\","
    "   \"each\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"}},"
    "  {\"name\": \"nodes\", \"model\": \"processes\", \"processes\": 2,"
    "   \"each\": {\"model\": \"event_loop\", \"flavor\": \"node\", \"workers\": 1}}]}";

static void test_lanes_match_trace_for_every_step_kind(void **state)
{
    (void)state;
    scn_scenario *scn = load(mixed);
    for (size_t rt = 0; rt < scn->nruntimes; rt++)
        check_run(scn, rt, "mixed");
    scn_free(scn);
}

/* A log right after a cpu op marks, in the trace, the moment that op ended: just
 * before it, the worker that logs must be at that op's line (the log's text). The
 * ops between are walked without events, so this checks the step inference. Every
 * such moment must be known, except after the log `unknown_ok` (may be NULL),
 * where line 0 (unknown) is allowed; a wrong line never is. */
static void check_lines_by_logs(const scn_scenario *scn, const char *unknown_ok)
{
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        built b = build_index(scn, rt);
        size_t n = trace_count(b.tr), checked = 0;
        for (size_t i = 0; i < n; i++) {
            const trace_event *e = trace_get(b.tr, i);
            if (e->kind != TRACE_LOG || e->t == 0)
                continue;
            tl_span s = worker_at(&b, e->worker, e->t - 1);
            if (s.state != TL_W_RUNNING || s.req != e->req)
                continue; /* it did not compute right up to the log */
            int want = atoi(scn->strings[e->a]);
            bool may_be_unknown = unknown_ok != NULL && strcmp(scn->strings[e->a], unknown_ok) == 0;
            if (s.line != want && (s.line != 0 || !may_be_unknown))
                fail_msg("%s: worker %d before its log \"%s\" at %lld: line %d, expected %d",
                         scn->runtimes[rt].name, e->worker, scn->strings[e->a], (long long)e->t,
                         s.line, want);
            checked++;
        }
        if (checked < 10)
            fail_msg("%s: only %zu logs after computing", scn->runtimes[rt].name, checked);
        unbuild(&b);
    }
}

static void test_step_lines_match_logs_after_cpu(void **state)
{
    (void)state;
    /* every op with a duration is followed by a log of its line; cpu ops follow each
     * other (no event between) inside callbacks, after awaits, in jobs and timers */
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"lines\", \"seed\": 9, \"machine\": {\"cores\": 2},"
        " \"devices\": {\"db\": {}, \"disk\": {\"via\": \"threadpool\"}},"
        " \"workload\": {\"arrivals\": {\"every\": \"700us\", \"count\": 8}, \"request\": ["
        "  {\"cpu\": \"1ms\", \"line\": 10}, {\"cpu\": \"1ms\", \"line\": 11}, {\"log\": \"11\"},"
        "  {\"microtask\": [{\"cpu\": \"300us\", \"line\": 20}, {\"cpu\": {\"exp\": \"1ms\"}, "
        "\"line\": 21}, {\"log\": \"21\"}]},"
        "  {\"next_tick\": [{\"cpu\": \"300us\", \"line\": 30}, {\"log\": \"30\"}]},"
        "  {\"immediate\": [{\"native\": \"300us\", \"line\": 40}, {\"cpu\": \"200us\", \"line\": "
        "41}, {\"log\": \"41\"}]},"
        "  {\"timeout\": \"2ms\", \"then\": [{\"cpu\": \"500us\", \"line\": 50}, {\"log\": "
        "\"50\"}]},"
        "  {\"io\": \"3ms\", \"device\": \"db\"}, {\"cpu\": \"400us\", \"line\": 60}, {\"log\": "
        "\"60\"},"
        "  {\"io\": \"1ms\", \"device\": \"disk\"}, {\"cpu\": \"400us\", \"line\": 65}, {\"log\": "
        "\"65\"},"
        "  {\"offload\": [{\"cpu\": \"2ms\", \"line\": 70}, {\"cpu\": \"1ms\", \"line\": 71}, "
        "{\"log\": \"71\"}]},"
        "  {\"cpu\": \"300us\", \"line\": 80}, {\"log\": \"80\"},"
        "  {\"offload\": [{\"cpu\": \"1ms\", \"line\": 90}, {\"log\": \"90\"},"
        "    {\"offload\": [{\"cpu\": \"300us\", \"line\": 91}, {\"log\": \"91\"}], \"to\": "
        "\"worker\"},"
        "    {\"cpu\": \"300us\", \"line\": 92}, {\"log\": \"92\"}], \"to\": \"worker\"},"
        "  {\"repeat\": 3, \"steps\": [{\"cpu\": \"200us\", \"line\": 100}, {\"cpu\": \"200us\", "
        "\"line\": 101}, {\"log\": \"101\"}]},"
        "  {\"offload\": [{\"cpu\": \"1ms\", \"line\": 110}, {\"log\": \"110\"}],"
        "   \"then\": [{\"cpu\": \"300us\", \"line\": 111}, {\"cpu\": \"300us\", \"line\": 112}, "
        "{\"log\": \"112\"}]},"
        "  {\"io\": \"1ms\", \"device\": \"disk\", \"then\": [{\"cpu\": \"300us\", \"line\": 120}, "
        "{\"log\": \"120\"}]},"
        "  {\"offload\": [{\"cpu\": \"500us\", \"line\": 130}, {\"log\": \"130\"}], \"to\": "
        "\"worker\","
        "   \"then\": [{\"cpu\": \"300us\", \"line\": 131}, {\"log\": \"131\"}]},"
        "  {\"cpu\": \"200us\", \"line\": 140}, {\"log\": \"140\"}]},"
        " \"runtimes\": ["
        "  {\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\", \"threadpool\": "
        "1, \"workers\": 1},"
        "  {\"name\": \"node0\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
        "  {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
        "  {\"name\": \"gil\", \"model\": \"threads\", \"threads\": 3, \"gil\": true},"
        "  {\"name\": \"free\", \"model\": \"threads\", \"threads\": 2},"
        "  {\"name\": \"per\", \"model\": \"threads\", \"threads\": \"per_request\"},"
        "  {\"name\": \"procs\", \"model\": \"processes\", \"processes\": 2,"
        "   \"each\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"}}]}");
    /* a worker job's `then` runs when every task the job made has ended: not followed */
    check_lines_by_logs(scn, "131");
    scn_free(scn);
    /* callbacks and branches the trace never names: an I/O's `then`, Node's branches */
    scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"unnamed\", \"machine\": {\"cores\": 1},"
        " \"devices\": {\"db\": {}}, \"workload\": {\"arrivals\": {\"every\": \"1ms\", \"count\": "
        "6}, \"request\": ["
        "  {\"cpu\": \"1ms\", \"line\": 1}, {\"log\": \"1\"},"
        "  {\"parallel\": [[{\"cpu\": \"1ms\", \"line\": 2}, {\"log\": \"2\"}],"
        "                [{\"cpu\": \"500us\", \"line\": 3}, {\"cpu\": \"500us\", \"line\": 4}, "
        "{\"log\": \"4\"}]]},"
        "  {\"io\": \"2ms\", \"device\": \"db\", \"then\": [{\"cpu\": \"1ms\", \"line\": 5}, "
        "{\"cpu\": \"1ms\", \"line\": 6}, {\"log\": \"6\"}]},"
        "  {\"cpu\": \"1ms\", \"line\": 7}, {\"log\": \"7\"}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
        "  {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
        "  {\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": true}]}");
    check_lines_by_logs(scn, NULL);
    scn_free(scn);
}

/* Buckets: the time-averaged counts equal the lanes' time in each state. */
static void test_request_buckets_average_the_lanes(void **state)
{
    (void)state;
    scn_scenario *scn = load_many(700, 300);
    built b = build_named(scn, "node");
    int64_t end = timeline_end(b.tl);
    enum { N = 37 };
    double avg[N * TL_R_COUNT];
    assert_int_equal(timeline_request_buckets(b.tl, 0, end, N, avg), 0);
    int64_t width = end / N;
    for (size_t k = 0; k < N; k++) {
        int64_t a = (int64_t)k * width, e = k + 1 == N ? end : a + width;
        double want[TL_R_COUNT] = {0};
        for (size_t r = 0; r < timeline_lane_count(b.tl, TL_LANE_REQUEST); r++) {
            int64_t from = a;
            tl_span s;
            while (from < e) {
                timeline_request_state(b.tl, r, from, &s);
                int64_t to = s.t1 > from && s.t1 < e ? s.t1 : e;
                want[s.state] += (double)(to - from);
                from = to;
            }
        }
        for (int s = 0; s < TL_R_COUNT; s++) {
            double w = want[s] / (double)(e - a);
            if (avg[k * TL_R_COUNT + s] < w - 1e-6 || avg[k * TL_R_COUNT + s] > w + 1e-6)
                fail_msg("bucket %zu %s: %g, the lanes say %g", k, timeline_request_state_name(s),
                         avg[k * TL_R_COUNT + s], w);
        }
    }
    assert_int_equal(timeline_request_buckets(b.tl, 10, 10, 1, avg), SIM_EINVAL);
    assert_int_equal(timeline_request_buckets(b.tl, 0, 5, 6, avg), SIM_EINVAL);
    unbuild(&b);
    scn_free(scn);
}

/* A timeline is only for a trace that fits the scenario's shape: a runtime it has,
 * requests and workers it can hold. */
static void test_build_rejects_a_trace_of_another_run(void **state)
{
    (void)state;
    scn_scenario *scn = load_many(700, 50);
    built b = build_named(scn, "pool");
    timeline *tl = NULL;
    assert_int_equal(timeline_build(b.tr, scn, 7, &tl), SIM_EINVAL);
    assert_null(tl);
    scn_scenario *other = load(three_requests); /* 3 requests: the trace names 50 */
    assert_int_equal(timeline_build(b.tr, other, 0, &tl), SIM_EINVAL);
    assert_null(tl);
    scn_free(other);
    /* an empty trace is an empty timeline */
    trace *empty = trace_new();
    assert_int_equal(timeline_build(empty, scn, 0, &tl), 0);
    assert_int_equal(timeline_end(tl), 0);
    assert_int_equal(timeline_next_event_time(tl, 0), -1);
    assert_int_equal(timeline_latency_percentile(tl, 5, 50), 0);
    timeline_free(tl);
    trace_free(empty);
    timeline_free(NULL);
    unbuild(&b);
    scn_free(scn);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 100,000 requests: the build is linear and the index no bigger than the trace. */
static void test_large_trace_builds_in_bounded_time_and_memory(void **state)
{
    (void)state;
    scn_scenario *scn = load_many(150, 100000);
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    timeline *tl = NULL;
    assert_int_equal(timeline_build(sim_run_trace(run), scn, 0, &tl), 0);
    double secs = seconds_since(&t0);
    size_t mem = timeline_memory(tl), tmem = trace_memory(sim_run_trace(run));
    print_message("100000 requests, %zu events: build %.3f s, timeline %.1f MB, trace %.1f MB\n",
                  trace_count(sim_run_trace(run)), secs, (double)mem / 1e6, (double)tmem / 1e6);
    assert_true(mem < tmem);
    assert_true(secs < 30.0); /* generous: sanitizer builds run this too */
    tl_counters c;
    assert_int_equal(timeline_counters(tl, timeline_end(tl), &c), 0);
    assert_int_equal(c.completed, 100000);
    assert_int_equal(c.lat_p99_ns, sim_run_metrics(run)->lat_p99_ns);
    timeline_free(tl);
    sim_run_free(run);
    scn_free(scn);
}

/* Device operations in flight, against a count made straight from the trace:
 * io_start with a device adds one, io_done takes one away. threadpool-full has a
 * disk behind the threadpool and a network device, three-requests one database
 * shared by threads; every event time is checked, just before and at it. */
static void test_device_in_flight_matches_the_trace(void **state)
{
    (void)state;
    static const char *const files[] = {"threadpool-full.json", "three-requests.json"};
    for (size_t f = 0; f < 2; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/scenarios/%s", BISTRO_SOURCE_DIR, files[f]);
        scn_scenario *scn = load_path(path);
        for (size_t rt = 0; rt < scn->nruntimes; rt++) {
            built b = build_index(scn, rt);
            int64_t count[8] = {0};
            assert_true(scn->ndevices <= 8);
            size_t n = trace_count(b.tr), checked = 0;
            for (size_t i = 0; i < n; i++) {
                const trace_event *e = trace_get(b.tr, i);
                if ((e->kind == TRACE_IO_START || e->kind == TRACE_IO_DONE) && e->a >= 0)
                    count[e->a] += e->kind == TRACE_IO_START ? 1 : -1;
                if (i + 1 < n && trace_get(b.tr, i + 1)->t == e->t)
                    continue; /* the state after every event of this instant */
                for (size_t d = 0; d < scn->ndevices; d++) {
                    assert_int_equal(timeline_device_in_flight(b.tl, d, e->t), count[d]);
                    checked += count[d] > 0;
                }
            }
            assert_int_equal(timeline_device_in_flight(b.tl, scn->ndevices, 0), 0);
            assert_true(checked > 0);
            unbuild(&b);
        }
        scn_free(scn);
    }
}

/* Where each request was sent is the trace's (its arrive event's process): round
 * robin over two processes, and none for processes that share one accept queue. */
static void test_request_process_is_the_arrivals(void **state)
{
    (void)state;
    static const char two[] =
        "{\"schema\": \"bistro/1\", \"title\": \"p\", \"machine\": {\"cores\": 2},"
        " \"workload\": {\"arrivals\": {\"every\": \"1ms\", \"count\": 6},"
        "   \"request\": [{\"cpu\": \"3ms\"}]},"
        " \"runtimes\": [{\"name\": \"rr\", \"model\": \"processes\", \"processes\": 2,"
        "   \"each\": {\"model\": \"event_loop\", \"flavor\": \"node\"}},"
        "  {\"name\": \"shared\", \"model\": \"processes\", \"processes\": 2,"
        "   \"dispatch\": \"shared_queue\", \"each\": {\"model\": \"threads\", \"threads\": 1}}]}";
    scn_scenario *scn = load(two);
    for (size_t r = 0; r < 2; r++) {
        built b = build_index(scn, r);
        size_t seen = 0;
        for (size_t i = 0; i < trace_count(b.tr); i++) {
            const trace_event *e = trace_get(b.tr, i);
            if (e->kind != TRACE_ARRIVE)
                continue;
            seen++;
            assert_int_equal(timeline_request_process(b.tl, (size_t)e->req), e->a);
            /* round robin by arrival (engine_requests.c); none for a shared queue */
            assert_int_equal(e->a, r == 0 ? e->req % 2 : -1);
        }
        assert_int_equal(seen, 6);
        assert_int_equal(timeline_request_process(b.tl, 6), -1);
        unbuild(&b);
    }
    scn_free(scn);
}

/* ---- loop lag now, memory peak ------------------------------------------------------------- */

/* What the scans below read from a trace: every callback that started late (a
 * dequeue's lag_ns, a timer fired past its due time that starts its callback)
 * waited over [from, to), from its ready time to its start; and the memory events. */
typedef struct {
    int64_t (*wait)[2], (*mem)[2];
    size_t nwait, nmem;
} lag_facts;

static lag_facts lag_facts_of(const trace *tr)
{
    size_t n = trace_count(tr);
    lag_facts f = {calloc(n + 1, sizeof *f.wait), calloc(n + 1, sizeof *f.mem), 0, 0};
    assert_true(f.wait != NULL && f.mem != NULL);
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->kind == TRACE_DEQUEUE && ev->b != TRACE_QUEUE_ACCEPT &&
            ev->b != TRACE_QUEUE_DEVICE && ev->x >= 0) {
            f.wait[f.nwait][0] = ev->t - ev->x;
            f.wait[f.nwait++][1] = ev->t;
        } else if (ev->kind == TRACE_TIMER_FIRE && ev->b != 0) {
            f.wait[f.nwait][0] = ev->x;
            f.wait[f.nwait++][1] = ev->t;
        } else if (ev->kind == TRACE_MEMORY) {
            f.mem[f.nmem][0] = ev->t;
            f.mem[f.nmem++][1] = ev->x;
        }
    }
    return f;
}

/* The loop lag at t by a scan: the longest wait in progress at t; the worst so far
 * also counts the waits that ended at or before t. */
static void lag_by_scan(const lag_facts *f, int64_t t, int64_t *now, int64_t *worst)
{
    *now = *worst = 0;
    for (size_t i = 0; i < f->nwait; i++) {
        int64_t from = f->wait[i][0], to = f->wait[i][1];
        if (to <= t && to - from > *worst)
            *worst = to - from;
        if (from <= t && t < to && t - from > *now)
            *now = t - from;
    }
    if (*now > *worst)
        *worst = *now;
}

/* The memory peak at t by a scan: the largest `memory` event at or before t. */
static int64_t memory_peak_by_scan(const lag_facts *f, int64_t t)
{
    int64_t peak = 0;
    for (size_t i = 0; i < f->nmem && f->mem[i][0] <= t; i++)
        peak = f->mem[i][1] > peak ? f->mem[i][1] : peak;
    return peak;
}

/* At every event time, just before it and between events, the lag now, the worst
 * so far and the memory peak agree with scans of the trace; at the end they are the
 * engine's loop_lag_max and memory_peak_bytes. */
static void check_lag_and_peak(const scn_scenario *scn, size_t rt, const char *what)
{
    built b = build_index(scn, rt);
    const sim_metrics *m = sim_run_metrics(b.run);
    lag_facts f = lag_facts_of(b.tr);
    int64_t prev = -1;
    for (size_t i = 0; i <= trace_count(b.tr); i++) {
        int64_t t = i < trace_count(b.tr) ? trace_get(b.tr, i)->t : timeline_end(b.tl) + MS;
        if (t == prev)
            continue;
        int64_t probes[] = {t, t - 1, prev + (t - prev) / 2};
        for (size_t k = 0; k < 3; k++) {
            int64_t at = probes[k], now, worst;
            if (at < 0)
                continue;
            lag_by_scan(&f, at, &now, &worst);
            if (timeline_loop_lag_now(b.tl, at) != now ||
                timeline_loop_lag_worst(b.tl, at) != worst)
                fail_msg("%s, runtime %zu, t=%lld: lag now %lld worst %lld, the trace says %lld "
                         "and %lld",
                         what, rt, (long long)at, (long long)timeline_loop_lag_now(b.tl, at),
                         (long long)timeline_loop_lag_worst(b.tl, at), (long long)now,
                         (long long)worst);
            if (timeline_memory_peak(b.tl, at) != memory_peak_by_scan(&f, at))
                fail_msg("%s, runtime %zu, t=%lld: memory peak %lld, the trace says %lld", what, rt,
                         (long long)at, (long long)timeline_memory_peak(b.tl, at),
                         (long long)memory_peak_by_scan(&f, at));
        }
        prev = t;
    }
    int64_t end = timeline_end(b.tl);
    assert_int_equal(timeline_loop_lag_now(b.tl, end), 0);
    assert_int_equal(timeline_loop_lag_worst(b.tl, end), m->loop_lag_max_ns);
    assert_int_equal(timeline_memory_peak(b.tl, end), m->memory_peak_bytes);
    free(f.wait);
    free(f.mem);
    unbuild(&b);
}

static void test_loop_lag_now_and_memory_peak_match_the_trace(void **state)
{
    (void)state;
    static const char *const files[] = {"cpu-blocks-loop.json",     "print-order.json",
                                        "threadpool-full.json",     "asyncio-vs-node.json",
                                        "puzzle-io-callbacks.json", "gil-cpu-bound.json"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[512];
        snprintf(path, sizeof path, SCENARIOS "%s", files[f]);
        scn_scenario *scn = load_path(path);
        for (size_t rt = 0; rt < scn->nruntimes; rt++)
            check_lag_and_peak(scn, rt, files[f]);
        scn_free(scn);
    }
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/tests/golden/loops.json");
    for (size_t rt = 0; rt < scn->nruntimes; rt++)
        check_lag_and_peak(scn, rt, "loops.json");
    scn_free(scn);
}

/* cpu-blocks-loop on the loop alone: from 11 ms the loop computes for 500 ms (the
 * resize, 1 ms of parsing then 500 ms of CPU, arriving at 10 ms), while light 1's
 * query (1 ms of CPU from 0, then 10 ms of I/O) is done at about 11 ms and its
 * callback waits. At 300 ms that callback has waited about 289 ms: the lag now,
 * and the worst so far, although no late callback has started yet. */
static void test_loop_lag_now_counts_the_block_in_progress(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(SCENARIOS "cpu-blocks-loop.json");
    built b = build_named(scn, "Node.js, the work on the loop");
    tl_counters k;
    assert_int_equal(timeline_counters(b.tl, 300 * MS, &k), 0);
    assert_int_equal(k.loop_lag_max_ns, 0); /* the callbacks started so far were on time */
    int64_t now = timeline_loop_lag_now(b.tl, 300 * MS);
    assert_true(now >= 250 * MS);
    assert_true(now <= 300 * MS - 11 * MS);
    assert_int_equal(timeline_loop_lag_worst(b.tl, 300 * MS), now);
    /* it grows with the clock while the block lasts */
    assert_int_equal(timeline_loop_lag_now(b.tl, 400 * MS), now + 100 * MS);
    /* after the block the loop catches up: nothing waits, the worst stays */
    const sim_metrics *m = sim_run_metrics(b.run);
    assert_int_equal(timeline_loop_lag_now(b.tl, m->makespan_ns), 0);
    assert_int_equal(timeline_loop_lag_worst(b.tl, m->makespan_ns), m->loop_lag_max_ns);
    assert_true(m->loop_lag_max_ns >= now + 200 * MS);
    unbuild(&b);
    scn_free(scn);
}

/* Shared values: at the end of every run of the oversold-stock lesson and of the
 * golden stock scenario, each value and its lost updates are the summary's (the
 * engine's own count); before a run starts, the initial values with none lost;
 * and a step-by-step walk of an instant with a lost write sees the count rise at
 * that write's step, not before. */
static void test_shared_values_match_the_summary(void **state)
{
    (void)state;
    const char *files[] = {SCENARIOS "oversold-stock.json",
                           BISTRO_SOURCE_DIR "/tests/golden/stock.json"};
    int lost_seen = 0;
    for (size_t f = 0; f < 2; f++) {
        scn_scenario *scn = load_path(files[f]);
        assert_true(scn->nstate > 0);
        for (size_t r = 0; r < scn->nruntimes; r++) {
            built b = build_index(scn, r);
            const sim_metrics *m = sim_run_metrics(b.run);
            assert_int_equal(m->nstate, (int64_t)scn->nstate);
            int64_t end = timeline_end(b.tl);
            for (size_t k = 0; k < scn->nstate; k++) {
                tl_shared sh;
                assert_int_equal(timeline_shared_at_step(b.tl, scn, k, -1, TL_STEP_END, &sh), 0);
                assert_int_equal(sh.value, scn->state[k].initial);
                assert_int_equal(sh.lost_updates, 0);
                assert_int_equal(timeline_shared_at_step(b.tl, scn, k, end, TL_STEP_END, &sh), 0);
                assert_int_equal(sh.value, m->state[k].final);
                assert_int_equal(sh.lost_updates, m->state[k].lost_updates);
                if (sh.lost_updates == 0)
                    continue;
                lost_seen++;
                /* the instant of the newest lost write, step by step */
                int64_t t = sh.last_lost_t;
                uint32_t n = timeline_steps_at(b.tl, t);
                tl_shared before, at;
                assert_int_equal(timeline_shared_at_step(b.tl, scn, k, t, 0, &before), 0);
                assert_int_equal(timeline_shared_at_step(b.tl, scn, k, t, n, &at), 0);
                assert_true(at.lost_updates > before.lost_updates);
                assert_true(at.last_lost_now);
                assert_false(before.last_lost_now && before.last_lost_t == t);
            }
            assert_int_equal(
                timeline_shared_at_step(b.tl, scn, scn->nstate, end, 0, &(tl_shared){0}),
                SIM_EINVAL);
            unbuild(&b);
        }
        scn_free(scn);
    }
    assert_true(lost_seen >= 2); /* the lessons lose updates under threads and asyncio */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worker_convoy_io_thread_waits_for_gil),
        cmocka_unit_test(test_worker_single_thread_waits_for_each_query),
        cmocka_unit_test(test_worker_loop_sleeps_in_poll),
        cmocka_unit_test(test_step_follows_ops_while_on_core),
        cmocka_unit_test(test_step_new_thread_on_same_core_pays_switch),
        cmocka_unit_test(test_step_loop_runs_inline_offload),
        cmocka_unit_test(test_lanes_match_trace_on_every_bundled_scenario),
        cmocka_unit_test(test_steps_match_the_trace_event_by_event),
        cmocka_unit_test(test_lanes_match_trace_under_load),
        cmocka_unit_test(test_lanes_match_trace_for_every_step_kind),
        cmocka_unit_test(test_step_lines_match_logs_after_cpu),
        cmocka_unit_test(test_request_buckets_average_the_lanes),
        cmocka_unit_test(test_build_rejects_a_trace_of_another_run),
        cmocka_unit_test(test_large_trace_builds_in_bounded_time_and_memory),
        cmocka_unit_test(test_device_in_flight_matches_the_trace),
        cmocka_unit_test(test_request_process_is_the_arrivals),
        cmocka_unit_test(test_loop_lag_now_and_memory_peak_match_the_trace),
        cmocka_unit_test(test_loop_lag_now_counts_the_block_in_progress),
        cmocka_unit_test(test_shared_values_match_the_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
