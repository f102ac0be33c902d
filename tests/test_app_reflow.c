/* test_app_reflow.c - the layout reflows and never cuts what matters.
 *
 * For every bundled lesson (every .json in scenarios/), every runtime alone and every pair
 * of runtimes side by side, at caption times (each caption's start and the moment
 * before its `until`, sampled to at most CAPTION_TIMES per lesson and always with
 * the first and the last), at 1280x720 and 1920x1080, and with the text at its
 * base size and two steps bigger, the frame is laid out with the real fonts (as
 * --png and --layout-json do) and:
 *
 *   - no key text is cut: the title, the runtime names, the clock, the column
 *     titles, every metric, the captions, the log lines and the code lines
 *     (`what` as the frame data names them), and the names and counts of the
 *     loop's queues on the rails;
 *   - every loop queue holding a callback has its rail on screen (check_rails);
 *   - every region the frame should have is there: the title and the clock; per
 *     run on screen, the restaurant, the timeline's lanes, the metrics and the
 *     caption; alone, the code listing when the run has one and the printed log
 *     once the run has printed.
 *
 * The texts are read from the same shape list and named by the same function
 * (ui_frame_text_what) as the frame data, so a failure here is a `cut: true` in
 * what `bistro LESSON --layout-json` writes for that frame. To look into a
 * failure: REFLOW_ALL=1 prints every problem (not the first 40), REFLOW_FILE=NAME
 * checks only the lessons whose path contains NAME, REFLOW_DUMP=OUT.json writes
 * the frame data of the last frame with a cut key text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "sdl_font.h"
#include "ui_frame.h"

#define CAPTION_TIMES 8 /* per lesson: enough to cover its start, middle and end */

/* The texts that must never be shortened: what the class reads the lesson from. */
static bool key_text(const char *what)
{
    static const char *const keys[] = {"title",   "runtime", "clock", "column.runtime",
                                       "caption", "log",     "code",  "column.progress",
                                       "kitchen", "table"};
    if (strncmp(what, "metric.", 7) == 0)
        return true;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(what, keys[i]) == 0)
            return true;
    /* the loop's rails: each queue's name and count ("nextTick", "1") */
    return strcmp(what, "queue") == 0;
}

static bool restaurant_role(int role)
{
    return role == UI_ROLE_TABLE || role == UI_ROLE_WAITER || role == UI_ROLE_COOK ||
           role == UI_ROLE_ORDER_PAD || role == UI_ROLE_RAIL || role == UI_ROLE_CORE;
}

static bool lane_role(int role)
{
    return role == UI_ROLE_WORKER_SPAN || role == UI_ROLE_LANE_LABEL ||
           role == UI_ROLE_REQUEST_SPAN || role == UI_ROLE_REQUEST_BAND;
}

typedef struct {
    sdl_fonts *fonts;
    const ui_measure *m;
    ui_list l;
    long frames, failures;
} checker;

/* Which regions a run on screen has drawn. */
typedef struct {
    bool restaurant, lanes, metrics, caption, code, log;
} regions;

static void fail_frame(checker *k, const char *file, const ui_app *a, int w, int h, int step,
                       const char *why, const char *text)
{
    if (k->failures++ < 40 || getenv("REFLOW_ALL") != NULL) {
        char at[32];
        ui_format_time(a->play.t, at, sizeof at);
        print_message("%s %s%s%s at %s, %dx%d, text %+d: %s%s%s%s\n", file,
                      a->doc->runs[a->view.run].name, a->view.compare ? " vs " : "",
                      a->view.compare ? a->doc->runs[a->view.run_b].name : "", at, w, h, step, why,
                      text ? " \"" : "", text ? text : "", text ? "\"" : "");
    }
}

/* Every loop queue that holds a callback at this step is on the rails of run `run`
 * (its name, a text of role RAIL or RUNNING with the queue as id): a rail left
 * out for lack of room hides what the loop will run next. One loop per run (a
 * run of several processes draws each in a small restaurant, and is left out). */
static void check_rails(checker *k, const char *file, ui_app *a, size_t run, int w, int h, int step)
{
    static const int queues[] = {TRACE_QUEUE_NEXT_TICK, TRACE_QUEUE_MICROTASK, TRACE_QUEUE_TIMERS,
                                 TRACE_QUEUE_POLL,      TRACE_QUEUE_CHECK,     TRACE_QUEUE_READY};
    const ui_run *u = &a->doc->runs[run];
    int64_t len[TRACE_QUEUE_COUNT];
    if (u->processes > 1 || timeline_lane_count(u->tl, TL_LANE_PHASE) == 0 ||
        timeline_loop_queues_at_step(u->tl, 0, a->play.t, ui_view_step_at(&a->view, a->play.t),
                                     len) < 0)
        return;
    for (size_t j = 0; j < sizeof queues / sizeof queues[0]; j++) {
        if (len[queues[j]] <= 0)
            continue;
        bool seen = false;
        for (size_t i = 0; i < k->l.n && !seen; i++) {
            const ui_shape *s = &k->l.shapes[i];
            seen = s->kind == UI_SHAPE_TEXT && s->run == run && s->id == queues[j] &&
                   (s->role == UI_ROLE_RAIL || s->role == UI_ROLE_RUNNING);
        }
        if (!seen)
            fail_frame(k, file, a, w, h, step, "a rail with tickets is not shown",
                       trace_queue_name(queues[j]));
    }
}

static void check_frame(checker *k, const char *file, ui_app *a, int64_t t, int w, int h, int step)
{
    a->view.text_step = step;
    ui_playback_seek(&a->play, t);
    ui_app_sync(a);
    ui_layout_info info;
    assert_int_equal(ui_layout(a->doc, &a->view, a->play.t, w, h, k->m, &k->l, &info), 0);
    k->frames++;
    regions reg[2];
    memset(reg, 0, sizeof reg);
    bool title = false, clock = false;
    char what[64];
    for (size_t i = 0; i < k->l.n; i++) {
        const ui_shape *s = &k->l.shapes[i];
        if (s->kind == UI_SHAPE_TEXT) { /* the header's texts are the window's */
            ui_frame_text_what(s, what, sizeof what);
            title |= strcmp(what, "title") == 0;
            clock |= strcmp(what, "clock") == 0;
        }
        int col = info.columns == 2 && s->run == info.run[1] ? 1 : 0;
        if (s->run != info.run[col])
            continue;
        regions *g = &reg[col];
        g->restaurant |= restaurant_role(s->role);
        g->lanes |= lane_role(s->role);
        if (s->kind != UI_SHAPE_TEXT)
            continue;
        g->metrics |= s->role == UI_ROLE_METRIC;
        g->caption |= s->role == UI_ROLE_NARRATION;
        g->code |= s->role == UI_ROLE_CODE_LINE;
        g->log |= s->role == UI_ROLE_LOG_LINE;
        ui_frame_text_what(s, what, sizeof what);
        if (s->cut && key_text(what)) {
            fail_frame(k, file, a, w, h, step, what, ui_shape_text(&k->l, s));
            if (getenv("REFLOW_DUMP")) {
                char *j = ui_frame_json(a->doc, &a->view, &a->play, w, h, &k->l, &info);
                FILE *f = fopen(getenv("REFLOW_DUMP"), "w");
                fputs(j, f);
                fclose(f);
                free(j);
            }
        }
    }
    for (int c = 0; c < info.columns; c++)
        check_rails(k, file, a, info.run[c], w, h, step);
    if (!title)
        fail_frame(k, file, a, w, h, step, "no title", NULL);
    if (!clock)
        fail_frame(k, file, a, w, h, step, "no clock", NULL);
    assert_int_equal(info.columns, a->view.compare ? 2 : 1);
    for (int c = 0; c < info.columns; c++) {
        size_t run = info.run[c];
        const regions *g = &reg[c];
        if (!g->restaurant)
            fail_frame(k, file, a, w, h, step, "no restaurant", a->doc->runs[run].name);
        if (!g->lanes)
            fail_frame(k, file, a, w, h, step, "no timeline lanes", a->doc->runs[run].name);
        if (!g->metrics)
            fail_frame(k, file, a, w, h, step, "no metrics", a->doc->runs[run].name);
        /* one caption across both columns is drawn as the first column's; a caption
         * with an `until` leaves the bar empty until the next one begins */
        size_t nc;
        const scn_narration *list = scn_runtime_narration(a->doc->scn, run, &nc);
        bool due = scn_caption_at(list, nc, a->play.t) >= 0 ||
                   ((nc == 0 || list[0].at > a->play.t) && a->doc->scn->description);
        if (due && !g->caption && !(c == 1 && info.caption_shared))
            fail_frame(k, file, a, w, h, step, "no caption", a->doc->runs[run].name);
        if (a->view.compare)
            continue;
        const scn_code *code = scn_runtime_code(a->doc->scn, run);
        if (code && code->nlines > 0 && !g->code)
            fail_frame(k, file, a, w, h, step, "no code listing", a->doc->runs[run].name);
        uint32_t st = ui_view_step_at(&a->view, a->play.t);
        if (timeline_log_count_at_step(a->doc->runs[run].tl, a->play.t, st) > 0 && !g->log)
            fail_frame(k, file, a, w, h, step, "no printed log", a->doc->runs[run].name);
    }
}

/* Every caption start and the moment before every end, of every runtime, in
 * order, without repeats. */
static size_t caption_times(const ui_doc *doc, int64_t *out, size_t max)
{
    const scn_scenario *scn = doc->scn;
    size_t n = 0;
    out[n++] = 0;
    for (size_t r = 0; r <= scn->nruntimes; r++) {
        size_t k;
        const scn_narration *list = r < scn->nruntimes ? scn_runtime_narration(scn, r, &k)
                                                       : scn->narration;
        if (r == scn->nruntimes)
            k = scn->nnarration;
        for (size_t i = 0; i < k && n + 2 <= max; i++) {
            out[n++] = list[i].at;
            if (list[i].until > 0)
                out[n++] = list[i].until - 1;
        }
    }
    out[n++] = doc->end;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) { /* sorted, in range, once each */
        int64_t v = out[i] > doc->end ? doc->end : out[i];
        size_t j = m;
        while (j > 0 && out[j - 1] > v)
            j--;
        if (j > 0 && out[j - 1] == v)
            continue;
        memmove(&out[j + 1], &out[j], (m - j) * sizeof *out);
        out[j] = v;
        m++;
    }
    return m;
}

static void check_lesson(checker *k, const char *path)
{
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(path, &doc, NULL), 0);
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, doc, false);
    size_t nr = a.doc->nruns;
    int64_t all[1024], times[CAPTION_TIMES];
    size_t na = caption_times(a.doc, all, 1000), nt = 0;
    /* an even sample, the first and the last always in it */
    for (size_t i = 0; i < CAPTION_TIMES && i < na; i++)
        times[nt++] = all[na <= CAPTION_TIMES ? i : i * (na - 1) / (CAPTION_TIMES - 1)];
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    for (size_t r = 0; r < nr; r++)
        for (size_t q = r; q < nr; q++) { /* q == r: alone; else side by side */
            a.view.compare = q != r;
            a.view.run = r;
            a.view.run_b = q;
            for (size_t z = 0; z < 2; z++)
                for (int step = 0; step <= 2; step += 2)
                    for (size_t i = 0; i < nt; i++)
                        check_frame(k, file, &a, times[i], sizes[z][0], sizes[z][1], step);
        }
    ui_app_free(&a);
}

static void test_every_lesson_reflows_without_cutting_key_texts(void **state)
{
    (void)state;
    checker k = {0};
    char err[512];
    if (sdl_fonts_open(&k.fonts, err, sizeof err) < 0)
        fail_msg("the fonts: %s", err);
    k.m = sdl_fonts_measure(k.fonts);
    ui_list_init(&k.l);
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &n), 0);
    assert_true(n >= 16);
    for (size_t i = 0; i < n; i++)
        if (!getenv("REFLOW_FILE") || strstr(paths[i], getenv("REFLOW_FILE")))
            check_lesson(&k, paths[i]);
    scn_dir_free(paths, n);
    ui_list_free(&k.l);
    sdl_fonts_close(k.fonts);
    print_message("%ld frames, %ld problems\n", k.frames, k.failures);
    assert_true(k.frames > 1000);
    assert_int_equal(k.failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson_reflows_without_cutting_key_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
