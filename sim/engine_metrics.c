/* engine_metrics.c - what a run measures: memory, the log, latencies.
 *
 * Memory is counted, not allocated: each process, thread and open connection
 * holds the scenario's bytes for it, and a memory event tells the trace whenever
 * the total changes. Each completed request leaves its latency in an array of
 * 8 bytes a request; at the end the exact nearest-rank percentiles are selected
 * from it in linear time rather than sorted.
 */
#include "engine_internal.h"

void sim__note_memory(sim_run *run)
{
    const scn_machine *mc = &run->scn->machine;
    /* an estimate past 2^63 bytes (1e8 threads of 1 TiB) stays at the largest
     * value rather than wrapping: "at least 8 EiB" */
    int64_t mem = sim__mul_add_sat(run->threads_now, mc->thread_bytes, run->proc_memory);
    mem = sim__mul_add_sat(run->connections, mc->connection_bytes, mem);
    if (mem > run->m.memory_peak_bytes)
        run->m.memory_peak_bytes = mem;
    if (mem != run->memory_now) {
        run->memory_now = mem;
        sim__emit(run, TRACE_MEMORY, -1, -1, 0, 0, mem);
    }
}

void sim__log(sim_run *run, int32_t th, int text)
{
    int64_t req = sim__thread_req(run, th);
    sim__emit(run, TRACE_LOG, req, th, text, 0, 0);
    int rc = sim_grow((void **)&run->m.log, &run->cap_log, (size_t)run->m.nlog + 1,
                      sizeof *run->m.log);
    if (rc < 0) {
        run->err = rc;
        return;
    }
    run->m.log[run->m.nlog++] = (sim_log_line){.t = run->now, .req = (int32_t)req, .text = text};
}

/* ---- latencies --------------------------------------------------------------- */

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

void sim__finish_metrics(sim_run *run)
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
        int64_t i50 = sim_percentile_index(n, 50), i95 = sim_percentile_index(n, 95),
                i99 = sim_percentile_index(n, 99);
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
