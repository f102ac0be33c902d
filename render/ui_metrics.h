/* ui_metrics.h - the numbers a metrics panel shows for one run at time t.
 *
 * One function computes them, from the run's timeline, so that the panel, the
 * column titles and anything that writes the frame as data say the same thing.
 *
 * Each run on its own clock. Several runs share the app's clock t, but a run that
 * has served every request is done: from its finish (its makespan, when its last
 * request completed) its throughput, CPU use, GIL wait and latencies stay what they
 * were then, as bistro-sim's summary gives them (completed / makespan, core time /
 * (cores * makespan)). Before its finish they are over t. What the run holds or
 * suffers now (requests in flight, loop lag, memory) follows t throughout.
 */
#ifndef BISTRO_UI_METRICS_H
#define BISTRO_UI_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_doc.h"

typedef struct {
    int64_t requests;          /* in the workload */
    int64_t arrived, completed, in_flight;
    bool finished;             /* every request served at or before t */
    int64_t clock_ns;          /* the run's own clock: t, or its finish once finished */
    double throughput_rps;     /* completed / clock_ns (per second) */
    int64_t cpu_busy_ns;       /* core time used up to clock_ns, summed over cores */
    double cpu_util;           /* cpu_busy / (cores * clock_ns), 0 .. 1 */
    int64_t gil_wait_ns;       /* time threads waited for a GIL up to clock_ns */
    int64_t lat_mean_ns, lat_p50_ns, lat_p95_ns, lat_p99_ns, lat_max_ns; /* of completed */
    int64_t loop_lag_now_ns;   /* how long the oldest callback waiting at t has waited */
    int64_t loop_lag_max_ns;   /* the worst loop lag so far, the one in progress included */
    int64_t memory_now_bytes;  /* what the run holds at t, by the engine's estimate */
    int64_t memory_peak_bytes; /* the most it held at any moment up to t */
    bool has_gil;              /* its threads share a GIL (per process) */
    bool has_loop;             /* it runs an event loop */
} ui_run_metrics;

/* The metrics of doc->runs[run] at t (t < 0 counts as 0). All zero for a run out
 * of range. O(log n) in the run's events. */
void ui_run_metrics_at(const ui_doc *doc, size_t run, int64_t t, ui_run_metrics *out);

/* What each row of a metrics panel shows (a UI_ROLE_METRIC shape's id). */
typedef enum {
    UI_METRIC_COMPLETED,  /* "2 of 3" */
    UI_METRIC_IN_FLIGHT,  /* arrived, not completed */
    UI_METRIC_THROUGHPUT, /* throughput_rps */
    UI_METRIC_CPU,        /* cpu_util */
    UI_METRIC_GIL_WAIT,   /* gil_wait_ns, where there is a GIL */
    UI_METRIC_LOOP_LAG,   /* loop_lag_now_ns, where there is an event loop */
    UI_METRIC_P50,        /* latency percentiles of the requests completed */
    UI_METRIC_P95,
    UI_METRIC_P99,
    UI_METRIC_MEMORY,     /* memory_now_bytes */
    UI_METRIC_LOOP_LAG_MAX, /* loop_lag_max_ns, beside the lag now */
    UI_METRIC_MEMORY_PEAK,  /* memory_peak_bytes, beside the memory now */
    UI_METRIC_COUNT
} ui_metric;

/* The name of metric `id` in the frame data ("completed", "throughput",
 * "loop_lag_now", ...; docs/app.md lists them), "unknown" when out of range. */
const char *ui_metric_key(int id);

/* Every ui_metric, most important first, for the lesson `doc` is: "completed",
 * then the metrics in which the doc's runs differ by half again or more at their
 * ends, by the order of magnitude of the difference (memory in the 10,000
 * connections lesson, GIL wait in the GIL lesson, loop lag when a loop freezes),
 * then the rest, each group in a fixed order. A panel short of room leaves out the
 * last ones, so it never drops the metric its lesson is about. A single run has
 * nothing to differ from: the fixed order. O(runs log n). */
void ui_metric_order(const ui_doc *doc, int order[UI_METRIC_COUNT]);

#endif
