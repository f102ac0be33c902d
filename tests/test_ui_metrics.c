/* test_ui_metrics.c - a run's metrics at t, each run on its own clock, and the
 * metrics panel that shows them.
 *
 * Expected values come from the engine (each runtime run again here, its
 * sim_metrics being what bistro-sim's summary and table print), from the trace, or
 * from facts of the lessons: two requests of 1 s of CPU on two cores take 1 s
 * without a GIL and 2 s with one; a loop that computes for 500 ms from 11 ms leaves
 * the callback ready at about 11 ms waiting; 10,000 threads each reserve a stack of
 * 8 MiB (glibc's default) and give it back when they exit.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_ui_support.h"
#include "ui_layout.h"
#include "ui_metrics.h"
#include "ui_view.h"

#define MS INT64_C(1000000)
#define S INT64_C(1000000000)
#define MIB INT64_C(1048576)

/* ---- helpers ---------------------------------------------------------------------- */

/* The engine's metrics of the doc's run `run`, simulated again: what bistro-sim
 * reports for it. The run is freed by the caller. */
static const sim_metrics *engine_metrics(const ui_doc *doc, size_t run, sim_run **out)
{
    sim_options opt = {.seed = doc->scn->seed};
    assert_int_equal(sim_run_new(doc->scn, run, &opt, out), 0);
    assert_int_equal(sim_run_go(*out), 0);
    return sim_run_metrics(*out);
}

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.9g, want %.9g", got, want);
}

/* The index of the runtime named `name` in the doc. */
static size_t run_named(const ui_doc *doc, const char *name)
{
    int i = scn_find_runtime(doc->scn, name);
    assert_true(i >= 0);
    return (size_t)i;
}

/* A frame of the doc at t, w x h, showing run a (and b beside it when b >= 0). */
static void frame(const ui_doc *doc, size_t a, int64_t b, int64_t t, int w, int h, ui_list *l)
{
    ui_view v;
    ui_view_init(&v);
    v.run = a;
    if (b >= 0) {
        v.compare = true;
        v.run_b = (size_t)b;
    }
    assert_int_equal(ui_layout(doc, &v, t, w, h, ui_measure_fixed(), l, NULL), 0);
}

/* The value of metric `id` shown for run `run`: the second text with its id (the
 * first is its label), or NULL when the frame does not show it. */
static const char *shown(const ui_list *l, int run, int id)
{
    int seen = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->role == UI_ROLE_METRIC && s->id == id && s->run == run &&
            ++seen == 2)
            return ui_shape_text(l, s);
    }
    return NULL;
}

/* ---- each run on its own clock ------------------------------------------------------ */

/* gil-cpu-bound at the end, compared: the free-threaded build finished at 1 s and
 * says so (2 requests, 2 req/s, its two cores busy all its run), while the GIL run,
 * still going until 2 s, says 1 req/s and half the cores. */
static void test_metrics_gil_cpu_bound_each_run_on_its_own_clock(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("gil-cpu-bound.json");
    size_t gil = run_named(doc, "Python threads (GIL)");
    size_t free_t = run_named(doc, "Python 3.13t (free-threaded)");
    for (size_t r = 0; r < doc->nruns; r++) {
        sim_run *run;
        const sim_metrics *m = engine_metrics(doc, r, &run);
        ui_run_metrics k;
        ui_run_metrics_at(doc, r, doc->end, &k);
        assert_true(k.finished);
        assert_int_equal(k.completed, m->completed);
        assert_int_equal(k.clock_ns, m->makespan_ns);
        assert_close(k.throughput_rps, m->throughput_rps, 1e-12);
        assert_close(k.cpu_util, m->cpu_util, 1e-12);
        assert_int_equal(k.lat_p99_ns, m->lat_p99_ns);
        sim_run_free(run);
    }
    ui_run_metrics f, g;
    ui_run_metrics_at(doc, free_t, doc->end, &f);
    ui_run_metrics_at(doc, gil, doc->end, &g);
    assert_true(doc->end >= 2 * S); /* the shared clock is the GIL run's */
    assert_int_equal(f.completed, 2);
    assert_true(f.clock_ns >= 1 * S && f.clock_ns < 1 * S + MS);
    assert_close(f.throughput_rps, 2.0, 1e-3);
    assert_close(f.cpu_util, 1.0, 1e-3);
    assert_close(g.throughput_rps, 1.0, 1e-3);
    assert_close(g.cpu_util, 0.5, 1e-3);
    /* before its finish a run is on the shared clock: at 500 ms nothing is done and
     * both cores have been busy throughout */
    ui_run_metrics_at(doc, free_t, 500 * MS, &f);
    assert_false(f.finished);
    assert_int_equal(f.clock_ns, 500 * MS);
    assert_close(f.cpu_util, 1.0, 1e-2);
    /* the panels say the same, side by side */
    ui_list l;
    ui_list_init(&l);
    frame(doc, gil, (int64_t)free_t, doc->end, 1280, 720, &l);
    assert_string_equal(shown(&l, (int)free_t, UI_METRIC_COMPLETED), "2 of 2");
    assert_string_equal(shown(&l, (int)free_t, UI_METRIC_THROUGHPUT), "2.00 req/s");
    assert_string_equal(shown(&l, (int)free_t, UI_METRIC_CPU), "100 %");
    assert_string_equal(shown(&l, (int)gil, UI_METRIC_THROUGHPUT), "1.00 req/s");
    assert_string_equal(shown(&l, (int)gil, UI_METRIC_CPU), "50.0 %");
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* The throughput shown for a finished run is bistro-sim's (completed / makespan),
 * however long the other runs take: the event loop finishes its 20,000 requests
 * in tens of milliseconds, the one blocking thread takes 20 s. */
static void test_metrics_throughput_is_the_reports_once_finished(void **state)
{
    (void)state;
    ui_doc *doc = open_json(
        "{\"schema\": \"bistro/1\", \"title\": \"many\", \"seed\": 1,"
        " \"workload\": {\"arrivals\": {\"burst\": 20000},"
        "  \"request\": [{\"cpu\": \"1us\"}, {\"io\": \"1ms\", \"device\": \"db\"}]},"
        " \"devices\": {\"db\": {}},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
        "  {\"name\": \"one thread\", \"model\": \"threads\", \"threads\": 1}]}");
    for (size_t r = 0; r < doc->nruns; r++) {
        sim_run *run;
        const sim_metrics *m = engine_metrics(doc, r, &run);
        ui_run_metrics k;
        ui_run_metrics_at(doc, r, doc->end, &k);
        assert_true(k.finished);
        assert_close(k.throughput_rps, m->throughput_rps, 1e-12);
        assert_close(k.cpu_util, m->cpu_util, 1e-12);
        assert_int_equal(k.lat_p50_ns, m->lat_p50_ns);
        assert_int_equal(k.memory_peak_bytes, m->memory_peak_bytes);
        sim_run_free(run);
    }
    ui_run_metrics node;
    ui_run_metrics_at(doc, 0, doc->end, &node);
    assert_true(doc->end >= 20 * S);
    assert_true(node.throughput_rps > 100000.0); /* not 20,000 / 20 s */
    ui_doc_free(doc);
}

/* Every bundled lesson, every runtime: at the end the metrics are the summary's. */
static void test_metrics_at_the_end_are_the_summarys(void **state)
{
    (void)state;
    static const char *const files[] = {"three-requests.json",  "cpu-blocks-loop.json",
                                        "convoy.json",          "db-bottleneck.json",
                                        "threadpool-full.json", "asyncio-vs-node-cpu.json"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        ui_doc *doc = open_doc(files[f]);
        for (size_t r = 0; r < doc->nruns; r++) {
            sim_run *run;
            const sim_metrics *m = engine_metrics(doc, r, &run);
            ui_run_metrics k;
            ui_run_metrics_at(doc, r, doc->end, &k);
            assert_int_equal(k.completed, m->completed);
            assert_close(k.throughput_rps, m->throughput_rps, 1e-12);
            assert_close(k.cpu_util, m->cpu_util, 1e-12);
            assert_int_equal(k.gil_wait_ns, m->gil_wait_ns);
            assert_int_equal(k.lat_p95_ns, m->lat_p95_ns);
            assert_int_equal(k.loop_lag_max_ns, m->loop_lag_max_ns);
            assert_int_equal(k.memory_peak_bytes, m->memory_peak_bytes);
            sim_run_free(run);
        }
        ui_doc_free(doc);
    }
}

/* ---- loop lag ---------------------------------------------------------------------------- */

/* cpu-blocks-loop at 300 ms on the loop alone: the loop has computed since 11 ms,
 * and light 1's callback, ready at about 11 ms, has waited since: the lag now and
 * the worst so far are at least 250 ms, and the panel shows them. */
static void test_metrics_loop_lag_counts_the_block_in_progress(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("cpu-blocks-loop.json");
    size_t loop = run_named(doc, "Node.js, the work on the loop");
    ui_run_metrics k;
    ui_run_metrics_at(doc, loop, 300 * MS, &k);
    assert_true(k.has_loop);
    assert_true(k.loop_lag_now_ns >= 250 * MS && k.loop_lag_now_ns <= 289 * MS);
    assert_true(k.loop_lag_max_ns >= k.loop_lag_now_ns);
    ui_list l;
    ui_list_init(&l);
    frame(doc, loop, -1, 300 * MS, 1280, 720, &l);
    char want[32];
    assert_non_null(shown(&l, (int)loop, UI_METRIC_LOOP_LAG));
    assert_string_equal(shown(&l, (int)loop, UI_METRIC_LOOP_LAG),
                        ui_format_time(k.loop_lag_now_ns, want, sizeof want));
    assert_string_equal(shown(&l, (int)loop, UI_METRIC_LOOP_LAG_MAX),
                        ui_format_time(k.loop_lag_max_ns, want, sizeof want));
    ui_list_free(&l);
    /* after the block nothing waits; the worst stays the engine's */
    sim_run *run;
    const sim_metrics *m = engine_metrics(doc, loop, &run);
    ui_run_metrics_at(doc, loop, doc->end, &k);
    assert_int_equal(k.loop_lag_now_ns, 0);
    assert_int_equal(k.loop_lag_max_ns, m->loop_lag_max_ns);
    sim_run_free(run);
    ui_doc_free(doc);
}

/* ---- memory -------------------------------------------------------------------------------- */

/* 10,000 connections, a thread each: at 2 s all are open (10,000 stacks of 8 MiB);
 * at the end the threads have exited and given their stacks back, while the peak
 * stays the engine's. The single view of every runtime, at any time, shows the
 * memory rows, the lesson's point; and the lesson's order puts them first. */
static void test_metrics_memory_now_and_peak(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("ten-thousand-connections.json");
    size_t threads = run_named(doc, "A thread per connection");
    sim_run *run;
    const sim_metrics *m = engine_metrics(doc, threads, &run);
    ui_run_metrics k;
    ui_run_metrics_at(doc, threads, 2 * S, &k);
    assert_true(k.memory_now_bytes >= 10000 * 8 * MIB);
    assert_int_equal(k.memory_peak_bytes, k.memory_now_bytes);
    ui_run_metrics_at(doc, threads, doc->end, &k);
    assert_int_equal(k.memory_peak_bytes, m->memory_peak_bytes);
    assert_true(k.memory_now_bytes < 10 * 8 * MIB);
    sim_run_free(run);

    int order[UI_METRIC_COUNT];
    ui_metric_order(doc, order);
    assert_int_equal(order[0], UI_METRIC_COMPLETED);
    assert_true(order[1] == UI_METRIC_MEMORY || order[1] == UI_METRIC_MEMORY_PEAK);
    assert_true(order[2] == UI_METRIC_MEMORY || order[2] == UI_METRIC_MEMORY_PEAK);

    ui_list l;
    ui_list_init(&l);
    int64_t times[] = {500 * MS, 2 * S, doc->end};
    for (size_t r = 0; r < doc->nruns; r++)
        for (size_t i = 0; i < 3; i++) {
            frame(doc, r, -1, times[i], 1280, 720, &l);
            ui_run_metrics_at(doc, r, times[i], &k);
            char want[32];
            const char *now = shown(&l, (int)r, UI_METRIC_MEMORY);
            const char *peak = shown(&l, (int)r, UI_METRIC_MEMORY_PEAK);
            if (now == NULL || peak == NULL)
                fail_msg("%s at %lld ms: the memory rows are missing", doc->runs[r].name,
                         (long long)(times[i] / MS));
            assert_string_equal(now, ui_format_bytes(k.memory_now_bytes, want, sizeof want));
            assert_string_equal(peak, ui_format_bytes(k.memory_peak_bytes, want, sizeof want));
        }
    ui_list_free(&l);
    ui_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_gil_cpu_bound_each_run_on_its_own_clock),
        cmocka_unit_test(test_metrics_throughput_is_the_reports_once_finished),
        cmocka_unit_test(test_metrics_at_the_end_are_the_summarys),
        cmocka_unit_test(test_metrics_loop_lag_counts_the_block_in_progress),
        cmocka_unit_test(test_metrics_memory_now_and_peak),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
