/* test_ui_restaurant.c - the restaurant view: what it shows at time t, and that it
 * stays readable and inside its rect at every window size.
 *
 * Expected states come from the timeline of the same run (the restaurant must say
 * what the timeline says) and from facts of the bundled scenarios:
 * three-requests.json has three requests arriving at 0, each 1 ms of CPU, 1 s on
 * the database, 1 ms of CPU; so at 500 ms one blocking thread is at the kitchen
 * window with request 1 while 2 and 3 queue, and an event loop has all three
 * orders cooking while it waits in poll.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_ui_support.h"
#include "ui_doc.h"
#include "ui_layout_internal.h"

#define MS 1000000LL
#define THREE BISTRO_SOURCE_DIR "/scenarios/three-requests.json"

/* A 1280x720 window's restaurant: 60% of the width, about half the height. */
static const ui_rect R720 = {10, 60, 768, 330};

static size_t run_named(const ui_doc *doc, const char *name)
{
    int i = scn_find_runtime(doc->scn, name);
    assert_true(i >= 0);
    return (size_t)i;
}

/* The restaurant of a paused frame (lay) or of one while the run plays. */
static void lay_view(const ui_doc *doc, size_t run, int64_t t, ui_rect r, int px, ui_list *l,
                     bool playing)
{
    static ui_view view;
    ui_view_init(&view);
    view.playing = playing;
    ui_list_clear(l);
    ui_ctx c = {doc, &view, ui_theme_get(0), ui_measure_fixed(), t, px, l, TL_STEP_END, false};
    ui__restaurant(&c, run, r);
    assert_false(l->oom);
}

static void lay(const ui_doc *doc, size_t run, int64_t t, ui_rect r, int px, ui_list *l)
{
    lay_view(doc, run, t, r, px, l, false);
}

/* The first shape of a role and id (and kind, or -1 for any), or NULL. */
static const ui_shape *find(const ui_list *l, int role, int32_t id, int kind)
{
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->role == role && s->id == id && (kind < 0 || s->kind == kind))
            return s;
    }
    return NULL;
}

static size_t count(const ui_list *l, int role, int kind)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->shapes[i].role == role && (kind < 0 || l->shapes[i].kind == kind);
    return n;
}

static const ui_shape *find_text(const ui_list *l, const char *needle)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].kind == UI_SHAPE_TEXT && strstr(ui_shape_text(l, &l->shapes[i]), needle))
            return &l->shapes[i];
    return NULL;
}

/* The number written on table t: a text saying id + 1 whose centre is on it. */
static const ui_shape *table_label(const ui_list *l, const ui_shape *t)
{
    char num[16];
    snprintf(num, sizeof num, "%d", t->id + 1);
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind == UI_SHAPE_TEXT && strcmp(ui_shape_text(l, s), num) == 0 &&
            ui_rect_has(t->rect, s->rect.x + s->rect.w / 2, s->rect.y + s->rect.h / 2))
            return s;
    }
    return NULL;
}

static bool inside(ui_rect outer, ui_rect in)
{
    return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
           in.y + in.h <= outer.y + outer.h;
}

static bool overlap(ui_rect a, ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The kitchen's x range: where its stations (COOK shapes) are. */
static void kitchen_x(const ui_list *l, int *x0, int *x1)
{
    *x0 = 1 << 30, *x1 = -1;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->role != UI_ROLE_COOK)
            continue;
        *x0 = s->rect.x < *x0 ? s->rect.x : *x0;
        *x1 = s->rect.x + s->rect.w > *x1 ? s->rect.x + s->rect.w : *x1;
    }
    assert_true(*x1 > *x0);
}

static void expect_table(const ui_list *l, int32_t req, int state)
{
    const ui_shape *s = find(l, UI_ROLE_TABLE, req, UI_SHAPE_RECT);
    assert_non_null(s);
    assert_int_equal(s->state, state);
}

/* ---- what the restaurant shows ---------------------------------------------------------- */

static void test_restaurant_one_thread_stands_at_the_window(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    size_t run = run_named(doc, "Python, one thread");
    const timeline *tl = doc->runs[run].tl;
    ui_list l;
    ui_list_init(&l);
    lay(doc, run, 500 * MS, R720, 20, &l);
    tl_span w;
    assert_int_equal(timeline_worker_state(tl, 0, 500 * MS, &w), 0);
    assert_int_equal(w.state, TL_W_WAIT_IO); /* the timeline agrees with the lesson */
    assert_int_equal(count(&l, UI_ROLE_WAITER, UI_SHAPE_DISC), 2); /* one waiter: ring + fill */
    const ui_shape *waiter = find(&l, UI_ROLE_WAITER, 0, UI_SHAPE_DISC);
    assert_non_null(waiter);
    assert_int_equal(waiter->state, TL_W_WAIT_IO);
    int kx0, kx1;
    kitchen_x(&l, &kx0, &kx1);
    assert_true(waiter->rect.x >= kx0 && waiter->rect.x + waiter->rect.w <= kx1);
    expect_table(&l, 0, TL_R_WAIT_IO);
    expect_table(&l, 1, TL_R_QUEUED);
    expect_table(&l, 2, TL_R_QUEUED);
    for (int32_t q = 0; q < 3; q++) /* the kitchen is right of the dining room */
        assert_true(find(&l, UI_ROLE_TABLE, q, UI_SHAPE_RECT)->rect.x +
                        find(&l, UI_ROLE_TABLE, q, UI_SHAPE_RECT)->rect.w <=
                    kx0);
    assert_non_null(find_text(&l, "1 cooking"));
    for (int32_t q = 0; q < 3; q++) { /* big tables: each has its number, 1-based */
        const ui_shape *t = find(&l, UI_ROLE_TABLE, q, UI_SHAPE_RECT);
        assert_non_null(table_label(&l, t));
        assert_true(inside(t->rect, table_label(&l, t)->rect));
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_every_table_cleared_at_the_end(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    ui_list l;
    ui_list_init(&l);
    for (size_t run = 0; run < doc->nruns; run++) {
        lay(doc, run, doc->runs[run].end, R720, 20, &l);
        assert_int_equal(count(&l, UI_ROLE_TABLE, UI_SHAPE_RECT), 3);
        for (int32_t q = 0; q < 3; q++)
            expect_table(&l, q, TL_R_DONE);
    }
    /* and before anyone arrives? every request arrives at 0, so at 0 none is pending */
    lay(doc, 0, 0, R720, 20, &l);
    for (int32_t q = 0; q < 3; q++)
        assert_int_not_equal(find(&l, UI_ROLE_TABLE, q, UI_SHAPE_RECT)->state, TL_R_PENDING);
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_node_loop_waits_by_its_rails(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    size_t run = run_named(doc, "Node.js");
    ui_list l;
    ui_list_init(&l);
    lay(doc, run, 500 * MS, R720, 20, &l);
    const ui_shape *loop = find(&l, UI_ROLE_WAITER, 0, UI_SHAPE_DISC);
    assert_non_null(loop);
    assert_int_equal(loop->state, TL_W_WAITING);
    assert_int_equal(count(&l, UI_ROLE_WAITER, UI_SHAPE_DISC), 2);
    for (int32_t q = 0; q < 3; q++)
        expect_table(&l, q, TL_R_WAIT_IO);
    const ui_shape *db = find(&l, UI_ROLE_COOK, 0, -1);
    assert_non_null(db);
    assert_int_equal(db->state, 3); /* three orders cooking at once */
    assert_non_null(find_text(&l, "3 cooking"));
    /* it waits in poll: the poll lamp is lit, and the waiter stands by that rail */
    const ui_shape *lamp = find(&l, UI_ROLE_PHASE, TRACE_PHASE_POLL, UI_SHAPE_DISC);
    assert_non_null(lamp);
    assert_int_equal(lamp->state, 1);
    int lamp_y = lamp->rect.y + lamp->rect.h / 2;
    assert_true(lamp_y >= loop->rect.y && lamp_y <= loop->rect.y + loop->rect.h);
    int kx0, kx1;
    kitchen_x(&l, &kx0, &kx1);
    assert_true(loop->rect.x + loop->rect.w <= kx0);
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_order_pad_only_with_a_gil(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    ui_list l;
    ui_list_init(&l);
    const struct {
        const char *name;
        bool gil; /* scenario.h: threads with "gil": true, asyncio by default; never Node */
    } cases[] = {{"Python, one thread", true}, {"asyncio", true}, {"Node.js", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lay(doc, run_named(doc, cases[i].name), 500 * MS, R720, 20, &l);
        assert_int_equal(count(&l, UI_ROLE_ORDER_PAD, -1) > 0, cases[i].gil);
        assert_int_equal(find_text(&l, "order pad = GIL") != NULL, cases[i].gil);
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_pad_goes_with_its_holder(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/gil-cpu-bound.json");
    size_t run = run_named(doc, "Python threads (GIL)");
    ui_list l;
    ui_list_init(&l);
    for (int64_t t = 100 * MS; t < doc->runs[run].end; t += 300 * MS) {
        tl_span g;
        assert_int_equal(timeline_gil_state(doc->runs[run].tl, 0, t, &g), 0);
        assert_int_equal(g.state, TL_GIL_HELD); /* two CPU-bound threads: always held */
        lay(doc, run, t, R720, 20, &l);
        const ui_shape *sheet = find(&l, UI_ROLE_ORDER_PAD, 0, UI_SHAPE_RECT);
        const ui_shape *holder = find(&l, UI_ROLE_WAITER, g.worker, UI_SHAPE_DISC);
        assert_non_null(sheet);
        assert_non_null(holder);
        assert_int_equal(sheet->state, g.worker);
        assert_true(overlap(sheet->rect, holder->rect));
        /* the order pad's pictogram on the sheet */
        const ui_shape *pad = find(&l, UI_ROLE_ORDER_PAD, 0, UI_SHAPE_IMAGE);
        assert_non_null(pad);
        assert_string_equal(ui_shape_image(&l, pad), "pad");
        assert_true(inside(sheet->rect, pad->rect));
        const ui_shape *other = find(&l, UI_ROLE_WAITER, 1 - g.worker, UI_SHAPE_DISC);
        assert_non_null(other);
        assert_int_equal(other->state, TL_W_WAIT_GIL);
        assert_false(overlap(sheet->rect, other->rect));
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_rails_count_the_loop_queues(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/print-order.json");
    size_t run = run_named(doc, "Node.js");
    const timeline *tl = doc->runs[run].tl;
    ui_list l;
    ui_list_init(&l);
    /* at 7.1 ms the main script (7 ms of it the first console.log, docs/model.md
     * "Costs") has armed setTimeout(0): one ticket on the timers rail
     * (docs/scenario-format.md: Node clamps 0 to 1 ms) */
    const int64_t at = 7100000;
    lay(doc, run, at, R720, 20, &l);
    int64_t len[TRACE_QUEUE_COUNT];
    assert_int_equal(timeline_loop_queues(tl, 0, at, len), 0);
    assert_int_equal(len[TRACE_QUEUE_TIMERS], 1);
    const int rails[] = {TRACE_QUEUE_NEXT_TICK, TRACE_QUEUE_MICROTASK, TRACE_QUEUE_TIMERS,
                         TRACE_QUEUE_POLL, TRACE_QUEUE_CHECK};
    for (size_t i = 0; i < sizeof rails / sizeof rails[0]; i++) {
        const ui_shape *s = find(&l, UI_ROLE_RAIL, rails[i], -1);
        assert_non_null(s);
        assert_int_equal(s->state, len[rails[i]]);
    }
    size_t lit = 0;
    int phase = timeline_phase(tl, 0, at);
    for (size_t i = 0; i < l.n; i++)
        if (l.shapes[i].role == UI_ROLE_PHASE && l.shapes[i].state == 1) {
            assert_int_equal(l.shapes[i].id, phase);
            lit++;
        }
    assert_true(lit >= 1);
    /* the back-office helpers: four pool threads (libuv's default), one reading */
    assert_non_null(find_text(&l, "helpers"));
    size_t helpers = 0;
    for (size_t w = 0; w < doc->runs[run].nworkers; w++)
        helpers += find(&l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_DISC) != NULL;
    assert_int_equal(helpers, 5); /* the loop and four helpers */
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_cores_follow_the_timeline(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/gil-cpu-bound.json");
    ui_list l;
    ui_list_init(&l);
    for (size_t run = 0; run < doc->nruns; run++) {
        const timeline *tl = doc->runs[run].tl;
        lay(doc, run, 500 * MS, R720, 20, &l);
        assert_int_equal(count(&l, UI_ROLE_CORE, -1), timeline_lane_count(tl, TL_LANE_CORE));
        for (size_t c = 0; c < timeline_lane_count(tl, TL_LANE_CORE); c++) {
            tl_span s;
            assert_int_equal(timeline_core_state(tl, c, 500 * MS, &s), 0);
            assert_int_equal(find(&l, UI_ROLE_CORE, (int32_t)c, -1)->state, s.state);
        }
        assert_non_null(find_text(&l, "CPU cores"));
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* Every waiter drawn says its worker's state at t, and no worker is drawn twice. */
static void test_restaurant_waiters_carry_their_state(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/threadpool-full.json");
    ui_list l;
    ui_list_init(&l);
    for (size_t run = 0; run < doc->nruns; run++) {
        const ui_run *u = &doc->runs[run];
        for (int64_t t = 0; t <= u->end; t += u->end / 7) {
            lay(doc, run, t, R720, 20, &l);
            size_t drawn = 0;
            for (size_t w = 0; w < u->nworkers; w++) {
                tl_span s;
                assert_int_equal(timeline_worker_state(u->tl, w, t, &s), 0);
                const ui_shape *d = find(&l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_DISC);
                if (s.state == TL_W_ABSENT)
                    assert_null(d);
                if (!d)
                    continue;
                drawn++;
                for (size_t i = 0; i < l.n; i++)
                    if (l.shapes[i].role == UI_ROLE_WAITER && l.shapes[i].id == (int32_t)w)
                        assert_int_equal(l.shapes[i].state, s.state);
            }
            assert_int_equal(count(&l, UI_ROLE_WAITER, UI_SHAPE_DISC), 2 * drawn);
        }
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_waiter_walks_to_the_window(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    size_t run = run_named(doc, "Python, one thread");
    const timeline *tl = doc->runs[run].tl;
    tl_span s;
    assert_int_equal(timeline_worker_state(tl, 0, 500 * MS, &s), 0);
    int64_t travel = doc->end / 50; /* 2% of the run, shorter than half of the 1 s wait */
    assert_true(travel < (s.t1 - s.t0) / 2);
    ui_list l;
    ui_list_init(&l);
    int x[3];
    const int64_t at[3] = {s.t0 - 1, s.t0 + travel / 2, s.t0 + travel};
    for (int i = 0; i < 3; i++) {
        lay_view(doc, run, at[i], R720, 20, &l, true);
        const ui_shape *d = find(&l, UI_ROLE_WAITER, 0, UI_SHAPE_DISC);
        assert_non_null(d);
        x[i] = d->rect.x + d->rect.w / 2;
    }
    /* while playing: at table 1, then half-way, then at the window */
    assert_true(x[0] < x[1] && x[1] < x[2]);
    /* paused half-way through the walk: at the window, where its state says */
    lay(doc, run, at[1], R720, 20, &l);
    const ui_shape *d = find(&l, UI_ROLE_WAITER, 0, UI_SHAPE_DISC);
    assert_non_null(d);
    assert_int_equal(d->rect.x + d->rect.w / 2, x[2]);
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* The centre of worker w's waiter (its ring, the first disc) in l; false when it
 * is not drawn. */
static bool waiter_at(const ui_list *l, size_t w, int *x, int *y, int *state)
{
    const ui_shape *d = find(l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_DISC);
    if (!d)
        return false;
    *x = d->rect.x + d->rect.w / 2;
    *y = d->rect.y + d->rect.h / 2;
    *state = d->state;
    return true;
}

/* After a step (Right: the next event time) a waiter was drawn at its old place in
 * its new colour: the walk from the previous place started at the state's first
 * instant. A paused frame must show each waiter in its state at t (colour) and
 * where that state puts it: the place the same state gives it once settled, at
 * the last instant of its span. A loop's thread by its rails moves down to the row
 * of each phase within one state, so only its x is compared. */
static void check_waiters_at_every_step(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.json", BISTRO_SOURCE_DIR, file);
    ui_doc *doc = open_path(path);
    ui_list l, settled;
    ui_list_init(&l);
    ui_list_init(&settled);
    for (size_t run = 0; run < doc->nruns; run++) {
        const ui_run *u = &doc->runs[run];
        for (int64_t t = 0; t >= 0 && t <= u->end; t = timeline_next_event_time(u->tl, t)) {
            lay(doc, run, t, R720, 20, &l);
            for (size_t w = 0; w < u->nworkers; w++) {
                tl_span s;
                tl_worker_info wi;
                int x, y, st, sx = 0, sy = 0, sst = -1;
                assert_int_equal(timeline_worker_state(u->tl, w, t, &s), 0);
                assert_int_equal(timeline_worker_info(u->tl, w, &wi), 0);
                if (!waiter_at(&l, w, &x, &y, &st))
                    continue;
                assert_int_equal(st, s.state);
                /* the span's last instant (the last span of a run may be empty) */
                int64_t ts = s.t1 - 1 > t ? s.t1 - 1 : t;
                ts = ts < u->end ? ts : u->end;
                lay(doc, run, ts, R720, 20, &settled);
                assert_true(waiter_at(&settled, w, &sx, &sy, &sst));
                assert_int_equal(sst, s.state);
                if (x != sx || (wi.kind != TRACE_WORKER_LOOP && y != sy))
                    fail_msg("%s, %s, %s at %lld ns (%s since %lld): drawn at %d,%d, its place "
                             "in that state is %d,%d",
                             file, u->name, u->short_names[w], (long long)t,
                             timeline_worker_state_name(s.state), (long long)s.t0, x, y, sx, sy);
            }
        }
    }
    ui_list_free(&l);
    ui_list_free(&settled);
    ui_doc_free(doc);
}

static void test_restaurant_waiter_where_its_state_says_at_every_step(void **state)
{
    (void)state;
    static const char *const lessons[] = {"three-requests",  "waiter-and-tables", "convoy",
                                          "cpu-blocks-loop", "io-threads-gil",    "print-order"};
    for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++)
        check_waiters_at_every_step(lessons[i]);
}

/* ---- many requests, many processes ------------------------------------------------------ */

static const char ten_thousand[] =
    "{\"schema\": \"bistro/1\", \"title\": \"load\", \"seed\": 7, \"machine\": {\"cores\": 4},"
    " \"devices\": {\"db\": {\"capacity\": 20}},"
    " \"workload\": {\"arrivals\": {\"poisson_per_s\": 2000, \"count\": 10000},"
    "   \"request\": [{\"cpu\": \"200us\"}, {\"io\": {\"exp\": \"30ms\"}, \"device\": \"db\"},"
    "                 {\"cpu\": \"200us\"}]},"
    " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
    "   {\"name\": \"threads\", \"model\": \"threads\", \"threads\": \"per_request\","
    "    \"gil\": true}]}";

static void test_restaurant_ten_thousand_requests_stay_under_budget(void **state)
{
    (void)state;
    ui_doc *doc = open_json(ten_thousand);
    ui_list l;
    ui_list_init(&l);
    const ui_rect sizes[] = {R720, {0, 0, 1152, 500}};
    for (size_t run = 0; run < doc->nruns; run++) {
        const ui_run *u = &doc->runs[run];
        for (int64_t t = 0; t <= u->end; t += u->end / 4) {
            for (size_t k = 0; k < 2; k++) {
                lay(doc, run, t, sizes[k], k ? 30 : 20, &l);
                assert_true(l.n < 1500);
            }
            int64_t n[TL_R_COUNT];
            timeline_request_counts(u->tl, t, n);
            char want[64];
            snprintf(want, sizeof want, "%lld done", (long long)n[TL_R_DONE]);
            if (n[TL_R_DONE] > 0)
                assert_non_null(find_text(&l, want));
            snprintf(want, sizeof want, "%lld still to come", (long long)n[TL_R_PENDING]);
            if (n[TL_R_PENDING] > 0)
                assert_non_null(find_text(&l, want));
        }
        /* mid-run the room is full: many tables, far fewer than requests, and a
         * "+N more" that says how many in the room have none drawn: the tables and N
         * add up to the requests in the room (every state but pending and done) */
        lay(doc, run, u->end / 4, R720, 20, &l);
        size_t tables = count(&l, UI_ROLE_TABLE, UI_SHAPE_RECT);
        assert_true(tables > 20 && tables < 400);
        int64_t n[TL_R_COUNT];
        timeline_request_counts(u->tl, u->end / 4, n);
        int64_t in_room = 0;
        for (int st = 0; st < TL_R_COUNT; st++)
            if (st != TL_R_PENDING && st != TL_R_DONE)
                in_room += n[st];
        if (in_room > (int64_t)tables) {
            char want[32];
            snprintf(want, sizeof want, "+%lld more", (long long)(in_room - (int64_t)tables));
            const ui_shape *more = find_text(&l, want);
            if (!more)
                fail_msg("run %zu: %zu tables for %lld in the room, no \"%s\"", run, tables,
                         (long long)in_room, want);
        }
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

static const char two_processes[] =
    "{\"schema\": \"bistro/1\", \"title\": \"procs\", \"seed\": 1, \"machine\": {\"cores\": 2},"
    " \"devices\": {\"db\": {}},"
    " \"workload\": {\"arrivals\": {\"burst\": 4},"
    "   \"request\": [{\"cpu\": \"50ms\"}, {\"io\": \"100ms\", \"device\": \"db\"}]},"
    " \"runtimes\": [{\"name\": \"py\", \"model\": \"processes\", \"processes\": 2,"
    "     \"each\": {\"model\": \"threads\", \"threads\": 1, \"gil\": true}},"
    "   {\"name\": \"node\", \"model\": \"processes\", \"processes\": 3,"
    "     \"each\": {\"model\": \"event_loop\", \"flavor\": \"node\"}}]}";

static void test_restaurant_one_restaurant_per_process(void **state)
{
    (void)state;
    ui_doc *doc = open_json(two_processes);
    ui_list l;
    ui_list_init(&l);
    for (size_t run = 0; run < doc->nruns; run++) {
        const ui_run *u = &doc->runs[run];
        lay(doc, run, 10 * MS, R720, 20, &l);
        /* a titled restaurant each, and its waiter inside it */
        ui_rect box[3];
        for (size_t p = 0; p < u->processes; p++) {
            char title[32];
            snprintf(title, sizeof title, "process %zu", p + 1);
            const ui_shape *s = find_text(&l, title);
            assert_non_null(s);
            box[p] = s->rect;
        }
        for (size_t w = 0; w < u->nworkers; w++) {
            tl_worker_info wi;
            assert_int_equal(timeline_worker_info(u->tl, w, &wi), 0);
            const ui_shape *d = find(&l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_DISC);
            if (!d || wi.kind == TRACE_WORKER_POOL)
                continue;
            /* below its own title, not below another's on the same row */
            int cx = d->rect.x + d->rect.w / 2;
            assert_true(cx >= box[wi.process].x);
            for (size_t p = 0; p < u->processes; p++)
                if (p != (size_t)wi.process && box[p].y == box[wi.process].y &&
                    box[p].x > box[wi.process].x)
                    assert_true(cx < box[p].x);
        }
    }
    /* each Python process has its own pad */
    lay(doc, 0, 10 * MS, R720, 20, &l);
    assert_non_null(find(&l, UI_ROLE_ORDER_PAD, 0, -1));
    assert_non_null(find(&l, UI_ROLE_ORDER_PAD, 1, -1));
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* A place with more waiters than slots ends with a badge counting the rest. It
 * used to say "+174" alone; it must say what the number counts ("+174 more"). */
static void test_restaurant_overflow_badge_says_more(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/load-test-c1000.json");
    size_t run = run_named(doc, "A pool of 200 threads");
    ui_list l;
    ui_list_init(&l);
    size_t badges = 0;
    for (int px = 14; px <= 28; px += 7) {
        lay(doc, run, 200 * MS, R720, px, &l);
        for (size_t i = 0; i < l.n; i++) {
            const char *s = ui_shape_text(&l, &l.shapes[i]);
            if (l.shapes[i].kind != UI_SHAPE_TEXT || s[0] != '+' || s[1] < '0' || s[1] > '9')
                continue;
            badges++;
            if (!strstr(s, " more"))
                fail_msg("at %d px the badge \"%s\" does not say what it counts", px, s);
        }
    }
    assert_true(badges > 0);
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* ---- inside the rect, readable, at every size ---------------------------------------------- */

static const char *const bundled[] = {"three-requests", "print-order",     "cpu-blocks-loop",
                                      "gil-cpu-bound",  "asyncio-vs-node", "threadpool-full",
                                      "convoy"};

/* Every shape inside r, no text under 0.8 of the base size, and each table's number
 * on its table. */
static void check_frame(const ui_list *l, ui_rect r, int px, const char *what)
{
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        ui_rect b = s->rect;
        if (s->kind == UI_SHAPE_LINE) /* a line's rect is its two ends */
            b = (ui_rect){b.w < 0 ? b.x + b.w : b.x, b.h < 0 ? b.y + b.h : b.y,
                          b.w < 0 ? -b.w : b.w, b.h < 0 ? -b.h : b.h};
        if (!inside(r, b))
            fail_msg("%s: shape %zu (kind %d, role %d, \"%s\") at %d,%d %dx%d is outside "
                     "%d,%d %dx%d",
                     what, i, s->kind, s->role, ui_shape_text(l, s), b.x, b.y, b.w, b.h, r.x, r.y,
                     r.w, r.h);
        if (s->kind == UI_SHAPE_TEXT && s->px * 5 < px * 4)
            fail_msg("%s: \"%s\" at %d px, under 0.8 of %d", what, ui_shape_text(l, s), s->px, px);
        if (s->kind == UI_SHAPE_RECT && s->role == UI_ROLE_TABLE) {
            const ui_shape *label = table_label(l, s);
            if (label && !inside(s->rect, label->rect))
                fail_msg("%s: table %d's number is off its table", what, s->id + 1);
        }
    }
    assert_non_null(find(l, UI_ROLE_LEGEND, -1, UI_SHAPE_TEXT));
}

static void test_restaurant_fits_every_window(void **state)
{
    (void)state;
    /* window sizes, and the restaurant's rect in each: 60% of the width, half the
     * height; and half of that width when two runtimes are compared */
    const int windows[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
    ui_list l;
    ui_list_init(&l);
    for (size_t f = 0; f < sizeof bundled / sizeof bundled[0]; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", BISTRO_SOURCE_DIR, bundled[f]);
        ui_doc *doc = open_path(path);
        for (size_t run = 0; run < doc->nruns; run++) {
            int64_t end = doc->runs[run].end;
            const int64_t times[] = {0, end / 3, end / 2, end};
            for (size_t wi = 0; wi < 3; wi++) {
                int px = ui_text_px(windows[wi][1], 0);
                ui_rect full = {7, 50, windows[wi][0] * 60 / 100, windows[wi][1] / 2};
                ui_rect half = {full.x, full.y, full.w / 2, full.h};
                for (size_t k = 0; k < 4; k++) {
                    char what[160];
                    snprintf(what, sizeof what, "%s/%s at %lld ns, %dx%d", bundled[f],
                             doc->runs[run].name, (long long)times[k], windows[wi][0],
                             windows[wi][1]);
                    lay(doc, run, times[k], full, px, &l);
                    check_frame(&l, full, px, what);
                    lay(doc, run, times[k], half, px, &l);
                    check_frame(&l, half, px, what);
                }
            }
        }
        ui_doc_free(doc);
    }
    ui_list_free(&l);
}

static void test_restaurant_legend_names_the_analogy(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    ui_list l;
    ui_list_init(&l);
    const ui_rect rects[] = {R720, {0, 0, 384, 180}, {0, 0, 1152, 540}};
    const int px[] = {20, 12, 30};
    for (size_t k = 0; k < 3; k++) {
        lay(doc, run_named(doc, "Node.js"), 500 * MS, rects[k], px[k], &l);
        assert_non_null(find_text(&l, "table = request"));
        assert_non_null(find_text(&l, "waiter = thread"));
        assert_non_null(find_text(&l, "kitchen = I/O"));
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

static void test_restaurant_tiny_or_missing_input_draws_nothing(void **state)
{
    (void)state;
    ui_doc *doc = open_path(THREE);
    ui_list l;
    ui_list_init(&l);
    lay(doc, 0, 0, (ui_rect){0, 0, 30, 30}, 20, &l);
    assert_int_equal(l.n, 0);
    lay(doc, doc->nruns, 0, R720, 20, &l); /* no such run */
    assert_int_equal(l.n, 0);
    lay(NULL, 0, 0, R720, 20, &l);
    assert_int_equal(l.n, 0);
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* threadpool-full at 60 ms: 17 requests in the room, the four hashes on the pool's
 * four threads (scenarios/threadpool-full.json's captions). Tables past 9 carry
 * their number too, though "10" is wider than the part a waiter leaves free. */
static void test_restaurant_numbers_tables_past_nine(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/threadpool-full.json");
    ui_list l;
    ui_list_init(&l);
    lay(doc, 0, 60 * MS, R720, 20, &l);
    size_t past_nine = 0;
    for (size_t i = 0; i < l.n; i++) {
        const ui_shape *t = &l.shapes[i];
        if (t->role != UI_ROLE_TABLE || t->kind != UI_SHAPE_RECT)
            continue;
        if (!table_label(&l, t))
            fail_msg("table %d has no number", t->id + 1);
        past_nine += t->id >= 9;
    }
    assert_true(past_nine >= 8); /* tables 10 to 17 */
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* A file read, a hash and a network call look different: the pictogram on each
 * table is that of its request's kind of work (threadpool-full names its requests
 * "read N" for fs.readFile on the disk, "hash N" for crypto.pbkdf2 offloaded, "api
 * N" for fetch on the api device). */
static void test_restaurant_dish_shows_the_kind_of_request(void **state)
{
    (void)state;
    ui_doc *doc = open_path(BISTRO_SOURCE_DIR "/scenarios/threadpool-full.json");
    ui_list l;
    ui_list_init(&l);
    bool seen_disk = false, seen_hash = false, seen_net = false;
    const int64_t at[] = {60 * MS, 100 * MS, 180 * MS};
    for (size_t k = 0; k < 3; k++) {
        lay(doc, 0, at[k], R720, 20, &l);
        for (size_t i = 0; i < l.n; i++) {
            const ui_shape *d = &l.shapes[i];
            if (d->role != UI_ROLE_DISH || d->kind != UI_SHAPE_IMAGE)
                continue;
            assert_true(d->id >= 0 && (size_t)d->id < doc->scn->workload.nrequests);
            const char *name = doc->scn->workload.requests[d->id].name;
            const char *img = ui_shape_image(&l, d);
            const char *want = strncmp(name, "read", 4) == 0   ? "disk"
                               : strncmp(name, "hash", 4) == 0 ? "hash"
                               : strncmp(name, "api", 3) == 0  ? "network"
                                                               : "?";
            if (strcmp(img, want) != 0)
                fail_msg("%s shows %s, not %s", name, img, want);
            seen_disk |= strcmp(img, "disk") == 0;
            seen_hash |= strcmp(img, "hash") == 0;
            seen_net |= strcmp(img, "network") == 0;
        }
    }
    assert_true(seen_disk && seen_hash && seen_net);
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* ---- pictures: tickets on the rails, waiters ---------------------------------------- */

/* A main script that queues 3 nextTicks and 20 immediates, then works 5 ms: while it
 * works, 3 tickets wait on the nextTick rail and 20 on the check rail (the counts
 * are the timeline's; docs/model.md, Node's queues). */
static const char busy_rails[] =
    "{\"schema\": \"bistro/1\", \"title\": \"rails\", \"seed\": 1,"
    " \"workload\": {\"requests\": [{\"name\": \"main\", \"steps\": ["
    "   {\"next_tick\": [{\"log\": \"t\"}]}, {\"next_tick\": [{\"log\": \"t\"}]},"
    "   {\"next_tick\": [{\"log\": \"t\"}]},"
    "   {\"repeat\": 20, \"steps\": [{\"immediate\": [{\"log\": \"i\"}]}]},"
    "   {\"cpu\": \"5ms\"}]}]},"
    " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"}]}";

/* The shapes of rail q: its ticket pictograms, and its texts (label, count, "+N"). */
static void rail_parts(const ui_list *l, int q, size_t *tickets, const char *texts[4], size_t *nt)
{
    *tickets = 0, *nt = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if ((s->role != UI_ROLE_RAIL && s->role != UI_ROLE_RUNNING) || s->id != q)
            continue;
        if (s->kind == UI_SHAPE_IMAGE) {
            assert_string_equal(ui_shape_image(l, s), "ticket");
            (*tickets)++;
        } else if (s->kind == UI_SHAPE_TEXT && *nt < 4) {
            assert_false(s->cut);
            texts[(*nt)++] = ui_shape_text(l, s);
        }
    }
}

/* Rail q says its full name and its count len, hangs a ticket per callback up to
 * what fits (at least one when `room`) and counts the rest as "+N". */
static void check_rail(const ui_list *l, int q, const char *name, int64_t len, bool room)
{
    size_t tickets, nt;
    const char *t[4];
    rail_parts(l, q, &tickets, t, &nt);
    assert_true(nt >= 1);
    assert_string_equal(t[0], name);
    if (len == 0) {
        assert_int_equal(nt, 1);
        assert_int_equal(tickets, 0);
        return;
    }
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)len);
    assert_true(nt >= 2);
    assert_string_equal(t[1], buf);
    assert_true(tickets <= 8 && (int64_t)tickets <= len); /* the cap, RESTO_MAX_TICKETS */
    if (room)
        assert_true(tickets >= 1);
    if (tickets > 0 && (int64_t)tickets < len) { /* then the rest is counted after them */
        snprintf(buf, sizeof buf, "+%lld", (long long)(len - (int64_t)tickets));
        assert_int_equal(nt, 3);
        assert_string_equal(t[2], buf);
    } else {
        assert_int_equal(nt, 2);
    }
}

/* Each rail hangs a ticket per waiting callback, up to what fits, then "+N" for the
 * rest, beside its full name and count; at every size, never a name or count cut. */
static void test_restaurant_rails_hang_a_ticket_per_callback(void **state)
{
    (void)state;
    ui_doc *doc = open_json(busy_rails);
    const int64_t at = 2 * MS;
    int64_t len[TRACE_QUEUE_COUNT];
    assert_int_equal(timeline_loop_queues(doc->runs[0].tl, 0, at, len), 0);
    assert_int_equal(len[TRACE_QUEUE_NEXT_TICK], 3);
    assert_int_equal(len[TRACE_QUEUE_CHECK], 20);
    ui_list l;
    ui_list_init(&l);
    const ui_rect rects[] = {R720, {0, 0, 1152, 540}, {0, 0, 620, 170}};
    const int px[] = {20, 30, 20};
    for (size_t k = 0; k < sizeof rects / sizeof rects[0]; k++) {
        lay(doc, 0, at, rects[k], px[k], &l);
        check_rail(&l, TRACE_QUEUE_NEXT_TICK, "nextTick", 3, k < 2);
        check_rail(&l, TRACE_QUEUE_CHECK, "check", 20, k < 2);
        if (k < 2) /* an empty rail is named too, when there is room for every rail */
            check_rail(&l, TRACE_QUEUE_TIMERS, "timers", 0, true);
    }
    ui_list_free(&l);
    ui_doc_free(doc);
}

/* Every waiter drawn is a picture (the waiter pictogram on the disc of its state)
 * with its name on it, alone and in a small compared column: threadpool-full's
 * loop and four helpers, gil-cpu-bound's threads. (A crowd at the kitchen window,
 * as the 16 helpers of threadpool-full's second run, is counted, not named.) */
static void test_restaurant_waiters_are_pictures_with_names(void **state)
{
    (void)state;
    static const char *const lessons[] = {"threadpool-full.json", "gil-cpu-bound.json",
                                          "three-requests.json"};
    const ui_rect rects[] = {R720, {0, 0, 620, 170}};
    ui_list l;
    ui_list_init(&l);
    size_t total = 0;
    for (size_t f = 0; f < sizeof lessons / sizeof lessons[0]; f++) {
        ui_doc *doc = open_doc(lessons[f]);
        for (size_t run = 0; run < doc->nruns; run++)
            for (size_t k = 0; k < 2; k++) {
                const ui_run *u = &doc->runs[run];
                if (u->nworkers > 8)
                    continue;
                lay(doc, run, u->end / 3, rects[k], 20, &l);
                size_t drawn = 0;
                for (size_t w = 0; w < u->nworkers; w++) {
                    const ui_shape *disc = find(&l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_DISC);
                    if (!disc)
                        continue;
                    drawn++;
                    const ui_shape *pic = find(&l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_IMAGE);
                    const ui_shape *name = find(&l, UI_ROLE_WAITER, (int32_t)w, UI_SHAPE_TEXT);
                    if (!pic || !name)
                        fail_msg("%s, %s: waiter %s without its %s", lessons[f], u->name,
                                 u->short_names[w], pic ? "name" : "picture");
                    assert_string_equal(ui_shape_image(&l, pic), "waiter");
                    assert_true(inside(disc->rect, pic->rect));
                    assert_false(name->cut);
                    const char *sn = u->short_names[w], *colon = strchr(sn, ':');
                    assert_string_equal(ui_shape_text(&l, name),
                                        u->processes > 1 && colon ? colon + 1 : sn);
                }
                total += drawn;
            }
        ui_doc_free(doc);
    }
    assert_true(total >= 20);
    ui_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restaurant_one_thread_stands_at_the_window),
        cmocka_unit_test(test_restaurant_every_table_cleared_at_the_end),
        cmocka_unit_test(test_restaurant_node_loop_waits_by_its_rails),
        cmocka_unit_test(test_restaurant_order_pad_only_with_a_gil),
        cmocka_unit_test(test_restaurant_pad_goes_with_its_holder),
        cmocka_unit_test(test_restaurant_rails_count_the_loop_queues),
        cmocka_unit_test(test_restaurant_cores_follow_the_timeline),
        cmocka_unit_test(test_restaurant_waiters_carry_their_state),
        cmocka_unit_test(test_restaurant_waiter_walks_to_the_window),
        cmocka_unit_test(test_restaurant_waiter_where_its_state_says_at_every_step),
        cmocka_unit_test(test_restaurant_overflow_badge_says_more),
        cmocka_unit_test(test_restaurant_ten_thousand_requests_stay_under_budget),
        cmocka_unit_test(test_restaurant_one_restaurant_per_process),
        cmocka_unit_test(test_restaurant_fits_every_window),
        cmocka_unit_test(test_restaurant_legend_names_the_analogy),
        cmocka_unit_test(test_restaurant_tiny_or_missing_input_draws_nothing),
        cmocka_unit_test(test_restaurant_numbers_tables_past_nine),
        cmocka_unit_test(test_restaurant_dish_shows_the_kind_of_request),
        cmocka_unit_test(test_restaurant_rails_hang_a_ticket_per_callback),
        cmocka_unit_test(test_restaurant_waiters_are_pictures_with_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
