/* test_races.c - races against real Node.js: every order a race gives, and how often.
 *
 * The oracles are the real distributions in tests/loop_cases/NAME.orders (format:
 * tests/loop_cases/README.md, "Races"; record-races.sh records them), each beside
 * its scenario NAME.json (machine.jitter on) and its program NAME.js. bistro runs
 * the scenario once per seed, 1 to 200, and must agree with the real runs on the
 * most common order and show every order the real runs show at least 5 % of the
 * time. The shares need not match: the model draws each source of variation
 * (docs/model.md, "Jitter") independently, where on a real machine they move
 * together with its load.
 *
 * Beside them, what makes the races: libuv's millisecond clock (docs/model.md,
 * "Node's clock"), the costs (docs/model.md, "Costs"), their draws under jitter,
 * and that without jitter a race gives one order.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "engine.h"
#include "error.h"
#include "many.h"
#include "scenario.h"

#define CASES_DIR BISTRO_SOURCE_DIR "/tests/loop_cases"
#define SEEDS 200
#define MIN_REAL_RUNS 100
#define MIN_RACES 3
#define MAX_ORDERS 64

/* ---- the .orders files ------------------------------------------------------------ */

typedef struct {
    char runtime[128];
    int64_t total;
    size_t n;
    int64_t count[MAX_ORDERS];
    char *order[MAX_ORDERS];
} real_orders;

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Reads NAME.orders: the runtime of its "#! RUNTIME: COMMAND" line and every
 * "COUNT: order" line. */
static void read_orders(const char *name, real_orders *r)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.orders", CASES_DIR, name);
    char *text = read_text(path);
    memset(r, 0, sizeof *r);
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strncmp(line, "#! ", 3) == 0) {
            const char *sep = strstr(line, ": ");
            assert_non_null(sep);
            size_t len = (size_t)(sep - line - 3);
            assert_true(len < sizeof r->runtime);
            memcpy(r->runtime, line + 3, len);
            r->runtime[len] = '\0';
            continue;
        }
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *end;
        long long count = strtoll(line, &end, 10);
        if (end == line || strncmp(end, ": ", 2) != 0 || count <= 0)
            fail_msg("%s.orders: not \"COUNT: order\": %s", name, line);
        assert_true(r->n < MAX_ORDERS);
        r->count[r->n] = count;
        r->order[r->n] = strdup(end + 2);
        assert_non_null(r->order[r->n]);
        r->total += count;
        r->n++;
    }
    free(text);
    if (r->runtime[0] == '\0')
        fail_msg("%s.orders: no \"#! RUNTIME: COMMAND\" line", name);
}

static void free_orders(real_orders *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->order[i]);
}

static scn_scenario *load_case(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.json", CASES_DIR, name);
    return load_path(path);
}

/* bistro's runs of runtime `runtime` over seeds 1 to SEEDS. */
static void run_seeds(const scn_scenario *scn, const char *runtime, many_result *res)
{
    int i = scn_find_runtime(scn, runtime);
    assert_true(i >= 0);
    uint64_t failed = 0;
    int rc = many_run(scn, (size_t)i, 1, SEEDS, NULL, NULL, res, &failed);
    if (rc != 0)
        fail_msg("seed %llu: %s", (unsigned long long)failed, sim_strerror(rc));
    assert_int_equal(res->runs, SEEDS);
}

static int64_t runs_of(const many_result *res, const char *order)
{
    for (size_t i = 0; i < res->norders; i++)
        if (strcmp(res->orders[i].order, order) == 0)
            return res->orders[i].runs;
    return 0;
}

/* The two criteria for one race; returns the number of problems, each printed. */
static int check_race(const char *name)
{
    real_orders real;
    read_orders(name, &real);
    scn_scenario *scn = load_case(name);
    int bad = 0;
    if (!scn->machine.jitter) {
        print_error("%s.json: a race needs \"machine\": {\"jitter\": true}\n", name);
        bad++;
    }
    if (real.total < MIN_REAL_RUNS) {
        print_error("%s.orders: %lld real runs, at least %d wanted\n", name, (long long)real.total,
                    MIN_REAL_RUNS);
        bad++;
    }
    many_result res;
    run_seeds(scn, real.runtime, &res);
    size_t top = 0;
    for (size_t i = 1; i < real.n; i++)
        if (real.count[i] > real.count[top])
            top = i;
    if (real.n == 0 || res.norders == 0 || strcmp(res.orders[0].order, real.order[top]) != 0) {
        print_error("%s: most common order\n  real (%lld of %lld): %s\n  bistro (%lld of %d): %s\n",
                    name, real.n ? (long long)real.count[top] : 0LL, (long long)real.total,
                    real.n ? real.order[top] : "-",
                    res.norders ? (long long)res.orders[0].runs : 0LL, SEEDS,
                    res.norders ? res.orders[0].order : "-");
        bad++;
    }
    for (size_t i = 0; i < real.n; i++) {
        /* at least 5 % of the real runs */
        if (real.count[i] * 20 < real.total || runs_of(&res, real.order[i]) > 0)
            continue;
        print_error("%s: real runs printed \"%s\" %lld times of %lld; bistro never did in %d "
                    "seeds\n",
                    name, real.order[i], (long long)real.count[i], (long long)real.total, SEEDS);
        bad++;
    }
    many_free(&res);
    scn_free(scn);
    free_orders(&real);
    return bad;
}

static void test_races_match_real_distributions(void **state)
{
    (void)state;
    DIR *dir = opendir(CASES_DIR);
    assert_non_null(dir);
    int races = 0, bad = 0;
    const struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n <= 7 || strcmp(e->d_name + n - 7, ".orders") != 0)
            continue;
        char name[256];
        assert_true(n - 7 < sizeof name);
        memcpy(name, e->d_name, n - 7);
        name[n - 7] = '\0';
        bad += check_race(name);
        races++;
    }
    closedir(dir);
    assert_int_equal(bad, 0);
    assert_true(races >= MIN_RACES);
}

/* ---- the clock ------------------------------------------------------------------- */

/* Without jitter the clock's phase is fixed (0) and every cost is its mean: the
 * race gives one order in every seed, the one of a clock at a whole millisecond
 * when the script starts (the 1 ms timer, set at 0, is not due 0.27 ms later). */
static void test_race_without_jitter_gives_one_order(void **state)
{
    (void)state;
    scn_scenario *scn = load_case("race-timeout-immediate");
    scn->machine.jitter = false;
    many_result res;
    run_seeds(scn, "Node.js", &res);
    assert_int_equal(res.norders, 1);
    assert_string_equal(res.orders[0].order, "immediate timeout");
    many_free(&res);
    scn_free(scn);
}

/* A timer starts at the millisecond clock, not at the exact time: set at 0.5 ms,
 * setTimeout(0) is due when the clock reaches 1 ms (libuv: uv_timer_start takes
 * loop->time; Node's insert() takes getLibuvNow()). Immediates of 0.3 ms keep
 * the loop turning: the timer runs after the second (at 1.1 ms), not after the
 * fourth as a timer due at 1.5 ms would. Costs are 0 to see the rule alone. */
static void test_timer_starts_at_the_millisecond_clock(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"clock\","
        " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
        "  {\"cpu\": \"0.5ms\"}, {\"timeout\": 0, \"then\": [{\"log\": \"T\"}]},"
        "  {\"immediate\": [{\"cpu\": \"0.3ms\"}, {\"log\": \"i1\"}, {\"immediate\": ["
        "   {\"cpu\": \"0.3ms\"}, {\"log\": \"i2\"}, {\"immediate\": ["
        "    {\"cpu\": \"0.3ms\"}, {\"log\": \"i3\"}, {\"immediate\": ["
        "     {\"cpu\": \"0.3ms\"}, {\"log\": \"i4\"}]}]}]}]}]}]},"
        " \"machine\": {\"context_switch\": 0},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"log_cost\": 0, \"first_log_cost\": 0, \"loop_start\": 0}]}");
    many_result res;
    run_seeds(scn, "Node.js", &res);
    assert_int_equal(res.norders, 1);
    assert_string_equal(res.orders[0].order, "i1 i2 T i3 i4");
    many_free(&res);
    scn_free(scn);
}

/* When the loop waits, epoll_wait sleeps the first expiry less the cached loop
 * time, in whole ms, from when it is called (uv__backend_timeout): a 0 ms timer
 * set at 0.5 ms, due at 1 ms, fires at 1.5 ms when nothing else runs. */
static void test_poll_sleeps_whole_milliseconds(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"poll\","
        " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
        "  {\"cpu\": \"0.5ms\"}, {\"timeout\": 0, \"then\": [{\"log\": \"T\"}]}]}]},"
        " \"machine\": {\"context_switch\": 0},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"first_log_cost\": 0, \"loop_start\": 0}]}");
    sim_options opt = {.seed = 1};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    assert_int_equal(sim_run_metrics(run)->nlog, 1);
    assert_int_equal(sim_run_metrics(run)->log[0].t, 1500000);
    sim_run_free(run);
    scn_free(scn);
}

/* Under jitter the phase is drawn from the seed, uniform in [0, 1 ms): a 0 ms
 * timer set at 0 is due at 1 ms less the phase, and 0.3 ms immediates show
 * where that falls: after the first immediate for a phase of 0.7 ms or more
 * (30 %), after the second (30 %), the third (30 %) or the fourth (10 %). */
static void test_jitter_draws_the_phase(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"phase\","
        " \"machine\": {\"jitter\": true, \"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
        "  {\"timeout\": 0, \"then\": [{\"log\": \"T\"}]},"
        "  {\"immediate\": [{\"cpu\": \"0.3ms\"}, {\"log\": \"i1\"}, {\"immediate\": ["
        "   {\"cpu\": \"0.3ms\"}, {\"log\": \"i2\"}, {\"immediate\": ["
        "    {\"cpu\": \"0.3ms\"}, {\"log\": \"i3\"}, {\"immediate\": ["
        "     {\"cpu\": \"0.3ms\"}, {\"log\": \"i4\"}]}]}]}]}]}]},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"log_cost\": 0, \"first_log_cost\": 0, \"loop_start\": 0}]}");
    many_result res;
    run_seeds(scn, "Node.js", &res);
    static const char *const orders[] = {"i1 T i2 i3 i4", "i1 i2 T i3 i4", "i1 i2 i3 T i4",
                                         "i1 i2 i3 i4 T"};
    static const int64_t least[] = {40, 40, 40, 8}; /* of 200: 60, 60, 60, 20 expected */
    int64_t seen = 0;
    for (size_t i = 0; i < 4; i++) {
        int64_t n = runs_of(&res, orders[i]);
        if (n < least[i])
            fail_msg("\"%s\" in %lld of %d seeds, at least %lld expected", orders[i], (long long)n,
                     SEEDS, (long long)least[i]);
        seen += n;
    }
    assert_int_equal(seen, SEEDS);
    many_free(&res);
    scn_free(scn);
}

/* Each process started at its own point of a millisecond: under jitter two Node
 * processes draw their phases apart, so the same program's timer falls after a
 * different immediate in each now and then; a shared phase would keep them in
 * step in every seed. */
static void test_processes_draw_their_own_phase(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"two clocks\","
        " \"machine\": {\"jitter\": true, \"cores\": 2, \"context_switch\": 0},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": ["
        "  {\"timeout\": 0, \"then\": [{\"log\": \"T\"}]},"
        "  {\"immediate\": [{\"cpu\": \"0.3ms\"}, {\"immediate\": ["
        "   {\"cpu\": \"0.3ms\"}, {\"immediate\": [{\"cpu\": \"0.3ms\"}, {\"immediate\": ["
        "    {\"cpu\": \"0.3ms\"}]}]}]}]}]},"
        " \"runtimes\": [{\"name\": \"two\", \"model\": \"processes\", \"processes\": 2,"
        "   \"each\": {\"model\": \"event_loop\", \"flavor\": \"node\", \"log_cost\": 0,"
        "   \"first_log_cost\": 0, \"loop_start\": 0}}]}");
    int apart = 0;
    for (uint64_t seed = 1; seed <= 50; seed++) {
        sim_options opt = {.seed = seed};
        sim_run *run = NULL;
        assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
        assert_int_equal(sim_run_go(run), 0);
        const sim_metrics *m = sim_run_metrics(run);
        assert_int_equal(m->nlog, 2);
        apart += m->log[0].t != m->log[1].t;
        sim_run_free(run);
    }
    /* the timer comes after the same immediate for both only when their phases
     * fall in the same 0.3 ms band: about a third of the seeds */
    assert_true(apart >= 20);
    scn_free(scn);
}

/* ---- the costs -------------------------------------------------------------------- */

/* The times (ns) of a run's first `max` log lines; returns how many. */
static int64_t log_times(const scn_scenario *scn, uint64_t seed, int64_t *t, int64_t max)
{
    sim_options opt = {.seed = seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const sim_metrics *m = sim_run_metrics(run);
    int64_t n = m->nlog < max ? m->nlog : max;
    for (int64_t i = 0; i < n; i++)
        t[i] = m->log[i].t;
    sim_run_free(run);
    return n;
}

/* A print is CPU on the loop's thread: the first costs first_log_cost, the later
 * ones log_cost, and nothing else runs meanwhile. a at 0, b after a's 3 ms; the
 * timer, set at 4 ms, is due at 5 ms, after the immediate (d, 4 ms) has cost its
 * 1 ms. */
static void test_prints_cost_the_loop(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"costs\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
        "  {\"log\": \"a\"}, {\"log\": \"b\"}, {\"timeout\": 0, \"then\": [{\"log\": \"c\"}]},"
        "  {\"immediate\": [{\"log\": \"d\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"first_log_cost\": \"3ms\", \"log_cost\": \"1ms\", \"loop_start\": 0}]}");
    int64_t t[4];
    assert_int_equal(log_times(scn, 1, t, 4), 4);
    assert_int_equal(t[0], 0);
    assert_int_equal(t[1], 3000000);
    assert_int_equal(t[2], 4000000); /* d */
    assert_int_equal(t[3], 5000000); /* c */
    scn_free(scn);
}

/* A cost given as a distribution is drawn from under jitter, run by run, and is
 * its mean without: uniform 1 to 3 ms puts the second print at 2 ms every time
 * without jitter, and anywhere from 1 to 3 ms with it. */
static void test_costs_drawn_under_jitter(void **state)
{
    (void)state;
    static const char json[] =
        "{\"schema\": \"bistro/1\", \"title\": \"draws\","
        " \"machine\": {\"jitter\": %s, \"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
        "  {\"log\": \"a\"}, {\"log\": \"b\"}]}]},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"first_log_cost\": {\"uniform\": [\"1ms\", \"3ms\"]}}]}";
    char buf[1024];
    snprintf(buf, sizeof buf, json, "false");
    scn_scenario *off = load(buf);
    snprintf(buf, sizeof buf, json, "true");
    scn_scenario *on = load(buf);
    int64_t lo = INT64_MAX, hi = 0, t[2];
    for (uint64_t seed = 1; seed <= 50; seed++) {
        assert_int_equal(log_times(off, seed, t, 2), 2);
        assert_int_equal(t[1], 2000000);
        assert_int_equal(log_times(on, seed, t, 2), 2);
        assert_true(t[1] >= 1000000 && t[1] <= 3000000);
        lo = t[1] < lo ? t[1] : lo;
        hi = t[1] > hi ? t[1] : hi;
    }
    assert_true(lo < 1200000 && hi > 2800000);
    scn_free(off);
    scn_free(on);
}

/* A worker's code begins worker_start after time 0 (its thread works on starting
 * meanwhile, on a core of its own here): a 10 ms job sent to it at once is done
 * at 50 + 10 ms. */
static void test_worker_starts_before_its_first_job(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"worker\","
        " \"machine\": {\"cores\": 2, \"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
        "  {\"offload\": [{\"cpu\": \"10ms\"}], \"to\": \"worker\", \"then\": [{\"log\": "
        "\"job\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"workers\": 1, \"worker_start\": \"50ms\", \"loop_start\": 0}]}");
    int64_t t[1];
    assert_int_equal(log_times(scn, 1, t, 1), 1);
    assert_int_equal(t[0], 60000000);
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_races_match_real_distributions),
        cmocka_unit_test(test_race_without_jitter_gives_one_order),
        cmocka_unit_test(test_timer_starts_at_the_millisecond_clock),
        cmocka_unit_test(test_poll_sleeps_whole_milliseconds),
        cmocka_unit_test(test_jitter_draws_the_phase),
        cmocka_unit_test(test_processes_draw_their_own_phase),
        cmocka_unit_test(test_prints_cost_the_loop),
        cmocka_unit_test(test_costs_drawn_under_jitter),
        cmocka_unit_test(test_worker_starts_before_its_first_job),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
