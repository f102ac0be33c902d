/* test_app_frame.c - the frame as data (--layout-json) and key scripts (--keys),
 * through the program's own headless path: each test runs bistro_headless() as
 * `bistro SCENARIO --layout-json OUT.json ...` would and reads the JSON back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "app.h"
#include "scenario.h"
#include "test_support.h"
#include "ui_theme.h"
#include "units.h"

#define MS 1000000LL

typedef struct {
    const char *scenario; /* under scenarios/ */
    const char *at;       /* NULL: the default */
    const char *runtimes[2];
    const char *keys;
    const char *png;
} frame_args;

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *p = realloc(buf, cap);
            assert_non_null(p);
            buf = p;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* Runs the headless app; returns its exit status and, when 0, the parsed frame. */
static int run_frame(const frame_args *a, cJSON **out)
{
    char path[] = "/tmp/bistro-frame-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path); /* the app creates it; an old file would hide a failure */
    char scn[1024];
    snprintf(scn, sizeof scn, "%s/scenarios/%s", BISTRO_SOURCE_DIR, a->scenario);
    bistro_opts o = {.scenario = scn,
                     .layout_json = path,
                     .png = a->png,
                     .w = 1280,
                     .h = 720,
                     .fps = 30,
                     .theme = UI_THEME_PROJECTOR,
                     .keys = a->keys,
                     .scenario_dir = BISTRO_SOURCE_DIR "/scenarios"};
    for (int i = 0; i < 2 && a->runtimes[i]; i++)
        o.runtimes[o.nruntimes++] = a->runtimes[i];
    if (a->at) {
        assert_int_equal(units_parse_duration(a->at, &o.at), 0);
        o.have_at = true;
    }
    int rc = bistro_headless(&o);
    *out = NULL;
    char *text = read_all(path);
    if (rc == 0) {
        assert_non_null(text);
        *out = cJSON_Parse(text);
        assert_non_null(*out);
    } else {
        assert_null(text); /* a failed run writes no frame */
    }
    free(text);
    unlink(path);
    return rc;
}

static cJSON *get(const cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no \"%s\" in the frame", key);
    return v;
}

static const cJSON *column(const cJSON *root, int i)
{
    const cJSON *cols = get(root, "columns");
    assert_true(cJSON_IsArray(cols));
    const cJSON *c = cJSON_GetArrayItem(cols, i);
    assert_non_null(c);
    return c;
}

/* The texts of `what`, joined with '|'. */
static void texts_of(const cJSON *root, const char *what, char *buf, size_t size)
{
    buf[0] = '\0';
    const cJSON *t;
    cJSON_ArrayForEach(t, get(root, "texts"))
    {
        if (strcmp(get(t, "what")->valuestring, what) != 0)
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? "|" : "", get(t, "text")->valuestring);
    }
}

/* print-order's Node.js run at 1 ms: what the frame says matches the run (the
 * log lines of Node's order, docs/model.md; the JavaScript listing), and every
 * text carries what it shows, where, and whether it was cut. */
static void test_frame_of_print_order(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"print-order.json", "1ms", {"Node.js"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_string_equal(get(f, "schema")->valuestring, "bistro-frame/1");
    assert_int_equal(get(f, "t_ns")->valuedouble, 1 * MS);
    const cJSON *size = get(f, "size");
    assert_int_equal(cJSON_GetArrayItem(size, 0)->valueint, 1280);
    assert_int_equal(cJSON_GetArrayItem(size, 1)->valueint, 720);
    const cJSON *header = get(f, "header");
    assert_int_equal(cJSON_GetArraySize(get(header, "runtimes")), 1);
    assert_string_equal(cJSON_GetArrayItem(get(header, "runtimes"), 0)->valuestring, "Node.js");
    const cJSON *col = column(f, 0);
    assert_string_equal(get(col, "runtime")->valuestring, "Node.js");
    /* node -e: 1 2 4 5 3, and by 1 ms the timer (5) has printed, the file (3) not */
    const cJSON *log = get(col, "log");
    const char *want[] = {"1", "2", "4", "5"};
    assert_int_equal(cJSON_GetArraySize(log), 4);
    for (int i = 0; i < 4; i++)
        assert_string_equal(cJSON_GetArrayItem(log, i)->valuestring, want[i]);
    assert_string_equal(get(get(col, "code"), "language")->valuestring, "javascript");
    assert_true(cJSON_IsString(get(col, "phase")));
    assert_true(cJSON_IsObject(get(col, "metrics")));
    /* every text: a string, a kind, a 4-number rect inside the window, a cut flag */
    int n = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts"))
    {
        assert_true(cJSON_IsString(get(t, "text")));
        assert_true(cJSON_IsString(get(t, "what")));
        assert_true(cJSON_IsBool(get(t, "cut")));
        const cJSON *r = get(t, "rect");
        assert_int_equal(cJSON_GetArraySize(r), 4);
        int x = cJSON_GetArrayItem(r, 0)->valueint, y = cJSON_GetArrayItem(r, 1)->valueint;
        assert_true(x >= 0 && x < 1280 && y >= 0 && y < 720);
        n++;
    }
    assert_true(n > 20);
    char buf[512];
    texts_of(f, "clock", buf, sizeof buf);
    assert_non_null(strstr(buf, "1.000 ms"));
    texts_of(f, "log", buf, sizeof buf);
    assert_string_equal(buf, "1|2|4|5");
    texts_of(f, "title", buf, sizeof buf);
    assert_true(buf[0] != '\0');
    cJSON_Delete(f);
}

/* A text shortened to fit says so, and ends with the ellipsis it was given. */
static void test_cut_texts_are_marked(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"print-order.json", "1ms", {"Node.js"}, NULL, NULL};
    a.keys = "+ + +"; /* text three steps bigger: something must give */
    a.at = "1ms";
    assert_int_equal(run_frame(&a, &f), 0);
    int cut = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts"))
    {
        const char *s = get(t, "text")->valuestring;
        size_t len = strlen(s);
        bool ends = len >= 3 && strcmp(s + len - 3, "\xE2\x80\xA6") == 0;
        if (cJSON_IsTrue(get(t, "cut"))) {
            assert_true(ends);
            cut++;
        }
    }
    assert_true(cut > 0);
    assert_int_equal(get(get(f, "open"), "text_step")->valueint, 3);
    cJSON_Delete(f);
}

/* Keys do what they do in the window: they start at 0 (where the window opens),
 * Tab picks the next runtime, End goes to the end, Right to the next event. */
static void test_keys_drive_the_app(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"three-requests.json", NULL, {NULL}, "Tab", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_int_equal(get(f, "t_ns")->valuedouble, 0);
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/three-requests.json");
    assert_string_equal(get(column(f, 0), "runtime")->valuestring, scn->runtimes[1].name);
    cJSON_Delete(f);

    a.keys = "End";
    assert_int_equal(run_frame(&a, &f), 0);
    assert_true(get(f, "t_ns")->valuedouble > 0);
    assert_true(get(f, "t_ns")->valuedouble == get(f, "end_ns")->valuedouble);
    cJSON_Delete(f);

    a.keys = "Right";
    assert_int_equal(run_frame(&a, &f), 0);
    double first = get(f, "t_ns")->valuedouble;
    assert_true(first > 0);
    cJSON_Delete(f);
    a.keys = "Right Right Left";
    assert_int_equal(run_frame(&a, &f), 0);
    assert_true(get(f, "t_ns")->valuedouble == first);
    cJSON_Delete(f);

    /* a key script starts at --at when one is given */
    a.at = "2s";
    a.keys = "H";
    assert_int_equal(run_frame(&a, &f), 0);
    assert_int_equal(get(f, "t_ns")->valuedouble, 2000 * MS);
    assert_true(cJSON_IsTrue(get(get(f, "open"), "help")));
    cJSON_Delete(f);
    scn_free(scn);
}

/* A name that is no key is bad input, and nothing is written. */
static void test_bad_key_names(void **state)
{
    (void)state;
    cJSON *f;
    const char *bad[] = {"Rigth", "Tab Shift+", "Shift+Nope", "C D Escape x123"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        frame_args a = {"three-requests.json", NULL, {NULL}, bad[i], NULL};
        assert_int_equal(run_frame(&a, &f), 2);
    }
    bistro_key *k;
    size_t n;
    char why[200];
    assert_int_equal(
        bistro_parse_keys("  Right,PageDown  Shift+Right + ?  ", &k, &n, why, sizeof why), 0);
    assert_int_equal(n, 5);
    assert_int_equal(k[0].key, UI_KEY_RIGHT);
    assert_int_equal(k[1].key, UI_KEY_OTHER); /* a key the app does not use */
    assert_int_equal(k[2].key, UI_KEY_RIGHT);
    assert_true(k[2].shift);
    assert_int_equal(k[3].key, UI_KEY_PLUS);
    assert_int_equal(k[4].key, UI_KEY_QUESTION);
    free(k);
    assert_true(bistro_parse_keys("Right Wrong", &k, &n, why, sizeof why) < 0);
    assert_non_null(strstr(why, "'Wrong'"));
    assert_null(k);
}

/* The header names the runtimes the columns show (three-requests: Tab then C
 * once titled "Python, a thread per request vs Python, a thread per request"
 * over a Node.js column; print-order: "asyncio vs asyncio"). */
static void test_compare_header_names_the_columns(void **state)
{
    (void)state;
    const char *files[] = {"three-requests.json", "print-order.json"};
    for (size_t i = 0; i < 2; i++) {
        cJSON *f;
        frame_args a = {files[i], NULL, {NULL}, "Tab C", NULL};
        assert_int_equal(run_frame(&a, &f), 0);
        const cJSON *names = get(get(f, "header"), "runtimes");
        assert_int_equal(cJSON_GetArraySize(names), 2);
        const char *l = get(column(f, 0), "runtime")->valuestring;
        const char *r = get(column(f, 1), "runtime")->valuestring;
        assert_string_not_equal(l, r);
        assert_string_equal(cJSON_GetArrayItem(names, 0)->valuestring, l);
        assert_string_equal(cJSON_GetArrayItem(names, 1)->valuestring, r);
        char want[256], got[512];
        snprintf(want, sizeof want, "%s vs %s", l, r);
        texts_of(f, "runtime", got, sizeof got);
        assert_string_equal(got, want);
        cJSON_Delete(f);
    }
}

/* Each runtime on its own clock. gil-cpu-bound: two requests of 1 s of CPU each
 * on 2 cores. Free-threaded, both run in parallel and are served at 1.000 s:
 * 2 requests / 1 s = 2 req/s, both cores busy for its whole run (100 %), even
 * when the frame is at the end of the GIL run (2 s, one core at a time). */
static void test_metrics_freeze_at_a_runtimes_own_finish(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"gil-cpu-bound.json",
                    NULL,
                    {"Python threads (GIL)", "Python 3.13t (free-threaded)"},
                    NULL,
                    NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    const cJSON *free_threaded = column(f, 1);
    assert_string_equal(get(free_threaded, "runtime")->valuestring, "Python 3.13t (free-threaded)");
    const cJSON *m = get(free_threaded, "metrics");
    assert_int_equal(get(m, "completed")->valueint, 2);
    assert_true(cJSON_IsTrue(get(m, "finished")));
    /* 1 s and the two context switches (2 us each, the machine's default) */
    assert_float_equal(get(m, "clock_ns")->valuedouble, 1000.0 * MS, 0.01 * MS);
    assert_float_equal(get(m, "throughput_rps")->valuedouble, 2.0, 1e-4);
    assert_float_equal(get(m, "cpu_util")->valuedouble, 1.0, 1e-4);
    char buf[512];
    texts_of(f, "column.progress", buf, sizeof buf);
    assert_non_null(strstr(buf, "all 2 served at 1.000 s"));
    /* and the GIL run, one core at a time: 2 s, 1 req/s, half the machine */
    const cJSON *gil = get(column(f, 0), "metrics");
    assert_true(get(gil, "clock_ns")->valuedouble >= 2000 * MS);
    assert_true(get(gil, "throughput_rps")->valuedouble <= 1.0);
    assert_true(get(f, "t_ns")->valuedouble > 1000 * MS);
    cJSON_Delete(f);
}

/* cpu-blocks-loop: a 300 ms resize on the loop freezes it; at 300 ms the lag
 * now (callbacks ready and not started) is at least 250 ms, not "0 s". */
static void test_loop_lag_counts_the_block_in_progress(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"cpu-blocks-loop.json", "300ms", {"Node.js, the work on the loop"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    const cJSON *m = get(column(f, 0), "metrics");
    assert_true(get(m, "loop_lag_now_ms")->valuedouble >= 250.0);
    assert_true(get(m, "loop_lag_max_ms")->valuedouble >= get(m, "loop_lag_now_ms")->valuedouble);
    char buf[512];
    texts_of(f, "metric.loop_lag_now", buf, sizeof buf);
    assert_non_null(strstr(buf, "ms")); /* the row is on screen, in milliseconds */
    cJSON_Delete(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_of_print_order),
        cmocka_unit_test(test_cut_texts_are_marked),
        cmocka_unit_test(test_keys_drive_the_app),
        cmocka_unit_test(test_bad_key_names),
        cmocka_unit_test(test_compare_header_names_the_columns),
        cmocka_unit_test(test_metrics_freeze_at_a_runtimes_own_finish),
        cmocka_unit_test(test_loop_lag_counts_the_block_in_progress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
