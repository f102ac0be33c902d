/* gil.c - CPython's global interpreter lock, as CPython 3.2+ implements it.
 *
 * The rules (CPython's Python/ceval_gil.c, take_gil and drop_gil; docs/model.md):
 * - A thread runs Python code only while it holds its process's GIL.
 * - A thread that wants the GIL waits on a condition for one switch interval
 *   (sys.setswitchinterval, default 5 ms). If the interval passes and the GIL has
 *   not changed hands meanwhile, it sets the drop request; otherwise it waits
 *   another interval.
 * - The holder notices the drop request at its next eval-breaker check (bistro
 *   takes that as immediate once the holder is on a core), releases the GIL, and
 *   (FORCE_SWITCHING) waits until another thread has taken it before queueing again.
 * - Blocking calls (I/O, sleep, native code) release the GIL and take it again
 *   afterwards.
 * Taking the GIL clears the drop request, as take_gil does.
 *
 * bistro hands a released GIL to the longest waiter (FIFO), which makes runs
 * deterministic; real wake-up order depends on the OS. The convoy effect (bpo-7946)
 * is not coded anywhere: it follows from these rules when an I/O-bound thread has
 * to take the GIL back from a CPU-bound holder after every I/O.
 */
#include "engine_internal.h"

static void acquire(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    sim__process *p = &run->procs[t->proc];
    p->holder = th;
    p->switch_number++;
    p->drop_request = false;
    p->holder_ran = false;
    t->holds_gil = true;
    t->gil_parked = false;
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_GIL_ACQUIRE, req, th, t->proc, 0, 0);
}

bool sim__gil_take(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    sim__process *p = &run->procs[t->proc];
    if (p->holder < 0) {
        acquire(run, th);
        return true;
    }
    t->state = TH_WANT_GIL;
    t->gil_wait_since = run->now;
    t->switch_seen = p->switch_number;
    t->gen++;
    SIM__FIFO_PUSH(&p->waiters, run->threads, th);
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_GIL_WAIT, req, th, t->proc, 0, 0);
    sim__push(run, sim__later(run, run->switch_interval), EV_GIL_TIMEOUT, (uint32_t)th, t->gen);
    return false;
}

void sim__gil_release(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    if (!t->holds_gil)
        return;
    sim__process *p = &run->procs[t->proc];
    p->holder = -1;
    t->holds_gil = false;
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_GIL_RELEASE, req, th, t->proc, 0, 0);
    int32_t w = SIM__FIFO_POP(&p->waiters, run->threads);
    if (w < 0)
        return;
    sim__thread *wt = &run->threads[w];
    run->m.gil_wait_ns = sim__add_sat(run->m.gil_wait_ns, run->now - wt->gil_wait_since);
    acquire(run, w);
    /* The waiter goes on from the event loop, not from here: a chain of hand-offs
     * at one instant must not become a chain of nested calls. */
    wt->gen++;
    sim__push(run, run->now, EV_RESUME, (uint32_t)w, wt->gen);
}

/* Whether the holder has made progress since it took the GIL. */
static bool holder_ran(const sim_run *run, const sim__process *p)
{
    if (p->holder_ran)
        return true;
    const sim__thread *h = &run->threads[p->holder];
    return h->core >= 0 && run->now > h->run_from;
}

/* The waiter's wake-ups fall every switch interval from when it began to wait:
 * the first of them at or after `t`. */
static int64_t next_wakeup(const sim_run *run, const sim__thread *w, int64_t t)
{
    int64_t iv = run->switch_interval, since = w->gil_wait_since;
    int64_t d = t - since, k = d / iv + (d % iv != 0), at;
    if (__builtin_mul_overflow(k, iv, &at) || __builtin_add_overflow(at, since, &at))
        return INT64_MAX;
    return at;
}

/* Until the holder makes progress nothing a waiter's wake-up looks at can change
 * (the switch number, the drop request, whether the holder ran): the holder
 * releases the GIL only while it runs. The waiter then sleeps through those
 * wake-ups: while the holder waits for a core, until it gets one
 * (sim__gil_holder_dispatched); while the holder's context switch lasts, until
 * it ends. Real waiters wake for nothing there; skipping it changes no time, and
 * a holder that cannot run for long (a huge context switch, a 1 ns switch
 * interval) no longer costs a wake-up per interval. True when th sleeps. */
static bool sleep_through(sim_run *run, int32_t th, const sim__process *p)
{
    const sim__thread *h = &run->threads[p->holder];
    bool stuck = p->drop_request || !holder_ran(run, p);
    if (!stuck)
        return false;
    if (h->core < 0) {
        run->threads[th].gil_parked = true;
        return true;
    }
    if (h->run_from <= run->now)
        return false;
    int64_t at = next_wakeup(run, &run->threads[th], h->run_from);
    sim__push(run, at, EV_GIL_TIMEOUT, (uint32_t)th, run->threads[th].gen);
    return true;
}

void sim__gil_holder_dispatched(sim_run *run, int32_t th)
{
    const sim__thread *h = &run->threads[th];
    if (!h->holds_gil)
        return;
    const sim__process *p = &run->procs[h->proc];
    for (int32_t w = p->waiters.head; w >= 0; w = run->threads[w].next) {
        sim__thread *wt = &run->threads[w];
        if (!wt->gil_parked)
            continue;
        wt->gil_parked = false;
        sim__push(run, next_wakeup(run, wt, h->run_from), EV_GIL_TIMEOUT, (uint32_t)w, wt->gen);
    }
}

void sim__gil_timeout(sim_run *run, int32_t th, uint64_t gen)
{
    sim__thread *t = &run->threads[th];
    if (t->gen != gen || t->state != TH_WANT_GIL || t->holds_gil)
        return;
    sim__process *p = &run->procs[t->proc];
    /* CPython counts a switch when the new holder really takes the GIL, which
     * needs it to be running: until the holder has made progress, the switch has
     * not happened yet and the wait goes on. */
    if (p->switch_number == t->switch_seen && !p->drop_request && p->holder >= 0 &&
        holder_ran(run, p)) {
        p->drop_request = true;
        sim__emit(run, TRACE_GIL_DROP_REQUEST, -1, th, t->proc, 0, 0);
        if (p->holder >= 0)
            sim__cpu_interrupt(run, p->holder);
    }
    t->switch_seen = p->switch_number;
    if (p->holder >= 0 && sleep_through(run, th, p))
        return;
    sim__push(run, sim__later(run, run->switch_interval), EV_GIL_TIMEOUT, (uint32_t)th, gen);
}

bool sim__gil_must_drop(const sim_run *run, int32_t th)
{
    const sim__thread *t = &run->threads[th];
    if (!run->gil || !t->holds_gil)
        return false;
    const sim__process *p = &run->procs[t->proc];
    return p->drop_request && p->waiters.head >= 0;
}

void sim__gil_forced_drop(sim_run *run, int32_t th)
{
    sim__cpu_leave(run, th);
    sim__gil_release(run, th);
    /* FORCE_SWITCHING: the GIL went to a waiter above, so this queues behind it. */
    sim__gil_take(run, th);
}
