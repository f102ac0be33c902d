/* test_trace_chrome.c - the Chrome Trace Event Format writer (trace_chrome.c).
 *
 * Every bundled scenario is run on every runtime through the engine, exported,
 * parsed back with cJSON and checked against the trace it came from: the spans of
 * a track never overlap (and the checker that says so is shown to catch an
 * overlap), every track is named, running time adds up to what the trace says
 * (computed here from the trace alone), flows pair up, timestamps are t / 1000
 * exactly. Expected values come from the scenarios and from the trace, never from
 * the writer; the print order 1 2 4 5 3 is Node's (DESIGN.md, seed claim 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <math.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "sink.h"
#include "test_support.h"
#include "trace.h"
#include "trace_chrome.h"

#define SCENARIOS BISTRO_SOURCE_DIR "/scenarios"

/* ---- running and exporting ------------------------------------------------------------------ */

static scn_scenario *load_bundled(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.json", SCENARIOS, name);
    return load_path(path);
}

static sim_run *simulate(const scn_scenario *scn, size_t runtime)
{
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, runtime, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    return run;
}

/* The export of `tr` (NUL-terminated; free with free()); the writer must succeed. */
static char *export(const trace *tr, const scn_scenario *scn, const char *runtime, size_t *len)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    int err = trace_write_chrome(&s, tr, scn, runtime, scn->seed);
    assert_int_equal(err, 0);
    assert_int_equal(s.err, 0);
    if (len != NULL)
        *len = b.len;
    return b.data;
}

/* The parsed export of runtime `r` of `scn`. */
static cJSON *export_parsed(const scn_scenario *scn, size_t r, sim_run **run_out)
{
    sim_run *run = simulate(scn, r);
    char *text = export(sim_run_trace(run), scn, scn->runtimes[r].name, NULL);
    cJSON *root = cJSON_Parse(text);
    if (root == NULL)
        print_error("%s/%s: not JSON near: %.60s\n", scn->name, scn->runtimes[r].name,
                    cJSON_GetErrorPtr());
    assert_non_null(root);
    free(text);
    if (run_out != NULL)
        *run_out = run;
    else
        sim_run_free(run);
    return root;
}

static const cJSON *events_of(const cJSON *root)
{
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
    assert_true(cJSON_IsArray(ev));
    return ev;
}

static const char *str_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool has_num(const cJSON *obj, const char *key)
{
    return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static double num_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

/* Microseconds in the file back to nanoseconds (exact: three decimals at most). */
static int64_t ns_of(const cJSON *obj, const char *key)
{
    return (int64_t)llround(num_of(obj, key) * 1000.0);
}

static bool is_ph(const cJSON *e, const char *ph)
{
    const char *p = str_of(e, "ph");
    return p != NULL && strcmp(p, ph) == 0;
}

/* ---- the overlap checker --------------------------------------------------------------------- */

typedef struct {
    int64_t pid, tid, t0, t1;
} span;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    if (x->tid != y->tid)
        return x->tid < y->tid ? -1 : 1;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    return 0;
}

/* How many X spans start before the previous span of their (pid, tid) track ends,
 * after sorting each track by start time. */
static int count_overlaps(const cJSON *events)
{
    int n = cJSON_GetArraySize(events);
    span *s = malloc(((size_t)n + 1) * sizeof *s);
    assert_non_null(s);
    size_t k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        if (!is_ph(e, "X"))
            continue;
        int64_t t0 = ns_of(e, "ts");
        s[k++] = (span){(int64_t)num_of(e, "pid"), (int64_t)num_of(e, "tid"), t0,
                        t0 + ns_of(e, "dur")};
    }
    qsort(s, k, sizeof *s, span_cmp);
    int overlaps = 0;
    for (size_t i = 1; i < k; i++)
        if (s[i].pid == s[i - 1].pid && s[i].tid == s[i - 1].tid && s[i].t0 < s[i - 1].t1)
            overlaps++;
    free(s);
    return overlaps;
}

static void test_chrome_checker_catches_overlaps(void **state)
{
    (void)state;
    /* [0,10) and [5,15) on one track overlap; [10,20) after [0,10) and a span on
     * another thread or process do not. */
    cJSON *bad = cJSON_Parse(
        "{\"traceEvents\":["
        "{\"name\":\"running\",\"ph\":\"X\",\"ts\":0,\"dur\":10,\"pid\":1,\"tid\":1},"
        "{\"name\":\"ready\",\"ph\":\"X\",\"ts\":5,\"dur\":10,\"pid\":1,\"tid\":1},"
        "{\"name\":\"running\",\"ph\":\"X\",\"ts\":5,\"dur\":10,\"pid\":1,\"tid\":2},"
        "{\"name\":\"running\",\"ph\":\"X\",\"ts\":5,\"dur\":10,\"pid\":2,\"tid\":1}]}");
    cJSON *good = cJSON_Parse(
        "{\"traceEvents\":["
        "{\"name\":\"ready\",\"ph\":\"X\",\"ts\":10,\"dur\":10,\"pid\":1,\"tid\":1},"
        "{\"name\":\"running\",\"ph\":\"X\",\"ts\":0,\"dur\":10,\"pid\":1,\"tid\":1},"
        "{\"name\":\"running\",\"ph\":\"X\",\"ts\":5,\"dur\":10,\"pid\":1,\"tid\":2}]}");
    /* one nanosecond of overlap is an overlap */
    cJSON *tiny = cJSON_Parse(
        "{\"traceEvents\":["
        "{\"name\":\"running\",\"ph\":\"X\",\"ts\":0.5,\"dur\":1.001,\"pid\":1,\"tid\":1},"
        "{\"name\":\"ready\",\"ph\":\"X\",\"ts\":1.5,\"dur\":1,\"pid\":1,\"tid\":1}]}");
    assert_int_equal(count_overlaps(events_of(bad)), 1);
    assert_int_equal(count_overlaps(events_of(good)), 0);
    assert_int_equal(count_overlaps(events_of(tiny)), 1);
    cJSON_Delete(bad);
    cJSON_Delete(good);
    cJSON_Delete(tiny);
}

/* ---- every scenario, every runtime ------------------------------------------------------------- */

typedef void (*runtime_fn)(const scn_scenario *scn, size_t r, void *ctx);

/* Calls fn for every runtime of every bundled scenario; returns how many. */
static int for_each_runtime(runtime_fn fn, void *ctx)
{
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(scn_dir_list(SCENARIOS, &paths, &n), 0);
    assert_true(n >= 7);
    int runs = 0;
    for (size_t i = 0; i < n; i++) {
        scn_scenario *scn = load_path(paths[i]);
        for (size_t r = 0; r < scn->nruntimes; r++, runs++)
            fn(scn, r, ctx);
        scn_free(scn);
    }
    scn_dir_free(paths, n);
    return runs;
}

typedef struct {
    int64_t pid, tid;
} track;

static bool track_in(const track *t, size_t n, int64_t pid, int64_t tid)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].pid == pid && t[i].tid == tid)
            return true;
    return false;
}

typedef struct {
    double id;
    char ph;
    const char *name;
} flow_end;

static int flow_cmp(const void *a, const void *b)
{
    const flow_end *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->ph - y->ph;
}

/* Every flow id has one "f" and one "s" (in that sorted order), of one name. */
static void check_flows(flow_end *f, size_t n, const char *what)
{
    qsort(f, n, sizeof *f, flow_cmp);
    if (n % 2 != 0)
        print_error("%s: %zu flow events\n", what, n);
    assert_int_equal(n % 2, 0);
    for (size_t i = 0; i < n; i += 2) {
        assert_true(f[i].id == f[i + 1].id);
        assert_int_equal(f[i].ph, 'f');
        assert_int_equal(f[i + 1].ph, 's');
        assert_string_equal(f[i].name, f[i + 1].name);
        assert_true(i + 2 >= n || f[i + 2].id != f[i].id);
    }
}

/* Names first: which tracks and processes the metadata names. */
static size_t named_tracks(const cJSON *events, track *tracks, size_t cap, int64_t *pids,
                           size_t *npids)
{
    size_t n = 0;
    *npids = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        if (!is_ph(e, "M"))
            continue;
        const char *what = str_of(e, "name");
        const char *name = str_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "name");
        if (strcmp(what, "thread_name") == 0 && name != NULL && name[0] != '\0' && n < cap)
            tracks[n++] = (track){(int64_t)num_of(e, "pid"), (int64_t)num_of(e, "tid")};
        if (strcmp(what, "process_name") == 0 && name != NULL && name[0] != '\0')
            pids[(*npids)++] = (int64_t)num_of(e, "pid");
    }
    return n;
}

static bool pid_in(const int64_t *pids, size_t n, int64_t pid)
{
    for (size_t i = 0; i < n; i++)
        if (pids[i] == pid)
            return true;
    return false;
}

/* One event of the export, checked against the Trace Event Format and our rules. */
static void check_event(const cJSON *e, const track *tracks, size_t ntracks, const int64_t *pids,
                        size_t npids, const char *what)
{
    const char *ph = str_of(e, "ph");
    assert_non_null(ph);
    assert_non_null(str_of(e, "name"));
    int64_t pid = (int64_t)num_of(e, "pid");
    if (ph[0] == 'M')
        return;
    assert_true(ns_of(e, "ts") >= 0);
    const char *scope = str_of(e, "s");
    if (ph[0] == 'b' || ph[0] == 'e') {
        /* a request's track: nestable async events by request id, no thread */
        assert_string_equal(str_of(e, "cat"), "request");
        assert_true(has_num(e, "id") && num_of(e, "id") >= 0);
        assert_true(pid_in(pids, npids, pid));
        return;
    }
    bool thread = strchr("Xsf", ph[0]) != NULL ||
                  (ph[0] == 'i' && scope != NULL && strcmp(scope, "t") == 0);
    if (thread && !track_in(tracks, ntracks, pid, (int64_t)num_of(e, "tid"))) {
        print_error("%s: unnamed track %lld/%lld\n", what, (long long)pid,
                    (long long)num_of(e, "tid"));
        fail();
    }
    assert_true(pid_in(pids, npids, pid));
    switch (ph[0]) {
    case 'X':
        assert_true(ns_of(e, "dur") > 0); /* zero-length spans are left out */
        break;
    case 'i':
        assert_non_null(scope);
        assert_true(strcmp(scope, "t") == 0 || strcmp(scope, "p") == 0);
        break;
    case 'C':
        /* a queue's length, or a shared value (any whole number) */
        if (str_of(e, "cat") != NULL && strcmp(str_of(e, "cat"), "state") == 0)
            assert_true(has_num(cJSON_GetObjectItemCaseSensitive(e, "args"), "value"));
        else
            assert_true(num_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "length") >= 0);
        break;
    case 's':
    case 'f':
        assert_true(has_num(e, "id"));
        assert_string_equal(str_of(e, "cat"), "flow");
        if (ph[0] == 'f')
            assert_string_equal(str_of(e, "bp"), "e");
        break;
    default: print_error("%s: unexpected ph %s\n", what, ph); fail();
    }
}

/* A worker's name from its spawn event (trace.h: b is its kind, x its number among
 * its process's workers of that kind), restated from docs/trace-format.md. */
static void spawn_name(const trace_event *ev, char *out, size_t cap)
{
    if (ev->b == TRACE_WORKER_LOOP && ev->x == 0)
        snprintf(out, cap, "event loop");
    else
        snprintf(out, cap, "%s %lld",
                 ev->b == TRACE_WORKER_LOOP   ? "worker thread"
                 : ev->b == TRACE_WORKER_POOL ? "pool thread"
                                              : "thread",
                 (long long)ev->x);
}

typedef struct {
    int64_t pid, tid;
    char name[48];
} named;

static int named_cmp(const void *a, const void *b)
{
    const named *x = a, *y = b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    if (x->tid != y->tid)
        return x->tid < y->tid ? -1 : 1;
    return 0;
}

/* Every spawn's track (pid = process + 1, tid = worker + 1) is named once, after the
 * spawn's kind and number (a reused worker index keeps its number, so its spawns
 * agree), and every thread name comes from a spawn. */
static void check_track_names(const cJSON *root, const trace *tr, const scn_scenario *scn,
                              const char *what)
{
    size_t nspawn = 0, nmeta = 0, n = trace_count(tr);
    named *spawns = malloc((n + 1) * sizeof *spawns);
    named *metas = malloc(((size_t)cJSON_GetArraySize(events_of(root)) + 1) * sizeof *metas);
    assert_true(spawns && metas);
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->kind != TRACE_SPAWN)
            continue;
        named *sp = &spawns[nspawn++];
        *sp = (named){ev->a + 1, ev->worker + 1, ""};
        spawn_name(ev, sp->name, sizeof sp->name);
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (!is_ph(e, "M") || strcmp(str_of(e, "name"), "thread_name") != 0)
            continue;
        const char *name = str_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "name");
        assert_true(name != NULL && strlen(name) < sizeof metas->name);
        named *m = &metas[nmeta++];
        *m = (named){(int64_t)num_of(e, "pid"), (int64_t)num_of(e, "tid"), ""};
        strcpy(m->name, name);
    }
    qsort(spawns, nspawn, sizeof *spawns, named_cmp);
    qsort(metas, nmeta, sizeof *metas, named_cmp);
    size_t tracks = 0;
    for (size_t i = 0; i < nspawn; i++) {
        if (i > 0 && named_cmp(&spawns[i - 1], &spawns[i]) == 0) {
            assert_string_equal(spawns[i - 1].name, spawns[i].name);
            continue;
        }
        const named *m = tracks < nmeta ? &metas[tracks] : NULL;
        if (m == NULL || named_cmp(m, &spawns[i]) != 0)
            fail_msg("%s / %s: track %lld/%lld (\"%s\") is not named once", scn->name, what,
                     (long long)spawns[i].pid, (long long)spawns[i].tid, spawns[i].name);
        else if (strcmp(m->name, spawns[i].name) != 0)
            fail_msg("%s / %s: track %lld/%lld is \"%s\", its spawn says \"%s\"", scn->name, what,
                     (long long)m->pid, (long long)m->tid, m->name, spawns[i].name);
        tracks++;
    }
    if (tracks != nmeta)
        fail_msg("%s / %s: %zu thread names for %zu spawned tracks", scn->name, what, nmeta,
                 tracks);
    assert_true(tracks > 0);
    free(spawns);
    free(metas);
}

static void check_valid(const scn_scenario *scn, size_t r, void *ctx)
{
    (void)ctx;
    sim_run *run = NULL;
    cJSON *root = export_parsed(scn, r, &run);
    const char *what = scn->runtimes[r].name;
    const cJSON *other = cJSON_GetObjectItemCaseSensitive(root, "otherData");
    assert_string_equal(str_of(other, "schema"), "bistro-chrome/1");
    assert_string_equal(str_of(other, "scenario"), scn->name);
    assert_string_equal(str_of(other, "runtime"), what);
    assert_true(num_of(other, "seed") == (double)scn->seed);
    assert_string_equal(str_of(root, "displayTimeUnit"), "ms");

    const cJSON *events = events_of(root);
    size_t n = (size_t)cJSON_GetArraySize(events);
    track *tracks = malloc((n + 1) * sizeof *tracks);
    int64_t *pids = malloc((n + 1) * sizeof *pids);
    flow_end *flows = malloc((n + 1) * sizeof *flows);
    assert_true(tracks && pids && flows);
    size_t npids, ntracks = named_tracks(events, tracks, n, pids, &npids), nflows = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        check_event(e, tracks, ntracks, pids, npids, what);
        if (is_ph(e, "s") || is_ph(e, "f"))
            flows[nflows++] = (flow_end){num_of(e, "id"), str_of(e, "ph")[0], str_of(e, "name")};
    }
    check_flows(flows, nflows, what);
    if (count_overlaps(events) != 0)
        print_error("%s / %s: spans overlap\n", scn->name, what);
    assert_int_equal(count_overlaps(events), 0);
    check_track_names(root, sim_run_trace(run), scn, what);
    free(tracks);
    free(pids);
    free(flows);
    cJSON_Delete(root);
    sim_run_free(run);
}

static void test_chrome_every_scenario_is_valid(void **state)
{
    (void)state;
    /* 7 bundled scenarios, 19 runtimes when this test was written */
    assert_true(for_each_runtime(check_valid, NULL) >= 19);
}

/* ---- running time, from the trace alone ------------------------------------------------------ */

/* Each worker's time on a core, straight from the trace: from its `run` until it
 * is preempted, becomes ready, blocks, waits for the GIL, goes idle, finishes a
 * request (a thread; a loop keeps its core), exits, is spawned again, or another
 * worker runs on its core. */
typedef struct {
    int64_t *total, *since;
    int32_t *core; /* per worker, -1 */
    int32_t *owner; /* per core, -1 */
    bool *on, *loop;
} core_time;

static void core_off(core_time *ct, int32_t w, int64_t t)
{
    if (!ct->on[w])
        return;
    ct->total[w] += t - ct->since[w];
    ct->on[w] = false;
    if (ct->core[w] >= 0 && ct->owner[ct->core[w]] == w)
        ct->owner[ct->core[w]] = -1;
    ct->core[w] = -1;
}

static void core_event(core_time *ct, const trace_event *ev)
{
    int32_t w = ev->worker;
    switch (ev->kind) {
    case TRACE_SPAWN:
        core_off(ct, w, ev->t);
        ct->loop[w] = ev->b == TRACE_WORKER_LOOP;
        break;
    case TRACE_RUN: {
        int32_t c = (int32_t)ev->x, o = ct->owner[c];
        if (o >= 0 && o != w)
            core_off(ct, o, ev->t);
        if (ct->core[w] >= 0 && ct->core[w] != c)
            ct->owner[ct->core[w]] = -1;
        ct->owner[c] = w;
        ct->core[w] = c;
        if (!ct->on[w]) {
            ct->on[w] = true;
            ct->since[w] = ev->t;
        }
        break;
    }
    case TRACE_PREEMPT:
    case TRACE_READY:
    case TRACE_BLOCK:
    case TRACE_GIL_WAIT:
    case TRACE_IDLE:
    case TRACE_EXIT: core_off(ct, w, ev->t); break;
    case TRACE_DONE:
        if (w >= 0 && !ct->loop[w])
            core_off(ct, w, ev->t);
        break;
    default: break;
    }
}

static void check_running(const scn_scenario *scn, size_t r, void *ctx)
{
    (void)ctx;
    sim_run *run = NULL;
    cJSON *root = export_parsed(scn, r, &run);
    const trace *tr = sim_run_trace(run);
    size_t n = trace_count(tr), nw = 0;
    for (size_t i = 0; i < n; i++)
        if (trace_get(tr, i)->kind == TRACE_SPAWN && (size_t)trace_get(tr, i)->worker >= nw)
            nw = (size_t)trace_get(tr, i)->worker + 1;
    size_t ncores = (size_t)scn->machine.cores;
    core_time ct = {calloc(nw, 8),      calloc(nw, 8), malloc(nw * 4),
                    malloc(ncores * 4), calloc(nw, 1), calloc(nw, 1)};
    memset(ct.core, -1, nw * 4);
    memset(ct.owner, -1, ncores * 4);
    for (size_t i = 0; i < n; i++)
        core_event(&ct, trace_get(tr, i));
    int64_t end = n ? trace_get(tr, n - 1)->t : 0;
    for (size_t w = 0; w < nw; w++)
        core_off(&ct, (int32_t)w, end);

    int64_t *spans = calloc(nw + 1, 8);
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (is_ph(e, "X") && strcmp(str_of(e, "name"), "running") == 0) {
            int64_t tid = (int64_t)num_of(e, "tid");
            assert_true(tid >= 1 && (size_t)tid <= nw);
            spans[tid - 1] += ns_of(e, "dur");
        }
    }
    for (size_t w = 0; w < nw; w++) {
        if (spans[w] != ct.total[w])
            print_error("%s / %s: worker %zu runs %lld ns in the trace, %lld in spans\n", scn->name,
                        scn->runtimes[r].name, w, (long long)ct.total[w], (long long)spans[w]);
        assert_int_equal(spans[w], ct.total[w]);
    }
    free(spans);
    free(ct.total);
    free(ct.since);
    free(ct.core);
    free(ct.owner);
    free(ct.on);
    free(ct.loop);
    cJSON_Delete(root);
    sim_run_free(run);
}

static void test_chrome_running_spans_sum_to_the_trace(void **state)
{
    (void)state;
    assert_true(for_each_runtime(check_running, NULL) >= 19);
}

/* ---- instants ------------------------------------------------------------------------------------ */

/* Log instants match the trace's log events one for one, in order, with the
 * printed text and ts = t / 1000 exactly; done instants likewise. */
static void check_instants(const scn_scenario *scn, size_t r, void *ctx)
{
    (void)ctx;
    sim_run *run = NULL;
    cJSON *root = export_parsed(scn, r, &run);
    const trace *tr = sim_run_trace(run);
    const cJSON *e = events_of(root)->child;
    size_t nlog = 0, ndone = 0;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->kind != TRACE_LOG && ev->kind != TRACE_DONE)
            continue;
        const char *cat = ev->kind == TRACE_LOG ? "log" : "request";
        const char *name = ev->kind == TRACE_LOG ? scn->strings[ev->a] : "done";
        while (e != NULL && !(is_ph(e, "i") && strcmp(str_of(e, "cat"), cat) == 0 &&
                              strcmp(str_of(e, "name"), name) == 0))
            e = e->next;
        assert_non_null(e);
        assert_true(num_of(e, "ts") == (double)ev->t / 1000.0);
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(e, "args");
        assert_true(num_of(args, "req") == ev->req);
        if (ev->kind == TRACE_DONE)
            assert_true(num_of(args, "latency_us") == (double)ev->x / 1000.0);
        ev->kind == TRACE_LOG ? nlog++ : ndone++;
        e = e->next;
    }
    assert_int_equal(nlog, (size_t)sim_run_metrics(run)->nlog);
    assert_int_equal(ndone, (size_t)sim_run_metrics(run)->completed);
    cJSON_Delete(root);
    sim_run_free(run);
}

static void test_chrome_instants_follow_the_trace(void **state)
{
    (void)state;
    for_each_runtime(check_instants, NULL);
}

static void test_chrome_log_instants_in_print_order(void **state)
{
    (void)state;
    scn_scenario *scn = load_bundled("print-order");
    int r = scn_find_runtime(scn, "Node.js");
    assert_true(r >= 0);
    cJSON *root = export_parsed(scn, (size_t)r, NULL);
    char order[64] = "";
    double last = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (!is_ph(e, "i") || strcmp(str_of(e, "cat"), "log") != 0)
            continue;
        assert_string_equal(str_of(e, "s"), "t");
        assert_true(num_of(e, "ts") >= last); /* written in time order */
        last = num_of(e, "ts");
        if (order[0] != '\0')
            strcat(order, " ");
        strncat(order, str_of(e, "name"), 8);
    }
    /* What Node.js prints for this script: DESIGN.md, seed claim 2 (sync code, then
     * the promise microtask, the 1 ms timer, and the file read last). */
    assert_string_equal(order, "1 2 4 5 3");
    cJSON_Delete(root);
    scn_free(scn);
}

/* ---- counters, names, spans of one runtime ---------------------------------------------------- */

/* The export of one runtime of a bundled scenario, parsed. */
static cJSON *bundled(const char *scenario, const char *runtime)
{
    scn_scenario *scn = load_bundled(scenario);
    int r = scn_find_runtime(scn, runtime);
    assert_true(r >= 0);
    cJSON *root = export_parsed(scn, (size_t)r, NULL);
    scn_free(scn);
    return root;
}

/* The values of counter `name` in process `pid`, in file order, as "1 2 1 0". */
static void counter_values(const cJSON *root, const char *name, int64_t pid, char *out, size_t cap)
{
    out[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (!is_ph(e, "C") || strcmp(str_of(e, "name"), name) != 0 || num_of(e, "pid") != pid)
            continue;
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%.0f", len ? " " : "",
                 num_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "length"));
    }
}

static void test_chrome_counters_follow_queues(void **state)
{
    (void)state;
    char v[256];
    /* three-requests: a burst of 3 and one thread; the first is taken at once, two
     * wait in accept and leave it one at a time */
    cJSON *root = bundled("three-requests", "Python, one thread");
    counter_values(root, "queue accept", 1, v, sizeof v);
    assert_string_equal(v, "1 2 1 0");
    int64_t ts[4], k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root)) if (is_ph(e, "C") &&
                                               strcmp(str_of(e, "name"), "queue accept") == 0 &&
                                               k < 4) ts[k++] = ns_of(e, "ts");
    assert_int_equal(k, 4);
    /* each waits for the one before: 1 ms cpu, 1 s db, 1 ms cpu, plus a 2 us switch */
    assert_int_equal(ts[2], 1002002000);
    assert_int_equal(ts[3], 2004002000);
    cJSON_Delete(root);

    /* print-order (Node.js): one microtask, four jobs for the pool one after
     * another (fs.readFile's open, fstat, read and close), one timer; the script
     * and the read's callbacks pass through poll */
    root = bundled("print-order", "Node.js");
    counter_values(root, "queue microtask", 1, v, sizeof v);
    assert_string_equal(v, "1 0");
    counter_values(root, "queue threadpool", 1, v, sizeof v);
    assert_string_equal(v, "1 0 1 0 1 0 1 0");
    counter_values(root, "queue timers", 1, v, sizeof v);
    assert_string_equal(v, "1 0");
    /* the script, then each of the read's four completions */
    counter_values(root, "queue poll", 1, v, sizeof v);
    assert_string_equal(v, "1 0 1 0 1 0 1 0 1 0");
    cJSON_Delete(root);
}

/* The lengths a counter track takes, in order: `name` in process `pid`. */
typedef struct {
    char name[96];
    int64_t pid, enq, deq;
    int64_t *v;
    size_t n, cap;
} series;

static series *series_of(series **all, size_t *n, const char *name, int64_t pid)
{
    for (size_t i = 0; i < *n; i++)
        if ((*all)[i].pid == pid && strcmp((*all)[i].name, name) == 0)
            return &(*all)[i];
    *all = realloc(*all, (*n + 1) * sizeof **all);
    assert_non_null(*all);
    series *s = &(*all)[(*n)++];
    *s = (series){.pid = pid};
    assert_true(strlen(name) < sizeof s->name);
    strcpy(s->name, name);
    return s;
}

static void series_push(series *s, int64_t v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        assert_non_null(s->v);
    }
    s->v[s->n++] = v;
}

static void series_free(series *all, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(all[i].v);
    free(all);
}

/* The accept queues' and the devices' counters follow the trace's queue events:
 * an accept queue's event names its process in `x` (its counter is in that
 * process), a device queue's names its device in `a` (shown with the first
 * process); the length goes up with each enqueue and down with each dequeue of
 * something that was queued (a free thread takes an arriving request directly). */
static void check_machine_counters(const scn_scenario *scn, size_t r, void *ctx)
{
    int *changes = ctx;
    sim_run *run = NULL;
    cJSON *root = export_parsed(scn, r, &run);
    const trace *tr = sim_run_trace(run);
    series *want = NULL, *got = NULL;
    size_t nwant = 0, ngot = 0;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *ev = trace_get(tr, i);
        if ((ev->kind != TRACE_ENQUEUE && ev->kind != TRACE_DEQUEUE) ||
            (ev->b != TRACE_QUEUE_ACCEPT && ev->b != TRACE_QUEUE_DEVICE))
            continue;
        char name[96];
        int64_t pid = 1;
        if (ev->b == TRACE_QUEUE_ACCEPT) {
            snprintf(name, sizeof name, "queue accept");
            pid = ev->x + 1;
        } else {
            snprintf(name, sizeof name, "queue device %s", scn->devices[ev->a].name);
        }
        series *q = series_of(&want, &nwant, name, pid);
        if (ev->kind == TRACE_ENQUEUE)
            q->enq++;
        else if (q->deq < q->enq)
            q->deq++;
        else
            continue;
        series_push(q, q->enq - q->deq);
        (*changes)++;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        const char *name = str_of(e, "name");
        if (!is_ph(e, "C") || (strcmp(name, "queue accept") != 0 &&
                               strncmp(name, "queue device ", strlen("queue device ")) != 0))
            continue;
        series_push(series_of(&got, &ngot, name, (int64_t)num_of(e, "pid")),
                    (int64_t)num_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "length"));
    }
    size_t nonempty = 0;
    for (size_t i = 0; i < nwant; i++) {
        if (want[i].n == 0)
            continue;
        nonempty++;
        const series *g = series_of(&got, &ngot, want[i].name, want[i].pid);
        if (g->n != want[i].n || memcmp(g->v, want[i].v, g->n * sizeof *g->v) != 0)
            fail_msg("%s / %s: \"%s\" in process %lld: %zu values, the trace gives %zu", scn->name,
                     scn->runtimes[r].name, want[i].name, (long long)want[i].pid - 1, g->n,
                     want[i].n);
    }
    if (ngot != nonempty)
        fail_msg("%s / %s: %zu accept and device counters, the trace gives %zu", scn->name,
                 scn->runtimes[r].name, ngot, nonempty);
    series_free(want, nwant);
    series_free(got, ngot);
    cJSON_Delete(root);
    sim_run_free(run);
}

static void test_chrome_machine_counters_follow_the_trace(void **state)
{
    (void)state;
    int changes = 0;
    for_each_runtime(check_machine_counters, &changes);
    assert_true(changes > 100);
}

/* The name the metadata gives track (pid, tid), or process pid when tid is 0. */
static const char *name_of(const cJSON *root, int64_t pid, int64_t tid)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        const char *what = str_of(e, "name");
        if (!is_ph(e, "M") || num_of(e, "pid") != pid ||
            strcmp(what, tid ? "thread_name" : "process_name") != 0 ||
            (tid && num_of(e, "tid") != tid))
            continue;
        return str_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "name");
    }
    return "(none)";
}

static void test_chrome_names_tracks(void **state)
{
    (void)state;
    cJSON *root = bundled("print-order", "Node.js");
    assert_string_equal(name_of(root, 1, 0), "Node.js");
    assert_string_equal(name_of(root, 1, 1), "event loop");
    assert_string_equal(name_of(root, 1, 2), "pool thread 1");
    assert_string_equal(name_of(root, 1, 5), "pool thread 4"); /* libuv's 4 by default */
    cJSON_Delete(root);

    root = bundled("gil-cpu-bound", "Two processes");
    assert_string_equal(name_of(root, 1, 0), "process 1");
    assert_string_equal(name_of(root, 2, 0), "process 2");
    assert_string_equal(name_of(root, 1, 1), "thread 1");
    assert_string_equal(name_of(root, 2, 2), "thread 1"); /* numbered per process */
    cJSON_Delete(root);

    root = bundled("cpu-blocks-loop", "Node.js, a worker thread");
    assert_string_equal(name_of(root, 1, 1), "event loop");
    assert_string_equal(name_of(root, 1, 2), "worker thread 1");
    cJSON_Delete(root);
}

static void test_chrome_io_wait_spans(void **state)
{
    (void)state;
    /* three-requests, one blocking thread: it waits out each request's 1 s of db */
    cJSON *root = bundled("three-requests", "Python, one thread");
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (!is_ph(e, "X") || strcmp(str_of(e, "name"), "waiting for I/O") != 0)
            continue;
        assert_int_equal(ns_of(e, "dur"), 1000000000);
        assert_true(num_of(cJSON_GetObjectItemCaseSensitive(e, "args"), "step") == 1);
        n++;
    }
    assert_int_equal(n, 3);
    cJSON_Delete(root);
}

/* ---- flows ------------------------------------------------------------------------------------ */

/* The writer pairs the n-th dequeue of a queue with its n-th enqueue. Here each
 * queue keeps its items, and every dequeue must take the oldest one (same request
 * and task or job): the engine's queues are FIFO. A queue event names its queue in
 * `b` and its task or job in `a` (trace.h). */
typedef struct {
    int64_t key;
    int32_t *req;
    int32_t *item;
    size_t n, head, cap;
} fifo;

static fifo *fifo_of(fifo **all, size_t *n, int64_t key)
{
    for (size_t i = 0; i < *n; i++)
        if ((*all)[i].key == key)
            return &(*all)[i];
    *all = realloc(*all, (*n + 1) * sizeof **all);
    assert_non_null(*all);
    (*all)[*n] = (fifo){.key = key};
    return &(*all)[(*n)++];
}

static void check_fifo(const scn_scenario *scn, size_t r, void *ctx)
{
    int *checked = ctx;
    sim_run *run = simulate(scn, r);
    const trace *tr = sim_run_trace(run);
    int32_t proc[4096] = {0};
    fifo *all = NULL;
    size_t nq = 0;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->kind == TRACE_SPAWN && ev->worker < 4096)
            proc[ev->worker] = ev->a;
        if ((ev->kind != TRACE_ENQUEUE && ev->kind != TRACE_DEQUEUE) || ev->worker < 0 ||
            ev->b == TRACE_QUEUE_ACCEPT || ev->b == TRACE_QUEUE_DEVICE || ev->b == TRACE_QUEUE_POLL)
            continue;
        assert_true(ev->b < TRACE_QUEUE_COUNT && ev->a >= 0);
        bool per_proc = ev->b == TRACE_QUEUE_THREADPOOL || ev->b == TRACE_QUEUE_WORKER;
        fifo *q = fifo_of(&all, &nq, ev->b * 100000LL + (per_proc ? proc[ev->worker] : ev->worker));
        if (ev->kind == TRACE_ENQUEUE) {
            if (q->n == q->cap) {
                q->cap = q->cap ? 2 * q->cap : 16;
                q->req = realloc(q->req, q->cap * sizeof *q->req);
                q->item = realloc(q->item, q->cap * sizeof *q->item);
                assert_true(q->req && q->item);
            }
            q->req[q->n] = ev->req;
            q->item[q->n++] = ev->a;
            continue;
        }
        assert_true(q->head < q->n);
        assert_int_equal(q->req[q->head], ev->req);
        assert_int_equal(q->item[q->head], ev->a);
        q->head++;
        (*checked)++;
    }
    for (size_t i = 0; i < nq; i++) {
        free(all[i].req);
        free(all[i].item);
    }
    free(all);
    sim_run_free(run);
}

static void test_chrome_flow_queues_are_fifo(void **state)
{
    (void)state;
    int checked = 0;
    for_each_runtime(check_fifo, &checked);
    assert_true(checked > 100);
}

/* The flow events of an export as "name:ph@tid" in file order. */
static void flows_of(const cJSON *root, char *out, size_t cap)
{
    out[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (!is_ph(e, "s") && !is_ph(e, "f"))
            continue;
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s:%s@%.0f", len ? " " : "", str_of(e, "name"),
                 str_of(e, "ph"), num_of(e, "tid"));
    }
}

static void test_chrome_flows_from_enqueue_to_taker(void **state)
{
    (void)state;
    char v[512];
    /* the loop (tid 1) hands the file's open to pool thread 1 (tid 2), then queues
     * the promise callback, which it runs itself; each request of the read that
     * comes back sends the next to another pool thread (fstat, read, close) */
    cJSON *root = bundled("print-order", "Node.js");
    flows_of(root, v, sizeof v);
    assert_string_equal(v, "threadpool:s@1 threadpool:f@2 microtask:s@1 microtask:f@1 "
                           "threadpool:s@1 threadpool:f@3 threadpool:s@1 threadpool:f@4 "
                           "threadpool:s@1 threadpool:f@5");
    cJSON_Delete(root);
    /* the loop posts the CPU-heavy job to worker thread 1 (tid 2) at 11 ms */
    root = bundled("cpu-blocks-loop", "Node.js, a worker thread");
    flows_of(root, v, sizeof v);
    assert_string_equal(v, "worker:s@1 worker:f@2");
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root)) if (is_ph(e, "s") || is_ph(e, "f"))
        assert_int_equal(ns_of(e, "ts"), 11000000);
    cJSON_Delete(root);
}

/* ---- output as a whole ---------------------------------------------------------------------------- */

static void test_chrome_identical_runs_identical_bytes(void **state)
{
    (void)state;
    static const char *const cases[][2] = {{"convoy", "Python threads (GIL)"},
                                           {"asyncio-vs-node", "asyncio"},
                                           {"gil-cpu-bound", "Two processes"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn_scenario *scn = load_bundled(cases[i][0]);
        int r = scn_find_runtime(scn, cases[i][1]);
        assert_true(r >= 0);
        sim_run *a = simulate(scn, (size_t)r), *b = simulate(scn, (size_t)r);
        size_t na, nb;
        char *ta = export(sim_run_trace(a), scn, cases[i][1], &na);
        char *tb = export(sim_run_trace(b), scn, cases[i][1], &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(ta, tb, na);
        free(ta);
        free(tb);
        sim_run_free(a);
        sim_run_free(b);
        scn_free(scn);
    }
}

static void test_chrome_sink_error_stops_the_writer(void **state)
{
    (void)state;
    scn_scenario *scn = load_bundled("asyncio-vs-node");
    sim_run *run = simulate(scn, 0);
    static const int budgets[] = {0, 1, 2, 7, 50, 1000};
    for (size_t i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
        failing f = {budgets[i], 0};
        sim_sink s = {failing_write, &f, 0};
        assert_int_equal(trace_write_chrome(&s, sim_run_trace(run), scn, "Node.js", 1), SIM_EIO);
        assert_int_equal(s.err, SIM_EIO);
        assert_int_equal(f.calls, budgets[i] + 1); /* nothing is written after the error */
    }
    sim_run_free(run);
    scn_free(scn);
}

/* ---- hand-made traces ---------------------------------------------------------------------------- */

/* An event, fields in the order of trace.h's comments: kind, t, req, worker, a, b,
 * c, x. */
#define EV(kind_, t_, req_, worker_, a_, b_, c_, x_)                         \
    {                                                                        \
        .t = (t_), .x = (x_), .req = (req_), .worker = (worker_), .a = (a_), \
        .kind = (uint8_t)(kind_), .b = (uint8_t)(b_), .c = (uint16_t)(c_)    \
    }

/* One request that prints a line needing escapes; a Node.js runtime. */
static const char MINI[] =
    "{\"schema\":\"bistro/1\",\"title\":\"mini\",\"devices\":{\"db\":{}},"
    "\"workload\":{\"requests\":[{\"name\":\"a\",\"steps\":[{\"log\":\"say \\\"hi\\\"\"}]}]},"
    "\"runtimes\":[{\"name\":\"Node.js\",\"model\":\"event_loop\",\"flavor\":\"node\"}]}";

static trace *trace_of(const trace_event *ev, size_t n)
{
    trace *tr = trace_new();
    assert_non_null(tr);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(trace_append(tr, &ev[i]), 0);
    return tr;
}

/* The writer's result on `ev` for the first runtime of the scenario `json`, with
 * its output in *text (NULL if none). */
static int write_events_of(const char *json, const trace_event *ev, size_t n, char **text)
{
    scn_scenario *scn = load(json);
    trace *tr = trace_of(ev, n);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    int err = trace_write_chrome(&s, tr, scn, scn->runtimes[0].name, 7);
    assert_int_equal(s.err, err);
    *text = b.data;
    trace_free(tr);
    scn_free(scn);
    return err;
}

static int write_events(const trace_event *ev, size_t n, char **text)
{
    return write_events_of(MINI, ev, n, text);
}

static void test_chrome_ts_is_t_over_1000_exactly(void **state)
{
    (void)state;
    const trace_event ev[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_LOOP, 0, 0),
        EV(TRACE_ARRIVE, 1, 0, -1, 0, 0, 0, 0),
        EV(TRACE_RUN, 20, 0, 0, 0, 0, 0, 0),
        EV(TRACE_LOG, 1002000500, 0, 0, 0, 0, 0, 0),
        EV(TRACE_BLOCK, 1002000500, -1, 0, -1, 0, 0, 0),
    };
    char *text;
    assert_int_equal(write_events(ev, 5, &text), 0);
    /* the running span: from 20 ns to 1002000500 ns, written as decimals */
    assert_non_null(strstr(text, "\"name\":\"running\",\"cat\":\"state\",\"ph\":\"X\",\"ts\":0.02,"
                                 "\"pid\":1,\"tid\":1,\"dur\":1002000.48,"
                                 "\"args\":{\"req\":0,\"step\":0,\"core\":0}}"));
    assert_non_null(strstr(text, "\"name\":\"say \\\"hi\\\"\",\"cat\":\"log\",\"ph\":\"i\","
                                 "\"ts\":1002000.5,"));
    assert_non_null(strstr(text, "\"ts\":0.001,")); /* the arrival at 1 ns */
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    const cJSON *e;
    int seen = 0;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (is_ph(e, "i") && strcmp(str_of(e, "cat"), "log") == 0) {
            assert_true(num_of(e, "ts") == 1002000500 / 1000.0);
            assert_string_equal(str_of(e, "name"), "say \"hi\"");
            seen++;
        }
        if (is_ph(e, "X")) {
            assert_true(num_of(e, "ts") == 20 / 1000.0);
            assert_true(num_of(e, "dur") == (1002000500 - 20) / 1000.0);
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    const cJSON *other = cJSON_GetObjectItemCaseSensitive(root, "otherData");
    assert_string_equal(str_of(other, "scenario"), "inline");
    assert_true(num_of(other, "seed") == 7);
    cJSON_Delete(root);
    free(text);
}

/* No bundled lesson queues at a second process's accept queue or at a second
 * device: an accept queue's events name their process in x, a device queue's
 * their device in a, and the counters go where those say. */
static void test_chrome_queue_counters_of_process_and_device(void **state)
{
    (void)state;
    static const char two[] =
        "{\"schema\":\"bistro/1\",\"title\":\"two\",\"devices\":{\"db\":{},\"disk\":{}},"
        "\"workload\":{\"requests\":[{\"name\":\"a\",\"steps\":[{\"io\":\"1ms\",\"device\":"
        "\"disk\"}]}]},"
        "\"runtimes\":[{\"name\":\"two\",\"model\":\"processes\",\"processes\":2,"
        "\"each\":{\"model\":\"threads\",\"threads\":1}}]}";
    const trace_event ev[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_THREAD, 0, 1),
        EV(TRACE_SPAWN, 0, -1, 1, 1, TRACE_WORKER_THREAD, 0, 1),
        EV(TRACE_ARRIVE, 1000, 0, -1, 1, 0, 0, 0),
        EV(TRACE_ENQUEUE, 1000, 0, -1, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 1),
        EV(TRACE_DEQUEUE, 2000, 0, 1, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 1),
        EV(TRACE_ENQUEUE, 3000, 0, 1, 1, TRACE_QUEUE_DEVICE, TRACE_TAKE_RUN, -1),
        EV(TRACE_DEQUEUE, 4000, 0, 1, 1, TRACE_QUEUE_DEVICE, TRACE_TAKE_RUN, -1),
    };
    char *text;
    assert_int_equal(write_events_of(two, ev, sizeof ev / sizeof ev[0], &text), 0);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    char v[64];
    counter_values(root, "queue accept", 2, v, sizeof v);
    assert_string_equal(v, "1 0");
    counter_values(root, "queue accept", 1, v, sizeof v);
    assert_string_equal(v, "");
    counter_values(root, "queue device disk", 1, v, sizeof v);
    assert_string_equal(v, "1 0");
    counter_values(root, "queue device db", 1, v, sizeof v);
    assert_string_equal(v, "");
    int arrivals = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events_of(root))
    {
        if (!is_ph(e, "i") || strcmp(str_of(e, "name"), "arrive") != 0)
            continue;
        assert_true(num_of(e, "pid") == 2); /* the process the arrival names */
        arrivals++;
    }
    assert_int_equal(arrivals, 1);
    cJSON_Delete(root);
    free(text);
}

static void test_chrome_rejects_what_it_cannot_place(void **state)
{
    (void)state;
    const trace_event spawn = EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_LOOP, 0, 0);
    const trace_event bad[] = {
        EV(200, 5, 0, 0, 0, 0, 0, 0), /* unknown kind */
        EV(TRACE_RUN, 5, 0, 3, 0, 0, 0, 0), /* never spawned */
        EV(TRACE_RUN, 5, 0, 0, 0, 0, 0, SCN_MAX_CORES), /* no such core */
        EV(TRACE_LOG, 5, 0, 0, 1, 0, 0, 0), /* no such string */
        EV(TRACE_ENQUEUE, 5, 0, 0, 0, TRACE_QUEUE_COUNT, 0, -1), /* no such queue (b) */
        EV(TRACE_DEQUEUE, 5, 0, 0, 0, 255, 0, -1), /* no such queue (b) */
        EV(TRACE_ENQUEUE, 5, 0, 0, 1, TRACE_QUEUE_DEVICE, 0, -1), /* no such device (a) */
        EV(TRACE_DEQUEUE, 5, 0, 0, -1, TRACE_QUEUE_DEVICE, 0, -1), /* device -1 */
        EV(TRACE_ENQUEUE, 5, 0, -1, -1, TRACE_QUEUE_ACCEPT, 0, SCN_MAX_PROCESSES), /* process (x) */
        EV(TRACE_PHASE, 5, -1, 0, TRACE_PHASE_COUNT, 0, 0, 0), /* no such phase */
        EV(TRACE_IO_START, 5, 0, -1, 1, 0, 0, 10), /* no such device */
        EV(TRACE_SPAWN, 5, -1, 1, 0, 9, 0, 0), /* no such worker kind */
        EV(TRACE_SPAWN, 5, -1, 5, 0, TRACE_WORKER_POOL, 0, 1), /* not numbered densely */
        EV(TRACE_SPAWN, 5, -1, 1, SCN_MAX_PROCESSES, 0, 0, 1), /* no such process */
        EV(TRACE_ARRIVE, 5, 0, -1, SCN_MAX_PROCESSES, 0, 0, 0), /* no such process */
        EV(TRACE_ARRIVE, -1, 0, -1, 0, 0, 0, 0), /* back in time */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        trace_event ev[2] = {spawn, bad[i]};
        char *text;
        assert_int_equal(write_events(ev, 2, &text), SIM_EINVAL);
        /* what came before was written, and the sink's error says to discard it */
        assert_non_null(text);
        assert_non_null(strstr(text, "\"event loop\""));
        free(text);
    }
    /* a corrupted kind in the middle of a real run */
    scn_scenario *scn = load_bundled("print-order");
    sim_run *run = simulate(scn, 0);
    const trace *tr = sim_run_trace(run);
    trace *copy = trace_new();
    for (size_t i = 0; i < trace_count(tr); i++) {
        trace_event ev = *trace_get(tr, i);
        if (i == trace_count(tr) / 2)
            ev.kind = TRACE_KIND_COUNT;
        assert_int_equal(trace_append(copy, &ev), 0);
    }
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_chrome(&s, copy, scn, "Node.js", 1), SIM_EINVAL);
    assert_int_equal(s.err, SIM_EINVAL);
    sink_buffer_release(&b);
    trace_free(copy);
    sim_run_free(run);
    scn_free(scn);
}

static void test_chrome_null_arguments(void **state)
{
    (void)state;
    scn_scenario *scn = load(MINI);
    trace *tr = trace_new();
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_chrome(NULL, tr, scn, "x", 1), SIM_EINVAL);
    assert_int_equal(trace_write_chrome(&s, NULL, scn, "x", 1), SIM_EINVAL);
    assert_int_equal(trace_write_chrome(&s, tr, NULL, "x", 1), SIM_EINVAL);
    assert_int_equal(trace_write_chrome(&s, tr, scn, NULL, 1), SIM_EINVAL);
    assert_int_equal(b.len, 0);
    /* a runtime the scenario does not have: no reading of its run */
    assert_int_equal(trace_write_chrome(&s, tr, scn, "x", 1), SIM_EINVAL);
    sink_buffer_release(&b);
    b = (sink_buffer){0};
    s = sink_to_buffer(&b);
    /* an empty trace is a valid, empty export */
    assert_int_equal(trace_write_chrome(&s, tr, scn, "Node.js", 1), 0);
    cJSON *root = cJSON_Parse(b.data);
    assert_non_null(root);
    assert_int_equal(cJSON_GetArraySize(events_of(root)), 0);
    cJSON_Delete(root);
    sink_buffer_release(&b);
    trace_free(tr);
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chrome_checker_catches_overlaps),
        cmocka_unit_test(test_chrome_every_scenario_is_valid),
        cmocka_unit_test(test_chrome_running_spans_sum_to_the_trace),
        cmocka_unit_test(test_chrome_instants_follow_the_trace),
        cmocka_unit_test(test_chrome_log_instants_in_print_order),
        cmocka_unit_test(test_chrome_counters_follow_queues),
        cmocka_unit_test(test_chrome_machine_counters_follow_the_trace),
        cmocka_unit_test(test_chrome_names_tracks),
        cmocka_unit_test(test_chrome_io_wait_spans),
        cmocka_unit_test(test_chrome_flow_queues_are_fifo),
        cmocka_unit_test(test_chrome_flows_from_enqueue_to_taker),
        cmocka_unit_test(test_chrome_identical_runs_identical_bytes),
        cmocka_unit_test(test_chrome_sink_error_stops_the_writer),
        cmocka_unit_test(test_chrome_ts_is_t_over_1000_exactly),
        cmocka_unit_test(test_chrome_queue_counters_of_process_and_device),
        cmocka_unit_test(test_chrome_rejects_what_it_cannot_place),
        cmocka_unit_test(test_chrome_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
