/* scenario_runtimes.c - reading "runtimes": the servers a scenario compares.
 *
 * The keys a runtime may have depend on its "model" (and, for an event loop, on
 * its "flavor"), so the model is read first and the other keys are then checked
 * against that model's list. Defaults are facts about the real runtimes; the
 * sources are in docs/model.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"

#define SCN__DEFAULT_SWITCH_INTERVAL 5000000LL /* CPython sys.getswitchinterval() = 5 ms */
#define SCN__DEFAULT_THREADPOOL 4              /* libuv UV_THREADPOOL_SIZE */

static const char *const models[] = {"threads", "event_loop", "processes"};

/* Each list ends with "in_process", "narration" and "code", which only a runtime
 * of the list may have (not the `each` of processes, not a service's runtime):
 * SCN__OWN_KEYS less for those. */
static const char *const keys_threads[] = {"name",       "model",           "threads",
                                           "gil",        "switch_interval", "start_threads",
                                           "in_process", "narration",       "code"};
static const char *const keys_loop[] = {
    "name",           "model",      "flavor",          "threadpool",
    "workers",        "gil",        "switch_interval", "log_cost",
    "first_log_cost", "loop_start", "worker_start",    "in_process",
    "narration",      "code"};
static const char *const keys_processes[] = {"name",     "model",      "processes", "each",
                                             "dispatch", "in_process", "narration", "code"};
/* Every key of every model: checked when the model itself is wrong, so that only
 * keys that fit no model are called unknown. */
static const char *const keys_any[] = {
    "name",          "model",      "threads",        "gil",        "switch_interval",
    "flavor",        "threadpool", "workers",        "processes",  "each",
    "dispatch",      "log_cost",   "first_log_cost", "loop_start", "worker_start",
    "start_threads", "in_process", "narration",      "code"};
#define SCN__MAX_RUNTIME_KEYS 19
#define SCN__OWN_KEYS 3

static const cJSON *get(const cJSON *const *f, const char *const *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return f[i];
    return NULL;
}

static void runtime(scn__ctx *c, const cJSON *v, scn_runtime *r, const char *parent);

static void thread_count(scn__ctx *c, const cJSON *m, scn_runtime *r)
{
    if (cJSON_IsNumber(m)) {
        jw_int(&c->jw, m, 1, SCN_MAX_THREADS, &r->threads);
    } else if (cJSON_IsString(m) && strcmp(m->valuestring, "per_request") == 0) {
        r->threads = 0;
    } else {
        char got[64];
        size_t mark = jw_enter(&c->jw, m);
        jw_fail(&c->jw, m, "expected a whole number from 1 to %d or \"per_request\", got %s",
                SCN_MAX_THREADS, jw_describe(&c->jw, m, got, sizeof got));
        jw_pop(&c->jw, mark);
    }
}

/* "start_threads": a pool's threads all start with the server ("at_start", the
 * default: waitress's threads=N, a fixed pool) or one at a time when a request
 * finds none idle, up to the pool's size ("when_needed": CPython's
 * ThreadPoolExecutor). */
static void start_threads(scn__ctx *c, const cJSON *m, scn_runtime *r)
{
    static const char *const when[] = {"at_start", "when_needed"};
    int w;
    if (!jw_enum(&c->jw, m, when, 2, &w))
        return;
    r->threads_when_needed = w == 1;
    if (r->threads == 0) {
        size_t mark = jw_enter(&c->jw, m);
        jw_fail(&c->jw, m,
                "goes with a pool (\"threads\": N); a \"per_request\" thread starts with "
                "its request");
        jw_pop(&c->jw, mark);
    }
}

static void gil_keys(scn__ctx *c, const cJSON *gil, const cJSON *sw, scn_runtime *r)
{
    if (gil != NULL)
        jw_bool(&c->jw, gil, &r->gil);
    if (sw != NULL)
        scn__duration(c, sw, 1, &r->switch_interval);
}

/* Reports a key that this flavor of event loop does not have. */
static void not_for_flavor(scn__ctx *c, const cJSON *m, const char *flavor, const char *why)
{
    if (m != NULL)
        jw_fail_key(&c->jw, m, "\"%s\" is only for flavor \"%s\"%s", m->string, flavor, why);
}

/* A default cost: a lognormal distribution of that mean and sd, in ns. */
#define SCN__COST(mean, sd) ((scn_dist){.kind = SCN_DIST_LOGNORMAL, .a = (mean), .b = (sd)})

/* The costs of an event loop (docs/model.md, "Costs": measured with node v20.20.2
 * and CPython 3.11.7 on a 2-core Linux machine at load average 2 or less, stdout a
 * pipe, 40 to 60 runs each; the means and standard deviations of those runs).
 * Node: the first console.log sets stdout up (about 7 ms), later ones about 30
 * us; from the end of the main script to the first iteration about 0.27 ms; a
 * worker's code begins about 48 ms after new Worker. CPython: the first print
 * about 0.09 ms, later ones (buffered) about 9 us; asyncio has no workers and no
 * separate start of the loop. */
static void loop_costs(scn__ctx *c, const cJSON *const *f, scn_runtime *r, int fl)
{
    const size_t n = sizeof keys_loop / sizeof keys_loop[0];
    const cJSON *log = get(f, keys_loop, n, "log_cost");
    const cJSON *first = get(f, keys_loop, n, "first_log_cost");
    const cJSON *start = get(f, keys_loop, n, "loop_start");
    const cJSON *worker = get(f, keys_loop, n, "worker_start");
    bool asyncio = fl == SCN_FLAVOR_ASYNCIO;
    r->first_log_cost = asyncio ? SCN__COST(90000, 40000) : SCN__COST(7000000, 600000);
    r->log_cost = asyncio ? SCN__COST(9000, 5000) : SCN__COST(30000, 15000);
    if (log != NULL)
        scn__dist(c, log, &r->log_cost);
    if (first != NULL)
        scn__dist(c, first, &r->first_log_cost);
    if (asyncio) {
        not_for_flavor(c, start, "node", " (asyncio.run starts the loop at once)");
        not_for_flavor(c, worker, "node", " (worker_threads)");
    } else {
        r->loop_start = SCN__COST(270000, 90000);
        r->worker_start = SCN__COST(48000000, 2500000);
        if (start != NULL)
            scn__dist(c, start, &r->loop_start);
        if (worker != NULL)
            scn__dist(c, worker, &r->worker_start);
    }
}

static void event_loop(scn__ctx *c, const cJSON *v, const cJSON *const *f, scn_runtime *r)
{
    static const char *const flavors[] = {"node", "asyncio"};
    const size_t n = sizeof keys_loop / sizeof keys_loop[0];
    const cJSON *flavor = get(f, keys_loop, n, "flavor"),
                *pool = get(f, keys_loop, n, "threadpool");
    const cJSON *workers = get(f, keys_loop, n, "workers"), *gil = get(f, keys_loop, n, "gil");
    const cJSON *sw = get(f, keys_loop, n, "switch_interval");
    int fl = -1;
    if (jw_require(&c->jw, v, flavor, "flavor") && jw_enum(&c->jw, flavor, flavors, 2, &fl))
        r->flavor = (scn_flavor)fl;
    /* asyncio's default executor: min(32, os.cpu_count() + 4) threads (Python 3.8+). */
    int64_t cores = c->scn->machine.cores;
    r->threadpool = fl == SCN_FLAVOR_ASYNCIO ? (cores + 4 < 32 ? cores + 4 : 32)
                                             : SCN__DEFAULT_THREADPOOL;
    if (pool != NULL)
        jw_int(&c->jw, pool, 1, SCN_MAX_THREADPOOL, &r->threadpool);
    if (fl == SCN_FLAVOR_ASYNCIO)
        not_for_flavor(c, workers, "node", " (worker_threads)");
    else if (workers != NULL)
        jw_int(&c->jw, workers, 0, SCN_MAX_THREADS, &r->workers);
    r->gil = fl == SCN_FLAVOR_ASYNCIO;
    loop_costs(c, f, r, fl);
    if (fl == SCN_FLAVOR_NODE) {
        not_for_flavor(c, gil, "asyncio", " (Node.js has no GIL)");
        not_for_flavor(c, sw, "asyncio", " (Node.js has no GIL)");
    } else {
        gil_keys(c, gil, sw, r);
    }
}

static void processes(scn__ctx *c, const cJSON *v, const cJSON *const *f, scn_runtime *r)
{
    static const char *const dispatch[] = {"round_robin", "shared_queue"};
    const size_t n = sizeof keys_processes / sizeof keys_processes[0];
    const cJSON *procs = get(f, keys_processes, n, "processes");
    const cJSON *each = get(f, keys_processes, n, "each");
    const cJSON *disp = get(f, keys_processes, n, "dispatch");
    int d;
    if (jw_require(&c->jw, v, procs, "processes"))
        jw_int(&c->jw, procs, 1, SCN_MAX_PROCESSES, &r->processes);
    if (jw_require(&c->jw, v, each, "each") &&
        (r->each = jw_calloc(&c->jw, 1, sizeof *r->each)) != NULL) {
        size_t mark = jw_enter(&c->jw, each);
        runtime(c, each, r->each, r->name != NULL ? r->name : "");
        jw_pop(&c->jw, mark);
    }
    if (disp != NULL && jw_enum(&c->jw, disp, dispatch, 2, &d))
        r->dispatch = (scn_dispatch)d;
}

/* The model of runtime v (its first "model" member, in *m), or -1 when it is
 * missing or wrong; a wrong one is reported here. */
static int runtime_model(scn__ctx *c, const cJSON *v, bool nested, const cJSON **m)
{
    *m = NULL;
    for (const cJSON *i = v->child; i != NULL && *m == NULL; i = i->next)
        if (strcmp(i->string, "model") == 0)
            *m = i;
    int model = -1;
    if (*m == NULL || !jw_enum(&c->jw, *m, models, 3, &model))
        return -1;
    if (nested && model == SCN_MODEL_PROCESSES) {
        size_t mark = jw_enter(&c->jw, *m);
        jw_fail(&c->jw, *m,
                "each process runs a \"threads\" or \"event_loop\" runtime, not "
                "\"processes\"");
        jw_pop(&c->jw, mark);
        return -1;
    }
    return model;
}

/* "in_process": the services whose calls this runtime makes as function calls in
 * its own process (scenario-format.md, "`services` and `network`"). */
static void in_process(scn__ctx *c, const cJSON *v, scn_runtime *r)
{
    const scn_scenario *scn = c->scn;
    size_t mark = jw_enter(&c->jw, v), i = 0;
    if (jw_want_array(&c->jw, v, "a list of service names like [\"ml\"]")) {
        for (const cJSON *e = v->child; e != NULL; e = e->next, i++) {
            size_t em = jw_push_index(&c->jw, i);
            const char *name;
            if (jw_string(&c->jw, e, true, &name)) {
                size_t k = 0;
                while (k < scn->nservices && strcmp(scn->services[k].name, name) != 0)
                    k++;
                char q[JW_KEY_SHOWN + 16];
                if (k < scn->nservices)
                    r->in_process |= UINT32_C(1) << k;
                else
                    jw_fail(&c->jw, e, "unknown service %s%s", jw_quote(name, q, sizeof q),
                            scn->nservices == 0 ? " (this scenario has no \"services\")" : "");
            }
            jw_pop(&c->jw, em);
        }
    }
    jw_pop(&c->jw, mark);
}

/* A runtime's own "narration" and "code" (either may be NULL): the same as the
 * scenario's, and replacing them for this runtime. */
static void own_captions(scn__ctx *c, const cJSON *narration, const cJSON *code, scn_runtime *r)
{
    if (narration != NULL) {
        r->has_narration = true;
        scn__narration(c, narration, &r->narration, &r->nnarration);
    }
    if (code != NULL)
        scn__code(c, code, &r->code);
}

/* v is a runtime; `parent` is the name of the processes runtime that v is the
 * `each` of, or NULL for a runtime of the list. The path names v. */
static void runtime(scn__ctx *c, const cJSON *v, scn_runtime *r, const char *parent)
{
    static const struct {
        const char *const *keys;
        size_t n;
    } key_lists[] = {{keys_threads, 9}, {keys_loop, 14}, {keys_processes, 8}, {keys_any, 19}};
    const char *name;
    const cJSON *f[SCN__MAX_RUNTIME_KEYS] = {0}, *mm;
    r->threads = 1;
    r->switch_interval = SCN__DEFAULT_SWITCH_INTERVAL;
    r->processes = 1;
    if (!jw_want_object(&c->jw, v,
                        "a runtime like {\"name\": \"Node.js\", \"model\": "
                        "\"event_loop\", \"flavor\": \"node\"}"))
        return;
    /* a service's runtime has the name of its service, like an `each`, but may
     * itself be a "processes" runtime */
    bool service = c->service_runtime;
    c->service_runtime = false;
    int model = runtime_model(c, v, parent != NULL && !service, &mm);
    int list = model >= 0 ? model : 3;
    size_t nkeys = key_lists[list].n - (parent != NULL ? SCN__OWN_KEYS : 0);
    jw_members(&c->jw, v, key_lists[list].keys, nkeys, f, NULL, 0);
    const cJSON *nm = f[0]; /* every list starts with name, model */
    if ((parent != NULL || jw_require(&c->jw, v, nm, "name")) && nm != NULL) {
        if (jw_string(&c->jw, nm, true, &name))
            r->name = jw_strdup(&c->jw, name);
    } else if (parent != NULL) {
        r->name = jw_strdup(&c->jw, parent);
    }
    jw_require(&c->jw, v, mm, "model");
    if (model < 0)
        return;
    r->model = (scn_model)model;
    if (model == SCN_MODEL_THREADS) {
        if (f[2] != NULL)
            thread_count(c, f[2], r);
        gil_keys(c, f[3], f[4], r);
        if (f[5] != NULL)
            start_threads(c, f[5], r);
    } else if (model == SCN_MODEL_EVENT_LOOP) {
        event_loop(c, v, f, r);
    } else {
        processes(c, v, f, r);
    }
    if (parent == NULL) {
        if (f[nkeys - 3] != NULL)
            in_process(c, f[nkeys - 3], r);
        own_captions(c, f[nkeys - 2], f[nkeys - 1], r);
    }
}

void scn__runtimes(scn__ctx *c, const cJSON *v)
{
    scn_scenario *scn = c->scn;
    size_t mark = jw_enter(&c->jw, v), n = 0;
    if (!jw_want_array(&c->jw, v,
                       "a list of runtimes like [{\"name\": \"Node.js\", \"model\": "
                       "\"event_loop\", \"flavor\": \"node\"}]")) {
        jw_pop(&c->jw, mark);
        return;
    }
    n = jw_count_capped(&c->jw, v, SCN_MAX_RUNTIMES, "runtimes");
    if (n == 0)
        jw_fail(&c->jw, v, "expected at least one runtime");
    scn->runtimes = n ? jw_calloc(&c->jw, n, sizeof *scn->runtimes) : NULL;
    scn->nruntimes = scn->runtimes != NULL ? n : 0;
    size_t i = 0;
    for (const cJSON *e = v->child; i < scn->nruntimes; e = e->next, i++) {
        size_t im = jw_push_index(&c->jw, i);
        runtime(c, e, &scn->runtimes[i], NULL);
        for (size_t j = 0; j < i && scn->runtimes[i].name != NULL; j++) {
            if (scn->runtimes[j].name == NULL ||
                strcmp(scn->runtimes[j].name, scn->runtimes[i].name) != 0)
                continue;
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");
            size_t nmark = jw_enter(&c->jw, nm);
            char q[JW_KEY_SHOWN + 16];
            jw_fail(&c->jw, nm, "the name %s is already used by $.runtimes[%zu]",
                    jw_quote(scn->runtimes[i].name, q, sizeof q), j);
            jw_pop(&c->jw, nmark);
            break;
        }
        jw_pop(&c->jw, im);
    }
    jw_pop(&c->jw, mark);
}

void scn__service_runtime(scn__ctx *c, const cJSON *v, scn_runtime *r, const char *name)
{
    c->service_runtime = true;
    runtime(c, v, r, name);
    c->service_runtime = false;
}

void scn__free_runtime(scn_runtime *r)
{
    free(r->name);
    scn__free_narration(r->narration, r->nnarration);
    scn__free_code(&r->code);
    if (r->each != NULL) {
        scn__free_runtime(r->each);
        free(r->each);
    }
    memset(r, 0, sizeof *r);
}
