/* test_app_frame.c - the frame as data (--layout-json) and key scripts (--keys),
 * through the program's own headless path: each test runs bistro_headless() as
 * `bistro SCENARIO --layout-json OUT.json ...` would and reads the JSON back. */
#include <math.h>
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
#include "many.h"
#include "scenario.h"
#include "services.h"
#include "test_support.h"
#include "ui_doc.h"
#include "ui_frame.h"
#include "ui_theme.h"
#include "units.h"

#define MS 1000000LL

typedef struct {
    const char *scenario; /* under scenarios/, or "tests/..." under the source tree */
    const char *at;       /* NULL: the default */
    const char *runtimes[2];
    const char *keys;
    const char *png;
} frame_args;

/* --from / --to for the next frames, or NULL (the whole run) */
static const char *win_from, *win_to;

/* Runs the headless app on a w x h frame; returns its exit status and, when 0, the
 * parsed frame. */
static int run_frame_sized(const frame_args *a, int w, int h, cJSON **out)
{
    char path[] = "/tmp/bistro-frame-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path); /* the app creates it; an old file would hide a failure */
    char scn[1024];
    if (strncmp(a->scenario, "tests/", 6) == 0)
        snprintf(scn, sizeof scn, "%s/%s", BISTRO_SOURCE_DIR, a->scenario);
    else
        snprintf(scn, sizeof scn, "%s/scenarios/%s", BISTRO_SOURCE_DIR, a->scenario);
    bistro_opts o = {.scenario = scn,
                     .layout_json = path,
                     .png = a->png,
                     .w = w,
                     .h = h,
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
    if (win_from) {
        assert_int_equal(units_parse_duration(win_from, &o.from), 0);
        o.have_from = true;
    }
    if (win_to) {
        assert_int_equal(units_parse_duration(win_to, &o.to), 0);
        o.have_to = true;
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

static int run_frame(const frame_args *a, cJSON **out)
{
    return run_frame_sized(a, 1280, 720, out);
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

/* print-order's Node.js run at 9 ms: what the frame says matches the run (the
 * log lines of Node's order, docs/model.md; the JavaScript listing), and every
 * text carries what it shows, where, and whether it was cut. */
static void test_frame_of_print_order(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"print-order.json", "9ms", {"Node.js"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_string_equal(get(f, "schema")->valuestring, "bistro-frame/1");
    assert_int_equal(get(f, "t_ns")->valuedouble, 9 * MS);
    const cJSON *size = get(f, "size");
    assert_int_equal(cJSON_GetArrayItem(size, 0)->valueint, 1280);
    assert_int_equal(cJSON_GetArrayItem(size, 1)->valueint, 720);
    const cJSON *header = get(f, "header");
    assert_int_equal(cJSON_GetArraySize(get(header, "runtimes")), 1);
    assert_string_equal(cJSON_GetArrayItem(get(header, "runtimes"), 0)->valuestring, "Node.js");
    const cJSON *col = column(f, 0);
    assert_string_equal(get(col, "runtime")->valuestring, "Node.js");
    /* node -e: 1 2 4 5 3, and by 9 ms the timer (5, at 8.3 ms after the first
     * console.log's 7 ms) has printed, the file (3, at 12 ms) not */
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
    assert_non_null(strstr(buf, "9.000 ms"));
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
    /* text three steps bigger in a small window, with the scenario's long
     * description in the caption bar before the first caption: something must
     * give (key texts reflow instead, tests/test_app_reflow.c) */
    frame_args a = {"cpu-blocks-loop.json", "0s", {NULL}, "+ + +", NULL};
    assert_int_equal(run_frame_sized(&a, 640, 360, &f), 0);
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

    /* Right from the start: the first event (a step inside the first instant) */
    a.keys = "Right";
    assert_int_equal(run_frame(&a, &f), 0);
    assert_int_equal(get(f, "t_ns")->valuedouble, 0);
    assert_int_equal(get(get(f, "step"), "index")->valueint, 1);
    int count = get(get(f, "step"), "count")->valueint;
    assert_true(count > 1);
    cJSON_Delete(f);
    a.keys = "Right Right Left";
    assert_int_equal(run_frame(&a, &f), 0);
    assert_int_equal(get(get(f, "step"), "index")->valueint, 1);
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
        bistro_parse_keys("  Right,Insert  Shift+Right + ?  ", &k, &n, why, sizeof why), 0);
    assert_int_equal(n, 5);
    assert_int_equal(k[0].key, UI_KEY_RIGHT);
    assert_int_equal(k[1].key, UI_KEY_OTHER); /* a key the app does not use */
    assert_int_equal(k[2].key, UI_KEY_RIGHT);
    assert_true(k[2].shift);
    assert_int_equal(k[3].key, UI_KEY_PLUS);
    assert_int_equal(k[4].key, UI_KEY_QUESTION);
    free(k);
    /* the keys that hide panels */
    assert_int_equal(bistro_parse_keys("1 2 3", &k, &n, why, sizeof why), 0);
    assert_int_equal(n, 3);
    assert_int_equal(k[0].key, UI_KEY_1);
    assert_int_equal(k[1].key, UI_KEY_2);
    assert_int_equal(k[2].key, UI_KEY_3);
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
        if (got[0]) {
            assert_string_equal(got, want);
        } else {
            /* short of room beside the title, the column titles name them alone */
            snprintf(want, sizeof want, "%s|%s", l, r);
            texts_of(f, "column.runtime", got, sizeof got);
            assert_string_equal(got, want);
        }
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

/* ---- walking an instant step by step --------------------------------------------- */

typedef struct {
    char line[16];    /* what the step printed */
    char phase[16];   /* the phase lit when it printed */
    char running[16]; /* the queue whose callback printed it */
} printed;

static void copy_str(char *dst, size_t size, const cJSON *v)
{
    snprintf(dst, size, "%s", cJSON_IsString(v) ? v->valuestring : "(null)");
}

/* Opens `file` on `runtime` as the app does, presses Right from the start to the
 * end, and at every step reads the frame as --layout-json writes it: a step prints
 * at most one line, and each line printed is recorded with the phase lit and the
 * callback running at that step. Returns how many lines. */
static char phases_seen[256]; /* every phase the last walk lit, '|'-separated */

static size_t walk(const char *file, const char *runtime, printed *out, size_t max)
{
    phases_seen[0] = '\0';
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", BISTRO_SOURCE_DIR, file);
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(path, &doc, NULL), 0);
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, doc, false);
    assert_true(ui_app_select_runtime(&a, runtime));
    ui_list l;
    ui_list_init(&l);
    size_t n = 0, shown = 0;
    for (int guard = 0; guard < 100000; guard++) {
        ui_layout_info info;
        assert_int_equal(
            ui_layout(a.doc, &a.view, a.play.t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
        char *text = ui_frame_json(a.doc, &a.view, &a.play, 1280, 720, &l, &info);
        assert_non_null(text);
        cJSON *f = cJSON_Parse(text);
        free(text);
        const cJSON *col = column(f, 0);
        const cJSON *log = get(col, "log");
        size_t now = (size_t)get(col, "log_printed")->valueint;
        assert_true(now == shown || now == shown + 1); /* one line a step at most */
        if (now == shown + 1) {
            assert_true(n < max);
            int on_screen = cJSON_GetArraySize(log);
            assert_true(on_screen > 0); /* the newest line is always shown */
            copy_str(out[n].line, sizeof out[n].line, cJSON_GetArrayItem(log, on_screen - 1));
            copy_str(out[n].phase, sizeof out[n].phase, get(col, "phase"));
            copy_str(out[n].running, sizeof out[n].running, get(col, "running"));
            /* the line that printed it is marked, and in view */
            const ui_run *u = &a.doc->runs[a.view.run];
            for (size_t w = 0; w < u->nworkers; w++) {
                tl_worker_info wi;
                tl_span sp;
                assert_int_equal(timeline_worker_info(u->tl, w, &wi), 0);
                assert_int_equal(
                    timeline_state_at_step(u->tl, TL_LANE_WORKER, w, a.play.t, a.play.step, &sp),
                    0);
                if (wi.kind != TRACE_WORKER_LOOP || sp.line <= 0)
                    continue;
                bool marked = false;
                const cJSON *m;
                cJSON_ArrayForEach(m, get(get(col, "code"), "marked_lines"))
                {
                    marked |= m->valueint == sp.line;
                }
                if (!marked)
                    fail_msg("%s, %s: \"%s\" printed at line %d, which is not marked", file,
                             runtime, out[n].line, sp.line);
            }
            n++;
        }
        shown = now;
        char ph[32];
        copy_str(ph, sizeof ph - 1, get(col, "phase"));
        strcat(ph, "|");
        if (!strstr(phases_seen, ph) && strlen(phases_seen) + strlen(ph) < sizeof phases_seen)
            strcat(phases_seen, ph);
        cJSON_Delete(f);
        int64_t t = a.play.t;
        uint32_t k = a.play.step;
        ui_app_key(&a, UI_KEY_RIGHT, false);
        if (a.play.t == t && a.play.step == k)
            break; /* the last event */
    }
    ui_list_free(&l);
    ui_app_free(&a);
    return n;
}

static void expect_walk(const char *file, const char *runtime, const printed *want, size_t n)
{
    printed got[32];
    size_t k = walk(file, runtime, got, 32);
    for (size_t i = 0; i < n && i < k; i++) {
        if (strcmp(got[i].line, want[i].line) != 0 || strcmp(got[i].phase, want[i].phase) != 0 ||
            strcmp(got[i].running, want[i].running) != 0)
            fail_msg(
                "%s, %s, line %zu: printed %s in phase %s running %s; want %s in %s running %s",
                file, runtime, i + 1, got[i].line, got[i].phase, got[i].running, want[i].line,
                want[i].phase, want[i].running);
    }
    assert_int_equal(k, n);
}

/* print-order on Node.js, step by step: 1 2 4 5 3 (node v20.20.2), each printed by
 * its own step; 1 and 2 by the main script, 4 by the microtask queue before the
 * loop starts, 5 by a timer with the timers phase lit, 3 by the file's callback
 * with the poll phase lit (docs/model.md: libuv's phases, Node's microtask and
 * nextTick queues drained after the main script and after each callback). */
static void test_walk_print_order_node(void **state)
{
    (void)state;
    static const printed want[] = {{"1", "main script", "main script"},
                                   {"2", "main script", "main script"},
                                   {"4", "main script", "microtasks"},
                                   {"5", "timers", "timers"},
                                   {"3", "poll", "poll"}};
    expect_walk("print-order.json", "Node.js", want, 5);
}

/* puzzle-nexttick on Node.js: 1 7 6 4 5 2 3 (node v20.20.2): the script, then the
 * nextTick queue before the promise queue, the nextTick that promise 4 queued
 * before the loop, the timer in the timers phase, the immediate in check. */
static void test_walk_puzzle_nexttick_node(void **state)
{
    (void)state;
    static const printed want[] = {{"1", "main script", "main script"},
                                   {"7", "main script", "main script"},
                                   {"6", "main script", "nextTick"},
                                   {"4", "main script", "microtasks"},
                                   {"5", "main script", "nextTick"},
                                   {"2", "timers", "timers"},
                                   {"3", "check", "check"}};
    expect_walk("puzzle-nexttick.json", "Node.js", want, 7);
}

/* puzzle-io-callbacks on Node.js: 1 6 2 5 4 3 (node v20.20.2): the read's callback
 * in poll, its promise right after it, the immediate in the same iteration's
 * check phase, the timer in the next iteration's timers phase. */
static void test_walk_puzzle_io_callbacks_node(void **state)
{
    (void)state;
    static const printed want[] = {{"1", "main script", "main script"},
                                   {"6", "main script", "main script"},
                                   {"2", "poll", "poll"},
                                   {"5", "poll", "microtasks"},
                                   {"4", "check", "check"},
                                   {"3", "timers", "timers"}};
    expect_walk("puzzle-io-callbacks.json", "Node.js", want, 6);
}

/* asyncio runs every callback from its ready queue: each line of print-order and
 * puzzle-nexttick is printed in the ready phase by a ready callback, in the order
 * the run printed them (the engine's log, which tests/loop_cases checks against
 * CPython 3.11), and the walk passes through select, where I/O is handed on. */
static void test_walk_asyncio_prints_from_ready(void **state)
{
    (void)state;
    const char *files[] = {"print-order.json", "puzzle-nexttick.json"};
    for (size_t f = 0; f < 2; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", BISTRO_SOURCE_DIR, files[f]);
        ui_doc *doc = NULL;
        assert_int_equal(bistro_open(path, &doc, NULL), 0);
        size_t run = (size_t)scn_find_runtime(doc->scn, "asyncio");
        const timeline *tl = doc->runs[run].tl;
        printed got[32];
        size_t n = walk(files[f], "asyncio", got, 32);
        assert_int_equal(n, timeline_log_count(tl, doc->runs[run].end));
        for (size_t i = 0; i < n; i++) {
            sim_log_line ln;
            assert_int_equal(timeline_log_line(tl, i, &ln), 0);
            assert_string_equal(got[i].line, doc->scn->strings[ln.text]);
            assert_string_equal(got[i].phase, "ready");
            assert_string_equal(got[i].running, "ready");
        }
        assert_non_null(strstr(phases_seen, "select|"));
        ui_doc_free(doc);
    }
}

/* ---- the orders view (O) ----------------------------------------------------- */

/* many_run over the seeds the view runs, for `runtime` of `file` (under the source
 * tree): what `bistro-sim run FILE --seeds 1-200` prints, through the API. */
static void many_of(const char *file, const char *runtime, many_result *out, char **current)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", BISTRO_SOURCE_DIR, file);
    scn_scenario *scn = load_path(path);
    int rt = scn_find_runtime(scn, runtime);
    assert_true(rt >= 0);
    uint64_t failed = 0;
    assert_int_equal(many_run(scn, (size_t)rt, 1, 200, NULL, NULL, out, &failed), 0);
    /* the run on screen: the scenario's own seed */
    many_result one;
    assert_int_equal(many_run(scn, (size_t)rt, scn->seed, scn->seed, NULL, NULL, &one, &failed), 0);
    assert_int_equal(one.norders, 1);
    *current = strdup(one.orders[0].order);
    many_free(&one);
    scn_free(scn);
}

/* Texts of the orders view (what "order" or "orders") that were cut; the number. */
static int orders_cut(const cJSON *f)
{
    int cut = 0, n = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts"))
    {
        const char *what = get(t, "what")->valuestring;
        if (strcmp(what, "order") != 0 && strcmp(what, "orders") != 0)
            continue;
        n++;
        if (cJSON_IsTrue(get(t, "cut"))) {
            print_error("cut: \"%s\"\n", get(t, "text")->valuestring);
            cut++;
        }
    }
    assert_true(n > 0);
    return cut;
}

/* The column's distribution against many_run's: the orders drawn are its first
 * ones, in its order, with its counts; the rest are in "more"; the run on screen's
 * order, and only it, is marked; the spreads are many_run's. Returns how many
 * orders were drawn. */
static size_t check_distribution(const cJSON *col, const many_result *want, const char *current)
{
    const cJSON *d = get(col, "distribution");
    assert_true(cJSON_IsObject(d));
    assert_int_equal(get(d, "runs")->valueint, want->runs);
    assert_true(cJSON_IsTrue(get(d, "done")));
    assert_int_equal(get(d, "distinct")->valueint, want->norders);
    assert_string_equal(get(d, "current")->valuestring, current);
    const cJSON *orders = get(d, "orders");
    size_t n = (size_t)cJSON_GetArraySize(orders), marked = 0;
    assert_true(n >= 1 && n <= want->norders);
    int64_t shown_runs = 0;
    for (size_t i = 0; i < n; i++) {
        const cJSON *o = cJSON_GetArrayItem(orders, (int)i);
        assert_string_equal(get(o, "order")->valuestring, want->orders[i].order);
        assert_int_equal(get(o, "runs")->valueint, want->orders[i].runs);
        assert_float_equal(get(o, "share")->valuedouble,
                           (double)want->orders[i].runs / (double)want->runs, 1e-9);
        bool is_current = strcmp(want->orders[i].order, current) == 0;
        assert_int_equal(cJSON_IsTrue(get(o, "current")), is_current);
        marked += is_current;
        shown_runs += want->orders[i].runs;
    }
    const cJSON *more = get(d, "more");
    if (n < want->norders) {
        assert_int_equal(get(more, "orders")->valueint, want->norders - n);
        assert_int_equal(get(more, "runs")->valueint, want->runs - shown_runs);
    } else {
        assert_true(cJSON_IsNull(more));
        assert_int_equal(marked, 1); /* every order shown: the run's is among them */
    }
    const cJSON *sp = get(get(d, "spread"), "makespan_ms");
    assert_float_equal(get(sp, "min")->valuedouble, want->spread[MANY_MAKESPAN_MS].min, 1e-9);
    assert_float_equal(get(sp, "median")->valuedouble, want->spread[MANY_MAKESPAN_MS].median, 1e-9);
    assert_float_equal(get(sp, "max")->valuedouble, want->spread[MANY_MAKESPAN_MS].max, 1e-9);
    return n;
}

/* seeded-race: a file read of 0.5 to 1.5 ms (drawn from the seed) races a 1 ms
 * timer, so Node.js prints 3 before 5 under some seeds and after it under others.
 * O lists both orders with many_run's counts, the run on screen's marked; each
 * order's share and count are on screen, uncut. */
static void test_orders_view_lists_every_order(void **state)
{
    (void)state;
    many_result want;
    char *current;
    many_of("tests/app/seeded-race.json", "Node.js", &want, &current);
    assert_int_equal(want.norders, 2); /* the race is there to see */
    cJSON *f;
    frame_args a = {"tests/app/seeded-race.json", NULL, {"Node.js"}, "O", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_true(cJSON_IsTrue(get(get(f, "open"), "orders")));
    assert_int_equal(check_distribution(column(f, 0), &want, current), 2);
    char buf[2048], runs[32];
    texts_of(f, "order", buf, sizeof buf);
    for (size_t i = 0; i < want.norders; i++) {
        assert_non_null(strstr(buf, want.orders[i].order));
        snprintf(runs, sizeof runs, "|%lld runs", (long long)want.orders[i].runs);
        assert_non_null(strstr(buf, runs));
    }
    assert_int_equal(orders_cut(f), 0);
    cJSON_Delete(f);
    many_free(&want);
    free(current);

    /* O again closes it, and Esc closes it without quitting */
    const char *closing[] = {"O O", "O Escape"};
    for (int i = 0; i < 2; i++) {
        a.keys = closing[i];
        assert_int_equal(run_frame(&a, &f), 0);
        assert_true(cJSON_IsFalse(get(get(f, "open"), "orders")));
        assert_true(cJSON_IsNull(get(column(f, 0), "distribution")));
        texts_of(f, "order", buf, sizeof buf);
        assert_string_equal(buf, "");
        cJSON_Delete(f);
    }
}

/* Comparing, each column shows its own runtime's orders: Node.js races, asyncio
 * (whose 0 ms timer is due at once) prints 5 before the read in every run; Tab
 * then shows the third runtime's. Nothing is cut at 1280x720 or 1920x1080. */
static void test_orders_view_in_compare(void **state)
{
    (void)state;
    const char *names[] = {"Node.js", "asyncio", "Blocking thread"};
    many_result want[3];
    char *current[3];
    for (int i = 0; i < 3; i++)
        many_of("tests/app/seeded-race.json", names[i], &want[i], &current[i]);
    int sizes[2][2] = {{1280, 720}, {1920, 1080}};
    for (int s = 0; s < 2; s++) {
        cJSON *f;
        frame_args a = {"tests/app/seeded-race.json", NULL, {"Node.js", "asyncio"}, "O", NULL};
        assert_int_equal(run_frame_sized(&a, sizes[s][0], sizes[s][1], &f), 0);
        for (int c = 0; c < 2; c++) {
            assert_string_equal(get(column(f, c), "runtime")->valuestring, names[c]);
            check_distribution(column(f, c), &want[c], current[c]);
        }
        assert_int_equal(orders_cut(f), 0);
        cJSON_Delete(f);
    }
    cJSON *f;
    frame_args a = {"tests/app/seeded-race.json", NULL, {"Node.js", "asyncio"}, "O Tab", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_string_equal(get(column(f, 1), "runtime")->valuestring, names[2]);
    check_distribution(column(f, 1), &want[2], current[2]);
    cJSON_Delete(f);
    for (int i = 0; i < 3; i++) {
        many_free(&want[i]);
        free(current[i]);
    }
}

/* many-orders: five reads race, about thirty orders, each longer than a column is
 * wide. The first few get bars, the rest are counted in "+k more"; a long order
 * wraps onto lines that together say the whole order, and no text is cut. */
static void test_orders_view_wraps_and_counts_the_rest(void **state)
{
    (void)state;
    many_result want;
    char *current;
    many_of("tests/app/many-orders.json", "Node.js", &want, &current);
    assert_true(want.norders > 10);
    int sizes[2][2] = {{1280, 720}, {1920, 1080}};
    for (int s = 0; s < 2; s++) {
        cJSON *f;
        frame_args a = {"tests/app/many-orders.json", NULL, {"Node.js", "asyncio"}, "O", NULL};
        assert_int_equal(run_frame_sized(&a, sizes[s][0], sizes[s][1], &f), 0);
        size_t n = check_distribution(column(f, 0), &want, current);
        assert_true(n >= 3 && n < want.norders);
        assert_int_equal(orders_cut(f), 0);
        /* the first order's lines, in drawing order, are the whole order */
        char joined[512] = "";
        const cJSON *t;
        int lines = 0;
        cJSON_ArrayForEach(t, get(f, "texts"))
        {
            if (strcmp(get(t, "what")->valuestring, "order") != 0 ||
                strcmp(get(t, "runtime")->valuestring, "Node.js") != 0)
                continue;
            const char *s = get(t, "text")->valuestring;
            if (strchr(s, '%') || strstr(s, " run"))
                break; /* the first order's numbers: its text is done */
            size_t k = strlen(joined);
            snprintf(joined + k, sizeof joined - k, "%s%s", k ? " " : "", s);
            lines++;
        }
        assert_true(lines >= 2);
        assert_string_equal(joined, want.orders[0].order);
        cJSON_Delete(f);
    }
    many_free(&want);
    free(current);
}

/* A scenario whose machine has jitter teaches the race: without the key, the log
 * says how often the order on screen comes over the 200 seeds, once the run has
 * printed it all (many_run's count of the run's order), and before that which key
 * shows every order. */
static void test_jitter_scenario_says_how_often_its_order_comes(void **state)
{
    (void)state;
    many_result want;
    char *current;
    many_of("tests/app/jitter-race.json", "Node.js", &want, &current);
    int64_t runs = 0;
    for (size_t i = 0; i < want.norders; i++)
        if (strcmp(want.orders[i].order, current) == 0)
            runs = want.orders[i].runs;
    assert_true(runs > 0);
    cJSON *f;
    frame_args a = {"tests/app/jitter-race.json", NULL, {"Node.js"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_true(cJSON_IsFalse(get(get(f, "open"), "orders")));
    const cJSON *d = get(column(f, 0), "distribution");
    assert_int_equal(get(d, "current_runs")->valueint, runs);
    assert_string_equal(get(d, "current")->valuestring, current);
    assert_int_equal(cJSON_GetArraySize(get(d, "orders")), 0); /* no bars: the view is shut */
    char buf[1024], line[128];
    texts_of(f, "orders", buf, sizeof buf);
    snprintf(line, sizeof line, "this order in %lld of 200 runs", (long long)runs);
    assert_non_null(strstr(buf, line));
    assert_int_equal(orders_cut(f), 0);
    cJSON_Delete(f);
    a.at = "0ms"; /* nothing printed yet */
    assert_int_equal(run_frame(&a, &f), 0);
    texts_of(f, "orders", buf, sizeof buf);
    assert_non_null(strstr(buf, "O shows every order over 200 seeds"));
    cJSON_Delete(f);
    /* without jitter, no word of a race */
    frame_args b = {"tests/app/seeded-race.json", NULL, {"Node.js"}, NULL, NULL};
    assert_int_equal(run_frame(&b, &f), 0);
    texts_of(f, "orders", buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_true(cJSON_IsNull(get(column(f, 0), "distribution")));
    cJSON_Delete(f);
    many_free(&want);
    free(current);
}

/* The help lists the key. */
static void test_help_lists_the_orders_key(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"print-order.json", NULL, {NULL}, "H", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    char buf[4096];
    texts_of(f, "help", buf, sizeof buf);
    assert_non_null(strstr(buf, "|O|every print order"));
    cJSON_Delete(f);
}

/* ---- the restaurant as pictures ------------------------------------------------------- */

/* The texts of `what` drawn for `runtime`, joined with '|'. */
static void run_texts_of(const cJSON *root, const char *what, const char *runtime, char *buf,
                         size_t size)
{
    buf[0] = '\0';
    const cJSON *t;
    cJSON_ArrayForEach(t, get(root, "texts"))
    {
        const cJSON *rt = cJSON_GetObjectItemCaseSensitive(t, "runtime");
        if (strcmp(get(t, "what")->valuestring, what) != 0 || !rt ||
            strcmp(rt->valuestring, runtime) != 0)
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? "|" : "", get(t, "text")->valuestring);
    }
}

/* The order pad at home stands left of the words that say it is free: its sheet
 * ("GIL") was wider than a waiter's place and ran into them ("GILpad free",
 * three-requests at 500 ms, where the one thread waits for the database). */
static void test_free_pad_leaves_its_words_alone(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"three-requests.json", "500ms", {NULL}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    int sheet_end = -1, words = -1;
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts"))
    {
        if (strcmp(get(t, "what")->valuestring, "gil") != 0)
            continue;
        const cJSON *r = get(t, "rect");
        int x = cJSON_GetArrayItem(r, 0)->valueint, w = cJSON_GetArrayItem(r, 2)->valueint;
        if (strcmp(get(t, "text")->valuestring, "GIL") == 0)
            sheet_end = x + w;
        else if (strcmp(get(t, "text")->valuestring, "pad free") == 0)
            words = x;
    }
    assert_true(sheet_end > 0 && words > 0);
    assert_true(words >= sheet_end + 4);
    cJSON_Delete(f);
}

/* At the end of a puzzle the log is its answer, whole: puzzle-io-callbacks at
 * 1280x720 shows all six lines Node prints (1 6 2 5 4 3, its caption and
 * tests/loop_cases), not "3 earlier lines" and the last three. */
static void test_puzzle_log_shows_every_line_at_the_end(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"puzzle-io-callbacks.json", "10092us", {"Node.js"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    char buf[256];
    texts_of(f, "log", buf, sizeof buf);
    assert_string_equal(buf, "1|6|2|5|4|3");
    cJSON_Delete(f);
}

/* load-test-c1000 compared at 551.8 ms (its caption's time): the pool of 200
 * threads has 800 requests waiting at the door (bistro-sim run: 200 seated, 800
 * queued), which the door says in a short column too; and its 200 waiters at
 * tables closer than a name tag carry none (33 tags covered every table), while
 * Node's one waiter keeps "Loop". */
static void test_crowded_pool_shows_its_door_not_tags(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"load-test-c1000.json",
                    "551.842ms",
                    {"Node.js", "A pool of 200 threads"},
                    NULL,
                    NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    char buf[4096];
    run_texts_of(f, "door", "A pool of 200 threads", buf, sizeof buf);
    assert_string_equal(buf, "door: +800 waiting");
    run_texts_of(f, "waiter", "A pool of 200 threads", buf, sizeof buf);
    assert_string_equal(buf, "");
    /* the tables drawn and "+N more" are the 200 seated: the 800 at the door are
     * not counted again */
    run_texts_of(f, "table", "A pool of 200 threads", buf, sizeof buf);
    int more = -1;
    assert_int_equal(sscanf(buf, "+%d more", &more), 1);
    assert_true(more > 100 && more < 200);
    run_texts_of(f, "waiter", "Node.js", buf, sizeof buf);
    assert_string_equal(buf, "Loop");
    cJSON_Delete(f);
}

/* Compared, the waiters are drawn small; each still carries its name: the
 * blocking run's T1 and Node's Loop can be told apart (waiter-and-tables at 300 ms:
 * T1 stands at the kitchen window, the loop in poll; the scenario's captions). */
static void test_compare_names_every_waiter(void **state)
{
    (void)state;
    const char *a = "One waiter who waits at the window", *b = "One waiter who moves on (Node.js)";
    frame_args args = {.scenario = "waiter-and-tables.json", .at = "300ms", .runtimes = {a, b}};
    cJSON *f;
    assert_int_equal(run_frame(&args, &f), 0);
    char got[256];
    run_texts_of(f, "waiter", a, got, sizeof got);
    assert_string_equal(got, "T1");
    run_texts_of(f, "waiter", b, got, sizeof got);
    assert_string_equal(got, "Loop");
    cJSON_Delete(f);
}

/* The door says how many clients wait in the accept queue: load-test-c1000's pool
 * of 200 threads at 60 ms has 200 connections taken and the rest at the door. The
 * count is the timeline's accept queue at that instant. */
static void test_door_counts_the_accept_queue(void **state)
{
    (void)state;
    const char *rt = "A pool of 200 threads";
    frame_args args = {.scenario = "load-test-c1000.json", .at = "60ms", .runtimes = {rt}};
    cJSON *f;
    assert_int_equal(run_frame(&args, &f), 0);
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(BISTRO_SOURCE_DIR "/scenarios/load-test-c1000.json", &doc, NULL),
                     0);
    int r = scn_find_runtime(doc->scn, rt);
    assert_true(r >= 0);
    int64_t n = timeline_queue_length(doc->runs[r].tl, TRACE_QUEUE_ACCEPT, 0, 60 * MS);
    assert_true(n > 0);
    char want[64], got[256];
    snprintf(want, sizeof want, "door: +%lld waiting", (long long)n);
    texts_of(f, "door", got, sizeof got);
    assert_string_equal(got, want);
    ui_doc_free(doc);
    cJSON_Delete(f);
}

/* db-bottleneck's point is the orders waiting for the database's 10 connections:
 * compared at 1280x720 the station is narrow, and it keeps the waiting count whole
 * (it had shown "10 cooking ·…"), equal to the timeline's device queue. */
static void test_narrow_station_keeps_its_waiting_count(void **state)
{
    (void)state;
    const char *rts[2] = {"Node.js", "Python, a pool of 50 threads"};
    frame_args args = {.scenario = "db-bottleneck.json",
                       .at = "500ms",
                       .runtimes = {rts[0], rts[1]}};
    cJSON *f;
    assert_int_equal(run_frame(&args, &f), 0);
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(BISTRO_SOURCE_DIR "/scenarios/db-bottleneck.json", &doc, NULL), 0);
    for (int i = 0; i < 2; i++) {
        int r = scn_find_runtime(doc->scn, rts[i]);
        assert_true(r >= 0);
        int64_t n = timeline_queue_length(doc->runs[r].tl, TRACE_QUEUE_DEVICE, 0, 500 * MS);
        assert_true(n > 0);
        char want[64], got[256];
        snprintf(want, sizeof want, "%lld waiting", (long long)n);
        run_texts_of(f, "kitchen", rts[i], got, sizeof got);
        if (strstr(got, want) == NULL)
            fail_msg("%s: \"%s\" not in \"%s\"", rts[i], want, got);
        const cJSON *t;
        cJSON_ArrayForEach(t, get(f, "texts"))
        {
            if (strcmp(get(t, "text")->valuestring, want) == 0)
                assert_false(cJSON_IsTrue(get(t, "cut")));
        }
    }
    ui_doc_free(doc);
    cJSON_Delete(f);
}

/* Every pictogram the restaurant draws is named in its legend with its technical
 * word (or, a station's, by the device's name next to it), in the lessons the
 * pictures are for, alone and compared. */
static void test_every_picture_is_named(void **state)
{
    (void)state;
    const frame_args cases[] = {
        {.scenario = "load-test-c1000.json", .at = "60ms"},
        {.scenario = "load-test-c1000.json", .at = "60ms", .runtimes = {"A pool of 200 threads"}},
        {.scenario = "threadpool-full.json", .at = "60ms"},
        {.scenario = "three-requests.json", .at = "500ms"},
        {.scenario = "gil-cpu-bound.json", .at = "500ms"},
        {.scenario = "waiter-and-tables.json",
         .at = "300ms",
         .runtimes = {"One waiter who waits at the window", "One waiter who moves on (Node.js)"}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cJSON *f;
        assert_int_equal(run_frame(&cases[k], &f), 0);
        const cJSON *images = get(f, "images"), *im, *lg;
        size_t pictures = 0;
        cJSON_ArrayForEach(im, images)
        {
            const char *what = get(im, "what")->valuestring, *name = get(im, "image")->valuestring;
            if (strcmp(what, "legend") == 0 || strcmp(what, "kitchen") == 0)
                continue;
            pictures++;
            bool named = false;
            cJSON_ArrayForEach(lg, images)
            {
                const char *w2 = get(lg, "what")->valuestring;
                named |= (strcmp(w2, "legend") == 0 || strcmp(w2, "kitchen") == 0) &&
                         strcmp(get(lg, "image")->valuestring, name) == 0;
            }
            if (!named)
                fail_msg("%s: the %s picture \"%s\" is not in the legend", cases[k].scenario, what,
                         name);
        }
        assert_true(pictures > 0); /* the workbench at least */
        cJSON_Delete(f);
    }
}

/* The rails of puzzle-nexttick's Node.js run at 8 ms: the main script still works
 * (its 5 ms loop), and a nextTick, a promise callback, the 0 ms timer and an
 * immediate wait on their rails (the scenario's captions; the lengths are the
 * timeline's). Every rail says its full name and count, uncut, with a ticket per
 * waiting callback: alone and compared, at 1280x720, with text two steps bigger
 * and at 1920x1080. (Before, "nextTic…" and "microt…", and compared only
 * "nextTic…".) */
static void test_rails_name_every_queue_in_full(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int queue;
    } rails[] = {{"nextTick", TRACE_QUEUE_NEXT_TICK},
                 {"microtasks", TRACE_QUEUE_MICROTASK},
                 {"timers", TRACE_QUEUE_TIMERS},
                 {"check", TRACE_QUEUE_CHECK}};
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(BISTRO_SOURCE_DIR "/scenarios/puzzle-nexttick.json", &doc, NULL),
                     0);
    int r = scn_find_runtime(doc->scn, "Node.js");
    assert_true(r >= 0);
    int64_t len[TRACE_QUEUE_COUNT];
    assert_int_equal(timeline_loop_queues(doc->runs[r].tl, 0, 8 * MS, len), 0);
    const struct {
        frame_args a;
        int w, h;
        bool tickets; /* room for a row per rail and its tickets */
    } cases[] = {
        {{.scenario = "puzzle-nexttick.json", .at = "8ms", .runtimes = {"Node.js"}},
         1280,
         720,
         true},
        {{.scenario = "puzzle-nexttick.json", .at = "8ms", .runtimes = {"Node.js"}, .keys = "+ +"},
         1280,
         720,
         true},
        {{.scenario = "puzzle-nexttick.json", .at = "8ms", .runtimes = {"Node.js", "asyncio"}},
         1280,
         720,
         true},
        /* compared with text two steps bigger: the busy rails flow, two to a line */
        {{.scenario = "puzzle-nexttick.json",
          .at = "8ms",
          .runtimes = {"Node.js", "asyncio"},
          .keys = "+ +"},
         1280,
         720,
         false},
        {{.scenario = "puzzle-nexttick.json", .at = "8ms", .runtimes = {"Node.js", "asyncio"}},
         1920,
         1080,
         true},
        {{.scenario = "puzzle-nexttick.json", .at = "8ms", .runtimes = {"Node.js"}},
         1920,
         1080,
         true},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cJSON *f;
        assert_int_equal(run_frame_sized(&cases[k].a, cases[k].w, cases[k].h, &f), 0);
        for (size_t i = 0; i < sizeof rails / sizeof rails[0]; i++) {
            assert_true(len[rails[i].queue] > 0);
            char count[24];
            snprintf(count, sizeof count, "%lld", (long long)len[rails[i].queue]);
            /* the name, then its count, both whole, among the Node.js column's queues */
            const cJSON *t, *prev = NULL;
            bool seen = false;
            cJSON_ArrayForEach(t, get(f, "texts"))
            {
                const cJSON *rt = cJSON_GetObjectItemCaseSensitive(t, "runtime");
                if (!rt || strcmp(rt->valuestring, "Node.js") != 0 ||
                    strcmp(get(t, "what")->valuestring, "queue") != 0)
                    continue;
                assert_false(cJSON_IsTrue(get(t, "cut")));
                if (prev && strcmp(get(prev, "text")->valuestring, rails[i].name) == 0 &&
                    strcmp(get(t, "text")->valuestring, count) == 0)
                    seen = true;
                prev = t;
            }
            if (!seen)
                fail_msg("case %zu: no \"%s\" \"%s\" on the rails", k, rails[i].name, count);
        }
        /* a ticket per waiting callback (one each here) */
        size_t tickets = 0;
        const cJSON *im;
        cJSON_ArrayForEach(im, get(f, "images"))
        {
            const cJSON *rt = cJSON_GetObjectItemCaseSensitive(im, "runtime");
            tickets += rt && strcmp(rt->valuestring, "Node.js") == 0 &&
                       strcmp(get(im, "image")->valuestring, "ticket") == 0 &&
                       strcmp(get(im, "what")->valuestring, "queue") == 0;
        }
        if (cases[k].tickets)
            assert_int_equal(tickets, sizeof rails / sizeof rails[0]);
        cJSON_Delete(f);
    }
    ui_doc_free(doc);
}

/* Waiters are pictures with their names, compared too: the waiter pictogram on each
 * waiter, and the order pad's over the holder of the GIL (gil-cpu-bound at 7 ms: T2
 * holds it, T1 waits; the scenario's captions). */
static void test_waiters_are_pictures_in_compare(void **state)
{
    (void)state;
    const char *a = "Python threads (GIL)";
    frame_args args = {.scenario = "gil-cpu-bound.json", .at = "7ms", .runtimes = {a}};
    for (int k = 0; k < 2; k++) {
        if (k == 1)
            args.runtimes[1] = "Python 3.13t (free-threaded)";
        cJSON *f;
        assert_int_equal(run_frame(&args, &f), 0);
        char got[256];
        run_texts_of(f, "waiter", a, got, sizeof got);
        assert_string_equal(got, "T1|T2");
        size_t waiters = 0, pads = 0;
        const cJSON *im;
        cJSON_ArrayForEach(im, get(f, "images"))
        {
            const cJSON *rt = cJSON_GetObjectItemCaseSensitive(im, "runtime");
            if (!rt || strcmp(rt->valuestring, a) != 0)
                continue;
            waiters += strcmp(get(im, "image")->valuestring, "waiter") == 0 &&
                       strcmp(get(im, "what")->valuestring, "waiter") == 0;
            pads += strcmp(get(im, "image")->valuestring, "pad") == 0 &&
                    strcmp(get(im, "what")->valuestring, "gil") == 0;
        }
        assert_int_equal(waiters, 2);
        assert_int_equal(pads, 1);
        cJSON_Delete(f);
    }
}

/* ---- the timeline, readable at a glance ------------------------------------------ */

/* The height of the text `text` of `what` drawn for `runtime`, or -1. */
static int text_h_of(const cJSON *root, const char *what, const char *runtime, const char *text)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, get(root, "texts"))
    {
        const cJSON *rt = cJSON_GetObjectItemCaseSensitive(t, "runtime");
        if (strcmp(get(t, "what")->valuestring, what) == 0 &&
            strcmp(get(t, "text")->valuestring, text) == 0 && cJSON_IsString(rt) &&
            strcmp(rt->valuestring, runtime) == 0)
            return cJSON_GetArrayItem(get(t, "rect"), 3)->valueint;
    }
    return -1;
}

/* Every lane of every column has a label, and is at least as high as it. Returns
 * how many lanes there were. */
static int check_lanes(const cJSON *f)
{
    int n = 0;
    const cJSON *col;
    cJSON_ArrayForEach(col, get(f, "columns"))
    {
        const char *rt = get(col, "runtime")->valuestring;
        const cJSON *lane;
        cJSON_ArrayForEach(lane, get(get(col, "timeline"), "lanes"))
        {
            const cJSON *label = get(lane, "label");
            if (!cJSON_IsString(label))
                fail_msg("%s: a lane without a label", rt);
            int lh = text_h_of(f, "lane", rt, label->valuestring);
            int h = get(lane, "h")->valueint;
            if (lh <= 0 || h < lh)
                fail_msg("%s: lane %s is %d px high, its label %d", rt, label->valuestring, h, lh);
            n++;
        }
    }
    return n;
}

/* Lanes are never thinner than their label, and every one is labelled: the
 * lessons with a few workers and many requests, single and compared, at the
 * projector's size and at full HD. (Before, io-threads-gil's lanes were 8 px with
 * every other label left out.) */
static void test_timeline_lanes_are_labelled_and_readable(void **state)
{
    (void)state;
    static const struct {
        const char *file, *a, *b;
    } cases[] = {
        {"io-threads-gil.json", "8 threads (GIL)", NULL},
        {"io-threads-gil.json", "8 threads (GIL)", "One thread"},
        {"convoy.json", "Python threads (GIL)", NULL},
        {"gil-cpu-bound.json", "Python threads (GIL)", "Python 3.13t (free-threaded)"},
        {"db-bottleneck.json", "Python, a pool of 50 threads", NULL},
        {"three-requests.json", "Node.js", NULL},
        {"three-requests.json", "Python, a thread per request", "Node.js"},
    };
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    int lanes = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t k = 0; k < 2; k++) {
            cJSON *f;
            frame_args a = {cases[i].file, NULL, {cases[i].a, cases[i].b}, NULL, NULL};
            assert_int_equal(run_frame_sized(&a, sizes[k][0], sizes[k][1], &f), 0);
            lanes += check_lanes(f);
            cJSON_Delete(f);
        }
    assert_true(lanes > 20); /* lanes there were, not only bands */
}

/* The band of `of` in column i: its scale's top and height. */
static void band_of(const cJSON *f, int i, const char *of, char *scale, size_t size, int *h)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, get(get(column(f, i), "timeline"), "bands"))
    {
        if (strcmp(get(b, "of")->valuestring, of) == 0) {
            snprintf(scale, size, "%s", get(b, "scale")->valuestring);
            *h = get(b, "h")->valueint;
            return;
        }
    }
    fail_msg("column %d has no band of %s", i, of);
}

/* A band's scale as a number ("2,000" -> 2000). */
static long scale_value(const char *s)
{
    long v = 0;
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            v = v * 10 + (*s - '0');
    return v;
}

/* Two compared runs draw their request bands on one scale, so the same count is
 * the same height in both: in load-test-c1000 Node.js's requests in flight peak
 * on a scale of 2,000, the pool of 200 threads' on one of 1,000 (before, each
 * column drew its own: the same count, twice the height). A column with more
 * room (no threads band) draws its band taller on the same scale, its top a
 * higher count, instead of leaving the room empty (db-bottleneck's Node.js). */
static void test_compare_bands_share_one_scale(void **state)
{
    (void)state;
    static const struct {
        const char *file, *a, *b;
    } cases[] = {
        {"load-test-c1000.json", "Node.js", "A pool of 200 threads"},
        {"load-test-c1000.json", "A pool of 200 threads", "Node.js"},
        {"db-bottleneck.json", "Node.js", "Python, a pool of 50 threads"},
    };
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t k = 0; k < 2; k++) {
            cJSON *f;
            frame_args a = {cases[i].file, NULL, {cases[i].a, cases[i].b}, NULL, NULL};
            assert_int_equal(run_frame_sized(&a, sizes[k][0], sizes[k][1], &f), 0);
            char s0[32], s1[32];
            int h0 = 0, h1 = 0;
            band_of(f, 0, "requests", s0, sizeof s0, &h0);
            band_of(f, 1, "requests", s1, sizeof s1, &h1);
            long v0 = scale_value(s0), v1 = scale_value(s1);
            assert_true(h0 > 0 && h1 > 0 && v0 > 0 && v1 > 0);
            /* as many pixels a request in both, to within a pixel at the top */
            long lhs = v0 * h1, rhs = v1 * h0, slack = v0 > v1 ? v0 : v1;
            if (labs(lhs - rhs) > slack)
                fail_msg("%s %s: %s in %d px against %s in %d px", cases[i].file, cases[i].a, s0,
                         h0, s1, h1);
            if (strcmp(cases[i].file, "db-bottleneck.json") == 0 && h0 <= h1)
                fail_msg("db-bottleneck: Node.js's band (%d px) left its room empty (%d px)", h0,
                         h1);
            cJSON_Delete(f);
        }
}

/* The lanes of column 0 taking turns on the GIL, "T1=50|T2=50|...", and whether
 * the legend has the entry. */
static void turns_of(const cJSON *f, char *buf, size_t size, bool *legend)
{
    buf[0] = '\0';
    const cJSON *t;
    cJSON_ArrayForEach(t, get(get(column(f, 0), "timeline"), "gil_turns"))
    {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s=%d", n ? "|" : "", get(t, "lane")->valuestring,
                 get(t, "share")->valueint);
        assert_non_null(strstr(get(t, "text")->valuestring, "taking turns on the GIL"));
    }
    char texts[1024];
    texts_of(f, "legend", texts, sizeof texts);
    *legend = strstr(texts, "taking turns on the GIL") != NULL;
}

/* gil-cpu-bound with the GIL: two threads hand the GIL over every 5 ms (CPython's
 * switch interval, docs/model.md), so each runs half the time; at the whole run
 * (400 turns in 700 px) and zoomed to 30 ms (6 turns) the lanes say so, with
 * their share, and the legend has the entry. Without the GIL nobody takes turns. */
static void test_gil_turns_are_labelled_at_every_zoom(void **state)
{
    (void)state;
    char buf[256];
    bool legend;
    cJSON *f;
    frame_args a = {"gil-cpu-bound.json", NULL, {"Python threads (GIL)"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_string_equal(get(get(column(f, 0), "timeline"), "window")->valuestring, "run");
    turns_of(f, buf, sizeof buf, &legend);
    assert_string_equal(buf, "T1=50|T2=50|#1=50|#2=50");
    assert_true(legend);
    cJSON_Delete(f);

    a.at = "500ms";
    win_from = "480ms";
    win_to = "510ms";
    assert_int_equal(run_frame(&a, &f), 0);
    win_from = win_to = NULL;
    assert_string_equal(get(get(column(f, 0), "timeline"), "window")->valuestring, "zoom");
    turns_of(f, buf, sizeof buf, &legend);
    assert_string_equal(buf, "T1=50|T2=50|#1=50|#2=50");
    assert_true(legend);
    cJSON_Delete(f);

    frame_args b = {"gil-cpu-bound.json", NULL, {"Python 3.13t (free-threaded)"}, NULL, NULL};
    assert_int_equal(run_frame(&b, &f), 0);
    turns_of(f, buf, sizeof buf, &legend);
    assert_string_equal(buf, "");
    assert_false(legend);
    cJSON_Delete(f);
}

/* --from / --to set the window: the frame's data has it, the axis ends there and
 * the screen says so in words. */
static void test_from_to_zoom_the_timeline(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"convoy.json", "600ms", {"Python threads (GIL)"}, NULL, NULL};
    win_from = "500ms";
    win_to = "520ms";
    assert_int_equal(run_frame(&a, &f), 0);
    win_from = win_to = NULL;
    const cJSON *tl = get(column(f, 0), "timeline");
    assert_string_equal(get(tl, "window")->valuestring, "zoom");
    assert_int_equal(get(tl, "from_ns")->valuedouble, 500 * MS);
    assert_int_equal(get(tl, "to_ns")->valuedouble, 520 * MS);
    char buf[512];
    texts_of(f, "zoom", buf, sizeof buf);
    assert_string_equal(buf, "zoom: 500 ms to 520 ms");
    cJSON_Delete(f);
    /* the whole run: no zoom on screen */
    frame_args b = {"convoy.json", "600ms", {"Python threads (GIL)"}, NULL, NULL};
    assert_int_equal(run_frame(&b, &f), 0);
    tl = get(column(f, 0), "timeline");
    assert_string_equal(get(tl, "window")->valuestring, "run");
    assert_int_equal(get(tl, "from_ns")->valuedouble, 0);
    texts_of(f, "zoom", buf, sizeof buf);
    assert_string_equal(buf, "");
    cJSON_Delete(f);
}

/* convoy's captions zoom to [0, 20 ms] (T2's 5 ms waits for the GIL) while they
 * show, from 0 to 506.4 ms; past 20 ms the window pages along with the clock;
 * after them the whole run; the teacher's own zoom wins over a caption's. */
static void test_caption_zoom_applies_while_it_shows(void **state)
{
    (void)state;
    static const struct {
        const char *at, *window;
        int64_t from, to;
        const char *text;
    } cases[] = {
        {"7ms", "caption", 0, 20 * MS, "zoom (caption): 0 s to 20 ms"},
        {"12ms", "caption", 0, 20 * MS, "zoom (caption): 0 s to 20 ms"},
        /* a longer window's words would take more than 2/5 of the timeline's width
         * from its legend: the short form */
        {"300ms", "caption", 300 * MS, 320 * MS, "zoom 300-320 ms"},
        {"310ms", "caption", 300 * MS, 320 * MS, "zoom 300-320 ms"},
        {"600ms", "run", 0, 2001 * MS, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *f;
        frame_args a = {"convoy.json", cases[i].at, {"Python threads (GIL)"}, NULL, NULL};
        assert_int_equal(run_frame(&a, &f), 0);
        const cJSON *tl = get(column(f, 0), "timeline");
        assert_string_equal(get(tl, "window")->valuestring, cases[i].window);
        assert_int_equal(get(tl, "from_ns")->valuedouble, cases[i].from);
        if (strcmp(cases[i].window, "caption") == 0)
            assert_int_equal(get(tl, "to_ns")->valuedouble, cases[i].to);
        char buf[256];
        texts_of(f, "zoom", buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        cJSON_Delete(f);
    }
    cJSON *f;
    frame_args a = {"convoy.json", "7ms", {"Python threads (GIL)"}, NULL, NULL};
    win_from = "0ms";
    win_to = "1s";
    assert_int_equal(run_frame(&a, &f), 0);
    win_from = win_to = NULL;
    const cJSON *tl = get(column(f, 0), "timeline");
    assert_string_equal(get(tl, "window")->valuestring, "zoom");
    assert_int_equal(get(tl, "to_ns")->valuedouble, 1000 * MS);
    cJSON_Delete(f);
    /* the free-threaded runtime has captions of its own without a zoom */
    frame_args b = {"convoy.json", "7ms", {"Python 3.13t (free-threaded)"}, NULL, NULL};
    assert_int_equal(run_frame(&b, &f), 0);
    assert_string_equal(get(get(column(f, 0), "timeline"), "window")->valuestring, "run");
    cJSON_Delete(f);
}

/* The texts of one kind joined with spaces: a wrapped paragraph read back whole. */
static void paragraph_of(const cJSON *root, const char *what, char *buf, size_t size)
{
    texts_of(root, what, buf, size);
    for (char *p = buf; *p; p++)
        if (*p == '|')
            *p = ' ';
}

/* A key script's frame time, and whether it stands before the first event there. */
static int64_t keys_time(const char *file, const char *keys, const char *runtime, int *step)
{
    cJSON *f;
    frame_args a = {file, NULL, {runtime, NULL}, keys, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    int64_t t = (int64_t)get(f, "t_ns")->valuedouble;
    if (step)
        *step = get(get(f, "step"), "index")->valueint;
    assert_false(cJSON_IsTrue(get(get(f, "open"), "playing")));
    cJSON_Delete(f);
    return t;
}

/* PageDown and PageUp go from caption to caption like slides: to the caption's
 * "at", before the first event of that instant. The lesson opens on its first
 * caption (at 0), so two PageDowns show the third. */
static void test_page_keys_go_caption_to_caption(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/print-order.json");
    size_t n;
    const scn_narration *cap = scn_runtime_narration(scn, 0, &n); /* Node.js's own */
    assert_int_equal(n, 4);
    assert_int_equal(cap[0].at, 0);
    int step = -1;
    assert_int_equal(keys_time("print-order.json", "PageDown", NULL, &step), cap[1].at);
    assert_int_equal(step, 0);
    assert_int_equal(keys_time("print-order.json", "PageDown PageDown", NULL, &step), cap[2].at);
    assert_int_equal(step, 0);
    assert_int_equal(keys_time("print-order.json", "PageDown PageDown PageUp", NULL, NULL),
                     cap[1].at);
    /* from inside a caption, PageUp goes back to its start, then to the one before */
    assert_int_equal(keys_time("print-order.json", "PageDown Right Right PageUp", NULL, &step),
                     cap[1].at);
    assert_int_equal(step, 0);
    assert_int_equal(keys_time("print-order.json", "End PageUp", NULL, NULL), cap[3].at);
    assert_int_equal(keys_time("print-order.json", "End PageUp PageUp", NULL, NULL), cap[2].at);
    /* past the last caption PageDown stays; before the first PageUp stays */
    assert_int_equal(
        keys_time("print-order.json", "PageDown PageDown PageDown PageDown PageDown", NULL, NULL),
        cap[3].at);
    assert_int_equal(keys_time("print-order.json", "PageUp", NULL, &step), 0);
    assert_int_equal(step, 0);
    /* another runtime: its own captions */
    const scn_narration *py = scn_runtime_narration(scn, 1, &n);
    assert_true(n >= 2 && py != cap);
    assert_int_equal(keys_time("print-order.json", "PageDown", scn->runtimes[1].name, NULL),
                     py[1].at);
    /* Space then plays on from the caption */
    cJSON *f;
    frame_args a = {"print-order.json", NULL, {NULL}, "PageDown Space", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_true(cJSON_IsTrue(get(get(f, "open"), "playing")));
    cJSON_Delete(f);
    scn_free(scn);
}

/* N shows the presenter's notes of the caption on screen, and hides them again. */
static void test_n_shows_the_notes_of_the_caption(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/print-order.json");
    size_t n;
    const scn_narration *cap = scn_runtime_narration(scn, 0, &n);
    assert_non_null(cap[0].notes);
    assert_non_null(cap[1].notes);
    assert_string_not_equal(cap[0].notes, cap[1].notes);
    char buf[8192];
    cJSON *f;
    frame_args a = {"print-order.json", NULL, {NULL}, "N", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    assert_true(cJSON_IsTrue(get(get(f, "open"), "notes")));
    paragraph_of(f, "notes", buf, sizeof buf);
    assert_non_null(strstr(buf, cap[0].notes));
    assert_null(strstr(buf, cap[1].notes));
    cJSON_Delete(f);
    /* the notes follow the caption */
    a.keys = "N PageDown";
    assert_int_equal(run_frame(&a, &f), 0);
    paragraph_of(f, "notes", buf, sizeof buf);
    assert_non_null(strstr(buf, cap[1].notes));
    cJSON_Delete(f);
    /* nothing of them without N, or after N twice; the caption itself stays */
    const char *const off[] = {"PageDown", "N N PageDown"};
    for (size_t i = 0; i < 2; i++) {
        a.keys = off[i];
        assert_int_equal(run_frame(&a, &f), 0);
        assert_false(cJSON_IsTrue(get(get(f, "open"), "notes")));
        texts_of(f, "notes", buf, sizeof buf);
        assert_string_equal(buf, "");
        paragraph_of(f, "caption", buf, sizeof buf);
        assert_non_null(strstr(buf, "It prints 2"));
        cJSON_Delete(f);
    }
    /* a caption without notes says so */
    a = (frame_args){"three-requests.json", NULL, {NULL}, "N", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    paragraph_of(f, "notes", buf, sizeof buf);
    assert_non_null(strstr(buf, "No notes for this caption"));
    cJSON_Delete(f);
    scn_free(scn);
}

/* L opens the list in the teaching order, numbered, on the lesson open (print-order
 * is lesson 3 of the guide's table), with its teaser rather than its answer. */
static void test_list_in_teaching_order_marks_the_open_lesson(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"print-order.json", NULL, {NULL}, "L", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    char buf[8192];
    texts_of(f, "list", buf, sizeof buf);
    assert_non_null(strstr(buf, "1. The waiter and the tables|"));
    assert_non_null(strstr(buf, "|3. The print-order puzzle|Five console.log calls"));
    assert_null(strstr(buf, "1 2 4 5 3"));
    bool heading = false;
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts"))
    {
        heading |= strncmp(get(t, "text")->valuestring, "Scenarios (3 of ", 16) == 0;
    }
    assert_true(heading);
    cJSON_Delete(f);
}

/* The help names the presenter's keys; paused, the header still shows the speed. */
static void test_help_lists_the_presenter_keys(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"print-order.json", NULL, {NULL}, "H", NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    char buf[4096];
    texts_of(f, "help", buf, sizeof buf);
    assert_non_null(strstr(buf, "|PageDown / PageUp|next / previous caption"));
    assert_non_null(strstr(buf, "|N|the presenter's notes"));
    cJSON_Delete(f);
    a.keys = "Up";
    assert_int_equal(run_frame(&a, &f), 0);
    texts_of(f, "playback", buf, sizeof buf);
    assert_string_equal(buf, "2 ms/s");
    assert_false(cJSON_IsTrue(get(get(f, "open"), "playing"))); /* one step up from 1 ms/s */
    cJSON_Delete(f);
}

/* Compared at 1280x720 the pass has room for one value of oversold-stock's three:
 * in each column it is the one its run wrote last (the one its caption is at). */
static void test_pass_short_of_room_shows_the_value_written_last(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"oversold-stock.json",
                    "32.96ms",
                    {"Python threads (GIL)", "Python 3.13t (free-threaded)"},
                    NULL,
                    NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    for (int c = 0; c < 2; c++) {
        const cJSON *col = column(f, c), *o, *last = NULL;
        cJSON_ArrayForEach(o, get(col, "shared"))
        {
            if (!last ||
                get(o, "last_write_ns")->valuedouble > get(last, "last_write_ns")->valuedouble)
                last = o;
        }
        assert_non_null(last);
        const char *runtime = get(col, "runtime")->valuestring;
        int rows = 0;
        bool found = false;
        const cJSON *x;
        cJSON_ArrayForEach(x, get(f, "texts"))
        {
            const cJSON *rt = cJSON_GetObjectItemCaseSensitive(x, "runtime");
            if (strcmp(get(x, "what")->valuestring, "shared") != 0 || !rt ||
                strcmp(rt->valuestring, runtime) != 0 ||
                strstr(get(x, "text")->valuestring, " lost"))
                continue;
            rows++;
            char want[96];
            snprintf(want, sizeof want, "%s %d", get(last, "name")->valuestring,
                     (int)get(last, "value")->valuedouble);
            found |= strcmp(get(x, "text")->valuestring, want) == 0;
        }
        assert_true(rows >= 1 && rows < 3);
        if (!found)
            fail_msg("%s: the pass does not show %s, written last", runtime,
                     get(last, "name")->valuestring);
    }
    cJSON_Delete(f);
}

/* The service a runtime calls is drawn beside its kitchen: the gateway's "ml
 * service" box (its name, its line, a waiter per worker of the service); the
 * runtime that does the model's work in process calls no one: no box, and its
 * kitchen says it has no I/O device. */
static void test_a_service_is_drawn_beside_the_runtime_that_calls_it(void **state)
{
    (void)state;
    const char *rts[2] = {"Node.js gateway", "Python only"};
    for (int i = 0; i < 2; i++) {
        cJSON *f;
        frame_args a = {"hybrid-gateway.json", "500ms", {rts[i]}, NULL, NULL};
        assert_int_equal(run_frame(&a, &f), 0);
        char svc[8192], labels[8192];
        texts_of(f, "service", svc, sizeof svc);
        texts_of(f, "label", labels, sizeof labels);
        bool drawn = strstr(svc, "ml service") != NULL;
        if (drawn != (i == 0))
            fail_msg("%s: the ml service is %s: %s", rts[i], drawn ? "drawn" : "missing", svc);
        const cJSON *o = cJSON_GetArrayItem(get(column(f, 0), "services"), 0);
        assert_int_equal(cJSON_IsTrue(get(o, "restaurant")), i == 0);
        int waiters = 0;
        const cJSON *t;
        cJSON_ArrayForEach(t, get(f, "texts"))
        {
            const cJSON *sv = cJSON_GetObjectItemCaseSensitive(t, "service");
            waiters += sv && strcmp(get(t, "what")->valuestring, "waiter") == 0;
            if (sv)
                assert_string_equal(sv->valuestring, "ml");
        }
        /* 4 processes of one thread each (the scenario's "ml" service) */
        assert_int_equal(waiters, i == 0 ? 4 : 0);
        if (i == 1 && !strstr(labels, "no I/O device here"))
            fail_msg("%s: the kitchen does not say it has no device: %s", rts[i], labels);
        cJSON_Delete(f);
    }
}

/* The calls service k of `run` received and answered by t, and the p99 latency
 * (ns, nearest rank as the engine's summary takes it) of those answered, from its
 * trace's own events (not from the timeline the app reads). */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void service_counts_at(const sim_run *run, size_t k, int64_t t, int64_t *got, int64_t *done,
                              int64_t *p99, int64_t *queued)
{
    const trace *tr = sim_run_service_trace(run, k);
    size_t n = trace_count(tr);
    int64_t *arrive = calloc(n + 1, sizeof *arrive), *lat = calloc(n + 1, sizeof *lat);
    assert_non_null(arrive);
    assert_non_null(lat);
    bool *taken = calloc(n + 1, sizeof *taken);
    assert_non_null(taken);
    *got = *done = *queued = 0;
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->t > t)
            break;
        if (ev->kind == TRACE_ARRIVE && ev->req >= 0 && (size_t)ev->req < n)
            arrive[ev->req] = ev->t, (*got)++, (*queued)++;
        /* queued until a waiter first takes it: wants a core or runs */
        if ((ev->kind == TRACE_READY || ev->kind == TRACE_RUN) && ev->req >= 0 &&
            (size_t)ev->req < n && !taken[ev->req])
            taken[ev->req] = true, (*queued)--;
        if (ev->kind == TRACE_DONE && ev->req >= 0 && (size_t)ev->req < n)
            lat[(*done)++] = ev->t - arrive[ev->req];
    }
    qsort(lat, (size_t)*done, sizeof *lat, cmp_i64);
    *p99 = sim_percentile(lat, *done, 99);
    free(arrive);
    free(lat);
    free(taken);
}

/* The services behind a run in the frame data: at the end, what the engine's
 * summary says of each (calls answered, p50 and p99 latency); on the way, at
 * several times, the calls received and answered and the p99 of those answered
 * are those the service's trace has by then, and so are its calls queued (arrived,
 * not yet taken by a waiter), the box's line says the frame data's calls in flight and queued,
 * and the orders it draws (at its waiters and waiting) and its "+N" add up to
 * the calls in flight; every arrow is drawn from a request in the restaurant
 * that made that call, by the front's trace. */
static void test_services_in_the_frame_match_the_summary(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/hybrid-gateway.json");
    sim_run *run = run_traced_to_end(scn, "Node.js gateway", scn->seed);
    assert_non_null(sim_run_service_trace(run, 0));
    const sim_metrics *m = sim_run_service_metrics(run, 0);
    cJSON *f;
    frame_args a = {"hybrid-gateway.json", NULL, {"Node.js gateway"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    const cJSON *svc = cJSON_GetArrayItem(get(column(f, 0), "services"), 0);
    assert_non_null(svc);
    assert_string_equal(get(svc, "name")->valuestring, "ml");
    assert_int_equal(get(svc, "completed")->valuedouble, m->completed);
    assert_int_equal(get(svc, "in_flight")->valuedouble, 0);
    assert_int_equal(get(svc, "waiting")->valuedouble, 0);
    assert_true(fabs(get(svc, "latency_p50_ms")->valuedouble - (double)m->lat_p50_ns / 1e6) < 1e-9);
    assert_true(fabs(get(svc, "latency_p99_ms")->valuedouble - (double)m->lat_p99_ns / 1e6) < 1e-9);
    cJSON_Delete(f);
    /* 3750 ms: a burst, two calls queued at the service (4 workers busy) */
    static const char *const at[] = {"500ms", "1s", "2s", "3500ms", "3750ms", "5s", "7s", "9s"};
    int64_t busiest = 0, arrows = 0;
    bool queued_seen = false;
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        frame_args b = {"hybrid-gateway.json", at[i], {"Node.js gateway"}, NULL, NULL};
        assert_int_equal(run_frame(&b, &f), 0);
        int64_t t = (int64_t)get(f, "t_ns")->valuedouble, got, done, p99, queued_trace;
        service_counts_at(run, 0, t, &got, &done, &p99, &queued_trace);
        svc = cJSON_GetArrayItem(get(column(f, 0), "services"), 0);
        assert_int_equal(get(svc, "received")->valuedouble, got);
        assert_int_equal(get(svc, "completed")->valuedouble, done);
        assert_true(fabs(get(svc, "latency_p99_ms")->valuedouble - (double)p99 / 1e6) < 1e-9);
        int64_t fly = (int64_t)get(svc, "in_flight")->valuedouble;
        int64_t queued = (int64_t)get(svc, "waiting")->valuedouble;
        assert_int_equal(fly, got - done);
        if (queued != queued_trace)
            fail_msg("%s: %lld calls queued in the frame, %lld by the service's trace", at[i],
                     (long long)queued, (long long)queued_trace);
        queued_seen |= queued > 0;
        busiest = fly > busiest ? fly : busiest;
        char want[64], lines[8192];
        snprintf(want, sizeof want, "%lld in flight \xC2\xB7 %lld queued", (long long)fly,
                 (long long)queued);
        texts_of(f, "service", lines, sizeof lines);
        if (!strstr(lines, want))
            fail_msg("%s: \"%s\" is not in the service's box: %s", at[i], want, lines);
        int64_t orders = 0, more = 0;
        const cJSON *x;
        cJSON_ArrayForEach(x, get(f, "texts"))
        {
            if (!cJSON_GetObjectItemCaseSensitive(x, "service"))
                continue;
            const char *w = get(x, "what")->valuestring, *s = get(x, "text")->valuestring;
            orders += strcmp(w, "table") == 0;
            if (strcmp(w, "service") == 0 && s[0] == '+')
                more = strtoll(s + 1, NULL, 10);
            assert_false(cJSON_IsTrue(get(x, "cut")));
        }
        assert_int_equal(orders + more, fly);
        const cJSON *call;
        cJSON_ArrayForEach(call, get(svc, "calls_drawn"))
        {
            /* the caller, by the front's own trace: it made this call, and it is
             * in the restaurant at t (arrived, not answered) */
            int64_t caller = (int64_t)get(call, "caller")->valuedouble, sreq;
            sreq = (int64_t)get(call, "request")->valuedouble;
            bool made = false, in = false;
            const trace *tr = sim_run_trace(run);
            for (size_t e = 0; e < trace_count(tr); e++) {
                const trace_event *ev = trace_get(tr, e);
                if (ev->req != caller || ev->t > t)
                    continue;
                made |= ev->kind == TRACE_CALL && ev->a == 0 && ev->x == sreq;
                in = ev->kind == TRACE_ARRIVE ? true : ev->kind == TRACE_DONE ? false : in;
            }
            if (!made || !in)
                fail_msg("%s: an arrow from request %lld, which %s", at[i], (long long)caller,
                         made ? "is not in the restaurant" : "made no such call");
            arrows++;
        }
        cJSON_Delete(f);
    }
    assert_true(busiest > 0 && busiest <= sim_run_service_in_flight_max(run, 0));
    assert_true(arrows > 0);
    assert_true(queued_seen);
    sim_run_free(run);
    scn_free(scn);
}

/* A room too narrow for 4:3 tables with their numbers (the gateway's, between
 * its rails and the ml service, at a burst: hybrid-gateway at 3.75 s) lays them
 * out wider and flatter: every table drawn shows its number, so each arrow to
 * the service starts at the number its order carries. */
static void test_narrow_room_keeps_its_table_numbers(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"hybrid-gateway.json", "3750ms", {"Node.js gateway"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    const cJSON *svc = cJSON_GetArrayItem(get(column(f, 0), "services"), 0);
    assert_true(cJSON_GetArraySize(get(svc, "calls_drawn")) >= 4);
    const cJSON *call, *x;
    cJSON_ArrayForEach(call, get(svc, "calls_drawn"))
    {
        char num[16];
        snprintf(num, sizeof num, "%d", (int)get(call, "caller")->valuedouble + 1);
        int front = 0, order = 0;
        cJSON_ArrayForEach(x, get(f, "texts"))
        {
            if (strcmp(get(x, "text")->valuestring, num) != 0)
                continue;
            const cJSON *sv = cJSON_GetObjectItemCaseSensitive(x, "service");
            front += !sv && strcmp(get(x, "what")->valuestring, "label") == 0;
            order += sv && strcmp(get(x, "what")->valuestring, "table") == 0;
        }
        if (front != 1 || order != 1)
            fail_msg("request %s: %d numbers on the gateway's tables, %d orders at ml", num, front,
                     order);
    }
    cJSON_Delete(f);
}

/* Every lesson with services, on every runtime alone and its first two
 * compared, at both sizes and through the run: no text cut, and a service's box
 * is drawn only with room for its line and its waiters (each of the service's
 * workers named, or a "+N" for the rest); a box not drawn leaves the kitchen a
 * line for that service instead. */
static void test_service_boxes_are_whole_or_absent(void **state)
{
    (void)state;
    static const struct {
        const char *file, *rts[3];
    } lessons[] = {{"hybrid-gateway.json", {"Node.js gateway", "Python only", NULL}},
                   {"sequential-vs-gather.json", {"asyncio", "Node.js", NULL}},
                   {"model-in-process.json", {"Model in process", "Model service", NULL}}};
    static const char *const at[] = {"20ms", "45ms", "90ms", "2s", "3750ms"};
    static const int sizes[2][2] = {{1280, 720}, {1920, 1080}};
    int boxes = 0, lines = 0;
    for (size_t l = 0; l < sizeof lessons / sizeof lessons[0]; l++)
        for (int sz = 0; sz < 2; sz++)
            for (size_t ti = 0; ti < sizeof at / sizeof at[0]; ti++)
                for (int mode = 0; mode < 3; mode++) {
                    frame_args a = {lessons[l].file, at[ti], {NULL, NULL}, NULL, NULL};
                    if (mode < 2)
                        a.runtimes[0] = lessons[l].rts[mode];
                    else
                        a.runtimes[0] = lessons[l].rts[0], a.runtimes[1] = lessons[l].rts[1];
                    cJSON *f;
                    assert_int_equal(run_frame_sized(&a, sizes[sz][0], sizes[sz][1], &f), 0);
                    const cJSON *x;
                    cJSON_ArrayForEach(x, get(f, "texts")) if (cJSON_IsTrue(get(x, "cut")))
                        fail_msg("%s at %s, %dx%d: \"%s\" is cut", lessons[l].file, at[ti],
                                 sizes[sz][0], sizes[sz][1], get(x, "text")->valuestring);
                    const cJSON *col;
                    cJSON_ArrayForEach(col, get(f, "columns"))
                    {
                        const char *rt = get(col, "runtime")->valuestring;
                        const cJSON *o;
                        cJSON_ArrayForEach(o, get(col, "services"))
                        {
                            const char *name = get(o, "name")->valuestring;
                            int waiters = 0, more = 0, line = 0, kitchen = 0;
                            char short_line[96];
                            snprintf(short_line, sizeof short_line, "\xE2\x86\x92 %s: ", name);
                            cJSON_ArrayForEach(x, get(f, "texts"))
                            {
                                const cJSON *r = cJSON_GetObjectItemCaseSensitive(x, "runtime");
                                const cJSON *sv = cJSON_GetObjectItemCaseSensitive(x, "service");
                                const char *w = get(x, "what")->valuestring;
                                const char *t = get(x, "text")->valuestring;
                                if (!r || strcmp(r->valuestring, rt) != 0)
                                    continue;
                                kitchen += !sv && strncmp(t, short_line, strlen(short_line)) == 0;
                                if (!sv || strcmp(sv->valuestring, name) != 0)
                                    continue;
                                waiters += strcmp(w, "waiter") == 0;
                                more += strcmp(w, "label") == 0 && t[0] == '+';
                                line += strcmp(w, "service") == 0 && strstr(t, " in flight");
                            }
                            if (cJSON_IsTrue(get(o, "restaurant"))) {
                                boxes++;
                                if (line != 1 || (waiters == 0 && more == 0) || kitchen)
                                    fail_msg("%s %s at %s, %dx%d: the %s box has %d lines, %d "
                                             "waiters, %d +N; the kitchen %d lines",
                                             lessons[l].file, rt, at[ti], sizes[sz][0],
                                             sizes[sz][1], name, line, waiters, more, kitchen);
                            } else if (get(o, "received")->valuedouble > 0 ||
                                       get(o, "completed")->valuedouble > 0) {
                                lines += kitchen;
                            }
                        }
                    }
                    cJSON_Delete(f);
                }
    assert_true(boxes > 0);
    assert_true(lines > 0);
}

/* Two services called one after the other (sequential-vs-gather at 60 ms, the
 * users call back at 32 ms, the recs call on its way), compared: each kitchen names
 * both, one line each, with the frame data's calls in flight, nothing cut. */
static void test_kitchen_lists_every_service_called(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"sequential-vs-gather.json", "60ms", {"asyncio", "Node.js"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    for (int c = 0; c < 2; c++) {
        const cJSON *o;
        cJSON_ArrayForEach(o, get(column(f, c), "services"))
        {
            char want[96];
            snprintf(want, sizeof want, "\xE2\x86\x92 %s: %d in flight",
                     get(o, "name")->valuestring, (int)get(o, "in_flight")->valuedouble);
            bool found = false;
            const cJSON *x;
            cJSON_ArrayForEach(x, get(f, "texts"))
            {
                const cJSON *rt = cJSON_GetObjectItemCaseSensitive(x, "runtime");
                if (rt && strcmp(rt->valuestring, get(column(f, c), "runtime")->valuestring) == 0 &&
                    strcmp(get(x, "text")->valuestring, want) == 0) {
                    found = true;
                    assert_false(cJSON_IsTrue(get(x, "cut")));
                }
            }
            if (!found)
                fail_msg("column %d: no \"%s\" in its kitchen", c, want);
        }
        assert_int_equal(cJSON_GetArraySize(get(column(f, c), "services")), 2);
    }
    cJSON_Delete(f);
}

static bool rects_meet(const cJSON *a, const cJSON *b)
{
    int ax = cJSON_GetArrayItem(a, 0)->valueint, ay = cJSON_GetArrayItem(a, 1)->valueint;
    int aw = cJSON_GetArrayItem(a, 2)->valueint, ah = cJSON_GetArrayItem(a, 3)->valueint;
    int bx = cJSON_GetArrayItem(b, 0)->valueint, by = cJSON_GetArrayItem(b, 1)->valueint;
    int bw = cJSON_GetArrayItem(b, 2)->valueint, bh = cJSON_GetArrayItem(b, 3)->valueint;
    return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* Forty threads at forty tables in rows closer than a name tag hangs: no tag
 * covers a table's number (they covered the row below). */
static void test_tags_never_cover_the_row_below(void **state)
{
    (void)state;
    cJSON *f;
    frame_args a = {"oversold-stock.json", "30ms", {"Python threads (GIL)"}, NULL, NULL};
    assert_int_equal(run_frame(&a, &f), 0);
    const cJSON *x, *y;
    int tables = 0;
    /* a table's number and a waiter's tag ("T12") are both labels */
    cJSON_ArrayForEach(x, get(f, "texts"))
    {
        const char *num = get(x, "text")->valuestring;
        if (strcmp(get(x, "what")->valuestring, "label") != 0 || !*num ||
            strspn(num, "0123456789") != strlen(num))
            continue;
        tables++;
        cJSON_ArrayForEach(y, get(f, "texts"))
        {
            const char *tag = get(y, "text")->valuestring;
            if (tag[0] == 'T' && tag[1] && strspn(tag + 1, "0123456789") == strlen(tag + 1) &&
                rects_meet(get(x, "rect"), get(y, "rect")))
                fail_msg("the tag \"%s\" covers table \"%s\"", get(y, "text")->valuestring,
                         get(x, "text")->valuestring);
        }
    }
    assert_true(tables >= 20);
    cJSON_Delete(f);
}

/* The pass of oversold-stock: for every runtime, the frame's shared values at the
 * end are the engine's summary (final value, writes, lost updates), the pass
 * shows each value as "NAME VALUE" and the lost updates as "N lost". */
static void test_shared_values_on_the_pass_match_the_summary(void **state)
{
    (void)state;
    scn_scenario *scn = load_path(BISTRO_SOURCE_DIR "/scenarios/oversold-stock.json");
    for (size_t r = 0; r < scn->nruntimes; r++) {
        sim_run *run = run_to_end(scn, r, scn->seed);
        const sim_metrics *m = sim_run_metrics(run);
        cJSON *f;
        frame_args a = {"oversold-stock.json", NULL, {scn->runtimes[r].name}, NULL, NULL};
        assert_int_equal(run_frame(&a, &f), 0);
        const cJSON *shared = get(column(f, 0), "shared");
        assert_int_equal(cJSON_GetArraySize(shared), (int)scn->nstate);
        char texts[4096];
        texts_of(f, "shared", texts, sizeof texts);
        for (size_t k = 0; k < scn->nstate; k++) {
            const cJSON *o = cJSON_GetArrayItem(shared, (int)k);
            assert_string_equal(get(o, "name")->valuestring, scn->state[k].name);
            assert_int_equal(get(o, "value")->valuedouble, m->state[k].final);
            assert_int_equal(get(o, "writes")->valuedouble, m->state[k].writes);
            assert_int_equal(get(o, "lost_updates")->valuedouble, m->state[k].lost_updates);
            char want[128];
            snprintf(want, sizeof want, "%s %lld", scn->state[k].name,
                     (long long)m->state[k].final);
            if (!strstr(texts, want))
                fail_msg("%s: \"%s\" is not on the pass: %s", scn->runtimes[r].name, want, texts);
            snprintf(want, sizeof want, "%lld lost", (long long)m->state[k].lost_updates);
            if (m->state[k].lost_updates > 0 && !strstr(texts, want))
                fail_msg("%s: \"%s\" is not on the pass: %s", scn->runtimes[r].name, want, texts);
        }
        cJSON_Delete(f);
        sim_run_free(run);
    }
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_of_print_order),
        cmocka_unit_test(test_timeline_lanes_are_labelled_and_readable),
        cmocka_unit_test(test_compare_bands_share_one_scale),
        cmocka_unit_test(test_crowded_pool_shows_its_door_not_tags),
        cmocka_unit_test(test_puzzle_log_shows_every_line_at_the_end),
        cmocka_unit_test(test_free_pad_leaves_its_words_alone),
        cmocka_unit_test(test_gil_turns_are_labelled_at_every_zoom),
        cmocka_unit_test(test_from_to_zoom_the_timeline),
        cmocka_unit_test(test_caption_zoom_applies_while_it_shows),
        cmocka_unit_test(test_cut_texts_are_marked),
        cmocka_unit_test(test_keys_drive_the_app),
        cmocka_unit_test(test_bad_key_names),
        cmocka_unit_test(test_compare_header_names_the_columns),
        cmocka_unit_test(test_metrics_freeze_at_a_runtimes_own_finish),
        cmocka_unit_test(test_loop_lag_counts_the_block_in_progress),
        cmocka_unit_test(test_walk_print_order_node),
        cmocka_unit_test(test_walk_puzzle_nexttick_node),
        cmocka_unit_test(test_walk_puzzle_io_callbacks_node),
        cmocka_unit_test(test_walk_asyncio_prints_from_ready),
        cmocka_unit_test(test_orders_view_lists_every_order),
        cmocka_unit_test(test_orders_view_in_compare),
        cmocka_unit_test(test_orders_view_wraps_and_counts_the_rest),
        cmocka_unit_test(test_jitter_scenario_says_how_often_its_order_comes),
        cmocka_unit_test(test_help_lists_the_orders_key),
        cmocka_unit_test(test_compare_names_every_waiter),
        cmocka_unit_test(test_door_counts_the_accept_queue),
        cmocka_unit_test(test_narrow_station_keeps_its_waiting_count),
        cmocka_unit_test(test_every_picture_is_named),
        cmocka_unit_test(test_rails_name_every_queue_in_full),
        cmocka_unit_test(test_waiters_are_pictures_in_compare),
        cmocka_unit_test(test_page_keys_go_caption_to_caption),
        cmocka_unit_test(test_n_shows_the_notes_of_the_caption),
        cmocka_unit_test(test_help_lists_the_presenter_keys),
        cmocka_unit_test(test_list_in_teaching_order_marks_the_open_lesson),
        cmocka_unit_test(test_shared_values_on_the_pass_match_the_summary),
        cmocka_unit_test(test_tags_never_cover_the_row_below),
        cmocka_unit_test(test_a_service_is_drawn_beside_the_runtime_that_calls_it),
        cmocka_unit_test(test_service_boxes_are_whole_or_absent),
        cmocka_unit_test(test_narrow_room_keeps_its_table_numbers),
        cmocka_unit_test(test_services_in_the_frame_match_the_summary),
        cmocka_unit_test(test_kitchen_lists_every_service_called),
        cmocka_unit_test(test_pass_short_of_room_shows_the_value_written_last),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
