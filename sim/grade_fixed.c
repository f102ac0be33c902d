/* grade_fixed.c - the rubric's "fixed" paths: what a student's scenario must keep.
 *
 * A student who may change only the runtime must not win by changing the machine
 * (a thread stack of "0B"), the workload or the seed. A rubric lists the paths of
 * its scenario that the student's must keep ("fixed": ["seed", "machine", ...]),
 * and the grader compares the two files there.
 *
 * The comparison is by meaning, not by spelling: "8MiB" equals 8388608 bytes, and a
 * value left out equals its default written out. So two values that differ as JSON
 * are compared as the loader reads them: the teacher's scenario is copied with the
 * student's value put in at the path (or taken out, when the student has none),
 * the copy is loaded, and what the simulation reads of it (seed, machine, devices,
 * workload) is compared with the teacher's loaded scenario. Everything but the
 * path is the teacher's, so any difference is the path's. A copy that does not
 * load differs.
 *
 * A difference is then narrowed down for the student: into the keys of objects and
 * the items of lists of equal length, as long as one of them differs on its own,
 * so the message names "$.workload.request[1].io", not the whole workload. Each
 * narrowing step is one more load; the number of keys a scenario may have bounds
 * them, and at most GRADE__MAX_PROBLEM_LINES differences are looked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade_internal.h"

/* One step of a path: a key of an object, or (index >= 0) an item of a list. */
typedef struct {
    const char *key;
    int index;
} seg;

#define MAX_SEGS (SCN_MAX_DEPTH + 1)
#define SHOWN 64 /* bytes of a value shown in a message */
/* Copies loaded, at most, before narrowing stops: a student's list of 100,000
 * items that differ in spelling only must not cost 100,000 loads. */
#define MAX_NARROWING_LOADS 256

typedef struct {
    const grade__scenario_src *teacher, *student;
    grade__doc tdoc, sdoc;
    jw_ctx tc, sc;      /* the walks of both files (sc reports into diags) */
    diag_list *diags;   /* the differences */
    diag_list *scratch; /* the problems of the copies, not shown */
    size_t found;
    size_t loads; /* copies loaded */
    int err;
} cmp;

/* ---- what the simulation reads of a loaded scenario ---- */

static bool str_same(const char *a, const char *b)
{
    return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static bool dist_same(scn_dist a, scn_dist b)
{
    return a.kind == b.kind && a.a == b.a && a.b == b.b;
}

/* An index into a table of names (devices, strings, task names), or -1. */
static const char *name_at(char *const *table, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? table[i] : NULL;
}

static const char *device_name(const scn_scenario *s, int i)
{
    return i >= 0 && (size_t)i < s->ndevices ? s->devices[i].name : NULL;
}

static bool block_same(const scn_scenario *a, const scn_block *x, const scn_scenario *b,
                       const scn_block *y);

static const char *state_name(const scn_scenario *s, int i)
{
    return i >= 0 && (size_t)i < s->nstate ? s->state[i].name : NULL;
}

/* The same shared values with the same initial values, in any order (steps name
 * them). */
static bool state_same(const scn_scenario *a, const scn_scenario *b)
{
    if (a->nstate != b->nstate)
        return false;
    for (size_t i = 0; i < a->nstate; i++) {
        size_t j = 0;
        while (j < b->nstate && !str_same(a->state[i].name, b->state[j].name))
            j++;
        if (j == b->nstate || a->state[i].initial != b->state[j].initial)
            return false;
    }
    return true;
}

static bool step_same(const scn_scenario *a, const scn_step *x, const scn_scenario *b,
                      const scn_step *y)
{
    if (x->kind != y->kind || !dist_same(x->dur, y->dur) || x->count != y->count ||
        x->round_trips != y->round_trips || x->to != y->to || x->has_then != y->has_then ||
        x->line != y->line || x->awaits != y->awaits || x->returns_promise != y->returns_promise ||
        x->nbranches != y->nbranches)
        return false;
    if (!str_same(device_name(a, x->device), device_name(b, y->device)) ||
        !str_same(name_at(a->names, a->nnames, x->name), name_at(b->names, b->nnames, y->name)))
        return false;
    if (x->kind == SCN_STEP_LOG && !str_same(name_at(a->strings, a->nstrings, x->text),
                                             name_at(b->strings, b->nstrings, y->text)))
        return false;
    /* shared state: the value a read or write names, a write's add, a lock's name */
    if (x->add != y->add ||
        ((x->kind == SCN_STEP_READ || x->kind == SCN_STEP_WRITE) &&
         !str_same(state_name(a, x->key), state_name(b, y->key))) ||
        (x->kind == SCN_STEP_LOCK &&
         !str_same(name_at(a->locks, a->nlocks, x->key), name_at(b->locks, b->nlocks, y->key))))
        return false;
    for (size_t i = 0; i < x->nbranches; i++)
        if (!block_same(a, &x->branches[i], b, &y->branches[i]))
            return false;
    return block_same(a, &x->body, b, &y->body) && block_same(a, &x->then_body, b, &y->then_body);
}

static bool block_same(const scn_scenario *a, const scn_block *x, const scn_scenario *b,
                       const scn_block *y)
{
    if (x->n != y->n)
        return false;
    for (size_t i = 0; i < x->n; i++)
        if (!step_same(a, &x->steps[i], b, &y->steps[i]))
            return false;
    return true;
}

static bool arrivals_same(const scn_arrivals *x, const scn_arrivals *y)
{
    return x->kind == y->kind && x->count == y->count && x->every == y->every &&
           x->rate_per_s == y->rate_per_s && x->nat == y->nat && x->clients == y->clients &&
           dist_same(x->think, y->think) &&
           (x->nat == 0 || memcmp(x->at, y->at, x->nat * sizeof *x->at) == 0);
}

static bool workload_same(const scn_scenario *a, const scn_scenario *b)
{
    const scn_workload *x = &a->workload, *y = &b->workload;
    if (x->kind != y->kind || !arrivals_same(&x->arrivals, &y->arrivals) || x->nmix != y->nmix ||
        x->nrequests != y->nrequests || !block_same(a, &x->request, b, &y->request))
        return false;
    for (size_t i = 0; i < x->nmix; i++)
        if (x->mix[i].weight != y->mix[i].weight ||
            !block_same(a, &x->mix[i].steps, b, &y->mix[i].steps))
            return false;
    for (size_t i = 0; i < x->nrequests; i++)
        if (!str_same(x->requests[i].name, y->requests[i].name) ||
            x->requests[i].at != y->requests[i].at ||
            !block_same(a, &x->requests[i].steps, b, &y->requests[i].steps))
            return false;
    return true;
}

/* The same devices, in any order (steps name them, so the order means nothing). */
static bool devices_same(const scn_scenario *a, const scn_scenario *b)
{
    if (a->ndevices != b->ndevices)
        return false;
    for (size_t i = 0; i < a->ndevices; i++) {
        const scn_device *d = &a->devices[i];
        size_t j = 0;
        while (j < b->ndevices && !str_same(d->name, b->devices[j].name))
            j++;
        if (j == b->ndevices || d->capacity != b->devices[j].capacity ||
            d->via_threadpool != b->devices[j].via_threadpool)
            return false;
    }
    return true;
}

static bool machine_same(const scn_machine *x, const scn_machine *y)
{
    return x->cores == y->cores && x->quantum == y->quantum &&
           x->context_switch == y->context_switch && x->thread_bytes == y->thread_bytes &&
           x->connection_bytes == y->connection_bytes && x->process_bytes == y->process_bytes &&
           x->jitter == y->jitter;
}

static bool loaded_same(const scn_scenario *a, const scn_scenario *b)
{
    return a->seed == b->seed && machine_same(&a->machine, &b->machine) && devices_same(a, b) &&
           state_same(a, b) && workload_same(a, b);
}

/* ---- paths in a JSON tree ---- */

/* The value at path p[0..n) under root, or NULL; *last gets the deepest value
 * on the way that exists (root at least). */
static const cJSON *lookup(const cJSON *root, const seg *p, size_t n, const cJSON **last)
{
    const cJSON *v = root;
    *last = root;
    for (size_t i = 0; i < n && v != NULL; i++) {
        if (p[i].index >= 0)
            v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, p[i].index) : NULL;
        else
            v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, p[i].key) : NULL;
        if (v != NULL)
            *last = v;
    }
    return v;
}

/* Puts a copy of v (NULL: nothing) at path p in the tree root, making the objects
 * on the way that are missing. 0; 1 when the tree has no place for it (a value on
 * the way is not an object); SIM_ENOMEM. */
static int put(cJSON *root, const seg *p, size_t n, const cJSON *v)
{
    cJSON *at = root;
    for (size_t i = 0; i + 1 < n; i++) {
        cJSON *next = p[i].index >= 0
                          ? (cJSON_IsArray(at) ? cJSON_GetArrayItem(at, p[i].index) : NULL)
                          : (cJSON_IsObject(at) ? cJSON_GetObjectItemCaseSensitive(at, p[i].key)
                                                : NULL);
        if (next == NULL && p[i].index < 0 && cJSON_IsObject(at)) {
            next = cJSON_AddObjectToObject(at, p[i].key);
            if (next == NULL)
                return SIM_ENOMEM;
        }
        if (next == NULL)
            return 1;
        at = next;
    }
    const seg *last = &p[n - 1];
    if (last->index >= 0 ? !cJSON_IsArray(at) : !cJSON_IsObject(at))
        return 1;
    if (v == NULL) {
        if (last->index >= 0)
            return 1; /* items are compared only where both lists have them */
        cJSON_DeleteItemFromObjectCaseSensitive(at, last->key);
        return 0;
    }
    cJSON *copy = cJSON_Duplicate(v, true);
    if (copy == NULL)
        return SIM_ENOMEM;
    bool ok = last->index >= 0 ? cJSON_ReplaceItemInArray(at, last->index, copy)
              : cJSON_GetObjectItemCaseSensitive(at, last->key) != NULL
                  ? cJSON_ReplaceItemInObjectCaseSensitive(at, last->key, copy)
                  : cJSON_AddItemToObject(at, last->key, copy);
    if (!ok) {
        cJSON_Delete(copy);
        return SIM_ENOMEM;
    }
    return 0;
}

/* ---- comparing at a path ---- */

/* Equal as JSON values: the same type and value, objects with the same keys in any
 * order (a loaded scenario has no duplicate keys), lists item by item. Numbers are
 * equal when they are the same double. */
static bool json_same(const cJSON *a, const cJSON *b)
{
    if ((a->type & 0xFF) != (b->type & 0xFF))
        return false;
    if (cJSON_IsNumber(a))
        return a->valuedouble == b->valuedouble;
    if (cJSON_IsString(a))
        return strcmp(a->valuestring, b->valuestring) == 0;
    if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
        return true; /* true, false, null */
    if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
        return false;
    const cJSON *y = b->child;
    for (const cJSON *x = a->child; x != NULL; x = x->next, y = y->next) {
        const cJSON *other = cJSON_IsArray(a) ? y : cJSON_GetObjectItemCaseSensitive(b, x->string);
        if (other == NULL || !json_same(x, other))
            return false;
    }
    return true;
}

/* Whether the teacher's scenario with the student's value at p means the same. */
static int same_at(cmp *m, const seg *p, size_t n, bool *same)
{
    const cJSON *last, *tv = lookup(m->tdoc.root, p, n, &last),
                       *sv = lookup(m->sdoc.root, p, n, &last);
    *same = (tv == NULL && sv == NULL) || (tv != NULL && sv != NULL && json_same(tv, sv));
    if (*same)
        return 0;
    m->loads++;
    cJSON *copy = cJSON_Duplicate(m->tdoc.root, true);
    if (copy == NULL)
        return SIM_ENOMEM;
    int rc = put(copy, p, n, sv);
    char *text = rc == 0 ? cJSON_PrintUnformatted(copy) : NULL;
    cJSON_Delete(copy);
    if (rc < 0 || (rc == 0 && text == NULL))
        return SIM_ENOMEM;
    if (rc == 1)
        return 0; /* no place for the student's value: it differs */
    scn_scenario *h = NULL;
    diag_clear(m->scratch);
    rc = scn_load_buffer(m->teacher->file, text, strlen(text), &h, m->scratch);
    free(text);
    if (rc == SIM_ENOMEM)
        return rc;
    *same = rc == 0 && loaded_same(m->teacher->scn, h);
    scn_free(h);
    return 0;
}

/* How a value is shown: as the file has it, shortened; JSON escapes keep a
 * student's text on its line. NULL when out of memory. */
static const char *shown(const jw_ctx *c, const cJSON *v, char *buf, size_t size)
{
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return jw_describe(c, v, buf, size);
    char *text = cJSON_PrintUnformatted(v);
    if (text == NULL)
        return NULL;
    size_t n = strlen(text);
    if (n < size) {
        memcpy(buf, text, n + 1);
    } else {
        n = size - 4;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--; /* not inside a character */
        snprintf(buf, size, "%.*s...", (int)n, text);
    }
    free(text);
    return buf;
}

/* Reports the difference at p, at the student's value (or where it would be). */
static void report(cmp *m, const seg *p, size_t n)
{
    const cJSON *tlast, *slast, *tv = lookup(m->tdoc.root, p, n, &tlast),
                                *sv = lookup(m->sdoc.root, p, n, &slast);
    char tb[SHOWN], sb[SHOWN];
    const char *ts = tv != NULL ? shown(&m->tc, tv, tb, sizeof tb) : "",
               *ss = sv != NULL ? shown(&m->sc, sv, sb, sizeof sb) : "";
    if (ts == NULL || ss == NULL) {
        m->err = SIM_ENOMEM;
        return;
    }
    jw_ctx *c = &m->sc;
    jw_pop(c, 1);
    for (size_t i = 0; i < n; i++)
        if (p[i].index >= 0)
            jw_push_index(c, (size_t)p[i].index);
        else
            jw_push_key(c, p[i].key);
    const char *file = m->teacher->file;
    if (tv == NULL)
        jw_fail(c, slast, "the rubric fixes this value: %s leaves it out, this file has %s", file,
                ss);
    else if (sv == NULL)
        jw_fail(c, slast, "the rubric fixes this value: %s has %s, this file leaves it out", file,
                ts);
    else
        jw_fail(c, sv, "the rubric fixes this value: %s has %s, this file has %s", file, ts, ss);
    m->err = c->err;
    m->found++;
}

/* The p that differs as a whole: reports the parts of it that differ on their own,
 * or p itself when none does. */
static void explain(cmp *m, seg *p, size_t n)
{
    const cJSON *last, *tv = lookup(m->tdoc.root, p, n, &last),
                       *sv = lookup(m->sdoc.root, p, n, &last);
    size_t before = m->found;
    bool objects = (tv == NULL || cJSON_IsObject(tv)) && (sv == NULL || cJSON_IsObject(sv));
    bool lists = cJSON_IsArray(tv) && cJSON_IsArray(sv) &&
                 cJSON_GetArraySize(tv) == cJSON_GetArraySize(sv);
    if (n < MAX_SEGS && (objects || lists)) {
        /* the teacher's keys, then the student's that the teacher has not */
        const cJSON *sides[2] = {tv, sv};
        for (int side = 0; side < (lists ? 1 : 2); side++) {
            int i = 0;
            for (const cJSON *e = sides[side] ? sides[side]->child : NULL; e != NULL;
                 e = e->next, i++) {
                if (m->err != 0 || m->found >= GRADE__MAX_PROBLEM_LINES)
                    return;
                if (m->loads >= MAX_NARROWING_LOADS)
                    break;
                if (side == 1 && cJSON_GetObjectItemCaseSensitive(tv, e->string) != NULL)
                    continue;
                p[n] = lists ? (seg){NULL, i} : (seg){e->string, -1};
                bool same;
                m->err = same_at(m, p, n + 1, &same);
                if (m->err == 0 && !same)
                    explain(m, p, n + 1);
            }
        }
    }
    if (m->found == before && m->err == 0)
        report(m, p, n);
}

/* Splits a dotted path (copied into buf) into p; returns the number of keys. */
static size_t split(const char *path, char *buf, size_t size, seg *p)
{
    snprintf(buf, size, "%s", path);
    size_t n = 0;
    for (char *s = buf; n < MAX_SEGS; n++) {
        p[n] = (seg){s, -1};
        char *dot = strchr(s, '.');
        if (dot == NULL)
            return n + 1;
        *dot = '\0';
        s = dot + 1;
    }
    return n;
}

static int open_doc(const grade__scenario_src *src, grade__doc *doc, jw_ctx *c, diag_list *d)
{
    int rc = grade__parse(src->file, src->text, src->len, "a scenario", d, doc);
    if (rc == 0)
        grade__walk(c, src->file, doc, d);
    return rc;
}

int grade__fixed_validate(const grade__rubric *r, const char *rubric_file,
                          const grade__scenario_src *teacher, diag_list *diags)
{
    grade__doc doc;
    jw_ctx c;
    diag_list *scratch = diag_new();
    if (scratch == NULL)
        return SIM_ENOMEM;
    int rc = open_doc(teacher, &doc, &c, scratch); /* the loader has read it already */
    diag_free(scratch);
    if (rc != 0)
        return rc;
    bool bad = false;
    for (size_t i = 0; i < r->nfixed && rc == 0; i++) {
        char buf[JW_PATH_MAX], at[48];
        seg p[MAX_SEGS];
        size_t n = split(r->fixed[i].path, buf, sizeof buf, p);
        const cJSON *last;
        if (n == 1 || lookup(doc.root, p, n, &last) != NULL)
            continue;
        snprintf(at, sizeof at, "$.fixed[%zu]", i);
        const char *dot = strrchr(r->fixed[i].path, '.');
        rc = diag_add(diags, rubric_file, r->fixed[i].pos.line, r->fixed[i].pos.col, at,
                      "%s has no value at %s; write it there (its default is fine), or fix "
                      "\"%.*s\" as a whole",
                      teacher->file, r->fixed[i].path, (int)(dot - r->fixed[i].path),
                      r->fixed[i].path);
        bad = true;
    }
    grade__doc_free(&doc);
    return rc != 0 ? rc : bad ? SIM_EINVAL : 0;
}

int grade__fixed_compare(const grade__rubric *r, const grade__scenario_src *teacher,
                         const grade__scenario_src *student, char **problem)
{
    *problem = NULL;
    cmp m = {.teacher = teacher, .student = student};
    m.diags = diag_new();
    m.scratch = diag_new();
    int rc = m.diags == NULL || m.scratch == NULL ? SIM_ENOMEM : 0;
    if (rc == 0)
        rc = open_doc(teacher, &m.tdoc, &m.tc, m.scratch);
    if (rc == 0)
        rc = open_doc(student, &m.sdoc, &m.sc, m.diags);
    for (size_t i = 0; i < r->nfixed && rc == 0 && m.found < GRADE__MAX_PROBLEM_LINES; i++) {
        char buf[JW_PATH_MAX];
        seg p[MAX_SEGS + 1];
        size_t n = split(r->fixed[i].path, buf, sizeof buf, p);
        bool same;
        rc = same_at(&m, p, n, &same);
        if (rc == 0 && !same)
            explain(&m, p, n);
        rc = rc != 0 ? rc : m.err;
    }
    if (rc == 0 && m.found > 0)
        rc = (*problem = grade__diags_text(m.diags)) != NULL ? 0 : SIM_ENOMEM;
    grade__doc_free(&m.tdoc);
    grade__doc_free(&m.sdoc);
    diag_free(m.diags);
    diag_free(m.scratch);
    return rc;
}
