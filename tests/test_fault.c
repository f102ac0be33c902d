/* test_fault.c - fault injection: every allocation of a complete run fails in turn.
 *
 * SQLite's habit (its malloc tests): run the same work again and again, failing
 * allocation number N for N = 1, 2, 3, ... until a run makes no allocation that
 * fails, and require each time that the work fails cleanly. Here the work is what
 * `bistro-sim run --json --trace --chrome --csv` does for one runtime of one bundled
 * scenario: scn_load_file, sim_run_new + sim_run_go with the trace kept, the three
 * trace writers (to a sink that discards; with services, the Chrome file of the
 * front and every service too), the summary JSON and the table (to a
 * sink_buffer, whose growth is then injected too). Clean means:
 *   - the public call that met the failure returns SIM_ENOMEM (diag_new: NULL),
 *     never another code, and never a crash;
 *   - a run with a failed allocation never ends in success (it would have lost
 *     something without saying so), and a writer that fails also sets its sink's
 *     error, since bistro-sim decides from the sink whether to keep the file;
 *   - once everything is freed with the public free functions, as many allocations
 *     are live as before the run: nothing leaked.
 * Every case is one runtime of one scenario in scenarios/, named "scenario: runtime".
 * The run includes building its timeline (timeline_build, as the app does), whose
 * big arrays come from posix_memalign: it is wrapped too.
 *
 * The allocator is wrapped at link time for this program only (tests/CMakeLists.txt:
 * -Wl,--wrap=malloc,...), so the library's own calls are counted without changing
 * it; cJSON is a shared library and is routed here with cJSON_InitHooks. Only
 * allocations made while `fi.on` is set are counted or failed, so cmocka's own and
 * this file's bookkeeping are left alone. Under AddressSanitizer the wrappers reach
 * ASan's malloc through __real_malloc, so both work together and ASan also checks
 * every failing run for use after free, double frees and overflows.
 *
 * A crash shows as a failed case; run with BISTRO_FAULT_VERBOSE=1 to print every N
 * (and the call that makes that allocation) before it runs, and with
 * BISTRO_FAULT_ONLY='three-requests: *' to run only the cases that match.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "report.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "services.h"
#include "sink.h"
#include "timeline.h"
#include "trace.h"
#include "trace_chrome.h"
#include "trace_csv.h"
#include "trace_jsonl.h"

/* The public calls of a complete run, in the order it makes them. */
#define FAULT_CALL_MAP(X)                             \
    X(DIAG_NEW, "diag_new")                           \
    X(LOAD, "scn_load_file")                          \
    X(RUN_NEW, "sim_run_new")                         \
    X(RUN_GO, "sim_run_go")                           \
    X(TIMELINE, "timeline_build")                     \
    X(JSONL, "trace_write_jsonl")                     \
    X(CSV, "trace_write_csv")                         \
    X(CHROME, "trace_write_chrome")                   \
    X(CHROME_SERVICES, "trace_write_chrome_services") \
    X(SUMMARY, "report_summary_json")                 \
    X(TABLE, "report_table")                          \
    X(FREE, "the free functions")

/* clang-format off */
typedef enum {
#define FAULT__CALL_ENUM(name, text) CALL_##name,
    FAULT_CALL_MAP(FAULT__CALL_ENUM)
#undef FAULT__CALL_ENUM
    NCALLS
} fault_call;
/* clang-format on */

static const char *const call_names[NCALLS] = {
#define FAULT__CALL_NAME(name, text) text,
    FAULT_CALL_MAP(FAULT__CALL_NAME)
#undef FAULT__CALL_NAME
};

/* ---- the allocator hooks ---- */

static struct {
    bool on;         /* count and inject only while the code under test runs */
    fault_call call; /* the public call running now */
    int64_t count;   /* allocations asked for since the run began */
    int64_t per_call[NCALLS];
    int64_t fail_at;      /* the allocation (1-based) to fail; 0: none */
    bool failed;          /* it was asked for, and failed */
    fault_call fail_call; /* who asked for it, and its number there */
    int64_t fail_nth;
    int64_t live; /* allocations made and not yet freed while on */
} fi;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
int __real_posix_memalign(void **p, size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
int __wrap_posix_memalign(void **p, size_t align, size_t n);

/* Counts an allocation; whether it is the one to fail. */
static bool inject(void)
{
    if (!fi.on)
        return false;
    fi.per_call[fi.call]++;
    if (++fi.count != fi.fail_at)
        return false;
    fi.fail_call = fi.call;
    fi.fail_nth = fi.per_call[fi.call];
    fi.failed = true;
    return true;
}

void *__wrap_malloc(size_t n)
{
    if (inject())
        return NULL;
    void *p = __real_malloc(n);
    if (p != NULL && fi.on)
        fi.live++;
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (inject())
        return NULL;
    void *p = __real_calloc(n, size);
    if (p != NULL && fi.on)
        fi.live++;
    return p;
}

/* A failed realloc leaves the block as it was, which is what callers must cope with. */
void *__wrap_realloc(void *p, size_t n)
{
    if (inject())
        return NULL;
    void *q = __real_realloc(p, n);
    if (fi.on && p == NULL && q != NULL)
        fi.live++;
    else if (fi.on && p != NULL && n == 0 && q == NULL)
        fi.live--; /* glibc's realloc(p, 0) frees p */
    return q;
}

/* The timeline's big arrays (2 MiB-aligned) come from here. */
int __wrap_posix_memalign(void **p, size_t align, size_t n)
{
    if (inject())
        return ENOMEM;
    int rc = __real_posix_memalign(p, align, n);
    if (rc == 0 && fi.on)
        fi.live++;
    return rc;
}

void __wrap_free(void *p)
{
    if (p != NULL && fi.on)
        fi.live--;
    __real_free(p);
}

/* cJSON's hooks: the same counting, for the shared library the wrap cannot reach.
 * (With hooks of its own, cJSON allocates with malloc_fn only, never realloc.) */
static void *cjson_malloc(size_t n)
{
    return __wrap_malloc(n);
}

static void cjson_free(void *p)
{
    __wrap_free(p);
}

/* ---- one complete run ---- */

/* A sink that keeps nothing: the traces of the big lessons are many megabytes. */
static int discard_write(void *ctx, const char *buf, size_t n)
{
    (void)buf;
    *(size_t *)ctx += n;
    return 0;
}

typedef int (*trace_writer)(sim_sink *out, const trace *tr, const scn_scenario *scn,
                            const char *runtime_name, uint64_t seed);

static const struct {
    fault_call call;
    trace_writer write;
} writers[] = {
    {CALL_JSONL, trace_write_jsonl},
    {CALL_CSV, trace_write_csv},
    {CALL_CHROME, trace_write_chrome},
};

/* How a run ended: the first call that did not return 0 (NCALLS: none), what it
 * returned, and for a writer whether its result and its sink's error disagree. */
typedef struct {
    fault_call call;
    int rc;
    bool sink_disagrees;
    uint64_t sig; /* what the run produced: the timeline's lanes and the bytes written */
} outcome;

/* FNV-1a over v. */
static uint64_t mix(uint64_t h, int64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        h = (h ^ (uint64_t)(v & 0xff)) * 1099511628211ULL;
    return h;
}

/* Every interval of every lane, and the run's end. */
static uint64_t timeline_sig(const timeline *tl)
{
    uint64_t h = mix(14695981039346656037ULL, timeline_end(tl));
    for (int k = 0; k < TL_LANE_KIND_COUNT; k++)
        for (size_t l = 0; l < timeline_lane_count(tl, (tl_lane_kind)k); l++)
            for (size_t i = 0; i < timeline_span_count(tl, (tl_lane_kind)k, l); i++) {
                tl_span s;
                timeline_span(tl, (tl_lane_kind)k, l, i, &s);
                h = mix(mix(mix(mix(h, s.t0), s.state),
                            (int64_t)((uint64_t)(uint32_t)s.req << 32 | (uint32_t)s.worker)),
                        (int64_t)((uint64_t)(uint32_t)s.step << 32 | (uint32_t)s.line));
                h = mix(mix(h, s.value), s.core);
            }
    return h;
}

/* Records call's result; whether the run goes on. `s`: the writer's sink, or NULL. */
static bool check(outcome *o, fault_call call, int rc, const sim_sink *s)
{
    o->sink_disagrees = s != NULL && (rc == 0) != (s->err == 0);
    if (rc == 0 && !o->sink_disagrees)
        return true;
    o->call = call;
    o->rc = rc != 0 ? rc : s->err;
    return false;
}

/* The trace writers, the summary and the table of a finished run. */
static void write_outputs(outcome *o, const scn_scenario *scn, size_t rt, const sim_run *run)
{
    const trace *tr = sim_run_trace(run);
    const char *name = scn->runtimes[rt].name;
    for (size_t k = 0; k < sizeof writers / sizeof writers[0]; k++) {
        size_t bytes = 0;
        sim_sink s = {discard_write, &bytes, 0};
        fi.call = writers[k].call;
        if (!check(o, fi.call, writers[k].write(&s, tr, scn, name, scn->seed), &s))
            return;
        o->sig = mix(o->sig, (int64_t)bytes);
    }
    if (sim_run_service_count(run) > 0) {
        /* with services, the one Chrome file of the front and every service */
        chrome_run runs[1 + 8];
        size_t n = 1 + sim_run_service_count(run);
        assert_true(n <= sizeof runs / sizeof runs[0]);
        runs[0] = (chrome_run){.tr = tr, .scn = scn, .name = name};
        for (size_t i = 1; i < n; i++)
            runs[i] = (chrome_run){.tr = sim_run_service_trace(run, i - 1),
                                   .scn = sim_run_service_view(run, i - 1),
                                   .name = sim_run_service_name(run, i - 1)};
        size_t bytes = 0;
        sim_sink s = {discard_write, &bytes, 0};
        fi.call = CALL_CHROME_SERVICES;
        if (!check(o, fi.call, trace_write_chrome_services(&s, runs, n, scn->seed), &s))
            return;
        o->sig = mix(o->sig, (int64_t)bytes);
    }
    const sim_metrics *m = sim_run_metrics(run);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    fi.call = CALL_SUMMARY;
    bool ok = check(o, fi.call, report_summary_json(&s, scn, scn->seed, &rt, &m, 1), &s);
    sink_buffer_release(&b);
    if (!ok)
        return;
    s = sink_to_buffer(&b);
    fi.call = CALL_TABLE;
    check(o, fi.call, report_table(&s, scn, scn->seed, &rt, &m, 1), &s);
    sink_buffer_release(&b);
}

/* Loads `path`, runs runtime `rt` keeping its trace, writes everything and frees
 * everything: what bistro-sim run does with every export asked for. */
static outcome complete_run(const char *path, size_t rt)
{
    outcome o = {NCALLS, 0, false, 0};
    scn_scenario *scn = NULL;
    sim_run *run = NULL;
    fi.call = CALL_DIAG_NEW;
    diag_list *d = diag_new();
    if (d == NULL) {
        o.call = CALL_DIAG_NEW;
        o.rc = SIM_ENOMEM;
        return o;
    }
    fi.call = CALL_LOAD;
    if (check(&o, fi.call, scn_load_file(path, &scn, d), NULL)) {
        sim_options opt = {.keep_trace = true, .seed = scn->seed};
        fi.call = CALL_RUN_NEW;
        if (check(&o, fi.call, sim_run_new(scn, rt, &opt, &run), NULL)) {
            fi.call = CALL_RUN_GO;
            if (check(&o, fi.call, sim_run_go(run), NULL)) {
                timeline *tl = NULL;
                fi.call = CALL_TIMELINE;
                if (check(&o, fi.call, timeline_build(sim_run_trace(run), scn, rt, &tl), NULL)) {
                    fi.on = false; /* reading it back allocates nothing, and is not the run */
                    o.sig = timeline_sig(tl);
                    fi.on = true;
                    write_outputs(&o, scn, rt, run);
                }
                timeline_free(tl);
            }
        }
    }
    fi.call = CALL_FREE;
    sim_run_free(run);
    scn_free(scn);
    diag_free(d);
    return o;
}

/* ---- the cases ---- */

typedef struct {
    char *path;
    size_t runtime;
    char *name; /* "scenario: runtime" */
} fault_case;

/* One run of a case with allocation fail_at failing (0: none), and what it left. */
typedef struct {
    outcome o;
    int64_t count;        /* allocations asked for */
    int64_t leaked;       /* allocations still live once everything was freed */
    bool failed;          /* allocation fail_at was asked for and failed */
    fault_call fail_call; /* who asked for it, and its number there */
    int64_t fail_nth;
    int64_t per_call[NCALLS];
} fault_run;

static fault_run run_failing(const fault_case *fc, int64_t fail_at)
{
    int64_t live_before = fi.live;
    fi.count = 0;
    memset(fi.per_call, 0, sizeof fi.per_call);
    fi.fail_at = fail_at;
    fi.failed = false;
    fi.on = true;
    fault_run r = {.o = complete_run(fc->path, fc->runtime)};
    fi.on = false;
    r.count = fi.count;
    r.leaked = fi.live - live_before;
    r.failed = fi.failed;
    r.fail_call = fi.fail_call;
    r.fail_nth = fi.fail_nth;
    memcpy(r.per_call, fi.per_call, sizeof r.per_call);
    return r;
}

/* Which N to fail. Measured with every N on a 2-core machine (plain RelWithDebInfo
 * build, other builds running): the 40 cases outside ten-thousand-connections make
 * 219 to 1274 allocations each and took 13 s in all; ten-thousand-connections makes
 * about 10300 per runtime, most of them trace chunks while the simulation runs, so
 * a run that fails late costs nearly a whole simulation (0.1 to 0.4 s; 1 to 3 s
 * under ASan), and every N took 840 s for its three runtimes. So: every N up to
 * EVERY_N_UNTIL, which is all of every other lesson and, in the big one, the load,
 * the setup and the first 1800 allocations of the simulation (cheap: they fail
 * early); past it N grows by an eighth at each step (2250, 2531, ..., 9235: 13 runs
 * more in each of the big lesson's runtimes). The big lesson's writers and summary,
 * at the very end, are then failed only when a step lands there; every other
 * lesson fails each of their allocations. Since the timeline is built too, the
 * whole test takes about 45 s in the plain build. The ASan + UBSan Debug build runs
 * every allocation of the plain build ten times slower (6 min), so there every N
 * goes only to 500 and then grows the same way: the plain build covers every
 * allocation of the small lessons, the sanitizers check memory on a sample. */
#if defined(__SANITIZE_ADDRESS__)
#define EVERY_N_UNTIL 500
#else
#define EVERY_N_UNTIL 2000
#endif

static int64_t next_n(int64_t n)
{
    return n < EVERY_N_UNTIL ? n + 1 : n + n / 8;
}

static bool verbose(void)
{
    const char *v = getenv("BISTRO_FAULT_VERBOSE");
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

/* The call that makes allocation n of a run whose calls made per_call[] each, and
 * its number within that call. */
static fault_call call_of(const int64_t *per_call, int64_t n, int64_t *nth)
{
    for (int c = 0; c < NCALLS; c++) {
        if (n <= per_call[c]) {
            *nth = n;
            return (fault_call)c;
        }
        n -= per_call[c];
    }
    *nth = n;
    return NCALLS;
}

/* Whether run r, with allocation n failing, failed cleanly; prints why not. A run
 * may also absorb a failure, when what failed was only a hint (the timeline sizes
 * its arrays from the trace up front, and grows them as it goes if it cannot):
 * then it must produce exactly what the run without a failure produced. */
static bool clean(const fault_case *fc, int64_t n, const fault_run *r, const fault_run *base)
{
    const char *why = NULL;
    if (r->o.call == NCALLS) {
        if (r->o.sig != base->o.sig)
            why = "the run succeeded although an allocation failed, with other results";
    } else if (r->o.sink_disagrees)
        why = "the writer's result and its sink's error disagree";
    else if (r->o.rc != SIM_ENOMEM)
        why = "the error is not SIM_ENOMEM";
    if (why == NULL && r->leaked == 0)
        return true;
    print_error("%s: N = %lld (%s's allocation %lld): %s%s%s returned %d (%s); "
                "%lld allocation(s) leaked\n",
                fc->name, (long long)n, call_names[r->fail_call], (long long)r->fail_nth,
                why ? why : "", why ? "; " : "",
                r->o.call != NCALLS ? call_names[r->o.call] : "every call", r->o.rc,
                sim_strerror(r->o.rc), (long long)r->leaked);
    return false;
}

static void test_fault_every_allocation_fails_cleanly(void **state)
{
    const fault_case *fc = *state;
    fault_run base = run_failing(fc, 0);
    if (base.o.call != NCALLS)
        fail_msg("%s: the run without injected failures failed: %s returned %d (%s)", fc->name,
                 call_names[base.o.call], base.o.rc, sim_strerror(base.o.rc));
    if (base.leaked != 0)
        fail_msg("%s: the run without injected failures leaked %lld allocations", fc->name,
                 (long long)base.leaked);
    bool talk = verbose();
    int64_t runs = 0, problems = 0;
    for (int64_t n = 1;; n = next_n(n)) {
        if (talk) {
            int64_t nth;
            fault_call c = call_of(base.per_call, n, &nth);
            print_message("%s: N = %lld of %lld (%s's allocation %lld)\n", fc->name, (long long)n,
                          (long long)base.count, c < NCALLS ? call_names[c] : "none",
                          (long long)nth);
        }
        fault_run r = run_failing(fc, n);
        if (!r.failed) {
            /* the runs are deterministic: the first N past the end is the last */
            if (n <= base.count || r.count != base.count)
                fail_msg("%s: N = %lld: the run made %lld allocations, the clean one %lld: "
                         "the runs differ",
                         fc->name, (long long)n, (long long)r.count, (long long)base.count);
            if (r.o.call != NCALLS || r.leaked != 0)
                fail_msg("%s: N = %lld: with no failure injected, %s returned %d and %lld "
                         "allocations leaked",
                         fc->name, (long long)n,
                         r.o.call != NCALLS ? call_names[r.o.call] : "every call", r.o.rc,
                         (long long)r.leaked);
            break;
        }
        runs++;
        if (!clean(fc, n, &r, &base))
            problems++;
    }
    print_message("%s: %lld allocations (load %lld, run %lld, writers %lld, summary %lld); "
                  "%lld runs with one failing\n",
                  fc->name, (long long)base.count, (long long)base.per_call[CALL_LOAD],
                  (long long)(base.per_call[CALL_RUN_NEW] + base.per_call[CALL_RUN_GO]),
                  (long long)(base.per_call[CALL_JSONL] + base.per_call[CALL_CSV] +
                              base.per_call[CALL_CHROME]),
                  (long long)(base.per_call[CALL_SUMMARY] + base.per_call[CALL_TABLE]),
                  (long long)runs);
    if (problems != 0)
        fail_msg("%s: %lld of %lld runs did not fail cleanly", fc->name, (long long)problems,
                 (long long)runs);
}

/* ---- main ---- */

/* A case that crashed was left by longjmp with the hooks still on. */
static int hooks_off(void **state)
{
    (void)state;
    fi.on = false;
    return 0;
}

/* Scenarios besides the bundled ones: what no lesson has yet (services). */
static const char *const extra_paths[] = {BISTRO_SOURCE_DIR "/tests/corpus/valid-services.json"};

/* One case per runtime of every bundled scenario, and of the extra ones. */
static fault_case *list_cases(size_t *ncases)
{
    char **paths = NULL;
    size_t npaths = 0;
    if (scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &npaths) != 0 || npaths == 0) {
        fprintf(stderr, "test_fault: no scenarios in %s\n", BISTRO_SOURCE_DIR "/scenarios");
        exit(1);
    }
    size_t nextra = sizeof extra_paths / sizeof extra_paths[0];
    char **all = realloc(paths, (npaths + nextra) * sizeof *all);
    if (all == NULL)
        exit(1);
    paths = all;
    for (size_t i = 0; i < nextra; i++) {
        paths[npaths] = malloc(strlen(extra_paths[i]) + 1);
        if (paths[npaths] == NULL)
            exit(1);
        strcpy(paths[npaths++], extra_paths[i]);
    }
    fault_case *cases = NULL;
    size_t n = 0;
    for (size_t i = 0; i < npaths; i++) {
        diag_list *d = diag_new();
        scn_scenario *scn = NULL;
        if (d == NULL || scn_load_file(paths[i], &scn, d) != 0) {
            fprintf(stderr, "test_fault: cannot load %s\n", paths[i]);
            exit(1);
        }
        cases = realloc(cases, (n + scn->nruntimes) * sizeof *cases);
        if (cases == NULL)
            exit(1);
        for (size_t r = 0; r < scn->nruntimes; r++, n++) {
            size_t len = strlen(scn->name) + strlen(scn->runtimes[r].name) + 3;
            cases[n].path = malloc(strlen(paths[i]) + 1);
            cases[n].name = malloc(len);
            if (cases[n].path == NULL || cases[n].name == NULL)
                exit(1);
            strcpy(cases[n].path, paths[i]);
            snprintf(cases[n].name, len, "%s: %s", scn->name, scn->runtimes[r].name);
            cases[n].runtime = r;
        }
        scn_free(scn);
        diag_free(d);
    }
    scn_dir_free(paths, npaths);
    *ncases = n;
    return cases;
}

int main(void)
{
    cJSON_InitHooks(&(cJSON_Hooks){.malloc_fn = cjson_malloc, .free_fn = cjson_free});
    size_t n = 0;
    fault_case *cases = list_cases(&n);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    if (tests == NULL)
        return 1;
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = test_fault_every_allocation_fails_cleanly;
        tests[i].setup_func = hooks_off;
        tests[i].initial_state = &cases[i];
    }
    /* The cases come from files, so the group is built at run time; this is the
     * function that cmocka_run_group_tests_name() expands to. */
    const char *only = getenv("BISTRO_FAULT_ONLY");
    if (only != NULL && *only != '\0')
        cmocka_set_test_filter(only);
    int failed = _cmocka_run_group_tests("fault", tests, n, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        free(cases[i].path);
        free(cases[i].name);
    }
    free(cases);
    free(tests);
    return failed;
}
