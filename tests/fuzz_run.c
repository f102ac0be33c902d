/* fuzz_run.c - libFuzzer target for `bistro-sim run` with budgets (docs/fuzzing.md).
 *
 * The input is a scenario. One the loader accepts is simulated for every runtime
 * with tight budgets, as `run` does with --max-events 1000000 --max-memory 64MiB,
 * keeping the trace; the runs' results then go through the writers `run` uses (the
 * summary JSON and the table; the three trace formats when the trace is small).
 * Beyond "no crash, no leak, no undefined behaviour" (the sanitizers' job) and "no
 * hang" (libFuzzer's -timeout), it checks what the engine promises:
 * - a run returns 0, or SIM_EBUDGET with a text that names the budget it passed
 *   (events, memory, or simulated time: SIM_MAX_TIME_NS); never another code (what
 *   the loader accepts, the engine simulates);
 * - the events and wake-ups stay within the event budget;
 * - the metrics are sane: completed <= requests, times and counts non-negative,
 *   p50 <= p95 <= p99 <= max and mean <= max, the per-request details agree with
 *   the counts and the makespan, the log is in time order with valid texts;
 * - a small run gives the same metrics and trace size when run again;
 * - the writers succeed, and the summary is valid JSON.
 * A broken promise aborts, which libFuzzer reports as a crash.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "report.h"
#include "scenario.h"
#include "sink.h"
#include "trace.h"
#include "trace_chrome.h"
#include "trace_csv.h"
#include "trace_jsonl.h"

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* The budgets of each run: tight, so that every input finishes in about a second. */
#define FUZZ_MAX_EVENTS 1000000LL
#define FUZZ_MAX_MEMORY (64LL << 20)
/* Traces up to this many events are written in every format; runs up to it are
 * repeated to check that they are deterministic. */
#define FUZZ_SMALL_RUN 20000

/* A sink that only counts what it is given. */
static int count_write(void *ctx, const char *buf, size_t n)
{
    (void)buf;
    *(size_t *)ctx += n;
    return 0;
}

static void check_metrics(const scn_scenario *scn, const sim_metrics *m)
{
    CHECK(m->requests >= 0 && m->completed >= 0 && m->completed <= m->requests);
    CHECK(m->makespan_ns >= 0);
    CHECK(isfinite(m->throughput_rps) && m->throughput_rps >= 0);
    CHECK(m->lat_mean_ns >= 0 && m->lat_p50_ns >= 0);
    CHECK(m->lat_p50_ns <= m->lat_p95_ns && m->lat_p95_ns <= m->lat_p99_ns &&
          m->lat_p99_ns <= m->lat_max_ns && m->lat_mean_ns <= m->lat_max_ns);
    CHECK(m->lat_max_ns <= m->makespan_ns);
    CHECK(m->completed > 0 || (m->lat_max_ns == 0 && m->makespan_ns == 0));
    CHECK(m->cpu_busy_ns >= 0 && isfinite(m->cpu_util) && m->cpu_util >= 0);
    CHECK(m->gil_wait_ns >= 0);
    CHECK(m->loop_lag_mean_ns >= 0 && m->loop_lag_mean_ns <= m->loop_lag_max_ns);
    CHECK(m->context_switches >= 0 && m->memory_peak_bytes >= 0);
    CHECK(m->events >= 0 && m->wakeups >= 0 && m->events + m->wakeups <= FUZZ_MAX_EVENTS);
    if (m->detail != NULL) {
        CHECK(m->ndetail == m->requests);
        int64_t done = 0, max = 0;
        for (int64_t i = 0; i < m->ndetail; i++) {
            const sim_request_detail *d = &m->detail[i];
            if (d->done < 0)
                continue;
            CHECK(d->arrive >= 0 && d->done >= d->arrive && d->done <= m->makespan_ns);
            done++;
            if (d->done - d->arrive > max)
                max = d->done - d->arrive;
        }
        CHECK(done == m->completed && max == m->lat_max_ns);
    }
    CHECK(m->nlog >= 0 && (m->nlog == 0 || m->log != NULL));
    for (int64_t i = 0; i < m->nlog; i++) {
        CHECK(m->log[i].t >= 0 && (i == 0 || m->log[i].t >= m->log[i - 1].t));
        CHECK(m->log[i].text >= 0 && (size_t)m->log[i].text < scn->nstrings);
        CHECK(m->log[i].req < m->requests);
    }
}

/* The trace in every format `run` writes: each writer succeeds. */
static void check_exports(const scn_scenario *scn, size_t rt, const trace *tr)
{
    int (*writers[])(sim_sink *, const trace *, const scn_scenario *, const char *,
                     uint64_t) = {trace_write_jsonl, trace_write_csv, trace_write_chrome};
    for (size_t k = 0; k < sizeof writers / sizeof *writers; k++) {
        size_t bytes = 0;
        sim_sink s = {.write = count_write, .ctx = &bytes};
        CHECK(writers[k](&s, tr, scn, scn->runtimes[rt].name, scn->seed) == 0);
        CHECK(s.err == 0 && bytes > 0);
    }
}

/* Runs runtime rt; returns the run when it finished, NULL when it passed a budget. */
static sim_run *run_one(const scn_scenario *scn, size_t rt)
{
    sim_options opt = {.keep_trace = true,
                       .seed = scn->seed,
                       .max_events = FUZZ_MAX_EVENTS,
                       .max_memory = FUZZ_MAX_MEMORY};
    sim_run *run = NULL;
    int rc = sim_run_new(scn, rt, &opt, &run);
    CHECK(rc == 0 && run != NULL);
    rc = sim_run_go(run);
    if (rc != 0) {
        CHECK(rc == SIM_EBUDGET);
        char why[512];
        sim_run_budget_text(run, why, sizeof why);
        /* "stopped at 2.5s of simulated time, ...", "stopped before it started: ..." */
        CHECK(strncmp(why, "stopped ", 8) == 0);
        static const char *const names[] = {
            [SIM_BUDGET_EVENTS] = "its budget of 1000000 events",
            [SIM_BUDGET_MEMORY] = "its memory budget of 64 MiB",
            [SIM_BUDGET_TIME] = "its budget of 4611686018 s of simulated time"};
        sim_budget b = sim_run_budget(run);
        CHECK(b == SIM_BUDGET_EVENTS || b == SIM_BUDGET_MEMORY || b == SIM_BUDGET_TIME);
        CHECK(strstr(why, names[b]) != NULL);
        sim_run_free(run);
        return NULL;
    }
    const sim_metrics *m = sim_run_metrics(run);
    check_metrics(scn, m);
    const trace *tr = sim_run_trace(run);
    CHECK(tr != NULL && (int64_t)trace_count(tr) == m->events);
    if (m->events <= FUZZ_SMALL_RUN) {
        check_exports(scn, rt, tr);
        /* the same scenario, runtime and seed: the same run */
        sim_run *again = NULL;
        CHECK(sim_run_new(scn, rt, &opt, &again) == 0 && sim_run_go(again) == 0);
        const sim_metrics *m2 = sim_run_metrics(again);
        CHECK(m2->events == m->events && m2->wakeups == m->wakeups &&
              m2->completed == m->completed && m2->makespan_ns == m->makespan_ns &&
              m2->lat_mean_ns == m->lat_mean_ns && m2->lat_p99_ns == m->lat_p99_ns &&
              m2->cpu_busy_ns == m->cpu_busy_ns && m2->gil_wait_ns == m->gil_wait_ns &&
              m2->context_switches == m->context_switches &&
              m2->memory_peak_bytes == m->memory_peak_bytes && m2->nlog == m->nlog);
        sim_run_free(again);
    }
    return run;
}

/* The results `run` prints: the summary JSON (valid JSON, one entry per runtime)
 * and the table. */
static void check_results(const scn_scenario *scn, const size_t *sel, const sim_metrics *const *ms,
                          size_t n)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    CHECK(report_summary_json(&s, scn, scn->seed, sel, ms, n) == 0 && b.data != NULL);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(b.data, &end, 1);
    CHECK(root != NULL);
    cJSON_Delete(root);
    sink_buffer_release(&b);
    s = sink_to_buffer(&b);
    CHECK(report_table(&s, scn, scn->seed, sel, ms, n) == 0 && b.data != NULL);
    sink_buffer_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *d = diag_new();
    if (d == NULL)
        return 0;
    scn_scenario *scn = NULL;
    int rc = scn_load_buffer("fuzz.json", (const char *)data, size, &scn, d);
    diag_free(d);
    if (rc != 0)
        return 0;
    sim_run *runs[SCN_MAX_RUNTIMES] = {0};
    const sim_metrics *ms[SCN_MAX_RUNTIMES];
    size_t sel[SCN_MAX_RUNTIMES], n = 0;
    for (size_t i = 0; i < scn->nruntimes; i++) {
        runs[i] = run_one(scn, i);
        if (runs[i] != NULL) {
            sel[n] = i;
            ms[n++] = sim_run_metrics(runs[i]);
        }
    }
    if (n > 0)
        check_results(scn, sel, ms, n);
    for (size_t i = 0; i < scn->nruntimes; i++)
        sim_run_free(runs[i]);
    scn_free(scn);
    return 0;
}
