/* test_sdl_font.c - finding the fonts, BISTRO_FONT, measuring text.
 *
 * Runs without a display (main() unsets DISPLAY and WAYLAND_DISPLAY). The fonts
 * are the system's DejaVu (fonts-dejavu-core).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "sdl_font.h"
#include "test_sdl_support.h"

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
    char mono[512]; /* wherever this system keeps DejaVu Sans Mono */
    snprintf(mono, sizeof mono, "%s", sdl_fonts_path(*state, UI_FONT_MONO));
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

/* Widths are remembered between calls; what comes back from memory must be what
 * SDL_ttf says, for more distinct texts than the memory holds (so entries are
 * replaced) and for texts that differ only in face, size or one byte. */
static void test_fonts_remembered_widths_equal_ttf(void **state)
{
    sdl_fonts *f = *state;
    const ui_measure *m = sdl_fonts_measure(f);
    char s[64];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 6000; i++) {
            int n = snprintf(s, sizeof s, "%d ms, request #%d", i * 7, i % 97);
            int font = i % UI_FONT_COUNT, px = 10 + i % 23;
            int w = 0;
            assert_int_equal(TTF_SizeUTF8(sdl_fonts_get(f, font, px), s, &w, NULL), 0);
            assert_int_equal(m->width(m->ctx, font, px, s, (size_t)n), w);
        }
    /* a text longer than what is remembered is measured every time, still right */
    const char *lng = "a caption longer than the hundred and nineteen bytes for which a width is "
                      "remembered, so that it is measured again each time it is asked for";
    int w = 0;
    assert_int_equal(TTF_SizeUTF8(sdl_fonts_get(f, UI_FONT_SANS, 20), lng, &w, NULL), 0);
    assert_int_equal(m->width(m->ctx, UI_FONT_SANS, 20, lng, strlen(lng)), w);
}

int main(void)
{
    /* everything here must work with no display at all */
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("BISTRO_FONT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_measure_grows_with_length),
        cmocka_unit_test(test_fonts_remembered_widths_equal_ttf),
        cmocka_unit_test(test_fonts_measure_uses_exactly_the_bytes_given),
        cmocka_unit_test(test_fonts_mono_advance_matches_dejavu),
        cmocka_unit_test(test_fonts_bistro_font_missing_file_is_an_error),
        cmocka_unit_test(test_fonts_bistro_font_not_a_font_is_an_error),
        cmocka_unit_test(test_fonts_bistro_font_directory_is_an_error),
        cmocka_unit_test(test_fonts_bistro_font_serves_every_face),
        cmocka_unit_test(test_fonts_close_gives_back_its_ttf_reference),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
