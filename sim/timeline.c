/* timeline.c - building a timeline: reading a trace event by event.
 *
 * The build replays the trace once, in order, keeping what each worker, core, GIL,
 * queue and request is doing (timeline.h gives the rules), and records a lane's
 * new interval whenever what it shows has changed by the end of an instant. It
 * never re-simulates: every state comes from an event, except two things the trace
 * leaves implicit and that follow from it exactly: when a context switch ends (the
 * machine's cost after a `run` on a core that last ran someone else) and when a
 * worker that keeps its core finishes one op and starts the next (timeline_steps.c).
 *
 * Work: O(events + intervals) plus a program rebuild when a worker turns to
 * another request, and a sort of the latencies at the end.
 */
#include "timeline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

enum { LOOPQ_COUNT = 6, PROCQ_COUNT = 3 };

/* ---- small helpers ----------------------------------------------------------------- */

bool tl__fail(tl__builder *b, int err)
{
    if (b->err == 0)
        b->err = err;
    return false;
}

#define fail tl__fail

/* The worker an event names, which must have been spawned; NULL (and an error) if not. */
static tl__worker *worker(tl__builder *b, int32_t w)
{
    if (w < 0 || (size_t)w >= b->nw || !b->w[w].spawned) {
        fail(b, SIM_EINVAL);
        return NULL;
    }
    return &b->w[w];
}

static bool req_ok(tl__builder *b, int32_t req, bool none_ok)
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
static void req_part(tl__builder *b, int32_t req, int s, int delta, int32_t w)
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
static void w_set(tl__builder *b, int32_t w, int state, int32_t req)
{
    tl__worker *x = &b->w[w];
    if (x->state == state && x->req == req)
        return;
    int old = req_side(x->state), now = req_side(state);
    if (old >= 0)
        req_part(b, x->req, old, -1, w);
    if (now >= 0)
        req_part(b, req, now, 1, w);
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
static void leave_core(tl__builder *b, int32_t w)
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
static void loop_active(tl__builder *b, int32_t w, int32_t req)
{
    w_set(b, w, b->w[w].on_core ? TL_W_RUNNING : TL_W_READY, req);
}

/* ---- queues --------------------------------------------------------------------------- */

static int loopq_index(int q)
{
    switch (q) {
    case TRACE_QUEUE_NEXT_TICK:
        return 0;
    case TRACE_QUEUE_MICROTASK:
        return 1;
    case TRACE_QUEUE_TIMERS:
        return 2;
    case TRACE_QUEUE_POLL:
        return 3;
    case TRACE_QUEUE_CHECK:
        return 4;
    case TRACE_QUEUE_READY:
        return 5;
    default:
        return -1;
    }
}

static int procq_index(int q)
{
    return q == TRACE_QUEUE_ACCEPT ? 0 : q == TRACE_QUEUE_THREADPOOL ? 1 : q == TRACE_QUEUE_WORKER ? 2 : -1;
}

int64_t timeline_queue_lane(const timeline *tl, int queue, int32_t owner)
{
    int li = loopq_index(queue), pi = procq_index(queue);
    if (owner < 0)
        return -1;
    if (li >= 0)
        return (size_t)owner < tl->nloops ? (int64_t)owner * LOOPQ_COUNT + li : -1;
    if (pi >= 0)
        return (size_t)owner < tl->nproc ? (int64_t)(tl->qlane_procs + (size_t)owner * PROCQ_COUNT + (size_t)pi) : -1;
    if (queue == TRACE_QUEUE_DEVICE && (size_t)owner < tl->ndevices)
        return (int64_t)(tl->qlane_procs + tl->nproc * PROCQ_COUNT + (size_t)owner);
    return -1;
}

static void q_add(tl__builder *b, int queue, int32_t owner, int delta)
{
    int64_t lane = timeline_queue_lane(b->tl, queue, owner);
    if (lane < 0) {
        fail(b, SIM_EINVAL);
        return;
    }
    b->qlen[lane] += delta;
    if (b->qlen[lane] < 0)
        b->qlen[lane] = 0;
    tl__mark(b, TL_LANE_QUEUE, (size_t)lane);
}

static int32_t loop_of(tl__builder *b, int32_t w)
{
    int32_t l = b->w[w].loop;
    if (l < 0)
        fail(b, SIM_EINVAL);
    return l;
}

/* ---- series: loop lag, completions, the log ------------------------------------------------ */

static void lag_sample(tl__builder *b, int64_t lag)
{
    timeline *tl = b->tl;
    size_t n = tl->nlag;
    if (n == b->cap_lag) {
        size_t cap = n ? n * 2 : 64;
        int64_t *v[3] = {realloc(tl->lag_t, cap * sizeof(int64_t)), NULL, NULL};
        if (v[0] != NULL)
            tl->lag_t = v[0];
        v[1] = v[0] ? realloc(tl->lag_sum, cap * sizeof(int64_t)) : NULL;
        if (v[1] != NULL)
            tl->lag_sum = v[1];
        v[2] = v[1] ? realloc(tl->lag_max, cap * sizeof(int64_t)) : NULL;
        if (v[2] == NULL)
            return (void)fail(b, SIM_ENOMEM);
        tl->lag_max = v[2];
        b->cap_lag = cap;
    }
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
    size_t cap = b->cap_done;
    if (!tl__grow(b, (void **)&tl->done_t, &b->cap_done, n, sizeof *tl->done_t))
        return;
    if (b->cap_done != cap) {
        int64_t *lat = realloc(b->lat, b->cap_done * sizeof *lat);
        if (lat == NULL) {
            fail(b, SIM_ENOMEM);
            return;
        }
        b->lat = lat;
    }
    tl->done_t[n] = b->now;
    b->lat[n] = ev->x;
    tl->ndone = n + 1;
    tl__req *r = &b->reqs[ev->req];
    r->done = true;
    tl__mark(b, TL_LANE_REQUEST, (size_t)ev->req);
    tl__task_req_done(b, ev->req);
    if (ev->worker < 0)
        return;
    tl__worker *x = worker(b, ev->worker);
    if (x == NULL)
        return;
    tl__step_forget(b, ev->worker);
    if (x->kind == TRACE_WORKER_LOOP) {
        /* the task ended; the loop goes on with its next one */
        w_set(b, ev->worker, x->state, -1);
        return;
    }
    /* a thread goes back to accept(), giving up its core; a per-request one exits */
    leave_core(b, ev->worker);
    w_set(b, ev->worker, b->rt.per_request ? TL_W_ABSENT : TL_W_IDLE, -1);
}

static void on_log(tl__builder *b, const trace_event *ev)
{
    timeline *tl = b->tl;
    if (ev->a < 0 || (size_t)ev->a >= b->scn->nstrings) {
        fail(b, SIM_EINVAL);
        return;
    }
    if (!tl__grow(b, (void **)&tl->log, &b->cap_log, tl->nlog, sizeof *tl->log))
        return;
    tl->log[tl->nlog++] = (sim_log_line){.t = b->now, .req = ev->req, .text = ev->a};
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
        if (info == NULL)
            return fail(b, SIM_ENOMEM), SIM_ENOMEM;
        b->tl->workers = info;
        b->cap_w = cap;
    }
    if (tl__lanes_reserve(b, TL_LANE_WORKER, n) < 0)
        return fail(b, SIM_ENOMEM), SIM_ENOMEM;
    for (size_t i = b->nw; i < n; i++)
        b->w[i] = (tl__worker){.req = -1, .step = -1, .core = -1, .loop = -1, .prog_req = -1,
                               .op_left = -1, .job = -1, .post = {.req = -1}};
    b->nw = n;
    return 0;
}

static void on_spawn(tl__builder *b, const trace_event *ev)
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
    w_set(b, w, TL_W_IDLE, -1);
}

/* ---- the GIL, cores ------------------------------------------------------------------------ */

static void on_gil(tl__builder *b, const trace_event *ev)
{
    tl__worker *x = worker(b, ev->worker);
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
        leave_core(b, ev->worker);
        w_set(b, ev->worker, TL_W_WAIT_GIL, ev->req);
        break;
    case TRACE_GIL_ACQUIRE:
        g->holder = ev->worker;
        g->drop = false;
        w_set(b, ev->worker, x->on_core ? TL_W_RUNNING : TL_W_READY, ev->req);
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

static void on_run(tl__builder *b, const trace_event *ev)
{
    int32_t w = ev->worker;
    tl__worker *x = worker(b, w);
    if (x == NULL || ev->x < 0 || (uint64_t)ev->x >= b->tl->ncores)
        return (void)fail(b, SIM_EINVAL);
    int32_t c = (int32_t)ev->x;
    tl__core *core = &b->cores[c];
    int64_t cs = 0;
    if (!(x->on_core && x->core == c)) {
        leave_core(b, w);
        if (core->occupant >= 0)
            leave_core(b, core->occupant);
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
        if (cs > 0 && heap_push(&b->ends, b->now + cs, 1, (uint32_t)c, core->gen) < 0)
            fail(b, SIM_ENOMEM);
    }
    tl__mark(b, TL_LANE_CORE, (size_t)c);
    w_set(b, w, TL_W_RUNNING, ev->req);
    tl__step_pin(b, w, ev->req, ev->a, true, cs);
}

/* ---- enqueue / dequeue -------------------------------------------------------------------- */

static void on_enqueue(tl__builder *b, const trace_event *ev)
{
    int q = ev->a;
    if (q == TRACE_QUEUE_ACCEPT) {
        int32_t owner = b->rt.shared_accept ? 0 : (int32_t)((b->arrivals - 1) % (int64_t)b->tl->nproc);
        q_add(b, q, owner, 1);
        req_part(b, ev->req, TL_R_QUEUED, 1, -1);
        return;
    }
    if (q == TRACE_QUEUE_DEVICE) {
        q_add(b, q, (int32_t)ev->x, 1);
        req_part(b, ev->req, TL_R_WAIT_IO, 1, -1);
        return;
    }
    if (worker(b, ev->worker) == NULL)
        return;
    req_part(b, ev->req, TL_R_QUEUED, 1, -1);
    if (procq_index(q) >= 0) {
        q_add(b, q, b->w[ev->worker].proc, 1);
        if (ev->x < 0 || ev->x > INT32_MAX || !tl__task_reserve(b, -1, ev->x))
            return (void)fail(b, SIM_EINVAL);
        if (b->w[ev->worker].loop >= 0)
            tl__task_enqueued(b, ev->worker, q, ev->x, ev->req);
        return;
    }
    int32_t l = loop_of(b, ev->worker);
    if (l < 0)
        return;
    q_add(b, q, l, 1);
    int64_t k = ev->x;
    if (k < 0 || k > INT32_MAX || !tl__task_reserve(b, k, -1))
        return (void)fail(b, SIM_EINVAL);
    tl__loopb *L = &b->lb[l];
    if (q == TRACE_QUEUE_POLL)
        b->ready_at[k] = b->now; /* a completion or an arrival: ready now (loop lag) */
    if (q == TRACE_QUEUE_READY && L->carry >= 0) {
        b->ready_at[k] = L->carry;
        L->carry = -1;
    }
    if (q == TRACE_QUEUE_READY && L->expect >= 0) {
        /* asyncio: what the selector or a hop hands on is its task, or a hop to it */
        if (k != L->expect) {
            b->hop_target[k] = L->expect;
            b->task_start[k].req = -1;
        }
        L->expect = -1;
        return;
    }
    tl__task_enqueued(b, ev->worker, q, k, ev->req);
}

/* A loop takes task k of request req from one of its queues. */
static void loop_dequeue(tl__builder *b, const trace_event *ev, int32_t l)
{
    int32_t w = ev->worker;
    int64_t k = ev->x;
    if (k < 0 || (size_t)k >= b->cap_tasks)
        return (void)fail(b, SIM_EINVAL);
    bool asyncio = b->rt.asyncio;
    tl__loopb *L = &b->lb[l];
    if (asyncio && ev->a == TRACE_QUEUE_POLL) {
        /* the selector reports it; it goes on to the ready queue */
        L->carry = b->ready_at[k];
        b->ready_at[k] = -1;
        L->expect = (int32_t)k;
        loop_active(b, w, -1);
        tl__step_forget(b, w);
        return;
    }
    if (b->ready_at[k] >= 0) {
        lag_sample(b, b->now - b->ready_at[k]);
        b->ready_at[k] = -1;
    }
    if (asyncio && b->hop_target[k] >= 0) {
        /* a future's done callback: it only schedules its task */
        L->expect = b->hop_target[k];
        b->hop_target[k] = -1;
        loop_active(b, w, -1);
        tl__step_forget(b, w);
        return;
    }
    loop_active(b, w, ev->req);
    tl__req *r = &b->reqs[ev->req];
    tl__task_begin(b, w, k, ev->req, !r->started);
    r->started = true;
}

static void on_dequeue(tl__builder *b, const trace_event *ev)
{
    int q = ev->a;
    if (q == TRACE_QUEUE_DEVICE) {
        q_add(b, q, (int32_t)ev->x, -1);
        req_part(b, ev->req, TL_R_WAIT_IO, -1, -1);
        return;
    }
    tl__worker *x = worker(b, ev->worker);
    if (x == NULL)
        return;
    req_part(b, ev->req, TL_R_QUEUED, -1, -1);
    if (q == TRACE_QUEUE_ACCEPT || q == TRACE_QUEUE_THREADPOOL) {
        q_add(b, q, q == TRACE_QUEUE_ACCEPT && b->rt.shared_accept ? 0 : x->proc, -1);
        w_set(b, ev->worker, x->on_core ? TL_W_RUNNING : TL_W_READY, ev->req);
        if (q == TRACE_QUEUE_ACCEPT)
            tl__step_start(b, ev->worker, ev->req);
        else if (ev->x >= 0 && ev->x <= INT32_MAX && tl__task_reserve(b, -1, ev->x))
            tl__task_job(b, ev->worker, ev->x, ev->req);
        return;
    }
    if (q == TRACE_QUEUE_WORKER) {
        /* the worker loop gets a message (it may be asleep); the job becomes its
         * next poll entry */
        q_add(b, q, x->proc, -1);
        int32_t l = loop_of(b, ev->worker);
        if (l < 0 || ev->x < 0 || ev->x > INT32_MAX || !tl__task_reserve(b, -1, ev->x))
            return (void)fail(b, SIM_EINVAL);
        tl__task_worker_job(b, ev->worker, ev->x);
        return;
    }
    int32_t l = loop_of(b, ev->worker);
    if (l < 0)
        return;
    q_add(b, q, l, -1);
    loop_dequeue(b, ev, l);
}

/* ---- timers -------------------------------------------------------------------------------- */

static void on_timer(tl__builder *b, const trace_event *ev)
{
    tl__worker *x = worker(b, ev->worker);
    if (x == NULL)
        return;
    if (x->kind != TRACE_WORKER_LOOP) {
        /* a thread's sleep: block already said WAIT_IO; waking makes it runnable */
        if (ev->kind == TRACE_TIMER_FIRE) {
            w_set(b, ev->worker, TL_W_READY, ev->req);
            tl__step_resume(b, ev->worker);
        }
        return;
    }
    int32_t l = x->loop;
    tl__loopb *L = &b->lb[l];
    if (ev->kind == TRACE_TIMER_ARM) {
        uint32_t id;
        uint64_t gen;
        tl__task_timer_armed(b, ev->worker, ev->req, &id, &gen);
        if (heap_push(&L->timers, ev->x, 0, id, gen) < 0)
            fail(b, SIM_ENOMEM);
        q_add(b, TRACE_QUEUE_TIMERS, l, 1);
        req_part(b, ev->req, TL_R_WAIT_IO, 1, -1);
        return;
    }
    /* timers fire in (due, order armed), as the loop's own heap orders them */
    heap_event due;
    if (!heap_pop(&L->timers, &due))
        return (void)fail(b, SIM_EINVAL);
    q_add(b, TRACE_QUEUE_TIMERS, l, -1);
    req_part(b, ev->req, TL_R_WAIT_IO, -1, -1);
    if (b->rt.asyncio) {
        L->carry = due.t; /* it joins the ready queue next */
        loop_active(b, ev->worker, -1);
    } else {
        lag_sample(b, b->now - due.t); /* Node runs it at once */
        loop_active(b, ev->worker, ev->req);
    }
    tl__task_timer_fired(b, ev->worker, ev->req, due.id, due.gen);
}

/* ---- one event ------------------------------------------------------------------------------- */

static bool worker_event_ok(tl__builder *b, const trace_event *ev)
{
    return worker(b, ev->worker) != NULL && req_ok(b, ev->req, true);
}

static void on_worker_event(tl__builder *b, const trace_event *ev)
{
    int32_t w = ev->worker;
    tl__worker *x = &b->w[w];
    switch (ev->kind) {
    case TRACE_READY:
    case TRACE_PREEMPT:
        leave_core(b, w);
        w_set(b, w, TL_W_READY, ev->req);
        break;
    case TRACE_BLOCK:
        leave_core(b, w);
        if (x->kind == TRACE_WORKER_LOOP) {
            w_set(b, w, TL_W_WAITING, -1);
            tl__step_forget(b, w);
            tl__task_loop_idle(b, w);
        } else {
            w_set(b, w, TL_W_WAIT_IO, ev->req);
            tl__step_pin(b, w, ev->req, ev->a, false, 0);
        }
        break;
    case TRACE_IDLE:
        leave_core(b, w);
        w_set(b, w, TL_W_IDLE, -1);
        tl__step_forget(b, w);
        break;
    case TRACE_PHASE:
        if (x->loop < 0 || ev->a < 0 || ev->a >= TRACE_PHASE_COUNT)
            return (void)fail(b, SIM_EINVAL);
        b->phase[x->loop] = (uint8_t)ev->a;
        tl__mark(b, TL_LANE_PHASE, (size_t)x->loop);
        loop_active(b, w, -1);
        tl__step_forget(b, w);
        tl__task_loop_idle(b, w);
        break;
    default:
        break;
    }
}

static void on_io(tl__builder *b, const trace_event *ev)
{
    if (!req_ok(b, ev->req, false) || ev->a < -1 || ev->a >= (int32_t)b->tl->ndevices)
        return (void)fail(b, SIM_EINVAL);
    bool start = ev->kind == TRACE_IO_START;
    req_part(b, ev->req, TL_R_WAIT_IO, start ? 1 : -1, -1);
    if (ev->worker < 0) {
        tl__task_io(b, ev); /* a loop's */
        return;
    }
    if (worker(b, ev->worker) == NULL)
        return;
    if (start) {
        tl__step_check_io(b, ev->worker, ev->x);
    } else {
        w_set(b, ev->worker, TL_W_READY, ev->req); /* back from I/O, about to go on */
        tl__step_resume(b, ev->worker);
    }
}

static void on_event(tl__builder *b, const trace_event *ev)
{
    switch (ev->kind) {
    case TRACE_SPAWN:
        on_spawn(b, ev);
        return;
    case TRACE_ARRIVE:
        if (!req_ok(b, ev->req, false))
            return;
        b->reqs[ev->req].arrived = true;
        b->arrivals++;
        tl__mark(b, TL_LANE_REQUEST, (size_t)ev->req);
        if (tl__grow(b, (void **)&b->tl->arrive_t, &b->cap_arrive, b->tl->narrive,
                     sizeof *b->tl->arrive_t))
            b->tl->arrive_t[b->tl->narrive++] = b->now;
        return;
    case TRACE_ENQUEUE:
    case TRACE_DEQUEUE:
        if (!req_ok(b, ev->req, false) || ev->a < 0 || ev->a >= TRACE_QUEUE_COUNT)
            return (void)fail(b, SIM_EINVAL);
        if (ev->kind == TRACE_ENQUEUE)
            on_enqueue(b, ev);
        else
            on_dequeue(b, ev);
        return;
    case TRACE_IO_START:
    case TRACE_IO_DONE:
        on_io(b, ev);
        return;
    case TRACE_DONE:
        if (req_ok(b, ev->req, false))
            on_done(b, ev);
        return;
    default:
        break;
    }
    if (!worker_event_ok(b, ev))
        return;
    switch (ev->kind) {
    case TRACE_RUN:
        on_run(b, ev);
        break;
    case TRACE_GIL_WAIT:
    case TRACE_GIL_ACQUIRE:
    case TRACE_GIL_RELEASE:
    case TRACE_GIL_DROP_REQUEST:
        on_gil(b, ev);
        break;
    case TRACE_LOG:
        on_log(b, ev);
        break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_FIRE:
        on_timer(b, ev);
        break;
    default:
        on_worker_event(b, ev);
        break;
    }
}

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
    tl->qlane_procs = tl->nloops * LOOPQ_COUNT;
    size_t nq = tl->qlane_procs + tl->nproc * PROCQ_COUNT + tl->ndevices;

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
        on_event(&b, ev);
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
