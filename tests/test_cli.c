/* test_cli.c - bistro-sim as a user runs it: exit statuses, messages, outputs.
 *
 * Each test runs the built program (BISTRO_SIM_EXE) through the shell, with stdout
 * and stderr captured in files of a fresh temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#define SRC BISTRO_SOURCE_DIR
#define THREE SRC "/scenarios/three-requests.json"

static char tmpdir[256];

typedef struct {
    int status;
    char *out;
    char *err;
} result;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = (cap + 4096) * 2;
            buf = realloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* Runs `bistro-sim ARGS` (ARGS is shell text) and captures everything. */
static result run(const char *fmt, ...)
{
    char args[2048], cmd[4096], out[300], err[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(out, sizeof out, "%s/stdout", tmpdir);
    snprintf(err, sizeof err, "%s/stderr", tmpdir);
    snprintf(cmd, sizeof cmd, "cd %s && %s %s >%s 2>%s </dev/null", tmpdir, BISTRO_SIM_EXE, args,
             out, err);
    int rc = system(cmd);
    result r = {.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128,
                .out = slurp(out),
                .err = slurp(err)};
    return r;
}

static void done(result *r)
{
    free(r->out);
    free(r->err);
}

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bistro-cli-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_cli_usage_errors_exit_2(void **state)
{
    (void)state;
    const char *bad[] = {
        "",         "frobnicate", "run", "run --seed", "run x.json --seed -3", "run x.json --bogus",
        "validate", "list a b"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = run("%s", bad[i]);
        if (r.status != 2)
            fail_msg("'bistro-sim %s' exited %d, expected 2", bad[i], r.status);
        assert_string_equal(r.out, "");
        assert_non_null(strstr(r.err, "bistro-sim: "));
        done(&r);
    }
    result r = run("--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: bistro-sim validate"));
    done(&r);
}

static void test_cli_validate_reports_every_problem(void **state)
{
    (void)state;
    write_file("bad.json", "{\"schema\": \"bistro/1\",\n \"title\": 3,\n \"tilte\": \"x\"}\n");
    result r = run("validate %s bad.json", THREE);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "three-requests.json: ok"));
    /* file:line:col: $.path: message, for the wrong type and the unknown key */
    assert_non_null(strstr(r.err, "bad.json:2:11: $.title: "));
    assert_non_null(strstr(r.err, "bad.json:3:2: $: unknown key \"tilte\""));
    done(&r);

    r = run("validate missing.json");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "missing.json"));
    done(&r);
}

/* A caption's until not after its at, and a line past a runtime's own listing:
 * exit 2, each with file:line:col and its path. */
static void test_cli_validate_reports_runtime_captions_and_lines(void **state)
{
    (void)state;
    write_file("own.json",
               "{\"schema\": \"bistro/1\", \"title\": \"t\",\n"
               " \"workload\": {\"arrivals\": {\"burst\": 1},\n"
               "  \"request\": [{\"cpu\": \"1ms\", \"line\": 3}]},\n"
               " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", "
               "\"flavor\": \"node\",\n"
               "  \"code\": {\"language\": \"javascript\", \"lines\": [\"a();\", \"b();\"]},\n"
               "  \"narration\": [{\"at\": \"2ms\", \"until\": \"1ms\", \"text\": \"x\"}]}]}\n");
    result r = run("validate own.json");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "own.json:3:38: $.workload.request[0].line: line 3 is past the "
                                  "end of runtime \"Node.js\"'s own code listing"));
    assert_non_null(strstr(r.err, "own.json:6:40: $.runtimes[0].narration[0].until: 1ms is not "
                                  "after the caption's \"at\" (2ms)"));
    done(&r);
}

static void test_cli_run_prints_table(void **state)
{
    (void)state;
    result r = run("run %s", THREE);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Three requests, one second of I/O each"));
    assert_non_null(strstr(r.out, "Python, one thread"));
    assert_non_null(strstr(r.out, "3.006 s"));
    assert_string_equal(r.err, "");
    done(&r);
}

static void test_cli_run_json_is_the_summary(void **state)
{
    (void)state;
    result r = run("run %s --json --runtime 'Python, one thread' --seed 9", THREE);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "schema")->valuestring, "bistro-summary/1");
    assert_string_equal(cJSON_GetObjectItem(j, "scenario")->valuestring, "three-requests");
    assert_int_equal(cJSON_GetObjectItem(j, "seed")->valuedouble, 9);
    cJSON *rts = cJSON_GetObjectItem(j, "runtimes");
    assert_int_equal(cJSON_GetArraySize(rts), 1);
    cJSON *rt = cJSON_GetArrayItem(rts, 0);
    assert_string_equal(cJSON_GetObjectItem(rt, "name")->valuestring, "Python, one thread");
    assert_int_equal(cJSON_GetObjectItem(rt, "completed")->valuedouble, 3);
    assert_true(cJSON_GetObjectItem(rt, "makespan_ms")->valuedouble == 3006.002);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rt, "requests_detail")), 3);
    cJSON_Delete(j);
    done(&r);
}

static void test_cli_unknown_runtime_lists_the_known_ones(void **state)
{
    (void)state;
    result r = run("run %s --runtime Node", THREE);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no runtime named 'Node'"));
    assert_non_null(strstr(r.err, "'Python, one thread'"));
    assert_string_equal(r.out, "");
    done(&r);
}

static void test_cli_trace_per_runtime_and_byte_identical(void **state)
{
    (void)state;
    result r = run("run %s --trace a-{runtime}.jsonl", THREE);
    assert_int_equal(r.status, 0);
    done(&r);
    r = run("run %s --trace b-{runtime}.jsonl", THREE);
    assert_int_equal(r.status, 0);
    done(&r);
    char pa[512], pb[512];
    snprintf(pa, sizeof pa, "%s/a-python-one-thread.jsonl", tmpdir);
    snprintf(pb, sizeof pb, "%s/b-python-one-thread.jsonl", tmpdir);
    char *a = slurp(pa), *b = slurp(pb);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_true(strncmp(a, "{\"schema\":\"bistro-trace/2\"", 26) == 0);
    free(a);
    free(b);
    snprintf(pa, sizeof pa, "%s/a-python-a-thread-per-request.jsonl", tmpdir);
    a = slurp(pa);
    assert_non_null(a);
    free(a);

    /* several runtimes and no {runtime}: refused before anything is written */
    r = run("run %s --trace one.jsonl", THREE);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "{runtime}"));
    done(&r);
}

/* A failed run leaves an existing output file as it was; a good one replaces it. */
static void test_cli_trace_is_written_atomically(void **state)
{
    (void)state;
    write_file("keep.jsonl", "precious\n");
    write_file("bad.json", "{\"schema\": \"bistro/1\"");
    result r = run("run bad.json --trace keep.jsonl");
    assert_int_equal(r.status, 2);
    done(&r);
    char path[512];
    snprintf(path, sizeof path, "%s/keep.jsonl", tmpdir);
    char *text = slurp(path);
    assert_string_equal(text, "precious\n");
    free(text);

    r = run("run %s --runtime 'Python, one thread' --trace keep.jsonl", THREE);
    assert_int_equal(r.status, 0);
    done(&r);
    text = slurp(path);
    assert_true(strncmp(text, "{\"schema\":\"bistro-trace/2\"", 26) == 0);
    free(text);

    r = run("run %s --runtime 'Python, one thread' --trace no/such/dir/t.jsonl", THREE);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no/such/dir/t.jsonl"));
    done(&r);
}

static void test_cli_list_shows_bundled_scenarios(void **state)
{
    (void)state;
    result r = run("list %s/scenarios", SRC);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "three-requests"));
    assert_non_null(strstr(r.out, "convoy"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_usage_errors_exit_2),
        cmocka_unit_test(test_cli_validate_reports_every_problem),
        cmocka_unit_test(test_cli_validate_reports_runtime_captions_and_lines),
        cmocka_unit_test(test_cli_run_prints_table),
        cmocka_unit_test(test_cli_run_json_is_the_summary),
        cmocka_unit_test(test_cli_unknown_runtime_lists_the_known_ones),
        cmocka_unit_test(test_cli_trace_per_runtime_and_byte_identical),
        cmocka_unit_test(test_cli_trace_is_written_atomically),
        cmocka_unit_test(test_cli_list_shows_bundled_scenarios),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
