/* timeline_steps.c - which op of its request's program each worker is at.
 *
 * The trace names a worker's op when it is dispatched (`run`, a = the op) and, for
 * a thread, when it blocks (`block`, a = the op). In between, a worker that keeps
 * its core goes from op to op without an event. Those moments follow from the
 * trace exactly: a cpu/native op ends once the worker has had the op's remaining
 * duration of core time (the program, rebuilt from the scenario and the seed, gives
 * the duration), and the next op is found by walking the program by the worker's
 * rules (the engine's threads.c and loop.c):
 *   a thread (or a pool thread in its job) runs every op in pre-order, bodies
 *   inline, and blocks at an io or timeout op;
 *   a loop runs its task's ops in pre-order, schedules callbacks without entering
 *   them, goes on after an io or offload that has a `then`, and stops (the task
 *   awaits) at one without, at a parallel, or at the end of its task.
 * Where a loop's task ends is fixed by the program: the end of the innermost
 * callback body, parallel branch, offload job or the program that holds the op.
 * `bound` keeps that end per op (a pool thread's job end, flagged, inside an
 * offload sent to the threadpool), computed once per program.
 * Where a loop's task or a pool thread's job starts is timeline_tasks.c's part.
 */
#include "timeline_internal.h"

#include <stdlib.h>

#include "error.h"

#define POOL_BIT 0x80000000u

/* ---- where tasks and jobs end --------------------------------------------------------------- */

/* Node without worker threads (and a worker itself, which has none of its own)
 * runs a worker offload on the loop itself (loop.c, run_task). */
bool tl__offload_inline(const tl__rt *rt, const wl_op *op, bool on_worker)
{
    return rt->loop && !rt->asyncio && op->src->to == SCN_OFFLOAD_WORKER &&
           (rt->workers == 0 || on_worker);
}

bool tl__offload_to_worker(const tl__rt *rt, const wl_op *op, bool on_worker)
{
    return !rt->asyncio && op->src->to == SCN_OFFLOAD_WORKER && rt->workers > 0 && !on_worker;
}

/* The end of an offload's own steps: its `then` branch, or the end of its subtree. */
uint32_t tl__work_end(const wl_program *pg, uint32_t at)
{
    uint32_t after = at + 1 + pg->ops[at].size;
    for (uint32_t i = at + 1; i < after; i += 1 + pg->ops[i].size)
        if (pg->ops[i].kind == WL_OP_BRANCH)
            return i;
    return after;
}

/* Fills out[lo .. hi): ops run by a loop (pool false; a worker's loop when
 * on_worker) or in a pool job (pool true) whose task or job ends at `bound`.
 * Recursion depth is the program's nesting, which the scenario loader bounds. */
static void bounds(const tl__rt *rt, const wl_program *pg, uint32_t lo, uint32_t hi, bool pool,
                   bool on_worker, uint32_t bound, uint32_t *out)
{
    for (uint32_t i = lo; i < hi; i += 1 + pg->ops[i].size) {
        const wl_op *op = &pg->ops[i];
        uint32_t end = i + 1 + op->size;
        out[i] = bound | (pool ? POOL_BIT : 0);
        if (op->size == 0)
            continue;
        if (pool) {
            bounds(rt, pg, i + 1, end, true, on_worker, bound, out);
            continue;
        }
        switch (op->kind) {
        case SCN_STEP_MICROTASK:
        case SCN_STEP_NEXT_TICK:
        case SCN_STEP_IMMEDIATE:
        case SCN_STEP_TIMEOUT:
        case SCN_STEP_IO:
            bounds(rt, pg, i + 1, end, false, on_worker, end, out); /* a callback: its own task */
            break;
        case SCN_STEP_OFFLOAD: {
            if (tl__offload_inline(rt, op, on_worker)) {
                bounds(rt, pg, i + 1, end, false, on_worker, bound, out);
                break;
            }
            uint32_t we = tl__work_end(pg, i);
            bool worker = tl__offload_to_worker(rt, op, on_worker);
            bounds(rt, pg, i + 1, we, !worker, on_worker || worker, we, out);
            if (we < end) {
                out[we] = end;
                bounds(rt, pg, we + 1, end, false, on_worker, end, out);
            }
            break;
        }
        case SCN_STEP_PARALLEL:
            for (uint32_t c = i + 1; c < end; c += 1 + pg->ops[c].size) {
                uint32_t ce = c + 1 + pg->ops[c].size;
                out[c] = ce;
                bounds(rt, pg, c + 1, ce, false, on_worker, ce, out);
            }
            break;
        default:
            bounds(rt, pg, i + 1, end, false, on_worker, bound, out);
            break;
        }
    }
}

/* Worker w's program is request req's. */
static bool ensure_prog(tl__builder *b, int32_t w, int32_t req)
{
    tl__worker *x = &b->w[w];
    if (x->prog_req == req)
        return true;
    x->prog_req = -1;
    int rc = wl_program_build(&x->prog, b->scn, b->seed, req);
    if (rc < 0)
        return tl__fail(b, rc);
    if (x->mode != TL__MODE_THREAD) {
        if (x->prog.n > x->cap_bound) {
            uint32_t *nb = realloc(x->bound, (size_t)x->prog.cap * sizeof *nb);
            if (nb == NULL)
                return tl__fail(b, SIM_ENOMEM);
            x->bound = nb;
            x->cap_bound = x->prog.cap;
        }
        bool on_worker = x->mode == TL__MODE_LOOP && b->tl->loops[x->loop].is_worker;
        bounds(&b->rt, &x->prog, 0, x->prog.n, false, on_worker, x->prog.n, x->bound);
    }
    x->prog_req = req;
    return true;
}

/* Where the task or job that holds op p ends, for worker x. */
static uint32_t range_end(const tl__worker *x, uint32_t p)
{
    if (x->mode == TL__MODE_THREAD)
        return x->prog.n;
    uint32_t v = x->bound[p];
    if (x->mode == TL__MODE_LOOP)
        return v & ~POOL_BIT;
    /* a pool thread: the offload job around p, or p itself (an io on a threadpool device) */
    return v & POOL_BIT ? v & ~POOL_BIT : p + 1;
}

/* ---- walking ----------------------------------------------------------------------------- */

/* From op q on (within [q, end)), worker w's next op by its rules: one that takes
 * core time (*timed), one a thread blocks at, or -1 where a loop's task awaits or
 * the ops end. */
static int64_t walk(tl__builder *b, int32_t w, uint32_t q, uint32_t end, bool *timed)
{
    tl__worker *x = &b->w[w];
    const wl_program *pg = &x->prog;
    bool loop = x->mode == TL__MODE_LOOP;
    *timed = false;
    for (;;) {
        if (q >= end) {
            if (x->mode == TL__MODE_POOL)
                tl__task_job_end(b, w);
            if (!loop || !tl__task_next(b, x, &q, &end))
                return -1;
            continue;
        }
        const wl_op *op = &pg->ops[q];
        switch (op->kind) {
        case SCN_STEP_CPU:
        case SCN_STEP_NATIVE:
            if (op->dur > 0) {
                *timed = true;
                return q;
            }
            q++;
            break;
        case SCN_STEP_IO:
        case SCN_STEP_TIMEOUT:
        case SCN_STEP_MICROTASK:
        case SCN_STEP_NEXT_TICK:
        case SCN_STEP_IMMEDIATE:
        case SCN_STEP_OFFLOAD:
        case SCN_STEP_PARALLEL:
            if (loop) {
                int64_t next = tl__task_loop_op(b, x, q, end);
                if (next >= 0)
                    q = (uint32_t)next;
                else if (!tl__task_next(b, x, &q, &end))
                    return -1;
            } else if (op->kind == SCN_STEP_IO || op->kind == SCN_STEP_TIMEOUT) {
                return q; /* a thread blocks here */
            } else {
                q++; /* a thread runs callbacks, branches and offloads inline */
            }
            break;
        default: /* log, repeat, branch */
            q++;
            break;
        }
    }
}

static void set_step(tl__builder *b, int32_t w, int64_t step)
{
    tl__worker *x = &b->w[w];
    int32_t line = 0;
    if (step >= 0 && x->prog.ops[step].src != NULL)
        line = x->prog.ops[step].src->line;
    if (x->step == step && x->line == line)
        return;
    x->step = (int32_t)step;
    x->line = line;
    tl__mark(b, TL_LANE_WORKER, (size_t)w);
    if (x->req >= 0)
        tl__mark(b, TL_LANE_REQUEST, (size_t)x->req);
}

/* The worker, on its core, makes progress on its op from `from`: schedule its end. */
static void schedule_end(tl__builder *b, int32_t w, int64_t from)
{
    tl__worker *x = &b->w[w];
    x->gen++;
    x->progress_from = from;
    int64_t end;
    if (__builtin_add_overflow(from, x->op_left, &end)) {
        tl__fail(b, SIM_EOVERFLOW);
        return;
    }
    if (heap_push(&b->ends, end, 0, (uint32_t)w, x->gen) < 0)
        tl__fail(b, SIM_ENOMEM);
}

/* Moves worker w to the result of a walk. */
static void go_to(tl__builder *b, int32_t w, int64_t q, bool timed)
{
    tl__worker *x = &b->w[w];
    set_step(b, w, q);
    x->op_left = timed ? x->prog.ops[q].dur : -1;
    x->gen++;
    if (timed && x->on_core)
        schedule_end(b, w, b->now);
}

/* ---- what the build calls -------------------------------------------------------------- */

void tl__step_pin(tl__builder *b, int32_t w, int32_t req, int32_t step, bool run, int64_t cs)
{
    tl__worker *x = &b->w[w];
    bool same = x->prog_req == req && x->step == step && x->op_left >= 0;
    if (req < 0 || !ensure_prog(b, w, req))
        return (void)tl__fail(b, SIM_EINVAL);
    if (step < 0 || (uint32_t)step >= x->prog.n)
        return (void)tl__fail(b, SIM_EINVAL);
    const wl_op *op = &x->prog.ops[step];
    bool cpu = op->kind == SCN_STEP_CPU || op->kind == SCN_STEP_NATIVE;
    bool wait = op->kind == SCN_STEP_IO || op->kind == SCN_STEP_TIMEOUT;
    if (run ? !cpu : !wait)
        return (void)tl__fail(b, SIM_EINVAL); /* not the op the trace says: another program */
    set_step(b, w, step);
    x->gen++;
    if (!run) {
        x->op_left = -1;
        return;
    }
    /* the same op again (after a preemption or a GIL drop) goes on where it was */
    if (!same)
        x->op_left = op->dur;
    if (x->op_left > 0)
        schedule_end(b, w, b->now + cs);
}

void tl__step_leave(tl__builder *b, int32_t w)
{
    tl__worker *x = &b->w[w];
    x->gen++;
    if (x->op_left < 0 || b->now <= x->progress_from)
        return;
    x->op_left -= b->now - x->progress_from;
    if (x->op_left < 0)
        x->op_left = 0;
}

void tl__step_op_end(tl__builder *b, int32_t w, uint64_t gen)
{
    tl__worker *x = &b->w[w];
    if (gen != x->gen || !x->on_core || x->step < 0)
        return;
    uint32_t p = (uint32_t)x->step;
    bool timed;
    int64_t q = walk(b, w, p + 1, range_end(x, p), &timed);
    go_to(b, w, q, timed);
}

void tl__step_begin(tl__builder *b, int32_t w, int32_t req, uint32_t pc, uint32_t end)
{
    tl__worker *x = &b->w[w];
    if (!ensure_prog(b, w, req))
        return;
    if (end > x->prog.n || pc > end)
        return (void)tl__fail(b, SIM_EINVAL);
    bool timed;
    int64_t q = walk(b, w, pc, end, &timed);
    go_to(b, w, q, timed);
}

void tl__step_start(tl__builder *b, int32_t w, int32_t req)
{
    if (ensure_prog(b, w, req))
        tl__step_begin(b, w, req, 0, b->w[w].prog.n);
}

void tl__step_resume(tl__builder *b, int32_t w)
{
    tl__worker *x = &b->w[w];
    if (x->step < 0 || x->prog_req != x->req)
        return;
    uint32_t p = (uint32_t)x->step;
    bool timed;
    int64_t q = walk(b, w, p + 1, range_end(x, p), &timed);
    go_to(b, w, q, timed);
}

void tl__step_forget(tl__builder *b, int32_t w)
{
    tl__worker *x = &b->w[w];
    set_step(b, w, -1);
    x->op_left = -1;
    x->gen++;
}

void tl__step_check_io(tl__builder *b, int32_t w, int64_t dur)
{
    const tl__worker *x = &b->w[w];
    if (x->step < 0 || x->prog_req != x->req)
        return;
    const wl_op *op = &x->prog.ops[x->step];
    if (op->kind != SCN_STEP_IO || op->dur != dur)
        tl__fail(b, SIM_EINVAL);
}

void tl__step_release(tl__worker *w)
{
    wl_program_release(&w->prog);
    free(w->bound);
    w->bound = NULL;
    w->cap_bound = 0;
}
