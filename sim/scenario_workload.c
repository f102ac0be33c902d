/* scenario_workload.c - reading "workload": how requests arrive and what each does.
 *
 * A workload has one of three forms: "arrivals" with one "request" program,
 * "arrivals" with a weighted "mix" of programs, or an explicit list "requests".
 * Every part that is present is checked even when the forms are mixed up, so a
 * user sees all problems at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "scenario_internal.h"
#include "units.h"

/* Beyond these a weight or a rate is a typing mistake, and sums of them stay
 * far from overflow. */
#define SCN__MAX_WEIGHT 1e9
#define SCN__MAX_RATE 1e9

static const char *const arrival_kinds[] = {"burst", "every", "poisson_per_s", "at", "closed"};
#define SCN__NARRIVALS 5

static size_t count_items(const cJSON *v)
{
    size_t n = 0;
    for (const cJSON *i = v->child; i != NULL; i = i->next)
        n++;
    return n;
}

static void count(scn__ctx *c, const cJSON *obj, const cJSON *m, int64_t *out)
{
    if (jw_require(&c->jw, obj, m, "count"))
        jw_int(&c->jw, m, 1, SCN_MAX_REQUESTS, out);
}

static void arrivals_at(scn__ctx *c, const cJSON *m, scn_arrivals *a)
{
    size_t mark = jw_enter(&c->jw, m);
    if (jw_want_array(&c->jw, m, "a list of arrival times like [\"0ms\", \"10ms\"]")) {
        size_t n = count_items(m);
        if (n == 0)
            jw_fail(&c->jw, m, "expected at least one arrival time");
        else if (n > (size_t)SCN_MAX_REQUESTS)
            jw_fail(&c->jw, m, "%zu requests; the limit is %lld", n, SCN_MAX_REQUESTS);
        else if ((a->at = jw_calloc(&c->jw, n, sizeof *a->at)) != NULL) {
            a->nat = n;
            size_t i = 0;
            for (const cJSON *t = m->child; t != NULL; t = t->next, i++) {
                size_t im = jw_push_index(&c->jw, i);
                scn__duration(c, t, 0, &a->at[i]);
                jw_pop(&c->jw, im);
            }
        }
    }
    jw_pop(&c->jw, mark);
}

static void arrivals_closed(scn__ctx *c, const cJSON *m, scn_arrivals *a)
{
    static const char *const keys[] = {"clients", "requests", "think"};
    const cJSON *f[3];
    size_t mark = jw_enter(&c->jw, m);
    if (jw_want_object(&c->jw, m,
                       "an object like {\"clients\": 10, \"requests\": 100, "
                       "\"think\": \"1s\"}")) {
        jw_members(&c->jw, m, keys, 3, f, NULL, 0);
        if (jw_require(&c->jw, m, f[0], "clients"))
            jw_int(&c->jw, f[0], 1, SCN_MAX_REQUESTS, &a->clients);
        if (jw_require(&c->jw, m, f[1], "requests"))
            jw_int(&c->jw, f[1], 1, SCN_MAX_REQUESTS, &a->count);
        if (f[2] != NULL)
            scn__dist(c, f[2], &a->think);
    }
    jw_pop(&c->jw, mark);
}

/* An "every" arrival must not put its last request beyond the time limit. */
static void check_every_span(scn__ctx *c, const cJSON *v, const scn_arrivals *a)
{
    if (a->every == 0 || a->count <= 1 || a->count - 1 <= SCN_MAX_DURATION_NS / a->every)
        return;
    char gap[32], lim[32];
    units_format_duration(a->every, gap, sizeof gap);
    units_format_duration(SCN_MAX_DURATION_NS, lim, sizeof lim);
    jw_fail(&c->jw, v, "%lld requests, one every %s, would arrive past the time limit of %s",
            (long long)a->count, gap, lim);
}

/* Which kind of arrivals v is (its first kind key), reporting any second one. */
static int arrival_kind(scn__ctx *c, const cJSON *v)
{
    int kind = -1;
    const cJSON *first = NULL;
    char q[JW_KEY_SHOWN + 16], q2[JW_KEY_SHOWN + 16];
    for (const cJSON *m = v->child; m != NULL; m = m->next) {
        int k = 0;
        while (k < SCN__NARRIVALS && strcmp(arrival_kinds[k], m->string) != 0)
            k++;
        if (k == SCN__NARRIVALS || k == kind)
            continue;
        if (kind < 0) {
            kind = k;
            first = m;
        } else {
            jw_fail_key(&c->jw, m, "give one kind of arrivals, not both %s and %s",
                        jw_quote(first->string, q, sizeof q), jw_quote(m->string, q2, sizeof q2));
        }
    }
    if (kind < 0)
        jw_fail(&c->jw, v, "expected one of the keys burst, every, poisson_per_s, at, closed");
    return kind;
}

static void arrivals(scn__ctx *c, const cJSON *v, scn_arrivals *a)
{
    static const char *const keys[][2] = {{"burst", NULL},
                                          {"every", "count"},
                                          {"poisson_per_s", "count"},
                                          {"at", NULL},
                                          {"closed", NULL}};
    size_t mark = jw_enter(&c->jw, v);
    int kind = -1;
    if (jw_want_object(&c->jw, v, "an object like {\"burst\": 3}"))
        kind = arrival_kind(c, v);
    if (kind >= 0) {
        const cJSON *f[2];
        jw_members(&c->jw, v, keys[kind], keys[kind][1] ? 2 : 1, f, arrival_kinds, SCN__NARRIVALS);
        a->kind = (scn_arrival_kind)kind;
        if (kind == SCN_ARR_BURST) {
            jw_int(&c->jw, f[0], 1, SCN_MAX_REQUESTS, &a->count);
        } else if (kind == SCN_ARR_EVERY) {
            scn__duration(c, f[0], 0, &a->every);
            count(c, v, f[1], &a->count);
            check_every_span(c, v, a);
        } else if (kind == SCN_ARR_POISSON) {
            jw_positive(&c->jw, f[0], SCN__MAX_RATE, &a->rate_per_s);
            count(c, v, f[1], &a->count);
        } else if (kind == SCN_ARR_AT) {
            arrivals_at(c, f[0], a);
        } else {
            arrivals_closed(c, f[0], a);
        }
    }
    jw_pop(&c->jw, mark);
}

static void mix(scn__ctx *c, const cJSON *v, scn_workload *w)
{
    static const char *const keys[] = {"weight", "steps"};
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_array(&c->jw, v, "a list like [{\"weight\": 3, \"steps\": [...]}]")) {
        size_t n = count_items(v);
        if (n == 0)
            jw_fail(&c->jw, v, "expected at least one kind of request");
        w->mix = n ? jw_calloc(&c->jw, n, sizeof *w->mix) : NULL;
        w->nmix = w->mix != NULL ? n : 0;
        size_t i = 0;
        for (const cJSON *e = v->child; e != NULL && w->mix != NULL; e = e->next, i++) {
            size_t im = jw_push_index(&c->jw, i);
            const cJSON *f[2];
            if (jw_want_object(&c->jw, e, "an object like {\"weight\": 3, \"steps\": [...]}")) {
                jw_members(&c->jw, e, keys, 2, f, NULL, 0);
                if (jw_require(&c->jw, e, f[0], "weight"))
                    jw_positive(&c->jw, f[0], SCN__MAX_WEIGHT, &w->mix[i].weight);
                if (jw_require(&c->jw, e, f[1], "steps"))
                    scn__program(c, f[1], &w->mix[i].steps);
            }
            jw_pop(&c->jw, im);
        }
    }
    jw_pop(&c->jw, mark);
}

static void one_request(scn__ctx *c, const cJSON *e, size_t i, scn_request *r)
{
    static const char *const keys[] = {"name", "at", "steps"};
    const cJSON *f[3];
    const char *name;
    if (!jw_want_object(&c->jw, e,
                        "an object like {\"name\": \"a\", \"at\": \"0ms\", "
                        "\"steps\": [...]}"))
        return;
    jw_members(&c->jw, e, keys, 3, f, NULL, 0);
    if (f[0] != NULL && jw_string(&c->jw, f[0], true, &name)) {
        r->name = jw_strdup(&c->jw, name);
    } else if (f[0] == NULL) {
        char def[32];
        snprintf(def, sizeof def, "request %zu", i);
        r->name = jw_strdup(&c->jw, def);
    }
    if (f[1] != NULL)
        scn__duration(c, f[1], 0, &r->at);
    if (jw_require(&c->jw, e, f[2], "steps"))
        scn__program(c, f[2], &r->steps);
}

static void requests(scn__ctx *c, const cJSON *v, scn_workload *w)
{
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_array(&c->jw, v, "a list of requests like [{\"at\": \"0ms\", \"steps\": [...]}]")) {
        size_t n = count_items(v);
        if (n == 0)
            jw_fail(&c->jw, v, "expected at least one request");
        else if (n > (size_t)SCN_MAX_REQUESTS)
            jw_fail(&c->jw, v, "%zu requests; the limit is %lld", n, SCN_MAX_REQUESTS);
        w->requests = n ? jw_calloc(&c->jw, n, sizeof *w->requests) : NULL;
        w->nrequests = w->requests != NULL ? n : 0;
        size_t i = 0;
        for (const cJSON *e = v->child; e != NULL && w->requests != NULL; e = e->next, i++) {
            size_t im = jw_push_index(&c->jw, i);
            one_request(c, e, i, &w->requests[i]);
            jw_pop(&c->jw, im);
        }
    }
    jw_pop(&c->jw, mark);
}

/* Reports a workload whose forms are mixed up or incomplete. */
static void check_form(scn__ctx *c, const cJSON *v, const cJSON *const *f)
{
    const cJSON *arr = f[0], *req = f[1], *mx = f[2], *reqs = f[3];
    if (reqs != NULL) {
        if (arr != NULL)
            jw_fail_key(&c->jw, arr,
                        "\"arrivals\" cannot be combined with \"requests\", where "
                        "each request has its own \"at\" time");
        if (req != NULL)
            jw_fail_key(&c->jw, req,
                        "give either \"request\" (with \"arrivals\") or "
                        "\"requests\", not both");
        if (mx != NULL)
            jw_fail_key(&c->jw, mx,
                        "give either \"mix\" (with \"arrivals\") or \"requests\", "
                        "not both");
        return;
    }
    if (req != NULL && mx != NULL)
        jw_fail_key(&c->jw, mx, "give either \"request\" or \"mix\", not both");
    if (arr == NULL && req == NULL && mx == NULL)
        jw_fail(&c->jw, v,
                "expected \"arrivals\" with \"request\" or \"mix\", or a list "
                "\"requests\"");
    else if (arr == NULL)
        jw_fail(&c->jw, v, "missing required key \"arrivals\"");
    else if (req == NULL && mx == NULL)
        jw_fail(&c->jw, v,
                "missing required key \"request\" (the steps of every request) or "
                "\"mix\"");
}

/* ---- the horizon: what a run can reach ---------------------------------------------
 *
 * A run's clock is int64 nanoseconds. A workload whose requests, done one after
 * another, would take longer than SCN__HORIZON_NS could run past it; such a
 * scenario is refused here, so that `validate` refuses what `run` would stop on. The
 * work of a step is its duration's mean (uniform: its upper end). */
#define SCN__HORIZON_NS ((double)SCN_HORIZON_NS)

static double dist_ns(const scn_dist *d)
{
    return d->kind == SCN_DIST_UNIFORM ? (double)d->b : (double)d->a;
}

static double block_ns(const scn_block *b);

static double step_ns(const scn_step *st)
{
    double own = 0;
    switch (st->kind) {
    case SCN_STEP_CPU:
    case SCN_STEP_NATIVE:
    case SCN_STEP_IO:
    case SCN_STEP_TIMEOUT:
    case SCN_STEP_SLEEP: own = dist_ns(&st->dur); break;
    case SCN_STEP_INTERVAL: return (double)st->count * (dist_ns(&st->dur) + block_ns(&st->body));
    case SCN_STEP_REPEAT: return (double)st->count * block_ns(&st->body);
    case SCN_STEP_PARALLEL:
        for (size_t i = 0; i < st->nbranches; i++)
            own += block_ns(&st->branches[i]);
        return own;
    default: break;
    }
    return own + block_ns(&st->body) + block_ns(&st->then_body);
}

static double block_ns(const scn_block *b)
{
    double t = 0;
    for (size_t i = 0; i < b->n; i++)
        t += step_ns(&b->steps[i]);
    return t;
}

/* The workload's last arrival (its mean for Poisson arrivals) plus all of its
 * requests' work, in ns; the work of one request in *one. */
static double workload_ns(const scn_workload *w, double *one)
{
    const scn_arrivals *a = &w->arrivals;
    if (w->kind == SCN_WORKLOAD_EXPLICIT) {
        double t = 0, last = 0;
        *one = 0;
        for (size_t i = 0; i < w->nrequests; i++) {
            double r = block_ns(&w->requests[i].steps);
            t += r;
            *one = r > *one ? r : *one;
            last = (double)w->requests[i].at > last ? (double)w->requests[i].at : last;
        }
        return last + t;
    }
    *one = block_ns(&w->request);
    for (size_t i = 0; i < w->nmix; i++) {
        double r = block_ns(&w->mix[i].steps);
        *one = r > *one ? r : *one;
    }
    double n = (double)a->count, last = 0;
    if (a->kind == SCN_ARR_EVERY)
        last = (n - 1) * (double)a->every;
    else if (a->kind == SCN_ARR_POISSON)
        last = n / a->rate_per_s * 1e9;
    else if (a->kind == SCN_ARR_AT) {
        n = (double)a->nat;
        for (size_t i = 0; i < a->nat; i++)
            last = (double)a->at[i] > last ? (double)a->at[i] : last;
    } else if (a->kind == SCN_ARR_CLOSED) {
        last = n * dist_ns(&a->think);
    }
    return last + n * *one;
}

static void check_horizon(scn__ctx *c, const cJSON *v, const scn_workload *w)
{
    double one, total = workload_ns(w, &one);
    if (total <= SCN__HORIZON_NS)
        return;
    jw_fail(&c->jw, v,
            "the requests' arrivals and steps (up to %.3g s of steps a request) come to "
            "%.3g s of simulated time, past the %.0f s (about 146 years) a run can reach; "
            "use fewer requests, shorter steps or a higher arrival rate",
            one / 1e9, total / 1e9, SCN__HORIZON_NS / 1e9);
}

void scn__workload(scn__ctx *c, const cJSON *v, scn_workload *w)
{
    static const char *const keys[] = {"arrivals", "request", "mix", "requests"};
    const cJSON *f[4];
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_object(&c->jw, v,
                       "an object like {\"arrivals\": {\"burst\": 3}, "
                       "\"request\": [...]}")) {
        jw_members(&c->jw, v, keys, 4, f, NULL, 0);
        check_form(c, v, f);
        w->kind = f[3] != NULL ? SCN_WORKLOAD_EXPLICIT : SCN_WORKLOAD_GENERATED;
        if (f[0] != NULL)
            arrivals(c, f[0], &w->arrivals);
        if (f[1] != NULL)
            scn__program(c, f[1], &w->request);
        if (f[2] != NULL)
            mix(c, f[2], w);
        if (f[3] != NULL)
            requests(c, f[3], w);
        if (c->jw.problems == 0 && c->jw.err == 0)
            check_horizon(c, v, w);
    }
    jw_pop(&c->jw, mark);
}

void scn__free_workload(scn_workload *w)
{
    free(w->arrivals.at);
    scn__free_block(&w->request);
    for (size_t i = 0; i < w->nmix; i++)
        scn__free_block(&w->mix[i].steps);
    free(w->mix);
    for (size_t i = 0; i < w->nrequests; i++) {
        free(w->requests[i].name);
        scn__free_block(&w->requests[i].steps);
    }
    free(w->requests);
    memset(w, 0, sizeof *w);
}
