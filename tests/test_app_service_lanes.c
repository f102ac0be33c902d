/* test_app_service_lanes.c - the lanes of the services a run calls, under the
 * front's workers on its timeline.
 *
 * Through the frame data (bistro_headless, as `bistro SCENARIO --layout-json`
 * writes it, with the real font): each service lane's state at the time shown is
 * the service timeline's worker state at that time (timeline_worker_state on the
 * doc's service run), its label the worker's name, one lane per worker, in order;
 * a runtime that runs the service in its own process shows none; nothing cut at
 * 1280x720 and 1920x1080, single and compared. Through the layout (ui__timeline):
 * the bars of a service lane are the service timeline's states, column by column,
 * and a service with more workers than room shows its first ones and says how
 * many more.
 */
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
#include "layout_timeline_internal.h"
#include "test_support.h"
#include "ui_doc.h"
#include "ui_layout_internal.h"
#include "units.h"

#define MS 1000000LL

/* The frame of scenarios/FILE at `at` with one or two runtimes, w x h. */
static cJSON *frame_of(const char *file, const char *at, const char *a, const char *b, int w, int h)
{
    char path[] = "/tmp/bistro-svclanes-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    char scn[1024];
    snprintf(scn, sizeof scn, "%s/scenarios/%s", BISTRO_SOURCE_DIR, file);
    bistro_opts o = {.scenario = scn,
                     .layout_json = path,
                     .w = w,
                     .h = h,
                     .fps = 30,
                     .theme = UI_THEME_PROJECTOR,
                     .scenario_dir = BISTRO_SOURCE_DIR "/scenarios"};
    o.runtimes[o.nruntimes++] = a;
    if (b)
        o.runtimes[o.nruntimes++] = b;
    assert_int_equal(units_parse_duration(at, &o.at), 0);
    o.have_at = true;
    assert_int_equal(bistro_headless(&o), 0);
    char *text = read_all(path);
    assert_non_null(text);
    cJSON *f = cJSON_Parse(text);
    assert_non_null(f);
    free(text);
    unlink(path);
    return f;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no \"%s\" in the frame", key);
    return v;
}

static ui_doc *open_doc(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", BISTRO_SOURCE_DIR, file);
    diag_list *d = diag_new();
    ui_doc *doc = NULL;
    int rc = ui_doc_open(path, d, NULL, NULL, &doc);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
    diag_free(d);
    assert_int_equal(rc, 0);
    return doc;
}

static size_t run_named(const ui_doc *doc, const char *name)
{
    for (size_t r = 0; r < doc->nruns; r++)
        if (strcmp(doc->runs[r].name, name) == 0)
            return r;
    fail_msg("no runtime \"%s\"", name);
    return 0;
}

static bool calls(const ui_run *u, size_t k)
{
    return !scn_runtime_in_process(u->rt, k);
}

/* Whether frame f has a text of runtime `rt` that is service `name`'s heading
 * saying `rest` workers have no lane ("ml service, +2 more workers not shown",
 * "ml service +2", "ml +2"). */
static bool says_rest(const cJSON *f, const char *rt, const char *name, size_t rest)
{
    char tail[32];
    snprintf(tail, sizeof tail, "+%zu", rest);
    const cJSON *x;
    cJSON_ArrayForEach(x, get(f, "texts"))
    {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(x, "runtime");
        const char *t = get(x, "text")->valuestring;
        if (r && strcmp(r->valuestring, rt) == 0 && strncmp(t, name, strlen(name)) == 0 &&
            strstr(t, tail) && !cJSON_IsTrue(get(x, "cut")))
            return true;
    }
    return false;
}

/* Checks one column's lanes against the doc at time t: the front's lanes come
 * first, without "service", named as its workers; then, for each service the
 * runtime calls, a lane per worker in order (the first ones, when the heading
 * says how many more have none), its label the worker's name and its state the
 * service timeline's at t. Returns the service lanes seen. */
static int check_column(const cJSON *f, const ui_doc *doc, const cJSON *col, int64_t t)
{
    const ui_run *u = &doc->runs[run_named(doc, get(col, "runtime")->valuestring)];
    size_t front = 0, seen[UI__SERVICES_MAX] = {0};
    int total = 0;
    bool in_services = false;
    const cJSON *lane;
    cJSON_ArrayForEach(lane, get(get(col, "timeline"), "lanes"))
    {
        const cJSON *svc = cJSON_GetObjectItemCaseSensitive(lane, "service");
        const char *label = get(lane, "label")->valuestring;
        if (!svc) {
            /* the front's workers, then (after the services) its requests */
            if (!in_services && label[0] != '#') {
                assert_true(front < u->nworkers);
                assert_string_equal(label, u->short_names[front]);
                front++;
            }
            if (in_services)
                assert_true(label[0] == '#');
            continue;
        }
        in_services = true;
        size_t k = 0;
        while (k < u->nservices && strcmp(u->services[k].name, svc->valuestring) != 0)
            k++;
        if (k == u->nservices)
            fail_msg("%s: a lane of an unknown service \"%s\"", u->name, svc->valuestring);
        if (!calls(u, k))
            fail_msg("%s runs %s in process, yet shows its lane %s", u->name, svc->valuestring,
                     label);
        for (size_t j = k + 1; j < u->nservices; j++) /* in the scenario's order */
            if (seen[j] > 0)
                fail_msg("%s: service %s's lanes after %s's", u->name, svc->valuestring,
                         u->services[j].name);
        const ui_run *s = &u->services[k].run;
        size_t w = seen[k]++;
        assert_true(w < s->nworkers);
        assert_string_equal(label, s->short_names[w]);
        tl_span at;
        assert_int_equal(timeline_worker_state(s->tl, w, t, &at), 0);
        const char *state = get(lane, "state")->valuestring;
        if (strcmp(state, timeline_worker_state_name(at.state)) != 0)
            fail_msg("%s: %s lane %s at %lld ns is \"%s\", the service's timeline says \"%s\"",
                     u->name, svc->valuestring, label, (long long)t, state,
                     timeline_worker_state_name(at.state));
        total++;
    }
    for (size_t k = 0; k < u->nservices; k++) {
        size_t want = calls(u, k) ? u->services[k].run.nworkers : 0;
        if (seen[k] != want && !(seen[k] > 0 && seen[k] < want &&
                                 says_rest(f, u->name, u->services[k].name, want - seen[k])))
            fail_msg("%s: %zu lanes of service %s, it has %zu workers", u->name, seen[k],
                     u->services[k].name, want);
    }
    return total;
}

/* No text of the frame is cut. */
static void check_texts(const cJSON *f)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts"))
    {
        if (cJSON_IsTrue(get(t, "cut")))
            fail_msg("\"%s\" (%s) is cut", get(t, "text")->valuestring,
                     get(t, "what")->valuestring);
    }
}

/* Whether some text of the frame says exactly `s`. */
static bool has_text(const cJSON *f, const char *s)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, get(f, "texts")) if (strcmp(get(t, "text")->valuestring, s) ==
                                               0) return true;
    return false;
}

static const int sizes[][2] = {{1280, 720}, {1920, 1080}};

/* hybrid-gateway: the gateway calls the ml service (4 processes of a thread);
 * "Python only" runs the model in process and shows no service lanes, alone or
 * beside the gateway. */
static void test_hybrid_gateway_service_lanes_follow_the_service(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("hybrid-gateway.json");
    static const char *const times[] = {"300ms", "2s", "5s", "9.5s"};
    int lanes = 0;
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
            for (int compare = 0; compare < 2; compare++) {
                cJSON *f = frame_of("hybrid-gateway.json", times[i], "Node.js gateway",
                                    compare ? "Python only" : NULL, sizes[s][0], sizes[s][1]);
                int64_t t = (int64_t)get(f, "t_ns")->valuedouble;
                const cJSON *col;
                cJSON_ArrayForEach(col, get(f, "columns"))
                {
                    int n = check_column(f, doc, col, t);
                    bool gateway = strcmp(get(col, "runtime")->valuestring, "Node.js gateway") == 0;
                    /* compared at 1280x720 the metrics keep their rows: the first
                     * lanes and "+N" (check_column checks the heading says it) */
                    if (gateway && compare && s == 0)
                        assert_true(n >= 1 && n <= 4);
                    else
                        assert_int_equal(n, gateway ? 4 : 0);
                    lanes += n;
                }
                assert_true(has_text(f, "ml service") ||
                            has_text(f, "ml service, +2 more workers not shown"));
                check_texts(f);
                cJSON_Delete(f);
            }
    assert_true(lanes > 3 * 4 * 4 && lanes <= 2 * 4 * 2 * 4);
    for (size_t s = 0; s < 2; s++) {
        cJSON *f = frame_of("hybrid-gateway.json", "2s", "Python only", NULL, sizes[s][0],
                            sizes[s][1]);
        assert_int_equal(check_column(f, doc, cJSON_GetArrayItem(get(f, "columns"), 0),
                                      (int64_t)get(f, "t_ns")->valuedouble),
                         0);
        assert_false(has_text(f, "ml service"));
        check_texts(f);
        cJSON_Delete(f);
    }
    ui_doc_free(doc);
}

/* sequential-vs-gather: two services (users, recs), each an asyncio loop, called
 * one after the other at 0 ms and together at 100 ms; both runtimes call both. */
static void test_two_services_each_get_their_lanes(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("sequential-vs-gather.json");
    static const char *const times[] = {"10ms", "40ms", "60ms", "120ms", "150ms"};
    static const char *const pairs[][2] = {{"asyncio", NULL},
                                           {"Node.js", NULL},
                                           {"asyncio", "Node.js"}};
    int lanes = 0;
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
            for (size_t p = 0; p < 3; p++) {
                cJSON *f = frame_of("sequential-vs-gather.json", times[i], pairs[p][0], pairs[p][1],
                                    sizes[s][0], sizes[s][1]);
                int64_t t = (int64_t)get(f, "t_ns")->valuedouble;
                const cJSON *col;
                cJSON_ArrayForEach(col, get(f, "columns"))
                {
                    lanes += check_column(f, doc, col, t);
                }
                assert_true(has_text(f, "users service"));
                assert_true(has_text(f, "recs service"));
                check_texts(f);
                cJSON_Delete(f);
            }
    assert_true(lanes >= 2 * 5 * 4 * 2); /* a lane a service at least, per column */
    ui_doc_free(doc);
}

/* model-in-process: the runtime with the model in process shows no lanes of the
 * ml service; the one that calls it does. */
static void test_model_in_process_shows_no_service_lanes(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("model-in-process.json");
    cJSON *f = frame_of("model-in-process.json", "50ms", "Model in process", "Model service", 1280,
                        720);
    int64_t t = (int64_t)get(f, "t_ns")->valuedouble;
    assert_int_equal(check_column(f, doc, cJSON_GetArrayItem(get(f, "columns"), 0), t), 0);
    assert_true(check_column(f, doc, cJSON_GetArrayItem(get(f, "columns"), 1), t) > 0);
    check_texts(f);
    cJSON_Delete(f);
    ui_doc_free(doc);
}

/* ---- the layout ---------------------------------------------------------------- */

typedef struct {
    ui_list l;
    ui_view v;
    ui_rect plot;
    int64_t t0, t1;
} laid;

/* Run `run` of doc at t in r (a window h high), [t0, t1) on the axis. */
static void lay(laid *f, const ui_doc *doc, size_t run, int64_t t, int h, ui_rect r, int64_t t0,
                int64_t t1)
{
    ui_list_init(&f->l);
    ui_view_init(&f->v);
    ui_ctx c = {doc,         &f->v, ui_theme_get(0), ui_measure_fixed(), t, ui_text_px(h, 0), &f->l,
                TL_STEP_END, false};
    f->t0 = t0;
    f->t1 = t1;
    ui__timeline(&c, run, r, t0, t1, &f->plot);
    assert_false(f->l.oom);
    assert_true(f->plot.w > 0 && f->plot.h > 0);
}

/* The bar of `id` covering column x, or NULL. */
static const ui_shape *bar_at(const laid *f, int32_t id, int x)
{
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->kind == UI_SHAPE_RECT && s->role == UI_ROLE_WORKER_SPAN && s->id == id &&
            x >= s->rect.x && x < s->rect.x + s->rect.w)
            return s;
    }
    return NULL;
}

/* A service lane's bars against its timeline: in every column left of the
 * cursor that lies inside one interval of the worker (and a few columns away
 * from its ends, where a short span's mark may stand), the bar shows that
 * interval's state, or nothing when it is one a lane leaves empty. */
static int check_bars(const laid *f, const ui_run *s, size_t k, size_t w, int64_t t)
{
    int checked = 0;
    int64_t span = f->t1 - f->t0;
    for (int x = f->plot.x; x < f->plot.x + f->plot.w; x++) {
        int k0 = x - f->plot.x;
        int64_t a = f->t0 + span * (k0 - 3) / f->plot.w, b = f->t0 + span * (k0 + 4) / f->plot.w;
        if (a < f->t0 || b > t)
            continue;
        int64_t i0 = timeline_span_index(s->tl, TL_LANE_WORKER, w, a);
        if (i0 < 0 || i0 != timeline_span_index(s->tl, TL_LANE_WORKER, w, b))
            continue;
        tl_span sp;
        assert_int_equal(timeline_span(s->tl, TL_LANE_WORKER, w, (size_t)i0, &sp), 0);
        const ui_shape *bar = bar_at(f, UI_SERVICE_LANE_ID(k, w), x);
        if (sp.state == TL_W_ABSENT) {
            assert_null(bar);
        } else {
            if (!bar)
                fail_msg("%s worker %zu: nothing at x %d (state %d)", s->name, w, x, sp.state);
            assert_int_equal(bar->state, sp.state);
            checked++;
        }
    }
    return checked;
}

/* hybrid-gateway's gateway at 2 s and 6 s in the usual place of a 1280x720
 * window, the whole run and zoomed to the second before: each of the ml
 * service's 4 lanes shows the service's states. */
static void test_service_lane_bars_are_the_service_timeline(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("hybrid-gateway.json");
    size_t run = run_named(doc, "Node.js gateway");
    const ui_run *s = &doc->runs[run].services[0].run;
    assert_int_equal(s->nworkers, 4);
    int checked = 0;
    static const int64_t ts[] = {2000 * MS, 6000 * MS};
    for (size_t i = 0; i < 4; i++) {
        laid f;
        int64_t t = ts[i / 2], t0 = i % 2 ? t - 1000 * MS : 0, t1 = i % 2 ? t : doc->end;
        lay(&f, doc, run, t, 720, (ui_rect){10, 330, 780, 300}, t0, t1);
        for (size_t w = 0; w < 4; w++)
            checked += check_bars(&f, s, 0, w, t);
        ui_list_free(&f.l);
    }
    assert_true(checked > 1000);
    ui_doc_free(doc);
}

/* A service with 12 threads behind 2: where there is room, a lane each; where
 * there is not, its first workers and "+N" for the rest, inside the panel; with
 * no room for a lane, no group. */
static const char *const many_json =
    "{\"schema\": \"bistro/1\", \"title\": \"many\", \"seed\": 1,"
    " \"network\": {\"latency\": \"1ms\"},"
    " \"services\": {\"db\": {\"runtime\": {\"model\": \"threads\", \"threads\": 12},"
    "   \"request\": [{\"cpu\": \"5ms\"}]}},"
    " \"workload\": {\"arrivals\": {\"every\": \"1ms\", \"count\": 100},"
    "   \"request\": [{\"call\": \"db\"}]},"
    " \"runtimes\": [{\"name\": \"pool\", \"model\": \"threads\", \"threads\": 2}]}";

static int count_service_lanes(const laid *f, char *heading, size_t size)
{
    int n = 0;
    heading[0] = '\0';
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->role == UI_ROLE_LANE && s->kind == UI_SHAPE_RECT && UI_SERVICE_LANE_OF(s->id) == 0)
            n++;
        if (s->kind == UI_SHAPE_TEXT && strncmp(ui_shape_text(&f->l, s), "db ", 3) == 0)
            snprintf(heading, size, "%s", ui_shape_text(&f->l, s));
    }
    return n;
}

static void test_many_service_workers_keep_to_the_room(void **state)
{
    (void)state;
    diag_list *d = diag_new();
    ui_doc *doc = NULL;
    assert_int_equal(ui_doc_from_scenario(load(many_json), NULL, d, &doc), 0);
    diag_free(d);
    assert_int_equal(doc->runs[0].services[0].run.nworkers, 12);
    char heading[128], want[64];
    laid f;
    lay(&f, doc, 0, doc->end / 2, 1080, (ui_rect){10, 20, 1200, 1040}, 0, doc->end);
    assert_int_equal(count_service_lanes(&f, heading, sizeof heading), 12);
    assert_string_equal(heading, "db service");
    ui_list_free(&f.l);
    ui_rect small = {10, 380, 768, 288};
    lay(&f, doc, 0, doc->end / 2, 720, small, 0, doc->end);
    int n = count_service_lanes(&f, heading, sizeof heading);
    assert_true(n > 0 && n < 12);
    snprintf(want, sizeof want, "+%d", 12 - n);
    if (!strstr(heading, want))
        fail_msg("the heading \"%s\" does not say %s", heading, want);
    for (size_t i = 0; i < f.l.n; i++) {
        ui_rect r = f.l.shapes[i].rect;
        if (f.l.shapes[i].kind != UI_SHAPE_LINE && (r.y < small.y || r.y + r.h > small.y + small.h))
            fail_msg("shape %zu (role %d) at y %d..%d leaves the panel", i, f.l.shapes[i].role, r.y,
                     r.y + r.h);
    }
    ui_list_free(&f.l);
    /* lower still, the front's two workers keep their lanes and the group,
     * without room for its heading and a lane, is left out */
    lay(&f, doc, 0, doc->end / 2, 720, (ui_rect){10, 380, 768, 190}, 0, doc->end);
    assert_int_equal(count_service_lanes(&f, heading, sizeof heading), 0);
    assert_string_equal(heading, "");
    int front = 0;
    for (size_t i = 0; i < f.l.n; i++)
        front += f.l.shapes[i].role == UI_ROLE_LANE && f.l.shapes[i].id >= 0 &&
                 f.l.shapes[i].id < 2;
    assert_int_equal(front, 2);
    ui_list_free(&f.l);
    ui_doc_free(doc);
}

/* A service of two Python threads under the GIL, called by an event loop with two
 * requests of a second's CPU at once (as gil-cpu-bound.json, behind a gateway):
 * its lanes take turns on the GIL, hatched and labelled as the front's would be,
 * and the legend names the hatching. */
static const char *const gil_json =
    "{\"schema\": \"bistro/1\", \"title\": \"gil service\", \"seed\": 1,"
    " \"network\": {\"latency\": \"1ms\"},"
    " \"services\": {\"py\": {\"runtime\": {\"model\": \"threads\", \"threads\": 2,"
    "   \"gil\": true}, \"machine\": {\"cores\": 2}, \"request\": [{\"cpu\": \"1s\"}]}},"
    " \"workload\": {\"requests\": [{\"at\": \"0ms\", \"steps\": [{\"call\": \"py\"}]},"
    "   {\"at\": \"0ms\", \"steps\": [{\"call\": \"py\"}]}]},"
    " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"}]}";

static void test_service_lanes_take_turns_on_the_gil(void **state)
{
    (void)state;
    diag_list *d = diag_new();
    ui_doc *doc = NULL;
    assert_int_equal(ui_doc_from_scenario(load(gil_json), NULL, d, &doc), 0);
    diag_free(d);
    laid f;
    lay(&f, doc, 0, doc->end, 720, (ui_rect){10, 330, 780, 300}, 0, doc->end);
    int hatched = 0, labels = 0;
    bool legend = false;
    for (size_t i = 0; i < f.l.n; i++) {
        const ui_shape *s = &f.l.shapes[i];
        bool svc = UI_SERVICE_LANE_OF(s->id) == 0;
        hatched += s->role == UI_ROLE_GIL_TURNS && s->kind == UI_SHAPE_LINE && svc;
        if (s->role == UI_ROLE_GIL_TURNS && s->kind == UI_SHAPE_TEXT && svc) {
            assert_string_equal(ui_shape_text(&f.l, s), "taking turns on the GIL: runs 50%");
            labels++;
        }
        legend |= s->role == UI_ROLE_LEGEND && s->kind == UI_SHAPE_TEXT &&
                  strcmp(ui_shape_text(&f.l, s), "taking turns on the GIL") == 0;
    }
    assert_true(hatched > 10);
    assert_int_equal(labels, 2);
    assert_true(legend);
    ui_list_free(&f.l);
    ui_doc_free(doc);
}

/* Hovering a service's lane label names the service and the worker, and says
 * what it does at that time in the timeline's words. */
static void test_service_lane_tooltip_names_the_worker(void **state)
{
    (void)state;
    ui_doc *doc = open_doc("hybrid-gateway.json");
    size_t run = run_named(doc, "Node.js gateway");
    const ui_run *s = &doc->runs[run].services[0].run;
    int64_t t = 2000 * MS;
    ui_view v;
    ui_view_init(&v);
    v.run = run;
    v.step = TL_STEP_END;
    ui_list l;
    ui_list_init(&l);
    assert_int_equal(ui_layout(doc, &v, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    ui_rect label = {0};
    for (size_t i = 0; i < l.n; i++)
        if (l.shapes[i].role == UI_ROLE_LANE_LABEL && l.shapes[i].id == UI_SERVICE_LANE_ID(0, 1))
            label = l.shapes[i].rect;
    assert_true(label.w > 0);
    v.mouse_x = label.x + label.w / 2;
    v.mouse_y = label.y + label.h / 2;
    assert_int_equal(ui_layout(doc, &v, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    const char *tip = NULL;
    for (size_t i = 0; i < l.n; i++)
        if (l.shapes[i].role == UI_ROLE_TOOLTIP && l.shapes[i].kind == UI_SHAPE_TEXT)
            tip = ui_shape_text(&l, &l.shapes[i]);
    assert_non_null(tip);
    tl_span sp;
    assert_int_equal(timeline_worker_state(s->tl, 1, t, &sp), 0);
    char want[160];
    snprintf(want, sizeof want, "ml service, %s: %s since ", s->long_names[1],
             ui__worker_words(sp.state));
    if (strncmp(tip, want, strlen(want)) != 0)
        fail_msg("the tooltip says \"%s\", not \"%s...\"", tip, want);
    ui_list_free(&l);
    ui_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hybrid_gateway_service_lanes_follow_the_service),
        cmocka_unit_test(test_two_services_each_get_their_lanes),
        cmocka_unit_test(test_model_in_process_shows_no_service_lanes),
        cmocka_unit_test(test_service_lane_bars_are_the_service_timeline),
        cmocka_unit_test(test_many_service_workers_keep_to_the_room),
        cmocka_unit_test(test_service_lane_tooltip_names_the_worker),
        cmocka_unit_test(test_service_lanes_take_turns_on_the_gil),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
