/* main.c - bistro-sim, the headless command line.
 *
 *   bistro-sim validate FILE...      check scenarios; exit 2 if any is invalid
 *   bistro-sim run FILE [options]    simulate; print a table or the summary JSON
 *   bistro-sim grade RUBRIC [opts]   grade a student's answers or scenario (docs/grading.md)
 *   bistro-sim list [DIR]            the scenarios in DIR (default: the bundled ones)
 *   bistro-sim rubric SCENARIO [-o FILE]
 *                                    the rubric for a scenario's questions
 *   bistro-sim puzzle --flavor F --seed N [--program] [-o FILE]
 *                                    a print-order puzzle drawn from a seed (docs/puzzles.md)
 *
 * Exit status: 0 success, 1 a grading check failed, 2 bad input, 3 internal error.
 * Messages go to stderr; stdout carries only the data asked for.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "grade.h"
#include "many.h"
#include "outfile.h"
#include "puzzle.h"
#include "report.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "services.h"
#include "trace_chrome.h"
#include "trace_csv.h"
#include "trace_jsonl.h"
#include "units.h"

enum { EXIT_OK = 0, EXIT_CHECK_FAILED = 1, EXIT_BAD_INPUT = 2, EXIT_INTERNAL = 3 };

#define MAX_SELECTED SCN_MAX_RUNTIMES

static const char usage_text[] =
    "usage: bistro-sim validate FILE...\n"
    "       bistro-sim run FILE [--runtime NAME]... [--seed N | --seeds A-B] [--json]\n"
    "                      [--trace PATH] [--chrome PATH] [--csv PATH]\n"
    "                      [--max-events N] [--max-memory SIZE]\n"
    "       bistro-sim grade RUBRIC [--answers FILE] [--scenario FILE] [--gradescope PATH]\n"
    "                        [--prairielearn PATH]\n"
    "       bistro-sim list [DIR]\n"
    "       bistro-sim rubric SCENARIO [-o FILE]\n"
    "       bistro-sim puzzle --flavor node|asyncio --seed N [--program] [-o FILE]\n"
    "       bistro-sim --help | --version\n"
    "\n"
    "  validate   check scenario files and print every problem found\n"
    "  run        simulate each runtime of a scenario on the same requests and print\n"
    "             a comparison table (or the summary JSON with --json)\n"
    "     --runtime NAME  only this runtime (repeatable)\n"
    "     --seed N        override the scenario's seed\n"
    "     --seeds A-B     run every runtime once per seed from A to B: the orders it\n"
    "                     printed, with how many runs printed each, and the min,\n"
    "                     median and max of each metric (and of each service's)\n"
    "     --json          print the summary JSON (schema bistro-summary/1)\n"
    "     --trace PATH    write the JSON Lines trace; with several runtimes PATH must\n"
    "                     contain {runtime}; \"-\" is standard output; with services,\n"
    "                     {service} in PATH writes the front's trace (\"front\") and\n"
    "                     each service's\n"
    "     --chrome PATH   the same as Chrome Trace Event JSON (Perfetto,\n"
    "                     chrome://tracing); with services and no {service} in\n"
    "                     PATH, one file: the front's processes, then each\n"
    "                     service's, with an arrow from each call to the service's\n"
    "                     request and one from its reply back\n"
    "     --csv PATH      the same as CSV, one row per event (spreadsheets, pandas)\n"
    "     --max-events N  stop a run past N events (default 1000000000)\n"
    "     --max-memory SIZE  stop a run that holds more than SIZE (default 8GiB)\n"
    "  grade      grade a student's work against a rubric (docs/grading.md) and print\n"
    "             a report: each check, its points, what was expected and found\n"
    "     --answers FILE       the student's answers (JSON: {\"KEY\": answer, ...})\n"
    "     --scenario FILE      the student's own scenario, instead of the rubric's\n"
    "     --gradescope PATH    also write Gradescope's results.json\n"
    "     --prairielearn PATH  also write PrairieLearn's results.json\n"
    "  list       list the scenarios in DIR (default: the bundled library)\n"
    "  rubric     write the rubric for a scenario's questions: one check a question,\n"
    "             graded against the answers file the app saves in quiz mode\n"
    "  puzzle     write a print-order puzzle drawn from a seed: a scenario whose code\n"
    "             is a real program (docs/puzzles.md); the same seed, the same file\n"
    "     --flavor F     node (a JavaScript program) or asyncio (a Python program)\n"
    "     --seed N       the student's seed, a whole number\n"
    "     --program      write only the program, to run it with node or python3\n"
    "     -o FILE        write to FILE instead of standard output\n"
    "\n"
    "Exit status: 0 success (grade: every check passed), 1 a grading check failed,\n"
    "2 bad input (usage, an unreadable or invalid file, a bad rubric), 3 internal error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("bistro-sim: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'bistro-sim --help'.\n", stderr);
    return EXIT_BAD_INPUT;
}

static void print_diags(const diag_list *d)
{
    for (size_t i = 0; i < diag_kept(d); i++)
        fprintf(stderr, "%s\n", diag_get(d, i));
    if (diag_count(d) > diag_kept(d))
        fprintf(stderr, "... and %zu more problems\n", diag_count(d) - diag_kept(d));
}

/* Loads a scenario, printing its problems. Returns an exit status. */
static int load(const char *path, scn_scenario **out)
{
    diag_list *d = diag_new();
    if (d == NULL)
        return EXIT_INTERNAL;
    int rc = scn_load_file(path, out, d);
    print_diags(d);
    diag_free(d);
    if (rc == SIM_ENOMEM) {
        fprintf(stderr, "bistro-sim: %s: out of memory\n", path);
        return EXIT_INTERNAL;
    }
    return rc < 0 ? EXIT_BAD_INPUT : EXIT_OK;
}

static int cmd_validate(int argc, char **argv)
{
    if (argc < 1)
        return usage_error("%s", "validate needs at least one FILE");
    int status = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        scn_scenario *scn = NULL;
        int rc = load(argv[i], &scn);
        if (rc == EXIT_OK)
            printf("%s: ok (%zu runtimes)\n", argv[i], scn->nruntimes);
        if (rc > status)
            status = rc;
        scn_free(scn);
    }
    return status;
}

typedef struct {
    const char *file;
    const char *names[MAX_SELECTED];
    size_t nnames;
    bool have_seed;
    uint64_t seed;
    bool have_seeds;
    uint64_t first, last; /* --seeds */
    bool json;
    const char *paths[3]; /* per export (exports[] below), or NULL */
    int64_t max_events, max_memory; /* budgets, 0: the defaults */
} run_args;

/* The trace exports of `run`: one writer per format, all with the same rules for
 * PATH ({runtime} for several runtimes, "-" for standard output). */
typedef int (*trace_writer)(sim_sink *out, const trace *tr, const scn_scenario *scn,
                            const char *runtime_name, uint64_t seed);
static const struct {
    const char *option, *what, *example;
    trace_writer write;
} exports[] = {
    {"--trace", "trace", "trace-{runtime}.jsonl", trace_write_jsonl},
    {"--chrome", "Chrome trace", "trace-{runtime}.json", trace_write_chrome},
    {"--csv", "CSV trace", "trace-{runtime}.csv", trace_write_csv},
};
#define NEXPORTS (sizeof exports / sizeof exports[0])

static int export_index(const char *option)
{
    for (size_t k = 0; k < NEXPORTS; k++)
        if (strcmp(option, exports[k].option) == 0)
            return (int)k;
    return -1;
}

static bool any_export(const run_args *a)
{
    for (size_t k = 0; k < NEXPORTS; k++)
        if (a->paths[k])
            return true;
    return false;
}

/* A whole number written with digits only: no sign, no spaces before or after
 * (" 5", "5 " and "+5" are all refused, one rule). */
static int parse_seed(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '\0')
        return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

/* "1-200": FIRST-LAST, FIRST <= LAST, at most MANY_MAX_SEEDS seeds. */
static int parse_seed_range(const char *s, uint64_t *first, uint64_t *last)
{
    const char *dash = strchr(s, '-');
    if (dash == NULL || dash == s || (size_t)(dash - s) >= 32)
        return -1;
    char a[32];
    memcpy(a, s, (size_t)(dash - s));
    a[dash - s] = '\0';
    if (parse_seed(a, first) < 0 || parse_seed(dash + 1, last) < 0 || *last < *first ||
        *last - *first >= MANY_MAX_SEEDS)
        return -1;
    return 0;
}

static int parse_run_args(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(arg, "--json") == 0) {
            a->json = true;
        } else if (strcmp(arg, "--max-events") == 0 || strcmp(arg, "--max-memory") == 0) {
            if (!has_value)
                return usage_error("%s needs a value", arg);
            const char *v = argv[++i];
            if (strcmp(arg, "--max-events") == 0) {
                uint64_t n;
                if (parse_seed(v, &n) < 0 || n == 0 || n > (uint64_t)INT64_MAX)
                    return usage_error("--max-events expects a whole number above 0, got '%s'", v);
                a->max_events = (int64_t)n;
            } else if (units_parse_size(v, &a->max_memory) < 0 || a->max_memory <= 0) {
                return usage_error("--max-memory expects a size like \"2GiB\" above 0, got '%s'",
                                   v);
            }
        } else if (strcmp(arg, "--runtime") == 0 || strcmp(arg, "--seed") == 0 ||
                   strcmp(arg, "--seeds") == 0 || export_index(arg) >= 0) {
            if (!has_value)
                return usage_error("%s needs a value", arg);
            const char *v = argv[++i];
            if (strcmp(arg, "--runtime") == 0) {
                if (a->nnames == MAX_SELECTED)
                    return usage_error("too many --runtime options (at most %s)", "16");
                a->names[a->nnames++] = v;
            } else if (strcmp(arg, "--seed") == 0) {
                if (parse_seed(v, &a->seed) < 0)
                    return usage_error("--seed expects a whole number from 0 to 2^64-1, got '%s'",
                                       v);
                a->have_seed = true;
            } else if (strcmp(arg, "--seeds") == 0) {
                if (parse_seed_range(v, &a->first, &a->last) < 0)
                    return usage_error("--seeds expects a range FIRST-LAST of whole numbers, "
                                       "FIRST <= LAST, at most 100000 seeds, like 1-200; got "
                                       "'%s'",
                                       v);
                a->have_seeds = true;
            } else {
                a->paths[export_index(arg)] = v;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option '%s'", arg);
        } else if (a->file == NULL) {
            a->file = arg;
        } else {
            return usage_error("run takes one FILE; '%s' is a second one", arg);
        }
    }
    if (a->file == NULL)
        return usage_error("%s", "run needs a scenario FILE");
    if (a->have_seeds && a->have_seed)
        return usage_error("%s", "--seed runs one seed, --seeds a range; give one");
    for (size_t k = 0; k < NEXPORTS && a->have_seeds; k++)
        if (a->paths[k])
            return usage_error("%s writes one run's trace; --seeds makes many runs (run one "
                               "seed with --seed N to export it)",
                               exports[k].option);
    const char *on_stdout = NULL;
    for (size_t k = 0; k < NEXPORTS; k++) {
        if (!a->paths[k] || strcmp(a->paths[k], "-") != 0)
            continue;
        if (on_stdout)
            return usage_error("only one export can go to standard output ('-'); %s is a second",
                               exports[k].option);
        on_stdout = exports[k].option;
    }
    return EXIT_OK;
}

/* Picks the runtimes to run, in scenario order unless named. */
static int select_runtimes(const scn_scenario *scn, const run_args *a, size_t *sel, size_t *n)
{
    *n = 0;
    if (a->nnames == 0) {
        for (size_t i = 0; i < scn->nruntimes; i++)
            sel[(*n)++] = i;
        return EXIT_OK;
    }
    for (size_t k = 0; k < a->nnames; k++) {
        int i = scn_find_runtime(scn, a->names[k]);
        if (i < 0) {
            fprintf(stderr, "bistro-sim: %s has no runtime named '%s'; it has:", a->file,
                    a->names[k]);
            for (size_t j = 0; j < scn->nruntimes; j++)
                fprintf(stderr, "%s '%s'", j ? "," : "", scn->runtimes[j].name);
            fputc('\n', stderr);
            return EXIT_BAD_INPUT;
        }
        sel[(*n)++] = (size_t)i;
    }
    return EXIT_OK;
}

/* A runtime's name for file paths: lower case letters and digits, '-' between
 * words ("Python, one thread" -> "python-one-thread"); "runtime-N" (N counting
 * from 1) for a name with none of them, so a path never loses its part. */
static void slug(const char *name, size_t index, char *out, size_t cap)
{
    size_t k = 0;
    bool dash = false;
    for (const char *p = name; *p && k + 2 < cap; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && k > 0)
                out[k++] = '-';
            out[k++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[k] = '\0';
    if (k == 0)
        snprintf(out, cap, "runtime-%zu", index + 1);
}

/* PATH with {runtime} replaced by the slug of runtime `rt`; caller frees. */
static char *expand_path(const char *path, const scn_scenario *scn, size_t rt)
{
    char s[256];
    slug(scn->runtimes[rt].name, rt, s, sizeof s);
    const char *at = strstr(path, "{runtime}");
    size_t n = strlen(path) + strlen(s) + 1;
    char *out = malloc(n);
    if (out == NULL)
        return NULL;
    if (at == NULL) {
        memcpy(out, path, strlen(path) + 1);
        return out;
    }
    snprintf(out, n, "%.*s%s%s", (int)(at - path), path, s, at + strlen("{runtime}"));
    return out;
}

typedef struct {
    const char *runtime;
    int last_percent;
} progress_state;

static void show_progress(void *ctx, int64_t done, int64_t total)
{
    progress_state *p = ctx;
    int percent = total > 0 ? (int)(done * 100 / total) : 100;
    if (percent == p->last_percent)
        return;
    p->last_percent = percent;
    fprintf(stderr, "\r%s: %3d%% (%lld of %lld requests)", p->runtime, percent, (long long)done,
            (long long)total);
}

/* What a writer's failure (outfile_finish's rc) says, and its exit status: the
 * system's reason for a file that could not be written, the same status for all. */
static int write_failed(const char *what, int rc)
{
    fprintf(stderr, "bistro-sim: cannot write %s: %s\n", what,
            rc == SIM_EIO ? strerror(errno) : sim_strerror(rc));
    return rc == SIM_EIO ? EXIT_BAD_INPUT : EXIT_INTERNAL;
}

/* Writes export k of one run to its path, atomically. Returns an exit status. */
static int write_export(size_t k, const char *pattern, const scn_scenario *scn,
                        const scn_runtime *rt, const trace *tr, uint64_t seed)
{
    char *path = expand_path(pattern, scn, (size_t)(rt - scn->runtimes));
    if (path == NULL)
        return EXIT_INTERNAL;
    outfile af;
    int rc = outfile_open(&af, path);
    if (rc == 0) {
        exports[k].write(&af.sink, tr, scn, rt->name, seed);
        rc = outfile_finish(&af);
    }
    int status = rc < 0 ? write_failed(path, rc) : EXIT_OK;
    free(path);
    return status;
}

/* PATH with {service} replaced by `name`'s slug; caller frees. */
static char *expand_service(const char *path, const char *name)
{
    char s[256];
    slug(name, 0, s, sizeof s);
    const char *at = strstr(path, "{service}");
    size_t n = strlen(path) + strlen(s) + 1;
    char *out = malloc(n);
    if (out != NULL && at == NULL)
        memcpy(out, path, strlen(path) + 1);
    else if (out != NULL)
        snprintf(out, n, "%.*s%s%s", (int)(at - path), path, s, at + strlen("{service}"));
    return out;
}

/* With {service} in the path, the front's trace goes to "front" and each service's
 * to its name, read through the service's view of the scenario (services.h). */
static int write_service_exports(size_t k, const char *pattern, const scn_scenario *scn,
                                 const scn_runtime *rt, const sim_run *run, uint64_t seed)
{
    char *front = expand_service(pattern, "front");
    if (front == NULL)
        return EXIT_INTERNAL;
    int status = write_export(k, front, scn, rt, sim_run_trace(run), seed);
    free(front);
    for (size_t i = 0; i < sim_run_service_count(run) && status == EXIT_OK; i++) {
        const scn_scenario *view = sim_run_service_view(run, i);
        char s[256];
        slug(view->runtimes[0].name, 0, s, sizeof s);
        if (strcmp(s, "front") == 0) {
            fprintf(stderr,
                    "bistro-sim: %s %s: the service '%s' would write the front's file; "
                    "rename the service\n",
                    exports[k].option, pattern, view->runtimes[0].name);
            return EXIT_BAD_INPUT;
        }
        /* the view's runtime 0 names the file's {runtime} part after the front's */
        char *path = expand_service(pattern, sim_run_service_name(run, i));
        char *p = path != NULL ? expand_path(path, scn, (size_t)(rt - scn->runtimes)) : NULL;
        free(path);
        if (p == NULL)
            return EXIT_INTERNAL;
        outfile af;
        int rc = outfile_open(&af, p);
        if (rc == 0) {
            exports[k].write(&af.sink, sim_run_service_trace(run, i), view,
                             sim_run_service_name(run, i), seed);
            rc = outfile_finish(&af);
        }
        status = rc < 0 ? write_failed(p, rc) : EXIT_OK;
        free(p);
    }
    return status;
}

/* Without {service} in the path, a Chrome trace of a run with services holds the
 * front and every service in one file, with arrows from each call to the
 * service's request and back (trace_chrome.h). */
static int write_chrome_services(const char *pattern, const scn_scenario *scn,
                                 const scn_runtime *rt, const sim_run *run, uint64_t seed)
{
    size_t n = 1 + sim_run_service_count(run);
    chrome_run *runs = calloc(n, sizeof *runs);
    char *path = expand_path(pattern, scn, (size_t)(rt - scn->runtimes));
    if (runs == NULL || path == NULL) {
        free(runs);
        free(path);
        return EXIT_INTERNAL;
    }
    runs[0] = (chrome_run){.tr = sim_run_trace(run), .scn = scn, .name = rt->name};
    for (size_t i = 1; i < n; i++)
        runs[i] = (chrome_run){.tr = sim_run_service_trace(run, i - 1),
                               .scn = sim_run_service_view(run, i - 1),
                               .name = sim_run_service_name(run, i - 1)};
    outfile af;
    int rc = outfile_open(&af, path);
    if (rc == 0) {
        trace_write_chrome_services(&af.sink, runs, n, seed);
        rc = outfile_finish(&af);
    }
    int status = rc < 0 ? write_failed(path, rc) : EXIT_OK;
    free(path);
    free(runs);
    return status;
}

static int write_exports(const run_args *a, const scn_scenario *scn, const scn_runtime *rt,
                         const sim_run *run, uint64_t seed)
{
    int status = EXIT_OK;
    for (size_t k = 0; k < NEXPORTS && status == EXIT_OK; k++)
        if (a->paths[k] && strstr(a->paths[k], "{service}") != NULL)
            status = write_service_exports(k, a->paths[k], scn, rt, run, seed);
        else if (a->paths[k] && exports[k].write == trace_write_chrome &&
                 sim_run_service_count(run) > 0)
            status = write_chrome_services(a->paths[k], scn, rt, run, seed);
        else if (a->paths[k])
            status = write_export(k, a->paths[k], scn, rt, sim_run_trace(run), seed);
    return status;
}

/* The exit status of a run the engine could not finish: what the scenario asks for
 * (unsupported, too large, over a limit) is bad input; anything else is bistro's. */
static int run_failure_status(int rc)
{
    return rc == SIM_EUNSUPPORTED || rc == SIM_EOVERFLOW || rc == SIM_ELIMIT || rc == SIM_EBUDGET
               ? EXIT_BAD_INPUT
               : EXIT_INTERNAL;
}

/* The results of `run` go to standard output (to standard error when a trace goes
 * to standard output: that is the data asked for). */
static int results_open(outfile *af, bool to_stderr)
{
    outfile_open_std(af, to_stderr ? stderr : stdout);
    return EXIT_OK;
}

static int results_close(outfile *af)
{
    fflush(stderr);
    int rc = outfile_finish(af);
    return rc < 0 ? write_failed("the results", rc) : EXIT_OK;
}

static int simulate(const run_args *a, const scn_scenario *scn, size_t rt, uint64_t seed,
                    sim_run **out)
{
    progress_state ps = {.runtime = scn->runtimes[rt].name, .last_percent = -1};
    sim_options opt = {.keep_trace = any_export(a),
                       .seed = seed,
                       .max_events = a->max_events,
                       .max_memory = a->max_memory};
    if (isatty(STDERR_FILENO)) {
        opt.progress = show_progress;
        opt.progress_ctx = &ps;
    }
    int rc = sim_run_new(scn, rt, &opt, out);
    if (rc == 0)
        rc = sim_run_go(*out);
    if (ps.last_percent >= 0)
        fputs("\r\033[K", stderr);
    if (rc == 0)
        return EXIT_OK;
    if (rc == SIM_EBUDGET) {
        char why[512];
        sim_run_budget_text(*out, why, sizeof why);
        /* the budget of simulated time is the clock's own: no option raises it */
        fprintf(stderr, "bistro-sim: %s: runtime '%s': %s%s\n", a->file, scn->runtimes[rt].name,
                why,
                sim_run_budget(*out) == SIM_BUDGET_TIME
                    ? ""
                    : "; --max-events and --max-memory raise the budgets");
    } else {
        fprintf(stderr, "bistro-sim: %s: runtime '%s': %s\n", a->file, scn->runtimes[rt].name,
                sim_strerror(rc));
    }
    return run_failure_status(rc);
}

static int print_results(const run_args *a, const scn_scenario *scn, uint64_t seed,
                         const size_t *sel, const sim_metrics *const *ms, size_t n)
{
    /* A trace on stdout is the data asked for: the table then goes to stderr. */
    bool trace_on_stdout = false;
    for (size_t k = 0; k < NEXPORTS; k++)
        trace_on_stdout |= a->paths[k] != NULL && strcmp(a->paths[k], "-") == 0;
    outfile af;
    if (results_open(&af, trace_on_stdout) != EXIT_OK)
        return EXIT_INTERNAL;
    if (a->json)
        report_summary_json(&af.sink, scn, seed, sel, ms, n);
    else
        report_table(&af.sink, scn, seed, sel, ms, n);
    return results_close(&af);
}

typedef struct {
    const char *runtime;
    uint64_t shown; /* the last count shown */
} seeds_progress;

static void show_seeds(void *ctx, uint64_t done, uint64_t total)
{
    seeds_progress *p = ctx;
    if (done != total && done - p->shown < total / 100 + 1)
        return;
    p->shown = done;
    fprintf(stderr, "\r\033[Kbistro-sim: %s: seed %llu of %llu", p->runtime,
            (unsigned long long)done, (unsigned long long)total);
}

/* --seeds: every selected runtime once per seed, then the orders and the spread. */
static int run_seeds(const run_args *a, const scn_scenario *scn, const size_t *sel, size_t n)
{
    many_result res[MAX_SELECTED];
    memset(res, 0, sizeof res);
    int status = EXIT_OK;
    bool tty = isatty(STDERR_FILENO);
    size_t done = 0;
    for (; done < n && status == EXIT_OK; done++) {
        seeds_progress ps = {.runtime = scn->runtimes[sel[done]].name};
        uint64_t failed = 0;
        int rc = many_run(scn, sel[done], a->first, a->last, tty ? show_seeds : NULL, &ps,
                          &res[done], &failed);
        if (tty)
            fputs("\r\033[K", stderr);
        if (rc < 0) {
            fprintf(stderr, "bistro-sim: %s: runtime '%s', seed %llu: %s\n", a->file,
                    scn->runtimes[sel[done]].name, (unsigned long long)failed, sim_strerror(rc));
            status = rc == SIM_EINVAL ? EXIT_BAD_INPUT : run_failure_status(rc);
        }
    }
    outfile af;
    if (status == EXIT_OK && (status = results_open(&af, false)) == EXIT_OK) {
        if (a->json)
            report_many_json(&af.sink, scn, a->first, a->last, res, n);
        else
            report_many_table(&af.sink, scn, a->first, a->last, res, n);
        status = results_close(&af);
    }
    for (size_t i = 0; i < n; i++)
        many_free(&res[i]);
    return status;
}

/* True when paths a and b name one file: the same text, or the same file on disk
 * (through links, "./", another name). "-" (standard output) is no file. */
static bool same_file(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* No export may overwrite the scenario or another export (two runtimes whose names
 * give one {runtime} slug, or two options given one path). */
static int check_run_outputs(const run_args *a, const scn_scenario *scn, const size_t *sel,
                             size_t n)
{
    char *paths[NEXPORTS * MAX_SELECTED];
    size_t opt[NEXPORTS * MAX_SELECTED], rts[NEXPORTS * MAX_SELECTED], np = 0;
    int status = EXIT_OK;
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        for (size_t k = 0; k < NEXPORTS && status == EXIT_OK; k++) {
            if (!a->paths[k])
                continue;
            char *p = expand_path(a->paths[k], scn, sel[i]);
            if (p == NULL)
                return EXIT_INTERNAL;
            if (same_file(p, a->file)) {
                fprintf(stderr,
                        "bistro-sim: %s %s would overwrite the scenario %s; write the "
                        "export to another file\n",
                        exports[k].option, p, a->file);
                status = EXIT_BAD_INPUT;
            }
            for (size_t j = 0; j < np && status == EXIT_OK; j++) {
                if (!same_file(p, paths[j]))
                    continue;
                if (opt[j] == k)
                    fprintf(stderr,
                            "bistro-sim: %s %s: runtimes '%s' and '%s' would both write %s; "
                            "choose one with --runtime, or rename one so that {runtime} "
                            "tells them apart\n",
                            exports[k].option, a->paths[k], scn->runtimes[rts[j]].name,
                            scn->runtimes[sel[i]].name, p);
                else
                    fprintf(stderr, "bistro-sim: %s and %s would both write %s\n",
                            exports[opt[j]].option, exports[k].option, p);
                status = EXIT_BAD_INPUT;
            }
            paths[np] = p;
            opt[np] = k;
            rts[np++] = sel[i];
        }
    }
    for (size_t j = 0; j < np; j++)
        free(paths[j]);
    return status;
}

static int cmd_run(int argc, char **argv)
{
    run_args a;
    int status = parse_run_args(argc, argv, &a);
    if (status != EXIT_OK)
        return status;
    scn_scenario *scn = NULL;
    status = load(a.file, &scn);
    size_t sel[MAX_SELECTED], n = 0;
    if (status == EXIT_OK)
        status = select_runtimes(scn, &a, sel, &n);
    if (status == EXIT_OK && a.have_seeds) {
        status = run_seeds(&a, scn, sel, n);
        scn_free(scn);
        return status;
    }
    for (size_t k = 0; k < NEXPORTS && status == EXIT_OK; k++) {
        if (a.paths[k] && n > 1 && !strstr(a.paths[k], "{runtime}")) {
            fprintf(stderr,
                    "bistro-sim: %s %s: with %zu runtimes the path needs {runtime} "
                    "(e.g. %s), or choose one with --runtime\n",
                    exports[k].option, a.paths[k], n, exports[k].example);
            status = EXIT_BAD_INPUT;
        }
    }
    if (status == EXIT_OK)
        status = check_run_outputs(&a, scn, sel, n);
    uint64_t seed = status == EXIT_OK && a.have_seed ? a.seed : (scn ? scn->seed : 0);
    sim_run *runs[MAX_SELECTED] = {0};
    const sim_metrics *ms[MAX_SELECTED];
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        status = simulate(&a, scn, sel[i], seed, &runs[i]);
        if (status == EXIT_OK) {
            ms[i] = sim_run_metrics(runs[i]);
            if (ms[i]->completed < ms[i]->requests)
                fprintf(stderr,
                        "bistro-sim: %s: runtime '%s' finished %lld of %lld requests; "
                        "the others wait for something that never happens\n",
                        a.file, scn->runtimes[sel[i]].name, (long long)ms[i]->completed,
                        (long long)ms[i]->requests);
            if (any_export(&a))
                status = write_exports(&a, scn, &scn->runtimes[sel[i]], runs[i], seed);
        }
    }
    if (status == EXIT_OK)
        status = print_results(&a, scn, seed, sel, ms, n);
    for (size_t i = 0; i < n; i++)
        sim_run_free(runs[i]);
    scn_free(scn);
    return status;
}

static const char *default_scenario_dir(void)
{
    const char *env = getenv("BISTRO_SCENARIOS");
    return env && *env ? env : BISTRO_SCENARIO_DIR;
}

static int cmd_list(int argc, char **argv)
{
    if (argc > 1)
        return usage_error("list takes at most one DIR; '%s' is a second one", argv[1]);
    const char *dir = argc == 1 ? argv[0] : default_scenario_dir();
    char **names = NULL;
    size_t n = 0;
    int rc = scn_dir_list(dir, &names, &n);
    if (rc == SIM_ENOMEM)
        return EXIT_INTERNAL;
    if (rc < 0) {
        fprintf(stderr, "bistro-sim: cannot open %s: %s\n", dir, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    /* every good lesson is listed; each bad one is reported (on stderr) and makes
     * the exit status 2, but does not hide the ones after it */
    int status = EXIT_OK;
    for (size_t i = 0; i < n && status != EXIT_INTERNAL; i++) {
        scn_scenario *scn = NULL;
        rc = load(names[i], &scn);
        if (rc == EXIT_OK)
            printf("%-28s %s\n", scn->name, scn->title);
        else if (rc > status)
            status = rc;
        scn_free(scn);
    }
    scn_dir_free(names, n);
    return status;
}

/* ---- grade ---- */

typedef struct {
    const char *rubric, *answers, *scenario, *gradescope, *prairielearn;
} grade_args;

static int parse_grade_args(int argc, char **argv, grade_args *a)
{
    static const char *const opts[] = {"--answers", "--scenario", "--gradescope", "--prairielearn"};
    memset(a, 0, sizeof *a);
    const char **slots[] = {&a->answers, &a->scenario, &a->gradescope, &a->prairielearn};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        size_t k = 0;
        while (k < 4 && strcmp(arg, opts[k]) != 0)
            k++;
        if (k < 4) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", arg);
            if (*slots[k] != NULL)
                return usage_error("%s is given twice", arg);
            *slots[k] = argv[++i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option '%s'", arg);
        } else if (a->rubric == NULL) {
            a->rubric = arg;
        } else {
            return usage_error("grade takes one RUBRIC; '%s' is a second one", arg);
        }
    }
    if (a->rubric == NULL)
        return usage_error("%s", "grade needs a RUBRIC file");
    if (a->gradescope && a->prairielearn && strcmp(a->gradescope, "-") == 0 &&
        strcmp(a->prairielearn, "-") == 0)
        return usage_error("%s", "only one of --gradescope and --prairielearn can be '-'");
    return EXIT_OK;
}

/* The grader reads the rubric, answers and scenario files through this. */
static int read_whole_file(void *ctx, const char *path, char **text, size_t *len, char *why,
                           size_t why_size)
{
    (void)ctx;
    return scn_read_file(path, text, len, why, why_size);
}

/* ... and the student's files, which must not be symbolic links. */
static int read_student_file(void *ctx, const char *path, char **text, size_t *len, char *why,
                             size_t why_size)
{
    (void)ctx;
    return scn_read_own_file(path, text, len, why, why_size);
}

/* Writes one output of the grader to PATH ("-" is stdout). */
static int write_grade_output(const char *path, const grade_result *r,
                              int (*writer)(sim_sink *, const grade_result *))
{
    outfile af;
    int rc = outfile_open(&af, path);
    if (rc == 0) {
        writer(&af.sink, r);
        rc = outfile_finish(&af);
    }
    return rc < 0 ? write_failed(path, rc) : EXIT_OK;
}

/* The report for people, on stdout, or on stderr when stdout carries a results file. */
static int write_grade_report(const grade_result *r, bool to_stderr)
{
    outfile af;
    outfile_open_std(&af, to_stderr ? stderr : stdout);
    grade_write_report(&af.sink, r);
    fflush(stderr);
    int rc = outfile_finish(&af);
    return rc < 0 ? write_failed("the report", rc) : EXIT_OK;
}

/* A results file may not replace the rubric, the answers, a scenario or the other
 * results file: a student's file would be lost, or the grader's own. */
static int check_grade_outputs(const grade_args *a, const grade_result *r)
{
    const char *outs[2] = {a->gradescope, a->prairielearn};
    const char *opts[2] = {"--gradescope", "--prairielearn"};
    const char *ins[4] = {a->rubric, a->answers, a->scenario, r->scenario};
    const char *what[4] = {"the rubric", "the answers", "the scenario", "the scenario"};
    for (int o = 0; o < 2; o++) {
        if (outs[o] == NULL)
            continue;
        for (int i = 0; i < 4; i++) {
            if (ins[i] != NULL && same_file(outs[o], ins[i])) {
                fprintf(stderr, "bistro-sim: %s %s would overwrite %s %s; write it elsewhere\n",
                        opts[o], outs[o], what[i], ins[i]);
                return EXIT_BAD_INPUT;
            }
        }
    }
    if (outs[0] != NULL && outs[1] != NULL && same_file(outs[0], outs[1])) {
        fprintf(stderr, "bistro-sim: --gradescope and --prairielearn would both write %s\n",
                outs[0]);
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

static int cmd_grade(int argc, char **argv)
{
    grade_args a;
    int status = parse_grade_args(argc, argv, &a);
    if (status != EXIT_OK)
        return status;
    diag_list *d = diag_new();
    if (d == NULL)
        return EXIT_INTERNAL;
    grade_request req = {.rubric = a.rubric,
                         .answers = a.answers,
                         .scenario = a.scenario,
                         .read = read_whole_file,
                         .read_student = read_student_file};
    grade_result *r = NULL;
    int rc = grade_run(&req, &r, d);
    print_diags(d);
    diag_free(d);
    if (rc == SIM_ENOMEM) {
        fprintf(stderr, "bistro-sim: %s: out of memory\n", a.rubric);
        return EXIT_INTERNAL;
    }
    if (rc < 0)
        return EXIT_BAD_INPUT;
    status = check_grade_outputs(&a, r);
    if (status == EXIT_OK && a.gradescope != NULL)
        status = write_grade_output(a.gradescope, r, grade_write_gradescope);
    if (status == EXIT_OK && a.prairielearn != NULL)
        status = write_grade_output(a.prairielearn, r, grade_write_prairielearn);
    /* A results file on stdout is the data asked for: the report then goes to stderr. */
    bool file_on_stdout = (a.gradescope && strcmp(a.gradescope, "-") == 0) ||
                          (a.prairielearn && strcmp(a.prairielearn, "-") == 0);
    if (status == EXIT_OK)
        status = write_grade_report(r, file_on_stdout);
    if (status == EXIT_OK && !grade_all_passed(r))
        status = EXIT_CHECK_FAILED;
    grade_result_free(r);
    return status;
}

/* ---- rubric ---- */

/* The path of `target` as seen from the folder of `from` (a file to be written):
 * "lesson.json" when both are in one folder, else the target made absolute, so
 * the rubric finds its scenario wherever it is read from; to stdout (from NULL),
 * as given. */
static void relative_to(const char *target, const char *from, char *buf, size_t size)
{
    const char *ts = strrchr(target, '/'), *fs = from ? strrchr(from, '/') : NULL;
    char td[PATH_MAX], fd[PATH_MAX], cwd[PATH_MAX];
    snprintf(td, sizeof td, "%.*s", ts ? (int)(ts - target + 1) : 1, ts ? target : ".");
    snprintf(fd, sizeof fd, "%.*s", fs ? (int)(fs - from + 1) : 1, fs ? from : ".");
    if (from == NULL)
        snprintf(buf, size, "%s", target);
    else if (same_file(td, fd)) /* one folder */
        snprintf(buf, size, "%s", ts ? ts + 1 : target);
    else if (target[0] == '/' || getcwd(cwd, sizeof cwd) == NULL ||
             snprintf(buf, size, "%s/%s", cwd, target) >= (int)size)
        snprintf(buf, size, "%s", target);
}

static int cmd_rubric(int argc, char **argv)
{
    const char *file = NULL, *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s", "-o needs a value");
            if (path != NULL)
                return usage_error("%s", "-o is given twice");
            path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return usage_error("unknown option '%s'", argv[i]);
        } else if (file != NULL) {
            return usage_error("rubric takes one SCENARIO, not '%s' too", argv[i]);
        } else {
            file = argv[i];
        }
    }
    if (file == NULL)
        return usage_error("%s", "rubric needs a SCENARIO with questions");
    if (path != NULL && same_file(file, path))
        return usage_error("-o %s is the scenario itself; the rubric goes in another file", path);
    scn_scenario *scn = NULL;
    int status = load(file, &scn);
    if (status != EXIT_OK)
        return status;
    if (scn->nquestions == 0) {
        fprintf(stderr,
                "bistro-sim: %s has no questions: a rubric is made from a scenario's "
                "\"questions\" (docs/scenario-format.md)\n",
                file);
        scn_free(scn);
        return EXIT_BAD_INPUT;
    }
    char where[PATH_MAX];
    relative_to(file, path, where, sizeof where);
    outfile af;
    int rc;
    if (path == NULL)
        outfile_open_std(&af, stdout);
    else if (outfile_open(&af, path) < 0) {
        scn_free(scn);
        return write_failed(path, SIM_EIO);
    }
    grade_write_rubric(&af.sink, scn, where);
    rc = outfile_finish(&af);
    scn_free(scn);
    return rc < 0 ? write_failed(path ? path : "the rubric", rc) : EXIT_OK;
}

/* ---- puzzle ---- */

static int cmd_puzzle(int argc, char **argv)
{
    const char *flavor_text = NULL, *seed_text = NULL, *path = NULL;
    bool program = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--flavor") == 0 ? &flavor_text
                            : strcmp(arg, "--seed") == 0 ? &seed_text
                            : strcmp(arg, "-o") == 0     ? &path
                                                         : NULL;
        if (slot != NULL) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", arg);
            if (*slot != NULL)
                return usage_error("%s is given twice", arg);
            *slot = argv[++i];
        } else if (strcmp(arg, "--program") == 0) {
            program = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option '%s'", arg);
        } else {
            return usage_error("puzzle takes no FILE ('%s'); write to a file with -o FILE", arg);
        }
    }
    puzzle_flavor flavor;
    uint64_t seed;
    if (flavor_text == NULL)
        return usage_error("%s", "puzzle needs --flavor node or --flavor asyncio");
    if (puzzle_parse_flavor(flavor_text, &flavor) < 0)
        return usage_error("--flavor expects node or asyncio, got '%s'", flavor_text);
    if (seed_text == NULL)
        return usage_error("%s", "puzzle needs --seed N, the student's seed");
    if (parse_seed(seed_text, &seed) < 0)
        return usage_error("--seed expects a whole number from 0 to 2^64-1, got '%s'", seed_text);
    outfile af;
    if (path == NULL)
        outfile_open_std(&af, stdout);
    else if (outfile_open(&af, path) < 0)
        return write_failed(path, SIM_EIO);
    int rc = puzzle_write(&af.sink, flavor, seed, program);
    if (rc < 0 && af.sink.err == 0)
        af.sink.err = rc; /* out of memory: nothing is written */
    rc = outfile_finish(&af);
    return rc < 0 ? write_failed(path ? path : "the puzzle", rc) : EXIT_OK;
}

int main(int argc, char **argv)
{
    /* Ctrl-C or a grader's time-out while a file is written leaves no PATH.tmp-* */
    outfile_cleanup_on_signals();
    if (argc < 2)
        return usage_error("%s", "missing command (validate, run, grade, rubric, list, puzzle)");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("bistro-sim %s\n", BISTRO_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "grade") == 0)
        return cmd_grade(argc - 2, argv + 2);
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 2, argv + 2);
    if (strcmp(cmd, "puzzle") == 0)
        return cmd_puzzle(argc - 2, argv + 2);
    if (strcmp(cmd, "rubric") == 0)
        return cmd_rubric(argc - 2, argv + 2);
    return usage_error(
        "unknown command '%s' (expected validate, run, grade, rubric, list or puzzle)", cmd);
}
