/* test_sdl_draw.c - the SDL layer: fonts, the painter, the offscreen canvas, PNG.
 *
 * In the manner of SDL's own test/testautomation_render.c: draw a small list on
 * an offscreen canvas and read the pixels back. Every test runs without a display
 * (main() unsets DISPLAY and WAYLAND_DISPLAY), as `bistro --png` must on a CI
 * runner. The fonts are the system's DejaVu (fonts-dejavu-core).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <SDL_image.h>

#include "error.h"
#include "sdl_draw.h"
#include "sdl_font.h"
#include "sdl_png.h"
#include "sdl_maskcache.h"

static const ui_color WHITE = {255, 255, 255, 255};
static const ui_color BLACK = {0, 0, 0, 255};
static const ui_color RED = {200, 30, 30, 255};
static const ui_color BLUE = {30, 60, 220, 255};

/* ---- helpers ---- */

static int fonts_setup(void **state)
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

static int fonts_teardown(void **state)
{
    sdl_fonts_close(*state);
    return 0;
}

static sdl_canvas *canvas(void **state, int w, int h)
{
    char err[256];
    sdl_canvas *c = NULL;
    int rc = sdl_canvas_new(w, h, *state, &c, err, sizeof err);
    if (rc < 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    return c;
}

static void draw(sdl_canvas *c, const ui_list *l, ui_color bg)
{
    int rc = sdl_canvas_draw(c, l, bg);
    if (rc < 0)
        print_error("%s\n", sdl_canvas_error(c));
    assert_int_equal(rc, 0);
}

static bool same(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

#define assert_pixel(c, x, y, want) check_pixel(c, x, y, want, __FILE__, __LINE__)

static void check_pixel(const sdl_canvas *c, int x, int y, ui_color want, const char *file,
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
static int count_ink(const sdl_canvas *c, int w, int h, ui_rect r, int margin, bool inside,
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

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/bistro-sdl-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    char *out = strdup(d);
    assert_non_null(out);
    return out;
}

/* Entries in a directory (not "." or ".."); removes them too when `remove`. */
static int dir_entries(const char *dir, bool remove)
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

static void remove_dir(char *dir)
{
    chmod(dir, 0700);
    dir_entries(dir, true);
    rmdir(dir);
    free(dir);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void assert_file_is(const char *path, const char *text)
{
    char buf[64] = {0};
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    assert_int_equal(n, strlen(text));
    assert_string_equal(buf, text);
}

/* A canvas of random colours: its PNG cannot be compressed much. */
static void draw_noise(sdl_canvas *c, int w, int h)
{
    ui_list l;
    ui_list_init(&l);
    unsigned seed = 12345;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            ui_rect_fill(&l, (ui_rect){x, y, 1, 1},
                         (ui_color){(uint8_t)(seed >> 24), (uint8_t)(seed >> 16),
                                    (uint8_t)(seed >> 8), 255},
                         0);
        }
    }
    draw(c, &l, WHITE);
    ui_list_free(&l);
}

/* ---- shapes ---- */

static void test_canvas_rect_fills_its_rect_only(void **state)
{
    sdl_canvas *c = canvas(state, 40, 30);
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){10, 5, 20, 10}, RED, 0);
    draw(c, &l, WHITE);
    assert_pixel(c, 10, 5, RED);
    assert_pixel(c, 29, 14, RED);
    assert_pixel(c, 20, 10, RED);
    assert_pixel(c, 9, 5, WHITE);
    assert_pixel(c, 30, 5, WHITE);
    assert_pixel(c, 10, 4, WHITE);
    assert_pixel(c, 10, 15, WHITE);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_box_is_drawn_on_its_edge_only(void **state)
{
    sdl_canvas *c = canvas(state, 40, 30);
    ui_list l;
    ui_list_init(&l);
    ui_box(&l, (ui_rect){5, 5, 30, 20}, BLACK, 2);
    draw(c, &l, WHITE);
    assert_pixel(c, 5, 5, BLACK);
    assert_pixel(c, 6, 6, BLACK);
    assert_pixel(c, 34, 24, BLACK);
    assert_pixel(c, 33, 23, BLACK);
    assert_pixel(c, 20, 5, BLACK);
    assert_pixel(c, 5, 15, BLACK);
    assert_pixel(c, 7, 7, WHITE);
    assert_pixel(c, 32, 22, WHITE);
    assert_pixel(c, 20, 15, WHITE);
    assert_pixel(c, 4, 5, WHITE);
    assert_pixel(c, 35, 5, WHITE);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_rounded_rect_corners_are_background(void **state)
{
    sdl_canvas *c = canvas(state, 40, 30);
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){0, 0, 40, 30}, RED, 10);
    draw(c, &l, WHITE);
    assert_pixel(c, 0, 0, WHITE);
    assert_pixel(c, 1, 1, WHITE);
    assert_pixel(c, 39, 0, WHITE);
    assert_pixel(c, 0, 29, WHITE);
    assert_pixel(c, 39, 29, WHITE);
    assert_pixel(c, 20, 0, RED);  /* the middle of each side is filled */
    assert_pixel(c, 0, 15, RED);
    assert_pixel(c, 39, 15, RED);
    assert_pixel(c, 20, 29, RED);
    assert_pixel(c, 20, 15, RED);
    assert_pixel(c, 8, 8, RED);   /* inside the corner's arc */
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_disc_fills_centre_not_corners(void **state)
{
    sdl_canvas *c = canvas(state, 40, 40);
    ui_list l;
    ui_list_init(&l);
    ui_disc(&l, 20, 20, 15, BLUE);
    draw(c, &l, WHITE);
    assert_pixel(c, 20, 20, BLUE);
    assert_pixel(c, 20, 7, BLUE);
    assert_pixel(c, 7, 20, BLUE);
    assert_pixel(c, 5, 5, WHITE); /* the corners of the disc's square */
    assert_pixel(c, 34, 34, WHITE);
    assert_pixel(c, 8, 8, WHITE);
    assert_pixel(c, 20, 3, WHITE);
    /* anti-aliased: some edge pixel is between the two colours */
    int mixed = 0;
    for (int x = 0; x < 40; x++) {
        ui_color p = sdl_canvas_pixel(c, x, 10);
        mixed += !same(p, WHITE) && !same(p, BLUE);
    }
    assert_true(mixed > 0);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_straight_lines_are_exact(void **state)
{
    sdl_canvas *c = canvas(state, 40, 40);
    ui_list l;
    ui_list_init(&l);
    ui_line(&l, 5, 10, 30, 10, BLACK, 1);
    ui_line(&l, 5, 20, 30, 20, RED, 3);
    ui_line(&l, 36, 5, 36, 30, BLUE, 1);
    draw(c, &l, WHITE);
    assert_pixel(c, 5, 10, BLACK); /* both ends are part of the line */
    assert_pixel(c, 30, 10, BLACK);
    assert_pixel(c, 4, 10, WHITE);
    assert_pixel(c, 31, 10, WHITE);
    assert_pixel(c, 15, 9, WHITE);
    assert_pixel(c, 15, 11, WHITE);
    assert_pixel(c, 15, 19, RED);  /* 3 px wide: one row each side */
    assert_pixel(c, 15, 21, RED);
    assert_pixel(c, 15, 18, WHITE);
    assert_pixel(c, 15, 22, WHITE);
    assert_pixel(c, 36, 5, BLUE);
    assert_pixel(c, 36, 30, BLUE);
    assert_pixel(c, 35, 15, WHITE);
    assert_pixel(c, 37, 15, WHITE);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_diagonal_line_joins_its_ends(void **state)
{
    sdl_canvas *c = canvas(state, 40, 40);
    ui_list l;
    ui_list_init(&l);
    ui_line(&l, 5, 5, 35, 35, BLACK, 3);
    draw(c, &l, WHITE);
    for (int i = 6; i <= 34; i += 4) {
        ui_color p = sdl_canvas_pixel(c, i, i);
        assert_true(p.r < 64);
    }
    assert_pixel(c, 35, 5, WHITE);
    assert_pixel(c, 5, 35, WHITE);
    assert_pixel(c, 20, 12, WHITE);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_alpha_blends_halfway(void **state)
{
    sdl_canvas *c = canvas(state, 20, 10);
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){0, 0, 10, 10}, (ui_color){0, 0, 0, 128}, 0);
    ui_rect_fill(&l, (ui_rect){10, 0, 10, 10}, RED, 0);
    ui_rect_fill(&l, (ui_rect){10, 0, 10, 10}, (ui_color){0, 0, 255, 128}, 0);
    draw(c, &l, WHITE);
    /* SDL_BLENDMODE_BLEND: dst = src * a + dst * (1 - a), a = 128/255 */
    ui_color grey = sdl_canvas_pixel(c, 5, 5);
    assert_in_range(grey.r, 125, 129);
    assert_int_equal(grey.r, grey.g);
    assert_int_equal(grey.r, grey.b);
    assert_int_equal(grey.a, 255);
    ui_color mix = sdl_canvas_pixel(c, 15, 5);
    assert_in_range(mix.r, 97, 101);  /* 200 * 127/255 */
    assert_in_range(mix.g, 13, 17);   /* 30 * 127/255 */
    assert_in_range(mix.b, 141, 145); /* 255 * 128/255 + 30 * 127/255 */
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_draws_in_list_order(void **state)
{
    sdl_canvas *c = canvas(state, 30, 10);
    ui_list l;
    ui_list_init(&l);
    /* red, blue over it, red again over the blue: batching same-coloured
     * rectangles must not move the last red before the blue */
    ui_rect_fill(&l, (ui_rect){0, 0, 20, 10}, RED, 0);
    ui_rect_fill(&l, (ui_rect){5, 0, 20, 10}, BLUE, 0);
    ui_rect_fill(&l, (ui_rect){10, 0, 20, 10}, RED, 0);
    ui_disc(&l, 2, 5, 2, BLUE);
    draw(c, &l, WHITE);
    assert_pixel(c, 2, 8, RED);
    assert_pixel(c, 2, 5, BLUE);
    assert_pixel(c, 7, 5, BLUE);
    assert_pixel(c, 12, 5, RED);
    assert_pixel(c, 27, 5, RED);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

/* ---- text ---- */

static void test_canvas_text_draws_inside_its_box_only(void **state)
{
    sdl_canvas *c = canvas(state, 300, 60);
    ui_list l;
    ui_list_init(&l);
    ui_shape *s = ui_text(&l, sdl_canvas_measure(c), UI_FONT_SANS, 20, RED, 10, 10, 0,
                          UI_ALIGN_LEFT, "Hello, bistro");
    assert_non_null(s);
    ui_rect r = s->rect;
    draw(c, &l, WHITE);
    assert_true(count_ink(c, 300, 60, r, 0, true, WHITE) > 50);
    assert_int_equal(count_ink(c, 300, 60, r, 2, false, WHITE), 0);
    /* tinted: the darkest pixel has the text's colour */
    int best = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            if (same(sdl_canvas_pixel(c, x, y), RED))
                best++;
    assert_true(best > 0);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_skips_text_outside_the_store(void **state)
{
    sdl_canvas *c = canvas(state, 20, 20);
    ui_list l;
    ui_list_init(&l);
    ui_text(&l, ui_measure_fixed(), UI_FONT_SANS, 12, BLACK, 0, 0, 0, UI_ALIGN_LEFT, "ok");
    ui_shape *s = ui_add(&l, UI_SHAPE_TEXT, (ui_rect){0, 0, 20, 20}, BLACK);
    s->px = 12;
    s->text = 1000; /* past the end of the text store: must not be read */
    s->len = 5;
    draw(c, &l, WHITE);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_fonts_measure_grows_with_length(void **state)
{
    const ui_measure *m = sdl_fonts_measure(*state);
    int prev = 0;
    const char *s = "Waiters and tables";
    for (size_t n = 1; n <= strlen(s); n++) {
        int w = m->width(m->ctx, UI_FONT_SANS, 20, s, n);
        assert_true(w > 0);
        assert_true(w >= prev);
        prev = w;
    }
    assert_true(m->width(m->ctx, UI_FONT_SANS, 20, "WWWW", 4) >
                m->width(m->ctx, UI_FONT_SANS, 20, "WW", 2));
    assert_true(m->width(m->ctx, UI_FONT_SANS, 40, "WW", 2) >
                m->width(m->ctx, UI_FONT_SANS, 20, "WW", 2));
    assert_int_equal(m->width(m->ctx, UI_FONT_SANS, 20, "", 0), 0);
    assert_true(m->height(m->ctx, UI_FONT_SANS, 20) >= 20);
}

static void test_fonts_measure_uses_exactly_the_bytes_given(void **state)
{
    const ui_measure *m = sdl_fonts_measure(*state);
    const char *s = "Hello world";
    assert_int_equal(m->width(m->ctx, UI_FONT_BOLD, 16, s, 5),
                     m->width(m->ctx, UI_FONT_BOLD, 16, "Hello", 5));
    assert_true(m->width(m->ctx, UI_FONT_BOLD, 16, s, 11) >
                m->width(m->ctx, UI_FONT_BOLD, 16, s, 5));
}

static void test_fonts_mono_advance_matches_dejavu(void **state)
{
    const ui_measure *m = sdl_fonts_measure(*state);
    /* DejaVu Sans Mono advances every glyph by 1233/2048 em (its hmtx table):
     * 12.04 px at 20 px, rounded to 12 by full hinting. */
    assert_int_equal(m->width(m->ctx, UI_FONT_MONO, 20, "0123456789", 10), 120);
    assert_int_equal(m->width(m->ctx, UI_FONT_MONO, 20, "iiiiiiiiii", 10), 120);
    assert_true(m->width(m->ctx, UI_FONT_SANS, 20, "iiiiiiiiii", 10) <
                m->width(m->ctx, UI_FONT_SANS, 20, "MMMMMMMMMM", 10));
}

static void test_fonts_bistro_font_missing_file_is_an_error(void **state)
{
    (void)state;
    char err[512];
    sdl_fonts *f = (sdl_fonts *)&err; /* must be set to NULL */
    setenv("BISTRO_FONT", "/nonexistent/bistro/font.ttf", 1);
    int rc = sdl_fonts_open(&f, err, sizeof err);
    unsetenv("BISTRO_FONT");
    assert_int_equal(rc, SIM_EIO);
    assert_null(f);
    assert_non_null(strstr(err, "/nonexistent/bistro/font.ttf"));
    assert_non_null(strstr(err, "BISTRO_FONT"));
}

static void test_fonts_bistro_font_not_a_font_is_an_error(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/fake.ttf", dir);
    write_file(path, "this is not a font\n");
    sdl_fonts *f = NULL;
    setenv("BISTRO_FONT", path, 1);
    int rc = sdl_fonts_open(&f, err, sizeof err);
    unsetenv("BISTRO_FONT");
    assert_int_equal(rc, SIM_EIO);
    assert_null(f);
    assert_non_null(strstr(err, path));
    remove_dir(dir);
}

static void test_fonts_bistro_font_directory_is_an_error(void **state)
{
    (void)state;
    char *dir = temp_dir(), err[512];
    sdl_fonts *f = NULL;
    setenv("BISTRO_FONT", dir, 1); /* SDL_LoadFile crashed on this (SDL 2.26) */
    int rc = sdl_fonts_open(&f, err, sizeof err);
    unsetenv("BISTRO_FONT");
    assert_int_equal(rc, SIM_EIO);
    assert_null(f);
    assert_non_null(strstr(err, dir));
    assert_non_null(strstr(err, strerror(EISDIR)));
    remove_dir(dir);
}

static void test_fonts_bistro_font_serves_every_face(void **state)
{
    (void)state;
    const char *mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
    char err[512];
    sdl_fonts *f = NULL;
    setenv("BISTRO_FONT", mono, 1);
    int rc = sdl_fonts_open(&f, err, sizeof err);
    unsetenv("BISTRO_FONT");
    if (rc < 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    for (int i = 0; i < UI_FONT_COUNT; i++)
        assert_string_equal(sdl_fonts_path(f, i), mono);
    const ui_measure *m = sdl_fonts_measure(f);
    /* the sans face is now monospaced */
    assert_int_equal(m->width(m->ctx, UI_FONT_SANS, 20, "iiii", 4),
                     m->width(m->ctx, UI_FONT_SANS, 20, "MMMM", 4));
    sdl_fonts_close(f);
}

static void test_fonts_close_gives_back_its_ttf_reference(void **state)
{
    (void)state;
    int before = TTF_WasInit(); /* the group's fonts hold one */
    sdl_fonts *f = NULL;
    assert_int_equal(sdl_fonts_open(&f, NULL, 0), 0);
    assert_int_equal(TTF_WasInit(), before + 1);
    sdl_fonts_close(f);
    assert_int_equal(TTF_WasInit(), before);
    sdl_fonts_close(NULL);
}

/* ---- the texture cache ---- */

static void test_painter_text_cache_stays_bounded(void **state)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 200, 40, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(r);
    sdl_painter *p = NULL;
    assert_int_equal(sdl_painter_new(r, *state, &p), 0);
    const ui_measure *m = sdl_fonts_measure(*state);
    ui_list l;
    ui_list_init(&l);
    char buf[32];
    for (int frame = 0; frame < 30; frame++) {
        ui_list_clear(&l);
        for (int i = 0; i < 100; i++) {
            snprintf(buf, sizeof buf, "f%d s%d", frame, i);
            ui_text(&l, m, UI_FONT_SANS, 12, BLACK, i % 150, 10, 0, UI_ALIGN_LEFT, buf);
        }
        assert_int_equal(sdl_painter_draw(p, &l, WHITE), 0);
        assert_true(sdl_painter_cached(p) <= 100 * SDL_MASKCACHE_MAX_AGE);
    }
    /* the same frame again and again: its 100 textures are reused, the rest age out */
    for (int i = 0; i <= SDL_MASKCACHE_MAX_AGE; i++)
        assert_int_equal(sdl_painter_draw(p, &l, WHITE), 0);
    assert_int_equal(sdl_painter_cached(p), 100);
    ui_list_clear(&l);
    for (int i = 0; i < SDL_MASKCACHE_MAX_AGE; i++)
        assert_int_equal(sdl_painter_draw(p, &l, WHITE), 0);
    assert_int_equal(sdl_painter_cached(p), 0);
    /* one frame with more distinct strings than the cache may keep */
    for (int i = 0; i < SDL_MASKCACHE_MAX_ENTRIES + 50; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        ui_text(&l, m, UI_FONT_MONO, 8, BLACK, 0, 0, 0, UI_ALIGN_LEFT, buf);
    }
    assert_int_equal(sdl_painter_draw(p, &l, WHITE), 0);
    assert_true(sdl_painter_cached(p) <= SDL_MASKCACHE_MAX_ENTRIES);
    ui_list_free(&l);
    sdl_painter_free(p);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

/* ---- the two paths: straight into pixels, and through SDL_Renderer calls ---- */

/* A bit of everything but diagonals, for comparing the two paths (SDL's
 * software geometry rasterises half a pixel off from where a GPU and the
 * direct path put a diagonal, so diagonals are checked on their own). */
static void sample_list(ui_list *l, const ui_measure *m)
{
    ui_rect_fill(l, (ui_rect){4, 4, 50, 30}, RED, 8);
    ui_box(l, (ui_rect){60, 4, 40, 30}, BLACK, 2);
    ui_disc(l, 120, 20, 14, BLUE);
    ui_rect_fill(l, (ui_rect){30, 20, 80, 30}, (ui_color){0, 150, 0, 120}, 0);
    ui_line(l, 4, 60, 150, 60, BLACK, 1);
    ui_line(l, 80, 4, 80, 50, BLUE, 3);
    ui_text(l, m, UI_FONT_SANS, 16, BLACK, 4, 95, 0, UI_ALIGN_LEFT, "Waiter 3");
    ui_text(l, m, UI_FONT_MONO, 14, (ui_color){200, 0, 0, 160}, 80, 95, 0, UI_ALIGN_LEFT, "io 1s");
}

static ui_color surface_pixel(SDL_Surface *s, int x, int y)
{
    Uint32 px = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    ui_color c;
    SDL_GetRGBA(px, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static int channel_gap(ui_color a, ui_color b)
{
    int d[3] = {abs(a.r - b.r), abs(a.g - b.g), abs(a.b - b.b)};
    int most = d[0] > d[1] ? d[0] : d[1];
    return most > d[2] ? most : d[2];
}

static void test_painter_renderer_path_matches_direct_path(void **state)
{
    enum { W = 160, H = 120 };
    sdl_canvas *c = canvas(state, W, H);
    ui_list l;
    ui_list_init(&l);
    sample_list(&l, sdl_canvas_measure(c));
    draw(c, &l, WHITE);

    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(r);
    sdl_painter *p = NULL;
    assert_int_equal(sdl_painter_new(r, *state, &p), 0);
    int rc = sdl_painter_draw(p, &l, WHITE);
    if (rc < 0)
        print_error("%s\n", sdl_painter_error(p));
    assert_int_equal(rc, 0);
    assert_false(sdl_painter_direct(p)); /* a renderer with no window: its own calls */
    assert_int_equal(SDL_RenderFlush(r), 0);

    /* the same picture, but for rounding (SDL's blitters round down) */
    int off = 0;
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            int gap = channel_gap(sdl_canvas_pixel(c, x, y), surface_pixel(surf, x, y));
            if (gap > 2)
                print_message("(%d, %d) differs by %d\n", x, y, gap);
            off += gap > 2;
        }
    }
    assert_int_equal(off, 0);

    /* a diagonal through the renderer: dark along its middle, nothing far off */
    ui_list_clear(&l);
    ui_line(&l, 10, 10, 150, 100, BLUE, 3);
    assert_int_equal(sdl_painter_draw(p, &l, WHITE), 0);
    assert_int_equal(SDL_RenderFlush(r), 0);
    for (int x = 20; x < 150; x += 10) {
        int y = 10 + (x - 10) * 90 / 140;
        int best = 255;
        for (int dy = -1; dy <= 1; dy++) {
            ui_color px = surface_pixel(surf, x, y + dy);
            best = px.r < best ? px.r : best;
        }
        assert_true(best < 80);
        assert_int_equal(channel_gap(surface_pixel(surf, x, y + 6), WHITE), 0);
        assert_int_equal(channel_gap(surface_pixel(surf, x, y - 6), WHITE), 0);
    }
    sdl_painter_free(p);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

/* A window drawn by SDL's software renderer: the painter finds the window
 * surface and writes it directly. Uses SDL's offscreen video driver, so it runs
 * without a display too. */
static void test_painter_software_window_is_drawn_directly(void **state)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        print_message("no offscreen video driver (%s): skipped\n", SDL_GetError());
        skip();
    }
    SDL_Window *win = SDL_CreateWindow("t", 0, 0, 64, 48, SDL_WINDOW_HIDDEN);
    assert_non_null(win);
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    assert_non_null(r);
    sdl_painter *p = NULL;
    assert_int_equal(sdl_painter_new(r, *state, &p), 0);
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){10, 10, 20, 20}, RED, 0);
    assert_int_equal(sdl_painter_draw(p, &l, WHITE), 0);
    assert_true(sdl_painter_direct(p));
    SDL_RenderPresent(r);
    SDL_Surface *s = SDL_GetWindowSurface(win);
    assert_non_null(s);
    ui_color in = surface_pixel(s, 15, 15), out = surface_pixel(s, 5, 5);
    assert_int_equal(channel_gap(in, RED), 0);
    assert_int_equal(channel_gap(out, WHITE), 0);
    ui_list_free(&l);
    sdl_painter_free(p);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

static void test_painter_new_surface_rejects_other_formats(void **state)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 8, 8, 16, SDL_PIXELFORMAT_RGB565);
    assert_non_null(s);
    sdl_painter *p = (sdl_painter *)s;
    assert_int_equal(sdl_painter_new_surface(s, *state, &p), SIM_EINVAL);
    assert_null(p);
    SDL_FreeSurface(s);
}

static void test_painter_reports_a_failure_and_draws_the_rest(void **state)
{
    sdl_canvas *c = canvas(state, 20, 20);
    ui_list l;
    ui_list_init(&l);
    ui_disc(&l, 10, 10, 5000, RED); /* a 10000 px disc: more than a mask may hold */
    ui_rect_fill(&l, (ui_rect){0, 0, 5, 5}, BLUE, 0);
    assert_int_equal(sdl_canvas_draw(c, &l, WHITE), SIM_ELIMIT);
    assert_non_null(strstr(sdl_canvas_error(c), "disc"));
    assert_pixel(c, 2, 2, BLUE);
    assert_pixel(c, 10, 10, WHITE);
    ui_list_clear(&l);
    draw(c, &l, WHITE); /* the next frame is clean again */
    assert_string_equal(sdl_canvas_error(c), "");
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_translucent_rounded_rect_blends_evenly(void **state)
{
    sdl_canvas *c = canvas(state, 40, 40);
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){0, 0, 40, 40}, (ui_color){0, 0, 0, 100}, 10);
    draw(c, &l, WHITE);
    /* corner quarter, side band and centre each cover their pixels once */
    ui_color mid = sdl_canvas_pixel(c, 20, 20);
    assert_pixel(c, 9, 9, mid);
    assert_pixel(c, 30, 30, mid);
    assert_pixel(c, 2, 20, mid);
    assert_pixel(c, 20, 2, mid);
    assert_in_range(mid.r, 153, 157); /* 255 * 155/255 */
    ui_list_free(&l);
    sdl_canvas_free(c);
}

/* ---- the canvas and PNG files ---- */

static void test_canvas_new_rejects_bad_sizes(void **state)
{
    char err[256];
    sdl_canvas *c = (sdl_canvas *)&err;
    assert_int_equal(sdl_canvas_new(0, 10, *state, &c, err, sizeof err), SIM_EINVAL);
    assert_null(c);
    assert_non_null(strstr(err, "0x10"));
    assert_int_equal(sdl_canvas_new(10, SDL_CANVAS_MAX_SIDE + 1, *state, &c, err, sizeof err),
                     SIM_EINVAL);
    sdl_canvas_free(NULL);
}

static void test_canvas_pixel_outside_is_transparent(void **state)
{
    sdl_canvas *c = canvas(state, 4, 4);
    ui_list l;
    ui_list_init(&l);
    draw(c, &l, RED);
    assert_pixel(c, 3, 3, RED);
    assert_pixel(c, 4, 0, ((ui_color){0, 0, 0, 0}));
    assert_pixel(c, -1, 0, ((ui_color){0, 0, 0, 0}));
    sdl_canvas_free(c);
}

static void test_canvas_png_loads_back_with_the_same_pixels(void **state)
{
    sdl_canvas *c = canvas(state, 64, 48);
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){4, 4, 30, 20}, RED, 6);
    ui_disc(&l, 45, 30, 12, BLUE);
    ui_rect_fill(&l, (ui_rect){20, 20, 30, 20}, (ui_color){0, 160, 0, 100}, 0);
    ui_text(&l, sdl_canvas_measure(c), UI_FONT_BOLD, 14, BLACK, 2, 30, 0, UI_ALIGN_LEFT, "Ab");
    draw(c, &l, WHITE);
    char *dir = temp_dir(), path[256], err[256];
    snprintf(path, sizeof path, "%s/frame.png", dir);
    int rc = sdl_canvas_save_png(c, path, err, sizeof err);
    if (rc < 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    SDL_Surface *raw = IMG_Load(path);
    assert_non_null(raw);
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    assert_non_null(s);
    assert_int_equal(s->w, 64);
    assert_int_equal(s->h, 48);
    for (int y = 0; y < s->h; y++) {
        for (int x = 0; x < s->w; x++) {
            Uint32 px = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            ui_color got;
            SDL_GetRGBA(px, s->format, &got.r, &got.g, &got.b, &got.a);
            assert_pixel(c, x, y, got);
        }
    }
    assert_int_equal(dir_entries(dir, false), 1); /* no temporary file left */
    SDL_FreeSurface(s);
    SDL_FreeSurface(raw);
    remove_dir(dir);
    ui_list_free(&l);
    sdl_canvas_free(c);
}

static void test_canvas_png_into_missing_directory_fails(void **state)
{
    sdl_canvas *c = canvas(state, 8, 8);
    ui_list l;
    ui_list_init(&l);
    draw(c, &l, WHITE);
    char *dir = temp_dir(), path[256], err[512];
    snprintf(path, sizeof path, "%s/missing/frame.png", dir);
    assert_int_equal(sdl_canvas_save_png(c, path, err, sizeof err), SIM_EIO);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, strerror(ENOENT)));
    assert_int_equal(dir_entries(dir, false), 0); /* nothing created */
    remove_dir(dir);
    sdl_canvas_free(c);
}

static void test_canvas_png_replaces_an_existing_file(void **state)
{
    sdl_canvas *c = canvas(state, 8, 8);
    ui_list l;
    ui_list_init(&l);
    draw(c, &l, BLUE);
    char *dir = temp_dir(), path[256], err[256];
    snprintf(path, sizeof path, "%s/frame.png", dir);
    write_file(path, "old");
    assert_int_equal(sdl_canvas_save_png(c, path, err, sizeof err), 0);
    SDL_Surface *s = IMG_Load(path);
    assert_non_null(s);
    assert_int_equal(s->w, 8);
    SDL_FreeSurface(s);
    assert_int_equal(dir_entries(dir, false), 1);
    remove_dir(dir);
    sdl_canvas_free(c);
}

static void test_canvas_png_failed_save_leaves_the_old_file(void **state)
{
    sdl_canvas *c = canvas(state, 128, 128);
    draw_noise(c, 128, 128); /* ~48 KB of PNG */
    char *dir = temp_dir(), path[256], err[512];
    snprintf(path, sizeof path, "%s/frame.png", dir);
    write_file(path, "old");

    /* A file size limit makes the write fail half-way, even for root. */
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = {4096, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = sdl_canvas_save_png(c, path, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, old_sig);
    assert_int_equal(rc, SIM_EIO);
    assert_non_null(strstr(err, path));
    assert_file_is(path, "old");
    assert_int_equal(dir_entries(dir, false), 1); /* the temporary file is gone */

    /* A read-only directory; root writes anyway, so only checked for others
     * (these tests usually run as root in the container: then skipped). */
    if (geteuid() != 0) {
        assert_int_equal(chmod(dir, 0500), 0);
        assert_int_equal(sdl_canvas_save_png(c, path, err, sizeof err), SIM_EIO);
        assert_non_null(strstr(err, path));
        assert_file_is(path, "old");
        assert_int_equal(dir_entries(dir, false), 1);
    }
    remove_dir(dir);
    sdl_canvas_free(c);
}

int main(void)
{
    /* everything here must work with no display at all */
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("BISTRO_FONT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canvas_rect_fills_its_rect_only),
        cmocka_unit_test(test_canvas_box_is_drawn_on_its_edge_only),
        cmocka_unit_test(test_canvas_rounded_rect_corners_are_background),
        cmocka_unit_test(test_canvas_disc_fills_centre_not_corners),
        cmocka_unit_test(test_canvas_straight_lines_are_exact),
        cmocka_unit_test(test_canvas_diagonal_line_joins_its_ends),
        cmocka_unit_test(test_canvas_alpha_blends_halfway),
        cmocka_unit_test(test_canvas_draws_in_list_order),
        cmocka_unit_test(test_canvas_text_draws_inside_its_box_only),
        cmocka_unit_test(test_canvas_skips_text_outside_the_store),
        cmocka_unit_test(test_fonts_measure_grows_with_length),
        cmocka_unit_test(test_fonts_measure_uses_exactly_the_bytes_given),
        cmocka_unit_test(test_fonts_mono_advance_matches_dejavu),
        cmocka_unit_test(test_fonts_bistro_font_missing_file_is_an_error),
        cmocka_unit_test(test_fonts_bistro_font_not_a_font_is_an_error),
        cmocka_unit_test(test_fonts_bistro_font_directory_is_an_error),
        cmocka_unit_test(test_fonts_bistro_font_serves_every_face),
        cmocka_unit_test(test_fonts_close_gives_back_its_ttf_reference),
        cmocka_unit_test(test_painter_text_cache_stays_bounded),
        cmocka_unit_test(test_painter_renderer_path_matches_direct_path),
        cmocka_unit_test(test_painter_software_window_is_drawn_directly),
        cmocka_unit_test(test_painter_new_surface_rejects_other_formats),
        cmocka_unit_test(test_painter_reports_a_failure_and_draws_the_rest),
        cmocka_unit_test(test_canvas_translucent_rounded_rect_blends_evenly),
        cmocka_unit_test(test_canvas_new_rejects_bad_sizes),
        cmocka_unit_test(test_canvas_pixel_outside_is_transparent),
        cmocka_unit_test(test_canvas_png_loads_back_with_the_same_pixels),
        cmocka_unit_test(test_canvas_png_into_missing_directory_fails),
        cmocka_unit_test(test_canvas_png_replaces_an_existing_file),
        cmocka_unit_test(test_canvas_png_failed_save_leaves_the_old_file),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
