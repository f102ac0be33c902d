/* sdl_font.c - finding the DejaVu faces, opening sizes lazily, measuring text
 * (see sdl_font.h), and the system's fonts for what DejaVu cannot draw.
 *
 * Fallback: a character the face has no glyph for (Chinese, Japanese, most
 * emoji...) is drawn with the first font that fontconfig sorts for it (FcFontSort
 * on a sans-serif pattern with that character) and whose character set has it
 * (FcCharSetHasChar). The text is split into runs of one font each; measuring
 * adds the runs' widths and sdl_fonts_render draws them side by side on one
 * baseline, so what the layout measured is what is drawn. The answer for each
 * character is remembered, and each fallback file is read once, like the faces.
 * ASCII never leaves DejaVu, so the common text takes none of this path.
 *
 * Workload: the layout measures a few hundred strings per frame, many of them
 * several times while fitting a label into a width (a binary search), so a
 * measure call must not allocate or open anything once a size is warm: the
 * fonts per (face, px) live in a fixed table and the NUL-terminated copy that
 * TTF_SizeUTF8 needs goes to one scratch buffer that only grows.
 */
#include "sdl_font.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "error.h"

/* TTF_Init and TTF_Quit count references from 2.0.18 on, which is what lets a
 * second sdl_fonts (a test, a headless frame) come and go while the app's stays. */
#if !SDL_TTF_VERSION_ATLEAST(2, 0, 18)
#error "bistro needs SDL2_ttf 2.0.18 or newer"
#endif

/* Full hinting with the fonts' own instructions (DejaVu is carefully hinted):
 * stems and the baseline land on whole pixels, so a 1-pixel stem is one dark
 * column instead of two grey ones, which is what survives a washed-out
 * projector. Compared side by side at 14, 20 and 32 px with TTF_HINTING_LIGHT
 * (greyer stems) and NONE (blurry); it also rounds advances to whole pixels, so
 * the columns of monospaced code line up exactly. */
#define SDL_FONT_HINTING TTF_HINTING_NORMAL

/* The size sdl_fonts_open opens each face at to check that it is a usable font. */
#define SDL_FONT_PX_PROBE 16

static const char *const face_file[UI_FONT_COUNT] = {
    [UI_FONT_SANS] = "DejaVuSans.ttf",
    [UI_FONT_BOLD] = "DejaVuSans-Bold.ttf",
    [UI_FONT_MONO] = "DejaVuSansMono.ttf",
};

/* Where the usual systems install DejaVu; searched in this order for each face
 * on its own, as some distributions put Sans and Sans Mono in different
 * packages and folders. */
static const char *const font_dirs[] = {
    "/usr/share/fonts/truetype/dejavu",        /* Debian, Ubuntu: fonts-dejavu-core */
    "/usr/share/fonts/TTF",                    /* Arch */
    "/usr/share/fonts/dejavu-sans-fonts",      /* Fedora */
    "/usr/share/fonts/dejavu-sans-mono-fonts", /* Fedora */
    "/usr/share/fonts/dejavu",                 /* Alpine and others */
    "/usr/share/fonts/truetype",               /* openSUSE */
    "/usr/local/share/fonts/dejavu",           /* FreeBSD */
    "/usr/local/share/fonts",
    "/Library/Fonts",                          /* macOS with the fonts installed */
};
#define FONT_DIR_COUNT (sizeof font_dirs / sizeof font_dirs[0])

#define FIX_HINT                                                     \
    "install fonts-dejavu-core (apt-get install fonts-dejavu-core) " \
    "or set BISTRO_FONT=/path/to/font.ttf"
#define OVERRIDE_HINT                                              \
    "set BISTRO_FONT to a readable .ttf file, or unset it to use " \
    "the system's DejaVu fonts"

/* Measured widths, remembered: a frame measures the same few hundred strings
 * (labels, numbers, trial layouts that try several sizes) frame after frame, and
 * TTF_SizeUTF8 costs more than the rest of the layout together. Direct-mapped by a
 * hash of (face, size, text); short texts only; a miss just measures again. */
#define WIDTH_CACHE 4096 /* a power of two */
#define WIDTH_TEXT 119

typedef struct {
    uint32_t hash;
    int16_t px;
    uint8_t font, len; /* len 0: empty slot */
    int32_t w;
    char text[WIDTH_TEXT];
} width_entry;

/* The system fonts used for characters the faces lack, and what each character
 * was given: a direct-mapped cache, a miss just asks fontconfig again. */
#define FALLBACK_MAX 8
#define CHAR_CACHE 1024 /* a power of two */

typedef struct {
    char *path;
    int index; /* the face inside a collection (.ttc) */
    void *data;
    size_t size;
    TTF_Font *open[SDL_FONT_PX_MAX + 1];
} fallback_font;

typedef struct {
    uint32_t cp;  /* 0: empty */
    uint8_t face; /* the ui_font asked for */
    int8_t font;  /* an index into fallbacks, or -1: none has it */
} char_entry;

/* One run of text in one font. */
typedef struct {
    TTF_Font *font;
    size_t from, len;
} font_run;

struct sdl_fonts {
    char *path[UI_FONT_COUNT];
    void *data[UI_FONT_COUNT];   /* the whole file; faces may share one buffer */
    size_t size[UI_FONT_COUNT];
    bool owns[UI_FONT_COUNT];    /* whether data[i] is freed with face i */
    int style[UI_FONT_COUNT];    /* TTF_STYLE_BOLD for a synthetic bold */
    TTF_Font *open[UI_FONT_COUNT][SDL_FONT_PX_MAX + 1];
    ui_measure measure;
    char *scratch;               /* a NUL-terminated copy of the text being measured */
    size_t scratch_cap;
    bool ttf_ref;                /* holds one TTF_Init reference */
    width_entry *widths;         /* WIDTH_CACHE entries, or NULL (then no caching) */
    FcConfig *fc;                /* loaded at the first character the faces lack */
    bool fc_tried;
    fallback_font fallbacks[FALLBACK_MAX];
    int nfallbacks;
    char_entry chars[CHAR_CACHE];
    font_run *runs;              /* the runs of the text being measured or drawn */
    size_t runs_cap;
    char *run_text;              /* a NUL-terminated copy of one run */
    size_t run_text_cap;
    char err[256];
};

static int face_index(int font)
{
    return font >= 0 && font < UI_FONT_COUNT ? font : UI_FONT_SANS;
}

static int clamp_px(int px)
{
    return px < SDL_FONT_PX_MIN ? SDL_FONT_PX_MIN : px > SDL_FONT_PX_MAX ? SDL_FONT_PX_MAX : px;
}

TTF_Font *sdl_fonts_get(sdl_fonts *f, int font, int px)
{
    int face = face_index(font);
    px = clamp_px(px);
    if (f->open[face][px])
        return f->open[face][px];
    SDL_RWops *rw = SDL_RWFromConstMem(f->data[face], (int)f->size[face]);
    TTF_Font *t = rw ? TTF_OpenFontRW(rw, 1, px) : NULL; /* frees rw, even on failure */
    if (!t) {
        snprintf(f->err, sizeof f->err, "cannot open the font %s at %d px: %s", f->path[face], px,
                 TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(t, SDL_FONT_HINTING);
    TTF_SetFontKerning(t, 1);
    if (f->style[face])
        TTF_SetFontStyle(t, f->style[face]);
    f->open[face][px] = t;
    return t;
}

/* s[0..len) with a NUL after it, in the scratch buffer; NULL when out of memory. */
static const char *terminated(sdl_fonts *f, const char *s, size_t len)
{
    if (len >= f->scratch_cap) {
        size_t cap = f->scratch_cap ? f->scratch_cap : 256;
        while (cap <= len && cap < SIZE_MAX / 2)
            cap *= 2;
        if (cap <= len)
            return NULL;
        char *p = realloc(f->scratch, cap);
        if (!p) {
            snprintf(f->err, sizeof f->err, "out of memory measuring text");
            return NULL;
        }
        f->scratch = p;
        f->scratch_cap = cap;
    }
    memcpy(f->scratch, s, len);
    f->scratch[len] = '\0';
    return f->scratch;
}

/* ---- fallback fonts --------------------------------------------------------- */

static int read_whole(const char *path, void **data, size_t *size);

/* The fallback font k at px, opened on first use; NULL when it cannot be. */
static TTF_Font *fallback_get(sdl_fonts *f, int k, int px)
{
    fallback_font *fb = &f->fallbacks[k];
    px = clamp_px(px);
    if (fb->open[px])
        return fb->open[px];
    SDL_RWops *rw = SDL_RWFromConstMem(fb->data, (int)fb->size);
    TTF_Font *t = rw ? TTF_OpenFontIndexRW(rw, 1, px, fb->index) : NULL;
    if (t) {
        TTF_SetFontHinting(t, SDL_FONT_HINTING);
        TTF_SetFontKerning(t, 1);
    }
    return fb->open[px] = t;
}

/* The index of the fallback (path, index) that has cp, reading it when new; -1
 * when it cannot be read or opened, or lacks cp after all. */
static int fallback_add(sdl_fonts *f, const char *path, int index, uint32_t cp)
{
    int k = 0;
    for (; k < f->nfallbacks; k++)
        if (f->fallbacks[k].index == index && strcmp(f->fallbacks[k].path, path) == 0)
            break;
    if (k == f->nfallbacks) {
        if (k == FALLBACK_MAX)
            return -1;
        fallback_font *fb = &f->fallbacks[k];
        memset(fb, 0, sizeof *fb);
        if (read_whole(path, &fb->data, &fb->size) != 0)
            return -1;
        fb->path = strdup(path);
        fb->index = index;
        if (!fb->path) {
            free(fb->data);
            return -1;
        }
        f->nfallbacks++;
    }
    TTF_Font *t = fallback_get(f, k, SDL_FONT_PX_PROBE);
    return t && TTF_GlyphIsProvided32(t, cp) ? k : -1;
}

/* Asks fontconfig for a font with cp: the sans-serif fonts in its order of
 * preference, the first whose character set has cp and that opens. */
static int fallback_lookup(sdl_fonts *f, uint32_t cp)
{
    if (!f->fc_tried) {
        f->fc_tried = true;
        f->fc = FcInitLoadConfigAndFonts();
    }
    if (!f->fc)
        return -1;
    FcPattern *pat = FcNameParse((const FcChar8 *)"sans-serif");
    FcCharSet *want = FcCharSetCreate();
    int found = -1;
    if (pat && want && FcCharSetAddChar(want, cp) && FcPatternAddCharSet(pat, FC_CHARSET, want) &&
        FcConfigSubstitute(f->fc, pat, FcMatchPattern)) {
        FcDefaultSubstitute(pat);
        FcResult res;
        FcFontSet *set = FcFontSort(f->fc, pat, FcFalse, NULL, &res);
        for (int i = 0; set && i < set->nfont && found < 0; i++) {
            FcCharSet *has;
            FcChar8 *file;
            int index = 0;
            if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &has) != FcResultMatch ||
                !FcCharSetHasChar(has, cp) ||
                FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
                continue;
            FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
            found = fallback_add(f, (const char *)file, index, cp);
        }
        if (set)
            FcFontSetDestroy(set);
    }
    if (want)
        FcCharSetDestroy(want);
    if (pat)
        FcPatternDestroy(pat);
    return found;
}

/* The fallback for cp when face `face` lacks it, remembered; -1: none has it. */
static int fallback_for(sdl_fonts *f, int face, uint32_t cp)
{
    char_entry *e = &f->chars[(cp * 2654435761u + (uint32_t)face) & (CHAR_CACHE - 1)];
    if (e->cp == cp && e->face == face)
        return e->font;
    int k = fallback_lookup(f, cp);
    *e = (char_entry){cp, (uint8_t)face, (int8_t)k};
    return k;
}

/* The next code point of s[*i..len), advancing *i; a malformed byte counts as
 * itself (SDL_ttf draws it as a box, as DejaVu would). */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[*i];
    if (c < 0xC0 || c >= 0xF8) { /* ASCII, or a byte that starts nothing */
        (*i)++;
        return c;
    }
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    uint32_t cp = c & (0x3Fu >> more);
    for (int k = 1; k <= more; k++) {
        if (*i + (size_t)k >= len || (u[*i + (size_t)k] & 0xC0) != 0x80) {
            (*i)++;
            return c;
        }
        cp = (cp << 6) | (u[*i + (size_t)k] & 0x3F);
    }
    *i += (size_t)more + 1;
    return cp;
}

/* Characters that belong to the one before them whatever their font: combining
 * marks, joiners and variation selectors. */
static bool joins_previous(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || cp == 0x200C || cp == 0x200D ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Splits s[0..len) into runs of one font: the face's own where it has the glyph,
 * else a fallback's. The number of runs (0 for no text), or -1 when out of
 * memory or the face cannot be opened. */
static int split_runs(sdl_fonts *f, int font, int px, const char *s, size_t len)
{
    int face = face_index(font);
    TTF_Font *main = sdl_fonts_get(f, face, px);
    if (!main)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = next_cp(s, len, &i);
        TTF_Font *t = main;
        if (cp >= 0x80 && !TTF_GlyphIsProvided32(main, cp) && !joins_previous(cp)) {
            int k = fallback_for(f, face, cp);
            TTF_Font *fb = k >= 0 ? fallback_get(f, k, px) : NULL;
            t = fb ? fb : main;
        }
        if (n > 0 && (f->runs[n - 1].font == t || joins_previous(cp))) {
            f->runs[n - 1].len = i - f->runs[n - 1].from;
            continue;
        }
        if (n == f->runs_cap) {
            size_t cap = f->runs_cap ? f->runs_cap * 2 : 16;
            font_run *r = realloc(f->runs, cap * sizeof *r);
            if (!r)
                return -1;
            f->runs = r;
            f->runs_cap = cap;
        }
        f->runs[n++] = (font_run){t, at, i - at};
    }
    return (int)n;
}

/* Run k of the text s, NUL-terminated in its own buffer; NULL when out of memory. */
static const char *run_text(sdl_fonts *f, const char *s, size_t k)
{
    size_t len = f->runs[k].len;
    if (len >= f->run_text_cap) {
        char *p = realloc(f->run_text, len + 1);
        if (!p)
            return NULL;
        f->run_text = p;
        f->run_text_cap = len + 1;
    }
    memcpy(f->run_text, s + f->runs[k].from, len);
    f->run_text[len] = '\0';
    return f->run_text;
}

/* Whether s[0..len) is all ASCII, which the faces always have. */
static bool ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* The width of s[0..len) (NUL-terminated at len) in font (px), runs and all; -1
 * when it cannot be measured. */
static int text_width(sdl_fonts *f, int font, int px, const char *s, size_t len)
{
    int w = 0;
    if (ascii(s, len)) {
        TTF_Font *t = sdl_fonts_get(f, font, px);
        return t && TTF_SizeUTF8(t, s, &w, NULL) == 0 ? w : -1;
    }
    int n = split_runs(f, font, px, s, len);
    for (int k = 0; k < n; k++) {
        const char *z = run_text(f, s, (size_t)k);
        int rw = 0;
        if (!z || TTF_SizeUTF8(f->runs[k].font, z, &rw, NULL) != 0)
            return -1;
        w += rw;
    }
    return n < 0 ? -1 : w;
}

/* Copies the alpha of src (ARGB8888) into dst at (x, y), keeping the larger. */
static void blit_alpha(SDL_Surface *dst, SDL_Surface *src, int x, int y)
{
    for (int sy = 0; sy < src->h; sy++) {
        int dy = y + sy;
        if (dy < 0 || dy >= dst->h)
            continue;
        const Uint32 *in = (const Uint32 *)((const Uint8 *)src->pixels + (size_t)sy * src->pitch);
        Uint32 *out = (Uint32 *)((Uint8 *)dst->pixels + (size_t)dy * dst->pitch);
        for (int sx = 0; sx < src->w; sx++) {
            int dx = x + sx;
            if (dx < 0 || dx >= dst->w)
                continue;
            Uint32 a = in[sx] >> 24, b = out[dx] >> 24;
            if (a > b)
                out[dx] = (a << 24) | 0xFFFFFFu;
        }
    }
}

static SDL_Surface *argb(SDL_Surface *s)
{
    if (s && s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = conv;
    }
    return s;
}

SDL_Surface *sdl_fonts_render(sdl_fonts *f, int font, int px, const char *text)
{
    const SDL_Color white = {255, 255, 255, 255};
    TTF_Font *main = sdl_fonts_get(f, font, px);
    if (!main)
        return NULL;
    size_t len = strlen(text);
    bool plain = ascii(text, len);
    int n = plain ? 1 : split_runs(f, font, px, text, len);
    if (n < 0)
        return NULL;
    if (plain || n == 0 || (n == 1 && f->runs[0].font == main)) /* the face's alone */
        return argb(TTF_RenderUTF8_Blended(main, text, white));
    int w = text_width(f, font, px, text, len); /* splits again: the same runs */
    int h = TTF_FontHeight(main), base = TTF_FontAscent(main);
    SDL_Surface *out = w > 0 ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888)
                             : NULL;
    if (!out) {
        snprintf(f->err, sizeof f->err, "cannot draw text: %s", SDL_GetError());
        return NULL;
    }
    SDL_FillRect(out, NULL, 0x00FFFFFFu);
    int x = 0;
    for (int k = 0; k < n; k++) {
        const char *z = run_text(f, text, (size_t)k);
        TTF_Font *t = f->runs[k].font;
        int rw = 0;
        SDL_Surface *s = z && TTF_SizeUTF8(t, z, &rw, NULL) == 0
                             ? argb(TTF_RenderUTF8_Blended(t, z, white))
                             : NULL;
        if (!s) {
            SDL_FreeSurface(out);
            snprintf(f->err, sizeof f->err, "cannot draw text: %s", TTF_GetError());
            return NULL;
        }
        /* every run on the face's baseline */
        blit_alpha(out, s, x, base - TTF_FontAscent(t));
        SDL_FreeSurface(s);
        x += rw;
    }
    return out;
}

const char *sdl_fonts_font_for(sdl_fonts *f, int font, int px, uint32_t cp)
{
    int face = face_index(font);
    TTF_Font *main = sdl_fonts_get(f, face, px);
    if (!main)
        return NULL;
    if (TTF_GlyphIsProvided32(main, cp))
        return f->path[face];
    int k = fallback_for(f, face, cp);
    return k >= 0 && fallback_get(f, k, px) ? f->fallbacks[k].path : NULL;
}

static uint32_t width_hash(int font, int px, const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    h = (h ^ (uint32_t)font) * 16777619u;
    h = (h ^ (uint32_t)px) * 16777619u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int measure_width(void *ctx, int font, int px, const char *s, size_t len)
{
    sdl_fonts *f = ctx;
    if (len == 0)
        return 0;
    width_entry *e = NULL;
    uint32_t h = 0;
    if (f->widths && len <= WIDTH_TEXT) {
        h = width_hash(font, px, s, len);
        e = &f->widths[h & (WIDTH_CACHE - 1)];
        if (e->len == len && e->hash == h && e->font == font && e->px == px &&
            memcmp(e->text, s, len) == 0)
            return e->w;
    }
    TTF_Font *t = sdl_fonts_get(f, font, px);
    const char *z = t ? terminated(f, s, len) : NULL;
    int w = z ? text_width(f, font, px, z, len) : -1;
    if (w >= 0) {
        if (e) {
            *e = (width_entry){.hash = h,
                               .px = (int16_t)px,
                               .font = (uint8_t)font,
                               .len = (uint8_t)len,
                               .w = w};
            memcpy(e->text, s, len);
        }
        return w;
    }
    if (z)
        snprintf(f->err, sizeof f->err, "cannot measure text: %s", TTF_GetError());
    const ui_measure *fixed = ui_measure_fixed();
    return fixed->width(fixed->ctx, font, px, s, len);
}

static int measure_height(void *ctx, int font, int px)
{
    sdl_fonts *f = ctx;
    TTF_Font *t = sdl_fonts_get(f, font, px);
    if (t)
        return TTF_FontLineSkip(t);
    const ui_measure *fixed = ui_measure_fixed();
    return fixed->height(fixed->ctx, font, px);
}

/* Appends to err at *at, keeping it NUL-terminated and never overflowing. */
static void err_add(char *err, size_t errsize, size_t *at, const char *s)
{
    if (errsize == 0 || *at >= errsize - 1)
        return;
    int n = snprintf(err + *at, errsize - *at, "%s", s);
    if (n > 0)
        *at += (size_t)n < errsize - *at ? (size_t)n : errsize - 1 - *at;
}

/* The first readable font_dirs/<name>, malloc'd; NULL with err set when none. */
static char *find_face(const char *name, char *err, size_t errsize, int *rc)
{
    char buf[PATH_MAX];
    for (size_t i = 0; i < FONT_DIR_COUNT; i++) {
        snprintf(buf, sizeof buf, "%s/%s", font_dirs[i], name);
        if (access(buf, R_OK) == 0) {
            char *p = strdup(buf);
            *rc = p ? 0 : SIM_ENOMEM;
            return p;
        }
    }
    size_t at = 0;
    err_add(err, errsize, &at, "cannot find the font ");
    err_add(err, errsize, &at, name);
    err_add(err, errsize, &at, " (looked in ");
    for (size_t i = 0; i < FONT_DIR_COUNT; i++) {
        err_add(err, errsize, &at, font_dirs[i]);
        err_add(err, errsize, &at, i + 1 < FONT_DIR_COUNT ? ", " : "): " FIX_HINT);
    }
    *rc = SIM_EIO;
    return NULL;
}

/* read_whole's failures that have no errno value of their own. */
#define READ_NOT_REGULAR (-1)
#define READ_EMPTY (-2)

/* The whole file at path, malloc'd, in *data and *size; 0, an errno value (EFBIG
 * past 2 GB, which SDL_RWFromConstMem cannot address) or READ_*. Read here
 * rather than by SDL_LoadFile, which crashes on a directory in SDL 2.26. */
static int read_whole(const char *path, void **data, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return errno;
    struct stat st;
    int e = 0;
    if (fstat(fileno(fp), &st) != 0)
        e = errno;
    else if (!S_ISREG(st.st_mode))
        e = S_ISDIR(st.st_mode) ? EISDIR : READ_NOT_REGULAR;
    else if (st.st_size == 0)
        e = READ_EMPTY;
    else if (st.st_size > INT_MAX)
        e = EFBIG;
    char *buf = e ? NULL : malloc((size_t)st.st_size);
    if (!e && !buf)
        e = ENOMEM;
    if (!e && fread(buf, 1, (size_t)st.st_size, fp) != (size_t)st.st_size)
        e = ferror(fp) ? EIO : ENODATA; /* shorter than it said: changed under us */
    fclose(fp);
    if (e) {
        free(buf);
        return e;
    }
    *data = buf;
    *size = (size_t)st.st_size;
    return 0;
}

/* Reads face's file into memory and checks that SDL_ttf can use it. `via` and
 * `fix` frame the message: where the path came from, what the user can do. */
static int load_face(sdl_fonts *f, int face, const char *via, const char *fix, char *err,
                     size_t errsize)
{
    const char *path = f->path[face];
    int e = read_whole(path, &f->data[face], &f->size[face]);
    if (e) {
        snprintf(err, errsize, "%scannot read the font %s: %s: %s", via, path,
                 e == READ_NOT_REGULAR ? "not a regular file"
                 : e == READ_EMPTY     ? "the file is empty"
                                       : strerror(e),
                 fix);
        return e == ENOMEM ? SIM_ENOMEM : SIM_EIO;
    }
    f->owns[face] = true;
    if (!sdl_fonts_get(f, face, SDL_FONT_PX_PROBE)) {
        snprintf(err, errsize, "%s%s is not a font bistro can use (%s): %s", via, path,
                 TTF_GetError(), fix);
        return SIM_EIO;
    }
    return 0;
}

/* BISTRO_FONT: one file for every face, bold made by emboldening. */
static int load_override(sdl_fonts *f, const char *path, char *err, size_t errsize)
{
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        f->path[i] = strdup(path);
        if (!f->path[i])
            return SIM_ENOMEM;
    }
    int rc = load_face(f, UI_FONT_SANS, "BISTRO_FONT: ", OVERRIDE_HINT, err, errsize);
    if (rc < 0)
        return rc;
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        if (i == UI_FONT_SANS)
            continue;
        f->data[i] = f->data[UI_FONT_SANS];
        f->size[i] = f->size[UI_FONT_SANS];
        f->style[i] = i == UI_FONT_BOLD ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL;
    }
    return 0;
}

static int load_system(sdl_fonts *f, char *err, size_t errsize)
{
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        int rc;
        f->path[i] = find_face(face_file[i], err, errsize, &rc);
        if (rc == 0)
            rc = load_face(f, i, "", FIX_HINT, err, errsize);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int sdl_fonts_open(sdl_fonts **out, char *err, size_t errsize)
{
    char dummy[1];
    if (!err || errsize == 0) {
        err = dummy;
        errsize = sizeof dummy;
    }
    err[0] = '\0';
    *out = NULL;
    sdl_fonts *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errsize, "out of memory opening the fonts");
        return SIM_ENOMEM;
    }
    f->measure = (ui_measure){measure_width, measure_height, f};
    f->widths = calloc(WIDTH_CACHE, sizeof *f->widths); /* none: measure every time */
    int rc = SIM_EIO;
    if (TTF_Init() < 0) {
        snprintf(err, errsize, "cannot start SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    f->ttf_ref = true;
    const char *env = getenv("BISTRO_FONT");
    rc = env && env[0] ? load_override(f, env, err, errsize) : load_system(f, err, errsize);
    if (rc < 0)
        goto fail;
    f->err[0] = '\0';
    *out = f;
    return 0;
fail:
    if (rc == SIM_ENOMEM)
        snprintf(err, errsize, "out of memory opening the fonts");
    sdl_fonts_close(f);
    return rc;
}

void sdl_fonts_close(sdl_fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        for (int px = 0; px <= SDL_FONT_PX_MAX; px++) {
            if (f->open[i][px])
                TTF_CloseFont(f->open[i][px]);
        }
        if (f->owns[i])
            free(f->data[i]);
        free(f->path[i]);
    }
    for (int k = 0; k < f->nfallbacks; k++) {
        for (int px = 0; px <= SDL_FONT_PX_MAX; px++)
            if (f->fallbacks[k].open[px])
                TTF_CloseFont(f->fallbacks[k].open[px]);
        free(f->fallbacks[k].data);
        free(f->fallbacks[k].path);
    }
    if (f->fc)
        FcConfigDestroy(f->fc);
    free(f->runs);
    free(f->run_text);
    free(f->scratch);
    free(f->widths);
    if (f->ttf_ref)
        TTF_Quit(); /* reference counted by SDL_ttf (2.0.18+): others keep theirs */
    free(f);
}

const ui_measure *sdl_fonts_measure(sdl_fonts *f)
{
    return &f->measure;
}

const char *sdl_fonts_error(const sdl_fonts *f)
{
    return f->err;
}

const char *sdl_fonts_path(const sdl_fonts *f, int font)
{
    return f->path[face_index(font)];
}
