/* test_ui_panels.c - the side panels and overlays of the app, as shape lists.
 *
 * Each region function is called on its own with a fixed-advance measure, and the
 * test reads the shapes it produced. Expected values come from the timeline (what
 * was printed at or before t, where each worker is, the counters) or from the
 * scenario files (narration entries, the code listing); the print order of the
 * print-order puzzle is Node's own (DESIGN.md, seed claim 2: 1 2 4 5 3). A sweep
 * over window sizes checks that every region stays inside its rect and never uses
 * text below 0.8 of the base size.
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
#include "ui_layout_internal.h"

#define MS INT64_C(1000000)
#define US INT64_C(1000)
#define S INT64_C(1000000000)

/* ---- fixture ---------------------------------------------------------------------- */

typedef struct {
    ui_doc *doc;
    ui_view view;
    ui_list out;
    ui_ctx c;
} fx;

/* A ctx for a window h pixels high (doc may be NULL); the list is cleared. */
static void fx_init(fx *f, ui_doc *doc, int h)
{
    memset(f, 0, sizeof *f);
    f->doc = doc;
    ui_view_init(&f->view);
    ui_list_init(&f->out);
    f->c = (ui_ctx){doc,  &f->view,         ui_theme_get(0), ui_measure_fixed(),
                    0,    ui_text_px(h, 0), &f->out,         TL_STEP_END,
                    false};
}

static void fx_free(fx *f)
{
    ui_list_free(&f->out);
    ui_doc_free(f->doc);
}

static bool same_color(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* The texts of shapes with `role` (and id, unless id is -2), in list order, joined
 * by `sep` into buf. */
static const char *texts(const ui_list *l, ui_role role, int32_t id, const char *sep, char *buf,
                         size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind != UI_SHAPE_TEXT || s->role != role || (id != -2 && s->id != id))
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? sep : "", ui_shape_text(l, s));
    }
    return buf;
}

/* The first text shape whose text is exactly s, or NULL. */
static const ui_shape *find_text(const ui_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].kind == UI_SHAPE_TEXT && strcmp(ui_shape_text(l, &l->shapes[i]), s) == 0)
            return &l->shapes[i];
    return NULL;
}

static bool has_text_part(const ui_list *l, const char *part)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].kind == UI_SHAPE_TEXT && strstr(ui_shape_text(l, &l->shapes[i]), part))
            return true;
    return false;
}

/* ---- the printed log ------------------------------------------------------------- */

/* The log's line texts (text shapes in the mono font) joined by spaces, and the ids
 * of lines marked newest. */
static const char *log_texts(const ui_list *l, char *buf, size_t size, int *newest, int *nnewest)
{
    buf[0] = '\0';
    *nnewest = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->role != UI_ROLE_LOG_LINE)
            continue;
        if (s->state == 1 && s->kind == UI_SHAPE_TEXT && s->font == UI_FONT_MONO) {
            *newest = s->id;
            (*nnewest)++;
        }
        if (s->kind == UI_SHAPE_TEXT && s->font == UI_FONT_MONO) {
            size_t n = strlen(buf);
            snprintf(buf + n, size - n, "%s%s", n ? " " : "", ui_shape_text(l, s));
        }
    }
    return buf;
}

static void test_log_shows_lines_printed_by_t(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("print-order.json"), 720);
    const ui_run *node = &f.doc->runs[0];
    assert_string_equal(node->name, "Node.js");
    /* Node prints 1 2 4 5 3 (DESIGN.md, seed claim 2); 1 at t=0, then 7 ms of the
     * first console.log setting up stdout, 2 at 7.002 ms and 4 at 7.032 ms (30 us
     * each later console.log), 5 when the 1 ms timer fires at 8.252 ms (the loop
     * comes round when the read's first request, its open, is back: the timer is
     * due by then), 3 when the last of the read's four requests comes back at
     * 12.002 ms (docs/model.md, "Costs" and "File reads") */
    static const struct {
        int64_t t;
        const char *shown;
        int newest;
    } cases[] = {
        {0, "1", 0},
        {7002 * US - 1, "1", 0},
        {7032 * US, "1 2 4", 2},
        {8252 * US - 1, "1 2 4", 2},
        {8252 * US, "1 2 4 5", 3},
        {12002 * US - 1, "1 2 4 5", 3},
        {12002 * US, "1 2 4 5 3", 4},
    };
    ui_rect r = {10, 20, 400, 300};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ui_list_clear(&f.out);
        f.c.t = cases[k].t;
        ui__log(&f.c, 0, r);
        char buf[256];
        int newest = -1, nnewest = 0;
        assert_string_equal(log_texts(&f.out, buf, sizeof buf, &newest, &nnewest), cases[k].shown);
        assert_int_equal(timeline_log_count(node->tl, cases[k].t), strlen(cases[k].shown) / 2 + 1);
        assert_int_equal(nnewest, 1);
        assert_int_equal(newest, cases[k].newest);
        /* the newest line sits on the highlight */
        bool lit = false;
        for (size_t i = 0; i < f.out.n; i++) {
            const ui_shape *s = &f.out.shapes[i];
            lit |= s->kind == UI_SHAPE_RECT && s->role == UI_ROLE_LOG_LINE &&
                   s->id == cases[k].newest && same_color(s->color, f.c.theme->highlight);
        }
        assert_true(lit);
        assert_null(find_text(&f.out, "nothing printed yet"));
    }
    /* each line's time, from the timeline, dim at its right: "5" at 8.252 ms */
    ui_list_clear(&f.out);
    f.c.t = 12002 * US;
    ui__log(&f.c, 0, r);
    const ui_shape *when = find_text(&f.out, "8.252 ms");
    assert_non_null(when);
    assert_int_equal(when->role, UI_ROLE_LOG_TIME);
    assert_int_equal(when->id, 3);
    assert_true(same_color(when->color, f.c.theme->text_dim));
    fx_free(&f);
}

static void test_log_empty_before_the_first_line(void **state)
{
    (void)state;
    fx f;
    fx_init(&f,
            open_json("{\"schema\": \"bistro/1\", \"title\": \"t\","
                      " \"workload\": {\"arrivals\": {\"burst\": 1},"
                      "  \"request\": [{\"cpu\": \"2ms\"}, {\"log\": \"hello\"}]},"
                      " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\"}]}"),
            720);
    ui_rect r = {0, 0, 400, 200};
    ui__log(&f.c, 0, r);
    const ui_shape *hint = find_text(&f.out, "nothing printed yet");
    assert_non_null(hint);
    assert_true(same_color(hint->color, f.c.theme->text_dim));
    char buf[64];
    int newest = -1, nnewest = 0;
    assert_string_equal(log_texts(&f.out, buf, sizeof buf, &newest, &nnewest), "");
    /* printed once its 2 ms of CPU are done */
    ui_list_clear(&f.out);
    f.c.t = f.doc->runs[0].end;
    ui__log(&f.c, 0, r);
    assert_string_equal(log_texts(&f.out, buf, sizeof buf, &newest, &nnewest), "hello");
    assert_null(find_text(&f.out, "nothing printed yet"));
    fx_free(&f);
}

/* Twenty lines in a panel with room for a few: the newest ones, and a count of the rest. */
static void test_log_keeps_newest_lines_when_full(void **state)
{
    (void)state;
    fx f;
    fx_init(&f,
            open_json("{\"schema\": \"bistro/1\", \"title\": \"t\","
                      " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": ["
                      "  {\"repeat\": 20, \"steps\": [{\"cpu\": \"1ms\"},"
                      "                               {\"log\": \"tick\"}]}]},"
                      " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\"}]}"),
            720);
    f.c.t = f.doc->runs[0].end;
    assert_int_equal(timeline_log_count(f.doc->runs[0].tl, f.c.t), 20);
    ui__log(&f.c, 0, (ui_rect){0, 0, 400, 200});
    int first = 1000, last = -1, newest = -1;
    for (size_t i = 0; i < f.out.n; i++) {
        const ui_shape *s = &f.out.shapes[i];
        if (s->role != UI_ROLE_LOG_LINE || s->kind != UI_SHAPE_TEXT || s->font != UI_FONT_MONO)
            continue;
        first = s->id < first ? s->id : first;
        last = s->id > last ? s->id : last;
        if (s->state == 1)
            newest = s->id;
    }
    assert_int_equal(last, 19);
    assert_int_equal(newest, 19);
    assert_true(first > 0);
    char more[32];
    snprintf(more, sizeof more, "%d earlier lines", first);
    assert_non_null(find_text(&f.out, more));
    fx_free(&f);
}

/* ---- the code listing -------------------------------------------------------------- */

/* The 1-based lines marked current, as a bit set. */
static unsigned current_lines(const ui_list *l)
{
    unsigned bits = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->shapes[i].role == UI_ROLE_CODE_LINE && l->shapes[i].state == 1 &&
            l->shapes[i].id >= 0 && l->shapes[i].id < 32)
            bits |= 1u << l->shapes[i].id;
    return bits;
}

static bool line_lit(const fx *f, int line)
{
    for (size_t i = 0; i < f->out.n; i++) {
        const ui_shape *s = &f->out.shapes[i];
        if (s->kind == UI_SHAPE_RECT && s->role == UI_ROLE_CODE_LINE && s->id == line &&
            same_color(s->color, f->c.theme->highlight))
            return true;
    }
    return false;
}

/* The chip naming a worker on a line: its text shape; the chip is the rect before it. */
static const ui_shape *chip(const ui_list *l, int line, const char *name)
{
    for (size_t i = 1; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->role == UI_ROLE_CODE_LINE && s->id == line &&
            strcmp(ui_shape_text(l, s), name) == 0 && l->shapes[i - 1].kind == UI_SHAPE_RECT)
            return &l->shapes[i - 1];
    }
    return NULL;
}

static void test_code_marks_the_running_worker_line(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("three-requests.json"), 720);
    const ui_run *ru = &f.doc->runs[0]; /* "Python, one thread" */
    ui_rect r = {0, 0, 900, 250};
    /* at 0.5 ms the thread parses the first order: line 6 (1 ms of CPU) */
    f.c.t = 500 * US;
    tl_span sp;
    assert_int_equal(timeline_worker_state(ru->tl, 0, f.c.t, &sp), 0);
    assert_int_equal(sp.state, TL_W_RUNNING);
    assert_int_equal(sp.line, 6);
    ui__code(&f.c, 0, r);
    assert_int_equal(current_lines(&f.out), 1u << 6);
    assert_true(line_lit(&f, 6));
    const ui_shape *t1 = chip(&f.out, 6, ru->short_names[0]);
    assert_non_null(t1);
    assert_true(same_color(t1->color, f.c.theme->worker[TL_W_RUNNING]));
    /* the query's line and the comment above it, whole (alignment padding may go,
     * and a long line may wrap, but no word is lost in a panel this wide) */
    char buf[256];
    texts(&f.out, UI_ROLE_CODE_LINE, 8, " ", buf, sizeof buf);
    assert_non_null(strstr(buf, "dish = query_db(order)"));
    texts(&f.out, UI_ROLE_CODE_LINE, 7, " ", buf, sizeof buf);
    assert_non_null(strstr(buf, "# 1 s waiting for the database"));
    /* at 500 ms it stands at the kitchen window: blocked in query_db, line 8 */
    ui_list_clear(&f.out);
    f.c.t = 500 * MS;
    assert_int_equal(timeline_worker_state(ru->tl, 0, f.c.t, &sp), 0);
    assert_int_equal(sp.state, TL_W_WAIT_IO);
    assert_int_equal(sp.line, 8);
    ui__code(&f.c, 0, r);
    assert_int_equal(current_lines(&f.out), 1u << 8);
    assert_false(line_lit(&f, 8)); /* the highlight is for running lines */
    t1 = chip(&f.out, 8, ru->short_names[0]);
    assert_non_null(t1);
    assert_true(same_color(t1->color, f.c.theme->worker[TL_W_WAIT_IO]));
    fx_free(&f);
}

/* A thread per request at 500 ms: all three wait at line 8; one chip names the
 * first and counts the others. */
static void test_code_names_every_worker_on_a_line(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("three-requests.json"), 720);
    const ui_run *ru = &f.doc->runs[1];
    f.c.t = 500 * MS;
    int at8 = 0;
    for (size_t w = 0; w < ru->nworkers; w++) {
        tl_span sp;
        assert_int_equal(timeline_worker_state(ru->tl, w, f.c.t, &sp), 0);
        at8 += sp.line == 8;
    }
    assert_int_equal(at8, 3);
    ui__code(&f.c, 1, (ui_rect){0, 0, 900, 250});
    assert_int_equal(current_lines(&f.out), 1u << 8);
    assert_non_null(chip(&f.out, 8,
                         "\xC3\x97"
                         "3")); /* "×3": three waiters at line 8 */
    fx_free(&f);
}

/* Forty lines in a panel with room for a few: it scrolls to the running line. */
static void test_code_scrolls_to_the_current_line(void **state)
{
    (void)state;
    char json[4096];
    int n = snprintf(json, sizeof json,
                     "{\"schema\": \"bistro/1\", \"title\": \"t\","
                     " \"workload\": {\"arrivals\": {\"burst\": 1},"
                     "  \"request\": [{\"cpu\": \"10ms\", \"line\": 35}]},"
                     " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\"}],"
                     " \"code\": {\"language\": \"python\", \"lines\": [");
    for (int i = 1; i <= 40; i++)
        n += snprintf(json + n, sizeof json - (size_t)n, "%s\"x = %d\"", i > 1 ? ", " : "", i);
    snprintf(json + n, sizeof json - (size_t)n, "]}}");
    fx f;
    fx_init(&f, open_json(json), 720);
    f.c.t = 5 * MS;
    ui__code(&f.c, 0, (ui_rect){0, 0, 500, 200});
    bool shown35 = false, shown1 = false;
    for (size_t i = 0; i < f.out.n; i++) {
        const ui_shape *s = &f.out.shapes[i];
        if (s->role == UI_ROLE_CODE_LINE && s->id == 35 && s->state == 1)
            shown35 = true;
        if (s->role == UI_ROLE_CODE_LINE && s->id == 1)
            shown1 = true;
    }
    assert_true(shown35);
    assert_false(shown1);
    assert_true(line_lit(&f, 35));
    assert_non_null(find_text(&f.out, "x = 35"));
    fx_free(&f);
}

/* A narrow, tall panel: comments go on rows of their own, the code stays whole. */
/* A short handler whose comments are aligned after the code (what three-requests
 * showed before its listings became whole programs). */
static const char short_listing[] =
    "{\"schema\": \"bistro/1\", \"title\": \"t\","
    " \"devices\": {\"db\": {}},"
    " \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": ["
    "  {\"cpu\": \"1ms\", \"line\": 2}, {\"io\": \"1s\", \"device\": \"db\", \"line\": 3},"
    "  {\"cpu\": \"1ms\", \"line\": 4}]},"
    " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\", \"gil\": true}],"
    " \"code\": {\"language\": \"python\", \"lines\": ["
    "  \"def handle(request):\","
    "  \"    order = parse(request)          # 1 ms of CPU\","
    "  \"    dish = db.query(order)          # 1 s waiting for the database\","
    "  \"    return render(dish)             # 1 ms of CPU\"]}}";

static void test_code_wraps_comments_not_statements(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_json(short_listing), 720);
    f.c.t = 500 * MS;
    ui__code(&f.c, 0, (ui_rect){0, 0, 420, 400});
    /* line 3: "    dish = db.query(order)  ...  # 1 s waiting for the database" */
    const ui_shape *code = find_text(&f.out, "    dish = db.query(order)");
    assert_non_null(code);
    assert_int_equal(code->id, 3);
    bool comment = false;
    for (size_t i = 0; i < f.out.n; i++) {
        const ui_shape *s = &f.out.shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->id == 3 && s->role == UI_ROLE_CODE_LINE &&
            strncmp(ui_shape_text(&f.out, s), "# 1 s waiting", 13) == 0) {
            comment = true;
            assert_true(s->rect.y > code->rect.y);
            assert_true(s->rect.x > code->rect.x);
        }
    }
    assert_true(comment);
    fx_free(&f);
}

/* s without its spaces, into buf. */
static const char *squeeze(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    for (; *s && o + 1 < size; s++)
        if (*s != ' ')
            buf[o++] = *s;
    buf[o] = '\0';
    return buf;
}

/* In a panel tall enough, every character of every line shows (wrapped, padding
 * squeezed, but none cut), for a listing with comments and one whose statement is
 * longer than the panel is wide at any size. */
static void test_code_loses_nothing_when_tall_enough(void **state)
{
    (void)state;
    static const char *const names[] = {NULL, "gil-cpu-bound.json", "threadpool-full.json"};
    for (size_t k = 0; k < 3; k++) {
        fx f;
        fx_init(&f, names[k] ? open_doc(names[k]) : open_json(short_listing), 720);
        ui__code(&f.c, 0, (ui_rect){0, 0, 420, 500});
        const scn_code *code = scn_runtime_code(f.doc->scn, 0);
        assert_non_null(code);
        for (size_t line = 1; line <= code->nlines; line++) {
            char got[1024] = "", want[512], piece[512];
            bool number = true;
            for (size_t i = 0; i < f.out.n; i++) {
                const ui_shape *s = &f.out.shapes[i];
                if (s->kind != UI_SHAPE_TEXT || s->font != UI_FONT_MONO || s->id != (int)line ||
                    s->role != UI_ROLE_CODE_LINE)
                    continue;
                if (number) { /* the line number comes first */
                    number = false;
                    continue;
                }
                strncat(got, squeeze(ui_shape_text(&f.out, s), piece, sizeof piece),
                        sizeof got - strlen(got) - 1);
            }
            assert_string_equal(got, squeeze(code->lines[line - 1], want, sizeof want));
        }
        fx_free(&f);
    }
}

static void test_code_without_listing_says_so(void **state)
{
    (void)state;
    fx f;
    fx_init(&f,
            open_json("{\"schema\": \"bistro/1\", \"title\": \"t\","
                      " \"workload\": {\"arrivals\": {\"burst\": 1},"
                      "  \"request\": [{\"cpu\": \"1ms\"}]},"
                      " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\"}]}"),
            720);
    ui__code(&f.c, 0, (ui_rect){0, 0, 400, 200});
    assert_non_null(find_text(&f.out, "no code listing"));
    fx_free(&f);
}

/* ---- narration --------------------------------------------------------------------- */

static void test_narration_shows_the_entry_in_effect(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("three-requests.json"), 720);
    size_t n;
    const scn_narration *nar = scn_runtime_narration(f.doc->scn, 0, &n);
    assert_true(n >= 4);
    ui_rect r = {0, 600, 1280, 100};
    /* three-requests.json, "Python, one thread": entries at 0, 2 ms, 1.002002 s (until
     * 2.004002 s, when none is shown) and 3.006002 s */
    static const struct {
        int64_t t;
        int entry;
    } cases[] = {{0, 0},
                 {1 * MS, 0},
                 {2 * MS, 1},
                 {1500 * MS, 2},
                 {1002002 * US - 1, 1},
                 {1002002 * US, 2},
                 {2004002 * US - 1, 2},
                 {2004002 * US, -1},
                 {2500 * MS, -1},
                 {3006002 * US, 3},
                 {9 * S, 3}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ui_list_clear(&f.out);
        f.c.t = cases[k].t;
        ui__narration(&f.c, 0, 0, f.c.px / 2, r);
        char buf[1024];
        if (cases[k].entry < 0) { /* after an entry's until, before the next: none */
            assert_string_equal(texts(&f.out, UI_ROLE_NARRATION, -2, " ", buf, sizeof buf), "");
            continue;
        }
        assert_string_equal(texts(&f.out, UI_ROLE_NARRATION, cases[k].entry, " ", buf, sizeof buf),
                            nar[cases[k].entry].text);
        for (size_t i = 0; i < f.out.n; i++)
            if (f.out.shapes[i].kind == UI_SHAPE_TEXT)
                assert_true(f.out.shapes[i].px >= f.c.px); /* large, ~1.1 px when it fits */
    }
    assert_int_equal(nar[2].at, 1002002 * US);
    assert_int_equal(nar[2].until, 2004002 * US);
    fx_free(&f);
}

static void test_narration_before_the_first_entry_is_the_description(void **state)
{
    (void)state;
    fx f;
    fx_init(&f,
            open_json("{\"schema\": \"bistro/1\", \"title\": \"t\","
                      " \"description\": \"What this shows.\","
                      " \"workload\": {\"arrivals\": {\"burst\": 1},"
                      "  \"request\": [{\"cpu\": \"2s\"}]},"
                      " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\"}],"
                      " \"narration\": [{\"at\": \"1s\", \"text\": \"Now.\"}]}"),
            720);
    ui_rect r = {0, 600, 1280, 100};
    ui__narration(&f.c, 0, 0, f.c.px / 2, r);
    char buf[256];
    assert_string_equal(texts(&f.out, UI_ROLE_NARRATION, -1, " ", buf, sizeof buf),
                        "What this shows.");
    assert_true(same_color(find_text(&f.out, "What this shows.")->color, f.c.theme->text_dim));
    ui_list_clear(&f.out);
    f.c.t = 1 * S;
    ui__narration(&f.c, 0, 0, f.c.px / 2, r);
    assert_string_equal(texts(&f.out, UI_ROLE_NARRATION, 0, " ", buf, sizeof buf), "Now.");
    fx_free(&f);
}

/* ---- metrics ----------------------------------------------------------------------- */

/* The value shown for the metric labelled `label`: the other text with its id. */
static const char *metric_value(const ui_list *l, const char *label)
{
    const ui_shape *lab = find_text(l, label);
    if (!lab || lab->role != UI_ROLE_METRIC)
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s != lab && s->kind == UI_SHAPE_TEXT && s->role == UI_ROLE_METRIC && s->id == lab->id)
            return ui_shape_text(l, s);
    }
    return NULL;
}

static void test_metrics_match_the_counters(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("three-requests.json"), 720);
    for (size_t run = 0; run < f.doc->nruns; run++) {
        const ui_run *ru = &f.doc->runs[run];
        int64_t times[] = {ru->end, 500 * MS};
        for (size_t k = 0; k < 2; k++) {
            ui_list_clear(&f.out);
            f.c.t = times[k];
            ui__metrics(&f.c, run, (ui_rect){0, 0, 480, 360});
            tl_counters cn;
            assert_int_equal(timeline_counters(ru->tl, f.c.t, &cn), 0);
            char want[64], got[32];
            snprintf(want, sizeof want, "%lld of %lld", (long long)cn.completed,
                     (long long)ru->requests);
            assert_string_equal(metric_value(&f.out, "completed"), want);
            snprintf(want, sizeof want, "%lld", (long long)cn.in_flight);
            assert_string_equal(metric_value(&f.out, "in flight"), want);
            if (cn.completed > 0) {
                assert_string_equal(metric_value(&f.out, "latency p50"),
                                    ui_format_time(cn.lat_p50_ns, got, sizeof got));
                assert_string_equal(metric_value(&f.out, "latency p99"),
                                    ui_format_time(cn.lat_p99_ns, got, sizeof got));
            }
            /* the GIL only where there is one; loop lag only on a loop */
            bool loop = ru->rt->model == SCN_MODEL_EVENT_LOOP;
            assert_true((metric_value(&f.out, "GIL wait") != NULL) ==
                        (ru->rt->gil || cn.gil_wait_ns > 0));
            assert_true((metric_value(&f.out, "loop lag now") != NULL) ==
                        (loop || cn.loop_lag_max_ns > 0));
        }
        /* every request of three-requests completes */
        assert_int_equal(ru->completed, 3);
    }
    /* the end of the one-thread run: all three done, p99 the third's 3.006 s */
    ui_list_clear(&f.out);
    f.c.t = f.doc->runs[0].end;
    ui__metrics(&f.c, 0, (ui_rect){0, 0, 480, 360});
    assert_string_equal(metric_value(&f.out, "completed"), "3 of 3");
    assert_string_equal(metric_value(&f.out, "in flight"), "0");
    assert_string_equal(metric_value(&f.out, "latency p99"), "3.006 s");
    fx_free(&f);
}

/* ---- header ------------------------------------------------------------------------ */

static void test_header_shows_title_runtime_and_clock(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("three-requests.json"), 720);
    ui_rect r = {0, 0, 1280, 52};
    f.c.t = 1002 * MS;
    f.view.speed_text = "100 ms/s";
    ui__header(&f.c, r);
    /* the clock with the run's end, or, when the header is short of room (this
     * fixture's text is wider than the real font's), without it rather than cut
     * the title */
    const ui_shape *clock = find_text(&f.out, "1.002 s / 3.006 s");
    if (clock == NULL)
        clock = find_text(&f.out, "1.002 s");
    assert_non_null(clock);
    assert_int_equal(clock->role, UI_ROLE_CLOCK);
    assert_true(same_color(clock->color, f.c.theme->accent));
    assert_true(clock->px > f.c.px);
    const ui_shape *title = find_text(&f.out, f.doc->scn->title);
    assert_non_null(title);
    assert_int_equal(title->role, UI_ROLE_HEADER);
    assert_int_equal(title->font, UI_FONT_BOLD);
    assert_non_null(find_text(&f.out, "Python, one thread"));
    assert_non_null(find_text(&f.out, "(Tab: 1 of 4)"));
    /* the speed shows while paused too (the pause icon says paused): Space plays at it */
    assert_non_null(find_text(&f.out, "100 ms/s"));
    /* playing, with a status message; comparing two runtimes */
    ui_list_clear(&f.out);
    f.view.playing = true;
    f.view.status = "saved shot.png";
    f.view.compare = true;
    f.view.run = 2;
    f.view.run_b = 3;
    ui__header(&f.c, (ui_rect){r.x, r.y, 2 * r.w, r.h}); /* room for everything */
    assert_non_null(find_text(&f.out, "Node.js vs asyncio"));
    assert_true(has_text_part(&f.out, "saved shot.png"));
    assert_true(has_text_part(&f.out, "100 ms/s"));
    assert_false(has_text_part(&f.out, "Tab:"));
    /* narrower, "A vs B" gives way to the title, which is never cut: the columns'
     * titles name the runtimes */
    ui_list_clear(&f.out);
    ui__header(&f.c, r);
    const ui_shape *whole = find_text(&f.out, f.doc->scn->title);
    assert_non_null(whole);
    assert_false(whole->cut);
    assert_null(find_text(&f.out, "Node.js vs asyncio"));
    fx_free(&f);
}

static void test_header_without_a_scenario_says_how_to_open_one(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, NULL, 720);
    ui__header(&f.c, (ui_rect){0, 0, 1280, 52});
    assert_non_null(find_text(&f.out, "bistro"));
    assert_non_null(
        find_text(&f.out, "press L for the scenario list, or drop a scenario file here"));
    fx_free(&f);
}

/* ---- help -------------------------------------------------------------------------- */

/* Whether a bold help text has `key` as one of its space-separated words. */
static bool help_has_key(const ui_list *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind != UI_SHAPE_TEXT || s->role != UI_ROLE_HELP || s->font != UI_FONT_BOLD)
            continue;
        char buf[128];
        snprintf(buf, sizeof buf, "%s", ui_shape_text(l, s));
        for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
            if (strcmp(w, key) == 0)
                return true;
    }
    return false;
}

static void test_help_lists_every_key(void **state)
{
    (void)state;
    /* DESIGN.md, "bistro, the desktop app", Keys: Space play/pause; Right/Left next/
     * previous event; Shift+Right/Left one frame tick; Up/Down speed; Home/End; Tab
     * next runtime; C compare; F11 fullscreen; +/- text size; T theme; R reload the
     * file; S save a PNG; H or ? help; Esc quits. And L opens the scenario list. */
    static const char *const keys[] = {
        "Space", "Right", "Left", "Shift+Right", "Up", "Down", "Home", "End", "Tab", "C",
        "F11",   "+",     "-",    "T",           "R",  "S",    "H",    "?",   "Esc", "L"};
    int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
    for (size_t k = 0; k < 3; k++) {
        fx f;
        fx_init(&f, NULL, sizes[k][1]);
        ui__help(&f.c, (ui_rect){0, 0, sizes[k][0], sizes[k][1]});
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (!help_has_key(&f.out, keys[i]))
                fail_msg("help at %dx%d lacks the key \"%s\"", sizes[k][0], sizes[k][1], keys[i]);
        /* and the mouse: scrub, zoom, hover, drop */
        assert_true(has_text_part(&f.out, "wheel"));
        assert_true(has_text_part(&f.out, "hover"));
        assert_true(has_text_part(&f.out, "drop a file"));
        assert_true(has_text_part(&f.out, "on the timeline"));
        for (size_t i = 0; i < f.out.n; i++)
            assert_int_equal(f.out.shapes[i].role, UI_ROLE_HELP);
        fx_free(&f);
    }
}

/* ---- the scenario list ------------------------------------------------------------- */

static ui_list_entry entries[12];
static char entry_titles[12][48];

static void fill_entries(ui_view *v, size_t n, size_t sel)
{
    for (size_t i = 0; i < n; i++) {
        snprintf(entry_titles[i], sizeof entry_titles[i], "Scenario number %zu", i);
        entries[i] = (ui_list_entry){"x.json", entry_titles[i],
                                     "A description long enough to wrap onto a second line in "
                                     "a list that is not very wide, and more than that."};
    }
    v->entries = entries;
    v->nentries = n;
    v->list_sel = sel;
    v->list = true;
}

static void test_list_highlights_the_selected_entry(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, NULL, 720);
    fill_entries(&f.view, 12, 9);
    ui__scenario_list(&f.c, (ui_rect){100, 60, 800, 400});
    int selected = -1, nsel = 0, lo = 100, hi = -1;
    bool lit = false;
    for (size_t i = 0; i < f.out.n; i++) {
        const ui_shape *s = &f.out.shapes[i];
        if (s->role != UI_ROLE_LIST_ITEM)
            continue;
        lo = s->id < lo ? s->id : lo;
        hi = s->id > hi ? s->id : hi;
        if (s->state == 1 && s->kind == UI_SHAPE_TEXT && s->font == UI_FONT_BOLD) {
            selected = s->id;
            nsel++;
            assert_string_equal(ui_shape_text(&f.out, s), "Scenario number 9");
        }
        lit |= s->state == 1 && s->kind == UI_SHAPE_RECT &&
               same_color(s->color, f.c.theme->highlight);
    }
    assert_int_equal(selected, 9);
    assert_int_equal(nsel, 1);
    assert_true(lit);
    assert_true(lo > 0); /* scrolled: the first entries are out of view */
    assert_true(hi >= 9);
    assert_non_null(find_text(&f.out, "Up/Down choose \xC2\xB7 Enter open \xC2\xB7 Esc close"));
    /* the first entry selected: no scrolling */
    ui_list_clear(&f.out);
    f.view.list_sel = 0;
    ui__scenario_list(&f.c, (ui_rect){100, 60, 800, 400});
    const ui_shape *first = find_text(&f.out, "Scenario number 0");
    assert_non_null(first);
    assert_int_equal(first->state, 1);
    fx_free(&f);
}

/* ---- the banner -------------------------------------------------------------------- */

static int banner_messages(const ui_list *l)
{
    int n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->shapes[i].kind == UI_SHAPE_TEXT &&
             strncmp(ui_shape_text(l, &l->shapes[i]), "bad.json:", 9) == 0;
    return n;
}

static void test_banner_counts_what_it_leaves_out(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, NULL, 720);
    char banner[4096] = "";
    for (int i = 0; i < 20; i++) {
        size_t n = strlen(banner);
        snprintf(banner + n, sizeof banner - n,
                 "bad.json:%d:5: $.workload.request[%d].io: "
                 "expected a duration like \"5ms\", got -3\n",
                 i + 2, i);
    }
    f.view.banner = banner;
    ui_rect r = {0, 52, 1280, 145};
    ui__banner(&f.c, r);
    /* no scenario on screen: no "last good scenario" to speak of */
    assert_non_null(find_text(&f.out, "This file did not load"));
    assert_false(has_text_part(&f.out, "last good"));
    int shown = banner_messages(&f.out);
    assert_true(shown >= 1);
    char more[32];
    snprintf(more, sizeof more, "... and %d more", 20 - shown);
    assert_non_null(find_text(&f.out, more));
    for (size_t i = 0; i < f.out.n; i++)
        assert_int_equal(f.out.shapes[i].role, UI_ROLE_BANNER);
    /* two messages fit: no count */
    ui_list_clear(&f.out);
    f.view.banner = "bad.json:1:1: $: not JSON\nbad.json:2:1: $.x: unknown key";
    ui__banner(&f.c, r);
    assert_int_equal(banner_messages(&f.out), 2);
    assert_false(has_text_part(&f.out, "more"));
    fx_free(&f);
}

/* With a scenario on screen, the banner says it stays. */
static void test_banner_names_the_last_good_scenario_when_there_is_one(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, open_doc("three-requests.json"), 720);
    f.view.banner = "bad.json:1:1: $: not JSON";
    ui__banner(&f.c, (ui_rect){0, 52, 1280, 145});
    assert_non_null(find_text(&f.out, "This file did not load; still showing the last good "
                                      "scenario (R reloads)"));
    fx_free(&f);
}

/* ---- every region inside its rect, at every size ------------------------------------- */

static void check_inside(const fx *f, ui_rect r, const char *what, int w, int h)
{
    int min_px = (f->c.px * 4 + 4) / 5;
    for (size_t i = 0; i < f->out.n; i++) {
        const ui_shape *s = &f->out.shapes[i];
        ui_rect a = s->rect;
        if (s->kind == UI_SHAPE_LINE) {
            a = (ui_rect){a.w < 0 ? a.x + a.w : a.x, a.h < 0 ? a.y + a.h : a.y, abs(a.w), abs(a.h)};
        }
        bool in = a.x >= r.x && a.y >= r.y && a.x + a.w <= r.x + r.w && a.y + a.h <= r.y + r.h;
        if (!in)
            fail_msg("%s at %dx%d in {%d,%d,%d,%d}: shape %zu (kind %d, \"%s\") at {%d,%d,%d,%d}",
                     what, w, h, r.x, r.y, r.w, r.h, i, s->kind, ui_shape_text(&f->out, s), a.x,
                     a.y, a.w, a.h);
        if (s->kind == UI_SHAPE_TEXT && s->px < min_px)
            fail_msg("%s at %dx%d: \"%s\" at %d px, under 0.8 of %d", what, w, h,
                     ui_shape_text(&f->out, s), s->px, f->c.px);
    }
}

typedef enum {
    R_METRICS,
    R_LOG,
    R_CODE,
    R_NARRATION,
    R_HEADER,
    R_HELP,
    R_LIST,
    R_BANNER,
    R_N
} region;

static const char *const region_names[R_N] = {"metrics", "log",  "code", "narration",
                                              "header",  "help", "list", "banner"};

/* A plausible rect for each region in a w x h window (ui_layout's proportions). */
static ui_rect region_rect(region k, int w, int h, int px)
{
    switch (k) {
    case R_METRICS: return (ui_rect){w * 62 / 100, 3 * px, w * 38 / 100 - px, 10 * px};
    case R_LOG: return (ui_rect){w * 62 / 100, h / 2, w * 38 / 100 - px, h / 4};
    case R_CODE: return (ui_rect){w * 62 / 100, h / 3, w * 38 / 100 - px, h / 5};
    case R_NARRATION: return (ui_rect){px / 2, h - 4 * px, w - px, 3 * px + px / 2};
    case R_HEADER: return (ui_rect){0, 0, w, px * 13 / 10 * 5 / 4 + px};
    case R_HELP: return (ui_rect){0, 0, w, h};
    case R_LIST: return (ui_rect){0, 3 * px, w, h - 3 * px};
    default: return (ui_rect){px / 2, 3 * px, w - px, 5 * px * 5 / 4 + px};
    }
}

static void draw_region(fx *f, region k, size_t run, ui_rect r)
{
    switch (k) {
    case R_METRICS: ui__metrics(&f->c, run, r); break;
    case R_LOG: ui__log(&f->c, run, r); break;
    case R_CODE: ui__code(&f->c, run, r); break;
    case R_NARRATION: ui__narration(&f->c, run, run, f->c.px / 2, r); break;
    case R_HEADER: ui__header(&f->c, r); break;
    case R_HELP: ui__help(&f->c, r); break;
    case R_LIST: ui__scenario_list(&f->c, r); break;
    default: ui__banner(&f->c, r); break;
    }
}

/* Every region of every run at several times, in full, half and tiny rects. */
static void sweep(ui_doc *doc, int w, int h)
{
    fx f;
    fx_init(&f, doc, h);
    fill_entries(&f.view, 12, 5);
    f.view.banner = "a.json:1:1: $.workload: a message long enough to need wrapping at the "
                    "smaller window sizes, so that wrapping is tested\na.json:2:1: $.x: two\n"
                    "a.json:3:1: $.y: three\na.json:4:1: $.z: four\na.json:5:1: $.w: five\n"
                    "a.json:6:1: $.v: six\na.json:7:1: $.u: seven";
    f.view.speed_text = "100 ms/s";
    f.view.status = "saved shot.png";
    size_t nruns = doc ? doc->nruns : 1;
    for (size_t run = 0; run < nruns; run++) {
        f.view.run = run;
        int64_t end = doc ? doc->runs[run].end : 0;
        int64_t times[] = {0, end / 3, end / 2, end};
        for (size_t ti = 0; ti < 4; ti++) {
            f.c.t = times[ti];
            for (int k = 0; k < R_N; k++) {
                ui_rect full = region_rect((region)k, w, h, f.c.px);
                ui_rect rects[] = {full,
                                   {full.x + full.w / 2, full.y, full.w / 2, full.h},
                                   {full.x + 3, full.y + 5, 3 * f.c.px, 2 * f.c.px}};
                for (size_t ri = 0; ri < 3; ri++) {
                    ui_list_clear(&f.out);
                    draw_region(&f, (region)k, run, rects[ri]);
                    assert_false(f.out.oom);
                    check_inside(&f, rects[ri], region_names[k], w, h);
                }
            }
        }
    }
    fx_free(&f);
}

static void test_regions_stay_inside_at_every_size(void **state)
{
    (void)state;
    static const char *const names[] = {"print-order.json", "three-requests.json",
                                        "gil-cpu-bound.json", "cpu-blocks-loop.json"};
    int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
    for (size_t s = 0; s < 3; s++) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            sweep(open_doc(names[i]), sizes[s][0], sizes[s][1]);
        sweep(NULL, sizes[s][0], sizes[s][1]);
    }
}

/* The log of the print-order puzzle is the lesson: in a quarter of the window's
 * height every line shows, at every size; with a third, at no less than the base size. */
static void test_log_is_big_at_every_size(void **state)
{
    (void)state;
    int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
    for (size_t k = 0; k < 3; k++) {
        fx f;
        fx_init(&f, open_doc("print-order.json"), sizes[k][1]);
        f.c.t = f.doc->runs[0].end;
        ui_rect r = region_rect(R_LOG, sizes[k][0], sizes[k][1], f.c.px);
        ui__log(&f.c, 0, r);
        char buf[64];
        int newest = -1, nnewest = 0;
        assert_string_equal(log_texts(&f.out, buf, sizeof buf, &newest, &nnewest), "1 2 4 5 3");
        assert_int_equal(newest, 4);
        ui_list_clear(&f.out);
        r.h = sizes[k][1] / 3;
        ui__log(&f.c, 0, r);
        assert_string_equal(log_texts(&f.out, buf, sizeof buf, &newest, &nnewest), "1 2 4 5 3");
        for (size_t i = 0; i < f.out.n; i++)
            if (f.out.shapes[i].font == UI_FONT_MONO && f.out.shapes[i].kind == UI_SHAPE_TEXT)
                assert_true(f.out.shapes[i].px >= f.c.px);
        fx_free(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_shows_lines_printed_by_t),
        cmocka_unit_test(test_log_empty_before_the_first_line),
        cmocka_unit_test(test_log_keeps_newest_lines_when_full),
        cmocka_unit_test(test_log_is_big_at_every_size),
        cmocka_unit_test(test_code_marks_the_running_worker_line),
        cmocka_unit_test(test_code_names_every_worker_on_a_line),
        cmocka_unit_test(test_code_scrolls_to_the_current_line),
        cmocka_unit_test(test_code_wraps_comments_not_statements),
        cmocka_unit_test(test_code_loses_nothing_when_tall_enough),
        cmocka_unit_test(test_code_without_listing_says_so),
        cmocka_unit_test(test_narration_shows_the_entry_in_effect),
        cmocka_unit_test(test_narration_before_the_first_entry_is_the_description),
        cmocka_unit_test(test_metrics_match_the_counters),
        cmocka_unit_test(test_header_shows_title_runtime_and_clock),
        cmocka_unit_test(test_header_without_a_scenario_says_how_to_open_one),
        cmocka_unit_test(test_help_lists_every_key),
        cmocka_unit_test(test_list_highlights_the_selected_entry),
        cmocka_unit_test(test_banner_counts_what_it_leaves_out),
        cmocka_unit_test(test_banner_names_the_last_good_scenario_when_there_is_one),
        cmocka_unit_test(test_regions_stay_inside_at_every_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
