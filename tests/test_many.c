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

#include <cmocka.h>

#include "engine.h"
#include "error.h"
#include "many.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders_and_spread_are_the_single_runs),
        cmocka_unit_test(test_one_order_when_nothing_varies),
        cmocka_unit_test(test_bad_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
