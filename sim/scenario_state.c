/* scenario_state.c - shared state and locks (DESIGN.md "Services and shared
 * state"): the top-level "state" (names of shared integers and their initial
 * values) and the steps that use them: read, write (with add) and lock.
 *
 * What the loader refuses, each where it is written:
 *   - a read or write of a name that "state" does not give;
 *   - a write of a value the request has not read before it (in the order the
 *     steps are written): a write stores the request's copy plus `add`;
 *   - a lock without steps, or nested in a lock of the same name (a request that
 *     waits for a lock it holds itself never goes on);
 *   - two locks taken in both orders (A inside B somewhere, B inside A
 *     elsewhere): two requests can then each hold one and wait for the other;
 *   - more than SCN_MAX_LOCK_DEPTH locks nested.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "jsonloc.h"
#include "scenario_internal.h"

void scn__state(scn__ctx *c, const cJSON *v)
{
    scn_scenario *scn = c->scn;
    size_t mark = jw_enter(&c->jw, v), n = 0;
    if (!jw_want_object(&c->jw, v, "an object of shared values like {\"stock\": 10}")) {
        jw_pop(&c->jw, mark);
        return;
    }
    n = jw_count_capped(&c->jw, v, SCN_MAX_STATE, "shared values");
    scn->state = n ? jw_calloc(&c->jw, n, sizeof *scn->state) : NULL;
    scn->nstate = scn->state != NULL ? n : 0;
    const cJSON *d = v->child;
    for (size_t i = 0; i < scn->nstate; i++, d = d->next) {
        size_t km = jw_enter(&c->jw, d);
        char q[JW_KEY_SHOWN + 16];
        if (d->string[0] == '\0')
            jw_fail_key(&c->jw, d, "a shared value needs a name (got \"\")");
        for (size_t j = 0; j < i; j++)
            if (scn->state[j].name != NULL && strcmp(scn->state[j].name, d->string) == 0)
                jw_fail_key(&c->jw, d, "duplicate shared value %s",
                            jw_quote(d->string, q, sizeof q));
        jw_pop(&c->jw, km);
        int64_t x;
        if (jw_int(&c->jw, d, -SCN_MAX_STATE_VALUE, SCN_MAX_STATE_VALUE, &x))
            scn->state[i].initial = x;
        scn->state[i].name = jw_strdup(&c->jw, d->string);
    }
    jw_pop(&c->jw, mark);
}

static void problem(scn__ctx *c, const cJSON *m, const char *msg)
{
    size_t mark = jw_enter(&c->jw, m);
    jw_fail(&c->jw, m, "%s", msg);
    jw_pop(&c->jw, mark);
}

static int state_index(const scn_scenario *scn, const char *name)
{
    for (size_t i = 0; i < scn->nstate; i++)
        if (scn->state[i].name != NULL && strcmp(scn->state[i].name, name) == 0)
            return (int)i;
    return -1;
}

void scn__state_step(scn__ctx *c, const cJSON *km, const cJSON *add, scn_step *s)
{
    const scn_scenario *scn = c->scn;
    const char *name;
    char q[JW_KEY_SHOWN + 16], msg[640];
    bool write = s->kind == SCN_STEP_WRITE;
    if (add != NULL) {
        int64_t a;
        if (jw_int(&c->jw, add, -SCN_MAX_STATE_VALUE, SCN_MAX_STATE_VALUE, &a))
            s->add = a;
    }
    if (!jw_string(&c->jw, km, true, &name))
        return;
    int key = state_index(scn, name);
    jw_quote(name, q, sizeof q);
    if (key < 0) {
        if (scn->nstate == 0) {
            snprintf(msg, sizeof msg,
                     "%s names no shared value: this scenario has no \"state\" (give it one "
                     "like \"state\": {%s: 10})",
                     q, q);
        } else {
            int k = snprintf(msg, sizeof msg, "%s names no shared value (state: ", q);
            for (size_t i = 0; i < scn->nstate && k > 0 && (size_t)k < sizeof msg - 8; i++) {
                char qi[JW_KEY_SHOWN + 16];
                /* a name is NULL only when memory ran out copying it */
                const char *ni = scn->state[i].name ? scn->state[i].name : "?";
                k += snprintf(msg + k, sizeof msg - (size_t)k, "%s%s", i ? ", " : "",
                              jw_quote(ni, qi, sizeof qi));
            }
            if (k > 0 && (size_t)k < sizeof msg - 2)
                snprintf(msg + k, sizeof msg - (size_t)k, ")");
        }
        problem(c, km, msg);
        return;
    }
    if (c->key_stamp[key] != c->program) {
        c->key_stamp[key] = c->program;
        c->key_read[key] = false;
    }
    if (!write) {
        c->key_read[key] = true;
    } else if (!c->key_read[key]) {
        snprintf(msg, sizeof msg,
                 "write %s before any {\"read\": %s} of this request: a write stores the "
                 "request's copy of the value plus add, so the request must read it first",
                 q, q);
        problem(c, km, msg);
        return;
    }
    s->key = key;
}

/* The index of lock `name`, added when new; -1 (reported) past the limit. */
static int lock_index(scn__ctx *c, const cJSON *m, const char *name)
{
    scn_scenario *scn = c->scn;
    for (size_t i = 0; i < scn->nlocks; i++)
        if (strcmp(scn->locks[i], name) == 0)
            return (int)i;
    if (scn->nlocks >= SCN_MAX_LOCKS) {
        char msg[128];
        snprintf(msg, sizeof msg, "a scenario has at most %d lock names", (int)SCN_MAX_LOCKS);
        problem(c, m, msg);
        return -1;
    }
    if (sim_grow((void **)&scn->locks, &c->locks_cap, scn->nlocks + 1, sizeof *scn->locks) < 0) {
        c->jw.err = SIM_ENOMEM;
        return -1;
    }
    char *dup = jw_strdup(&c->jw, name);
    if (dup == NULL)
        return -1;
    scn->locks[scn->nlocks++] = dup;
    return (int)(scn->nlocks - 1);
}

static int line_of(const scn__ctx *c, const cJSON *m)
{
    size_t off;
    int line = 0, col = 0;
    if (jsonloc_offset(c->jw.loc, m, false, &off))
        jsonloc_line_col(c->jw.loc, off, &line, &col);
    return line;
}

bool scn__lock_enter(scn__ctx *c, const cJSON *km, scn_step *s)
{
    const char *name;
    char q[JW_KEY_SHOWN + 16], q2[JW_KEY_SHOWN + 16], msg[640];
    if (!jw_string(&c->jw, km, true, &name))
        return false;
    int id = lock_index(c, km, name);
    if (id < 0)
        return false;
    jw_quote(name, q, sizeof q);
    if (c->nheld >= SCN_MAX_LOCK_DEPTH) {
        snprintf(msg, sizeof msg, "%s would be the %dth lock held at once; the limit is %d", q,
                 c->nheld + 1, (int)SCN_MAX_LOCK_DEPTH);
        problem(c, km, msg);
        return false;
    }
    bool ok = true;
    for (int i = 0; i < c->nheld && ok; i++) {
        int outer = c->held[i];
        if (outer == id) {
            snprintf(msg, sizeof msg,
                     "lock %s is already held here (a lock step of the same name encloses this "
                     "one): the request would wait for itself forever, a deadlock; take it "
                     "once",
                     q);
            problem(c, km, msg);
            ok = false;
        } else if (c->lock_order[id][outer] > 0) {
            snprintf(msg, sizeof msg,
                     "lock %s is taken inside lock %s here, but lock %s inside lock %s at line "
                     "%d: two requests can each hold one and wait for the other, a deadlock; "
                     "take them in the same order everywhere",
                     q, jw_quote(c->scn->locks[outer], q2, sizeof q2), q2, q,
                     c->lock_order[id][outer]);
            problem(c, km, msg);
            ok = false;
        }
    }
    if (!ok)
        return false;
    int line = line_of(c, km);
    for (int i = 0; i < c->nheld; i++)
        if (c->lock_order[c->held[i]][id] == 0)
            c->lock_order[c->held[i]][id] = line > 0 ? line : 1;
    c->held[c->nheld++] = id;
    s->key = id;
    return true;
}

void scn__lock_leave(scn__ctx *c)
{
    if (c->nheld > 0)
        c->nheld--;
}
