/* ui_shapes.c - the shape list: growing, adding shapes and text, wrapping, hit tests.
 *
 * A frame at 1280x720 with 10,000 requests holds a few thousand shapes; the list
 * keeps its storage between frames, so a steady frame allocates nothing.
 */
#include "ui_shapes.h"

#include <stdlib.h>
#include <string.h>

static int fixed_width(void *ctx, int font, int px, const char *s, size_t len)
{
    (void)ctx;
    (void)font;
    return (int)(ui_utf8_chars(s, len) * (size_t)px * 6 / 10);
}

static int fixed_height(void *ctx, int font, int px)
{
    (void)ctx;
    (void)font;
    return px * 5 / 4;
}

const ui_measure *ui_measure_fixed(void)
{
    static const ui_measure fixed = {fixed_width, fixed_height, NULL};
    return &fixed;
}

void ui_list_init(ui_list *l)
{
    memset(l, 0, sizeof *l);
}

void ui_list_free(ui_list *l)
{
    free(l->shapes);
    free(l->text);
    ui_list_init(l);
}

void ui_list_clear(ui_list *l)
{
    l->n = 0;
    l->text_n = 0;
    l->oom = false;
}

const char *ui_shape_text(const ui_list *l, const ui_shape *s)
{
    if (s->kind != UI_SHAPE_TEXT || !l->text)
        return "";
    return l->text + s->text;
}

const char *ui_shape_image(const ui_list *l, const ui_shape *s)
{
    if (s->kind != UI_SHAPE_IMAGE || !l->text)
        return "";
    return l->text + s->text;
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 256;
    while (ncap < need)
        ncap *= 2;
    void *np = realloc(*p, ncap * elem);
    if (!np)
        return false;
    *p = np;
    *cap = ncap;
    return true;
}

ui_shape *ui_add(ui_list *l, ui_shape_kind kind, ui_rect r, ui_color c)
{
    if (l->oom || !grow((void **)&l->shapes, &l->cap, l->n + 1, sizeof *l->shapes)) {
        l->oom = true;
        return NULL;
    }
    ui_shape *s = &l->shapes[l->n++];
    memset(s, 0, sizeof *s);
    s->kind = (uint8_t)kind;
    s->run = l->run;
    s->service = l->service;
    s->rect = r;
    s->color = c;
    s->role = UI_ROLE_NONE;
    s->id = -1;
    s->state = -1;
    return s;
}

ui_shape *ui_rect_fill(ui_list *l, ui_rect r, ui_color c, int radius)
{
    if (r.w <= 0 || r.h <= 0)
        return NULL;
    ui_shape *s = ui_add(l, UI_SHAPE_RECT, r, c);
    if (s)
        s->thick = (int16_t)radius;
    return s;
}

ui_shape *ui_box(ui_list *l, ui_rect r, ui_color c, int thick)
{
    ui_shape *s = ui_add(l, UI_SHAPE_BOX, r, c);
    if (s)
        s->thick = (int16_t)(thick < 1 ? 1 : thick);
    return s;
}

ui_shape *ui_line(ui_list *l, int x0, int y0, int x1, int y1, ui_color c, int thick)
{
    ui_shape *s = ui_add(l, UI_SHAPE_LINE, (ui_rect){x0, y0, x1 - x0, y1 - y0}, c);
    if (s)
        s->thick = (int16_t)(thick < 1 ? 1 : thick);
    return s;
}

ui_shape *ui_disc(ui_list *l, int cx, int cy, int radius, ui_color c)
{
    return ui_add(l, UI_SHAPE_DISC, (ui_rect){cx - radius, cy - radius, 2 * radius, 2 * radius}, c);
}

/* Stores len bytes of s plus a NUL; the offset, or UINT32_MAX when out of memory. */
static uint32_t store_text(ui_list *l, const char *s, size_t len, const char *tail)
{
    size_t tlen = tail ? strlen(tail) : 0;
    size_t need = l->text_n + len + tlen + 1;
    if (l->oom || need > UINT32_MAX || !grow((void **)&l->text, &l->text_cap, need, 1)) {
        l->oom = true;
        return UINT32_MAX;
    }
    uint32_t at = (uint32_t)l->text_n;
    memcpy(l->text + at, s, len);
    if (tlen)
        memcpy(l->text + at + len, tail, tlen);
    l->text[at + len + tlen] = '\0';
    l->text_n = need;
    return at;
}

ui_shape *ui_image(ui_list *l, ui_rect r, ui_color c, const char *name)
{
    uint32_t at = store_text(l, name, strlen(name), NULL);
    ui_shape *s = at == UINT32_MAX ? NULL : ui_add(l, UI_SHAPE_IMAGE, r, c);
    if (s) {
        s->text = at;
        s->len = (uint32_t)strlen(name);
    }
    return s;
}

bool ui_utf8_cont(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

size_t ui_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !ui_utf8_cont(s[i]); /* count the lead bytes */
    return n;
}

/* The longest prefix of s (at most len bytes, ending at a UTF-8 boundary) whose
 * width plus `extra` fits in w. Binary search, as width grows with the prefix; lo
 * is always a boundary that fits, and every prefix longer than hi is too wide. */
static size_t fit_prefix(const ui_measure *m, ui_font font, int px, const char *s, size_t len,
                         int w, int extra)
{
    size_t lo = 0, hi = len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        while (mid > lo && mid < len && ui_utf8_cont(s[mid]))
            mid--;
        if (mid == lo) {
            mid = lo + 1;
            while (mid < len && ui_utf8_cont(s[mid]))
                mid++;
            if (mid > hi)
                break;
        }
        if (m->width(m->ctx, font, px, s, mid) + extra <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static ui_shape *text_n(ui_list *l, const ui_measure *m, ui_font font, int px, ui_color c, int x,
                        int y, int w, ui_align align, const char *s, size_t len,
                        bool force_ellipsis)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    int tw = m->width(m->ctx, font, px, s, len);
    const char *tail = NULL;
    if (w > 0 && (tw > w || force_ellipsis)) {
        int ew = m->width(m->ctx, font, px, ellipsis, sizeof ellipsis - 1);
        len = fit_prefix(m, font, px, s, len, w, ew);
        while (len > 0 && s[len - 1] == ' ')
            len--;
        tail = ellipsis;
        tw = m->width(m->ctx, font, px, s, len) + ew;
    }
    int x0 = x;
    if (w > 0 && align == UI_ALIGN_CENTER)
        x0 = x + (w - tw) / 2;
    else if (w > 0 && align == UI_ALIGN_RIGHT)
        x0 = x + w - tw;
    int th = m->height(m->ctx, font, px);
    uint32_t at = store_text(l, s, len, tail);
    if (at == UINT32_MAX)
        return NULL;
    ui_shape *sh = ui_add(l, UI_SHAPE_TEXT, (ui_rect){x0, y, tw, th}, c);
    if (!sh)
        return NULL;
    sh->font = (uint8_t)font;
    sh->px = (int16_t)px;
    sh->align = UI_ALIGN_LEFT; /* placed already */
    sh->text = at;
    sh->len = (uint32_t)(len + (tail ? strlen(tail) : 0));
    sh->cut = tail != NULL;
    return sh;
}

ui_shape *ui_text(ui_list *l, const ui_measure *m, ui_font font, int px, ui_color c, int x, int y,
                  int w, ui_align align, const char *s)
{
    return text_n(l, m, font, px, c, x, y, w, align, s, strlen(s), false);
}

/* The end of the next wrapped line of s starting at `from`: the last space that
 * keeps the line within w, or a hard cut for a word longer than the line. */
static size_t wrap_end(const ui_measure *m, ui_font font, int px, const char *s, size_t from,
                       size_t len, int w)
{
    const char *nl = memchr(s + from, '\n', len - from);
    size_t stop = nl ? (size_t)(nl - s) : len;
    size_t fit = from + fit_prefix(m, font, px, s + from, stop - from, w, 0);
    if (fit >= stop)
        return stop;
    size_t sp = fit;
    while (sp > from && s[sp] != ' ')
        sp--;
    if (sp > from)
        return sp;
    return fit > from ? fit : from + 1; /* at least one byte, so wrapping advances */
}

int ui_text_wrap(ui_list *l, const ui_measure *m, ui_font font, int px, ui_color c, ui_rect r,
                 const char *s, ui_role role, int32_t id)
{
    int lh = m->height(m->ctx, font, px);
    size_t len = strlen(s), at = 0;
    int y = r.y;
    while (at < len && y + lh <= r.y + r.h) {
        size_t end = wrap_end(m, font, px, s, at, len, r.w);
        size_t next = end;
        while (next < len && (s[next] == ' ' || s[next] == '\n'))
            next++;
        bool last_fits = y + 2 * lh > r.y + r.h;
        bool cut = last_fits && next < len;
        size_t from = l->n;
        text_n(l, m, font, px, c, r.x, y, cut ? r.w : 0, UI_ALIGN_LEFT, s + at,
               cut ? len - at : end - at, false);
        if (cut) {
            /* the last line that fits: as much of the rest as fits, then "…" */
            l->n = from;
            text_n(l, m, font, px, c, r.x, y, r.w, UI_ALIGN_LEFT, s + at, end - at, true);
        }
        ui_tag(l, from, role, id, -1);
        y += lh;
        at = next;
    }
    return y - r.y;
}

void ui_tag(ui_list *l, size_t from, ui_role role, int32_t id, int16_t state)
{
    for (size_t i = from; i < l->n; i++) {
        l->shapes[i].role = (uint16_t)role;
        l->shapes[i].id = id;
        l->shapes[i].state = state;
    }
}

bool ui_rect_has(ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const ui_shape *ui_hit(const ui_list *l, int x, int y)
{
    for (size_t i = l->n; i-- > 0;) {
        const ui_shape *s = &l->shapes[i];
        if (s->role != UI_ROLE_NONE && s->kind != UI_SHAPE_LINE && ui_rect_has(s->rect, x, y))
            return s;
    }
    return NULL;
}
