/* timeline_events.c - the series a timeline keeps besides its lanes.
 *
 * Arrivals and completions (with the latencies), the printed log, the loop lag
 * (each callback's, as the engine measured it: a dequeue's lag, a timer that
 * starts its callback at once, and from those the callbacks still waiting at any
 * t) and the memory the run holds (now and its peak so far). The lanes come from
 * the reader (timeline.c); these come straight from the events.
 */
#include "timeline_internal.h"

#include <stdlib.h>

#include "error.h"

/* ---- queues: the reader's slots ------------------------------------------------------------ */

int64_t timeline_queue_lane(const timeline *tl, int queue, int32_t owner)
{
    return rd_queue_slot(&tl->shape, queue, owner);
}

int64_t timeline_device_in_flight(const timeline *tl, size_t device, int64_t t)
{
    return timeline_device_in_flight_at_step(tl, device, t, TL_STEP_END);
}

int64_t timeline_device_in_flight_at_step(const timeline *tl, size_t device, int64_t t, uint32_t k)
{
    tl_span s;
    int64_t lane = rd_inflight_slot(&tl->shape, device);
    if (lane < 0 || timeline_state_at_step(tl, TL_LANE_QUEUE, (size_t)lane, t, k, &s) < 0)
        return 0;
    return s.value;
}

int32_t timeline_request_process(const timeline *tl, size_t req)
{
    return req < tl->nreq ? tl->req_proc[req] : -1;
}

/* ---- series ------------------------------------------------------------------------------ */

static void fail(tl__builder *b, int err)
{
    if (b->err == 0)
        b->err = err;
}

const tl__col *tl__done_cols(tl__builder *b, tl__col cols[2])
{
    cols[0] = (tl__col){(void **)&b->tl->done_t, sizeof *b->tl->done_t};
    cols[1] = (tl__col){(void **)&b->lat, sizeof *b->lat};
    return cols;
}

const tl__col *tl__lag_cols(tl__builder *b, tl__col cols[3])
{
    timeline *tl = b->tl;
    cols[0] = (tl__col){(void **)&tl->lag_t, sizeof *tl->lag_t};
    cols[1] = (tl__col){(void **)&tl->lag_sum, sizeof *tl->lag_sum};
    cols[2] = (tl__col){(void **)&tl->lag_max, sizeof *tl->lag_max};
    return cols;
}

const tl__col *tl__mem_cols(tl__builder *b, tl__col cols[3])
{
    cols[0] = (tl__col){(void **)&b->tl->mem_t, sizeof *b->tl->mem_t};
    cols[1] = (tl__col){(void **)&b->tl->mem_v, sizeof *b->tl->mem_v};
    cols[2] = (tl__col){(void **)&b->tl->mem_peak, sizeof *b->tl->mem_peak};
    return cols;
}

static void lag_sample(tl__builder *b, int64_t lag)
{
    timeline *tl = b->tl;
    size_t n = tl->nlag;
    tl__col cols[3];
    if (!tl__grow_cols(b, &b->cap_lag, n, tl__lag_cols(b, cols), 3))
        return;
    tl->lag_t[n] = b->now;
    if (__builtin_add_overflow(n ? tl->lag_sum[n - 1] : 0, lag, &tl->lag_sum[n]))
        fail(b, SIM_EOVERFLOW);
    tl->lag_max[n] = n && tl->lag_max[n - 1] > lag ? tl->lag_max[n - 1] : lag;
    tl->nlag = n + 1;
}

static void on_done(tl__builder *b, const trace_event *ev)
{
    timeline *tl = b->tl;
    size_t n = tl->ndone;
    tl__col cols[2];
    if (!tl__grow_cols(b, &b->cap_done, n, tl__done_cols(b, cols), 2))
        return;
    tl->done_t[n] = b->now;
    b->lat[n] = ev->x;
    tl->ndone = n + 1;
}

/* The instant's last value is what the run holds from now on; its peak counts every
 * value the instant's events gave (b->mem_hi), since the reader reports the memory
 * once an instant, and a spawn and an exit in one instant may rise and fall. */
void tl__on_memory(tl__builder *b, int64_t bytes)
{
    timeline *tl = b->tl;
    size_t n = tl->nmem;
    int64_t peak = b->mem_hi > bytes ? b->mem_hi : bytes;
    if (n > 0 && tl->mem_t[n - 1] == b->now) {
        tl->mem_v[n - 1] = bytes; /* one value per instant: the last */
        tl->mem_peak[n - 1] = peak;
        return;
    }
    tl__col cols[3];
    if (!tl__grow_cols(b, &b->cap_mem, n, tl__mem_cols(b, cols), 3))
        return;
    tl->mem_t[n] = b->now;
    tl->mem_v[n] = bytes;
    tl->mem_peak[n] = peak;
    tl->nmem = n + 1;
}

/* The last memory change at or before t, or -1. */
static int64_t mem_index(const timeline *tl, int64_t t)
{
    return (int64_t)tl__count_le(tl->mem_t, tl->nmem, t) - 1;
}

int64_t timeline_memory_at(const timeline *tl, int64_t t)
{
    int64_t i = mem_index(tl, t);
    return i >= 0 ? tl->mem_v[i] : 0;
}

int64_t timeline_memory_peak(const timeline *tl, int64_t t)
{
    int64_t i = mem_index(tl, t);
    return i >= 0 ? tl->mem_peak[i] : 0;
}

/* ---- loop lag: the samples, and the callbacks still waiting ------------------------------- */

/* A sample at lag_t[i] with lag x is a callback that waited over [lag_t[i] - x,
 * lag_t[i]). The ready times' suffix minima answer "which waiting callback is the
 * oldest at t" with one binary search: the samples after t are a suffix, and the
 * oldest of them waits at t if it was ready by then. */
int tl__lag_finish(timeline *tl)
{
    size_t n = tl->nlag;
    tl->lag_from = malloc((n ? n : 1) * sizeof *tl->lag_from);
    if (tl->lag_from == NULL)
        return SIM_ENOMEM;
    int64_t lo = INT64_MAX;
    for (size_t i = n; i-- > 0;) {
        int64_t lag = tl->lag_sum[i] - (i ? tl->lag_sum[i - 1] : 0);
        int64_t from = tl->lag_t[i] - lag;
        lo = from < lo ? from : lo;
        tl->lag_from[i] = lo;
    }
    return 0;
}

/* The first sample after t. */
static size_t lag_after(const timeline *tl, int64_t t)
{
    return tl__count_le(tl->lag_t, tl->nlag, t);
}

int64_t timeline_loop_lag_now(const timeline *tl, int64_t t)
{
    size_t k = lag_after(tl, t);
    return k < tl->nlag && tl->lag_from[k] <= t ? t - tl->lag_from[k] : 0;
}

int64_t timeline_loop_lag_worst(const timeline *tl, int64_t t)
{
    size_t k = lag_after(tl, t);
    int64_t done = k > 0 ? tl->lag_max[k - 1] : 0;
    int64_t now = k < tl->nlag && tl->lag_from[k] <= t ? t - tl->lag_from[k] : 0;
    return now > done ? now : done;
}

static void on_log(tl__builder *b, const trace_event *ev)
{
    timeline *tl = b->tl;
    if (ev->a < 0 || (size_t)ev->a >= b->scn->nstrings) {
        fail(b, SIM_EINVAL);
        return;
    }
    const tl__col cols[] = {{(void **)&tl->log, sizeof *tl->log},
                            {(void **)&tl->log_k, sizeof *tl->log_k}};
    if (!tl__grow_cols(b, &b->cap_log, tl->nlog, cols, 2))
        return;
    tl->log_k[tl->nlog] = b->k;
    tl->log[tl->nlog++] = (sim_log_line){.t = b->now, .req = ev->req, .text = ev->a};
}

void tl__on_event(tl__builder *b, const trace_event *ev)
{
    switch (ev->kind) {
    case TRACE_MEMORY:
        if (ev->x > b->mem_hi)
            b->mem_hi = ev->x;
        break;
    case TRACE_ARRIVE:
        if (ev->req >= 0 && (size_t)ev->req < b->tl->nreq && ev->a >= 0 && ev->a <= INT16_MAX)
            b->tl->req_proc[ev->req] = (int16_t)ev->a;
        if (tl__grow(b, (void **)&b->tl->arrive_t, &b->cap_arrive, b->tl->narrive,
                     sizeof *b->tl->arrive_t))
            b->tl->arrive_t[b->tl->narrive++] = b->now;
        break;
    case TRACE_DONE: on_done(b, ev); break;
    case TRACE_LOG: on_log(b, ev); break;
    case TRACE_STATE_WRITE: tl__on_write(b, ev); break;
    case TRACE_CALL: tl__on_call(b, ev); break;
    case TRACE_DEQUEUE: /* a loop starts a callback this long after it was ready */
        if (ev->b != TRACE_QUEUE_ACCEPT && ev->b != TRACE_QUEUE_DEVICE && ev->x >= 0)
            lag_sample(b, ev->x);
        break;
    case TRACE_TIMER_FIRE: /* a timer whose callback starts at once: late by now - due */
        if (ev->b != 0)
            lag_sample(b, b->now - ev->x);
        break;
    default: break;
    }
}
