/* timeline_steps.c - inside an instant: the lanes after each event of it.
 *
 * The lanes keep what each thing shows when an instant is over; a busy instant (a
 * main script, a nextTick queue drained, a timer after another) passes through
 * states in between that a class walks step by step. While building, the reader
 * names what each event changed (rd_step_changes); a lane whose state then
 * differs from what it showed before gets an entry (t, k, state) in `sub`. When
 * the instant ends, the entries of its last step are dropped (the lanes hold that
 * state) and the rest are sorted by (kind, lane, k), so that "lane L after the
 * first k events at t" is one binary search: the lane's last entry at t up to k,
 * or, when it has none, what it showed before the instant.
 *
 * Cost: an entry (40 bytes) per thing that changed per event, inside busy
 * instants only; the build keeps them for runs of at most TL_STEPS_MAX_EVENTS
 * events (the lessons that are walked step by step are small).
 */
#include <stdlib.h>

#include "error.h"
#include "timeline_internal.h"

void tl__steps_record(tl__builder *b)
{
    timeline *tl = b->tl;
    size_t n;
    const rd_change *ch = rd_step_changes(b->rd, &n);
    for (size_t i = 0; i < n && b->err == 0; i++) {
        int kind = ch[i].kind;
        size_t lane = ch[i].index;
        if (kind == RD_MEMORY)
            continue;
        if (kind == TL_LANE_WORKER && tl__lanes_reserve(b, kind, lane + 1) < 0) {
            b->err = SIM_ENOMEM;
            return;
        }
        tl__blanes *L = &b->bl[kind];
        if (lane >= L->nlanes)
            continue;
        tl__iv v = tl__now_lane(b, kind, lane);
        /* what it showed before this event: its last entry of this instant (an
         * index left from an earlier instant may point at another lane's entry
         * now, or past the end), else its last interval, else its initial state */
        int64_t s = L->sub_last[lane];
        bool current = s >= (int64_t)b->sub_from && (size_t)s < tl->nsub &&
                       tl->sub[s].kind == kind && tl->sub[s].lane == lane;
        const tl__iv *before = current                 ? &tl->sub[s].v
                               : L->last[lane] >= 0    ? &L->iv[L->last[lane]]
                               : kind != TL_LANE_PHASE ? &tl__blank
                                                       : NULL;
        if (before && tl__same(before, &v))
            continue;
        if (!tl__grow(b, (void **)&tl->sub, &b->cap_sub, tl->nsub, sizeof *tl->sub))
            return;
        v.t = b->now;
        tl->sub[tl->nsub] =
            (tl__sub){.v = v, .k = b->k, .lane = (uint32_t)lane, .kind = (uint8_t)kind};
        L->sub_last[lane] = (int64_t)tl->nsub++;
    }
    rd_step_clear(b->rd);
}

static int cmp_sub(const void *pa, const void *pb)
{
    const tl__sub *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->lane != b->lane)
        return a->lane < b->lane ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

void tl__steps_instant_end(tl__builder *b, uint32_t n)
{
    timeline *tl = b->tl;
    size_t keep = b->sub_from;
    for (size_t i = b->sub_from; i < tl->nsub; i++)
        if (tl->sub[i].k < n)
            tl->sub[keep++] = tl->sub[i];
    tl->nsub = keep;
    if (tl->nsub - b->sub_from > 1) /* (and never qsort(NULL, 0, ...)) */
        qsort(tl->sub + b->sub_from, tl->nsub - b->sub_from, sizeof *tl->sub, cmp_sub);
    b->sub_from = tl->nsub;
}

/* Orders an entry against the key (t, kind, lane, k). */
static int key_cmp(const tl__sub *s, int64_t t, int kind, size_t lane, uint32_t k)
{
    if (s->v.t != t)
        return s->v.t < t ? -1 : 1;
    if (s->kind != kind)
        return s->kind < kind ? -1 : 1;
    if (s->lane != lane)
        return s->lane < lane ? -1 : 1;
    return s->k < k ? -1 : s->k > k;
}

const tl__sub *tl__sub_find(const timeline *tl, int kind, size_t lane, int64_t t, uint32_t k)
{
    /* the last entry <= (t, kind, lane, k) */
    size_t lo = 0, hi = tl->nsub;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&tl->sub[mid], t, kind, lane, k) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const tl__sub *s = &tl->sub[lo - 1];
    return s->v.t == t && s->kind == kind && s->lane == lane ? s : NULL;
}
