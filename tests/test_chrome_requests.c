/* test_chrome_requests.c - each request's own track in the Chrome / Perfetto export.
 *
 * The export is parsed back as a trace viewer would: nestable async events ("b" /
 * "e", paired by category and id) make one track per request, a "request N" slice
 * from its arrival to its completion with its parts inside. The three-requests
 * lesson on Node.js is the case the track exists for: the loop's own track shows
 * three milliseconds of work, and only the requests' tracks show the three
 * one-second waits for the database.
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

#include "test_support.h"

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "scenario.h"
#include "sink.h"
#include "trace_chrome.h"

/* ---- helpers ------------------------------------------------------------------------ */

static scn_scenario *load_lesson(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.json", BISTRO_SOURCE_DIR, name);
    return load_path(path);
}

/* The export of the named runtime, parsed. */
static cJSON *export_run(const scn_scenario *scn, const char *runtime, sim_run **run_out)
{
    sim_run *run = run_traced_to_end(scn, runtime, scn->seed);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_chrome(&s, sim_run_trace(run), scn, runtime, scn->seed), 0);
    cJSON *root = cJSON_ParseWithLength(b.data, b.len);
    assert_non_null(root);
    sink_buffer_release(&b);
    *run_out = run;
    return root;
}

/* A slice of a request's track, as a viewer pairs "b" with "e". */
typedef struct {
    char name[96];
    double t0, t1; /* microseconds */
    int depth;     /* 0: the request's own slice */
    int worker;    /* its args.worker, or -1 */
} slice;

typedef struct {
    slice *v;
    size_t n;
} track;

static int cmp_async(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    double tx = cJSON_GetObjectItem(x, "ts")->valuedouble,
           ty = cJSON_GetObjectItem(y, "ts")->valuedouble;
    if (tx != ty)
        return tx < ty ? -1 : 1;
    /* at one time, ends before begins (a part ends as the next begins) */
    bool ex = cJSON_GetObjectItem(x, "ph")->valuestring[0] == 'e';
    bool ey = cJSON_GetObjectItem(y, "ph")->valuestring[0] == 'e';
    return ex == ey ? 0 : ex ? -1 : 1;
}

/* Request `id`'s track: its async events sorted by time (stably), paired as a
 * stack, as the Trace Event Format nests "b" / "e" of one id. */
static track track_of(const cJSON *root, int id)
{
    const cJSON *events = cJSON_GetObjectItem(root, "traceEvents");
    size_t n = 0, cap = 16;
    const cJSON **mine = malloc(cap * sizeof *mine);
    assert_non_null(mine);
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        const char *ph = cJSON_GetObjectItem(e, "ph")->valuestring;
        if ((ph[0] != 'b' && ph[0] != 'e') || ph[1] != '\0')
            continue;
        assert_string_equal(cJSON_GetObjectItem(e, "cat")->valuestring, "request");
        if (cJSON_GetObjectItem(e, "id")->valueint != id)
            continue;
        if (n == cap) {
            cap *= 2;
            mine = realloc(mine, cap * sizeof *mine);
            assert_non_null(mine);
        }
        mine[n++] = e;
    }
    /* a stable sort: equal keys keep file order */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp_async(&mine[j - 1], &mine[j]) > 0; j--) {
            const cJSON *t = mine[j];
            mine[j] = mine[j - 1];
            mine[j - 1] = t;
        }
    track tr = {.v = calloc(n + 1, sizeof *tr.v)};
    assert_non_null(tr.v);
    size_t open[16], depth = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = cJSON_GetObjectItem(mine[i], "name")->valuestring;
        double ts = cJSON_GetObjectItem(mine[i], "ts")->valuedouble;
        if (cJSON_GetObjectItem(mine[i], "ph")->valuestring[0] == 'b') {
            assert_true(depth < 16);
            slice *s = &tr.v[tr.n];
            snprintf(s->name, sizeof s->name, "%s", name);
            s->t0 = ts;
            s->depth = (int)depth;
            const cJSON *args = cJSON_GetObjectItem(mine[i], "args");
            const cJSON *w = args != NULL ? cJSON_GetObjectItem(args, "worker") : NULL;
            s->worker = w != NULL ? w->valueint : -1;
            open[depth++] = tr.n++;
        } else {
            if (depth == 0)
                fail_msg("request %d: \"%s\" ends at %g, nothing is open", id, name, ts);
            slice *s = &tr.v[open[--depth]];
            if (strcmp(s->name, name) != 0)
                fail_msg("request %d: \"%s\" ends at %g inside \"%s\"", id, name, ts, s->name);
            s->t1 = ts;
        }
    }
    if (depth != 0)
        fail_msg("request %d: %zu slices never end", id, depth);
    free(mine);
    return tr;
}

/* The parts inside a request's slice tile it: no gap, no overlap. */
static void check_tiled(const track *t, int id)
{
    assert_true(t->n >= 2);
    const slice *whole = &t->v[0];
    char want[32];
    snprintf(want, sizeof want, "request %d", id);
    assert_string_equal(whole->name, want);
    assert_int_equal(whole->depth, 0);
    double at = whole->t0;
    for (size_t i = 1; i < t->n; i++) {
        assert_int_equal(t->v[i].depth, 1);
        if (t->v[i].t0 != at)
            fail_msg("request %d: \"%s\" starts at %g, the part before ended at %g", id,
                     t->v[i].name, t->v[i].t0, at);
        assert_true(t->v[i].t1 > t->v[i].t0);
        at = t->v[i].t1;
    }
    assert_true(at == whole->t1);
}

/* ---- cases --------------------------------------------------------------------------- */

/* Node.js: the loop works 3 ms; each request waits one second for the database, on
 * its own track (scenarios/three-requests.json: 1 ms of CPU, 1 s of db, 1 ms). */
static void test_requests_show_their_io_on_an_event_loop(void **state)
{
    (void)state;
    scn_scenario *scn = load_lesson("three-requests");
    sim_run *run = NULL;
    cJSON *root = export_run(scn, "Node.js", &run);
    for (int id = 0; id < 3; id++) {
        track t = track_of(root, id);
        check_tiled(&t, id);
        size_t waits = 0;
        for (size_t i = 1; i < t.n; i++) {
            if (strcmp(t.v[i].name, "waiting for db") != 0)
                continue;
            waits++;
            /* the sampled duration is 1 s: io_start and io_done are 1,000,000 us apart */
            assert_true(t.v[i].t1 - t.v[i].t0 == 1000000.0);
        }
        assert_int_equal(waits, 1);
        /* it is done at the engine's completion time */
        const sim_request_detail *d = &sim_run_metrics(run)->detail[id];
        assert_true(t.v[0].t0 * 1000.0 == (double)d->arrive);
        assert_true(t.v[0].t1 * 1000.0 == (double)d->done);
        /* running parts name the loop's worker */
        for (size_t i = 1; i < t.n; i++)
            if (strcmp(t.v[i].name, "running") == 0)
                assert_int_equal(t.v[i].worker, 0);
        free(t.v);
    }
    /* the loop's own track: asleep in poll while all three wait */
    const cJSON *e;
    bool idle = false;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "traceEvents"))
    {
        const cJSON *name = cJSON_GetObjectItem(e, "name");
        if (strcmp(cJSON_GetObjectItem(e, "ph")->valuestring, "X") == 0 &&
            strcmp(name->valuestring, "idle in poll") == 0 &&
            cJSON_GetObjectItem(e, "dur")->valuedouble >= 990000.0)
            idle = true;
    }
    assert_true(idle);
    cJSON_Delete(root);
    sim_run_free(run);
    scn_free(scn);
}

/* Every request of every runtime of two lessons has a whole, tiled track that ends
 * at its completion. */
static void test_every_request_track_is_whole(void **state)
{
    (void)state;
    static const char *const lessons[] = {"three-requests", "convoy", "threadpool-full"};
    for (size_t l = 0; l < sizeof lessons / sizeof lessons[0]; l++) {
        scn_scenario *scn = load_lesson(lessons[l]);
        for (size_t r = 0; r < scn->nruntimes; r++) {
            sim_run *run = NULL;
            cJSON *root = export_run(scn, scn->runtimes[r].name, &run);
            const sim_metrics *m = sim_run_metrics(run);
            for (int64_t id = 0; id < m->ndetail; id++) {
                track t = track_of(root, (int)id);
                check_tiled(&t, (int)id);
                assert_true(t.v[0].t1 * 1000.0 == (double)m->detail[id].done);
                free(t.v);
            }
            cJSON_Delete(root);
            sim_run_free(run);
        }
        scn_free(scn);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests_show_their_io_on_an_event_loop),
        cmocka_unit_test(test_every_request_track_is_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
