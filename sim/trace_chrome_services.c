/* trace_chrome_services.c - one Chrome trace of a run with services
 * (trace_chrome.h, trace_write_chrome_services).
 *
 * The front's run is written first, then each service's that received a call,
 * each through the same writer as a file of one run (trace_chrome.c), into one
 * array of events. What would collide between runs is moved on by the runs
 * written before: pids by their processes, tids by their workers, the requests'
 * async ids by their requests, the queues' flow owners by their loops or
 * processes. Before any run is written, each service's trace is read once for
 * the time each of its requests ended, which the caller needs to know which
 * reply is which (trace_chrome_calls.c draws the arrows).
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "trace_chrome.h"
#include "trace_chrome_internal.h"

/* What the runs share, read before any is written: each service's requests' end
 * times, and each run's workers (for the thread ids of the runs after it). */
typedef struct {
    chrome__calls calls;
    int32_t *workers; /* [run]: its highest worker index + 1 */
    bool *called;     /* [run]: it received a call (the front: true) */
    char **labels;    /* [run]: its processes' name */
} shared;

static void shared_free(shared *sh, size_t nruns)
{
    for (size_t s = 0; s < sh->calls.nservices; s++) {
        if (sh->calls.done_t != NULL)
            free(sh->calls.done_t[s]);
        if (sh->calls.call_name != NULL)
            free(sh->calls.call_name[s]);
        if (sh->calls.reply_name != NULL)
            free(sh->calls.reply_name[s]);
    }
    for (size_t r = 0; sh->labels != NULL && r < nruns; r++)
        free(sh->labels[r]);
    free(sh->calls.done_t);
    free(sh->calls.nreqs);
    free(sh->calls.call_name);
    free(sh->calls.reply_name);
    free(sh->workers);
    free(sh->called);
    free(sh->labels);
}

/* "prefix" "text" "suffix" in a new string, or NULL. */
static char *joined(const char *prefix, const char *text, const char *suffix)
{
    size_t a = strlen(prefix), b = strlen(text), c = strlen(suffix);
    char *s = malloc(a + b + c + 1);
    if (s != NULL) {
        memcpy(s, prefix, a);
        memcpy(s + a, text, b);
        memcpy(s + a + b, suffix, c + 1);
    }
    return s;
}

/* Reads run r's trace once: its workers, and (a service) its requests' ends. */
static int survey(shared *sh, const chrome_run *runs, size_t r)
{
    const trace *tr = runs[r].tr;
    size_t n = trace_count(tr);
    int64_t reqs = 0;
    int32_t workers = 0;
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->worker >= workers && ev->worker < INT32_MAX)
            workers = ev->worker + 1;
        if (ev->req >= reqs)
            reqs = (int64_t)ev->req + 1;
    }
    sh->workers[r] = workers;
    sh->called[r] = r == 0;
    if (r == 0)
        return 0;
    size_t s = r - 1;
    int64_t *done = malloc((size_t)(reqs ? reqs : 1) * sizeof *done);
    if (done == NULL)
        return SIM_ENOMEM;
    for (int64_t k = 0; k < reqs; k++)
        done[k] = -1;
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->kind == TRACE_DONE && ev->req >= 0)
            done[ev->req] = ev->t;
        if (ev->kind == TRACE_ARRIVE)
            sh->called[r] = true;
    }
    sh->calls.done_t[s] = done;
    sh->calls.nreqs[s] = (size_t)reqs;
    return 0;
}

static int shared_new(shared *sh, const chrome_run *runs, size_t nruns)
{
    size_t ns = nruns - 1;
    sh->calls.nservices = ns;
    sh->calls.latency = runs[0].scn->network_latency;
    sh->calls.done_t = calloc(ns ? ns : 1, sizeof *sh->calls.done_t);
    sh->calls.nreqs = calloc(ns ? ns : 1, sizeof *sh->calls.nreqs);
    sh->calls.call_name = calloc(ns ? ns : 1, sizeof *sh->calls.call_name);
    sh->calls.reply_name = calloc(ns ? ns : 1, sizeof *sh->calls.reply_name);
    sh->workers = calloc(nruns, sizeof *sh->workers);
    sh->called = calloc(nruns, sizeof *sh->called);
    sh->labels = calloc(nruns, sizeof *sh->labels);
    if (sh->calls.done_t == NULL || sh->calls.nreqs == NULL || sh->calls.call_name == NULL ||
        sh->calls.reply_name == NULL || sh->workers == NULL || sh->called == NULL ||
        sh->labels == NULL)
        return SIM_ENOMEM;
    for (size_t r = 0; r < nruns; r++) {
        int rc = survey(sh, runs, r);
        if (rc < 0)
            return rc;
        sh->labels[r] = r == 0 ? joined("front: ", runs[0].name, "")
                               : joined("", runs[r].name, " service");
        if (sh->labels[r] == NULL)
            return SIM_ENOMEM;
        if (r == 0)
            continue;
        sh->calls.call_name[r - 1] = joined("call ", runs[r].name, "");
        sh->calls.reply_name[r - 1] = joined("reply ", runs[r].name, "");
        if (sh->calls.call_name[r - 1] == NULL || sh->calls.reply_name[r - 1] == NULL)
            return SIM_ENOMEM;
    }
    return 0;
}

/* The runs must be the front and one per service of the front's scenario, each
 * with its trace, its scenario (view) and its runtime's name. */
static bool runs_valid(const chrome_run *runs, size_t nruns)
{
    if (runs == NULL || nruns < 1 || runs[0].scn == NULL || runs[0].scn->nservices != nruns - 1)
        return false;
    for (size_t r = 0; r < nruns; r++)
        if (runs[r].tr == NULL || runs[r].scn == NULL || runs[r].name == NULL ||
            scn_find_runtime(runs[r].scn, runs[r].name) < 0)
            return false;
    return true;
}

int trace_write_chrome_services(sim_sink *out, const chrome_run *runs, size_t nruns, uint64_t seed)
{
    if (out == NULL || runs == NULL)
        return SIM_EINVAL;
    if (!runs_valid(runs, nruns))
        return chrome__finish(out, SIM_EINVAL);
    shared sh = {.calls = {0}};
    int err = shared_new(&sh, runs, nruns);
    if (err == 0)
        sink_write(out, chrome__file_head, strlen(chrome__file_head));
    /* each run's ids follow those of the runs before it */
    int32_t pid_base = 0, tid_base = 0, owner_base = 0;
    int64_t req_base = 0;
    bool first = true;
    for (size_t r = 0; r < nruns && err == 0; r++) {
        if (!sh.called[r])
            continue; /* a service no call reached (run in the front's process) */
        chrome__ctx c = {.out = {.l = {.s = out}, .first = first},
                         .scn = runs[r].scn,
                         .runtime_name = runs[r].name,
                         .pid_base = pid_base,
                         .tid_base = tid_base,
                         .owner_base = owner_base,
                         .req_base = req_base,
                         .label = sh.labels[r],
                         .service = (int32_t)r - 1,
                         .calls = &sh.calls,
                         .free_arrow = -1};
        err = chrome__write_run(&c, runs[r].tr);
        first = c.out.first;
        if (c.nproc > SCN_MAX_PROCESSES || sh.workers[r] > INT32_MAX / 2 - tid_base)
            err = err != 0 ? err : SIM_EOVERFLOW;
        pid_base += (int32_t)c.nproc;
        tid_base += sh.workers[r];
        owner_base += (int32_t)(c.nproc > (int64_t)c.nloops ? (size_t)c.nproc : c.nloops);
        req_base += (int64_t)c.nreqs;
        chrome__free(&c);
    }
    if (err == 0)
        chrome__write_footer(out, runs[0].scn, runs[0].name, seed, runs, sh.called, nruns);
    shared_free(&sh, nruns);
    return chrome__finish(out, err);
}
