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
 *   interval D    setInterval: after each callback    a callback that call_later's
 *                 the timer goes back into its list,  itself when it returns: the
 *                 due D after the callback began      next is due D after that
 *   io / offload  completion comes through poll        ... through select, then
 *                                                     one more call_soon (the
 *                                                     future wakes its task)
 *   round trips   one threadpool request each, each   one executor job makes
 *                 sent from the poll phase that saw   them all, blocking
 *                 the one before complete (readFile)
 *   sleep D       the loop's thread blocks for D: no core, no GIL, no callback
 *   parallel      branches run at once, in order;     branches are tasks that
 *                 the rest waits for all               start on the next iteration
 *   await steps   the body runs at once as a task;      the body runs inline in
 *                 the caller resumes 1 microtask turn  the awaiting task (a
 *                 after it ends (3: returns a promise) coroutine), no hop
 *   await settled 1 turn (resolved), 2 (thenable)     goes straight on
 *   spawn         the body runs at once, then the      a task: ready (call_soon)
 *                 caller goes on
 *   join / await  a pending task or promise: 1 turn   ready, one call_soon after
 *   of a name     after it settles; a settled one: 1  it settles; a settled one:
 *                                                     straight on
 *
 * This file keeps the tasks and their queues, runs a task, and puts the loop to
 * sleep in poll / select and wakes it. Which task comes next, and the few rules
 * above that differ, are the loop's flavor (sim__flavor), chosen at set-up.
 */
#include "engine_internal.h"

#include <stdlib.h>

#include "grow.h"

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
                                .promise = -1,
                                .waiters = -1,
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

/* Task k, which awaited, goes on after k.hops more turns of the flavor's hop
 * queue (Node: an await resumes in a microtask; asyncio: the future wakes its
 * task with call_soon). */
static void wake(sim_run *run, int32_t k)
{
    int32_t h = run->tasks[k].hops > 0 ? sim__task_hop(run, k) : k;
    if (h >= 0)
        sim__loop_enqueue(run, run->loops[run->tasks[k].loop].fl->hop_queue, h);
}

void sim__loop_resume(sim_run *run, int32_t k, int32_t from_loop)
{
    run->tasks[k].hops = 0;
    if (run->tasks[k].loop != from_loop) {
        /* released on another thread (a pool thread, another process's loop):
         * the wake-up reaches this loop as a completion does, through its poll
         * or select, which it wakes (call_soon_threadsafe, uv_async_send) */
        sim__loop_post(run, k, run->now);
        return;
    }
    /* asyncio.Lock.release sets the first waiter's future, whose task wakes with
     * one call_soon; a promise-based mutex in Node resolves the waiter's promise,
     * and its await resumes in one microtask turn */
    run->tasks[k].ready_at = run->now;
    wake(run, k);
}

/* Wakes the tasks of a waiter list, in the order they began to wait (a promise's
 * reactions run in the order they were added). */
static void wake_all(sim_run *run, int32_t w)
{
    while (w >= 0 && !run->err) {
        int32_t next = run->tasks[w].next;
        run->tasks[w].next = -1;
        wake(run, w);
        w = next;
    }
}

static void add_waiter(sim_run *run, int32_t *list, int32_t k)
{
    run->tasks[k].next = -1;
    while (*list >= 0)
        list = &run->tasks[*list].next;
    *list = k;
}

static void task_end(sim_run *run, int32_t k)
{
    if (run->tasks[k].nheld > 0) /* a lock's holder ends: it lets go */
        sim__lock_release_due(run, SIM__HOLDER_TASK, k, UINT32_MAX);
    sim__task tk = run->tasks[k];
    SIM__GIVE(&run->task_store, run->tasks, k);
    if (tk.join >= 0 && --run->tasks[tk.join].pending == 0)
        resume_join(run, tk.join);
    if (tk.promise >= 0) {
        /* a spawned task's promise settles when its steps end */
        sim__promise *p = &run->slots[tk.slot].promises[tk.promise];
        if (p->task == k) {
            p->task = -1;
            p->done = true;
        }
    }
    wake_all(run, tk.waiters);
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
                                .promise = -1,
                                .waiters = -1,
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

/* Timer task n, set at `start`, falls due `delay` later: where it waits and when
 * it falls due are the flavor's. */
static void arm_timer(sim_run *run, sim__loop *L, int32_t n, int64_t start, int64_t delay)
{
    int64_t due = L->fl->arm(run, L, n, start, delay);
    if (due >= 0)
        sim__emit(run, TRACE_TIMER_ARM, task_req(run, n), L->thread, 0, 0, due);
}

/* An interval's firing op f becomes a timer task: its callback, set at `start`,
 * due the interval's period later. The op after its callback is the interval's
 * next firing when it is a firing of the same step (another copy of the same
 * interval, under a repeat, begins with its interval op); the task arms it when
 * it returns to the loop. */
static void arm_firing(sim_run *run, sim__loop *L, const sim__task *from, uint32_t f, int64_t start)
{
    const wl_program *prog = &run->slots[from->slot].prog;
    uint32_t body_end = f + 1 + prog->ops[f].size;
    int32_t n = sim__task_new(run, from->slot, f + 1, body_end, from->loop, from->job);
    if (n < 0)
        return;
    bool more = body_end < prog->n && prog->ops[body_end].kind == WL_OP_FIRING &&
                prog->ops[body_end].src == prog->ops[f].src;
    run->tasks[n].firing = more ? body_end : 0;
    arm_timer(run, L, n, start, prog->ops[f].dur);
}

/* ---- await, tasks and promises -------------------------------------------------- */

/* An await of something settled already: Node resumes after `extra` + 1 microtask
 * turns (1 for a resolved promise, V8's await of a native promise; 2 for a
 * thenable, whose then is called in a job of its own); asyncio goes straight on.
 * Returns true when k stops running now. */
static bool await_settled(sim_run *run, const sim__loop *L, int32_t k, int32_t extra)
{
    if (!L->fl->await_turns)
        return false;
    run->tasks[k].hops = extra;
    wake(run, k);
    return true;
}

/* Runs task n now, before anything else (an async function called in Node runs
 * its body at once, up to its first await); `then_k`, when >= 0, goes on after it. */
static void run_now(sim_run *run, sim__loop *L, int32_t n, int32_t then_k)
{
    int32_t rest = L->stack;
    if (then_k >= 0) {
        run->tasks[then_k].next = rest;
        rest = then_k;
    }
    run->tasks[n].next = rest;
    L->stack = n;
}

/* await, spawn, join, resolve at op pc of task k. Returns true when k stops
 * running here: it waits, or goes on after turns of the hop queue (or after a
 * task that runs first). */
static bool promise_step(sim_run *run, sim__loop *L, int32_t k, const wl_op *op, uint32_t pc)
{
    const scn_step *st = op->src;
    int32_t slot = run->tasks[k].slot;
    uint32_t after = pc + 1 + op->size;
    sim__promise *p = st->name >= 0 ? &run->slots[slot].promises[st->name] : NULL;
    run->tasks[k].pc = after;
    if (op->kind == SCN_STEP_RESOLVE) {
        /* a promise settles once; its awaiters resume in order */
        if (!p->done) {
            p->done = true;
            int32_t w = p->waiters;
            p->waiters = -1;
            wake_all(run, w);
        }
        return false;
    }
    if (op->kind == SCN_STEP_JOIN || st->awaits == SCN_AWAIT_NAMED) {
        if (p->done)
            return await_settled(run, L, k, 0);
        /* awaiting a pending task or promise: resumes one turn after it settles
         * (asyncio: its done callbacks are scheduled with call_soon) */
        run->tasks[k].hops = 0;
        add_waiter(run, p->task >= 0 ? &run->tasks[p->task].waiters : &p->waiters, k);
        return true;
    }
    if (op->kind == SCN_STEP_AWAIT && st->awaits != SCN_AWAIT_CALL)
        return await_settled(run, L, k, st->awaits == SCN_AWAIT_THENABLE ? 1 : 0);
    if (op->kind == SCN_STEP_AWAIT && !L->fl->await_turns) {
        /* asyncio: `await coro()` runs the coroutine inside the awaiting task */
        run->tasks[k].pc = pc + 1;
        return false;
    }
    int32_t n = sim__task_new(run, slot, pc + 1, after, run->tasks[k].loop, run->tasks[k].job);
    if (n < 0)
        return false;
    if (op->kind == SCN_STEP_AWAIT) {
        /* Node: the async function's body runs now; its caller resumes one turn
         * after it ends, three when it returns a promise (resolving a promise with
         * a promise takes two more jobs) */
        run->tasks[k].hops = st->returns_promise ? 2 : 0;
        run->tasks[n].waiters = k;
        run->tasks[k].next = -1;
        run_now(run, L, n, -1);
        return true;
    }
    /* spawn: the task takes the name; tasks that joined it before it existed wait
     * for it */
    run->tasks[n].promise = st->name;
    run->tasks[n].waiters = p->waiters;
    *p = (sim__promise){.task = n, .done = false, .waiters = -1};
    if (!L->fl->branches_now) {
        /* asyncio: create_task schedules the task's first step with call_soon */
        sim__loop_enqueue(run, TRACE_QUEUE_READY, n);
        return false;
    }
    /* Node: the un-awaited async call runs its body now, then the caller goes on */
    run_now(run, L, n, k);
    return true;
}

/* Schedules a callback: its steps become a task in `queue` (or a timer). */
static void schedule(sim_run *run, sim__loop *L, int32_t k, const wl_op *op, uint32_t pc)
{
    const sim__task tk = run->tasks[k];
    if (op->kind == SCN_STEP_INTERVAL) {
        /* its first firing; a count of at least 1 makes one */
        arm_firing(run, L, &tk, pc + 1, run->now);
        return;
    }
    int32_t n = sim__task_new(run, tk.slot, pc + 1, pc + 1 + op->size, tk.loop, tk.job);
    if (n < 0)
        return;
    if (op->kind == SCN_STEP_TIMEOUT) {
        arm_timer(run, L, n, run->now, op->dur);
        return;
    }
    sim__loop_enqueue(run, L->fl->queue(op->kind), n);
}

/* An interval's callback returned to the loop (it ended or awaits): its next
 * firing goes among the timers. Node's listOnTimeout re-inserts a repeating
 * timer after its callback with the start it read before calling it; asyncio's
 * callback sets the next call_later as it returns. */
static void rearm_interval(sim_run *run, sim__loop *L, int32_t k)
{
    sim__task tk = run->tasks[k];
    run->tasks[k].firing = 0;
    arm_firing(run, L, &tk, tk.firing, L->fl->interval_from_start ? tk.began : run->now);
}

/* io and offload: the work goes elsewhere; with `then` the callback is a new task
 * and k goes on, otherwise k itself waits for it. Returns true when k waits. */
static bool send_off(sim_run *run, sim__loop *L, int32_t k, const wl_op *op, uint32_t pc)
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
    } else if (pool && L->fl->pool_round_trips && op->src->round_trips > 1) {
        /* fs.readFile: its first request now, the next ones from the poll phases
         * that see each one complete (loop_advance) */
        run->tasks[cont].trip_pc = pc;
        run->tasks[cont].trip = 1;
        sim__pool_submit_trip(run, tk.loop, tk.slot, pc, cont, 0);
    } else if (pool) {
        sim__pool_submit(run, tk.loop, tk.slot, pc, pc + 1, cont, false);
    } else if (op->src->call > 0) {
        /* a call of a service: its reply ends it (engine_call.c) */
        sim__call_begin(run, -1, cont, op->src->call - 1, task_req(run, k));
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
    if (run->tasks[L->cur].firing > 0)
        rearm_interval(run, L, L->cur);
    sim__step(run, L->thread, -1);
    L->cur = -1;
    loop_thread(run, L)->slot = -1;
}

enum run_result {
    RUN_GONE, /* the task ended or waits: the loop has no current task */
    RUN_CORE, /* the task needs a core or sleeps (or the run failed) */
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
        if (tk->nheld > 0) { /* past the steps of a lock it holds: it lets go */
            sim__lock_release_due(run, SIM__HOLDER_TASK, k, tk->pc);
            tk = &run->tasks[k];
        }
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
            if (send_off(run, L, k, op, pc)) {
                drop_task(run, L);
                return RUN_GONE;
            }
            break;
        case SCN_STEP_SLEEP:
            /* time.sleep / Atomics.wait: the loop's thread blocks, without a
             * core or the GIL, and nothing else on this loop runs meanwhile */
            if (op->dur > 0) {
                sim__gil_release(run, L->thread);
                sim__cpu_leave(run, L->thread);
                sim__sleep(run, L->thread, pc, op->dur);
                return RUN_CORE;
            }
            tk->pc = pc + 1;
            break;
        case SCN_STEP_MICROTASK:
        case SCN_STEP_NEXT_TICK:
        case SCN_STEP_IMMEDIATE:
        case SCN_STEP_TIMEOUT:
        case SCN_STEP_INTERVAL:
            schedule(run, L, k, op, pc);
            run->tasks[k].pc = pc + 1 + op->size;
            break;
        case SCN_STEP_PARALLEL:
            run->tasks[k].pc = pc + 1 + op->size;
            start_branches(run, L, k, pc);
            drop_task(run, L);
            return RUN_GONE;
        case SCN_STEP_READ:
        case SCN_STEP_WRITE:
            sim__state_op(run, tk->slot, L->thread, op);
            tk->pc = pc + 1;
            break;
        case SCN_STEP_LOCK:
            if (!sim__lock_take(run, SIM__HOLDER_TASK, k, tk->slot, pc, op)) {
                /* `async with lock` on a held lock: the task awaits it, the loop goes
                 * on; the lock's release resumes it (sim__loop_resume) */
                drop_task(run, L);
                return RUN_GONE;
            }
            run->tasks[k].pc = pc + 1;
            /* asyncio.Lock.acquire of a free lock returns at once; Node's await of
             * a mutex's acquire (a resolved promise) resumes one microtask turn later */
            if (await_settled(run, L, k, 0)) {
                drop_task(run, L);
                return RUN_GONE;
            }
            break;
        case SCN_STEP_AWAIT:
        case SCN_STEP_SPAWN:
        case SCN_STEP_JOIN:
        case SCN_STEP_RESOLVE:
            if (promise_step(run, L, k, op, pc)) {
                drop_task(run, L);
                return RUN_GONE;
            }
            break;
        default:
            /* a repeat: its unrolled copies follow */
            tk->pc = pc + 1;
            break;
        }
    }
    return RUN_CORE;
}

/* Task k, run from the poll phase that saw round trip trip - 1 of its io
 * complete, sends round trip `trip` and waits again (readFileAfterOpen sends the
 * fstat, readFileAfterStat the read, ...); after the last one it runs. */
static void send_trip(sim_run *run, sim__loop *L, int32_t k)
{
    drop_task(run, L);
    sim__task *tk = &run->tasks[k];
    int32_t trip = tk->trip;
    const wl_op *io = &run->slots[tk->slot].prog.ops[tk->trip_pc];
    tk->trip = trip + 1 < io->src->round_trips ? trip + 1 : 0;
    sim__pool_submit_trip(run, tk->loop, tk->slot, tk->trip_pc, k, trip);
}

/* A task starts running on its loop. */
static void begin_task(sim_run *run, sim__loop *L, int32_t k)
{
    sim__task *tk = &run->tasks[k];
    if (tk->ready_at >= 0) {
        int64_t lag = run->now - tk->ready_at;
        run->lag_sum = sim__add_sat(run->lag_sum, lag);
        run->lag_count++;
        if (lag > run->m.loop_lag_max_ns)
            run->m.loop_lag_max_ns = lag;
        tk->ready_at = -1;
    }
    tk->began = run->now;
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
            if (run->tasks[k].trip > 0) {
                send_trip(run, L, k);
                continue;
            }
        }
        if (run_task(run, L) == RUN_CORE)
            return;
    }
}

void sim__loop_slept(sim_run *run, int32_t th)
{
    /* runnable again, at its sleep op, with no core yet */
    sim__thread *t = &run->threads[th];
    t->state = TH_READY;
    sim__emit(run, TRACE_READY, sim__thread_req(run, th), th, (int32_t)t->pc, 0, 0);
    sim__loop_op_done(run, th);
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
    size_t names = run->scn->nnames;
    if (names > 0) {
        /* the request's tasks and promises, none spawned or settled yet */
        if (sim_grow((void **)&s->promises, &s->cap_promises, names, sizeof *s->promises) < 0) {
            run->err = SIM_ENOMEM;
            return;
        }
        for (size_t i = 0; i < names; i++)
            s->promises[i] = (sim__promise){.task = -1, .done = false, .waiters = -1};
    }
    int32_t k = sim__task_new(run, slot, 0, s->prog.n, l, -1);
    if (k < 0)
        return;
    /* asyncio: the server's accept callback creates the handler's task (call_soon) */
    run->tasks[k].hops = 1;
    sim__loop_post(run, k, run->now);
}
