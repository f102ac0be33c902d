/* timeline_lanes.c - recording intervals while the trace is read, and their final
 * layout.
 *
 * During the build, when an instant ends the reader names each lane that changed
 * during it (reader.h); the lane's value now is compared with its last recorded
 * interval and appended if it differs. So a lane gets at most one interval per
 * instant, the one in effect after all of that instant's events, and zero-length
 * states never reach memory. Intervals are appended in time order to
 * one array per lane kind, with their lane beside them; at the end a counting sort
 * by lane (stable, so each lane stays in time order) lays them out lane by lane.
 */
/* for MADV_HUGEPAGE, a Linux hint (<sys/mman.h> hides it in strict POSIX mode) */
#define _DEFAULT_SOURCE
#include "timeline_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "error.h"
#include "grow.h"

bool tl__grow_cols(tl__builder *b, size_t *cap, size_t n, const tl__col *cols, size_t k)
{
    if (n < *cap)
        return true;
    /* each column grows from the same capacity to the same new one; one that grew
     * before another failed keeps its room, which the next attempt reuses */
    size_t grown = *cap;
    for (size_t i = 0; i < k; i++) {
        grown = *cap;
        if (sim_grow(cols[i].p, &grown, n + 1, cols[i].size) < 0) {
            if (b->err == 0)
                b->err = SIM_ENOMEM;
            return false;
        }
    }
    *cap = grown;
    return true;
}

bool tl__grow(tl__builder *b, void **arr, size_t *cap, size_t n, size_t size)
{
    return tl__grow_cols(b, cap, n, &(tl__col){arr, size}, 1);
}

/* Gives *arr room for `want` elements of `size` bytes, or as many as will fit of
 * want / 2, want / 4, ... down to `floor`; false (and *arr untouched) if not even
 * that. */
/* A new array of `bytes`. A big one (the lanes of a long run, hundreds of MB) is
 * asked to live in 2 MiB pages where the system has them: filling it then costs
 * one page fault per 2 MiB instead of one per 4 KiB, and on a virtual machine
 * the faults, not the writes, were most of the build's time (half of it in the
 * kernel for a million requests). Freed with free() like any other. */
static void *big_array(size_t bytes)
{
    enum { HUGE = 2 * 1024 * 1024 };
#ifdef MADV_HUGEPAGE
    if (bytes >= 2 * (size_t)HUGE) {
        void *p = NULL;
        if (posix_memalign(&p, HUGE, bytes) != 0)
            return NULL;
        madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without it, small pages */
        return p;
    }
#endif
    return malloc(bytes ? bytes : 1);
}

static bool presize(void **arr, size_t *cap, size_t want, size_t floor, size_t size)
{
    for (; want >= floor && want > *cap; want /= 2) {
        void *p = NULL;
        if (want <= SIZE_MAX / size)
            p = *arr == NULL ? big_array(want * size) : realloc(*arr, want * size);
        if (p != NULL) {
            *arr = p;
            *cap = want;
            return true;
        }
    }
    return want <= *cap;
}

/* presize() for columns that share one capacity: the first as big as will fit,
 * the others exactly as big; *cap is set only when all of them are. */
static void presize_cols(const tl__col *cols, size_t k, size_t *cap, size_t want, size_t floor)
{
    size_t first = 0;
    if (*cap != 0 || !presize(cols[0].p, &first, want, floor, cols[0].size) || first == 0)
        return;
    for (size_t i = 1; i < k; i++) {
        size_t c = 0;
        if (!presize(cols[i].p, &c, first, first, cols[i].size))
            return;
    }
    *cap = first;
}

void tl__lanes_presize(tl__builder *b, size_t events)
{
    /* An interval or a series entry is recorded for an instant in which something
     * changed, so a run's trace bounds how many each array gets. Sized from it up
     * front, the arrays are laid out once and never copied as they grow: memory
     * the allocator maps lazily, touched only as far as it is used, and given back
     * by the shrink at the end. A smaller size, or none, only costs copies later. */
    static const size_t share[TL_LANE_KIND_COUNT] = {
        [TL_LANE_WORKER] = 1, [TL_LANE_REQUEST] = 1, [TL_LANE_CORE] = 2,
        [TL_LANE_GIL] = 4,    [TL_LANE_QUEUE] = 1,   [TL_LANE_PHASE] = 8};
    for (int k = 0; k < TL_LANE_KIND_COUNT; k++) {
        tl__blanes *L = &b->bl[k];
        const tl__col cols[] = {{(void **)&L->iv, sizeof *L->iv},
                                {(void **)&L->lane, sizeof *L->lane}};
        presize_cols(cols, 2, &L->cap, events / share[k], 4096);
    }
    timeline *tl = b->tl;
    const tl__col times[] = {{(void **)&tl->times, sizeof *tl->times},
                             {(void **)&tl->time_steps, sizeof *tl->time_steps}};
    presize_cols(times, 2, &b->cap_times, events, 4096);
    /* the series: one entry per request, or at most one per event (an instant) */
    presize((void **)&tl->arrive_t, &b->cap_arrive, tl->nreq, 4096, sizeof *tl->arrive_t);
    tl__col done[2], lag[3], mem[3];
    presize_cols(tl__done_cols(b, done), 2, &b->cap_done, tl->nreq, 4096);
    presize_cols(tl__lag_cols(b, lag), 3, &b->cap_lag, events / 4, 4096);
    presize_cols(tl__mem_cols(b, mem), 3, &b->cap_mem, events / 4, 4096);
    presize((void **)&tl->trans, &b->cap_trans, events / 2, 4096, sizeof *tl->trans);
    presize((void **)&tl->busy.p, &tl->busy.cap, events / 4, 4096, sizeof *tl->busy.p);
    presize((void **)&tl->gil.p, &tl->gil.cap, events / 4, 4096, sizeof *tl->gil.p);
}

int tl__lanes_reserve(tl__builder *b, int kind, size_t lanes)
{
    tl__blanes *L = &b->bl[kind];
    if (lanes <= L->nlanes)
        return 0;
    size_t cap = L->cap_lanes;
    if (sim_grow((void **)&L->last, &L->cap_lanes, lanes, sizeof *L->last) < 0)
        return SIM_ENOMEM;
    if (b->tl->has_steps && L->cap_lanes != cap) {
        int64_t *p = realloc(L->sub_last, L->cap_lanes * sizeof *p);
        if (p == NULL)
            return SIM_ENOMEM;
        L->sub_last = p;
    }
    for (size_t i = L->nlanes; i < lanes; i++) {
        L->last[i] = -1;
        if (b->tl->has_steps)
            L->sub_last[i] = -1;
    }
    L->nlanes = lanes;
    return 0;
}

int tl__lanes_init(tl__builder *b)
{
    const timeline *tl = b->tl;
    int rc = tl__lanes_reserve(b, TL_LANE_REQUEST, tl->nreq);
    if (rc == 0)
        rc = tl__lanes_reserve(b, TL_LANE_CORE, tl->ncores);
    if (rc == 0)
        rc = tl__lanes_reserve(b, TL_LANE_GIL, tl->nproc);
    if (rc == 0)
        rc = tl__lanes_reserve(b, TL_LANE_PHASE, tl->nloops);
    return rc;
}

void tl__lanes_release(tl__builder *b)
{
    for (int k = 0; k < TL_LANE_KIND_COUNT; k++) {
        tl__blanes *L = &b->bl[k];
        free(L->iv);
        free(L->lane);
        free(L->last);
        free(L->sub_last);
        memset(L, 0, sizeof *L);
    }
}

/* ---- what a lane shows now ----------------------------------------------------------- */

const tl__iv tl__blank = {.a = -1, .b = -1, .c = 0, .core = -1};

static tl__iv now_worker(const tl__builder *b, size_t w)
{
    const rd_worker *x = rd_worker_at(b->rd, w);
    tl__iv v = tl__blank;
    if (x == NULL)
        return v;
    v.state = x->state;
    v.a = x->req;
    v.b = x->step;
    v.c = x->line;
    v.core = (int16_t)x->core;
    return v;
}

static tl__iv now_request(const tl__builder *b, size_t r)
{
    rd_request q = rd_request_at(b->rd, r);
    tl__iv v = tl__blank;
    v.state = q.state;
    if (q.worker >= 0) {
        const rd_worker *x = rd_worker_at(b->rd, (size_t)q.worker);
        v.a = q.worker;
        v.b = x->step;
        v.c = x->line;
    }
    return v;
}

static tl__iv now_core(const tl__builder *b, size_t c)
{
    const rd_core *k = rd_core_at(b->rd, c);
    tl__iv v = tl__blank;
    v.state = k->occupant < 0 ? TL_CORE_IDLE : k->switching ? TL_CORE_SWITCH : TL_CORE_BUSY;
    v.a = k->occupant;
    v.b = k->occupant >= 0 ? rd_worker_at(b->rd, (size_t)k->occupant)->req : -1;
    return v;
}

static tl__iv now_gil(const tl__builder *b, size_t p)
{
    const rd_gil *g = rd_gil_at(b->rd, p);
    tl__iv v = tl__blank;
    v.state = g->holder >= 0 ? TL_GIL_HELD : TL_GIL_FREE;
    v.a = g->holder;
    v.b = g->holder >= 0 ? rd_worker_at(b->rd, (size_t)g->holder)->req : -1;
    v.c = g->waiters;
    v.flag = g->drop;
    return v;
}

tl__iv tl__now_lane(const tl__builder *b, int kind, size_t lane)
{
    tl__iv v = tl__blank;
    switch (kind) {
    case TL_LANE_WORKER: return now_worker(b, lane);
    case TL_LANE_REQUEST: return now_request(b, lane);
    case TL_LANE_CORE: return now_core(b, lane);
    case TL_LANE_GIL: return now_gil(b, lane);
    case TL_LANE_QUEUE: {
        int64_t n = rd_queue_length(b->rd, lane);
        v.c = n > INT32_MAX ? INT32_MAX : (int32_t)n;
        return v;
    }
    default:
        v.state = (uint8_t)rd_phase(b->rd, lane);
        v.a = rd_running(b->rd, lane);
        return v;
    }
}

bool tl__same(const tl__iv *x, const tl__iv *y)
{
    return x->a == y->a && x->b == y->b && x->c == y->c && x->state == y->state &&
           x->flag == y->flag && x->core == y->core;
}

static void note_transition(tl__builder *b, int from, int to)
{
    timeline *tl = b->tl;
    if (!tl__grow(b, (void **)&tl->trans, &b->cap_trans, tl->ntrans, sizeof *tl->trans))
        return;
    tl->trans[tl->ntrans++] = (tl__trans){.t = b->now, .from = (uint8_t)from, .to = (uint8_t)to};
}

void tl__record(tl__builder *b, int kind, size_t lane)
{
    if (lane >= b->bl[kind].nlanes)
        return;
    tl__blanes *L = &b->bl[kind];
    tl__iv v = tl__now_lane(b, kind, lane);
    int64_t last = L->last[lane];
    /* a lane with nothing recorded shows its initial state (a phase lane has none) */
    if (last >= 0 ? tl__same(&L->iv[last], &v) : kind != TL_LANE_PHASE && tl__same(&tl__blank, &v))
        return;
    /* a request's state as last recorded: its last interval's, or PENDING */
    int was = last >= 0 ? L->iv[last].state : TL_R_PENDING;
    if (kind == TL_LANE_REQUEST && v.state != was)
        note_transition(b, was, v.state);
    const tl__col cols[] = {{(void **)&L->iv, sizeof *L->iv}, {(void **)&L->lane, sizeof *L->lane}};
    if (!tl__grow_cols(b, &L->cap, L->n, cols, 2))
        return;
    v.t = b->now;
    L->iv[L->n] = v;
    L->lane[L->n] = (uint32_t)lane;
    L->last[lane] = (int64_t)L->n++;
}

int tl__cum_add(tl__builder *b, tl__cum *c, int64_t t, int64_t rate)
{
    int64_t total = 0;
    if (c->n > 0) {
        const tl__cum_pt *last = &c->p[c->n - 1];
        if (last->rate == rate)
            return 0;
        int64_t grown;
        if (__builtin_mul_overflow(last->rate, t - last->t, &grown) ||
            __builtin_add_overflow(last->total, grown, &total))
            return b->err = SIM_EOVERFLOW;
    } else if (rate == 0) {
        return 0;
    }
    if (!tl__grow(b, (void **)&c->p, &c->cap, c->n, sizeof *c->p))
        return SIM_ENOMEM;
    c->p[c->n++] = (tl__cum_pt){.t = t, .total = total, .rate = rate};
    return 0;
}

void tl__instant_end(tl__builder *b)
{
    tl__cum_add(b, &b->tl->busy, b->now, rd_busy_cores(b->rd));
    tl__cum_add(b, &b->tl->gil, b->now, rd_gil_waiting(b->rd));
}

/* ---- the final layout ------------------------------------------------------------------- */

static int finish_kind(tl__builder *b, int kind)
{
    tl__blanes *L = &b->bl[kind];
    tl__lanes *out = &b->tl->lanes[kind];
    out->n = L->nlanes;
    out->first = calloc(L->nlanes + 1, sizeof *out->first);
    out->iv = big_array((L->n ? L->n : 1) * sizeof *out->iv);
    if (out->first == NULL || out->iv == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < L->n; i++)
        out->first[L->lane[i] + 1]++;
    for (size_t l = 0; l < L->nlanes; l++)
        out->first[l + 1] += out->first[l];
    /* `last` is no longer needed: reuse it as each lane's fill position */
    for (size_t l = 0; l < L->nlanes; l++)
        L->last[l] = (int64_t)out->first[l];
    for (size_t i = 0; i < L->n; i++)
        out->iv[L->last[L->lane[i]]++] = L->iv[i];
    free(L->iv);
    free(L->lane);
    L->iv = NULL;
    L->lane = NULL;
    L->n = L->cap = 0;
    return 0;
}

/* Totals every TL__CHECKPOINT transitions, so counts at any time need a short scan. */
static int finish_checkpoints(tl__builder *b)
{
    timeline *tl = b->tl;
    size_t ncp = tl->ntrans / TL__CHECKPOINT + 1;
    tl->cps = calloc(ncp, sizeof *tl->cps);
    if (tl->cps == NULL)
        return SIM_ENOMEM;
    tl__checkpoint cur = {0};
    cur.count[TL_R_PENDING] = (int64_t)tl->nreq;
    for (size_t i = 0; i < tl->ntrans; i++) {
        if (i % TL__CHECKPOINT == 0)
            tl->cps[i / TL__CHECKPOINT] = cur;
        const tl__trans *x = &tl->trans[i];
        for (int s = 0; s < TL_R_COUNT; s++)
            cur.area[s] += (__int128)cur.count[s] * (x->t - cur.t);
        cur.t = x->t;
        cur.count[x->from]--;
        cur.count[x->to]++;
    }
    if (tl->ntrans % TL__CHECKPOINT == 0)
        tl->cps[tl->ntrans / TL__CHECKPOINT] = cur;
    return 0;
}

int tl__lanes_finish(tl__builder *b)
{
    for (int k = 0; k < TL_LANE_KIND_COUNT; k++) {
        int rc = finish_kind(b, k);
        if (rc < 0)
            return rc;
    }
    return finish_checkpoints(b);
}
