/* test_ui_layout.c - the whole frame: regions, overlays, compare, determinism.
 *
 * The regions have their own tests (test_ui_restaurant, test_ui_timeline,
 * test_ui_panels); these check how ui_layout() puts them together, and that a
 * frame is a pure function of (doc, view, t, size): stepping forward and back
 * gives the same list, shape for shape and byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_ui_support.h"
#include "ui_app.h"
#include "ui_layout.h"

#define MS INT64_C(1000000)

static size_t count_role(const ui_list *l, ui_role role, int run)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].role == role && (run < 0 || l->shapes[i].run == run))
            n++;
    return n;
}

static bool has_id(const ui_list *l, ui_role role, int32_t id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].role == role && l->shapes[i].id == id)
            return true;
    return false;
}

static bool same_list(const ui_list *a, const ui_list *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        const ui_shape *x = &a->shapes[i], *y = &b->shapes[i];
        if (memcmp(&x->rect, &y->rect, sizeof x->rect) || memcmp(&x->color, &y->color, 4) ||
            x->kind != y->kind || x->role != y->role || x->id != y->id || x->state != y->state ||
            strcmp(ui_shape_text(a, x), ui_shape_text(b, y)) != 0)
            return false;
    }
    return true;
}

static void assert_inside(const ui_list *l, int w, int h)
{
    for (size_t i = 0; i < l->n; i++) {
        ui_rect r = l->shapes[i].rect;
        if (l->shapes[i].kind == UI_SHAPE_LINE)
            continue; /* w, h of a line are a direction */
        if (r.x < 0 || r.y < 0 || r.x + r.w > w || r.y + r.h > h)
            fail_msg("shape %zu (role %d, \"%s\") at %d,%d %dx%d is outside %dx%d", i,
                     l->shapes[i].role, ui_shape_text(l, &l->shapes[i]), r.x, r.y, r.w, r.h, w, h);
    }
}

static void test_frame_has_every_region(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    ui_list l;
    ui_list_init(&l);
    ui_layout_info info;
    assert_int_equal(ui_layout(a.doc, &a.view, 1500 * MS, 1280, 720, ui_measure_fixed(), &l, &info),
                     0);
    assert_true(count_role(&l, UI_ROLE_CLOCK, -1) >= 1);
    assert_true(count_role(&l, UI_ROLE_TABLE, 0) == 3);  /* three requests, three tables */
    assert_true(count_role(&l, UI_ROLE_WAITER, 0) >= 1);
    assert_true(count_role(&l, UI_ROLE_WORKER_SPAN, 0) >= 1);
    assert_true(count_role(&l, UI_ROLE_CURSOR, 0) >= 1);
    assert_true(count_role(&l, UI_ROLE_METRIC, 0) >= 1);
    /* the handler's lines (6 to 10: the thread waits at 8), and none past the listing */
    const scn_code *code = scn_runtime_code(a.doc->scn, a.view.run);
    assert_non_null(code);
    for (int line = 6; line <= 10; line++)
        assert_true(has_id(&l, UI_ROLE_CODE_LINE, line));
    assert_false(has_id(&l, UI_ROLE_CODE_LINE, (int)code->nlines + 1));
    assert_true(count_role(&l, UI_ROLE_NARRATION, -1) >= 1);
    assert_true(count_role(&l, UI_ROLE_LEGEND, 0) >= 1);
    assert_int_equal(count_role(&l, UI_ROLE_HELP, -1), 0);
    /* memory now at 1.5 s, one thread: a process (10 MiB), a stack (8 MiB) and the
     * two open connections (16 KiB each), the engine's estimate */
    bool label = false, value = false;
    for (size_t i = 0; i < l.n; i++) {
        if (l.shapes[i].role != UI_ROLE_METRIC)
            continue;
        label |= strcmp(ui_shape_text(&l, &l.shapes[i]), "memory now") == 0;
        value |= strcmp(ui_shape_text(&l, &l.shapes[i]), "18.0 MiB") == 0;
    }
    assert_true(label && value);
    assert_true(info.area[0].w > 0);
    assert_int_equal(info.area[1].w, 0);
    assert_int_equal(info.t0, 0);
    assert_int_equal(info.t1, a.doc->end);
    ui_list_free(&l);
    ui_app_free(&a);
}

static void test_compare_shows_two_runs_on_one_clock(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    a.view.compare = true;
    a.view.run = 0;
    a.view.run_b = 2;
    ui_list l;
    ui_list_init(&l);
    ui_layout_info info;
    assert_int_equal(ui_layout(a.doc, &a.view, 1500 * MS, 1280, 720, ui_measure_fixed(), &l, &info),
                     0);
    assert_int_equal(info.run[0], 0);
    assert_int_equal(info.run[1], 2);
    assert_true(info.area[0].w > 0 && info.area[1].w > 0);
    assert_int_equal(info.area[0].w, info.area[1].w); /* one axis, two equal plots */
    assert_true(info.area[0].x + info.area[0].w <= info.area[1].x);
    assert_true(count_role(&l, UI_ROLE_WORKER_SPAN, 0) >= 1);
    assert_true(count_role(&l, UI_ROLE_WORKER_SPAN, 2) >= 1);
    assert_true(count_role(&l, UI_ROLE_TABLE, 0) == 3 && count_role(&l, UI_ROLE_TABLE, 2) == 3);
    assert_int_equal(count_role(&l, UI_ROLE_CLOCK, -1), 1);
    ui_list_free(&l);
    ui_app_free(&a);
}

static void test_step_forward_then_back_gives_the_same_frame(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    a.view.run = 2; /* Node.js: many events in the first milliseconds */
    ui_list before, after;
    ui_list_init(&before);
    ui_list_init(&after);
    for (int k = 0; k < 3; k++)
        ui_app_key(&a, UI_KEY_RIGHT, false);
    int64_t t = a.play.t;
    uint32_t step = a.play.step;
    assert_true(t > 0 || step > 0);
    assert_int_equal(
        ui_layout(a.doc, &a.view, a.play.t, 1280, 720, ui_measure_fixed(), &before, NULL), 0);
    for (int k = 0; k < 3; k++) {
        int64_t was = a.play.t;
        uint32_t was_step = a.play.step;
        ui_app_key(&a, UI_KEY_RIGHT, false);
        /* a later event: later in time, or later in the same instant */
        assert_true(a.play.t > was || (a.play.t == was && a.play.step > was_step));
    }
    for (int k = 0; k < 3; k++)
        ui_app_key(&a, UI_KEY_LEFT, false);
    assert_int_equal(a.play.t, t);
    assert_int_equal(a.play.step, step);
    assert_int_equal(
        ui_layout(a.doc, &a.view, a.play.t, 1280, 720, ui_measure_fixed(), &after, NULL), 0);
    assert_true(same_list(&before, &after));
    /* and a different moment is a different frame, or the check above proves nothing */
    ui_app_key(&a, UI_KEY_END, false);
    assert_int_equal(
        ui_layout(a.doc, &a.view, a.play.t, 1280, 720, ui_measure_fixed(), &after, NULL), 0);
    assert_false(same_list(&before, &after));
    ui_list_free(&before);
    ui_list_free(&after);
    ui_app_free(&a);
}

static void test_overlays_help_list_banner_tooltip(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    ui_list l;
    ui_list_init(&l);
    ui_list_entry e[2] = {{"a.json", "Lesson A", "First"}, {"b.json", "Lesson B", "Second"}};
    a.view.entries = e;
    a.view.nentries = 2;
    a.view.help = true;
    assert_int_equal(ui_layout(a.doc, &a.view, 0, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    assert_true(count_role(&l, UI_ROLE_HELP, -1) > 5);
    a.view.help = false;
    a.view.list = true;
    assert_int_equal(ui_layout(a.doc, &a.view, 0, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    assert_true(count_role(&l, UI_ROLE_LIST_ITEM, -1) >= 2);
    a.view.list = false;
    a.view.banner = "x.json:3:5: $.workload: unknown key \"wrokload\"";
    assert_int_equal(ui_layout(a.doc, &a.view, 0, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    assert_true(count_role(&l, UI_ROLE_BANNER, -1) >= 1);
    assert_true(count_role(&l, UI_ROLE_TABLE, 0) == 3); /* the last good scenario stays */
    /* with the list open too, the list starts under the banner, which stays readable */
    a.view.list = true;
    assert_int_equal(ui_layout(a.doc, &a.view, 0, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    int banner_bottom = 0, list_top = 720;
    for (size_t i = 0; i < l.n; i++) {
        ui_rect r = l.shapes[i].rect;
        if (l.shapes[i].role == UI_ROLE_BANNER && r.y + r.h > banner_bottom)
            banner_bottom = r.y + r.h;
        if (l.shapes[i].role == UI_ROLE_LIST_ITEM && r.y < list_top)
            list_top = r.y;
    }
    assert_true(banner_bottom > 0 && list_top < 720);
    assert_true(list_top >= banner_bottom);
    a.view.list = false;
    a.view.banner = NULL;
    /* the mouse over a waiter gives a tooltip naming it */
    assert_int_equal(ui_layout(a.doc, &a.view, 500 * MS, 1280, 720, ui_measure_fixed(), &l, NULL),
                     0);
    const ui_shape *waiter = NULL;
    for (size_t i = 0; i < l.n && !waiter; i++)
        if (l.shapes[i].role == UI_ROLE_WAITER && l.shapes[i].kind != UI_SHAPE_TEXT)
            waiter = &l.shapes[i];
    assert_non_null(waiter);
    a.view.mouse_x = waiter->rect.x + waiter->rect.w / 2;
    a.view.mouse_y = waiter->rect.y + waiter->rect.h / 2;
    assert_int_equal(ui_layout(a.doc, &a.view, 500 * MS, 1280, 720, ui_measure_fixed(), &l, NULL),
                     0);
    bool found = false;
    for (size_t i = 0; i < l.n; i++)
        if (l.shapes[i].role == UI_ROLE_TOOLTIP &&
            strstr(ui_shape_text(&l, &l.shapes[i]), "thread 1"))
            found = strstr(ui_shape_text(&l, &l.shapes[i]), "waiting for I/O") != NULL;
    assert_true(found);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* The words the app uses for each state: the timeline legend's, and for the
 * states it has no colour for, plain ones. Tooltips must say these, never the
 * trace's internal names (wait_io, wait_gil). */
static const char *const worker_words[TL_W_COUNT] = {[TL_W_ABSENT] = "not started yet, or gone",
                                                     [TL_W_IDLE] = "idle",
                                                     [TL_W_RUNNING] = "running",
                                                     [TL_W_READY] = "waiting for a core",
                                                     [TL_W_WAIT_IO] = "waiting for I/O",
                                                     [TL_W_WAIT_GIL] = "waiting for the GIL",
                                                     [TL_W_WAITING] = "idle in poll"};
static const char *const request_words[TL_R_COUNT] = {[TL_R_PENDING] = "not arrived yet",
                                                      [TL_R_QUEUED] = "queued",
                                                      [TL_R_RUNNING] = "running",
                                                      [TL_R_READY] = "waiting for a core",
                                                      [TL_R_WAIT_IO] = "waiting for I/O",
                                                      [TL_R_WAIT_GIL] = "waiting for the GIL",
                                                      [TL_R_DONE] = "done"};

/* The tooltip's text with the mouse at (x, y), or NULL when there is none. */
static const char *tooltip_at(const ui_doc *doc, ui_view *v, int64_t t, int x, int y, ui_list *l)
{
    v->mouse_x = x;
    v->mouse_y = y;
    assert_int_equal(ui_layout(doc, v, t, 1280, 720, ui_measure_fixed(), l, NULL), 0);
    v->mouse_x = v->mouse_y = -1;
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].role == UI_ROLE_TOOLTIP && l->shapes[i].kind == UI_SHAPE_TEXT)
            return ui_shape_text(l, &l->shapes[i]);
    return NULL;
}

/* A code line where several waiters are shows "×N" on its chip; hovering the line
 * names them, in words (three-requests, a thread per request, at 500 ms: the
 * three threads wait for the database at the same line). */
static void test_code_line_tooltip_names_its_waiters(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    a.view.run = 1;
    a.view.step = TL_STEP_END;
    const ui_run *u = &a.doc->runs[1];
    int64_t t = 500 * MS;
    int line = 0, n = 0;
    for (size_t w = 0; w < u->nworkers; w++) {
        tl_span sp;
        assert_int_equal(timeline_worker_state(u->tl, w, t, &sp), 0);
        if (sp.line > 0 && sp.state != TL_W_IDLE && sp.state != TL_W_ABSENT)
            line = sp.line, n++;
    }
    assert_int_equal(n, 3);
    ui_list l, hover;
    ui_list_init(&l);
    ui_list_init(&hover);
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    const char *tip = NULL;
    for (size_t i = 0; i < l.n && !tip; i++) {
        const ui_shape *s = &l.shapes[i];
        if (s->role == UI_ROLE_CODE_LINE && s->id == line && s->kind == UI_SHAPE_TEXT)
            tip = tooltip_at(a.doc, &a.view, t, s->rect.x + s->rect.w / 2,
                             s->rect.y + s->rect.h / 2, &hover);
    }
    assert_non_null(tip);
    char want[32];
    snprintf(want, sizeof want, "line %d: ", line);
    assert_non_null(strstr(tip, want));
    for (size_t w = 0; w < u->nworkers; w++)
        assert_non_null(strstr(tip, u->long_names[w]));
    assert_non_null(strstr(tip, "waiting for I/O"));
    ui_list_free(&l);
    ui_list_free(&hover);
    ui_app_free(&a);
}

/* Hovering the service's box speaks of the service: its waiter by the service's
 * own worker names and the call it serves, its order as the call of the front's
 * request that made it (hybrid-gateway, the gateway at 500 ms: one prediction at
 * the ml service, request 102's, by the timeline's record of the call). */
static void test_service_tooltips_name_the_service(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("hybrid-gateway.json"), false);
    a.view.run = 0;
    a.view.step = TL_STEP_END;
    int64_t t = 500 * MS;
    const ui_run *u = &a.doc->runs[0];
    assert_int_equal(u->nservices, 1);
    const ui_run *ml = &u->services[0].run;
    ui_list l, hover;
    ui_list_init(&l);
    ui_list_init(&hover);
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    int waiters = 0, orders = 0;
    for (size_t i = 0; i < l.n; i++) {
        const ui_shape s = l.shapes[i];
        if (s.service != 1 || (s.role != UI_ROLE_WAITER && s.role != UI_ROLE_TABLE) ||
            (s.kind != UI_SHAPE_DISC && s.kind != UI_SHAPE_RECT) || s.rect.w < 4)
            continue;
        const char *tip = tooltip_at(a.doc, &a.view, t, s.rect.x + s.rect.w / 2,
                                     s.rect.y + s.rect.h / 2, &hover);
        assert_non_null(tip);
        if (s.role == UI_ROLE_WAITER) {
            char want[96];
            snprintf(want, sizeof want, "ml, %s: ", ml->long_names[s.id]);
            if (strncmp(tip, want, strlen(want)) != 0)
                fail_msg("the ml waiter's tooltip: \"%s\", want it to start \"%s\"", tip, want);
            waiters++;
        } else {
            char want[96];
            int64_t caller = timeline_call_caller(u->tl, 0, s.id);
            assert_true(caller >= 0);
            snprintf(want, sizeof want, "ml call #%d (request #%lld's): ", s.id + 1,
                     (long long)caller + 1);
            if (strncmp(tip, want, strlen(want)) != 0)
                fail_msg("the ml order's tooltip: \"%s\", want it to start \"%s\"", tip, want);
            orders++;
        }
        ui_list_clear(&hover);
    }
    assert_true(waiters > 0);
    assert_true(orders > 0);
    ui_list_free(&l);
    ui_list_free(&hover);
    ui_app_free(&a);
}

/* The doc of a Node.js gateway sending three calls at once to a service of two
 * threads (`threads_more`: more of its runtime's keys, after a comma) whose
 * request is the one step `step`. */
static ui_doc *gateway_and(const char *threads_more, const char *step)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"schema\": \"bistro/1\", \"title\": \"gateway\",\n"
             " \"services\": {\"svc\": {\"runtime\": {\"model\": \"threads\", \"threads\": 2%s}, "
             "\"request\": [%s]}},\n"
             " \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": [{\"call\": \"svc\"}]},\n"
             " \"runtimes\": [{\"name\": \"gateway\", \"model\": \"event_loop\", \"flavor\": "
             "\"node\"}]}",
             threads_more, step);
    return open_json(json);
}

/* A service of two threads under one GIL: its box holds the order pad up over
 * the waiter the service's timeline says holds the GIL, and the legend names the
 * pad though the front (an event loop without one) has none. The ml service of
 * hybrid-gateway, a thread in each of its processes, shows no pad: nobody
 * shares it. */
static void test_service_box_shows_who_holds_its_gil(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, gateway_and(", \"gil\": true", "{\"cpu\": \"20ms\"}"), false);
    a.view.step = TL_STEP_END;
    const ui_run *ml = &a.doc->runs[0].services[0].run;
    ui_list l;
    ui_list_init(&l);
    int pads = 0;
    for (int64_t t = 2 * MS; t < 60 * MS; t += 3 * MS) {
        assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
        tl_span g;
        assert_int_equal(timeline_state_at_step(ml->tl, TL_LANE_GIL, 0, t, TL_STEP_END, &g), 0);
        int32_t holder = g.state == TL_GIL_HELD ? g.worker : -1;
        int32_t drawn = -1;
        bool legend = false;
        for (size_t i = 0; i < l.n; i++) {
            const ui_shape *s = &l.shapes[i];
            if (s->role == UI_ROLE_ORDER_PAD && s->service == 1 && s->kind == UI_SHAPE_IMAGE)
                drawn = s->state;
            legend |= s->role == UI_ROLE_LEGEND && s->kind == UI_SHAPE_TEXT &&
                      strcmp(ui_shape_text(&l, s), "order pad = GIL") == 0;
        }
        assert_true(legend);
        assert_int_equal(drawn, holder);
        pads += drawn >= 0;
    }
    assert_true(pads > 3);
    ui_app_free(&a);
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("hybrid-gateway.json"), false);
    assert_int_equal(ui_layout(a.doc, &a.view, 3750 * MS, 1280, 720, ui_measure_fixed(), &l, NULL),
                     0);
    for (size_t i = 0; i < l.n; i++)
        assert_false(l.shapes[i].role == UI_ROLE_ORDER_PAD && l.shapes[i].service > 0);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* A thread of a service blocked on I/O holds its call: the call is drawn once,
 * beside its waiter, not again under "waiting" (three calls at a service of two
 * threads doing 20 ms of I/O: at 5 ms two at the waiters, one queued), and one
 * arrow goes to each. */
static void test_service_call_held_by_a_blocked_thread_is_drawn_once(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, gateway_and("", "{\"io\": \"20ms\"}"), false);
    a.view.step = TL_STEP_END;
    ui_list l;
    ui_list_init(&l);
    assert_int_equal(ui_layout(a.doc, &a.view, 5 * MS, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    int seen[3] = {0}, arrows[3] = {0}, held = 0;
    for (size_t i = 0; i < l.n; i++) {
        const ui_shape *s = &l.shapes[i];
        if (s->role == UI_ROLE_TABLE && s->service == 1 && s->kind == UI_SHAPE_RECT) {
            assert_true(s->id >= 0 && s->id < 3);
            seen[s->id]++;
            held += s->state == TL_R_WAIT_IO;
        }
        /* an arrow is its line and its head's two strokes, one after the other */
        if (s->role == UI_ROLE_CALL && s->kind == UI_SHAPE_LINE &&
            (i == 0 || l.shapes[i - 1].role != UI_ROLE_CALL || l.shapes[i - 1].id != s->id)) {
            assert_true(s->id >= 0 && s->id < 3);
            arrows[s->id]++;
        }
    }
    for (int q = 0; q < 3; q++) {
        assert_int_equal(seen[q], 1);
        assert_int_equal(arrows[q], 1);
    }
    assert_int_equal(held, 2);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* The front's step inside an instant counts the front's events, not a
 * service's: the service's box shows the service's whole instant at any step
 * (hybrid-gateway, at the moment the ml service takes a call: its waiters the
 * same at step 0 as at the instant's end, one of them running it). */
static void test_service_box_ignores_the_fronts_step(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("hybrid-gateway.json"), false);
    const ui_run *ml = &a.doc->runs[0].services[0].run;
    int64_t arrive, done;
    assert_int_equal(timeline_request_times(ml->tl, 40, &arrive, &done), 0);
    tl_span sp;
    assert_int_equal(timeline_state_at_step(ml->tl, TL_LANE_REQUEST, 40, arrive, TL_STEP_END, &sp),
                     0);
    assert_int_equal(sp.state, TL_R_RUNNING); /* taken at once: a waiter was free */
    ui_list l;
    ui_list_init(&l);
    int16_t states[2][64];
    int n[2] = {0, 0};
    const uint32_t steps[2] = {0, TL_STEP_END};
    for (int k = 0; k < 2; k++) {
        a.view.step_t = arrive; /* the playback inside this instant, after `step` events */
        a.view.step = steps[k];
        assert_int_equal(ui_layout(a.doc, &a.view, arrive, 1280, 720, ui_measure_fixed(), &l, NULL),
                         0);
        for (size_t i = 0; i < l.n && n[k] < 64; i++)
            if (l.shapes[i].role == UI_ROLE_WAITER && l.shapes[i].service == 1 &&
                l.shapes[i].kind == UI_SHAPE_DISC &&
                (i == 0 || l.shapes[i - 1].role != UI_ROLE_WAITER ||
                 l.shapes[i - 1].id != l.shapes[i].id))
                states[k][n[k]++] = l.shapes[i].state;
    }
    assert_true(n[0] > 0);
    assert_int_equal(n[0], n[1]);
    int running = 0;
    for (int i = 0; i < n[0]; i++) {
        assert_int_equal(states[0][i], states[1][i]);
        running += states[0][i] == TL_W_RUNNING;
    }
    assert_true(running > 0);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* Hovering a hatched stretch of turns on the GIL says what it is (gil-cpu-bound,
 * "Python threads (GIL)", over the whole run at its end: T1 and T2 hand the GIL
 * over every 5 ms, each running half the time). */
static void test_gil_turns_tooltip_says_what_the_hatching_is(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("gil-cpu-bound.json"), false);
    a.view.step = TL_STEP_END;
    int64_t t = a.doc->end;
    ui_list l, hover;
    ui_list_init(&l);
    ui_list_init(&hover);
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    const char *tip = NULL;
    for (size_t i = 0; i < l.n && !tip; i++) {
        const ui_shape *s = &l.shapes[i];
        if (s->role == UI_ROLE_GIL_TURNS && s->kind == UI_SHAPE_RECT && s->id == 0 &&
            s->rect.w > 300) /* the hatched bar, not the label's box */
            tip = tooltip_at(a.doc, &a.view, t, s->rect.x + s->rect.w * 3 / 4,
                             s->rect.y + s->rect.h / 2, &hover);
    }
    assert_non_null(tip);
    assert_non_null(strstr(tip, "thread 1 takes turns on the GIL, 0 s to 2.000 s: waits "));
    assert_non_null(strstr(tip, "runs 50% of the time"));
    ui_list_free(&l);
    ui_list_free(&hover);
    ui_app_free(&a);
}

/* Hovers every waiter and table at every event time of every runtime of a lesson:
 * each tooltip names the state in the app's words, and no tooltip shows a name
 * with an underscore. */
static void check_tooltips(const char *file)
{
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc(file), false);
    a.view.step = TL_STEP_END; /* every frame below shows a whole instant */
    ui_list l, hover;
    ui_list_init(&l);
    ui_list_init(&hover);
    for (size_t run = 0; run < a.doc->nruns; run++) {
        const ui_run *u = &a.doc->runs[run];
        a.view.run = run;
        for (int64_t t = 0; t >= 0 && t <= u->end; t = timeline_next_event_time(u->tl, t)) {
            assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, NULL),
                             0);
            for (size_t i = 0; i < l.n; i++) {
                const ui_shape *s = &l.shapes[i];
                bool waiter = s->role == UI_ROLE_WAITER, table = s->role == UI_ROLE_TABLE;
                bool span = s->role == UI_ROLE_WORKER_SPAN || s->role == UI_ROLE_REQUEST_SPAN;
                if ((!waiter && !table && !span) || s->kind == UI_SHAPE_TEXT || s->rect.w < 2 ||
                    (i > 0 && l.shapes[i - 1].role == s->role && l.shapes[i - 1].id == s->id))
                    continue;
                const char *tip = tooltip_at(a.doc, &a.view, t, s->rect.x + s->rect.w / 2,
                                             s->rect.y + s->rect.h / 2, &hover);
                if (!tip)
                    continue;
                if (strchr(tip, '_'))
                    fail_msg("%s, %s at %lld ns: the tooltip \"%s\" shows an internal name", file,
                             u->name, (long long)t, tip);
                tl_span st;
                const char *want = NULL;
                if (waiter) {
                    assert_int_equal(timeline_worker_state(u->tl, (size_t)s->id, t, &st), 0);
                    want = worker_words[st.state];
                } else if (table) {
                    assert_int_equal(timeline_request_state(u->tl, (size_t)s->id, t, &st), 0);
                    want = st.state == TL_R_DONE ? "done" : request_words[st.state];
                }
                if (want && !strstr(tip, want))
                    fail_msg("%s, %s at %lld ns: the tooltip \"%s\" does not say \"%s\"", file,
                             u->name, (long long)t, tip, want);
            }
        }
    }
    ui_list_free(&l);
    ui_list_free(&hover);
    ui_app_free(&a);
}

static void test_tooltips_say_states_in_words(void **state)
{
    (void)state;
    check_tooltips("three-requests.json");
    check_tooltips("convoy.json");
    check_tooltips("io-threads-gil.json");
    check_tooltips("cpu-blocks-loop.json");
}

/* Texts the app writes itself (not the author's code, captions, log, names and
 * titles) never show an internal name: nothing with an underscore, in every
 * bundled lesson, each runtime alone and beside the next one, at eight times. */
static void test_no_internal_names_on_screen(void **state)
{
    (void)state;
    static const char *const lessons[] = {"asyncio-vs-node-cpu",
                                          "asyncio-vs-node",
                                          "convoy",
                                          "cpu-blocks-loop",
                                          "db-bottleneck",
                                          "gil-cpu-bound",
                                          "io-threads-gil",
                                          "load-test-c100",
                                          "load-test-c1000",
                                          "print-order",
                                          "puzzle-io-callbacks",
                                          "puzzle-nexttick",
                                          "ten-thousand-connections",
                                          "threadpool-full",
                                          "three-requests",
                                          "waiter-and-tables"};
    ui_list l;
    ui_list_init(&l);
    for (size_t k = 0; k < sizeof lessons / sizeof lessons[0]; k++) {
        char file[96];
        snprintf(file, sizeof file, "%s.json", lessons[k]);
        ui_app a;
        ui_app_init(&a);
        ui_app_set_doc(&a, open_doc(file), false);
        for (size_t run = 0; run < a.doc->nruns; run++)
            for (int compare = 0; compare < 2; compare++)
                for (int64_t i = 0; i <= 8; i++) {
                    a.view.run = run;
                    a.view.run_b = (run + 1) % a.doc->nruns;
                    a.view.compare = compare && a.doc->nruns > 1;
                    int64_t t = a.doc->end * i / 8;
                    assert_int_equal(
                        ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
                    for (size_t j = 0; j < l.n; j++) {
                        const ui_shape *s = &l.shapes[j];
                        if (s->kind != UI_SHAPE_TEXT || s->role == UI_ROLE_HEADER ||
                            s->role == UI_ROLE_COLUMN_TITLE || s->role == UI_ROLE_CODE_LINE ||
                            s->role == UI_ROLE_NARRATION || s->role == UI_ROLE_LOG_LINE ||
                            s->role == UI_ROLE_COOK)
                            continue;
                        if (strchr(ui_shape_text(&l, s), '_'))
                            fail_msg("%s, %s at %lld ns: \"%s\" (role %d) on screen", file,
                                     a.doc->runs[run].name, (long long)t, ui_shape_text(&l, s),
                                     s->role);
                    }
                }
        ui_app_free(&a);
    }
    ui_list_free(&l);
}

static void test_no_doc_shows_header_and_list(void **state)
{
    (void)state;
    ui_view v;
    ui_view_init(&v);
    ui_list_entry e[1] = {{"a.json", "Lesson A", "First"}};
    v.entries = e;
    v.nentries = 1;
    v.list = true;
    ui_list l;
    ui_list_init(&l);
    assert_int_equal(ui_layout(NULL, &v, 0, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    assert_true(count_role(&l, UI_ROLE_LIST_ITEM, -1) >= 1);
    assert_int_equal(count_role(&l, UI_ROLE_TABLE, -1), 0);
    ui_list_free(&l);
}

static void test_every_size_fits_the_window(void **state)
{
    (void)state;
    static const int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}, {800, 600}};
    const char *files[] = {"three-requests.json", "print-order.json", "gil-cpu-bound.json",
                           "threadpool-full.json"};
    ui_list l;
    ui_list_init(&l);
    for (size_t f = 0; f < 4; f++) {
        ui_app a;
        ui_app_init(&a);
        ui_app_set_doc(&a, open_doc(files[f]), false);
        for (size_t s = 0; s < 4; s++)
            for (int compare = 0; compare < 2; compare++) {
                a.view.compare = compare && a.doc->nruns > 1;
                int64_t t = a.doc->end / 3;
                assert_int_equal(ui_layout(a.doc, &a.view, t, sizes[s][0], sizes[s][1],
                                           ui_measure_fixed(), &l, NULL),
                                 0);
                assert_inside(&l, sizes[s][0], sizes[s][1]);
            }
        ui_app_free(&a);
    }
    ui_list_free(&l);
}

/* The tallest rect of the shapes of `role` (their common height for spans). */
static int role_bottom(const ui_list *l, ui_role role)
{
    int b = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].role == role && l->shapes[i].rect.y + l->shapes[i].rect.h > b)
            b = l->shapes[i].rect.y + l->shapes[i].rect.h;
    return b;
}

/* Keys 1, 2, 3 hide the restaurant, the timeline, the metrics, and show them again;
 * what is left takes the room: the timeline grows into the restaurant's, the code
 * into the whole window when both are hidden. */
static void test_keys_hide_and_show_panels(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("print-order.json"), false);
    ui_list l;
    ui_list_init(&l);
    ui_layout_info info;
    int64_t t = 12 * MS;
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    assert_true(count_role(&l, UI_ROLE_TABLE, 0) >= 1);
    assert_true(count_role(&l, UI_ROLE_METRIC, 0) >= 1);
    ui_rect plot = info.area[0];
    int code_x = 1280, code_px = 0;
    for (size_t i = 0; i < l.n; i++)
        if (l.shapes[i].role == UI_ROLE_CODE_LINE && l.shapes[i].kind == UI_SHAPE_TEXT) {
            code_x = l.shapes[i].rect.x < code_x ? l.shapes[i].rect.x : code_x;
            code_px = l.shapes[i].px > code_px ? l.shapes[i].px : code_px;
        }
    assert_true(code_px > 0);

    assert_int_equal(ui_app_key(&a, UI_KEY_1, false), UI_DO_NOTHING); /* the restaurant */
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    assert_int_equal(count_role(&l, UI_ROLE_TABLE, -1), 0);
    assert_int_equal(count_role(&l, UI_ROLE_WAITER, -1), 0);
    assert_true(info.area[0].y < plot.y - 100); /* the timeline took its room */
    assert_true(count_role(&l, UI_ROLE_WORKER_SPAN, 0) >= 1);

    ui_app_key(&a, UI_KEY_2, false); /* and the timeline: the code takes the window */
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    assert_int_equal(count_role(&l, UI_ROLE_WORKER_SPAN, -1), 0);
    assert_int_equal(info.area[0].w, 0);
    assert_int_equal(info.columns, 1); /* still the column of this run */
    assert_true(count_role(&l, UI_ROLE_CODE_LINE, 0) >= 1);
    for (size_t i = 0; i < l.n; i++)
        if (l.shapes[i].role == UI_ROLE_CODE_LINE && l.shapes[i].kind == UI_SHAPE_TEXT) {
            assert_true(l.shapes[i].rect.x < code_x); /* from the left of the window */
            assert_true(l.shapes[i].px >= code_px);   /* at least as big */
        }

    ui_app_key(&a, UI_KEY_3, false); /* the metrics too */
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    assert_int_equal(count_role(&l, UI_ROLE_METRIC, -1), 0);
    assert_true(count_role(&l, UI_ROLE_LOG_LINE, 0) >= 1);

    /* comparing, each column hides the same panels */
    a.view.compare = true;
    ui_app_key(&a, UI_KEY_2, false); /* the timeline is back */
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    assert_int_equal(count_role(&l, UI_ROLE_TABLE, -1), 0);
    assert_int_equal(count_role(&l, UI_ROLE_METRIC, -1), 0);
    assert_true(count_role(&l, UI_ROLE_WORKER_SPAN, 0) >= 1);
    assert_true(count_role(&l, UI_ROLE_WORKER_SPAN, 1) >= 1);
    assert_true(role_bottom(&l, UI_ROLE_CURSOR) > 0);

    ui_app_key(&a, UI_KEY_1, false); /* all back */
    ui_app_key(&a, UI_KEY_3, false);
    assert_int_equal(a.view.hidden, 0u);
    assert_int_equal(ui_layout(a.doc, &a.view, t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    assert_true(count_role(&l, UI_ROLE_TABLE, 0) >= 1 && count_role(&l, UI_ROLE_TABLE, 1) >= 1);
    assert_true(count_role(&l, UI_ROLE_METRIC, 0) >= 1 && count_role(&l, UI_ROLE_METRIC, 1) >= 1);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* The timeline's plot height for a focus list (n panels; 0: none). */
static int plot_h_with_focus(ui_app *a, const scn_panel *focus, size_t n, bool compare,
                             size_t *metric_rows)
{
    scn_scenario *scn = (scn_scenario *)a->doc->scn;
    if (n > 0)
        memcpy(scn->focus, focus, n * sizeof *focus);
    scn->nfocus = n;
    a->view.compare = compare;
    ui_list l;
    ui_list_init(&l);
    ui_layout_info info;
    assert_int_equal(
        ui_layout(a->doc, &a->view, 1500 * MS, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    *metric_rows = count_role(&l, UI_ROLE_METRIC, 0);
    int h = info.area[0].h;
    ui_list_free(&l);
    return h;
}

/* "lesson": {"focus": [...]} gives the panels it names the room first: the
 * timeline before the restaurant takes room from it, the restaurant first the
 * other way round (down to the timeline's least), and compared, metrics left out of the focus give up rows while
 * metrics named keep them. */
static void test_lesson_focus_gives_panels_the_room(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("db-bottleneck.json"), false);
    static const scn_panel tl_first[] = {SCN_PANEL_TIMELINE, SCN_PANEL_RESTAURANT};
    static const scn_panel resto_first[] = {SCN_PANEL_RESTAURANT, SCN_PANEL_TIMELINE};
    static const scn_panel metrics_first[] = {SCN_PANEL_METRICS};
    for (int cmp = 0; cmp < 2; cmp++) {
        size_t m0, m1, m2;
        int usual = plot_h_with_focus(&a, NULL, 0, cmp, &m0);
        int tl = plot_h_with_focus(&a, tl_first, 2, cmp, &m1);
        int resto = plot_h_with_focus(&a, resto_first, 2, cmp, &m2);
        /* compared at 720 the timeline already has only the room it needs: the
         * restaurant cannot take more */
        if (!(tl > usual && (cmp ? usual >= resto : usual > resto)))
            fail_msg("compare %d: plot heights %d (timeline first), %d (none), %d (restaurant "
                     "first)",
                     cmp, tl, usual, resto);
        if (cmp) {
            size_t keep;
            (void)plot_h_with_focus(&a, metrics_first, 1, cmp, &keep);
            if (!(m1 < keep))
                fail_msg("metrics left out of the focus show %zu rows, named %zu", m1, keep);
        }
    }
    ui_app_free(&a);
}

static void test_text_size_keys_scale_text(void **state)
{
    (void)state;
    assert_int_equal(ui_text_px(720, 0), 20);
    assert_int_equal(ui_text_px(1080, 0), 30);
    assert_int_equal(ui_text_px(720, 2), 24);
    assert_int_equal(ui_text_px(300, -5), 12); /* never below 12 px */
}

static void test_format_time(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(ui_format_time(1002 * MS, b, sizeof b), "1.002 s");
    assert_string_equal(ui_format_time(250 * MS, b, sizeof b), "250.0 ms");
    assert_string_equal(ui_format_time(12500, b, sizeof b), "12.50 us");
    assert_string_equal(ui_format_time(0, b, sizeof b), "0 s");
    assert_string_equal(ui_format_duration(250 * MS, b, sizeof b), "250 ms");
    assert_string_equal(ui_format_duration(2500 * MS, b, sizeof b), "2.5 s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_has_every_region),
        cmocka_unit_test(test_compare_shows_two_runs_on_one_clock),
        cmocka_unit_test(test_step_forward_then_back_gives_the_same_frame),
        cmocka_unit_test(test_overlays_help_list_banner_tooltip),
        cmocka_unit_test(test_no_doc_shows_header_and_list),
        cmocka_unit_test(test_every_size_fits_the_window),
        cmocka_unit_test(test_lesson_focus_gives_panels_the_room),
        cmocka_unit_test(test_gil_turns_tooltip_says_what_the_hatching_is),
        cmocka_unit_test(test_text_size_keys_scale_text),
        cmocka_unit_test(test_keys_hide_and_show_panels),
        cmocka_unit_test(test_tooltips_say_states_in_words),
        cmocka_unit_test(test_code_line_tooltip_names_its_waiters),
        cmocka_unit_test(test_service_tooltips_name_the_service),
        cmocka_unit_test(test_service_box_shows_who_holds_its_gil),
        cmocka_unit_test(test_service_call_held_by_a_blocked_thread_is_drawn_once),
        cmocka_unit_test(test_service_box_ignores_the_fronts_step),
        cmocka_unit_test(test_no_internal_names_on_screen),
        cmocka_unit_test(test_format_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
