/* rng.h - bistro's seeded pseudo-random numbers and duration distributions.
 *
 * The generator is xoshiro256** (Blackman and Vigna, 2018), seeded through
 * splitmix64 so that any 64-bit seed, 0 included, gives a good state. Streams are
 * cheap to derive: rng_derive(seed, stream) gives an independent-looking generator
 * for one request, so request i's durations do not depend on how many numbers
 * other requests drew (common random numbers across runtimes).
 */
#ifndef BISTRO_RNG_H
#define BISTRO_RNG_H

#include <stdint.h>

#include "scenario.h"

typedef struct {
    uint64_t s[4];
} rng;

/* Seeds `r` from `seed`. */
void rng_seed(rng *r, uint64_t seed);

/* Seeds `r` for stream `stream` of `seed` (e.g. one request of a workload). */
void rng_derive(rng *r, uint64_t seed, uint64_t stream);

/* The next 64 random bits. */
uint64_t rng_next(rng *r);

/* A uniform double in [0, 1), with 53 random bits. */
double rng_unit(rng *r);

/* A sample of `d` in nanoseconds, rounded to the nearest nanosecond, clamped to
 * [0, SCN_MAX_DURATION_NS]. A constant draws no number. */
int64_t rng_sample(rng *r, const scn_dist *d);

#endif
