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
    for (const cJSON *i = services->child; i != NULL; i = i->next)
        n++;
    if (n > SCN_MAX_SERVICES) {
        jw_fail(&c->jw, services, "%zu services; the limit is %d", n, SCN_MAX_SERVICES);
        n = SCN_MAX_SERVICES; /* check only the first ones */
    }
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
