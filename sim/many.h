/* many.h - one runtime run once per seed: the orders it prints, the spread of its
 * metrics.
 *
 * Real runtimes race (a timer against a file read, a 0 ms timer against an
 * immediate); where the model draws something from the seed (the workload's
 * distributions, and the machine's jitter where a scenario asks for it), running
 * every seed of a range shows the race as it is: the usual order and the rare
 * ones, with how often each comes. `bistro-sim run FILE --seeds A-B` prints it
 * (report_many_table, report_many_json).
 *
 * Memory: the orders (one string per distinct order) and the metrics of every run
 * (a few numbers a seed) while the runs go on; runs keep no trace.
 */
#ifndef BISTRO_MANY_H
#define BISTRO_MANY_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* The most seeds one call runs. */
#define MANY_MAX_SEEDS 100000

/* What every run printed, in the order it printed it, lines joined by one space. */
typedef struct {
    char *order;
    int64_t runs;
} many_order;

/* Smallest, median (nearest rank, as the summary's p50) and largest value. */
typedef struct {
    double min, median, max;
} many_spread;

typedef enum {
    MANY_MAKESPAN_MS,
    MANY_THROUGHPUT_RPS,
    MANY_LAT_P50_MS,
    MANY_LAT_P99_MS,
    MANY_LAT_MAX_MS,
    MANY_CPU_UTIL,
    MANY_GIL_WAIT_MS,
    MANY_LOOP_LAG_MAX_MS,
    MANY_MEMORY_PEAK_BYTES,
    MANY_METRIC_COUNT
} many_metric;

/* A shared value ("state") over the runs: how many runs lost updates of it, and
 * the spread of its lost updates and of its final value. */
typedef struct {
    int64_t runs_lost;     /* runs with at least one lost update */
    many_spread lost_updates, final;
} many_state;

/* A service behind the runtime (services.h), over the runs: the spread of each
 * number the summary's "services" gives it. */
typedef enum {
    MANY_SVC_COMPLETED,
    MANY_SVC_IN_FLIGHT_MAX,
    MANY_SVC_THROUGHPUT_RPS,
    MANY_SVC_LAT_MEAN_MS,
    MANY_SVC_LAT_P50_MS,
    MANY_SVC_LAT_P99_MS,
    MANY_SVC_LAT_MAX_MS,
    MANY_SVC_METRIC_COUNT
} many_service_metric;

typedef struct {
    many_spread spread[MANY_SVC_METRIC_COUNT];
} many_service;

/* The front's time split (services.h, sim_split) over the runs: the spread of
 * each run's mean per request, as the summary's "time_split_ms" gives it. */
typedef enum {
    MANY_SPLIT_LATENCY,
    MANY_SPLIT_CPU,
    MANY_SPLIT_IO,
    MANY_SPLIT_SERVICES,
    MANY_SPLIT_NETWORK,
    MANY_SPLIT_QUEUEING,
    MANY_SPLIT_COUNT
} many_split_part;

typedef struct {
    size_t runtime;        /* index into scn->runtimes */
    int64_t runs;          /* seeds run */
    int64_t incomplete;    /* runs that left requests unfinished */
    many_order *orders;    /* most runs first, then the order first seen first; */
    size_t norders;        /* none when no run printed anything */
    many_spread spread[MANY_METRIC_COUNT];
    many_state *state;     /* one per key of scn->state, in its order; NULL when none */
    size_t nstate;
    many_service *services; /* one per service of scn, in its order; NULL when none */
    size_t nservices;
    many_spread split[MANY_SPLIT_COUNT]; /* the time split, when nservices > 0 */
} many_result;

/* The metric's name in the JSON ("makespan_ms", "throughput_rps", ...). */
const char *many_metric_name(int metric);
/* A service's number's name in the JSON ("completed", "latency_p99_ms", ...). */
const char *many_service_metric_name(int metric);
/* A part of the time split, as the summary's time_split_ms names it ("cpu", ...). */
const char *many_split_name(int part);

/* Runs runtime `runtime` of `scn` once for each seed first .. last (last - first <
 * MANY_MAX_SEEDS). `progress` (may be NULL) is told the seeds done after each run.
 * 0 and *out (many_free it), SIM_EINVAL (a bad range or runtime), SIM_ENOMEM, or the
 * engine's error for a run that failed (*failed_seed then names it). */
int many_run(const scn_scenario *scn, size_t runtime, uint64_t first, uint64_t last,
             void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx,
             many_result *out, uint64_t *failed_seed);

/* NULL-safe; leaves *r empty. */
void many_free(many_result *r);

/* The two steps many_run takes for every run, for a caller that makes the runs
 * itself (the app's orders view, a seed per frame). many_count_order counts one
 * more run of `order` (taken over, freed when already counted) in orders[0..*n),
 * keeping them most runs first, then first seen first: (*seen)[i] is when
 * orders[i] was first seen. 0 or SIM_ENOMEM (order freed). many_spreads sets out[k]
 * to the smallest, median (nearest rank, as the summary's p50) and largest of
 * values[k * stride + 0 .. n), which it sorts; n = 0 leaves out as it is. */
int many_count_order(many_order **orders, size_t *n, size_t *cap, size_t **seen, size_t *seen_cap,
                     char *order);
void many_spreads(double *values, size_t stride, size_t n, many_spread out[MANY_METRIC_COUNT]);

#endif
