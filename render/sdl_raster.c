/* sdl_raster.c - fills, tinted masks and anti-aliased lines on a 32-bit surface
 * (see sdl_raster_internal.h).
 *
 * The loops are plain C that compilers vectorise; an opaque pixel is a store, a
 * translucent one four multiply-adds. Both pixel formats accepted keep the colour
 * as 0xAARRGGBB in a native 32-bit word (XRGB ignores the top byte).
 */
#include "sdl_raster_internal.h"

#include <math.h>

bool sdl_raster_supports(const SDL_Surface *s)
{
    return s && s->pixels && !SDL_MUSTLOCK(s) &&
           (s->format->format == SDL_PIXELFORMAT_ARGB8888 ||
            s->format->format == SDL_PIXELFORMAT_RGB888);
}

/* x / 255 rounded to nearest, exact for 0 <= x <= 65025 + 255. */
static inline uint32_t div255(uint32_t x)
{
    x += 128;
    return (x + (x >> 8)) >> 8;
}

static inline uint32_t opaque(ui_color c)
{
    return 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* d under colour c at alpha a (0..255). */
static inline uint32_t blend(uint32_t d, ui_color c, uint32_t a)
{
    uint32_t ia = 255 - a;
    uint32_t r = div255(c.r * a + (d >> 16 & 255) * ia);
    uint32_t g = div255(c.g * a + (d >> 8 & 255) * ia);
    uint32_t b = div255(c.b * a + (d & 255) * ia);
    uint32_t da = a + div255((d >> 24) * ia);
    return da << 24 | r << 16 | g << 8 | b;
}

static inline uint32_t *row_at(SDL_Surface *s, int y)
{
    return (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
}

static int clampi(long long v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : (int)v;
}

void sdl_raster_clear(SDL_Surface *s, ui_color c)
{
    uint32_t px = (uint32_t)c.a << 24 | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
    for (int y = 0; y < s->h; y++) {
        uint32_t *row = row_at(s, y);
        for (int x = 0; x < s->w; x++)
            row[x] = px;
    }
}

void sdl_raster_fill(SDL_Surface *s, int x, int y, int w, int h, ui_color c)
{
    int x0 = clampi(x, 0, s->w), x1 = clampi((long long)x + w, 0, s->w);
    int y0 = clampi(y, 0, s->h), y1 = clampi((long long)y + h, 0, s->h);
    if (c.a == 0 || x0 >= x1)
        return;
    uint32_t px = opaque(c);
    for (int yy = y0; yy < y1; yy++) {
        uint32_t *row = row_at(s, yy);
        if (c.a == 255) {
            for (int xx = x0; xx < x1; xx++)
                row[xx] = px;
        } else {
            for (int xx = x0; xx < x1; xx++)
                row[xx] = blend(row[xx], c, c.a);
        }
    }
}

void sdl_raster_mask(SDL_Surface *s, const uint8_t *cover, int pitch, int sx, int sy, int w, int h,
                     int dx, int dy, ui_color c)
{
    int x0 = clampi(dx, 0, s->w), x1 = clampi((long long)dx + w, 0, s->w);
    int y0 = clampi(dy, 0, s->h), y1 = clampi((long long)dy + h, 0, s->h);
    if (c.a == 0 || x0 >= x1)
        return;
    uint32_t px = opaque(c);
    for (int yy = y0; yy < y1; yy++) {
        uint32_t *row = row_at(s, yy);
        const uint8_t *m = cover + (size_t)(sy + yy - dy) * (size_t)pitch + (sx + x0 - dx);
        for (int xx = x0; xx < x1; xx++, m++) {
            if (*m == 0)
                continue; /* most of a text's box */
            uint32_t a = c.a == 255 ? *m : div255((uint32_t)*m * c.a);
            row[xx] = a == 255 ? px : blend(row[xx], c, a);
        }
    }
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Coverage of the pixel centred at (px, py) by the line: how far inside the
 * band of half-width hw it lies, times how far inside the two flat ends. */
static double line_cover(double px, double py, double ax, double ay, double ux, double uy,
                         double len, double hw)
{
    double along = (px - ax) * ux + (py - ay) * uy;
    double perp = fabs((py - ay) * ux - (px - ax) * uy);
    return clamp01(hw + 0.5 - perp) * clamp01(along + 0.5) * clamp01(len - along + 0.5);
}

void sdl_raster_line(SDL_Surface *s, int x0, int y0, int x1, int y1, int thick, ui_color c)
{
    double ax = x0 + 0.5, ay = y0 + 0.5, bx = x1 + 0.5, by = y1 + 0.5;
    double len = hypot(bx - ax, by - ay);
    if (len == 0 || c.a == 0)
        return;
    double ux = (bx - ax) / len, uy = (by - ay) / len;
    double hw = (thick < 1 ? 1 : thick) / 2.0, reach = hw + 1;
    double left = fmin(ax, bx) - reach, right = fmax(ax, bx) + reach;
    int ylo = clampi((long long)floor(fmin(ay, by) - reach), 0, s->h);
    int yhi = clampi((long long)ceil(fmax(ay, by) + reach), 0, s->h);
    for (int y = ylo; y < yhi; y++) {
        double py = y + 0.5, xl = left, xr = right;
        if (fabs(uy) > 1e-9) {
            /* only the pixels within `reach` of the line on this row */
            double xc = ax + (py - ay) * ux / uy, k = reach / fabs(uy);
            xl = fmax(xl, xc - k);
            xr = fmin(xr, xc + k);
        }
        int xa = clampi((long long)floor(xl), 0, s->w), xb = clampi((long long)ceil(xr), 0, s->w);
        uint32_t *row = row_at(s, y);
        for (int x = xa; x < xb; x++) {
            double cov = line_cover(x + 0.5, py, ax, ay, ux, uy, len, hw);
            uint32_t a = div255((uint32_t)lround(cov * 255) * c.a);
            if (a > 0)
                row[x] = a == 255 ? opaque(c) : blend(row[x], c, a);
        }
    }
}
