/* test_sdl_font.c - finding the fonts, BISTRO_FONT, measuring text.
 *
 * Runs without a display (main() unsets DISPLAY and WAYLAND_DISPLAY). The fonts
 * are the system's DejaVu (fonts-dejavu-core).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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

/* The alpha of a rendered text, summed by column: equal for two texts only when
 * they draw the same shapes (two missing glyphs draw the same box). */
static bool same_drawing(sdl_fonts *f, int font, const char *a, const char *b)
{
    SDL_Surface *sa = sdl_fonts_render(f, font, 24, a), *sb = sdl_fonts_render(f, font, 24, b);
    assert_non_null(sa);
    assert_non_null(sb);
    bool same = sa->w == sb->w && sa->h == sb->h;
    for (int y = 0; same && y < sa->h; y++)
        for (int x = 0; same && x < sa->w; x++) {
            Uint32 pa = ((const Uint32 *)((const Uint8 *)sa->pixels + y * sa->pitch))[x];
            Uint32 pb = ((const Uint32 *)((const Uint8 *)sb->pixels + y * sb->pitch))[x];
            same = (pa >> 24) == (pb >> 24);
        }
    SDL_FreeSurface(sa);
    SDL_FreeSurface(sb);
    return same;
}

/* Ink: whether any pixel of the rendered text is drawn. */
static bool has_ink(sdl_fonts *f, int font, const char *text)
{
    SDL_Surface *s = sdl_fonts_render(f, font, 24, text);
    assert_non_null(s);
    assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
    bool ink = false;
    for (int y = 0; !ink && y < s->h; y++)
        for (int x = 0; !ink && x < s->w; x++)
            ink = ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] >> 24 != 0;
    SDL_FreeSurface(s);
    return ink;
}

/* The lookup path on any system with DejaVu: with BISTRO_FONT set to DejaVu Sans
 * Mono, which has no Hebrew, a Hebrew letter is drawn with another font from
 * fontconfig (DejaVu Sans has Hebrew), measured and drawn with it. */
static void test_fonts_fallback_draws_what_the_face_lacks(void **state)
{
    char mono[512];
    snprintf(mono, sizeof mono, "%s", sdl_fonts_path(*state, UI_FONT_MONO));
    sdl_fonts *f = NULL;
    setenv("BISTRO_FONT", mono, 1);
    int rc = sdl_fonts_open(&f, NULL, 0);
    unsetenv("BISTRO_FONT");
    assert_int_equal(rc, 0);
    const uint32_t alef = 0x05D0;
    TTF_Font *face = sdl_fonts_get(f, UI_FONT_SANS, 20);
    assert_non_null(face);
    assert_string_equal(sdl_fonts_font_for(f, UI_FONT_SANS, 20, 'A'), mono);
    if (TTF_GlyphIsProvided32(face, alef)) {
        sdl_fonts_close(f);
        skip(); /* a DejaVu Sans Mono that has Hebrew: nothing to fall back from */
    }
    /* the system's DejaVu Sans has Hebrew, so fontconfig has a font for it */
    TTF_Font *sans = TTF_OpenFont(sdl_fonts_path(*state, UI_FONT_SANS), 20);
    assert_non_null(sans);
    bool sans_has = TTF_GlyphIsProvided32(sans, alef);
    TTF_CloseFont(sans);
    const char *via = sdl_fonts_font_for(f, UI_FONT_SANS, 20, alef);
    if (!via && !sans_has) {
        sdl_fonts_close(f);
        skip(); /* no font with Hebrew on this system */
    }
    assert_non_null(via);
    assert_string_not_equal(via, mono);
    TTF_Font *other = TTF_OpenFont(via, 20);
    assert_non_null(other);
    assert_true(TTF_GlyphIsProvided32(other, alef));
    /* measured with the fallback: its own width, and a run of the face beside it */
    const ui_measure *m = sdl_fonts_measure(f);
    const char *he = "\xD7\x90\xD7\x91"; /* alef bet */
    int w = 0, wa = 0;
    TTF_SetFontHinting(other, TTF_HINTING_NORMAL);
    assert_int_equal(TTF_SizeUTF8(other, he, &w, NULL), 0);
    assert_int_equal(m->width(m->ctx, UI_FONT_SANS, 20, he, strlen(he)), w);
    assert_int_equal(TTF_SizeUTF8(face, "ab", &wa, NULL), 0);
    assert_int_equal(m->width(m->ctx, UI_FONT_SANS, 20, "ab\xD7\x90\xD7\x91", 6), wa + w);
    TTF_CloseFont(other);
    /* drawn: two letters are two shapes, not the same missing-glyph box twice */
    assert_true(has_ink(f, UI_FONT_SANS, "\xD7\x90"));
    assert_false(same_drawing(f, UI_FONT_SANS, "\xD7\x90", "\xD7\x91"));
    /* the drawing is as wide as the measure, which the layout placed it by */
    SDL_Surface *s = sdl_fonts_render(f, UI_FONT_SANS, 24, "waiting \xD7\x90\xD7\x91 ok");
    assert_non_null(s);
    assert_int_equal(s->w, m->width(m->ctx, UI_FONT_SANS, 24, "waiting \xD7\x90\xD7\x91 ok", 16));
    SDL_FreeSurface(s);
    sdl_fonts_close(f);
}

/* With the system's DejaVu: Chinese, which DejaVu lacks, is drawn with a system
 * font that has it (fonts-droid-fallback, fonts-noto-cjk...); skipped on a system
 * with none. A character no font has keeps the face's box. */
static void test_fonts_fallback_draws_chinese(void **state)
{
    sdl_fonts *f = *state;
    const char *zhong = "\xE4\xB8\xAD", *wen = "\xE6\x96\x87"; /* U+4E2D, U+6587 */
    assert_false(TTF_GlyphIsProvided32(sdl_fonts_get(f, UI_FONT_SANS, 20), 0x4E2D));
    assert_null(sdl_fonts_font_for(f, UI_FONT_SANS, 20, 0x10FFFD)); /* private use */
    const char *via = sdl_fonts_font_for(f, UI_FONT_SANS, 20, 0x4E2D);
    if (!via)
        skip(); /* no Chinese font on this system */
    assert_string_not_equal(via, sdl_fonts_path(f, UI_FONT_SANS));
    assert_true(has_ink(f, UI_FONT_SANS, zhong));
    assert_false(same_drawing(f, UI_FONT_SANS, zhong, wen));
    assert_false(same_drawing(f, UI_FONT_BOLD, zhong, wen));
    /* all in the fallback, still on the face's line: as tall as the face's text */
    SDL_Surface *a = sdl_fonts_render(f, UI_FONT_SANS, 24, zhong);
    assert_non_null(a);
    assert_int_equal(a->h, TTF_FontHeight(sdl_fonts_get(f, UI_FONT_SANS, 24)));
    SDL_FreeSurface(a);
    /* the same answer again, from memory */
    assert_string_equal(sdl_fonts_font_for(f, UI_FONT_SANS, 20, 0x4E2D), via);
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
        cmocka_unit_test(test_fonts_fallback_draws_what_the_face_lacks),
        cmocka_unit_test(test_fonts_fallback_draws_chinese),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
