/* scenario_services.c - reading "services" and "network": the other servers a
 * request may call (DESIGN.md "Services and shared state").
 *
 * Every service is a name (its key), a runtime, a machine and a request program.
 * The names are taken first, so that a call step anywhere (the workload, another
 * service's program) can name a service given later in the file. A service's
 * machine starts as the scenario's and its own keys change it. A chain of calls
 * that comes back to a service it started from would never end: it is refused,
 * with the cycle named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"

/* The services that the steps of `b` call, as bits of `out`. */
static void calls_of(const scn_block *b, uint32_t *out)
{
    for (size_t i = 0; i < b->n; i++) {
        const scn_step *s = &b->steps[i];
        if (s->call > 0)
            *out |= UINT32_C(1) << (s->call - 1);
        calls_of(&s->body, out);
        calls_of(&s->then_body, out);
        for (size_t j = 0; j < s->nbranches; j++)
            calls_of(&s->branches[j], out);
    }
}

/* Depth-first search from service v along the calls; state 1: on the path, 2:
 * done. Returns the service where a cycle closes, or -1; path[0..*n) is the path. */
static int find_cycle(const uint32_t *calls, size_t ns, size_t v, uint8_t *state, size_t *path,
                      size_t *n)
{
    state[v] = 1;
    path[(*n)++] = v;
    for (size_t w = 0; w < ns; w++) {
        if (!(calls[v] & (UINT32_C(1) << w)))
            continue;
        if (state[w] == 1)
            return (int)w;
        if (state[w] == 0) {
            int r = find_cycle(calls, ns, w, state, path, n);
            if (r >= 0)
                return r;
        }
    }
    state[v] = 2;
    (*n)--;
    return -1;
}

static void no_cycles(scn__ctx *c, const cJSON *services)
{
    const scn_scenario *scn = c->scn;
    size_t ns = scn->nservices;
    uint32_t calls[SCN_MAX_SERVICES] = {0};
    uint8_t state[SCN_MAX_SERVICES] = {0};
    size_t path[SCN_MAX_SERVICES], n = 0;
    for (size_t i = 0; i < ns; i++)
        calls_of(&scn->services[i].request, &calls[i]);
    for (size_t v = 0; v < ns; v++) {
        if (state[v] != 0)
            continue;
        n = 0;
        int w = find_cycle(calls, ns, v, state, path, &n);
        if (w < 0)
            continue;
        /* the cycle: from w along the path back to w */
        size_t from = 0;
        while (path[from] != (size_t)w)
            from++;
        char text[768] = "";
        size_t k = 0;
        for (size_t i = from; i < n && k < sizeof text; i++)
            k += (size_t)snprintf(text + k, sizeof text - k, "%s -> ", scn->services[path[i]].name);
        if (k < sizeof text)
            snprintf(text + k, sizeof text - k, "%s", scn->services[w].name);
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(services, scn->services[w].name);
        size_t mark = jw_enter(&c->jw, at);
        jw_fail(&c->jw, at,
                "services call each other in a cycle (%s): a request would never be answered",
                text);
        jw_pop(&c->jw, mark);
        return;
    }
}

static void network(scn__ctx *c, const cJSON *v)
{
    static const char *const keys[] = {"latency"};
    const cJSON *f[1];
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_object(&c->jw, v, "an object like {\"latency\": \"0.5ms\"}")) {
        jw_members(&c->jw, v, keys, 1, f, NULL, 0);
        if (f[0] != NULL)
            scn__duration(c, f[0], 0, &c->scn->network_latency);
    }
    jw_pop(&c->jw, mark);
}

static void service(scn__ctx *c, const cJSON *v, scn_service *sv)
{
    static const char *const keys[] = {"runtime", "machine", "request"};
    const cJSON *f[3];
    size_t mark = jw_enter(&c->jw, v);
    sv->machine = c->scn->machine;
    if (jw_want_object(&c->jw, v,
                       "a service like {\"runtime\": {\"model\": \"threads\"}, \"request\": "
                       "[{\"cpu\": \"40ms\"}]}")) {
        jw_members(&c->jw, v, keys, 3, f, NULL, 0);
        if (jw_require(&c->jw, v, f[0], "runtime")) {
            size_t rm = jw_enter(&c->jw, f[0]);
            scn__service_runtime(c, f[0], &sv->runtime, sv->name);
            jw_pop(&c->jw, rm);
        }
        if (f[1] != NULL)
            scn__machine(c, f[1], &sv->machine);
        if (jw_require(&c->jw, v, f[2], "request"))
            scn__program(c, f[2], &sv->request);
    }
    jw_pop(&c->jw, mark);
}

void scn__services(scn__ctx *c, const cJSON *services, const cJSON *net)
{
    scn_scenario *scn = c->scn;
    if (net != NULL)
        network(c, net);
    if (services == NULL)
        return;
    size_t mark = jw_enter(&c->jw, services), n = 0;
    if (!jw_want_object(&c->jw, services,
                        "an object of services like {\"ml\": {\"runtime\": {...}, "
                        "\"request\": [...]}}")) {
        jw_pop(&c->jw, mark);
        return;
    }
    n = jw_count_capped(&c->jw, services, SCN_MAX_SERVICES, "services");
    scn->services = n ? jw_calloc(&c->jw, n, sizeof *scn->services) : NULL;
    scn->nservices = scn->services != NULL ? n : 0;
    /* the names first: a call may name a service given after it */
    const cJSON *e = services->child;
    for (size_t i = 0; i < scn->nservices; i++, e = e->next) {
        char q[JW_KEY_SHOWN + 16];
        for (size_t j = 0; j < i; j++)
            if (strcmp(scn->services[j].name, e->string) == 0) {
                size_t dm = jw_enter(&c->jw, e);
                jw_fail_key(&c->jw, e, "duplicate service %s", jw_quote(e->string, q, sizeof q));
                jw_pop(&c->jw, dm);
            }
        if (e->string[0] == '\0') {
            size_t dm = jw_enter(&c->jw, e);
            jw_fail_key(&c->jw, e, "a service needs a name (its key is empty)");
            jw_pop(&c->jw, dm);
        }
        scn->services[i].name = jw_strdup(&c->jw, e->string);
        if (scn->services[i].name == NULL) {
            scn->nservices = i; /* the ones named so far, freed with the scenario */
            break;
        }
    }
    e = services->child;
    for (size_t i = 0; i < scn->nservices; i++, e = e->next)
        service(c, e, &scn->services[i]);
    no_cycles(c, services);
    jw_pop(&c->jw, mark);
}

/* ---- a lock held across a call made in process ---------------------------------
 *
 * A runtime that makes a service's calls in its own process (in_process) runs the
 * service's steps in the request, under the request's own locks: a request that
 * holds lock "m" across such a call and whose service then takes "m" waits for
 * itself forever (the locks are not reentrant). The per-program check of
 * scenario_state.c cannot see it, since the two lock steps are in two programs;
 * this one follows the calls. A call is inlined for runtime r when r has its
 * service in_process, in the front's programs and, for a service r inlines, in
 * that service's program too (its own calls of services r inlines are inlined
 * again, workload.c). */

typedef struct {
    uint32_t inproc[SCN_MAX_RUNTIMES]; /* each runtime's in_process */
    uint32_t calls[SCN_MAX_SERVICES];  /* the services each service's program calls */
    uint64_t own[SCN_MAX_SERVICES];    /* the locks (bits of scn->locks) its steps take */
    /* taken[r][k]: the locks service k's request takes run in process by runtime r,
     * through the calls r inlines too; known when bit k of known[r] is set */
    uint64_t taken[SCN_MAX_RUNTIMES][SCN_MAX_SERVICES];
    uint32_t known[SCN_MAX_RUNTIMES];
} inproc_locks;

/* The locks the steps of b take themselves (not in the services they call). */
static uint64_t locks_in(const scn_block *b)
{
    uint64_t out = 0;
    for (size_t i = 0; i < b->n; i++) {
        const scn_step *s = &b->steps[i];
        if (s->kind == SCN_STEP_LOCK && s->key >= 0 && s->key < SCN_MAX_LOCKS)
            out |= UINT64_C(1) << s->key;
        out |= locks_in(&s->body) | locks_in(&s->then_body);
        for (size_t j = 0; j < s->nbranches; j++)
            out |= locks_in(&s->branches[j]);
    }
    return out;
}

/* taken[r][k], each once: services do not call each other in a cycle (checked
 * before), so the recursion ends, and it visits each service once per runtime. */
static uint64_t taken(inproc_locks *x, size_t nservices, size_t r, size_t k)
{
    if (x->known[r] & (UINT32_C(1) << k))
        return x->taken[r][k];
    uint64_t out = x->own[k];
    for (size_t j = 0; j < nservices; j++)
        if (x->calls[k] & x->inproc[r] & (UINT32_C(1) << j))
            out |= taken(x, nservices, r, j);
    x->known[r] |= UINT32_C(1) << k;
    return x->taken[r][k] = out;
}

/* The service that takes `lock` itself, among service k and those it calls in
 * process for runtime r (k when its own steps take it); k when none does. */
static size_t taker(inproc_locks *x, size_t nservices, size_t r, size_t k, int lock)
{
    uint64_t bit = UINT64_C(1) << lock;
    if (x->own[k] & bit)
        return k;
    for (size_t j = 0; j < nservices; j++)
        if ((x->calls[k] & x->inproc[r] & (UINT32_C(1) << j)) && (taken(x, nservices, r, j) & bit))
            return taker(x, nservices, r, j, lock);
    return k;
}

/* A call step's "call" (the path at its step) made while `held` locks are held, in
 * a program that runtime r runs with in[r] inlined (0: not at all). */
static void held_call(scn__ctx *c, const cJSON *call, uint64_t held, const uint32_t *in,
                      inproc_locks *x)
{
    const scn_scenario *scn = c->scn;
    int k = scn_find_service(scn, call->valuestring);
    for (size_t r = 0; k >= 0 && r < scn->nruntimes; r++) {
        if (!(in[r] & (UINT32_C(1) << k)))
            continue;
        uint64_t both = held & taken(x, scn->nservices, r, (size_t)k);
        if (both == 0)
            continue;
        int lock = 0;
        while (!(both & (UINT64_C(1) << lock)))
            lock++;
        size_t by = taker(x, scn->nservices, r, (size_t)k, lock);
        char ql[JW_KEY_SHOWN + 16], qs[JW_KEY_SHOWN + 16], qr[JW_KEY_SHOWN + 16],
            qb[JW_KEY_SHOWN + 16], via[JW_KEY_SHOWN + 64] = "";
        jw_quote(scn->locks[lock], ql, sizeof ql);
        jw_quote(scn->services[k].name, qs, sizeof qs);
        jw_quote(scn->runtimes[r].name ? scn->runtimes[r].name : "", qr, sizeof qr);
        if (by != (size_t)k)
            snprintf(via, sizeof via, " (in service %s, which it calls in process too)",
                     jw_quote(scn->services[by].name, qb, sizeof qb));
        size_t mark = jw_enter(&c->jw, call);
        jw_fail(&c->jw, call,
                "lock %s is held across this call of service %s, which runtime %s makes in its "
                "own process (\"in_process\"), and the service's request takes lock %s too%s: "
                "in process it is the same lock, so the request would wait for itself forever, "
                "a deadlock; release the lock before the call, or call the service over the "
                "network",
                ql, qs, qr, ql, via);
        jw_pop(&c->jw, mark);
        return;
    }
}

/* Walks the steps under v (the path at v) with the locks `held` around them. */
static void held_walk(scn__ctx *c, const cJSON *v, uint64_t held, const uint32_t *in,
                      inproc_locks *x)
{
    size_t i = 0;
    for (const cJSON *m = v->child; m != NULL; m = m->next, i++) {
        if (!cJSON_IsArray(m) && !cJSON_IsObject(m))
            continue;
        size_t mark = cJSON_IsArray(v) ? jw_push_index(&c->jw, i) : jw_enter(&c->jw, m);
        uint64_t h = held;
        if (cJSON_IsObject(m)) {
            const cJSON *lock = cJSON_GetObjectItemCaseSensitive(m, "lock");
            const cJSON *call = cJSON_GetObjectItemCaseSensitive(m, "call");
            for (size_t k = 0; cJSON_IsString(lock) && k < c->scn->nlocks; k++)
                if (strcmp(c->scn->locks[k], lock->valuestring) == 0)
                    h |= UINT64_C(1) << k;
            if (cJSON_IsString(call) && held != 0)
                held_call(c, call, held, in, x);
        }
        held_walk(c, m, h, in, x);
        jw_pop(&c->jw, mark);
    }
}

void scn__in_process_locks(scn__ctx *c, const cJSON *workload, const cJSON *services)
{
    const scn_scenario *scn = c->scn;
    /* on a scenario with problems the steps may be half read: say nothing more */
    if (c->jw.problems > 0 || scn->nlocks == 0 || workload == NULL)
        return;
    inproc_locks *x = jw_calloc(&c->jw, 1, sizeof *x);
    if (x == NULL)
        return;
    uint32_t any = 0;
    for (size_t r = 0; r < scn->nruntimes && r < SCN_MAX_RUNTIMES; r++)
        any |= x->inproc[r] = scn->runtimes[r].in_process;
    for (size_t k = 0; k < scn->nservices; k++) {
        calls_of(&scn->services[k].request, &x->calls[k]);
        x->own[k] = locks_in(&scn->services[k].request);
    }
    if (any != 0) {
        size_t mark = jw_enter(&c->jw, workload);
        held_walk(c, workload, 0, x->inproc, x);
        jw_pop(&c->jw, mark);
    }
    /* a service's own program, for the runtimes that run it in process */
    const cJSON *e = services != NULL && any != 0 ? services->child : NULL;
    for (size_t k = 0; k < scn->nservices && e != NULL; k++, e = e->next) {
        uint32_t in[SCN_MAX_RUNTIMES] = {0};
        for (size_t r = 0; r < scn->nruntimes && r < SCN_MAX_RUNTIMES; r++)
            in[r] = (x->inproc[r] & (UINT32_C(1) << k)) ? x->inproc[r] : 0;
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(e, "request");
        if (req == NULL)
            continue;
        size_t sm = jw_enter(&c->jw, services), em = jw_enter(&c->jw, e),
               rm = jw_enter(&c->jw, req);
        held_walk(c, req, 0, in, x);
        jw_pop(&c->jw, rm);
        jw_pop(&c->jw, em);
        jw_pop(&c->jw, sm);
    }
    free(x);
}

void scn__free_services(scn_scenario *scn)
{
    for (size_t i = 0; i < scn->nservices; i++) {
        free(scn->services[i].name);
        scn__free_runtime(&scn->services[i].runtime);
        scn__free_block(&scn->services[i].request);
    }
    free(scn->services);
    scn->services = NULL;
    scn->nservices = 0;
}
