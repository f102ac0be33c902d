/* many.c - one runtime run once per seed (many.h). */
#include "many.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "error.h"
#include "grow.h"
#include "services.h"

const char *many_metric_name(int metric)
{
    static const char *const names[MANY_METRIC_COUNT] = {
        [MANY_MAKESPAN_MS] = "makespan_ms",
        [MANY_THROUGHPUT_RPS] = "throughput_rps",
        [MANY_LAT_P50_MS] = "latency_p50_ms",
        [MANY_LAT_P99_MS] = "latency_p99_ms",
        [MANY_LAT_MAX_MS] = "latency_max_ms",
        [MANY_CPU_UTIL] = "cpu_util",
        [MANY_GIL_WAIT_MS] = "gil_wait_ms",
        [MANY_LOOP_LAG_MAX_MS] = "loop_lag_max_ms",
        [MANY_MEMORY_PEAK_BYTES] = "memory_peak_bytes"};
    return metric >= 0 && metric < MANY_METRIC_COUNT ? names[metric] : "unknown";
}

const char *many_service_metric_name(int metric)
{
    static const char *const names[MANY_SVC_METRIC_COUNT] = {
        [MANY_SVC_COMPLETED] = "completed",           [MANY_SVC_IN_FLIGHT_MAX] = "in_flight_max",
        [MANY_SVC_THROUGHPUT_RPS] = "throughput_rps", [MANY_SVC_LAT_MEAN_MS] = "latency_mean_ms",
        [MANY_SVC_LAT_P50_MS] = "latency_p50_ms",     [MANY_SVC_LAT_P99_MS] = "latency_p99_ms",
        [MANY_SVC_LAT_MAX_MS] = "latency_max_ms"};
    return metric >= 0 && metric < MANY_SVC_METRIC_COUNT ? names[metric] : "unknown";
}

const char *many_split_name(int part)
{
    static const char *const names[MANY_SPLIT_COUNT] = {
        [MANY_SPLIT_LATENCY] = "latency", [MANY_SPLIT_CPU] = "cpu",
        [MANY_SPLIT_IO] = "io",           [MANY_SPLIT_SERVICES] = "services",
        [MANY_SPLIT_NETWORK] = "network", [MANY_SPLIT_QUEUEING] = "queueing"};
    return part >= 0 && part < MANY_SPLIT_COUNT ? names[part] : "unknown";
}

static void metrics_of(const sim_metrics *m, double v[MANY_METRIC_COUNT])
{
    v[MANY_MAKESPAN_MS] = (double)m->makespan_ns / 1e6;
    v[MANY_THROUGHPUT_RPS] = m->throughput_rps;
    v[MANY_LAT_P50_MS] = (double)m->lat_p50_ns / 1e6;
    v[MANY_LAT_P99_MS] = (double)m->lat_p99_ns / 1e6;
    v[MANY_LAT_MAX_MS] = (double)m->lat_max_ns / 1e6;
    v[MANY_CPU_UTIL] = m->cpu_util;
    v[MANY_GIL_WAIT_MS] = (double)m->gil_wait_ns / 1e6;
    v[MANY_LOOP_LAG_MAX_MS] = (double)m->loop_lag_max_ns / 1e6;
    v[MANY_MEMORY_PEAK_BYTES] = (double)m->memory_peak_bytes;
}

/* Service k's numbers in run i (of `total`) and the front's time split, into
 * their columns: sv[(k MANY_SVC_METRIC_COUNT + m) total + i], sp[m total + i]. */
static void services_of(const sim_run *run, size_t nservices, size_t total, size_t i, double *sv,
                        double *sp)
{
    for (size_t k = 0; k < nservices; k++) {
        const sim_metrics *m = sim_run_service_metrics(run, k);
        double v[MANY_SVC_METRIC_COUNT] = {
            [MANY_SVC_COMPLETED] = (double)m->completed,
            [MANY_SVC_IN_FLIGHT_MAX] = (double)sim_run_service_in_flight_max(run, k),
            [MANY_SVC_THROUGHPUT_RPS] = m->throughput_rps,
            [MANY_SVC_LAT_MEAN_MS] = (double)m->lat_mean_ns / 1e6,
            [MANY_SVC_LAT_P50_MS] = (double)m->lat_p50_ns / 1e6,
            [MANY_SVC_LAT_P99_MS] = (double)m->lat_p99_ns / 1e6,
            [MANY_SVC_LAT_MAX_MS] = (double)m->lat_max_ns / 1e6};
        for (int j = 0; j < MANY_SVC_METRIC_COUNT; j++)
            sv[(k * MANY_SVC_METRIC_COUNT + (size_t)j) * total + i] = v[j];
    }
    const sim_split *x = sim_run_split(run);
    const int64_t sums[MANY_SPLIT_COUNT] = {
        [MANY_SPLIT_LATENCY] = x->latency, [MANY_SPLIT_CPU] = x->cpu,
        [MANY_SPLIT_IO] = x->io,           [MANY_SPLIT_SERVICES] = x->services,
        [MANY_SPLIT_NETWORK] = x->network, [MANY_SPLIT_QUEUEING] = x->queueing};
    for (int j = 0; j < MANY_SPLIT_COUNT; j++)
        sp[(size_t)j * total + i] = (double)sim_split_mean(sums[j], x->requests) / 1e6;
}

/* The run's log as one line, or NULL when it printed nothing (or out of memory:
 * *oom). */
static char *order_of(const scn_scenario *scn, const sim_metrics *m, bool *oom)
{
    if (m->nlog == 0)
        return NULL;
    size_t len = 0;
    for (int64_t i = 0; i < m->nlog; i++)
        len += strlen(scn->strings[m->log[i].text]) + 1;
    char *s = malloc(len), *p = s;
    if (s == NULL) {
        *oom = true;
        return NULL;
    }
    for (int64_t i = 0; i < m->nlog; i++) {
        const char *t = scn->strings[m->log[i].text];
        size_t n = strlen(t);
        if (i > 0)
            *p++ = ' ';
        memcpy(p, t, n);
        p += n;
    }
    *p = '\0';
    return s;
}

int many_count_order(many_order **orders, size_t *n, size_t *cap, size_t **seen, size_t *seen_cap,
                     char *order)
{
    size_t i = 0;
    while (i < *n && strcmp((*orders)[i].order, order) != 0)
        i++;
    if (i < *n) {
        free(order);
        (*orders)[i].runs++;
    } else {
        if (sim_grow((void **)orders, cap, i + 1, sizeof **orders) < 0 ||
            sim_grow((void **)seen, seen_cap, i + 1, sizeof **seen) < 0) {
            free(order);
            return SIM_ENOMEM;
        }
        (*orders)[i] = (many_order){order, 1};
        (*seen)[i] = i;
        (*n)++;
    }
    /* only this order's count grew: it moves up past those it now outnumbers */
    many_order *o = *orders;
    size_t *f = *seen;
    for (; i > 0; i--) {
        if (o[i - 1].runs > o[i].runs || (o[i - 1].runs == o[i].runs && f[i - 1] < f[i]))
            break;
        many_order t = o[i - 1];
        o[i - 1] = o[i];
        o[i] = t;
        size_t s = f[i - 1];
        f[i - 1] = f[i];
        f[i] = s;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The smallest, median and largest of n values (sorted here). */
static many_spread spread_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t mid = (size_t)sim_percentile_index((int64_t)n, 50.0);
    return (many_spread){v[0], v[mid], v[n - 1]};
}

void many_spreads(double *values, size_t stride, size_t n, many_spread out[MANY_METRIC_COUNT])
{
    for (int k = 0; k < MANY_METRIC_COUNT && n > 0; k++)
        out[k] = spread_of(values + (size_t)k * stride, n);
}

/* The shared values over the runs: st[(2 k) total + i] the lost updates of key k
 * in run i, st[(2 k + 1) total + i] its final value. */
static void state_spreads(many_result *out, double *st, size_t total)
{
    size_t n = (size_t)out->runs;
    for (size_t k = 0; k < out->nstate && n > 0; k++) {
        double *lost = st + 2 * k * total, *fin = st + (2 * k + 1) * total;
        for (size_t i = 0; i < n; i++)
            out->state[k].runs_lost += lost[i] > 0;
        out->state[k].lost_updates = spread_of(lost, n);
        out->state[k].final = spread_of(fin, n);
    }
}

/* The services' and the time split's spreads from their columns (services_of). */
static void service_spreads(many_result *out, double *sv, double *sp, size_t total)
{
    size_t n = (size_t)out->runs;
    for (size_t k = 0; k < out->nservices && n > 0; k++)
        for (size_t j = 0; j < MANY_SVC_METRIC_COUNT; j++)
            out->services[k].spread[j] = spread_of(sv + (k * MANY_SVC_METRIC_COUNT + j) * total, n);
    for (size_t j = 0; j < MANY_SPLIT_COUNT && out->nservices > 0 && n > 0; j++)
        out->split[j] = spread_of(sp + j * total, n);
}

int many_run(const scn_scenario *scn, size_t runtime, uint64_t first, uint64_t last,
             void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx,
             many_result *out, uint64_t *failed_seed)
{
    memset(out, 0, sizeof *out);
    if (scn == NULL || runtime >= scn->nruntimes || last < first || last - first >= MANY_MAX_SEEDS)
        return SIM_EINVAL;
    out->runtime = runtime;
    uint64_t total = last - first + 1;
    double *values = malloc(total * MANY_METRIC_COUNT * sizeof *values);
    if (values == NULL)
        return SIM_ENOMEM;
    size_t cap_orders = 0, *seen = NULL, cap_seen = 0;
    double *st = NULL, *sv = NULL, *sp = NULL;
    if (scn->nstate > 0) {
        st = malloc(total * 2 * scn->nstate * sizeof *st);
        out->state = calloc(scn->nstate, sizeof *out->state);
        out->nstate = scn->nstate;
    }
    if (scn->nservices > 0) {
        sv = malloc(total * MANY_SVC_METRIC_COUNT * scn->nservices * sizeof *sv);
        sp = malloc(total * MANY_SPLIT_COUNT * sizeof *sp);
        out->services = calloc(scn->nservices, sizeof *out->services);
        out->nservices = scn->nservices;
    }
    if ((scn->nstate > 0 && (st == NULL || out->state == NULL)) ||
        (scn->nservices > 0 && (sv == NULL || sp == NULL || out->services == NULL))) {
        free(st);
        free(sv);
        free(sp);
        free(values);
        many_free(out);
        return SIM_ENOMEM;
    }
    int rc = 0;
    for (uint64_t i = 0; i < total && rc == 0; i++) {
        sim_options opt = {.seed = first + i};
        sim_run *run = NULL;
        rc = sim_run_new(scn, runtime, &opt, &run);
        if (rc == 0)
            rc = sim_run_go(run);
        if (rc < 0) {
            *failed_seed = first + i;
            sim_run_free(run);
            break;
        }
        const sim_metrics *m = sim_run_metrics(run);
        out->incomplete += m->completed < m->requests;
        double v[MANY_METRIC_COUNT];
        metrics_of(m, v);
        for (int k = 0; k < MANY_METRIC_COUNT; k++)
            values[(size_t)k * total + i] = v[k];
        for (size_t k = 0; k < out->nstate; k++) {
            bool has = (int64_t)k < m->nstate;
            st[2 * k * total + i] = has ? (double)m->state[k].lost_updates : 0.0;
            st[(2 * k + 1) * total + i] = has ? (double)m->state[k].final
                                              : (double)scn->state[k].initial;
        }
        if (out->nservices > 0)
            services_of(run, out->nservices, (size_t)total, (size_t)i, sv, sp);
        bool oom = false;
        char *order = order_of(scn, m, &oom);
        if (oom)
            rc = SIM_ENOMEM;
        else if (order != NULL)
            rc = many_count_order(&out->orders, &out->norders, &cap_orders, &seen, &cap_seen,
                                  order);
        sim_run_free(run);
        out->runs++;
        if (progress && rc == 0)
            progress(ctx, i + 1, total);
    }
    if (rc == 0) {
        many_spreads(values, (size_t)total, (size_t)out->runs, out->spread);
        state_spreads(out, st, (size_t)total);
        service_spreads(out, sv, sp, (size_t)total);
    }
    free(values);
    free(st);
    free(sv);
    free(sp);
    free(seen);
    if (rc < 0)
        many_free(out);
    return rc;
}

void many_free(many_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->norders; i++)
        free(r->orders[i].order);
    free(r->orders);
    free(r->state);
    free(r->services);
    memset(r, 0, sizeof *r);
}
