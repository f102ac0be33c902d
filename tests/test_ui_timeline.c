/* test_ui_timeline.c - the timeline panel's layout, read back from its shapes.
 *
 * The oracle is the run itself: what a lane shows at a pixel column must be the
 * state the trace gives at that time (three-requests.json, whose traces are short
 * enough to read: `bistro-sim run scenarios/three-requests.json --trace -`), and a
 * band's heights must follow timeline_request_counts(). The rest are properties
 * every frame must have: nothing right of the cursor, every shape inside its
 * rect at every window size, no bar under a pixel, few shapes for 10,000
 * requests, and a zoom window that maps linearly. Timing is printed, never
 * asserted (the machine may be busy).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "test_support.h"

#include "ui_doc.h"
#include "ui_layout_internal.h"

#define MS 1000000LL
#define US 1000LL
#define THREE BISTRO_SOURCE_DIR "/scenarios/three-requests.json"
#define GIL BISTRO_SOURCE_DIR "/scenarios/gil-cpu-bound.json"

/* Runtimes of three-requests.json, in its order. */
enum { ONE_THREAD, PER_REQUEST, NODE, ASYNCIO };

/* 10,000 requests, one every 100 us for a second, each waiting 200 ms on the
 * network: about 2,000 in flight in the steady middle (200 ms / 100 us), far too
 * many for lanes. A thread per request makes about as many threads. */
static const char *const big_json =
    "{\"schema\": \"bistro/1\", \"title\": \"big\", \"seed\": 3,"
    " \"devices\": {\"net\": {}},"
    " \"workload\": {\"arrivals\": {\"every\": \"100us\", \"count\": 10000},"
    "   \"request\": [{\"cpu\": \"20us\"}, {\"io\": \"200ms\", \"device\": \"net\"},"
    "                 {\"cpu\": \"10us\"}]},"
    " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "   {\"name\": \"per request\", \"model\": \"threads\", \"threads\": \"per_request\","
    "    \"gil\": true}]}";

static ui_doc *three, *big, *gil;

static int open_docs(void **state)
{
    (void)state;
    diag_list *d = diag_new();
    int rc = ui_doc_open(THREE, d, NULL, NULL, &three);
    if (rc == 0)
        rc = ui_doc_from_scenario(load(big_json), NULL, d, &big);
    if (rc == 0)
        rc = ui_doc_open(GIL, d, NULL, NULL, &gil);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
    diag_free(d);
    return rc;
}

static int close_docs(void **state)
{
    (void)state;
    ui_doc_free(three);
    ui_doc_free(big);
    ui_doc_free(gil);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------ */

typedef struct {
    ui_list l;
    ui_view v;
    ui_rect r, plot;
    int64_t t0, t1, t;
} frame;

/* Lays out run `run` of doc at time t in r, the axis [t0, t1], as the app does in
 * a w x h window (text size from the window height). */
static void lay(frame *f, const ui_doc *doc, size_t run, int64_t t, int h, ui_rect r, int64_t t0,
                int64_t t1)
{
    ui_list_init(&f->l);
    ui_view_init(&f->v);
    f->r = r;
    f->t0 = t0;
    f->t1 = t1;
    f->t = t;
    ui_ctx c = {doc,         &f->v, ui_theme_get(0), ui_measure_fixed(), t, ui_text_px(h, 0), &f->l,
                TL_STEP_END, false};
    ui__timeline(&c, run, r, t0, t1, &f->plot);
    assert_false(f->l.oom);
    assert_true(f->plot.w > 0 && f->plot.h > 0);
}

/* The usual place: 60% of a 1280x720 window wide, 40% high, below the restaurant. */
static void lay720(frame *f, const ui_doc *doc, size_t run, int64_t t, int64_t t0, int64_t t1)
{
    lay(f, doc, run, t, 720, (ui_rect){10, 380, 768, 288}, t0, t1);
}

static void unlay(frame *f)
{
    ui_list_free(&f->l);
}

/* The pixel column of time t in the plot. */
static int column(const frame *f, int64_t t)
{
    return f->plot.x + (int)((double)(t - f->t0) * f->plot.w / (double)(f->t1 - f->t0));
}

/* The rect with `role` and `id` covering column x, or NULL. */
static const ui_shape *rect_at(const frame *f, ui_role role, int32_t id, int x)
{
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->kind == UI_SHAPE_RECT && s->role == role && s->id == id && x >= s->rect.x &&
            x < s->rect.x + s->rect.w)
            return s;
    }
    return NULL;
}

static size_t count_role(const frame *f, ui_role role)
{
    size_t n = 0;
    for (size_t i = 0; i < f->l.n; i++)
        n += f->l.shapes[i].role == role;
    return n;
}

/* The cursor's bar: the CURSOR rect that reaches down from the plot's top. */
static const ui_shape *cursor_bar(const frame *f)
{
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->role == UI_ROLE_CURSOR && s->kind == UI_SHAPE_RECT && s->rect.y == f->plot.y)
            return s;
    }
    return NULL;
}

/* Whether a text shape with `role` says `text` (and, when id is not NULL, has *id). */
static bool has_text_id(const frame *f, ui_role role, const int32_t *id, const char *text)
{
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->role == role && (!id || s->id == *id) &&
            strcmp(ui_shape_text(&f->l, s), text) == 0)
            return true;
    }
    return false;
}

static bool has_text(const frame *f, ui_role role, const char *text)
{
    return has_text_id(f, role, NULL, text);
}

static void assert_state_at(const frame *f, ui_role role, int32_t id, int64_t t, int state)
{
    const ui_shape *s = rect_at(f, role, id, column(f, t));
    if (!s)
        fail_msg("nothing drawn for id %d at %lld ns", (int)id, (long long)t);
    if (s->state != state)
        fail_msg("id %d at %lld ns: state %d, expected %d", (int)id, (long long)t, s->state, state);
}

/* ---- lanes show the trace's states ------------------------------------------------- */

/* Trace of "Python, one thread": run at 0, gil_release + block (I/O) at 1.002 ms,
 * io_done and run at 1001.002 ms. */
static void test_timeline_worker_lane_follows_the_trace(void **state)
{
    (void)state;
    frame f;
    lay720(&f, three, ONE_THREAD, 500 * MS, 0, three->end);
    assert_state_at(&f, UI_ROLE_WORKER_SPAN, 0, 250 * MS, TL_W_WAIT_IO);
    unlay(&f);
    /* 1 ms of CPU is under a pixel of the whole run: zoom to the first 2 ms */
    lay720(&f, three, ONE_THREAD, 500 * MS, 0, 2 * MS);
    assert_state_at(&f, UI_ROLE_WORKER_SPAN, 0, 500 * US, TL_W_RUNNING);
    assert_state_at(&f, UI_ROLE_WORKER_SPAN, 0, 1500 * US, TL_W_WAIT_IO);
    unlay(&f);
}

/* The same trace: request 0 waits on the database from 1.002 ms, requests 1 and 2
 * wait in the accept queue until 1002.002 and 2004.002 ms. */
static void test_timeline_request_lanes_for_three_requests(void **state)
{
    (void)state;
    frame f;
    lay720(&f, three, ONE_THREAD, 1500 * MS, 0, three->end);
    char label[8];
    for (int32_t r = 0; r < 3; r++) {
        int32_t id = -1 - r;
        snprintf(label, sizeof label, "#%d", r + 1);
        assert_true(has_text_id(&f, UI_ROLE_LANE_LABEL, &id, label));
    }
    int32_t worker = 0;
    assert_true(
        has_text_id(&f, UI_ROLE_LANE_LABEL, &worker, three->runs[ONE_THREAD].short_names[0]));
    assert_state_at(&f, UI_ROLE_REQUEST_SPAN, 0, 250 * MS, TL_R_WAIT_IO);
    assert_state_at(&f, UI_ROLE_REQUEST_SPAN, 1, 250 * MS, TL_R_QUEUED);
    assert_state_at(&f, UI_ROLE_REQUEST_SPAN, 1, 1250 * MS, TL_R_WAIT_IO);
    assert_state_at(&f, UI_ROLE_REQUEST_SPAN, 2, 1250 * MS, TL_R_QUEUED);
    /* request 0 is done at 1002.002 ms: its bar ends there, the lane stays empty */
    assert_null(rect_at(&f, UI_ROLE_REQUEST_SPAN, 0, column(&f, 1200 * MS)));
    assert_int_equal(count_role(&f, UI_ROLE_REQUEST_BAND), 0);
    unlay(&f);
}

/* Node's trace: the loop blocks in poll at 3.002 ms and wakes at 1001.002 ms, when
 * the first query returns. */
static void test_timeline_node_loop_waits_in_poll_during_io(void **state)
{
    (void)state;
    frame f;
    const ui_run *u = &three->runs[NODE];
    lay720(&f, three, NODE, u->end, 0, three->end);
    assert_string_equal(u->short_names[0], "Loop");
    assert_state_at(&f, UI_ROLE_WORKER_SPAN, 0, 100 * MS, TL_W_WAITING);
    assert_state_at(&f, UI_ROLE_WORKER_SPAN, 0, 500 * MS, TL_W_WAITING);
    assert_state_at(&f, UI_ROLE_WORKER_SPAN, 0, 900 * MS, TL_W_WAITING);
    for (int32_t r = 0; r < 3; r++)
        assert_state_at(&f, UI_ROLE_REQUEST_SPAN, r, 500 * MS, TL_R_WAIT_IO);
    assert_true(has_text(&f, UI_ROLE_LEGEND, "idle in poll"));
    unlay(&f);
}

/* ---- the cursor and the past ------------------------------------------------------- */

static bool is_bar(const ui_shape *s)
{
    return s->kind == UI_SHAPE_RECT &&
           (s->role == UI_ROLE_WORKER_SPAN || s->role == UI_ROLE_REQUEST_SPAN ||
            s->role == UI_ROLE_REQUEST_BAND);
}

/* Every bar ends at or before the cursor, which sits at the column of t. */
static void assert_only_past(const frame *f)
{
    const ui_shape *cur = cursor_bar(f);
    assert_non_null(cur);
    int cx = cur->rect.x + cur->rect.w / 2, want = column(f, f->t);
    if (cx < want - 1 || cx > want + 1)
        fail_msg("cursor at x %d, the time's column is %d", cx, want);
    size_t bars = 0;
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (!is_bar(s))
            continue;
        bars++;
        if (s->rect.x + s->rect.w > cur->rect.x + cur->rect.w)
            fail_msg("a bar (role %d, id %d) reaches x %d, right of the cursor at %d", s->role,
                     (int)s->id, s->rect.x + s->rect.w, cx);
    }
    assert_true(bars > 0);
}

static void test_timeline_draws_only_the_past(void **state)
{
    (void)state;
    frame f;
    for (size_t run = 0; run < three->nruns; run++) {
        lay720(&f, three, run, 1500 * MS, 0, three->end);
        assert_only_past(&f);
        unlay(&f);
    }
    for (size_t run = 0; run < big->nruns; run++) {
        lay720(&f, big, run, 700 * MS, 0, big->end);
        assert_only_past(&f);
        unlay(&f);
    }
    /* a window that starts after the clock: no past in it, so nothing at all */
    lay720(&f, three, ONE_THREAD, 500 * MS, 1000 * MS, 2000 * MS);
    for (size_t i = 0; i < f.l.n; i++)
        assert_false(is_bar(&f.l.shapes[i]) || f.l.shapes[i].role == UI_ROLE_CURSOR);
    unlay(&f);
}

static void test_timeline_cursor_shows_the_time(void **state)
{
    (void)state;
    frame f;
    lay720(&f, three, ONE_THREAD, 1500 * MS, 0, three->end);
    char want[32];
    ui_format_time(1500 * MS, want, sizeof want);
    assert_true(has_text(&f, UI_ROLE_CURSOR, want));
    const ui_shape *cur = cursor_bar(&f);
    assert_non_null(cur);
    assert_true(cur->rect.w >= 2 && cur->rect.w <= 3);
    assert_true(cur->rect.h >= f.plot.h);
    unlay(&f);
}

/* ---- the zoom window --------------------------------------------------------------- */

/* In the one-thread trace the worker blocks on I/O at 1.002 ms and request 1 starts
 * running at 1002.002 ms: centred windows put those starts in the plot's middle. */
static void test_timeline_zoom_window_maps_linearly(void **state)
{
    (void)state;
    static const struct {
        int64_t at;
        ui_role role;
        int32_t id;
        int state;
    } cases[] = {
        {1002 * US, UI_ROLE_WORKER_SPAN, 0, TL_W_WAIT_IO},
        {1002002 * US, UI_ROLE_REQUEST_SPAN, 1, TL_R_RUNNING},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        frame f;
        int64_t half = 1 * MS;
        lay720(&f, three, ONE_THREAD, three->end, cases[k].at - half, cases[k].at + half);
        int mid = f.plot.x + f.plot.w / 2;
        const ui_shape *s = rect_at(&f, cases[k].role, cases[k].id, mid + 2);
        assert_non_null(s);
        assert_int_equal(s->state, cases[k].state);
        if (s->rect.x < mid - 1 || s->rect.x > mid + 1)
            fail_msg("the span starting at the window's middle starts at x %d, middle %d",
                     s->rect.x, mid);
        unlay(&f);
    }
}

/* ---- thousands of requests ------------------------------------------------------------- */

/* The stacking order the brief asks for, bottom to top. */
static const int band_states[] = {TL_R_QUEUED, TL_R_READY, TL_R_WAIT_GIL, TL_R_WAIT_IO,
                                  TL_R_RUNNING};

/* Per state, the band's height at column x; checks the states stack in order. */
static void band_heights(const frame *f, int x, int h[TL_R_COUNT])
{
    memset(h, 0, sizeof(int) * TL_R_COUNT);
    int top = INT32_MAX;
    for (size_t k = 0; k < 5; k++)
        for (size_t i = 0; i < f->l.n; i++) {
            const ui_shape *s = &f->l.shapes[i];
            if (s->kind == UI_SHAPE_RECT && s->role == UI_ROLE_REQUEST_BAND &&
                s->state == band_states[k] && x >= s->rect.x && x < s->rect.x + s->rect.w) {
                h[s->state] += s->rect.h;
                if (s->rect.y + s->rect.h > top)
                    fail_msg("state %d stacked under the one before it", s->state);
                top = s->rect.y;
            }
        }
}

/* In the steady middle (200 ms to 1 s) about 2,000 requests wait for the network
 * and the counts barely move, so a bucket's average is the count at its time. */
static void test_timeline_band_follows_request_counts(void **state)
{
    (void)state;
    frame f;
    const ui_run *u = &big->runs[0];
    lay720(&f, big, 0, u->end, 0, u->end);
    assert_int_equal(count_role(&f, UI_ROLE_REQUEST_SPAN), 0);
    assert_true(has_text(&f, UI_ROLE_REQUEST_BAND, "10,000 requests, how many in each state") ||
                has_text(&f, UI_ROLE_REQUEST_BAND, "10,000 requests"));
    double k = 0; /* pixels per request, from the first time */
    static const int64_t times[] = {600 * MS, 300 * MS, 900 * MS};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        int64_t counts[TL_R_COUNT], total = 0;
        timeline_request_counts(u->tl, times[i], counts);
        int h[TL_R_COUNT], htotal = 0;
        band_heights(&f, column(&f, times[i]), h);
        for (size_t s = 0; s < 5; s++) {
            total += counts[band_states[s]];
            htotal += h[band_states[s]];
        }
        assert_true(total > 1000);
        if (i == 0) {
            assert_true(htotal > 40); /* a band worth reading */
            k = (double)htotal / (double)total;
        }
        for (size_t s = 0; s < 5; s++) {
            double want = k * (double)counts[band_states[s]];
            if (h[band_states[s]] < want - 1.5 || h[band_states[s]] > want + 1.5)
                fail_msg("at %lld ms, state %d: %d px for %lld requests, expected %.1f",
                         (long long)(times[i] / MS), band_states[s], h[band_states[s]],
                         (long long)counts[band_states[s]], want);
        }
    }
    unlay(&f);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Few shapes whatever the count; the layout time is printed for the report. */
static void test_timeline_ten_thousand_requests_stay_few_shapes(void **state)
{
    (void)state;
    for (size_t run = 0; run < big->nruns; run++) {
        frame f;
        double best = 1e9;
        for (int rep = 0; rep < 20; rep++) {
            double a = now_ms();
            lay720(&f, big, run, big->runs[run].end / 2, 0, big->end);
            double b = now_ms();
            best = b - a < best ? b - a : best;
            if (rep + 1 < 20)
                unlay(&f);
        }
        print_message("%s, %zu workers, 10,000 requests: %zu shapes, layout %.3f ms\n",
                      big->runs[run].name, big->runs[run].nworkers, f.l.n, best);
        assert_true(f.l.n < 3000);
        assert_true(count_role(&f, UI_ROLE_REQUEST_BAND) > 0);
        assert_int_equal(count_role(&f, UI_ROLE_REQUEST_SPAN), 0);
        unlay(&f);
    }
}

/* A thread per request makes thousands of threads: they are summed up in a band
 * too (WORKER_SPAN shapes with id -1), with no lane labels for them. */
static void test_timeline_thousands_of_threads_become_a_band(void **state)
{
    (void)state;
    const ui_run *u = &big->runs[1];
    assert_true(u->nworkers > 500);
    frame f;
    lay720(&f, big, 1, u->end, 0, u->end);
    size_t band = 0;
    for (size_t i = 0; i < f.l.n; i++) {
        const ui_shape *s = &f.l.shapes[i];
        band += s->role == UI_ROLE_WORKER_SPAN && s->id == -1;
        assert_false(s->role == UI_ROLE_WORKER_SPAN && s->id >= 0);
        assert_false(s->role == UI_ROLE_LANE_LABEL);
    }
    assert_true(band > 0);
    unlay(&f);
}

/* Zoomed out, Node's loop runs 30 us of every 100 us: each pixel column holds
 * dozens of short callbacks and polls. The share of columns that show it running
 * must be its share of the time (from the lane itself), not "never" as a vote
 * per column would have it. */
static void test_timeline_dense_lane_keeps_each_states_share(void **state)
{
    (void)state;
    const ui_run *u = &big->runs[0];
    int64_t a = 200 * MS, b = 1000 * MS, busy = 0;
    size_t n = timeline_span_count(u->tl, TL_LANE_WORKER, 0);
    for (size_t i = 0; i < n; i++) {
        tl_span sp;
        assert_int_equal(timeline_span(u->tl, TL_LANE_WORKER, 0, i, &sp), 0);
        int64_t lo = sp.t0 > a ? sp.t0 : a, hi = sp.t1 < b ? sp.t1 : b;
        if (sp.state == TL_W_RUNNING && hi > lo)
            busy += hi - lo;
    }
    double want = (double)busy / (double)(b - a);
    assert_true(want > 0.1 && want < 0.9); /* a mix, or the test shows nothing */
    frame f;
    lay720(&f, big, 0, u->end, 0, u->end);
    int x0 = column(&f, a), x1 = column(&f, b), running = 0;
    assert_true(x1 - x0 > 100);
    for (int x = x0; x < x1; x++) {
        const ui_shape *s = rect_at(&f, UI_ROLE_WORKER_SPAN, 0, x);
        running += s && s->state == TL_W_RUNNING;
    }
    double got = (double)running / (double)(x1 - x0);
    if (got < want - 0.05 || got > want + 0.05)
        fail_msg("the loop runs %.0f%% of the time but %.0f%% of its columns", 100 * want,
                 100 * got);
    unlay(&f);
}

/* ---- every frame ------------------------------------------------------------------ */

static bool inside(ui_rect r, const ui_shape *s)
{
    ui_rect a = s->rect;
    if (s->kind == UI_SHAPE_LINE) { /* from (x, y) to (x + w, y + h), both ends drawn */
        int x0 = a.x < a.x + a.w ? a.x : a.x + a.w, y0 = a.y < a.y + a.h ? a.y : a.y + a.h;
        int x1 = a.x + a.w > a.x ? a.x + a.w : a.x, y1 = a.y + a.h > a.y ? a.y + a.h : a.y;
        return x0 >= r.x && y0 >= r.y && x1 < r.x + r.w && y1 < r.y + r.h;
    }
    return a.x >= r.x && a.y >= r.y && a.x + a.w <= r.x + r.w && a.y + a.h <= r.y + r.h;
}

/* Every shape inside r, no text under 0.8 of the base size. */
static void assert_frame_fits(const frame *f, int px)
{
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (!inside(f->r, s))
            fail_msg("shape %zu (kind %d, role %d, \"%s\") at %d,%d %dx%d leaves %d,%d %dx%d", i,
                     s->kind, s->role, ui_shape_text(&f->l, s), s->rect.x, s->rect.y, s->rect.w,
                     s->rect.h, f->r.x, f->r.y, f->r.w, f->r.h);
        if (s->kind == UI_SHAPE_TEXT && s->px * 5 < px * 4)
            fail_msg("text \"%s\" at %d px, base %d px", ui_shape_text(&f->l, s), s->px, px);
    }
    assert_true(inside(f->r, &(ui_shape){.rect = f->plot}));
}

static void test_timeline_shapes_stay_inside_at_every_size(void **state)
{
    (void)state;
    static const int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
    const ui_doc *docs[] = {three, big};
    for (size_t s = 0; s < 3; s++)
        for (int half = 0; half <= 1; half++)
            for (size_t d = 0; d < 2; d++)
                for (size_t run = 0; run < docs[d]->nruns; run++) {
                    int w = sizes[s][0], h = sizes[s][1];
                    /* the single view's column, or one of two side by side in compare */
                    ui_rect r = {w / 20, h / 2, half ? w * 3 / 10 : w * 6 / 10,
                                 half ? h * 3 / 10 : h * 4 / 10};
                    int64_t end = docs[d]->end;
                    frame f;
                    lay(&f, docs[d], run, end * 2 / 3, h, r, 0, end);
                    assert_frame_fits(&f, ui_text_px(h, 0));
                    unlay(&f);
                }
}

/* Bars of one lane sorted by x: each at least a pixel, and never two of one
 * state side by side (they would have been one). */
static void assert_lane_merged(const frame *f, ui_role role, int32_t id)
{
    int last_end = INT32_MIN, last_state = -1, bars = 0;
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->kind != UI_SHAPE_RECT || s->role != role || s->id != id)
            continue;
        bars++;
        assert_true(s->rect.w >= 1 && s->rect.h >= 1);
        assert_true(s->rect.x >= last_end); /* drawn left to right, no overlap */
        if (s->rect.x == last_end && s->state == last_state)
            fail_msg("role %d id %d: two bars of state %d meet at x %d", role, (int)id, s->state,
                     s->rect.x);
        last_end = s->rect.x + s->rect.w;
        last_state = s->state;
    }
    assert_true(bars <= f->plot.w);
}

static void test_timeline_bars_are_whole_pixels_and_merged(void **state)
{
    (void)state;
    frame f;
    /* Node's loop switches state twice per request, 20,000 times in a second */
    lay720(&f, big, 0, big->end, 0, big->end);
    assert_true(timeline_span_count(big->runs[0].tl, TL_LANE_WORKER, 0) > 10000);
    assert_lane_merged(&f, UI_ROLE_WORKER_SPAN, 0);
    for (size_t i = 0; i < f.l.n; i++)
        if (is_bar(&f.l.shapes[i]))
            assert_true(f.l.shapes[i].rect.w >= 1);
    unlay(&f);
    for (size_t run = 0; run < three->nruns; run++) {
        lay720(&f, three, run, three->end, 0, three->end);
        for (size_t w = 0; w < three->runs[run].nworkers; w++)
            assert_lane_merged(&f, UI_ROLE_WORKER_SPAN, (int32_t)w);
        for (int32_t r = 0; r < 3; r++)
            assert_lane_merged(&f, UI_ROLE_REQUEST_SPAN, r);
        unlay(&f);
    }
}

/* The one-thread trace has no gil_wait and no event loop; its thread is idle only
 * after the run's last event. Node's loop waits in poll. */
static void test_timeline_legend_names_the_states_of_the_run(void **state)
{
    (void)state;
    frame f;
    lay720(&f, three, ONE_THREAD, 0, 0, three->end);
    assert_true(has_text(&f, UI_ROLE_LEGEND, "running"));
    assert_true(has_text(&f, UI_ROLE_LEGEND, "waiting for I/O"));
    assert_true(has_text(&f, UI_ROLE_LEGEND, "queued"));
    assert_false(has_text(&f, UI_ROLE_LEGEND, "waiting for the GIL"));
    assert_false(has_text(&f, UI_ROLE_LEGEND, "idle in poll"));
    assert_false(has_text(&f, UI_ROLE_LEGEND, "idle"));
    /* each colour has its words next to it: a swatch per text */
    size_t swatches = 0, words = 0;
    for (size_t i = 0; i < f.l.n; i++)
        if (f.l.shapes[i].role == UI_ROLE_LEGEND) {
            swatches += f.l.shapes[i].kind == UI_SHAPE_RECT;
            words += f.l.shapes[i].kind == UI_SHAPE_TEXT;
        }
    assert_int_equal(swatches, 3);
    assert_int_equal(words, 3);
    unlay(&f);
    lay720(&f, three, NODE, 0, 0, three->end);
    assert_true(has_text(&f, UI_ROLE_LEGEND, "idle in poll"));
    unlay(&f);
}

/* Shapes of `role` and `kind` for lane id, and the widest one's width. */
static size_t count_lane(const frame *f, ui_role role, ui_shape_kind kind, int32_t id, int *widest)
{
    size_t n = 0;
    *widest = 0;
    for (size_t i = 0; i < f->l.n; i++) {
        const ui_shape *s = &f->l.shapes[i];
        if (s->role == role && s->kind == kind && s->id == id &&
            (role != UI_ROLE_WORKER_SPAN || s->state == TL_W_RUNNING ||
             s->state == TL_W_WAIT_GIL)) {
            n++;
            *widest = s->rect.w > *widest ? s->rect.w : *widest;
        }
    }
    return n;
}

/* gil-cpu-bound, "Python threads (GIL)": T1 and T2 hand the GIL over every 5 ms
 * for 2 s. Over the whole run a turn is under 2 px: T1's lane is one hatched bar
 * (no bars of running or waiting for the GIL under it, which made the moire)
 * with its label. Zoomed to 30 ms the turns are 20 px and more: drawn one by
 * one, running and waiting in turn, and still labelled. */
static void test_timeline_gil_turns_hatched_then_drawn(void **state)
{
    (void)state;
    frame f;
    int widest;
    lay720(&f, gil, 0, gil->end, 0, gil->end);
    assert_int_equal(count_lane(&f, UI_ROLE_WORKER_SPAN, UI_SHAPE_RECT, 0, &widest), 0);
    /* the hatched bar and the box under its label */
    assert_int_equal(count_lane(&f, UI_ROLE_GIL_TURNS, UI_SHAPE_RECT, 0, &widest), 2);
    assert_true(widest > f.plot.w * 9 / 10);
    assert_true(count_lane(&f, UI_ROLE_GIL_TURNS, UI_SHAPE_LINE, 0, &widest) > 10);
    assert_true(has_text(&f, UI_ROLE_GIL_TURNS, "taking turns on the GIL: runs 50%"));
    assert_true(has_text(&f, UI_ROLE_LEGEND, "taking turns on the GIL"));
    unlay(&f);

    lay720(&f, gil, 0, 510 * MS, 480 * MS, 510 * MS);
    /* only the label's box: no hatching */
    assert_int_equal(count_lane(&f, UI_ROLE_GIL_TURNS, UI_SHAPE_RECT, 0, &widest), 1);
    assert_true(widest < f.plot.w / 2);
    assert_int_equal(count_lane(&f, UI_ROLE_GIL_TURNS, UI_SHAPE_LINE, 0, &widest), 0);
    size_t bars = count_lane(&f, UI_ROLE_WORKER_SPAN, UI_SHAPE_RECT, 0, &widest);
    assert_true(bars >= 6);
    /* in turn: each 5 ms of the window shows one state, the next the other */
    for (int64_t t = 481 * MS; t + 5 * MS < 510 * MS; t += 5 * MS) {
        const ui_shape *a = rect_at(&f, UI_ROLE_WORKER_SPAN, 0, column(&f, t + MS));
        const ui_shape *b = rect_at(&f, UI_ROLE_WORKER_SPAN, 0, column(&f, t + 6 * MS));
        assert_non_null(a);
        assert_non_null(b);
        assert_true(a->state != b->state);
    }
    assert_true(has_text(&f, UI_ROLE_GIL_TURNS, "taking turns on the GIL: runs 50%"));
    unlay(&f);
}

/* convoy, "Python threads (GIL)" (trace: bistro-sim run scenarios/convoy.json): T2
 * holds the GIL 4 us at 10.010 ms and 15.024 ms between 5 ms waits, and T1 waits
 * 4 us at the same moments. Zoomed to 20 ms a pixel is 26 us, so those spans had
 * no column of their own and T2's lane was red throughout: each is drawn as a
 * mark at its place, in its colour. At 5.000 ms T1's wait takes no time: no turn,
 * so T1 is not "taking turns" before 10 ms. */
static void test_timeline_short_spans_are_marked(void **state)
{
    (void)state;
    ui_doc *convoy = NULL;
    diag_list *d = diag_new();
    assert_int_equal(
        ui_doc_open(BISTRO_SOURCE_DIR "/scenarios/convoy.json", d, NULL, NULL, &convoy), 0);
    diag_free(d);
    frame f;
    lay720(&f, convoy, 0, 18 * MS, 0, 20 * MS);
    static const int64_t at[] = {10010 * 1000, 15024 * 1000};
    for (size_t i = 0; i < 2; i++) {
        bool t2_runs = false, t1_waits = false;
        int x = column(&f, at[i]);
        for (size_t k = 0; k < f.l.n; k++) {
            const ui_shape *s = &f.l.shapes[k];
            if (s->kind != UI_SHAPE_RECT || s->role != UI_ROLE_WORKER_SPAN || s->rect.w < 2 ||
                s->rect.x > x + 6 || s->rect.x + s->rect.w < x - 1)
                continue;
            t2_runs |= s->id == 1 && s->state == TL_W_RUNNING;
            t1_waits |= s->id == 0 && s->state == TL_W_WAIT_GIL;
        }
        if (!t2_runs || !t1_waits)
            fail_msg("at %lld ns: T2 running marked %d, T1 waiting marked %d", (long long)at[i],
                     t2_runs, t1_waits);
    }
    unlay(&f);
    lay720(&f, convoy, 0, 9 * MS, 0, 20 * MS);
    assert_int_equal(count_role(&f, UI_ROLE_GIL_TURNS), 0);
    unlay(&f);
    ui_doc_free(convoy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline_worker_lane_follows_the_trace),
        cmocka_unit_test(test_timeline_request_lanes_for_three_requests),
        cmocka_unit_test(test_timeline_node_loop_waits_in_poll_during_io),
        cmocka_unit_test(test_timeline_draws_only_the_past),
        cmocka_unit_test(test_timeline_cursor_shows_the_time),
        cmocka_unit_test(test_timeline_zoom_window_maps_linearly),
        cmocka_unit_test(test_timeline_band_follows_request_counts),
        cmocka_unit_test(test_timeline_ten_thousand_requests_stay_few_shapes),
        cmocka_unit_test(test_timeline_thousands_of_threads_become_a_band),
        cmocka_unit_test(test_timeline_dense_lane_keeps_each_states_share),
        cmocka_unit_test(test_timeline_shapes_stay_inside_at_every_size),
        cmocka_unit_test(test_timeline_bars_are_whole_pixels_and_merged),
        cmocka_unit_test(test_timeline_legend_names_the_states_of_the_run),
        cmocka_unit_test(test_timeline_gil_turns_hatched_then_drawn),
        cmocka_unit_test(test_timeline_short_spans_are_marked),
    };
    return cmocka_run_group_tests(tests, open_docs, close_docs);
}
