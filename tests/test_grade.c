/* test_grade.c - grading (grade.h): rubrics, answers, student scenarios, the outputs.
 *
 * Files are held in memory and handed to the grader through its reader, except the
 * bundled scenario scenarios/print-order.json, read from the source tree. Expected
 * print orders come from the real runtimes (tests/loop_cases/seed-order.expect, the
 * same script: node v20.20.2 and CPython 3.11.7 both print 1 2 4 5 3, ten runs out
 * of ten); a blocking thread reads the file before going on, so it prints 1 3 2 4 5
 * (DESIGN.md: "In a thread it blocks, then runs `then` inline").
 * print-order's Node.js run ends at 12.032 ms: the first console.log's 7 ms, two
 * more at 30 us each, then the 5 ms file read (docs/model.md, "Costs").
 * Expected metrics come from a scenario of pure waits (tiny.json below), whose
 * numbers are exact by construction: requests of 100 ms and 50 ms of I/O arriving at
 * 0 and 10 ms finish at 100 and 60 ms.
 * Every message a teacher or a student sees is compared whole; positions were
 * checked by hand against the texts below (line:column, 1-based, in bytes).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "diag.h"
#include "error.h"
#include "grade.h"
#include "sink.h"

/* ---- files in memory ---- */

#define MAX_FILES 8

typedef struct {
    const char *path[MAX_FILES];
    const char *text[MAX_FILES];
    size_t n;
} vfs;

static char *print_order_json; /* scenarios/print-order.json */

/* Requests of pure waits; the second one only when `two`. */
static void tiny(char *buf, size_t size, int cores, bool two)
{
    snprintf(
        buf, size,
        "{\"schema\": \"bistro/1\", \"title\": \"t\", \"machine\": {\"cores\": %d},\n"
        " \"workload\": {\"requests\": [{\"steps\": [{\"io\": \"100ms\"}]}%s]},\n"
        " \"runtimes\": [{\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"node\"}]}\n",
        cores, two ? ",\n   {\"at\": \"10ms\", \"steps\": [{\"io\": \"50ms\"}]}" : "");
}

static char tiny_json[512];

/* A front that calls a service: calls sent at 0 and 10 ms reach db 1 ms later,
 * wait 20 ms on I/O there and come back 1 ms later. db: 2 calls, 20.0 ms each,
 * both in it from 11 to 21 ms (in_flight_max 2); the front's requests 22.0 ms.
 * "local" makes db's calls in its own process: db receives none from it. */
#define SVC_SCENARIO(loop_extra)                                                                \
    "{\"schema\": \"bistro/1\", \"title\": \"s\", \"network\": {\"latency\": \"1ms\"},\n"       \
    " \"services\": {\"db\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"node\"}, " \
    "\"request\": [{\"io\": \"20ms\"}]}},\n"                                                    \
    " \"workload\": {\"requests\": [{\"steps\": [{\"call\": \"db\"}]}, {\"at\": \"10ms\", "     \
    "\"steps\": [{\"call\": \"db\"}]}]},\n"                                                     \
    " \"runtimes\": [{\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": "              \
    "\"node\"" loop_extra                                                                       \
    "},\n  {\"name\": \"local\", \"model\": \"event_loop\", \"flavor\": \"node\", "             \
    "\"in_process\": [\"db\"]}]}\n"
static const char SVC_JSON[] = SVC_SCENARIO("");

static int vread(void *ctx, const char *path, char **text, size_t *len, char *why, size_t size)
{
    const vfs *fs = ctx;
    for (size_t i = 0; i < fs->n; i++) {
        if (strcmp(fs->path[i], path) != 0)
            continue;
        *len = strlen(fs->text[i]);
        *text = malloc(*len + 1);
        assert_non_null(*text);
        memcpy(*text, fs->text[i], *len + 1);
        return 0;
    }
    snprintf(why, size, "cannot open the file: No such file or directory");
    return SIM_EIO;
}

static void add_file(vfs *fs, const char *path, const char *text)
{
    assert_true(fs->n < MAX_FILES);
    fs->path[fs->n] = path;
    fs->text[fs->n++] = text;
}

/* The files every test has: the rubric, the bundled print-order scenario, tiny.json. */
static vfs files(const char *rubric, const char *answers)
{
    vfs fs = {0};
    add_file(&fs, "dir/rubric.json", rubric);
    add_file(&fs, "dir/print-order.json", print_order_json);
    add_file(&fs, "dir/tiny.json", tiny_json);
    add_file(&fs, "dir/svc.json", SVC_JSON);
    if (answers != NULL)
        add_file(&fs, "answers.json", answers);
    return fs;
}

static int setup(void **state)
{
    (void)state;
    tiny(tiny_json, sizeof tiny_json, 2, true);
    FILE *f = fopen(BISTRO_SOURCE_DIR "/scenarios/print-order.json", "rb");
    if (f == NULL)
        return -1;
    print_order_json = calloc(1, 1 << 16);
    size_t n = print_order_json ? fread(print_order_json, 1, (1 << 16) - 1, f) : 0;
    fclose(f);
    return n > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(print_order_json);
    return 0;
}

/* Grades; the rubric must be good. `answers` / `scenario`: paths, or NULL. */
static grade_result *grade_ok(vfs *fs, const char *answers, const char *scenario)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    grade_request req = {.rubric = "dir/rubric.json",
                         .answers = answers,
                         .scenario = scenario,
                         .read = vread,
                         .read_ctx = fs};
    grade_result *r = NULL;
    int rc = grade_run(&req, &r, d);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
    diag_free(d);
    assert_int_equal(rc, 0);
    assert_non_null(r);
    return r;
}

/* Grading fails for the teacher's sake with exactly one message. */
static void expect_rubric_error(const char *rubric, int want_rc, const char *want)
{
    vfs fs = files(rubric, "{}");
    diag_list *d = diag_new();
    assert_non_null(d);
    grade_request req = {.rubric = "dir/rubric.json",
                         .answers = "answers.json",
                         .read = vread,
                         .read_ctx = &fs};
    grade_result *r = (grade_result *)1;
    assert_int_equal(grade_run(&req, &r, d), want_rc);
    assert_null(r);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_message("%s\n", diag_get(d, i));
    assert_int_equal(diag_kept(d), 1);
    assert_string_equal(diag_get(d, 0), want);
    diag_free(d);
}

static char *written(int (*writer)(sim_sink *, const grade_result *), const grade_result *r)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(writer(&s, r), 0);
    return b.data;
}

/* ---- the print-order assignment ---- */

static const char PRINT_ORDER_RUBRIC[] =
    "{\"schema\": \"bistro-rubric/1\", \"title\": \"Print order\", \"scenario\": "
    "\"print-order.json\",\n"
    " \"checks\": [\n"
    "  {\"name\": \"Node\", \"points\": 2, \"runtime\": \"Node.js\", \"expect\": \"log_order\", "
    "\"answer\": \"node\",\n"
    "   \"hint\": \"Microtasks first.\"},\n"
    "  {\"name\": \"asyncio\", \"points\": 1, \"runtime\": \"asyncio\", \"expect\": \"log_order\", "
    "\"answer\": \"aio\"},\n"
    "  {\"name\": \"thread\", \"points\": 1, \"runtime\": \"Blocking thread\", \"expect\": "
    "\"log_order\", \"answer\": \"thr\"},\n"
    "  {\"name\": \"Node time\", \"points\": 0.5, \"runtime\": \"Node.js\", \"metric\": "
    "\"makespan_ms\",\n"
    "   \"answer\": \"ms\", \"tolerance\": 0.05}]}\n";

static const char FULL_ANSWERS[] = "{\"node\": [\"1\", \"2\", \"4\", \"5\", \"3\"], \"aio\": "
                                   "[\"1\", \"2\", \"4\", \"5\", \"3\"],\n"
                                   " \"thr\": [\"1\", \"3\", \"2\", \"4\", \"5\"], \"ms\": 12}\n";

static void test_grade_full_marks(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC, FULL_ANSWERS);
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_true(r->gradable);
    assert_null(r->reason);
    assert_string_equal(r->scenario, "dir/print-order.json");
    assert_int_equal(r->nchecks, 4);
    assert_true(r->score == 4.5 && r->max_score == 4.5);
    assert_true(grade_all_passed(r));
    for (size_t i = 0; i < r->nchecks; i++) {
        assert_true(r->checks[i].passed);
        assert_null(r->checks[i].problem);
        assert_null(r->checks[i].hint);
    }
    assert_string_equal(r->checks[0].expected, "[\"1\", \"2\", \"4\", \"5\", \"3\"]");
    assert_string_equal(r->checks[0].found, "[\"1\", \"2\", \"4\", \"5\", \"3\"]");
    assert_string_equal(r->checks[2].expected, "[\"1\", \"3\", \"2\", \"4\", \"5\"]");
    assert_string_equal(r->checks[3].expected, "12.032 ms, within 5% (11.4304 ms to 12.6336 ms)");
    assert_string_equal(r->checks[3].found, "12 ms");
    char *report = written(grade_write_report, r);
    assert_string_equal(report, "Grading: Print order\n"
                                "  rubric:   dir/rubric.json\n"
                                "  scenario: dir/print-order.json\n"
                                "  answers:  answers.json\n"
                                "\n"
                                "PASS  2/2  Node\n"
                                "      expected: [\"1\", \"2\", \"4\", \"5\", \"3\"]\n"
                                "      found:    [\"1\", \"2\", \"4\", \"5\", \"3\"]\n"
                                "PASS  1/1  asyncio\n"
                                "      expected: [\"1\", \"2\", \"4\", \"5\", \"3\"]\n"
                                "      found:    [\"1\", \"2\", \"4\", \"5\", \"3\"]\n"
                                "PASS  1/1  thread\n"
                                "      expected: [\"1\", \"3\", \"2\", \"4\", \"5\"]\n"
                                "      found:    [\"1\", \"3\", \"2\", \"4\", \"5\"]\n"
                                "PASS  0.5/0.5  Node time\n"
                                "      expected: 12.032 ms, within 5% (11.4304 ms to 12.6336 ms)\n"
                                "      found:    12 ms\n"
                                "\n"
                                "Score: 4.5/4.5 (4 of 4 checks passed)\n");
    free(report);
    grade_result_free(r);
}

static void test_grade_partial_marks(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC, "{\"node\": [\"1\", \"2\", \"3\", \"4\", \"5\"], \"aio\": "
                                       "[\"1\", \"2\", \"4\", \"5\", \"3\"],\n"
                                       " \"thr\": [\"1\", \"3\", \"2\", \"4\"], \"ms\": 12.7}\n");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_true(r->gradable);
    assert_false(grade_all_passed(r));
    assert_true(r->score == 1 && r->max_score == 4.5);
    assert_false(r->checks[0].passed);
    assert_true(r->checks[0].points == 0 && r->checks[0].max_points == 2);
    assert_string_equal(r->checks[0].problem, "line 3 of the order differs: the simulation "
                                              "printed \"4\" there, the answer has \"3\"");
    assert_string_equal(r->checks[0].hint, "Microtasks first.");
    assert_true(r->checks[1].passed);
    assert_false(r->checks[2].passed);
    assert_string_equal(r->checks[2].problem, "the simulation printed 5 lines; the answer has 4");
    assert_false(r->checks[3].passed); /* 5.3 is 6% above 5.0 */
    assert_string_equal(r->checks[3].found, "12.7 ms");
    char *pl = written(grade_write_prairielearn, r);
    cJSON *root = cJSON_Parse(pl);
    assert_non_null(root);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "gradable")));
    assert_true(fabs(cJSON_GetObjectItem(root, "score")->valuedouble - 1 / 4.5) < 1e-6);
    cJSON *t0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "tests"), 0);
    assert_string_equal(cJSON_GetObjectItem(t0, "name")->valuestring, "Node");
    assert_true(cJSON_GetObjectItem(t0, "points")->valuedouble == 0);
    assert_true(cJSON_GetObjectItem(t0, "max_points")->valuedouble == 2);
    assert_string_equal(cJSON_GetObjectItem(t0, "message")->valuestring, "Microtasks first.");
    assert_string_equal(
        cJSON_GetObjectItem(t0, "output")->valuestring,
        "expected: [\"1\", \"2\", \"4\", \"5\", \"3\"]\n"
        "found:    [\"1\", \"2\", \"3\", \"4\", \"5\"]\n"
        "line 3 of the order differs: the simulation printed \"4\" there, the answer has \"3\"\n"
        "hint: Microtasks first.");
    assert_null(cJSON_GetObjectItem(root, "format_errors"));
    cJSON_Delete(root);
    free(pl);
    grade_result_free(r);
}

static void test_grade_gradescope_results(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC,
                   "{\"node\": [\"1\", \"2\", \"4\", \"5\", \"3\"], \"aio\": [], \"thr\": [\"1\", "
                   "\"3\", \"2\", \"4\", \"5\"], \"ms\": 11.44}");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    char *gs = written(grade_write_gradescope, r);
    cJSON *root = cJSON_Parse(gs);
    assert_non_null(root);
    assert_true(cJSON_GetObjectItem(root, "score")->valuedouble == 3.5);
    assert_string_equal(cJSON_GetObjectItem(root, "output")->valuestring,
                        "Score: 3.5/4.5 (3 of 4 checks passed)");
    cJSON *tests = cJSON_GetObjectItem(root, "tests");
    assert_int_equal(cJSON_GetArraySize(tests), 4);
    static const char *const status[] = {"passed", "failed", "passed", "passed"};
    static const double score[] = {2, 0, 1, 0.5}, max[] = {2, 1, 1, 0.5};
    for (int i = 0; i < 4; i++) {
        cJSON *t = cJSON_GetArrayItem(tests, i);
        assert_string_equal(cJSON_GetObjectItem(t, "status")->valuestring, status[i]);
        assert_true(cJSON_GetObjectItem(t, "score")->valuedouble == score[i]);
        assert_true(cJSON_GetObjectItem(t, "max_score")->valuedouble == max[i]);
        assert_string_equal(cJSON_GetObjectItem(t, "visibility")->valuestring, "visible");
        assert_true(cJSON_IsString(cJSON_GetObjectItem(t, "output")));
    }
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tests, 1), "output")->valuestring,
                        "expected: [\"1\", \"2\", \"4\", \"5\", \"3\"]\n"
                        "found:    []\n"
                        "the simulation printed 5 lines; the answer has 0");
    cJSON_Delete(root);
    free(gs);
    grade_result_free(r);
}

/* ---- the student's answers file ---- */

static void test_grade_wrong_types(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC, "{\"node\": \"1 2 4 5 3\",\n"
                                       " \"aio\": [\"1\", 2, \"4\", \"5\", \"3\"],\n"
                                       " \"thr\": {\"a\": 1},\n"
                                       " \"ms\": \"5 ms\"}\n");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_true(r->gradable); /* the file is fine; some answers are not */
    assert_true(r->score == 0);
    assert_string_equal(
        r->checks[0].problem,
        "answers.json:1:10: $.node: expected a list of strings like [\"1\", \"2\", \"3\"], the "
        "lines in the order they are printed, got \"1 2 4 5 3\"");
    assert_null(r->checks[0].found);
    assert_null(r->checks[0].hint); /* nothing was compared */
    assert_string_equal(r->checks[1].problem,
                        "answers.json:2:15: $.aio[1]: expected a string, got 2");
    assert_string_equal(
        r->checks[2].problem,
        "answers.json:3:9: $.thr: expected a list of strings like [\"1\", \"2\", \"3\"], the "
        "lines in the order they are printed, got an object");
    assert_string_equal(r->checks[3].problem,
                        "answers.json:4:8: $.ms: expected a number like 1002.5, got \"5 ms\"");
    assert_string_equal(r->checks[3].expected, "12.032 ms, within 5% (11.4304 ms to 12.6336 ms)");
    grade_result_free(r);
}

static void test_grade_missing_key(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC,
                   "{\"node\": [\"1\", \"2\", \"4\", \"5\", \"3\"], \"aio\": [\"1\", \"2\", \"4\", "
                   "\"5\", \"3\"],\n"
                   " \"thr\": [\"1\", \"3\", \"2\", \"4\", \"5\"], \"Ms\": 5}\n");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_true(r->gradable);
    assert_true(r->score == 4 && r->checks[0].passed && !r->checks[3].passed);
    assert_string_equal(r->checks[3].problem, "answers.json:1:1: $: missing key \"ms\" (the "
                                              "file has: \"node\", \"aio\", \"thr\", \"Ms\")");
    grade_result_free(r);

    fs = files(PRINT_ORDER_RUBRIC, "{}");
    r = grade_ok(&fs, "answers.json", NULL);
    assert_string_equal(r->checks[0].problem, "answers.json:1:1: $: missing key \"node\" (the "
                                              "file is an empty object)");
    grade_result_free(r);
}

static void test_grade_duplicate_key(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC, "{\"ms\": 5,\n \"ms\": 6}");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_string_equal(r->checks[3].problem, "answers.json:2:2: $.ms: duplicate key \"ms\" "
                                              "(first given at line 1); give each answer once");
    grade_result_free(r);
}

static void expect_not_gradable(vfs *fs, const char *answers, const char *reason)
{
    grade_result *r = grade_ok(fs, answers, NULL);
    assert_false(r->gradable);
    assert_false(grade_all_passed(r));
    assert_string_equal(r->reason, reason);
    assert_true(r->score == 0);
    for (size_t i = 0; i < r->nchecks; i++) {
        assert_false(r->checks[i].passed);
        assert_string_equal(r->checks[i].problem, reason);
        assert_non_null(r->checks[i].expected); /* the simulation still ran */
    }
    char *pl = written(grade_write_prairielearn, r);
    cJSON *root = cJSON_Parse(pl);
    assert_non_null(root);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "gradable")));
    cJSON *errors = cJSON_GetObjectItem(root, "format_errors");
    assert_int_equal(cJSON_GetArraySize(errors), 1);
    assert_string_equal(cJSON_GetArrayItem(errors, 0)->valuestring, reason);
    cJSON_Delete(root);
    free(pl);
    grade_result_free(r);
}

static void test_grade_missing_answers_file(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC, NULL);
    expect_not_gradable(&fs, "answers.json",
                        "answers.json: cannot open the file: No such file or directory");
    expect_not_gradable(&fs, NULL,
                        "no answers file was given (bistro-sim grade RUBRIC --answers FILE)");
}

static void test_grade_malformed_answers(void **state)
{
    (void)state;
    vfs fs = files(PRINT_ORDER_RUBRIC, "{\"node\": [\"1\", \"2\"]\n \"aio\": []}");
    expect_not_gradable(&fs, "answers.json",
                        "answers.json:2:2: invalid JSON: expected ',' or "
                        "'}' after an object member, got '\"'");
    fs = files(PRINT_ORDER_RUBRIC, " \n  ");
    expect_not_gradable(&fs, "answers.json",
                        "answers.json:2:3: invalid JSON: the file is empty "
                        "(the answers are a JSON object: {\"KEY\": answer, ...})");
    fs = files(PRINT_ORDER_RUBRIC, "[\"1\", \"2\"]");
    expect_not_gradable(&fs, "answers.json",
                        "answers.json:1:1: $: expected an object with one "
                        "key per answer, like {\"order\": [\"1\", \"2\"], \"total_ms\": 5.2}, got "
                        "an array");
    /* the app's answers say "schema": "bistro-answers/1"; a scenario or a rubric
     * given as the answers is not one */
    fs = files(PRINT_ORDER_RUBRIC, "{\"schema\": \"bistro-rubric/1\", \"checks\": []}");
    expect_not_gradable(&fs, "answers.json",
                        "answers.json:1:12: $.schema: expected \"bistro-answers/1\" (an answers "
                        "file), got \"bistro-rubric/1\"");
    fs = files(PRINT_ORDER_RUBRIC, "{\"schema\": \"bistro-answers/1\"}");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_true(r->gradable);
    grade_result_free(r);
}

/* ---- a student's own scenario ---- */

static const char TUNE_RUBRIC[] =
    "{\"schema\": \"bistro-rubric/1\", \"checks\": [\n"
    "  {\"name\": \"p99\", \"points\": 3, \"runtime\": \"loop\", \"metric\": \"latency_ms.p99\",\n"
    "   \"max\": 100, \"require\": {\"cores\": 2, \"min_requests\": 2}, \"hint\": \"Hm.\"},\n"
    "  {\"name\": \"p50\", \"points\": 1, \"runtime\": \"loop\", \"metric\": \"latency_ms.p50\",\n"
    "   \"min\": 50, \"max\": 60}]}\n";

static void test_grade_student_scenario(void **state)
{
    (void)state;
    vfs fs = files(TUNE_RUBRIC, NULL);
    grade_result *r = grade_ok(&fs, NULL, "dir/tiny.json");
    assert_true(r->gradable);
    assert_true(grade_all_passed(r));
    assert_string_equal(r->scenario, "dir/tiny.json");
    assert_string_equal(r->checks[0].expected, "at most 100.0 ms");
    assert_string_equal(r->checks[0].found, "100.0 ms");
    assert_string_equal(r->checks[1].expected, "from 50.0 ms to 60.0 ms");
    assert_string_equal(r->checks[1].found, "50.0 ms");
    grade_result_free(r);
}

static void test_grade_student_scenario_invalid(void **state)
{
    (void)state;
    vfs fs = files(TUNE_RUBRIC, NULL);
    add_file(&fs, "bad.json", "{\"schema\": \"bistro/1\", \"title\": 5}");
    grade_result *r = grade_ok(&fs, NULL, "bad.json");
    assert_false(r->gradable);
    assert_string_equal(r->reason, "bad.json:1:33: $.title: expected a string, got 5\n"
                                   "bad.json:1:1: $: missing required key \"workload\"\n"
                                   "bad.json:1:1: $: missing required key \"runtimes\"");
    assert_string_equal(r->checks[0].problem, r->reason);
    assert_null(r->checks[0].found);
    assert_null(r->checks[0].hint);
    assert_string_equal(r->checks[0].expected, "at most 100.0 ms");
    char *pl = written(grade_write_prairielearn, r);
    cJSON *root = cJSON_Parse(pl);
    assert_non_null(root);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "gradable")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "format_errors")), 3);
    assert_true(cJSON_GetObjectItem(root, "score")->valuedouble == 0);
    cJSON_Delete(root);
    free(pl);
    grade_result_free(r);

    r = grade_ok(&fs, NULL, "gone.json");
    assert_false(r->gradable);
    assert_string_equal(r->reason, "gone.json: cannot open the file: No such file or directory");
    grade_result_free(r);
}

/* The request's budgets replace the grader's defaults: a student's scenario that
 * passes one is not gradable (the reason names the budget), a teacher's fails the
 * grading with the same words. tiny.json takes more than 3 events (two arrivals
 * alone are 2 trace events and 2 wake-ups); test_grade_student_scenario grades it
 * within the defaults. */
static void test_grade_request_budgets(void **state)
{
    (void)state;
    vfs fs = files(TUNE_RUBRIC, NULL);
    diag_list *d = diag_new();
    assert_non_null(d);
    grade_request req = {.rubric = "dir/rubric.json",
                         .scenario = "dir/tiny.json",
                         .read = vread,
                         .read_ctx = &fs,
                         .max_events = 3};
    grade_result *r = NULL;
    assert_int_equal(grade_run(&req, &r, d), 0);
    assert_int_equal(diag_count(d), 0);
    assert_false(r->gradable);
    const char *want = "dir/tiny.json: runtime \"loop\" cannot be simulated: stopped at ";
    assert_true(strncmp(r->reason, want, strlen(want)) == 0);
    assert_non_null(strstr(r->reason, "the run passed its budget of 3 events"));
    assert_string_equal(r->checks[0].problem, r->reason);
    grade_result_free(r);

    /* the memory budget: 1 byte is passed at the first check */
    req.max_events = 0;
    req.max_memory = 1;
    assert_int_equal(grade_run(&req, &r, d), 0);
    assert_false(r->gradable);
    assert_non_null(strstr(r->reason, "the run passed its memory budget of 0 MiB"));
    grade_result_free(r);

    /* the rubric's own scenario: the teacher's problem */
    fs = files(PRINT_ORDER_RUBRIC, FULL_ANSWERS);
    req = (grade_request){.rubric = "dir/rubric.json",
                          .answers = "answers.json",
                          .read = vread,
                          .read_ctx = &fs,
                          .max_events = 3};
    r = (grade_result *)1;
    assert_int_equal(grade_run(&req, &r, d), SIM_EINVAL);
    assert_null(r);
    assert_int_equal(diag_kept(d), 1);
    want = "dir/print-order.json: runtime \"Node.js\" cannot be simulated: stopped at ";
    assert_true(strncmp(diag_get(d, 0), want, strlen(want)) == 0);
    assert_non_null(strstr(diag_get(d, 0), "the run passed its budget of 3 events"));
    diag_free(d);
}

static void test_grade_student_runtime_missing(void **state)
{
    (void)state;
    vfs fs = files(TUNE_RUBRIC, NULL);
    grade_result *r = grade_ok(&fs, NULL, "dir/print-order.json");
    assert_true(r->gradable); /* a valid scenario: the checks fail, the work is graded */
    assert_false(r->checks[0].passed);
    assert_string_equal(r->checks[0].problem,
                        "dir/print-order.json has no runtime named "
                        "\"loop\"; it has: \"Node.js\", \"asyncio\", \"Blocking thread\"\n"
                        "this check needs a machine with 2 cores (\"machine\": {\"cores\": 2}); "
                        "dir/print-order.json has 1");
    assert_string_equal(r->checks[1].problem,
                        "dir/print-order.json has no runtime named "
                        "\"loop\"; it has: \"Node.js\", \"asyncio\", \"Blocking thread\"");
    assert_null(r->checks[1].found);
    grade_result_free(r);
}

static void test_grade_requirements(void **state)
{
    (void)state;
    vfs fs = files(TUNE_RUBRIC, NULL);
    char one_core[512], fewer[512];
    tiny(one_core, sizeof one_core, 1, true);
    tiny(fewer, sizeof fewer, 2, false);
    add_file(&fs, "one.json", one_core);
    add_file(&fs, "few.json", fewer);
    grade_result *r = grade_ok(&fs, NULL, "one.json");
    assert_false(r->checks[0].passed);
    assert_string_equal(r->checks[0].found, "100.0 ms"); /* within bounds, but on 1 core */
    assert_string_equal(r->checks[0].problem, "this check needs a machine with 2 cores "
                                              "(\"machine\": {\"cores\": 2}); one.json has 1");
    assert_null(r->checks[0].hint); /* the value is not what is wrong */
    assert_true(r->checks[1].passed); /* no requirement */
    grade_result_free(r);

    r = grade_ok(&fs, NULL, "few.json");
    assert_false(r->checks[0].passed);
    assert_string_equal(r->checks[0].problem, "this check needs at least 2 requests; few.json "
                                              "has 1");
    grade_result_free(r);
}

/* ---- tolerances and bounds, on exact numbers ---- */

static const char TINY_PREDICT[] =
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"tiny.json\", \"checks\": [\n"
    "  {\"name\": \"t\", \"points\": 1, \"runtime\": \"loop\", \"metric\": \"makespan_ms\",\n"
    "   \"answer\": \"ms\", \"tolerance\": 0.05},\n"
    "  {\"name\": \"mean\", \"points\": 1, \"runtime\": \"loop\", \"metric\": "
    "\"latency_ms.mean\",\n"
    "   \"answer\": \"mean\"}]}\n";

/* makespan 100 ms within 5%, and the mean 75 ms exactly (no tolerance). */
static void expect_predictions(const char *answers, bool makespan_ok, bool mean_ok)
{
    vfs fs = files(TINY_PREDICT, answers);
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    if (r->checks[0].passed != makespan_ok || r->checks[1].passed != mean_ok)
        fail_msg("%s: makespan %s, mean %s", answers, r->checks[0].passed ? "passed" : "failed",
                 r->checks[1].passed ? "passed" : "failed");
    grade_result_free(r);
}

static void test_grade_tolerance_edges(void **state)
{
    (void)state;
    expect_predictions("{\"ms\": 100, \"mean\": 75}", true, true);
    expect_predictions("{\"ms\": 105, \"mean\": 75.0}", true, true);  /* the edges pass */
    expect_predictions("{\"ms\": 95, \"mean\": 7.5e1}", true, true);
    expect_predictions("{\"ms\": 105.001, \"mean\": 75.001}", false, false);
    expect_predictions("{\"ms\": 94.999, \"mean\": 74.999}", false, false);
    expect_predictions("{\"ms\": -100, \"mean\": -75}", false, false);
    vfs fs = files(TINY_PREDICT, "{\"ms\": 100, \"mean\": 75}");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_string_equal(r->checks[0].expected, "100.0 ms, within 5% (95.0 ms to 105.0 ms)");
    assert_string_equal(r->checks[1].expected, "75.0 ms exactly");
    grade_result_free(r);
}

/* 100.2 is exactly 0.2% above 100, but 0.002 * 100 rounds below 100.2 - 100 in
 * binary: the edge must pass all the same. */
static void test_grade_tolerance_rounding(void **state)
{
    (void)state;
    static const char rubric[] =
        "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"tiny.json\", \"checks\": [\n"
        "  {\"name\": \"t\", \"points\": 1, \"runtime\": \"loop\", \"metric\": \"makespan_ms\",\n"
        "   \"answer\": \"ms\", \"tolerance\": 0.002}]}\n";
    static const struct {
        const char *answers;
        bool ok;
    } cases[] = {{"{\"ms\": 100.2}", true},
                 {"{\"ms\": 99.8}", true},
                 {"{\"ms\": 100.2001}", false},
                 {"{\"ms\": 99.7999}", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vfs fs = files(rubric, cases[i].answers);
        grade_result *r = grade_ok(&fs, "answers.json", NULL);
        if (r->checks[0].passed != cases[i].ok)
            fail_msg("%s: %s", cases[i].answers, r->checks[0].passed ? "passed" : "failed");
        grade_result_free(r);
    }
}

static void expect_bounds(const char *bounds, bool ok)
{
    char rubric[512];
    snprintf(rubric, sizeof rubric,
             "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"tiny.json\", \"checks\": [\n"
             "  {\"name\": \"p50\", \"points\": 1, \"runtime\": \"loop\", "
             "\"metric\": \"latency_ms.p50\", %s}]}",
             bounds);
    vfs fs = files(rubric, NULL);
    grade_result *r = grade_ok(&fs, NULL, NULL);
    assert_true(r->gradable); /* bounds need no answers file */
    if (r->checks[0].passed != ok)
        fail_msg("p50 50 ms, %s: %s", bounds, r->checks[0].passed ? "passed" : "failed");
    grade_result_free(r);
}

static void test_grade_bounds(void **state)
{
    (void)state;
    expect_bounds("\"max\": 50", true); /* bounds are inclusive */
    expect_bounds("\"max\": 49.999", false);
    expect_bounds("\"min\": 50", true);
    expect_bounds("\"min\": 50.001", false);
    expect_bounds("\"min\": 0, \"max\": 100", true);
    expect_bounds("\"min\": 60, \"max\": 100", false);
    expect_bounds("\"min\": -5", true);
}

static void test_grade_reveal_false(void **state)
{
    (void)state;
    static const char rubric[] =
        "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"print-order.json\", \"reveal\": false,\n"
        " \"checks\": [{\"name\": \"Node\", \"points\": 2, \"runtime\": \"Node.js\",\n"
        "   \"expect\": \"log_order\", \"answer\": \"node\"}]}";
    vfs fs = files(rubric, "{\"node\": [\"1\", \"2\", \"3\", \"4\", \"5\"]}");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_false(r->checks[0].passed);
    assert_true(r->checks[0].hidden);
    assert_null(r->checks[0].expected);
    assert_null(r->checks[0].problem); /* where it differs would give the answer away */
    char *report = written(grade_write_report, r);
    assert_non_null(strstr(report, "      expected: (not shown)\n"
                                   "      found:    [\"1\", \"2\", \"3\", \"4\", \"5\"]\n"));
    assert_null(strstr(report, "\"4\", \"5\", \"3\""));
    free(report);
    grade_result_free(r);
}

/* ---- "fixed": what a student's scenario must keep ---- */

/* tiny.json (2 cores, two requests) with its values fixed; the runtime is free. */
static const char FIXED_RUBRIC[] =
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"tiny.json\",\n"
    " \"fixed\": [\"seed\", \"machine\", \"workload\"],\n"
    " \"checks\": [{\"name\": \"p99\", \"points\": 1, \"runtime\": \"loop\",\n"
    "   \"metric\": \"latency_ms.p99\", \"max\": 100}]}\n";

/* A student's scenario: tiny.json's values written as `seed_machine` and
 * `second` (the second request), served by a pool of two threads. */
static void student(char *buf, size_t size, const char *seed_machine, const char *second)
{
    snprintf(buf, size,
             "{\"schema\": \"bistro/1\", \"title\": \"mine\", %s,\n"
             " \"workload\": {\"requests\": [{\"steps\": [{\"io\": 100}]},\n"
             "   %s]},\n"
             " \"runtimes\": [{\"name\": \"loop\", \"model\": \"threads\", \"threads\": 2}]}\n",
             seed_machine, second);
}

#define SECOND "{\"at\": \"10ms\", \"steps\": [{\"io\": \"50ms\"}]}"

/* Grades student text `text` against FIXED_RUBRIC; the result's reason must be
 * `want` (NULL: gradable, and the check passed). */
static void expect_fixed(const char *text, const char *want)
{
    vfs fs = files(FIXED_RUBRIC, NULL);
    add_file(&fs, "s.json", text);
    grade_result *r = grade_ok(&fs, NULL, "s.json");
    if (want == NULL) {
        if (r->reason != NULL)
            fail_msg("not gradable: %s", r->reason);
        assert_true(grade_all_passed(r));
    } else {
        assert_false(r->gradable);
        assert_non_null(r->reason);
        assert_string_equal(r->reason, want);
        assert_false(r->checks[0].passed);
        assert_null(r->checks[0].found); /* the changed scenario is not run */
        assert_string_equal(r->checks[0].problem, want);
    }
    grade_result_free(r);
}

static void test_grade_fixed_kept_by_meaning(void **state)
{
    (void)state;
    char s[1024];
    /* the seed left out is its default, 1; "8MiB" is the default thread stack,
     * 3 (ms) the default quantum; 100 (ms) is "100ms" */
    student(s, sizeof s, "\"machine\": {\"cores\": 2, \"thread_memory\": \"8MiB\", \"quantum\": 3}",
            SECOND);
    expect_fixed(s, NULL);
    student(s, sizeof s, "\"seed\": 1, \"machine\": {\"jitter\": false, \"cores\": 2}",
            "{\"steps\": [{\"io\": \"50000us\"}], \"at\": 10}");
    expect_fixed(s, NULL);
}

static void test_grade_fixed_changed(void **state)
{
    (void)state;
    char s[1024];
    student(s, sizeof s, "\"machine\": {\"cores\": 2, \"thread_memory\": \"0B\"}", SECOND);
    expect_fixed(s, "s.json:1:82: $.machine.thread_memory: the rubric fixes this value: "
                    "tiny.json leaves it out, this file has \"0B\"");
    student(s, sizeof s, "\"seed\": 7, \"machine\": {\"cores\": 4}", SECOND);
    expect_fixed(s, "s.json:1:49: $.seed: the rubric fixes this value: tiny.json leaves it out, "
                    "this file has 7\n"
                    "s.json:1:73: $.machine.cores: the rubric fixes this value: tiny.json has 2, "
                    "this file has 4");
    /* a value taken out is shown where it would be */
    student(s, sizeof s, "\"machine\": {}", SECOND);
    expect_fixed(s, "s.json:1:52: $.machine.cores: the rubric fixes this value: tiny.json has 2, "
                    "this file leaves it out");
    /* a difference deep in the workload is named, not the whole workload */
    student(s, sizeof s, "\"machine\": {\"cores\": 2}",
            "{\"at\": \"10ms\", \"steps\": [{\"io\": \"5ms\"}]}");
    expect_fixed(s, "s.json:3:36: $.workload.requests[1].steps[0].io: the rubric fixes this "
                    "value: tiny.json has \"50ms\", this file has \"5ms\"");
}

/* Shared state: a rubric fixes the values a scenario starts from ("state") and
 * the workload's reads and writes (the value a step names, a write's add); a
 * student who changes them is not graded, one who only changes the runtime is. */
static const char STOCK_RUBRIC[] =
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"stock.json\",\n"
    " \"fixed\": [\"state\", \"workload\"],\n"
    " \"checks\": [{\"name\": \"lost\", \"points\": 1, \"runtime\": \"loop\",\n"
    "   \"metric\": \"lost_updates\", \"max\": 0}]}\n";

static void stock_file(char *buf, size_t size, const char *state, const char *add,
                       const char *runtime)
{
    snprintf(buf, size,
             "{\"schema\": \"bistro/1\", \"title\": \"s\", \"state\": %s,\n"
             " \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": [{\"read\": "
             "\"stock\"}, {\"io\": \"1ms\"}, {\"write\": \"stock\", \"add\": %s}]},\n"
             " \"runtimes\": [%s]}\n",
             state, add, runtime);
}

static void test_grade_fixed_state(void **state)
{
    (void)state;
    char teacher[1024], s[1024];
    stock_file(teacher, sizeof teacher, "{\"stock\": 5}", "-1",
               "{\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}");
    const struct {
        const char *state, *add;
        const char *want; /* NULL: gradable */
    } cases[] = {
        {"{\"stock\": 5}", "-1", NULL},
        {"{\"stock\": 9}", "-1",
         "s.json:1:57: $.state.stock: the rubric fixes this value: stock.json has 5, this "
         "file has 9"},
        {"{\"stock\": 5}", "-2",
         "s.json:2:113: $.workload.request[2].add: the rubric fixes this value: stock.json "
         "has -1, this file has -2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vfs fs = files(STOCK_RUBRIC, NULL);
        add_file(&fs, "dir/stock.json", teacher);
        /* the student serves it with threads, one at a time: nothing lost either */
        stock_file(s, sizeof s, cases[i].state, cases[i].add,
                   "{\"name\": \"loop\", \"model\": \"threads\", \"threads\": 3}");
        add_file(&fs, "s.json", s);
        grade_result *r = grade_ok(&fs, NULL, "s.json");
        if (cases[i].want == NULL) {
            if (r->reason != NULL)
                fail_msg("not gradable: %s", r->reason);
            /* three threads each read 5 and wait: two of three writes are lost */
            assert_false(grade_all_passed(r));
        } else {
            assert_false(r->gradable);
            assert_string_equal(r->reason, cases[i].want);
        }
        grade_result_free(r);
    }
}

/* A student's text in a difference stays on its line: a newline is shown as \n. */
static void test_grade_fixed_student_text_escaped(void **state)
{
    (void)state;
    char s[1024];
    student(s, sizeof s, "\"machine\": {\"cores\": 2}",
            "{\"at\": \"10ms\", \"steps\": [{\"io\": \"50ms\"}, {\"log\": \"x\\nPASS  1/1  "
            "forged\"}]}");
    expect_fixed(s, "s.json:3:28: $.workload.requests[1].steps: the rubric fixes this value: "
                    "tiny.json has [{\"io\":\"50ms\"}], this file has "
                    "[{\"io\":\"50ms\"},{\"log\":\"x\\nPASS  1/1  forged\"}]");
}

/* Narrowing a difference down costs a load of the scenario per item that differs
 * as JSON; it stops after a bounded number: 400 requests spelled differently and
 * one really changed are reported as the list they are in. */
static void test_grade_fixed_narrowing_bounded(void **state)
{
    (void)state;
    enum { N = 400, SIZE = N * 40 + 512 };
    char *teacher = malloc(SIZE), *mine = malloc(SIZE);
    assert_non_null(teacher);
    assert_non_null(mine);
    for (int k = 0; k < 2; k++) {
        char *b = k == 0 ? teacher : mine;
        size_t n = (size_t)snprintf(b, SIZE,
                                    "{\"schema\": \"bistro/1\", \"title\": \"t\",\n"
                                    " \"workload\": {\"requests\": [");
        for (int i = 0; i < N; i++)
            n += (size_t)snprintf(b + n, SIZE - n, "%s{\"steps\": [{\"io\": %s}]}", i ? ", " : "",
                                  k == 0       ? "\"1ms\""
                                  : i == N - 1 ? "2"
                                               : "1");
        snprintf(b + n, SIZE - n,
                 "]},\n \"runtimes\": [{\"name\": \"loop\", \"model\": \"event_loop\", "
                 "\"flavor\": \"node\"}]}\n");
    }
    vfs fs = {0};
    add_file(&fs, "dir/rubric.json",
             "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"t.json\", \"fixed\": "
             "[\"workload\"],\n \"checks\": [{\"name\": \"a\", \"points\": 1, \"runtime\": "
             "\"loop\", \"metric\": \"completed\", \"min\": 1}]}");
    add_file(&fs, "dir/t.json", teacher);
    add_file(&fs, "s.json", mine);
    grade_result *r = grade_ok(&fs, NULL, "s.json");
    assert_false(r->gradable);
    assert_non_null(strstr(r->reason, "s.json:2:27: $.workload.requests: the rubric fixes this "
                                      "value: t.json has [{\"steps\":[{\"io\":\"1ms\"}]},"));
    grade_result_free(r);
    /* spelled differently only: the same workload */
    mine[strlen(mine) -
         strlen("}]}]},\n \"runtimes\": [{\"name\": \"loop\", \"model\": "
                "\"event_loop\", \"flavor\": \"node\"}]}\n") -
         1] = '1';
    r = grade_ok(&fs, NULL, "s.json");
    assert_true(r->gradable);
    grade_result_free(r);
    free(teacher);
    free(mine);
}

#define FIXED_HEAD                                                                       \
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"tiny.json\",\n \"checks\": [{"    \
    "\"name\": \"a\", \"points\": 1, \"runtime\": \"loop\", \"metric\": \"completed\", " \
    "\"min\": 1}],\n \"fixed\": "

static void test_grade_rubric_fixed_errors(void **state)
{
    (void)state;
    expect_rubric_error(FIXED_HEAD "\"machine\"}", SIM_EINVAL,
                        "dir/rubric.json:3:11: $.fixed: expected a list of paths like "
                        "[\"seed\", \"machine\", \"workload\"], got \"machine\"");
    expect_rubric_error(FIXED_HEAD "[\"seed\", 2]}", SIM_EINVAL,
                        "dir/rubric.json:3:20: $.fixed[1]: expected a string, got 2");
    expect_rubric_error(FIXED_HEAD "[\"\"]}", SIM_EINVAL,
                        "dir/rubric.json:3:12: $.fixed[0]: expected a non-empty string, got \"\"");
    expect_rubric_error(FIXED_HEAD "[\"machine..cores\"]}", SIM_EINVAL,
                        "dir/rubric.json:3:12: $.fixed[0]: \"machine..cores\" has an empty key; "
                        "write keys joined by dots, like \"machine.thread_memory\"");
    expect_rubric_error(FIXED_HEAD "[\"runtimes\"]}", SIM_EINVAL,
                        "dir/rubric.json:3:12: $.fixed[0]: \"runtimes\" is not a part of a "
                        "scenario a rubric can fix (a path starts with one of: seed, machine, "
                        "devices, workload, state)");
    char longer[512];
    snprintf(longer, sizeof longer, FIXED_HEAD "[\"machine.%0300d\"]}", 0);
    expect_rubric_error(longer, SIM_EINVAL,
                        "dir/rubric.json:3:12: $.fixed[0]: a path of 308 bytes; the limit is 256");
    /* a value the teacher's scenario leaves out can be fixed only with its object */
    expect_rubric_error(FIXED_HEAD "[\"machine\", \"machine.thread_memory\"]}", SIM_EINVAL,
                        "dir/rubric.json:3:23: $.fixed[1]: tiny.json has no value at "
                        "machine.thread_memory; write it there (its default is fine), or fix "
                        "\"machine\" as a whole");
    expect_rubric_error("{\"schema\": \"bistro-rubric/1\", \"checks\": [{\"name\": \"a\", "
                        "\"points\": 1, \"runtime\": \"loop\", \"metric\": \"completed\", "
                        "\"min\": 1}],\n \"fixed\": [\"seed\"]}",
                        SIM_EINVAL,
                        "dir/rubric.json:2:2: $.fixed: \"fixed\" needs the rubric's own "
                        "\"scenario\", whose values the student's must keep");
}

/* ---- bad rubrics: the teacher's mistakes ---- */

#define CHECK_HEAD \
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"print-order.json\",\n \"checks\": [\n  "

static void test_grade_rubric_unknown_key(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"max\": 5, \"maximum\": 6}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:87: $.checks[0]: unknown key \"maximum\" "
                        "(expected one of: name, points, runtime, expect, metric, answer, "
                        "tolerance, min, max, require, hint, equals, service)");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"max\": 5}],\n \"titel\": \"x\"}",
                        SIM_EINVAL,
                        "dir/rubric.json:4:2: $: unknown key \"titel\" (expected one of: "
                        "schema, title, scenario, reveal, checks, fixed)");
}

static void test_grade_rubric_missing_points(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:3: $.checks[0]: missing required key "
                        "\"points\"");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": \"2\", \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:27: $.checks[0].points: expected a number "
                        "of points from 0 to 1000000, got \"2\"");
}

static void test_grade_rubric_unknown_metric(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"latency_ms.p90\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:62: $.checks[0].metric: unknown metric "
                        "\"latency_ms.p90\" (expected one of: requests, completed, makespan_ms, "
                        "throughput_rps, latency_ms.mean, latency_ms.p50, latency_ms.p95, "
                        "latency_ms.p99, latency_ms.max, cpu_busy_ms, cpu_util, gil_wait_ms, "
                        "loop_lag_ms.mean, loop_lag_ms.max, context_switches, memory_peak_bytes, "
                        "events, lost_updates)");
}

/* A choice check names the option that is right ("equals"), which no other
 * check has. */
static void test_grade_rubric_choice_needs_equals(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"expect\": \"choice\", \"answer\": \"pick\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:3: $.checks[0]: missing required key "
                        "\"equals\"");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"max\": 5, \"equals\": \"x\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:87: $.checks[0].equals: \"equals\" goes with "
                        "\"expect\": \"choice\"");
}

/* An answer's key may be anything but "schema", which an answers file keeps for
 * its kind. */
static void test_grade_rubric_answer_not_schema(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"expect\": \"log_order\", \"answer\": \"schema\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:85: $.checks[0].answer: \"schema\" names an answers "
                        "file's kind, not an answer: choose another key");
    /* nor "hands", the app's show of hands of a class */
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"expect\": \"log_order\", \"answer\": \"hands\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:85: $.checks[0].answer: \"hands\" is the answers "
                        "file's show of hands, not an answer: choose another key");
}

static void test_grade_rubric_unknown_runtime(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node\", "
                                   "\"metric\": \"makespan_ms\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:41: $.checks[0].runtime: no runtime named "
                        "\"Node\" in dir/print-order.json (it has: \"Node.js\", \"asyncio\", "
                        "\"Blocking thread\")");
}

static void test_grade_rubric_what_to_compare(void **state)
{
    (void)state;
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:3: $.checks[0]: missing \"expect\": "
                        "\"log_order\" / \"choice\" or \"metric\": NAME (what the check compares)");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:3: $.checks[0]: a \"metric\" check needs "
                        "\"answer\" (the key of the student's prediction) or \"min\"/\"max\" "
                        "(bounds the simulated value must lie within)");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"expect\": \"print_order\", \"answer\": \"x\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:62: $.checks[0].expect: expected "
                        "\"log_order\" or \"choice\", got \"print_order\"");
    expect_rubric_error(CHECK_HEAD
                        "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                        "\"expect\": \"log_order\", \"answer\": \"x\", \"tolerance\": 0.1}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:90: $.checks[0].tolerance: \"tolerance\" "
                        "goes with a \"metric\" check, not with \"expect\": \"log_order\"");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"answer\": \"x\", \"max\": 3}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:92: $.checks[0].max: \"max\" cannot be "
                        "combined with \"answer\"; make a second check for the bounds");
    expect_rubric_error(CHECK_HEAD "{\"name\": \"a\", \"points\": 1, \"runtime\": \"Node.js\", "
                                   "\"metric\": \"makespan_ms\", \"min\": 3, \"max\": 2}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:87: $.checks[0].max: \"max\" is below "
                        "\"min\"; no value could pass");
}

static void test_grade_rubric_file_problems(void **state)
{
    (void)state;
    expect_rubric_error("{\"schema\": \"bistro/1\", \"checks\": []}", SIM_EINVAL,
                        "dir/rubric.json:1:12: $.schema: expected \"bistro-rubric/1\", got "
                        "\"bistro/1\" (this version of bistro reads \"bistro-rubric/1\" rubrics)");
    expect_rubric_error(
        "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"x.json\", \"checks\": []}", SIM_EINVAL,
        "dir/rubric.json:1:63: $.checks: a rubric needs at least one "
        "check");
    expect_rubric_error("{\"schema\": \"bistro-rubric/1\",\n \"checks\": [", SIM_EINVAL,
                        "dir/rubric.json:2:13: invalid JSON: the file ends too early: "
                        "the array opened at line 2, col 12 is never closed (missing ']')");
    expect_rubric_error(
        "{\"schema\": \"bistro-rubric/1\", \"checks\": [{\"name\": \"a\", "
        "\"points\": 1, \"runtime\": \"r\", \"metric\": \"completed\", \"min\": 1}]}",
        SIM_EINVAL,
        "dir/rubric.json:1:1: $: the rubric names no \"scenario\"; "
        "give one in the rubric, or the student's with --scenario FILE");
    expect_rubric_error(
        "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"gone.json\", \"checks\": "
        "[{\"name\": \"a\", \"points\": 1, \"runtime\": \"r\", \"metric\": "
        "\"completed\", \"min\": 1}]}",
        SIM_EIO,
        "dir/rubric.json:1:43: $.scenario: dir/gone.json: cannot open "
        "the file: No such file or directory");

    vfs fs = {0};
    diag_list *d = diag_new();
    grade_request req = {.rubric = "nowhere.json", .read = vread, .read_ctx = &fs};
    grade_result *r = NULL;
    assert_int_equal(grade_run(&req, &r, d), SIM_EIO);
    assert_string_equal(diag_get(d, 0), "nowhere.json: cannot open the file: No such file or "
                                        "directory");
    diag_free(d);
}

/* ---- a service's metrics ("service") ---- */

#define SVC_HEAD                                                                      \
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"svc.json\",\n \"checks\": [\n" \
    "  {\"name\": \"db p99\", \"points\": 1, \"runtime\": \"loop\", \"service\": \"db\", "

static const char SVC_RUBRIC[] = SVC_HEAD
    "\"metric\": \"latency_ms.p99\", \"answer\": \"p99\", \"tolerance\": 0.05},\n"
    "  {\"name\": \"db at once\", \"points\": 1, \"runtime\": \"loop\", \"service\": "
    "\"db\", \"metric\": \"in_flight_max\", \"max\": 1},\n"
    "  {\"name\": \"db rate\", \"points\": 1, \"runtime\": \"loop\", \"service\": "
    "\"db\", \"metric\": \"throughput_rps\", \"min\": 60},\n"
    "  {\"name\": \"front p99\", \"points\": 1, \"runtime\": \"loop\", \"metric\": "
    "\"latency_ms.p99\", \"answer\": \"front\", \"tolerance\": 0}]}\n";

/* A check with "service" reads the service's summary numbers behind the run, not
 * the front's: db's p99 is 20 ms where the front's requests take 22 ms. */
static void test_grade_service_metric(void **state)
{
    (void)state;
    vfs fs = files(SVC_RUBRIC, "{\"p99\": 20, \"front\": 22}");
    grade_result *r = grade_ok(&fs, "answers.json", NULL);
    assert_true(r->gradable);
    assert_int_equal(r->nchecks, 4);
    assert_true(r->checks[0].passed);
    assert_string_equal(r->checks[0].expected, "20.0 ms, within 5% (19.0 ms to 21.0 ms)");
    assert_string_equal(r->checks[0].found, "20 ms");
    /* both calls were in db at once: at most 1 fails */
    assert_false(r->checks[1].passed);
    assert_string_equal(r->checks[1].expected, "at most 1");
    assert_string_equal(r->checks[1].found, "2");
    assert_null(r->checks[1].problem);
    /* 2 calls answered by 31 ms */
    assert_true(r->checks[2].passed);
    assert_string_equal(r->checks[2].found, "64.516129 req/s");
    assert_true(r->checks[3].passed);
    assert_string_equal(r->checks[3].expected, "22.0 ms exactly");
    grade_result_free(r);
    /* the front's number as the service's answer is wrong */
    fs = files(SVC_RUBRIC, "{\"p99\": 22, \"front\": 22}");
    r = grade_ok(&fs, "answers.json", NULL);
    assert_false(r->checks[0].passed);
    grade_result_free(r);

    /* the rubric made from a question with "service" says it too, and grades it */
    diag_list *d = diag_new();
    scn_scenario *scn = NULL;
    static const char q[] =
        "{\"schema\": \"bistro/1\", \"title\": \"s\", \"services\": {\"db\": {\"runtime\": "
        "{\"model\": \"threads\"}, \"request\": [{\"io\": \"20ms\"}]}}, \"workload\": "
        "{\"arrivals\": {\"burst\": 1}, \"request\": [{\"call\": \"db\"}]}, \"runtimes\": "
        "[{\"name\": \"t\", \"model\": \"threads\"}], \"questions\": [{\"id\": \"db_p50\", "
        "\"at\": 0, \"ask\": \"?\", \"kind\": \"number\", \"service\": \"db\", \"metric\": "
        "\"latency_ms.p50\"}]}";
    assert_int_equal(scn_load_buffer("q.json", q, strlen(q), &scn, d), 0);
    assert_int_equal(scn->questions[0].service, 0);
    sink_buffer b = {0};
    sim_sink sk = sink_to_buffer(&b);
    assert_int_equal(grade_write_rubric(&sk, scn, "q.json"), 0);
    assert_int_equal(sink_write(&sk, "", 1), 0);
    assert_non_null(strstr(b.data, "\"runtime\": \"t\", \"service\": \"db\", \"metric\": "
                                   "\"latency_ms.p50\", \"tolerance\": 0.05, \"answer\": "
                                   "\"db_p50\"}"));
    vfs f2 = {0};
    add_file(&f2, "dir/rubric.json", b.data);
    add_file(&f2, "dir/q.json", q);
    add_file(&f2, "answers.json", "{\"db_p50\": 20}");
    r = grade_ok(&f2, "answers.json", NULL);
    assert_true(r->checks[0].passed);
    assert_string_equal(r->checks[0].expected, "20.0 ms, within 5% (19.0 ms to 21.0 ms)");
    grade_result_free(r);
    sink_buffer_release(&b);
    scn_free(scn);
    diag_free(d);
}

/* The public lookup the app's quiz uses for a service's number. */
static void test_grade_service_metric_value(void **state)
{
    (void)state;
    sim_metrics m = {.completed = 3, .throughput_rps = 2.5, .lat_p99_ns = 12500000};
    double v = 0;
    char shown[64];
    assert_true(grade_service_metric_value("latency_ms.p99", &m, 4, &v, shown, sizeof shown));
    assert_true(v == 12.5);
    assert_string_equal(shown, "12.5 ms");
    assert_true(grade_service_metric_value("in_flight_max", &m, 4, &v, shown, sizeof shown));
    assert_true(v == 4);
    assert_string_equal(shown, "4");
    assert_true(grade_service_metric_value("completed", &m, 4, &v, NULL, 0));
    assert_true(v == 3);
    assert_true(grade_service_metric_value("throughput_rps", &m, 4, &v, shown, sizeof shown));
    assert_string_equal(shown, "2.5 req/s");
    /* a runtime's metric that a service's summary does not have */
    assert_false(grade_service_metric_value("makespan_ms", &m, 4, &v, shown, sizeof shown));
    assert_false(grade_service_metric_value("latency_ms.p99", NULL, 4, &v, shown, sizeof shown));
}

/* The teacher's mistakes: a service the scenario does not have, one the runtime
 * runs in process (it receives nothing there), a metric a service has not,
 * "service" on a check of another kind. */
static void test_grade_rubric_service_errors(void **state)
{
    (void)state;
#define SVC_CHECK(rt, service)                                                                     \
    "{\"schema\": \"bistro-rubric/1\", \"scenario\": \"svc.json\",\n \"checks\": [\n  {\"name\": " \
    "\"a\", \"points\": 1, \"runtime\": \"" rt "\", \"service\": \"" service "\", "
    expect_rubric_error(SVC_CHECK("loop", "dbx") "\"metric\": \"latency_ms.p99\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:60: $.checks[0].service: no service named \"dbx\" in "
                        "dir/svc.json (it has: \"db\")");
    expect_rubric_error(SVC_CHECK("local", "db") "\"metric\": \"latency_ms.p99\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:61: $.checks[0].service: runtime \"local\" of "
                        "dir/svc.json makes the calls of service \"db\" in its own process "
                        "(\"in_process\"): the service receives none of them there");
    expect_rubric_error(SVC_CHECK("loop", "db") "\"metric\": \"makespan_ms\", \"max\": 5}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:76: $.checks[0].metric: unknown metric of a service "
                        "\"makespan_ms\" (expected one of a service's, as the summary's "
                        "\"services\" give them: completed, in_flight_max, throughput_rps, "
                        "latency_ms.mean, latency_ms.p50, latency_ms.p99, latency_ms.max)");
    expect_rubric_error(SVC_CHECK("loop", "db") "\"expect\": \"log_order\", \"answer\": \"o\"}]}",
                        SIM_EINVAL,
                        "dir/rubric.json:3:49: $.checks[0].service: \"service\" goes with a "
                        "\"metric\" check");
#undef SVC_CHECK
}

/* A student's scenario without the service, or whose runtime runs it in process:
 * the check fails with the reason, never with a 0 read as a fast service. */
static void test_grade_student_service(void **state)
{
    (void)state;
    vfs fs = files(SVC_RUBRIC, "{\"p99\": 20, \"front\": 22}");
    add_file(&fs, "mine.json", SVC_SCENARIO(", \"in_process\": [\"db\"]"));
    grade_result *r = grade_ok(&fs, "answers.json", "mine.json");
    assert_true(r->gradable); /* a valid scenario: the service's checks fail */
    const char *inproc = "runtime \"loop\" of mine.json makes the calls of service \"db\" in "
                         "its own process (\"in_process\"): the service receives none of them "
                         "there";
    for (size_t i = 0; i < 3; i++) {
        assert_false(r->checks[i].passed);
        assert_string_equal(r->checks[i].problem, inproc);
    }
    /* db's throughput would be 0 and its in_flight_max 0: read, they would pass */
    assert_null(r->checks[1].found);
    assert_null(r->checks[2].found);
    /* the front's own check is graded: in process its requests take 20 ms */
    assert_false(r->checks[3].passed);
    assert_null(r->checks[3].problem);
    assert_string_equal(r->checks[3].expected, "20.0 ms exactly");
    grade_result_free(r);
    r = grade_ok(&fs, "answers.json", "dir/tiny.json");
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(r->checks[i].problem,
                            "no service named \"db\" in dir/tiny.json (it has: none)");
    grade_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grade_full_marks),
        cmocka_unit_test(test_grade_partial_marks),
        cmocka_unit_test(test_grade_gradescope_results),
        cmocka_unit_test(test_grade_wrong_types),
        cmocka_unit_test(test_grade_missing_key),
        cmocka_unit_test(test_grade_duplicate_key),
        cmocka_unit_test(test_grade_missing_answers_file),
        cmocka_unit_test(test_grade_malformed_answers),
        cmocka_unit_test(test_grade_student_scenario),
        cmocka_unit_test(test_grade_student_scenario_invalid),
        cmocka_unit_test(test_grade_student_runtime_missing),
        cmocka_unit_test(test_grade_requirements),
        cmocka_unit_test(test_grade_tolerance_edges),
        cmocka_unit_test(test_grade_tolerance_rounding),
        cmocka_unit_test(test_grade_bounds),
        cmocka_unit_test(test_grade_reveal_false),
        cmocka_unit_test(test_grade_rubric_unknown_key),
        cmocka_unit_test(test_grade_rubric_missing_points),
        cmocka_unit_test(test_grade_rubric_unknown_metric),
        cmocka_unit_test(test_grade_rubric_choice_needs_equals),
        cmocka_unit_test(test_grade_rubric_answer_not_schema),
        cmocka_unit_test(test_grade_rubric_unknown_runtime),
        cmocka_unit_test(test_grade_rubric_what_to_compare),
        cmocka_unit_test(test_grade_rubric_file_problems),
        cmocka_unit_test(test_grade_request_budgets),
        cmocka_unit_test(test_grade_fixed_kept_by_meaning),
        cmocka_unit_test(test_grade_fixed_changed),
        cmocka_unit_test(test_grade_fixed_state),
        cmocka_unit_test(test_grade_fixed_student_text_escaped),
        cmocka_unit_test(test_grade_fixed_narrowing_bounded),
        cmocka_unit_test(test_grade_rubric_fixed_errors),
        cmocka_unit_test(test_grade_service_metric),
        cmocka_unit_test(test_grade_service_metric_value),
        cmocka_unit_test(test_grade_rubric_service_errors),
        cmocka_unit_test(test_grade_student_service),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
