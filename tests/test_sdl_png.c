/* test_sdl_png.c - the offscreen canvas and its PNG files: written whole or
 * not at all, read back with the same pixels.
 *
 * Runs without a display (main() unsets DISPLAY and WAYLAND_DISPLAY).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/resource.h>

#include <cmocka.h>

#include <SDL_image.h>

#include "error.h"
#include "sdl_png.h"
#include "test_sdl_support.h"

/* A canvas of random colours: its PNG cannot be compressed much. */
static void draw_noise(sdl_canvas *c, int w, int h)
{
    ui_list l;
    ui_list_init(&l);
    unsigned seed = 12345;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            ui_rect_fill(
                &l, (ui_rect){x, y, 1, 1},
                (ui_color){(uint8_t)(seed >> 24), (uint8_t)(seed >> 16), (uint8_t)(seed >> 8), 255},
                0);
        }
    }
    draw(c, &l, WHITE);
    ui_list_free(&l);
}

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
        cmocka_unit_test(test_canvas_new_rejects_bad_sizes),
        cmocka_unit_test(test_canvas_pixel_outside_is_transparent),
        cmocka_unit_test(test_canvas_png_loads_back_with_the_same_pixels),
        cmocka_unit_test(test_canvas_png_into_missing_directory_fails),
        cmocka_unit_test(test_canvas_png_replaces_an_existing_file),
        cmocka_unit_test(test_canvas_png_failed_save_leaves_the_old_file),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
