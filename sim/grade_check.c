/* grade_check.c - one check of a rubric against one simulated run.
 *
 * A check passes or fails as a whole (no partial credit), and its outcome says in
 * words what was expected, what was found and, when it failed for another reason
 * than a wrong value, why: a problem in the answers file, a scenario that could not
 * be simulated, a requirement of the rubric the student's scenario does not meet.
 * Everything a student reads is built here, once, and the writers only lay it out.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade_internal.h"

typedef struct {
    const grade__check *k;
    const grade__inputs *in;
    grade_outcome *o;
    bool oom;
} eval;

/* A malloc'd formatted string; NULL (and e->oom) when out of memory. */
static char *format(eval *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *format(eval *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s == NULL) {
        e->oom = true;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* grade__json_quote, noting e->oom when memory runs out. */
static char *quoted(eval *e, const char *text)
{
    char *q = grade__json_quote(text);
    e->oom |= q == NULL;
    return q;
}

/* Adds a line (or several) to the outcome's problem. */
static void problem(eval *e, const char *text)
{
    char *old = e->o->problem;
    char *s = old != NULL ? format(e, "%s\n%s", old, text) : format(e, "%s", text);
    if (s != NULL) {
        free(old);
        e->o->problem = s;
    }
}

/* The answers file, or NULL with the problem noted when there is none to read. */
static grade__answers *answers(eval *e)
{
    grade__answers *a = e->in->answers;
    if (a == NULL) {
        problem(e, "no answers file was given (bistro-sim grade RUBRIC --answers FILE)");
        return NULL;
    }
    if (grade__answers_reason(a) != NULL) {
        problem(e, grade__answers_reason(a));
        return NULL;
    }
    return a;
}

/* Takes a lookup's result: 0 on success, else notes the problem. */
static void answer_result(eval *e, int rc, char *why)
{
    if (rc == SIM_ENOMEM)
        e->oom = true;
    else if (why != NULL)
        problem(e, why);
    free(why);
}

/* Position i (0-based) where the two orders part, or -1 when they are equal. */
static long first_difference(const scn_scenario *scn, const sim_metrics *m,
                             const char *const *texts, size_t n)
{
    size_t i = 0;
    for (; i < n && (int64_t)i < m->nlog; i++)
        if (strcmp(scn->strings[m->log[i].text], texts[i]) != 0)
            return (long)i;
    return (int64_t)n == m->nlog ? -1 : (long)i;
}

static void log_order(eval *e)
{
    const grade__inputs *in = e->in;
    const sim_metrics *m = in->metrics;
    if (m != NULL) {
        sink_buffer b = {0};
        sim_sink s = sink_to_buffer(&b);
        sink_write(&s, "[", 1);
        for (int64_t i = 0; i < m->nlog; i++) {
            sink_write(&s, i ? ", " : "", i ? 2 : 0);
            sink_json_string(&s, in->scn->strings[m->log[i].text]);
        }
        if (sink_write(&s, "]", 1) != 0)
            e->oom = true;
        e->o->expected = b.data;
    }
    grade__answers *a = answers(e);
    const char **texts = NULL;
    size_t n = 0;
    char *why = NULL;
    if (a != NULL) {
        int rc = grade__answer_texts(a, e->k->answer, &texts, &n, &e->o->found, &why);
        answer_result(e, rc, why);
    }
    if (m != NULL && e->o->found != NULL) {
        long at = first_difference(in->scn, m, texts, n);
        e->o->passed = at < 0;
        if (at >= 0 && in->reveal) {
            char *line = NULL;
            if ((int64_t)at < m->nlog && (size_t)at < n) {
                char *sim = quoted(e, in->scn->strings[m->log[at].text]);
                char *ans = quoted(e, texts[at]);
                if (sim != NULL && ans != NULL)
                    line = format(e,
                                  "line %ld of the order differs: the simulation printed %s "
                                  "there, the answer has %s",
                                  at + 1, sim, ans);
                free(sim);
                free(ans);
            } else {
                line = format(e, "the simulation printed %lld lines; the answer has %zu",
                              (long long)m->nlog, n);
            }
            if (line != NULL)
                problem(e, line);
            free(line);
        }
    }
    free((void *)texts);
}

bool grade_within(double answer, double actual, double tolerance)
{
    /* A prediction written as exactly the edge must pass although decimals are not
     * exact in binary: 100.2 for 100 within 0.2% gives 0.2000000000000028 against
     * 0.002 * 100 = 0.2. Allow a few ulps. */
    double limit = tolerance * fabs(actual);
    return fabs(answer - actual) <= limit + 1e-12 * (fabs(actual) + fabs(answer));
}

/* Where the check's metric is read: the run's metrics, or the service's. */
static grade__source source_of(const eval *e)
{
    return (grade__source){.m = e->in->metrics, .in_flight_max = e->in->in_flight_max};
}

static void predict(eval *e)
{
    const grade__check *k = e->k;
    const sim_metrics *m = e->in->metrics;
    const grade__source src = source_of(e);
    char value[64], lo[64], hi[64];
    double actual = 0, answer = 0;
    if (m != NULL) {
        actual = grade__value(k->metric, &src);
        grade__show(k->metric, &src, value, sizeof value);
        if (k->tolerance == 0) {
            e->o->expected = format(e, "%s exactly", value);
        } else {
            grade__number_show(k->metric, actual - k->tolerance * fabs(actual), lo, sizeof lo);
            grade__number_show(k->metric, actual + k->tolerance * fabs(actual), hi, sizeof hi);
            e->o->expected = format(e, "%s, within %g%% (%s to %s)", value, k->tolerance * 100, lo,
                                    hi);
        }
    }
    grade__answers *a = answers(e);
    char *why = NULL, *shown = NULL;
    if (a != NULL) {
        int rc = grade__answer_number(a, k->answer, &answer, &shown, &why);
        answer_result(e, rc, why);
        if (rc == 0)
            e->o->found = format(e, "%s%s", shown, grade__metric_label(k->metric));
        free(shown);
    }
    e->o->passed = m != NULL && e->o->found != NULL && grade_within(answer, actual, k->tolerance);
}

static void bounds(eval *e)
{
    const grade__check *k = e->k;
    const sim_metrics *m = e->in->metrics;
    char lo[64], hi[64], value[64];
    grade__number_show(k->metric, k->min, lo, sizeof lo);
    grade__number_show(k->metric, k->max, hi, sizeof hi);
    if (k->has_min && k->has_max)
        e->o->expected = format(e, "from %s to %s", lo, hi);
    else
        e->o->expected = format(e, "at %s %s", k->has_min ? "least" : "most", k->has_min ? lo : hi);
    if (m == NULL)
        return;
    const grade__source src = source_of(e);
    double v = grade__value(k->metric, &src);
    grade__show(k->metric, &src, value, sizeof value);
    e->o->found = format(e, "%s", value);
    e->o->passed = (!k->has_min || v >= k->min) && (!k->has_max || v <= k->max);
    /* Latencies of the requests that finished say nothing about those that never
     * did: a scenario that leaves requests waiting forever must not pass (the
     * runtime's requests, and for a service's metric its calls too). */
    const char *name = grade__metric_name(k->metric);
    if (strcmp(name, "completed") == 0 || strcmp(name, "requests") == 0)
        return;
    const sim_metrics *f = e->in->front != NULL ? e->in->front : m;
    char *line = NULL;
    if (f->completed < f->requests)
        line = format(e,
                      "only %lld of %lld requests completed; the others wait for "
                      "something that never happens",
                      (long long)f->completed, (long long)f->requests);
    else if (k->service != NULL && m->completed < m->requests)
        line = format(e,
                      "service \"%s\" answered only %lld of the %lld calls it received; the "
                      "others wait for something that never happens",
                      k->service, (long long)m->completed, (long long)m->requests);
    if (line != NULL) {
        problem(e, line);
        e->o->passed = false;
    }
    free(line);
}

/* A choice: the student's option against the author's. */
static void choice(eval *e)
{
    e->o->expected = quoted(e, e->k->equals);
    grade__answers *a = answers(e);
    const char *text = NULL;
    char *why = NULL;
    if (a != NULL) {
        int rc = grade__answer_text(a, e->k->answer, &text, &e->o->found, &why);
        answer_result(e, rc, why);
    }
    e->o->passed = text != NULL && e->o->found != NULL && strcmp(text, e->k->equals) == 0;
}

/* The rubric's "require": conditions on the scenario itself. False when one is
 * not met. */
static bool requirements(eval *e)
{
    const grade__check *k = e->k;
    const grade__inputs *in = e->in;
    char *line = NULL;
    if (in->scn != NULL && k->cores > 0 && in->scn->machine.cores != k->cores)
        line = format(e,
                      "this check needs a machine with %lld cores (\"machine\": {\"cores\": "
                      "%lld}); %s has %lld",
                      (long long)k->cores, (long long)k->cores, in->scenario_file,
                      (long long)in->scn->machine.cores);
    if (line == NULL && in->front != NULL && k->min_requests > 0 &&
        in->front->requests < k->min_requests)
        line = format(e, "this check needs at least %lld requests; %s has %lld",
                      (long long)k->min_requests, in->scenario_file,
                      (long long)in->front->requests);
    if (line != NULL) {
        problem(e, line);
        e->o->passed = false;
    }
    free(line);
    return line == NULL;
}

int grade__check_eval(const grade__check *k, const grade__inputs *in, grade_outcome *o)
{
    eval e = {.k = k, .in = in, .o = o};
    memset(o, 0, sizeof *o);
    o->name = format(&e, "%s", k->name);
    o->max_points = k->points;
    o->hidden = !in->reveal && k->kind != GRADE__BOUNDS;
    if (in->unavailable != NULL)
        problem(&e, in->unavailable);
    switch (k->kind) {
    case GRADE__LOG_ORDER: log_order(&e); break;
    case GRADE__PREDICT: predict(&e); break;
    case GRADE__BOUNDS: bounds(&e); break;
    case GRADE__CHOICE: choice(&e); break;
    }
    bool met = requirements(&e);
    if (in->metrics == NULL)
        o->passed = false;
    o->points = o->passed ? k->points : 0;
    /* A hint is about a wrong value: it would only distract when nothing could be
     * compared (an unreadable answer, a scenario that does not load) or when the
     * scenario breaks the rubric's rules. */
    if (!o->passed && k->hint != NULL && in->metrics != NULL && o->found != NULL && met)
        o->hint = format(&e, "%s", k->hint);
    if (o->hidden) {
        free(o->expected);
        o->expected = NULL;
    }
    return e.oom ? SIM_ENOMEM : 0;
}

void grade__outcome_free(grade_outcome *o)
{
    free(o->name);
    free(o->expected);
    free(o->found);
    free(o->problem);
    free(o->hint);
    memset(o, 0, sizeof *o);
}
