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
#include "services.h"
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

/* A gateway calls two services, one after the other; `db` takes a random time
 * (exponential), `auth` a fixed one. Poisson arrivals: the load varies with the
 * seed too. */
static const char behind[] =
    "{\"schema\": \"bistro/1\", \"title\": \"behind\", \"seed\": 1,"
    " \"network\": {\"latency\": \"0.5ms\"},"
    " \"services\": {"
    "  \"auth\": {\"runtime\": {\"model\": \"threads\", \"threads\": 2},"
    "           \"request\": [{\"cpu\": \"1ms\"}]},"
    "  \"db\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
    "         \"request\": [{\"io\": {\"exp\": \"8ms\"}}]}},"
    " \"workload\": {\"arrivals\": {\"poisson_per_s\": 100, \"count\": 40},"
    "  \"request\": [{\"cpu\": \"1ms\"}, {\"call\": \"auth\"}, {\"call\": \"db\"}]},"
    " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "              {\"name\": \"threads\", \"model\": \"threads\", \"threads\": 4}]}";

/* Service k's number m in a single run, as the summary's "services" gives it. */
static double service_value(const sim_run *run, size_t k, int m)
{
    const sim_metrics *sm = sim_run_service_metrics(run, k);
    switch (m) {
    case MANY_SVC_COMPLETED: return (double)sm->completed;
    case MANY_SVC_IN_FLIGHT_MAX: return (double)sim_run_service_in_flight_max(run, k);
    case MANY_SVC_THROUGHPUT_RPS: return sm->throughput_rps;
    case MANY_SVC_LAT_MEAN_MS: return (double)sm->lat_mean_ns / 1e6;
    case MANY_SVC_LAT_P50_MS: return (double)sm->lat_p50_ns / 1e6;
    case MANY_SVC_LAT_P99_MS: return (double)sm->lat_p99_ns / 1e6;
    case MANY_SVC_LAT_MAX_MS: return (double)sm->lat_max_ns / 1e6;
    }
    fail_msg("no service metric %d", m);
    return 0;
}

static double split_value(const sim_run *run, int part)
{
    const sim_split *x = sim_run_split(run);
    const int64_t sums[MANY_SPLIT_COUNT] = {x->latency,  x->cpu,     x->io,
                                            x->services, x->network, x->queueing};
    return (double)sim_split_mean(sums[part], x->requests) / 1e6;
}

/* Each service's spread and the time split's are the min, nearest-rank median
 * and max of the single runs' numbers, seed by seed. */
static void test_services_spread_is_the_single_runs(void **state)
{
    (void)state;
    scn_scenario *scn = load(behind);
    enum { FIRST = 5, LAST = 34, N = LAST - FIRST + 1 };
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        many_result r;
        uint64_t failed = 0;
        assert_int_equal(many_run(scn, rt, FIRST, LAST, NULL, NULL, &r, &failed), 0);
        assert_int_equal(r.nservices, 2);
        double sv[2][MANY_SVC_METRIC_COUNT][N], sp[MANY_SPLIT_COUNT][N];
        for (uint64_t s = FIRST; s <= LAST; s++) {
            sim_run *run = run_to_end(scn, rt, s);
            for (size_t k = 0; k < 2; k++)
                for (int m = 0; m < MANY_SVC_METRIC_COUNT; m++)
                    sv[k][m][s - FIRST] = service_value(run, k, m);
            for (int m = 0; m < MANY_SPLIT_COUNT; m++)
                sp[m][s - FIRST] = split_value(run, m);
            sim_run_free(run);
        }
        size_t mid = (size_t)sim_percentile_index(N, 50.0);
        for (size_t k = 0; k < 2; k++)
            for (int m = 0; m < MANY_SVC_METRIC_COUNT; m++) {
                qsort(sv[k][m], N, sizeof(double), cmp_double);
                const many_spread *x = &r.services[k].spread[m];
                assert_float_equal(x->min, sv[k][m][0], 1e-9);
                assert_float_equal(x->median, sv[k][m][mid], 1e-9);
                assert_float_equal(x->max, sv[k][m][N - 1], 1e-9);
            }
        for (int m = 0; m < MANY_SPLIT_COUNT; m++) {
            qsort(sp[m], N, sizeof(double), cmp_double);
            assert_float_equal(r.split[m].min, sp[m][0], 1e-9);
            assert_float_equal(r.split[m].median, sp[m][mid], 1e-9);
            assert_float_equal(r.split[m].max, sp[m][N - 1], 1e-9);
        }
        /* every run makes 40 calls of each; db's exponential time varies with the
         * seed, and with it the time the requests wait for services */
        assert_float_equal(r.services[0].spread[MANY_SVC_COMPLETED].min, 40, 0);
        assert_float_equal(r.services[1].spread[MANY_SVC_COMPLETED].max, 40, 0);
        assert_true(r.services[1].spread[MANY_SVC_LAT_MEAN_MS].min <
                    r.services[1].spread[MANY_SVC_LAT_MEAN_MS].max);
        assert_true(r.split[MANY_SPLIT_SERVICES].min < r.split[MANY_SPLIT_SERVICES].max);
        many_free(&r);
        assert_null(r.services);
    }
    scn_free(scn);
}

/* Nothing drawn from the seed (sequential-vs-gather: fixed times, requests at
 * fixed times): every spread is one value, the single run's summary. */
static void test_services_spread_one_value_when_nothing_varies(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/sequential-vs-gather.json");
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        many_result r;
        uint64_t failed;
        assert_int_equal(many_run(scn, rt, 1, 12, NULL, NULL, &r, &failed), 0);
        sim_run *run = run_to_end(scn, rt, scn->seed);
        assert_int_equal(r.nservices, sim_run_service_count(run));
        for (size_t k = 0; k < r.nservices; k++)
            for (int m = 0; m < MANY_SVC_METRIC_COUNT; m++) {
                double v = service_value(run, k, m);
                assert_float_equal(r.services[k].spread[m].min, v, 1e-9);
                assert_float_equal(r.services[k].spread[m].median, v, 1e-9);
                assert_float_equal(r.services[k].spread[m].max, v, 1e-9);
            }
        for (int m = 0; m < MANY_SPLIT_COUNT; m++) {
            assert_float_equal(r.split[m].min, split_value(run, m), 1e-9);
            assert_float_equal(r.split[m].max, split_value(run, m), 1e-9);
        }
        /* the lesson's numbers: users answers in 30 ms, recs in 50 ms */
        assert_float_equal(r.services[0].spread[MANY_SVC_LAT_P99_MS].max, 30.0, 1e-9);
        assert_float_equal(r.services[1].spread[MANY_SVC_LAT_P99_MS].max, 50.0, 1e-9);
        sim_run_free(run);
        many_free(&r);
    }
    scn_free(scn);
}

/* The JSON carries each service's spreads and the time split's as many_run
 * counted them; a scenario without services has neither key. */
static void test_report_many_json_services(void **state)
{
    (void)state;
    scn_scenario *scn = load(behind);
    many_result r;
    uint64_t failed;
    assert_int_equal(many_run(scn, 1, 3, 9, NULL, NULL, &r, &failed), 0);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(report_many_json(&s, scn, 3, 9, &r, 1), 0);
    cJSON *root = cJSON_ParseWithLength(b.data, b.len);
    assert_non_null(root);
    const cJSON *rt = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runtimes"), 0);
    const cJSON *svs = cJSON_GetObjectItem(rt, "services");
    assert_int_equal(cJSON_GetArraySize(svs), 2);
    for (int k = 0; k < 2; k++) {
        const cJSON *sv = cJSON_GetArrayItem(svs, k);
        assert_string_equal(cJSON_GetObjectItem(sv, "name")->valuestring, scn->services[k].name);
        const cJSON *sp = cJSON_GetObjectItem(sv, "spread");
        assert_int_equal(cJSON_GetArraySize(sp), MANY_SVC_METRIC_COUNT);
        for (int m = 0; m < MANY_SVC_METRIC_COUNT; m++) {
            const cJSON *x = cJSON_GetObjectItem(sp, many_service_metric_name(m));
            assert_non_null(x);
            assert_float_equal(cJSON_GetObjectItem(x, "min")->valuedouble,
                               r.services[k].spread[m].min, 1e-6);
            assert_float_equal(cJSON_GetObjectItem(x, "median")->valuedouble,
                               r.services[k].spread[m].median, 1e-6);
            assert_float_equal(cJSON_GetObjectItem(x, "max")->valuedouble,
                               r.services[k].spread[m].max, 1e-6);
        }
    }
    const cJSON *split = cJSON_GetObjectItem(rt, "time_split_ms");
    assert_int_equal(cJSON_GetArraySize(split), MANY_SPLIT_COUNT);
    const cJSON *q = cJSON_GetObjectItem(split, "queueing");
    assert_float_equal(cJSON_GetObjectItem(q, "max")->valuedouble, r.split[MANY_SPLIT_QUEUEING].max,
                       1e-6);
    cJSON_Delete(root);
    sink_buffer_release(&b);
    /* the table names each service and the split */
    sink_buffer t = {0};
    sim_sink st = sink_to_buffer(&t);
    assert_int_equal(report_many_table(&st, scn, 3, 9, &r, 1), 0);
    assert_int_equal(sink_write(&st, "", 1), 0);
    assert_non_null(strstr(t.data, "  service auth:\n    completed "));
    assert_non_null(strstr(t.data, "  service db:\n"));
    assert_non_null(strstr(t.data, "    latency_p99_ms "));
    assert_non_null(strstr(t.data, "  a request's time, mean per run (ms):\n    latency "));
    sink_buffer_release(&t);
    many_free(&r);
    scn_free(scn);
    /* without services */
    scn = load(race);
    assert_int_equal(many_run(scn, 0, 1, 2, NULL, NULL, &r, &failed), 0);
    assert_int_equal(r.nservices, 0);
    sink_buffer b2 = {0};
    sim_sink s2 = sink_to_buffer(&b2);
    assert_int_equal(report_many_json(&s2, scn, 1, 2, &r, 1), 0);
    root = cJSON_ParseWithLength(b2.data, b2.len);
    rt = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runtimes"), 0);
    assert_null(cJSON_GetObjectItem(rt, "services"));
    assert_null(cJSON_GetObjectItem(rt, "time_split_ms"));
    cJSON_Delete(root);
    sink_buffer_release(&b2);
    many_free(&r);
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders_and_spread_are_the_single_runs),
        cmocka_unit_test(test_one_order_when_nothing_varies),
        cmocka_unit_test(test_bad_ranges),
        cmocka_unit_test(test_report_many_json),
        cmocka_unit_test(test_services_spread_is_the_single_runs),
        cmocka_unit_test(test_services_spread_one_value_when_nothing_varies),
        cmocka_unit_test(test_report_many_json_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
