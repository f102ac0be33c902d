/* reader_events.c - every event's effect on requests, queues, timers, I/O and
 * memory while a run is read, and the dispatch of each event to its handler.
 */
#include "reader_internal.h"

#include "error.h"

/* ---- queues ------------------------------------------------------------------------------- */

static void q_add(rd_reader *r, int64_t slot, int delta)
{
    if (slot < 0)
        return (void)rd__fail(r, SIM_EINVAL);
    r->qlen[slot] += delta;
    if (r->qlen[slot] < 0)
        r->qlen[slot] = 0;
    rd__mark(r, RD_QUEUE, (size_t)slot);
}

/* The slot of a queue event's queue, from the event. */
static int64_t queue_slot(rd_reader *r, const trace_event *ev)
{
    int q = ev->b;
    int32_t owner;
    if (q == TRACE_QUEUE_ACCEPT) {
        owner = ev->x >= 0 && ev->x <= INT32_MAX ? (int32_t)ev->x : -1;
    } else if (q == TRACE_QUEUE_DEVICE) {
        owner = ev->a;
    } else {
        const rd_worker *x = rd__worker(r, ev->worker);
        if (x == NULL)
            return -1;
        bool per_process = q == TRACE_QUEUE_THREADPOOL || q == TRACE_QUEUE_WORKER;
        owner = per_process ? x->proc : x->loop;
    }
    return rd_queue_slot(&r->shape, q, owner);
}

static void on_enqueue(rd_reader *r, const trace_event *ev)
{
    int q = ev->b;
    q_add(r, queue_slot(r, ev), 1);
    if (q == TRACE_QUEUE_DEVICE) {
        r->reqs[ev->req].device = ev->a;
        rd__req_part(r, ev->req, TL_R_WAIT_IO, 1, -1);
        return;
    }
    rd__req_part(r, ev->req, TL_R_QUEUED, 1, -1);
    if (q == TRACE_QUEUE_ACCEPT)
        r->reqs[ev->req].in_accept = true;
}

static void on_dequeue(rd_reader *r, const trace_event *ev)
{
    int q = ev->b;
    int64_t slot = queue_slot(r, ev);
    if (q == TRACE_QUEUE_DEVICE) {
        q_add(r, slot, -1);
        rd__req_part(r, ev->req, TL_R_WAIT_IO, -1, -1);
        return;
    }
    const rd_worker *x = rd__worker(r, ev->worker);
    if (x == NULL)
        return;
    rd__req *req = &r->reqs[ev->req];
    /* an idle thread that takes an arriving request at once dequeues it too, from
     * an accept queue it never entered */
    if (q != TRACE_QUEUE_ACCEPT || req->in_accept) {
        rd__req_part(r, ev->req, TL_R_QUEUED, -1, -1);
        q_add(r, slot, -1);
    }
    if (q == TRACE_QUEUE_ACCEPT || q == TRACE_QUEUE_THREADPOOL) {
        /* a thread takes a request, or a pool thread a job */
        req->in_accept = false;
        rd__w_set(r, ev->worker, x->core >= 0 ? TL_W_RUNNING : TL_W_READY, ev->req);
        return;
    }
    if (q == TRACE_QUEUE_WORKER)
        return; /* a message to a worker's loop: its task comes through its poll queue */
    /* the request's callback runs now, unless the loop only hands the item on
     * (asyncio's selector) or runs a hop (a call_soon that wakes a task) */
    rd__loop_active(r, ev->worker, ev->c == TRACE_TAKE_RUN ? ev->req : -1);
    rd__set_running(r, x->loop, ev->c == TRACE_TAKE_HANDOFF ? -1 : q);
}

/* ---- timers, I/O, completion ------------------------------------------------------------------ */

static void on_timer(rd_reader *r, const trace_event *ev)
{
    const rd_worker *x = &r->w[ev->worker];
    if (x->kind != TRACE_WORKER_LOOP) {
        /* a thread's sleep: block already said WAIT_IO; waking makes it runnable */
        if (ev->kind == TRACE_TIMER_FIRE)
            rd__w_set(r, ev->worker, TL_W_READY, ev->req);
        return;
    }
    bool arm = ev->kind == TRACE_TIMER_ARM;
    q_add(r, rd_queue_slot(&r->shape, TRACE_QUEUE_TIMERS, x->loop), arm ? 1 : -1);
    rd__req_part(r, ev->req, TL_R_WAIT_IO, arm ? 1 : -1, -1);
    if (!arm) /* its callback runs now (`starts`), or it joins a ready queue */
        rd__loop_active(r, ev->worker, ev->b != 0 ? ev->req : -1);
    if (!arm && ev->b != 0)
        rd__set_running(r, x->loop, TRACE_QUEUE_TIMERS);
}

static void on_io(rd_reader *r, const trace_event *ev)
{
    if (!rd__req_ok(r, ev->req, false) || ev->a < -1 ||
        (ev->a >= 0 && (size_t)ev->a >= r->shape.devices))
        return (void)rd__fail(r, SIM_EINVAL);
    bool start = ev->kind == TRACE_IO_START;
    rd__req_part(r, ev->req, TL_R_WAIT_IO, start ? 1 : -1, -1);
    if (start)
        r->reqs[ev->req].device = ev->a;
    if (ev->a >= 0)
        q_add(r, rd_inflight_slot(&r->shape, (size_t)ev->a), start ? 1 : -1);
    if (ev->worker < 0) /* a loop's: its callback comes through the poll queue */
        return;
    if (rd__worker(r, ev->worker) != NULL && !start)
        rd__w_set(r, ev->worker, TL_W_READY, ev->req); /* back from I/O, about to go on */
}

static void on_done(rd_reader *r, const trace_event *ev)
{
    r->reqs[ev->req].done = true;
    rd__mark(r, RD_REQUEST, (size_t)ev->req);
    if (ev->worker < 0)
        return;
    const rd_worker *x = rd__worker(r, ev->worker);
    if (x == NULL)
        return;
    rd__set_step(r, ev->worker, -1, 0);
    if (x->kind == TRACE_WORKER_LOOP) {
        rd__w_set(r, ev->worker, x->state, -1); /* the task ended; the loop goes on */
        rd__set_running(r, x->loop, -1);
        return;
    }
    /* a thread goes back to accept(), giving up its core (or exits: `exit`) */
    rd__leave_core(r, ev->worker);
    rd__w_set(r, ev->worker, TL_W_IDLE, -1);
}

/* ---- one event ------------------------------------------------------------------------------- */

void rd__on_event(rd_reader *r, const trace_event *ev)
{
    switch (ev->kind) {
    case TRACE_SPAWN: rd__on_spawn(r, ev); return;
    case TRACE_ARRIVE:
        if (rd__req_ok(r, ev->req, false)) {
            r->reqs[ev->req].arrived = true;
            rd__mark(r, RD_REQUEST, (size_t)ev->req);
        }
        return;
    case TRACE_MEMORY:
        r->memory = ev->x;
        rd__mark(r, RD_MEMORY, 0);
        return;
    case TRACE_ENQUEUE:
    case TRACE_DEQUEUE:
        if (!rd__req_ok(r, ev->req, false) || ev->b >= TRACE_QUEUE_COUNT)
            return (void)rd__fail(r, SIM_EINVAL);
        if (ev->kind == TRACE_ENQUEUE)
            on_enqueue(r, ev);
        else
            on_dequeue(r, ev);
        return;
    case TRACE_IO_START:
    case TRACE_IO_DONE: on_io(r, ev); return;
    case TRACE_DONE:
        if (rd__req_ok(r, ev->req, false))
            on_done(r, ev);
        return;
    case TRACE_CALL:
        /* a call leaves for a service: its wait is the io_start before it; an event
         * loop's call names no worker */
        rd__req_ok(r, ev->req, false);
        return;
    default: break;
    }
    /* every other kind names a spawned worker */
    if (rd__worker(r, ev->worker) == NULL || !rd__req_ok(r, ev->req, true))
        return;
    switch (ev->kind) {
    case TRACE_RUN: rd__on_run(r, ev); break;
    case TRACE_GIL_WAIT:
    case TRACE_GIL_ACQUIRE:
    case TRACE_GIL_RELEASE:
    case TRACE_GIL_DROP_REQUEST: rd__on_gil(r, ev); break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_FIRE: on_timer(r, ev); break;
    case TRACE_LOG: break;
    default: rd__on_worker_event(r, ev); break;
    }
}
