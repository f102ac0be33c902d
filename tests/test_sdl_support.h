/* test_sdl_support.h - what the SDL layer's tests share: fonts for a group, a
 * canvas, pixel checks, temporary folders.
 *
 * Include after <cmocka.h>. Everything is static inline, so a test program uses
 * what it needs and the compiler drops the rest.
 */
#ifndef BISTRO_TEST_SDL_SUPPORT_H
#define BISTRO_TEST_SDL_SUPPORT_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sdl_font.h"
#include "sdl_png.h"

static const ui_color WHITE = {255, 255, 255, 255};
static const ui_color BLACK = {0, 0, 0, 255};
static const ui_color RED = {200, 30, 30, 255};
static const ui_color BLUE = {30, 60, 220, 255};

static inline int fonts_setup(void **state)
{
    char err[512];
    sdl_fonts *f = NULL;
    if (sdl_fonts_open(&f, err, sizeof err) < 0) {
        print_error("%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static inline int fonts_teardown(void **state)
{
    sdl_fonts_close(*state);
    return 0;
}

static inline sdl_canvas *canvas(void **state, int w, int h)
{
    char err[256];
    sdl_canvas *c = NULL;
    int rc = sdl_canvas_new(w, h, *state, &c, err, sizeof err);
    if (rc < 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    return c;
}

static inline void draw(sdl_canvas *c, const ui_list *l, ui_color bg)
{
    int rc = sdl_canvas_draw(c, l, bg);
    if (rc < 0)
        print_error("%s\n", sdl_canvas_error(c));
    assert_int_equal(rc, 0);
}

static inline bool same(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

#define assert_pixel(c, x, y, want) check_pixel(c, x, y, want, __FILE__, __LINE__)

static inline void check_pixel(const sdl_canvas *c, int x, int y, ui_color want, const char *file,
                               int line)
{
    ui_color got = sdl_canvas_pixel(c, x, y);
    if (!same(got, want)) {
        print_error("pixel (%d, %d) is %d,%d,%d,%d, expected %d,%d,%d,%d\n", x, y, got.r, got.g,
                    got.b, got.a, want.r, want.g, want.b, want.a);
        _fail(file, line);
    }
}

/* Non-bg pixels inside r (inside = true) or outside r grown by `margin`. */
static inline int count_ink(const sdl_canvas *c, int w, int h, ui_rect r, int margin, bool inside,
                            ui_color bg)
{
    ui_rect grown = {r.x - margin, r.y - margin, r.w + 2 * margin, r.h + 2 * margin};
    int n = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            bool in = inside ? ui_rect_has(r, x, y) : !ui_rect_has(grown, x, y);
            n += in && !same(sdl_canvas_pixel(c, x, y), bg);
        }
    }
    return n;
}

static inline char *temp_dir(void)
{
    char tmpl[] = "/tmp/bistro-sdl-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    char *out = strdup(d);
    assert_non_null(out);
    return out;
}

/* Entries in a directory (not "." or ".."); removes them too when `remove`. */
static inline int dir_entries(const char *dir, bool remove)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (remove) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    }
    closedir(d);
    return n;
}

static inline void remove_dir(char *dir)
{
    chmod(dir, 0700);
    dir_entries(dir, true);
    rmdir(dir);
    free(dir);
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static inline void assert_file_is(const char *path, const char *text)
{
    char buf[64] = {0};
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    assert_int_equal(n, strlen(text));
    assert_string_equal(buf, text);
}

static inline ui_color surface_pixel(SDL_Surface *s, int x, int y)
{
    Uint32 px = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    ui_color c;
    SDL_GetRGBA(px, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static inline int channel_gap(ui_color a, ui_color b)
{
    int d[3] = {abs(a.r - b.r), abs(a.g - b.g), abs(a.b - b.b)};
    int most = d[0] > d[1] ? d[0] : d[1];
    return most > d[2] ? most : d[2];
}

#endif
