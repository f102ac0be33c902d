/* trace_chrome_workers.c - the workers' tracks of the Chrome trace writer.
 *
 * Each worker carries only its current state (timeline.h's worker state machine:
 * the same events change it in the same way) and when that state began. When the
 * state, the request, the step or the core changes, the stretch that just ended
 * is written as one "X" span, unless it took no time or shows nothing (idle, a
 * loop blocked in poll). A span therefore ends exactly where the next one of its
 * track starts, and spans of one track never overlap. Spawns also name the tracks
 * (thread and process metadata). Memory: a few words per worker, core, process
 * and loop, grown as they appear.
 */
#include "trace_chrome_internal.h"

#include <stdlib.h>

#include "error.h"

bool chrome__fail(chrome__ctx *c, int err)
{
    if (c->err == 0)
        c->err = err;
    return false;
}

/* Room for `need` elements of `size` bytes in *p (capacity *cap). */
static bool grow(chrome__ctx *c, void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (q == NULL)
        return chrome__fail(c, SIM_ENOMEM);
    *p = q;
    *cap = n;
    return true;
}

chrome__worker *chrome__worker_at(chrome__ctx *c, int32_t w)
{
    if (w < 0 || (size_t)w >= c->nw || !c->w[w].spawned) {
        chrome__fail(c, SIM_EINVAL);
        return NULL;
    }
    return &c->w[w];
}

chrome__proc *chrome__proc_at(chrome__ctx *c, int64_t p)
{
    if (p < 0 || p >= SCN_MAX_PROCESSES) {
        chrome__fail(c, SIM_EINVAL);
        return NULL;
    }
    if ((size_t)p >= c->nprocs) {
        if (!grow(c, (void **)&c->procs, &c->cap_procs, (size_t)p + 1, sizeof *c->procs))
            return NULL;
        for (size_t i = c->nprocs; i <= (size_t)p; i++)
            c->procs[i] = (chrome__proc){0};
        c->nprocs = (size_t)p + 1;
    }
    return &c->procs[p];
}

int32_t chrome__pid(const chrome__worker *x)
{
    return x->proc + 1;
}

/* ---- spans ---------------------------------------------------------------------------- */

static const char *span_name(int state)
{
    switch (state) {
    case TL_W_RUNNING:
        return "running";
    case TL_W_READY:
        return "ready";
    case TL_W_WAIT_IO:
        return "waiting for I/O";
    case TL_W_WAIT_GIL:
        return "waiting for the GIL";
    default:
        return NULL; /* absent, idle, a loop waiting in poll: nothing to show */
    }
}

/* One of a span's args; the first opens the args object. */
static void span_arg(chrome__out *o, bool *open, const char *key, int64_t v)
{
    chrome__raw(o, *open ? ",\"" : ",\"args\":{\"");
    *open = true;
    chrome__raw(o, key);
    chrome__raw(o, "\":");
    chrome__i64(o, v);
}

/* Writes worker w's current stretch, from its start to `end`, if it shows. */
static void write_span(chrome__ctx *c, int32_t w, int64_t end)
{
    const chrome__worker *x = &c->w[w];
    const char *name = span_name(x->state);
    if (name == NULL || end <= x->since)
        return;
    chrome__out *o = &c->out;
    chrome__open(o, name, false);
    chrome__head(o, "state", "X", x->since, true, chrome__pid(x), w + 1);
    chrome__raw(o, ",\"dur\":");
    chrome__us(o, end - x->since);
    bool open = false;
    if (x->req >= 0)
        span_arg(o, &open, "req", x->req);
    if (x->step >= 0)
        span_arg(o, &open, "step", x->step);
    if (x->span_core >= 0)
        span_arg(o, &open, "core", x->span_core);
    chrome__close(o, open);
}

/* Worker w now shows `state` for request `req` at `step`: the stretch before ends. */
static void w_set(chrome__ctx *c, int32_t w, int state, int32_t req, int32_t step)
{
    chrome__worker *x = &c->w[w];
    int32_t core = state == TL_W_RUNNING ? x->core : -1;
    if (x->state == state && x->req == req && x->step == step && x->span_core == core)
        return;
    write_span(c, w, c->now);
    x->state = (uint8_t)state;
    x->req = req;
    x->step = step;
    x->span_core = core;
    x->since = c->now;
}

/* The step a worker is at if it keeps serving `req` (the same op goes on). */
static int32_t same_step(const chrome__worker *x, int32_t req)
{
    return x->req == req ? x->step : -1;
}

static void leave_core(chrome__ctx *c, int32_t w)
{
    chrome__worker *x = &c->w[w];
    if (x->core < 0)
        return;
    c->core[x->core] = -1;
    x->core = -1;
}

/* A worker with work to do: it runs if it holds a core, else it waits for one. */
static void active(chrome__ctx *c, int32_t w, int32_t req, int32_t step)
{
    w_set(c, w, c->w[w].core >= 0 ? TL_W_RUNNING : TL_W_READY, req, step);
}

void chrome__close_all(chrome__ctx *c)
{
    for (size_t w = 0; w < c->nw; w++)
        if (c->w[w].spawned)
            write_span(c, (int32_t)w, c->now);
}

/* ---- spawn and names -------------------------------------------------------------------- */

/* A metadata event: name_kind is "process_name", "thread_name", ...; its argument
 * is a string (key "name"; prefix, then the number when number > 0, then suffix)
 * or a number (key "sort_index") when prefix is NULL. */
static void meta(chrome__ctx *c, const char *name_kind, int32_t pid, int32_t tid,
                 const char *prefix, bool escape, int64_t number)
{
    chrome__out *o = &c->out;
    chrome__open(o, name_kind, false);
    chrome__head(o, NULL, "M", 0, false, pid, tid);
    if (prefix == NULL) {
        chrome__raw(o, ",\"args\":{\"sort_index\":");
        chrome__i64(o, number);
        chrome__close(o, true);
        return;
    }
    chrome__raw(o, ",\"args\":{\"name\":");
    if (escape) {
        chrome__str(o, prefix);
    } else {
        chrome__raw(o, "\"");
        chrome__raw(o, prefix);
        if (number > 0)
            chrome__i64(o, number);
        chrome__raw(o, "\"");
    }
    chrome__close(o, true);
}

/* Names worker w's track (and its process's, the first time) after its spawn. */
static void name_track(chrome__ctx *c, int32_t w, chrome__proc *p)
{
    chrome__worker *x = &c->w[w];
    int32_t pid = chrome__pid(x), tid = w + 1;
    if (p->first_tid == 0)
        p->first_tid = tid;
    if (!p->named) {
        p->named = true;
        if (c->nproc == 1)
            meta(c, "process_name", pid, tid, c->runtime_name, true, 0);
        else
            meta(c, "process_name", pid, tid, "process ", false, pid);
        meta(c, "process_sort_index", pid, tid, NULL, false, x->proc);
    }
    if (x->named_proc == x->proc)
        return;
    x->named_proc = x->proc;
    if (x->kind == TRACE_WORKER_THREAD) {
        meta(c, "thread_name", pid, tid, "thread ", false, ++p->nthreads);
    } else if (x->kind == TRACE_WORKER_POOL) {
        meta(c, "thread_name", pid, tid, "pool thread ", false, ++p->npool);
    } else {
        /* the first loop of a process is its event loop; the others are worker
         * threads (worker_threads), numbered from 1 */
        int32_t k = p->nloops++;
        if (x->loop >= 0)
            c->loops[x->loop].number = k;
        meta(c, "thread_name", pid, tid, k == 0 ? "event loop" : "worker thread ", false, k);
    }
    meta(c, "thread_sort_index", pid, tid, NULL, false, w);
}

/* Worker w is an event loop: give it its queues (once). */
static bool add_loop(chrome__ctx *c, int32_t w)
{
    if (c->w[w].loop >= 0)
        return true;
    if (!grow(c, (void **)&c->loops, &c->cap_loops, c->nloops + 1, sizeof *c->loops))
        return false;
    c->loops[c->nloops] = (chrome__loop){.worker = w};
    c->w[w].loop = (int32_t)c->nloops++;
    return true;
}

void chrome__on_spawn(chrome__ctx *c, const trace_event *ev)
{
    int32_t w = ev->worker;
    /* the engine numbers new workers densely and reuses the indices of exited ones */
    if (w < 0 || (size_t)w > c->nw || ev->b > TRACE_WORKER_POOL) {
        chrome__fail(c, SIM_EINVAL);
        return;
    }
    chrome__proc *p = chrome__proc_at(c, ev->a);
    if (p == NULL)
        return;
    if ((size_t)w == c->nw) {
        if (!grow(c, (void **)&c->w, &c->cap_w, c->nw + 1, sizeof *c->w))
            return;
        c->w[w] = (chrome__worker){.req = -1, .step = -1, .span_core = -1, .core = -1,
                                   .named_proc = -1, .loop = -1, .state = TL_W_ABSENT};
        c->nw++;
    }
    leave_core(c, w);
    w_set(c, w, TL_W_IDLE, -1, -1); /* ends a reused index's last stretch first */
    chrome__worker *x = &c->w[w];
    x->spawned = true;
    x->kind = ev->b;
    x->proc = ev->a;
    if (x->kind == TRACE_WORKER_LOOP && !add_loop(c, w))
        return;
    name_track(c, w, p);
}

/* ---- state changes ------------------------------------------------------------------------- */

void chrome__on_run(chrome__ctx *c, const trace_event *ev)
{
    int32_t w = ev->worker;
    chrome__worker *x = chrome__worker_at(c, w);
    if (x == NULL)
        return;
    if (ev->x < 0 || ev->x >= SCN_MAX_CORES) {
        chrome__fail(c, SIM_EINVAL);
        return;
    }
    size_t core = (size_t)ev->x;
    if (core >= c->ncores) {
        if (!grow(c, (void **)&c->core, &c->cap_cores, core + 1, sizeof *c->core))
            return;
        for (size_t i = c->ncores; i <= core; i++)
            c->core[i] = -1;
        c->ncores = core + 1;
    }
    if (x->core != (int32_t)core) {
        leave_core(c, w);
        /* whoever held the core loses it (its state stays, as in the timeline) */
        if (c->core[core] >= 0)
            leave_core(c, c->core[core]);
        c->core[core] = w;
        x->core = (int32_t)core;
    }
    w_set(c, w, TL_W_RUNNING, ev->req, ev->a);
}

void chrome__on_state(chrome__ctx *c, const trace_event *ev)
{
    int32_t w = ev->worker;
    chrome__worker *x = chrome__worker_at(c, w);
    if (x == NULL)
        return;
    bool loop = x->kind == TRACE_WORKER_LOOP;
    switch (ev->kind) {
    case TRACE_READY:
    case TRACE_PREEMPT:
        leave_core(c, w);
        w_set(c, w, TL_W_READY, ev->req, same_step(x, ev->req));
        break;
    case TRACE_BLOCK:
        leave_core(c, w);
        if (loop)
            w_set(c, w, TL_W_WAITING, -1, -1);
        else
            w_set(c, w, TL_W_WAIT_IO, ev->req, ev->a);
        break;
    case TRACE_IO_DONE:
        w_set(c, w, TL_W_READY, ev->req, -1); /* back from I/O, about to go on */
        break;
    case TRACE_GIL_WAIT:
        leave_core(c, w);
        w_set(c, w, TL_W_WAIT_GIL, ev->req, same_step(x, ev->req));
        break;
    case TRACE_GIL_ACQUIRE:
        active(c, w, ev->req, same_step(x, ev->req));
        break;
    case TRACE_IDLE:
        leave_core(c, w);
        w_set(c, w, TL_W_IDLE, -1, -1);
        break;
    case TRACE_PHASE:
        active(c, w, -1, -1);
        break;
    case TRACE_TIMER_FIRE:
        if (!loop)
            w_set(c, w, TL_W_READY, ev->req, -1); /* a thread's sleep is over */
        else
            active(c, w, c->asyncio ? -1 : ev->req, -1); /* asyncio: to the ready queue */
        break;
    case TRACE_DONE:
        if (loop) {
            w_set(c, w, x->state, -1, -1); /* the task ended; the loop goes on */
        } else {
            leave_core(c, w);
            w_set(c, w, TL_W_IDLE, -1, -1);
        }
        break;
    default: /* gil_release, gil_drop_request, timer_arm, io_start: no change */
        break;
    }
}

void chrome__on_take(chrome__ctx *c, const trace_event *ev)
{
    int32_t w = ev->worker;
    switch (ev->a) {
    case TRACE_QUEUE_ACCEPT:
    case TRACE_QUEUE_THREADPOOL:
        active(c, w, ev->req, -1);
        break;
    case TRACE_QUEUE_WORKER: /* a message for the worker loop: its poll entry follows */
    case TRACE_QUEUE_DEVICE: /* the I/O starts; the waiting thread stays blocked */
        break;
    default: /* a loop's own queue; asyncio's selector only hands on to the ready queue */
        active(c, w, c->asyncio && ev->a == TRACE_QUEUE_POLL ? -1 : ev->req, -1);
        break;
    }
}

void chrome__free(chrome__ctx *c)
{
    free(c->w);
    free(c->core);
    free(c->procs);
    free(c->loops);
    free(c->devq);
    for (size_t d = 0; c->devname != NULL && d < c->scn->ndevices; d++)
        free(c->devname[d]);
    free(c->devname);
}
