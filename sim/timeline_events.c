/* timeline_events.c - requests, queues, timers and I/O while the timeline is built.
 *
 * Arrivals and completions, the log, every queue's length (accept, the loops'
 * queues, the threadpool's and the workers', the devices'), armed timers, I/O in
 * flight, and the loop lag: how late each callback started after it was ready,
 * measured as the engine measures it (loop.c, begin_task), so that the totals
 * match the run's metrics. tl__on_event() hands every event to its handler.
 */
#include "timeline_internal.h"

#include <stdlib.h>

#include "error.h"

#define fail tl__fail

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
    switch (q) {
    case TRACE_QUEUE_ACCEPT:
        return 0;
    case TRACE_QUEUE_THREADPOOL:
        return 1;
    case TRACE_QUEUE_WORKER:
        return 2;
    default:
        return -1;
    }
}

int64_t timeline_queue_lane(const timeline *tl, int queue, int32_t owner)
{
    int li = loopq_index(queue), pi = procq_index(queue);
    size_t o = (size_t)owner;
    if (owner < 0)
        return -1;
    if (li >= 0)
        return o < tl->nloops ? (int64_t)(o * TL__LOOPQ_COUNT + (size_t)li) : -1;
    if (pi >= 0)
        return o < tl->nproc ? (int64_t)(tl->qlane_procs + o * TL__PROCQ_COUNT + (size_t)pi) : -1;
    if (queue == TRACE_QUEUE_DEVICE && o < tl->ndevices)
        return (int64_t)(tl->qlane_procs + tl->nproc * TL__PROCQ_COUNT + o);
    return -1;
}

/* The lane counting device d's operations in flight: after the device queues. */
static size_t inflight_lane(const timeline *tl, size_t d)
{
    return tl->qlane_procs + tl->nproc * TL__PROCQ_COUNT + tl->ndevices + d;
}

int64_t timeline_device_in_flight(const timeline *tl, size_t device, int64_t t)
{
    tl_span s;
    if (device >= tl->ndevices ||
        timeline_state_at(tl, TL_LANE_QUEUE, inflight_lane(tl, device), t, &s) < 0)
        return 0;
    return s.value;
}

static void inflight_add(tl__builder *b, int32_t device, int delta)
{
    size_t lane = inflight_lane(b->tl, (size_t)device);
    b->qlen[lane] += delta;
    if (b->qlen[lane] < 0)
        b->qlen[lane] = 0;
    tl__mark(b, TL_LANE_QUEUE, lane);
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
    tl__worker *x = tl__worker_at(b, ev->worker);
    if (x == NULL)
        return;
    tl__step_forget(b, ev->worker);
    if (x->kind == TRACE_WORKER_LOOP) {
        /* the task ended; the loop goes on with its next one */
        tl__w_set(b, ev->worker, x->state, -1);
        return;
    }
    /* a thread goes back to accept(), giving up its core; a per-request one exits,
     * and a thread that reuses its index is another thread: the engine charges a
     * context switch to start it even on the core it ran on (engine.c) */
    tl__leave_core(b, ev->worker);
    tl__w_set(b, ev->worker, b->rt.per_request ? TL_W_ABSENT : TL_W_IDLE, -1);
    for (size_t c = 0; b->rt.per_request && c < b->tl->ncores; c++)
        if (b->cores[c].last == ev->worker)
            b->cores[c].last = -1;
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

/* ---- enqueue / dequeue -------------------------------------------------------------------- */

static void on_enqueue(tl__builder *b, const trace_event *ev)
{
    int q = ev->a;
    if (q == TRACE_QUEUE_ACCEPT) {
        /* the request that just arrived: round robin by arrival (engine.c, arrive) */
        int64_t nproc = (int64_t)b->tl->nproc;
        int32_t owner = b->rt.shared_accept ? 0 : (int32_t)((b->arrivals - 1) % nproc);
        q_add(b, q, owner, 1);
        tl__req_part(b, ev->req, TL_R_QUEUED, 1, -1);
        b->reqs[ev->req].in_accept = true;
        return;
    }
    if (q == TRACE_QUEUE_DEVICE) {
        q_add(b, q, (int32_t)ev->x, 1);
        tl__req_part(b, ev->req, TL_R_WAIT_IO, 1, -1);
        return;
    }
    if (tl__worker_at(b, ev->worker) == NULL)
        return;
    tl__req_part(b, ev->req, TL_R_QUEUED, 1, -1);
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
        tl__loop_active(b, w, -1);
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
        tl__loop_active(b, w, -1);
        tl__step_forget(b, w);
        return;
    }
    tl__loop_active(b, w, ev->req);
    tl__req *r = &b->reqs[ev->req];
    tl__task_begin(b, w, k, ev->req, !r->started);
    r->started = true;
}

static void on_dequeue(tl__builder *b, const trace_event *ev)
{
    int q = ev->a;
    if (q == TRACE_QUEUE_DEVICE) {
        q_add(b, q, (int32_t)ev->x, -1);
        tl__req_part(b, ev->req, TL_R_WAIT_IO, -1, -1);
        return;
    }
    tl__worker *x = tl__worker_at(b, ev->worker);
    if (x == NULL)
        return;
    tl__req *r = &b->reqs[ev->req];
    /* an idle thread that takes an arriving request at once dequeues it too, from
     * an accept queue it never entered */
    bool queued = q != TRACE_QUEUE_ACCEPT || r->in_accept;
    if (queued)
        tl__req_part(b, ev->req, TL_R_QUEUED, -1, -1);
    if (q == TRACE_QUEUE_ACCEPT || q == TRACE_QUEUE_THREADPOOL) {
        if (queued)
            q_add(b, q, q == TRACE_QUEUE_ACCEPT && b->rt.shared_accept ? 0 : x->proc, -1);
        r->in_accept = false;
        tl__w_set(b, ev->worker, x->on_core ? TL_W_RUNNING : TL_W_READY, ev->req);
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
        if (x->loop < 0 || ev->x < 0 || ev->x > INT32_MAX || !tl__task_reserve(b, -1, ev->x))
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
    tl__worker *x = tl__worker_at(b, ev->worker);
    if (x == NULL)
        return;
    if (x->kind != TRACE_WORKER_LOOP) {
        /* a thread's sleep: block already said WAIT_IO; waking makes it runnable */
        if (ev->kind == TRACE_TIMER_FIRE) {
            tl__w_set(b, ev->worker, TL_W_READY, ev->req);
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
        tl__req_part(b, ev->req, TL_R_WAIT_IO, 1, -1);
        return;
    }
    /* timers fire in (due, order armed), as the loop's own heap orders them */
    heap_event due;
    if (!heap_pop(&L->timers, &due))
        return (void)fail(b, SIM_EINVAL);
    q_add(b, TRACE_QUEUE_TIMERS, l, -1);
    tl__req_part(b, ev->req, TL_R_WAIT_IO, -1, -1);
    if (b->rt.asyncio) {
        L->carry = due.t; /* it joins the ready queue next */
        tl__loop_active(b, ev->worker, -1);
    } else {
        lag_sample(b, b->now - due.t); /* Node runs it at once */
        tl__loop_active(b, ev->worker, ev->req);
    }
    tl__task_timer_fired(b, ev->worker, ev->req, due.id, due.gen);
}

/* ---- one event ------------------------------------------------------------------------------- */

static bool worker_event_ok(tl__builder *b, const trace_event *ev)
{
    return tl__worker_at(b, ev->worker) != NULL && tl__req_ok(b, ev->req, true);
}

static void on_io(tl__builder *b, const trace_event *ev)
{
    if (!tl__req_ok(b, ev->req, false) || ev->a < -1 || ev->a >= (int32_t)b->tl->ndevices)
        return (void)fail(b, SIM_EINVAL);
    bool start = ev->kind == TRACE_IO_START;
    tl__req_part(b, ev->req, TL_R_WAIT_IO, start ? 1 : -1, -1);
    if (ev->a >= 0)
        inflight_add(b, ev->a, start ? 1 : -1);
    if (ev->worker < 0) {
        tl__task_io(b, ev); /* a loop's */
        return;
    }
    if (tl__worker_at(b, ev->worker) == NULL)
        return;
    if (start) {
        tl__step_check_io(b, ev->worker, ev->x);
    } else {
        tl__w_set(b, ev->worker, TL_W_READY, ev->req); /* back from I/O, about to go on */
        tl__step_resume(b, ev->worker);
    }
}

void tl__on_event(tl__builder *b, const trace_event *ev)
{
    switch (ev->kind) {
    case TRACE_SPAWN:
        tl__on_spawn(b, ev);
        return;
    case TRACE_ARRIVE:
        if (!tl__req_ok(b, ev->req, false))
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
        if (!tl__req_ok(b, ev->req, false) || ev->a < 0 || ev->a >= TRACE_QUEUE_COUNT)
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
        if (tl__req_ok(b, ev->req, false))
            on_done(b, ev);
        return;
    default:
        break;
    }
    if (!worker_event_ok(b, ev))
        return;
    switch (ev->kind) {
    case TRACE_RUN:
        tl__on_run(b, ev);
        break;
    case TRACE_GIL_WAIT:
    case TRACE_GIL_ACQUIRE:
    case TRACE_GIL_RELEASE:
    case TRACE_GIL_DROP_REQUEST:
        tl__on_gil(b, ev);
        break;
    case TRACE_LOG:
        on_log(b, ev);
        break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_FIRE:
        on_timer(b, ev);
        break;
    default:
        tl__on_worker_event(b, ev);
        break;
    }
}

