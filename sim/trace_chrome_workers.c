/* trace_chrome_workers.c - the workers' and the requests' tracks of the Chrome
 * trace writer.
 *
 * The reader (reader.h) says what each worker and request is doing; this file
 * only remembers what each track shows now and since when. When a worker's state,
 * request, step or core changes, the stretch that just ended is written as one
 * "X" span, unless it took no time or shows nothing (idle, absent). A span
 * therefore ends exactly where the next one of its track starts, and spans of
 * one track never overlap. A loop asleep in its poll phase (asyncio: select)
 * shows as idle there. A worker's first spawn names its track (thread and
 * process metadata).
 *
 * Each request has a track of its own, in Perfetto's model of async slices: a
 * "request N" slice from its arrival to its completion (nestable "b" / "e" with
 * the request as id), and inside it one slice per part of its life: queued,
 * running (on which worker), ready, waiting for I/O (on which device), waiting
 * for the GIL. A part is written, as a "b" and an "e", when it ends. Memory: a
 * few words per worker, request, process and loop.
 */
#include "trace_chrome_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "grow.h"

bool chrome__fail(chrome__ctx *c, int err)
{
    if (c->err == 0)
        c->err = err;
    return false;
}

/* Room for `need` elements of `size` bytes in *p (capacity *cap). */
static bool grow(chrome__ctx *c, void **p, size_t *cap, size_t need, size_t size)
{
    return sim_grow(p, cap, need, size) == 0 || chrome__fail(c, SIM_ENOMEM);
}

static bool reserve(chrome__ctx *c, size_t w);

chrome__worker *chrome__worker_at(chrome__ctx *c, int32_t w)
{
    /* the reader knows it from its spawn on; its track may not have caught up yet
     * (that happens when the instant ends) */
    const rd_worker *rw = w >= 0 ? rd_worker_at(c->rd, (size_t)w) : NULL;
    if (rw == NULL) {
        chrome__fail(c, SIM_EINVAL);
        return NULL;
    }
    if (!reserve(c, (size_t)w))
        return NULL;
    c->w[w].proc = rw->proc;
    c->w[w].loop = rw->loop;
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

int32_t chrome__pid(const chrome__ctx *c, const chrome__worker *x)
{
    return chrome__pid_of(c, x->proc);
}

/* ---- spans ---------------------------------------------------------------------------- */

static const char *span_name(const chrome__worker *x)
{
    switch (x->state) {
    case TL_W_RUNNING: return "running";
    case TL_W_READY: return "ready";
    case TL_W_WAIT_IO: return "waiting for I/O";
    case TL_W_WAIT_GIL: return "waiting for the GIL";
    case TL_W_WAITING: return x->phase == TRACE_PHASE_SELECT ? "idle in select" : "idle in poll";
    default: return NULL; /* absent, idle: nothing to show */
    }
}

/* One of an event's args; the first opens the args object. */
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
    const char *name = span_name(x);
    if (name == NULL || end <= x->since)
        return;
    chrome__out *o = &c->out;
    chrome__open(o, name, false);
    chrome__head(o, "state", "X", x->since, true, x->span_pid, chrome__tid(c, w));
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

/* ---- spawn and names -------------------------------------------------------------------- */

/* A metadata event: name_kind is "process_name", "thread_name", ...; its argument
 * is a string (key "name"; prefix, then the number when number > 0) or a number
 * (key "sort_index") when prefix is NULL. */
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

/* In a file with services, process p of the run is called by the run's label
 * ("front: Node.js", "ml service"), with ", process N" when the run has several. */
static void name_process(chrome__ctx *c, int32_t pid, int32_t tid, int32_t p)
{
    char name[SCN_MAX_TEXT + 64];
    if (c->nproc == 1)
        snprintf(name, sizeof name, "%s", c->label);
    else
        snprintf(name, sizeof name, "%s, process %d", c->label, (int)p + 1);
    meta(c, "process_name", pid, tid, name, true, 0);
}

/* Names worker w's track (and its process's, the first time) after its spawn. */
static void name_track(chrome__ctx *c, int32_t w, const rd_worker *rw)
{
    chrome__worker *x = &c->w[w];
    chrome__proc *p = chrome__proc_at(c, x->proc);
    if (p == NULL)
        return;
    int32_t pid = chrome__pid(c, x), tid = chrome__tid(c, w);
    if (p->first_tid == 0)
        p->first_tid = tid;
    if (!p->named) {
        p->named = true;
        if (c->label != NULL)
            name_process(c, pid, tid, x->proc);
        else if (c->nproc == 1)
            meta(c, "process_name", pid, tid, c->runtime_name, true, 0);
        else
            meta(c, "process_name", pid, tid, "process ", false, pid);
        meta(c, "process_sort_index", pid, tid, NULL, false, pid - 1);
    }
    if (x->named_proc == x->proc)
        return;
    x->named_proc = x->proc;
    char name[48];
    trace_worker_name(rw->kind, rw->number, name, sizeof name);
    if (rw->loop >= 0 && (size_t)rw->loop < c->nloops)
        c->loops[rw->loop].number = (int32_t)rw->number;
    meta(c, "thread_name", pid, tid, name, false, 0);
    meta(c, "thread_sort_index", pid, tid, NULL, false, tid - 1);
}

/* Room for worker w. */
static bool reserve(chrome__ctx *c, size_t w)
{
    if (w < c->nw)
        return true;
    if (!grow(c, (void **)&c->w, &c->cap_w, w + 1, sizeof *c->w))
        return false;
    for (size_t i = c->nw; i <= w; i++)
        c->w[i] = (chrome__worker){.req = -1,
                                   .step = -1,
                                   .span_core = -1,
                                   .named_proc = -1,
                                   .loop = -1,
                                   .state = TL_W_ABSENT};
    c->nw = w + 1;
    return true;
}

void chrome__on_spawn(chrome__ctx *c, int32_t w)
{
    chrome__worker *x = chrome__worker_at(c, w);
    if (x != NULL && x->named_proc != x->proc)
        name_track(c, w, rd_worker_at(c->rd, (size_t)w));
}

/* Worker w's track follows what the reader says it does now. */
static void sync_worker(chrome__ctx *c, int32_t w)
{
    const rd_worker *rw = rd_worker_at(c->rd, (size_t)w);
    if (rw == NULL || !reserve(c, (size_t)w))
        return;
    chrome__worker *x = &c->w[w];
    bool named = x->spawned && x->named_proc == rw->proc;
    x->spawned = true;
    x->proc = rw->proc;
    x->loop = rw->loop;
    if (rw->loop >= 0 && (size_t)rw->loop < c->nloops)
        c->loops[rw->loop].worker = w;
    int32_t core = rw->state == TL_W_RUNNING ? rw->core : -1;
    uint8_t phase = rw->loop >= 0 ? (uint8_t)rd_phase(c->rd, (size_t)rw->loop) : 0;
    if (rw->state != TL_W_WAITING)
        phase = 0;
    if (!named)
        name_track(c, w, rw);
    if (x->state == rw->state && x->req == rw->req && x->step == rw->step && x->span_core == core &&
        x->phase == phase)
        return;
    write_span(c, w, c->now);
    x->span_pid = chrome__pid_of(c, rw->proc);
    x->state = rw->state;
    x->req = rw->req;
    x->step = rw->step;
    x->span_core = core;
    x->phase = phase;
    x->since = c->now;
    if (x->req >= 0 && (size_t)x->req < c->nreqs) {
        c->reqs[x->req].last_worker = w;
        chrome__end_arrows(c, x->req, w);
    }
}

/* ---- requests' tracks ------------------------------------------------------------------- */

static const char *part_name(int state)
{
    switch (state) {
    case TL_R_QUEUED: return "queued";
    case TL_R_RUNNING: return "running";
    case TL_R_READY: return "ready (waiting for a core)";
    case TL_R_WAIT_IO: return "waiting for I/O";
    case TL_R_WAIT_GIL: return "waiting for the GIL";
    default: return NULL;
    }
}

/* One async event of request req's track: "b" or "e" at ts. */
static void async_head(chrome__ctx *c, const char *name, bool escape, const char *ph, int64_t ts,
                       int32_t req)
{
    chrome__out *o = &c->out;
    chrome__open(o, name, escape);
    chrome__head(o, "request", ph, ts, true, c->reqs[req].pid, 0);
    chrome__raw(o, ",\"id\":");
    chrome__i64(o, c->req_base + req);
}

/* The part of request req that is ending now, as a "b" and an "e". */
static void write_part(chrome__ctx *c, int32_t req)
{
    const chrome__request *q = &c->reqs[req];
    const char *name = part_name(q->state);
    if (name == NULL || c->now <= q->since)
        return;
    char buf[160];
    if (q->state == TL_R_WAIT_IO && q->device >= 0 && (size_t)q->device < c->scn->ndevices) {
        snprintf(buf, sizeof buf, "waiting for %s", c->scn->devices[q->device].name);
        name = buf;
    }
    chrome__out *o = &c->out;
    async_head(c, name, name == buf, "b", q->since, req);
    bool open = false;
    if (q->worker >= 0)
        span_arg(o, &open, "worker", q->worker);
    chrome__close(o, open);
    async_head(c, name, name == buf, "e", c->now, req);
    chrome__close(o, false);
}

static void request_slice(chrome__ctx *c, int32_t req, const char *ph)
{
    char name[32];
    snprintf(name, sizeof name, "request %d", (int)req);
    async_head(c, name, false, ph, c->now, req);
    chrome__close(&c->out, false);
}

void chrome__request_arrives(chrome__ctx *c, int32_t req, int64_t p)
{
    if (req < 0 || (size_t)req >= c->nreqs)
        return;
    c->reqs[req].pid = chrome__pid_of(c, p < 0 ? 0 : p);
    request_slice(c, req, "b");
}

/* Request req's track follows what the reader says of it now. */
static void sync_request(chrome__ctx *c, int32_t req)
{
    if (req < 0 || (size_t)req >= c->nreqs)
        return;
    rd_request now = rd_request_at(c->rd, (size_t)req);
    chrome__request *q = &c->reqs[req];
    if (q->state == now.state && q->worker == now.worker && q->device == now.device)
        return;
    write_part(c, req);
    if (now.state == TL_R_DONE && q->state != TL_R_DONE)
        request_slice(c, req, "e");
    q->state = now.state;
    q->worker = now.worker;
    q->device = now.device;
    q->since = c->now;
    if (now.worker >= 0)
        q->last_worker = now.worker;
    chrome__request_due(c, req);
}

void chrome__close_all(chrome__ctx *c)
{
    for (size_t w = 0; w < c->nw; w++)
        if (c->w[w].spawned)
            write_span(c, (int32_t)w, c->now);
    /* a request the run did not finish: its track ends with the run */
    for (size_t q = 0; q < c->nreqs; q++) {
        if (c->reqs[q].state == TL_R_PENDING || c->reqs[q].state == TL_R_DONE)
            continue;
        write_part(c, (int32_t)q);
        request_slice(c, (int32_t)q, "e");
    }
    chrome__end_all_arrows(c);
}

void chrome__changed(void *ctx, rd_kind kind, size_t index)
{
    chrome__ctx *c = ctx;
    if (kind == RD_WORKER)
        sync_worker(c, (int32_t)index);
    else if (kind == RD_REQUEST)
        sync_request(c, (int32_t)index);
    else if (kind == RD_PHASE && rd_loop_at(c->rd, index) != NULL)
        sync_worker(c, rd_loop_at(c->rd, index)->worker);
}

void chrome__free(chrome__ctx *c)
{
    rd_close(c->rd);
    free(c->w);
    free(c->reqs);
    free(c->procs);
    free(c->loops);
    free(c->arrows);
    free(c->starts);
    free(c->due);
    free(c->devq);
    for (size_t d = 0; c->devname != NULL && d < c->scn->ndevices; d++)
        free(c->devname[d]);
    free(c->devname);
}
