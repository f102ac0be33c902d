/* services.c - the front and its services on one clock.
 *
 * A scenario with "services" is run as one run per service besides the front's
 * (the compared runtime), each with its own runtime, machine, queues and
 * threads, and all of them on one clock: the coordinator always handles the
 * earliest next event among the runs, the front first and then the services in
 * file order when two are due at once, so a run is the same on every machine.
 * A service's run sees the scenario through a view of its own (its runtime, its
 * machine, its request program); its requests come only as calls, which the
 * coordinator hands over a network latency after they leave, and whose replies
 * it hands back a network latency after the service's request ends
 * (engine_call.c). The shared values ("state") are one store for the scenario,
 * the front's, which every service's reads and writes use too (state.c); each
 * run keeps its own locks.
 *
 * Each service's requests draw their durations from a seed of their own, derived
 * from the run's: call number k of service s has the same durations whichever
 * runtime the front runs.
 */
#include <stdlib.h>

#include "engine_internal.h"
#include "error.h"

/* An I/O operation waiting for a device: aop `aop` of run `run`. */
typedef struct {
    int32_t run, aop;
} sim__waiter;

/* A device's waiting operations, first in first out (a ring). */
typedef struct {
    sim__waiter *v;
    size_t head, n, cap;
} sim__waiters;

struct sim__svc {
    size_t nruns;        /* the front and its services */
    sim_run **runs;      /* [0]: the front (not owned); [1 + i]: service i */
    scn_scenario *views; /* [i]: the scenario as service i's run sees it */
    int64_t *calls;      /* [i]: the calls sent to service i so far */
    int64_t latency;     /* the network's, one way */
    sim__waiters *waiting; /* [d]: the operations of every run waiting for device d */
    const sim_run *stopped; /* the run that stopped on an error, or NULL */
};

/* Service i's seed: the run's, mixed with its number (splitmix64's constant). */
static uint64_t service_seed(uint64_t seed, size_t i)
{
    return seed ^ (UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(i + 1));
}

/* The scenario as service i sees it: its runtime, machine and request program;
 * the devices, strings, names and services are the scenario's. While the run goes
 * on its workload may have as many requests as a workload can (call k builds
 * request k's program); once it is over, the calls the service received. */
static void make_view(const scn_scenario *scn, size_t i, scn_scenario *v)
{
    const scn_service *sv = &scn->services[i];
    *v = *scn;
    v->machine = sv->machine;
    v->runtimes = (scn_runtime *)&sv->runtime;
    v->nruntimes = 1;
    v->workload = (scn_workload){.kind = SCN_WORKLOAD_GENERATED,
                                 .arrivals = {.kind = SCN_ARR_BURST, .count = SCN_MAX_REQUESTS},
                                 .request = sv->request};
    v->narration = NULL;
    v->nnarration = 0;
    v->code = (scn_code){0};
    v->questions = NULL;
    v->nquestions = 0;
}

int sim__services_new(sim_run *front)
{
    const scn_scenario *scn = front->scn;
    struct sim__svc *c = calloc(1, sizeof *c);
    if (c == NULL)
        return SIM_ENOMEM;
    front->svc = front->coord = c;
    front->svc_index = 0;
    c->nruns = 1 + scn->nservices;
    c->latency = scn->network_latency;
    c->runs = calloc(c->nruns, sizeof *c->runs);
    c->views = calloc(scn->nservices, sizeof *c->views);
    c->calls = calloc(scn->nservices, sizeof *c->calls);
    c->waiting = calloc(scn->ndevices ? scn->ndevices : 1, sizeof *c->waiting);
    if (c->runs == NULL || c->views == NULL || c->calls == NULL || c->waiting == NULL)
        return SIM_ENOMEM;
    c->runs[0] = front;
    for (size_t i = 0; i < scn->nservices; i++) {
        make_view(scn, i, &c->views[i]);
        sim_options opt = front->opt;
        opt.seed = service_seed(front->opt.seed, i);
        opt.progress = NULL;
        opt.progress_ctx = NULL;
        int rc = sim__run_new_service(&c->views[i], &opt, c, (int32_t)(i + 1), &c->runs[i + 1]);
        if (rc < 0)
            return rc;
        /* one store of shared values for the scenario: the front's */
        c->runs[i + 1]->store = front;
    }
    return 0;
}

void sim__services_free(sim_run *front)
{
    struct sim__svc *c = front->svc;
    if (c == NULL)
        return;
    for (size_t i = 1; c->runs != NULL && i < c->nruns; i++)
        sim_run_free(c->runs[i]);
    for (size_t d = 0; c->waiting != NULL && d < front->scn->ndevices; d++)
        free(c->waiting[d].v);
    free(c->waiting);
    free(c->runs);
    free(c->views);
    free(c->calls);
    free(c);
    front->svc = front->coord = NULL;
}

/* The first run that stopped on an error, or NULL. */
static sim_run *failed(const struct sim__svc *c)
{
    for (size_t i = 0; i < c->nruns; i++)
        if (c->runs[i]->err)
            return c->runs[i];
    return NULL;
}

const sim_run *sim__services_failed(const sim_run *front)
{
    return front->svc != NULL ? front->svc->stopped : NULL;
}

int sim__services_go(sim_run *front)
{
    struct sim__svc *c = front->svc;
    /* the services wait for calls before the front's first requests come */
    for (size_t i = 1; i < c->nruns && failed(c) == NULL; i++)
        sim__requests_start(c->runs[i]);
    if (failed(c) == NULL)
        sim__requests_start(front);
    while (failed(c) == NULL) {
        size_t best = c->nruns;
        int64_t t = INT64_MAX;
        for (size_t i = 0; i < c->nruns; i++) {
            int64_t ti = sim__next_time(c->runs[i]);
            if (ti < t) {
                t = ti;
                best = i;
            }
        }
        if (best == c->nruns)
            break;
        sim_run *r = c->runs[best];
        sim__check_budgets(r);
        if (r->err)
            break;
        sim__step_once(r);
    }
    /* from now on a view tells how many requests its service had, the calls it
     * received, for the readers of its trace (services.h) */
    for (size_t i = 1; i < c->nruns; i++)
        c->views[i - 1].workload.arrivals.count = c->runs[i]->total;
    sim_run *bad = failed(c);
    c->stopped = bad;
    if (bad != NULL && bad != front) {
        /* the front's messages tell of the service's budget */
        front->err = bad->err;
        front->budget = bad->budget;
        front->budget_used = bad->budget_used;
        front->now = bad->now;
    }
    if (front->err)
        return front->err;
    for (size_t i = 0; i < c->nruns; i++)
        sim__finish_metrics(c->runs[i]);
    return 0;
}

int64_t sim__svc_latency(const sim_run *run)
{
    return run->coord != NULL ? run->coord->latency : 0;
}

void sim__svc_send(sim_run *run, int32_t a, int service)
{
    struct sim__svc *c = run->coord;
    sim_run *to = c->runs[1 + service];
    int64_t k = c->calls[service]++;
    if (k > (int64_t)UINT32_MAX) {
        run->err = SIM_ELIMIT;
        return;
    }
    uint64_t tag = (((uint64_t)(uint32_t)run->svc_index << 32) | (uint32_t)a) + 1;
    sim__emit(run, TRACE_CALL, run->aops[a].req, run->aops[a].thread, service, 0, k);
    int64_t t = sim__later(run, c->latency);
    sim__push(to, t, EV_CALL_ARRIVE, (uint32_t)k, tag);
}

void sim__svc_reply(sim_run *run, uint64_t tag, int64_t latency)
{
    struct sim__svc *c = run->coord;
    tag -= 1;
    sim_run *to = c->runs[tag >> 32];
    int32_t a = (int32_t)(tag & UINT32_MAX);
    to->aops[a].dur = latency;
    sim__push(to, sim__later(run, c->latency), EV_IO_DONE, (uint32_t)a, 0);
}

/* ---- devices, one for everyone ---------------------------------------------------- */

sim__device *sim__device_of(sim_run *run, int32_t device)
{
    return run->coord != NULL ? &run->coord->runs[0]->devices[device] : &run->devices[device];
}

void sim__svc_device_wait(sim_run *run, int32_t device, int32_t aop)
{
    sim__waiters *q = &run->coord->waiting[device];
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        sim__waiter *v = malloc(cap * sizeof *v);
        if (v == NULL) {
            run->err = SIM_ENOMEM;
            return;
        }
        for (size_t i = 0; i < q->n; i++)
            v[i] = q->v[(q->head + i) % q->cap];
        free(q->v);
        q->v = v;
        q->head = 0;
        q->cap = cap;
    }
    q->v[(q->head + q->n) % q->cap] = (sim__waiter){.run = run->svc_index, .aop = aop};
    q->n++;
}

void sim__svc_device_next(sim_run *run, int32_t device)
{
    sim__waiters *q = &run->coord->waiting[device];
    if (q->n == 0)
        return;
    sim__waiter w = q->v[q->head];
    q->head = (q->head + 1) % q->cap;
    q->n--;
    sim_run *r = run->coord->runs[w.run];
    /* the clock is one: the waiting run's time moves on to this instant, which no
     * event of its own precedes (the coordinator handles the earliest first) */
    r->now = run->now;
    sim__emit_queue(r, TRACE_DEQUEUE, r->aops[w.aop].req, r->aops[w.aop].thread, TRACE_QUEUE_DEVICE,
                    device, -1, TRACE_TAKE_RUN);
    sim__aop_start(r, w.aop);
}

/* ---- results ------------------------------------------------------------------- */

int64_t sim_split_mean(int64_t sum, int64_t requests)
{
    return requests > 0 ? (int64_t)(((__int128)sum + requests / 2) / requests) : 0;
}

size_t sim_run_service_count(const sim_run *run)
{
    return run->svc != NULL ? run->svc->nruns - 1 : 0;
}

const char *sim_run_service_name(const sim_run *run, size_t i)
{
    return i < sim_run_service_count(run) ? run->scn->services[i].name : NULL;
}

const sim_metrics *sim_run_service_metrics(const sim_run *run, size_t i)
{
    return i < sim_run_service_count(run) ? sim_run_metrics(run->svc->runs[1 + i]) : NULL;
}

const trace *sim_run_service_trace(const sim_run *run, size_t i)
{
    return i < sim_run_service_count(run) ? sim_run_trace(run->svc->runs[1 + i]) : NULL;
}

const scn_scenario *sim_run_service_view(const sim_run *run, size_t i)
{
    return i < sim_run_service_count(run) ? &run->svc->views[i] : NULL;
}

int64_t sim_run_service_in_flight_max(const sim_run *run, size_t i)
{
    return i < sim_run_service_count(run) ? run->svc->runs[1 + i]->in_flight_max : 0;
}

const sim_split *sim_run_split(const sim_run *run)
{
    return run->svc != NULL ? &run->split : NULL;
}
