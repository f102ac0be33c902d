/* sdl_draw.c - the painter: a ui_list to pixels (see sdl_draw.h).
 *
 * Workload: every frame, a few thousand rectangles (timeline spans, lanes), some
 * hundred texts and a few dozen discs; texts and discs repeat from frame to
 * frame. Each shape is broken into three operations - a rectangle, a block of a
 * coverage mask, a diagonal - and each operation goes to the direct path
 * (sdl_raster_internal.h) or to the renderer path (sdl_draw_renderer.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "error.h"
#include "sdl_draw_internal.h"
#include "sdl_raster_internal.h"

/* The largest disc mask (16 M pixels, 4096 x 4096): a layout asking for more has
 * gone wrong, and drawing it would take longer than a frame anyway. */
#define DISC_MAX_PIXELS ((size_t)1 << 24)

void sdl__fail(sdl_painter *p, int rc, const char *what)
{
    if (p->rc == 0) {
        p->rc = rc;
        snprintf(p->err, sizeof p->err, "%s: %s", what,
                 rc == SIM_EIO ? SDL_GetError() : sim_strerror(rc));
    }
}

static int painter_new(SDL_Renderer *r, SDL_Surface *s, sdl_fonts *f, sdl_painter **out)
{
    sdl_painter *p = calloc(1, sizeof *p);
    if (!p || sdl_maskcache_new(&p->cache) < 0) {
        free(p);
        *out = NULL;
        return SIM_ENOMEM;
    }
    p->r = r;
    p->surf = s;
    p->fonts = f;
    *out = p;
    return 0;
}

int sdl_painter_new(SDL_Renderer *r, sdl_fonts *f, sdl_painter **out)
{
    return painter_new(r, NULL, f, out);
}

int sdl_painter_new_surface(SDL_Surface *s, sdl_fonts *f, sdl_painter **out)
{
    if (!sdl_raster_supports(s)) {
        *out = NULL;
        return SIM_EINVAL;
    }
    return painter_new(NULL, s, f, out);
}

void sdl_painter_free(sdl_painter *p)
{
    if (!p)
        return;
    sdl_maskcache_free(p->cache);
    free(p->batch);
    free(p->scratch);
    free(p);
}

const char *sdl_painter_error(const sdl_painter *p)
{
    return p->err;
}

bool sdl_painter_direct(const sdl_painter *p)
{
    return p->direct;
}

size_t sdl_painter_cached(const sdl_painter *p)
{
    return sdl_maskcache_count(p->cache);
}

/* ---- the three operations ---- */

static bool on_screen(const sdl_painter *p, int x, int y, int w, int h)
{
    return w > 0 && h > 0 && x < p->out_w && y < p->out_h && (long long)x + w > 0 &&
           (long long)y + h > 0;
}

static void op_rect(sdl_painter *p, int x, int y, int w, int h, ui_color c)
{
    if (!on_screen(p, x, y, w, h))
        return;
    if (p->dst)
        sdl_raster_fill(p->dst, x, y, w, h, c);
    else
        sdl__rend_rect(p, x, y, w, h, c);
}

static void op_mask(sdl_painter *p, sdl_mask *m, SDL_Rect src, int dx, int dy, ui_color c)
{
    if (!on_screen(p, dx, dy, src.w, src.h))
        return;
    if (p->dst)
        sdl_raster_mask(p->dst, m->cover, m->w, src.x, src.y, src.w, src.h, dx, dy, c);
    else
        sdl__rend_mask(p, m, src, dx, dy, c);
}

static void op_diagonal(sdl_painter *p, ui_rect r, int t, ui_color c)
{
    if (p->dst)
        sdl_raster_line(p->dst, r.x, r.y, r.x + r.w, r.y + r.h, t, c);
    else
        sdl__rend_line(p, r, t, c);
}

/* ---- shapes ---- */

/* Coverage of the w x h ellipse: the signed distance from each pixel centre to
 * the edge, clamped to one pixel, gives a smooth edge without supersampling. */
static void disc_cover(uint8_t *cover, int w, int h)
{
    double rx = w / 2.0, ry = h / 2.0;
    for (int y = 0; y < h; y++) {
        double dy = y + 0.5 - ry;
        for (int x = 0; x < w; x++) {
            double dx = x + 0.5 - rx, dist;
            if (w == h) {
                dist = sqrt(dx * dx + dy * dy) - rx;
            } else {
                /* f = (dx/rx)^2 + (dy/ry)^2 - 1; the distance is about f / |grad f| */
                double f = dx * dx / (rx * rx) + dy * dy / (ry * ry) - 1;
                double gx = 2 * dx / (rx * rx), gy = 2 * dy / (ry * ry);
                double g = sqrt(gx * gx + gy * gy);
                dist = g > 0 ? f / g : -rx;
            }
            double cov = 0.5 - dist;
            cover[(size_t)y * (size_t)w + (size_t)x] = (uint8_t)lround((cov < 0   ? 0
                                                                        : cov > 1 ? 1
                                                                                  : cov) *
                                                                       255);
        }
    }
}

static sdl_mask *disc_mask(sdl_painter *p, int w, int h)
{
    sdl_maskkey k = {.kind = SDL_MASK_DISC, .a = w, .b = h};
    sdl_mask *m = sdl_maskcache_find(p->cache, &k);
    if (m)
        return m;
    if ((size_t)w * (size_t)h > DISC_MAX_PIXELS) {
        sdl__fail(p, SIM_ELIMIT, "a disc larger than 4096 x 4096 pixels");
        return NULL;
    }
    uint8_t *cover = malloc((size_t)w * (size_t)h);
    if (cover) {
        disc_cover(cover, w, h);
        m = sdl_maskcache_put(p->cache, &k, cover, w, h); /* frees cover on failure */
    }
    if (!m)
        sdl__fail(p, SIM_ENOMEM, "drawing a disc");
    return m;
}

static void draw_disc(sdl_painter *p, ui_rect r, ui_color c)
{
    if (!on_screen(p, r.x, r.y, r.w, r.h))
        return;
    sdl_mask *m = disc_mask(p, r.w, r.h);
    if (m)
        op_mask(p, m, (SDL_Rect){0, 0, r.w, r.h}, r.x, r.y, c);
}

/* Four quarters of a 2*rad disc at the corners, three rectangles between them;
 * no pixel is covered twice, so translucent colours blend evenly. */
static void draw_rounded(sdl_painter *p, ui_rect r, int rad, ui_color c)
{
    if (!on_screen(p, r.x, r.y, r.w, r.h))
        return;
    sdl_mask *m = disc_mask(p, 2 * rad, 2 * rad);
    if (m) {
        int right = r.x + r.w - rad, bottom = r.y + r.h - rad;
        op_mask(p, m, (SDL_Rect){0, 0, rad, rad}, r.x, r.y, c);
        op_mask(p, m, (SDL_Rect){rad, 0, rad, rad}, right, r.y, c);
        op_mask(p, m, (SDL_Rect){0, rad, rad, rad}, r.x, bottom, c);
        op_mask(p, m, (SDL_Rect){rad, rad, rad, rad}, right, bottom, c);
    }
    op_rect(p, r.x + rad, r.y, r.w - 2 * rad, r.h, c);
    op_rect(p, r.x, r.y + rad, rad, r.h - 2 * rad, c);
    op_rect(p, r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad, c);
}

static void draw_fill(sdl_painter *p, ui_rect r, int radius, ui_color c)
{
    int most = (r.w < r.h ? r.w : r.h) / 2;
    int rad = radius < 0 ? 0 : radius > most ? most : radius;
    if (rad == 0)
        op_rect(p, r.x, r.y, r.w, r.h, c);
    else
        draw_rounded(p, r, rad, c);
}

static void draw_box(sdl_painter *p, ui_rect r, int thick, ui_color c)
{
    int t = thick < 1 ? 1 : thick;
    if (2 * t >= r.w || 2 * t >= r.h) {
        op_rect(p, r.x, r.y, r.w, r.h, c);
        return;
    }
    op_rect(p, r.x, r.y, r.w, t, c);
    op_rect(p, r.x, r.y + r.h - t, r.w, t, c);
    op_rect(p, r.x, r.y + t, t, r.h - 2 * t, c);
    op_rect(p, r.x + r.w - t, r.y + t, t, r.h - 2 * t, c);
}

static void draw_line(sdl_painter *p, ui_rect r, int thick, ui_color c)
{
    int t = thick < 1 ? 1 : thick;
    int side = (t - 1) / 2; /* rows above (columns left of) the line's own */
    if (r.h == 0)
        op_rect(p, r.w < 0 ? r.x + r.w : r.x, r.y - side, abs(r.w) + 1, t, c);
    else if (r.w == 0)
        op_rect(p, r.x - side, r.h < 0 ? r.y + r.h : r.y, t, abs(r.h) + 1, c);
    else
        op_diagonal(p, r, t, c);
}

/* The shape's text, NUL-terminated after exactly s->len bytes; NULL for a shape
 * whose text lies outside the list's store (skipped: a list is not trusted with
 * a read past its end). */
static const char *shape_text(sdl_painter *p, const ui_list *l, const ui_shape *s)
{
    if (!l->text || s->text >= l->text_n || s->len >= l->text_n - s->text)
        return NULL;
    const char *t = l->text + s->text;
    if (t[s->len] == '\0')
        return t;
    if (s->len >= p->scratch_cap) {
        char *b = realloc(p->scratch, (size_t)s->len + 1);
        if (!b) {
            sdl__fail(p, SIM_ENOMEM, "drawing text");
            return NULL;
        }
        p->scratch = b;
        p->scratch_cap = (size_t)s->len + 1;
    }
    memcpy(p->scratch, t, s->len);
    p->scratch[s->len] = '\0';
    return p->scratch;
}

/* The coverage of a rendered text: the alpha of SDL_ttf's blended rendering,
 * with the system's fonts for what the face lacks (sdl_fonts_render). */
static uint8_t *text_cover(sdl_painter *p, int font, int px, const char *text, int *w, int *h)
{
    SDL_Surface *s = sdl_fonts_render(p->fonts, font, px, text);
    if (!s) {
        sdl__fail(p, SIM_EIO, "TTF_RenderUTF8_Blended");
        return NULL;
    }
    uint8_t *cover = malloc((size_t)s->w * (size_t)s->h);
    if (!cover) {
        sdl__fail(p, SIM_ENOMEM, "drawing text");
    } else {
        for (int y = 0; y < s->h; y++) {
            const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
            for (int x = 0; x < s->w; x++)
                cover[(size_t)y * (size_t)s->w + (size_t)x] = (uint8_t)(row[x] >> 24);
        }
        *w = s->w;
        *h = s->h;
    }
    SDL_FreeSurface(s);
    return cover;
}

static sdl_mask *text_mask(sdl_painter *p, const ui_shape *s, const char *text)
{
    int px = s->px < SDL_FONT_PX_MIN   ? SDL_FONT_PX_MIN
             : s->px > SDL_FONT_PX_MAX ? SDL_FONT_PX_MAX
                                       : s->px;
    int font = s->font < UI_FONT_COUNT ? s->font : UI_FONT_SANS;
    sdl_maskkey k = {.kind = SDL_MASK_TEXT, .a = font, .b = px, .bytes = text, .len = s->len};
    sdl_mask *m = sdl_maskcache_find(p->cache, &k);
    if (m)
        return m;
    TTF_Font *f = sdl_fonts_get(p->fonts, font, px);
    if (!f) {
        sdl__fail(p, SIM_EIO, sdl_fonts_error(p->fonts));
        return NULL;
    }
    int w = 0, h = 0;
    uint8_t *cover = text_cover(p, font, px, text, &w, &h);
    if (!cover)
        return NULL;
    m = sdl_maskcache_put(p->cache, &k, cover, w, h);
    if (!m)
        sdl__fail(p, SIM_ENOMEM, "drawing text");
    return m;
}

static void draw_text(sdl_painter *p, const ui_list *l, const ui_shape *s)
{
    ui_rect r = s->rect;
    /* the box is the measured text: skip early what cannot show */
    if (s->len == 0 || !on_screen(p, r.x, r.y, r.w > 0 ? r.w : p->out_w, r.h > 0 ? r.h : 1))
        return;
    const char *text = shape_text(p, l, s);
    sdl_mask *m = text ? text_mask(p, s, text) : NULL;
    if (!m)
        return;
    int x = r.x;
    if (r.w > 0 && s->align == UI_ALIGN_CENTER)
        x += (r.w - m->w) / 2;
    else if (r.w > 0 && s->align == UI_ALIGN_RIGHT)
        x += r.w - m->w;
    op_mask(p, m, (SDL_Rect){0, 0, m->w, m->h}, x, r.y, s->color);
}

/* ---- pictograms ---- */

/* Where the pictograms are: $BISTRO_ASSET_DIR, else the source tree's assets/. */
static const char *asset_dir(void)
{
    const char *env = getenv("BISTRO_ASSET_DIR");
#ifdef BISTRO_ASSET_DIR
    return env && *env ? env : BISTRO_ASSET_DIR;
#else
    return env && *env ? env : "assets";
#endif
}

/* The coverage of assets/NAME.svg rasterised at w x h: its alpha, so that one
 * flat drawing takes any theme's colour. NULL (recorded) when it cannot be read. */
static uint8_t *image_cover(sdl_painter *p, const char *name, int w, int h)
{
    for (int i = 0; i < p->nmissing; i++)
        if (strcmp(p->missing[i], name) == 0)
            return NULL; /* reported when it first failed */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.svg", asset_dir(), name);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    SDL_Surface *s = rw ? IMG_LoadSizedSVG_RW(rw, w, h) : NULL;
    if (rw)
        SDL_RWclose(rw);
    if (s && s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = conv;
    }
    if (!s) {
        if (p->nmissing < (int)(sizeof p->missing / sizeof p->missing[0]))
            snprintf(p->missing[p->nmissing++], sizeof p->missing[0], "%s", name);
        char why[128];
        snprintf(why, sizeof why, "%s", rw ? SDL_GetError() : "cannot open it");
        SDL_SetError("%s: %s", path, why);
        sdl__fail(p, SIM_EIO, "a pictogram (BISTRO_ASSET_DIR names their folder)");
        return NULL;
    }
    uint8_t *cover = calloc((size_t)w * (size_t)h, 1);
    if (!cover) {
        sdl__fail(p, SIM_ENOMEM, "drawing a pictogram");
    } else {
        /* the drawing keeps its aspect: centre it in w x h */
        int ox = (w - s->w) / 2, oy = (h - s->h) / 2;
        for (int y = 0; y < s->h; y++) {
            const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
            for (int x = 0; x < s->w; x++) {
                int cx = x + ox, cy = y + oy;
                if (cx >= 0 && cx < w && cy >= 0 && cy < h)
                    cover[(size_t)cy * (size_t)w + (size_t)cx] = (uint8_t)(row[x] >> 24);
            }
        }
    }
    SDL_FreeSurface(s);
    return cover;
}

/* A pictogram: rasterised once per name and size, then a tinted mask like text. */
static void draw_image(sdl_painter *p, const ui_list *l, const ui_shape *s)
{
    ui_rect r = s->rect;
    if (s->len == 0 || r.w > 4096 || r.h > 4096 || !on_screen(p, r.x, r.y, r.w, r.h))
        return;
    const char *name = shape_text(p, l, s);
    if (!name)
        return;
    sdl_maskkey k = {.kind = SDL_MASK_IMAGE, .a = r.w, .b = r.h, .bytes = name, .len = s->len};
    sdl_mask *m = sdl_maskcache_find(p->cache, &k);
    if (!m) {
        uint8_t *cover = image_cover(p, name, r.w, r.h);
        if (!cover)
            return;
        m = sdl_maskcache_put(p->cache, &k, cover, r.w, r.h);
        if (!m) {
            sdl__fail(p, SIM_ENOMEM, "drawing a pictogram");
            return;
        }
    }
    op_mask(p, m, (SDL_Rect){0, 0, m->w, m->h}, r.x, r.y, s->color);
}

static void draw_shape(sdl_painter *p, const ui_list *l, const ui_shape *s)
{
    if (s->color.a == 0)
        return;
    switch (s->kind) {
    case UI_SHAPE_RECT: draw_fill(p, s->rect, s->thick, s->color); break;
    case UI_SHAPE_BOX: draw_box(p, s->rect, s->thick, s->color); break;
    case UI_SHAPE_LINE: draw_line(p, s->rect, s->thick, s->color); break;
    case UI_SHAPE_DISC: draw_disc(p, s->rect, s->color); break;
    case UI_SHAPE_TEXT: draw_text(p, l, s); break;
    case UI_SHAPE_IMAGE: draw_image(p, l, s); break;
    default: break; /* a kind from a newer layout: nothing to draw */
    }
}

int sdl_painter_draw(sdl_painter *p, const ui_list *l, ui_color bg)
{
    p->rc = 0;
    p->err[0] = '\0';
    p->batch_n = 0;
    p->dst = p->surf ? p->surf : sdl__rend_window_surface(p);
    p->direct = p->dst != NULL;
    if (p->dst) {
        p->out_w = p->dst->w;
        p->out_h = p->dst->h;
        sdl_raster_clear(p->dst, bg);
    } else if (sdl__rend_begin(p, bg) < 0) {
        return p->rc;
    }
    for (size_t i = 0; i < l->n; i++)
        draw_shape(p, l, &l->shapes[i]);
    if (!p->dst)
        sdl__rend_flush(p);
    sdl_maskcache_end_frame(p->cache);
    return p->rc;
}
