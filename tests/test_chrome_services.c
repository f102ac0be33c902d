/* test_chrome_services.c - the Chrome / Perfetto export of a run with services:
 * one file with the front's processes and each service's, and the arrows of the
 * calls (trace_chrome.h, trace_write_chrome_services).
 *
 * The file is parsed back and read as a viewer would: the processes by their
 * names and sort indexes, each flow ("s" / "f" of one name and id) as one arrow.
 * Every call must have its "call NAME" arrow from the caller's process into the
 * service's and its "reply NAME" arrow back, as many as the service's requests;
 * the ends must come no sooner than the network's latency after their starts;
 * and where the service's request runs, the call's arrow must land on that run.
 */
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

#include "test_support.h"

#include "engine.h"
#include "error.h"
#include "scenario.h"
#include "services.h"
#include "sink.h"
#include "trace_chrome.h"

/* ---- the export -------------------------------------------------------------------- */

static scn_scenario *load_lesson(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.json", BISTRO_SOURCE_DIR, name);
    return load_path(path);
}

/* The runs of `run` as the writer takes them: the front, then each service. */
static chrome_run *runs_of(const scn_scenario *scn, const char *runtime, const sim_run *run,
                           size_t *n)
{
    *n = 1 + sim_run_service_count(run);
    chrome_run *runs = calloc(*n, sizeof *runs);
    assert_non_null(runs);
    runs[0] = (chrome_run){.tr = sim_run_trace(run), .scn = scn, .name = runtime};
    for (size_t i = 1; i < *n; i++)
        runs[i] = (chrome_run){.tr = sim_run_service_trace(run, i - 1),
                               .scn = sim_run_service_view(run, i - 1),
                               .name = sim_run_service_name(run, i - 1)};
    return runs;
}

/* Runs `runtime` with its services and returns the one-file export, parsed. */
static cJSON *export_services(const scn_scenario *scn, const char *runtime, sim_run **run_out)
{
    sim_run *run = run_traced_to_end(scn, runtime, scn->seed);
    size_t n;
    chrome_run *runs = runs_of(scn, runtime, run, &n);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_chrome_services(&s, runs, n, scn->seed), 0);
    free(runs);
    cJSON *root = cJSON_ParseWithLength(b.data, b.len);
    assert_non_null(root);
    sink_buffer_release(&b);
    *run_out = run;
    return root;
}

static const char *str(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(e, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(e, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

/* ---- processes ----------------------------------------------------------------------- */

enum { MAX_PIDS = 64 };

/* What the metadata says of each process: its name and sort index. */
typedef struct {
    int pid[MAX_PIDS];
    char name[MAX_PIDS][96];
    double sort[MAX_PIDS];
    size_t n;
} procs;

static procs procs_of(const cJSON *events)
{
    procs p = {.n = 0};
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "ph"), "M") != 0 || strcmp(str(e, "name"), "process_name") != 0)
            continue;
        int pid = (int)num(e, "pid");
        for (size_t i = 0; i < p.n; i++)
            if (p.pid[i] == pid)
                fail_msg("pid %d is named twice", pid);
        assert_true(p.n < MAX_PIDS);
        p.pid[p.n] = pid;
        snprintf(p.name[p.n], sizeof p.name[p.n], "%s",
                 str(cJSON_GetObjectItem(e, "args"), "name"));
        p.sort[p.n] = -1;
        p.n++;
    }
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "ph"), "M") != 0 || strcmp(str(e, "name"), "process_sort_index") != 0)
            continue;
        for (size_t i = 0; i < p.n; i++)
            if (p.pid[i] == (int)num(e, "pid"))
                p.sort[i] = num(cJSON_GetObjectItem(e, "args"), "sort_index");
    }
    return p;
}

/* The name of process `pid` ("" when it has none). */
static const char *proc_name(const procs *p, int pid)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->pid[i] == pid)
            return p->name[i];
    return "";
}

/* Whether process `pid` is one of service `svc`'s: "svc service" or "svc service,
 * process N". */
static bool of_service(const procs *p, int pid, const char *svc)
{
    char want[96];
    snprintf(want, sizeof want, "%s service", svc);
    const char *name = proc_name(p, pid);
    size_t n = strlen(want);
    return strncmp(name, want, n) == 0 &&
           (name[n] == '\0' || strncmp(name + n, ", process ", 10) == 0);
}

/* The processes: the front's first ("front: RUNTIME"), then the services' that
 * `expect` names, in that order by their sort index; every thread in one process. */
static void check_processes(const cJSON *events, const procs *p, const char *runtime,
                            const char *const *expect, size_t nexpect)
{
    char front[96];
    snprintf(front, sizeof front, "front: %s", runtime);
    double last = -1;
    size_t group = 0; /* 0: the front, 1 + i: expect[i] */
    for (size_t k = 0; k < p->n; k++) {
        /* walk the processes in their sort order */
        size_t best = p->n;
        for (size_t i = 0; i < p->n; i++)
            if (p->sort[i] > last && (best == p->n || p->sort[i] < p->sort[best]))
                best = i;
        assert_true(best < p->n);
        last = p->sort[best];
        const char *name = p->name[best];
        while (group == 0 ? strncmp(name, front, strlen(front)) != 0
                          : !of_service(p, p->pid[best], expect[group - 1])) {
            group++;
            if (group > nexpect)
                fail_msg("process '%s' is not in its place (front, then the services in "
                         "file order)",
                         name);
        }
    }
    /* every service expected is there */
    for (size_t s = 0; s < nexpect; s++) {
        bool found = false;
        for (size_t i = 0; i < p->n; i++)
            found = found || of_service(p, p->pid[i], expect[s]);
        if (!found)
            fail_msg("no process of service '%s'", expect[s]);
    }
    /* a tid is one thread: in one process only */
    const cJSON *e, *f;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "name"), "thread_name") != 0)
            continue;
        cJSON_ArrayForEach(f, events)
        {
            if (strcmp(str(f, "name"), "thread_name") == 0 && f != e &&
                num(f, "tid") == num(e, "tid"))
                fail_msg("tid %g is named in two processes", num(e, "tid"));
        }
    }
}

/* ---- arrows ------------------------------------------------------------------------------ */

/* One arrow: its start, its end, and the instant its start binds to. */
typedef struct {
    const cJSON *s, *f, *mark;
} arrow;

typedef struct {
    arrow *v;
    size_t n;
} arrows;

/* Every flow of category "call", paired by name and id; each "s" follows its
 * instant (same name, time and track). */
static arrows arrows_of(const cJSON *events)
{
    size_t cap = (size_t)cJSON_GetArraySize(events);
    arrows a = {.v = calloc(cap + 1, sizeof *a.v)};
    assert_non_null(a.v);
    const cJSON *e, *prev = NULL;
    cJSON_ArrayForEach(e, events)
    {
        bool call = strcmp(str(e, "cat"), "call") == 0;
        const char *ph = str(e, "ph");
        if (call && strcmp(ph, "s") == 0) {
            assert_true(prev != NULL && strcmp(str(prev, "ph"), "i") == 0 &&
                        strcmp(str(prev, "name"), str(e, "name")) == 0 &&
                        num(prev, "ts") == num(e, "ts") && num(prev, "pid") == num(e, "pid") &&
                        num(prev, "tid") == num(e, "tid"));
            a.v[a.n++] = (arrow){.s = e, .mark = prev};
        }
        prev = e;
    }
    /* each start has exactly one end of its name and id, and no end is left over */
    size_t ends = 0;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "cat"), "call") != 0 || strcmp(str(e, "ph"), "f") != 0)
            continue;
        ends++;
        assert_string_equal(str(e, "bp"), "e");
        bool found = false;
        for (size_t i = 0; i < a.n; i++) {
            if (num(a.v[i].s, "id") != num(e, "id") ||
                strcmp(str(a.v[i].s, "name"), str(e, "name")) != 0)
                continue;
            if (a.v[i].f != NULL)
                fail_msg("arrow %s %g ends twice", str(e, "name"), num(e, "id"));
            a.v[i].f = e;
            found = true;
        }
        if (!found)
            fail_msg("an end of %s %g has no start", str(e, "name"), num(e, "id"));
    }
    assert_int_equal(ends, a.n);
    for (size_t i = 0; i < a.n; i++)
        if (a.v[i].f == NULL)
            fail_msg("arrow %s %g never ends", str(a.v[i].s, "name"), num(a.v[i].s, "id"));
    return a;
}

/* The arrow of `name` ("call ml") with id `id`, or NULL. */
static const arrow *find(const arrows *a, const char *name, double id)
{
    for (size_t i = 0; i < a->n; i++)
        if (num(a->v[i].s, "id") == id && strcmp(str(a->v[i].s, "name"), name) == 0)
            return &a->v[i];
    return NULL;
}

/* Every flow id of the file (the queues' arrows too) starts once. */
static void check_ids_unique(const cJSON *events)
{
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(events);
    double *ids = malloc((cap + 1) * sizeof *ids);
    assert_non_null(ids);
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "ph"), "s") != 0)
            continue;
        for (size_t i = 0; i < n; i++)
            if (ids[i] == num(e, "id"))
                fail_msg("flow id %g starts twice", ids[i]);
        ids[n++] = num(e, "id");
    }
    free(ids);
}

/* The spans ("X") of a file, sorted by track and start, to find one quickly. */
typedef struct {
    double pid, tid, ts;
    const cJSON *e;
} span_key;

typedef struct {
    span_key *v;
    size_t n;
} spans;

static int cmp_span(const void *a, const void *b)
{
    const span_key *x = a, *y = b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    if (x->tid != y->tid)
        return x->tid < y->tid ? -1 : 1;
    return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static spans spans_of(const cJSON *events)
{
    spans sp = {.v = calloc((size_t)cJSON_GetArraySize(events) + 1, sizeof *sp.v)};
    assert_non_null(sp.v);
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "ph"), "X") == 0)
            sp.v[sp.n++] = (span_key){num(e, "pid"), num(e, "tid"), num(e, "ts"), e};
    }
    qsort(sp.v, sp.n, sizeof *sp.v, cmp_span);
    return sp;
}

/* The span that begins at `ts` on track (pid, tid), or NULL. */
static const cJSON *span_at(const spans *sp, double pid, double tid, double ts)
{
    span_key k = {pid, tid, ts, NULL};
    const span_key *found = bsearch(&k, sp->v, sp->n, sizeof *sp->v, cmp_span);
    return found != NULL ? found->e : NULL;
}

/* What a file with services must show of every call: for each service that
 * received calls, as many "call" and "reply" arrows as it served requests; a
 * call's arrow from outside the service into it, its reply's from the process
 * that served it back to the one that called, each end at least the network's
 * latency after its start. Returns the arrows. */
static arrows check_arrows(const cJSON *root, const scn_scenario *scn, const sim_run *run)
{
    const cJSON *events = cJSON_GetObjectItem(root, "traceEvents");
    procs p = procs_of(events);
    arrows a = arrows_of(events);
    check_ids_unique(events);
    double latency_us = (double)scn->network_latency / 1000.0;
    size_t counted = 0;
    for (size_t s = 0; s < sim_run_service_count(run); s++) {
        const char *svc = sim_run_service_name(run, s);
        char call[96], reply[96];
        snprintf(call, sizeof call, "call %s", svc);
        snprintf(reply, sizeof reply, "reply %s", svc);
        int64_t calls = 0;
        for (size_t i = 0; i < a.n; i++) {
            const arrow *c = &a.v[i];
            if (strcmp(str(c->s, "name"), call) != 0)
                continue;
            calls++;
            int from = (int)num(c->s, "pid"), to = (int)num(c->f, "pid");
            assert_false(of_service(&p, from, svc));
            assert_true(of_service(&p, to, svc));
            assert_true(num(c->f, "ts") >= num(c->s, "ts") + latency_us);
            /* its reply: the same call's arrow back (documented id: bit 4 set) */
            const arrow *r = find(&a, reply, num(c->s, "id") + 16);
            assert_non_null(r);
            assert_int_equal((int)num(r->s, "pid"), to);
            assert_int_equal((int)num(r->f, "pid"), from);
            assert_true(num(r->s, "ts") >= num(c->f, "ts"));
            assert_true(num(r->f, "ts") >= num(r->s, "ts") + latency_us);
        }
        int64_t replies = 0;
        for (size_t i = 0; i < a.n; i++)
            replies += strcmp(str(a.v[i].s, "name"), reply) == 0;
        const sim_metrics *m = sim_run_service_metrics(run, s);
        assert_int_equal(calls, m->completed);
        assert_int_equal(replies, m->completed);
        counted += (size_t)(calls + replies);
    }
    assert_int_equal(counted, a.n); /* no arrow of an unknown service */
    return a;
}

static void check_services_listed(const cJSON *root, const char *const *names, size_t n)
{
    const cJSON *list = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "otherData"), "services");
    assert_true(cJSON_IsArray(list));
    assert_int_equal(cJSON_GetArraySize(list), (int)n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(cJSON_GetArrayItem(list, (int)i)->valuestring, names[i]);
}

/* ---- the lessons ------------------------------------------------------------------------ */

/* The hybrid gateway: 461 predictions go to the model service (4 processes). Each
 * call's arrow lands on the 40 ms run of its request in the service, and each
 * reply's on the gateway's run of the same request that called. */
static void test_hybrid_gateway(void **state)
{
    (void)state;
    scn_scenario *scn = load_lesson("hybrid-gateway");
    sim_run *run = NULL;
    cJSON *root = export_services(scn, "Node.js gateway", &run);
    const cJSON *events = cJSON_GetObjectItem(root, "traceEvents");
    procs p = procs_of(events);
    static const char *const ml[] = {"ml"};
    check_processes(events, &p, "Node.js gateway", ml, 1);
    assert_int_equal(p.n, 5);
    assert_string_equal(proc_name(&p, 1), "front: Node.js gateway");
    assert_string_equal(proc_name(&p, 2), "ml service, process 1");
    assert_string_equal(proc_name(&p, 5), "ml service, process 4");
    check_services_listed(root, ml, 1);
    arrows a = check_arrows(root, scn, run);
    assert_int_equal(a.n, 2 * 461); /* the lesson's 461 predictions (its summary) */
    spans sp = spans_of(events);
    for (size_t i = 0; i < a.n; i++) {
        const arrow *c = &a.v[i];
        const cJSON *span = span_at(&sp, num(c->f, "pid"), num(c->f, "tid"), num(c->f, "ts"));
        assert_non_null(span);
        assert_string_equal(str(span, "name"), "running");
        double req = num(cJSON_GetObjectItem(span, "args"), "req");
        if (strcmp(str(c->s, "name"), "call ml") == 0) {
            /* the model's 40 ms (and the 2 us context switch of its start) */
            assert_true(num(span, "dur") >= 40000);
            const arrow *r = find(&a, "reply ml", num(c->s, "id") + 16);
            assert_int_equal(num(cJSON_GetObjectItem(r->mark, "args"), "req"), req);
        } else {
            /* the gateway's request that called runs on */
            const arrow *call = find(&a, "call ml", num(c->s, "id") - 16);
            assert_int_equal(num(cJSON_GetObjectItem(call->mark, "args"), "req"), req);
        }
    }
    free(sp.v);
    free(a.v);
    cJSON_Delete(root);
    sim_run_free(run);

    /* the Python-only server runs the model in process: no service in its file */
    root = export_services(scn, "Python only", &run);
    events = cJSON_GetObjectItem(root, "traceEvents");
    p = procs_of(events);
    check_processes(events, &p, "Python only", NULL, 0);
    assert_int_equal(p.n, 4);
    assert_string_equal(proc_name(&p, 4), "front: Python only, process 4");
    check_services_listed(root, NULL, 0);
    a = check_arrows(root, scn, run);
    assert_int_equal(a.n, 0);
    free(a.v);
    cJSON_Delete(root);
    sim_run_free(run);
    scn_free(scn);
}

/* Sequential awaits against gather across two services (users 30 ms, recs 50 ms,
 * 1 ms away): one by one, the call of recs leaves when the reply of users lands;
 * gathered, both leave at once, at 100 ms. */
static void test_sequential_vs_gather(void **state)
{
    (void)state;
    scn_scenario *scn = load_lesson("sequential-vs-gather");
    static const char *const both[] = {"users", "recs"};
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        const char *name = scn->runtimes[rt].name;
        sim_run *run = NULL;
        cJSON *root = export_services(scn, name, &run);
        const cJSON *events = cJSON_GetObjectItem(root, "traceEvents");
        procs p = procs_of(events);
        check_processes(events, &p, name, both, 2);
        check_services_listed(root, both, 2);
        arrows a = check_arrows(root, scn, run);
        assert_int_equal(a.n, 8);
        const arrow *users0 = NULL, *recs0 = NULL, *users1 = NULL, *recs1 = NULL;
        for (size_t i = 0; i < a.n; i++) {
            const arrow *c = &a.v[i];
            int req = (int)num(cJSON_GetObjectItem(c->mark, "args"), "req");
            if (strcmp(str(c->s, "name"), "call users") == 0)
                *(req == 0 ? &users0 : &users1) = c;
            if (strcmp(str(c->s, "name"), "call recs") == 0)
                *(req == 0 ? &recs0 : &recs1) = c;
        }
        assert_non_null(users0);
        assert_non_null(recs0);
        assert_non_null(users1);
        assert_non_null(recs1);
        const arrow *back = find(&a, "reply users", num(users0->s, "id") + 16);
        assert_true(num(back->f, "ts") == num(recs0->s, "ts"));
        assert_true(num(users0->s, "ts") == 0);
        assert_true(num(recs0->s, "ts") == 32000); /* 1 + 30 + 1 ms */
        assert_true(num(users1->s, "ts") == 100000);
        assert_true(num(recs1->s, "ts") == 100000);
        free(a.v);
        cJSON_Delete(root);
        sim_run_free(run);
    }
    scn_free(scn);
}

/* Services that call services, in parallel: the gateway calls api, api calls db
 * and cache at once, and the gateway calls db itself too. */
static const char chain_json[] =
    "{\"schema\": \"bistro/1\", \"title\": \"chain\", \"machine\": {\"context_switch\": 0},"
    " \"network\": {\"latency\": \"0.5ms\"},"
    " \"services\": {"
    "   \"api\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"node\"},"
    "           \"request\": [{\"cpu\": \"1ms\"},"
    "                       {\"parallel\": [[{\"call\": \"db\"}], [{\"call\": \"cache\"}]]},"
    "                       {\"cpu\": \"1ms\"}]},"
    "   \"db\": {\"runtime\": {\"model\": \"threads\", \"threads\": 2},"
    "          \"request\": [{\"cpu\": \"2ms\"}, {\"io\": \"3ms\"}]},"
    "   \"cache\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
    "             \"request\": [{\"io\": \"1ms\"}]}},"
    " \"workload\": {\"arrivals\": {\"poisson_per_s\": 100, \"count\": 20},"
    "              \"request\": [{\"cpu\": \"1ms\"}, {\"call\": \"api\"}, {\"call\": \"db\"},"
    "                          {\"cpu\": \"1ms\"}]},"
    " \"runtimes\": [{\"name\": \"threads\", \"model\": \"threads\", \"threads\": 4},"
    "              {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]}";

static void test_services_calling_services(void **state)
{
    (void)state;
    scn_scenario *scn = load(chain_json);
    static const char *const all[] = {"api", "db", "cache"};
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        const char *name = scn->runtimes[rt].name;
        sim_run *run = NULL;
        cJSON *root = export_services(scn, name, &run);
        const cJSON *events = cJSON_GetObjectItem(root, "traceEvents");
        procs p = procs_of(events);
        check_processes(events, &p, name, all, 3);
        arrows a = check_arrows(root, scn, run);
        /* 20 calls of api, 40 of db (20 from the gateway, 20 from api), 20 of
         * cache: each with its reply */
        assert_int_equal(a.n, 2 * (20 + 40 + 20));
        int db_from_api = 0, db_from_front = 0;
        for (size_t i = 0; i < a.n; i++) {
            if (strcmp(str(a.v[i].s, "name"), "call db") != 0)
                continue;
            int from = (int)num(a.v[i].s, "pid");
            db_from_api += of_service(&p, from, "api");
            db_from_front += strncmp(proc_name(&p, from), "front: ", 7) == 0;
        }
        assert_int_equal(db_from_api, 20);
        assert_int_equal(db_from_front, 20);
        free(a.v);
        cJSON_Delete(root);
        sim_run_free(run);
    }
    scn_free(scn);
}

/* The file's parts come one run after the other: the ids of requests' async
 * tracks never repeat across runs, nor do the queues' arrows (each is checked
 * by check_ids_unique on the files above); the async ids of the first run are
 * those of a file of its own. */
static void test_async_ids_follow_on(void **state)
{
    (void)state;
    scn_scenario *scn = load_lesson("hybrid-gateway");
    sim_run *run = NULL;
    cJSON *root = export_services(scn, "Node.js gateway", &run);
    const cJSON *events = cJSON_GetObjectItem(root, "traceEvents");
    double front_max = -1, svc_min = -1;
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(str(e, "ph"), "b") != 0)
            continue;
        double id = num(e, "id");
        if (num(e, "pid") == 1)
            front_max = id > front_max ? id : front_max;
        else
            svc_min = svc_min < 0 || id < svc_min ? id : svc_min;
    }
    assert_true(front_max == 1999); /* the gateway's 2000 requests, numbered as alone */
    assert_true(svc_min == 2000);   /* the model service's after them */
    cJSON_Delete(root);
    sim_run_free(run);
    scn_free(scn);
}

/* Runs that do not fit the front's scenario are refused, and the sink is failed
 * so that no partial file is kept. */
static void test_bad_runs(void **state)
{
    (void)state;
    scn_scenario *scn = load_lesson("hybrid-gateway");
    sim_run *run = run_to_end_with(scn, 0, scn->seed, true);
    size_t n;
    chrome_run *runs = runs_of(scn, scn->runtimes[0].name, run, &n);
    assert_int_equal(n, 2);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_chrome_services(&s, runs, 1, 1), SIM_EINVAL); /* no ml */
    assert_int_equal(s.err, SIM_EINVAL);
    sink_buffer_release(&b);
    b = (sink_buffer){0};
    s = sink_to_buffer(&b);
    runs[1].name = "no such service";
    assert_int_equal(trace_write_chrome_services(&s, runs, n, 1), SIM_EINVAL);
    sink_buffer_release(&b);
    assert_int_equal(trace_write_chrome_services(NULL, runs, n, 1), SIM_EINVAL);
    b = (sink_buffer){0};
    s = sink_to_buffer(&b);
    assert_int_equal(trace_write_chrome_services(&s, NULL, n, 1), SIM_EINVAL);
    sink_buffer_release(&b);
    free(runs);
    sim_run_free(run);
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hybrid_gateway),
        cmocka_unit_test(test_sequential_vs_gather),
        cmocka_unit_test(test_services_calling_services),
        cmocka_unit_test(test_async_ids_follow_on),
        cmocka_unit_test(test_bad_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
