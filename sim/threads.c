/* threads.c - an OS thread executing a request's program.
 *
 * A thread serves one request at a time and runs its program's ops in order
 * (workload.h's pre-order), which is how blocking code runs every step kind:
 * `then` callbacks run inline after their I/O, `parallel` branches one after
 * another, `offload` inline, a `timeout` is a sleep. Under the GIL a thread holds
 * the lock whenever it executes the program, except during blocking ops (io,
 * sleep, native code), which release it and take it again afterwards.
 */
#include "engine_internal.h"

static const wl_op *current_op(const sim_run *run, const sim__thread *t)
{
    const wl_program *prog = &run->slots[t->slot].prog;
    return t->pc < prog->n ? &prog->ops[t->pc] : NULL;
}

static int64_t req_of(const sim_run *run, const sim__thread *t)
{
    return run->slots[t->slot].req;
}

static void next_op(sim__thread *t)
{
    t->pc++;
    t->remaining = -1;
}

static void release_gil(sim_run *run, int32_t th)
{
    if (run->threads[th].holds_gil)
        sim__gil_release(run, th);
}

static void start_io(sim_run *run, int32_t th, const wl_op *op)
{
    sim__thread *t = &run->threads[th];
    int dev = op->src->device;
    if (dev >= 0)
        run->devices[dev].in_use++;
    sim__emit(run, TRACE_IO_START, req_of(run, t), th, dev, 0, op->dur);
    t->gen++;
    sim__push(run, sim__later(run, op->dur), EV_WAKE, (uint32_t)th, t->gen);
}

/* Waits for the op's device when it is at capacity, else starts the I/O. */
static void begin_io(sim_run *run, int32_t th, const wl_op *op)
{
    sim__thread *t = &run->threads[th];
    t->state = TH_BLOCKED;
    sim__emit(run, TRACE_BLOCK, req_of(run, t), th, (int32_t)t->pc, 0, 0);
    int dev = op->src->device;
    if (dev >= 0) {
        const scn_device *d = &run->scn->devices[dev];
        sim__device *sd = &run->devices[dev];
        if (d->capacity > 0 && sd->in_use >= d->capacity) {
            sim__emit(run, TRACE_ENQUEUE, req_of(run, t), th, TRACE_QUEUE_DEVICE, 0, dev);
            sim__fifo_push(run, &sd->waiting, th);
            return;
        }
    }
    start_io(run, th, op);
}

static void begin_sleep(sim_run *run, int32_t th, const wl_op *op)
{
    sim__thread *t = &run->threads[th];
    t->state = TH_BLOCKED;
    sim__emit(run, TRACE_BLOCK, req_of(run, t), th, (int32_t)t->pc, 0, 0);
    sim__emit(run, TRACE_TIMER_ARM, req_of(run, t), th, 0, 0, sim__later(run, op->dur));
    t->gen++;
    sim__push(run, sim__later(run, op->dur), EV_WAKE, (uint32_t)th, t->gen);
}

/* Starts a cpu or native op, or notes that it is empty. Returns true when the
 * thread now needs a core. */
static bool begin_cpu(sim_run *run, int32_t th, const wl_op *op)
{
    sim__thread *t = &run->threads[th];
    if (t->remaining < 0)
        t->remaining = op->dur;
    if (t->remaining == 0)
        return false;
    sim__cpu_want(run, th);
    return true;
}

void sim__thread_advance(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    for (;;) {
        if (run->gil && !t->holds_gil && !sim__gil_take(run, th)) {
            sim__cpu_leave(run, th);
            return;
        }
        const wl_op *op = current_op(run, t);
        if (op == NULL) {
            sim__request_done(run, th);
            return;
        }
        switch (op->kind) {
        case SCN_STEP_NATIVE:
            /* native code is cpu work without the GIL */
            release_gil(run, th);
            if (begin_cpu(run, th, op))
                return;
            break;
        case SCN_STEP_CPU:
            if (begin_cpu(run, th, op))
                return;
            break;
        case SCN_STEP_IO:
            release_gil(run, th);
            sim__cpu_leave(run, th);
            begin_io(run, th, op);
            return;
        case SCN_STEP_TIMEOUT:
            release_gil(run, th);
            sim__cpu_leave(run, th);
            begin_sleep(run, th, op);
            return;
        case SCN_STEP_LOG:
            sim__log(run, th, op->src->text);
            break;
        default:
            /* structure only: a callback, a branch, a repeat; its steps follow */
            break;
        }
        next_op(t);
    }
}

void sim__thread_op_done(sim_run *run, int32_t th)
{
    next_op(&run->threads[th]);
    sim__thread_advance(run, th);
}

void sim__thread_wake(sim_run *run, int32_t th, uint64_t gen)
{
    sim__thread *t = &run->threads[th];
    if (t->gen != gen || t->state != TH_BLOCKED)
        return;
    const wl_op *op = current_op(run, t);
    if (op->kind == SCN_STEP_IO) {
        int dev = op->src->device;
        sim__emit(run, TRACE_IO_DONE, req_of(run, t), th, dev, 0, 0);
        if (dev >= 0) {
            sim__device *sd = &run->devices[dev];
            sd->in_use--;
            int32_t w = sim__fifo_pop(run, &sd->waiting);
            if (w >= 0) {
                sim__emit(run, TRACE_DEQUEUE, req_of(run, &run->threads[w]), w,
                          TRACE_QUEUE_DEVICE, 0, dev);
                start_io(run, w, current_op(run, &run->threads[w]));
            }
        }
    } else {
        sim__emit(run, TRACE_TIMER_FIRE, req_of(run, t), th, 0, 0, 0);
    }
    next_op(t);
    sim__thread_advance(run, th);
}

void sim__thread_resume(sim_run *run, int32_t th, uint64_t gen)
{
    sim__thread *t = &run->threads[th];
    if (t->gen != gen || t->slot < 0)
        return;
    sim__thread_advance(run, th);
}
