/* timeline.c - building a timeline: reading a trace once, in order.
 *
 * The build keeps what each worker, core, GIL, queue and request is doing
 * (timeline.h gives the rules; timeline_workers.c and timeline_events.c apply
 * them) and, each time the clock moves on, records a lane's new interval if what
 * it shows changed during the instant that ended. It never re-simulates: every
 * state comes from an event, except two moments the trace leaves implicit that
 * follow from it exactly, kept here in one small heap: when a context switch ends
 * (the machine's cost after a `run` on a core that last ran another thread) and
 * when a worker that keeps its core finishes an op (timeline_steps.c).
 *
 * Work: O(events + intervals), plus a program rebuild (O(its ops)) when a worker
 * turns to another request, and a sort of the latencies at the end. Measured on
 * this project's 2-core machine: about 0.1-0.2 us an event.
 */
#include "timeline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

/* ---- the build ------------------------------------------------------------------------------- */

/* Closes the current instant when time moves on. */
static void advance(tl__builder *b, int64_t t)
{
    if (t > b->now) {
        tl__flush(b);
        b->now = t;
    }
}

/* Op ends and context-switch ends due at or before t, in time order. */
static void run_ends(tl__builder *b, int64_t t)
{
    const heap_event *top;
    while (b->err == 0 && (top = heap_peek(&b->ends)) != NULL && top->t <= t) {
        heap_event e;
        heap_pop(&b->ends, &e);
        advance(b, e.t);
        if (e.type == 0) {
            tl__step_op_end(b, (int32_t)e.id, e.gen);
            continue;
        }
        tl__core *c = &b->cores[e.id];
        if (c->gen == e.gen && c->switching) {
            c->switching = false;
            tl__mark(b, TL_LANE_CORE, e.id);
        }
    }
}

static int setup(tl__builder *b, const scn_scenario *scn, size_t runtime)
{
    const scn_runtime *top = &scn->runtimes[runtime], *rt = top;
    timeline *tl = b->tl;
    tl->nproc = 1;
    if (top->model == SCN_MODEL_PROCESSES) {
        rt = top->each;
        tl->nproc = (size_t)top->processes;
        b->rt.shared_accept = top->dispatch == SCN_DISPATCH_SHARED_QUEUE;
    }
    b->rt.loop = rt->model == SCN_MODEL_EVENT_LOOP;
    b->rt.asyncio = b->rt.loop && rt->flavor == SCN_FLAVOR_ASYNCIO;
    b->rt.workers = b->rt.loop && !b->rt.asyncio ? rt->workers : 0;
    b->rt.per_request = rt->model == SCN_MODEL_THREADS && rt->threads == 0;
    b->rt.gil = rt->gil;
    b->rt.context_switch = scn->machine.context_switch;
    tl->nloops = b->rt.loop ? tl->nproc * (size_t)(1 + b->rt.workers) : 0;
    tl->ncores = (size_t)scn->machine.cores;
    tl->ndevices = scn->ndevices;
    tl->nreq = (size_t)wl_request_count(scn);
    tl->qlane_loops = 0;
    tl->qlane_procs = tl->nloops * TL__LOOPQ_COUNT;
    /* queues: the loops', the processes', the devices' queues, then each device's
     * operations in flight (timeline_device_in_flight) */
    size_t nq = tl->qlane_procs + tl->nproc * TL__PROCQ_COUNT + 2 * tl->ndevices;

    b->cores = malloc(tl->ncores * sizeof *b->cores);
    b->gils = malloc(tl->nproc * sizeof *b->gils);
    b->reqs = calloc(tl->nreq ? tl->nreq : 1, sizeof *b->reqs);
    b->qlen = calloc(nq, sizeof *b->qlen);
    b->phase = calloc(tl->nloops + 1, sizeof *b->phase);
    b->lb = calloc(tl->nloops + 1, sizeof *b->lb);
    tl->loops = calloc(tl->nloops + 1, sizeof *tl->loops);
    if (!b->cores || !b->gils || !b->reqs || !b->qlen || !b->phase || !b->lb || !tl->loops)
        return SIM_ENOMEM;
    for (size_t c = 0; c < tl->ncores; c++)
        b->cores[c] = (tl__core){.occupant = -1, .last = -1};
    for (size_t p = 0; p < tl->nproc; p++)
        b->gils[p] = (tl__gil){.holder = -1};
    for (size_t r = 0; r < tl->nreq; r++) {
        b->reqs[r].worker = -1;
        b->reqs[r].io = -1;
    }
    b->free_iocb = -1;
    for (size_t l = 0; l <= tl->nloops; l++) {
        tl__loopb *L = &b->lb[l];
        heap_init(&L->timers);
        L->carry = -1;
        L->expect = -1;
        L->cur_task = -1;
        L->carry_start.req = -1;
        L->posts_t = -1;
        L->pend_t = -1;
    }
    heap_init(&b->ends);
    int rc = tl__lanes_init(b);
    if (rc == 0)
        rc = tl__lanes_reserve(b, TL_LANE_QUEUE, nq);
    return rc;
}

static void release(tl__builder *b)
{
    for (size_t i = 0; i < b->nw; i++)
        tl__step_release(&b->w[i]);
    free(b->w);
    free(b->cores);
    free(b->gils);
    free(b->reqs);
    free(b->qlen);
    free(b->phase);
    if (b->lb != NULL) {
        for (size_t l = 0; l <= b->tl->nloops; l++) {
            heap_release(&b->lb[l].timers);
            free(b->lb[l].pend);
            free(b->lb[l].stack);
            free(b->lb[l].posts);
        }
    }
    tl__task_release(b);
    free(b->lb);
    free(b->lat);
    free(b->dirty);
    heap_release(&b->ends);
    tl__lanes_release(b);
}

/* Distinct event times, for stepping. */
static void note_time(tl__builder *b, int64_t t)
{
    timeline *tl = b->tl;
    if (tl->ntimes > 0 && tl->times[tl->ntimes - 1] == t)
        return;
    if (tl__grow(b, (void **)&tl->times, &b->cap_times, tl->ntimes, sizeof *tl->times))
        tl->times[tl->ntimes++] = t;
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
    tl->workers = shrink(tl->workers, b->nw, sizeof *tl->workers);
    tl->arrive_t = shrink(tl->arrive_t, tl->narrive, sizeof *tl->arrive_t);
    tl->done_t = shrink(tl->done_t, tl->ndone, sizeof *tl->done_t);
    tl->busy.p = shrink(tl->busy.p, tl->busy.n, sizeof *tl->busy.p);
    tl->gil.p = shrink(tl->gil.p, tl->gil.n, sizeof *tl->gil.p);
    tl->lag_t = shrink(tl->lag_t, tl->nlag, sizeof *tl->lag_t);
    tl->lag_sum = shrink(tl->lag_sum, tl->nlag, sizeof *tl->lag_sum);
    tl->lag_max = shrink(tl->lag_max, tl->nlag, sizeof *tl->lag_max);
    tl->log = shrink(tl->log, tl->nlog, sizeof *tl->log);
    tl->times = shrink(tl->times, tl->ntimes, sizeof *tl->times);
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

int timeline_build(const trace *tr, const scn_scenario *scn, size_t runtime, uint64_t seed,
                   timeline **out)
{
    *out = NULL;
    if (tr == NULL || scn == NULL || runtime >= scn->nruntimes)
        return SIM_EINVAL;
    tl__builder b = {.scn = scn, .seed = seed};
    b.tl = calloc(1, sizeof *b.tl);
    if (b.tl == NULL)
        return SIM_ENOMEM;
    int rc = setup(&b, scn, runtime);
    size_t n = trace_count(tr);
    for (size_t i = 0; i < n && rc == 0 && b.err == 0; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->t < b.now || ev->kind >= TRACE_KIND_COUNT) {
            rc = SIM_EINVAL;
            break;
        }
        run_ends(&b, ev->t);
        advance(&b, ev->t);
        note_time(&b, ev->t);
        tl__on_event(&b, ev);
    }
    if (rc == 0 && b.err == 0) {
        run_ends(&b, b.now);
        tl__flush(&b);
        b.tl->t_end = b.now;
    }
    if (rc == 0)
        rc = b.err;
    if (rc == 0)
        rc = finish_latencies(&b);
    if (rc == 0)
        rc = tl__lanes_finish(&b);
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
    free(tl->done_t);
    free(tl->lat_sum);
    free(tl->lat_max);
    tl__rank_free(&tl->lat);
    free(tl->busy.p);
    free(tl->gil.p);
    free(tl->lag_t);
    free(tl->lag_sum);
    free(tl->lag_max);
    free(tl->log);
    free(tl->times);
    free(tl->trans);
    free(tl->cps);
    free(tl);
}

