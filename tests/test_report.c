/* test_report.c - the summary JSON and the comparison table (report.c).
 *
 * Scenarios and metrics are built by hand, so every expected value here is known
 * exactly; the summary is parsed back with cJSON and checked field by field, and
 * one whole summary is compared with the text of DESIGN.md's example (reworked by
 * hand for its three requests).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "engine.h"
#include "error.h"
#include "report.h"
#include "scenario.h"
#include "sink.h"

/* ---- a hand-built scenario ---- */

static scn_runtime each_asyncio = {
    .name = "each", .model = SCN_MODEL_EVENT_LOOP, .flavor = SCN_FLAVOR_ASYNCIO};
static scn_runtime each_threads = {.name = "each", .model = SCN_MODEL_THREADS, .threads = 4};

static scn_runtime runtimes[] = {
    {.name = "Python, one thread", .model = SCN_MODEL_THREADS, .threads = 1, .gil = true},
    {.name = "Node.js", .model = SCN_MODEL_EVENT_LOOP, .flavor = SCN_FLAVOR_NODE},
    {.name = "4 x asyncio", .model = SCN_MODEL_PROCESSES, .processes = 4, .each = &each_asyncio},
    {.name = "Python threads, free-threaded build (PEP 703)",
     .model = SCN_MODEL_THREADS,
     .threads = 8},
    {.name = "2 x threads", .model = SCN_MODEL_PROCESSES, .processes = 2, .each = &each_threads},
};

static char *strings[] = {"1", "2", "3", "4", "5", "tab\there \"q\" \x01"};
static scn_request requests[] = {{.name = "main"}, {.name = "burner"}, {.name = "request 2"}};

static scn_scenario make_scenario(void)
{
    scn_scenario scn = {0};
    scn.name = "three-requests";
    scn.title = "Three requests, one second of I/O each";
    scn.seed = 1;
    scn.runtimes = runtimes;
    scn.nruntimes = sizeof runtimes / sizeof runtimes[0];
    scn.strings = strings;
    scn.nstrings = sizeof strings / sizeof strings[0];
    scn.workload.kind = SCN_WORKLOAD_EXPLICIT;
    scn.workload.requests = requests;
    scn.workload.nrequests = 3;
    return scn;
}

static sim_request_detail node_detail[] = {{0, 1002000000}, {0, 1002000000}, {0, 1002000000}};
static sim_log_line node_log[] = {
    {0, 0, 0}, {0, 0, 1}, {1000, 0, 3}, {1001000, 0, 4}, {1001000000, 0, 2}};

/* Node.js serving three requests that each wait 1 s on I/O (DESIGN.md's example). */
static sim_metrics node_metrics(void)
{
    sim_metrics m = {0};
    m.requests = m.completed = 3;
    m.makespan_ns = 1002000000;
    m.throughput_rps = 3 / 1.002;
    m.lat_mean_ns = m.lat_p50_ns = m.lat_p95_ns = m.lat_p99_ns = m.lat_max_ns = 1002000000;
    m.cpu_busy_ns = 6000000;
    m.cpu_util = 0.006;
    m.events = 24;
    m.detail = node_detail;
    m.ndetail = 3;
    m.log = node_log;
    m.nlog = 5;
    return m;
}

/* A thread runtime where request 1 never completed. */
static sim_request_detail thread_detail[] = {{0, 1002000000}, {1500, -1}, {2000000, 3006000001}};
static sim_log_line thread_log[] = {{7, 2, 5}};

static sim_metrics thread_metrics(void)
{
    sim_metrics m = {0};
    m.requests = 3;
    m.completed = 2;
    m.makespan_ns = 3006000001;
    m.throughput_rps = 2 / 3.006000001;
    m.lat_mean_ns = 2004000000;
    m.lat_p50_ns = 1002000000;
    m.lat_p95_ns = 3004000001;
    m.lat_p99_ns = 3004000001;
    m.lat_max_ns = 3004000001;
    m.cpu_busy_ns = 6004000;
    m.cpu_util = 0.5;
    m.gil_wait_ns = 1500;
    m.loop_lag_mean_ns = 1;
    m.loop_lag_max_ns = 999999;
    m.context_switches = 17;
    m.memory_peak_bytes = 8388608;
    m.events = 40;
    m.detail = thread_detail;
    m.ndetail = 3;
    m.log = thread_log;
    m.nlog = 1;
    return m;
}

static char *run_summary(const scn_scenario *scn, const size_t *rts, const sim_metrics *const *ms,
                         size_t n, int *err)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    *err = report_summary_json(&s, scn, 1, rts, ms, n);
    return b.data;
}

static char *run_table(const scn_scenario *scn, const size_t *rts, const sim_metrics *const *ms,
                       size_t n, int *err)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    *err = report_table(&s, scn, 7, rts, ms, n);
    return b.data;
}

/* ---- numbers ---- */

static void test_report_ms_is_exact(void **state)
{
    (void)state;
    char buf[REPORT_NUMBER_BYTES];
    static const struct {
        int64_t ns;
        const char *text;
    } cases[] = {
        {0, "0.0"},
        {1, "0.000001"},
        {1500, "0.0015"},
        {1000000, "1.0"},
        {1002000000, "1002.0"},
        {123456789, "123.456789"},
        {999999, "0.999999"},
        {60000000000000, "60000000.0"},
        {INT64_MAX, "9223372036854.775807"},
        {-1500, "-0.0015"},
        {INT64_MIN, "-9223372036854.775808"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = report_ms(buf, cases[i].ns);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
}

static void test_report_ratio_six_decimals(void **state)
{
    (void)state;
    char buf[REPORT_NUMBER_BYTES];
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {3 / 1.002, "2.994012"},
        {0.006, "0.006"},
        {0.5, "0.5"},
        {0, "0.0"},
        {3, "3.0"},
        {1e-7, "0.0"},
        {0.0000005, "0.000001"},
        {-2.25, "-2.25"},
        {123456.7890125, "123456.789013"},
        {1e12, "1000000000000.0"},
        {NAN, "null"},
        {INFINITY, "null"},
        {-INFINITY, "null"},
        {1e19, "null"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        report_ratio(buf, cases[i].v);
        assert_string_equal(buf, cases[i].text);
    }
}

/* ---- the summary JSON ---- */

static void test_report_summary_json_matches_design(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    sim_metrics node = node_metrics();
    node.nlog = 1;
    node.ndetail = 1;
    const sim_metrics *ms[] = {&node};
    size_t rts[] = {1};
    int err;
    char *out = run_summary(&scn, rts, ms, 1, &err);
    assert_int_equal(err, 0);
    /* DESIGN.md "Summary JSON", with throughput 3 / 1.002 s to 6 decimals. */
    const char *expected =
        "{\"schema\": \"bistro-summary/1\", \"scenario\": \"three-requests\", \"seed\": 1,\n"
        " \"runtimes\": [\n"
        "  {\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\",\n"
        "   \"requests\": 3, \"completed\": 3, \"makespan_ms\": 1002.0, \"throughput_rps\": "
        "2.994012,\n"
        "   \"latency_ms\": {\"mean\": 1002.0, \"p50\": 1002.0, \"p95\": 1002.0, \"p99\": 1002.0, "
        "\"max\": 1002.0},\n"
        "   \"cpu_busy_ms\": 6.0, \"cpu_util\": 0.006, \"gil_wait_ms\": 0.0,\n"
        "   \"loop_lag_ms\": {\"mean\": 0.0, \"max\": 0.0}, \"context_switches\": 0,\n"
        "   \"memory_peak_bytes\": 0, \"events\": 24,\n"
        "   \"requests_detail\": [\n"
        "    {\"name\": \"main\", \"arrive_ms\": 0.0, \"done_ms\": 1002.0, \"latency_ms\": "
        "1002.0}],\n"
        "   \"log\": [\n"
        "    {\"t_ms\": 0.0, \"req\": 0, \"text\": \"1\"}]}]}\n";
    assert_string_equal(out, expected);
    free(out);
}

static double number_at(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_non_null(item);
    assert_true(cJSON_IsNumber(item));
    return item->valuedouble;
}

static const char *string_at(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_non_null(item);
    assert_true(cJSON_IsString(item));
    return item->valuestring;
}

static void check_node_object(const cJSON *rt)
{
    assert_string_equal(string_at(rt, "name"), "Node.js");
    assert_string_equal(string_at(rt, "model"), "event_loop");
    assert_string_equal(string_at(rt, "flavor"), "node");
    assert_true(number_at(rt, "requests") == 3 && number_at(rt, "completed") == 3);
    assert_true(number_at(rt, "makespan_ms") == 1002.0);
    assert_true(number_at(rt, "throughput_rps") == 2.994012);
    const cJSON *lat = cJSON_GetObjectItemCaseSensitive(rt, "latency_ms");
    const char *const pcts[] = {"mean", "p50", "p95", "p99", "max"};
    for (int i = 0; i < 5; i++)
        assert_true(number_at(lat, pcts[i]) == 1002.0);
    assert_true(number_at(rt, "cpu_busy_ms") == 6.0);
    assert_true(number_at(rt, "cpu_util") == 0.006);
    assert_true(number_at(rt, "gil_wait_ms") == 0.0);
    const cJSON *lag = cJSON_GetObjectItemCaseSensitive(rt, "loop_lag_ms");
    assert_true(number_at(lag, "mean") == 0.0 && number_at(lag, "max") == 0.0);
    assert_true(number_at(rt, "context_switches") == 0);
    assert_true(number_at(rt, "memory_peak_bytes") == 0);
    assert_true(number_at(rt, "events") == 24);
    const cJSON *detail = cJSON_GetObjectItemCaseSensitive(rt, "requests_detail");
    assert_int_equal(cJSON_GetArraySize(detail), 3);
    assert_string_equal(string_at(cJSON_GetArrayItem(detail, 1), "name"), "burner");
    const cJSON *log = cJSON_GetObjectItemCaseSensitive(rt, "log");
    assert_int_equal(cJSON_GetArraySize(log), 5);
    const char *const order[] = {"1", "2", "4", "5", "3"};
    const double t_ms[] = {0, 0, 0.001, 1.001, 1001.0};
    for (int i = 0; i < 5; i++) {
        const cJSON *line = cJSON_GetArrayItem(log, i);
        assert_string_equal(string_at(line, "text"), order[i]);
        assert_true(number_at(line, "t_ms") == t_ms[i]);
        assert_true(number_at(line, "req") == 0);
    }
}

static void check_thread_object(const cJSON *rt, const char *name, const char *model,
                                const char *flavor)
{
    assert_string_equal(string_at(rt, "name"), name);
    assert_string_equal(string_at(rt, "model"), model);
    const cJSON *fl = cJSON_GetObjectItemCaseSensitive(rt, "flavor");
    if (flavor == NULL)
        assert_null(fl);
    else
        assert_string_equal(fl->valuestring, flavor);
    assert_true(number_at(rt, "completed") == 2);
    assert_true(number_at(rt, "makespan_ms") == 3006.000001);
    assert_true(number_at(rt, "throughput_rps") == 0.665336);
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(rt, "latency_ms"), "p95") ==
                3004.000001);
    assert_true(number_at(rt, "cpu_busy_ms") == 6.004);
    assert_true(number_at(rt, "cpu_util") == 0.5);
    assert_true(number_at(rt, "gil_wait_ms") == 0.0015);
    const cJSON *lag = cJSON_GetObjectItemCaseSensitive(rt, "loop_lag_ms");
    assert_true(number_at(lag, "mean") == 0.000001 && number_at(lag, "max") == 0.999999);
    assert_true(number_at(rt, "context_switches") == 17);
    assert_true(number_at(rt, "memory_peak_bytes") == 8388608);
    assert_true(number_at(rt, "events") == 40);

    const cJSON *detail = cJSON_GetObjectItemCaseSensitive(rt, "requests_detail");
    assert_int_equal(cJSON_GetArraySize(detail), 3);
    const cJSON *never = cJSON_GetArrayItem(detail, 1);
    assert_string_equal(string_at(never, "name"), "burner");
    assert_true(number_at(never, "arrive_ms") == 0.0015);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(never, "done_ms")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(never, "latency_ms")));
    const cJSON *last = cJSON_GetArrayItem(detail, 2);
    assert_string_equal(string_at(last, "name"), "request 2");
    assert_true(number_at(last, "done_ms") == 3006.000001);
    assert_true(number_at(last, "latency_ms") == 3004.000001);

    const cJSON *log = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rt, "log"), 0);
    assert_string_equal(string_at(log, "text"), "tab\there \"q\" \x01");
    assert_true(number_at(log, "req") == 2 && number_at(log, "t_ms") == 0.000007);
}

static void test_report_summary_json_has_every_field(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    scn.name = "odd \"name\"\n";
    sim_metrics node = node_metrics(), threads = thread_metrics();
    const sim_metrics *ms[] = {&node, &threads, &threads, &threads};
    size_t rts[] = {1, 0, 2, 4};
    int err;
    char *out = run_summary(&scn, rts, ms, 4, &err);
    assert_int_equal(err, 0);
    cJSON *root = cJSON_Parse(out);
    assert_non_null(root);
    assert_string_equal(string_at(root, "schema"), "bistro-summary/1");
    assert_string_equal(string_at(root, "scenario"), "odd \"name\"\n");
    assert_true(number_at(root, "seed") == 1);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "runtimes");
    assert_int_equal(cJSON_GetArraySize(list), 4);
    check_node_object(cJSON_GetArrayItem(list, 0));
    check_thread_object(cJSON_GetArrayItem(list, 1), "Python, one thread", "threads", NULL);
    /* Processes report the flavor of the event loop each process runs. */
    check_thread_object(cJSON_GetArrayItem(list, 2), "4 x asyncio", "processes", "asyncio");
    check_thread_object(cJSON_GetArrayItem(list, 3), "2 x threads", "processes", NULL);
    cJSON_Delete(root);
    free(out);
}

static void test_report_summary_json_generated_names_and_no_detail(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    scn.workload.kind = SCN_WORKLOAD_GENERATED;
    sim_metrics with = thread_metrics(), without = node_metrics();
    without.detail = NULL;
    without.ndetail = 0;
    without.log = NULL;
    without.nlog = 0;
    const sim_metrics *ms[] = {&with, &without};
    size_t rts[] = {0, 1};
    int err;
    char *out = run_summary(&scn, rts, ms, 2, &err);
    assert_int_equal(err, 0);
    cJSON *root = cJSON_Parse(out);
    assert_non_null(root);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "runtimes");
    const cJSON *detail = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, 0),
                                                           "requests_detail");
    assert_string_equal(string_at(cJSON_GetArrayItem(detail, 0), "name"), "request 0");
    assert_string_equal(string_at(cJSON_GetArrayItem(detail, 1), "name"), "request 1");
    const cJSON *second = cJSON_GetArrayItem(list, 1);
    assert_null(cJSON_GetObjectItemCaseSensitive(second, "requests_detail"));
    const cJSON *log = cJSON_GetObjectItemCaseSensitive(second, "log");
    assert_true(cJSON_IsArray(log) && cJSON_GetArraySize(log) == 0);
    cJSON_Delete(root);
    free(out);

    out = run_summary(&scn, NULL, NULL, 0, &err);
    assert_int_equal(err, 0);
    root = cJSON_Parse(out);
    assert_non_null(root);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "runtimes")), 0);
    cJSON_Delete(root);
    free(out);
}

static void test_report_rejects_bad_input(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    sim_metrics good = node_metrics(), bad_log = node_metrics();
    sim_log_line out_of_range[] = {{0, 0, 6}};
    bad_log.log = out_of_range;
    bad_log.nlog = 1;
    size_t rt_ok[] = {1}, rt_bad[] = {5};
    const sim_metrics *ms_good[] = {&good}, *ms_null[] = {NULL}, *ms_bad[] = {&bad_log};
    struct {
        const size_t *rts;
        const sim_metrics *const *ms;
    } cases[] = {{rt_bad, ms_good}, {rt_ok, ms_null}, {rt_ok, ms_bad}, {NULL, ms_good}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int err;
        char *out = run_summary(&scn, cases[i].rts, cases[i].ms, 1, &err);
        assert_int_equal(err, SIM_EINVAL);
        assert_null(out); /* nothing written */
        out = run_table(&scn, cases[i].rts, cases[i].ms, 1, &err);
        assert_int_equal(err, SIM_EINVAL);
        assert_null(out);
    }
    /* The sink fails too, for callers that check only the sink. */
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(report_table(&s, &scn, 1, rt_bad, ms_good, 1), SIM_EINVAL);
    assert_int_equal(s.err, SIM_EINVAL);
    assert_int_equal(report_summary_json(NULL, &scn, 1, rt_ok, ms_good, 1), SIM_EINVAL);
    assert_null(b.data);
}

/* ---- the table ---- */

/* Splits text into at most `max` lines (modified in place). */
static size_t split_lines(char *text, char **lines, size_t max)
{
    size_t n = 0;
    for (char *p = text; *p && n < max; n++) {
        lines[n] = p;
        char *nl = strchr(p, '\n');
        assert_non_null(nl);
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

static void test_report_table_columns_align(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    sim_metrics node = node_metrics(), threads = thread_metrics(), big = thread_metrics();
    big.completed = 1000;
    big.requests = 1000;
    big.context_switches = 123456789;
    big.memory_peak_bytes = 8LL << 30;
    const sim_metrics *ms[] = {&node, &threads, &big};
    size_t rts[] = {1, 3, 0};
    int err;
    char *out = run_table(&scn, rts, ms, 3, &err);
    assert_int_equal(err, 0);
    char *lines[16];
    size_t n = split_lines(out, lines, 16);
    assert_true(n >= 7);
    assert_string_equal(lines[1], "");
    /* The rule under the header gives each column's span: runs of dashes. */
    const char *rule = lines[3];
    size_t width = strlen(rule);
    size_t start[16], end[16], ncols = 0;
    for (size_t i = 0; i < width; ncols++) {
        start[ncols] = i;
        while (i < width && rule[i] == '-')
            i++;
        end[ncols] = i;
        assert_true(i == width || (rule[i] == ' ' && rule[i + 1] == ' ' && rule[i + 2] == '-'));
        i += i < width ? 2 : 0;
    }
    assert_int_equal(ncols, 12);
    for (size_t l = 2; l < 7; l++) {
        if (l == 3)
            continue;
        assert_int_equal(strlen(lines[l]), width);
        assert_true(lines[l][0] != ' '); /* the name column is left-aligned */
        for (size_t c = 1; c < ncols; c++) {
            /* Right-aligned: text ends at the column's end, gaps are blank. */
            assert_true(lines[l][end[c] - 1] != ' ');
            assert_true(lines[l][start[c] - 1] == ' ' && lines[l][start[c] - 2] == ' ');
        }
    }
    assert_true(strncmp(lines[2], "runtime ", 8) == 0);
    assert_true(strncmp(lines[5], "Python threads, free-threaded build (PEP 703)  ", 47) == 0);
    free(out);
}

/* The cell of column c (0 = name) in a row, using the rule's spans. */
static void cell_text(const char *rule, const char *row, size_t c, char *out)
{
    size_t i = 0, col = 0;
    while (col < c) {
        while (rule[i] == '-')
            i++;
        i += 2;
        col++;
    }
    size_t j = i;
    while (rule[j] == '-')
        j++;
    while (row[i] == ' ' && i < j)
        i++;
    memcpy(out, row + i, j - i);
    out[j - i] = '\0';
}

static void test_report_table_units(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    sim_metrics a = thread_metrics(), b = node_metrics();
    a.lat_mean_ns = 5000000; /* mean column: max 5 ms -> ms */
    b.lat_mean_ns = 40000;
    a.lat_p50_ns = 40000;    /* p50 column: max 40 us -> us */
    b.lat_p50_ns = 1500;
    a.lat_p99_ns = 999;      /* p99 column: max 999 ns -> ns */
    b.lat_p99_ns = 0;
    b.memory_peak_bytes = 16384;
    b.throughput_rps = NAN;
    const sim_metrics *ms[] = {&a, &b};
    size_t rts[] = {0, 1};
    int err;
    char *out = run_table(&scn, rts, ms, 2, &err);
    assert_int_equal(err, 0);
    char *lines[16];
    split_lines(out, lines, 16);
    assert_string_equal(lines[0], "Three requests, one second of I/O each  (seed 7, 3 requests)");
    assert_true(strlen(lines[3]) <= 120); /* fits a terminal with typical names */
    static const char *const expected[2][12] = {
        {"Python, one thread", "2/3", "3.006 s", "0.67", "5.0 ms", "40 us", "999 ns", "3.004 s",
         "50.0%", "2 us", "17", "8.0 MiB"},
        {"Node.js", "3/3", "1.002 s", "-", "0.0 ms", "2 us", "0 ns", "1.002 s", "0.6%", "0 us", "0",
         "16.0 KiB"},
    };
    for (size_t r = 0; r < 2; r++)
        for (size_t c = 0; c < 12; c++) {
            char cell[64];
            cell_text(lines[3], lines[4 + r], c, cell);
            if (c == 0) /* the name is padded on the right */
                cell[strlen(expected[r][0])] = '\0';
            assert_string_equal(cell, expected[r][c]);
        }
    free(out);
}

static void test_report_table_prints_logs(void **state)
{
    (void)state;
    scn_scenario scn = make_scenario();
    sim_metrics node = node_metrics(), quiet = node_metrics(), threads = thread_metrics();
    quiet.nlog = 0;
    const sim_metrics *ms[] = {&node, &quiet, &threads};
    size_t rts[] = {1, 2, 0};
    int err;
    char *out = run_table(&scn, rts, ms, 3, &err);
    assert_int_equal(err, 0);
    /* Node's order for log 1; readFile.then(log 3); log 2; then(log 4); setTimeout(log 5)
     * (DESIGN.md claim 2); control characters in a text become spaces. */
    const char *tail = "\n"
                       "Node.js printed: 1 2 4 5 3\n"
                       "4 x asyncio printed: (nothing)\n"
                       "Python, one thread printed: tab here \"q\"  \n";
    size_t len = strlen(out), tlen = strlen(tail);
    assert_true(len > tlen);
    assert_string_equal(out + len - tlen, tail);
    free(out);

    /* No log section when nobody printed. */
    node.nlog = threads.nlog = 0;
    out = run_table(&scn, rts, ms, 3, &err);
    assert_int_equal(err, 0);
    assert_null(strstr(out, "printed:"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_ms_is_exact),
        cmocka_unit_test(test_report_ratio_six_decimals),
        cmocka_unit_test(test_report_summary_json_matches_design),
        cmocka_unit_test(test_report_summary_json_has_every_field),
        cmocka_unit_test(test_report_summary_json_generated_names_and_no_detail),
        cmocka_unit_test(test_report_rejects_bad_input),
        cmocka_unit_test(test_report_table_columns_align),
        cmocka_unit_test(test_report_table_units),
        cmocka_unit_test(test_report_table_prints_logs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
