/* test_many.c - one runtime run once per seed: orders and spreads (many.h).
 *
 * The oracle is the engine itself, one seed at a time: the orders many_run counts
 * must be exactly the logs of the single runs, and each spread the min, nearest-
 * rank median and max of the single runs' metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "engine.h"
#include "error.h"
#include "many.h"
#include "report.h"
#include "sink.h"
#include "test_support.h"

/* Two requests race: each waits an exponentially distributed time, then prints
 * its name; which prints first depends on the seed. */
static const char race[] =
    "{\"schema\": \"bistro/1\", \"title\": \"race\", \"seed\": 1,"
    " \"devices\": {\"net\": {}},"
    " \"workload\": {\"requests\": ["
    "  {\"name\": \"a\", \"steps\": [{\"io\": {\"exp\": \"10ms\"}, \"device\": \"net\"},"
    "                               {\"log\": \"a\"}]},"
    "  {\"name\": \"b\", \"steps\": [{\"io\": {\"exp\": \"10ms\"}, \"device\": \"net\"},"
    "                               {\"log\": \"b\"}]}]},"
    " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "              {\"name\": \"threads\", \"model\": \"threads\"}]}";

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void test_orders_and_spread_are_the_single_runs(void **state)
{
    (void)state;
    scn_scenario *scn = load(race);
    enum { FIRST = 1, LAST = 60, N = LAST - FIRST + 1 };
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        many_result r;
        uint64_t failed = 0;
        assert_int_equal(many_run(scn, rt, FIRST, LAST, NULL, NULL, &r, &failed), 0);
        assert_int_equal(r.runs, N);
        assert_int_equal(r.incomplete, 0);
        /* the single runs, one seed at a time */
        int64_t ab = 0, ba = 0;
        double makespan[N];
        for (uint64_t s = FIRST; s <= LAST; s++) {
            sim_options opt = {.seed = s};
            sim_run *run;
            assert_int_equal(sim_run_new(scn, rt, &opt, &run), 0);
            assert_int_equal(sim_run_go(run), 0);
            const sim_metrics *m = sim_run_metrics(run);
            assert_int_equal(m->nlog, 2);
            if (strcmp(scn->strings[m->log[0].text], "a") == 0)
                ab++;
            else
                ba++;
            makespan[s - FIRST] = (double)m->makespan_ns / 1e6;
            sim_run_free(run);
        }
        /* on the event loop a real race: both orders come; one thread (the threads
         * runtime's default) serves a, then b, on every seed */
        if (rt == 0)
            assert_true(ab > 0 && ba > 0);
        else
            assert_int_equal(ab, N);
        assert_int_equal(r.norders, (ab > 0) + (ba > 0));
        for (size_t k = 1; k < r.norders; k++)
            assert_true(r.orders[k - 1].runs >= r.orders[k].runs); /* most runs first */
        for (size_t k = 0; k < r.norders; k++)
            assert_int_equal(r.orders[k].runs, strcmp(r.orders[k].order, "a b") == 0 ? ab : ba);
        qsort(makespan, N, sizeof makespan[0], cmp_double);
        const many_spread *sp = &r.spread[MANY_MAKESPAN_MS];
        assert_float_equal(sp->min, makespan[0], 1e-9);
        assert_float_equal(sp->max, makespan[N - 1], 1e-9);
        assert_float_equal(sp->median, makespan[sim_percentile_index(N, 50.0)], 1e-9);
        many_free(&r);
        assert_null(r.orders);
    }
    scn_free(scn);
}

/* A lesson that teaches one order keeps it on every seed (print-order: node v20
 * prints 1 2 4 5 3). */
static void test_one_order_when_nothing_varies(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/print-order.json");
    many_result r;
    uint64_t failed;
    assert_int_equal(many_run(scn, 0, 7, 36, NULL, NULL, &r, &failed), 0);
    assert_int_equal(r.norders, 1);
    assert_string_equal(r.orders[0].order, "1 2 4 5 3");
    assert_int_equal(r.orders[0].runs, 30);
    for (int m = 0; m < MANY_METRIC_COUNT; m++)
        assert_true(r.spread[m].min <= r.spread[m].median && r.spread[m].median <= r.spread[m].max);
    many_free(&r);
    scn_free(scn);
}

static void test_bad_ranges(void **state)
{
    (void)state;
    scn_scenario *scn = load(race);
    many_result r;
    uint64_t failed;
    assert_int_equal(many_run(scn, 0, 5, 4, NULL, NULL, &r, &failed), SIM_EINVAL);
    assert_int_equal(many_run(scn, 0, 0, MANY_MAX_SEEDS, NULL, NULL, &r, &failed), SIM_EINVAL);
    assert_int_equal(many_run(scn, 9, 1, 2, NULL, NULL, &r, &failed), SIM_EINVAL);
    assert_int_equal(many_run(scn, 0, UINT64_MAX, UINT64_MAX, NULL, NULL, &r, &failed), 0);
    assert_int_equal(r.runs, 1);
    many_free(&r);
    scn_free(scn);
}

/* The JSON of many runs parses, names the seeds, and carries each runtime's orders
 * and spreads as many_run counted them; a result of no runtime is refused whole. */
static void test_report_many_json(void **state)
{
    (void)state;
    scn_scenario *scn = load(race);
    many_result r[2];
    uint64_t failed;
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(many_run(scn, i, 10, 29, NULL, NULL, &r[i], &failed), 0);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(report_many_json(&s, scn, 10, 29, r, 2), 0);
    cJSON *root = cJSON_ParseWithLength(b.data, b.len);
    assert_non_null(root);
    const cJSON *seeds = cJSON_GetObjectItem(root, "seeds");
    assert_int_equal(cJSON_GetObjectItem(seeds, "first")->valueint, 10);
    assert_int_equal(cJSON_GetObjectItem(seeds, "last")->valueint, 29);
    const cJSON *rts = cJSON_GetObjectItem(root, "runtimes");
    assert_int_equal(cJSON_GetArraySize(rts), 2);
    for (int i = 0; i < 2; i++) {
        const cJSON *rt = cJSON_GetArrayItem(rts, i);
        assert_string_equal(cJSON_GetObjectItem(rt, "name")->valuestring, scn->runtimes[i].name);
        assert_int_equal(cJSON_GetObjectItem(rt, "runs")->valueint, 20);
        const cJSON *orders = cJSON_GetObjectItem(rt, "orders");
        assert_int_equal(cJSON_GetArraySize(orders), (int)r[i].norders);
        int64_t sum = 0;
        for (size_t k = 0; k < r[i].norders; k++) {
            const cJSON *o = cJSON_GetArrayItem(orders, (int)k);
            assert_string_equal(cJSON_GetObjectItem(o, "order")->valuestring, r[i].orders[k].order);
            sum += cJSON_GetObjectItem(o, "runs")->valueint;
        }
        assert_int_equal(sum, 20);
        const cJSON *sp = cJSON_GetObjectItem(cJSON_GetObjectItem(rt, "spread"), "makespan_ms");
        assert_float_equal(cJSON_GetObjectItem(sp, "median")->valuedouble,
                           r[i].spread[MANY_MAKESPAN_MS].median, 1e-5);
    }
    cJSON_Delete(root);
    sink_buffer_release(&b);
    /* a result of a runtime the scenario does not have: nothing written */
    r[1].runtime = 7;
    sink_buffer bad = {0};
    sim_sink s2 = sink_to_buffer(&bad);
    assert_int_equal(report_many_table(&s2, scn, 10, 29, r, 2), SIM_EINVAL);
    assert_int_equal(bad.len, 0);
    sink_buffer_release(&bad);
    for (size_t i = 0; i < 2; i++)
        many_free(&r[i]);
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders_and_spread_are_the_single_runs),
        cmocka_unit_test(test_one_order_when_nothing_varies),
        cmocka_unit_test(test_bad_ranges),
        cmocka_unit_test(test_report_many_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
