/* ui_metrics.c - a run's metrics at t on its own clock, and which of them a lesson
 * is about.
 *
 * Everything is a timeline lookup: the counters at the run's clock (t, or its
 * finish), the loop lag and the memory at t. Nothing here knows a runtime's rules
 * beyond what the scenario says it is (a GIL, an event loop), which only decides
 * whether a row applies.
 */
#include "ui_metrics.h"

#include <math.h>
#include <string.h>

void ui_run_metrics_at(const ui_doc *doc, size_t run, int64_t t, ui_run_metrics *out)
{
    memset(out, 0, sizeof *out);
    if (doc == NULL || run >= doc->nruns || doc->runs[run].tl == NULL)
        return;
    const ui_run *u = &doc->runs[run];
    const timeline *tl = u->tl;
    t = t < 0 ? 0 : t;
    out->requests = u->requests;
    out->arrived = timeline_arrived(tl, t);
    out->completed = timeline_completed(tl, t);
    out->in_flight = out->arrived - out->completed;
    /* served everything: the clock of what it did stops at its last completion */
    out->finished = u->requests > 0 && out->completed >= u->requests && u->makespan_ns <= t;
    out->clock_ns = out->finished ? u->makespan_ns : t;
    tl_counters k;
    if (timeline_counters(tl, out->clock_ns, &k) == 0) {
        out->throughput_rps = k.throughput_rps;
        out->cpu_busy_ns = k.cpu_busy_ns;
        out->cpu_util = k.cpu_util;
        out->gil_wait_ns = k.gil_wait_ns;
        out->lat_mean_ns = k.lat_mean_ns;
        out->lat_p50_ns = k.lat_p50_ns;
        out->lat_p95_ns = k.lat_p95_ns;
        out->lat_p99_ns = k.lat_p99_ns;
        out->lat_max_ns = k.lat_max_ns;
    }
    out->loop_lag_now_ns = timeline_loop_lag_now(tl, t);
    out->loop_lag_max_ns = timeline_loop_lag_worst(tl, t);
    out->memory_now_bytes = timeline_memory_at(tl, t);
    out->memory_peak_bytes = timeline_memory_peak(tl, t);
    if (u->rt != NULL) {
        out->has_gil = scn_runtime_serving(u->rt)->gil;
        out->has_loop = scn_runtime_serving(u->rt)->model == SCN_MODEL_EVENT_LOOP;
    }
}

/* ---- which metrics a lesson is about ---------------------------------------------- */

/* The value compared across runs, and the smallest difference that counts: a lag of
 * 2 us against none is no lesson, 2 s against none is. */
static double compared(const ui_run_metrics *m, int metric, double *least)
{
    const double ms = 1e6, mib = 1024.0 * 1024.0;
    switch (metric) {
    case UI_METRIC_THROUGHPUT: *least = 1e-3; return m->throughput_rps;
    case UI_METRIC_CPU: *least = 0.01; return m->cpu_util;
    case UI_METRIC_GIL_WAIT: *least = ms; return (double)m->gil_wait_ns;
    case UI_METRIC_LOOP_LAG:
    case UI_METRIC_LOOP_LAG_MAX: *least = ms; return (double)m->loop_lag_max_ns;
    case UI_METRIC_P50: *least = ms; return (double)m->lat_p50_ns;
    case UI_METRIC_P99: *least = ms; return (double)m->lat_p99_ns;
    case UI_METRIC_MEMORY:
    case UI_METRIC_MEMORY_PEAK: *least = mib; return (double)m->memory_peak_bytes;
    default: *least = 1; return 0;
    }
}

void ui_metric_order(const ui_doc *doc, int order[UI_METRIC_COUNT])
{
    /* the fixed order: how far it has got, how fast, at what cost, how long a
     * request takes; then what only some runtimes have */
    static const int base[UI_METRIC_COUNT] = {
        UI_METRIC_COMPLETED, UI_METRIC_THROUGHPUT,   UI_METRIC_CPU,      UI_METRIC_P50,
        UI_METRIC_P99,       UI_METRIC_IN_FLIGHT,    UI_METRIC_MEMORY,   UI_METRIC_MEMORY_PEAK,
        UI_METRIC_LOOP_LAG,  UI_METRIC_LOOP_LAG_MAX, UI_METRIC_GIL_WAIT, UI_METRIC_P95};
    double lo[UI_METRIC_COUNT], hi[UI_METRIC_COUNT], least[UI_METRIC_COUNT];
    double spread[UI_METRIC_COUNT] = {0};
    size_t nruns = doc != NULL ? doc->nruns : 0;
    for (size_t r = 0; r < nruns && nruns > 1; r++) {
        ui_run_metrics m;
        ui_run_metrics_at(doc, r, doc->end, &m);
        for (int id = 0; id < UI_METRIC_COUNT; id++) {
            double v = compared(&m, id, &least[id]);
            lo[id] = r == 0 || v < lo[id] ? v : lo[id];
            hi[id] = r == 0 || v > hi[id] ? v : hi[id];
            if (r + 1 == nruns)
                spread[id] = (hi[id] + least[id]) / (lo[id] + least[id]);
        }
    }
    /* "completed" first, then the lesson's metrics (half again or more between the
     * runs), a thousandfold difference before a tenfold one before the rest; within
     * one order of magnitude as they come in `base`, which keeps a "now" beside its
     * "worst" or "peak" (they share their spread) */
    const double lesson = 1.5;
    int rank[UI_METRIC_COUNT];
    for (int id = 0; id < UI_METRIC_COUNT; id++)
        rank[id] = spread[id] >= lesson ? (int)floor(log10(spread[id])) : -1;
    size_t n = 0;
    order[n++] = UI_METRIC_COMPLETED;
    bool taken[UI_METRIC_COUNT] = {[UI_METRIC_COMPLETED] = true};
    for (;;) {
        int best = -1;
        for (int i = 0; i < UI_METRIC_COUNT; i++)
            if (!taken[base[i]] && rank[base[i]] >= 0 && (best < 0 || rank[base[i]] > rank[best]))
                best = base[i];
        if (best < 0)
            break;
        taken[best] = true;
        order[n++] = best;
    }
    for (int i = 0; i < UI_METRIC_COUNT; i++)
        if (!taken[base[i]])
            order[n++] = base[i];
}

const char *ui_metric_key(int id)
{
    static const char *const keys[UI_METRIC_COUNT] = {
        [UI_METRIC_COMPLETED] = "completed",       [UI_METRIC_IN_FLIGHT] = "in_flight",
        [UI_METRIC_THROUGHPUT] = "throughput",     [UI_METRIC_CPU] = "cpu",
        [UI_METRIC_GIL_WAIT] = "gil_wait",         [UI_METRIC_LOOP_LAG] = "loop_lag_now",
        [UI_METRIC_P50] = "latency_p50",           [UI_METRIC_P95] = "latency_p95",
        [UI_METRIC_P99] = "latency_p99",           [UI_METRIC_MEMORY] = "memory_now",
        [UI_METRIC_LOOP_LAG_MAX] = "loop_lag_max", [UI_METRIC_MEMORY_PEAK] = "memory_peak"};
    return id >= 0 && id < UI_METRIC_COUNT && keys[id] ? keys[id] : "unknown";
}
