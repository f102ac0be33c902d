/* timeline.c - building a timeline: reading a trace once, in order.
 *
 * The reader (reader.h) keeps what each worker, core, GIL, queue and request is
 * doing and, when an instant is over, names each thing that changed during it;
 * the build records that lane's new interval (timeline_lanes.c) and adds the
 * events' series (timeline_events.c). Nothing here re-simulates or knows a rule of
 * any runtime: bistro-trace/2 says which op each worker is at, which callback
 * starts and its lag, where a request queues, when a thread exits and how much
 * memory the run holds.
 *
 * Work: O(events + intervals), and a sort of the latencies at the end.
 */
#include "timeline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "workload.h"

/* ---- the build ------------------------------------------------------------------------------- */

/* The reader's clock moves on to t: the instant that ended is recorded (its
 * lanes by changed(), already), and so are the running totals. */
static void at(void *ctx, int64_t t)
{
    tl__builder *b = ctx;
    tl__instant_end(b);
    b->now = t;
    rd_step_clear(b->rd); /* what changed before the next event belongs to an earlier instant */
}

/* An instant is over and the reader says what changed during it: the lane's new
 * interval, from what the reader shows now. */
static void changed(void *ctx, rd_kind kind, size_t index)
{
    tl__builder *b = ctx;
    if (kind == RD_MEMORY) {
        tl__on_memory(b, rd_memory(b->rd));
        return;
    }
    if (kind == RD_WORKER && tl__lanes_reserve(b, TL_LANE_WORKER, index + 1) < 0) {
        b->err = SIM_ENOMEM;
        return;
    }
    tl__record(b, (int)kind, index);
}

static int setup(tl__builder *b, const scn_scenario *scn, size_t runtime)
{
    int rc = rd_open(scn, runtime, changed, b, &b->rd);
    if (rc < 0)
        return rc;
    timeline *tl = b->tl;
    tl->shape = rd_shape_of(b->rd);
    tl->nproc = tl->shape.processes;
    tl->nloops = tl->shape.loops;
    tl->ncores = tl->shape.cores;
    tl->ndevices = tl->shape.devices;
    tl->nreq = tl->shape.requests;
    tl->req_proc = malloc((tl->nreq ? tl->nreq : 1) * sizeof *tl->req_proc);
    if (tl->req_proc == NULL)
        return SIM_ENOMEM;
    for (size_t r = 0; r < tl->nreq; r++)
        tl->req_proc[r] = -1;
    tl->loops = calloc(tl->nloops + 1, sizeof *tl->loops);
    if (tl->loops == NULL)
        return SIM_ENOMEM;
    rc = tl__lanes_init(b);
    if (rc == 0)
        rc = tl__lanes_reserve(b, TL_LANE_QUEUE, rd_queue_slots(&tl->shape));
    return rc;
}

static void release(tl__builder *b)
{
    rd_close(b->rd);
    free(b->lat);
    tl__lanes_release(b);
}

/* The workers and loops as the reader saw them spawn. */
static int finish_workers(tl__builder *b)
{
    timeline *tl = b->tl;
    size_t n = tl->lanes[TL_LANE_WORKER].n;
    tl->workers = calloc(n ? n : 1, sizeof *tl->workers);
    if (tl->workers == NULL)
        return SIM_ENOMEM;
    for (size_t w = 0; w < n; w++) {
        const rd_worker *x = rd_worker_at(b->rd, w);
        if (x != NULL)
            tl->workers[w] = (tl_worker_info){.kind = x->kind,
                                              .process = x->proc,
                                              .loop = x->loop,
                                              .spawned = x->spawned_at,
                                              .number = x->number};
    }
    for (size_t l = 0; l < tl->nloops; l++)
        tl->loops[l] = *rd_loop_at(b->rd, l);
    return 0;
}

/* Distinct event times and how many events each has, for stepping; b->k is the
 * event's place in its instant (1 for the first). */
static void note_time(tl__builder *b, int64_t t)
{
    timeline *tl = b->tl;
    if (tl->ntimes > 0 && tl->times[tl->ntimes - 1] == t) {
        b->k = ++tl->time_steps[tl->ntimes - 1];
        return;
    }
    if (tl->has_steps && tl->ntimes > 0)
        tl__steps_instant_end(b, tl->time_steps[tl->ntimes - 1]);
    const tl__col cols[] = {{(void **)&tl->times, sizeof *tl->times},
                            {(void **)&tl->time_steps, sizeof *tl->time_steps}};
    if (!tl__grow_cols(b, &b->cap_times, tl->ntimes, cols, 2))
        return;
    tl->times[tl->ntimes] = t;
    tl->time_steps[tl->ntimes++] = 1;
    b->k = 1;
}

/* Gives back the unused tail of an array that grew by doubling. */
static void *shrink(void *p, size_t n, size_t size)
{
    void *q = realloc(p, (n ? n : 1) * size);
    return q != NULL ? q : p;
}

static void shrink_all(tl__builder *b)
{
    timeline *tl = b->tl;
    tl->arrive_t = shrink(tl->arrive_t, tl->narrive, sizeof *tl->arrive_t);
    tl->done_t = shrink(tl->done_t, tl->ndone, sizeof *tl->done_t);
    tl->busy.p = shrink(tl->busy.p, tl->busy.n, sizeof *tl->busy.p);
    tl->gil.p = shrink(tl->gil.p, tl->gil.n, sizeof *tl->gil.p);
    tl->lag_t = shrink(tl->lag_t, tl->nlag, sizeof *tl->lag_t);
    tl->lag_sum = shrink(tl->lag_sum, tl->nlag, sizeof *tl->lag_sum);
    tl->lag_max = shrink(tl->lag_max, tl->nlag, sizeof *tl->lag_max);
    tl->log = shrink(tl->log, tl->nlog, sizeof *tl->log);
    tl->times = shrink(tl->times, tl->ntimes, sizeof *tl->times);
    tl->time_steps = shrink(tl->time_steps, tl->ntimes, sizeof *tl->time_steps);
    tl->log_k = shrink(tl->log_k, tl->nlog, sizeof *tl->log_k);
    tl->sub = shrink(tl->sub, tl->nsub, sizeof *tl->sub);
    tl->mem_t = shrink(tl->mem_t, tl->nmem, sizeof *tl->mem_t);
    tl->mem_v = shrink(tl->mem_v, tl->nmem, sizeof *tl->mem_v);
    tl->mem_peak = shrink(tl->mem_peak, tl->nmem, sizeof *tl->mem_peak);
    tl->trans = shrink(tl->trans, tl->ntrans, sizeof *tl->trans);
}

/* Prefix sums and running maxima of the latencies, and the percentile index. */
static int finish_latencies(tl__builder *b)
{
    timeline *tl = b->tl;
    size_t n = tl->ndone;
    tl->lat_sum = malloc((n + 1) * sizeof *tl->lat_sum);
    tl->lat_max = malloc((n ? n : 1) * sizeof *tl->lat_max);
    if (tl->lat_sum == NULL || tl->lat_max == NULL)
        return SIM_ENOMEM;
    tl->lat_sum[0] = 0;
    for (size_t i = 0; i < n; i++) {
        tl->lat_sum[i + 1] = tl->lat_sum[i] + b->lat[i];
        tl->lat_max[i] = i && tl->lat_max[i - 1] > b->lat[i] ? tl->lat_max[i - 1] : b->lat[i];
    }
    return tl__rank_build(&tl->lat, b->lat, n);
}

int timeline_build(const trace *tr, const scn_scenario *scn, size_t runtime, timeline **out)
{
    *out = NULL;
    if (tr == NULL || scn == NULL || runtime >= scn->nruntimes)
        return SIM_EINVAL;
    tl__builder b = {.scn = scn};
    b.tl = calloc(1, sizeof *b.tl);
    if (b.tl == NULL)
        return SIM_ENOMEM;
    size_t n = trace_count(tr);
    b.tl->has_steps = n <= TL_STEPS_MAX_EVENTS;
    int rc = setup(&b, scn, runtime);
    if (rc == 0) {
        tl__lanes_presize(&b, n);
        rc = rd_track_steps(b.rd, b.tl->has_steps);
    }
    for (size_t i = 0; i < n && rc == 0 && b.err == 0; i++) {
        const trace_event *ev = trace_get(tr, i);
        rc = rd_feed(b.rd, ev, at);
        if (rc == 0) {
            note_time(&b, ev->t);
            tl__on_event(&b, ev);
            if (b.tl->has_steps)
                tl__steps_record(&b);
        }
    }
    if (rc == 0 && b.err == 0 && b.tl->has_steps && b.tl->ntimes > 0)
        tl__steps_instant_end(&b, b.tl->time_steps[b.tl->ntimes - 1]);
    if (rc == 0 && b.err == 0)
        rc = rd_finish(b.rd, b.now, at);
    if (rc == 0 && b.err == 0) {
        tl__instant_end(&b);
        b.tl->t_end = b.now;
    }
    if (rc == 0)
        rc = b.err;
    if (rc == 0)
        rc = finish_latencies(&b);
    if (rc == 0)
        rc = tl__lag_finish(b.tl);
    if (rc == 0)
        rc = tl__lanes_finish(&b);
    if (rc == 0)
        rc = finish_workers(&b);
    if (rc == 0)
        shrink_all(&b);
    release(&b);
    if (rc < 0) {
        timeline_free(b.tl);
        return rc;
    }
    *out = b.tl;
    return 0;
}

void timeline_free(timeline *tl)
{
    if (tl == NULL)
        return;
    for (int k = 0; k < TL_LANE_KIND_COUNT; k++) {
        free(tl->lanes[k].first);
        free(tl->lanes[k].iv);
    }
    free(tl->workers);
    free(tl->loops);
    free(tl->arrive_t);
    free(tl->req_proc);
    free(tl->done_t);
    free(tl->lat_sum);
    free(tl->lat_max);
    tl__rank_free(&tl->lat);
    free(tl->busy.p);
    free(tl->gil.p);
    free(tl->lag_t);
    free(tl->lag_sum);
    free(tl->lag_max);
    free(tl->lag_from);
    free(tl->log);
    free(tl->times);
    free(tl->time_steps);
    free(tl->log_k);
    tl__shared_free(tl);
    tl__calls_free(tl);
    free(tl->sub);
    free(tl->mem_t);
    free(tl->mem_v);
    free(tl->mem_peak);
    free(tl->trans);
    free(tl->cps);
    free(tl);
}
