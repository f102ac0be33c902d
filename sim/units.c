/* units.c - exact parsing and printing of durations and sizes (see units.h).
 *
 * A number is kept as its digit string D (integer digits then fraction digits)
 * and a decimal point position. Scaling by a unit that is a power of ten (ns, us,
 * ms, s, KB, MB...) only moves the point, so "1.5s" becomes the digits "15" with
 * the point after 1 + 9 digits: 1500000000 ns, with no floating point involved.
 * Binary units (KiB...) multiply the integer and fraction parts separately.
 */
#include "units.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "scenario.h"

/* An exponent beyond this only moves zeros or overflows: clamp it so the point
 * position stays a small number. */
#define UNITS__EXP_CLAMP 100000L

typedef struct {
    const char *ip; /* integer digits */
    size_t nint;
    const char *fp; /* fraction digits */
    size_t nfrac;
    long exp;       /* decimal exponent, clamped to +-UNITS__EXP_CLAMP */
} units__number;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t count_digits(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && is_digit(s[n]))
        n++;
    return n;
}

/* Reads digits [. digits] from s; returns the bytes used, 0 if malformed. */
static size_t scan_plain(const char *s, size_t len, units__number *n)
{
    memset(n, 0, sizeof *n);
    n->ip = s;
    n->nint = count_digits(s, len);
    if (n->nint == 0)
        return 0;
    size_t used = n->nint;
    if (used < len && s[used] == '.') {
        n->fp = s + used + 1;
        n->nfrac = count_digits(n->fp, len - used - 1);
        if (n->nfrac == 0)
            return 0;
        used += 1 + n->nfrac;
    }
    return used;
}

/* Reads a whole JSON number without sign; returns 0 unless all `len` bytes fit
 * the JSON grammar. */
static bool scan_json(const char *s, size_t len, units__number *n)
{
    size_t used = scan_plain(s, len, n);
    if (used == 0 || (n->nint > 1 && s[0] == '0'))
        return false;
    if (used == len)
        return true;
    if (s[used] != 'e' && s[used] != 'E')
        return false;
    used++;
    bool neg = false;
    if (used < len && (s[used] == '+' || s[used] == '-'))
        neg = s[used++] == '-';
    size_t nexp = count_digits(s + used, len - used);
    if (nexp == 0 || used + nexp != len)
        return false;
    long e = 0;
    for (size_t i = 0; i < nexp; i++) {
        e = e * 10 + (s[used + i] - '0');
        if (e > UNITS__EXP_CLAMP)
            e = UNITS__EXP_CLAMP;
    }
    n->exp = neg ? -e : e;
    return true;
}

static int digit_at(const units__number *n, long long i)
{
    if (i < 0)
        return 0;
    if ((size_t)i < n->nint)
        return n->ip[i] - '0';
    if ((size_t)i - n->nint < n->nfrac)
        return n->fp[i - (long long)n->nint] - '0';
    return 0;
}

/* n * 10^scale rounded to the nearest integer (halves up), at most max. */
static int scale_number(const units__number *n, int scale, int64_t max, int64_t *out, bool *whole)
{
    long long total = (long long)(n->nint + n->nfrac);
    long long point = (long long)n->nint + n->exp + scale;
    uint64_t v = 0;
    for (long long i = 0; i < point; i++) {
        int d = digit_at(n, i);
        if (i >= total && v == 0)
            break; /* only zeros remain */
        if ((uint64_t)d > (uint64_t)max || v > ((uint64_t)max - (uint64_t)d) / 10)
            return SIM_EOVERFLOW;
        v = v * 10 + (uint64_t)d;
    }
    bool exact = true;
    for (long long i = point < 0 ? 0 : point; i < total; i++)
        if (digit_at(n, i) != 0) {
            exact = false;
            break;
        }
    if (digit_at(n, point) >= 5) {
        if (v >= (uint64_t)max)
            return SIM_EOVERFLOW;
        v++;
    }
    if (whole != NULL)
        *whole = exact;
    *out = (int64_t)v;
    return 0;
}

int units_parse_decimal(const char *num, size_t len, int scale, int64_t max, int64_t *out,
                        bool *whole)
{
    units__number n;
    if (num == NULL || scale < 0 || scale > 18 || max < 0 || !scan_json(num, len, &n))
        return SIM_EINVAL;
    return scale_number(&n, scale, max, out, whole);
}

int units_parse_ms(const char *num, size_t len, int64_t *ns)
{
    return units_parse_decimal(num, len, 6, SCN_MAX_DURATION_NS, ns, NULL);
}

int units_parse_duration(const char *text, int64_t *ns)
{
    static const struct {
        const char *name;
        int scale;
    } units[] = {{"ns", 0}, {"us", 3}, {"ms", 6}, {"s", 9}};
    size_t len = strlen(text);
    units__number n;
    size_t used = scan_plain(text, len, &n);
    if (used == 0)
        return SIM_EINVAL;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(text + used, units[i].name) == 0)
            return scale_number(&n, units[i].scale, SCN_MAX_DURATION_NS, ns, NULL);
    return SIM_EINVAL;
}

int units_parse_time(const char *text, int64_t *ns)
{
    size_t len = strlen(text);
    units__number n;
    size_t used = scan_plain(text, len, &n);
    if (used > 0 && used == len) /* a bare number: milliseconds, as in a scenario file */
        return scale_number(&n, 6, SCN_MAX_DURATION_NS, ns, NULL);
    return units_parse_duration(text, ns);
}

int units_parse_time_arg(const char *text, int64_t *ns, char *why, size_t size)
{
    int rc = units_parse_time(text, ns);
    char max[32];
    units_format_duration(SCN_MAX_DURATION_NS, max, sizeof max);
    if (rc == SIM_EOVERFLOW)
        snprintf(why, size, "'%s' is past the longest time bistro simulates, %s (about %.1f days)",
                 text, max, (double)SCN_MAX_DURATION_NS / 86400e9);
    else if (rc != 0)
        snprintf(why, size,
                 "wants a time like 500ms or 1.5s (a bare number counts milliseconds), not '%s'",
                 text);
    return rc;
}

/* Binary units: int * mult + round(frac * mult), the fraction having at most 6
 * digits so that frac * mult < 10^6 * 2^40 fits in 64 bits. */
static int scale_binary(const units__number *n, int64_t mult, int64_t *out)
{
    if (n->nfrac > UNITS_SIZE_DECIMALS)
        return SIM_EINVAL;
    int64_t ip;
    units__number whole_part = *n;
    whole_part.nfrac = 0;
    int rc = scale_number(&whole_part, 0, UNITS_MAX_BYTES / mult, &ip, NULL);
    if (rc != 0)
        return rc;
    uint64_t frac = 0, den = 1;
    for (size_t i = 0; i < n->nfrac; i++) {
        frac = frac * 10 + (uint64_t)(n->fp[i] - '0');
        den *= 10;
    }
    uint64_t v = (uint64_t)ip * (uint64_t)mult + (frac * (uint64_t)mult + den / 2) / den;
    if (v > (uint64_t)UNITS_MAX_BYTES)
        return SIM_EOVERFLOW;
    *out = (int64_t)v;
    return 0;
}

int units_parse_size(const char *text, int64_t *bytes)
{
    static const struct {
        const char *name;
        int scale;     /* power of ten, or -1 for a binary unit */
        int64_t mult;  /* binary units */
    } units[] = {
        {"B", 0, 0},
        {"kB", 3, 0},
        {"KB", 3, 0},
        {"MB", 6, 0},
        {"GB", 9, 0},
        {"TB", 12, 0},
        {"KiB", -1, 1LL << 10},
        {"MiB", -1, 1LL << 20},
        {"GiB", -1, 1LL << 30},
        {"TiB", -1, 1LL << 40},
    };
    size_t len = strlen(text);
    units__number n;
    size_t used = scan_plain(text, len, &n);
    if (used == 0 || n.nfrac > UNITS_SIZE_DECIMALS)
        return SIM_EINVAL;
    if (used == len) {
        bool whole;
        int rc = scale_number(&n, 0, UNITS_MAX_BYTES, bytes, &whole);
        return rc == 0 && !whole ? SIM_EINVAL : rc;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(text + used, units[i].name) != 0)
            continue;
        if (units[i].scale >= 0)
            return scale_number(&n, units[i].scale, UNITS_MAX_BYTES, bytes, NULL);
        return scale_binary(&n, units[i].mult, bytes);
    }
    return SIM_EINVAL;
}

size_t units_size_decimals(const char *text)
{
    units__number n;
    return scan_plain(text, strlen(text), &n) > 0 ? n.nfrac : 0;
}

size_t units_format_duration(int64_t ns, char *buf, size_t size)
{
    static const struct {
        int64_t div;
        int digits;
        const char *name;
    } units[] = {{1000000000, 9, "s"}, {1000000, 6, "ms"}, {1000, 3, "us"}, {1, 0, "ns"}};
    uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    size_t u = 0;
    while (units[u].div > 1 && mag < (uint64_t)units[u].div)
        u++;
    uint64_t whole = mag / (uint64_t)units[u].div, frac = mag % (uint64_t)units[u].div;
    char fracs[16] = "";
    if (frac != 0) {
        int digits = units[u].digits;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        snprintf(fracs, sizeof fracs, ".%0*llu", digits, (unsigned long long)frac);
    }
    int k = snprintf(buf, size, "%s%llu%s%s", ns < 0 ? "-" : "", (unsigned long long)whole, fracs,
                     units[u].name);
    return k < 0 ? 0 : (size_t)k;
}

size_t units_format_size(int64_t bytes, char *buf, size_t size)
{
    static const char *const names[] = {"TiB", "GiB", "MiB", "KiB"};
    int k = -1;
    for (int i = 0; i < 4 && k < 0; i++) {
        int64_t mult = 1LL << (10 * (4 - i));
        if (bytes != 0 && bytes % mult == 0)
            k = snprintf(buf, size, "%lld%s", (long long)(bytes / mult), names[i]);
    }
    if (k < 0)
        k = snprintf(buf, size, "%lldB", (long long)bytes);
    return k < 0 ? 0 : (size_t)k;
}
