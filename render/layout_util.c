/* layout_util.c - small pieces every part of the layout uses: panels, insets, text
 * sizes, times for display, and the timeline's x-to-time mapping.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui_layout_internal.h"

ui_rect ui__inset(ui_rect r, int d)
{
    ui_rect o = {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
    if (o.w < 0)
        o.w = 0;
    if (o.h < 0)
        o.h = 0;
    return o;
}

ui_rect ui__panel(const ui_ctx *c, ui_rect r, const char *heading)
{
    const ui_theme *th = c->theme;
    int pad = c->px / 2;
    ui_rect_fill(c->out, r, th->panel, c->px / 3);
    ui_box(c->out, r, th->panel_edge, 1);
    ui_rect in = ui__inset(r, pad);
    if (heading && *heading) {
        int hpx = c->px;
        ui_text(c->out, c->m, UI_FONT_BOLD, hpx, th->text_dim, in.x, in.y, in.w, UI_ALIGN_LEFT,
                heading);
        int hh = c->m->height(c->m->ctx, UI_FONT_BOLD, hpx) + pad / 2;
        in.y += hh;
        in.h -= hh;
        if (in.h < 0)
            in.h = 0;
    }
    return in;
}

int ui_text_px(int h, int step)
{
    int px = h / 36;
    if (step > 10)
        step = 10;
    if (step < -5)
        step = -5;
    px = px * (10 + step) / 10;
    return px < 12 ? 12 : px;
}

int64_t ui_layout_time_at(const ui_layout_info *info, int x)
{
    const ui_rect *a = &info->area[0];
    if (a->w <= 0 || info->t1 <= info->t0)
        return info->t0;
    if (x <= a->x)
        return info->t0;
    if (x >= a->x + a->w)
        return info->t1;
    double f = (double)(x - a->x) / (double)a->w;
    return info->t0 + (int64_t)(f * (double)(info->t1 - info->t0));
}

char *ui_format_time(int64_t ns, char *buf, size_t size)
{
    static const struct {
        int64_t unit;
        const char *name;
    } units[] = {{1000000000, "s"}, {1000000, "ms"}, {1000, "us"}, {1, "ns"}};
    const char *sign = ns < 0 ? "-" : "";
    uint64_t v = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && v < (uint64_t)units[u].unit)
        u++;
    if (v == 0) {
        snprintf(buf, size, "0 s");
        return buf;
    }
    double x = (double)v / (double)units[u].unit;
    int decimals = x >= 100 ? 1 : x >= 10 ? 2 : 3;
    if (units[u].unit == 1)
        decimals = 0;
    snprintf(buf, size, "%s%.*f %s", sign, decimals, x, units[u].name);
    return buf;
}

char *ui_format_bytes(int64_t bytes, char *buf, size_t size)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = (double)(bytes < 0 ? 0 : bytes);
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024.0;
        u++;
    }
    int decimals = u == 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
    snprintf(buf, size, "%.*f %s", decimals, v, units[u]);
    return buf;
}

char *ui_format_duration(int64_t ns, char *buf, size_t size)
{
    ui_format_time(ns, buf, size);
    char *unit = strchr(buf, ' ');
    char *dot = strchr(buf, '.');
    if (!unit || !dot || dot > unit)
        return buf;
    char *end = unit;
    while (end > dot + 1 && end[-1] == '0')
        end--;
    if (end == dot + 1)
        end = dot;
    memmove(end, unit, strlen(unit) + 1);
    return buf;
}

int ui__min_px(int px)
{
    return (px * 4 + 4) / 5;
}

int ui__small_px(const ui_ctx *c)
{
    return ui__min_px(c->px);
}

int ui__sized(int px, int tenths)
{
    int s = px * tenths / 10;
    return s < ui__min_px(px) ? ui__min_px(px) : s;
}

int ui__line_h(const ui_ctx *c, ui_font f, int px)
{
    return c->m->height(c->m->ctx, f, px);
}

int ui__text_w(const ui_ctx *c, ui_font f, int px, const char *s)
{
    return c->m->width(c->m->ctx, f, px, s, strlen(s));
}

ui_shape *ui__text_in(const ui_ctx *c, ui_font f, int px, ui_color col, ui_rect box, ui_align a,
                      const char *s)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    if (box.h < ui__line_h(c, f, px) || box.w <= 0)
        return NULL;
    if (ui__text_w(c, f, px, s) > box.w && ui__text_w(c, f, px, ellipsis) > box.w)
        return NULL;
    return ui_text(c->out, c->m, f, px, col, box.x, box.y, box.w, a, s);
}

ui_shape *ui__text_mid(const ui_ctx *c, ui_font f, int px, ui_color col, ui_rect box, ui_align a,
                       const char *s)
{
    int h = ui__line_h(c, f, px);
    if (box.h > h) {
        box.y += (box.h - h) / 2;
        box.h = h;
    }
    return ui__text_in(c, f, px, col, box, a, s);
}

/* A panel, with its heading only when there is room for the heading and some
 * content under it. Returns the rect inside (w = h = 0 when r is empty). */
ui_rect ui__panel_in(const ui_ctx *c, ui_rect r, const char *heading)
{
    if (r.w <= 0 || r.h <= 0)
        return (ui_rect){r.x, r.y, 0, 0};
    int hh = ui__line_h(c, UI_FONT_BOLD, c->px);
    bool room = r.h >= 3 * hh && r.w >= 6 * c->px;
    return ui__panel(c, r, room ? heading : NULL);
}

int ui__wrap_height(const ui_ctx *c, ui_font f, int px, int w, const char *s)
{
    size_t n = c->out->n, text_n = c->out->text_n;
    int h = ui_text_wrap(c->out, c->m, f, px, c->theme->text, (ui_rect){0, 0, w, 1 << 28}, s,
                         UI_ROLE_NONE, -1);
    c->out->n = n;
    c->out->text_n = text_n;
    return h;
}

const ui_run *ui__run_of(const ui_ctx *c, size_t run)
{
    if (!c->doc || run >= c->doc->nruns || !c->doc->runs[run].tl)
        return NULL;
    return &c->doc->runs[run];
}

ui_color ui__ink_on(const ui_theme *th, ui_color fill)
{
    int y = fill.r * 299 + fill.g * 587 + fill.b * 114; /* 0..255 * 1000 */
    int yt = th->text.r * 299 + th->text.g * 587 + th->text.b * 114;
    int yb = th->bg.r * 299 + th->bg.g * 587 + th->bg.b * 114;
    int dt = yt > y ? yt - y : y - yt, db = yb > y ? yb - y : y - yb;
    return dt >= db ? th->text : th->bg;
}
