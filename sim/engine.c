/* engine.c - one run: the event loop, arrivals, requests and their metrics.
 *
 * The run pops events in (time, sequence) order and hands each to the module that
 * owns it (cpu.c, gil.c, threads.c). Requests arrive from the workload's iterator
 * (open arrivals) or from closed-loop clients, wait in an accept queue until a
 * thread takes them, and leave a latency behind. Nothing here reads a clock or a
 * file: same scenario, runtime and seed, same trace.
 */
#include "engine_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

#define PROGRESS_EVERY 65536

/* ---- small helpers ------------------------------------------------------- */

/* The code line of op `step` of the program thread th is running, or 0. */
static uint16_t step_line(const sim_run *run, int32_t th, int32_t step)
{
    int32_t slot = run->threads[th].slot;
    if (step < 0 || slot < 0 || (uint32_t)step >= run->slots[slot].prog.n)
        return 0;
    const scn_step *src = run->slots[slot].prog.ops[step].src;
    return src != NULL ? (uint16_t)src->line : 0;
}

/* Keeps thread.shown: the step the trace says the worker is at. */
static void note_shown(sim_run *run, int kind, int32_t worker, int32_t a)
{
    if (worker < 0)
        return;
    sim__thread *t = &run->threads[worker];
    switch (kind) {
    case TRACE_RUN:
    case TRACE_READY:
    case TRACE_STEP:
        t->shown = a;
        break;
    case TRACE_BLOCK:
        t->shown = t->kind == TK_LOOP ? -1 : a;
        break;
    case TRACE_SPAWN:
    case TRACE_EXIT:
    case TRACE_IDLE:
    case TRACE_PHASE:
    case TRACE_DONE:
        t->shown = -1;
        break;
    default:
        break;
    }
}

static void append(sim_run *run, const trace_event *ev)
{
    run->m.events++;
    if (run->tr == NULL || run->err)
        return;
    int rc = trace_append(run->tr, ev);
    if (rc < 0)
        run->err = rc;
}

void sim__emit(sim_run *run, int kind, int64_t req, int32_t worker, int32_t a, int b, int64_t x)
{
    trace_event ev = {.t = run->now, .x = x, .req = (int32_t)req, .worker = worker,
                      .a = a, .kind = (uint8_t)kind, .b = (uint8_t)b};
    if (worker >= 0 && (kind == TRACE_RUN || kind == TRACE_READY || kind == TRACE_BLOCK ||
                        kind == TRACE_STEP))
        ev.c = step_line(run, worker, a);
    note_shown(run, kind, worker, a);
    append(run, &ev);
}

void sim__emit_queue(sim_run *run, int kind, int64_t req, int32_t worker, int queue,
                     int32_t item, int64_t x, int take)
{
    trace_event ev = {.t = run->now, .x = x, .req = (int32_t)req, .worker = worker,
                      .a = item, .kind = (uint8_t)kind, .b = (uint8_t)queue, .c = (uint16_t)take};
    append(run, &ev);
}

void sim__step(sim_run *run, int32_t th, int32_t step)
{
    if (run->threads[th].shown != step)
        sim__emit(run, TRACE_STEP, sim__thread_req(run, th), th, step, 0, 0);
}

void sim__push(sim_run *run, int64_t t, uint32_t type, uint32_t id, uint64_t gen)
{
    if (run->err)
        return;
    if (t < run->now) {
        /* a sum overflowed upstream; time never goes backwards */
        run->err = SIM_EOVERFLOW;
        return;
    }
    int rc = heap_push(&run->heap, t, type, id, gen);
    if (rc < 0)
        run->err = rc;
}

int64_t sim__later(sim_run *run, int64_t d)
{
    int64_t t;
    if (__builtin_add_overflow(run->now, d, &t)) {
        run->err = SIM_EOVERFLOW;
        return run->now;
    }
    return t;
}

void sim__fifo_init(sim__fifo *q)
{
    q->head = q->tail = -1;
}

void sim__fifo_push(sim_run *run, sim__fifo *q, int32_t th)
{
    run->threads[th].next = -1;
    if (q->tail >= 0)
        run->threads[q->tail].next = th;
    else
        q->head = th;
    q->tail = th;
}

int32_t sim__fifo_pop(sim_run *run, sim__fifo *q)
{
    int32_t th = q->head;
    if (th < 0)
        return -1;
    q->head = run->threads[th].next;
    if (q->head < 0)
        q->tail = -1;
    run->threads[th].next = -1;
    return th;
}

/* The accept queue links slots, not threads. */
static void accept_push(sim_run *run, sim__fifo *q, int32_t slot)
{
    run->slots[slot].next = -1;
    if (q->tail >= 0)
        run->slots[q->tail].next = slot;
    else
        q->head = slot;
    q->tail = slot;
}

static int32_t accept_pop(sim_run *run, sim__fifo *q)
{
    int32_t s = q->head;
    if (s < 0)
        return -1;
    q->head = run->slots[s].next;
    if (q->head < 0)
        q->tail = -1;
    return s;
}

void sim__note_memory(sim_run *run)
{
    const scn_machine *mc = &run->scn->machine;
    int64_t mem = run->proc_memory + run->threads_now * mc->thread_bytes +
                  run->connections * mc->connection_bytes;
    if (mem > run->m.memory_peak_bytes)
        run->m.memory_peak_bytes = mem;
    if (mem != run->memory_now) {
        run->memory_now = mem;
        sim__emit(run, TRACE_MEMORY, -1, -1, 0, 0, mem);
    }
}

/* Makes room for one more element in an array of *cap elements of `size` bytes
 * holding `n`: doubles it when full. false (and the run's error) when out of memory. */
bool sim__grow(sim_run *run, void **arr, int64_t *cap, int64_t n, size_t size)
{
    if (n < *cap)
        return true;
    int64_t want = *cap ? *cap * 2 : 16;
    void *grown = want <= INT32_MAX ? realloc(*arr, (size_t)want * size) : NULL;
    if (grown == NULL) {
        run->err = SIM_ENOMEM;
        return false;
    }
    *arr = grown;
    *cap = want;
    return true;
}

void sim__log(sim_run *run, int32_t th, int text)
{
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_LOG, req, th, text, 0, 0);
    if (!sim__grow(run, (void **)&run->m.log, &run->cap_log, run->m.nlog, sizeof *run->m.log))
        return;
    run->m.log[run->m.nlog++] = (sim_log_line){.t = run->now, .req = (int32_t)req, .text = text};
}

/* ---- threads and slots ----------------------------------------------------- */

int32_t sim__new_thread(sim_run *run, int32_t proc, int kind)
{
    int32_t th = run->free_threads;
    uint64_t gen = 0;
    int32_t number;
    if (th >= 0) {
        run->free_threads = run->threads[th].next;
        /* events still pending for the thread that had this index must not
         * match the new one; its lane keeps its name */
        gen = run->threads[th].gen + 1;
        number = run->threads[th].number;
    } else {
        if (!sim__grow(run, (void **)&run->threads, &run->cap_threads, run->nthreads,
                  sizeof *run->threads))
            return -1;
        th = run->nthreads++;
        /* numbered from 1 by kind within the process; a process's first loop is
         * its event loop (0), the others its worker threads */
        number = run->procs[proc].spawned[kind]++;
        if (kind != TK_LOOP)
            number++;
    }
    run->threads[th] = (sim__thread){.state = TH_IDLE, .proc = proc, .slot = -1,
                                     .remaining = -1, .core = -1, .next = -1,
                                     .kind = (uint8_t)kind, .loop = -1, .job = -1,
                                     .gen = gen, .shown = -1, .number = number};
    run->threads_now++;
    sim__note_memory(run);
    static const uint8_t trace_kind[] = {[TK_REQUEST] = TRACE_WORKER_THREAD,
                                         [TK_POOL] = TRACE_WORKER_POOL,
                                         [TK_LOOP] = TRACE_WORKER_LOOP};
    sim__emit(run, TRACE_SPAWN, -1, th, proc, trace_kind[kind], number);
    return th;
}

static int32_t new_slot(sim_run *run)
{
    int32_t s = run->free_slots;
    if (s >= 0) {
        run->free_slots = run->slots[s].next;
        return s;
    }
    if (!sim__grow(run, (void **)&run->slots, &run->cap_slots, run->nslots, sizeof *run->slots))
        return -1;
    s = run->nslots++;
    memset(&run->slots[s], 0, sizeof run->slots[s]);
    return s;
}

static sim__process *accept_home(sim_run *run, int32_t proc)
{
    return &run->procs[proc < 0 ? 0 : proc];
}

/* Gives request `slot` to thread `th` and instantiates its program. */
static bool assign(sim_run *run, int32_t th, int32_t slot)
{
    sim__thread *t = &run->threads[th];
    sim__slot *s = &run->slots[slot];
    int rc = wl_program_build(&s->prog, run->scn, run->opt.seed, s->req);
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
    int32_t slot = new_slot(run);
    if (slot < 0)
        return;
    sim__slot *s = &run->slots[slot];
    s->req = req;
    s->arrive = run->now;
    s->thread = -1;
    s->client = client;
    s->proc = run->shared_accept ? -1 : (int32_t)(run->rr_next++ % run->nproc);
    sim__emit(run, TRACE_ARRIVE, req, -1, s->proc, 0, 0);
    if (run->m.detail != NULL && req < run->m.ndetail)
        run->m.detail[req].arrive = run->now;
    run->connections++;
    sim__note_memory(run);
    if (run->event_loop) {
        int rc = wl_program_build(&s->prog, run->scn, run->opt.seed, req);
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
    else
        th = sim__fifo_pop(run, &accept_home(run, s->proc)->idle);
    if (th < 0 && run->err)
        return;
    if (th < 0) {
        sim__emit_queue(run, TRACE_ENQUEUE, req, -1, TRACE_QUEUE_ACCEPT, -1,
                        s->proc < 0 ? 0 : s->proc, TRACE_TAKE_RUN);
        accept_push(run, &accept_home(run, s->proc)->accept, slot);
        return;
    }
    if (assign(run, th, slot))
        sim__thread_advance(run, th);
}

static void send_next(sim_run *run, int32_t client)
{
    if (run->sent < run->total)
        arrive(run, run->sent++, client);
}

void sim__advance_soon(sim_run *run, int32_t th)
{
    /* A chain of pieces of work that take no time at all goes through the event
     * loop after a few links, so calls never nest deeply. */
    if (run->nesting < 16) {
        run->nesting++;
        sim__thread_advance(run, th);
        run->nesting--;
        return;
    }
    sim__thread *t = &run->threads[th];
    t->gen++;
    sim__push(run, run->now, EV_RESUME, (uint32_t)th, t->gen);
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
    if (run->opt.progress != NULL && run->completed % PROGRESS_EVERY == 0)
        run->opt.progress(run->opt.progress_ctx, run->completed, run->total);
    s->next = run->free_slots;
    run->free_slots = slot;
}

void sim__request_done(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    sim__slot_done(run, t->slot, th);
    t->slot = -1;

    /* The thread goes back to accept(), which releases the GIL and may block: it
     * gives up its core, and takes it back at once (no context switch) if nobody
     * else wants it. */
    if (t->holds_gil)
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
        t->next = run->free_threads;
        run->free_threads = th;
        sim__emit(run, TRACE_EXIT, -1, th, t->proc, 0, 0);
        sim__note_memory(run);
        return;
    }
    int32_t next = accept_pop(run, &accept_home(run, run->shared_accept ? -1 : t->proc)->accept);
    if (next >= 0 && assign(run, th, next)) {
        sim__advance_soon(run, th);
        return;
    }
    t->state = TH_IDLE;
    sim__emit(run, TRACE_IDLE, -1, th, 0, 0, 0);
    sim__fifo_push(run, &accept_home(run, run->shared_accept ? -1 : t->proc)->idle, th);
}

/* ---- the run --------------------------------------------------------------- */

static int setup_runtime(sim_run *run, size_t index)
{
    const scn_runtime *top = &run->scn->runtimes[index];
    const scn_runtime *rt = top;
    run->nproc = 1;
    if (top->model == SCN_MODEL_PROCESSES) {
        rt = top->each;
        run->nproc = (int32_t)top->processes;
        run->shared_accept = top->dispatch == SCN_DISPATCH_SHARED_QUEUE;
    }
    run->rt = rt;
    run->event_loop = rt->model == SCN_MODEL_EVENT_LOOP;
    run->per_request = rt->threads == 0;
    run->gil = rt->gil;
    run->switch_interval = rt->switch_interval > 0 ? rt->switch_interval : 1;
    run->procs = calloc((size_t)run->nproc, sizeof *run->procs);
    if (run->procs == NULL)
        return SIM_ENOMEM;
    for (int32_t p = 0; p < run->nproc; p++) {
        sim__process *pr = &run->procs[p];
        pr->holder = -1;
        sim__fifo_init(&pr->waiters);
        sim__fifo_init(&pr->idle);
        sim__fifo_init(&pr->accept);
    }
    run->proc_memory = run->nproc * run->scn->machine.process_bytes;
    run->free_tasks = run->free_aops = run->free_jobs = -1;
    return run->event_loop ? sim__loop_setup(run, rt) : 0;
}

static int setup_machine(sim_run *run)
{
    const scn_scenario *scn = run->scn;
    run->ncores = (int32_t)scn->machine.cores;
    run->cores = calloc((size_t)run->ncores, sizeof *run->cores);
    run->devices = calloc(scn->ndevices ? scn->ndevices : 1, sizeof *run->devices);
    if (run->cores == NULL || run->devices == NULL)
        return SIM_ENOMEM;
    for (int32_t c = 0; c < run->ncores; c++)
        run->cores[c].thread = run->cores[c].last = -1;
    for (size_t d = 0; d < scn->ndevices; d++)
        run->devices[d].head = run->devices[d].tail = -1;
    sim__fifo_init(&run->runq);
    return 0;
}

static int setup_workload(sim_run *run)
{
    const scn_scenario *scn = run->scn;
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

int sim_run_new(const scn_scenario *scn, size_t runtime, const sim_options *opt, sim_run **out)
{
    *out = NULL;
    if (runtime >= scn->nruntimes)
        return SIM_EINVAL;
    sim_run *run = calloc(1, sizeof *run);
    if (run == NULL)
        return SIM_ENOMEM;
    run->scn = scn;
    run->opt = *opt;
    run->free_threads = run->free_slots = -1;
    heap_init(&run->heap);
    int rc = setup_runtime(run, runtime);
    if (rc == 0)
        rc = setup_machine(run);
    if (rc == 0)
        rc = setup_workload(run);
    if (rc == 0 && opt->keep_trace && (run->tr = trace_new()) == NULL)
        rc = SIM_ENOMEM;
    if (rc < 0) {
        sim_run_free(run);
        return rc;
    }
    *out = run;
    return 0;
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
static void on_arrival(sim_run *run)
{
    int64_t req = run->arrival_req;
    run->now = run->arrival_t;
    queue_next_arrival(run);
    run->sent++;
    arrive(run, req, -1);
}

static void start(sim_run *run)
{
    sim__note_memory(run); /* the processes */
    if (run->event_loop) {
        for (int32_t l = 0; l < run->nloops; l++) {
            run->loops[l].thread = sim__new_thread(run, run->loops[l].proc, TK_LOOP);
            if (run->loops[l].thread >= 0) /* where it begins: Node's main script */
                sim__emit(run, TRACE_PHASE, -1, run->loops[l].thread, run->loops[l].phase, 0, 0);
        }
        /* The requests there at time 0 are Node's main script, which runs before
         * the loop's first iteration: they are in the loops' queues at the start. */
        if (!run->closed)
            queue_next_arrival(run);
        while (run->has_arrival && run->arrival_t == 0 && !run->err)
            on_arrival(run);
        if (run->closed) {
            int64_t clients = run->scn->workload.arrivals.clients;
            for (int64_t c = 0; c < clients && c < run->total; c++)
                send_next(run, (int32_t)c);
        }
        for (int32_t l = 0; l < run->nloops; l++) {
            int32_t th = run->loops[l].thread;
            run->threads[th].loop = l;
            /* each loop starts, finds nothing to do and waits in poll / select */
            sim__thread_advance(run, th);
        }
    } else if (!run->per_request) {
        for (int32_t p = 0; p < run->nproc; p++) {
            for (int64_t i = 0; i < run->rt->threads && !run->err; i++) {
                int32_t th = sim__new_thread(run, p, TK_REQUEST);
                if (th < 0)
                    return;
                sim__emit(run, TRACE_IDLE, -1, th, 0, 0, 0);
                sim__fifo_push(run, &accept_home(run, run->shared_accept ? -1 : p)->idle, th);
            }
        }
    }
    if (run->event_loop)
        return;
    if (run->closed) {
        int64_t clients = run->scn->workload.arrivals.clients;
        for (int64_t c = 0; c < clients && c < run->total; c++)
            sim__push(run, 0, EV_CLIENT, (uint32_t)c, 0);
        return;
    }
    queue_next_arrival(run);
}

/* Whether the pending arrival comes before the heap's first event. */
static bool arrival_first(const sim_run *run)
{
    if (!run->has_arrival)
        return false;
    const heap_event *top = heap_peek(&run->heap);
    return top == NULL || run->arrival_t < top->t ||
           (run->arrival_t == top->t && run->arrival_seq < top->seq);
}

static void dispatch_event(sim_run *run, const heap_event *ev)
{
    switch (ev->type) {
    case EV_CLIENT:
        send_next(run, (int32_t)ev->id);
        break;
    case EV_CORE:
        sim__cpu_event(run, (int32_t)ev->id, ev->gen);
        break;
    case EV_WAKE:
        sim__thread_wake(run, (int32_t)ev->id, ev->gen);
        break;
    case EV_GIL_TIMEOUT:
        sim__gil_timeout(run, (int32_t)ev->id, ev->gen);
        break;
    case EV_RESUME:
        sim__thread_resume(run, (int32_t)ev->id, ev->gen);
        break;
    case EV_IO_DONE:
        sim__io_done(run, (int32_t)ev->id);
        break;
    case EV_LOOP_WAKE:
        sim__loop_wake(run, (int32_t)ev->id, ev->gen);
        break;
    }
}

static void swap64(int64_t *v, int64_t i, int64_t j)
{
    int64_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

/* Rearranges v[lo..hi) so that v[k] holds the value a full sort would put there,
 * with nothing larger before it and nothing smaller after it (quickselect with a
 * median-of-three pivot and a three-way partition, so runs of equal latencies,
 * common in teaching scenarios, cost nothing extra). Linear time on average:
 * sorting every latency of a ten-million-request run took longer than the run. */
static void select_kth(int64_t *v, int64_t lo, int64_t hi, int64_t k)
{
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        int64_t a = v[lo], b = v[mid], c = v[hi - 1];
        int64_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        int64_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < pivot)
                swap64(v, lt++, i++);
            else if (v[i] > pivot)
                swap64(v, i, --gt);
            else
                i++;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
}

int64_t sim_percentile_index(int64_t n, double p)
{
    /* nearest rank: the smallest value with at least p% of values at or below it */
    int64_t rank = (int64_t)((p / 100.0) * (double)n);
    if ((double)rank < (p / 100.0) * (double)n)
        rank++;
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return rank - 1;
}

int64_t sim_percentile(const int64_t *sorted, int64_t n, double p)
{
    return n > 0 ? sorted[sim_percentile_index(n, p)] : 0;
}

static void finish_metrics(sim_run *run)
{
    sim_metrics *m = &run->m;
    int64_t n = run->completed;
    m->completed = n;
    if (n > 0) {
        int64_t *v = run->latencies;
        __int128 sum = 0;
        int64_t max = v[0];
        for (int64_t i = 0; i < n; i++) {
            sum += v[i];
            if (v[i] > max)
                max = v[i];
        }
        m->lat_mean_ns = (int64_t)(sum / n);
        m->lat_max_ns = max;
        /* each selection leaves larger values to its right: search only there */
        int64_t i50 = sim_percentile_index(n, 50), i95 = sim_percentile_index(n, 95), i99 = sim_percentile_index(n, 99);
        select_kth(v, 0, n, i50);
        select_kth(v, i50 + 1 > i95 ? i95 : i50 + 1, n, i95);
        select_kth(v, i95 + 1 > i99 ? i99 : i95 + 1, n, i99);
        m->lat_p50_ns = v[i50];
        m->lat_p95_ns = v[i95];
        m->lat_p99_ns = v[i99];
    }
    if (run->lag_count > 0)
        m->loop_lag_mean_ns = run->lag_sum / run->lag_count;
    if (m->makespan_ns > 0) {
        m->throughput_rps = (double)n / ((double)m->makespan_ns / 1e9);
        m->cpu_util = (double)m->cpu_busy_ns / ((double)run->ncores * (double)m->makespan_ns);
    }
}

int sim_run_go(sim_run *run)
{
    start(run);
    heap_event ev;
    while (!run->err) {
        if (arrival_first(run)) {
            on_arrival(run);
        } else if (heap_pop(&run->heap, &ev)) {
            run->now = ev.t;
            dispatch_event(run, &ev);
        } else {
            break;
        }
    }
    if (run->err)
        return run->err;
    finish_metrics(run);
    return 0;
}

const sim_metrics *sim_run_metrics(const sim_run *run)
{
    return &run->m;
}

const trace *sim_run_trace(const sim_run *run)
{
    return run->tr;
}

void sim_run_free(sim_run *run)
{
    if (run == NULL)
        return;
    for (int32_t s = 0; s < run->nslots; s++)
        wl_program_release(&run->slots[s].prog);
    free(run->slots);
    for (int32_t l = 0; l < run->nloops; l++)
        heap_release(&run->loops[l].timers);
    free(run->loops);
    free(run->tasks);
    free(run->aops);
    free(run->jobs);
    free(run->threads);
    free(run->procs);
    free(run->cores);
    free(run->devices);
    free(run->latencies);
    free(run->m.detail);
    free(run->m.log);
    wl_arrivals_release(&run->arrivals);
    heap_release(&run->heap);
    trace_free(run->tr);
    free(run);
}
