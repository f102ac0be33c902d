/* timeline_rank.c - the k-th smallest latency among the first m completions.
 *
 * The app shows latency percentiles "so far": of the requests completed by the
 * current time, which are a prefix of the completions in time order. A wavelet
 * matrix answers "k-th smallest of values[0 .. m)" exactly in one step per bit of
 * the rank (about log2 n steps), each a rank query on a bit vector: O(log n) per
 * percentile, whatever m is. Memory: per level n bits plus a 32-bit count per
 * 64 bits, about 0.19 n bytes a level, plus the sorted values (8 n bytes).
 *
 * The values are replaced by their ranks 0 .. n-1 (ties broken by position), so
 * ranks are distinct and the k-th smallest rank indexes the sorted values.
 */
#include "timeline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

typedef struct {
    int64_t v;
    uint32_t i;
} rank_pair;

static int pair_cmp(const void *pa, const void *pb)
{
    const rank_pair *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Zeros among the first `pos` bits of level l. */
static size_t rank0(const tl__rank *r, int l, size_t pos)
{
    size_t word = pos >> 6, bit = pos & 63;
    size_t ones = r->ranks[l][word];
    if (bit)
        ones += (size_t)__builtin_popcountll(r->bits[l][word] & ((UINT64_C(1) << bit) - 1));
    return pos - ones;
}

static int alloc_levels(tl__rank *r, size_t words)
{
    r->bits = calloc((size_t)r->levels, sizeof *r->bits);
    r->ranks = calloc((size_t)r->levels, sizeof *r->ranks);
    r->zeros = calloc((size_t)r->levels, sizeof *r->zeros);
    if (r->bits == NULL || r->ranks == NULL || r->zeros == NULL)
        return SIM_ENOMEM;
    for (int l = 0; l < r->levels; l++) {
        r->bits[l] = calloc(words, sizeof **r->bits);
        r->ranks[l] = calloc(words + 1, sizeof **r->ranks);
        if (r->bits[l] == NULL || r->ranks[l] == NULL)
            return SIM_ENOMEM;
    }
    return 0;
}

/* One level: bit `shift` of each rank, then a stable partition (zeros first). */
static void build_level(tl__rank *r, int l, int shift, uint32_t *cur, uint32_t *next, size_t words)
{
    size_t n = r->n, z = 0;
    for (size_t i = 0; i < n; i++)
        if (!((cur[i] >> shift) & 1))
            z++;
    size_t zi = 0, oi = z;
    for (size_t i = 0; i < n; i++) {
        if ((cur[i] >> shift) & 1) {
            r->bits[l][i >> 6] |= UINT64_C(1) << (i & 63);
            next[oi++] = cur[i];
        } else {
            next[zi++] = cur[i];
        }
    }
    r->zeros[l] = z;
    for (size_t w = 0; w < words; w++)
        r->ranks[l][w + 1] = r->ranks[l][w] + (uint32_t)__builtin_popcountll(r->bits[l][w]);
}

int tl__rank_build(tl__rank *r, const int64_t *values, size_t n)
{
    memset(r, 0, sizeof *r);
    if (n == 0)
        return 0;
    if (n > UINT32_MAX)
        return SIM_ELIMIT;
    r->n = n;
    while (r->levels < 32 && ((size_t)1 << r->levels) < n)
        r->levels++;
    if (r->levels == 0)
        r->levels = 1;
    size_t words = (n + 63) / 64;
    rank_pair *pairs = malloc(n * sizeof *pairs);
    uint32_t *a = malloc(n * sizeof *a), *c = malloc(n * sizeof *c);
    r->sorted = malloc(n * sizeof *r->sorted);
    int rc = pairs && a && c && r->sorted ? alloc_levels(r, words) : SIM_ENOMEM;
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            pairs[i] = (rank_pair){.v = values[i], .i = (uint32_t)i};
        qsort(pairs, n, sizeof *pairs, pair_cmp);
        for (size_t k = 0; k < n; k++) {
            r->sorted[k] = pairs[k].v;
            a[pairs[k].i] = (uint32_t)k;
        }
        for (int l = 0; l < r->levels; l++) {
            build_level(r, l, r->levels - 1 - l, a, c, words);
            uint32_t *t = a;
            a = c;
            c = t;
        }
    }
    free(pairs);
    free(a);
    free(c);
    if (rc < 0)
        tl__rank_free(r);
    return rc;
}

int64_t tl__rank_kth(const tl__rank *r, size_t m, size_t k)
{
    size_t s = 0, e = m;
    uint32_t v = 0;
    for (int l = 0; l < r->levels; l++) {
        size_t zs = rank0(r, l, s), ze = rank0(r, l, e);
        if (k < ze - zs) {
            s = zs;
            e = ze;
        } else {
            k -= ze - zs;
            v |= UINT32_C(1) << (r->levels - 1 - l);
            s = r->zeros[l] + (s - zs);
            e = r->zeros[l] + (e - ze);
        }
    }
    return r->sorted[v];
}

void tl__rank_free(tl__rank *r)
{
    for (int l = 0; l < r->levels; l++) {
        if (r->bits != NULL)
            free(r->bits[l]);
        if (r->ranks != NULL)
            free(r->ranks[l]);
    }
    free(r->bits);
    free(r->ranks);
    free(r->zeros);
    free(r->sorted);
    memset(r, 0, sizeof *r);
}
