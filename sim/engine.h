/* engine.h - one simulated run: a scenario, one of its runtimes, a seed.
 *
 * The engine is pure: no files, no clock, no printing. Given the same scenario,
 * runtime and seed it produces the same trace and metrics, byte for byte, on every
 * run. A run keeps a trace in memory only when asked (sim_options.keep_trace);
 * otherwise it only counts events and keeps per-request latencies for exact
 * percentiles (8 bytes a request).
 */
#ifndef BISTRO_ENGINE_H
#define BISTRO_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"
#include "trace.h"

/* Budgets: a run stops with SIM_EBUDGET rather than pass one (a student's scenario
 * must never hang or exhaust a grader); sim_run_budget_text says which and what in
 * the scenario drove it. 0 in sim_options means the default. */
#define SIM_DEFAULT_MAX_EVENTS 1000000000LL /* trace events and engine wake-ups */
#define SIM_DEFAULT_MAX_MEMORY (8LL << 30)  /* bytes the run itself holds */
/* The budget of simulated time, the same for every run: 2^62 ns, about 146 years,
 * the horizon within which the loader keeps a workload's arrivals and steps; what
 * the scenario adds beyond them (context switches, waits) can reach it. */
#define SIM_MAX_TIME_NS SCN_HORIZON_NS

typedef struct {
    bool keep_trace;
    uint64_t seed;
    int64_t max_events; /* 0: SIM_DEFAULT_MAX_EVENTS */
    int64_t max_memory; /* bytes; 0: SIM_DEFAULT_MAX_MEMORY */
    /* Called now and then with the requests completed so far and in all; may be NULL.
     * The caller decides whether to show progress (the engine never prints). */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
} sim_options;

typedef struct {
    int64_t arrive, done; /* ns; done = -1 if it never completed */
} sim_request_detail;

typedef struct {
    int64_t t;
    int32_t req;
    int32_t text; /* index into scn_scenario.strings */
} sim_log_line;

/* A shared value at the end of a run (scenario "state"). */
typedef struct {
    int64_t initial;
    int64_t final;        /* its value at the end */
    int64_t serial;       /* what a serial run would give: initial + every write's add */
    int64_t lost_updates; /* writes over a value another request wrote after their read */
    int64_t reads, writes;
} sim_state_result;

typedef struct {
    int64_t requests, completed;
    int64_t makespan_ns;           /* when the last request completed */
    double throughput_rps;         /* completed / makespan */
    int64_t lat_mean_ns, lat_p50_ns, lat_p95_ns, lat_p99_ns, lat_max_ns;
    int64_t cpu_busy_ns;           /* summed over cores, context switches included */
    double cpu_util;               /* cpu_busy / (cores * makespan) */
    int64_t gil_wait_ns;           /* summed over threads */
    int64_t loop_lag_mean_ns, loop_lag_max_ns;
    int64_t context_switches;
    int64_t memory_peak_bytes;
    int64_t events;                /* trace events produced (kept or not) */
    int64_t wakeups;               /* engine events handled (timers, completions,
                                      time-outs): the work the run took */
    sim_request_detail *detail;    /* ndetail entries in request order, or NULL */
    int64_t ndetail;
    sim_log_line *log;             /* every log step in the order it ran */
    int64_t nlog;
    int64_t lost_updates;          /* of every shared value ("state") */
    sim_state_result *state;       /* one per key of scn->state, in its order */
    int64_t nstate;
    const struct sim_run *run;     /* the run these are of, whose services services.h
                                      tells (NULL in metrics made by hand) */
} sim_metrics;

typedef struct sim_run sim_run;

/* Prepares a run of runtime `runtime` (an index into scn->runtimes). The scenario
 * must outlive the run. 0, SIM_ENOMEM, or SIM_EUNSUPPORTED for a model this
 * version does not simulate. */
int sim_run_new(const scn_scenario *scn, size_t runtime, const sim_options *opt, sim_run **out);

/* Simulates to the end. 0, SIM_ENOMEM, SIM_EOVERFLOW (time beyond int64) or
 * SIM_ELIMIT (a program too long to expand). */
int sim_run_go(sim_run *run);

/* Results, valid after sim_run_go() returned 0 and until sim_run_free(). */
const sim_metrics *sim_run_metrics(const sim_run *run);

/* The trace, or NULL when keep_trace was false. */
const trace *sim_run_trace(const sim_run *run);

/* After SIM_EBUDGET: one line saying which budget ran out, when, and the
 * scenario's values that drove it (no trailing newline). */
void sim_run_budget_text(const sim_run *run, char *buf, size_t size);

/* After SIM_EBUDGET: which budget ran out (the first two can be raised, the time
 * cannot: SIM_MAX_TIME_NS). */
typedef enum { SIM_BUDGET_NONE, SIM_BUDGET_EVENTS, SIM_BUDGET_MEMORY, SIM_BUDGET_TIME } sim_budget;
sim_budget sim_run_budget(const sim_run *run);

void sim_run_free(sim_run *run);

/* The 0-based index of the nearest-rank p-th percentile (p in 0..100) among n > 0
 * sorted values: the smallest value with at least p% of the values at or below it. */
int64_t sim_percentile_index(int64_t n, double p);

/* Exact nearest-rank percentile (p in 0..100) of n sorted values; 0 when n is 0. */
int64_t sim_percentile(const int64_t *sorted, int64_t n, double p);

#endif
