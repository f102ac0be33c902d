/* bench_timeline.c - how long building a run's timeline takes.
 *
 *   bench_timeline SCENARIO [REPEAT]
 *
 * For each runtime of SCENARIO: simulate it once with the trace kept, then build
 * its timeline REPEAT times (default 3) and keep the fastest build. Prints one line
 * of JSON per runtime: events, build seconds (the process's CPU time, which a busy
 * shared machine disturbs far less than the wall clock, and the wall clock), ns
 * per event, the timeline's bytes. Only timeline_build() is timed.
 *
 * bench/timeline runs it against this tree and, with BASELINE, against an earlier
 * commit: compiled there with -DBENCH_TIMELINE_SEED, for the version of
 * timeline_build() that took the run's seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "scenario.h"
#include "timeline.h"

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int build(const trace *tr, const scn_scenario *scn, size_t i, timeline **tl)
{
#ifdef BENCH_TIMELINE_SEED
    return timeline_build(tr, scn, i, scn->seed, tl);
#else
    return timeline_build(tr, scn, i, tl);
#endif
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_timeline SCENARIO [REPEAT]\n");
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    diag_list *d = diag_new();
    scn_scenario *scn = NULL;
    if (d == NULL || scn_load_file(argv[1], &scn, d) != 0) {
        for (size_t i = 0; d != NULL && i < diag_kept(d); i++)
            fprintf(stderr, "%s\n", diag_get(d, i));
        diag_free(d);
        return 2;
    }
    diag_free(d);
    for (size_t i = 0; i < scn->nruntimes; i++) {
        sim_options opt = {.keep_trace = true, .seed = scn->seed};
        sim_run *run = NULL;
        int rc = sim_run_new(scn, i, &opt, &run);
        if (rc == 0)
            rc = sim_run_go(run);
        double best = -1, best_wall = -1;
        size_t bytes = 0;
        for (int k = 0; rc == 0 && k < repeat; k++) {
            timeline *tl = NULL;
            double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
            rc = build(sim_run_trace(run), scn, i, &tl);
            double dt = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0, dw = clock_s(CLOCK_MONOTONIC) - w0;
            if (rc == 0 && (best < 0 || dt < best))
                best = dt;
            if (rc == 0 && (best_wall < 0 || dw < best_wall))
                best_wall = dw;
            if (rc == 0)
                bytes = timeline_memory(tl);
            timeline_free(tl);
        }
        if (rc != 0) {
            fprintf(stderr, "bench_timeline: %s: %s\n", scn->runtimes[i].name, sim_strerror(rc));
            sim_run_free(run);
            scn_free(scn);
            return 3;
        }
        size_t events = trace_count(sim_run_trace(run));
        printf("{\"runtime\": \"%s\", \"requests\": %lld, \"events\": %zu, \"build_s\": %.4f, "
               "\"wall_s\": %.4f, \"ns_per_event\": %.1f, \"ns_per_request\": %.1f, "
               "\"timeline_bytes\": %zu}\n",
               scn->runtimes[i].name, (long long)sim_run_metrics(run)->requests, events, best,
               best_wall, best * 1e9 / (double)events,
               best * 1e9 / (double)sim_run_metrics(run)->requests, bytes);
        fflush(stdout);
        sim_run_free(run);
    }
    scn_free(scn);
    return 0;
}
