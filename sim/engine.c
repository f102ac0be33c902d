/* engine.c - one run: set-up, the run loop, the trace, the event heap.
 *
 * The run pops events in (time, sequence) order and hands each to the module that
 * owns it (cpu.c, gil.c, threads.c, loop.c, engine_requests.c); whatever they do
 * reaches the trace through sim__emit here. Nothing here reads a clock or a file:
 * same scenario, runtime and seed, same trace.
 */
#include "engine_internal.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>

#include "error.h"

/* ---- the trace and the heap ------------------------------------------------- */

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
    case TRACE_STEP: t->shown = a; break;
    case TRACE_BLOCK: t->shown = a; break; /* a loop waiting in poll: -1 */
    case TRACE_SPAWN:
    case TRACE_EXIT:
    case TRACE_IDLE:
    case TRACE_PHASE:
    case TRACE_DONE: t->shown = -1; break;
    default: break;
    }
}

static void append(sim_run *run, const trace_event *ev)
{
    run->m.events++;
    run->kind_counts[ev->kind]++;
    if (run->tr == NULL || run->err)
        return;
    int rc = trace_append(run->tr, ev);
    if (rc < 0)
        run->err = rc;
}

void sim__emit(sim_run *run, int kind, int64_t req, int32_t worker, int32_t a, int b, int64_t x)
{
    trace_event ev = {.t = run->now,
                      .x = x,
                      .req = (int32_t)req,
                      .worker = worker,
                      .a = a,
                      .kind = (uint8_t)kind,
                      .b = (uint8_t)b};
    if (worker >= 0 &&
        (kind == TRACE_RUN || kind == TRACE_READY || kind == TRACE_BLOCK || kind == TRACE_STEP))
        ev.c = step_line(run, worker, a);
    note_shown(run, kind, worker, a);
    append(run, &ev);
}

void sim__emit_queue(sim_run *run, int kind, int64_t req, int32_t worker, int queue, int32_t item,
                     int64_t x, int take)
{
    trace_event ev = {.t = run->now,
                      .x = x,
                      .req = (int32_t)req,
                      .worker = worker,
                      .a = item,
                      .kind = (uint8_t)kind,
                      .b = (uint8_t)queue,
                      .c = (uint16_t)take};
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

/* ---- set-up ---------------------------------------------------------------- */

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
        pr->waiters = pr->idle = pr->accept = SIM__FIFO_EMPTY;
    }
    /* at most 1024 processes of at most 1 TiB: no overflow */
    run->proc_memory = run->nproc * run->scn->machine.process_bytes;
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
        run->devices[d].waiting = SIM__FIFO_EMPTY;
    run->runq = SIM__FIFO_EMPTY;
    return 0;
}

/* machine.jitter's draws come from their own stream of the seed, apart from the
 * workload's (workload.c uses streams 0.., 2^63.. and 2^64 - 1), so turning jitter
 * on leaves every request's durations as they were. */
#define SIM__JITTER_STREAM (UINT64_C(1) << 62)

static int64_t dist_mean(const scn_dist *d)
{
    return d->kind == SCN_DIST_UNIFORM ? d->a + (d->b - d->a) / 2 : d->a;
}

int64_t sim__cost(sim_run *run, const scn_dist *d)
{
    return run->scn->machine.jitter ? rng_sample(&run->jitter, d) : dist_mean(d);
}

/* A run of runtime `runtime`; with `coord`, service `index - 1`'s run, whose
 * requests come only as calls. */
static int run_new(const scn_scenario *scn, size_t runtime, const sim_options *opt,
                   struct sim__svc *coord, int32_t index, sim_run **out)
{
    *out = NULL;
    if (runtime >= scn->nruntimes)
        return SIM_EINVAL;
    sim_run *run = calloc(1, sizeof *run);
    if (run == NULL)
        return SIM_ENOMEM;
    run->scn = scn;
    run->coord = coord;
    run->svc_index = index;
    run->injected = coord != NULL;
    run->in_process = coord == NULL ? scn->runtimes[runtime].in_process : 0;
    run->m.run = run;
    run->opt = *opt;
    run->thread_store = run->slot_store = run->task_store = run->aop_store = run->job_store =
        SIM__STORE_EMPTY;
    heap_init(&run->heap);
    /* the first draws are the processes' clock phases (sim__loop_setup) */
    rng_derive(&run->jitter, opt->seed, SIM__JITTER_STREAM);
    int rc = setup_runtime(run, runtime);
    if (rc == 0)
        rc = setup_machine(run);
    if (rc == 0)
        rc = sim__requests_setup(run);
    if (rc == 0)
        rc = sim__state_setup(run);
    if (rc == 0 && opt->keep_trace && (run->tr = trace_new()) == NULL)
        rc = SIM_ENOMEM;
    /* the services behind the front, each a run of its own (services.c) */
    if (rc == 0 && coord == NULL && scn->nservices > 0)
        rc = sim__services_new(run);
    if (rc < 0) {
        sim_run_free(run);
        return rc;
    }
    *out = run;
    return 0;
}

int sim_run_new(const scn_scenario *scn, size_t runtime, const sim_options *opt, sim_run **out)
{
    return run_new(scn, runtime, opt, NULL, 0, out);
}

int sim__run_new_service(const scn_scenario *view, const sim_options *opt, struct sim__svc *coord,
                         int32_t index, sim_run **out)
{
    return run_new(view, 0, opt, coord, index, out);
}

/* ---- the run --------------------------------------------------------------- */

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
    case EV_CLIENT: sim__client(run, (int32_t)ev->id); break;
    case EV_CORE: sim__cpu_event(run, (int32_t)ev->id, ev->gen); break;
    case EV_WAKE: sim__thread_wake(run, (int32_t)ev->id, ev->gen); break;
    case EV_GIL_TIMEOUT: sim__gil_timeout(run, (int32_t)ev->id, ev->gen); break;
    case EV_RESUME: sim__thread_resume(run, (int32_t)ev->id, ev->gen); break;
    case EV_IO_DONE: sim__io_done(run, (int32_t)ev->id); break;
    case EV_LOOP_WAKE: sim__loop_wake(run, (int32_t)ev->id, ev->gen); break;
    case EV_CALL_ARRIVE: sim__call_arrive(run, (int64_t)ev->id, ev->gen); break;
    }
}

/* ---- budgets ------------------------------------------------------------------ */

/* The memory the run holds: its trace, the programs of its requests, its entities
 * and queues, the latencies and the log. */
static int64_t run_memory(const sim_run *run)
{
    int64_t m = run->prog_bytes;
    if (run->tr != NULL)
        m += (int64_t)trace_memory(run->tr);
    m += (int64_t)(run->thread_store.cap * sizeof *run->threads +
                   run->slot_store.cap * sizeof *run->slots +
                   run->task_store.cap * sizeof *run->tasks +
                   run->aop_store.cap * sizeof *run->aops + run->job_store.cap * sizeof *run->jobs);
    m += (int64_t)(run->heap.cap * sizeof(heap_event));
    m += run->m.completed * (int64_t)sizeof(int64_t) + (int64_t)(run->cap_log * sizeof *run->m.log);
    return m;
}

/* Stops the run when it passes a budget (checked before every event and arrival;
 * the memory, which takes a sum, every 16th time). */
void sim__check_budgets(sim_run *run)
{
    int64_t max_events = run->opt.max_events > 0 ? run->opt.max_events : SIM_DEFAULT_MAX_EVENTS;
    int64_t events = run->m.events + run->m.wakeups;
    if (events > max_events) {
        run->budget = 1;
        run->budget_used = events;
        run->err = SIM_EBUDGET;
        return;
    }
    if ((run->budget_ticks++ & 15) != 0)
        return;
    int64_t max_memory = run->opt.max_memory > 0 ? run->opt.max_memory : SIM_DEFAULT_MAX_MEMORY;
    int64_t mem = run_memory(run);
    if (mem > max_memory) {
        run->budget = 2;
        run->budget_used = mem;
        run->err = SIM_EBUDGET;
    }
}

/* What a thread made in advance holds: its entity and, with a trace kept, its
 * three events (memory, spawn, idle). */
static int64_t thread_bytes(const sim_run *run)
{
    return (int64_t)sizeof *run->threads + (run->tr != NULL ? 3 * (int64_t)sizeof(trace_event) : 0);
}

bool sim__pool_past_budget(sim_run *run)
{
    int64_t max_memory = run->opt.max_memory > 0 ? run->opt.max_memory : SIM_DEFAULT_MAX_MEMORY;
    int64_t n = sim__mul_add_sat(run->nproc, run->rt->threads, 0);
    /* the store of threads grows by doubling: it will hold the next power of two */
    int64_t cap = 1;
    while (cap < n && cap < INT64_MAX / 2)
        cap *= 2;
    int64_t need = sim__mul_add_sat(
        cap, (int64_t)sizeof *run->threads,
        sim__mul_add_sat(n, thread_bytes(run) - (int64_t)sizeof *run->threads, run_memory(run)));
    if (need <= max_memory)
        return false;
    run->budget = 3;
    run->budget_used = need;
    run->err = SIM_EBUDGET;
    return true;
}

/* The groups of trace events and the scenario value that drives each. */
enum { DRIVE_SLICES, DRIVE_GIL, DRIVE_REQUESTS, DRIVE_STEPS, DRIVE_COUNT };

static int drive_group(int kind)
{
    switch (kind) {
    case TRACE_RUN:
    case TRACE_PREEMPT:
    case TRACE_READY: return DRIVE_SLICES;
    case TRACE_GIL_WAIT:
    case TRACE_GIL_ACQUIRE:
    case TRACE_GIL_RELEASE:
    case TRACE_GIL_DROP_REQUEST: return DRIVE_GIL;
    case TRACE_ARRIVE:
    case TRACE_DONE:
    case TRACE_IDLE:
    case TRACE_SPAWN:
    case TRACE_EXIT:
    case TRACE_MEMORY: return DRIVE_REQUESTS;
    default: return DRIVE_STEPS;
    }
}

static void driver_text(const sim_run *run, int group, char *buf, size_t size)
{
    char d[32];
    switch (group) {
    case DRIVE_SLICES:
        units_format_duration(run->scn->machine.quantum, d, sizeof d);
        snprintf(buf, size, "the OS time slice: machine.quantum %s", d);
        break;
    case DRIVE_GIL:
        units_format_duration(run->switch_interval, d, sizeof d);
        snprintf(buf, size, "the GIL's switches: switch_interval %s", d);
        break;
    case DRIVE_REQUESTS:
        snprintf(buf, size, "the number of requests: %lld in the workload", (long long)run->total);
        break;
    default:
        snprintf(buf, size, "the requests' steps: %lld requests in the workload",
                 (long long)run->total);
        break;
    }
}

void sim_run_budget_text(const sim_run *run, char *buf, size_t size)
{
    /* a service that ran out of its budget tells why itself (services.c) */
    const sim_run *svc = sim__services_failed(run);
    if (svc != NULL && svc != run) {
        int k = snprintf(buf, size, "service '%s': ", run->scn->services[svc->svc_index - 1].name);
        if (k >= 0 && (size_t)k < size)
            sim_run_budget_text(svc, buf + k, size - (size_t)k);
        return;
    }
    char at[32];
    units_format_duration(run->now, at, sizeof at);
    if (run->budget == 1) {
        int64_t groups[DRIVE_COUNT] = {0};
        for (int k = 0; k < TRACE_KIND_COUNT; k++)
            groups[drive_group(k)] += run->kind_counts[k];
        int top = 0;
        for (int g = 1; g < DRIVE_COUNT; g++)
            if (groups[g] > groups[top])
                top = g;
        char why[160];
        driver_text(run, top, why, sizeof why);
        int64_t max = run->opt.max_events > 0 ? run->opt.max_events : SIM_DEFAULT_MAX_EVENTS;
        int64_t all = run->m.events > 0 ? run->m.events : 1;
        snprintf(buf, size,
                 "stopped at %s of simulated time, %lld of %lld requests done: the run passed "
                 "its budget of %lld events (%lld %% of them driven by %s)",
                 at, (long long)run->m.completed, (long long)run->total, (long long)max,
                 (long long)(groups[top] * 100 / all), why);
    } else if (run->budget == 2) {
        int64_t max = run->opt.max_memory > 0 ? run->opt.max_memory : SIM_DEFAULT_MAX_MEMORY;
        int64_t tr = run->tr != NULL ? (int64_t)trace_memory(run->tr) : 0;
        char what[160];
        if (tr >= run->prog_bytes && tr * 2 >= run->budget_used)
            snprintf(what, sizeof what, "the trace kept for export (%zu events)",
                     trace_count(run->tr));
        else if (run->prog_bytes * 2 >= run->budget_used)
            snprintf(what, sizeof what,
                     "the steps of the %d requests in flight (a request's steps once its "
                     "repeats are unrolled)",
                     run->slot_store.n);
        else
            snprintf(what, sizeof what, "the %d threads and %d requests in flight",
                     run->thread_store.n, run->slot_store.n);
        snprintf(buf, size,
                 "stopped at %s of simulated time, %lld of %lld requests done: the run passed "
                 "its memory budget of %lld MiB with %lld MiB, most of it %s",
                 at, (long long)run->m.completed, (long long)run->total, (long long)(max >> 20),
                 (long long)(run->budget_used >> 20), what);
    } else if (run->budget == 3) {
        int64_t max = run->opt.max_memory > 0 ? run->opt.max_memory : SIM_DEFAULT_MAX_MEMORY;
        snprintf(buf, size,
                 "stopped before it started: its %lld processes of %lld threads, made in "
                 "advance (%lld threads), would take about %lld MiB, past its memory budget of "
                 "%lld MiB",
                 (long long)run->nproc, (long long)run->rt->threads,
                 (long long)sim__mul_add_sat(run->nproc, run->rt->threads, 0),
                 (long long)(run->budget_used >> 20), (long long)(max >> 20));
    } else if (run->budget == 4) {
        /* what took the time: the context switches, or the requests' steps and waits */
        const scn_machine *mc = &run->scn->machine;
        int64_t switching = sim__mul_add_sat(run->m.context_switches, mc->context_switch, 0);
        char what[160], d[32];
        units_format_duration(mc->context_switch, d, sizeof d);
        if (switching >= run->now / 2)
            snprintf(what, sizeof what, "the %lld context switches of machine.context_switch %s",
                     (long long)run->m.context_switches, d);
        else
            snprintf(what, sizeof what, "the requests' steps and what they wait for");
        snprintf(buf, size,
                 "stopped at %s of simulated time, %lld of %lld requests done: the run passed "
                 "its budget of %lld s of simulated time (about 146 years), most of it %s",
                 at, (long long)run->m.completed, (long long)run->total,
                 (long long)(SIM_MAX_TIME_NS / 1000000000), what);
    } else {
        snprintf(buf, size, "no budget ran out");
    }
}

sim_budget sim_run_budget(const sim_run *run)
{
    const sim_run *svc = sim__services_failed(run);
    if (svc != NULL && svc != run)
        return sim_run_budget(svc);
    return run->budget == 1                       ? SIM_BUDGET_EVENTS
           : run->budget == 2 || run->budget == 3 ? SIM_BUDGET_MEMORY
           : run->budget == 4                     ? SIM_BUDGET_TIME
                                                  : SIM_BUDGET_NONE;
}

bool sim__step_once(sim_run *run)
{
    heap_event ev;
    if (arrival_first(run)) {
        sim__arrival(run);
    } else if (heap_pop(&run->heap, &ev)) {
        if (ev.t > SIM_MAX_TIME_NS) {
            run->budget = 4;
            run->budget_used = ev.t;
            run->err = SIM_EBUDGET;
            return false;
        }
        run->now = ev.t;
        run->m.wakeups++;
        dispatch_event(run, &ev);
    } else {
        return false;
    }
    return true;
}

int sim_run_go(sim_run *run)
{
    if (run->svc != NULL)
        return sim__services_go(run);
    sim__requests_start(run);
    while (!run->err) {
        sim__check_budgets(run);
        if (run->err || !sim__step_once(run))
            break;
    }
    if (run->err)
        return run->err;
    sim__finish_metrics(run);
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
    sim__services_free(run);
    for (int32_t s = 0; s < run->slot_store.n; s++) {
        wl_program_release(&run->slots[s].prog);
        free(run->slots[s].promises);
        free(run->slots[s].copies);
    }
    free(run->slots);
    sim__state_free(run);
    free(run->m.state);
    for (int32_t l = 0; l < run->nloops; l++) {
        heap_release(&run->loops[l].timers);
        free(run->loops[l].tlists);
        free(run->loops[l].tlist_map);
    }
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
