/* timeline_query.c - reading a timeline: states, counters and navigation at time t.
 *
 * Every lookup is a binary search in a sorted array: a lane's intervals, the
 * arrival or completion times, the running totals, the log, the event times. The
 * per-state request counts add a scan of at most TL__CHECKPOINT transitions from
 * the nearest stored totals. Nothing here allocates or writes.
 */
#include "timeline_internal.h"

#include <stdint.h>
#include <string.h>

#include "error.h"

size_t tl__count_le(const int64_t *v, size_t n, int64_t t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- the run -------------------------------------------------------------------- */

int64_t timeline_end(const timeline *tl)
{
    return tl->t_end;
}

size_t timeline_lane_count(const timeline *tl, tl_lane_kind kind)
{
    return (unsigned)kind < TL_LANE_KIND_COUNT ? tl->lanes[kind].n : 0;
}

size_t timeline_loops(const timeline *tl)
{
    return tl->nloops;
}

int timeline_worker_info(const timeline *tl, size_t worker, tl_worker_info *out)
{
    if (worker >= tl->lanes[TL_LANE_WORKER].n)
        return SIM_EINVAL;
    *out = tl->workers[worker];
    return 0;
}

int timeline_loop_info(const timeline *tl, size_t loop, tl_loop_info *out)
{
    if (loop >= tl->nloops)
        return SIM_EINVAL;
    *out = tl->loops[loop];
    return 0;
}

size_t timeline_memory(const timeline *tl)
{
    size_t m = sizeof *tl;
    for (int k = 0; k < TL_LANE_KIND_COUNT; k++) {
        const tl__lanes *L = &tl->lanes[k];
        m += (L->n + 1) * sizeof *L->first + L->first[L->n] * sizeof *L->iv;
    }
    m += tl->lanes[TL_LANE_WORKER].n * sizeof *tl->workers + tl->nloops * sizeof *tl->loops;
    m += tl->nreq * sizeof *tl->req_proc + tl->nmem * 3 * sizeof(int64_t);
    m += tl->narrive * sizeof *tl->arrive_t +
         tl->ndone * (sizeof *tl->done_t + sizeof *tl->lat_sum + sizeof *tl->lat_max +
                      sizeof *tl->lat.sorted);
    m += (size_t)tl->lat.levels * ((tl->lat.n + 63) / 64) * (sizeof(uint64_t) + sizeof(uint32_t));
    m += (tl->busy.n + tl->gil.n) * sizeof(tl__cum_pt) + tl->nlag * 4 * sizeof(int64_t);
    m += tl->nlog * (sizeof *tl->log + sizeof *tl->log_k) +
         tl->ntimes * (sizeof *tl->times + sizeof *tl->time_steps);
    m += tl->nsub * sizeof *tl->sub;
    m += tl->ntrans * sizeof *tl->trans + (tl->ntrans / TL__CHECKPOINT + 1) * sizeof *tl->cps;
    return m;
}

/* ---- lanes --------------------------------------------------------------------------- */

size_t timeline_span_count(const timeline *tl, tl_lane_kind kind, size_t lane)
{
    if ((unsigned)kind >= TL_LANE_KIND_COUNT || lane >= tl->lanes[kind].n)
        return 0;
    return tl->lanes[kind].first[lane + 1] - tl->lanes[kind].first[lane];
}

/* Turns a stored interval, which lasts [t0, t1), into a span. */
static void to_span(tl_lane_kind kind, const tl__iv *iv, int64_t t0, int64_t t1, tl_span *out)
{
    *out = (tl_span){.t0 = t0,
                     .t1 = t1,
                     .state = iv->state,
                     .req = -1,
                     .worker = -1,
                     .step = -1,
                     .line = 0,
                     .core = -1,
                     .value = 0,
                     .flag = false};
    switch (kind) {
    case TL_LANE_WORKER:
        out->req = iv->a;
        out->step = iv->b;
        out->line = iv->c;
        out->core = iv->core;
        break;
    case TL_LANE_REQUEST:
        out->worker = iv->a;
        out->step = iv->b;
        out->line = iv->c;
        break;
    case TL_LANE_CORE:
        out->worker = iv->a;
        out->req = iv->b;
        break;
    case TL_LANE_GIL:
        out->worker = iv->a;
        out->req = iv->b;
        out->value = iv->c;
        out->flag = iv->flag;
        break;
    case TL_LANE_QUEUE:
        out->state = 0;
        out->value = iv->c;
        break;
    case TL_LANE_PHASE: out->value = iv->a; break;
    default: break;
    }
}

int timeline_span(const timeline *tl, tl_lane_kind kind, size_t lane, size_t i, tl_span *out)
{
    size_t n = timeline_span_count(tl, kind, lane);
    if (i >= n)
        return SIM_EINVAL;
    const tl__iv *iv = &tl->lanes[kind].iv[tl->lanes[kind].first[lane]];
    int64_t t1 = i + 1 < n ? iv[i + 1].t : tl->t_end;
    to_span(kind, &iv[i], iv[i].t, t1 < iv[i].t ? iv[i].t : t1, out);
    return 0;
}

int64_t timeline_span_index(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t)
{
    size_t n = timeline_span_count(tl, kind, lane);
    if (n == 0)
        return -1;
    const tl__iv *iv = &tl->lanes[kind].iv[tl->lanes[kind].first[lane]];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (iv[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int64_t)lo - 1;
}

int timeline_state_at(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t, tl_span *out)
{
    if ((unsigned)kind >= TL_LANE_KIND_COUNT || lane >= tl->lanes[kind].n)
        return SIM_EINVAL;
    int64_t i = timeline_span_index(tl, kind, lane, t);
    if (i >= 0)
        return timeline_span(tl, kind, lane, (size_t)i, out);
    /* before anything happened on this lane: its initial state */
    size_t n = timeline_span_count(tl, kind, lane);
    int64_t first = n ? tl->lanes[kind].iv[tl->lanes[kind].first[lane]].t : tl->t_end;
    tl__iv initial = {.a = -1, .b = -1, .core = -1};
    if (kind == TL_LANE_PHASE && n > 0)
        initial.state = tl->lanes[kind].iv[tl->lanes[kind].first[lane]].state;
    to_span(kind, &initial, t < 0 ? t : 0, first, out);
    return 0;
}

/* Inside an instant: the lane's last entry at t up to step k, or what it showed
 * before the instant (times are whole nanoseconds: at t - 1). */
int timeline_state_at_step(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t,
                           uint32_t k, tl_span *out)
{
    if (k == TL_STEP_END || !tl->has_steps || k >= timeline_steps_at(tl, t))
        return timeline_state_at(tl, kind, lane, t, out);
    if ((unsigned)kind >= TL_LANE_KIND_COUNT || lane >= tl->lanes[kind].n)
        return SIM_EINVAL;
    const tl__sub *s = k > 0 ? tl__sub_find(tl, kind, lane, t, k) : NULL;
    if (s == NULL)
        return timeline_state_at(tl, kind, lane, t - 1, out);
    /* it lasts until the lane's next change: at a later step, or the next interval */
    int64_t i = timeline_span_index(tl, kind, lane, t);
    size_t n = timeline_span_count(tl, kind, lane);
    const tl__iv *iv = &tl->lanes[kind].iv[tl->lanes[kind].first[lane]];
    int64_t t1 = i >= 0 && (size_t)i + 1 < n ? iv[i + 1].t : tl->t_end;
    to_span(kind, &s->v, t, t1 < t ? t : t1, out);
    return 0;
}

int timeline_worker_state(const timeline *tl, size_t worker, int64_t t, tl_span *out)
{
    return timeline_state_at(tl, TL_LANE_WORKER, worker, t, out);
}

int timeline_request_state(const timeline *tl, size_t req, int64_t t, tl_span *out)
{
    return timeline_state_at(tl, TL_LANE_REQUEST, req, t, out);
}

int timeline_core_state(const timeline *tl, size_t core, int64_t t, tl_span *out)
{
    return timeline_state_at(tl, TL_LANE_CORE, core, t, out);
}

int timeline_gil_state(const timeline *tl, size_t process, int64_t t, tl_span *out)
{
    return timeline_state_at(tl, TL_LANE_GIL, process, t, out);
}

int timeline_phase(const timeline *tl, size_t loop, int64_t t)
{
    return timeline_phase_at_step(tl, loop, t, TL_STEP_END);
}

int timeline_phase_at_step(const timeline *tl, size_t loop, int64_t t, uint32_t k)
{
    /* before its first interval a loop's lane shows the phase it starts in; before
     * its thread is spawned, inside the instant that spawns it, it has none */
    tl_span s, w;
    if (loop >= tl->nloops || timeline_span_count(tl, TL_LANE_PHASE, loop) == 0 ||
        timeline_state_at_step(tl, TL_LANE_PHASE, loop, t, k, &s) < 0)
        return -1;
    int32_t thread = tl->loops[loop].worker;
    if (thread >= 0 && k != TL_STEP_END &&
        timeline_state_at_step(tl, TL_LANE_WORKER, (size_t)thread, t, k, &w) == 0 &&
        w.state == TL_W_ABSENT)
        return -1;
    return s.state;
}

int timeline_running_at_step(const timeline *tl, size_t loop, int64_t t, uint32_t k)
{
    tl_span s;
    if (loop >= tl->nloops || timeline_state_at_step(tl, TL_LANE_PHASE, loop, t, k, &s) < 0)
        return -1;
    return (int)s.value;
}

int timeline_request_times(const timeline *tl, size_t req, int64_t *arrive, int64_t *done)
{
    size_t n = timeline_span_count(tl, TL_LANE_REQUEST, req);
    if (req >= tl->nreq)
        return SIM_EINVAL;
    *arrive = *done = -1;
    if (n == 0)
        return 0;
    const tl__iv *iv = &tl->lanes[TL_LANE_REQUEST].iv[tl->lanes[TL_LANE_REQUEST].first[req]];
    *arrive = iv[0].t;
    if (iv[n - 1].state == TL_R_DONE)
        *done = iv[n - 1].t;
    return 0;
}

int64_t timeline_queue_length(const timeline *tl, int queue, int32_t owner, int64_t t)
{
    return timeline_queue_length_at_step(tl, queue, owner, t, TL_STEP_END);
}

int64_t timeline_queue_length_at_step(const timeline *tl, int queue, int32_t owner, int64_t t,
                                      uint32_t k)
{
    int64_t lane = timeline_queue_lane(tl, queue, owner);
    tl_span s;
    if (lane < 0 || timeline_state_at_step(tl, TL_LANE_QUEUE, (size_t)lane, t, k, &s) < 0)
        return 0;
    return s.value;
}

int timeline_loop_queues(const timeline *tl, size_t loop, int64_t t, int64_t len[TRACE_QUEUE_COUNT])
{
    return timeline_loop_queues_at_step(tl, loop, t, TL_STEP_END, len);
}

int timeline_loop_queues_at_step(const timeline *tl, size_t loop, int64_t t, uint32_t k,
                                 int64_t len[TRACE_QUEUE_COUNT])
{
    if (loop >= tl->nloops)
        return SIM_EINVAL;
    int32_t proc = tl->loops[loop].process;
    for (int q = 0; q < TRACE_QUEUE_COUNT; q++) {
        bool of_process = q == TRACE_QUEUE_ACCEPT || q == TRACE_QUEUE_THREADPOOL ||
                          q == TRACE_QUEUE_WORKER;
        len[q] = q == TRACE_QUEUE_DEVICE ? 0
                                         : timeline_queue_length_at_step(
                                               tl, q, of_process ? proc : (int32_t)loop, t, k);
    }
    for (size_t d = 0; d < tl->ndevices; d++)
        len[TRACE_QUEUE_DEVICE] += timeline_queue_length_at_step(tl, TRACE_QUEUE_DEVICE, (int32_t)d,
                                                                 t, k);
    return 0;
}

/* ---- counters -------------------------------------------------------------------------- */

static int64_t cum_at(const tl__cum *c, int64_t t)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->p[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    const tl__cum_pt *p = &c->p[lo - 1];
    return p->total + p->rate * (t - p->t);
}

int64_t timeline_arrived(const timeline *tl, int64_t t)
{
    return (int64_t)tl__count_le(tl->arrive_t, tl->narrive, t);
}

int64_t timeline_completed(const timeline *tl, int64_t t)
{
    return (int64_t)tl__count_le(tl->done_t, tl->ndone, t);
}

int64_t timeline_cpu_busy(const timeline *tl, int64_t t)
{
    return cum_at(&tl->busy, t);
}

int64_t timeline_gil_wait(const timeline *tl, int64_t t)
{
    return cum_at(&tl->gil, t);
}

/* Nearest rank, defined once, by the engine (sim_percentile_index). */
static size_t rank_index(size_t m, double p)
{
    return (size_t)sim_percentile_index((int64_t)m, p);
}

int64_t timeline_latency_percentile(const timeline *tl, int64_t t, double p)
{
    size_t m = tl__count_le(tl->done_t, tl->ndone, t);
    if (m == 0 || !(p > 0))
        return 0;
    return tl__rank_kth(&tl->lat, m, rank_index(m, p > 100 ? 100 : p));
}

int timeline_counters(const timeline *tl, int64_t t, tl_counters *out)
{
    if (t < 0)
        return SIM_EINVAL;
    *out = (tl_counters){0};
    size_t m = tl__count_le(tl->done_t, tl->ndone, t);
    out->arrived = timeline_arrived(tl, t);
    out->completed = (int64_t)m;
    out->in_flight = out->arrived - out->completed;
    out->cpu_busy_ns = timeline_cpu_busy(tl, t);
    out->gil_wait_ns = timeline_gil_wait(tl, t);
    if (t > 0) {
        out->throughput_rps = (double)m / ((double)t / 1e9);
        out->cpu_util = (double)out->cpu_busy_ns / ((double)tl->ncores * (double)t);
    }
    if (m > 0) {
        out->lat_mean_ns = (int64_t)(tl->lat_sum[m] / (__int128)m);
        out->lat_max_ns = tl->lat_max[m - 1];
        out->lat_p50_ns = tl__rank_kth(&tl->lat, m, rank_index(m, 50));
        out->lat_p95_ns = tl__rank_kth(&tl->lat, m, rank_index(m, 95));
        out->lat_p99_ns = tl__rank_kth(&tl->lat, m, rank_index(m, 99));
    }
    size_t k = tl__count_le(tl->lag_t, tl->nlag, t);
    if (k > 0) {
        out->loop_lag_mean_ns = tl->lag_sum[k - 1] / (int64_t)k;
        out->loop_lag_max_ns = tl->lag_max[k - 1];
    }
    out->log_lines = (int64_t)timeline_log_count(tl, t);
    return 0;
}

/* ---- the log, stepping ---------------------------------------------------------------------- */

size_t timeline_log_count(const timeline *tl, int64_t t)
{
    return timeline_log_count_at_step(tl, t, TL_STEP_END);
}

size_t timeline_log_count_at_step(const timeline *tl, int64_t t, uint32_t k)
{
    if (tl->has_steps && k != TL_STEP_END && k < timeline_steps_at(tl, t)) {
        /* the lines before t, then those of t printed by its first k events */
        size_t n = timeline_log_count(tl, t - 1);
        while (n < tl->nlog && tl->log[n].t == t && tl->log_k[n] <= k)
            n++;
        return n;
    }
    size_t lo = 0, hi = tl->nlog;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->log[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int timeline_log_line(const timeline *tl, size_t i, sim_log_line *out)
{
    if (i >= tl->nlog)
        return SIM_EINVAL;
    *out = tl->log[i];
    return 0;
}

int64_t timeline_next_event_time(const timeline *tl, int64_t t)
{
    size_t i = tl__count_le(tl->times, tl->ntimes, t);
    return i < tl->ntimes ? tl->times[i] : -1;
}

bool timeline_has_steps(const timeline *tl)
{
    return tl->has_steps;
}

uint32_t timeline_steps_at(const timeline *tl, int64_t t)
{
    size_t i = tl__count_le(tl->times, tl->ntimes, t);
    return i > 0 && tl->times[i - 1] == t ? tl->time_steps[i - 1] : 0;
}

int64_t timeline_prev_event_time(const timeline *tl, int64_t t)
{
    if (t == INT64_MIN)
        return -1;
    size_t i = tl__count_le(tl->times, tl->ntimes, t - 1);
    return i > 0 ? tl->times[i - 1] : -1;
}

/* ---- requests per state --------------------------------------------------------------------- */

/* Counts (and, when area is not NULL, their integrals over [0, t)) at time t. */
/* Running totals of the request states: after the transitions before `idx`, the
 * count in each state and the time integral of the counts up to `at`. */
typedef struct {
    size_t idx;
    int64_t at;
    int64_t count[TL_R_COUNT];
    __int128 area[TL_R_COUNT];
} totals;

/* The first transition after t. */
static size_t trans_after(const timeline *tl, int64_t t)
{
    size_t lo = 0, hi = tl->ntrans;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->trans[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Moves *x forward past the transitions at or before t, replaying from wherever
 * is nearer: where *x is, or the last checkpoint before them. */
static void totals_advance(const timeline *tl, totals *x, int64_t t)
{
    size_t target = trans_after(tl, t);
    size_t base = target / TL__CHECKPOINT * TL__CHECKPOINT;
    if (target < x->idx || base > x->idx) {
        const tl__checkpoint *cp = &tl->cps[target / TL__CHECKPOINT];
        x->idx = base;
        x->at = cp->t;
        for (int s = 0; s < TL_R_COUNT; s++) {
            x->count[s] = cp->count[s];
            x->area[s] = cp->area[s];
        }
    }
    for (; x->idx < target; x->idx++) {
        const tl__trans *tr = &tl->trans[x->idx];
        for (int s = 0; s < TL_R_COUNT; s++)
            x->area[s] += (__int128)x->count[s] * (tr->t - x->at);
        x->at = tr->t;
        x->count[tr->from]--;
        x->count[tr->to]++;
    }
}

/* The integral of each state's count from 0 to t, for t >= x->at. */
static void totals_area(const totals *x, int64_t t, __int128 area[TL_R_COUNT])
{
    for (int s = 0; s < TL_R_COUNT; s++)
        area[s] = x->area[s] + (__int128)x->count[s] * (t > x->at ? t - x->at : 0);
}

void timeline_request_counts(const timeline *tl, int64_t t, int64_t counts[TL_R_COUNT])
{
    totals x = {.idx = SIZE_MAX};
    totals_advance(tl, &x, t);
    memcpy(counts, x.count, sizeof x.count);
}

/* One pass forward: a bucket replays the transitions since the previous bucket, or
 * since the last checkpoint when that is nearer, so n buckets cost
 * O(n (log m + checkpoint)) and never more than one replay of the window. */
int timeline_request_buckets(const timeline *tl, int64_t t0, int64_t t1, size_t n, double *avg)
{
    if (t1 <= t0 || n == 0 || (uint64_t)n > (uint64_t)(t1 - t0))
        return SIM_EINVAL;
    int64_t width = (t1 - t0) / (int64_t)n;
    totals x = {.idx = SIZE_MAX};
    __int128 prev[TL_R_COUNT], next[TL_R_COUNT];
    totals_advance(tl, &x, t0);
    totals_area(&x, t0, prev);
    for (size_t k = 0; k < n; k++) {
        int64_t a = t0 + (int64_t)k * width, e = k + 1 == n ? t1 : a + width;
        totals_advance(tl, &x, e);
        totals_area(&x, e, next);
        for (int s = 0; s < TL_R_COUNT; s++) {
            avg[k * TL_R_COUNT + (size_t)s] = (double)(next[s] - prev[s]) / (double)(e - a);
            prev[s] = next[s];
        }
    }
    return 0;
}

const char *timeline_worker_state_name(int state)
{
    static const char *const names[] = {"absent",  "idle",     "running", "ready",
                                        "wait_io", "wait_gil", "waiting"};
    return state >= 0 && state < TL_W_COUNT ? names[state] : "unknown";
}

const char *timeline_request_state_name(int state)
{
    static const char *const names[] = {"pending", "queued",   "running", "ready",
                                        "wait_io", "wait_gil", "done"};
    return state >= 0 && state < TL_R_COUNT ? names[state] : "unknown";
}
