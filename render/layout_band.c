/* layout_band.c - too many lanes to draw one by one: how many are in each state.
 *
 * With thousands of requests (or, thread per request, thousands of threads) a lane
 * each would be thinner than a pixel. A band instead stacks, over time, how many
 * are in each state, so a class still sees the queue grow and drain and which
 * state dominates. Time is cut into buckets of 2 to 4 pixel columns; each bucket
 * shows the time-averaged count in each state over its past part (nothing right
 * of the cursor), and equal neighbouring buckets merge into one rectangle, so the
 * band costs at most a few hundred shapes whatever the count.
 *
 * Requests come from the timeline's per-state totals (timeline_request_buckets,
 * O(log n + 256) a bucket). Threads have no such totals, so their band walks each
 * worker's intervals in the window once and spreads each over the buckets it
 * covers with a difference array: O(intervals + buckets), however long they are.
 * Scratch lives on the stack: at most BUCKETS_MAX buckets (about 40 KB).
 */
#include <math.h>
#include <string.h>

#include "layout_timeline_internal.h"

#define BUCKET_PX 3
#define BUCKETS_MAX 512
#define BUCKETS_PER_CALL 64
#define BAND_STATES_MAX 6

/* Bottom to top. What waits longest sits on the base line; what runs, at most one
 * per core, rides on top. The states both kinds share keep one order. */
static const int request_order[] = {TL_R_QUEUED, TL_R_READY, TL_R_WAIT_GIL, TL_R_WAIT_IO,
                                    TL_R_RUNNING};
static const int worker_order[] = {TL_W_IDLE,     TL_W_WAITING, TL_W_READY,
                                   TL_W_WAIT_GIL, TL_W_WAIT_IO, TL_W_RUNNING};

typedef struct {
    tl_lane_kind kind;
    const int *order;
    int ns;
} band_style;

static const band_style request_style = {TL_LANE_REQUEST, request_order,
                                         (int)(sizeof request_order / sizeof request_order[0])};
static const band_style worker_style = {TL_LANE_WORKER, worker_order,
                                        (int)(sizeof worker_order / sizeof worker_order[0])};

/* The buckets: n of them over [t0, t1), equal widths, the last one takes the
 * remainder (as timeline_request_buckets cuts them). */
typedef struct {
    int n;
    int64_t width;
} buckets;

static buckets bucket_plan(const ui__xmap *m)
{
    int64_t d = m->t1 - m->t0;
    int n = m->w / BUCKET_PX;
    n = n > BUCKETS_MAX ? BUCKETS_MAX : n < 1 ? 1 : n;
    if ((int64_t)n > d)
        n = (int)d;
    return (buckets){n, d / n};
}

static int64_t bucket_start(const ui__xmap *m, const buckets *b, int k)
{
    return m->t0 + k * b->width;
}

static int64_t bucket_end(const ui__xmap *m, const buckets *b, int k)
{
    return k + 1 == b->n ? m->t1 : bucket_start(m, b, k + 1);
}

int64_t ui__nice_ceil(double v)
{
    for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10)
        for (int f = 1; f <= 5; f += f == 1 ? 1 : 3)
            if ((double)(f * p) >= v)
                return f * p;
    return INT64_MAX;
}

/* ---- drawing ------------------------------------------------------------------ */

/* A rect per state being extended over equal neighbouring buckets. */
typedef struct {
    const ui_ctx *c;
    const band_style *st;
    ui_rect r[BAND_STATES_MAX];
} band_runs;

static void band_flush(band_runs *br, int s)
{
    int state = br->st->order[s];
    const ui_theme *th = br->c->theme;
    ui_color col = br->st->kind == TL_LANE_WORKER ? th->worker[state] : th->request[state];
    ui_shape *sh = ui_rect_fill(br->c->out, br->r[s], col, 0);
    if (sh) {
        sh->role = br->st->kind == TL_LANE_WORKER ? UI_ROLE_WORKER_SPAN : UI_ROLE_REQUEST_BAND;
        sh->state = (int16_t)state;
    }
    br->r[s].w = 0;
}

/* Stacks one bucket's averages in columns [x0, x1), merging with the previous. */
static void band_bucket(band_runs *br, ui_rect band, int64_t scale, const double *avg, int x0,
                        int x1)
{
    double cum = 0;
    int below = band.y + band.h;
    for (int s = 0; s < br->st->ns; s++) {
        cum += avg[s] > 0 ? avg[s] : 0;
        int top = band.y + band.h - (int)lround(cum * band.h / (double)scale);
        if (top < band.y)
            top = band.y;
        ui_rect nr = {x0, top, x1 - x0, below - top};
        ui_rect *cur = &br->r[s];
        if (cur->w > 0 && (cur->y != nr.y || cur->h != nr.h || cur->x + cur->w != x0))
            band_flush(br, s);
        if (nr.h > 0) {
            if (cur->w > 0)
                cur->w += nr.w;
            else
                *cur = nr;
        }
        below = top;
    }
}

/* The stacked buckets up to tend (the scale's grid is the caller's, under them).
 * avg[k * ns + s] is bucket k's average in the style's s-th state. */
static void band_draw(const ui_ctx *c, const band_style *st, const ui__xmap *m, const buckets *b,
                      const double *avg, int64_t tend, ui_rect band, int64_t scale)
{
    band_runs br = {c, st, {{0, 0, 0, 0}}};
    for (int k = 0; k < b->n; k++) {
        int64_t a = bucket_start(m, b, k), e = bucket_end(m, b, k);
        if (a >= tend)
            break;
        int x0 = ui__xmap_x(m, a), x1 = ui__xmap_x(m, e < tend ? e : tend);
        if (x1 > x0)
            band_bucket(&br, band, scale, avg + (size_t)k * (size_t)st->ns, x0, x1);
    }
    for (int s = 0; s < st->ns; s++)
        if (br.r[s].w > 0)
            band_flush(&br, s);
}

/* ---- requests -------------------------------------------------------------------- */

/* Fills avg for buckets [k0, k0 + cnt) of [a, e) split as timeline_request_buckets
 * splits it, BUCKETS_PER_CALL at a time so the scratch stays small. */
static void request_averages(const timeline *tl, int64_t a, int64_t e, int n, double *avg)
{
    int64_t width = (e - a) / n;
    double tmp[BUCKETS_PER_CALL * TL_R_COUNT];
    for (int k0 = 0; k0 < n; k0 += BUCKETS_PER_CALL) {
        int cnt = n - k0 < BUCKETS_PER_CALL ? n - k0 : BUCKETS_PER_CALL;
        int64_t ca = a + k0 * width, ce = k0 + cnt == n ? e : ca + cnt * width;
        bool ok = timeline_request_buckets(tl, ca, ce, (size_t)cnt, tmp) == 0;
        for (int k = 0; k < cnt; k++)
            for (int s = 0; s < request_style.ns; s++)
                avg[(size_t)(k0 + k) * (size_t)request_style.ns + (size_t)s] =
                    ok ? tmp[k * TL_R_COUNT + request_order[s]] : 0;
    }
}

int64_t ui__request_scale(const ui_ctx *c, size_t run, const ui__xmap *m)
{
    const int ns = request_style.ns;
    buckets b = bucket_plan(m);
    double avg[BUCKETS_MAX * 5];
    request_averages(c->doc->runs[run].tl, m->t0, m->t1, b.n, avg);
    double peak = 0;
    for (int k = 0; k < b.n; k++) {
        double sum = 0;
        for (int s = 0; s < ns; s++)
            sum += avg[k * ns + s];
        peak = sum > peak ? sum : peak;
    }
    return ui__nice_ceil(peak);
}

int64_t ui__worker_scale(const ui_ctx *c, size_t run)
{
    /* a lane per thread alive at once, so no more can be in any state together */
    return ui__nice_ceil((double)c->doc->runs[run].nworkers);
}

void ui__request_band(const ui_ctx *c, size_t run, const ui__xmap *m, int64_t tend, ui_rect band,
                      int64_t scale)
{
    const timeline *tl = c->doc->runs[run].tl;
    const int ns = request_style.ns;
    buckets b = bucket_plan(m);
    double avg[BUCKETS_MAX * 5];
    request_averages(tl, m->t0, m->t1, b.n, avg);
    /* the bucket under the cursor shows only its past */
    for (int k = 0; k < b.n; k++) {
        int64_t a = bucket_start(m, &b, k), e = bucket_end(m, &b, k);
        if (a < tend && e > tend)
            request_averages(tl, a, tend, 1, avg + (size_t)k * (size_t)ns);
    }
    band_draw(c, &request_style, m, &b, avg, tend, band, scale);
}

/* ---- workers ----------------------------------------------------------------------- */

/* The bucket holding time t (t0 <= t < t1). A multiply by the reciprocal, then
 * an exact correction: this runs twice per interval, and a 64-bit division
 * would cost more than the rest of the walk. */
static int bucket_of(const ui__xmap *m, const buckets *b, double inv_width, int64_t t)
{
    int k = (int)((double)(t - m->t0) * inv_width);
    k = k < 0 ? 0 : k >= b->n ? b->n - 1 : k;
    while (k > 0 && bucket_start(m, b, k) > t)
        k--;
    while (k + 1 < b->n && bucket_start(m, b, k + 1) <= t)
        k++;
    return k;
}

/* Adds [a, b) in style state s to the buckets: partial buckets to acc, whole ones
 * as +1 / -1 in the difference array `full`. */
static void spread(const ui__xmap *m, const buckets *bk, double inv_width, int64_t a, int64_t b,
                   int s, double *acc, int32_t *full)
{
    int ns = worker_style.ns;
    int ka = bucket_of(m, bk, inv_width, a), kb = bucket_of(m, bk, inv_width, b - 1);
    if (ka == kb) {
        acc[ka * ns + s] += (double)(b - a);
        return;
    }
    acc[ka * ns + s] += (double)(bucket_end(m, bk, ka) - a);
    acc[kb * ns + s] += (double)(b - bucket_start(m, bk, kb));
    if (kb > ka + 1) {
        full[(ka + 1) * ns + s]++;
        full[kb * ns + s]--;
    }
}

/* Walks worker w's intervals over [t0, tend) into the buckets. */
static void worker_spread(const timeline *tl, size_t w, const ui__xmap *m, const buckets *bk,
                          int64_t tend, const int slot[TL_W_COUNT], double *acc, int32_t *full)
{
    size_t n = timeline_span_count(tl, TL_LANE_WORKER, w);
    int64_t i = timeline_span_index(tl, TL_LANE_WORKER, w, m->t0);
    double inv_width = 1.0 / (double)bk->width;
    for (size_t k = i < 0 ? 0 : (size_t)i; k < n; k++) {
        tl_span sp;
        if (timeline_span(tl, TL_LANE_WORKER, w, k, &sp) != 0 || sp.t0 >= tend)
            break;
        int64_t t1 = k + 1 < n ? sp.t1 : INT64_MAX; /* the last state lasts */
        int64_t a = sp.t0 > m->t0 ? sp.t0 : m->t0, b = t1 < tend ? t1 : tend;
        if (b > a && sp.state >= 0 && sp.state < TL_W_COUNT && slot[sp.state] >= 0)
            spread(m, bk, inv_width, a, b, slot[sp.state], acc, full);
    }
}

void ui__worker_band(const ui_ctx *c, size_t run, const ui__xmap *m, int64_t tend, ui_rect band,
                     int64_t scale)
{
    const ui_run *u = &c->doc->runs[run];
    const int ns = worker_style.ns;
    buckets b = bucket_plan(m);
    if (tend <= m->t0) {
        band_draw(c, &worker_style, m, &b, NULL, tend, band, scale);
        return;
    }
    int slot[TL_W_COUNT];
    for (int s = 0; s < TL_W_COUNT; s++)
        slot[s] = -1;
    for (int s = 0; s < ns; s++)
        slot[worker_order[s]] = s;
    double avg[BUCKETS_MAX * BAND_STATES_MAX];
    int32_t full[(BUCKETS_MAX + 1) * BAND_STATES_MAX];
    memset(avg, 0, sizeof avg);
    memset(full, 0, sizeof full);
    for (size_t w = 0; w < u->nworkers; w++)
        worker_spread(u->tl, w, m, &b, tend, slot, avg, full);
    int32_t cover[BAND_STATES_MAX] = {0};
    for (int k = 0; k < b.n; k++) {
        int64_t a = bucket_start(m, &b, k), e = bucket_end(m, &b, k);
        int64_t len = (e < tend ? e : tend) - a;
        for (int s = 0; s < ns; s++) {
            cover[s] += full[k * ns + s];
            double *v = &avg[k * ns + s];
            *v = len > 0 ? (*v + (double)cover[s] * (double)(e - a)) / (double)len : 0;
        }
    }
    band_draw(c, &worker_style, m, &b, avg, tend, band, scale);
}
