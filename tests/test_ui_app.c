/* test_ui_app.c - the playback clock and what keys and the mouse do, without SDL.
 *
 * The stepping oracle is the trace itself: stepping forward from the start must
 * stop at every event of the one run shown, in order (inside a busy instant too:
 * "step k of n"), or at every distinct event time of two runs compared, and
 * stepping back must retrace them exactly (a lookup, never a re-run).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "error.h"
#include "test_ui_support.h"
#include "ui_app.h"
#include "ui_library.h"

#define MS INT64_C(1000000)
#define S INT64_C(1000000000)

/* Every event of a run, in trace order: its time and its place in its instant. */
typedef struct {
    int64_t t;
    uint32_t k, n; /* the k-th of the n events at t */
} event_pos;

/* From a fresh run of the engine. */
static event_pos *event_positions(const scn_scenario *scn, size_t rt, size_t *n)
{
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, rt, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const trace *tr = sim_run_trace(run);
    *n = trace_count(tr);
    event_pos *p = malloc((*n + 1) * sizeof *p);
    assert_non_null(p);
    for (size_t i = 0, from = 0; i < *n; i++) {
        p[i].t = trace_get(tr, i)->t;
        p[i].k = i > 0 && p[i - 1].t == p[i].t ? p[i - 1].k + 1 : 1;
        if (i + 1 == *n || trace_get(tr, i + 1)->t != p[i].t) {
            for (size_t j = from; j <= i; j++)
                p[j].n = p[i].k;
            from = i + 1;
        }
    }
    sim_run_free(run);
    return p;
}

/* The distinct event times after 0 of runtime `rt` (event_positions). */
static int64_t *event_times(const scn_scenario *scn, size_t rt, size_t *n)
{
    size_t nev;
    event_pos *ev = event_positions(scn, rt, &nev);
    int64_t *t = malloc((nev + 1) * sizeof *t);
    assert_non_null(t);
    *n = 0;
    for (size_t i = 0; i < nev; i++)
        if (ev[i].t > 0 && ev[i].k == 1)
            t[(*n)++] = ev[i].t;
    free(ev);
    return t;
}

/* One runtime on screen: Right walks every event of its trace, one at a time,
 * from the start (nothing happened yet) to the last; Left walks back to the start. */
static void test_step_visits_every_event_and_back(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    a.view.run = 2; /* Node.js */
    size_t n;
    event_pos *ev = event_positions(a.doc->scn, 2, &n);
    assert_true(n > 3);
    assert_int_equal(a.play.t, 0);
    assert_int_equal(a.play.step, 0);
    for (size_t i = 0; i < n; i++) {
        ui_app_key(&a, UI_KEY_RIGHT, false);
        assert_int_equal(a.play.t, ev[i].t);
        /* the last event of an instant is its end, as a seek to t shows it */
        if (ev[i].k == ev[i].n)
            assert_int_equal(a.play.step, TL_STEP_END);
        else
            assert_int_equal(a.play.step, ev[i].k);
        assert_int_equal(a.view.step, a.play.step);
        assert_int_equal(a.view.step_t, a.play.t);
    }
    ui_app_key(&a, UI_KEY_RIGHT, false); /* nothing after its last event: stays */
    assert_int_equal(a.play.t, ev[n - 1].t);
    for (size_t i = n - 1; i-- > 0;) {
        ui_app_key(&a, UI_KEY_LEFT, false);
        assert_int_equal(a.play.t, ev[i].t);
        assert_true(a.play.step == ev[i].k || (ev[i].k == ev[i].n && a.play.step == TL_STEP_END));
    }
    ui_app_key(&a, UI_KEY_LEFT, false);
    assert_int_equal(a.play.t, 0);
    assert_int_equal(a.play.step, 0);
    free(ev);
    ui_app_free(&a);
}

static void test_step_compare_merges_both_runs(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    a.view.run = 0;
    a.view.run_b = 2;
    size_t n0, n2;
    int64_t *t0 = event_times(a.doc->scn, 0, &n0), *t2 = event_times(a.doc->scn, 2, &n2);
    /* alone, run 0 steps over run 2's event times; compared, it stops at them */
    int64_t first = t0[0] < t2[0] ? t0[0] : t2[0];
    ui_playback_seek(&a.play, 1); /* past the first instant, which one run walks event by event */
    ui_app_key(&a, UI_KEY_RIGHT, false);
    assert_int_equal(a.play.t, t0[0]);
    ui_app_key(&a, UI_KEY_HOME, false);
    ui_app_key(&a, UI_KEY_C, false);
    assert_true(a.view.compare);
    ui_app_key(&a, UI_KEY_RIGHT, false); /* compared: the instants of both */
    assert_int_equal(a.play.t, first);
    free(t0);
    free(t2);
    ui_app_free(&a);
}

/* The texts tagged HEADER with id `id` (the header's runtime line is id 1, a
 * compare column's title has its run's index), joined, from a layout of the app
 * as it is. */
static void header_text(const ui_app *a, ui_role role, int32_t id, int run, char *buf, size_t size)
{
    ui_list l;
    ui_list_init(&l);
    assert_int_equal(
        ui_layout(a->doc, &a->view, a->play.t, 1280, 720, ui_measure_fixed(), &l, NULL), 0);
    buf[0] = '\0';
    for (size_t i = 0; i < l.n; i++) {
        const ui_shape *s = &l.shapes[i];
        if (s->role == role && s->id == id && (run < 0 || s->run == run) &&
            s->kind == UI_SHAPE_TEXT && !buf[0])
            snprintf(buf, size, "%s", ui_shape_text(&l, s));
    }
    ui_list_free(&l);
}

/* Which runs the compare columns show: the runs of the shapes tagged with a
 * column title (HEADER with id = its run, below the header bar). */
static size_t columns_shown(const ui_app *a, size_t out[2])
{
    ui_list l;
    ui_list_init(&l);
    ui_layout_info info;
    assert_int_equal(
        ui_layout(a->doc, &a->view, a->play.t, 1280, 720, ui_measure_fixed(), &l, &info), 0);
    size_t n = 0;
    for (int i = 0; i < 2; i++)
        if (info.area[i].w > 0)
            out[n++] = info.run[i];
    ui_list_free(&l);
    return n;
}

/* three-requests: Tab (to the second runtime) then C used to title the frame
 * "Python, a thread per request vs Python, a thread per request" while the right
 * column showed Node.js; print-order said "asyncio vs asyncio". The header, the
 * columns and stepping must all name the same pair. */
static void check_tab_then_compare(const char *file, const char *left, const char *right)
{
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc(file), false);
    ui_app_key(&a, UI_KEY_TAB, false);
    ui_app_key(&a, UI_KEY_C, false);
    assert_true(a.view.compare);
    size_t runs[2];
    assert_int_equal(ui_view_runs(&a.view, a.doc->nruns, runs), 2);
    assert_string_equal(a.doc->runs[runs[0]].name, left);
    assert_string_equal(a.doc->runs[runs[1]].name, right);
    size_t cols[2];
    assert_int_equal(columns_shown(&a, cols), 2);
    assert_int_equal(cols[0], runs[0]);
    assert_int_equal(cols[1], runs[1]);
    char want[256], got[256];
    snprintf(want, sizeof want, "%s vs %s", left, right);
    header_text(&a, UI_ROLE_HEADER, 1, -1, got, sizeof got);
    if (got[0]) /* else short of room beside the title: the column titles name them */
        assert_string_equal(got, want);
    for (int i = 0; i < 2; i++) {
        header_text(&a, UI_ROLE_COLUMN_TITLE, (int32_t)runs[i], (int)runs[i], got, sizeof got);
        assert_string_equal(got, a.doc->runs[runs[i]].name);
    }
    /* stepping stops at the first event of either run shown */
    size_t n0, n1;
    int64_t *t0 = event_times(a.doc->scn, runs[0], &n0),
            *t1 = event_times(a.doc->scn, runs[1], &n1);
    ui_app_key(&a, UI_KEY_RIGHT, false);
    assert_int_equal(a.play.t, t0[0] < t1[0] ? t0[0] : t1[0]);
    free(t0);
    free(t1);
    /* Tab while comparing moves the right column on, to the runtime after it */
    size_t before = runs[1];
    ui_app_key(&a, UI_KEY_TAB, false);
    assert_int_equal(ui_view_runs(&a.view, a.doc->nruns, runs), 2);
    size_t next = (before + 1) % a.doc->nruns == runs[0] ? (before + 2) % a.doc->nruns
                                                         : (before + 1) % a.doc->nruns;
    assert_int_equal(runs[1], next);
    snprintf(want, sizeof want, "%s vs %s", left, a.doc->runs[next].name);
    header_text(&a, UI_ROLE_HEADER, 1, -1, got, sizeof got);
    if (got[0]) /* else short of room beside the title: the column titles name them */
        assert_string_equal(got, want);
    assert_int_equal(columns_shown(&a, cols), 2);
    assert_int_equal(cols[1], next);
    ui_app_free(&a);
}

static void test_compare_header_names_the_runs_shown(void **state)
{
    (void)state;
    check_tab_then_compare("three-requests.json", "Python, a thread per request", "Node.js");
    check_tab_then_compare("print-order.json", "asyncio", "Blocking thread");
}

static void test_playback_plays_to_the_end_and_stops(void **state)
{
    (void)state;
    ui_playback p;
    ui_playback_init(&p, 3006 * MS);
    /* the fastest 1-2-5 speed that still takes >= 12 s: 200 ms/s (3.006 s in 15 s) */
    assert_int_equal(ui_playback_speed_ns(&p), 200 * MS);
    ui_playback_toggle(&p);
    for (int i = 0; i < 50; i++)
        ui_playback_advance(&p, 20 * MS); /* one wall-clock second in 50 frames */
    assert_int_equal(p.t, 200 * MS);     /* exactly: the remainder is carried */
    ui_playback_advance(&p, 100 * S);
    assert_int_equal(p.t, p.end);
    assert_false(p.playing);
    ui_playback_toggle(&p); /* play at the end starts again */
    assert_true(p.playing);
    assert_int_equal(p.t, 0);
}

static void test_playback_many_small_frames_equal_one_big_one(void **state)
{
    (void)state;
    ui_playback a, b;
    ui_playback_init(&a, 10 * S);
    ui_playback_init(&b, 10 * S);
    ui_playback_toggle(&a);
    ui_playback_toggle(&b);
    for (int i = 0; i < 1000; i++)
        ui_playback_advance(&a, 16666667); /* 1000 frames at 60 Hz, not a whole ns each */
    ui_playback_advance(&b, INT64_C(16666667) * 1000);
    assert_int_equal(a.t, b.t);
}

static void test_playback_tick_forward_then_back_returns(void **state)
{
    (void)state;
    ui_playback p;
    ui_playback_init(&p, 3 * S);
    ui_playback_seek(&p, 1 * S);
    ui_playback_tick(&p, +1);
    assert_int_equal(p.t, 1 * S + ui_playback_speed_ns(&p) / UI_PLAYBACK_TICKS_PER_SECOND);
    ui_playback_tick(&p, -1);
    assert_int_equal(p.t, 1 * S);
    ui_playback_seek(&p, -5);
    assert_int_equal(p.t, 0);
    ui_playback_tick(&p, -1);
    assert_int_equal(p.t, 0);
}

static void test_playback_speed_ladder_and_text(void **state)
{
    (void)state;
    ui_playback p;
    char buf[32];
    ui_playback_init(&p, 3006 * MS);
    assert_string_equal(ui_playback_speed_text(&p, buf, sizeof buf), "200 ms/s");
    ui_playback_faster(&p, +1);
    assert_string_equal(ui_playback_speed_text(&p, buf, sizeof buf), "500 ms/s");
    ui_playback_faster(&p, +1);
    assert_string_equal(ui_playback_speed_text(&p, buf, sizeof buf), "1 s/s");
    for (int i = 0; i < 100; i++)
        ui_playback_faster(&p, -1);
    assert_string_equal(ui_playback_speed_text(&p, buf, sizeof buf), "1 us/s");
    for (int i = 0; i < 100; i++)
        ui_playback_faster(&p, +1);
    assert_string_equal(ui_playback_speed_text(&p, buf, sizeof buf), "10 s/s");
}

static void test_keys_tab_theme_text_help(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    ui_app_key(&a, UI_KEY_TAB, false);
    assert_int_equal(a.view.run, 1);
    for (size_t i = 1; i < a.doc->nruns; i++)
        ui_app_key(&a, UI_KEY_TAB, false);
    assert_int_equal(a.view.run, 0);
    ui_app_key(&a, UI_KEY_T, false);
    assert_int_equal(a.view.theme, 1);
    ui_app_key(&a, UI_KEY_PLUS, false);
    assert_int_equal(a.view.text_step, 1);
    ui_app_key(&a, UI_KEY_H, false);
    assert_true(a.view.help);
    /* with help open, Esc closes help instead of quitting */
    assert_int_equal(ui_app_key(&a, UI_KEY_ESCAPE, false), UI_DO_NOTHING);
    assert_false(a.view.help);
    assert_int_equal(ui_app_key(&a, UI_KEY_ESCAPE, false), UI_DO_QUIT);
    assert_int_equal(ui_app_key(&a, UI_KEY_R, false), UI_DO_RELOAD);
    assert_int_equal(ui_app_key(&a, UI_KEY_S, false), UI_DO_SAVE_PNG);
    assert_int_equal(ui_app_key(&a, UI_KEY_F11, false), UI_DO_FULLSCREEN);
    ui_app_key(&a, UI_KEY_END, false);
    assert_int_equal(a.play.t, a.doc->end);
    ui_app_free(&a);
}

static void test_keys_list_chooses_and_opens(void **state)
{
    (void)state;
    ui_list_entry e[3] = {{"a.json", "A", ""}, {"b.json", "B", ""}, {"c.json", "C", ""}};
    ui_app a;
    ui_app_init(&a);
    a.view.entries = e;
    a.view.nentries = 3;
    a.view.list = true;
    ui_app_key(&a, UI_KEY_UP, false);
    assert_int_equal(a.view.list_sel, 0);
    ui_app_key(&a, UI_KEY_DOWN, false);
    ui_app_key(&a, UI_KEY_DOWN, false);
    ui_app_key(&a, UI_KEY_DOWN, false);
    assert_int_equal(a.view.list_sel, 2);
    assert_int_equal(ui_app_key(&a, UI_KEY_ENTER, false), UI_DO_OPEN_SELECTED);
    /* no scenario behind the list: Esc quits; L keeps the list */
    assert_int_equal(ui_app_key(&a, UI_KEY_L, false), UI_DO_NOTHING);
    assert_true(a.view.list);
    assert_int_equal(ui_app_key(&a, UI_KEY_ESCAPE, false), UI_DO_QUIT);
    ui_app_free(&a);
}

static ui_layout_info plot_info(int64_t t0, int64_t t1)
{
    ui_layout_info info = {.area = {{100, 400, 1000, 200}, {0, 0, 0, 0}}, .t0 = t0, .t1 = t1};
    return info;
}

static void test_mouse_scrubs_on_the_plot_only(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    ui_layout_info info = plot_info(0, 3 * S);
    ui_app_mouse(&a, &info, 600, 500, true); /* the middle of the plot */
    assert_int_equal(a.play.t, 1500 * MS);
    ui_app_mouse(&a, &info, 2000, 500, true); /* dragged past the end: clamped */
    assert_int_equal(a.play.t, 3 * S);
    ui_app_mouse(&a, &info, 600, 500, false);
    ui_app_mouse(&a, &info, 600, 100, true); /* a press outside the plot: no seek */
    assert_int_equal(a.play.t, 3 * S);
    ui_app_free(&a);
}

static void test_wheel_zooms_around_the_mouse_and_back_out(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    int64_t end = a.doc->end;
    ui_layout_info info = plot_info(0, end);
    ui_app_wheel(&a, &info, 350, 500, 1); /* a quarter of the way in */
    int64_t w = a.view.zoom_t1 - a.view.zoom_t0;
    assert_true(w < end && w > end / 2);
    int64_t at = end / 4;
    /* the time under the mouse stays under the mouse (to a nanosecond per pixel) */
    int64_t under = a.view.zoom_t0 + (int64_t)((double)w * 0.25);
    assert_true(llabs(under - at) <= end / 1000);
    info = plot_info(a.view.zoom_t0, a.view.zoom_t1);
    ui_app_wheel(&a, &info, 350, 500, -3);
    assert_true(a.view.zoom_t1 <= a.view.zoom_t0); /* the whole run again */
    ui_app_free(&a);
}

static void test_set_doc_keeps_time_on_reload(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    ui_app_key(&a, UI_KEY_TAB, false);
    ui_playback_seek(&a.play, 1500 * MS);
    ui_app_set_doc(&a, open_doc("three-requests.json"), true);
    assert_int_equal(a.play.t, 1500 * MS);
    assert_int_equal(a.view.run, 1);
    a.view.run = 3; /* asyncio, the fourth runtime */
    ui_app_set_doc(&a, open_doc("print-order.json"), false);
    assert_int_equal(a.play.t, 0);
    assert_int_equal(a.view.run, 0); /* print-order has three runtimes */
    ui_app_free(&a);
}

#define TWO_RUNTIMES(first, second)                                                  \
    "{\"schema\": \"bistro/1\", \"title\": \"t\", \"devices\": {\"db\": {}},"        \
    "\"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"io\": \"10ms\", " \
    "\"device\": \"db\"}]}, \"runtimes\": [" first ", " second "]}"
#define RT_LOOP "{\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"node\"}"
#define RT_ONE "{\"name\": \"one\", \"model\": \"threads\", \"threads\": 1}"
#define RT_TWO "{\"name\": \"two\", \"model\": \"threads\", \"threads\": 2}"

static void test_set_doc_reload_keeps_runtimes_by_name(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_json(TWO_RUNTIMES(RT_LOOP, RT_ONE)), false);
    a.view.run = 1; /* "one" */
    a.view.run_b = 0;
    a.view.compare = true;
    /* the edit swapped the runtimes: the same ones stay on screen, by name */
    ui_app_set_doc(&a, open_json(TWO_RUNTIMES(RT_ONE, RT_LOOP)), true);
    assert_string_equal(a.doc->runs[a.view.run].name, "one");
    assert_string_equal(a.doc->runs[a.view.run_b].name, "loop");
    assert_true(a.view.compare);
    /* renamed away: back to the first runtime, never the same one twice */
    ui_app_set_doc(&a, open_json(TWO_RUNTIMES(RT_TWO, RT_LOOP)), true);
    assert_int_equal(a.view.run, 0);
    assert_string_equal(a.doc->runs[a.view.run_b].name, "loop");
    /* another scenario: its first runtime, the whole run */
    a.view.run = 1;
    a.view.zoom_t0 = 1;
    a.view.zoom_t1 = 2;
    ui_app_set_doc(&a, open_json(TWO_RUNTIMES(RT_ONE, RT_TWO)), false);
    assert_int_equal(a.view.run, 0);
    assert_int_equal(a.view.run_b, 1);
    assert_true(a.view.zoom_t1 <= a.view.zoom_t0);
    ui_app_free(&a);
}

static void test_zoomed_playback_pages_but_stays_inside_the_run(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_doc("three-requests.json"), false);
    int64_t end = a.doc->end, w = end / 4;
    a.view.zoom_t0 = 0;
    a.view.zoom_t1 = w;
    ui_app_key(&a, UI_KEY_SPACE, false);
    for (int i = 0; i < 2000 && a.play.playing; i++) {
        ui_app_update(&a, 50 * MS);
        assert_true(a.view.zoom_t0 >= 0 && a.view.zoom_t1 <= end);
        assert_int_equal(a.view.zoom_t1 - a.view.zoom_t0, w);
        assert_true(a.play.t >= a.view.zoom_t0 && a.play.t <= a.view.zoom_t1);
    }
    assert_int_equal(a.play.t, end);
    ui_app_free(&a);
}

/* ---- the orders view ----------------------------------------------------------- */

/* How many ui_app_work calls until it wants no more (each runs one seed). */
static int work_all(ui_app *a)
{
    int n = 0;
    while (ui_app_work(a)) {
        n++;
        assert_true(n <= 100000);
    }
    return n;
}

/* O opens the view; the runs are made one seed per ui_app_work call, for the
 * runtimes on screen only, and not before the view asks for them (a lesson
 * without jitter teaches one order); Esc closes the view rather than quitting, and
 * the mouse does not scrub a timeline hidden under it. */
static void test_orders_view_runs_seeds_when_open(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/tests/app/seeded-race.json", BISTRO_SOURCE_DIR);
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_path(path), false);
    assert_false(ui_app_work(&a));
    assert_int_equal(a.orders.runs[0].runs, 0);
    assert_int_equal(ui_app_key(&a, UI_KEY_O, false), UI_DO_NOTHING);
    assert_true(a.view.orders);
    assert_ptr_equal(a.view.order_runs, &a.orders);
    /* 200 seeds: 199 calls that leave more to do, the last one that does not */
    assert_int_equal(work_all(&a), UI_ORDERS_LAST - UI_ORDERS_FIRST);
    assert_true(ui_orders_done(&a.orders, 0));
    assert_int_equal(a.orders.runs[0].runs, 200);
    assert_int_equal(a.orders.runs[1].runs, 0); /* not on screen */
    /* compare: the right column's runs are made next */
    ui_app_key(&a, UI_KEY_C, false);
    assert_int_equal(work_all(&a), UI_ORDERS_LAST - UI_ORDERS_FIRST);
    assert_true(ui_orders_done(&a.orders, 1));
    assert_int_equal(a.orders.runs[2].runs, 0);
    /* the timeline under the view does not move */
    int64_t t = a.play.t;
    ui_layout_info info = {.area = {{0, 0, 1000, 100}}, .columns = 1, .t0 = 0, .t1 = a.doc->end};
    ui_app_mouse(&a, &info, 500, 50, true);
    assert_int_equal(a.play.t, t);
    assert_int_equal(ui_app_key(&a, UI_KEY_ESCAPE, false), UI_DO_NOTHING);
    assert_false(a.view.orders);
    assert_int_equal(ui_app_key(&a, UI_KEY_ESCAPE, false), UI_DO_QUIT);
    /* a reload starts over on the new doc */
    ui_app_key(&a, UI_KEY_O, false);
    ui_app_set_doc(&a, open_path(path), true);
    assert_true(a.view.orders);
    assert_int_equal(a.orders.runs[0].runs, 0);
    ui_app_free(&a);
}

/* While the runs are being made the view shows those so far and how far it got,
 * so a slow scenario's view fills in front of the class instead of freezing. */
static void test_orders_view_shows_the_runs_so_far(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/tests/app/seeded-race.json", BISTRO_SOURCE_DIR);
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_path(path), false);
    ui_app_key(&a, UI_KEY_O, false);
    for (int i = 0; i < 57; i++)
        assert_true(ui_app_work(&a));
    ui_list l;
    ui_list_init(&l);
    assert_int_equal(ui_layout(a.doc, &a.view, a.play.t, 1280, 720, ui_measure_fixed(), &l, NULL),
                     0);
    bool heading = false, progress = false;
    int64_t bars = 0;
    for (size_t i = 0; i < l.n; i++) {
        const ui_shape *s = &l.shapes[i];
        const char *t = ui_shape_text(&l, s);
        heading |= s->role == UI_ROLE_ORDERS && strcmp(t, "57 of 200 runs") == 0;
        progress |= s->role == UI_ROLE_ORDERS && strstr(t, "running seed 58 of 200") != NULL;
        long long n;
        if (s->role == UI_ROLE_ORDER && strstr(t, " run") && sscanf(t, "%lld", &n) == 1)
            bars += n;
    }
    assert_true(heading);
    assert_true(progress);
    assert_int_equal(bars, 57); /* the bars count the runs so far */
    ui_list_free(&l);
    ui_app_free(&a);
}

/* A scenario whose machine has jitter is a lesson about the race: its runs are
 * made without the key, for the runtime on screen, and its counts add up to the
 * seeds run, with the run on screen's own order among them. */
static void test_orders_of_a_jitter_scenario_come_unasked(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/tests/app/jitter-race.json", BISTRO_SOURCE_DIR);
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, open_path(path), false);
    assert_true(a.doc->scn->machine.jitter);
    assert_false(a.view.orders);
    assert_int_equal(work_all(&a), UI_ORDERS_LAST - UI_ORDERS_FIRST);
    const ui_orders_run *r = &a.orders.runs[0];
    int64_t sum = 0;
    for (size_t i = 0; i < r->norders; i++) {
        sum += r->orders[i].runs;
        if (i > 0)
            assert_true(r->orders[i - 1].runs >= r->orders[i].runs);
    }
    assert_int_equal(sum, 200);
    int cur = ui_orders_current(&a.orders, 0);
    assert_true(cur >= 0); /* its seed, 7, is one of 1-200 */
    assert_string_equal(r->orders[cur].order, r->current);
    ui_app_free(&a);
}

/* The window's title is the lesson's title, or the app's name without one. */
static void test_window_title_is_the_lessons(void **state)
{
    (void)state;
    ui_app a;
    ui_app_init(&a);
    char buf[300];
    assert_string_equal(ui_app_window_title(&a, buf, sizeof buf), "bistro");
    ui_app_set_doc(&a, open_doc("convoy.json"), false);
    char want[300];
    snprintf(want, sizeof want, "%s - bistro", a.doc->scn->title);
    assert_string_equal(ui_app_window_title(&a, buf, sizeof buf), want);
    assert_non_null(strstr(buf, "The convoy effect"));
    char tiny[8]; /* cut, never overrun */
    ui_app_window_title(&a, tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
    ui_app_free(&a);
}

/* The file names of docs/teaching-guide.md's table "The lessons, in order", in
 * its order, into names (each "x.json"); returns how many. */
static size_t guide_order(char names[][64], size_t max)
{
    FILE *f = fopen(BISTRO_SOURCE_DIR "/docs/teaching-guide.md", "r");
    assert_non_null(f);
    char line[1024];
    size_t n = 0;
    bool in = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## The lessons, in order", 24) == 0)
            in = true;
        else if (in && strncmp(line, "## ", 3) == 0)
            break;
        if (!in || line[0] != '|' || !strstr(line, ".json`"))
            continue;
        for (const char *p = line; (p = strchr(p, '`')) != NULL;) {
            const char *q = strchr(p + 1, '`');
            if (!q)
                break;
            size_t len = (size_t)(q - p - 1);
            if (len > 5 && len < 64 && strncmp(q - 5, ".json", 5) == 0 && n < max) {
                memcpy(names[n], p + 1, len);
                names[n++][len] = '\0';
            }
            p = q + 1;
        }
    }
    fclose(f);
    return n;
}

/* The bundled list is in the teaching guide's order, numbered, with teasers that
 * do not give the answers away. */
static void test_library_is_in_teaching_order(void **state)
{
    (void)state;
    ui_library lib;
    assert_int_equal(ui_library_load(&lib, BISTRO_SOURCE_DIR "/scenarios"), 0);
    char names[64][64];
    size_t n = guide_order(names, 64);
    assert_int_equal(n, lib.n); /* every lesson is in the guide's table */
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(lib.entries[i].path, '/') + 1;
        if (strcmp(base, names[i]) != 0)
            fail_msg("entry %zu is %s; the guide has %s there", i + 1, base, names[i]);
        char num[32];
        snprintf(num, sizeof num, "%zu. ", i + 1);
        assert_true(strncmp(lib.entries[i].title, num, strlen(num)) == 0);
    }
    /* print-order: neither the list's title nor its line says the answer */
    int po = ui_library_find(&lib, "print-order.json");
    assert_true(po >= 0);
    assert_null(strstr(lib.entries[po].title, "1 2 4 5 3"));
    assert_null(strstr(lib.entries[po].description, "1 2 4 5 3"));
    assert_true(strlen(lib.entries[po].description) > 0);
    ui_library_free(&lib);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Lessons with an order first by it, then the others (and a file that does not
 * load) by name; the teaser replaces the description. */
static void test_library_orders_by_lesson_then_name(void **state)
{
    (void)state;
    char dir[] = "/tmp/bistro-lib-XXXXXX";
    assert_non_null(mkdtemp(dir));
#define DOC(extra)                                                                              \
    "{\"schema\": \"bistro/1\", \"title\": \"T\", \"description\": \"D\", " extra               \
    "\"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": 1}]}, \"runtimes\": " \
    "[{\"name\": \"a\", \"model\": \"threads\"}]}"
    write_file(dir, "a.json", DOC(""));
    write_file(dir, "b.json", DOC("\"lesson\": {\"order\": 2, \"teaser\": \"Why?\"}, "));
    write_file(dir, "c.json", DOC("\"lesson\": {\"order\": 1, \"title\": \"C list\"}, "));
    write_file(dir, "0bad.json", "{");
    ui_library lib;
    assert_int_equal(ui_library_load(&lib, dir), 0);
    assert_int_equal(lib.n, 4);
    static const char *const want[] = {"/c.json", "/b.json", "/0bad.json", "/a.json"};
    for (size_t i = 0; i < 4; i++)
        if (!strstr(lib.entries[i].path, want[i]))
            fail_msg("entry %zu is %s, not %s", i, lib.entries[i].path, want[i]);
    assert_string_equal(lib.entries[0].title, "1. C list");
    assert_string_equal(lib.entries[0].description, "D");
    assert_string_equal(lib.entries[1].title, "2. T");
    assert_string_equal(lib.entries[1].description, "Why?");
    assert_string_equal(lib.entries[3].title, "T");
    assert_int_equal(ui_library_find(&lib, "a.json"), 3);
    ui_library_free(&lib);
    static const char *const files[] = {"a.json", "b.json", "c.json", "0bad.json"};
    for (size_t i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
#undef DOC
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_visits_every_event_and_back),
        cmocka_unit_test(test_step_compare_merges_both_runs),
        cmocka_unit_test(test_compare_header_names_the_runs_shown),
        cmocka_unit_test(test_playback_plays_to_the_end_and_stops),
        cmocka_unit_test(test_playback_many_small_frames_equal_one_big_one),
        cmocka_unit_test(test_playback_tick_forward_then_back_returns),
        cmocka_unit_test(test_playback_speed_ladder_and_text),
        cmocka_unit_test(test_keys_tab_theme_text_help),
        cmocka_unit_test(test_keys_list_chooses_and_opens),
        cmocka_unit_test(test_mouse_scrubs_on_the_plot_only),
        cmocka_unit_test(test_wheel_zooms_around_the_mouse_and_back_out),
        cmocka_unit_test(test_set_doc_keeps_time_on_reload),
        cmocka_unit_test(test_set_doc_reload_keeps_runtimes_by_name),
        cmocka_unit_test(test_zoomed_playback_pages_but_stays_inside_the_run),
        cmocka_unit_test(test_orders_view_runs_seeds_when_open),
        cmocka_unit_test(test_orders_view_shows_the_runs_so_far),
        cmocka_unit_test(test_orders_of_a_jitter_scenario_come_unasked),
        cmocka_unit_test(test_window_title_is_the_lessons),
        cmocka_unit_test(test_library_is_in_teaching_order),
        cmocka_unit_test(test_library_orders_by_lesson_then_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
