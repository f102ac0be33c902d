/* threads.c - an OS thread executing a piece of a request's program, blocking.
 *
 * A request thread (threads model) runs its request's whole program; a pool
 * thread (libuv's threadpool, asyncio's executor) runs one job, a range of ops.
 * Either runs its ops in order (workload.h's pre-order), which is how blocking
 * code runs every step kind: `then` callbacks run inline after their I/O,
 * `parallel` branches one after another, `offload` inline, a `timeout` is a
 * sleep, an `interval` a loop of a sleep and its callback (each firing op), a
 * `sleep` a sleep, and an io's round trips blocking waits one after another. A
 * pool thread sent one round trip of an io (Node's fs requests) makes only that
 * one. An awaited call and a spawned task run inline where they are called (the
 * blocking program calls the function and has its result), so a join or a
 * resolve has nothing left to wait for. Under the GIL a thread holds the lock whenever it executes the program,
 * except during blocking ops (io, sleep, native code), which release it and take
 * it again afterwards.
 *
 * Devices (io.c's part lives here too): an I/O operation (sim__aop) takes one unit
 * of its device's capacity, or waits first-in first-out for one.
 */
#include "engine_internal.h"

int64_t sim__thread_req(const sim_run *run, int32_t th)
{
    int32_t slot = run->threads[th].slot;
    return slot >= 0 ? run->slots[slot].req : -1;
}

static const wl_op *current_op(const sim_run *run, const sim__thread *t)
{
    const wl_program *prog = &run->slots[t->slot].prog;
    return t->pc < t->end && t->pc < prog->n ? &prog->ops[t->pc] : NULL;
}

/* Ops a blocking thread only passes through: a repeat or a branch (their steps
 * follow), an await or a spawn (their steps follow: a blocking thread runs an
 * awaited call and a spawned task inline, where it is called), a join or a resolve
 * (nothing is left to wait for: the task ran already). */
static bool structure_only(uint32_t kind)
{
    return kind == SCN_STEP_REPEAT || kind == WL_OP_BRANCH || kind == SCN_STEP_INTERVAL ||
           kind == SCN_STEP_AWAIT || kind == SCN_STEP_SPAWN || kind == SCN_STEP_JOIN ||
           kind == SCN_STEP_RESOLVE;
}

/* The op a thread that must wait before it goes on waits at: its next op that
 * does something (a repeat or a branch is only structure), or -1 at its end. */
static int32_t waiting_op(const sim_run *run, const sim__thread *t)
{
    if (t->slot < 0)
        return -1;
    const wl_program *prog = &run->slots[t->slot].prog;
    for (uint32_t pc = t->pc; pc < t->end && pc < prog->n; pc++)
        if (!structure_only(prog->ops[pc].kind))
            return (int32_t)pc;
    return -1;
}

static void next_op(sim__thread *t)
{
    t->pc++;
    t->remaining = -1;
    t->trip = 0;
    t->trip_end = 0;
}

/* Round trip i of n of an io of `dur`: an equal share, the last one also the
 * rest of the division, so that the shares add up to dur. */
static int64_t trip_share(int64_t dur, int64_t n, int64_t i)
{
    int64_t share = dur / n;
    return i == n - 1 ? dur - share * (n - 1) : share;
}

/* ---- devices ----------------------------------------------------------------- */

static void block_io(sim_run *run, int32_t th, const wl_op *op);

static void start_aop(sim_run *run, int32_t a)
{
    sim__aop *op = &run->aops[a];
    if (op->device >= 0)
        sim__device_of(run, op->device)->in_use++;
    int32_t worker = op->thread >= 0 ? op->thread : -1;
    sim__emit(run, TRACE_IO_START, op->req, worker, op->device, 0, op->dur);
    sim__push(run, sim__later(run, op->dur), EV_IO_DONE, (uint32_t)a, 0);
}

void sim__aop_start(sim_run *run, int32_t a)
{
    start_aop(run, a);
}

void sim__io_begin(sim_run *run, int32_t thread, int32_t task, int32_t device, int64_t dur,
                   int64_t req)
{
    int32_t a = SIM__TAKE(&run->aop_store, run->aops, &run->err);
    if (a < 0)
        return;
    run->aops[a] = (sim__aop){.thread = thread,
                              .task = task,
                              .device = device,
                              .next = -1,
                              .dur = dur,
                              .req = req};
    if (device >= 0) {
        const scn_device *d = &run->scn->devices[device];
        sim__device *sd = sim__device_of(run, device);
        if (d->capacity > 0 && sd->in_use >= d->capacity) {
            sim__emit_queue(run, TRACE_ENQUEUE, req, thread, TRACE_QUEUE_DEVICE, device, -1,
                            TRACE_TAKE_RUN);
            if (run->coord != NULL) /* one queue for the front and its services */
                sim__svc_device_wait(run, device, a);
            else
                SIM__FIFO_PUSH(&sd->waiting, run->aops, a);
            return;
        }
    }
    start_aop(run, a);
}

void sim__io_done(sim_run *run, int32_t a)
{
    sim__aop op = run->aops[a];
    SIM__GIVE(&run->aop_store, run->aops, a);
    sim__emit(run, TRACE_IO_DONE, op.req, op.thread, op.device, 0, 0);
    if (op.call > 0)
        sim__call_back(run, &op);
    if (op.device >= 0 && run->coord != NULL) {
        sim__device_of(run, op.device)->in_use--;
        sim__svc_device_next(run, op.device);
    } else if (op.device >= 0) {
        sim__device *sd = &run->devices[op.device];
        sd->in_use--;
        int32_t w = SIM__FIFO_POP(&sd->waiting, run->aops);
        if (w >= 0) {
            sim__emit_queue(run, TRACE_DEQUEUE, run->aops[w].req, run->aops[w].thread,
                            TRACE_QUEUE_DEVICE, op.device, -1, TRACE_TAKE_RUN);
            start_aop(run, w);
        }
    }
    if (op.task >= 0) {
        sim__loop_post(run, op.task, run->now);
        return;
    }
    sim__thread *t = &run->threads[op.thread];
    if (t->state != TH_BLOCKED)
        return;
    const wl_op *io = current_op(run, t);
    int64_t last = t->trip_end > 0 ? t->trip_end : io != NULL ? io->src->round_trips : 1;
    if (++t->trip < last) {
        block_io(run, op.thread, io); /* its next request, at once */
        return;
    }
    next_op(t);
    sim__thread_advance(run, op.thread);
}

/* ---- a blocking thread's program ------------------------------------------------ */

void sim__sleep(sim_run *run, int32_t th, uint32_t pc, int64_t dur)
{
    sim__thread *t = &run->threads[th];
    t->state = TH_BLOCKED;
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_BLOCK, req, th, (int32_t)pc, 0, 0);
    /* a loop's timers are its queue of callbacks: a loop thread's sleep is none */
    if (t->kind != TK_LOOP)
        sim__emit(run, TRACE_TIMER_ARM, req, th, 0, 0, sim__later(run, dur));
    t->gen++;
    sim__push(run, sim__later(run, dur), EV_WAKE, (uint32_t)th, t->gen);
}

/* Blocked thread th starts (the next round trip of) its io op. */
static void block_io(sim_run *run, int32_t th, const wl_op *op)
{
    sim__thread *t = &run->threads[th];
    t->state = TH_BLOCKED;
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_BLOCK, req, th, (int32_t)t->pc, 0, 0);
    if (op->src->call > 0) { /* a call of a service: its reply ends it (engine_call.c) */
        sim__call_begin(run, th, -1, op->src->call - 1, req);
        return;
    }
    sim__io_begin(run, th, -1, op->src->device, trip_share(op->dur, op->src->round_trips, t->trip),
                  req);
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

/* A load or a store of a shared value (read, write, a lock's test-and-set) is an
 * instruction the thread executes: a thread without a core (it waits in the run
 * queue) does it once it has one. Asks for a core for no time and returns true
 * then; sim__thread_op_done comes back to the same op. */
static bool needs_core(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    if (t->core >= 0)
        return false;
    t->remaining = 0;
    sim__cpu_want(run, th);
    return true;
}

static bool state_kind(uint32_t kind)
{
    return kind == SCN_STEP_READ || kind == SCN_STEP_WRITE || kind == SCN_STEP_LOCK;
}

/* The thread reached the end of its ops. */
static void finished(sim_run *run, int32_t th)
{
    if (run->threads[th].nheld > 0)
        sim__lock_release_due(run, SIM__HOLDER_THREAD, th, UINT32_MAX);
    if (run->threads[th].kind == TK_POOL)
        sim__pool_job_done(run, th);
    else
        sim__request_done(run, th);
}

void sim__thread_advance(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    if (t->kind == TK_LOOP) {
        sim__loop_advance(run, th);
        return;
    }
    for (;;) {
        if (run->gil && !t->holds_gil && run->procs[t->proc].holder >= 0)
            sim__step(run, th, waiting_op(run, t)); /* it waits for the GIL there */
        if (run->gil && !t->holds_gil && !sim__gil_take(run, th)) {
            sim__cpu_leave(run, th);
            return;
        }
        if (t->nheld > 0) /* past the steps of a lock it holds: it lets go */
            sim__lock_release_due(run, SIM__HOLDER_THREAD, th, t->pc);
        const wl_op *op = current_op(run, t);
        if (op == NULL) {
            finished(run, th);
            return;
        }
        switch (op->kind) {
        case SCN_STEP_NATIVE:
            /* native code is cpu work without the GIL */
            sim__gil_release(run, th);
            if (begin_cpu(run, th, op))
                return;
            break;
        case SCN_STEP_CPU:
            if (begin_cpu(run, th, op))
                return;
            break;
        case SCN_STEP_IO:
            sim__gil_release(run, th);
            sim__cpu_leave(run, th);
            block_io(run, th, op);
            return;
        case SCN_STEP_TIMEOUT:
        case SCN_STEP_SLEEP:
        case WL_OP_FIRING:
            /* time.sleep releases the GIL (Py_BEGIN_ALLOW_THREADS in pysleep) */
            sim__gil_release(run, th);
            sim__cpu_leave(run, th);
            sim__sleep(run, th, t->pc, op->dur);
            return;
        case SCN_STEP_LOG:
            if (op->src->line > 0) /* the code mark moves to the print */
                sim__step(run, th, (int32_t)t->pc);
            sim__log(run, th, op->src->text);
            break;
        case SCN_STEP_READ:
        case SCN_STEP_WRITE:
            if (needs_core(run, th))
                return;
            if (op->src->line > 0)
                sim__step(run, th, (int32_t)t->pc);
            sim__state_op(run, t->slot, th, op);
            break;
        case SCN_STEP_LOCK:
            if (needs_core(run, th))
                return;
            if (op->src->line > 0)
                sim__step(run, th, (int32_t)t->pc);
            if (sim__lock_take(run, SIM__HOLDER_THREAD, th, t->slot, t->pc, op))
                break; /* its steps follow */
            if (run->err)
                return;
            /* a contended threading.Lock.acquire blocks without the GIL
             * (Py_BEGIN_ALLOW_THREADS around the wait): the thread sleeps until
             * the lock is handed to it (state.c) */
            sim__gil_release(run, th);
            sim__cpu_leave(run, th);
            t->state = TH_BLOCKED;
            sim__emit(run, TRACE_BLOCK, sim__thread_req(run, th), th, (int32_t)t->pc, 0, 0);
            return;
        default:
            /* structure only: a callback, a branch, a repeat, an await, a spawn;
             * its steps follow (or none: a join, a resolve) */
            break;
        }
        next_op(t);
    }
}

void sim__thread_op_done(sim_run *run, int32_t th)
{
    if (run->threads[th].kind == TK_LOOP) {
        sim__loop_op_done(run, th);
        return;
    }
    sim__thread *t = &run->threads[th];
    const wl_op *op = current_op(run, t);
    if (op != NULL && state_kind(op->kind)) {
        /* it waited for a core to do this op (needs_core): it does it now */
        t->remaining = -1;
        sim__thread_advance(run, th);
        return;
    }
    next_op(t);
    sim__thread_advance(run, th);
}

void sim__thread_wake(sim_run *run, int32_t th, uint64_t gen)
{
    sim__thread *t = &run->threads[th];
    if (t->gen != gen || t->state != TH_BLOCKED)
        return;
    if (t->kind == TK_LOOP) {
        sim__loop_slept(run, th);
        return;
    }
    sim__emit(run, TRACE_TIMER_FIRE, sim__thread_req(run, th), th, 0, 0, run->now);
    next_op(t);
    sim__thread_advance(run, th);
}

void sim__thread_resume(sim_run *run, int32_t th, uint64_t gen)
{
    sim__thread *t = &run->threads[th];
    if (t->gen != gen || (t->slot < 0 && t->kind != TK_LOOP))
        return;
    sim__thread_advance(run, th);
}
