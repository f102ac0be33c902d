/* grade_rubric.c - reading a teacher's rubric ("schema": "bistro-rubric/1").
 *
 * A rubric is checked as strictly as a scenario, with the scenario loader's walk:
 * unknown and duplicate keys are refused, every value is checked before it is
 * used, and every problem is reported with its line, column and JSON path, all at
 * once. A rubric is handed out only when there was no problem at all, so the grader
 * never has to wonder what a check meant. Whether each check's runtime exists is
 * decided later, against the scenario (grade.c).
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade_internal.h"
#include "scenario.h"

enum {
    K_NAME,
    K_POINTS,
    K_RUNTIME,
    K_EXPECT,
    K_METRIC,
    K_ANSWER,
    K_TOLERANCE,
    K_MIN,
    K_MAX,
    K_REQUIRE,
    K_HINT,
    K_EQUALS,
    K_SERVICE,
    NCHECK_KEYS
};

static const char *const CHECK_KEYS[NCHECK_KEYS] = {
    "name", "points", "runtime", "expect", "metric", "answer", "tolerance",
    "min",  "max",    "require", "hint",   "equals", "service"};

/* Reports a problem at member m's key, with m named in the path. */
static void fail_member(jw_ctx *c, const cJSON *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_member(jw_ctx *c, const cJSON *m, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t mark = jw_enter(c, m);
    jw_fail_key(c, m, "%s", msg);
    jw_pop(c, mark);
}

/* A finite number in [lo, hi]; `want` completes "expected ...". */
static bool number(jw_ctx *c, const cJSON *v, double lo, double hi, const char *want, double *out)
{
    size_t mark = jw_enter(c, v);
    char got[64];
    bool ok = cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= lo &&
              v->valuedouble <= hi;
    if (ok)
        *out = v->valuedouble;
    else
        jw_fail(c, v, "expected %s, got %s", want, jw_describe(c, v, got, sizeof got));
    jw_pop(c, mark);
    return ok;
}

/* A non-empty string, copied. */
static void text(jw_ctx *c, const cJSON *v, char **out)
{
    const char *s;
    if (jw_string(c, v, true, &s))
        *out = jw_strdup(c, s);
}

/* The key of the student's answer: any non-empty string but "schema", which an
 * answers file keeps for its kind ("bistro-answers/1"), and "hands", where the app
 * keeps a class's show of hands. */
static void answer_key(jw_ctx *c, const cJSON *v, char **out)
{
    text(c, v, out);
    const char *why = *out != NULL ? scn_answers_key_reserved(*out) : NULL;
    if (why != NULL) {
        size_t mark = jw_enter(c, v);
        jw_fail(c, v, "\"%s\" %s, not an answer: choose another key", *out, why);
        jw_pop(c, mark);
    }
}

static void require(jw_ctx *c, const cJSON *v, grade__check *k)
{
    static const char *const keys[] = {"cores", "min_requests"};
    const cJSON *f[2];
    size_t mark = jw_enter(c, v);
    if (jw_want_object(c, v, "an object like {\"cores\": 2}")) {
        jw_members(c, v, keys, 2, f, NULL, 0);
        if (f[0] != NULL)
            jw_int(c, f[0], 1, SCN_MAX_CORES, &k->cores);
        if (f[1] != NULL)
            jw_int(c, f[1], 1, SCN_MAX_REQUESTS, &k->min_requests);
    }
    jw_pop(c, mark);
}

/* What a check compares: the print order, a chosen option, a predicted metric, or
 * bounds. */
static void expect(jw_ctx *c, const cJSON *obj, const cJSON **f, grade__check *k)
{
    static const char *const expects[] = {"log_order", "choice"};
    int which;
    if (!jw_enum(c, f[K_EXPECT], expects, 2, &which))
        return;
    k->kind = which == 0 ? GRADE__LOG_ORDER : GRADE__CHOICE;
    if (jw_require(c, obj, f[K_ANSWER], "answer"))
        answer_key(c, f[K_ANSWER], &k->answer);
    for (int i = K_TOLERANCE; i <= K_MAX; i++)
        if (f[i] != NULL)
            fail_member(c, f[i], "\"%s\" goes with a \"metric\" check, not with \"expect\": \"%s\"",
                        CHECK_KEYS[i], expects[which]);
    if (which == 1 && jw_require(c, obj, f[K_EQUALS], "equals"))
        text(c, f[K_EQUALS], &k->equals);
    else if (which == 0 && f[K_EQUALS] != NULL)
        fail_member(c, f[K_EQUALS], "\"equals\" goes with \"expect\": \"choice\"");
}

static void bounds(jw_ctx *c, const cJSON **f, grade__check *k)
{
    k->kind = GRADE__BOUNDS;
    if (f[K_TOLERANCE] != NULL)
        fail_member(c, f[K_TOLERANCE],
                    "\"tolerance\" goes with \"answer\", not with \"min\" "
                    "or \"max\"");
    if (f[K_MIN] != NULL)
        k->has_min = number(c, f[K_MIN], -DBL_MAX, DBL_MAX, "a number", &k->min);
    if (f[K_MAX] != NULL)
        k->has_max = number(c, f[K_MAX], -DBL_MAX, DBL_MAX, "a number", &k->max);
    if (k->has_min && k->has_max && k->min > k->max)
        fail_member(c, f[K_MAX], "\"max\" is below \"min\"; no value could pass");
}

static void metric(jw_ctx *c, const cJSON *obj, const cJSON **f, grade__check *k)
{
    const char *name;
    char q[JW_KEY_SHOWN + 16];
    bool named = jw_string(c, f[K_METRIC], true, &name);
    if (named && f[K_SERVICE] != NULL) {
        k->metric = grade__service_metric_find(name);
        if (k->metric < 0) {
            size_t mark = jw_enter(c, f[K_METRIC]);
            char all[512];
            jw_fail(c, f[K_METRIC],
                    "unknown metric of a service %s (expected one of a service's, as the "
                    "summary's \"services\" give them: %s)",
                    jw_quote(name, q, sizeof q), scn_service_metric_list(all, sizeof all));
            jw_pop(c, mark);
        }
    } else if (named) {
        k->metric = grade__metric_find(name);
        if (k->metric < 0) {
            size_t mark = jw_enter(c, f[K_METRIC]);
            char all[512];
            jw_fail(c, f[K_METRIC], "unknown metric %s (expected one of: %s)",
                    jw_quote(name, q, sizeof q), scn_metric_list(all, sizeof all));
            jw_pop(c, mark);
        }
    }
    bool has_bounds = f[K_MIN] != NULL || f[K_MAX] != NULL;
    if (f[K_ANSWER] != NULL && has_bounds) {
        fail_member(c, f[K_MIN] != NULL ? f[K_MIN] : f[K_MAX],
                    "\"%s\" cannot be combined with "
                    "\"answer\"; make a second check for the bounds",
                    f[K_MIN] != NULL ? "min" : "max");
    } else if (f[K_ANSWER] != NULL) {
        k->kind = GRADE__PREDICT;
        answer_key(c, f[K_ANSWER], &k->answer);
        if (f[K_TOLERANCE] != NULL)
            number(c, f[K_TOLERANCE], 0, 1, "a relative tolerance from 0 to 1 (0.05 is 5%)",
                   &k->tolerance);
    } else if (has_bounds) {
        bounds(c, f, k);
    } else {
        jw_fail(c, obj,
                "a \"metric\" check needs \"answer\" (the key of the student's "
                "prediction) or \"min\"/\"max\" (bounds the simulated value must lie within)");
    }
}

static void check(jw_ctx *c, const grade__doc *doc, const cJSON *v, grade__check *k)
{
    const cJSON *f[NCHECK_KEYS];
    k->metric = -1;
    if (!jw_want_object(c, v,
                        "a check, an object like {\"name\": \"...\", \"points\": 1, "
                        "\"runtime\": \"...\", ...}"))
        return;
    jw_members(c, v, CHECK_KEYS, NCHECK_KEYS, f, NULL, 0);
    if (jw_require(c, v, f[K_NAME], "name"))
        text(c, f[K_NAME], &k->name);
    if (jw_require(c, v, f[K_POINTS], "points"))
        number(c, f[K_POINTS], 0, GRADE__MAX_POINTS, "a number of points from 0 to 1000000",
               &k->points);
    if (jw_require(c, v, f[K_RUNTIME], "runtime")) {
        text(c, f[K_RUNTIME], &k->runtime);
        k->runtime_pos = grade__pos_of(doc, f[K_RUNTIME]);
    }
    if (f[K_HINT] != NULL)
        text(c, f[K_HINT], &k->hint);
    if (f[K_REQUIRE] != NULL)
        require(c, f[K_REQUIRE], k);
    if (f[K_SERVICE] != NULL && f[K_METRIC] == NULL) {
        fail_member(c, f[K_SERVICE], "\"service\" goes with a \"metric\" check");
    } else if (f[K_SERVICE] != NULL) {
        text(c, f[K_SERVICE], &k->service);
        k->service_pos = grade__pos_of(doc, f[K_SERVICE]);
    }
    if (f[K_EXPECT] != NULL && f[K_METRIC] != NULL)
        fail_member(c, f[K_METRIC], "a check has either \"expect\" or \"metric\", not both");
    else if (f[K_EXPECT] != NULL)
        expect(c, v, f, k);
    else if (f[K_METRIC] != NULL)
        metric(c, v, f, k);
    else
        jw_fail(c, v,
                "missing \"expect\": \"log_order\" / \"choice\" or \"metric\": NAME (what the "
                "check compares)");
    if (f[K_EQUALS] != NULL && f[K_EXPECT] == NULL)
        fail_member(c, f[K_EQUALS], "\"equals\" goes with \"expect\": \"choice\"");
}

static void checks(jw_ctx *c, const grade__doc *doc, const cJSON *v, grade__rubric *r)
{
    size_t mark = jw_enter(c, v), n = 0;
    if (jw_want_array(c, v, "a list of checks")) {
        n = jw_count_capped(c, v, GRADE__MAX_CHECKS, "checks");
        if (n == 0)
            jw_fail(c, v, "a rubric needs at least one check");
        r->checks = n > 0 ? jw_calloc(c, n, sizeof *r->checks) : NULL;
        r->nchecks = r->checks != NULL ? n : 0;
        const cJSON *e = v->child;
        for (size_t i = 0; i < r->nchecks; i++, e = e->next) {
            size_t im = jw_push_index(c, i);
            check(c, doc, e, &r->checks[i]);
            jw_pop(c, im);
        }
    }
    jw_pop(c, mark);
}

/* The parts of a scenario a rubric can fix: what the student's runs must share
 * with the teacher's (the runtimes are what a student changes). */
static const char *const FIXABLE[] = {"seed", "machine", "devices", "workload", "state"};
#define NFIXABLE (sizeof FIXABLE / sizeof FIXABLE[0])

/* One "fixed" path: dotted keys, none empty, starting with a fixable part. */
static void fixed_path(jw_ctx *c, const grade__doc *doc, const cJSON *v, grade__fixed *out)
{
    const char *s;
    char q[JW_KEY_SHOWN + 16];
    if (!jw_string(c, v, true, &s))
        return;
    size_t first = strcspn(s, "."), segs = 1;
    bool empty = first == 0 || s[strlen(s) - 1] == '.' || strstr(s, "..") != NULL;
    for (const char *p = s; *p; p++)
        segs += *p == '.';
    if (strlen(s) > GRADE__MAX_FIXED_PATH) {
        jw_fail(c, v, "a path of %zu bytes; the limit is %d", strlen(s), GRADE__MAX_FIXED_PATH);
    } else if (empty) {
        jw_fail(c, v,
                "%s has an empty key; write keys joined by dots, like "
                "\"machine.thread_memory\"",
                jw_quote(s, q, sizeof q));
    } else if (segs > SCN_MAX_DEPTH) {
        jw_fail(c, v, "%s has %zu keys; the limit is %d", jw_quote(s, q, sizeof q), segs,
                SCN_MAX_DEPTH);
    } else {
        size_t i = 0;
        while (i < NFIXABLE && (strlen(FIXABLE[i]) != first || strncmp(FIXABLE[i], s, first)))
            i++;
        if (i == NFIXABLE)
            jw_fail(c, v,
                    "%s is not a part of a scenario a rubric can fix (a path starts with "
                    "one of: seed, machine, devices, workload, state)",
                    jw_quote(s, q, sizeof q));
        else {
            out->path = jw_strdup(c, s);
            out->pos = grade__pos_of(doc, v);
        }
    }
}

static void fixed(jw_ctx *c, const grade__doc *doc, const cJSON *v, grade__rubric *r)
{
    size_t mark = jw_enter(c, v), n = 0;
    r->fixed_pos = grade__pos_of(doc, v);
    if (jw_want_array(c, v, "a list of paths like [\"seed\", \"machine\", \"workload\"]")) {
        n = jw_count_capped(c, v, GRADE__MAX_FIXED, "paths");
        r->fixed = n > 0 ? jw_calloc(c, n, sizeof *r->fixed) : NULL;
        r->nfixed = r->fixed != NULL ? n : 0;
        const cJSON *e = v->child;
        for (size_t i = 0; i < r->nfixed; i++, e = e->next) {
            size_t im = jw_push_index(c, i);
            fixed_path(c, doc, e, &r->fixed[i]);
            jw_pop(c, im);
        }
    }
    jw_pop(c, mark);
}

static void top(jw_ctx *c, const grade__doc *doc, grade__rubric *r)
{
    static const char *const keys[] = {"schema", "title", "scenario", "reveal", "checks", "fixed"};
    const cJSON *f[6], *root = doc->root;
    if (!jw_want_object(c, root,
                        "a JSON object {\"schema\": \"" GRADE_SCHEMA "\", ...} as "
                        "the whole file"))
        return;
    jw_members(c, root, keys, 6, f, NULL, 0);
    if (!jw_schema(c, root, f[0], GRADE_SCHEMA, "rubrics"))
        return;
    if (f[1] != NULL)
        text(c, f[1], &r->title);
    if (f[2] != NULL) {
        text(c, f[2], &r->scenario);
        r->scenario_pos = grade__pos_of(doc, f[2]);
    }
    r->reveal = true;
    if (f[3] != NULL)
        jw_bool(c, f[3], &r->reveal);
    if (jw_require(c, root, f[4], "checks"))
        checks(c, doc, f[4], r);
    if (f[5] != NULL)
        fixed(c, doc, f[5], r);
    if (f[5] != NULL && f[2] == NULL)
        fail_member(c, f[5],
                    "\"fixed\" needs the rubric's own \"scenario\", whose values the "
                    "student's must keep");
}

int grade__rubric_parse(const char *file, const char *text, size_t len, grade__rubric **out,
                        diag_list *diags)
{
    grade__doc doc;
    *out = NULL;
    int rc = grade__parse(file, text, len,
                          "a rubric is a JSON object: {\"schema\": \"" GRADE_SCHEMA
                          "\", \"scenario\": ..., \"checks\": [...]}",
                          diags, &doc);
    if (rc != 0)
        return rc;
    jw_ctx *c = malloc(sizeof *c);
    grade__rubric *r = calloc(1, sizeof *r);
    if (c == NULL || r == NULL) {
        rc = SIM_ENOMEM;
    } else {
        grade__walk(c, file, &doc, diags);
        top(c, &doc, r);
        rc = c->err != 0 ? c->err : c->problems != 0 ? SIM_EINVAL : 0;
    }
    if (rc == 0)
        *out = r;
    else
        grade__rubric_free(r);
    free(c);
    grade__doc_free(&doc);
    return rc;
}

void grade__rubric_free(grade__rubric *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nchecks; i++) {
        grade__check *k = &r->checks[i];
        free(k->name);
        free(k->runtime);
        free(k->service);
        free(k->answer);
        free(k->equals);
        free(k->hint);
    }
    for (size_t i = 0; i < r->nfixed; i++)
        free(r->fixed[i].path);
    free(r->fixed);
    free(r->checks);
    free(r->title);
    free(r->scenario);
    free(r);
}
