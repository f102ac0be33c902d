/* layout_axis.c - the timeline's time axis, its cursor and its colour legend.
 *
 * Ticks fall on round times (1, 2 or 5 times a power of ten) spaced so that their
 * labels never touch; the cursor's label wins over a tick label it would cover.
 * The legend names each colour in words, so no state is told by colour alone,
 * and lists only the states that occur in the run shown: the fewer entries, the
 * faster a class finds the one it looks for.
 */
#include <stdio.h>
#include <string.h>

#include "layout_timeline_internal.h"

int64_t ui__tick_step(const ui__xmap *m, int label_w, int gap)
{
    return ui__nice_ceil((double)(m->t1 - m->t0) * (double)(label_w + gap) / (double)m->w);
}

/* The first tick at or after t0. */
static int64_t first_tick(const ui__xmap *m, int64_t step)
{
    int64_t k = m->t0 / step;
    if (k * step < m->t0)
        k++;
    return k * step;
}

void ui__time_grid(const ui_ctx *c, const ui__xmap *m, int64_t step, ui_rect lanes)
{
    for (int64_t t = first_tick(m, step); t <= m->t1; t += step) {
        if (c->hide_future && t > c->t)
            break; /* a quiz question is open: the axis says nothing of what is to come */
        int x = ui__xmap_x(m, t);
        if (x >= m->x + m->w)
            x = m->x + m->w - 1;
        ui_line(c->out, x, lanes.y, x, lanes.y + lanes.h, c->theme->grid, 1);
        if (t > INT64_MAX - step)
            break;
    }
}

static int tick_len(const ui_ctx *c)
{
    return c->px / 4 < 3 ? 3 : c->px / 4;
}

/* Where the cursor's label goes on the axis row, and its text; false when the
 * cursor is outside the window. */
static bool cursor_label(const ui_ctx *c, const ui__xmap *m, ui_rect in, ui_rect axis, ui_rect *box,
                         char *text, size_t size)
{
    if (c->t < m->t0 || c->t > m->t1)
        return false;
    int sp = ui__small_px(c), pad = c->px / 4;
    ui_format_time(c->t, text, size);
    int tw = c->m->width(c->m->ctx, UI_FONT_BOLD, sp, text, strlen(text));
    int th = c->m->height(c->m->ctx, UI_FONT_BOLD, sp);
    box->w = tw + 2 * pad;
    box->h = th;
    box->x = ui__xmap_x(m, c->t) - box->w / 2;
    if (box->x + box->w > in.x + in.w)
        box->x = in.x + in.w - box->w;
    if (box->x < in.x)
        box->x = in.x;
    box->y = axis.y + tick_len(c) + 1;
    return true;
}

void ui__time_axis(const ui_ctx *c, const ui__xmap *m, int64_t step, ui_rect in, ui_rect axis)
{
    const ui_theme *th = c->theme;
    int sp = ui__small_px(c), tl = tick_len(c), gap = c->px / 2;
    ui_line(c->out, m->x, axis.y, m->x + m->w, axis.y, th->panel_edge, 1);
    char cur[32];
    ui_rect cbox = {0, 0, 0, 0};
    bool has_cursor = cursor_label(c, m, in, axis, &cbox, cur, sizeof cur);
    int last_right = in.x - gap;
    for (int64_t t = first_tick(m, step); t <= m->t1; t += step) {
        if (c->hide_future && t > c->t)
            break;
        int x = ui__xmap_x(m, t);
        if (x >= m->x + m->w)
            x = m->x + m->w - 1;
        ui_line(c->out, x, axis.y, x, axis.y + tl, th->text_dim, 1);
        char buf[32];
        ui_format_duration(t, buf, sizeof buf);
        int w = c->m->width(c->m->ctx, UI_FONT_SANS, sp, buf, strlen(buf));
        int lx = x - w / 2;
        if (lx + w > in.x + in.w)
            lx = in.x + in.w - w;
        if (lx < in.x)
            lx = in.x;
        bool hits_cursor = has_cursor && lx < cbox.x + cbox.w + gap / 2 &&
                           lx + w + gap / 2 > cbox.x;
        if (lx >= last_right + gap && !hits_cursor) {
            ui_text(c->out, c->m, UI_FONT_SANS, sp, th->text_dim, lx, axis.y + tl + 1, 0,
                    UI_ALIGN_LEFT, buf);
            last_right = lx + w;
        }
        if (t > INT64_MAX - step)
            break;
    }
}

void ui__cursor(const ui_ctx *c, const ui__xmap *m, ui_rect in, ui_rect lanes, ui_rect axis)
{
    char text[32];
    ui_rect box;
    if (!cursor_label(c, m, in, axis, &box, text, sizeof text))
        return;
    size_t from = c->out->n;
    int thick = c->px >= 24 ? 3 : 2;
    int x = ui__xmap_x(m, c->t);
    /* the bar first, so a test or a hover finds the line before its label */
    ui_rect_fill(c->out, (ui_rect){x - thick / 2, lanes.y, thick, box.y - lanes.y},
                 c->theme->cursor, 0);
    ui_rect_fill(c->out, box, c->theme->cursor, c->px / 6);
    ui_text(c->out, c->m, UI_FONT_BOLD, ui__small_px(c), c->theme->bg, box.x, box.y, box.w,
            UI_ALIGN_CENTER, text);
    ui_tag(c->out, from, UI_ROLE_CURSOR, -1, -1);
}

/* ---- legend ---------------------------------------------------------------------------- */

/* One entry per colour. Workers and requests share the colours of running,
 * waiting for a core, the GIL or I/O; queued is a request's, the two idles a
 * worker's. `req` is the request state of the same colour, or -1. */
static const struct {
    int worker; /* tl_worker_state, or -1 */
    int req;    /* tl_request_state, or -1 */
    const char *words;
} legend[] = {
    {TL_W_RUNNING, TL_R_RUNNING, "running"},
    {TL_W_READY, TL_R_READY, "waiting for a core"},
    {TL_W_WAIT_GIL, TL_R_WAIT_GIL, "waiting for the GIL"},
    {TL_W_WAIT_IO, TL_R_WAIT_IO, "waiting for I/O"},
    {-1, TL_R_QUEUED, "queued"},
    {TL_W_WAITING, -1, "idle in poll"},
    {TL_W_IDLE, -1, "idle"},
};
#define LEGEND_N (sizeof legend / sizeof legend[0])

const char *ui__worker_words(int state)
{
    for (size_t e = 0; e < LEGEND_N; e++)
        if (legend[e].worker == state)
            return legend[e].words;
    return state == TL_W_ABSENT ? "not started yet, or gone" : "";
}

const char *ui__request_words(int state)
{
    for (size_t e = 0; e < LEGEND_N; e++)
        if (legend[e].req == state)
            return legend[e].words;
    return state == TL_R_PENDING ? "not arrived yet" : state == TL_R_DONE ? "done" : "";
}

void ui__states_seen(const ui_run *u, bool requests, ui__seen *out)
{
    out->turns = false;
    memcpy(out->worker, u->worker_seen, sizeof out->worker);
    if (requests)
        memcpy(out->request, u->request_seen, sizeof out->request);
    else
        memset(out->request, 0, sizeof out->request);
}

/* Where the next legend entry, w wide, goes: on the row at (*x, *y) when it fits
 * (or the row is empty), else at the start of the next row. */
static void legend_place(ui_rect r, int w, int lh, int *x, int *y, int *rows)
{
    if (*rows == 0 || (*x > r.x && *x + w > r.x + r.w)) {
        if (*rows > 0)
            *y += lh;
        (*rows)++;
        *x = r.x;
    }
}

int ui__legend(const ui_ctx *c, const ui__seen *seen, ui_rect r, bool draw)
{
    const bool *w_seen = seen->worker, *r_seen = seen->request;
    int sp = ui__small_px(c), lh = c->m->height(c->m->ctx, UI_FONT_SANS, sp);
    int sw = sp * 3 / 4, gap = c->px / 4, space = c->px;
    int x = r.x, y = r.y, rows = 0;
    for (size_t e = 0; e < LEGEND_N; e++) {
        bool by_worker = legend[e].worker >= 0 && w_seen[legend[e].worker];
        bool by_req = legend[e].req >= 0 && r_seen[legend[e].req];
        if (!by_worker && !by_req)
            continue;
        const char *s = legend[e].words;
        int w = sw + gap + c->m->width(c->m->ctx, UI_FONT_SANS, sp, s, strlen(s));
        legend_place(r, w, lh, &x, &y, &rows);
        if (draw) {
            ui_color col = by_worker ? c->theme->worker[legend[e].worker]
                                     : c->theme->request[legend[e].req];
            size_t from = c->out->n;
            ui_rect_fill(c->out, (ui_rect){x, y + (lh - sw) / 2, sw, sw}, col, sw / 5);
            ui_text(c->out, c->m, UI_FONT_SANS, sp, c->theme->text, x + sw + gap, y,
                    r.x + r.w - (x + sw + gap), UI_ALIGN_LEFT, s);
            ui_tag(c->out, from, UI_ROLE_LEGEND, by_worker ? TL_LANE_WORKER : TL_LANE_REQUEST,
                   (int16_t)(by_worker ? legend[e].worker : legend[e].req));
        }
        x += w + space;
    }
    if (seen->turns) { /* the hatching of lanes taking turns on the GIL */
        const char *s = "taking turns on the GIL";
        int sww = sw * 2;
        int w = sww + gap + c->m->width(c->m->ctx, UI_FONT_SANS, sp, s, strlen(s));
        legend_place(r, w, lh, &x, &y, &rows);
        if (draw) {
            size_t from = c->out->n;
            ui__hatch(c, TL_LANE_WORKER, (ui_rect){x, y + (lh - sw) / 2, sww, sw}, 50);
            ui_text(c->out, c->m, UI_FONT_SANS, sp, c->theme->text, x + sww + gap, y,
                    r.x + r.w - (x + sww + gap), UI_ALIGN_LEFT, s);
            ui_tag(c->out, from, UI_ROLE_LEGEND, TL_LANE_GIL, -1);
        }
    }
    return rows * lh;
}
