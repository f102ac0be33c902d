/* loop_asyncio.c - asyncio's event loop: _run_once and its call_soon hops.
 *
 * asyncio's order (BaseEventLoop._run_once): select with timeout 0 if the ready
 * queue is not empty, else until the next timer; completions and due timers join
 * the ready queue; then run only the callbacks that were ready at that point.
 * Every scheduling step is a call_soon into the one ready queue. A completion
 * that a future carries reaches its task one call_soon later (a hop, made here
 * as the selector hands it on): measured on CPython 3.11, the task resumes one
 * iteration after the select that saw the result.
 */
#include "engine_internal.h"

/* One _run_once() at a time; -2 when it must wait in select. */
static int32_t asyncio_next(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    if (L->budget > 0) {
        L->budget--;
        return sim__loop_take(run, L, &L->ready, TRACE_QUEUE_READY, true);
    }
    if (L->phase != TRACE_PHASE_SELECT) {
        sim__loop_phase(run, L, TRACE_PHASE_SELECT);
        L->polled = false;
    }
    if (sim__loop_defer(run, L))
        return SIM__LOOP_DEFERRED; /* what completes now is ready for this select */
    int64_t due = sim__loop_next_due(L);
    bool may_wait = L->ready.n == 0 && (due < 0 || due > run->now);
    if (L->poll.n == 0 && may_wait && !L->polled)
        return -2;
    /* the selector's callbacks first, then the timers that are due */
    while (L->poll.n > 0) {
        int32_t k = sim__loop_take(run, L, &L->poll, TRACE_QUEUE_POLL, false);
        int32_t h = run->tasks[k].hops > 0 ? sim__task_hop(run, k) : k;
        if (h < 0)
            return -1;
        sim__loop_enqueue(run, TRACE_QUEUE_READY, h);
    }
    heap_event ev;
    while ((due = sim__loop_next_due(L)) >= 0 && due <= run->now && heap_pop(&L->timers, &ev))
        sim__loop_enqueue(run, TRACE_QUEUE_READY,
                          sim__loop_timer_fired(run, L, (int32_t)ev.id, ev.t, false));
    sim__loop_phase(run, L, TRACE_PHASE_RUN_READY);
    L->budget = L->ready.n;
    return asyncio_next(run, l);
}

/* call_later: one heap of timers by due time, equal times in the order set
 * (BaseEventLoop._scheduled, a heapq of TimerHandles). */
static int64_t asyncio_arm(sim_run *run, sim__loop *L, int32_t k, int64_t start, int64_t delay)
{
    int64_t due;
    if (__builtin_add_overflow(start, delay, &due)) {
        run->err = SIM_EOVERFLOW;
        return -1;
    }
    if (heap_push(&L->timers, due, 0, (uint32_t)k, 0) < 0) {
        run->err = SIM_ENOMEM;
        return -1;
    }
    return due;
}

static int asyncio_queue(int step)
{
    (void)step;
    return TRACE_QUEUE_READY;
}

const sim__flavor sim__asyncio_flavor = {
    .next = asyncio_next,
    .queue = asyncio_queue,
    .first_phase = TRACE_PHASE_RUN_READY,
    .hop_queue = TRACE_QUEUE_READY,
    .arm = asyncio_arm,
    /* a periodic callback sets its next call_later as it returns */
    .interval_from_start = false,
    /* a file read sent to the executor is one job (run_in_executor, to_thread);
     * the standard library has no asynchronous file I/O */
    .pool_round_trips = false,
    /* gather's children are tasks that start on the next iteration */
    .branches_now = false,
    /* no worker threads: its executor takes every offload */
    .workers = false,
    /* ThreadPoolExecutor adds a thread at a time while none is idle */
    .pool_at_once = false,
    /* a done future and a coroutine are awaited without a trip through the loop */
    .await_turns = false,
};
