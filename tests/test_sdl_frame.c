/* test_sdl_frame.c - whole frames drawn offscreen, checked pixel by pixel against
 * what the trace says.
 *
 * The oracle is the simulation, not the layout: the engine's trace says when a
 * thread runs and when it waits for I/O, and Node prints the print-order puzzle
 * as 1 2 4 5 3 (node v20.20.2, tests/loop_cases/seed_puzzle.js). The frame must
 * show exactly that: the lane's pixels in the state's colour, the log's lines in
 * that order with ink in them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "sdl_font.h"
#include "sdl_png.h"
#include "test_support.h"
#include "ui_app.h"
#include "ui_theme.h"

#define MS INT64_C(1000000)
#define W 1280
#define H 720

typedef struct {
    sdl_fonts *fonts;
    sdl_canvas *cv;
    ui_app app;
    ui_list list;
    ui_layout_info info;
} frame;

static int setup(void **state)
{
    static frame f;
    char err[512];
    memset(&f, 0, sizeof f);
    if (sdl_fonts_open(&f.fonts, err, sizeof err) < 0 ||
        sdl_canvas_new(W, H, f.fonts, &f.cv, err, sizeof err) < 0) {
        print_error("%s\n", err);
        return -1;
    }
    ui_app_init(&f.app);
    ui_list_init(&f.list);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    frame *f = *state;
    ui_app_free(&f->app);
    ui_list_free(&f->list);
    sdl_canvas_free(f->cv);
    sdl_fonts_close(f->fonts);
    return 0;
}

static void open_doc(frame *f, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s", BISTRO_SOURCE_DIR, name);
    diag_list *d = diag_new();
    ui_doc *doc = NULL;
    assert_int_equal(ui_doc_open(path, d, NULL, NULL, &doc), 0);
    diag_free(d);
    ui_app_set_doc(&f->app, doc, false);
}

static void draw(frame *f, int64_t t)
{
    assert_int_equal(
        ui_layout(f->app.doc, &f->app.view, t, W, H, sdl_canvas_measure(f->cv), &f->list, &f->info),
        0);
    assert_int_equal(sdl_canvas_draw(f->cv, &f->list, ui_theme_get(f->app.view.theme)->bg), 0);
}

static bool same(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* The y of the middle of worker w's lane: its bars are the spans tagged with it. */
static int lane_y(const frame *f, int32_t worker)
{
    for (size_t i = 0; i < f->list.n; i++) {
        const ui_shape *s = &f->list.shapes[i];
        if (s->role == UI_ROLE_WORKER_SPAN && s->id == worker && s->kind == UI_SHAPE_RECT)
            return s->rect.y + s->rect.h / 2;
    }
    fail_msg("no lane for worker %d", worker);
    return -1;
}

static int x_at(const frame *f, int64_t t)
{
    const ui_rect *a = &f->info.area[0];
    return a->x + (int)((double)(t - f->info.t0) / (double)(f->info.t1 - f->info.t0) * a->w);
}

/* When the engine's trace says worker 0 of runtime rt blocks and is back. */
static void block_times(const scn_scenario *scn, size_t rt, int64_t *block, int64_t *back)
{
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, rt, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const trace *tr = sim_run_trace(run);
    *block = *back = -1;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *e = trace_get(tr, i);
        if (e->worker == 0 && e->kind == TRACE_BLOCK && *block < 0)
            *block = e->t;
        if (e->worker == 0 && e->kind == TRACE_IO_DONE && *back < 0)
            *back = e->t;
    }
    sim_run_free(run);
}

static void test_frame_lane_has_the_colour_of_the_traced_state(void **state)
{
    frame *f = *state;
    open_doc(f, "three-requests.json"); /* runtime 0: one blocking Python thread */
    int64_t block, back;
    block_times(f->app.doc->scn, 0, &block, &back);
    assert_true(block > 0 && back > block);
    const ui_theme *th = ui_theme_get(f->app.view.theme);
    draw(f, 1500 * MS);
    int y = lane_y(f, 0);
    int64_t mid = (block + back) / 2; /* blocked on the database */
    assert_true(same(sdl_canvas_pixel(f->cv, x_at(f, mid), y), th->worker[TL_W_WAIT_IO]));
    /* the future is not drawn: right of the cursor the lane is empty */
    ui_color later = sdl_canvas_pixel(f->cv, x_at(f, 2500 * MS), y);
    for (int s = TL_W_IDLE; s < TL_W_COUNT; s++)
        assert_false(same(later, th->worker[s]));
    /* zoomed into the first 4 ms, the first millisecond of CPU shows as running */
    f->app.view.zoom_t0 = 0;
    f->app.view.zoom_t1 = 4 * MS;
    draw(f, 1500 * MS);
    assert_true(
        same(sdl_canvas_pixel(f->cv, x_at(f, block / 2), lane_y(f, 0)), th->worker[TL_W_RUNNING]));
    f->app.view.zoom_t0 = f->app.view.zoom_t1 = 0;
}

static void test_frame_log_shows_node_print_order(void **state)
{
    frame *f = *state;
    open_doc(f, "print-order.json"); /* runtime 0: Node.js */
    const ui_theme *th = ui_theme_get(f->app.view.theme);
    draw(f, f->app.doc->end);
    static const char *const want[] = {"1", "2", "4", "5", "3"}; /* node v20.20.2 */
    int last_y = -1;
    size_t found = 0;
    for (size_t i = 0; i < f->list.n && found < 5; i++) {
        const ui_shape *s = &f->list.shapes[i];
        if (s->role != UI_ROLE_LOG_LINE || s->kind != UI_SHAPE_TEXT ||
            strcmp(ui_shape_text(&f->list, s), want[found]) != 0)
            continue;
        assert_true(s->rect.y > last_y); /* top to bottom in print order */
        last_y = s->rect.y;
        /* ink: some pixel of the text's box has the text colour, not the panel's */
        int ink = 0;
        for (int y = s->rect.y; y < s->rect.y + s->rect.h; y++)
            for (int x = s->rect.x; x < s->rect.x + s->rect.w; x++)
                ink += same(sdl_canvas_pixel(f->cv, x, y), th->text);
        assert_true(ink > 3);
        found++;
    }
    assert_int_equal(found, 5);
}

static void test_frame_halfway_log_has_only_what_was_printed(void **state)
{
    frame *f = *state;
    open_doc(f, "print-order.json");
    /* after 1 (t = 0), 2 and 4 (7 ms: the first console.log costs 7 ms, docs/model.md
     * "Costs") and 5 (the 1 ms timer, 8.3 ms), before 3 (the 5 ms read, 12 ms) */
    draw(f, 9 * MS);
    size_t lines = 0;
    bool three = false;
    for (size_t i = 0; i < f->list.n; i++) {
        const ui_shape *s = &f->list.shapes[i];
        if (s->role == UI_ROLE_LOG_LINE && s->kind == UI_SHAPE_TEXT && s->rect.w > 0) {
            const char *t = ui_shape_text(&f->list, s);
            lines += strlen(t) == 1;
            three |= strcmp(t, "3") == 0;
        }
    }
    assert_int_equal(lines, 4);
    assert_false(three);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_lane_has_the_colour_of_the_traced_state),
        cmocka_unit_test(test_frame_log_shows_node_print_order),
        cmocka_unit_test(test_frame_halfway_log_has_only_what_was_printed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
