/* test_sdl_draw.c - the painter: every shape drawn on an offscreen canvas and
 * read back, both drawing paths, the mask cache.
 *
 * In the manner of SDL's own test/testautomation_render.c: draw a small list and
 * compare pixels. Runs without a display (main() unsets DISPLAY and
 * WAYLAND_DISPLAY), as `bistro --png` must on a CI runner.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "error.h"
#include "sdl_draw.h"
#include "sdl_maskcache.h"
#include "test_sdl_support.h"

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

/* The window half of the test below, run in a child process; the exit status
 * says which step failed (0: none, SKIP_NO_VIDEO: no offscreen driver). */
#define SKIP_NO_VIDEO 77

static int software_window_child(sdl_fonts *f)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0)
        return SKIP_NO_VIDEO;
    SDL_Window *win = SDL_CreateWindow("t", 0, 0, 64, 48, SDL_WINDOW_HIDDEN);
    SDL_Renderer *r = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    sdl_painter *p = NULL;
    if (!r || sdl_painter_new(r, f, &p) < 0)
        return 1;
    ui_list l;
    ui_list_init(&l);
    ui_rect_fill(&l, (ui_rect){10, 10, 20, 20}, RED, 0);
    if (sdl_painter_draw(p, &l, WHITE) < 0)
        return 2;
    if (!sdl_painter_direct(p))
        return 3;
    SDL_RenderPresent(r);
    SDL_Surface *s = SDL_GetWindowSurface(win);
    if (!s || channel_gap(surface_pixel(s, 15, 15), RED) != 0 ||
        channel_gap(surface_pixel(s, 5, 5), WHITE) != 0)
        return 4;
    ui_list_free(&l);
    sdl_painter_free(p);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
    return 0;
}

/* A window drawn by SDL's software renderer: the painter finds the window
 * surface and writes it directly. Uses SDL's offscreen video driver, so it runs
 * without a display too. In a child process because the driver brings up Mesa's
 * EGL, which leaks at exit (libEGL_mesa, libglapi: seen with valgrind), and
 * _exit skips LeakSanitizer's check of the child; our own code is checked for
 * leaks by every other test. */
static void test_painter_software_window_is_drawn_directly(void **state)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(software_window_child(*state));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == SKIP_NO_VIDEO) {
        print_message("no offscreen video driver: skipped\n");
        skip();
    }
    assert_int_equal(WEXITSTATUS(status), 0); /* else the child's failing step */
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

/* A pictogram is the SVG's shape in the shape's colour: assets/table.svg's top
 * (a bar across the upper third, 4..60 of 64 wide, 16..26 high) is drawn, the
 * space under its top between the legs stays background. */
static void test_canvas_image_draws_the_pictogram_in_its_colour(void **state)
{
    sdl_canvas *c = canvas(state, 64, 64);
    ui_list l;
    ui_list_init(&l);
    ui_image(&l, (ui_rect){0, 0, 64, 64}, BLUE, "table");
    draw(c, &l, WHITE);
    assert_pixel(c, 32, 20, BLUE); /* the table's top */
    assert_pixel(c, 14, 40, BLUE); /* its left leg */
    assert_pixel(c, 32, 40, WHITE); /* between the legs */
    assert_pixel(c, 32, 4, WHITE); /* above it */
    ui_list_free(&l);
    sdl_canvas_free(c);
}

/* A pictogram that is not there: the frame says which file, the rest is drawn. */
static void test_painter_names_a_missing_pictogram(void **state)
{
    sdl_canvas *c = canvas(state, 20, 20);
    ui_list l;
    ui_list_init(&l);
    ui_image(&l, (ui_rect){0, 0, 10, 10}, RED, "no-such-picture");
    ui_rect_fill(&l, (ui_rect){0, 0, 5, 5}, BLUE, 0);
    assert_int_equal(sdl_canvas_draw(c, &l, WHITE), SIM_EIO);
    assert_non_null(strstr(sdl_canvas_error(c), "no-such-picture.svg"));
    assert_pixel(c, 2, 2, BLUE);
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
        cmocka_unit_test(test_painter_text_cache_stays_bounded),
        cmocka_unit_test(test_painter_renderer_path_matches_direct_path),
        cmocka_unit_test(test_painter_software_window_is_drawn_directly),
        cmocka_unit_test(test_painter_new_surface_rejects_other_formats),
        cmocka_unit_test(test_painter_reports_a_failure_and_draws_the_rest),
        cmocka_unit_test(test_canvas_image_draws_the_pictogram_in_its_colour),
        cmocka_unit_test(test_painter_names_a_missing_pictogram),
        cmocka_unit_test(test_canvas_translucent_rounded_rect_blends_evenly),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
