/* sdl_png.h - an offscreen canvas: frames drawn without a window, saved as PNG.
 *
 * `bistro --png` and `--frames` draw slides and video frames on machines with no
 * display (a CI runner, a server over ssh), and the pixel tests read drawn frames
 * back. A canvas is a 32-bit surface with alpha (SDL_PIXELFORMAT_ARGB8888)
 * painted by the same painter as the window (sdl_draw.h), on its direct path:
 * the painter writes the pixels itself, which is what SDL's software renderer
 * would do, only faster. Nothing here calls SDL_Init: surfaces, SDL_ttf and PNG
 * writing need no video subsystem, so DISPLAY may be unset.
 *
 * PNG files are written through sim/outfile.h: to a temporary file beside the
 * target, then renamed over it, so an existing file is replaced whole or not at
 * all.
 */
#ifndef BISTRO_SDL_PNG_H
#define BISTRO_SDL_PNG_H

#include <stddef.h>

#include <SDL.h>

#include "sdl_font.h"
#include "ui_shapes.h"

/* The largest canvas side; a larger one is refused (SIM_EINVAL) rather than
 * trying to allocate gigabytes. */
#define SDL_CANVAS_MAX_SIDE 16384

typedef struct sdl_canvas sdl_canvas;

/* A w x h canvas drawing text with fonts f (the caller's; must outlive the
 * canvas). 0, or SIM_EINVAL (a side outside 1..SDL_CANVAS_MAX_SIDE), SIM_ENOMEM
 * or SIM_EIO (SDL failed), with the reason in err (NULL when errsize is 0);
 * *out is NULL on failure. */
int sdl_canvas_new(int w, int h, sdl_fonts *f, sdl_canvas **out, char *err, size_t errsize);

/* NULL is a no-op. */
void sdl_canvas_free(sdl_canvas *c);

/* Draws l over bg as sdl_painter_draw does and finishes the frame, so the pixels
 * can be read and saved. 0 or the painter's error code (sdl_canvas_error says
 * what failed; the rest of the frame is drawn). */
int sdl_canvas_draw(sdl_canvas *c, const ui_list *l, ui_color bg);

/* What the last sdl_canvas_draw reported, "" when it was clean. */
const char *sdl_canvas_error(const sdl_canvas *c);

/* The pixel at (x, y) after a draw; {0, 0, 0, 0} outside the canvas. */
ui_color sdl_canvas_pixel(const sdl_canvas *c, int x, int y);

/* The canvas's pixels (owned by the canvas; for encoders that want them whole). */
SDL_Surface *sdl_canvas_surface(sdl_canvas *c);

/* Writes the canvas to `path` as a PNG ("-": standard output), atomically as
 * described above. 0, or SIM_EIO with err naming the path and the reason; on
 * failure no temporary file is left and an existing file is untouched. */
int sdl_canvas_save_png(sdl_canvas *c, const char *path, char *err, size_t errsize);

/* The fonts' measure, for laying out a frame for this canvas. */
const ui_measure *sdl_canvas_measure(sdl_canvas *c);

#endif
