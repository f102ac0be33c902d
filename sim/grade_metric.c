/* grade_metric.c - the metrics a rubric's check may name: a runtime's, and with
 * "service" a service's behind it (GRADE__SERVICE_METRIC and after).
 *
 * The names, units and numbers are those of the summary JSON (report.h), which is
 * what students read: a check on "latency_ms.p99" compares the number printed as
 * "latency_ms": {"p99": ...}, in the same unit and written the same way, so what
 * the grader shows as "found" can be looked up in `bistro-sim run --json`.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "grade_internal.h"
#include "report.h"

typedef struct {
    grade__unit unit;
    const char *label; /* written after the number */
    size_t offset;     /* in sim_metrics: int64_t, or double for GRADE__UNIT_RATIO */
} metric_def;

#define M(field) offsetof(sim_metrics, field)

/* In the order of scn_metric_name, which names them (a question names them too). */
static const metric_def METRICS[] = {
    {GRADE__UNIT_COUNT, "", M(requests)}, /* requests */
    {GRADE__UNIT_COUNT, "", M(completed)}, /* completed */
    {GRADE__UNIT_MS, " ms", M(makespan_ns)}, /* makespan_ms */
    {GRADE__UNIT_RATIO, " req/s", M(throughput_rps)}, /* throughput_rps */
    {GRADE__UNIT_MS, " ms", M(lat_mean_ns)}, /* latency_ms.mean */
    {GRADE__UNIT_MS, " ms", M(lat_p50_ns)}, /* latency_ms.p50 */
    {GRADE__UNIT_MS, " ms", M(lat_p95_ns)}, /* latency_ms.p95 */
    {GRADE__UNIT_MS, " ms", M(lat_p99_ns)}, /* latency_ms.p99 */
    {GRADE__UNIT_MS, " ms", M(lat_max_ns)}, /* latency_ms.max */
    {GRADE__UNIT_MS, " ms", M(cpu_busy_ns)}, /* cpu_busy_ms */
    {GRADE__UNIT_RATIO, "", M(cpu_util)}, /* cpu_util */
    {GRADE__UNIT_MS, " ms", M(gil_wait_ns)}, /* gil_wait_ms */
    {GRADE__UNIT_MS, " ms", M(loop_lag_mean_ns)}, /* loop_lag_ms.mean */
    {GRADE__UNIT_MS, " ms", M(loop_lag_max_ns)}, /* loop_lag_ms.max */
    {GRADE__UNIT_COUNT, "", M(context_switches)}, /* context_switches */
    {GRADE__UNIT_COUNT, " bytes", M(memory_peak_bytes)}, /* memory_peak_bytes */
    {GRADE__UNIT_COUNT, "", M(events)}, /* events */
    {GRADE__UNIT_COUNT, "", M(lost_updates)}, /* lost_updates: every shared value's */
};

/* A service's, after those: in the order of scn_service_metric_name, read from the
 * service's metrics, but in_flight_max, which the run keeps apart. */
#define IN_FLIGHT_MAX SIZE_MAX
static const metric_def SERVICE_METRICS[] = {
    {GRADE__UNIT_COUNT, "", M(completed)}, /* completed */
    {GRADE__UNIT_COUNT, "", IN_FLIGHT_MAX}, /* in_flight_max */
    {GRADE__UNIT_RATIO, " req/s", M(throughput_rps)}, /* throughput_rps */
    {GRADE__UNIT_MS, " ms", M(lat_mean_ns)}, /* latency_ms.mean */
    {GRADE__UNIT_MS, " ms", M(lat_p50_ns)}, /* latency_ms.p50 */
    {GRADE__UNIT_MS, " ms", M(lat_p99_ns)}, /* latency_ms.p99 */
    {GRADE__UNIT_MS, " ms", M(lat_max_ns)}, /* latency_ms.max */
};

#undef M

#define NMETRICS ((int)(sizeof METRICS / sizeof METRICS[0]))
#define NSERVICE_METRICS ((int)(sizeof SERVICE_METRICS / sizeof SERVICE_METRICS[0]))

_Static_assert(NMETRICS == SCN_METRIC_COUNT, "a metric_def for every scn_metric_name");
_Static_assert(NSERVICE_METRICS == SCN_SERVICE_METRIC_COUNT,
               "a metric_def for every scn_service_metric_name");

static const metric_def *def(int metric)
{
    return metric < NMETRICS ? &METRICS[metric] : &SERVICE_METRICS[metric - NMETRICS];
}

int grade__metric_find(const char *name)
{
    return scn_metric_find(name);
}

int grade__service_metric_find(const char *name)
{
    int i = scn_service_metric_find(name);
    return i >= 0 ? GRADE__SERVICE_METRIC + i : -1;
}

const char *grade__metric_name(int metric)
{
    return metric < NMETRICS ? scn_metric_name((size_t)metric)
                             : scn_service_metric_name((size_t)(metric - NMETRICS));
}

grade__unit grade__metric_unit(int metric)
{
    return def(metric)->unit;
}

static int64_t int_at(const sim_metrics *m, size_t offset)
{
    int64_t v;
    memcpy(&v, (const char *)m + offset, sizeof v);
    return v;
}

static double double_at(const sim_metrics *m, size_t offset)
{
    double v;
    memcpy(&v, (const char *)m + offset, sizeof v);
    return v;
}

const char *grade__metric_label(int metric)
{
    return def(metric)->label;
}

/* A whole number of the source: a field of its metrics, or its in_flight_max. */
static int64_t whole(const metric_def *d, const grade__source *src)
{
    return d->offset == IN_FLIGHT_MAX ? src->in_flight_max : int_at(src->m, d->offset);
}

double grade__value(int metric, const grade__source *src)
{
    const metric_def *d = def(metric);
    switch (d->unit) {
    case GRADE__UNIT_MS: return (double)whole(d, src) / 1e6;
    case GRADE__UNIT_RATIO: return double_at(src->m, d->offset);
    case GRADE__UNIT_COUNT: return (double)whole(d, src);
    }
    return 0;
}

void grade__show(int metric, const grade__source *src, char *buf, size_t size)
{
    const metric_def *d = def(metric);
    char num[REPORT_NUMBER_BYTES];
    switch (d->unit) {
    case GRADE__UNIT_MS: report_ms(num, whole(d, src)); break;
    case GRADE__UNIT_RATIO: report_ratio(num, double_at(src->m, d->offset)); break;
    case GRADE__UNIT_COUNT: snprintf(num, sizeof num, "%lld", (long long)whole(d, src)); break;
    }
    snprintf(buf, size, "%s%s", num, d->label);
}

double grade__metric_value(int metric, const sim_metrics *m)
{
    return grade__value(metric, &(grade__source){.m = m});
}

void grade__metric_show(int metric, const sim_metrics *m, char *buf, size_t size)
{
    grade__show(metric, &(grade__source){.m = m}, buf, size);
}

void grade__number_show(int metric, double v, char *buf, size_t size)
{
    const metric_def *d = def(metric);
    char num[REPORT_NUMBER_BYTES];
    size_t n = report_ratio(num, v);
    /* Counts are whole: "at least 1000", not "1000.0". */
    if (d->unit == GRADE__UNIT_COUNT && n > 2 && strcmp(num + n - 2, ".0") == 0)
        num[n - 2] = '\0';
    snprintf(buf, size, "%s%s", num, d->label);
}

bool grade_metric_value(const char *name, const sim_metrics *m, double *value, char *shown,
                        size_t size)
{
    int metric = grade__metric_find(name);
    if (metric < 0)
        return false;
    *value = grade__metric_value(metric, m);
    if (shown != NULL)
        grade__metric_show(metric, m, shown, size);
    return true;
}

bool grade_service_metric_value(const char *name, const sim_metrics *service, int64_t in_flight_max,
                                double *value, char *shown, size_t size)
{
    int metric = grade__service_metric_find(name);
    if (metric < 0 || service == NULL)
        return false;
    grade__source src = {.m = service, .in_flight_max = in_flight_max};
    *value = grade__value(metric, &src);
    if (shown != NULL)
        grade__show(metric, &src, shown, size);
    return true;
}
