/* report_many.c - the results of many runs (one per seed) for people and programs. */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "report.h"
#include "report_internal.h"

/* The sink's error, or SIM_EINVAL (set on the sink) for a result of no runtime of
 * scn or of no runs; 0 when the output can start. */
static int many_start(sim_sink *out, const scn_scenario *scn, const many_result *r, size_t n)
{
    if (out->err != 0)
        return out->err;
    for (size_t i = 0; i < n; i++)
        if (r[i].runtime >= scn->nruntimes || r[i].runs <= 0)
            return out->err = SIM_EINVAL;
    return 0;
}

/* {"min": .., "median": .., "max": ..}. */
static void spread_json(sim_sink *out, const many_spread *sp)
{
    char num[REPORT_NUMBER_BYTES];
    const double v[3] = {sp->min, sp->median, sp->max};
    static const char *const keys[3] = {"min", "median", "max"};
    sink_printf(out, "{");
    for (int j = 0; j < 3; j++) {
        report_ratio(num, v[j]);
        sink_printf(out, "%s\"%s\": %s", j ? ", " : "", keys[j], num);
    }
    sink_printf(out, "}");
}

/* A row of the table: its name, then min, median and max. */
static void spread_row(sim_sink *out, const char *indent, const char *name, const many_spread *sp)
{
    char a[REPORT_NUMBER_BYTES], b[REPORT_NUMBER_BYTES], c[REPORT_NUMBER_BYTES];
    report_ratio(a, sp->min);
    report_ratio(b, sp->median);
    report_ratio(c, sp->max);
    sink_printf(out, "%s%-*s %14s %14s %14s\n", indent, 22 - (int)strlen(indent), name, a, b, c);
}

/* Per shared value: "state": {"stock": {"runs_lost": 12, "share_lost": 0.06,
 * "lost_updates": {min, median, max}, "final": {min, median, max}}}. */
static void many_state_json(sim_sink *out, const scn_scenario *scn, const many_result *r)
{
    if (r->nstate == 0)
        return;
    char num[REPORT_NUMBER_BYTES];
    sink_printf(out, ",\n   \"state\": {");
    for (size_t k = 0; k < r->nstate && k < scn->nstate; k++) {
        const many_state *st = &r->state[k];
        sink_printf(out, "%s", k ? ", " : "");
        sink_json_string(out, scn->state[k].name);
        report_ratio(num, (double)st->runs_lost / (double)r->runs);
        sink_printf(out, ": {\"runs_lost\": %lld, \"share_lost\": %s", (long long)st->runs_lost,
                    num);
        sink_printf(out, ", \"lost_updates\": ");
        spread_json(out, &st->lost_updates);
        sink_printf(out, ", \"final\": ");
        spread_json(out, &st->final);
        sink_printf(out, "}");
    }
    sink_printf(out, "}");
}

/* The services behind the runtime: "services": [{"name": "ml", "spread":
 * {"completed": {min, median, max}, ...}}, ...] and the front's "time_split_ms":
 * {"latency": {min, median, max}, "cpu": ..., ...}. Nothing without services. */
static void many_services_json(sim_sink *out, const scn_scenario *scn, const many_result *r)
{
    if (r->nservices == 0)
        return;
    sink_printf(out, ",\n   \"services\": [");
    for (size_t k = 0; k < r->nservices && k < scn->nservices; k++) {
        sink_printf(out, "%s\n    {\"name\": ", k ? "," : "");
        sink_json_string(out, scn->services[k].name);
        sink_printf(out, ", \"spread\": {");
        for (int m = 0; m < MANY_SVC_METRIC_COUNT; m++) {
            sink_printf(out, "%s\"%s\": ", m ? ", " : "", many_service_metric_name(m));
            spread_json(out, &r->services[k].spread[m]);
        }
        sink_printf(out, "}}");
    }
    sink_printf(out, "],\n   \"time_split_ms\": {");
    for (int m = 0; m < MANY_SPLIT_COUNT; m++) {
        sink_printf(out, "%s\"%s\": ", m ? ", " : "", many_split_name(m));
        spread_json(out, &r->split[m]);
    }
    sink_printf(out, "}");
}

int report_many_json(sim_sink *out, const scn_scenario *scn, uint64_t first, uint64_t last,
                     const many_result *results, size_t n)
{
    int err = many_start(out, scn, results, n);
    if (err != 0)
        return err;
    sink_printf(out, "{\"schema\": \"bistro-summary/1\", \"scenario\": ");
    sink_json_string(out, scn->name ? scn->name : "");
    sink_printf(out, ", \"seeds\": {\"first\": %llu, \"last\": %llu},\n \"runtimes\": [",
                (unsigned long long)first, (unsigned long long)last);
    for (size_t i = 0; i < n; i++) {
        const many_result *r = &results[i];
        const scn_runtime *rt = &scn->runtimes[r->runtime];
        sink_printf(out, "%s\n  {\"name\": ", i ? "," : "");
        sink_json_string(out, rt->name ? rt->name : "");
        sink_printf(out, ", \"model\": \"%s\"", report__model_name(rt->model));
        const char *flavor = report__flavor_name(rt);
        if (flavor)
            sink_printf(out, ", \"flavor\": \"%s\"", flavor);
        sink_printf(out, ", \"runs\": %lld, \"incomplete_runs\": %lld,\n   \"orders\": [",
                    (long long)r->runs, (long long)r->incomplete);
        for (size_t k = 0; k < r->norders; k++) {
            sink_printf(out, "%s{\"order\": ", k ? ", " : "");
            sink_json_string(out, r->orders[k].order);
            sink_printf(out, ", \"runs\": %lld}", (long long)r->orders[k].runs);
        }
        sink_printf(out, "],\n   \"spread\": {");
        for (int m = 0; m < MANY_METRIC_COUNT; m++) {
            sink_printf(out, "%s\"%s\": ", m ? ", " : "", many_metric_name(m));
            spread_json(out, &r->spread[m]);
        }
        sink_printf(out, "}");
        many_state_json(out, scn, r);
        many_services_json(out, scn, r);
        sink_printf(out, "}");
    }
    sink_printf(out, "]}\n");
    return out->err;
}

/* The services behind the runtime, a block each, then the front's time split. */
static void many_services_table(sim_sink *out, const scn_scenario *scn, const many_result *r)
{
    for (size_t k = 0; k < r->nservices && k < scn->nservices; k++) {
        sink_printf(out, "  service ");
        report__put_clean(out, scn->services[k].name);
        if (r->runtime < scn->nruntimes && scn_runtime_in_process(&scn->runtimes[r->runtime], k)) {
            sink_printf(out, ": in process, its work is this runtime's own, no calls\n");
            continue;
        }
        sink_printf(out, ":\n");
        for (int m = 0; m < MANY_SVC_METRIC_COUNT; m++)
            spread_row(out, "    ", many_service_metric_name(m), &r->services[k].spread[m]);
    }
    if (r->nservices > 0) {
        sink_printf(out, "  a request's time, mean per run (ms):\n");
        for (int m = 0; m < MANY_SPLIT_COUNT; m++)
            spread_row(out, "    ", many_split_name(m), &r->split[m]);
    }
}

/* "12.5 %" of runs, one decimal. */
static void share(char *buf, size_t size, int64_t part, int64_t whole)
{
    long long tenths = whole > 0 ? (long long)((part * 1000 + whole / 2) / whole) : 0;
    snprintf(buf, size, "%lld.%lld %%", tenths / 10, tenths % 10);
}

int report_many_table(sim_sink *out, const scn_scenario *scn, uint64_t first, uint64_t last,
                      const many_result *results, size_t n)
{
    int err = many_start(out, scn, results, n);
    if (err != 0)
        return err;
    report__put_clean(out, scn->title ? scn->title : scn->name ? scn->name : "");
    sink_printf(out, " (seeds %llu to %llu)\n", (unsigned long long)first,
                (unsigned long long)last);
    char pct[32];
    for (size_t i = 0; i < n; i++) {
        const many_result *r = &results[i];
        sink_printf(out, "\n");
        report__put_clean(out, scn->runtimes[r->runtime].name);
        sink_printf(out, ": %lld runs", (long long)r->runs);
        if (r->incomplete > 0)
            sink_printf(out, ", %lld of them left requests unfinished", (long long)r->incomplete);
        sink_printf(out, "\n");
        if (r->norders > 0)
            sink_printf(out, "  printed, in order (runs, share):\n");
        for (size_t k = 0; k < r->norders; k++) {
            share(pct, sizeof pct, r->orders[k].runs, r->runs);
            sink_printf(out, "    %6lld  %7s  ", (long long)r->orders[k].runs, pct);
            report__put_clean(out, r->orders[k].order);
            sink_printf(out, "\n");
        }
        sink_printf(out, "  %-20s %14s %14s %14s\n", "metric", "min", "median", "max");
        for (int m = 0; m < MANY_METRIC_COUNT; m++)
            spread_row(out, "  ", many_metric_name(m), &r->spread[m]);
        for (size_t k = 0; k < r->nstate && k < scn->nstate; k++) {
            const many_state *st = &r->state[k];
            share(pct, sizeof pct, st->runs_lost, r->runs);
            sink_printf(out, "  ");
            report__put_clean(out, scn->state[k].name);
            sink_printf(out, ": %lld of %lld runs lost updates (%s)\n", (long long)st->runs_lost,
                        (long long)r->runs, pct);
            spread_row(out, "    ", "lost updates", &st->lost_updates);
            spread_row(out, "    ", "final value", &st->final);
        }
        many_services_table(out, scn, r);
    }
    return out->err;
}
