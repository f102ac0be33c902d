/* sdl_draw_renderer.c - the painter's path through SDL_Renderer calls, for GPU
 * renderers and render targets (see sdl_draw.h).
 *
 * The renderer draws in call order, so batching only joins neighbours: a run of
 * same-coloured rectangles waits in p->batch and is sent before anything of
 * another colour or kind is drawn.
 */
#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "sdl_draw_internal.h"
#include "sdl_raster_internal.h"

SDL_Surface *sdl__rend_window_surface(sdl_painter *p)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(p->r, &info) < 0 || !(info.flags & SDL_RENDERER_SOFTWARE) ||
        SDL_GetRenderTarget(p->r) != NULL)
        return NULL;
    SDL_Window *win = SDL_RenderGetWindow(p->r);
    SDL_Surface *s = win ? SDL_GetWindowSurface(win) : NULL;
    /* what the caller queued before this frame lands first */
    if (!sdl_raster_supports(s) || SDL_RenderFlush(p->r) < 0)
        return NULL;
    return s;
}

static bool same_color(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* Sets the draw colour, blending only when the colour is translucent: an opaque
 * fill with SDL_BLENDMODE_BLEND costs a software renderer a blend per pixel. */
static void use_color(sdl_painter *p, ui_color c)
{
    if (SDL_SetRenderDrawColor(p->r, c.r, c.g, c.b, c.a) < 0 ||
        SDL_SetRenderDrawBlendMode(p->r, c.a < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE) < 0)
        sdl__fail(p, SIM_EIO, "SDL_SetRenderDrawColor");
}

int sdl__rend_begin(sdl_painter *p, ui_color bg)
{
    SDL_Texture *target = SDL_GetRenderTarget(p->r);
    int rc = target ? SDL_QueryTexture(target, NULL, NULL, &p->out_w, &p->out_h)
                    : SDL_GetRendererOutputSize(p->r, &p->out_w, &p->out_h);
    if (rc < 0) {
        sdl__fail(p, SIM_EIO, "SDL_GetRendererOutputSize");
        return SIM_EIO;
    }
    use_color(p, bg);
    if (SDL_RenderClear(p->r) < 0)
        sdl__fail(p, SIM_EIO, "SDL_RenderClear");
    return 0;
}

void sdl__rend_flush(sdl_painter *p)
{
    if (p->batch_n == 0)
        return;
    use_color(p, p->batch_color);
    if (SDL_RenderFillRects(p->r, p->batch, (int)p->batch_n) < 0)
        sdl__fail(p, SIM_EIO, "SDL_RenderFillRects");
    p->batch_n = 0;
}

void sdl__rend_rect(sdl_painter *p, int x, int y, int w, int h, ui_color c)
{
    if (p->batch_n > 0 && !same_color(p->batch_color, c))
        sdl__rend_flush(p);
    if (p->batch_n == p->batch_cap) {
        size_t cap = p->batch_cap ? 2 * p->batch_cap : 256;
        SDL_Rect *b = cap <= INT32_MAX ? realloc(p->batch, cap * sizeof *b) : NULL;
        if (b) {
            p->batch = b;
            p->batch_cap = cap;
        } else if (p->batch_cap == 0) {
            sdl__fail(p, SIM_ENOMEM, "drawing rectangles");
            return;
        } else {
            sdl__rend_flush(p); /* keeps the order, one call per batch_cap rects */
        }
    }
    p->batch[p->batch_n++] = (SDL_Rect){x, y, w, h};
    p->batch_color = c;
}

/* m as a white texture whose alpha is the coverage, made on first use. */
static SDL_Texture *mask_texture(sdl_painter *p, sdl_mask *m)
{
    if (m->tex)
        return m->tex;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, m->w, m->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        sdl__fail(p, SIM_EIO, "SDL_CreateRGBSurfaceWithFormat");
        return NULL;
    }
    for (int y = 0; y < m->h; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        const uint8_t *cov = m->cover + (size_t)y * (size_t)m->w;
        for (int x = 0; x < m->w; x++)
            row[x] = (Uint32)cov[x] << 24 | 0xFFFFFFu;
    }
    m->tex = SDL_CreateTextureFromSurface(p->r, s);
    SDL_FreeSurface(s);
    if (m->tex && SDL_SetTextureBlendMode(m->tex, SDL_BLENDMODE_BLEND) < 0) {
        SDL_DestroyTexture(m->tex);
        m->tex = NULL;
    }
    if (!m->tex)
        sdl__fail(p, SIM_EIO, "SDL_CreateTextureFromSurface");
    return m->tex;
}

void sdl__rend_mask(sdl_painter *p, sdl_mask *m, SDL_Rect src, int dx, int dy, ui_color c)
{
    sdl__rend_flush(p);
    SDL_Texture *t = mask_texture(p, m);
    if (!t)
        return;
    SDL_Rect dst = {dx, dy, src.w, src.h};
    if (SDL_SetTextureColorMod(t, c.r, c.g, c.b) < 0 || SDL_SetTextureAlphaMod(t, c.a) < 0 ||
        SDL_RenderCopy(p->r, t, &src, &dst) < 0)
        sdl__fail(p, SIM_EIO, "SDL_RenderCopy");
}

/* The cross-section of a line `t` px wide as a 1-pixel-wide mask, LINE_ROWS rows
 * per pixel of the line plus a one-pixel fade on each side: row j holds the
 * coverage of a pixel whose centre lies that far from the line's axis.
 * Stretched along a diagonal, even nearest-pixel sampling gives smooth edges. */
#define LINE_ROWS 8

static sdl_mask *line_mask(sdl_painter *p, int t)
{
    sdl_maskkey k = {.kind = SDL_MASK_LINE, .a = t};
    sdl_mask *m = sdl_maskcache_find(p->cache, &k);
    if (m)
        return m;
    int rows = LINE_ROWS * (t + 2);
    uint8_t *cover = malloc((size_t)rows);
    if (cover) {
        for (int j = 0; j < rows; j++) {
            double d = fabs(((j + 0.5) / rows - 0.5) * (t + 2));
            double cov = t / 2.0 + 0.5 - d;
            cover[j] = (uint8_t)lround((cov < 0 ? 0 : cov > 1 ? 1 : cov) * 255);
        }
        m = sdl_maskcache_put(p->cache, &k, cover, 1, rows); /* frees cover on failure */
    }
    if (!m)
        sdl__fail(p, SIM_ENOMEM, "drawing a line");
    return m;
}

/* A quad one pixel wider than the line on each side, textured with the line's
 * cross-section and coloured through its vertices. */
void sdl__rend_line(sdl_painter *p, ui_rect r, int t, ui_color c)
{
    sdl__rend_flush(p);
    sdl_mask *m = line_mask(p, t);
    SDL_Texture *tex = m ? mask_texture(p, m) : NULL;
    if (!tex)
        return;
    float len = sqrtf((float)r.w * (float)r.w + (float)r.h * (float)r.h);
    float half = (float)t / 2 + 1;
    float nx = -(float)r.h / len * half, ny = (float)r.w / len * half;
    float x0 = (float)r.x + 0.5f, y0 = (float)r.y + 0.5f; /* pixel centres */
    float x1 = x0 + (float)r.w, y1 = y0 + (float)r.h;
    SDL_Color col = {c.r, c.g, c.b, c.a};
    SDL_Vertex v[4] = {
        {{x0 + nx, y0 + ny}, col, {0.5f, 0}},
        {{x1 + nx, y1 + ny}, col, {0.5f, 0}},
        {{x1 - nx, y1 - ny}, col, {0.5f, 1}},
        {{x0 - nx, y0 - ny}, col, {0.5f, 1}},
    };
    static const int quad[6] = {0, 1, 2, 0, 2, 3};
    if (SDL_SetTextureColorMod(tex, 255, 255, 255) < 0 || SDL_SetTextureAlphaMod(tex, 255) < 0 ||
        SDL_RenderGeometry(p->r, tex, v, 4, quad, 6) < 0)
        sdl__fail(p, SIM_EIO, "SDL_RenderGeometry");
}
