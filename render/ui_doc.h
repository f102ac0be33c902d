/* ui_doc.h - a scenario loaded for the app: every runtime simulated once, indexed.
 *
 * Opening a scenario runs the engine once per runtime with the trace kept, builds
 * each run's timeline and lets the trace go. From then on the app only reads:
 * playing, stepping back and forth and seeking are timeline lookups, never a
 * re-run. A doc is immutable after ui_doc_open(); reloading a file makes a new doc
 * and the app swaps it in only if it opened (an invalid file keeps the old one).
 */
#ifndef BISTRO_UI_DOC_H
#define BISTRO_UI_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "engine.h"
#include "scenario.h"
#include "timeline.h"

typedef struct ui_service ui_service;

typedef struct ui_run {
    const char *name;     /* the runtime's name (owned by the scenario) */
    const scn_runtime *rt;
    timeline *tl;
    int64_t end;          /* the time of its last event */
    int64_t makespan_ns;  /* when its last request completed */
    int64_t requests, completed;
    int64_t memory_peak_bytes;
    int64_t context_switches;
    sim_metrics summary;  /* the run's summary, as bistro-sim run prints it (its
                             per-request detail, log and shared values left out:
                             NULL; the timeline has the values) */
    size_t processes;     /* 1, or the runtime's processes */
    size_t nworkers;      /* timeline_lane_count(tl, TL_LANE_WORKER) */
    char (*short_names)[32]; /* per worker: "T1", "Loop", "W1" (worker thread), "P1"
                                (pool thread); "2:T1" in process 2 of several */
    char (*long_names)[64];  /* per worker: "thread 1", "event loop", "worker thread 1",
                                "pool thread 1"; "process 2, thread 1" */
    int64_t in_flight_max; /* a service's run: the most calls it had at once (waiting or
                              served), as the summary's "services" says; else 0 */
    ui_service *services; /* one per service of the scenario, in its order (NULL: none) */
    size_t nservices;
    bool worker_seen[TL_W_COUNT];   /* the states some worker is in for a while, up */
    bool request_seen[TL_R_COUNT];  /* to the doc's end: what the legend lists */
} ui_run;

/* A service behind a run (scenario "services"): the calls it received, as a run
 * of its own (its workers named, its timeline, its summary) that the app draws as
 * a smaller restaurant beside the front's. */
struct ui_service {
    const char *name;  /* the service's name (owned by the scenario) */
    scn_scenario view; /* the scenario as the service's run saw it (services.h:
                          sim_run_service_view): its runtime, machine and request
                          program; it points into the doc's scenario */
    ui_run run;        /* run.rt is view.runtimes; run.services is NULL (a service's
                          own calls show on the service it calls) */
};

typedef struct {
    char *path;           /* as given */
    scn_scenario *scn;
    ui_run *runs;         /* one per runtime, in the scenario's order */
    size_t nruns;
    int64_t end;          /* the latest end over the runs: the clock's range */
} ui_doc;

/* Loads `path`, simulates each runtime with the scenario's seed and builds the
 * timelines. 0 and *out; SIM_EINVAL / SIM_EIO with the problems in `diags`
 * (file:line:col: $.path: message); SIM_ENOMEM; or an engine error, also
 * described in `diags`. `progress` (may be NULL) is called between runs with the
 * runs done so far. */
int ui_doc_open(const char *path, diag_list *diags,
                void (*progress)(void *ctx, size_t done, size_t total), void *ctx, ui_doc **out);

/* The same from a scenario already loaded; the doc takes ownership of `scn` (also
 * on failure). `path` may be NULL. */
int ui_doc_from_scenario(scn_scenario *scn, const char *path, diag_list *diags, ui_doc **out);

/* NULL is a no-op. */
void ui_doc_free(ui_doc *doc);

/* Whether service k behind run u received calls during the run (from the front
 * or from another service): what the app draws of a service (its box beside the
 * restaurant, its lanes) is drawn for these only; a runtime that does the
 * service's work in process calls it never. */
bool ui_run_service_called(const ui_run *u, size_t k);

/* The memory the run holds at t by the engine's estimate (the trace's memory
 * events: timeline_memory_at). Its largest value over the run is the run's
 * memory_peak_bytes. O(log n). */
int64_t ui_run_memory(const ui_doc *doc, size_t run, int64_t t);

#endif
