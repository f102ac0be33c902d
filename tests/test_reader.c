/* test_reader.c - the reader (reader.h) against the trace it reads.
 *
 * Every bundled lesson's run, on every runtime, is read event by event; after each
 * event the reader's picture must agree with itself and with the event (a core's
 * occupant holds that core, the busy-core and GIL-waiting counts match the
 * workers, a worker's step and line are the last ones the trace gave, the memory
 * is the last memory event), and each change is reported exactly once per event.
 * Hand-made traces check the rules one at a time and the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "reader.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "trace.h"

/* ---- helpers ----------------------------------------------------------------------- */

/* What the callbacks saw for one instant. */
typedef struct {
    size_t seen[RD_KIND_COUNT][64]; /* per kind: how often index i was reported (i < 64) */
    size_t calls;
    int64_t last_at;
    size_t ats;
    const rd_reader *r; /* when set: checked at the end of each instant */
    bool memory_moved;  /* a memory event in the instant */
} watch;

/* At the end of an instant (not within one: a thread that finished its request
 * still shows RUNNING until its next event of the same instant), a running worker
 * holds a core. */
static void check_instant(const watch *wt)
{
    const rd_reader *r = wt->r;
    /* each change of the instant was reported once, the memory's if it moved */
    for (int kind = 0; kind < RD_KIND_COUNT; kind++)
        for (size_t x = 0; x < 64; x++)
            if (wt->seen[kind][x] > 1)
                fail_msg("at %lld: %d/%zu reported %zu times", (long long)rd_now(r), kind, x,
                         wt->seen[kind][x]);
    if (wt->memory_moved && wt->seen[RD_MEMORY][0] != 1)
        fail_msg("at %lld: the memory moved and was not reported", (long long)rd_now(r));
    for (size_t w = 0; w < rd_worker_count(r); w++) {
        const rd_worker *x = rd_worker_at(r, w);
        if (x != NULL && x->state == TL_W_RUNNING && x->core < 0)
            fail_msg("at %lld: worker %zu runs without a core", (long long)rd_now(r), w);
    }
}

static void on_changed(void *ctx, rd_kind kind, size_t index)
{
    watch *w = ctx;
    w->calls++;
    if (index < 64)
        w->seen[kind][index]++;
}

static void on_at(void *ctx, int64_t t)
{
    watch *w = ctx;
    assert_true(w->ats == 0 || t > w->last_at);
    if (w->r != NULL && w->ats > 0)
        check_instant(w);
    w->last_at = t;
    w->ats++;
    memset(w->seen, 0, sizeof w->seen); /* a new instant: its changes are reported anew */
    w->memory_moved = false;
}

/* The reader's picture agrees with itself. */
static void check_consistent(const rd_reader *r, const char *where)
{
    rd_shape s = rd_shape_of(r);
    int64_t busy = 0, waiting = 0;
    for (size_t c = 0; c < s.cores; c++) {
        const rd_core *k = rd_core_at(r, c);
        if (k->occupant < 0)
            continue;
        busy++;
        const rd_worker *x = rd_worker_at(r, (size_t)k->occupant);
        if (x == NULL || x->core != (int32_t)c)
            fail_msg("%s: core %zu's occupant %d does not hold it", where, c, k->occupant);
    }
    for (size_t w = 0; w < rd_worker_count(r); w++) {
        const rd_worker *x = rd_worker_at(r, w);
        if (x == NULL)
            continue;
        waiting += x->state == TL_W_WAIT_GIL;
        if (x->core >= 0 && rd_core_at(r, (size_t)x->core)->occupant != (int32_t)w)
            fail_msg("%s: worker %zu holds core %d, which says %d", where, w, x->core,
                     rd_core_at(r, (size_t)x->core)->occupant);
        if (x->step < 0 && x->line != 0)
            fail_msg("%s: worker %zu has line %d at no step", where, w, x->line);
    }
    if (busy != rd_busy_cores(r) || waiting != rd_gil_waiting(r))
        fail_msg("%s: busy %lld/%lld, GIL waiting %lld/%lld", where, (long long)busy,
                 (long long)rd_busy_cores(r), (long long)waiting, (long long)rd_gil_waiting(r));
    int64_t gwait = 0;
    for (size_t p = 0; p < s.processes; p++)
        gwait += rd_gil_at(r, p)->waiters;
    assert_int_equal(gwait, waiting);
}

/* After an event, what it says about its worker holds. */
static void check_event(const rd_reader *r, const trace_event *ev, const char *where)
{
    if (ev->worker < 0 || ev->kind == TRACE_ENQUEUE || ev->kind == TRACE_DEQUEUE)
        return;
    const rd_worker *x = rd_worker_at(r, (size_t)ev->worker);
    assert_non_null(x);
    bool gives_step = ev->kind == TRACE_RUN || ev->kind == TRACE_READY || ev->kind == TRACE_STEP ||
                      (ev->kind == TRACE_BLOCK && x->kind != TRACE_WORKER_LOOP);
    if (gives_step && (x->step != (ev->a < 0 ? -1 : ev->a) || x->line != (ev->a < 0 ? 0 : ev->c)))
        fail_msg("%s: %s at %lld: worker %d at step %d line %d, the event says %d line %d", where,
                 trace_kind_name(ev->kind), (long long)ev->t, ev->worker, x->step, x->line, ev->a,
                 ev->c);
    bool clears = ev->kind == TRACE_SPAWN || ev->kind == TRACE_EXIT || ev->kind == TRACE_IDLE ||
                  ev->kind == TRACE_PHASE || ev->kind == TRACE_DONE ||
                  (ev->kind == TRACE_BLOCK && x->kind == TRACE_WORKER_LOOP);
    if (clears && x->step != -1)
        fail_msg("%s: %s leaves worker %d at step %d", where, trace_kind_name(ev->kind), ev->worker,
                 x->step);
    if (ev->kind == TRACE_RUN && (x->state != TL_W_RUNNING || x->core != ev->x))
        fail_msg("%s: run on core %lld, worker %d is %d on %d", where, (long long)ev->x, ev->worker,
                 x->state, x->core);
    if (ev->kind == TRACE_EXIT && x->state != TL_W_ABSENT)
        fail_msg("%s: exit leaves worker %d in state %d", where, ev->worker, x->state);
}

static void read_run(const scn_scenario *scn, size_t i, const char *where)
{
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, i, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const trace *tr = sim_run_trace(run);
    watch w = {0};
    rd_reader *r = NULL;
    assert_int_equal(rd_open(scn, i, on_changed, &w, &r), 0);
    w.r = r;
    int64_t memory = 0, peak = 0;
    for (size_t k = 0; k < trace_count(tr); k++) {
        const trace_event *ev = trace_get(tr, k);
        assert_int_equal(rd_feed(r, ev, on_at), 0);
        assert_int_equal(rd_now(r), ev->t);
        if (ev->kind == TRACE_MEMORY) {
            memory = ev->x;
            peak = memory > peak ? memory : peak;
            w.memory_moved = true;
        }
        assert_int_equal(rd_memory(r), memory);
        check_event(r, ev, where);
        check_consistent(r, where);
    }
    memset(w.seen, 0, sizeof w.seen);
    w.memory_moved = false;
    assert_int_equal(rd_finish(r, rd_now(r), on_at), 0);
    check_instant(&w);
    assert_true(w.calls > 0);
    /* the engine's peak is the largest memory the trace reports */
    assert_int_equal(peak, sim_run_metrics(run)->memory_peak_bytes);
    /* at the end every request is done and nobody holds a core but loops waiting */
    rd_shape s = rd_shape_of(r);
    for (size_t q = 0; q < s.requests; q++)
        assert_int_equal(rd_request_at(r, q).state, TL_R_DONE);
    rd_close(r);
    sim_run_free(run);
}

/* ---- every bundled lesson ------------------------------------------------------------ */

static void test_reader_reads_every_bundled_run(void **state)
{
    (void)state;
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &n), 0);
    assert_true(n >= 16);
    for (size_t f = 0; f < n; f++) {
        scn_scenario *scn = load_path(paths[f]);
        for (size_t i = 0; i < scn->nruntimes; i++) {
            char where[512];
            snprintf(where, sizeof where, "%s, %s", paths[f], scn->runtimes[i].name);
            read_run(scn, i, where);
        }
        scn_free(scn);
        free(paths[f]);
    }
    free(paths);
}

/* ---- rules, one at a time ------------------------------------------------------------------ */

static const char two_threads[] =
    "{\"schema\": \"bistro/1\", \"title\": \"t\", \"machine\": {\"cores\": 1, "
    "\"context_switch\": \"5us\"},"
    " \"devices\": {\"db\": {}},"
    " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"1ms\"}]},"
    " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}]}";

#define EV(kind_, t_, req_, worker_, a_, b_, c_, x_)                         \
    (trace_event)                                                            \
    {                                                                        \
        .t = (t_), .x = (x_), .req = (req_), .worker = (worker_), .a = (a_), \
        .kind = (uint8_t)(kind_), .b = (uint8_t)(b_), .c = (uint16_t)(c_)    \
    }

/* A run that paid a context switch holds its core switching until the machine's
 * cost has passed; the reader reports the end at its own time. */
static void test_reader_switch_ends_after_the_cost(void **state)
{
    (void)state;
    scn_scenario *scn = load(two_threads);
    watch w = {0};
    rd_reader *r = NULL;
    assert_int_equal(rd_open(scn, 0, on_changed, &w, &r), 0);
    trace_event evs[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_THREAD, 0, 1),
        EV(TRACE_ARRIVE, 0, 0, -1, 0, 0, 0, 0),
        EV(TRACE_DEQUEUE, 0, 0, 0, -1, TRACE_QUEUE_ACCEPT, 0, 0),
        EV(TRACE_RUN, 0, 0, 0, 0, 1, 7, 0),
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        assert_int_equal(rd_feed(r, &evs[i], on_at), 0);
    assert_true(rd_core_at(r, 0)->switching);
    assert_int_equal(rd_worker_at(r, 0)->line, 7);
    assert_int_equal(rd_request_at(r, 0).state, TL_R_RUNNING);
    assert_int_equal(rd_request_at(r, 0).worker, 0);
    trace_event later = EV(TRACE_LOG, 100000, 0, 0, 0, 0, 0, 0);
    w.ats = 0;
    assert_int_equal(rd_feed(r, &later, on_at), 0);
    assert_false(rd_core_at(r, 0)->switching);
    assert_int_equal(w.ats, 2); /* 5 us: the switch ends; 100 us: the log */
    rd_close(r);
    scn_free(scn);
}

/* What does not fit is refused, and the reader takes nothing after. */
static void test_reader_refuses_what_does_not_fit(void **state)
{
    (void)state;
    scn_scenario *scn = load(two_threads);
    const trace_event bad[] = {
        EV(TRACE_RUN, 0, 0, 0, 0, 0, 0, 0),                                 /* never spawned */
        EV(TRACE_ARRIVE, 0, 5, -1, 0, 0, 0, 0),                             /* no request 5 */
        EV(TRACE_SPAWN, 0, -1, 0, 3, TRACE_WORKER_THREAD, 0, 1),            /* no process 3 */
        EV(TRACE_SPAWN, 0, -1, 3, 0, TRACE_WORKER_THREAD, 0, 1),            /* skips 0 .. 2 */
        EV(TRACE_ENQUEUE, 0, 0, -1, 0, TRACE_QUEUE_COUNT, 0, 0),            /* no such queue */
        EV(TRACE_ENQUEUE, 0, 0, -1, 4, TRACE_QUEUE_DEVICE, 0, 0),           /* no device 4 */
        EV(TRACE_KIND_COUNT, 0, 0, -1, 0, 0, 0, 0),                         /* no such kind */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rd_reader *r = NULL;
        assert_int_equal(rd_open(scn, 0, NULL, NULL, &r), 0);
        if (rd_feed(r, &bad[i], NULL) != SIM_EINVAL)
            fail_msg("bad event %zu was accepted", i);
        trace_event fine = EV(TRACE_ARRIVE, 1, 0, -1, 0, 0, 0, 0);
        assert_int_equal(rd_feed(r, &fine, NULL), SIM_EINVAL); /* sticky */
        rd_close(r);
    }
    /* time never goes back */
    rd_reader *r = NULL;
    assert_int_equal(rd_open(scn, 0, NULL, NULL, &r), 0);
    trace_event a = EV(TRACE_ARRIVE, 10, 0, -1, 0, 0, 0, 0),
                b = EV(TRACE_ARRIVE, 9, 1, -1, 0, 0, 0, 0);
    assert_int_equal(rd_feed(r, &a, NULL), 0);
    assert_int_equal(rd_feed(r, &b, NULL), SIM_EINVAL);
    rd_close(r);
    rd_close(NULL);
    assert_int_equal(rd_open(scn, 1, NULL, NULL, &r), SIM_EINVAL);
    assert_null(r);
    scn_free(scn);
}

/* An exited thread is absent, holds no core, and its index can be spawned again. */
static void test_reader_exit_frees_the_worker(void **state)
{
    (void)state;
    scn_scenario *scn = load(two_threads);
    rd_reader *r = NULL;
    assert_int_equal(rd_open(scn, 0, NULL, NULL, &r), 0);
    trace_event evs[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_THREAD, 0, 1),
        EV(TRACE_ARRIVE, 0, 0, -1, 0, 0, 0, 0),
        EV(TRACE_DEQUEUE, 0, 0, 0, -1, TRACE_QUEUE_ACCEPT, 0, 0),
        EV(TRACE_RUN, 0, 0, 0, 0, 0, 0, 0),
        EV(TRACE_DONE, 5, 0, 0, 0, 0, 0, 5),
        EV(TRACE_EXIT, 5, -1, 0, 0, 0, 0, 0),
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        assert_int_equal(rd_feed(r, &evs[i], NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->state, TL_W_ABSENT);
    assert_int_equal(rd_worker_at(r, 0)->core, -1);
    assert_int_equal(rd_core_at(r, 0)->occupant, -1);
    assert_int_equal(rd_busy_cores(r), 0);
    trace_event again = EV(TRACE_SPAWN, 6, -1, 0, 0, TRACE_WORKER_THREAD, 0, 2);
    assert_int_equal(rd_feed(r, &again, NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->state, TL_W_IDLE);
    assert_int_equal(rd_worker_at(r, 0)->number, 1); /* the lane keeps its first name */
    rd_close(r);
    scn_free(scn);
}

static const char one_loop[] =
    "{\"schema\": \"bistro/1\", \"title\": \"l\", \"machine\": {\"cores\": 1},"
    " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"1ms\"}]},"
    " \"runtimes\": [{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\"}]}";

/* What a loop runs is what the trace says it takes: the request's own callback
 * (trace_take RUN), or nobody's (a hop, a hand-on to the ready queue); a timer's
 * callback when the timer says it starts at once. */
static void test_reader_loop_runs_what_it_takes(void **state)
{
    (void)state;
    scn_scenario *scn = load(one_loop);
    rd_reader *r = NULL;
    assert_int_equal(rd_open(scn, 0, NULL, NULL, &r), 0);
    trace_event start[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_LOOP, 0, 0),
        EV(TRACE_PHASE, 0, -1, 0, TRACE_PHASE_MAIN, 0, 0, 0),
        EV(TRACE_ARRIVE, 0, 0, -1, 0, 0, 0, 0),
        EV(TRACE_ENQUEUE, 0, 0, 0, 0, TRACE_QUEUE_POLL, TRACE_TAKE_RUN, -1),
        EV(TRACE_ENQUEUE, 0, 0, 0, 1, TRACE_QUEUE_POLL, TRACE_TAKE_HOP, -1),
        EV(TRACE_ENQUEUE, 0, 0, 0, 2, TRACE_QUEUE_POLL, TRACE_TAKE_RUN, -1),
        EV(TRACE_RUN, 0, -1, 0, -1, 0, 0, 0), /* the loop gets the core */
    };
    for (size_t i = 0; i < sizeof start / sizeof start[0]; i++)
        assert_int_equal(rd_feed(r, &start[i], NULL), 0);
    rd_shape s = rd_shape_of(r);
    assert_int_equal(rd_queue_length(r, (size_t)rd_queue_slot(&s, TRACE_QUEUE_POLL, 0)), 3);
    struct {
        uint16_t take;
        int32_t req; /* what the loop then runs */
    } takes[] = {{TRACE_TAKE_RUN, 0}, {TRACE_TAKE_HOP, -1}, {TRACE_TAKE_HANDOFF, -1}};
    for (size_t i = 0; i < 3; i++) {
        trace_event ev = EV(TRACE_DEQUEUE, 1 + (int64_t)i, 0, 0, (int32_t)i, TRACE_QUEUE_POLL,
                            takes[i].take, 5);
        assert_int_equal(rd_feed(r, &ev, NULL), 0);
        assert_int_equal(rd_worker_at(r, 0)->state, TL_W_RUNNING);
        assert_int_equal(rd_worker_at(r, 0)->req, takes[i].req);
    }
    assert_int_equal(rd_queue_length(r, (size_t)rd_queue_slot(&s, TRACE_QUEUE_POLL, 0)), 0);
    /* timers: armed, the request waits; fired with `starts`, the loop runs it */
    trace_event arm = EV(TRACE_TIMER_ARM, 10, 0, 0, 0, 0, 0, 20);
    assert_int_equal(rd_feed(r, &arm, NULL), 0);
    assert_int_equal(rd_queue_length(r, (size_t)rd_queue_slot(&s, TRACE_QUEUE_TIMERS, 0)), 1);
    trace_event phase = EV(TRACE_PHASE, 20, -1, 0, TRACE_PHASE_TIMERS, 0, 0, 0);
    assert_int_equal(rd_feed(r, &phase, NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->req, -1);
    trace_event fire = EV(TRACE_TIMER_FIRE, 20, 0, 0, 0, 1, 0, 20);
    assert_int_equal(rd_feed(r, &fire, NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->req, 0);
    assert_int_equal(rd_queue_length(r, (size_t)rd_queue_slot(&s, TRACE_QUEUE_TIMERS, 0)), 0);
    /* without `starts` (asyncio) the callback only joins a ready queue */
    trace_event arm2 = EV(TRACE_TIMER_ARM, 21, 1, 0, 0, 0, 0, 30);
    trace_event fire2 = EV(TRACE_TIMER_FIRE, 30, 1, 0, 0, 0, 0, 30);
    assert_int_equal(rd_feed(r, &arm2, NULL), 0);
    assert_int_equal(rd_feed(r, &fire2, NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->req, -1);
    rd_close(r);
    scn_free(scn);
}

/* A loop's thread that blocks with a request and a step is held by a blocking
 * sleep inside that request's callback (waiting, not idle in poll); the ready
 * that ends it makes it runnable; a block without them is the wait in poll. */
static void test_reader_loop_sleep_is_not_poll(void **state)
{
    (void)state;
    scn_scenario *scn = load(one_loop);
    rd_reader *r = NULL;
    assert_int_equal(rd_open(scn, 0, NULL, NULL, &r), 0);
    trace_event evs[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_LOOP, 0, 0),
        EV(TRACE_PHASE, 0, -1, 0, TRACE_PHASE_MAIN, 0, 0, 0),
        EV(TRACE_ARRIVE, 0, 0, -1, 0, 0, 0, 0),
        EV(TRACE_ENQUEUE, 0, 0, 0, 0, TRACE_QUEUE_POLL, TRACE_TAKE_RUN, -1),
        EV(TRACE_RUN, 0, -1, 0, -1, 0, 0, 0),
        EV(TRACE_DEQUEUE, 0, 0, 0, 0, TRACE_QUEUE_POLL, TRACE_TAKE_RUN, 0),
        EV(TRACE_BLOCK, 0, 0, 0, 0, 0, 0, 0), /* sleeps at step 0 */
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        assert_int_equal(rd_feed(r, &evs[i], NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->state, TL_W_WAIT_IO);
    assert_int_equal(rd_worker_at(r, 0)->req, 0);
    assert_int_equal(rd_worker_at(r, 0)->step, 0);
    trace_event woke = EV(TRACE_READY, 5, 0, 0, 0, 0, 0, 0);
    assert_int_equal(rd_feed(r, &woke, NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->state, TL_W_READY);
    trace_event poll = EV(TRACE_BLOCK, 5, -1, 0, -1, 0, 0, 0);
    assert_int_equal(rd_feed(r, &poll, NULL), 0);
    assert_int_equal(rd_worker_at(r, 0)->state, TL_W_WAITING);
    assert_int_equal(rd_worker_at(r, 0)->req, -1);
    rd_close(r);
    scn_free(scn);
}

/* Queue slots: each queue of each owner has its own, within the count. */
static void test_reader_queue_slots_are_distinct(void **state)
{
    (void)state;
    rd_shape s = {.cores = 2, .processes = 2, .loops = 3, .devices = 2, .requests = 1};
    size_t n = rd_queue_slots(&s);
    bool *used = calloc(n, sizeof *used);
    assert_non_null(used);
    static const int loopq[] = {TRACE_QUEUE_NEXT_TICK, TRACE_QUEUE_MICROTASK, TRACE_QUEUE_TIMERS,
                                TRACE_QUEUE_POLL,      TRACE_QUEUE_CHECK,     TRACE_QUEUE_READY};
    static const int procq[] = {TRACE_QUEUE_ACCEPT, TRACE_QUEUE_THREADPOOL, TRACE_QUEUE_WORKER};
    size_t count = 0;
    for (int32_t l = 0; l < 3; l++)
        for (size_t q = 0; q < 6; q++, count++) {
            int64_t slot = rd_queue_slot(&s, loopq[q], l);
            assert_true(slot >= 0 && (size_t)slot < n && !used[slot]);
            used[slot] = true;
        }
    for (int32_t p = 0; p < 2; p++)
        for (size_t q = 0; q < 3; q++, count++) {
            int64_t slot = rd_queue_slot(&s, procq[q], p);
            assert_true(slot >= 0 && (size_t)slot < n && !used[slot]);
            used[slot] = true;
        }
    for (size_t d = 0; d < 2; d++) {
        int64_t slot = rd_queue_slot(&s, TRACE_QUEUE_DEVICE, (int32_t)d);
        int64_t fly = rd_inflight_slot(&s, d);
        assert_true(slot >= 0 && fly >= 0 && !used[slot] && !used[fly]);
        used[slot] = used[fly] = true;
        count += 2;
    }
    assert_int_equal(count, n);
    assert_int_equal(rd_queue_slot(&s, TRACE_QUEUE_POLL, 3), -1);
    assert_int_equal(rd_queue_slot(&s, TRACE_QUEUE_ACCEPT, 2), -1);
    assert_int_equal(rd_queue_slot(&s, TRACE_QUEUE_DEVICE, -1), -1);
    assert_int_equal(rd_inflight_slot(&s, 2), -1);
    free(used);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_reads_every_bundled_run),
        cmocka_unit_test(test_reader_switch_ends_after_the_cost),
        cmocka_unit_test(test_reader_refuses_what_does_not_fit),
        cmocka_unit_test(test_reader_exit_frees_the_worker),
        cmocka_unit_test(test_reader_loop_runs_what_it_takes),
        cmocka_unit_test(test_reader_loop_sleep_is_not_poll),
        cmocka_unit_test(test_reader_queue_slots_are_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
