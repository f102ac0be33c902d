/* timeline_workers.c - what each worker shows while the timeline is built.
 *
 * The worker state machine of timeline.h, event by event: spawn, run, ready,
 * preempt, block, idle, the GIL's events and a loop's phases. A worker's state
 * and request also make its request's parts (a request is RUNNING while any
 * worker runs it, ...), its core's and its GIL's lanes, and the running totals of
 * busy cores and of threads waiting for a GIL; tl__w_set() keeps them in step.
 */
#include "timeline_internal.h"

#include <stdlib.h>

#include "error.h"

#define fail tl__fail

/* ---- states ----------------------------------------------------------------------------- */

bool tl__fail(tl__builder *b, int err)
{
    if (b->err == 0)
        b->err = err;
    return false;
}

/* The worker an event names, which must have been spawned; NULL (and an error) if not. */
tl__worker *tl__worker_at(tl__builder *b, int32_t w)
{
    if (w < 0 || (size_t)w >= b->nw || !b->w[w].spawned) {
        fail(b, SIM_EINVAL);
        return NULL;
    }
    return &b->w[w];
}

bool tl__req_ok(tl__builder *b, int32_t req, bool none_ok)
{
    if ((req == -1 && none_ok) || (req >= 0 && (size_t)req < b->tl->nreq))
        return true;
    return fail(b, SIM_EINVAL);
}

int tl__req_state(const tl__req *r)
{
    static const uint8_t order[] = {TL_R_RUNNING, TL_R_READY, TL_R_WAIT_GIL, TL_R_QUEUED,
                                    TL_R_WAIT_IO};
    if (r->done)
        return TL_R_DONE;
    if (!r->arrived)
        return TL_R_PENDING;
    for (size_t i = 0; i < sizeof order; i++)
        if (r->n[order[i]] > 0)
            return order[i];
    return TL_R_QUEUED;
}

/* A request gains (delta 1) or loses a part in state s. */
void tl__req_part(tl__builder *b, int32_t req, int s, int delta, int32_t w)
{
    if (req < 0)
        return;
    tl__req *r = &b->reqs[req];
    r->n[s] += delta;
    if (r->n[s] < 0)
        r->n[s] = 0;
    if (delta > 0 && w >= 0)
        r->worker = w;
    tl__mark(b, TL_LANE_REQUEST, (size_t)req);
}

/* The request state a worker's state stands for, or -1. */
static int req_side(int wstate)
{
    switch (wstate) {
    case TL_W_RUNNING:
        return TL_R_RUNNING;
    case TL_W_READY:
        return TL_R_READY;
    case TL_W_WAIT_GIL:
        return TL_R_WAIT_GIL;
    case TL_W_WAIT_IO:
        return TL_R_WAIT_IO;
    default:
        return -1;
    }
}

/* Sets what worker w shows, keeping its request's parts, its core's and its GIL's
 * lanes and the GIL-wait total in step. */
void tl__w_set(tl__builder *b, int32_t w, int state, int32_t req)
{
    tl__worker *x = &b->w[w];
    if (x->state == state && x->req == req)
        return;
    int old = req_side(x->state), now = req_side(state);
    if (old >= 0)
        tl__req_part(b, x->req, old, -1, w);
    if (now >= 0)
        tl__req_part(b, req, now, 1, w);
    tl__gil *g = &b->gils[x->proc];
    if (x->state == TL_W_WAIT_GIL) {
        g->waiters--;
        b->gil_now--;
    }
    if (state == TL_W_WAIT_GIL) {
        g->waiters++;
        b->gil_now++;
    }
    if (x->state == TL_W_WAIT_GIL || state == TL_W_WAIT_GIL || g->holder == w)
        tl__mark(b, TL_LANE_GIL, (size_t)x->proc);
    x->state = (uint8_t)state;
    x->req = req;
    tl__mark(b, TL_LANE_WORKER, (size_t)w);
    if (x->on_core)
        tl__mark(b, TL_LANE_CORE, (size_t)x->core);
}

/* Worker w stops holding its core (if it holds one). */
void tl__leave_core(tl__builder *b, int32_t w)
{
    tl__worker *x = &b->w[w];
    if (!x->on_core)
        return;
    tl__step_leave(b, w);
    tl__core *c = &b->cores[x->core];
    c->occupant = -1;
    c->switching = false;
    c->gen++;
    b->busy_now--;
    tl__mark(b, TL_LANE_CORE, (size_t)x->core);
    x->on_core = false;
    x->core = -1;
    tl__mark(b, TL_LANE_WORKER, (size_t)w);
}

/* A loop thread is doing loop work (phases, picking a task, a timer): it runs if it
 * holds a core, else it has work but no core. */
void tl__loop_active(tl__builder *b, int32_t w, int32_t req)
{
    tl__w_set(b, w, b->w[w].on_core ? TL_W_RUNNING : TL_W_READY, req);
}

/* ---- spawn ------------------------------------------------------------------------------ */

/* Room for workers [0, n). */
static int reserve_workers(tl__builder *b, size_t n)
{
    if (n > b->cap_w) {
        size_t cap = b->cap_w ? b->cap_w : 16;
        while (cap < n)
            cap *= 2;
        tl__worker *w = realloc(b->w, cap * sizeof *w);
        if (w != NULL)
            b->w = w;
        tl_worker_info *info = w ? realloc(b->tl->workers, cap * sizeof *info) : NULL;
        if (info == NULL) {
            fail(b, SIM_ENOMEM);
            return SIM_ENOMEM;
        }
        b->tl->workers = info;
        b->cap_w = cap;
    }
    if (tl__lanes_reserve(b, TL_LANE_WORKER, n) < 0) {
        fail(b, SIM_ENOMEM);
        return SIM_ENOMEM;
    }
    for (size_t i = b->nw; i < n; i++)
        b->w[i] = (tl__worker){.req = -1, .step = -1, .core = -1, .loop = -1, .prog_req = -1,
                               .op_left = -1, .job = -1, .post = {.req = -1}};
    b->nw = n;
    return 0;
}

void tl__on_spawn(tl__builder *b, const trace_event *ev)
{
    int32_t w = ev->worker;
    if (w < 0 || ev->a < 0 || (size_t)ev->a >= b->tl->nproc || ev->b > TRACE_WORKER_POOL) {
        fail(b, SIM_EINVAL);
        return;
    }
    if ((size_t)w >= b->nw && reserve_workers(b, (size_t)w + 1) < 0)
        return;
    tl__worker *x = &b->w[w];
    if (!x->spawned) {
        int32_t loop = -1;
        if (ev->b == TRACE_WORKER_LOOP) {
            if ((size_t)b->nloops_seen >= b->tl->nloops) {
                fail(b, SIM_EINVAL);
                return;
            }
            loop = b->nloops_seen++;
            b->tl->loops[loop] = (tl_loop_info){.worker = w, .process = ev->a,
                                                .is_worker = (size_t)loop >= b->tl->nproc};
            b->phase[loop] = b->rt.asyncio ? TRACE_PHASE_RUN_READY : TRACE_PHASE_MAIN;
            tl__mark(b, TL_LANE_PHASE, (size_t)loop);
        }
        b->tl->workers[w] = (tl_worker_info){.kind = ev->b, .process = ev->a, .loop = loop,
                                             .spawned = b->now};
        x->loop = loop;
    }
    x->spawned = true;
    x->kind = ev->b;
    x->mode = ev->b == TRACE_WORKER_LOOP ? TL__MODE_LOOP
              : ev->b == TRACE_WORKER_POOL ? TL__MODE_POOL
                                           : TL__MODE_THREAD;
    x->proc = ev->a;
    x->prog_req = -1; /* a reused index: its next program is built afresh */
    tl__step_forget(b, w);
    tl__w_set(b, w, TL_W_IDLE, -1);
}

/* ---- the GIL, cores ------------------------------------------------------------------------ */

void tl__on_gil(tl__builder *b, const trace_event *ev)
{
    tl__worker *x = tl__worker_at(b, ev->worker);
    if (x == NULL)
        return;
    if (ev->a < 0 || (size_t)ev->a >= b->tl->nproc || ev->a != x->proc) {
        fail(b, SIM_EINVAL);
        return;
    }
    tl__gil *g = &b->gils[ev->a];
    tl__mark(b, TL_LANE_GIL, (size_t)ev->a);
    switch (ev->kind) {
    case TRACE_GIL_WAIT:
        tl__leave_core(b, ev->worker);
        tl__w_set(b, ev->worker, TL_W_WAIT_GIL, ev->req);
        break;
    case TRACE_GIL_ACQUIRE:
        g->holder = ev->worker;
        g->drop = false;
        tl__w_set(b, ev->worker, x->on_core ? TL_W_RUNNING : TL_W_READY, ev->req);
        tl__task_gil_acquired(b, ev->worker);
        break;
    case TRACE_GIL_RELEASE:
        if (g->holder == ev->worker)
            g->holder = -1;
        break;
    default: /* drop request */
        g->drop = true;
        break;
    }
}

void tl__on_run(tl__builder *b, const trace_event *ev)
{
    int32_t w = ev->worker;
    tl__worker *x = tl__worker_at(b, w);
    if (x == NULL || ev->x < 0 || (uint64_t)ev->x >= b->tl->ncores)
        return (void)fail(b, SIM_EINVAL);
    int32_t c = (int32_t)ev->x;
    tl__core *core = &b->cores[c];
    int64_t cs = 0;
    if (!(x->on_core && x->core == c)) {
        tl__leave_core(b, w);
        if (core->occupant >= 0)
            tl__leave_core(b, core->occupant);
        /* the engine charges a switch when the core last ran another thread */
        if (core->last != w)
            cs = b->rt.context_switch;
        core->occupant = w;
        core->last = w;
        core->gen++;
        core->switching = cs > 0;
        b->busy_now++;
        x->on_core = true;
        x->core = c;
        int64_t end;
        if (__builtin_add_overflow(b->now, cs, &end))
            return (void)fail(b, SIM_EOVERFLOW);
        if (cs > 0 && heap_push(&b->ends, end, 1, (uint32_t)c, core->gen) < 0)
            fail(b, SIM_ENOMEM);
    }
    tl__mark(b, TL_LANE_CORE, (size_t)c);
    tl__w_set(b, w, TL_W_RUNNING, ev->req);
    tl__step_pin(b, w, ev->req, ev->a, true, cs);
}

/* ---- other worker events -------------------------------------------------------------- */

void tl__on_worker_event(tl__builder *b, const trace_event *ev)
{
    int32_t w = ev->worker;
    tl__worker *x = &b->w[w];
    switch (ev->kind) {
    case TRACE_READY:
    case TRACE_PREEMPT:
        tl__leave_core(b, w);
        tl__w_set(b, w, TL_W_READY, ev->req);
        break;
    case TRACE_BLOCK:
        tl__leave_core(b, w);
        if (x->kind == TRACE_WORKER_LOOP) {
            tl__w_set(b, w, TL_W_WAITING, -1);
            tl__step_forget(b, w);
            tl__task_loop_idle(b, w);
        } else {
            tl__w_set(b, w, TL_W_WAIT_IO, ev->req);
            tl__step_pin(b, w, ev->req, ev->a, false, 0);
        }
        break;
    case TRACE_IDLE:
        tl__leave_core(b, w);
        tl__w_set(b, w, TL_W_IDLE, -1);
        tl__step_forget(b, w);
        break;
    case TRACE_PHASE:
        if (x->loop < 0 || ev->a < 0 || ev->a >= TRACE_PHASE_COUNT)
            return (void)fail(b, SIM_EINVAL);
        b->phase[x->loop] = (uint8_t)ev->a;
        tl__mark(b, TL_LANE_PHASE, (size_t)x->loop);
        tl__loop_active(b, w, -1);
        tl__step_forget(b, w);
        tl__task_loop_idle(b, w);
        break;
    default:
        break;
    }
}

