/* test_ui_captions.c - each runtime's own caption and code listing in the frame.
 *
 * A runtime may carry its own narration and code (docs/scenario-format.md); the
 * frame must show the run's own, fall back to the scenario's for a runtime that has
 * none, end a caption at its "until", and, when comparing two runtimes whose
 * captions differ, show each under its column, tagged with its run. Checked on the
 * whole frame (ui_layout's shape list): UI_ROLE_NARRATION and UI_ROLE_CODE_LINE
 * shapes, their text and their run.
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
#define W 1280
#define H 720

/* Node.js has its own captions (the first ending at 4 ms) and its own JavaScript;
 * asyncio its own Python but the scenario's captions; threads has neither and
 * shows the scenario's. One request runs line 2 from 0 to 10 ms. */
static const char scenario[] =
    "{\"schema\": \"bistro/1\", \"title\": \"t\", \"description\": \"What this shows.\","
    " \"narration\": [{\"at\": \"0ms\", \"text\": \"Shared caption.\"}],"
    " \"code\": {\"language\": \"text\", \"lines\": [\"shared one\", \"shared two\"]},"
    " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": \"10ms\", \"line\": "
    "2}]},"
    " \"runtimes\": ["
    "  {\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\","
    "   \"narration\": [{\"at\": \"1ms\", \"until\": \"4ms\", \"text\": \"Node runs it.\"},"
    "                   {\"at\": \"6ms\", \"text\": \"Node still runs it.\"}],"
    "   \"code\": {\"language\": \"javascript\", \"lines\": [\"function handle() {\","
    "              \"  work();\", \"}\"]}},"
    "  {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\","
    "   \"code\": {\"language\": \"python\", \"lines\": [\"async def handle():\","
    "              \"    work()\"]}},"
    "  {\"name\": \"threads\", \"model\": \"threads\"}]}";

typedef struct {
    ui_app a;
    ui_list l;
} frame;

static void frame_open(frame *f)
{
    ui_app_init(&f->a);
    ui_app_set_doc(&f->a, open_json(scenario), false);
    ui_list_init(&f->l);
}

static void frame_close(frame *f)
{
    ui_list_free(&f->l);
    ui_app_free(&f->a);
}

/* The single view of `run` at t. */
static void single(frame *f, size_t run, int64_t t)
{
    f->a.view.compare = false;
    f->a.view.run = run;
    assert_int_equal(ui_layout(f->a.doc, &f->a.view, t, W, H, ui_measure_fixed(), &f->l, NULL), 0);
}

/* Two columns, `run` on the left and `run_b` on the right, at t. */
static void compare(frame *f, size_t run, size_t run_b, int64_t t)
{
    f->a.view.compare = true;
    f->a.view.run = run;
    f->a.view.run_b = run_b;
    assert_int_equal(ui_layout(f->a.doc, &f->a.view, t, W, H, ui_measure_fixed(), &f->l, NULL), 0);
}

/* The texts of `role` shapes tagged with `run` (any run when run < 0), joined by
 * spaces, into buf. */
static const char *role_text(const ui_list *l, ui_role role, int run, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind != UI_SHAPE_TEXT || s->role != role || (run >= 0 && s->run != run))
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? " " : "", ui_shape_text(l, s));
    }
    return buf;
}

/* The box around every `role` shape of `run`; w = 0 when there is none. */
static ui_rect role_box(const ui_list *l, ui_role role, int run)
{
    int x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->role != role || s->run != run)
            continue;
        x0 = s->rect.x < x0 ? s->rect.x : x0;
        y0 = s->rect.y < y0 ? s->rect.y : y0;
        x1 = s->rect.x + s->rect.w > x1 ? s->rect.x + s->rect.w : x1;
        y1 = s->rect.y + s->rect.h > y1 ? s->rect.y + s->rect.h : y1;
    }
    return x0 == INT32_MAX ? (ui_rect){0, 0, 0, 0} : (ui_rect){x0, y0, x1 - x0, y1 - y0};
}

static bool has_text(const ui_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].kind == UI_SHAPE_TEXT && strcmp(ui_shape_text(l, &l->shapes[i]), s) == 0)
            return true;
    return false;
}

/* The code line `line` is marked as where a worker is (state 1). */
static bool line_marked(const ui_list *l, int line)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].role == UI_ROLE_CODE_LINE && l->shapes[i].id == line &&
            l->shapes[i].state == 1)
            return true;
    return false;
}

static void test_single_view_shows_the_runtimes_own_caption_and_code(void **state)
{
    (void)state;
    frame f;
    frame_open(&f);
    char buf[512];
    single(&f, 0, 2 * MS);
    assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, -1, buf, sizeof buf), "Node runs it.");
    /* the listing is Node's own, in JavaScript, and nothing of the scenario's */
    assert_true(has_text(&f.l, "Code (javascript)"));
    assert_string_equal(role_text(&f.l, UI_ROLE_CODE_LINE, -1, buf, sizeof buf),
                        "1 function handle() { 2 Loop   work(); 3 }"); /* with the loop's chip */
    assert_true(line_marked(&f.l, 2)); /* the loop runs line 2 */
    assert_false(line_marked(&f.l, 1));
    frame_close(&f);
}

static void test_single_view_falls_back_to_the_scenarios(void **state)
{
    (void)state;
    frame f;
    frame_open(&f);
    char buf[512];
    /* asyncio: the scenario's caption, its own listing */
    single(&f, 1, 2 * MS);
    assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, -1, buf, sizeof buf), "Shared caption.");
    assert_true(has_text(&f.l, "Code (python)"));
    assert_string_equal(role_text(&f.l, UI_ROLE_CODE_LINE, -1, buf, sizeof buf),
                        "1 async def handle(): 2 Loop     work()");
    assert_true(line_marked(&f.l, 2));
    /* threads: the scenario's caption and listing */
    single(&f, 2, 2 * MS);
    assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, -1, buf, sizeof buf), "Shared caption.");
    assert_true(has_text(&f.l, "Code (text)"));
    assert_string_equal(role_text(&f.l, UI_ROLE_CODE_LINE, -1, buf, sizeof buf),
                        "1 shared one 2 T1 shared two");
    frame_close(&f);
}

/* Before Node's first caption the description shows; its first caption ends at
 * 4 ms and the bar stays empty until the next one at 6 ms, which lasts. */
static void test_caption_ends_at_until(void **state)
{
    (void)state;
    frame f;
    frame_open(&f);
    char buf[512];
    static const struct {
        int64_t t;
        const char *want;
    } cases[] = {{0, "What this shows."},
                 {1 * MS, "Node runs it."},
                 {4 * MS - 1, "Node runs it."},
                 {4 * MS, ""},
                 {5 * MS, ""},
                 {6 * MS, "Node still runs it."},
                 {9 * MS, "Node still runs it."}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        single(&f, 0, cases[k].t);
        assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, -1, buf, sizeof buf), cases[k].want);
    }
    frame_close(&f);
}

/* Comparing Node.js with asyncio: each column has its own caption below it. */
static void test_compare_shows_each_runs_caption_under_its_column(void **state)
{
    (void)state;
    frame f;
    frame_open(&f);
    char buf[512];
    compare(&f, 0, 1, 2 * MS);
    assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, 0, buf, sizeof buf), "Node runs it.");
    assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, 1, buf, sizeof buf), "Shared caption.");
    ui_rect left = role_box(&f.l, UI_ROLE_NARRATION, 0),
            right = role_box(&f.l, UI_ROLE_NARRATION, 1);
    assert_true(left.w > 0 && right.w > 0);
    assert_true(left.x + left.w <= W / 2 && right.x >= W / 2); /* under its own column */
    assert_int_equal(left.y, right.y);
    /* the other way round, the captions change sides with their runs */
    compare(&f, 1, 0, 2 * MS);
    left = role_box(&f.l, UI_ROLE_NARRATION, 1);
    right = role_box(&f.l, UI_ROLE_NARRATION, 0);
    assert_true(left.x + left.w <= W / 2 && right.x >= W / 2);
    /* once Node's caption has ended, its half is empty and asyncio's stays */
    compare(&f, 0, 1, 5 * MS);
    assert_int_equal(role_box(&f.l, UI_ROLE_NARRATION, 0).w, 0);
    right = role_box(&f.l, UI_ROLE_NARRATION, 1);
    assert_true(right.w > 0 && right.x >= W / 2);
    frame_close(&f);
}

/* asyncio and threads both show the scenario's caption: one caption across. */
static void test_compare_shares_one_caption_when_the_same(void **state)
{
    (void)state;
    frame f;
    frame_open(&f);
    char buf[512];
    compare(&f, 1, 2, 2 * MS);
    assert_string_equal(role_text(&f.l, UI_ROLE_NARRATION, -1, buf, sizeof buf), "Shared caption.");
    ui_rect box = role_box(&f.l, UI_ROLE_NARRATION, 1);
    assert_true(box.x < W / 4 && box.x + box.w > W * 3 / 4);
    assert_int_equal(role_box(&f.l, UI_ROLE_NARRATION, 2).w, 0);
    frame_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_view_shows_the_runtimes_own_caption_and_code),
        cmocka_unit_test(test_single_view_falls_back_to_the_scenarios),
        cmocka_unit_test(test_caption_ends_at_until),
        cmocka_unit_test(test_compare_shows_each_runs_caption_under_its_column),
        cmocka_unit_test(test_compare_shares_one_caption_when_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
