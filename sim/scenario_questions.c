/* scenario_questions.c - the questions a lesson asks ("questions"), and the
 * names of the metrics a question or a rubric may name.
 *
 * A question is asked at a moment of the run, before the class sees what
 * happens: the printed order ("order") and a metric of the summary at the run's
 * end ("number") are answered by the simulation, so the file never states them;
 * a "choice" carries the author's answer among its options. Its id is the key of
 * the answers file (bistro-answers/1) that the app saves and `bistro-sim grade`
 * marks, so it is kept to letters, digits, '_' and '-'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "units.h"

/* The summary JSON's metrics, as `bistro-sim run --json` writes them. */
static const char *const metric_names[] = {
    "requests",         "completed",       "makespan_ms",      "throughput_rps",
    "latency_ms.mean",  "latency_ms.p50",  "latency_ms.p95",   "latency_ms.p99",
    "latency_ms.max",   "cpu_busy_ms",     "cpu_util",         "gil_wait_ms",
    "loop_lag_ms.mean", "loop_lag_ms.max", "context_switches", "memory_peak_bytes",
    "events",           "lost_updates"};

#define NMETRICS (sizeof metric_names / sizeof metric_names[0])
_Static_assert(NMETRICS == SCN_METRIC_COUNT, "SCN_METRIC_COUNT names every metric");

size_t scn_metric_count(void)
{
    return NMETRICS;
}

const char *scn_metric_name(size_t i)
{
    return i < NMETRICS ? metric_names[i] : NULL;
}

int scn_metric_find(const char *name)
{
    for (size_t i = 0; i < NMETRICS; i++)
        if (strcmp(metric_names[i], name) == 0)
            return (int)i;
    return -1;
}

const char *scn_metric_list(char *buf, size_t size)
{
    size_t at = 0;
    if (size > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < NMETRICS && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", metric_names[i]);
    return buf;
}

/* A service's metrics, as the summary JSON's "services" writes them. */
static const char *const service_metric_names[] = {
    "completed",      "in_flight_max",  "throughput_rps", "latency_ms.mean",
    "latency_ms.p50", "latency_ms.p99", "latency_ms.max"};

#define NSERVICE_METRICS (sizeof service_metric_names / sizeof service_metric_names[0])
_Static_assert(NSERVICE_METRICS == SCN_SERVICE_METRIC_COUNT,
               "SCN_SERVICE_METRIC_COUNT names every metric of a service");

const char *scn_service_metric_name(size_t i)
{
    return i < NSERVICE_METRICS ? service_metric_names[i] : NULL;
}

int scn_service_metric_find(const char *name)
{
    for (size_t i = 0; i < NSERVICE_METRICS; i++)
        if (strcmp(service_metric_names[i], name) == 0)
            return (int)i;
    return -1;
}

const char *scn_service_metric_list(char *buf, size_t size)
{
    size_t at = 0;
    if (size > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < NSERVICE_METRICS && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", service_metric_names[i]);
    return buf;
}

int scn_find_service(const scn_scenario *scn, const char *name)
{
    for (size_t i = 0; i < scn->nservices; i++)
        if (scn->services[i].name != NULL && strcmp(scn->services[i].name, name) == 0)
            return (int)i;
    return -1;
}

#define ID_MAX 64
#define DEFAULT_TOLERANCE 0.05

static bool id_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

/* The question's id: the answers file's key. */
static void question_id(scn__ctx *c, const cJSON *v, const scn_scenario *scn, size_t i,
                        scn_question *q)
{
    const char *s;
    if (!jw_string(&c->jw, v, true, &s))
        return;
    size_t n = strlen(s);
    bool ok = n <= ID_MAX;
    for (size_t k = 0; ok && k < n; k++)
        ok = id_char(s[k]);
    size_t mark = jw_enter(&c->jw, v);
    if (!ok)
        jw_fail(&c->jw, v,
                "an id is up to %d letters, digits, '_' or '-' (it is the answers file's "
                "key), got %s",
                ID_MAX, jw_describe(&c->jw, v, (char[64]){0}, 64));
    const char *why = ok ? scn_answers_key_reserved(s) : NULL;
    if (why != NULL) {
        jw_fail(&c->jw, v, "\"%s\" %s, not an answer: choose another id", s, why);
        ok = false;
    }
    for (size_t k = 0; ok && k < i; k++)
        if (scn->questions[k].id != NULL && strcmp(scn->questions[k].id, s) == 0) {
            jw_fail(&c->jw, v, "\"%s\" is the id of questions[%zu] too: each id once", s, k);
            ok = false;
        }
    jw_pop(&c->jw, mark);
    if (ok)
        q->id = jw_strdup(&c->jw, s);
}

/* A choice's options: 2 to SCN_MAX_OPTIONS non-empty strings, each once. */
static void options(scn__ctx *c, const cJSON *v, scn_question *q)
{
    size_t mark = jw_enter(&c->jw, v);
    if (!jw_want_array(&c->jw, v, "a list of options like [\"Node.js\", \"asyncio\"]")) {
        jw_pop(&c->jw, mark);
        return;
    }
    int n = cJSON_GetArraySize(v);
    if (n < 2 || n > SCN_MAX_OPTIONS) {
        jw_fail(&c->jw, v, "a choice has 2 to %d options, got %d", SCN_MAX_OPTIONS, n);
    } else if ((q->options = jw_calloc(&c->jw, (size_t)n, sizeof *q->options)) != NULL) {
        size_t i = 0;
        for (const cJSON *e = v->child; e != NULL; e = e->next, i++) {
            size_t im = jw_push_index(&c->jw, i);
            const char *s;
            if (jw_string(&c->jw, e, true, &s)) {
                for (size_t k = 0; k < i; k++)
                    if (q->options[k] != NULL && strcmp(q->options[k], s) == 0)
                        jw_fail(&c->jw, e, "\"%s\" is options[%zu] too: each option once", s, k);
                q->options[i] = jw_strdup(&c->jw, s);
            }
            jw_pop(&c->jw, im);
        }
        q->noptions = (size_t)n;
    }
    jw_pop(&c->jw, mark);
}

/* The author's answer to a choice: one of its options. */
static void choice_answer(scn__ctx *c, const cJSON *v, scn_question *q)
{
    const char *s;
    if (!jw_string(&c->jw, v, true, &s) || q->options == NULL)
        return;
    for (size_t k = 0; k < q->noptions; k++)
        if (q->options[k] != NULL && strcmp(q->options[k], s) == 0) {
            q->answer = k;
            return;
        }
    size_t mark = jw_enter(&c->jw, v);
    jw_fail(&c->jw, v, "the answer must be one of the options, got %s",
            jw_describe(&c->jw, v, (char[64]){0}, 64));
    jw_pop(&c->jw, mark);
}

/* Reports key m (when given) as one that kind `kind` does not have. */
static void not_for_kind(scn__ctx *c, const cJSON *m, const char *kind, const char *belongs)
{
    if (m != NULL)
        jw_fail_key(&c->jw, m, "\"%s\" goes with kind \"%s\", not \"%s\"", m->string, belongs,
                    kind);
}

/* A number's "service": a service of the scenario, which the question's runtime
 * calls over the network (one it runs in process receives none of its calls). */
static void question_service(scn__ctx *c, const cJSON *v, const scn_scenario *scn, scn_question *q)
{
    const char *s;
    if (!jw_string(&c->jw, v, true, &s))
        return;
    size_t mark = jw_enter(&c->jw, v);
    char q1[JW_KEY_SHOWN + 16], q2[JW_KEY_SHOWN + 16], names[512] = "";
    q->service = scn_find_service(scn, s);
    if (q->service < 0 && scn->nservices == 0) {
        jw_fail(&c->jw, v, "no service is called %s: this scenario has no \"services\"",
                jw_quote(s, q1, sizeof q1));
    } else if (q->service < 0) {
        size_t k = 0;
        for (size_t i = 0; i < scn->nservices && k < sizeof names; i++)
            k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "",
                                  scn->services[i].name);
        jw_fail(&c->jw, v, "no service is called %s (the services: %s)", jw_quote(s, q1, sizeof q1),
                names);
    } else if (q->runtime >= 0 &&
               scn_runtime_in_process(&scn->runtimes[q->runtime], (size_t)q->service)) {
        jw_fail(&c->jw, v,
                "runtime %s makes the calls of service %s in its own process (\"in_process\"): "
                "the service receives none of them there; ask about another runtime",
                jw_quote(scn->runtimes[q->runtime].name, q1, sizeof q1),
                jw_quote(s, q2, sizeof q2));
        q->service = -1;
    }
    jw_pop(&c->jw, mark);
}

enum {
    K_ID,
    K_AT,
    K_ASK,
    K_KIND,
    K_RUNTIME,
    K_OPTIONS,
    K_ANSWER,
    K_METRIC,
    K_TOLERANCE,
    K_SERVICE,
    K_N
};

static void question(scn__ctx *c, const cJSON *v, scn_scenario *scn, size_t i)
{
    static const char *const keys[K_N] = {"id",      "at",     "ask",    "kind",      "runtime",
                                          "options", "answer", "metric", "tolerance", "service"};
    static const char *const kinds[] = {"order", "choice", "number"};
    scn_question *q = &scn->questions[i];
    const cJSON *f[K_N];
    const char *s;
    int kind = -1;
    q->runtime = -1;
    q->service = -1;
    q->tolerance = DEFAULT_TOLERANCE;
    if (!jw_want_object(&c->jw, v,
                        "a question like {\"id\": \"order\", \"at\": \"0ms\", \"ask\": \"...\", "
                        "\"kind\": \"order\"}"))
        return;
    jw_members(&c->jw, v, keys, K_N, f, NULL, 0);
    if (jw_require(&c->jw, v, f[K_ID], "id"))
        question_id(c, f[K_ID], scn, i, q);
    if (jw_require(&c->jw, v, f[K_AT], "at")) {
        scn__duration(c, f[K_AT], 0, &q->at);
        if (i > 0 && q->at < scn->questions[i - 1].at) {
            char a[32], b[32];
            units_format_duration(q->at, a, sizeof a);
            units_format_duration(scn->questions[i - 1].at, b, sizeof b);
            size_t mark = jw_enter(&c->jw, f[K_AT]);
            jw_fail(&c->jw, f[K_AT],
                    "%s is before the question above it (%s): questions go in time order", a, b);
            jw_pop(&c->jw, mark);
        }
    }
    if (jw_require(&c->jw, v, f[K_ASK], "ask") && jw_string(&c->jw, f[K_ASK], true, &s))
        q->ask = jw_strdup(&c->jw, s);
    if (!jw_require(&c->jw, v, f[K_KIND], "kind") || !jw_enum(&c->jw, f[K_KIND], kinds, 3, &kind))
        return;
    q->kind = (scn_question_kind)kind;
    if (f[K_RUNTIME] != NULL && jw_string(&c->jw, f[K_RUNTIME], true, &s)) {
        q->runtime = scn_find_runtime(scn, s);
        if (q->runtime < 0 && scn->nruntimes > 0) {
            size_t mark = jw_enter(&c->jw, f[K_RUNTIME]);
            char names[256];
            jw_fail(&c->jw, f[K_RUNTIME], "no runtime is called \"%s\" (the runtimes: %s)", s,
                    scn_runtime_names(scn, names, sizeof names));
            jw_pop(&c->jw, mark);
        }
    } else if (f[K_RUNTIME] == NULL && kind != SCN_QUESTION_CHOICE) {
        /* the run that answers it: the only one, or the one named */
        if (scn->nruntimes == 1)
            q->runtime = 0;
        else if (scn->nruntimes > 1)
            jw_fail(&c->jw, v,
                    "a question of kind \"%s\" names the runtime whose run answers it "
                    "(\"runtime\"): the scenario has %zu",
                    kinds[kind], scn->nruntimes);
    }
    const char *k = kinds[kind];
    if (kind != SCN_QUESTION_CHOICE) {
        not_for_kind(c, f[K_OPTIONS], k, "choice");
        not_for_kind(c, f[K_ANSWER], k, "choice");
    }
    if (kind != SCN_QUESTION_NUMBER) {
        not_for_kind(c, f[K_METRIC], k, "number");
        not_for_kind(c, f[K_TOLERANCE], k, "number");
        not_for_kind(c, f[K_SERVICE], k, "number");
    }
    switch (kind) {
    case SCN_QUESTION_ORDER:
        if (scn->nstrings == 0) {
            size_t mark = jw_enter(&c->jw, f[K_KIND]);
            jw_fail(&c->jw, f[K_KIND],
                    "an order question asks in what order lines print, and no step of this "
                    "scenario prints (\"log\")");
            jw_pop(&c->jw, mark);
        }
        break;
    case SCN_QUESTION_CHOICE:
        if (jw_require(&c->jw, v, f[K_OPTIONS], "options"))
            options(c, f[K_OPTIONS], q);
        if (jw_require(&c->jw, v, f[K_ANSWER], "answer"))
            choice_answer(c, f[K_ANSWER], q);
        break;
    default:
        if (f[K_SERVICE] != NULL)
            question_service(c, f[K_SERVICE], scn, q);
        if (jw_require(&c->jw, v, f[K_METRIC], "metric") &&
            jw_string(&c->jw, f[K_METRIC], true, &s)) {
            size_t mark = jw_enter(&c->jw, f[K_METRIC]);
            char all[512];
            if (f[K_SERVICE] != NULL && scn_service_metric_find(s) < 0)
                jw_fail(&c->jw, f[K_METRIC],
                        "no metric of a service is called \"%s\" (a service's, as the "
                        "summary's \"services\" give them: %s)",
                        s, scn_service_metric_list(all, sizeof all));
            else if (f[K_SERVICE] == NULL && scn_metric_find(s) < 0)
                jw_fail(&c->jw, f[K_METRIC], "no metric is called \"%s\" (the summary's: %s)", s,
                        scn_metric_list(all, sizeof all));
            else
                q->metric = jw_strdup(&c->jw, s);
            jw_pop(&c->jw, mark);
        }
        if (f[K_TOLERANCE] != NULL) {
            size_t mark = jw_enter(&c->jw, f[K_TOLERANCE]);
            if (!cJSON_IsNumber(f[K_TOLERANCE]) || !(f[K_TOLERANCE]->valuedouble >= 0) ||
                f[K_TOLERANCE]->valuedouble > 1)
                jw_fail(&c->jw, f[K_TOLERANCE],
                        "expected a relative tolerance from 0 to 1 (0.05 is 5%%), got %s",
                        jw_describe(&c->jw, f[K_TOLERANCE], (char[64]){0}, 64));
            else
                q->tolerance = f[K_TOLERANCE]->valuedouble;
            jw_pop(&c->jw, mark);
        }
        break;
    }
}

void scn__questions(scn__ctx *c, const cJSON *v, scn_scenario *scn)
{
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_array(&c->jw, v, "a list of questions")) {
        int n = cJSON_GetArraySize(v);
        if (n > SCN_MAX_QUESTIONS)
            jw_fail(&c->jw, v, "%d questions; the limit is %d", n, SCN_MAX_QUESTIONS);
        else if (n > 0 &&
                 (scn->questions = jw_calloc(&c->jw, (size_t)n, sizeof *scn->questions)) != NULL) {
            scn->nquestions = (size_t)n;
            size_t i = 0;
            for (const cJSON *e = v->child; e != NULL; e = e->next, i++) {
                size_t im = jw_push_index(&c->jw, i);
                question(c, e, scn, i);
                jw_pop(&c->jw, im);
            }
        }
    }
    jw_pop(&c->jw, mark);
}

void scn__free_questions(scn_question *q, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(q[i].id);
        free(q[i].ask);
        free(q[i].metric);
        for (size_t k = 0; k < q[i].noptions; k++)
            free(q[i].options[k]);
        free(q[i].options);
    }
    free(q);
}

const char *scn_answers_key_reserved(const char *key)
{
    if (strcmp(key, "schema") == 0)
        return "names an answers file's kind";
    if (strcmp(key, "hands") == 0)
        return "is the answers file's show of hands";
    return NULL;
}
