/* ui_doc.c - open a scenario for the app: simulate every runtime once, index it.
 *
 * Each run keeps its trace only until its timeline is built, so the peak memory is
 * one trace plus the timelines (the index is about as big as a trace).
 */
#include "ui_doc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "services.h"

/* Names each worker of a run for labels, from the number its spawn gave it (the
 * engine numbers a process's workers of each kind from 1; its first loop is the
 * event loop): "T1", "Loop", "W1" (a worker thread), "P1" (a pool thread). */
static int name_workers(ui_run *r)
{
    r->nworkers = timeline_lane_count(r->tl, TL_LANE_WORKER);
    r->short_names = calloc(r->nworkers ? r->nworkers : 1, sizeof *r->short_names);
    r->long_names = calloc(r->nworkers ? r->nworkers : 1, sizeof *r->long_names);
    if (!r->short_names || !r->long_names)
        return SIM_ENOMEM;
    for (size_t w = 0; w < r->nworkers; w++) {
        tl_worker_info wi;
        timeline_worker_info(r->tl, w, &wi);
        char sp[16] = "", lp[24] = "", name[40];
        if (r->processes > 1) {
            snprintf(sp, sizeof sp, "%d:", (int)wi.process + 1);
            snprintf(lp, sizeof lp, "process %d, ", (int)wi.process + 1);
        }
        trace_worker_name(wi.kind, wi.number, name, sizeof name);
        snprintf(r->long_names[w], sizeof r->long_names[w], "%s%s", lp, name);
        const char *sn = wi.kind == TRACE_WORKER_LOOP   ? (wi.number > 0 ? "W" : "Loop")
                         : wi.kind == TRACE_WORKER_POOL ? "P"
                                                        : "T";
        if (wi.kind == TRACE_WORKER_LOOP && wi.number <= 0)
            snprintf(r->short_names[w], sizeof r->short_names[w], "%s%s", sp, sn);
        else
            snprintf(r->short_names[w], sizeof r->short_names[w], "%s%s%lld", sp, sn,
                     (long long)wi.number);
    }
    return 0;
}

bool ui_run_service_called(const ui_run *u, size_t k)
{
    return k < u->nservices && u->services[k].run.requests > 0;
}

int64_t ui_run_memory(const ui_doc *doc, size_t run, int64_t t)
{
    return run < doc->nruns ? timeline_memory_at(doc->runs[run].tl, t) : 0;
}

/* The summary of a run as the app keeps it: its per-request detail, log and
 * shared values left out (the run's, freed with it; the timeline has them). */
static sim_metrics kept_summary(const sim_metrics *mt)
{
    sim_metrics m = *mt;
    m.run = NULL; /* freed with the run */
    m.detail = NULL;
    m.ndetail = 0;
    m.log = NULL;
    m.nlog = 0;
    m.state = NULL;
    m.nstate = 0;
    return m;
}

/* Fills r's fields that follow from its summary and timeline (r->rt and r->tl
 * set). */
static int finish_run(ui_run *r, const sim_metrics *mt)
{
    r->makespan_ns = mt->makespan_ns;
    r->requests = mt->requests;
    r->completed = mt->completed;
    r->memory_peak_bytes = mt->memory_peak_bytes;
    r->context_switches = mt->context_switches;
    r->summary = kept_summary(mt);
    r->processes = r->rt->model == SCN_MODEL_PROCESSES ? (size_t)r->rt->processes : 1;
    if (name_workers(r) < 0)
        return SIM_ENOMEM;
    r->end = timeline_end(r->tl);
    return 0;
}

/* Service k behind `run` as a run of its own, read with the scenario as the
 * service's run sees it (a copy: it points into the doc's scenario, not into
 * the run). */
static int service_run(ui_service *s, const sim_run *run, size_t k)
{
    s->name = sim_run_service_name(run, k);
    s->view = *sim_run_service_view(run, k);
    s->run.name = s->name;
    s->run.rt = &s->view.runtimes[0];
    s->run.in_flight_max = sim_run_service_in_flight_max(run, k);
    int rc = timeline_build(sim_run_service_trace(run, k), &s->view, 0, &s->run.tl);
    return rc < 0 ? rc : finish_run(&s->run, sim_run_service_metrics(run, k));
}

static void free_run(ui_run *r)
{
    timeline_free(r->tl);
    for (size_t k = 0; k < r->nservices; k++)
        free_run(&r->services[k].run);
    free(r->services);
    free(r->short_names);
    free(r->long_names);
}

/* Simulates runtime i of the doc's scenario and builds its timeline, and one for
 * each service behind it. */
static int run_one(ui_doc *doc, size_t i, diag_list *diags)
{
    const scn_scenario *scn = doc->scn;
    ui_run *r = &doc->runs[i];
    r->rt = &scn->runtimes[i];
    r->name = scn->runtimes[i].name;
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    int rc = sim_run_new(scn, i, &opt, &run);
    if (rc == 0)
        rc = sim_run_go(run);
    if (rc == 0)
        rc = timeline_build(sim_run_trace(run), scn, i, &r->tl);
    /* the services' writes of shared values: one store for all, as the summary
     * counts them */
    for (size_t k = 0; rc == 0 && scn->nstate > 0 && k < sim_run_service_count(run); k++)
        if (sim_run_service_trace(run, k))
            rc = timeline_add_shared_writes(r->tl, scn, sim_run_service_trace(run, k));
    size_t ns = rc == 0 ? sim_run_service_count(run) : 0;
    if (ns > 0 && !(r->services = calloc(ns, sizeof *r->services)))
        rc = SIM_ENOMEM;
    for (size_t k = 0; rc == 0 && k < ns; k++) {
        r->nservices = k + 1;
        rc = service_run(&r->services[k], run, k);
    }
    if (rc == 0)
        rc = finish_run(r, sim_run_metrics(run));
    sim_run_free(run);
    if (rc < 0) {
        diag_add(diags, doc->path ? doc->path : scn->name, 0, 0, NULL,
                 "cannot simulate runtime \"%s\": %s", r->name, sim_strerror(rc));
        return rc;
    }
    if (r->end > doc->end)
        doc->end = r->end;
    return 0;
}

/* Which states the run shows on a clock that runs to `end`, for the legend: every
 * worker interval once (the last one lasts to `end`), and the requests' time in
 * each state over the run. Done once here, as it reads every interval. */
static void states_seen(ui_run *u, int64_t end)
{
    int left = TL_W_COUNT - 1;
    for (size_t w = 0; w < u->nworkers && left > 0; w++) {
        size_t n = timeline_span_count(u->tl, TL_LANE_WORKER, w);
        tl_span sp;
        for (size_t i = 0; i < n && left > 0; i++) {
            if (timeline_span(u->tl, TL_LANE_WORKER, w, i, &sp) != 0 || sp.state <= TL_W_ABSENT ||
                sp.state >= TL_W_COUNT || u->worker_seen[sp.state])
                continue;
            if ((i + 1 < n ? sp.t1 : end) > sp.t0) {
                u->worker_seen[sp.state] = true;
                left--;
            }
        }
    }
    double avg[TL_R_COUNT];
    int64_t run_end = timeline_end(u->tl);
    if (run_end > 0 && timeline_request_buckets(u->tl, 0, run_end, 1, avg) == 0)
        for (int s = 0; s < TL_R_COUNT; s++)
            u->request_seen[s] = avg[s] > 0;
}

static int open_scenario(scn_scenario *scn, const char *path, diag_list *diags,
                         void (*progress)(void *, size_t, size_t), void *ctx, ui_doc **out)
{
    *out = NULL;
    ui_doc *doc = calloc(1, sizeof *doc);
    if (!doc) {
        scn_free(scn);
        return SIM_ENOMEM;
    }
    doc->scn = scn;
    if (path && !(doc->path = strdup(path)))
        goto nomem;
    doc->runs = calloc(scn->nruntimes, sizeof *doc->runs);
    if (!doc->runs)
        goto nomem;
    doc->nruns = scn->nruntimes;
    for (size_t i = 0; i < doc->nruns; i++) {
        int rc = run_one(doc, i, diags);
        if (rc < 0) {
            ui_doc_free(doc);
            return rc;
        }
        if (progress)
            progress(ctx, i + 1, doc->nruns);
    }
    for (size_t i = 0; i < doc->nruns; i++) {
        states_seen(&doc->runs[i], doc->end);
        for (size_t k = 0; k < doc->runs[i].nservices; k++)
            states_seen(&doc->runs[i].services[k].run, doc->end);
    }
    *out = doc;
    return 0;
nomem:
    ui_doc_free(doc);
    return SIM_ENOMEM;
}

int ui_doc_open(const char *path, diag_list *diags, void (*progress)(void *, size_t, size_t),
                void *ctx, ui_doc **out)
{
    *out = NULL;
    scn_scenario *scn = NULL;
    int rc = scn_load_file(path, &scn, diags);
    if (rc < 0)
        return rc;
    return open_scenario(scn, path, diags, progress, ctx, out);
}

int ui_doc_from_scenario(scn_scenario *scn, const char *path, diag_list *diags, ui_doc **out)
{
    return open_scenario(scn, path, diags, NULL, NULL, out);
}

void ui_doc_free(ui_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nruns; i++)
        free_run(&doc->runs[i]);
    free(doc->runs);
    scn_free(doc->scn);
    free(doc->path);
    free(doc);
}
