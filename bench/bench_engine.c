/* bench_engine.c - the engine's side of the SimPy comparison (bench/run drives it).
 *
 *   bench_engine REQUESTS [--trace]
 *
 * Builds the M/M/2 model that bench/simpy_mm2.py runs in SimPy - two cores, no
 * context-switch cost, a pool of two threads without a GIL, Poisson arrivals at
 * 1500/s, each request one exponential CPU burst of mean 1 ms - loads it with
 * scn_load_buffer() like any scenario file, runs it once and prints one line of
 * JSON: how long sim_run_go() took on the wall clock, the request rate that gives,
 * the events produced, the bytes the in-memory trace holds (--trace only), the
 * mean response time (to check both sides simulate the same queue: Erlang C gives
 * 2.2857 ms) and the process's peak RSS.
 *
 * Only the run is timed, not loading or freeing: SimPy's side times simulate()
 * alone too. A benchmark may read the clock; sim/ never does.
 *
 * Exit status: 0 success, 2 bad usage, 3 the scenario or the run failed.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "scenario.h"
#include "trace.h"

enum { EXIT_OK = 0, EXIT_USAGE = 2, EXIT_FAILED = 3 };

static const char mm2_template[] =
    "{\"schema\": \"bistro/1\", \"title\": \"M/M/2 benchmark\", \"seed\": 1,\n"
    " \"machine\": {\"cores\": 2, \"context_switch\": 0},\n"
    " \"workload\": {\"arrivals\": {\"poisson_per_s\": 1500, \"count\": %" PRId64 "},\n"
    "              \"request\": [{\"cpu\": {\"exp\": \"1ms\"}}]},\n"
    " \"runtimes\": [{\"name\": \"pool\", \"model\": \"threads\", \"threads\": 2,"
    " \"gil\": false}]}\n";

typedef struct {
    int64_t requests;
    bool keep_trace;
} bench_args;

typedef struct {
    double seconds;
    int64_t requests, completed, events;
    size_t trace_bytes, trace_events;
    double mean_response_ms;
} bench_result;

static int usage(void)
{
    fputs("usage: bench_engine REQUESTS [--trace]\n"
          "  Runs an M/M/2 queue of REQUESTS requests in the bistro engine and prints\n"
          "  one line of JSON (requests per second, trace bytes per event, peak RSS).\n"
          "  --trace  keep the full trace in memory, as the app does\n",
          stderr);
    return EXIT_USAGE;
}

static bool parse_args(int argc, char **argv, bench_args *out)
{
    *out = (bench_args){0};
    if (argc < 2 || argc > 3)
        return false;
    char *end = NULL;
    long long n = strtoll(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || n < 1 || n > SCN_MAX_REQUESTS)
        return false;
    out->requests = n;
    if (argc == 3) {
        if (strcmp(argv[2], "--trace") != 0)
            return false;
        out->keep_trace = true;
    }
    return true;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static scn_scenario *load_mm2(int64_t requests)
{
    char json[sizeof mm2_template + 32];
    int len = snprintf(json, sizeof json, mm2_template, requests);
    diag_list *d = diag_new();
    if (d == NULL || len < 0 || (size_t)len >= sizeof json) {
        diag_free(d);
        fputs("bench_engine: out of memory\n", stderr);
        return NULL;
    }
    scn_scenario *scn = NULL;
    int rc = scn_load_buffer("bench-mm2.json", json, (size_t)len, &scn, d);
    if (rc < 0) {
        fprintf(stderr, "bench_engine: the benchmark scenario did not load: %s\n",
                sim_strerror(rc));
        for (size_t i = 0; i < diag_kept(d); i++)
            fprintf(stderr, "%s\n", diag_get(d, i));
    }
    diag_free(d);
    return scn;
}

/* Runs the one runtime and fills *res; 0 or a SIM_E* code. */
static int run_timed(const scn_scenario *scn, bool keep_trace, bench_result *res)
{
    sim_options opt = {.keep_trace = keep_trace, .seed = scn->seed};
    sim_run *run = NULL;
    int rc = sim_run_new(scn, 0, &opt, &run);
    if (rc < 0)
        return rc;
    double t0 = now_seconds();
    rc = sim_run_go(run);
    double t1 = now_seconds();
    if (rc == 0) {
        const sim_metrics *m = sim_run_metrics(run);
        const trace *tr = sim_run_trace(run);
        res->seconds = t1 - t0;
        res->requests = m->requests;
        res->completed = m->completed;
        res->events = m->events;
        res->trace_bytes = tr != NULL ? trace_memory(tr) : 0;
        res->trace_events = tr != NULL ? trace_count(tr) : 0;
        res->mean_response_ms = (double)m->lat_mean_ns / 1e6;
    }
    sim_run_free(run);
    return rc;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss; /* KiB on Linux */
}

static void print_result(const bench_result *r, bool keep_trace)
{
    double rps = r->seconds > 0 ? (double)r->completed / r->seconds : 0;
    double per_event = r->trace_events > 0 ? (double)r->trace_bytes / (double)r->trace_events : 0;
    printf("{\"engine\": \"bistro\", \"trace\": %s, \"requests\": %" PRId64
           ", \"completed\": %" PRId64 ", \"seconds\": %.6f, \"requests_per_s\": %.1f"
           ", \"events\": %" PRId64 ", \"trace_bytes\": %zu, \"bytes_per_event\": %.3f"
           ", \"event_record_bytes\": %zu"
           ", \"mean_response_ms\": %.6f, \"peak_rss_kib\": %ld}\n",
           keep_trace ? "true" : "false", r->requests, r->completed, r->seconds, rps, r->events,
           r->trace_bytes, per_event, sizeof(trace_event), r->mean_response_ms, peak_rss_kib());
}

int main(int argc, char **argv)
{
    bench_args args;
    if (!parse_args(argc, argv, &args))
        return usage();
    scn_scenario *scn = load_mm2(args.requests);
    if (scn == NULL)
        return EXIT_FAILED;
    bench_result res = {0};
    int rc = run_timed(scn, args.keep_trace, &res);
    scn_free(scn);
    if (rc < 0) {
        fprintf(stderr, "bench_engine: the run failed: %s\n", sim_strerror(rc));
        return EXIT_FAILED;
    }
    if (res.completed != args.requests) {
        fprintf(stderr, "bench_engine: only %" PRId64 " of %" PRId64 " requests completed\n",
                res.completed, args.requests);
        print_result(&res, args.keep_trace);
        return EXIT_FAILED;
    }
    print_result(&res, args.keep_trace);
    return EXIT_OK;
}
