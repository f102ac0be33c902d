/* sdl_raster_internal.h - drawing straight into a 32-bit surface: the painter's fast path.
 *
 * SDL's software renderer is slow at what a bistro frame is made of: thousands
 * of small rectangles (SDL_FillRect's streaming stores cost about 2 us per 22x7
 * rectangle on a 2-core VM, 7 ms for a frame's timeline) and tinted texture
 * copies (the generic modulating blitter). Writing the pixels ourselves is ten
 * times faster and simple for the four things a frame needs: a filled rectangle,
 * a coverage mask tinted with a colour (text, discs, rounded corners), and an
 * anti-aliased diagonal line. The painter (sdl_draw.h) uses these whenever it
 * can reach the pixels: always on an offscreen canvas, and for a window drawn by
 * SDL's software renderer.
 *
 * Blending is SDL_BLENDMODE_BLEND's, rounded to nearest:
 *   dst.rgb = src.rgb * a + dst.rgb * (1 - a),  dst.a = a + dst.a * (1 - a).
 * Every call clips to the surface; nothing outside it is touched.
 */
#ifndef BISTRO_SDL_RASTER_INTERNAL_H
#define BISTRO_SDL_RASTER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "ui_shapes.h"

/* Whether s can be drawn on: SDL_PIXELFORMAT_ARGB8888 or RGB888 (XRGB), and no
 * locking needed (not RLE). */
bool sdl_raster_supports(const SDL_Surface *s);

/* Sets every pixel to c exactly (alpha included: a clear, not a blend). */
void sdl_raster_clear(SDL_Surface *s, ui_color c);

/* Fills the rectangle, blending when c.a < 255. */
void sdl_raster_fill(SDL_Surface *s, int x, int y, int w, int h, ui_color c);

/* Blends colour c through a coverage mask: the w x h block at (sx, sy) of
 * `cover` (one byte per pixel, `pitch` bytes a row) lands at (dx, dy); each
 * pixel's alpha is c.a * coverage / 255. */
void sdl_raster_mask(SDL_Surface *s, const uint8_t *cover, int pitch, int sx, int sy, int w, int h,
                     int dx, int dy, ui_color c);

/* An anti-aliased line `thick` px wide between the pixel centres (x0, y0) and
 * (x1, y1), with flat ends. Meant for diagonals: straight lines are exact
 * rectangles and cheaper as such. */
void sdl_raster_line(SDL_Surface *s, int x0, int y0, int x1, int y1, int thick, ui_color c);

#endif
