/* main.c - bistro-sim, the headless command line.
 *
 *   bistro-sim validate FILE...      check scenarios; exit 2 if any is invalid
 *   bistro-sim run FILE [options]    simulate; print a table or the summary JSON
 *   bistro-sim list [DIR]            the scenarios in DIR (default: the bundled ones)
 *
 * Exit status: 0 success, 1 a grading check failed, 2 bad input, 3 internal error.
 * Messages go to stderr; stdout carries only the data asked for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "diag.h"
#include "engine.h"
#include "error.h"
#include "report.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "trace_jsonl.h"

enum { EXIT_OK = 0, EXIT_CHECK_FAILED = 1, EXIT_BAD_INPUT = 2, EXIT_INTERNAL = 3 };

#define MAX_SELECTED SCN_MAX_RUNTIMES

static const char usage_text[] =
    "usage: bistro-sim validate FILE...\n"
    "       bistro-sim run FILE [--runtime NAME]... [--seed N] [--json] [--trace PATH]\n"
    "       bistro-sim list [DIR]\n"
    "       bistro-sim --help | --version\n"
    "\n"
    "  validate   check scenario files and print every problem found\n"
    "  run        simulate each runtime of a scenario on the same requests and print\n"
    "             a comparison table (or the summary JSON with --json)\n"
    "     --runtime NAME  only this runtime (repeatable)\n"
    "     --seed N        override the scenario's seed\n"
    "     --json          print the summary JSON (schema bistro-summary/1)\n"
    "     --trace PATH    write the JSON Lines trace; with several runtimes PATH must\n"
    "                     contain {runtime}; \"-\" is standard output\n"
    "  list       list the scenarios in DIR (default: the bundled library)\n"
    "\n"
    "Exit status: 0 success, 2 bad input, 3 internal error.\n";

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
    bool json;
    const char *trace_path;
} run_args;

static int parse_seed(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
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
        } else if (strcmp(arg, "--runtime") == 0 || strcmp(arg, "--seed") == 0 ||
                   strcmp(arg, "--trace") == 0) {
            if (!has_value)
                return usage_error("%s needs a value", arg);
            const char *v = argv[++i];
            if (strcmp(arg, "--runtime") == 0) {
                if (a->nnames == MAX_SELECTED)
                    return usage_error("too many --runtime options (at most %s)", "16");
                a->names[a->nnames++] = v;
            } else if (strcmp(arg, "--seed") == 0) {
                if (parse_seed(v, &a->seed) < 0)
                    return usage_error("--seed expects a whole number from 0 to 2^64-1, got '%s'", v);
                a->have_seed = true;
            } else {
                a->trace_path = v;
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
            fprintf(stderr, "bistro-sim: %s has no runtime named '%s'; it has:", a->file, a->names[k]);
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
 * words ("Python, one thread" -> "python-one-thread"). */
static void slug(const char *name, char *out, size_t cap)
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
}

/* PATH with {runtime} replaced by the runtime's slug; caller frees. */
static char *expand_path(const char *path, const char *runtime)
{
    char s[256];
    slug(runtime, s, sizeof s);
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
    fprintf(stderr, "\r%s: %3d%% (%lld of %lld requests)", p->runtime, percent,
            (long long)done, (long long)total);
}

static int write_trace(const run_args *a, const scn_scenario *scn, const scn_runtime *rt,
                       const trace *tr, uint64_t seed)
{
    char *path = expand_path(a->trace_path, rt->name);
    if (path == NULL)
        return EXIT_INTERNAL;
    atomic_file af;
    int rc = atomic_open(&af, path);
    if (rc == 0) {
        trace_write_jsonl(&af.sink, tr, scn, rt->name, seed);
        rc = af.sink.err;
        if (rc == 0) {
            rc = atomic_commit(&af);
        } else {
            atomic_abort(&af);
            fprintf(stderr, "bistro-sim: cannot write the trace %s: %s\n", path, sim_strerror(rc));
            free(path);
            return EXIT_INTERNAL;
        }
    }
    if (rc < 0)
        fprintf(stderr, "bistro-sim: cannot write %s: %s\n", path, strerror(errno));
    free(path);
    return rc < 0 ? EXIT_BAD_INPUT : EXIT_OK;
}

static int simulate(const run_args *a, const scn_scenario *scn, size_t rt, uint64_t seed,
                    sim_run **out)
{
    progress_state ps = {.runtime = scn->runtimes[rt].name, .last_percent = -1};
    sim_options opt = {.keep_trace = a->trace_path != NULL, .seed = seed};
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
    fprintf(stderr, "bistro-sim: %s: runtime '%s': %s\n", a->file, scn->runtimes[rt].name,
            sim_strerror(rc));
    return rc == SIM_EUNSUPPORTED || rc == SIM_EOVERFLOW || rc == SIM_ELIMIT ? EXIT_BAD_INPUT
                                                                             : EXIT_INTERNAL;
}

static int print_results(const run_args *a, const scn_scenario *scn, uint64_t seed,
                         const size_t *sel, const sim_metrics *const *ms, size_t n)
{
    /* A trace on stdout is the data asked for: the table then goes to stderr. */
    bool trace_on_stdout = a->trace_path != NULL && strcmp(a->trace_path, "-") == 0;
    atomic_file af;
    if (atomic_open(&af, "-") < 0)
        return EXIT_INTERNAL;
    if (trace_on_stdout)
        af.sink.ctx = stderr;
    if (a->json)
        report_summary_json(&af.sink, scn, seed, sel, ms, n);
    else
        report_table(&af.sink, scn, seed, sel, ms, n);
    int rc = af.sink.err;
    fflush(stderr);
    atomic_commit(&af);
    if (rc < 0) {
        fprintf(stderr, "bistro-sim: cannot write the results: %s\n", sim_strerror(rc));
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
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
    if (status == EXIT_OK && a.trace_path && n > 1 && !strstr(a.trace_path, "{runtime}")) {
        fprintf(stderr, "bistro-sim: --trace %s: with %zu runtimes the path needs {runtime} "
                        "(e.g. trace-{runtime}.jsonl), or choose one with --runtime\n",
                a.trace_path, n);
        status = EXIT_BAD_INPUT;
    }
    uint64_t seed = status == EXIT_OK && a.have_seed ? a.seed : (scn ? scn->seed : 0);
    sim_run *runs[MAX_SELECTED] = {0};
    const sim_metrics *ms[MAX_SELECTED];
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        status = simulate(&a, scn, sel[i], seed, &runs[i]);
        if (status == EXIT_OK) {
            ms[i] = sim_run_metrics(runs[i]);
            if (ms[i]->completed < ms[i]->requests)
                fprintf(stderr, "bistro-sim: %s: runtime '%s' finished %lld of %lld requests; "
                                "the others wait for something that never happens\n",
                        a.file, scn->runtimes[sel[i]].name, (long long)ms[i]->completed,
                        (long long)ms[i]->requests);
            if (a.trace_path)
                status = write_trace(&a, scn, &scn->runtimes[sel[i]], sim_run_trace(runs[i]), seed);
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
    int status = EXIT_OK;
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
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

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command (validate, run, list)");
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
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 2, argv + 2);
    return usage_error("unknown command '%s' (expected validate, run or list)", cmd);
}
