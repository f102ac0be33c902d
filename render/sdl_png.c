/* sdl_png.c - offscreen canvas and atomic PNG files (see sdl_png.h). */
#include "sdl_png.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "error.h"
#include "outfile.h"
#include "sdl_draw.h"

struct sdl_canvas {
    SDL_Surface *surf;
    sdl_painter *painter;
    sdl_fonts *fonts;
    char err[256];
};

/* err with its size, or a throwaway buffer when the caller gave none. */
#define ERR_OR_DUMMY(err, errsize, dummy) \
    do {                                  \
        if (!(err) || (errsize) == 0) {   \
            (err) = (dummy);              \
            (errsize) = sizeof(dummy);    \
        }                                 \
    } while (0)

int sdl_canvas_new(int w, int h, sdl_fonts *f, sdl_canvas **out, char *err, size_t errsize)
{
    char dummy[1];
    ERR_OR_DUMMY(err, errsize, dummy);
    err[0] = '\0';
    *out = NULL;
    if (w < 1 || h < 1 || w > SDL_CANVAS_MAX_SIDE || h > SDL_CANVAS_MAX_SIDE) {
        snprintf(err, errsize, "a frame of %dx%d pixels: each side must be 1 to %d", w, h,
                 SDL_CANVAS_MAX_SIDE);
        return SIM_EINVAL;
    }
    sdl_canvas *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsize, "out of memory for a %dx%d frame", w, h);
        return SIM_ENOMEM;
    }
    c->fonts = f;
    int rc = SIM_EIO;
    c->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!c->surf) {
        snprintf(err, errsize, "cannot make a %dx%d frame: %s", w, h, SDL_GetError());
        goto fail;
    }
    if (sdl_painter_new_surface(c->surf, f, &c->painter) < 0) {
        rc = SIM_ENOMEM;
        snprintf(err, errsize, "out of memory for a %dx%d frame", w, h);
        goto fail;
    }
    *out = c;
    return 0;
fail:
    sdl_canvas_free(c);
    return rc;
}

void sdl_canvas_free(sdl_canvas *c)
{
    if (!c)
        return;
    sdl_painter_free(c->painter);
    SDL_FreeSurface(c->surf);
    free(c);
}

int sdl_canvas_draw(sdl_canvas *c, const ui_list *l, ui_color bg)
{
    int rc = sdl_painter_draw(c->painter, l, bg);
    snprintf(c->err, sizeof c->err, "%s", sdl_painter_error(c->painter));
    return rc;
}

const char *sdl_canvas_error(const sdl_canvas *c)
{
    return c->err;
}

ui_color sdl_canvas_pixel(const sdl_canvas *c, int x, int y)
{
    const SDL_Surface *s = c->surf;
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return (ui_color){0, 0, 0, 0};
    const Uint8 *row = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch;
    Uint32 px = ((const Uint32 *)row)[x];
    ui_color out;
    SDL_GetRGBA(px, s->format, &out.r, &out.g, &out.b, &out.a);
    return out;
}

SDL_Surface *sdl_canvas_surface(sdl_canvas *c)
{
    return c->surf;
}

int sdl_canvas_save_png(sdl_canvas *c, const char *path, char *err, size_t errsize)
{
    char dummy[1];
    ERR_OR_DUMMY(err, errsize, dummy);
    err[0] = '\0';
    outfile af;
    if (outfile_open(&af, path) < 0) {
        snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
        return SIM_EIO;
    }
    SDL_RWops *rw = SDL_RWFromFP(af.f, SDL_FALSE);
    if (!rw) {
        snprintf(err, errsize, "cannot write %s: %s", path, SDL_GetError());
        outfile_abort(&af);
        return SIM_EIO;
    }
    errno = 0;
    if (IMG_SavePNG_RW(c->surf, rw, 1) < 0 || ferror(af.f)) {
        /* stdio keeps a write error (a full disk, a file size limit) in the stream
         * even when the encoder did not notice it */
        int e = errno;
        snprintf(err, errsize, "cannot write %s: %s", path,
                 ferror(af.f) && e ? strerror(e) : IMG_GetError());
        outfile_abort(&af);
        return SIM_EIO;
    }
    if (outfile_commit(&af) < 0) {
        snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
        return SIM_EIO;
    }
    return 0;
}

const ui_measure *sdl_canvas_measure(sdl_canvas *c)
{
    return sdl_fonts_measure(c->fonts);
}
