/* reader_worker.c - workers, cores and the GILs while a run is read.
 *
 * The worker state machine of reader.h, event by event: spawn, run, ready,
 * preempt, step, block, idle, exit, the GIL's events and a loop's phases. A
 * worker's state and request also make its request's parts (a request is RUNNING
 * while any worker runs it, ...), its core and its GIL, and the counts of busy
 * cores and of threads waiting for a GIL; rd__w_set() keeps them in step.
 */
#include "reader_internal.h"

#include <stdlib.h>

#include "error.h"
#include "grow.h"

/* ---- states ---------------------------------------------------------------------------- */

void rd__req_part(rd_reader *r, int32_t req, int s, int delta, int32_t w)
{
    if (req < 0)
        return;
    rd__req *q = &r->reqs[req];
    q->n[s] += delta;
    if (q->n[s] < 0)
        q->n[s] = 0;
    if (delta > 0 && w >= 0)
        q->worker = w;
    rd__mark(r, RD_REQUEST, (size_t)req);
}

/* The request state a worker's state stands for, or -1. */
static int req_side(int wstate)
{
    switch (wstate) {
    case TL_W_RUNNING: return TL_R_RUNNING;
    case TL_W_READY: return TL_R_READY;
    case TL_W_WAIT_GIL: return TL_R_WAIT_GIL;
    case TL_W_WAIT_IO: return TL_R_WAIT_IO;
    default: return -1;
    }
}

void rd__w_set(rd_reader *r, int32_t w, int state, int32_t req)
{
    rd_worker *x = &r->w[w];
    if (x->state == state && x->req == req)
        return;
    int old = req_side(x->state), now = req_side(state);
    if (old >= 0)
        rd__req_part(r, x->req, old, -1, w);
    if (now >= 0)
        rd__req_part(r, req, now, 1, w);
    rd_gil *g = &r->gils[x->proc];
    if (x->state == TL_W_WAIT_GIL) {
        g->waiters--;
        r->gil_now--;
    }
    if (state == TL_W_WAIT_GIL) {
        g->waiters++;
        r->gil_now++;
    }
    if (x->state == TL_W_WAIT_GIL || state == TL_W_WAIT_GIL || g->holder == w)
        rd__mark(r, RD_GIL, (size_t)x->proc);
    /* a request shows its worker's step, and a core its worker's request */
    if (x->req >= 0)
        rd__mark(r, RD_REQUEST, (size_t)x->req);
    x->state = (uint8_t)state;
    x->req = req;
    rd__mark(r, RD_WORKER, (size_t)w);
    if (x->core >= 0)
        rd__mark(r, RD_CORE, (size_t)x->core);
}

void rd__set_step(rd_reader *r, int32_t w, int32_t step, int32_t line)
{
    rd_worker *x = &r->w[w];
    if (step < 0) {
        step = -1;
        line = 0;
    }
    if (x->step == step && x->line == line)
        return;
    x->step = step;
    x->line = line;
    rd__mark(r, RD_WORKER, (size_t)w);
    if (x->req >= 0)
        rd__mark(r, RD_REQUEST, (size_t)x->req);
}

void rd__leave_core(rd_reader *r, int32_t w)
{
    rd_worker *x = &r->w[w];
    if (x->core < 0)
        return;
    rd_core *c = &r->cores[x->core];
    c->occupant = -1;
    c->switching = false;
    r->core_gen[x->core]++;
    r->busy_now--;
    rd__mark(r, RD_CORE, (size_t)x->core);
    x->core = -1;
    rd__mark(r, RD_WORKER, (size_t)w);
}

/* A loop thread is doing loop work (phases, picking a task, a timer): it runs if it
 * holds a core, else it has work but no core. */
void rd__loop_active(rd_reader *r, int32_t w, int32_t req)
{
    rd__w_set(r, w, r->w[w].core >= 0 ? TL_W_RUNNING : TL_W_READY, req);
}

/* ---- spawn ------------------------------------------------------------------------------- */

/* Room for workers [0, n). */
static bool reserve_workers(rd_reader *r, size_t n)
{
    if (sim_grow((void **)&r->w, &r->cap_w, n, sizeof *r->w) < 0)
        return rd__fail(r, SIM_ENOMEM);
    for (size_t i = r->nw; i < n; i++)
        r->w[i] = (rd_worker){.req = -1, .step = -1, .core = -1, .loop = -1};
    r->nw = n;
    return r->changed == NULL || rd__mark_room(r, RD_WORKER, r->cap_w);
}

void rd__on_spawn(rd_reader *r, const trace_event *ev)
{
    int32_t w = ev->worker;
    /* the engine numbers new workers densely and reuses the indices of exited ones */
    if (w < 0 || (size_t)w > r->nw || ev->a < 0 || (size_t)ev->a >= r->shape.processes ||
        ev->b > TRACE_WORKER_POOL)
        return (void)rd__fail(r, SIM_EINVAL);
    if ((size_t)w >= r->nw && !reserve_workers(r, (size_t)w + 1))
        return;
    rd_worker *x = &r->w[w];
    if (!x->spawned) {
        if (ev->b == TRACE_WORKER_LOOP) {
            if ((size_t)r->nloops_seen >= r->shape.loops)
                return (void)rd__fail(r, SIM_EINVAL);
            int32_t loop = r->nloops_seen++;
            /* a process's first loop is its event loop, the others its workers */
            r->loops[loop] = (rd_loop){.worker = w, .process = ev->a, .is_worker = ev->x > 0};
            x->loop = loop;
            rd__mark(r, RD_PHASE, (size_t)loop);
        }
        x->number = ev->x;
        x->spawned_at = r->now;
    }
    x->spawned = true;
    x->kind = ev->b;
    x->proc = ev->a;
    rd__leave_core(r, w);
    rd__set_step(r, w, -1, 0);
    rd__w_set(r, w, TL_W_IDLE, -1);
    rd__mark(r, RD_WORKER, (size_t)w);
}

/* ---- cores and the GIL -------------------------------------------------------------------- */

void rd__on_run(rd_reader *r, const trace_event *ev)
{
    int32_t w = ev->worker;
    rd_worker *x = rd__worker(r, w);
    if (x == NULL || ev->x < 0 || (uint64_t)ev->x >= r->shape.cores)
        return (void)rd__fail(r, SIM_EINVAL);
    int32_t c = (int32_t)ev->x;
    rd_core *core = &r->cores[c];
    if (x->core != c) {
        rd__leave_core(r, w);
        if (core->occupant >= 0)
            rd__leave_core(r, core->occupant);
        int64_t cs = ev->b != 0 ? r->context_switch : 0; /* it paid a context switch first */
        core->occupant = w;
        r->core_gen[c]++;
        core->switching = cs > 0;
        r->busy_now++;
        x->core = c;
        int64_t end;
        if (__builtin_add_overflow(r->now, cs, &end))
            return (void)rd__fail(r, SIM_EOVERFLOW);
        if (cs > 0 && heap_push(&r->ends, end, 0, (uint32_t)c, r->core_gen[c]) < 0)
            return (void)rd__fail(r, SIM_ENOMEM);
    }
    rd__mark(r, RD_CORE, (size_t)c);
    rd__w_set(r, w, TL_W_RUNNING, ev->req);
    rd__set_step(r, w, ev->a, ev->c);
}

void rd__switch_ends(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t))
{
    const heap_event *top;
    if (heap_size(&r->ends) == 0)
        return;
    while (r->err == 0 && (top = heap_peek(&r->ends)) != NULL && top->t <= t) {
        heap_event e;
        heap_pop(&r->ends, &e);
        if (r->core_gen[e.id] != e.gen || !r->cores[e.id].switching)
            continue;
        rd__move_to(r, e.t, at);
        r->cores[e.id].switching = false;
        rd__mark(r, RD_CORE, e.id);
    }
}

void rd__on_gil(rd_reader *r, const trace_event *ev)
{
    rd_worker *x = rd__worker(r, ev->worker);
    if (x == NULL)
        return;
    if (ev->a < 0 || (size_t)ev->a >= r->shape.processes || ev->a != x->proc)
        return (void)rd__fail(r, SIM_EINVAL);
    rd_gil *g = &r->gils[ev->a];
    rd__mark(r, RD_GIL, (size_t)ev->a);
    switch (ev->kind) {
    case TRACE_GIL_WAIT:
        rd__leave_core(r, ev->worker);
        rd__w_set(r, ev->worker, TL_W_WAIT_GIL, ev->req);
        break;
    case TRACE_GIL_ACQUIRE:
        g->holder = ev->worker;
        g->drop = false;
        rd__w_set(r, ev->worker, x->core >= 0 ? TL_W_RUNNING : TL_W_READY, ev->req);
        break;
    case TRACE_GIL_RELEASE:
        if (g->holder == ev->worker)
            g->holder = -1;
        break;
    default: /* drop request */ g->drop = true; break;
    }
}

/* ---- other worker events ------------------------------------------------------------------ */

void rd__on_worker_event(rd_reader *r, const trace_event *ev)
{
    int32_t w = ev->worker;
    const rd_worker *x = &r->w[w];
    switch (ev->kind) {
    case TRACE_READY:
        rd__leave_core(r, w);
        rd__w_set(r, w, TL_W_READY, ev->req);
        rd__set_step(r, w, ev->a, ev->c);
        break;
    case TRACE_PREEMPT:
        rd__leave_core(r, w);
        rd__w_set(r, w, TL_W_READY, ev->req);
        break;
    case TRACE_STEP: rd__set_step(r, w, ev->a, ev->c); break;
    case TRACE_BLOCK:
        rd__leave_core(r, w);
        /* a loop's block without a step is its wait in poll; with one, a
         * blocking sleep inside a callback, which waits like a thread's */
        if (x->kind == TRACE_WORKER_LOOP && ev->a < 0) {
            rd__w_set(r, w, TL_W_WAITING, -1);
            rd__set_step(r, w, -1, 0);
            rd__set_running(r, x->loop, -1);
        } else {
            rd__w_set(r, w, TL_W_WAIT_IO, ev->req);
            rd__set_step(r, w, ev->a, ev->c);
        }
        break;
    case TRACE_IDLE:
        rd__leave_core(r, w);
        rd__set_running(r, x->loop, -1);
        rd__w_set(r, w, TL_W_IDLE, -1);
        rd__set_step(r, w, -1, 0);
        break;
    case TRACE_EXIT:
        /* a per-request thread ends; a later spawn may reuse its index */
        rd__leave_core(r, w);
        rd__set_running(r, x->loop, -1);
        rd__w_set(r, w, TL_W_ABSENT, -1);
        rd__set_step(r, w, -1, 0);
        break;
    case TRACE_PHASE:
        if (x->loop < 0 || ev->a < 0 || ev->a >= TRACE_PHASE_COUNT)
            return (void)rd__fail(r, SIM_EINVAL);
        r->phase[x->loop] = (uint8_t)ev->a;
        rd__mark(r, RD_PHASE, (size_t)x->loop);
        rd__set_running(r, x->loop, -1);
        rd__loop_active(r, w, -1);
        rd__set_step(r, w, -1, 0);
        break;
    default: break;
    }
}
