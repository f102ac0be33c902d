/* engine_call.c - calls of services, as one run sees them.
 *
 * A call is an io step (threads.c, loop.c) whose end is not a duration but the
 * service's reply: the caller sends it (sim__call_begin), the coordinator
 * (services.c) hands it to the service's run a network latency later
 * (EV_CALL_ARRIVE), the service serves it as a request of its own, and its end
 * goes back, a network latency later, as the io's completion (EV_IO_DONE), which
 * wakes the blocked thread or posts the loop's continuation as for any io.
 *
 * Each request of the front also sums its time split (services.h, sim_split).
 */
#include "engine_internal.h"

#include <stdlib.h>

#include "error.h"

/* The slot an aop works for: its thread's request, or its loop task's. */
static int32_t aop_slot(const sim_run *run, const sim__aop *op)
{
    if (op->task >= 0)
        return run->tasks[op->task].slot;
    return op->thread >= 0 ? run->threads[op->thread].slot : -1;
}

void sim__call_begin(sim_run *run, int32_t thread, int32_t task, int service, int64_t req)
{
    int32_t a = SIM__TAKE(&run->aop_store, run->aops, &run->err);
    if (a < 0)
        return;
    run->aops[a] = (sim__aop){.thread = thread,
                              .task = task,
                              .device = -1,
                              .next = -1,
                              .req = req,
                              .call = service + 1};
    sim__emit(run, TRACE_IO_START, req, thread, -1, 0, 0);
    int32_t slot = aop_slot(run, &run->aops[a]);
    if (slot >= 0) {
        sim__slot *s = &run->slots[slot];
        if (s->calls_out++ == 0)
            s->call_since = run->now;
        s->call_net = sim__add_sat(s->call_net,
                                   sim__add_sat(sim__svc_latency(run), sim__svc_latency(run)));
    }
    sim__svc_send(run, a, service);
}

void sim__call_back(sim_run *run, const sim__aop *op)
{
    int32_t slot = aop_slot(run, op);
    if (slot < 0)
        return;
    sim__slot *s = &run->slots[slot];
    s->call_svc = sim__add_sat(s->call_svc, op->dur);
    if (--s->calls_out == 0)
        s->call_wall = sim__add_sat(s->call_wall, run->now - s->call_since);
}

void sim__call_arrive(sim_run *run, int64_t k, uint64_t tag)
{
    run->next_tag = tag;
    run->sent++;
    run->total++;
    run->m.requests++;
    if (run->total - run->completed > run->in_flight_max)
        run->in_flight_max = run->total - run->completed;
    /* room for its latency when it ends: one for every request arrived */
    if (run->total > run->cap_latencies) {
        int64_t cap = run->cap_latencies * 2 + 64;
        int64_t *v = realloc(run->latencies, (size_t)cap * sizeof *v);
        if (v == NULL) {
            run->err = SIM_ENOMEM;
            return;
        }
        run->latencies = v;
        run->cap_latencies = cap;
    }
    sim__arrive(run, k, -1);
}

void sim__call_slot_done(sim_run *run, int32_t slot, int64_t latency)
{
    sim__slot *s = &run->slots[slot];
    if (s->tag != 0) {
        uint64_t tag = s->tag;
        s->tag = 0;
        sim__svc_reply(run, tag, latency);
        return;
    }
    if (run->svc_index != 0)
        return;
    sim_split *sp = &run->split;
    int64_t cpu = 0, io = 0;
    for (uint32_t i = 0; i < s->prog.n; i++) {
        const wl_op *op = &s->prog.ops[i];
        if (op->kind == SCN_STEP_CPU || op->kind == SCN_STEP_NATIVE)
            cpu = sim__add_sat(cpu, op->dur);
        else if (op->kind == SCN_STEP_IO && op->src != NULL && op->src->call == 0)
            io = sim__add_sat(io, op->dur);
    }
    int64_t net = 0, svc = 0;
    if (s->call_wall > 0) {
        /* the time with a call in flight, in the proportion of its parts */
        double all = (double)s->call_net + (double)s->call_svc;
        net = all > 0 ? (int64_t)((double)s->call_wall * ((double)s->call_net / all) + 0.5) : 0;
        if (net > s->call_wall)
            net = s->call_wall;
        svc = s->call_wall - net;
    }
    int64_t rest = latency - cpu - io - s->call_wall;
    sp->requests++;
    sp->latency = sim__add_sat(sp->latency, latency);
    sp->cpu = sim__add_sat(sp->cpu, cpu);
    sp->io = sim__add_sat(sp->io, io);
    sp->calls = sim__add_sat(sp->calls, s->call_wall);
    sp->network = sim__add_sat(sp->network, net);
    sp->services = sim__add_sat(sp->services, svc);
    sp->queueing = sim__add_sat(sp->queueing, rest > 0 ? rest : 0);
}

int64_t sim__next_time(const sim_run *run)
{
    const heap_event *top = heap_peek(&run->heap);
    int64_t t = top != NULL ? top->t : INT64_MAX;
    if (run->has_arrival && run->arrival_t < t)
        t = run->arrival_t;
    return t;
}
