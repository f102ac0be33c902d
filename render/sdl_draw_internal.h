/* sdl_draw_internal.h - the painter's state, shared by its two files:
 * sdl_draw.c (shapes, masks, the direct path) and sdl_draw_renderer.c (the
 * path through SDL_Renderer calls). Not for other callers.
 */
#ifndef BISTRO_SDL_DRAW_INTERNAL_H
#define BISTRO_SDL_DRAW_INTERNAL_H

#include <stdbool.h>

#include "sdl_draw.h"
#include "sdl_maskcache.h"

struct sdl_painter {
    SDL_Renderer *r;      /* drawing through this renderer, or NULL */
    SDL_Surface *surf;    /* drawing into this surface, or NULL */
    sdl_fonts *fonts;
    sdl_maskcache *cache;
    SDL_Surface *dst;     /* this frame's pixels when drawn directly, else NULL */
    int out_w, out_h;     /* the output, for skipping what is not on it */
    SDL_Rect *batch;      /* renderer: rectangles waiting for one SDL_RenderFillRects */
    size_t batch_n, batch_cap;
    ui_color batch_color;
    char *scratch;        /* a NUL-terminated copy of a text, when the list has none */
    size_t scratch_cap;
    char missing[8][32];  /* pictograms that failed to load: not tried again */
    int nmissing;
    bool direct;          /* the last frame's path */
    int rc;               /* this frame's first failure */
    char err[256];
};

/* Records the frame's first failure: what failed and, for SIM_EIO, SDL's reason. */
void sdl__fail(sdl_painter *p, int rc, const char *what);

/* The renderer path (sdl_draw_renderer.c). */

/* The software renderer's window surface when the painter can draw into it
 * directly (flushing what the renderer has queued), else NULL. */
SDL_Surface *sdl__rend_window_surface(sdl_painter *p);
/* Finds the output size and clears it to bg. 0 or SIM_EIO (recorded). */
int sdl__rend_begin(sdl_painter *p, ui_color bg);
/* Queues a filled rectangle (batched with its same-coloured neighbours). */
void sdl__rend_rect(sdl_painter *p, int x, int y, int w, int h, ui_color c);
/* Sends the queued rectangles. */
void sdl__rend_flush(sdl_painter *p);
/* Draws the src block of mask m at (dx, dy) in colour c. */
void sdl__rend_mask(sdl_painter *p, sdl_mask *m, SDL_Rect src, int dx, int dy, ui_color c);
/* Draws a diagonal line (r as in ui_shape) `t` px wide. */
void sdl__rend_line(sdl_painter *p, ui_rect r, int t, ui_color c);

#endif
