/* rng.c - xoshiro256** seeded by splitmix64, and the one duration sampler.
 *
 * Both generators are written from their published descriptions (Blackman and
 * Vigna, "Scrambled linear pseudorandom number generators", 2018; Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", 2014). Every scenario
 * duration that is random is drawn by rng_sample() and nowhere else, so one
 * distribution gives the same numbers wherever it is used.
 *
 * How many numbers a sample draws depends only on the distribution's kind, never
 * on its parameters (a constant draws none, exp and uniform one, normal and
 * lognormal two), so changing one duration's parameters does not shift the draws
 * of the steps after it.
 */
#include "rng.h"

#include <math.h>

#define RNG__GOLDEN UINT64_C(0x9e3779b97f4a7c15)
#define RNG__TWO_PI 6.283185307179586476925286766559

/* splitmix64: advances *state by the golden gamma and returns its mixed value. */
static uint64_t rng__splitmix64(uint64_t *state)
{
    uint64_t z = (*state += RNG__GOLDEN);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t rng__rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void rng_seed(rng *r, uint64_t seed)
{
    /* Four consecutive splitmix64 outputs are never all zero (its output function
     * is a bijection), so the xoshiro state is valid for every seed. */
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = rng__splitmix64(&sm);
}

void rng_derive(rng *r, uint64_t seed, uint64_t stream)
{
    /* Mixing the seed first and the stream second keeps neighbouring seeds and
     * neighbouring streams far apart; for one seed, distinct streams give distinct
     * seeds because xor and splitmix64's output function are both bijections. */
    uint64_t sm = seed;
    uint64_t key = rng__splitmix64(&sm);
    sm = key ^ stream;
    rng_seed(r, rng__splitmix64(&sm));
}

uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rng__rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng__rotl(s[3], 45);
    return result;
}

double rng_unit(rng *r)
{
    /* The top 53 bits are the best ones of xoshiro256** and fill a double's
     * mantissa exactly, so every value is a multiple of 2^-53 below 1. */
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* A standard normal value by Box-Muller, using the cosine half only so that a
 * sample is a function of its own two draws and nothing is cached in `r`. */
static double rng__std_normal(rng *r)
{
    double u1 = rng_unit(r);
    double u2 = rng_unit(r);
    /* 1 - u1 lies in (0, 1] and is exact (u1 is a multiple of 2^-53), so the
     * logarithm is finite and log(1 - u1) equals log1p(-u1), at a third of the cost. */
    double radius = sqrt(-2.0 * log(1.0 - u1));
    return radius * cos(RNG__TWO_PI * u2);
}

/* Nanoseconds from a real value: nearest, inside [0, SCN_MAX_DURATION_NS]. The
 * first test also sends NaN to 0, so no caller can ever see one. */
static int64_t rng__to_ns(double x)
{
    if (!(x > 0.0))
        return 0;
    if (x >= (double)SCN_MAX_DURATION_NS)
        return SCN_MAX_DURATION_NS;
    /* llround's half-away-from-zero, cheaper: below 2^52 adding 0.5 is exact, so
     * truncating x + 0.5 rounds halves up like llround does for positive x */
    return (int64_t)(x + 0.5);
}

static int64_t rng__clamp_ns(int64_t v)
{
    if (v < 0)
        return 0;
    return v > SCN_MAX_DURATION_NS ? SCN_MAX_DURATION_NS : v;
}

/* The lognormal whose own mean is `mean` and own sd is `sd`:
 * sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2. */
static double rng__lognormal(rng *r, double mean, double sd)
{
    double z = rng__std_normal(r);
    if (!(mean > 0.0))
        return 0.0;
    double cv = sd / mean;
    double sigma2 = log1p(cv * cv);
    double mu = log(mean) - sigma2 / 2.0;
    return exp(mu + sqrt(sigma2) * z);
}

int64_t rng_sample(rng *r, const scn_dist *d)
{
    double a = (double)d->a;
    double b = (double)d->b;
    switch (d->kind) {
    case SCN_DIST_CONST: break;
    case SCN_DIST_EXP:
        /* Inverse CDF on 1 - u in (0, 1], exact as above: never log(0). */
        return rng__to_ns(-a * log(1.0 - rng_unit(r)));
    case SCN_DIST_UNIFORM: {
        double lo = a < b ? a : b;
        double hi = a < b ? b : a;
        return rng__to_ns(lo + (hi - lo) * rng_unit(r));
    }
    case SCN_DIST_NORMAL: return rng__to_ns(a + b * rng__std_normal(r));
    case SCN_DIST_LOGNORMAL: return rng__to_ns(rng__lognormal(r, a, b));
    }
    return rng__clamp_ns(d->a);
}
