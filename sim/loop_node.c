/* loop_node.c - Node.js's event loop: libuv's phases, nextTick and microtasks.
 *
 * Node's order (docs: "The Node.js Event Loop"; libuv's uv_run): timers, pending,
 * poll, check, close, again. After every callback: the whole nextTick queue, then
 * the whole microtask queue, repeated until both are empty. The timers phase
 * runs Node's timer lists (one per duration) that are due at the loop time cached
 * when the phase began, each list's due timers in a row (below). Poll waits
 * only when no immediate is pending, until the next timer is due or a completion
 * arrives, then runs the completions ready at that moment. Before the first
 * iteration runs the main script: here, the requests there at time 0.
 */
#include "engine_internal.h"

#include <assert.h>
#include <stdlib.h>

#define MS 1000000
/* setTimeout's largest delay, 2^31 - 1 ms (TIMEOUT_MAX in lib/internal/timers.js) */
#define NODE_TIMEOUT_MAX (2147483647LL * MS)

/* ---- timers: one list per duration --------------------------------------------------
 *
 * lib/internal/timers.js (node v20): a Timeout's delay below 1 ms or above
 * TIMEOUT_MAX becomes 1 ms; insert() truncates it to whole milliseconds and appends
 * the timer to the list of that duration (timerListMap[msecs]), making the list, with
 * expiry = start + msecs and the next list id, when there is none. The lists wait
 * in a priority queue by (expiry, id) (timerListQueue, compareTimersLists). The
 * timers phase calls processTimers(now): while the first list has expiry <= now,
 * listOnTimeout(list, now) runs that list's timers in the order they were set
 * while now - start >= msecs, with the nextTick and microtask queues drained
 * between them; at the first timer not yet due the list gets that timer's expiry
 * and a new id and goes back into the queue; an emptied list is deleted.
 *
 * Here the lists live in the loop's `timers` heap: t = expiry, seq = the list's id
 * (a push takes the next one, as timerListId++ does). Since timers of one list are
 * set in order of time, a waiting list's expiry is its first timer's due time, so
 * the heap's top is also when the next timer falls due. An emptied list leaves the
 * heap but stays in the map; a timer that joins it again queues it with a new id
 * and an expiry, exactly as Node's new list would get.
 */

static size_t tlist_hash(int64_t msecs, size_t cap)
{
    return (size_t)(((uint64_t)msecs * 0x9E3779B97F4A7C15u) >> 32) & (cap - 1);
}

/* Makes the map twice as big (16 at first) and files every list in it again. */
static int tlist_map_grow(sim__loop *L)
{
    size_t cap = L->cap_tlist_map ? L->cap_tlist_map * 2 : 16;
    if (cap > SIZE_MAX / sizeof *L->tlist_map)
        return SIM_ENOMEM;
    int32_t *map = malloc(cap * sizeof *map);
    if (map == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        map[i] = -1;
    for (int32_t i = 0; i < L->ntlists; i++) {
        size_t h = tlist_hash(L->tlists[i].msecs, cap);
        while (map[h] >= 0)
            h = (h + 1) & (cap - 1);
        map[h] = i;
    }
    free(L->tlist_map);
    L->tlist_map = map;
    L->cap_tlist_map = cap;
    return 0;
}

/* The list of timers of `msecs`, made (empty, not queued) when there is none yet;
 * -1 with run->err set when memory runs out. */
static int32_t tlist_of(sim_run *run, sim__loop *L, int64_t msecs)
{
    size_t h = 0;
    if (L->cap_tlist_map > 0) {
        for (h = tlist_hash(msecs, L->cap_tlist_map); L->tlist_map[h] >= 0;
             h = (h + 1) & (L->cap_tlist_map - 1))
            if (L->tlists[L->tlist_map[h]].msecs == msecs)
                return L->tlist_map[h];
    }
    /* a new list: keep the map at most half full */
    int rc = (size_t)L->ntlists + 1 > L->cap_tlist_map / 2 ? tlist_map_grow(L) : 0;
    if (rc == 0 && L->ntlists == INT32_MAX)
        rc = SIM_ENOMEM;
    if (rc == 0)
        rc = sim_grow((void **)&L->tlists, &L->cap_tlists, (size_t)L->ntlists + 1,
                      sizeof *L->tlists);
    if (rc < 0) {
        run->err = rc;
        return -1;
    }
    int32_t i = L->ntlists++;
    L->tlists[i] = (sim__tlist){.msecs = msecs, .timers = SIM__FIFO_EMPTY, .queued = false};
    for (h = tlist_hash(msecs, L->cap_tlist_map); L->tlist_map[h] >= 0;
         h = (h + 1) & (L->cap_tlist_map - 1))
        ;
    L->tlist_map[h] = i;
    return i;
}

/* Puts list i into the queue by `expiry`, behind the lists of equal expiry that
 * are there already (it takes the next id). */
static void tlist_queue(sim_run *run, sim__loop *L, int32_t i, int64_t expiry)
{
    if (heap_push(&L->timers, expiry, 0, (uint32_t)i, 0) < 0)
        run->err = SIM_ENOMEM;
    L->tlists[i].queued = true;
}

/* ---- libuv's clock: whole milliseconds ----------------------------------------------
 *
 * libuv caches the loop's time in whole milliseconds (uv__update_time: the monotonic
 * clock in ns divided by 10^6, truncated; uv_now reads the cache). It reads the
 * clock at the start of each iteration (before the timers), after epoll_wait
 * returns, and whenever Node asks for the time: every setTimeout (insert() takes
 * getLibuvNow(), Environment::GetNowUint64 calls uv_update_time) and the timers
 * phase (RunTimers passes GetNow() to processTimers). A timer starts at that whole
 * millisecond and is due when the clock reaches start + msecs: 0 to 1 ms before
 * start + msecs in real time. The real clock reads clock_phase + t at time t
 * (the process does not start at a whole millisecond); a due time in ns is when
 * the millisecond clock reaches the expiry, so comparing ns with the loop time in
 * ns gives the same answers as libuv's comparisons in ms.
 */

/* The millisecond clock at time t. */
static int64_t uv_ms(const sim__loop *L, int64_t t)
{
    return sim__later_than(t, L->clock_phase) / MS;
}

/* setTimeout, and setInterval after each callback: the timer joins the list of
 * its duration (insert(item, msecs, start)). It starts at the millisecond clock
 * read at `start`: now for setTimeout (insert() takes getLibuvNow()), when its
 * callback began for an interval (listOnTimeout reads getLibuvNow() then). */
static int64_t node_arm(sim_run *run, sim__loop *L, int32_t k, int64_t start, int64_t delay)
{
    int64_t msecs = delay < MS || delay > NODE_TIMEOUT_MAX ? MS : delay - delay % MS;
    if (start > L->uv_time)
        L->uv_time = start;
    /* start, in ns: less the clock's fraction of a millisecond */
    int64_t due, ms_start = start - sim__later_than(start, L->clock_phase) % MS;
    if (__builtin_add_overflow(ms_start, msecs, &due)) {
        run->err = SIM_EOVERFLOW;
        return -1;
    }
    int32_t i = tlist_of(run, L, msecs);
    if (i < 0)
        return -1;
    run->tasks[k].ready_at = due;
    SIM__FIFO_PUSH(&L->tlists[i].timers, run->tasks, k);
    if (!L->tlists[i].queued)
        tlist_queue(run, L, i, due);
    return run->err ? -1 : due;
}

/* listOnTimeout, after a timer's callback (before the nextTick and microtask
 * queues): the list, still the first in the queue (lists made meanwhile expire
 * after now), goes on if its next timer is due; else it waits for that timer with
 * a new id, or leaves the queue empty. Node's new expiry, max(start + msecs,
 * now + 1), is always start + msecs: a timer not due has start + msecs > now. */
static void tlist_after_callback(sim_run *run, sim__loop *L)
{
    int32_t i = L->tlist_ran;
    L->tlist_ran = -1;
    int32_t k = L->tlists[i].timers.head;
    if (k >= 0 && run->tasks[k].ready_at <= L->loop_time)
        return;
    heap_event top;
    heap_pop(&L->timers, &top);
    assert(top.id == (uint32_t)i);
    L->tlists[i].queued = false;
    if (k >= 0)
        tlist_queue(run, L, i, run->tasks[k].ready_at);
}

/* processTimers(now), now being the loop time of this timers phase: the next timer
 * of the first list if that list is due (its first timer is then due too), else -1. */
static int32_t node_next_timer(sim_run *run, sim__loop *L)
{
    const heap_event *top = heap_peek(&L->timers);
    if (top == NULL || top->t > L->loop_time)
        return -1;
    int32_t i = (int32_t)top->id;
    int32_t k = SIM__FIFO_POP(&L->tlists[i].timers, run->tasks);
    assert(k >= 0); /* an empty list left the queue after its last callback */
    L->tlist_ran = i;
    return sim__loop_timer_fired(run, L, k, run->tasks[k].ready_at, true);
}

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

/* How long epoll_wait sleeps: uv__backend_timeout gives the first timer's expiry
 * less the cached loop time, in whole ms (0 when past), counted from when the loop
 * calls it; with a stale cache (callbacks ran since it was read) the wait ends
 * later than the timer's due time. -1: no timer, wait for a completion. */
static int64_t node_poll_until(const sim_run *run, const sim__loop *L)
{
    int64_t due = sim__loop_next_due(L);
    if (due < 0)
        return -1;
    int64_t wait = uv_ms(L, due) - uv_ms(L, L->uv_time);
    return wait > 0 ? sim__later_than(run->now, wait * MS) : run->now;
}

/* A new iteration (or the first): libuv reads its clock, the timers phase begins. */
static void node_iteration(sim_run *run, sim__loop *L)
{
    sim__loop_phase(run, L, TRACE_PHASE_TIMERS);
    L->loop_time = L->uv_time = run->now;
}

/* The loop's start, before its first iteration (docs/model.md, "Costs"): a worker's
 * start before anything runs on it; the main loop's own work between the end of the
 * main script and the first iteration. True when the loop thread must first spend
 * L->busy of CPU. */
static bool node_start(sim_run *run, sim__loop *L, const scn_dist *cost)
{
    if (L->started)
        return false;
    L->started = true;
    L->busy = sim__cost(run, cost);
    return L->busy > 0;
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
            if (L->worker && L->budget < 0 && node_start(run, L, &run->rt->worker_start))
                return SIM__LOOP_BUSY;
            if (L->budget < 0)
                L->budget = L->poll.n;
            if (L->budget > 0) {
                L->budget--;
                return dequeue(run, L, &L->poll, TRACE_QUEUE_POLL);
            }
            if (!L->worker && node_start(run, L, &run->rt->loop_start))
                return SIM__LOOP_BUSY;
            node_iteration(run, L);
            break;
        case TRACE_PHASE_TIMERS: {
            int32_t k = node_next_timer(run, L);
            if (k >= 0)
                return k;
            /* the clock is read again after the timers' callbacks: a timer that
             * fell due while a long callback ran fires at once, not a stale
             * cache's wait later (node v20: a 20 ms setInterval whose callback
             * works 30 ms runs at 20, 50, 80 ms) */
            L->uv_time = run->now;
            sim__loop_phase(run, L, TRACE_PHASE_PENDING);
            break;
        }
        case TRACE_PHASE_PENDING:
            sim__loop_phase(run, L, TRACE_PHASE_POLL);
            L->polled = false;
            L->budget = -1;
            break;
        case TRACE_PHASE_POLL:
            if (L->budget < 0 && sim__loop_defer(run, L))
                return SIM__LOOP_DEFERRED; /* what completes now is ready for this poll */
            if (L->budget < 0) {
                int64_t until = node_poll_until(run, L);
                bool may_wait = L->check.n == 0 && (until < 0 || until > run->now);
                if (L->poll.n == 0 && may_wait && !L->polled)
                    return -2;
                L->budget = L->poll.n;
                L->loop_time = L->uv_time = run->now; /* epoll_wait returned */
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
        default: node_iteration(run, L); break;
        }
    }
}

static int32_t node_next(sim_run *run, int32_t l)
{
    sim__loop *L = &run->loops[l];
    if (L->tlist_ran >= 0)
        tlist_after_callback(run, L);
    int32_t k = node_drain(run, L);
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
    .arm = node_arm,
    /* listOnTimeout reads `start` before a repeating timer's callback */
    .interval_from_start = true,
    /* fs.readFile: open, fstat, read, close, each a uv_fs_t of its own */
    .pool_round_trips = true,
    .poll_until = node_poll_until,
    /* Promise.all's async functions are called in turn, now */
    .branches_now = true,
    /* worker_threads; without any, the code does the work itself */
    .workers = true,
    /* libuv starts every pool thread at the first job (init_threads) */
    .pool_at_once = true,
    /* V8: every await takes at least one microtask turn */
    .await_turns = true,
};
