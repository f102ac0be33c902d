/* loop_node.c - Node.js's event loop: libuv's phases, nextTick and microtasks.
 *
 * Node's order (docs: "The Node.js Event Loop"; libuv's uv_run): timers, pending,
 * poll, check, close, again. After every callback: the whole nextTick queue, then
 * the whole microtask queue, repeated until both are empty. The timers phase
 * runs the timers due at the loop time cached when the phase began. Poll waits
 * only when no immediate is pending, until the next timer is due or a completion
 * arrives, then runs the completions ready at that moment. Before the first
 * iteration runs the main script: here, the requests there at time 0.
 */
#include "engine_internal.h"

#define NODE_MIN_TIMEOUT 1000000 /* setTimeout(f, 0) waits 1 ms (Node: "delay < 1 is set to 1") */

static int32_t dequeue(sim_run *run, sim__loop *L, sim__fifo *q, int queue)
{
    return sim__loop_take(run, L, q, queue, true);
}

/* The nextTick queue, then the microtask queue drained whole, until both are
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

/* The next callback of libuv's phases; -2 when the loop must wait in poll. */
static int32_t node_phases(sim_run *run, int32_t l)
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
            sim__loop_phase(run, L, TRACE_PHASE_TIMERS);
            L->loop_time = run->now;
            break;
        case TRACE_PHASE_TIMERS: {
            int64_t due = sim__loop_next_due(L);
            if (due >= 0 && due <= L->loop_time)
                return sim__loop_fire_timer(run, L, true);
            sim__loop_phase(run, L, TRACE_PHASE_PENDING);
            break;
        }
        case TRACE_PHASE_PENDING:
            sim__loop_phase(run, L, TRACE_PHASE_POLL);
            L->polled = false;
            L->budget = -1;
            break;
        case TRACE_PHASE_POLL:
            if (L->budget < 0) {
                int64_t due = sim__loop_next_due(L);
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
            sim__loop_phase(run, L, TRACE_PHASE_CHECK);
            L->budget = L->check.n;
            break;
        case TRACE_PHASE_CHECK:
            if (L->budget > 0) {
                L->budget--;
                return dequeue(run, L, &L->check, TRACE_QUEUE_CHECK);
            }
            sim__loop_phase(run, L, TRACE_PHASE_CLOSE);
            break;
        default:
            sim__loop_phase(run, L, TRACE_PHASE_TIMERS);
            L->loop_time = run->now;
            break;
        }
    }
}

static int32_t node_next(sim_run *run, int32_t l)
{
    int32_t k = node_drain(run, &run->loops[l]);
    return k >= 0 ? k : node_phases(run, l);
}

static int node_queue(int step)
{
    return step == SCN_STEP_MICROTASK   ? TRACE_QUEUE_MICROTASK
           : step == SCN_STEP_NEXT_TICK ? TRACE_QUEUE_NEXT_TICK
                                        : TRACE_QUEUE_CHECK;
}

const sim__flavor sim__node_flavor = {
    .next = node_next,
    .queue = node_queue,
    .first_phase = TRACE_PHASE_MAIN,
    /* an await resumes in a microtask */
    .hop_queue = TRACE_QUEUE_MICROTASK,
    .min_timeout = NODE_MIN_TIMEOUT,
    /* Promise.all's async functions are called in turn, now */
    .branches_now = true,
    /* worker_threads; without any, the code does the work itself */
    .workers = true,
    /* libuv starts every pool thread at the first job (init_threads) */
    .pool_at_once = true,
};
