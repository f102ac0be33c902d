/* test_ui_loopgame.c - "You are the event loop": the decision points of bundled
 * lessons, checked against the run's own trace and the real runtimes' output, the
 * score, and the panel's texts (never cut).
 *
 * BISTRO_LOOPGAME_DUMP=1 prints every point found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>

#include "engine.h"
#include "error.h"
#include "test_ui_support.h"
#include "ui_doc.h"
#include "ui_frame.h"
#include "ui_layout.h"
#include "ui_loopgame.h"

/* ---- the run's own trace, to check each point against what the run did --------------- */

typedef struct {
    sim_run *run;
    const trace *tr;
} raw;

static raw raw_trace(const ui_doc *doc, size_t r)
{
    raw x = {0};
    sim_options opt = {.keep_trace = true, .seed = doc->scn->seed};
    assert_int_equal(sim_run_new(doc->scn, r, &opt, &x.run), 0);
    assert_int_equal(sim_run_go(x.run), 0);
    x.tr = sim_run_trace(x.run);
    assert_non_null(x.tr);
    return x;
}

/* The index of event k (1-based) at time t. */
static size_t event_at(const trace *tr, int64_t t, uint32_t k)
{
    size_t n = trace_count(tr), lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (trace_get(tr, mid)->t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t i = lo + k - 1;
    assert_true(i < n);
    assert_int_equal(trace_get(tr, i)->t, t);
    return i;
}

static int find_run(const ui_doc *doc, const char *name)
{
    for (size_t r = 0; r < doc->nruns; r++)
        if (strcmp(doc->runs[r].name, name) == 0)
            return (int)r;
    fail_msg("no runtime \"%s\"", name);
    return -1;
}

static void dump(const ui_doc *doc, const ui_loopgame *g)
{
    if (getenv("BISTRO_LOOPGAME_DUMP") == NULL)
        return;
    printf("== %s: %zu points%s\n", doc->runs[g->run].name, g->n, g->capped ? " (capped)" : "");
    for (size_t i = 0; i < g->n; i++) {
        const ui_loopgame_decision *d = &g->d[i];
        printf("%zu: t=%lld step=%u %s phase=%d right=%zu:", i, (long long)d->t, d->step,
               ui_loopgame_kind_name(d->kind), d->phase, d->right);
        for (size_t c = 0; c < d->ncand; c++)
            printf(" [%s len=%lld %s]", d->cand[c].label, (long long)d->cand[c].length,
                   ui_loopgame_rule_name(d->cand[c].rule));
        printf("\n");
    }
}

static ui_loopgame *game_of(const ui_doc *doc, const char *runtime)
{
    ui_loopgame *g = NULL;
    assert_int_equal(ui_loopgame_build(doc, (size_t)find_run(doc, runtime), &g), 0);
    assert_non_null(g);
    dump(doc, g);
    return g;
}

/* A queue replayed from the trace's enqueue and dequeue events: the tickets (task
 * or job ids) in the order they came. */
typedef struct {
    int32_t id[4096];
    size_t n;
} fifo;

static void fifo_push(fifo *q, int32_t id)
{
    assert_true(q->n < sizeof q->id / sizeof q->id[0]);
    q->id[q->n++] = id;
}

/* Removes ticket id; returns where it was (0: the oldest). */
static size_t fifo_take(fifo *q, int32_t id)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->id[i] == id) {
            memmove(&q->id[i], &q->id[i + 1], (q->n - i - 1) * sizeof q->id[0]);
            q->n--;
            return i;
        }
    fail_msg("ticket %d taken but never queued", (int)id);
    return 0;
}

/* Whether event e touches queue `queue` of the loop whose thread is `thread`
 * (-1: any, for a process's threadpool in a one-process run). */
static bool on_queue(const trace_event *e, int queue, int32_t thread)
{
    return (e->kind == TRACE_ENQUEUE || e->kind == TRACE_DEQUEUE) && e->b == queue &&
           (thread < 0 || e->worker == thread);
}

/* Replays `queue` up to (not including) event `upto`. */
static void replay(const trace *tr, size_t upto, int queue, int32_t thread, fifo *q)
{
    q->n = 0;
    for (size_t i = 0; i < upto; i++) {
        const trace_event *e = trace_get(tr, i);
        if (!on_queue(e, queue, thread))
            continue;
        if (e->kind == TRACE_ENQUEUE)
            fifo_push(q, e->a);
        else
            fifo_take(q, e->a);
    }
}

/* Every point of game g (run r of doc) against the run's own trace: the pick is
 * the event the point says, and the right candidate is what the run did there. */
static void check_against_trace(const ui_doc *doc, size_t r, const ui_loopgame *g)
{
    raw x = raw_trace(doc, r);
    const timeline *tl = doc->runs[r].tl;
    for (size_t i = 0; i < g->n; i++) {
        const ui_loopgame_decision *d = &g->d[i];
        assert_true(d->ncand >= 2);
        assert_true(d->right < d->ncand);
        assert_int_equal(d->step + 1, d->pick_step);
        if (i > 0)
            assert_true(g->d[i - 1].t < d->t ||
                        (g->d[i - 1].t == d->t && g->d[i - 1].pick_step < d->pick_step));
        for (size_t c = 0; c < d->ncand; c++) {
            assert_true((c == d->right) == (d->cand[c].rule == UI_LG_RULE_NONE));
            assert_true((c == d->right) == (d->cand[c].why[0] == '\0'));
        }
        size_t at = event_at(x.tr, d->t, d->pick_step);
        const trace_event *e = trace_get(x.tr, at);
        const ui_loopgame_candidate *right = &d->cand[d->right];
        int32_t thread = -1;
        if (d->loop >= 0) {
            tl_loop_info li;
            assert_int_equal(timeline_loop_info(tl, (size_t)d->loop, &li), 0);
            thread = li.worker;
        }
        fifo q;
        switch (d->kind) {
        case UI_LG_QUEUE:
            if (right->what == TRACE_QUEUE_TIMERS) {
                assert_int_equal(e->kind, TRACE_TIMER_FIRE);
                assert_int_equal(e->b, 1);
            } else {
                assert_int_equal(e->kind, TRACE_DEQUEUE);
                assert_int_equal(e->b, right->what);
                /* the queue the loop took from really held what the rail showed */
                replay(x.tr, at, right->what, thread, &q);
                assert_int_equal((int64_t)q.n, right->length);
            }
            assert_int_equal(e->worker, thread);
            break;
        case UI_LG_READY:
        case UI_LG_THREADPOOL: {
            int queue = d->kind == UI_LG_READY ? TRACE_QUEUE_READY : TRACE_QUEUE_THREADPOOL;
            assert_int_equal(e->kind, TRACE_DEQUEUE);
            assert_int_equal(e->b, queue);
            if (queue == TRACE_QUEUE_THREADPOOL) {
                assert_int_equal(doc->runs[r].processes, 1);
                thread = -1;
            } else {
                assert_int_equal(e->worker, thread);
            }
            replay(x.tr, at, queue, thread, &q);
            assert_int_equal((int64_t)q.n, right->length);
            /* the run took the oldest ticket, as the right candidate says */
            assert_int_equal(right->what, 0);
            assert_int_equal(fifo_take(&q, e->a), 0);
            break;
        }
        case UI_LG_GIL: {
            /* the holder releases the GIL with a drop request pending ... */
            assert_int_equal(e->kind, TRACE_GIL_RELEASE);
            int32_t holder = e->worker;
            bool asked = false;
            for (size_t j = at; j-- > 0;) {
                const trace_event *p = trace_get(x.tr, j);
                if (p->kind == TRACE_GIL_ACQUIRE && p->a == e->a)
                    break;
                asked |= p->kind == TRACE_GIL_DROP_REQUEST && p->a == e->a;
            }
            assert_true(asked);
            /* ... the next to acquire it is the right candidate, and the holder
             * queues for it again at once (a forced switch) */
            int32_t next = -1, again = -1;
            for (size_t j = at + 1; j < trace_count(x.tr) && (next < 0 || again < 0); j++) {
                const trace_event *p = trace_get(x.tr, j);
                if (p->a != e->a)
                    continue;
                if (p->kind == TRACE_GIL_ACQUIRE && next < 0)
                    next = p->worker;
                if (p->worker == holder && again < 0 &&
                    (p->kind == TRACE_GIL_WAIT || p->kind == TRACE_GIL_ACQUIRE)) {
                    again = p->kind;
                    assert_int_equal(p->t, d->t);
                }
            }
            assert_int_equal(next, right->what);
            assert_int_equal(again, TRACE_GIL_WAIT);
            bool offered = false;
            for (size_t c = 0; c < d->ncand; c++)
                if (d->cand[c].what == holder) {
                    offered = true;
                    assert_int_equal(d->cand[c].rule, UI_LG_RULE_GIL_SWITCH);
                }
            assert_true(offered);
            break;
        }
        default: fail_msg("kind %d", d->kind);
        }
    }
    sim_run_free(x.run);
}

/* The labels of the right candidates, joined by spaces. */
static void right_labels(const ui_loopgame *g, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " | " : "",
                              g->d[i].cand[g->d[i].right].label);
}

/* The candidate of decision d labelled `label`. */
static size_t cand_of(const ui_loopgame_decision *d, const char *label)
{
    for (size_t c = 0; c < d->ncand; c++)
        if (strcmp(d->cand[c].label, label) == 0)
            return c;
    fail_msg("no candidate \"%s\"", label);
    return 0;
}

/* ---- Node.js: which queue ------------------------------------------------------------- */

/* print-order.json, Node.js: `node print-order.js` (the lesson's code, node v20.20.2)
 * prints 1 2 4 5 3. When the script ends the promise callback (4) and the timer
 * (5) both wait: the promise runs first. Later the read's first request comes back
 * in the poll phase while the timer, due, waits for the next timers phase. */
static void test_node_print_order_points(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("print-order.json");
    ui_loopgame *g = game_of(doc, "Node.js");
    assert_int_equal(g->n, 2);
    char buf[512];
    right_labels(g, buf, sizeof buf);
    assert_string_equal(buf, "microtasks (promises) | poll (I/O callbacks)");
    assert_int_equal(g->d[0].phase, TRACE_PHASE_MAIN);
    assert_int_equal(g->d[0].cand[cand_of(&g->d[0], "timers")].rule, UI_LG_RULE_MICRO_AFTER);
    assert_int_equal(g->d[1].phase, TRACE_PHASE_POLL);
    assert_int_equal(g->d[1].cand[cand_of(&g->d[1], "timers")].rule, UI_LG_RULE_PHASES);
    check_against_trace(doc, g->run, g);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* puzzle-nexttick.json, Node.js: `node puzzle-nexttick.js` (node v20.20.2) prints
 * 1 7 6 4 5 2 3: the nextTick (6) before the promise (4), the nextTick that 4
 * queued (5) before the timer (2), the timer before the immediate (3). */
static void test_node_nexttick_points(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("puzzle-nexttick.json");
    ui_loopgame *g = game_of(doc, "Node.js");
    char buf[512];
    right_labels(g, buf, sizeof buf);
    assert_string_equal(buf, "nextTick | microtasks (promises) | nextTick | timers");
    const ui_loopgame_decision *d = &g->d[0];
    assert_int_equal(d->ncand, 4);
    assert_int_equal(d->cand[cand_of(d, "microtasks (promises)")].rule, UI_LG_RULE_TICKS_FIRST);
    assert_int_equal(d->cand[cand_of(d, "check (setImmediate)")].rule, UI_LG_RULE_MICRO_AFTER);
    assert_int_equal(g->d[3].cand[cand_of(&g->d[3], "check (setImmediate)")].rule,
                     UI_LG_RULE_PHASES);
    assert_int_equal(g->d[3].phase, TRACE_PHASE_TIMERS);
    check_against_trace(doc, g->run, g);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* puzzle-io-callbacks.json, Node.js: `node puzzle-io-callbacks.js` (node v20.20.2)
 * prints 1 6 2 5 4 3: inside the read's callback the promise (5) runs first, then
 * the check phase's immediate (4) before the next round's timer (3). */
static void test_node_io_callbacks_points(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("puzzle-io-callbacks.json");
    ui_loopgame *g = game_of(doc, "Node.js");
    char buf[512];
    right_labels(g, buf, sizeof buf);
    assert_string_equal(buf, "microtasks (promises) | check (setImmediate)");
    assert_int_equal(g->d[1].phase, TRACE_PHASE_CHECK);
    const ui_loopgame_candidate *c = &g->d[1].cand[cand_of(&g->d[1], "timers")];
    assert_int_equal(c->rule, UI_LG_RULE_PHASES);
    assert_non_null(strstr(c->why, "check phase"));
    check_against_trace(doc, g->run, g);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* tests/loop_cases/nexttick-in-microtask: `node nexttick-in-microtask.js` (node
 * v20.20.2) prints t1 p1 p2 promise-from-t1 tick-from-p1: once the promise
 * callbacks have begun, the nextTick queued by p1 waits until all of them ran. */
static void test_node_microtasks_drain_points(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/tests/loop_cases/nexttick-in-microtask.json",
             BISTRO_SOURCE_DIR);
    ui_doc *doc = open_path(path);
    ui_loopgame *g = game_of(doc, "Node.js");
    char buf[512];
    right_labels(g, buf, sizeof buf);
    assert_string_equal(buf, "nextTick | microtasks (promises) | microtasks (promises)");
    for (size_t i = 1; i < 3; i++) {
        const ui_loopgame_candidate *c = &g->d[i].cand[cand_of(&g->d[i], "nextTick")];
        assert_int_equal(c->rule, UI_LG_RULE_MICRO_DRAIN);
    }
    check_against_trace(doc, g->run, g);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* ---- asyncio: the ready queue ----------------------------------------------------------- */

/* `python3 puzzle-nexttick.py` (CPython 3.11.7) prints 1 7 3 4 6 2 5 and
 * `python3 print-order.py` 1 2 4 5 3: call_soon's callbacks in the order queued. */
static void test_asyncio_ready_points(void **state)
{
    (void)state;
    static const char *const files[] = {"puzzle-nexttick.json", "print-order.json",
                                        "puzzle-io-callbacks.json"};
    static const size_t expect[] = {4, 1, 2};
    for (size_t f = 0; f < 3; f++) {
        ui_doc *doc = open_doc(files[f]);
        ui_loopgame *g = game_of(doc, "asyncio");
        assert_int_equal(g->n, expect[f]);
        for (size_t i = 0; i < g->n; i++) {
            assert_int_equal(g->d[i].kind, UI_LG_READY);
            assert_string_equal(g->d[i].cand[g->d[i].right].label, "ready queue: oldest");
            assert_int_equal(g->d[i].cand[1 - g->d[i].right].rule, UI_LG_RULE_READY_FIFO);
        }
        check_against_trace(doc, g->run, g);
        ui_loopgame_free(g);
        ui_doc_free(doc);
    }
}

/* ---- the threadpool, the GIL -------------------------------------------------------------- */

static void test_threadpool_points(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("threadpool-full.json");
    ui_loopgame *g = game_of(doc, "Node.js, threadpool of 4");
    assert_true(g->n > 0);
    for (size_t i = 0; i < g->n; i++) {
        assert_int_equal(g->d[i].kind, UI_LG_THREADPOOL);
        assert_true(g->d[i].cand[0].length >= 2);
        assert_non_null(strstr(g->d[i].cand[1].why, "libuv's threadpool is first in, first out"));
    }
    check_against_trace(doc, g->run, g);
    ui_loopgame_free(g);
    /* 16 threads for 16 jobs: no job ever waits for a thread, so no point */
    g = game_of(doc, "Node.js, UV_THREADPOOL_SIZE=16");
    assert_int_equal(g->n, 0);
    assert_true(g->done);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

static void test_gil_points(void **state)
{
    (void)state;
    static const char *const files[] = {"convoy.json", "gil-cpu-bound.json"};
    for (size_t f = 0; f < 2; f++) {
        ui_doc *doc = open_doc(files[f]);
        ui_loopgame *g = game_of(doc, "Python threads (GIL)");
        assert_true(g->n > 0);
        for (size_t i = 0; i < g->n; i++) {
            assert_int_equal(g->d[i].kind, UI_LG_GIL);
            assert_non_null(strstr(g->d[i].cand[g->d[i].right].label, "(waiting)"));
        }
        check_against_trace(doc, g->run, g);
        ui_loopgame_free(g);
        /* free-threaded: no GIL, no point */
        g = game_of(doc, "Python 3.13t (free-threaded)");
        assert_int_equal(g->n, 0);
        ui_loopgame_free(g);
        ui_doc_free(doc);
    }
}

/* ---- the score -------------------------------------------------------------------------- */

static void test_wrong_pick_is_counted_and_names_the_rule(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("puzzle-nexttick.json");
    ui_loopgame *g = game_of(doc, "Node.js");
    int64_t t;
    uint32_t step;
    assert_true(ui_loopgame_next_stop(g, &t, &step));
    assert_int_equal(t, g->d[0].t);
    assert_int_equal(step, g->d[0].step);
    /* promises before nextTick: wrong, counted, the decision stays open */
    size_t micro = cand_of(&g->d[0], "microtasks (promises)");
    assert_int_equal(ui_loopgame_pick(g, micro), 0);
    assert_int_equal(g->wrong, 1);
    assert_int_equal(g->right, 0);
    assert_int_equal(g->cur, 0);
    assert_int_equal(g->feedback, UI_LG_FEEDBACK_WRONG);
    assert_int_equal(g->picked, (int)micro);
    assert_non_null(strstr(g->last, "Every nextTick callback runs before any promise callback"));
    assert_true(ui_loopgame_next_stop(g, &t, &step));
    assert_int_equal(t, g->d[0].t);
    /* out of range: nothing changes */
    assert_int_equal(ui_loopgame_pick(g, 9), -1);
    assert_int_equal(g->wrong, 1);
    /* every right pick from here reaches the end */
    size_t n = g->n;
    for (size_t i = 0; i < n; i++) {
        assert_true(ui_loopgame_next_stop(g, &t, &step));
        assert_int_equal(t, g->d[i].t);
        assert_int_equal(ui_loopgame_pick(g, g->d[i].right), 1);
        assert_string_equal(g->last, "right");
        assert_int_equal(g->picked, -1);
    }
    assert_true(g->done);
    assert_int_equal(g->right, (int)n);
    assert_int_equal(g->wrong, 1);
    assert_false(ui_loopgame_next_stop(g, &t, &step));
    assert_null(ui_loopgame_current(g));
    assert_int_equal(ui_loopgame_pick(g, 0), -1);
    /* again from the start: a full score */
    ui_loopgame_restart(g);
    assert_false(g->done);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ui_loopgame_pick(g, g->d[i].right), 1);
    assert_int_equal(g->right, (int)n);
    assert_int_equal(g->wrong, 0);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* After a forced switch, any thread waiting for the GIL is a legal pick: CPython's
 * drop_gil (Python/ceval_gil.c, FORCE_SWITCHING) only keeps the dropper from
 * taking it straight back, and which waiter the condition variable wakes is the
 * OS's choice. Three CPU-bound threads under the GIL: picking the waiter that did
 * not get it here counts as right and says why; picking the dropper is wrong. */
static void test_gil_other_waiter_is_legal(void **state)
{
    (void)state;
    ui_doc *doc = open_json(
        "{\"schema\": \"bistro/1\", \"title\": \"t\", \"machine\": {\"cores\": 2},"
        " \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": [{\"cpu\": "
        "\"20ms\"}]}, \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", "
        "\"threads\": 3, \"gil\": true}]}");
    ui_loopgame *g = game_of(doc, "gil");
    size_t i = 0;
    while (i < g->n && g->d[i].ncand < 3)
        i++;
    assert_true(i < g->n); /* a switch with the dropper and two waiters */
    for (size_t k = 0; k < i; k++)
        assert_int_equal(ui_loopgame_pick(g, g->d[k].right), 1);
    const ui_loopgame_decision *d = &g->d[i];
    size_t other = d->ncand, dropper = d->ncand;
    for (size_t c = 0; c < d->ncand; c++) {
        if (d->cand[c].rule == UI_LG_RULE_GIL_ORDER)
            other = c;
        if (d->cand[c].rule == UI_LG_RULE_GIL_SWITCH)
            dropper = c;
    }
    assert_true(other < d->ncand && dropper < d->ncand);
    assert_int_equal(ui_loopgame_pick(g, dropper), 0);
    assert_int_equal(g->wrong, 1);
    assert_int_equal(ui_loopgame_pick(g, other), 1);
    assert_int_equal(g->cur, i + 1); /* the run goes on with the thread that got it */
    assert_int_equal(g->right, (int)i + 1);
    assert_int_equal(g->feedback, UI_LG_FEEDBACK_RIGHT);
    assert_non_null(strstr(g->last, "Legal"));
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* A long run keeps its first points and says so: two CPU-bound threads swap the
 * GIL every 5 ms for seconds. */
static void test_long_run_is_capped(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("gil-cpu-bound.json");
    ui_loopgame *g = game_of(doc, "Python threads (GIL)");
    assert_int_equal(g->n, UI_LOOPGAME_MAX_DECISIONS);
    assert_true(g->capped);
    check_against_trace(doc, g->run, g);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* Every bundled lesson, every runtime: whatever points are found agree with the
 * run's trace. */
static void test_every_lesson_agrees_with_its_trace(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/scenarios", BISTRO_SOURCE_DIR);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    size_t files = 0, points = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        ui_doc *doc = open_doc(de->d_name);
        for (size_t r = 0; r < doc->nruns; r++) {
            ui_loopgame *g = NULL;
            assert_int_equal(ui_loopgame_build(doc, r, &g), 0);
            assert_false(g->no_steps);
            check_against_trace(doc, r, g);
            points += g->n;
            ui_loopgame_free(g);
        }
        ui_doc_free(doc);
        files++;
    }
    closedir(dp);
    assert_true(files >= 15);
    assert_true(points > 500);
}

/* ---- the panel ------------------------------------------------------------------------------ */

/* Lays the panel of g out at window size w x h (the full width, and a compare
 * column's half) and checks every text: named, readable, never cut, and each
 * button's middle maps back to its candidate. */
static void check_panel(const ui_loopgame *g, int w, int h)
{
    int px = ui_text_px(h, 0);
    const ui_measure *m = ui_measure_fixed();
    for (int half = 0; half < 2; half++) {
        int pw = half ? w / 2 : w;
        for (int theme = 0; theme < UI_THEME_COUNT; theme++) {
            ui_list l;
            ui_list_init(&l);
            int need = ui_loopgame_height(g, m, px, pw);
            assert_true(need > 0 && need < h / 2);
            ui_rect r = {half ? pw : 0, h - need, pw, need};
            int used = ui_loopgame_layout(&l, r, g, ui_theme_get(theme), m, px);
            /* the height is that of the longest feedback the point can bring */
            assert_true(used <= need);
            assert_false(l.oom);
            const ui_loopgame_decision *d = ui_loopgame_current(g);
            size_t texts = 0, choices = 0;
            bool question = false, score = false, feedback = false;
            for (size_t i = 0; i < l.n; i++) {
                const ui_shape *s = &l.shapes[i];
                assert_true(s->rect.x >= r.x && s->rect.x + s->rect.w <= r.x + r.w);
                assert_true(s->rect.y >= r.y && s->rect.y + s->rect.h <= r.y + r.h);
                if (s->kind != UI_SHAPE_TEXT)
                    continue;
                texts++;
                assert_false(s->cut);
                assert_true(s->px >= px);
                char what[64];
                const char *wt = ui_frame_text_what(s, what, sizeof what);
                assert_int_equal(strncmp(wt, "loopgame.", 9), 0);
                question |= s->state == UI_LG_PART_QUESTION;
                feedback |= s->state == UI_LG_PART_FEEDBACK;
                score |= s->state == UI_LG_PART_SCORE;
                if (s->state == UI_LG_PART_CHOICE) {
                    choices++;
                    char want[UI_LOOPGAME_LABEL + 32];
                    snprintf(want, sizeof want, "%d  %s", (int)s->id + 1, d->cand[s->id].label);
                    assert_string_equal(ui_shape_text(&l, s), want);
                    assert_int_equal(
                        ui_loopgame_hit(&l, s->rect.x + s->rect.w / 2, s->rect.y + s->rect.h / 2),
                        (int)s->id);
                }
            }
            assert_true(texts >= 3 && question && feedback && score);
            assert_int_equal(choices, d ? d->ncand : 0);
            assert_int_equal(ui_loopgame_hit(&l, r.x + 1, r.y + 1), -1);
            ui_list_free(&l);
        }
    }
}

static void test_panel_never_cuts(void **state)
{
    (void)state;
    static const char *const files[] = {"puzzle-nexttick.json", "convoy.json",
                                        "threadpool-full.json", "puzzle-io-callbacks.json"};
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    for (size_t f = 0; f < 4; f++) {
        ui_doc *doc = open_doc(files[f]);
        ui_loopgame *g = NULL;
        assert_int_equal(ui_loopgame_build(doc, 0, &g), 0);
        assert_true(g->n >= 2);
        for (size_t s = 0; s < 2; s++) {
            ui_loopgame_restart(g);
            check_panel(g, sizes[s][0], sizes[s][1]); /* before any pick */
            /* every wrong candidate's rule, then the right one */
            for (size_t i = 0; i < 2; i++) {
                const ui_loopgame_decision *d = ui_loopgame_current(g);
                for (size_t c = 0; c < d->ncand; c++)
                    if (c != d->right) {
                        assert_int_equal(ui_loopgame_pick(g, c), 0);
                        check_panel(g, sizes[s][0], sizes[s][1]);
                    }
                assert_int_equal(ui_loopgame_pick(g, d->right), 1);
                check_panel(g, sizes[s][0], sizes[s][1]);
            }
            while (!g->done)
                ui_loopgame_pick(g, ui_loopgame_current(g)->right);
            check_panel(g, sizes[s][0], sizes[s][1]); /* the final score */
        }
        ui_loopgame_free(g);
        ui_doc_free(doc);
    }
}

/* The panel keeps its height through the wrong picks of a point, so the buttons a
 * class aims at stay where they are. */
static void test_panel_holds_still_through_a_point(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("puzzle-nexttick.json");
    ui_loopgame *g = NULL;
    assert_int_equal(ui_loopgame_build(doc, 0, &g), 0);
    const ui_measure *m = ui_measure_fixed();
    int px = ui_text_px(720, 0);
    const ui_loopgame_decision *d = ui_loopgame_current(g);
    int h0 = ui_loopgame_height(g, m, px, 1260);
    for (size_t c = 0; c < d->ncand; c++)
        if (c != d->right) {
            assert_int_equal(ui_loopgame_pick(g, c), 0);
            assert_int_equal(ui_loopgame_height(g, m, px, 1260), h0);
        }
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

/* A run without any choice says so in the panel, and a too-small rect leaves the
 * rest out rather than drawing outside it. */
static void test_panel_without_points_and_small_rect(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("print-order.json");
    ui_loopgame *g = game_of(doc, "Blocking thread");
    assert_int_equal(g->n, 0);
    assert_true(g->done);
    check_panel(g, 1280, 720);
    ui_loopgame_free(g);
    g = game_of(doc, "Node.js");
    ui_list l;
    ui_list_init(&l);
    ui_rect r = {10, 10, 1280, 40};
    ui_loopgame_layout(&l, r, g, ui_theme_get(0), ui_measure_fixed(), 20);
    for (size_t i = 0; i < l.n; i++)
        assert_true(l.shapes[i].rect.y + l.shapes[i].rect.h <= r.y + r.h);
    ui_list_free(&l);
    ui_loopgame_free(g);
    ui_doc_free(doc);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("print-order.json");
    ui_loopgame *g = (ui_loopgame *)1;
    assert_int_equal(ui_loopgame_build(doc, 9, &g), SIM_EINVAL);
    assert_null(g);
    ui_loopgame_free(NULL);
    assert_null(ui_loopgame_current(NULL));
    assert_string_equal(ui_loopgame_kind_name(99), "unknown");
    assert_string_equal(ui_loopgame_rule_name(UI_LG_RULE_PHASES), "phases");
    ui_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_node_print_order_points),
        cmocka_unit_test(test_node_nexttick_points),
        cmocka_unit_test(test_node_io_callbacks_points),
        cmocka_unit_test(test_node_microtasks_drain_points),
        cmocka_unit_test(test_asyncio_ready_points),
        cmocka_unit_test(test_threadpool_points),
        cmocka_unit_test(test_gil_points),
        cmocka_unit_test(test_gil_other_waiter_is_legal),
        cmocka_unit_test(test_wrong_pick_is_counted_and_names_the_rule),
        cmocka_unit_test(test_long_run_is_capped),
        cmocka_unit_test(test_every_lesson_agrees_with_its_trace),
        cmocka_unit_test(test_panel_never_cuts),
        cmocka_unit_test(test_panel_holds_still_through_a_point),
        cmocka_unit_test(test_panel_without_points_and_small_rect),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
