/* test_ui_doc.c - opening a scenario for the app: every runtime simulated once,
 * the clock's range, and the names the views give the workers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "scenario_dir.h"
#include "test_ui_support.h"
#include "ui_doc.h"

/* The worker of run r whose short name is `name`, or -1. */
static int find(const ui_run *r, const char *name)
{
    for (size_t w = 0; w < r->nworkers; w++)
        if (strcmp(r->short_names[w], name) == 0)
            return (int)w;
    return -1;
}

static void test_doc_runs_every_runtime_and_ends_with_the_slowest(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("three-requests.json");
    assert_int_equal(doc->nruns, 4);
    int64_t end = 0;
    for (size_t i = 0; i < doc->nruns; i++) {
        assert_int_equal(doc->runs[i].completed, 3);
        assert_int_equal(doc->runs[i].end, timeline_end(doc->runs[i].tl));
        if (doc->runs[i].end > end)
            end = doc->runs[i].end;
    }
    assert_int_equal(doc->end, end);
    /* one blocking thread: about 3 s; Node: about 1 s (the seed's claim) */
    assert_true(doc->runs[0].makespan_ns > INT64_C(3000000000));
    assert_true(doc->runs[2].makespan_ns < INT64_C(1100000000));
    ui_doc_free(doc);
}

static void test_doc_names_workers_by_kind(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("cpu-blocks-loop.json");
    const ui_run *r = &doc->runs[1]; /* Node.js with a worker thread */
    int loop = find(r, "Loop"), w1 = find(r, "W1");
    assert_true(loop >= 0 && w1 >= 0);
    assert_int_equal(find(r, "W2"), -1); /* the main loop is not counted among them */
    assert_string_equal(r->long_names[loop], "event loop");
    assert_string_equal(r->long_names[w1], "worker thread 1");
    ui_doc_free(doc);

    doc = open_doc("threadpool-full.json");
    r = &doc->runs[0];
    int p1 = find(r, "P1"), p4 = find(r, "P4");
    assert_true(p1 >= 0 && p4 >= 0);
    assert_string_equal(r->long_names[p1], "pool thread 1");
    ui_doc_free(doc);

    doc = open_doc("gil-cpu-bound.json");
    r = &doc->runs[0];
    assert_string_equal(r->short_names[0], "T1");
    assert_string_equal(r->long_names[1], "thread 2");
    r = &doc->runs[2]; /* two processes */
    assert_int_equal(r->processes, 2);
    int t = find(r, "2:T1");
    assert_true(t >= 0);
    assert_string_equal(r->long_names[t], "process 2, thread 1");
    ui_doc_free(doc);
}

static void test_doc_invalid_file_reports_and_returns_nothing(void **state)
{
    (void)state;
    diag_list *d = diag_new();
    ui_doc *doc = (ui_doc *)1;
    assert_int_equal(ui_doc_open("/nonexistent/x.json", d, NULL, NULL, &doc), SIM_EIO);
    assert_null(doc);
    assert_true(diag_count(d) >= 1);
    assert_non_null(strstr(diag_get(d, 0), "/nonexistent/x.json"));
    diag_free(d);
}

/* The memory shown at t is the engine's estimate at t: its largest value over the
 * run (at every event time) is the run's memory_peak_bytes, for every runtime of
 * every bundled lesson; and before anything happens it is the processes alone. */
static void test_doc_memory_at_t_peaks_at_the_engine_peak(void **state)
{
    (void)state;
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &n), 0);
    assert_true(n >= 12);
    for (size_t f = 0; f < n; f++) {
        ui_doc *doc = open_path(paths[f]);
        for (size_t r = 0; r < doc->nruns; r++) {
            const ui_run *u = &doc->runs[r];
            int64_t peak = ui_run_memory(doc, r, 0);
            for (int64_t t = 0; t >= 0; t = timeline_next_event_time(u->tl, t)) {
                int64_t m = ui_run_memory(doc, r, t);
                peak = m > peak ? m : peak;
            }
            if (peak != u->memory_peak_bytes)
                fail_msg("%s, %s: peak %lld, the engine says %lld", paths[f], u->name,
                         (long long)peak, (long long)u->memory_peak_bytes);
            /* nothing before the run; from its first instant at least its processes */
            assert_int_equal(ui_run_memory(doc, r, -1), 0);
            assert_true(ui_run_memory(doc, r, 0) >=
                        (int64_t)u->processes * doc->scn->machine.process_bytes);
        }
        ui_doc_free(doc);
    }
    scn_dir_free(paths, n);
}

/* A shared value written by the front and by a service behind it (one store for
 * all, as a database row): the doc's timeline counts the service's writes too,
 * so the pass ends where the summary does. The front reads and writes stock, then
 * calls a service that does the same under a lock: 2 requests leave 10 - 4 = 6
 * with one thread (tests/test_services.c works it out), 4 writes in all. */
static void test_doc_shared_values_count_the_services_writes(void **state)
{
    (void)state;
    const char *json =
        "{\"schema\": \"bistro/1\", \"title\": \"shared\","
        " \"machine\": {\"context_switch\": 0}, \"state\": {\"stock\": 10},"
        " \"services\": {\"inv\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "   \"request\": [{\"lock\": \"m\", \"steps\": [{\"read\": \"stock\"}, {\"io\": \"2ms\"},"
        "                {\"write\": \"stock\", \"add\": -1}]}]}},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"read\": \"stock\"},"
        "   {\"write\": \"stock\", \"add\": -1}, {\"call\": \"inv\"}]},"
        " \"runtimes\": [{\"name\": \"threads\", \"model\": \"threads\", \"threads\": 1},"
        "  {\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]}";
    ui_doc *doc = open_json(json);
    for (size_t r = 0; r < doc->nruns; r++) {
        /* the engine's own count, from a run of its own */
        sim_run *run = run_to_end(doc->scn, r, doc->scn->seed);
        const sim_metrics *m = sim_run_metrics(run);
        tl_shared sh;
        assert_int_equal(
            timeline_shared_at_step(doc->runs[r].tl, doc->scn, 0, doc->end, TL_STEP_END, &sh), 0);
        assert_int_equal(sh.value, m->state[0].final);
        assert_int_equal(sh.writes, m->state[0].writes);
        assert_int_equal(sh.lost_updates, m->state[0].lost_updates);
        if (r == 0) {
            assert_int_equal(sh.value, 6);
            assert_int_equal(sh.writes, 4);
        }
        sim_run_free(run);
    }
    ui_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_runs_every_runtime_and_ends_with_the_slowest),
        cmocka_unit_test(test_doc_names_workers_by_kind),
        cmocka_unit_test(test_doc_invalid_file_reports_and_returns_nothing),
        cmocka_unit_test(test_doc_memory_at_t_peaks_at_the_engine_peak),
        cmocka_unit_test(test_doc_shared_values_count_the_services_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
