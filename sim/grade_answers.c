/* grade_answers.c - a student's answers file: {"KEY": answer, ...}.
 *
 * Unlike a rubric, the answers file belongs to a student, and no problem in it may
 * stop the grading: each check asks for its own answer, and a missing key or a
 * value of the wrong type fails that check alone, with a message saying where and
 * what ("answers.json:3:12: $.order[1]: expected a string, got 4"). Only a file
 * that cannot be used at all (unreadable, not JSON, not an object) fails every
 * check that needs it, with the reason kept for the whole result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade_internal.h"

struct grade__answers {
    char *file;
    grade__doc doc;
    char *reason;     /* why the file cannot be used, or NULL */
    diag_list *diags; /* scratch: one answer's problems */
    jw_ctx *walk;
};

/* Checks that the file is an object; otherwise sets a->reason. 0 or SIM_ENOMEM. */
static int want_object(grade__answers *a)
{
    jw_ctx *c = a->walk;
    grade__walk(c, a->file, &a->doc, a->diags);
    if (jw_want_object(c, a->doc.root,
                       "an object with one key per answer, like "
                       "{\"order\": [\"1\", \"2\"], \"total_ms\": 5.2}")) {
        /* the app saves "schema": "bistro-answers/1"; a file written by hand may
         * leave it out, but a schema of another kind is another file */
        const cJSON *sch = cJSON_GetObjectItemCaseSensitive(a->doc.root, "schema");
        if (sch == NULL ||
            (cJSON_IsString(sch) && strcmp(sch->valuestring, GRADE_ANSWERS_SCHEMA) == 0))
            return 0;
        size_t mark = jw_enter(c, sch);
        jw_fail(c, sch, "expected \"%s\" (an answers file), got %s", GRADE_ANSWERS_SCHEMA,
                jw_describe(c, sch, (char[64]){0}, 64));
        jw_pop(c, mark);
    }
    a->reason = grade__diags_text(a->diags);
    return a->reason != NULL ? 0 : SIM_ENOMEM;
}

grade__answers *grade__answers_open(const char *file, const char *text, size_t len, const char *why)
{
    grade__answers *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->file = grade__strdup(file);
    a->diags = diag_new();
    a->walk = malloc(sizeof *a->walk);
    int rc = a->file == NULL || a->diags == NULL || a->walk == NULL ? SIM_ENOMEM : 0;
    if (rc == 0 && text == NULL) {
        if (diag_add(a->diags, file, 0, 0, NULL, "%s", why ? why : "cannot be read") != 0 ||
            (a->reason = grade__diags_text(a->diags)) == NULL)
            rc = SIM_ENOMEM;
    } else if (rc == 0) {
        rc = grade__parse(file, text, len,
                          "the answers are a JSON object: {\"KEY\": answer, "
                          "...}",
                          a->diags, &a->doc);
        if (rc == SIM_EINVAL)
            rc = (a->reason = grade__diags_text(a->diags)) == NULL ? SIM_ENOMEM : 0;
        else if (rc == 0)
            rc = want_object(a);
    }
    if (rc != 0) {
        grade__answers_free(a);
        return NULL;
    }
    diag_clear(a->diags);
    return a;
}

void grade__answers_free(grade__answers *a)
{
    if (a == NULL)
        return;
    grade__doc_free(&a->doc);
    diag_free(a->diags);
    free(a->walk);
    free(a->reason);
    free(a->file);
    free(a);
}

const char *grade__answers_reason(const grade__answers *a)
{
    return a->reason;
}

/* The keys the file has, for "missing key" messages: "\"a\", \"b\"" or nothing. */
static void key_list(const cJSON *root, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (const cJSON *m = root->child; m != NULL && k + 8 < size; m = m->next) {
        char q[JW_KEY_SHOWN + 16];
        int w = snprintf(buf + k, size - k, "%s%s", k ? ", " : "",
                         jw_quote(m->string, q, sizeof q));
        if (w < 0 || (size_t)w >= size - k) {
            snprintf(buf + k, size - k, "%s...", k ? ", " : "");
            return;
        }
        k += (size_t)w;
    }
}

/* Starts looking up `key`: the member, or NULL with the problem reported. */
static const cJSON *member(grade__answers *a, const char *key)
{
    jw_ctx *c = a->walk;
    char q[JW_KEY_SHOWN + 16], keys[512];
    diag_clear(a->diags);
    grade__walk(c, a->file, &a->doc, a->diags);
    const cJSON *found = NULL;
    for (const cJSON *m = a->doc.root->child; m != NULL; m = m->next) {
        if (strcmp(m->string, key) != 0)
            continue;
        if (found == NULL) {
            found = m;
            continue;
        }
        grade__pos first = grade__pos_of(&a->doc, found);
        size_t mark = jw_enter(c, m);
        jw_fail_key(c, m, "duplicate key %s (first given at line %d); give each answer once",
                    jw_quote(key, q, sizeof q), first.line);
        jw_pop(c, mark);
        return NULL;
    }
    if (found == NULL) {
        key_list(a->doc.root, keys, sizeof keys);
        jw_fail(c, a->doc.root, "missing key %s%s%s%s", jw_quote(key, q, sizeof q),
                keys[0] ? " (the file has: " : " (the file is an empty object)", keys,
                keys[0] ? ")" : "");
    }
    return found;
}

/* Ends a lookup: SIM_EINVAL with *problem when something was reported. */
static int finish(grade__answers *a, char **problem)
{
    if (a->walk->err != 0)
        return a->walk->err;
    if (a->walk->problems == 0)
        return 0;
    *problem = grade__diags_text(a->diags);
    return *problem != NULL ? SIM_EINVAL : SIM_ENOMEM;
}

/* The texts of array v, each checked to be a string; *texts gets n of them. */
static int read_texts(grade__answers *a, const cJSON *v, const char ***texts, size_t *n)
{
    jw_ctx *c = a->walk;
    size_t count = (size_t)cJSON_GetArraySize(v), i = 0;
    *texts = calloc(count ? count : 1, sizeof **texts);
    if (*texts == NULL)
        return SIM_ENOMEM;
    for (const cJSON *e = v->child; e != NULL; e = e->next, i++) {
        size_t mark = jw_push_index(c, i);
        jw_string(c, e, false, &(*texts)[i]);
        jw_pop(c, mark);
    }
    *n = count;
    return 0;
}

/* ["1", "2"] as JSON, which is how the student wrote it. */
static char *show_texts(const char *const *texts, size_t n)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    sink_write(&s, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sink_write(&s, ", ", 2);
        sink_json_string(&s, texts[i]);
    }
    if (sink_write(&s, "]", 1) != 0) {
        sink_buffer_release(&b);
        return NULL;
    }
    return b.data;
}

int grade__answer_texts(grade__answers *a, const char *key, const char ***texts, size_t *n,
                        char **shown, char **problem)
{
    *texts = NULL;
    *n = 0;
    *shown = *problem = NULL;
    const cJSON *m = member(a, key);
    jw_ctx *c = a->walk;
    int rc = 0;
    if (m != NULL) {
        size_t mark = jw_enter(c, m);
        if (jw_want_array(c, m,
                          "a list of strings like [\"1\", \"2\", \"3\"], the lines in "
                          "the order they are printed"))
            rc = read_texts(a, m, texts, n);
        jw_pop(c, mark);
    }
    if (rc == 0)
        rc = finish(a, problem);
    if (rc == 0 && (*shown = show_texts(*texts, *n)) == NULL)
        rc = SIM_ENOMEM;
    if (rc != 0) {
        free((void *)*texts);
        *texts = NULL;
        *n = 0;
    }
    return rc;
}

int grade__answer_number(grade__answers *a, const char *key, double *v, char **shown,
                         char **problem)
{
    *shown = *problem = NULL;
    const cJSON *m = member(a, key);
    jw_ctx *c = a->walk;
    char got[64];
    if (m != NULL) {
        size_t mark = jw_enter(c, m);
        jw_describe(c, m, got, sizeof got);
        if (!cJSON_IsNumber(m))
            jw_fail(c, m, "expected a number like 1002.5, got %s", got);
        else if (!isfinite(m->valuedouble))
            jw_fail(c, m, "expected a number like 1002.5, got %s, which is too large", got);
        jw_pop(c, mark);
    }
    int rc = finish(a, problem);
    if (rc != 0)
        return rc;
    *v = m->valuedouble;
    *shown = grade__strdup(got);
    return *shown != NULL ? 0 : SIM_ENOMEM;
}

int grade__answer_text(grade__answers *a, const char *key, const char **text, char **shown,
                       char **problem)
{
    *text = NULL;
    *shown = *problem = NULL;
    const cJSON *m = member(a, key);
    jw_ctx *c = a->walk;
    if (m != NULL)
        jw_string(c, m, false, text); /* names m in the path itself */
    int rc = finish(a, problem);
    if (rc != 0) {
        *text = NULL;
        return rc;
    }
    *shown = grade__json_quote(*text);
    return *shown != NULL ? 0 : SIM_ENOMEM;
}
