/* sdl_font.h - the app's three type faces, found at run time, and text measuring.
 *
 * The layout measures text through a ui_measure (ui_shapes.h); this module gives it
 * the real metrics of DejaVu Sans, Sans Bold and Sans Mono, so that what the
 * layout placed is exactly what the painter (sdl_draw.h) draws. The faces come
 * from the system (Debian/Ubuntu: fonts-dejavu-core) because bistro ships no
 * third-party files; BISTRO_FONT=/path/to/font.ttf replaces all three (bold then
 * becomes the face with FreeType's synthetic emboldening).
 *
 * A character DejaVu has no glyph for (Chinese, Hebrew in the mono face, emoji)
 * is measured and drawn with the system's font for it, found with fontconfig.
 *
 * Each font file is read into memory once; a size is opened from that memory the
 * first time it is asked for and kept until sdl_fonts_close, so measuring never
 * touches the disk after sdl_fonts_open and a font file removed while the app runs
 * changes nothing.
 */
#ifndef BISTRO_SDL_FONT_H
#define BISTRO_SDL_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <SDL_ttf.h>

#include "ui_shapes.h"

/* Sizes outside this range are clamped (a projector needs neither less than 6 px
 * nor more than 200 px text). */
#define SDL_FONT_PX_MIN 6
#define SDL_FONT_PX_MAX 200

typedef struct sdl_fonts sdl_fonts;

/* Finds and loads the three faces, initialising SDL_ttf (TTF_Init; one reference,
 * given back by sdl_fonts_close). Honours BISTRO_FONT (an empty value counts as
 * unset). 0, or SIM_EIO (no font, unreadable or not a font: err names every path
 * tried and how to fix it) or SIM_ENOMEM; *out is NULL on failure. err may be NULL
 * when errsize is 0. Needs no display. */
int sdl_fonts_open(sdl_fonts **out, char *err, size_t errsize);

/* Closes every font and drops the TTF_Init reference. NULL is a no-op. */
void sdl_fonts_close(sdl_fonts *f);

/* The measure for ui_text and the layout: widths by TTF_SizeUTF8 on exactly the
 * given bytes, height by TTF_FontLineSkip. Valid until sdl_fonts_close. */
const ui_measure *sdl_fonts_measure(sdl_fonts *f);

/* The font for `font` (a ui_font; others count as UI_FONT_SANS) at `px` (clamped
 * to SDL_FONT_PX_MIN..MAX), opened on first use. NULL when it cannot be opened
 * (out of memory): sdl_fonts_error says why. Owned by f. */
TTF_Font *sdl_fonts_get(sdl_fonts *f, int font, int px);

/* Draws text (NUL-terminated UTF-8) in white on transparent, as an ARGB8888
 * surface the caller frees: TTF_RenderUTF8_Blended's, except that characters the
 * face has no glyph for are drawn with the system's font for them (fontconfig),
 * on the same baseline; its width is what the measure said. NULL on failure
 * (sdl_fonts_error says why). */
SDL_Surface *sdl_fonts_render(sdl_fonts *f, int font, int px, const char *text);

/* The file of the font that draws code point cp in `font` at px: the face's
 * own when it has the glyph, else the system's fallback; NULL when no font on
 * the system has it (then the face's box is drawn). */
const char *sdl_fonts_font_for(sdl_fonts *f, int font, int px, uint32_t cp);

/* The last failure of sdl_fonts_get or a measure call, or "" when none. A measure
 * call that cannot open its font answers with the fixed metrics of
 * ui_measure_fixed() rather than 0, so the layout stays usable. */
const char *sdl_fonts_error(const sdl_fonts *f);

/* The file each face was loaded from (for the help screen and bug reports). */
const char *sdl_fonts_path(const sdl_fonts *f, int font);

#endif
