/* workload.c - the requests of a scenario (workload.h): how many, when they
 * arrive, and each one's program with its durations sampled.
 *
 * All randomness comes from streams of the run's seed, kept apart so that no two
 * uses ever share numbers and none depends on the order an engine asks in:
 *   stream i (0 <= i < SCN_MAX_REQUESTS)  request i's program: the mix entry
 *                                         first, then its durations in pre-order
 *   stream WL__THINK_STREAM + i           request i's think time (closed loops)
 *   stream WL__ARRIVAL_STREAM             the gaps of poisson arrivals
 * Because of this, common random numbers hold across runtimes: a runtime that
 * builds request 7 before request 3 still gets the same two programs.
 */
#include "workload.h"

#include <math.h>
#include <stdlib.h>

#include "error.h"

#define WL__THINK_STREAM (UINT64_C(1) << 63)
#define WL__ARRIVAL_STREAM UINT64_MAX
#define WL__MIN_OPS 16

int64_t wl_request_count(const scn_scenario *scn)
{
    const scn_workload *w = &scn->workload;
    if (w->kind == SCN_WORKLOAD_EXPLICIT)
        return (int64_t)w->nrequests;
    if (w->arrivals.kind == SCN_ARR_AT)
        return (int64_t)w->arrivals.nat;
    return w->arrivals.count;
}

bool wl_is_closed(const scn_scenario *scn)
{
    return scn->workload.kind == SCN_WORKLOAD_GENERATED &&
           scn->workload.arrivals.kind == SCN_ARR_CLOSED;
}

const char *wl_request_name(const scn_scenario *scn, int64_t req)
{
    const scn_workload *w = &scn->workload;
    if (w->kind != SCN_WORKLOAD_EXPLICIT || req < 0 || (uint64_t)req >= w->nrequests)
        return NULL;
    return w->requests[req].name;
}

/* ---- open arrivals ---- */

typedef struct {
    int64_t t;
    uint32_t index;
} wl__timed;

/* Orders by time, then by index: a total order, so the result is the same
 * whatever qsort's (unstable) algorithm does with equal times. */
static int wl__timed_cmp(const void *pa, const void *pb)
{
    const wl__timed *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Fills it->order for workloads whose requests have set times (explicit, at). */
static int wl__sort_order(wl_arrivals *it, size_t n)
{
    const scn_workload *w = &it->scn->workload;
    if (n == 0)
        return 0;
    if (n > (size_t)SCN_MAX_REQUESTS)
        return SIM_ELIMIT;
    wl__timed *tmp = malloc(n * sizeof(*tmp));
    it->order = malloc(n * sizeof(*it->order));
    if (tmp == NULL || it->order == NULL) {
        free(tmp);
        free(it->order);
        it->order = NULL;
        return SIM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        tmp[i].index = (uint32_t)i;
        tmp[i].t = w->kind == SCN_WORKLOAD_EXPLICIT ? w->requests[i].at : w->arrivals.at[i];
    }
    qsort(tmp, n, sizeof(*tmp), wl__timed_cmp);
    for (size_t i = 0; i < n; i++)
        it->order[i] = tmp[i].index;
    free(tmp);
    return 0;
}

int wl_arrivals_init(wl_arrivals *it, const scn_scenario *scn, uint64_t seed)
{
    const scn_workload *w = &scn->workload;
    it->scn = scn;
    it->next = 0;
    it->t = 0;
    it->order = NULL;
    rng_derive(&it->r, seed, WL__ARRIVAL_STREAM);
    if (w->kind == SCN_WORKLOAD_EXPLICIT)
        return wl__sort_order(it, w->nrequests);
    if (w->arrivals.kind == SCN_ARR_AT)
        return wl__sort_order(it, w->arrivals.nat);
    return 0;
}

void wl_arrivals_release(wl_arrivals *it)
{
    free(it->order);
    it->order = NULL;
}

/* The next poisson arrival: the last one plus an exponential gap of mean
 * 1e9 / rate ns. The gap is computed here in double rather than through an
 * scn_dist because its mean need not be a whole number of nanoseconds (at
 * 3e8 per second, rounding the mean to 3 ns would be a 10% error). */
static int wl__poisson_next(wl_arrivals *it, int64_t *t)
{
    double rate = it->scn->workload.arrivals.rate_per_s;
    if (!(rate > 0.0))
        return SIM_EINVAL;
    /* 1 - u is exact and in (0, 1] (u is a multiple of 2^-53): never log(0) */
    double gap = -(1e9 / rate) * log(1.0 - rng_unit(&it->r));
    if (!(gap < 9.0e18))
        return SIM_EOVERFLOW;
    int64_t g = (int64_t)llround(gap);
    if (g > INT64_MAX - it->t)
        return SIM_EOVERFLOW;
    *t = it->t + g;
    return 0;
}

/* The time of generated request i (burst, every, poisson). */
static int wl__generated_time(wl_arrivals *it, int64_t i, int64_t *t)
{
    const scn_arrivals *a = &it->scn->workload.arrivals;
    switch (a->kind) {
    case SCN_ARR_BURST: *t = 0; return 0;
    case SCN_ARR_EVERY:
        if (a->every > 0 && i > INT64_MAX / a->every)
            return SIM_EOVERFLOW;
        *t = i * a->every;
        return 0;
    case SCN_ARR_POISSON: return wl__poisson_next(it, t);
    default: return SIM_EINVAL;
    }
}

int wl_arrivals_next(wl_arrivals *it, int64_t *req, int64_t *t)
{
    const scn_workload *w = &it->scn->workload;
    int64_t i = it->next;
    if (wl_is_closed(it->scn) || i >= wl_request_count(it->scn))
        return 0;
    int64_t index = i;
    int64_t when;
    if (w->kind == SCN_WORKLOAD_EXPLICIT) {
        index = it->order[i];
        when = w->requests[index].at;
    } else if (w->arrivals.kind == SCN_ARR_AT) {
        index = it->order[i];
        when = w->arrivals.at[index];
    } else {
        int rc = wl__generated_time(it, i, &when);
        if (rc < 0)
            return rc;
    }
    it->next = i + 1;
    it->t = when;
    *req = index;
    *t = when;
    return 1;
}

int64_t wl_think_time(const scn_scenario *scn, uint64_t seed, int64_t req)
{
    if (!wl_is_closed(scn))
        return 0;
    rng r;
    rng_derive(&r, seed, WL__THINK_STREAM + (uint64_t)req);
    return rng_sample(&r, &scn->workload.arrivals.think);
}

/* ---- programs ---- */

typedef struct {
    wl_program *prog;
    rng r;
    /* in-process calls (wl_program_build_in): the services they inline, and the
     * stream their steps draw from, apart from the request's own */
    const scn_scenario *scn;
    uint32_t in_process;
    rng inline_r;
} wl__builder;

static bool wl__has_duration(scn_step_kind kind)
{
    return kind == SCN_STEP_CPU || kind == SCN_STEP_NATIVE || kind == SCN_STEP_IO ||
           kind == SCN_STEP_TIMEOUT || kind == SCN_STEP_INTERVAL || kind == SCN_STEP_SLEEP;
}

static int wl__reserve(wl_program *p)
{
    if (p->n < p->cap)
        return 0;
    uint32_t cap = p->cap ? p->cap * 2 : WL__MIN_OPS;
    if (cap > SCN_MAX_EXPANDED_STEPS)
        cap = SCN_MAX_EXPANDED_STEPS;
    wl_op *ops = realloc(p->ops, (size_t)cap * sizeof(*ops));
    if (ops == NULL)
        return SIM_ENOMEM;
    p->ops = ops;
    p->cap = cap;
    return 0;
}

/* Appends one op (sampling its duration now, which makes the draws pre-order)
 * and gives its position in *at; its size is set by wl__close(). */
static int wl__emit(wl__builder *b, uint32_t kind, const scn_step *src, uint32_t *at)
{
    wl_program *p = b->prog;
    if (p->n >= SCN_MAX_EXPANDED_STEPS)
        return SIM_ELIMIT;
    int rc = wl__reserve(p);
    if (rc < 0)
        return rc;
    wl_op *op = &p->ops[p->n];
    op->kind = kind;
    op->src = src;
    op->size = 0;
    op->dur = src != NULL && kind != WL_OP_FIRING && wl__has_duration(src->kind)
                  ? rng_sample(&b->r, &src->dur)
                  : 0;
    *at = p->n++;
    return 0;
}

static void wl__close(wl__builder *b, uint32_t at)
{
    b->prog->ops[at].size = b->prog->n - at - 1;
}

static int wl__block(wl__builder *b, const scn_block *blk);

/* A WL_OP_BRANCH op holding `blk`: one parallel branch, or offload's `then`. */
static int wl__branch(wl__builder *b, const scn_block *blk)
{
    uint32_t at;
    int rc = wl__emit(b, WL_OP_BRANCH, NULL, &at);
    if (rc == 0)
        rc = wl__block(b, blk);
    if (rc == 0)
        wl__close(b, at);
    return rc;
}

/* The sub-steps of `s`, in the layout workload.h documents. */
static int wl__children(wl__builder *b, const scn_step *s)
{
    int rc = 0;
    switch (s->kind) {
    case SCN_STEP_PARALLEL:
        for (size_t k = 0; k < s->nbranches && rc == 0; k++)
            rc = wl__branch(b, &s->branches[k]);
        return rc;
    case SCN_STEP_OFFLOAD:
        rc = wl__block(b, &s->body);
        if (rc == 0 && s->has_then)
            rc = wl__branch(b, &s->then_body);
        return rc;
    case SCN_STEP_REPEAT:
        /* Every copy of a non-empty body adds at least one op, so the limit check
         * in wl__emit() ends even a huge count quickly; an empty body adds none. */
        if (s->body.n == 0)
            return 0;
        for (int64_t c = 0; c < s->count && rc == 0; c++)
            rc = wl__block(b, &s->body);
        return rc;
    case SCN_STEP_INTERVAL: {
        /* one period for all of its firings (setInterval keeps its `_repeat`), the
         * interval op's, which was emitted just before its children; each firing's
         * callback draws its own durations, as a repeat's copies do */
        int64_t period = b->prog->ops[b->prog->n - 1].dur;
        for (int64_t c = 0; c < s->count && rc == 0; c++) {
            uint32_t at;
            rc = wl__emit(b, WL_OP_FIRING, s, &at);
            if (rc == 0) {
                b->prog->ops[at].dur = period;
                rc = wl__block(b, &s->body);
            }
            if (rc == 0)
                wl__close(b, at);
        }
        return rc;
    }
    case SCN_STEP_IO:
    case SCN_STEP_TIMEOUT:
    case SCN_STEP_MICROTASK:
    case SCN_STEP_NEXT_TICK:
    case SCN_STEP_IMMEDIATE:
    case SCN_STEP_AWAIT:
    case SCN_STEP_SPAWN:
    case SCN_STEP_LOCK: return wl__block(b, &s->body);
    default: return 0;
    }
}

/* A call of a service the runtime has in its own process: an awaited call of the
 * service's request steps (a plain function call for a blocking thread), then the
 * call's `then` steps, if any. The service's steps draw their durations from the
 * in-process stream, so the request's own steps keep theirs. */
static int wl__inline_call(wl__builder *b, const scn_step *s)
{
    uint32_t at;
    int rc = wl__emit(b, SCN_STEP_AWAIT, s, &at);
    if (rc < 0)
        return rc;
    rng own = b->r;
    b->r = b->inline_r;
    rc = wl__block(b, &b->scn->services[s->call - 1].request);
    b->inline_r = b->r;
    b->r = own;
    if (rc < 0)
        return rc;
    wl__close(b, at);
    return s->has_then ? wl__block(b, &s->body) : 0;
}

static int wl__block(wl__builder *b, const scn_block *blk)
{
    for (size_t i = 0; i < blk->n; i++) {
        const scn_step *s = &blk->steps[i];
        uint32_t at;
        if (s->call > 0 && (b->in_process & (UINT32_C(1) << (s->call - 1)))) {
            int rc = wl__inline_call(b, s);
            if (rc < 0)
                return rc;
            continue;
        }
        int rc = wl__emit(b, (uint32_t)s->kind, s, &at);
        if (rc == 0)
            rc = wl__children(b, s);
        if (rc < 0)
            return rc;
        wl__close(b, at);
    }
    return 0;
}

/* A mix entry chosen with probability proportional to its weight. */
static const scn_block *wl__pick_mix(const scn_workload *w, rng *r)
{
    double total = 0.0;
    for (size_t i = 0; i < w->nmix; i++)
        total += w->mix[i].weight;
    double u = rng_unit(r) * total;
    for (size_t i = 0; i < w->nmix; i++) {
        if (u < w->mix[i].weight)
            return &w->mix[i].steps;
        u -= w->mix[i].weight;
    }
    /* Rounding in the subtractions can leave u just above the last weight. */
    return &w->mix[w->nmix - 1].steps;
}

int wl_program_build(wl_program *prog, const scn_scenario *scn, uint64_t seed, int64_t req)
{
    return wl_program_build_in(prog, scn, seed, req, 0);
}

/* The stream of in-process calls' draws: the seed's, mixed with a constant of its
 * own (splitmix64's), so that they are apart from every request's own stream. */
#define WL__INLINE_MIX UINT64_C(0xbf58476d1ce4e5b9)

int wl_program_build_in(wl_program *prog, const scn_scenario *scn, uint64_t seed, int64_t req,
                        uint32_t in_process)
{
    const scn_workload *w = &scn->workload;
    prog->n = 0;
    if (req < 0 || req >= wl_request_count(scn))
        return SIM_EINVAL;
    wl__builder b = {.prog = prog, .scn = scn, .in_process = in_process};
    rng_derive(&b.r, seed, (uint64_t)req);
    if (in_process != 0)
        rng_derive(&b.inline_r, seed ^ WL__INLINE_MIX, (uint64_t)req);
    const scn_block *blk;
    if (w->kind == SCN_WORKLOAD_EXPLICIT)
        blk = &w->requests[req].steps;
    else if (w->nmix > 0)
        blk = wl__pick_mix(w, &b.r);
    else
        blk = &w->request;
    int rc = wl__block(&b, blk);
    if (rc < 0)
        prog->n = 0;
    return rc;
}

void wl_program_release(wl_program *prog)
{
    free(prog->ops);
    prog->ops = NULL;
    prog->n = 0;
    prog->cap = 0;
}
