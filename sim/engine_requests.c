/* engine_requests.c - requests: their arrival, their wait for a thread, their end.
 *
 * Requests arrive from the workload's iterator (open arrivals, a sorted stream
 * kept beside the event heap) or from closed-loop clients, which send again a
 * think time after each answer. Each takes a slot, which holds its program while
 * it is served. With threads, a request goes to an idle thread of its process
 * (round robin, or one shared accept queue) or waits in the accept queue until a
 * thread finishes its previous one; a per-request runtime spawns a thread for it
 * and ends the thread with it. With event loops it becomes a task of its loop
 * (loop.c). Its end leaves a latency behind (engine_metrics.c).
 */
#include "engine_internal.h"

#include <stdlib.h>

#include "error.h"

#define PROGRESS_EVERY 65536

/* ---- threads and slots ----------------------------------------------------- */

int32_t sim__new_thread(sim_run *run, int32_t proc, int kind)
{
    bool reused = run->thread_store.free >= 0;
    int32_t th = SIM__TAKE(&run->thread_store, run->threads, &run->err);
    if (th < 0)
        return -1;
    uint64_t gen = 0;
    int32_t number;
    if (reused) {
        /* events still pending for the thread that had this index must not
         * match the new one; its lane keeps its name */
        gen = run->threads[th].gen + 1;
        number = run->threads[th].number;
    } else {
        /* numbered from 1 by kind within the process; a process's first loop is
         * its event loop (0), the others its worker threads */
        number = run->procs[proc].spawned[kind]++;
        if (kind != TK_LOOP)
            number++;
    }
    run->threads[th] = (sim__thread){.state = TH_IDLE,
                                     .proc = proc,
                                     .slot = -1,
                                     .remaining = -1,
                                     .core = -1,
                                     .next = -1,
                                     .kind = (uint8_t)kind,
                                     .loop = -1,
                                     .job = -1,
                                     .gen = gen,
                                     .shown = -1,
                                     .number = number};
    run->threads_now++;
    sim__note_memory(run);
    static const uint8_t trace_kind[] = {[TK_REQUEST] = TRACE_WORKER_THREAD,
                                         [TK_POOL] = TRACE_WORKER_POOL,
                                         [TK_LOOP] = TRACE_WORKER_LOOP};
    sim__emit(run, TRACE_SPAWN, -1, th, proc, trace_kind[kind], number);
    return th;
}

/* The process whose accept queue and idle threads serve process proc (-1: the
 * shared queue, which the first process holds). */
static sim__process *accept_home(sim_run *run, int32_t proc)
{
    return &run->procs[proc < 0 || run->shared_accept ? 0 : proc];
}

/* With "start_threads": "when_needed", a pool's thread is started when a request
 * finds no idle thread, up to the pool's size (CPython's ThreadPoolExecutor: submit() starts a thread unless an
 * idle one takes the work, Lib/concurrent/futures/thread.py,
 * _adjust_thread_count). With one accept queue for every process the new thread
 * goes to the process with the fewest so far. Returns it, or -1 when every
 * process has its pool's threads. */
static int32_t pool_grow(sim_run *run, int32_t proc)
{
    int64_t size = run->rt->threads;
    int32_t p = -1;
    if (proc >= 0 && !run->shared_accept)
        p = run->procs[proc].spawned[TK_REQUEST] < size ? proc : -1;
    else
        for (int32_t q = 0; q < run->nproc; q++)
            if (run->procs[q].spawned[TK_REQUEST] < size &&
                (p < 0 || run->procs[q].spawned[TK_REQUEST] < run->procs[p].spawned[TK_REQUEST]))
                p = q;
    return p < 0 ? -1 : sim__new_thread(run, p, TK_REQUEST);
}

/* Gives request `slot` to thread `th` and instantiates its program. */
static bool assign(sim_run *run, int32_t th, int32_t slot)
{
    sim__thread *t = &run->threads[th];
    sim__slot *s = &run->slots[slot];
    uint32_t had = s->prog.cap;
    int rc = wl_program_build_in(&s->prog, run->scn, run->opt.seed, s->req, run->in_process);
    run->prog_bytes += ((int64_t)s->prog.cap - had) * (int64_t)sizeof(wl_op);
    if (rc < 0) {
        run->err = rc;
        return false;
    }
    s->thread = th;
    t->slot = slot;
    t->pc = 0;
    t->end = s->prog.n;
    t->remaining = -1;
    sim__emit_queue(run, TRACE_DEQUEUE, s->req, th, TRACE_QUEUE_ACCEPT, -1,
                    s->proc < 0 ? 0 : s->proc, TRACE_TAKE_RUN);
    return true;
}

static void arrive(sim_run *run, int64_t req, int32_t client)
{
    int32_t slot = SIM__TAKE(&run->slot_store, run->slots, &run->err);
    if (slot < 0)
        return;
    sim__slot *s = &run->slots[slot];
    s->req = req;
    s->arrive = run->now;
    s->thread = -1;
    s->client = client;
    s->tag = run->next_tag; /* a call a service serves (engine_call.c) */
    run->next_tag = 0;
    s->calls_out = 0;
    s->call_wall = s->call_svc = s->call_net = 0;
    s->proc = run->shared_accept ? -1 : (int32_t)(run->rr_next++ % run->nproc);
    sim__emit(run, TRACE_ARRIVE, req, -1, s->proc, 0, 0);
    if (run->m.detail != NULL && req < run->m.ndetail)
        run->m.detail[req].arrive = run->now;
    run->connections++;
    sim__note_memory(run);
    if (run->event_loop) {
        uint32_t had = s->prog.cap;
        int rc = wl_program_build_in(&s->prog, run->scn, run->opt.seed, req, run->in_process);
        run->prog_bytes += ((int64_t)s->prog.cap - had) * (int64_t)sizeof(wl_op);
        if (rc < 0) {
            run->err = rc;
            return;
        }
        sim__loop_arrive(run, slot);
        return;
    }

    int32_t th = -1;
    if (run->per_request)
        th = sim__new_thread(run, s->proc < 0 ? (int32_t)(run->rr_next++ % run->nproc) : s->proc,
                             TK_REQUEST);
    else if ((th = SIM__FIFO_POP(&accept_home(run, s->proc)->idle, run->threads)) < 0 &&
             run->rt->threads_when_needed)
        th = pool_grow(run, s->proc);
    if (th < 0 && run->err)
        return;
    if (th < 0) {
        sim__emit_queue(run, TRACE_ENQUEUE, req, -1, TRACE_QUEUE_ACCEPT, -1,
                        s->proc < 0 ? 0 : s->proc, TRACE_TAKE_RUN);
        SIM__FIFO_PUSH(&accept_home(run, s->proc)->accept, run->slots, slot);
        return;
    }
    if (assign(run, th, slot))
        sim__thread_advance(run, th);
}

void sim__arrive(sim_run *run, int64_t req, int32_t client)
{
    arrive(run, req, client);
}

void sim__client(sim_run *run, int32_t client)
{
    if (run->sent < run->total)
        arrive(run, run->sent++, client);
}

void sim__slot_done(sim_run *run, int32_t slot, int32_t th)
{
    sim__slot *s = &run->slots[slot];
    int64_t latency = run->now - s->arrive;
    sim__emit(run, TRACE_DONE, s->req, th, 0, 0, latency);
    run->latencies[run->completed++] = latency;
    run->m.makespan_ns = run->now;
    if (run->m.detail != NULL && s->req < run->m.ndetail)
        run->m.detail[s->req].done = run->now;
    run->connections--;
    sim__note_memory(run);
    if (s->client >= 0)
        sim__push(run, sim__later(run, wl_think_time(run->scn, run->opt.seed, s->req)), EV_CLIENT,
                  (uint32_t)s->client, 0);
    if (run->coord != NULL)
        sim__call_slot_done(run, slot, latency);
    if (run->opt.progress != NULL && run->completed % PROGRESS_EVERY == 0)
        run->opt.progress(run->opt.progress_ctx, run->completed, run->total);
    SIM__GIVE(&run->slot_store, run->slots, slot);
}

void sim__request_done(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    sim__slot_done(run, t->slot, th);
    t->slot = -1;

    /* The thread goes back to accept(), which releases the GIL and may block: it
     * gives up its core, and takes it back at once (no context switch) if nobody
     * else wants it. */
    sim__gil_release(run, th);
    sim__cpu_leave(run, th);
    if (run->per_request) {
        t->state = TH_DEAD;
        /* a new thread that reuses this index is another thread: switching to
         * it costs a context switch */
        for (int32_t c = 0; c < run->ncores; c++)
            if (run->cores[c].last == th)
                run->cores[c].last = -1;
        run->threads_now--;
        SIM__GIVE(&run->thread_store, run->threads, th);
        sim__emit(run, TRACE_EXIT, -1, th, t->proc, 0, 0);
        sim__note_memory(run);
        return;
    }
    int32_t next = SIM__FIFO_POP(&accept_home(run, t->proc)->accept, run->slots);
    if (next >= 0 && assign(run, th, next)) {
        sim__advance_soon(run, th);
        return;
    }
    t->state = TH_IDLE;
    sim__emit(run, TRACE_IDLE, -1, th, 0, 0, 0);
    SIM__FIFO_PUSH(&accept_home(run, t->proc)->idle, run->threads, th);
}

/* ---- the start and the arrivals --------------------------------------------- */

int sim__requests_setup(sim_run *run)
{
    const scn_scenario *scn = run->scn;
    if (run->injected) {
        /* a service's run: its requests are the calls it receives (engine_call.c) */
        run->cap_latencies = 64;
        run->latencies = malloc((size_t)run->cap_latencies * sizeof *run->latencies);
        return run->latencies == NULL ? SIM_ENOMEM : 0;
    }
    run->total = wl_request_count(scn);
    run->closed = wl_is_closed(scn);
    run->m.requests = run->total;
    run->latencies = malloc((size_t)(run->total ? run->total : 1) * sizeof *run->latencies);
    if (run->latencies == NULL)
        return SIM_ENOMEM;
    if (scn->workload.kind == SCN_WORKLOAD_EXPLICIT || run->total <= 1000) {
        run->m.ndetail = run->total;
        run->m.detail = malloc((size_t)(run->total ? run->total : 1) * sizeof *run->m.detail);
        if (run->m.detail == NULL)
            return SIM_ENOMEM;
        for (int64_t i = 0; i < run->total; i++)
            run->m.detail[i] = (sim_request_detail){.arrive = -1, .done = -1};
    }
    if (run->closed)
        return 0;
    return wl_arrivals_init(&run->arrivals, scn, run->opt.seed);
}

/* Takes the workload's next open arrival, if any, into run->arrival_*. */
static void queue_next_arrival(sim_run *run)
{
    int64_t req, t;
    int rc = wl_arrivals_next(&run->arrivals, &req, &t);
    run->has_arrival = rc > 0;
    if (rc < 0 || (rc > 0 && t < run->now)) {
        run->err = rc < 0 ? rc : SIM_EOVERFLOW;
        run->has_arrival = false;
    }
    if (run->has_arrival) {
        run->arrival_t = t;
        run->arrival_req = req;
        run->arrival_seq = heap_take_seq(&run->heap);
    }
}

/* The pending open arrival is due: let it in, take the next. */
void sim__arrival(sim_run *run)
{
    int64_t req = run->arrival_req;
    run->now = run->arrival_t;
    queue_next_arrival(run);
    run->sent++;
    arrive(run, req, -1);
}

void sim__requests_start(sim_run *run)
{
    sim__note_memory(run); /* the processes */
    if (run->event_loop) {
        for (int32_t l = 0; l < run->nloops; l++) {
            int32_t th = sim__new_thread(run, run->loops[l].proc, TK_LOOP);
            if (th < 0)
                return;
            run->loops[l].thread = th;
            /* where it begins: Node's main script */
            sim__emit(run, TRACE_PHASE, -1, th, run->loops[l].phase, 0, 0);
        }
        /* The requests there at time 0 are Node's main script, which runs before
         * the loop's first iteration: they are in the loops' queues at the start. */
        if (!run->closed && !run->injected)
            queue_next_arrival(run);
        while (run->has_arrival && run->arrival_t == 0 && !run->err) {
            sim__arrival(run);
            sim__check_budgets(run);
        }
        if (run->closed) {
            int64_t clients = run->scn->workload.arrivals.clients;
            for (int64_t c = 0; c < clients && c < run->total; c++)
                sim__client(run, (int32_t)c);
        }
        for (int32_t l = 0; l < run->nloops; l++) {
            int32_t th = run->loops[l].thread;
            run->threads[th].loop = l;
            /* each loop starts, finds nothing to do and waits in poll / select */
            sim__thread_advance(run, th);
        }
    } else if (!run->per_request && !run->rt->threads_when_needed) {
        /* a pool made in advance that could not fit the memory budget stops the
         * run before a thread is made (1024 processes of 100,000 threads) */
        if (sim__pool_past_budget(run))
            return;
        for (int32_t p = 0; p < run->nproc; p++) {
            for (int64_t i = 0; i < run->rt->threads && !run->err; i++) {
                int32_t th = sim__new_thread(run, p, TK_REQUEST);
                if (th < 0)
                    return;
                sim__emit(run, TRACE_IDLE, -1, th, 0, 0, 0);
                SIM__FIFO_PUSH(&accept_home(run, p)->idle, run->threads, th);
                sim__check_budgets(run);
            }
        }
    }
    /* with "start_threads": "when_needed", a pool's threads start as requests
     * come (pool_grow) */
    if (run->event_loop)
        return;
    if (run->closed) {
        int64_t clients = run->scn->workload.arrivals.clients;
        for (int64_t c = 0; c < clients && c < run->total; c++)
            sim__push(run, 0, EV_CLIENT, (uint32_t)c, 0);
        return;
    }
    if (!run->injected)
        queue_next_arrival(run);
}
