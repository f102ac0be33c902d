/* sdl_draw.h - drawing a laid-out frame (a ui_list) with SDL.
 *
 * The layout decides everything (ui_shapes.h); the painter only turns its shapes
 * into pixels, in list order, so that what the tests read from the list is what
 * the screen shows. It draws one of two ways:
 *   - straight into the pixels of a 32-bit surface (sdl_raster_internal.h): an offscreen
 *     canvas (sdl_png.h), or the window of SDL's software renderer, whose window
 *     surface it finds by itself. SDL's own software fills and tinted copies are
 *     too slow for a frame of thousands of small rectangles (see sdl_raster_internal.h);
 *   - through the SDL_Renderer's calls otherwise (a GPU renderer, or a renderer
 *     drawing into a target texture): same-coloured neighbouring rectangles go
 *     in one SDL_RenderFillRects, masks become white textures tinted with
 *     SDL_SetTextureColorMod / AlphaMod, diagonals are textured quads.
 * Text and discs are coverage masks made once and reused in any colour (see
 * sdl_maskcache.h for their eviction); discs, rounded corners and diagonals are
 * anti-aliased; straight edges sit on whole pixels and need no smoothing. Shapes
 * wholly outside the output are skipped.
 *
 * Coordinates are output pixels: on a HiDPI screen the caller lays the frame out
 * for SDL_GetRendererOutputSize, not the window size, and sets no render scale,
 * logical size or viewport (the direct path ignores them).
 */
#ifndef BISTRO_SDL_DRAW_H
#define BISTRO_SDL_DRAW_H

#include <stddef.h>

#include <SDL.h>

#include "sdl_font.h"
#include "ui_shapes.h"

typedef struct sdl_painter sdl_painter;

/* A painter for renderer r with fonts f; both stay the caller's and must outlive
 * the painter. 0 or SIM_ENOMEM; *out is NULL on failure. */
int sdl_painter_new(SDL_Renderer *r, sdl_fonts *f, sdl_painter **out);

/* A painter drawing straight into surface s (SDL_PIXELFORMAT_ARGB8888 or RGB888,
 * not RLE), with no renderer at all. s and f stay the caller's. 0, SIM_EINVAL
 * (another format) or SIM_ENOMEM; *out is NULL on failure. */
int sdl_painter_new_surface(SDL_Surface *s, sdl_fonts *f, sdl_painter **out);

/* Destroys the painter and its textures (before the renderer goes). NULL is a
 * no-op. */
void sdl_painter_free(sdl_painter *p);

/* Clears the output to bg and draws every shape of l in order:
 *   RECT  filled, corners rounded by radius `thick` (0: square)
 *   BOX   an outline `thick` px wide inside the rect
 *   LINE  (x, y) to (x + w, y + h), both end pixels included, `thick` px wide;
 *         straight lines exactly, diagonal ones anti-aliased with flat ends
 *   DISC  the filled circle (ellipse) inscribed in the rect
 *   TEXT  the shape's text, top-left at the rect's corner, in its font, px and
 *         colour (placed by `align` within rect.w when that is not LEFT)
 * Colours with a < 255 blend over what is below (SDL_BLENDMODE_BLEND). Does not
 * present: the caller calls SDL_RenderPresent (or reads the surface). A failing
 * shape is skipped and the rest still drawn. 0, or the first failure's code
 * (SIM_EIO for SDL and SDL_ttf errors, SIM_ENOMEM, SIM_ELIMIT for a disc too big
 * to draw) with sdl_painter_error() saying what failed. */
int sdl_painter_draw(sdl_painter *p, const ui_list *l, ui_color bg);

/* What the last failing sdl_painter_draw reported ("" after a clean frame). */
const char *sdl_painter_error(const sdl_painter *p);

/* Whether the last frame was drawn straight into pixels (the fast path) rather
 * than through the renderer's calls. */
bool sdl_painter_direct(const sdl_painter *p);

/* Masks cached now (texts, discs, line profiles); at most
 * SDL_MASKCACHE_MAX_ENTRIES after every frame. */
size_t sdl_painter_cached(const sdl_painter *p);

#endif
