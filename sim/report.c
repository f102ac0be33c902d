/* report.c - the summary JSON and the comparison table of report.h.
 *
 * Both read sim_metrics and never recompute anything: the engine owns the numbers,
 * this file only shows them. Numbers are formatted with integer arithmetic (times
 * are integer nanoseconds, printed exactly), so the output is the same on every
 * machine and in every locale, and a grader comparing two runs compares bytes.
 */
#include "report.h"
#include "report_internal.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Writes u / 10^decimals into out: the integer part, then (decimals > 0) a point
 * and the fraction, with trailing zeros trimmed to at least one digit if `trim`.
 * Returns the length; out needs room for 22 + decimals bytes. */
static size_t format_decimal(char *out, bool negative, uint64_t u, int decimals, bool trim)
{
    char frac[20];
    for (int i = decimals - 1; i >= 0; i--) {
        frac[i] = (char)('0' + u % 10);
        u /= 10;
    }
    char digits[20];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);

    size_t n = 0;
    if (negative)
        out[n++] = '-';
    while (nd > 0)
        out[n++] = digits[--nd];
    if (decimals > 0) {
        int keep = decimals;
        while (trim && keep > 1 && frac[keep - 1] == '0')
            keep--;
        out[n++] = '.';
        memcpy(out + n, frac, (size_t)keep);
        n += (size_t)keep;
    }
    out[n] = '\0';
    return n;
}

/* |v| as unsigned, with INT64_MIN handled. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

size_t report_ms(char out[REPORT_NUMBER_BYTES], int64_t ns)
{
    return format_decimal(out, ns < 0, magnitude(ns), 6, true);
}

size_t report_ratio(char out[REPORT_NUMBER_BYTES], double v)
{
    if (!isfinite(v) || fabs(v) >= 9e18) {
        memcpy(out, "null", 5);
        return 4;
    }
    if (fabs(v) >= 1e12) {
        long long whole = llround(v);
        size_t n = format_decimal(out, whole < 0, magnitude(whole), 0, false);
        memcpy(out + n, ".0", 3);
        return n + 2;
    }
    long long micro = llround(v * 1e6);
    return format_decimal(out, micro < 0, magnitude(micro), 6, true);
}

/* ---- checks shared by both writers ---- */

/* True when every runtime index, metrics pointer and log text can be shown. */
static bool input_valid(const scn_scenario *scn, const size_t *runtimes,
                        const sim_metrics *const *metrics, size_t n)
{
    if (scn == NULL || (n > 0 && (runtimes == NULL || metrics == NULL)))
        return false;
    for (size_t i = 0; i < n; i++) {
        const sim_metrics *m = metrics[i];
        if (runtimes[i] >= scn->nruntimes || m == NULL)
            return false;
        if (m->ndetail < 0 || (m->ndetail > 0 && m->detail == NULL))
            return false;
        if (m->nlog < 0 || (m->nlog > 0 && m->log == NULL))
            return false;
        for (int64_t k = 0; k < m->nlog; k++)
            if (m->log[k].text < 0 || (size_t)m->log[k].text >= scn->nstrings)
                return false;
    }
    return true;
}

/* Returns err after making it the sink's error too (unless it had one), so a
 * caller that checks only the sink, as it does for write errors, keeps no output. */
static int fail(sim_sink *out, int err)
{
    if (out->err == 0)
        out->err = err;
    return err;
}

/* 0 when the writer may start, else the error to return. */
static int start_output(sim_sink *out, const scn_scenario *scn, const size_t *runtimes,
                        const sim_metrics *const *metrics, size_t n)
{
    if (out == NULL)
        return SIM_EINVAL;
    if (!input_valid(scn, runtimes, metrics, n))
        return fail(out, SIM_EINVAL);
    return out->err;
}

/* ---- the summary JSON ---- */

/* Writes `key` (with its punctuation), then ns in ms. */
static void key_ms(sim_sink *s, const char *key, int64_t ns)
{
    char num[REPORT_NUMBER_BYTES];
    sink_write(s, key, strlen(key));
    sink_write(s, num, report_ms(num, ns));
}

/* Writes `key` (with its punctuation), then the ratio v. */
static void key_ratio(sim_sink *s, const char *key, double v)
{
    char num[REPORT_NUMBER_BYTES];
    sink_write(s, key, strlen(key));
    sink_write(s, num, report_ratio(num, v));
}

const char *report__model_name(scn_model model)
{
    switch (model) {
    case SCN_MODEL_THREADS: return "threads";
    case SCN_MODEL_EVENT_LOOP: return "event_loop";
    case SCN_MODEL_PROCESSES: return "processes";
    }
    return "unknown";
}

/* The flavor to report: an event loop's own, or that of the event loop every
 * process runs; NULL when threads serve the requests. */
const char *report__flavor_name(const scn_runtime *rt)
{
    rt = scn_runtime_serving(rt);
    if (rt->model != SCN_MODEL_EVENT_LOOP)
        return NULL;
    return rt->flavor == SCN_FLAVOR_ASYNCIO ? "asyncio" : "node";
}

static void json_details(sim_sink *s, const scn_scenario *scn, const sim_metrics *m)
{
    const scn_workload *w = &scn->workload;
    sink_printf(s, ",\n   \"requests_detail\": [");
    for (int64_t i = 0; i < m->ndetail; i++) {
        const sim_request_detail *d = &m->detail[i];
        sink_printf(s, "%s\n    {\"name\": ", i ? "," : "");
        if (w->kind == SCN_WORKLOAD_EXPLICIT && (uint64_t)i < w->nrequests &&
            w->requests[i].name != NULL)
            sink_json_string(s, w->requests[i].name);
        else
            sink_printf(s, "\"request %lld\"", (long long)i);
        key_ms(s, ", \"arrive_ms\": ", d->arrive);
        if (d->done < 0) { /* never completed */
            sink_printf(s, ", \"done_ms\": null, \"latency_ms\": null}");
            continue;
        }
        key_ms(s, ", \"done_ms\": ", d->done);
        key_ms(s, ", \"latency_ms\": ", d->done - d->arrive);
        sink_printf(s, "}");
    }
    sink_printf(s, "]");
}

static void json_log(sim_sink *s, const scn_scenario *scn, const sim_metrics *m)
{
    sink_printf(s, ",\n   \"log\": [");
    for (int64_t i = 0; i < m->nlog; i++) {
        const sim_log_line *l = &m->log[i];
        sink_printf(s, "%s\n    ", i ? "," : "");
        key_ms(s, "{\"t_ms\": ", l->t);
        if (l->req < 0)
            sink_printf(s, ", \"req\": null, \"text\": ");
        else
            sink_printf(s, ", \"req\": %ld, \"text\": ", (long)l->req);
        sink_json_string(s, scn->strings[l->text]);
        sink_printf(s, "}");
    }
    sink_printf(s, "]");
}

static void json_runtime(sim_sink *s, const scn_scenario *scn, const scn_runtime *rt,
                         const sim_metrics *m)
{
    sink_printf(s, "  {\"name\": ");
    sink_json_string(s, rt->name ? rt->name : "");
    sink_printf(s, ", \"model\": \"%s\"", report__model_name(rt->model));
    const char *flavor = report__flavor_name(rt);
    if (flavor != NULL)
        sink_printf(s, ", \"flavor\": \"%s\"", flavor);
    sink_printf(s, ",\n   \"requests\": %lld, \"completed\": %lld", (long long)m->requests,
                (long long)m->completed);
    key_ms(s, ", \"makespan_ms\": ", m->makespan_ns);
    key_ratio(s, ", \"throughput_rps\": ", m->throughput_rps);
    key_ms(s, ",\n   \"latency_ms\": {\"mean\": ", m->lat_mean_ns);
    key_ms(s, ", \"p50\": ", m->lat_p50_ns);
    key_ms(s, ", \"p95\": ", m->lat_p95_ns);
    key_ms(s, ", \"p99\": ", m->lat_p99_ns);
    key_ms(s, ", \"max\": ", m->lat_max_ns);
    key_ms(s, "},\n   \"cpu_busy_ms\": ", m->cpu_busy_ns);
    key_ratio(s, ", \"cpu_util\": ", m->cpu_util);
    key_ms(s, ", \"gil_wait_ms\": ", m->gil_wait_ns);
    key_ms(s, ",\n   \"loop_lag_ms\": {\"mean\": ", m->loop_lag_mean_ns);
    key_ms(s, ", \"max\": ", m->loop_lag_max_ns);
    sink_printf(
        s, "}, \"context_switches\": %lld,\n   \"memory_peak_bytes\": %lld, \"events\": %lld",
        (long long)m->context_switches, (long long)m->memory_peak_bytes, (long long)m->events);
    report__state_json(s, scn, m);
    if (m->detail != NULL)
        json_details(s, scn, m);
    json_log(s, scn, m);
    report__services_json(s, m);
    sink_printf(s, "}");
}

int report_summary_json(sim_sink *out, const scn_scenario *scn, uint64_t seed,
                        const size_t *runtimes, const sim_metrics *const *metrics, size_t n)
{
    int err = start_output(out, scn, runtimes, metrics, n);
    if (err != 0)
        return err;
    sink_printf(out, "{\"schema\": \"bistro-summary/1\", \"scenario\": ");
    sink_json_string(out, scn->name ? scn->name : "");
    sink_printf(out, ", \"seed\": %llu,\n \"runtimes\": [", (unsigned long long)seed);
    for (size_t i = 0; i < n; i++) {
        sink_printf(out, "%s\n", i ? "," : "");
        json_runtime(out, scn, &scn->runtimes[runtimes[i]], metrics[i]);
    }
    sink_printf(out, "]}\n");
    return out->err;
}

/* ---- the table ---- */

enum {
    COL_DONE,
    COL_MAKESPAN,
    COL_RPS,
    COL_MEAN,
    COL_P50,
    COL_P99,
    COL_MAX,
    COL_CPU,
    COL_GIL,
    COL_SWITCHES,
    COL_MEMORY,
    NCOLS
};

static const char *const HEADERS[NCOLS] = {"done",     "makespan", "req/s",   "lat mean",
                                           "lat p50",  "lat p99",  "lat max", "CPU",
                                           "GIL wait", "ctx sw",   "memory"};

/* Wide enough for "<int64>/<int64>", the widest cell. */
#define CELL_BYTES 48

typedef char cell[CELL_BYTES];

/* A unit for a column: what one unit is worth, its name, decimals shown. */
typedef struct {
    int64_t size;
    const char *name;
    int decimals;
} unit;

/* The time unit for a column whose largest value is max_ns: the largest unit
 * the value reaches, so each column reads in one unit. */
static unit time_unit(int64_t max_ns)
{
    if (max_ns >= 1000000000)
        return (unit){1000000000, "s", 3};
    if (max_ns >= 1000000 || max_ns == 0)
        return (unit){1000000, "ms", 1};
    if (max_ns >= 1000)
        return (unit){1000, "us", 0};
    return (unit){1, "ns", 0};
}

/* Memory gets a unit per value: the lesson of a memory column is often that one
 * runtime needs a thousand times more than another, which one unit would hide. */
static unit memory_unit(int64_t bytes)
{
    if (bytes >= (1LL << 30))
        return (unit){1LL << 30, "GiB", 1};
    if (bytes >= (1LL << 20))
        return (unit){1LL << 20, "MiB", 1};
    if (bytes >= (1LL << 10))
        return (unit){1LL << 10, "KiB", 1};
    return (unit){1, "B", 0};
}

/* v in unit u, rounded half up to u.decimals, with the unit's name. */
static void format_in_unit(cell out, int64_t v, unit u)
{
    uint64_t pow10 = 1;
    for (int i = 0; i < u.decimals; i++)
        pow10 *= 10;
    uint64_t size = (uint64_t)u.size, mag = magnitude(v);
    /* Whole units and the remainder apart, so nothing overflows: the remainder is
     * below 2^30 and pow10 at most 1000. */
    uint64_t scaled = mag / size * pow10 + (mag % size * pow10 * 2 + size) / (2 * size);
    size_t n = format_decimal(out, v < 0, scaled, u.decimals, false);
    out[n++] = ' ';
    strcpy(out + n, u.name);
}

/* A finite double rounded to `decimals`, or "-" for a value that is not a number. */
static void format_double(cell out, double v, int decimals, const char *suffix)
{
    double scaled = v * pow(10, decimals);
    if (!isfinite(scaled) || fabs(scaled) >= 9e18) {
        strcpy(out, "-");
        return;
    }
    long long r = llround(scaled);
    size_t n = format_decimal(out, r < 0, magnitude(r), decimals, false);
    strcpy(out + n, suffix);
}

/* The time columns, each shown in one unit, and the metric each shows. */
static const struct {
    int col;
    size_t offset; /* of an int64_t in sim_metrics */
} TIME_COLUMNS[] = {
    {COL_MAKESPAN, offsetof(sim_metrics, makespan_ns)},
    {COL_MEAN, offsetof(sim_metrics, lat_mean_ns)},
    {COL_P50, offsetof(sim_metrics, lat_p50_ns)},
    {COL_P99, offsetof(sim_metrics, lat_p99_ns)},
    {COL_MAX, offsetof(sim_metrics, lat_max_ns)},
    {COL_GIL, offsetof(sim_metrics, gil_wait_ns)},
};

static int64_t metric_at(const sim_metrics *m, size_t offset)
{
    int64_t v;
    memcpy(&v, (const char *)m + offset, sizeof v);
    return v;
}

/* Row r + 1 of `cells` gets metrics[r]; row 0 holds the headers. */
static void fill_cells(cell *cells, const sim_metrics *const *metrics, size_t n)
{
    for (int c = 0; c < NCOLS; c++)
        strcpy(cells[c], HEADERS[c]);
    for (size_t k = 0; k < sizeof TIME_COLUMNS / sizeof TIME_COLUMNS[0]; k++) {
        int64_t max = 0;
        for (size_t r = 0; r < n; r++) {
            int64_t v = metric_at(metrics[r], TIME_COLUMNS[k].offset);
            max = v > max ? v : max;
        }
        unit u = time_unit(max);
        for (size_t r = 0; r < n; r++)
            format_in_unit(cells[(r + 1) * NCOLS + TIME_COLUMNS[k].col],
                           metric_at(metrics[r], TIME_COLUMNS[k].offset), u);
    }
    /* Throughput gets fewer decimals as it grows: about three significant digits. */
    double max_rps = 0;
    for (size_t r = 0; r < n; r++)
        if (isfinite(metrics[r]->throughput_rps) && metrics[r]->throughput_rps > max_rps)
            max_rps = metrics[r]->throughput_rps;
    int rps_decimals = max_rps < 10 ? 2 : max_rps < 1000 ? 1 : 0;
    for (size_t r = 0; r < n; r++) {
        const sim_metrics *m = metrics[r];
        cell *row = &cells[(r + 1) * NCOLS];
        snprintf(row[COL_DONE], CELL_BYTES, "%lld/%lld", (long long)m->completed,
                 (long long)m->requests);
        format_double(row[COL_RPS], m->throughput_rps, rps_decimals, "");
        format_double(row[COL_CPU], m->cpu_util * 100, 1, "%");
        snprintf(row[COL_SWITCHES], CELL_BYTES, "%lld", (long long)m->context_switches);
        format_in_unit(row[COL_MEMORY], m->memory_peak_bytes, memory_unit(m->memory_peak_bytes));
    }
}

/* Columns on a terminal: UTF-8 continuation bytes take none. */
static size_t display_width(const char *text)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        w += (*p & 0xC0) != 0x80;
    return w;
}

/* Writes k copies of the character `fill` (' ' or '-'). */
static void put_fill(sim_sink *s, char fill, size_t k)
{
    char chunk[32];
    memset(chunk, fill, sizeof chunk);
    while (k > 0) {
        size_t step = k < sizeof chunk ? k : sizeof chunk;
        sink_write(s, chunk, step);
        k -= step;
    }
}

/* Writes user text on one line: control characters become spaces, so a newline in
 * a name cannot break the table. */
void report__put_clean(sim_sink *s, const char *text)
{
    const char *run = text;
    const char *p = text;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != 0x7f)
            continue;
        sink_write(s, run, (size_t)(p - run));
        sink_write(s, " ", 1);
        run = p + 1;
    }
    sink_write(s, run, (size_t)(p - run));
}

static const char *runtime_name(const scn_scenario *scn, size_t rt)
{
    return scn->runtimes[rt].name ? scn->runtimes[rt].name : "";
}

static void table_title(sim_sink *s, const scn_scenario *scn, uint64_t seed,
                        const sim_metrics *const *metrics, size_t n)
{
    const char *title = scn->title && scn->title[0] ? scn->title : scn->name;
    report__put_clean(s, title ? title : "");
    sink_printf(s, "  (seed %llu", (unsigned long long)seed);
    if (n > 0)
        sink_printf(s, ", %lld request%s", (long long)metrics[0]->requests,
                    metrics[0]->requests == 1 ? "" : "s");
    sink_printf(s, ")\n\n");
}

/* One line of the table: the name left-aligned, every other cell right-aligned.
 * `rule` draws dashes under the header instead of text. */
static void table_line(sim_sink *s, const char *name, const cell *row, const size_t *width,
                       size_t name_width, bool rule)
{
    if (rule) {
        put_fill(s, '-', name_width);
    } else {
        report__put_clean(s, name);
        put_fill(s, ' ', name_width - display_width(name));
    }
    for (int c = 0; c < NCOLS; c++) {
        size_t len = strlen(row[c]);
        put_fill(s, ' ', 2);
        if (rule) {
            put_fill(s, '-', width[c]);
        } else {
            put_fill(s, ' ', width[c] - len);
            sink_write(s, row[c], len);
        }
    }
    sink_write(s, "\n", 1);
}

static void table_log(sim_sink *s, const scn_scenario *scn, const size_t *runtimes,
                      const sim_metrics *const *metrics, size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any = any || metrics[i]->nlog > 0;
    if (!any)
        return;
    sink_write(s, "\n", 1);
    for (size_t i = 0; i < n; i++) {
        report__put_clean(s, runtime_name(scn, runtimes[i]));
        sink_printf(s, " printed:%s", metrics[i]->nlog == 0 ? " (nothing)" : "");
        for (int64_t k = 0; k < metrics[i]->nlog; k++) {
            sink_write(s, " ", 1);
            report__put_clean(s, scn->strings[metrics[i]->log[k].text]);
        }
        sink_write(s, "\n", 1);
    }
}

int report_table(sim_sink *out, const scn_scenario *scn, uint64_t seed, const size_t *runtimes,
                 const sim_metrics *const *metrics, size_t n)
{
    int err = start_output(out, scn, runtimes, metrics, n);
    if (err != 0)
        return err;
    if (n >= SIZE_MAX / (NCOLS * sizeof(cell)))
        return fail(out, SIM_ENOMEM);
    cell *cells = calloc((n + 1) * NCOLS, sizeof(cell));
    if (cells == NULL)
        return fail(out, SIM_ENOMEM);
    fill_cells(cells, metrics, n);

    size_t width[NCOLS] = {0};
    for (size_t r = 0; r <= n; r++)
        for (int c = 0; c < NCOLS; c++) {
            size_t len = strlen(cells[r * NCOLS + c]);
            width[c] = len > width[c] ? len : width[c];
        }
    size_t name_width = display_width("runtime");
    for (size_t i = 0; i < n; i++) {
        size_t w = display_width(runtime_name(scn, runtimes[i]));
        name_width = w > name_width ? w : name_width;
    }

    table_title(out, scn, seed, metrics, n);
    table_line(out, "runtime", cells, width, name_width, false);
    table_line(out, "", cells, width, name_width, true);
    for (size_t i = 0; i < n; i++)
        table_line(out, runtime_name(scn, runtimes[i]), &cells[(i + 1) * NCOLS], width, name_width,
                   false);
    report__state_table(out, scn, runtimes, metrics, n);
    table_log(out, scn, runtimes, metrics, n);
    report__services_table(out, scn, runtimes, metrics, n);
    free(cells);
    return out->err;
}
