/* cpu.c - cores and the OS scheduler.
 *
 * A thread with cpu work (a `cpu` op under the GIL, or a `native` op) needs a core.
 * Idle cores take runnable threads at once; otherwise threads wait in one FIFO run
 * queue. A running thread keeps its core until its op ends, it blocks, or its slice
 * (the quantum) runs out while others wait: then it goes to the back of the queue.
 * A core that starts a thread other than the one it ran last pays the context
 * switch cost, during which the thread makes no progress.
 *
 * Each running core has one pending EV_CORE event, at the earliest of: its thread's
 * op ends, its slice ends (only when someone waits for a core), or a GIL drop
 * request must be honoured. The invariant `run_from + remaining` = when the op
 * ends holds for a running thread, so progress is only settled when needed.
 */
#include "engine_internal.h"
#include "error.h"

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* The first boundary of `core`'s slices strictly after now: slices start when its
 * thread began to run (after the context switch, which is not part of its slice,
 * as Linux charges a task only for the time it runs) and last `quantum` each. */
static int64_t next_slice_end(const sim_run *run, const sim__core *core)
{
    int64_t q = run->scn->machine.quantum;
    int64_t end;
    if (run->now < core->slice_origin)
        end = sim__later_than(core->slice_origin, q);
    else
        end = sim__later_than(core->slice_origin, ((run->now - core->slice_origin) / q + 1) * q);
    return end;
}

static void reschedule(sim_run *run, int32_t c)
{
    sim__core *core = &run->cores[c];
    sim__thread *t = &run->threads[core->thread];
    int64_t when;
    if (__builtin_add_overflow(t->run_from, t->remaining, &when)) {
        run->err = SIM_EOVERFLOW;
        return;
    }
    if (sim__gil_must_drop(run, core->thread))
        when = t->run_from;
    if (run->runq.head >= 0 && core->slice_end < when)
        when = core->slice_end;
    core->gen++;
    sim__push(run, max64(when, run->now), EV_CORE, (uint32_t)c, core->gen);
}

static void dispatch(sim_run *run, int32_t c, int32_t th)
{
    sim__core *core = &run->cores[c];
    sim__thread *t = &run->threads[th];
    int64_t cs = 0;
    if (core->last != th) {
        cs = run->scn->machine.context_switch;
        run->m.context_switches++;
    }
    core->thread = th;
    core->last = th;
    core->busy_since = run->now;
    t->state = TH_RUNNING;
    t->core = c;
    t->run_from = sim__later(run, cs);
    core->slice_origin = t->run_from;
    core->slice_end = sim__later_than(t->run_from, run->scn->machine.quantum);
    sim__emit(run, TRACE_RUN, sim__thread_req(run, th), th, (int32_t)t->pc, cs > 0, c);
    if (run->gil)
        sim__gil_holder_dispatched(run, th);
    reschedule(run, c);
}

/* Prefers the idle core the thread ran on last (no context switch), else the
 * lowest-numbered idle core. */
static int32_t idle_core_for(const sim_run *run, int32_t th)
{
    int32_t any = -1;
    for (int32_t c = 0; c < run->ncores; c++) {
        if (run->cores[c].thread >= 0)
            continue;
        if (run->cores[c].last == th)
            return c;
        if (any < 0)
            any = c;
    }
    return any;
}

/* Brings the progress of core c's thread up to now. */
static void settle(sim_run *run, int32_t c)
{
    sim__core *core = &run->cores[c];
    sim__thread *t = &run->threads[core->thread];
    if (run->now > t->run_from) {
        t->remaining -= run->now - t->run_from;
        if (t->remaining < 0)
            t->remaining = 0;
        t->run_from = run->now;
        if (t->holds_gil)
            run->procs[t->proc].holder_ran = true;
    }
}

void sim__cpu_want(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    if (t->core >= 0) {
        /* it goes on to this op on the core it holds: no run event says so */
        sim__step(run, th, (int32_t)t->pc);
        t->state = TH_RUNNING;
        reschedule(run, t->core);
        return;
    }
    int32_t c = idle_core_for(run, th);
    if (c >= 0) {
        dispatch(run, c, th);
        return;
    }
    t->state = TH_READY;
    sim__emit(run, TRACE_READY, sim__thread_req(run, th), th, (int32_t)t->pc, 0, 0);
    bool was_empty = run->runq.head < 0;
    SIM__FIFO_PUSH(&run->runq, run->threads, th);
    if (!was_empty)
        return;
    /* Someone now waits for a core: every running thread may be preempted at the
     * end of its current slice. */
    for (int32_t k = 0; k < run->ncores; k++) {
        if (run->cores[k].thread < 0)
            continue;
        run->cores[k].slice_end = next_slice_end(run, &run->cores[k]);
        reschedule(run, k);
    }
}

void sim__cpu_leave(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    if (t->core < 0)
        return;
    int32_t c = t->core;
    sim__core *core = &run->cores[c];
    settle(run, c);
    run->m.cpu_busy_ns = sim__add_sat(run->m.cpu_busy_ns, run->now - core->busy_since);
    core->thread = -1;
    core->gen++;
    t->core = -1;
    int32_t next = SIM__FIFO_POP(&run->runq, run->threads);
    if (next >= 0)
        dispatch(run, c, next);
}

void sim__cpu_interrupt(sim_run *run, int32_t th)
{
    if (run->threads[th].core >= 0)
        reschedule(run, run->threads[th].core);
}

static void preempt(sim_run *run, int32_t c)
{
    int32_t th = run->cores[c].thread;
    sim__thread *t = &run->threads[th];
    sim__emit(run, TRACE_PREEMPT, sim__thread_req(run, th), th, 0, 0, c);
    /* queue it before the core is handed on, so the next thread's slice knows
     * someone is waiting */
    SIM__FIFO_PUSH(&run->runq, run->threads, th);
    sim__cpu_leave(run, th);
    t->state = TH_READY;
    sim__emit(run, TRACE_READY, sim__thread_req(run, th), th, (int32_t)t->pc, 0, 0);
}

void sim__cpu_event(sim_run *run, int32_t c, uint64_t gen)
{
    sim__core *core = &run->cores[c];
    if (gen != core->gen || core->thread < 0)
        return;
    int32_t th = core->thread;
    settle(run, c);
    sim__thread *t = &run->threads[th];
    if (t->remaining == 0 && run->now >= t->run_from) {
        sim__thread_op_done(run, th);
    } else if (sim__gil_must_drop(run, th) && run->now >= t->run_from) {
        sim__gil_forced_drop(run, th);
    } else if (run->now >= core->slice_end) {
        if (run->runq.head >= 0) {
            preempt(run, c);
        } else {
            core->slice_end = next_slice_end(run, core);
            reschedule(run, c);
        }
    } else {
        reschedule(run, c);
    }
}
