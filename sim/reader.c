/* reader.c - opening a reader, feeding it a run's events in order, and what the
 * run is doing now (reader.h).
 *
 * Each event is applied by its kind's handler (reader_events.c, reader_worker.c);
 * whatever it changes is marked. When the clock is about to move on (an event at
 * a later time, a moment due in between such as a context switch ending, or the
 * end of the run), every mark of the instant that ends is reported to the caller,
 * once each, and then the caller is told the new time.
 */
#include "reader_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "workload.h"

bool rd__fail(rd_reader *r, int err)
{
    if (r->err == 0)
        r->err = err;
    return false;
}

/* Room for the marks of `n` things of `kind` (workers grow as they spawn). */
bool rd__mark_room(rd_reader *r, rd_kind kind, size_t n)
{
    if (n <= r->nmarked[kind])
        return true;
    uint8_t *m = realloc(r->marked[kind], n);
    if (m == NULL)
        return rd__fail(r, SIM_ENOMEM);
    memset(m + r->nmarked[kind], 0, n - r->nmarked[kind]);
    r->marked[kind] = m;
    r->nmarked[kind] = n;
    return true;
}

void rd__mark_slow(rd_reader *r, rd_kind kind, size_t index)
{
    if (sim_grow((void **)&r->marks, &r->cap_marks, r->nmarks + 1, sizeof *r->marks) < 0)
        return (void)rd__fail(r, SIM_ENOMEM);
    r->marked[kind][index] = 1;
    r->marks[r->nmarks].kind = (uint8_t)kind;
    r->marks[r->nmarks++].index = (uint32_t)index;
}

void rd__step_mark(rd_reader *r, rd_kind kind, size_t index)
{
    if (sim_grow((void **)&r->steps, &r->cap_steps, r->nsteps + 1, sizeof *r->steps) < 0)
        return (void)rd__fail(r, SIM_ENOMEM);
    r->steps[r->nsteps++] = (rd_change){(uint8_t)kind, (uint32_t)index};
}

int rd_track_steps(rd_reader *r, bool on)
{
    r->track_steps = on;
    r->nsteps = 0;
    return r->err;
}

const rd_change *rd_step_changes(const rd_reader *r, size_t *n)
{
    *n = r->nsteps;
    return r->steps;
}

void rd_step_clear(rd_reader *r)
{
    r->nsteps = 0;
}

void rd__set_running(rd_reader *r, int32_t loop, int queue)
{
    if (loop < 0 || (size_t)loop >= r->shape.loops || r->running[loop] == queue)
        return;
    r->running[loop] = (int8_t)queue;
    rd__mark(r, RD_PHASE, (size_t)loop);
}

void rd__report(rd_reader *r)
{
    for (size_t i = 0; i < r->nmarks; i++) {
        r->marked[r->marks[i].kind][r->marks[i].index] = 0;
        if (r->err == 0)
            r->changed(r->ctx, (rd_kind)r->marks[i].kind, r->marks[i].index);
    }
    r->nmarks = 0;
}

rd_worker *rd__worker(rd_reader *r, int32_t w)
{
    if (w < 0 || (size_t)w >= r->nw || !r->w[w].spawned) {
        rd__fail(r, SIM_EINVAL);
        return NULL;
    }
    return &r->w[w];
}

bool rd__req_ok(rd_reader *r, int32_t req, bool none_ok)
{
    if ((req == -1 && none_ok) || (req >= 0 && (size_t)req < r->shape.requests))
        return true;
    return rd__fail(r, SIM_EINVAL);
}

/* ---- opening ------------------------------------------------------------------------- */

static int setup(rd_reader *r, const scn_scenario *scn, size_t runtime)
{
    const scn_runtime *top = &scn->runtimes[runtime], *rt = top;
    rd_shape *s = &r->shape;
    s->processes = 1;
    if (top->model == SCN_MODEL_PROCESSES) {
        rt = top->each;
        s->processes = (size_t)top->processes;
    }
    bool loop = rt->model == SCN_MODEL_EVENT_LOOP;
    int64_t workers = loop && rt->flavor != SCN_FLAVOR_ASYNCIO ? rt->workers : 0;
    s->loops = loop ? s->processes * (size_t)(1 + workers) : 0;
    s->cores = (size_t)scn->machine.cores;
    s->devices = scn->ndevices;
    s->requests = (size_t)wl_request_count(scn);
    r->context_switch = scn->machine.context_switch;

    r->cores = malloc((s->cores ? s->cores : 1) * sizeof *r->cores);
    r->core_gen = calloc(s->cores ? s->cores : 1, sizeof *r->core_gen);
    r->gils = malloc(s->processes * sizeof *r->gils);
    r->reqs = calloc(s->requests ? s->requests : 1, sizeof *r->reqs);
    r->qlen = calloc(rd_queue_slots(s), sizeof *r->qlen);
    r->phase = calloc(s->loops + 1, sizeof *r->phase);
    r->running = malloc(s->loops + 1);
    r->loops = calloc(s->loops + 1, sizeof *r->loops);
    if (!r->cores || !r->core_gen || !r->gils || !r->reqs || !r->qlen || !r->phase || !r->loops ||
        !r->running)
        return SIM_ENOMEM;
    memset(r->running, -1, s->loops + 1);
    /* a loop runs the code that started it until the trace names a phase */
    memset(r->phase, TRACE_PHASE_MAIN, s->loops + 1);
    for (size_t c = 0; c < s->cores; c++)
        r->cores[c] = (rd_core){.occupant = -1};
    for (size_t p = 0; p < s->processes; p++)
        r->gils[p] = (rd_gil){.holder = -1};
    for (size_t q = 0; q < s->requests; q++)
        r->reqs[q] = (rd__req){.worker = -1, .device = -1};
    heap_init(&r->ends);
    return 0;
}

int rd_open(const scn_scenario *scn, size_t runtime, rd_changed changed, void *ctx, rd_reader **out)
{
    *out = NULL;
    if (scn == NULL || runtime >= scn->nruntimes)
        return SIM_EINVAL;
    rd_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return SIM_ENOMEM;
    r->scn = scn;
    r->changed = changed;
    r->ctx = ctx;
    int rc = setup(r, scn, runtime);
    const rd_shape *sh = &r->shape;
    if (rc == 0 && changed != NULL &&
        !(rd__mark_room(r, RD_REQUEST, sh->requests) && rd__mark_room(r, RD_CORE, sh->cores) &&
          rd__mark_room(r, RD_GIL, sh->processes) &&
          rd__mark_room(r, RD_QUEUE, rd_queue_slots(sh)) && rd__mark_room(r, RD_PHASE, sh->loops) &&
          rd__mark_room(r, RD_MEMORY, 1)))
        rc = SIM_ENOMEM;
    if (rc < 0) {
        rd_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

void rd_close(rd_reader *r)
{
    if (r == NULL)
        return;
    free(r->marks);
    for (int k = 0; k < RD_KIND_COUNT; k++)
        free(r->marked[k]);
    free(r->w);
    free(r->cores);
    free(r->core_gen);
    free(r->gils);
    free(r->reqs);
    free(r->qlen);
    free(r->phase);
    free(r->running);
    free(r->steps);
    free(r->loops);
    heap_release(&r->ends);
    free(r);
}

/* ---- feeding ---------------------------------------------------------------------------- */

void rd__move_to(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t))
{
    if (t <= r->now && r->started)
        return;
    rd__report(r); /* the instant that ends */
    r->now = t;
    r->started = true;
    if (at != NULL && r->err == 0)
        at(r->ctx, t);
}

/* The clock moves to t: what is due before it first. */
static void move_to(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t))
{
    rd__switch_ends(r, t, at);
    if (r->err == 0)
        rd__move_to(r, t, at);
}

int rd_feed(rd_reader *r, const trace_event *ev, void (*at)(void *ctx, int64_t t))
{
    if (r->err != 0)
        return r->err;
    if ((r->started && ev->t < r->now) || ev->kind >= TRACE_KIND_COUNT)
        return r->err = SIM_EINVAL;
    move_to(r, ev->t, at);
    if (r->err == 0)
        rd__on_event(r, ev);
    return r->err;
}

int rd_finish(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t))
{
    if (r->err == 0 && (!r->started || t >= r->now))
        rd__switch_ends(r, t, at);
    rd__report(r);
    return r->err;
}

/* ---- what the run is doing now ------------------------------------------------------- */

int64_t rd_now(const rd_reader *r)
{
    return r->now;
}

size_t rd_worker_count(const rd_reader *r)
{
    return r->nw;
}

const rd_worker *rd_worker_at(const rd_reader *r, size_t w)
{
    return w < r->nw && r->w[w].spawned ? &r->w[w] : NULL;
}

const rd_core *rd_core_at(const rd_reader *r, size_t core)
{
    return core < r->shape.cores ? &r->cores[core] : NULL;
}

const rd_gil *rd_gil_at(const rd_reader *r, size_t process)
{
    return process < r->shape.processes ? &r->gils[process] : NULL;
}

rd_request rd_request_at(const rd_reader *r, size_t req)
{
    static const uint8_t order[] = {TL_R_RUNNING, TL_R_READY, TL_R_WAIT_GIL, TL_R_QUEUED,
                                    TL_R_WAIT_IO};
    rd_request out = {.state = TL_R_PENDING, .worker = -1, .device = -1};
    if (req >= r->shape.requests)
        return out;
    const rd__req *q = &r->reqs[req];
    if (q->done) {
        out.state = TL_R_DONE;
        return out;
    }
    if (!q->arrived)
        return out;
    out.state = TL_R_QUEUED;
    for (size_t i = 0; i < sizeof order; i++) {
        if (q->n[order[i]] > 0) {
            out.state = order[i];
            break;
        }
    }
    bool by_worker = out.state == TL_R_RUNNING || out.state == TL_R_READY ||
                     out.state == TL_R_WAIT_GIL || out.state == TL_R_WAIT_IO;
    if (by_worker && q->worker >= 0 && r->w[q->worker].req == (int32_t)req)
        out.worker = q->worker;
    if (out.state == TL_R_WAIT_IO)
        out.device = q->device;
    return out;
}

int64_t rd_queue_length(const rd_reader *r, size_t slot)
{
    return slot < rd_queue_slots(&r->shape) ? r->qlen[slot] : 0;
}

int rd_phase(const rd_reader *r, size_t loop)
{
    return loop < r->shape.loops ? r->phase[loop] : -1;
}

int rd_running(const rd_reader *r, size_t loop)
{
    return loop < r->shape.loops ? r->running[loop] : -1;
}

const rd_loop *rd_loop_at(const rd_reader *r, size_t loop)
{
    return loop < r->shape.loops ? &r->loops[loop] : NULL;
}

int64_t rd_memory(const rd_reader *r)
{
    return r->memory;
}

int64_t rd_busy_cores(const rd_reader *r)
{
    return r->busy_now;
}

int64_t rd_gil_waiting(const rd_reader *r)
{
    return r->gil_now;
}

rd_shape rd_shape_of(const rd_reader *r)
{
    return r->shape;
}

/* ---- queue slots ------------------------------------------------------------------------ */

enum { LOOPQ = 6, PROCQ = 3 };

static int loopq_index(int q)
{
    switch (q) {
    case TRACE_QUEUE_NEXT_TICK: return 0;
    case TRACE_QUEUE_MICROTASK: return 1;
    case TRACE_QUEUE_TIMERS: return 2;
    case TRACE_QUEUE_POLL: return 3;
    case TRACE_QUEUE_CHECK: return 4;
    case TRACE_QUEUE_READY: return 5;
    default: return -1;
    }
}

static int procq_index(int q)
{
    switch (q) {
    case TRACE_QUEUE_ACCEPT: return 0;
    case TRACE_QUEUE_THREADPOOL: return 1;
    case TRACE_QUEUE_WORKER: return 2;
    default: return -1;
    }
}

int64_t rd_queue_slot(const rd_shape *s, int queue, int32_t owner)
{
    int li = loopq_index(queue), pi = procq_index(queue);
    size_t o = (size_t)owner, procs = s->loops * LOOPQ;
    if (owner < 0)
        return -1;
    if (li >= 0)
        return o < s->loops ? (int64_t)(o * LOOPQ + (size_t)li) : -1;
    if (pi >= 0)
        return o < s->processes ? (int64_t)(procs + o * PROCQ + (size_t)pi) : -1;
    if (queue == TRACE_QUEUE_DEVICE && o < s->devices)
        return (int64_t)(procs + s->processes * PROCQ + o);
    return -1;
}

int64_t rd_inflight_slot(const rd_shape *s, size_t device)
{
    if (device >= s->devices)
        return -1;
    return (int64_t)(s->loops * LOOPQ + s->processes * PROCQ + s->devices + device);
}

size_t rd_queue_slots(const rd_shape *s)
{
    return s->loops * LOOPQ + s->processes * PROCQ + 2 * s->devices;
}
