/* timeline_tasks.c - where an event loop's tasks and a pool thread's jobs start.
 *
 * The trace names a task or job only by an index (enqueue x, dequeue x), never by
 * the op it starts at; timeline_steps.c needs that op to follow a worker that
 * keeps its core. What is known:
 *   a request's first task on a loop starts at op 0;
 *   walking a task (timeline_steps.c) meets each op that makes new work, in the
 *   order the engine makes it; the trace shows that work in the same order in the
 *   same instant (enqueue next_tick / microtask / check / ready, timer_arm, enqueue
 *   threadpool / worker), which gives each new index its start;
 *   where a task awaits, the rest of it resumes later under its own index;
 *   a timer's callback is the one armed first among those due first;
 *   an I/O's `then` callback is posted right after that I/O's io_done (matched by
 *   request, device and end time), a threadpool job's right after the job's last
 *   op, a worker job's task right after the worker takes the job;
 *   Node runs a parallel's branches at once off a stack, first branch first.
 * Whatever the trace does not confirm (another order, another request) is
 * dropped: a start is then unknown rather than guessed.
 */
#include "timeline_internal.h"

#include <stdlib.h>

#include "error.h"

static tl__loopb *loop_of(tl__builder *b, const tl__worker *x)
{
    return &b->lb[x->loop];
}

static const tl__start unknown = {.req = -1};

/* Work that starts at s is about to be posted to loop l's poll queue, in this
 * instant. Two for one request in one instant could come in either order: then
 * neither is known. */
static void post(tl__builder *b, int32_t l, tl__start s)
{
    tl__loopb *L = &b->lb[l];
    if (L->posts_t != b->now)
        L->nposts = 0;
    L->posts_t = b->now;
    for (size_t i = 0; i < L->nposts; i++) {
        if (L->posts[i].req == s.req) {
            L->posts[i].end = UINT32_MAX; /* ambiguous */
            return;
        }
    }
    if (tl__grow(b, (void **)&L->posts, &L->cap_posts, L->nposts, sizeof *L->posts))
        L->posts[L->nposts++] = s;
}

/* What loop L's poll enqueue of request req now starts at (req -1: unknown). */
static tl__start posted(tl__builder *b, tl__loopb *L, int32_t req)
{
    tl__start s = unknown;
    if (L->posts_t != b->now)
        return s;
    for (size_t i = 0; i < L->nposts; i++) {
        if (L->posts[i].req != req)
            continue;
        if (L->posts[i].end != UINT32_MAX)
            s = L->posts[i];
        L->posts[i] = L->posts[--L->nposts];
        break;
    }
    return s;
}

/* ---- what a loop's walk sees ---------------------------------------------------------- */

/* The walk of loop x saw its task make work for `queue`: ops [pc, end). */
static void expect(tl__builder *b, const tl__worker *x, int queue, uint32_t pc, uint32_t end,
                   tl__start cont)
{
    tl__loopb *L = loop_of(b, x);
    if (L->pend_t != b->now)
        L->npend = L->head = 0;
    L->pend_t = b->now;
    if (!tl__grow(b, (void **)&L->pend, &L->cap_pend, L->npend, sizeof *L->pend))
        return;
    L->pend[L->npend++] = (tl__expect){.queue = (uint8_t)queue, .cont = cont,
                                       .s = {.req = x->req, .pc = pc, .end = end}};
}

/* The next thing the walk saw, if the trace shows it now for `queue` and `req`;
 * NULL otherwise (and then the rest is dropped). */
static const tl__expect *take(tl__builder *b, tl__loopb *L, int queue, int32_t req)
{
    if (L->pend_t != b->now || L->head >= L->npend)
        return NULL;
    const tl__expect *e = &L->pend[L->head];
    if (e->queue == queue && e->s.req == req) {
        L->head++;
        return e;
    }
    L->npend = L->head = 0; /* the trace went another way: stop guessing */
    return NULL;
}

/* Loop x's task awaits: the rest of it, [after, end), resumes under its index. */
static void await_at(tl__builder *b, const tl__worker *x, uint32_t after, uint32_t end)
{
    tl__loopb *L = loop_of(b, x);
    if (L->cur_task >= 0 && (size_t)L->cur_task < b->cap_tasks)
        b->task_start[L->cur_task] = (tl__start){.req = x->req, .pc = after, .end = end};
    L->cur_task = -1;
}

/* Node calls a parallel's branches at once: they go on top of the loop's stack,
 * the first on top, and run before anything else (loop.c's start_branches). */
static void push_branches(tl__builder *b, const tl__worker *x, uint32_t q)
{
    tl__loopb *L = loop_of(b, x);
    const wl_program *pg = &x->prog;
    uint32_t after = q + 1 + pg->ops[q].size, n = 0;
    for (uint32_t c = q + 1; c < after; c += 1 + pg->ops[c].size)
        n++;
    while (L->nstack + n > L->cap_stack)
        if (!tl__grow(b, (void **)&L->stack, &L->cap_stack, L->cap_stack, sizeof *L->stack))
            return;
    size_t top = L->nstack + n;
    for (uint32_t c = q + 1; c < after; c += 1 + pg->ops[c].size)
        L->stack[--top] = (tl__start){.req = x->req, .pc = c + 1, .end = c + 1 + pg->ops[c].size};
    L->nstack += n;
}

/* Loop x starts an I/O with a `then` callback [pc, end) on device dev. */
static void note_io(tl__builder *b, const tl__worker *x, const wl_op *op, uint32_t pc, uint32_t end)
{
    int32_t i = b->free_iocb;
    if (i >= 0) {
        b->free_iocb = b->iocbs[i].next;
    } else {
        if (!tl__grow(b, (void **)&b->iocbs, &b->cap_iocbs, b->niocbs, sizeof *b->iocbs))
            return;
        i = (int32_t)b->niocbs++;
    }
    b->iocbs[i] = (tl__iocb){.next = -1, .loop = x->loop, .device = op->src->device,
                             .dur = op->dur, .done = -1,
                             .cont = {.req = x->req, .pc = pc, .end = end}};
    /* at the tail: I/Os of one request with the same device and duration start in order */
    int32_t *link = &b->reqs[x->req].io;
    while (*link >= 0)
        link = &b->iocbs[*link].next;
    *link = i;
}

static int schedule_queue(const tl__rt *rt, uint32_t kind)
{
    if (rt->asyncio)
        return TRACE_QUEUE_READY;
    return kind == SCN_STEP_MICROTASK ? TRACE_QUEUE_MICROTASK
           : kind == SCN_STEP_NEXT_TICK ? TRACE_QUEUE_NEXT_TICK
                                        : TRACE_QUEUE_CHECK;
}

int64_t tl__task_loop_op(tl__builder *b, const tl__worker *x, uint32_t q, uint32_t end)
{
    const wl_program *pg = &x->prog;
    const wl_op *op = &pg->ops[q];
    uint32_t after = q + 1 + op->size;
    const tl__rt *rt = &b->rt;
    bool then = op->src != NULL && op->src->has_then;
    tl__start cont = unknown;
    switch (op->kind) {
    case SCN_STEP_IO: {
        int dev = op->src->device;
        if (then)
            cont = (tl__start){.req = x->req, .pc = q + 1, .end = after};
        if (dev >= 0 && b->scn->devices[dev].via_threadpool)
            expect(b, x, TRACE_QUEUE_THREADPOOL, q, q + 1, cont);
        else if (then)
            note_io(b, x, op, q + 1, after);
        break;
    }
    case SCN_STEP_OFFLOAD: {
        bool on_worker = b->tl->loops[x->loop].is_worker;
        if (tl__offload_inline(rt, op, on_worker))
            return q + 1;
        uint32_t we = tl__work_end(pg, q);
        if (then)
            cont = (tl__start){.req = x->req, .pc = we + 1, .end = after};
        expect(b, x,
               tl__offload_to_worker(rt, op, on_worker) ? TRACE_QUEUE_WORKER : TRACE_QUEUE_THREADPOOL,
               q + 1, we, cont);
        break;
    }
    case SCN_STEP_PARALLEL:
        if (rt->asyncio)
            for (uint32_t c = q + 1; c < after; c += 1 + pg->ops[c].size)
                expect(b, x, TRACE_QUEUE_READY, c + 1, c + 1 + pg->ops[c].size, unknown);
        else
            push_branches(b, x, q);
        await_at(b, x, after, end);
        return -1;
    case SCN_STEP_TIMEOUT:
        expect(b, x, TRACE_QUEUE_TIMERS, q + 1, after, unknown);
        return after;
    default: /* microtask, next_tick, immediate */
        expect(b, x, schedule_queue(rt, op->kind), q + 1, after, unknown);
        return after;
    }
    if (then)
        return after;
    await_at(b, x, after, end);
    return -1;
}

bool tl__task_next(tl__builder *b, const tl__worker *x, uint32_t *q, uint32_t *end)
{
    tl__loopb *L = loop_of(b, x);
    L->cur_task = -1;
    if (L->nstack == 0 || L->stack[L->nstack - 1].req != x->req)
        return false;
    tl__start s = L->stack[--L->nstack];
    *q = s.pc;
    *end = s.end;
    return true; /* a branch task: the trace never names its index */
}

void tl__task_job_end(tl__builder *b, int32_t w)
{
    tl__worker *x = &b->w[w];
    if (x->job < 0)
        return;
    const tl__job *j = &b->jobs[x->job];
    x->job = -1;
    if (j->cont.req < 0 || j->loop < 0)
        return;
    /* under a GIL the thread must hold it to finish (threads.c: every op, even the
     * end, starts by taking it), and only then posts the callback */
    if (!b->rt.gil || b->gils[x->proc].holder == w) {
        post(b, j->loop, j->cont);
        return;
    }
    x->post = j->cont;
    x->post_loop = j->loop;
}

void tl__task_gil_acquired(tl__builder *b, int32_t w)
{
    tl__worker *x = &b->w[w];
    if (x->post.req < 0)
        return;
    post(b, x->post_loop, x->post);
    x->post.req = -1;
}

/* ---- what the trace shows --------------------------------------------------------------- */

void tl__task_begin(tl__builder *b, int32_t w, int64_t k, int32_t req, bool first)
{
    tl__loopb *L = loop_of(b, &b->w[w]);
    tl__start s = b->task_start[k];
    b->task_start[k].req = -1;
    L->nstack = 0; /* a dequeue means the branch stack is empty */
    L->cur_task = (int32_t)k;
    if (first)
        s = (tl__start){.req = req, .pc = 0, .end = UINT32_MAX};
    if (s.req != req) {
        tl__step_forget(b, w);
        return;
    }
    if (s.end == UINT32_MAX) {
        tl__step_start(b, w, req);
        return;
    }
    tl__step_begin(b, w, req, s.pc, s.end);
}

void tl__task_job(tl__builder *b, int32_t w, int64_t j, int32_t req)
{
    tl__worker *x = &b->w[w];
    tl__start s = b->jobs[j].start;
    b->jobs[j].start.req = -1;
    x->job = (int32_t)j;
    if (s.req == req) {
        tl__step_begin(b, w, req, s.pc, s.end);
    } else {
        tl__step_forget(b, w);
        x->job = -1;
    }
}

void tl__task_worker_job(tl__builder *b, int32_t w, int64_t j)
{
    post(b, b->w[w].loop, b->jobs[j].start);
    b->jobs[j].start.req = -1;
}

void tl__task_enqueued(tl__builder *b, int32_t w, int queue, int64_t x, int32_t req)
{
    tl__loopb *L = loop_of(b, &b->w[w]);
    if (queue == TRACE_QUEUE_THREADPOOL || queue == TRACE_QUEUE_WORKER) {
        const tl__expect *e = take(b, L, queue, req);
        b->jobs[x] = (tl__job){.start = e ? e->s : unknown, .cont = e ? e->cont : unknown,
                               .loop = b->w[w].loop};
        return;
    }
    tl__start *slot = &b->task_start[x];
    if (queue == TRACE_QUEUE_POLL) {
        /* an awaiting task comes back with the start noted when it awaited; a
         * callback posted back (I/O, job) or a worker's job was noted as posted; an
         * arrival starts at op 0 */
        if (slot->req != req)
            *slot = posted(b, L, req);
        return;
    }
    if (queue == TRACE_QUEUE_READY && L->carry_start.req >= 0) {
        *slot = L->carry_start; /* asyncio: a fired timer's callback */
        L->carry_start.req = -1;
        return;
    }
    const tl__expect *e = take(b, L, queue, req);
    if (e != NULL)
        *slot = e->s;
    else if (slot->req != req)
        /* a task that awaited a Promise.all / gather comes back through this queue
         * under its own index, with the start noted when it awaited; anything else
         * is new and unknown */
        slot->req = -1;
}

void tl__task_timer_armed(tl__builder *b, int32_t w, int32_t req, uint32_t *id, uint64_t *gen)
{
    const tl__expect *e = take(b, loop_of(b, &b->w[w]), TRACE_QUEUE_TIMERS, req);
    *id = e ? (uint32_t)req : UINT32_MAX;
    *gen = e ? (uint64_t)e->s.pc << 32 | e->s.end : 0;
}

void tl__task_timer_fired(tl__builder *b, int32_t w, int32_t req, uint32_t id, uint64_t gen)
{
    tl__loopb *L = loop_of(b, &b->w[w]);
    tl__start s = {.req = id == (uint32_t)req ? req : -1, .pc = (uint32_t)(gen >> 32),
                   .end = (uint32_t)gen};
    if (b->rt.asyncio) {
        L->carry_start = s; /* it joins the ready queue next */
        tl__step_forget(b, w);
        return;
    }
    tl__task_loop_idle(b, w); /* Node runs it now, without naming its task */
    if (s.req >= 0)
        tl__step_begin(b, w, req, s.pc, s.end);
    else
        tl__step_forget(b, w);
}

void tl__task_loop_idle(tl__builder *b, int32_t w)
{
    tl__loopb *L = loop_of(b, &b->w[w]);
    L->cur_task = -1;
    L->nstack = 0;
}

/* ---- I/O callbacks ------------------------------------------------------------------------- */

static void free_iocb(tl__builder *b, int32_t *link)
{
    int32_t i = *link;
    *link = b->iocbs[i].next;
    b->iocbs[i].next = b->free_iocb;
    b->free_iocb = i;
}

void tl__task_io(tl__builder *b, const trace_event *ev)
{
    if (ev->worker >= 0 || ev->req < 0)
        return;
    bool start = ev->kind == TRACE_IO_START;
    for (int32_t *link = &b->reqs[ev->req].io; *link >= 0; link = &b->iocbs[*link].next) {
        tl__iocb *c = &b->iocbs[*link];
        if (c->device != ev->a)
            continue;
        if (start && c->done < 0 && c->dur == ev->x) {
            c->done = b->now + ev->x;
            return;
        }
        if (!start && c->done == b->now) {
            post(b, c->loop, c->cont); /* it is posted to its loop next */
            free_iocb(b, link);
            return;
        }
    }
}

void tl__task_req_done(tl__builder *b, int32_t req)
{
    while (b->reqs[req].io >= 0)
        free_iocb(b, &b->reqs[req].io);
}

/* ---- storage ------------------------------------------------------------------------------- */

bool tl__task_reserve(tl__builder *b, int64_t k, int64_t j)
{
    if (k >= 0 && (size_t)k >= b->cap_tasks) {
        size_t old = b->cap_tasks, cap = old ? old : 64;
        while (cap <= (size_t)k)
            cap *= 2;
        int64_t *r = realloc(b->ready_at, cap * sizeof *r);
        if (r != NULL)
            b->ready_at = r;
        int32_t *h = r ? realloc(b->hop_target, cap * sizeof *h) : NULL;
        if (h != NULL)
            b->hop_target = h;
        tl__start *s = h ? realloc(b->task_start, cap * sizeof *s) : NULL;
        if (s == NULL)
            return tl__fail(b, SIM_ENOMEM);
        b->task_start = s;
        for (size_t i = old; i < cap; i++) {
            b->ready_at[i] = -1;
            b->hop_target[i] = -1;
            b->task_start[i] = unknown;
        }
        b->cap_tasks = cap;
    }
    if (j >= 0 && (size_t)j >= b->cap_jobs) {
        size_t old = b->cap_jobs, cap = old ? old : 64;
        while (cap <= (size_t)j)
            cap *= 2;
        tl__job *s = realloc(b->jobs, cap * sizeof *s);
        if (s == NULL)
            return tl__fail(b, SIM_ENOMEM);
        b->jobs = s;
        for (size_t i = old; i < cap; i++)
            s[i] = (tl__job){.start = unknown, .cont = unknown, .loop = -1};
        b->cap_jobs = cap;
    }
    return true;
}

void tl__task_release(tl__builder *b)
{
    free(b->ready_at);
    free(b->hop_target);
    free(b->task_start);
    free(b->jobs);
    free(b->iocbs);
}
