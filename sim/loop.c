/* loop.c - event loops: Node.js (libuv's phases, nextTick and microtasks) and
 * asyncio (a ready queue, a timer heap and the selector).
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
 *   timeout D     timer heap, due now + max(D, 1 ms)  timer heap, due now + D
 *   io / offload  completion comes through poll        ... through select, then
 *                                                     one more call_soon (the
 *                                                     future wakes its task)
 *   parallel      branches run at once, in order;     branches are tasks that
 *                 the rest waits for all               start on the next iteration
 *
 * Node's order (docs: "The Node.js Event Loop"; libuv's uv_run): timers, pending,
 * poll, check, close, again. After every callback: the whole nextTick queue, then
 * the whole microtask queue, repeated until both are empty. The timers phase
 * runs the timers due at the loop time cached when the phase began. Poll waits only when no immediate is pending, until the next timer is
 * due or a completion arrives, then runs the completions ready at that moment.
 *
 * asyncio's order (BaseEventLoop._run_once): select with timeout 0 if the ready
 * queue is not empty, else until the next timer; completions and due timers join
 * the ready queue; then run only the callbacks that were ready at that point.
 */
#include "engine_internal.h"
#include "error.h"

#include <stdlib.h>

#define NODE_MIN_TIMEOUT 1000000 /* setTimeout(f, 0) waits 1 ms (Node: "delay < 1 is set to 1") */

/* ---- tasks and their queues ---------------------------------------------------- */

static void tq_push(sim_run *run, sim__tfifo *q, int32_t k)
{
    run->tasks[k].next = -1;
    if (q->tail >= 0)
        run->tasks[q->tail].next = k;
    else
        q->head = k;
    q->tail = k;
    q->n++;
}

static int32_t tq_pop(sim_run *run, sim__tfifo *q)
{
    int32_t k = q->head;
    if (k < 0)
        return -1;
    q->head = run->tasks[k].next;
    if (q->head < 0)
        q->tail = -1;
    q->n--;
    return k;
}

static int64_t task_req(const sim_run *run, int32_t k)
{
    return run->slots[run->tasks[k].slot].req;
}

static int32_t alloc_task(sim_run *run)
{
    int32_t k = run->free_tasks;
    if (k >= 0) {
        run->free_tasks = run->tasks[k].next;
        return k;
    }
    if (!sim__grow(run, (void **)&run->tasks, &run->cap_tasks, run->ntasks, sizeof *run->tasks))
        return -1;
    return run->ntasks++;
}

int32_t sim__task_new(sim_run *run, int32_t slot, uint32_t pc, uint32_t end, int32_t loop, int32_t job)
{
    int32_t k = alloc_task(run);
    if (k < 0)
        return -1;
    run->tasks[k] = (sim__task){.slot = slot, .pc = pc, .end = end, .loop = loop, .job = job,
                                .join = -1, .hop = -1, .next = -1, .ready_at = -1};
    if (job >= 0)
        run->jobs[job].live++;
    else
        run->slots[slot].live++;
    return k;
}

static void free_task(sim_run *run, int32_t k)
{
    run->tasks[k].next = run->free_tasks;
    run->free_tasks = k;
}

static void enqueue(sim_run *run, int queue, int32_t k)
{
    sim__loop *L = &run->loops[run->tasks[k].loop];
    sim__tfifo *q = queue == TRACE_QUEUE_NEXT_TICK   ? &L->ticks
                    : queue == TRACE_QUEUE_MICROTASK ? &L->micro
                    : queue == TRACE_QUEUE_CHECK     ? &L->check
                    : queue == TRACE_QUEUE_POLL      ? &L->poll
                                                     : &L->ready;
    tq_push(run, q, k);
    sim__emit_queue(run, TRACE_ENQUEUE, task_req(run, k), L->thread, queue, k, -1,
                    run->tasks[k].hop >= 0 ? TRACE_TAKE_HOP : TRACE_TAKE_RUN);
}

static int32_t new_hop(sim_run *run, int32_t target);

/* Where a hop goes: asyncio's ready queue (call_soon), Node's microtask queue. */
static int hop_queue(const sim__loop *L)
{
    return L->asyncio ? TRACE_QUEUE_READY : TRACE_QUEUE_MICROTASK;
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
    int32_t h = new_hop(run, k);
    if (h >= 0)
        enqueue(run, hop_queue(&run->loops[run->tasks[k].loop]), h);
}

static void task_end(sim_run *run, int32_t k)
{
    sim__task tk = run->tasks[k];
    free_task(run, k);
    if (tk.join >= 0 && --run->tasks[tk.join].pending == 0)
        resume_join(run, tk.join);
    if (tk.job >= 0) {
        if (--run->jobs[tk.job].live == 0)
            sim__worker_job_done(run, tk.job);
    } else if (--run->slots[tk.slot].live == 0) {
        sim__slot_done(run, tk.slot, run->loops[tk.loop].thread);
    }
}

/* ---- waiting in poll / select --------------------------------------------------- */

static void set_phase(sim_run *run, sim__loop *L, int phase)
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
    if (t->holds_gil)
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
    enqueue(run, TRACE_QUEUE_POLL, k);
    run->tasks[k].ready_at = ready_at;
    if (run->loops[l].waiting)
        unblock(run, l);
}

static int64_t next_due(const sim__loop *L)
{
    const heap_event *top = heap_peek(&L->timers);
    return top ? top->t : -1;
}

/* ---- what runs next --------------------------------------------------------------- */

/* Takes the next task of queue q. `starts`: the loop runs it now (begin_task),
 * so the event carries its loop lag; asyncio's selector only hands a completion on. */
static int32_t take(sim_run *run, sim__loop *L, sim__tfifo *q, int queue, bool starts)
{
    int32_t k = tq_pop(run, q);
    const sim__task *tk = &run->tasks[k];
    int64_t lag = starts && tk->ready_at >= 0 ? run->now - tk->ready_at : -1;
    int take = !starts ? TRACE_TAKE_HANDOFF : tk->hop >= 0 ? TRACE_TAKE_HOP : TRACE_TAKE_RUN;
    sim__emit_queue(run, TRACE_DEQUEUE, task_req(run, k), L->thread, queue, k, lag, take);
    return k;
}

static int32_t dequeue(sim_run *run, sim__loop *L, sim__tfifo *q, int queue)
{
    return take(run, L, q, queue, true);
}

static int32_t fire_timer(sim_run *run, sim__loop *L)
{
    heap_event ev;
    heap_pop(&L->timers, &ev);
    int32_t k = (int32_t)ev.id;
    run->tasks[k].ready_at = ev.t;
    /* Node runs the callback at once; asyncio puts it in its ready queue */
    sim__emit(run, TRACE_TIMER_FIRE, task_req(run, k), L->thread, 0, !L->asyncio, ev.t);
    return k;
}

/* Node: the nextTick queue, then the microtask queue drained whole, until both are
 * empty (processTicksAndRejections). -1 when both are empty. */
static int32_t node_drain(sim_run *run, sim__loop *L)
{
    if (!L->micro_mode && L->ticks.n > 0)
        return dequeue(run, L, &L->ticks, TRACE_QUEUE_NEXT_TICK);
    if (L->micro.n > 0) {
        L->micro_mode = true;
        return dequeue(run, L, &L->micro, TRACE_QUEUE_MICROTASK);
    }
    L->micro_mode = false;
    if (L->ticks.n > 0)
        return dequeue(run, L, &L->ticks, TRACE_QUEUE_NEXT_TICK);
    return -1;
}

/* Node: the next callback of libuv's phases; -2 when the loop must wait in poll. */
static int32_t node_next(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    for (;;) {
        switch (L->phase) {
        case TRACE_PHASE_MAIN:
            /* the main script: the requests there at the start, before the loop;
             * completions that come meanwhile wait for the poll phase */
            if (L->budget < 0)
                L->budget = L->poll.n;
            if (L->budget > 0) {
                L->budget--;
                return dequeue(run, L, &L->poll, TRACE_QUEUE_POLL);
            }
            set_phase(run, L, TRACE_PHASE_TIMERS);
            L->loop_time = run->now;
            break;
        case TRACE_PHASE_TIMERS: {
            int64_t due = next_due(L);
            if (due >= 0 && due <= L->loop_time)
                return fire_timer(run, L);
            set_phase(run, L, TRACE_PHASE_PENDING);
            break;
        }
        case TRACE_PHASE_PENDING:
            set_phase(run, L, TRACE_PHASE_POLL);
            L->polled = false;
            L->budget = -1;
            break;
        case TRACE_PHASE_POLL:
            if (L->budget < 0) {
                int64_t due = next_due(L);
                bool may_wait = L->check.n == 0 && (due < 0 || due > run->now);
                if (L->poll.n == 0 && may_wait && !L->polled)
                    return -2;
                L->budget = L->poll.n;
                L->loop_time = run->now;
            }
            if (L->budget > 0) {
                L->budget--;
                return dequeue(run, L, &L->poll, TRACE_QUEUE_POLL);
            }
            set_phase(run, L, TRACE_PHASE_CHECK);
            L->budget = L->check.n;
            break;
        case TRACE_PHASE_CHECK:
            if (L->budget > 0) {
                L->budget--;
                return dequeue(run, L, &L->check, TRACE_QUEUE_CHECK);
            }
            set_phase(run, L, TRACE_PHASE_CLOSE);
            break;
        default:
            set_phase(run, L, TRACE_PHASE_TIMERS);
            L->loop_time = run->now;
            break;
        }
    }
}

/* A task that, when run, only schedules task `target` (asyncio: a future's done
 * callback waking its task with call_soon). Not counted as work of its request. */
static int32_t new_hop(sim_run *run, int32_t target)
{
    run->tasks[target].hops--;
    int32_t h = alloc_task(run);
    if (h < 0)
        return -1;
    sim__task *t = &run->tasks[target];
    run->tasks[h] = (sim__task){.slot = t->slot, .loop = t->loop, .job = -1, .join = -1,
                                .hop = target, .next = -1, .ready_at = t->ready_at};
    t->ready_at = -1;
    return h;
}

/* asyncio: one _run_once() at a time; -2 when it must wait in select. */
static int32_t asyncio_next(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    if (L->budget > 0) {
        L->budget--;
        return dequeue(run, L, &L->ready, TRACE_QUEUE_READY);
    }
    if (L->phase != TRACE_PHASE_SELECT) {
        set_phase(run, L, TRACE_PHASE_SELECT);
        L->polled = false;
    }
    int64_t due = next_due(L);
    bool may_wait = L->ready.n == 0 && (due < 0 || due > run->now);
    if (L->poll.n == 0 && may_wait && !L->polled)
        return -2;
    /* the selector's callbacks first, then the timers that are due */
    while (L->poll.n > 0) {
        int32_t k = take(run, L, &L->poll, TRACE_QUEUE_POLL, false);
        int32_t h = run->tasks[k].hops > 0 ? new_hop(run, k) : k;
        if (h < 0)
            return -1;
        enqueue(run, TRACE_QUEUE_READY, h);
    }
    while ((due = next_due(L)) >= 0 && due <= run->now)
        enqueue(run, TRACE_QUEUE_READY, fire_timer(run, L));
    set_phase(run, L, TRACE_PHASE_RUN_READY);
    L->budget = L->ready.n;
    return asyncio_next(run, l);
}

/* The next task for loop l: Promise.all branches first (they run as part of the
 * current callback), then Node's drain or the phases. -2: wait; -1: error. */
static int32_t next_task(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    if (L->stack >= 0) {
        int32_t k = L->stack;
        L->stack = run->tasks[k].next;
        return k;
    }
    if (L->asyncio)
        return asyncio_next(run, l);
    int32_t k = node_drain(run, L);
    return k >= 0 ? k : node_next(run, l);
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
    int32_t first = -1, last = -1;
    for (uint32_t b = pc + 1; b < after; b += 1 + prog->ops[b].size) {
        int32_t n = sim__task_new(run, tk.slot, b + 1, b + 1 + prog->ops[b].size, tk.loop, tk.job);
        if (n < 0)
            return;
        run->tasks[n].join = k;
        run->tasks[k].pending++;
        if (L->asyncio) {
            enqueue(run, TRACE_QUEUE_READY, n);
            continue;
        }
        /* Node calls each async function in turn, now: they run before anything else */
        run->tasks[n].next = -1;
        if (last >= 0)
            run->tasks[last].next = n;
        else
            first = n;
        last = n;
    }
    if (last >= 0) {
        run->tasks[last].next = L->stack;
        L->stack = first;
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
        int64_t d = op->dur;
        int64_t due;
        /* Both count from the current time (Node's timers call uv_update_time
         * before reading the clock); Node then compares due times with the loop
         * time cached at the start of the timers phase */
        if (!L->asyncio && d < NODE_MIN_TIMEOUT)
            d = NODE_MIN_TIMEOUT;
        due = sim__later(run, d);
        if (heap_push(&L->timers, due, 0, (uint32_t)n, 0) < 0)
            run->err = SIM_ENOMEM;
        sim__emit(run, TRACE_TIMER_ARM, task_req(run, n), L->thread, 0, 0, due);
        return;
    }
    int queue = L->asyncio                          ? TRACE_QUEUE_READY
                : op->kind == SCN_STEP_MICROTASK    ? TRACE_QUEUE_MICROTASK
                : op->kind == SCN_STEP_NEXT_TICK    ? TRACE_QUEUE_NEXT_TICK
                                                    : TRACE_QUEUE_CHECK;
    enqueue(run, queue, n);
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
        switch (op->kind) {
        case SCN_STEP_NATIVE:
        case SCN_STEP_CPU:
            if (op->kind == SCN_STEP_NATIVE && t->holds_gil)
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
            sim__log(run, L->thread, op->src->text);
            tk->pc = pc + 1;
            break;
        case SCN_STEP_OFFLOAD:
            if (!L->asyncio && op->src->to == SCN_OFFLOAD_WORKER &&
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
                block(run, l, next_due(L));
                return;
            }
            if (k < 0)
                return;
            begin_task(run, L, k);
            int32_t target = run->tasks[k].hop;
            if (target >= 0) {
                drop_task(run, L);
                free_task(run, k);
                int32_t next = run->tasks[target].hops > 0 ? new_hop(run, target) : target;
                if (next >= 0)
                    enqueue(run, hop_queue(L), next);
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
    run->tasks[L->cur].pc++;
    t->remaining = -1;
    sim__loop_advance(run, th);
}

/* ---- set-up and arrivals ------------------------------------------------------- */

static void init_loop(sim__loop *L, int32_t proc, bool asyncio, bool worker)
{
    *L = (sim__loop){.thread = -1, .proc = proc, .asyncio = asyncio, .worker = worker,
                     .phase = asyncio ? TRACE_PHASE_RUN_READY : TRACE_PHASE_MAIN,
                     .cur = -1, .stack = -1, .wjob = -1, .budget = -1};
    sim__tfifo empty = {.head = -1, .tail = -1, .n = 0};
    L->ticks = L->micro = L->check = L->poll = L->ready = L->jobs = L->wjobs = empty;
    sim__fifo_init(&L->pool_idle);
    heap_init(&L->timers);
}

int sim__loop_setup(sim_run *run, const scn_runtime *rt)
{
    bool asyncio = rt->flavor == SCN_FLAVOR_ASYNCIO;
    int64_t workers = asyncio ? 0 : rt->workers;
    run->nloops = (int32_t)(run->nproc * (1 + workers));
    run->loops = calloc((size_t)run->nloops, sizeof *run->loops);
    if (run->loops == NULL)
        return SIM_ENOMEM;
    for (int32_t p = 0; p < run->nproc; p++) {
        sim__loop *L = &run->loops[p];
        init_loop(L, p, asyncio, false);
        L->pool_max = (int32_t)rt->threadpool;
        L->first_worker = run->nproc + p * (int32_t)workers;
        L->nworkers = (int32_t)workers;
        for (int32_t w = 0; w < workers; w++)
            init_loop(&run->loops[L->first_worker + w], p, false, true);
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
