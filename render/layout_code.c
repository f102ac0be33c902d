/* layout_code.c - the run's code listing (its runtime's own, or the scenario's),
 * with the lines where the waiters are.
 *
 * Each line where a worker of the run is at c->t carries a chip with the worker's
 * name, or "×N" when N workers are at it (hovering the line names them), coloured
 * by its state; lines being run are highlighted, lines where a
 * worker waits are outlined. The listing picks the largest text size at which it
 * fits (splitting long lines at a trailing comment, then between statements) and
 * otherwise scrolls so the current line stays in view. Text never goes below 0.8
 * of the base size.
 */
#include <stdio.h>
#include <string.h>

#include "ui_layout_internal.h"

/* ---- the code listing ----------------------------------------------------------- */

#define CODE_MAX_ROWS 160 /* more than any window shows at the smallest text */
/* The workers at one line: one chip names the first (a running one if any) and
 * counts the others ("T1+2"), so the chip column stays narrow and the code wide. */
typedef struct {
    int count;
    bool running;
    int32_t worker;
    int state;
} code_mark;

/* Where the workers are at c->t. With `marks`, fills the marks of lines first ..
 * first + rows - 1; returns the line to keep in view: while stepping inside an
 * instant the line a worker moved to last, else the first line a worker runs, else
 * the first line any worker is at, else 0. */
static int code_scan(const ui_ctx *c, const ui_run *ru, int first, int rows, code_mark *marks)
{
    int focus_run = 0, focus_any = 0, focus_new = 0;
    int64_t newest = -1; /* the latest a worker moved to its line: the one to watch */
    int64_t t = c->t < 0 ? 0 : c->t;
    for (size_t w = 0; w < ru->nworkers; w++) {
        tl_span sp;
        if (timeline_state_at_step(ru->tl, TL_LANE_WORKER, w, t, c->step, &sp) < 0 ||
            sp.line <= 0 || sp.state == TL_W_ABSENT || sp.state == TL_W_IDLE)
            continue;
        bool running = sp.state == TL_W_RUNNING;
        if (running && (focus_run == 0 || sp.line < focus_run))
            focus_run = sp.line;
        if (sp.t0 > newest && c->step != TL_STEP_END) {
            newest = sp.t0;
            focus_new = sp.line;
        }
        if (focus_any == 0 || sp.line < focus_any)
            focus_any = sp.line;
        if (!marks || sp.line < first || sp.line >= first + rows)
            continue;
        code_mark *mk = &marks[sp.line - first];
        if (mk->count == 0 || (running && !mk->running)) {
            mk->worker = (int32_t)w;
            mk->state = sp.state;
        }
        mk->count++;
        mk->running |= running;
    }
    /* stepping inside an instant, the line just reached stays in view */
    return focus_new ? focus_new : focus_run ? focus_run : focus_any;
}

/* A run of characters for measuring the monospaced code font. */
static const char ems[] = "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"
                          "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm";

typedef struct {
    int cpx, rh;       /* code text size, row height */
    int num_w, chip_w; /* line number column, the chip */
    int chip_px;
    int cols;          /* characters that fit in the code column */
    bool wrap;         /* long lines go on over more rows (the whole listing fits so) */
} code_geom;

/* The bytes of the first `chars` characters of s. */
static size_t utf8_skip(const char *s, size_t len, size_t chars)
{
    size_t i = 0;
    for (size_t n = 0; i < len && n <= chars; i++)
        if (!ui_utf8_cont(s[i]) && n++ == chars)
            break;
    return i;
}

static code_geom code_geom_at(const ui_ctx *c, const ui_run *ru, const scn_code *code, int cpx,
                              ui_rect in)
{
    code_geom g = {.cpx = cpx, .chip_px = ui__min_px(c->px)};
    g.rh = ui__line_h(c, UI_FONT_MONO, cpx) + c->px / 5;
    char num[24];
    snprintf(num, sizeof num, "%zu", code->nlines);
    g.num_w = ui__text_w(c, UI_FONT_MONO, cpx, num) + c->px / 2;
    for (size_t w = 0; w < ru->nworkers; w++) {
        int cw = ui__text_w(c, UI_FONT_BOLD, g.chip_px, ru->short_names[w]);
        g.chip_w = cw > g.chip_w ? cw : g.chip_w;
    }
    if (ru->nworkers > 1) { /* or "×N", N up to every worker */
        char many[32];
        snprintf(many, sizeof many, "\xC3\x97%zu", ru->nworkers);
        int mw = ui__text_w(c, UI_FONT_BOLD, g.chip_px, many);
        g.chip_w = mw > g.chip_w ? mw : g.chip_w;
    }
    if (ru->nworkers > 0)
        g.chip_w += c->px / 2;
    /* less a little: a line's last glyph can reach past its advance */
    int code_w = in.w - g.num_w - (ru->nworkers ? g.chip_w + c->px / 3 : 0) - c->px / 6;
    /* characters that fit, measured as a run of them: an advance rounded to whole
     * pixels, times the count, can miss by a few pixels */
    int run = (int)sizeof ems - 1;
    int run_w = c->m->width(c->m->ctx, UI_FONT_MONO, cpx, ems, (size_t)run);
    g.cols = run_w > 0 && code_w > 0 ? (int)((int64_t)code_w * run / run_w) : 0;
    while (g.cols > 0 && g.cols <= run &&
           c->m->width(c->m->ctx, UI_FONT_MONO, cpx, ems, (size_t)g.cols) > code_w)
        g.cols--;
    return g;
}

/* The text of a line as shown: as written if it fits, else with every run of spaces
 * after the indentation cut to two (into buf): the padding that aligns comments
 * gives first, as the comments often carry the lesson ("# 1 s waiting for the
 * database"). */
static const char *code_text(const char *s, int cols, char *buf, size_t size)
{
    if (ui_utf8_chars(s, strlen(s)) <= (size_t)cols)
        return s;
    size_t i = 0, o = 0;
    while (s[i] == ' ' && o + 1 < size)
        buf[o++] = s[i++];
    for (int run = 0; s[i] && o + 1 < size; i++) {
        run = s[i] == ' ' ? run + 1 : 0;
        if (run <= 2)
            buf[o++] = s[i];
    }
    buf[o] = '\0';
    return buf;
}

#define CODE_MAX_PIECES 24 /* a 512-byte line over rows of 22 or more */

/* Where a trailing comment starts (" # ..." or " // ..."), or 0. */
static size_t code_comment(const char *s, size_t lead)
{
    if (!s[lead])
        return 0; /* a blank line: nothing after the indentation to look at */
    for (size_t i = lead + 1; s[i]; i++)
        if (s[i - 1] == ' ' && (s[i] == '#' || (s[i] == '/' && s[i + 1] == '/')))
            return i;
    return 0;
}

/* Where the rows of a wrapped line start: the first row full width, the others
 * indented two past the line's own indentation (*hang characters), each ending at
 * a space where one fits, a trailing comment on rows of its own when the code
 * before it fits on the first. Returns the rows (the last may still be too long;
 * ui_text then cuts it). */
static int code_pieces(const char *s, int cols, size_t start[CODE_MAX_PIECES], int *hang)
{
    size_t len = strlen(s), lead = strspn(s, " "), at = 0, comment = code_comment(s, lead);
    *hang = (int)lead + 2;
    if (*hang > cols / 3) /* a deep indentation in a narrow panel: the rows need the room */
        *hang = cols / 3;
    int n = 0;
    do {
        start[n++] = at;
        int avail = n == 1 ? cols : cols - *hang;
        if (avail <= 0 || n == CODE_MAX_PIECES || ui_utf8_chars(s + at, len - at) <= (size_t)avail)
            break;
        size_t fit = utf8_skip(s + at, len - at, (size_t)avail);
        size_t floor = n == 1 ? lead : 0, cut = fit;
        while (cut > floor && s[at + cut] != ' ')
            cut--;
        if (n == 1 && comment > lead && comment <= fit)
            cut = comment;
        at += cut > floor ? cut : fit > 0 ? fit : 1;
        while (at < len && s[at] == ' ')
            at++;
    } while (at < len);
    return n;
}

/* The rows the whole listing takes when wrapped at g's columns; -1 when some code
 * (not comment) is too long for one row, or with `statements` for two: a statement
 * cut in the middle reads worse than smaller text, as long as smaller text helps. */
static int code_wrapped_rows(const scn_code *code, const code_geom *g, bool statements)
{
    int rows = 0, hang;
    size_t start[CODE_MAX_PIECES];
    char buf[512];
    for (size_t i = 0; i < code->nlines; i++) {
        const char *s = code_text(code->lines[i], g->cols, buf, sizeof buf);
        size_t lead = strspn(s, " "), end = code_comment(s, lead);
        end = end ? end : strlen(s);
        while (end > 0 && s[end - 1] == ' ')
            end--;
        int64_t chars = (int64_t)ui_utf8_chars(s, end),
                two = 2 * (int64_t)g->cols - (int64_t)lead - 2;
        if (chars > g->cols && (!statements || chars > two))
            return -1;
        rows += code_pieces(s, g->cols, start, &hang);
    }
    return rows;
}

/* The biggest code size at which the whole listing fits, as written or with its
 * comments wrapped; else the biggest at which the lines fit across, but no bigger
 * than the base size (it scrolls to the current line); else the biggest at which it fits with statements wrapped too;
 * else the smallest (long lines are cut). */
static code_geom code_pick(const ui_ctx *c, const ui_run *ru, const scn_code *code, ui_rect in)
{
    static const int tenths[] = {12, 11, 10, 9, 8};
    int n = (int)code->nlines;
    size_t longest = 0;
    for (size_t i = 0; i < code->nlines; i++) {
        size_t len = ui_utf8_chars(code->lines[i], strlen(code->lines[i]));
        longest = len > longest ? len : longest;
    }
    code_geom fallback = code_geom_at(c, ru, code, ui__min_px(c->px), in);
    bool have = false;
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0]; s++) {
        code_geom g = code_geom_at(c, ru, code, ui__sized(c->px, tenths[s]), in);
        bool across = longest <= (size_t)g.cols;
        if (across && n * g.rh <= in.h)
            return g;
        int wrapped = n * g.rh <= in.h ? code_wrapped_rows(code, &g, false) : -1;
        if (wrapped > 0 && wrapped * g.rh <= in.h) {
            g.wrap = true;
            return g;
        }
        if (across && (!have || tenths[s] >= 10)) {
            fallback = g; /* scrolling, text bigger than the base size only hides lines */
            have = true;
        }
    }
    for (size_t s = 0; s < sizeof tenths / sizeof tenths[0] && !have; s++) {
        code_geom g = code_geom_at(c, ru, code, ui__sized(c->px, tenths[s]), in);
        int wrapped = n * g.rh <= in.h ? code_wrapped_rows(code, &g, true) : -1;
        if (wrapped > 0 && wrapped * g.rh <= in.h) {
            g.wrap = true;
            return g;
        }
    }
    /* no size shows it all: lines too long for a row still wrap (nothing is cut),
     * and the listing scrolls to the current line */
    fallback.wrap = true;
    return fallback;
}

/* The chip of a line: the worker's short name on its state's colour. */
static void code_chip(const ui_ctx *c, const ui_run *ru, const code_mark *mk, ui_rect box,
                      const code_geom *g)
{
    int ch = ui__line_h(c, UI_FONT_BOLD, g->chip_px);
    if (mk->count == 0 || g->chip_w > box.w || ch > box.h)
        return;
    char name[48];
    if (mk->count > 1) /* U+00D7: so many workers at this line */
        snprintf(name, sizeof name, "\xC3\x97%d", mk->count);
    else
        snprintf(name, sizeof name, "%s", ru->short_names[mk->worker]);
    ui_color fill = c->theme->worker[mk->state];
    ui_rect chip = {box.x, box.y + (box.h - ch) / 2, g->chip_w, ch};
    ui_rect_fill(c->out, chip, fill, ch / 4);
    ui__text_in(c, UI_FONT_BOLD, g->chip_px, ui__ink_on(c->theme, fill), chip, UI_ALIGN_CENTER,
                name);
}

/* One line of the listing from y, over several rows when g->wrap; the height used. */
static int code_line(const ui_ctx *c, const ui_run *ru, const scn_code *code, int line,
                     const code_mark *mk, ui_rect in, int y, const code_geom *g)
{
    /* a line taller than the panel shows the rows that fit (each row whole) */
    int bottom = in.y + in.h;
    const ui_theme *th = c->theme;
    char buf[512], piece[512];
    const char *s = code_text(code->lines[line - 1], g->cols, buf, sizeof buf);
    size_t start[CODE_MAX_PIECES];
    int hang = 0, n = g->wrap ? code_pieces(s, g->cols, start, &hang) : 1;
    start[0] = 0;
    int shown = n;
    while (shown > 1 && y + shown * g->rh > bottom)
        shown--;
    ui_rect row = {in.x, y, in.w, shown * g->rh};
    size_t from = c->out->n;
    if (mk->running)
        ui_rect_fill(c->out, row, th->highlight, 0);
    else if (mk->count > 0)
        ui_box(c->out, row, th->highlight, c->px / 8 > 2 ? c->px / 8 : 2);
    snprintf(piece, sizeof piece, "%d", line);
    ui__text_mid(c, UI_FONT_MONO, g->cpx, th->text_dim,
                 (ui_rect){in.x, y, g->num_w - c->px / 2, g->rh}, UI_ALIGN_RIGHT, piece);
    int cw = ru->nworkers ? g->chip_w + c->px / 3 : 0;
    code_chip(c, ru, mk, (ui_rect){in.x + g->num_w, y, cw, g->rh}, g);
    int x = in.x + g->num_w + cw;
    for (int i = 0; i < shown; i++) {
        size_t end = i + 1 < n ? start[i + 1] : strlen(s), len = end - start[i];
        while (len > 0 && s[start[i] + len - 1] == ' ')
            len--;
        len = len < sizeof piece - 1 ? len : sizeof piece - 1;
        memcpy(piece, s + start[i], len);
        piece[len] = '\0';
        size_t hang_n = (size_t)hang < sizeof ems - 1 ? (size_t)hang : sizeof ems - 1;
        int px0 = i > 0 ? x + c->m->width(c->m->ctx, UI_FONT_MONO, g->cpx, ems, hang_n) : x;
        ui__text_mid(c, UI_FONT_MONO, g->cpx, th->text,
                     (ui_rect){px0, y + i * g->rh, in.x + in.w - px0, g->rh}, UI_ALIGN_LEFT, piece);
    }
    ui_tag(c->out, from, UI_ROLE_CODE_LINE, line, mk->count > 0 ? 1 : 0);
    return shown * g->rh;
}

void ui__code(const ui_ctx *c, size_t run, ui_rect r)
{
    const ui_run *ru = ui__run_of(c, run);
    /* the run's own listing, or the scenario's */
    const scn_code *code = scn_runtime_code(c->doc ? c->doc->scn : NULL, run);
    char heading[64] = "Code";
    if (code && *code->language)
        snprintf(heading, sizeof heading, "Code (%s)", code->language);
    ui_rect in = ui__panel_in(c, r, heading);
    if (in.w <= 0 || in.h <= 0)
        return;
    if (!ru || !code || code->nlines == 0) {
        ui__text_in(c, UI_FONT_SANS, c->px, c->theme->text_dim, in, UI_ALIGN_LEFT,
                    "no code listing");
        return;
    }
    code_geom g = code_pick(c, ru, code, in);
    int n = (int)code->nlines, rows = in.h / g.rh;
    rows = rows > CODE_MAX_ROWS ? CODE_MAX_ROWS : rows;
    n = n > CODE_MAX_ROWS ? CODE_MAX_ROWS : n;
    /* the rows each line takes (wrapped lines take several) */
    int need[CODE_MAX_ROWS + 1], total = 0;
    for (int i = 0; i < n && i <= CODE_MAX_ROWS; i++) {
        char buf[512];
        size_t start[CODE_MAX_PIECES];
        int hang;
        const char *s = code_text(code->lines[i], g.cols, buf, sizeof buf);
        need[i] = g.wrap ? code_pieces(s, g.cols, start, &hang) : 1;
        total += need[i];
    }
    int first = 1;
    if (total > rows) {
        /* keep the current line a third of the way down, so the lines after it show */
        int focus = code_scan(c, ru, 0, 0, NULL);
        focus = focus < 1 ? 1 : focus > n ? n : focus;
        first = focus;
        for (int above = 0; first > 1 && above + need[first - 2] <= rows / 3;)
            above += need[--first - 1];
        /* and no empty rows at the end while lines above could fill them */
        int used = 0;
        for (int i = first; i <= n && i <= CODE_MAX_ROWS; i++)
            used += need[i - 1];
        while (first > 1 && used + need[first - 2] <= rows)
            used += need[--first - 1];
    }
    code_mark marks[CODE_MAX_ROWS];
    memset(marks, 0, sizeof marks);
    code_scan(c, ru, first, rows, marks);
    int y = in.y;
    for (int k = 0; k < rows && first + k <= n && first + k - 1 <= CODE_MAX_ROWS &&
                    (k == 0 || y + need[first + k - 1] * g.rh <= in.y + in.h);
         k++)
        y += code_line(c, ru, code, first + k, &marks[k], in, y, &g);
}
