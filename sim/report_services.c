/* report_services.c - the services behind each runtime, in the summary JSON and
 * the table (DESIGN.md "Services and shared state"; docs/summary-format.md).
 *
 * Per service: its completed requests, throughput and latency. Per runtime (the
 * front): each request's time split into its own CPU and I/O, the time waiting
 * for services and on the network, and the rest, queueing, as means over its
 * completed requests (services.h, sim_split).
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_internal.h"
#include "services.h"

static void key_ms(sim_sink *s, const char *key, int64_t ns)
{
    char num[REPORT_NUMBER_BYTES];
    sink_write(s, key, strlen(key));
    sink_write(s, num, report_ms(num, ns));
}

/* The mean of a sum over n requests, in ns. */
static int64_t mean(int64_t sum, int64_t n)
{
    return sim_split_mean(sum, n);
}

void report__services_json(sim_sink *s, const sim_metrics *m)
{
    const sim_run *run = m->run;
    size_t ns = run != NULL ? sim_run_service_count(run) : 0;
    if (ns == 0)
        return;
    sink_printf(s, ",\n   \"services\": [");
    for (size_t i = 0; i < ns; i++) {
        const sim_metrics *sm = sim_run_service_metrics(run, i);
        char num[REPORT_NUMBER_BYTES];
        sink_printf(s, "%s\n    {\"name\": ", i ? "," : "");
        sink_json_string(s, sim_run_service_name(run, i));
        sink_printf(s, ", \"completed\": %lld, \"in_flight_max\": %lld, \"throughput_rps\": ",
                    (long long)sm->completed, (long long)sim_run_service_in_flight_max(run, i));
        sink_write(s, num, report_ratio(num, sm->throughput_rps));
        key_ms(s, ", \"latency_ms\": {\"mean\": ", sm->lat_mean_ns);
        key_ms(s, ", \"p50\": ", sm->lat_p50_ns);
        key_ms(s, ", \"p99\": ", sm->lat_p99_ns);
        key_ms(s, ", \"max\": ", sm->lat_max_ns);
        sink_printf(s, "}}");
    }
    sink_printf(s, "]");
    const sim_split *sp = sim_run_split(run);
    int64_t n = sp->requests;
    key_ms(s, ",\n   \"time_split_ms\": {\"latency\": ", mean(sp->latency, n));
    key_ms(s, ", \"cpu\": ", mean(sp->cpu, n));
    key_ms(s, ", \"io\": ", mean(sp->io, n));
    key_ms(s, ", \"services\": ", mean(sp->services, n));
    key_ms(s, ", \"network\": ", mean(sp->network, n));
    key_ms(s, ", \"queueing\": ", mean(sp->queueing, n));
    sink_printf(s, "}");
}

/* A duration in ms with its unit, to the microsecond: "12.500 ms". */
static void put_ms(sim_sink *s, int64_t ns, int width)
{
    sink_printf(s, "%*.3f ms", width, (double)ns / 1e6);
}

void report__services_table(sim_sink *s, const scn_scenario *scn, const size_t *runtimes,
                            const sim_metrics *const *metrics, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        const sim_run *run = metrics[r]->run;
        size_t ns = run != NULL ? sim_run_service_count(run) : 0;
        if (ns == 0)
            continue;
        const char *rt = scn->runtimes[runtimes[r]].name;
        int name_width = (int)strlen("service");
        for (size_t i = 0; i < ns; i++) {
            int w = (int)strlen(sim_run_service_name(run, i));
            name_width = w > name_width ? w : name_width;
        }
        sink_write(s, "\n", 1);
        sink_printf(s, "services behind ");
        report__put_clean(s, rt != NULL ? rt : "");
        sink_printf(s, ":\n%-*s  %9s  %12s  %9s  %12s  %12s  %12s\n", name_width, "service", "done",
                    "most at once", "req/s", "lat mean", "lat p50", "lat p99");
        for (int k = 0; k < name_width; k++)
            sink_write(s, "-", 1);
        sink_printf(s, "  ---------  ------------  ---------  ------------  ------------  "
                       "------------\n");
        for (size_t i = 0; i < ns; i++) {
            const sim_metrics *sm = sim_run_service_metrics(run, i);
            const char *name = sim_run_service_name(run, i);
            report__put_clean(s, name);
            if (scn_runtime_in_process(&scn->runtimes[runtimes[r]], i)) {
                /* zeros would read as a service that did nothing */
                sink_printf(s, "%*s  in process: its work is this runtime's own, no calls\n",
                            name_width - (int)strlen(name), "");
                continue;
            }
            sink_printf(s, "%*s  %9lld  %12lld  %9.1f  ", name_width - (int)strlen(name), "",
                        (long long)sm->completed, (long long)sim_run_service_in_flight_max(run, i),
                        sm->throughput_rps);
            put_ms(s, sm->lat_mean_ns, 9);
            sink_write(s, "  ", 2);
            put_ms(s, sm->lat_p50_ns, 9);
            sink_write(s, "  ", 2);
            put_ms(s, sm->lat_p99_ns, 9);
            sink_write(s, "\n", 1);
        }
        const sim_split *sp = sim_run_split(run);
        int64_t k = sp->requests;
        sink_printf(s,
                    "a request's %.3f ms, on average: own CPU %.3f ms, own I/O %.3f ms, "
                    "services %.3f ms, network %.3f ms, queueing %.3f ms\n",
                    (double)mean(sp->latency, k) / 1e6, (double)mean(sp->cpu, k) / 1e6,
                    (double)mean(sp->io, k) / 1e6, (double)mean(sp->services, k) / 1e6,
                    (double)mean(sp->network, k) / 1e6, (double)mean(sp->queueing, k) / 1e6);
    }
}
