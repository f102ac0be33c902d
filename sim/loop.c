/* loop.c - event loops: what Node's (loop_node.c) and asyncio's (loop_asyncio.c)
 * have in common.
 *
 * A loop is one thread that runs tasks: pieces of a request's program (the
 * request's own callback when it arrives, a timer's callback, the rest of a
 * function after an `await`, ...). Running a task executes its ops in order until
 * it ends or awaits; `cpu` ops need a core and hold the loop meanwhile, which is
 * how CPU work blocks everything else. Steps that schedule work create new tasks:
 *
 *   step          Node (libuv phase / V8 queue)       asyncio
 *   microtask     microtask queue                     ready (call_soon)
 *   next_tick     nextTick queue                      ready (call_soon)
 *   immediate     check queue                         ready (call_soon)
 *   timeout D     the timer list of D (in whole ms,   timer heap, due now + D
 *                 1 at least), due now + D; lists
 *                 by expiry (loop_node.c)
 *   io / offload  completion comes through poll        ... through select, then
 *                                                     one more call_soon (the
 *                                                     future wakes its task)
 *   parallel      branches run at once, in order;     branches are tasks that
 *                 the rest waits for all               start on the next iteration
 *
 * This file keeps the tasks and their queues, runs a task, and puts the loop to
 * sleep in poll / select and wakes it. Which task comes next, and the few rules
 * above that differ, are the loop's flavor (sim__flavor), chosen at set-up.
 */
#include "engine_internal.h"

#include <stdlib.h>

/* ---- tasks and their queues ---------------------------------------------------- */

static int64_t task_req(const sim_run *run, int32_t k)
{
    return run->slots[run->tasks[k].slot].req;
}

int32_t sim__task_new(sim_run *run, int32_t slot, uint32_t pc, uint32_t end, int32_t loop,
                      int32_t job)
{
    int32_t k = SIM__TAKE(&run->task_store, run->tasks, &run->err);
    if (k < 0)
        return -1;
    run->tasks[k] = (sim__task){.slot = slot,
                                .pc = pc,
                                .end = end,
                                .loop = loop,
                                .job = job,
                                .join = -1,
                                .hop = -1,
                                .next = -1,
                                .ready_at = -1};
    if (job >= 0)
        run->jobs[job].live++;
    else
        run->slots[slot].live++;
    return k;
}

void sim__loop_enqueue(sim_run *run, int queue, int32_t k)
{
    sim__loop *L = &run->loops[run->tasks[k].loop];
    sim__fifo *q = queue == TRACE_QUEUE_NEXT_TICK   ? &L->ticks
                   : queue == TRACE_QUEUE_MICROTASK ? &L->micro
                   : queue == TRACE_QUEUE_CHECK     ? &L->check
                   : queue == TRACE_QUEUE_POLL      ? &L->poll
                                                    : &L->ready;
    SIM__FIFO_PUSH(q, run->tasks, k);
    sim__emit_queue(run, TRACE_ENQUEUE, task_req(run, k), L->thread, queue, k, -1,
                    run->tasks[k].hop >= 0 ? TRACE_TAKE_HOP : TRACE_TAKE_RUN);
}

/* A task that others wait for (a Promise.all / gather) may go on: in Node through
 * the microtask queue (an await resumes in a microtask), in asyncio via call_soon. */
static void resume_join(sim_run *run, int32_t k)
{
    /* one step for the combined promise / outer future to settle, one for the
     * await to resume (node v20: `await Promise.all` resumes after two turns of
     * a microtask chain; CPython 3.11: gather's parent two iterations after its
     * last child) */
    run->tasks[k].hops = 1;
    int32_t h = sim__task_hop(run, k);
    if (h >= 0)
        sim__loop_enqueue(run, run->loops[run->tasks[k].loop].fl->hop_queue, h);
}

static void task_end(sim_run *run, int32_t k)
{
    sim__task tk = run->tasks[k];
    SIM__GIVE(&run->task_store, run->tasks, k);
    if (tk.join >= 0 && --run->tasks[tk.join].pending == 0)
        resume_join(run, tk.join);
    if (tk.job >= 0) {
        if (--run->jobs[tk.job].live == 0)
            sim__worker_job_done(run, tk.job);
    } else if (--run->slots[tk.slot].live == 0) {
        sim__slot_done(run, tk.slot, run->loops[tk.loop].thread);
    }
}

/* A hop: asyncio's future waking its task with call_soon, Node's turns of a
 * microtask chain. Not counted as work of its request. */
int32_t sim__task_hop(sim_run *run, int32_t target)
{
    run->tasks[target].hops--;
    int32_t h = SIM__TAKE(&run->task_store, run->tasks, &run->err);
    if (h < 0)
        return -1;
    sim__task *t = &run->tasks[target];
    run->tasks[h] = (sim__task){.slot = t->slot,
                                .loop = t->loop,
                                .job = -1,
                                .join = -1,
                                .hop = target,
                                .next = -1,
                                .ready_at = t->ready_at};
    t->ready_at = -1;
    return h;
}

/* ---- waiting in poll / select --------------------------------------------------- */

void sim__loop_phase(sim_run *run, sim__loop *L, int phase)
{
    L->phase = phase;
    sim__emit(run, TRACE_PHASE, -1, L->thread, phase, 0, 0);
}

/* The loop thread sleeps in epoll_wait / select until a completion or `until`
 * (-1: no timeout). */
static void block(sim_run *run, int32_t l, int64_t until)
{
    sim__loop *L = &run->loops[l];
    int32_t th = L->thread;
    sim__thread *t = &run->threads[th];
    sim__gil_release(run, th);
    sim__cpu_leave(run, th);
    t->state = TH_BLOCKED;
    t->slot = -1;
    L->waiting = true;
    L->wake_gen++;
    sim__emit(run, TRACE_BLOCK, -1, th, -1, 0, 0);
    if (until >= 0)
        sim__push(run, until < run->now ? run->now : until, EV_LOOP_WAKE, (uint32_t)l, L->wake_gen);
}

static void unblock(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    L->waiting = false;
    L->wake_gen++;
    L->polled = true;
    sim__thread *t = &run->threads[L->thread];
    t->state = TH_READY;
    t->gen++;
    sim__push(run, run->now, EV_RESUME, (uint32_t)L->thread, t->gen);
}

void sim__loop_wake(sim_run *run, int32_t l, uint64_t gen)
{
    if (run->loops[l].waiting && run->loops[l].wake_gen == gen)
        unblock(run, l);
}

void sim__loop_post(sim_run *run, int32_t k, int64_t ready_at)
{
    int32_t l = run->tasks[k].loop;
    sim__loop_enqueue(run, TRACE_QUEUE_POLL, k);
    run->tasks[k].ready_at = ready_at;
    if (run->loops[l].waiting)
        unblock(run, l);
}

bool sim__loop_defer(sim_run *run, sim__loop *L)
{
    if (L->deferred) {
        L->deferred = false;
        return false;
    }
    const heap_event *top = heap_peek(&run->heap);
    bool pending = (top != NULL && top->t <= run->now) ||
                   (run->has_arrival && run->arrival_t <= run->now);
    if (!pending)
        return false;
    L->deferred = true;
    sim__thread *t = &run->threads[L->thread];
    sim__push(run, run->now, EV_RESUME, (uint32_t)L->thread, t->gen);
    return true;
}

int64_t sim__loop_next_due(const sim__loop *L)
{
    const heap_event *top = heap_peek(&L->timers);
    return top ? top->t : -1;
}

/* ---- what runs next --------------------------------------------------------------- */

int32_t sim__loop_take(sim_run *run, sim__loop *L, sim__fifo *q, int queue, bool starts)
{
    int32_t k = SIM__FIFO_POP(q, run->tasks);
    const sim__task *tk = &run->tasks[k];
    int64_t lag = starts && tk->ready_at >= 0 ? run->now - tk->ready_at : -1;
    int take = !starts ? TRACE_TAKE_HANDOFF : tk->hop >= 0 ? TRACE_TAKE_HOP : TRACE_TAKE_RUN;
    sim__emit_queue(run, TRACE_DEQUEUE, task_req(run, k), L->thread, queue, k, lag, take);
    return k;
}

int32_t sim__loop_timer_fired(sim_run *run, sim__loop *L, int32_t k, int64_t due, bool at_once)
{
    run->tasks[k].ready_at = due;
    sim__emit(run, TRACE_TIMER_FIRE, task_req(run, k), L->thread, 0, at_once, due);
    return k;
}

/* The next task for loop l: Promise.all branches first (they run as part of the
 * current callback), then the flavor's choice. -2: wait; -1: error. */
static int32_t next_task(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    if (L->stack >= 0) {
        int32_t k = L->stack;
        L->stack = run->tasks[k].next;
        return k;
    }
    return L->fl->next(run, l);
}

/* ---- running a task -------------------------------------------------------------- */

/* The end of an offload's offloaded steps: its first branch child (`then`) or the
 * end of its subtree. */
static uint32_t offloaded_end(const wl_program *prog, uint32_t pc)
{
    uint32_t after = pc + 1 + prog->ops[pc].size;
    for (uint32_t i = pc + 1; i < after; i += 1 + prog->ops[i].size)
        if (prog->ops[i].kind == WL_OP_BRANCH)
            return i;
    return after;
}

/* Promise.all / gather: a task per branch, joined by task k, which waits. */
static void start_branches(sim_run *run, sim__loop *L, int32_t k, uint32_t pc)
{
    const sim__task tk = run->tasks[k];
    const wl_program *prog = &run->slots[tk.slot].prog;
    uint32_t after = pc + 1 + prog->ops[pc].size;
    sim__fifo now = SIM__FIFO_EMPTY;
    for (uint32_t b = pc + 1; b < after; b += 1 + prog->ops[b].size) {
        int32_t n = sim__task_new(run, tk.slot, b + 1, b + 1 + prog->ops[b].size, tk.loop, tk.job);
        if (n < 0)
            return;
        run->tasks[n].join = k;
        run->tasks[k].pending++;
        if (!L->fl->branches_now) {
            sim__loop_enqueue(run, TRACE_QUEUE_READY, n);
            continue;
        }
        /* Node calls each async function in turn, now: they run before anything else */
        SIM__FIFO_PUSH(&now, run->tasks, n);
    }
    if (now.n > 0) {
        run->tasks[now.tail].next = L->stack;
        L->stack = now.head;
    }
}

/* Schedules a callback: its steps become a task in `queue` (or a timer). */
static void schedule(sim_run *run, sim__loop *L, int32_t k, const wl_op *op, uint32_t pc)
{
    const sim__task tk = run->tasks[k];
    int32_t n = sim__task_new(run, tk.slot, pc + 1, pc + 1 + op->size, tk.loop, tk.job);
    if (n < 0)
        return;
    if (op->kind == SCN_STEP_TIMEOUT) {
        /* where the timer waits and when it falls due are the flavor's */
        int64_t due = L->fl->arm(run, L, n, op->dur);
        if (due >= 0)
            sim__emit(run, TRACE_TIMER_ARM, task_req(run, n), L->thread, 0, 0, due);
        return;
    }
    sim__loop_enqueue(run, L->fl->queue(op->kind), n);
}

/* io and offload: the work goes elsewhere; with `then` the callback is a new task
 * and k goes on, otherwise k itself waits for it. Returns true when k waits. */
static bool send_off(sim_run *run, int32_t k, const wl_op *op, uint32_t pc)
{
    const sim__task tk = run->tasks[k];
    const wl_program *prog = &run->slots[tk.slot].prog;
    uint32_t after = pc + 1 + op->size;
    bool offload = op->kind == SCN_STEP_OFFLOAD;
    uint32_t work_end = offload ? offloaded_end(prog, pc) : pc + 1;
    int32_t cont = k;
    if (op->src->has_then) {
        /* an io's callback is its body; an offload's is its `then` branch */
        uint32_t cb = offload ? work_end + 1 : pc + 1;
        cont = sim__task_new(run, tk.slot, cb, after, tk.loop, tk.job);
        if (cont < 0)
            return false;
    }
    run->tasks[k].pc = after;
    int dev = op->src->device;
    bool pool = offload || (dev >= 0 && run->scn->devices[dev].via_threadpool);
    /* asyncio: a transport's callback runs straight from select(); a future (an
     * awaited read, an executor's result) wakes its task or runs its callbacks
     * with one call_soon (measured on CPython 3.11: the task resumes one
     * iteration after the select that saw the result) */
    run->tasks[cont].hops = op->src->has_then && !pool ? 0 : 1;
    if (offload) {
        /* workers belong to the process's main loop (asyncio has none: its
         * executor takes everything) */
        bool to_worker = op->src->to == SCN_OFFLOAD_WORKER &&
                         run->loops[run->loops[tk.loop].proc].nworkers > 0;
        sim__pool_submit(run, tk.loop, tk.slot, pc + 1, work_end, cont, to_worker);
    } else if (pool) {
        sim__pool_submit(run, tk.loop, tk.slot, pc, pc + 1, cont, false);
    } else {
        sim__io_begin(run, -1, cont, dev, op->dur, task_req(run, k));
    }
    return cont == k;
}

/* The loop's thread. Never kept across a call that may start a pool thread:
 * starting one may move run->threads. */
static sim__thread *loop_thread(sim_run *run, const sim__loop *L)
{
    return &run->threads[L->thread];
}

/* The loop has no current task any more (it ended or waits). */
static void drop_task(sim_run *run, sim__loop *L)
{
    sim__step(run, L->thread, -1);
    L->cur = -1;
    loop_thread(run, L)->slot = -1;
}

enum run_result {
    RUN_GONE, /* the task ended or waits: the loop has no current task */
    RUN_CORE, /* the task needs a core (or the run failed) */
    RUN_GIL,  /* the task needs the GIL back (after native code) */
};

/* Runs the loop's current task until it needs a core or the GIL, or ends or waits. */
static enum run_result run_task(sim_run *run, sim__loop *L)
{
    int32_t k = L->cur;
    while (!run->err) {
        if (run->gil && !loop_thread(run, L)->holds_gil)
            return RUN_GIL;
        sim__task *tk = &run->tasks[k];
        if (tk->pc >= tk->end) {
            drop_task(run, L);
            task_end(run, k);
            return RUN_GONE;
        }
        uint32_t pc = tk->pc;
        const wl_op *op = &run->slots[tk->slot].prog.ops[pc];
        sim__thread *t = loop_thread(run, L);
        t->pc = pc;
        /* an op of the listing that takes no time (a print, a schedule, a send)
         * still moves the code mark: the trace says so, event by event */
        if (op->src != NULL && op->src->line > 0 && op->kind != SCN_STEP_CPU &&
            op->kind != SCN_STEP_NATIVE)
            sim__step(run, L->thread, (int32_t)pc);
        switch (op->kind) {
        case SCN_STEP_NATIVE:
        case SCN_STEP_CPU:
            if (op->kind == SCN_STEP_NATIVE)
                sim__gil_release(run, L->thread);
            if (t->remaining < 0)
                t->remaining = op->dur;
            if (t->remaining > 0) {
                sim__cpu_want(run, L->thread);
                return RUN_CORE;
            }
            t->remaining = -1;
            tk->pc = pc + 1;
            break;
        case SCN_STEP_LOG:
            /* console.log / print is CPU on the loop thread (docs/model.md, "Costs") */
            if (t->remaining < 0) {
                sim__log(run, L->thread, op->src->text);
                t->remaining = sim__cost(run,
                                         L->logged ? &run->rt->log_cost : &run->rt->first_log_cost);
                L->logged = true;
            }
            if (t->remaining > 0) {
                sim__cpu_want(run, L->thread);
                return RUN_CORE;
            }
            t->remaining = -1;
            tk->pc = pc + 1;
            break;
        case SCN_STEP_OFFLOAD:
            if (L->fl->workers && op->src->to == SCN_OFFLOAD_WORKER &&
                (L->worker || run->loops[L->proc].nworkers == 0)) {
                /* no worker threads (a worker has none of its own): the code does
                 * the work itself, on the loop, and then runs its callback */
                tk->pc = pc + 1;
                break;
            }
            /* fall through */
        case SCN_STEP_IO:
            if (send_off(run, k, op, pc)) {
                drop_task(run, L);
                return RUN_GONE;
            }
            break;
        case SCN_STEP_MICROTASK:
        case SCN_STEP_NEXT_TICK:
        case SCN_STEP_IMMEDIATE:
        case SCN_STEP_TIMEOUT:
            schedule(run, L, k, op, pc);
            run->tasks[k].pc = pc + 1 + op->size;
            break;
        case SCN_STEP_PARALLEL:
            run->tasks[k].pc = pc + 1 + op->size;
            start_branches(run, L, k, pc);
            drop_task(run, L);
            return RUN_GONE;
        default:
            /* a repeat: its unrolled copies follow */
            tk->pc = pc + 1;
            break;
        }
    }
    return RUN_CORE;
}

/* A task starts running on its loop. */
static void begin_task(sim_run *run, sim__loop *L, int32_t k)
{
    sim__task *tk = &run->tasks[k];
    if (tk->ready_at >= 0) {
        int64_t lag = run->now - tk->ready_at;
        run->lag_sum += lag;
        run->lag_count++;
        if (lag > run->m.loop_lag_max_ns)
            run->m.loop_lag_max_ns = lag;
        tk->ready_at = -1;
    }
    L->cur = k;
    sim__thread *t = &run->threads[L->thread];
    t->slot = tk->slot;
    t->remaining = -1;
}

void sim__loop_advance(sim_run *run, int32_t th)
{
    int32_t l = run->threads[th].loop;
    sim__loop *L = &run->loops[l];
    while (!run->err) {
        if (run->gil && !run->threads[th].holds_gil && !sim__gil_take(run, th)) {
            sim__cpu_leave(run, th);
            return;
        }
        if (L->cur < 0) {
            int32_t k = next_task(run, l);
            if (k == -2) {
                block(run, l,
                      L->fl->poll_until ? L->fl->poll_until(run, L) : sim__loop_next_due(L));
                return;
            }
            if (k == SIM__LOOP_BUSY) {
                /* the loop's own work: no request, no step of one; a core it holds
                 * now works for no request, and the trace says so */
                sim__thread *t = &run->threads[th];
                t->pc = UINT32_MAX;
                t->remaining = L->busy;
                L->busy = 0;
                if (t->core >= 0)
                    sim__emit(run, TRACE_RUN, -1, th, -1, 0, t->core);
                sim__cpu_want(run, th);
                return;
            }
            if (k == SIM__LOOP_DEFERRED)
                return; /* back here after the other events of this instant */
            if (k < 0)
                return;
            begin_task(run, L, k);
            int32_t target = run->tasks[k].hop;
            if (target >= 0) {
                drop_task(run, L);
                SIM__GIVE(&run->task_store, run->tasks, k);
                int32_t next = run->tasks[target].hops > 0 ? sim__task_hop(run, target) : target;
                if (next >= 0)
                    sim__loop_enqueue(run, L->fl->hop_queue, next);
                continue;
            }
        }
        if (run_task(run, L) == RUN_CORE)
            return;
    }
}

void sim__loop_op_done(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    sim__loop *L = &run->loops[t->loop];
    if (L->cur >= 0) /* else it was the loop's own work (SIM__LOOP_BUSY) */
        run->tasks[L->cur].pc++;
    t->remaining = -1;
    sim__loop_advance(run, th);
}

/* ---- set-up and arrivals -------------------------------------------------------- */

static void init_loop(sim__loop *L, int32_t proc, const sim__flavor *fl, bool worker)
{
    *L = (sim__loop){.thread = -1,
                     .proc = proc,
                     .fl = fl,
                     .worker = worker,
                     .phase = fl->first_phase,
                     .cur = -1,
                     .stack = -1,
                     .wjob = -1,
                     .budget = -1,
                     .tlist_ran = -1};
    L->ticks = L->micro = L->check = L->poll = L->ready = SIM__FIFO_EMPTY;
    L->jobs = L->wjobs = L->pool_idle = SIM__FIFO_EMPTY;
    heap_init(&L->timers);
}

int sim__loop_setup(sim_run *run, const scn_runtime *rt)
{
    const sim__flavor *fl = rt->flavor == SCN_FLAVOR_ASYNCIO ? &sim__asyncio_flavor
                                                             : &sim__node_flavor;
    int64_t workers = fl->workers ? rt->workers : 0;
    int32_t nloops = (int32_t)(run->nproc * (1 + workers));
    run->loops = calloc((size_t)nloops, sizeof *run->loops);
    if (run->loops == NULL)
        return SIM_ENOMEM;
    run->nloops = nloops;
    for (int32_t p = 0; p < run->nproc; p++) {
        sim__loop *L = &run->loops[p];
        init_loop(L, p, fl, false);
        /* each process started at its own point of a millisecond (docs/model.md,
         * "Node's clock"): drawn under jitter, a whole millisecond without */
        L->clock_phase = run->scn->machine.jitter ? (int64_t)(rng_next(&run->jitter) % 1000000) : 0;
        L->pool_max = (int32_t)rt->threadpool;
        L->first_worker = run->nproc + p * (int32_t)workers;
        L->nworkers = (int32_t)workers;
        for (int32_t w = 0; w < workers; w++) { /* worker_threads: only Node has them */
            init_loop(&run->loops[L->first_worker + w], p, &sim__node_flavor, true);
            run->loops[L->first_worker + w].clock_phase = L->clock_phase;
        }
    }
    return 0;
}

void sim__loop_arrive(sim_run *run, int32_t slot)
{
    sim__slot *s = &run->slots[slot];
    int32_t l = s->proc;
    if (l < 0) {
        /* a shared accept queue: the first loop that is waiting takes it */
        l = (int32_t)(run->rr_next++ % run->nproc);
        for (int32_t p = 0; p < run->nproc; p++) {
            if (run->loops[p].waiting) {
                l = p;
                break;
            }
        }
    }
    int32_t k = sim__task_new(run, slot, 0, s->prog.n, l, -1);
    if (k < 0)
        return;
    /* asyncio: the server's accept callback creates the handler's task (call_soon) */
    run->tasks[k].hops = 1;
    sim__loop_post(run, k, run->now);
}
