/* scenario_steps.c - reading a request's program: lists of steps (DESIGN.md "The
 * model"), nested through then, callbacks, parallel branches, repeat, awaited
 * calls and spawned tasks. Task and promise names (spawn, join, resolve, await)
 * are scoped to one request's program: a join needs a spawn of its name before it,
 * an await of a name a resolve of it anywhere in the program.
 *
 * Besides checking every step, the walk computes how many steps a program has
 * once `repeat` is unrolled, the way workload.c instantiates it: every step is
 * one, each parallel branch and an offload's `then` one more, and a repeat holds
 * N copies of its steps, an interval N firings of one op more than its callback.
 * The count saturates just above SCN_MAX_EXPANDED_STEPS, so
 * nested repeats of a million cannot overflow it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "scenario_internal.h"

#define SCN__EXP_CAP ((uint64_t)SCN_MAX_EXPANDED_STEPS + 1)
#define SCN__MAX_REPEAT 1000000
#define SCN__MAX_ROUND_TRIPS 1000

static const char *const step_kinds[] = {
    "cpu",       "native",   "io",      "log",    "microtask", "next_tick", "timeout",
    "immediate", "parallel", "offload", "repeat", "interval",  "sleep",     "await",
    "spawn",     "join",     "resolve", "read",   "write",     "lock",      "call"};
#define SCN__NKINDS (sizeof step_kinds / sizeof step_kinds[0])

/* The keys each kind of step may have, its kind first; in scn_step_kind order. */
static const char *const keys_cpu[] = {"cpu", "line"};
static const char *const keys_native[] = {"native", "line"};
static const char *const keys_io[] = {"io", "device", "then", "line", "round_trips"};
static const char *const keys_log[] = {"log", "line"};
static const char *const keys_microtask[] = {"microtask", "line"};
static const char *const keys_next_tick[] = {"next_tick", "line"};
static const char *const keys_timeout[] = {"timeout", "then", "line"};
static const char *const keys_immediate[] = {"immediate", "line"};
static const char *const keys_parallel[] = {"parallel", "line"};
static const char *const keys_offload[] = {"offload", "to", "then", "line"};
static const char *const keys_repeat[] = {"repeat", "steps", "line"};
static const char *const keys_interval[] = {"interval", "count", "then", "line"};
static const char *const keys_sleep[] = {"sleep", "line"};
static const char *const keys_await[] = {"await", "returns", "line"};
static const char *const keys_spawn[] = {"spawn", "steps", "line"};
static const char *const keys_join[] = {"join", "line"};
static const char *const keys_resolve[] = {"resolve", "line"};
static const char *const keys_read[] = {"read", "line"};
static const char *const keys_write[] = {"write", "add", "line"};
static const char *const keys_lock[] = {"lock", "steps", "line"};
static const char *const keys_call[] = {"call", "then", "line"};
#define SCN__KEYS(a)              \
    {                             \
        a, sizeof a / sizeof a[0] \
    }
static const struct {
    const char *const *keys;
    size_t n;
} step_keys[] = {
    SCN__KEYS(keys_cpu),     SCN__KEYS(keys_native),    SCN__KEYS(keys_io),
    SCN__KEYS(keys_log),     SCN__KEYS(keys_microtask), SCN__KEYS(keys_next_tick),
    SCN__KEYS(keys_timeout), SCN__KEYS(keys_immediate), SCN__KEYS(keys_parallel),
    SCN__KEYS(keys_offload), SCN__KEYS(keys_repeat),    SCN__KEYS(keys_interval),
    SCN__KEYS(keys_sleep),   SCN__KEYS(keys_await),     SCN__KEYS(keys_spawn),
    SCN__KEYS(keys_join),    SCN__KEYS(keys_resolve),   SCN__KEYS(keys_read),
    SCN__KEYS(keys_write),   SCN__KEYS(keys_lock),      SCN__KEYS(keys_call),
};
#define SCN__MAX_STEP_KEYS 5

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b > SCN__EXP_CAP ? SCN__EXP_CAP : a + b; /* both <= the cap: no wrap */
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > SCN__EXP_CAP / b ? SCN__EXP_CAP : sat_add(0, a * b);
}

/* The member of f named `key` for the step keys `keys`. */
static const cJSON *get(const cJSON *const *f, const char *const *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return f[i];
    return NULL;
}

static int intern(scn__ctx *c, const char *text)
{
    scn_scenario *scn = c->scn;
    if (sim_grow((void **)&scn->strings, &c->strings_cap, scn->nstrings + 1, sizeof *scn->strings) <
        0) {
        c->jw.err = SIM_ENOMEM;
        return 0;
    }
    char *dup = jw_strdup(&c->jw, text);
    if (dup == NULL)
        return 0;
    scn->strings[scn->nstrings++] = dup;
    return (int)(scn->nstrings - 1);
}

static void device_ref(scn__ctx *c, const cJSON *m, scn_step *s)
{
    const char *name;
    if (!jw_string(&c->jw, m, false, &name))
        return;
    const scn_scenario *scn = c->scn;
    for (size_t i = 0; i < scn->ndevices; i++)
        if (scn->devices[i].name != NULL && strcmp(scn->devices[i].name, name) == 0) {
            s->device = (int)i;
            return;
        }
    char list[512] = "", q[JW_KEY_SHOWN + 16];
    size_t k = 0;
    for (size_t i = 0; i < scn->ndevices && k < sizeof list; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                              scn->devices[i].name ? scn->devices[i].name : "?");
    size_t mark = jw_enter(&c->jw, m);
    if (scn->ndevices == 0)
        jw_fail(&c->jw, m, "unknown device %s (this scenario has no \"devices\")",
                jw_quote(name, q, sizeof q));
    else
        jw_fail(&c->jw, m, "unknown device %s (devices: %s)", jw_quote(name, q, sizeof q), list);
    jw_pop(&c->jw, mark);
}

/* A step's "line" must fall inside every listing that some runtime shows: the
 * scenario's, when a runtime has none of its own, and each runtime's own. */
static void code_line(scn__ctx *c, const cJSON *m, scn_step *s)
{
    int64_t line;
    if (!jw_int(&c->jw, m, 1, SCN_MAX_CODE_LINES, &line))
        return;
    bool ok = true;
    char q[JW_KEY_SHOWN + 16];
    size_t mark = jw_enter(&c->jw, m), top = c->scn->code.nlines;
    if (c->top_shown && (size_t)line > top && c->nlistings == 0) {
        jw_fail(&c->jw, m, "line %lld is past the end of the code listing, which has %zu line%s",
                (long long)line, top, top == 1 ? "" : "s");
        ok = false;
    } else if (c->top_shown && (size_t)line > top) {
        jw_fail(&c->jw, m,
                "line %lld is past the end of the scenario's code listing ($.code, shown for "
                "runtime %s), which has %zu line%s",
                (long long)line, jw_quote(c->top_user, q, sizeof q), top, top == 1 ? "" : "s");
        ok = false;
    }
    for (size_t i = 0; i < c->nlistings; i++) {
        const scn__listing *l = &c->listings[i];
        if ((size_t)line <= l->lines)
            continue;
        jw_fail(&c->jw, m,
                "line %lld is past the end of runtime %s's own code listing "
                "($.runtimes[%zu].code), which has %zu line%s; a step's line must fall inside "
                "every listing shown",
                (long long)line, jw_quote(l->name, q, sizeof q), l->index, l->lines,
                l->lines == 1 ? "" : "s");
        ok = false;
    }
    jw_pop(&c->jw, mark);
    if (ok)
        s->line = (int)line;
}

static uint64_t parallel(scn__ctx *c, const cJSON *m, scn_step *s)
{
    size_t mark = jw_enter(&c->jw, m);
    uint64_t e = 1;
    if (jw_want_array(&c->jw, m,
                      "a list of branches like [[{\"cpu\": \"5ms\"}], "
                      "[{\"io\": \"5ms\"}]]")) {
        size_t n = 0;
        for (const cJSON *b = m->child; b != NULL; b = b->next)
            n++;
        if (n == 0)
            jw_fail(&c->jw, m, "a parallel step needs at least one branch");
        s->branches = n ? jw_calloc(&c->jw, n, sizeof *s->branches) : NULL;
        if (s->branches != NULL) {
            s->nbranches = n;
            size_t i = 0;
            for (const cJSON *b = m->child; b != NULL; b = b->next, i++) {
                size_t bm = jw_push_index(&c->jw, i);
                e = sat_add(e, sat_add(1, scn__block(c, b, &s->branches[i])));
                jw_pop(&c->jw, bm);
            }
        }
    }
    jw_pop(&c->jw, mark);
    return e;
}

/* An io's "round_trips": requests one after another, each through the threadpool
 * (fs.readFile's open, fstat, read, close), so its device must be one. */
static void round_trips(scn__ctx *c, const cJSON *m, scn_step *s)
{
    int64_t n;
    if (!jw_int(&c->jw, m, 1, SCN__MAX_ROUND_TRIPS, &n))
        return;
    s->round_trips = n;
    if (n == 1 || (s->device >= 0 && c->scn->devices[s->device].via_threadpool))
        return;
    size_t mark = jw_enter(&c->jw, m);
    jw_fail(&c->jw, m,
            "round_trips needs a device with \"via\": \"threadpool\" (the requests of a file "
            "read each go through the threadpool)");
    jw_pop(&c->jw, mark);
}

/* ---- tasks and promises: await, spawn, join, resolve ---- */

/* What an await may name besides a promise of its request. */
static const char *const await_words[] = {"resolved", "thenable"};
static const char *const returns_words[] = {"value", "promise"};

static void problem(scn__ctx *c, const cJSON *m, const char *msg)
{
    size_t mark = jw_enter(&c->jw, m);
    jw_fail(&c->jw, m, "%s", msg);
    jw_pop(&c->jw, mark);
}

/* The index of `name` in scn->names, added when `add` and not there yet; -1 when
 * it is not there (or cannot be added, which is reported at m). */
static int name_index(scn__ctx *c, const cJSON *m, const char *name, bool add)
{
    scn_scenario *scn = c->scn;
    for (size_t i = 0; i < scn->nnames; i++)
        if (strcmp(scn->names[i], name) == 0)
            return (int)i;
    if (!add)
        return -1;
    if (scn->nnames >= SCN_MAX_NAMES) {
        char msg[160];
        snprintf(msg, sizeof msg, "a scenario has at most %d task and promise names",
                 SCN_MAX_NAMES);
        problem(c, m, msg);
        return -1;
    }
    if (sim_grow((void **)&scn->names, &c->names_cap, scn->nnames + 1, sizeof *scn->names) < 0) {
        c->jw.err = SIM_ENOMEM;
        return -1;
    }
    char *dup = jw_strdup(&c->jw, name);
    if (dup == NULL)
        return -1;
    scn->names[scn->nnames++] = dup;
    return (int)(scn->nnames - 1);
}

/* How the program being read uses name `id` so far (SCN__USE_*). */
static uint8_t *use_of(scn__ctx *c, int id)
{
    if (c->name_stamp[id] != c->program) {
        c->name_stamp[id] = c->program;
        c->name_use[id] = 0;
    }
    return &c->name_use[id];
}

/* Tasks and promises belong to the event loop's thread: offloaded steps, which
 * run on another thread, cannot spawn, join, resolve or await one by name. */
static bool on_loop(scn__ctx *c, const cJSON *m, const char *what)
{
    if (c->offloaded == 0)
        return true;
    char msg[256];
    snprintf(msg, sizeof msg,
             "%s cannot be in offloaded steps: they run on another thread, and a task or "
             "promise belongs to the event loop's thread",
             what);
    problem(c, m, msg);
    return false;
}

static void spawn_step(scn__ctx *c, const cJSON *km, scn_step *s)
{
    const char *name;
    char q[JW_KEY_SHOWN + 16], msg[320];
    if (!jw_string(&c->jw, km, true, &name) || !on_loop(c, km, "a spawn"))
        return;
    int id = name_index(c, km, name, true);
    if (id < 0)
        return;
    uint8_t *use = use_of(c, id);
    if (*use & SCN__USE_RESOLVE) {
        snprintf(msg, sizeof msg,
                 "%s is already the name of a promise (a resolve step) in this request; a "
                 "task needs a name of its own",
                 jw_quote(name, q, sizeof q));
        problem(c, km, msg);
        return;
    }
    *use |= SCN__USE_SPAWN;
    s->name = id;
}

static void join_step(scn__ctx *c, const cJSON *km, scn_step *s)
{
    const char *name;
    char q[JW_KEY_SHOWN + 16], msg[400];
    if (!jw_string(&c->jw, km, true, &name) || !on_loop(c, km, "a join"))
        return;
    int id = name_index(c, km, name, false);
    uint8_t use = id >= 0 ? *use_of(c, id) : 0;
    if (use & SCN__USE_SPAWN) {
        s->name = id;
        return;
    }
    jw_quote(name, q, sizeof q);
    int k = snprintf(msg, sizeof msg,
                     "join %s names no task: a join awaits the task of a {\"spawn\": %s} step "
                     "that comes before it in the same request",
                     q, q);
    if (use & SCN__USE_RESOLVE)
        snprintf(msg + k, sizeof msg - (size_t)k, " (%s is a promise: {\"await\": %s})", q, q);
    problem(c, km, msg);
}

static void resolve_step(scn__ctx *c, const cJSON *km, scn_step *s)
{
    const char *name;
    char q[JW_KEY_SHOWN + 16], msg[320];
    if (!jw_string(&c->jw, km, true, &name) || !on_loop(c, km, "a resolve"))
        return;
    jw_quote(name, q, sizeof q);
    if (jw_find_name(await_words, 2, name) < 2) {
        snprintf(msg, sizeof msg,
                 "%s is a word of await ({\"await\": %s} awaits no promise of the request); "
                 "name the promise something else",
                 q, q);
        problem(c, km, msg);
        return;
    }
    int id = name_index(c, km, name, true);
    if (id < 0)
        return;
    uint8_t *use = use_of(c, id);
    if (*use & SCN__USE_SPAWN) {
        snprintf(msg, sizeof msg,
                 "%s names a task (a spawn step); a task's promise settles when its steps "
                 "end, not with resolve",
                 q);
        problem(c, km, msg);
        return;
    }
    *use |= SCN__USE_RESOLVE;
    s->name = id;
}

/* await: a list of steps (an async call), a word, or the name of a promise. */
static uint64_t await_step(scn__ctx *c, const cJSON *km, const cJSON *returns, scn_step *s)
{
    uint64_t e = 1;
    int w;
    if (cJSON_IsArray(km)) {
        s->awaits = SCN_AWAIT_CALL;
        e = sat_add(e, scn__block(c, km, &s->body));
        if (returns != NULL && jw_enum(&c->jw, returns, returns_words, 2, &w))
            s->returns_promise = w == 1;
        return e;
    }
    if (returns != NULL)
        problem(c, returns,
                "\"returns\" tells what an awaited async function returns: it needs a list "
                "of steps in \"await\"");
    if (!cJSON_IsString(km)) {
        char got[64], msg[256];
        snprintf(msg, sizeof msg,
                 "expected a list of steps (an async call), \"resolved\", \"thenable\" or "
                 "the name of a promise, got %s",
                 jw_describe(&c->jw, km, got, sizeof got));
        problem(c, km, msg);
        return e;
    }
    const char *name;
    size_t word = jw_find_name(await_words, 2, km->valuestring);
    if (word < 2) {
        s->awaits = word == 0 ? SCN_AWAIT_RESOLVED : SCN_AWAIT_THENABLE;
        return e;
    }
    if (!jw_string(&c->jw, km, true, &name) || !on_loop(c, km, "an await of a promise"))
        return e;
    int id = name_index(c, km, name, true);
    if (id >= 0) {
        s->awaits = SCN_AWAIT_NAMED;
        s->name = id;
        *use_of(c, id) |= SCN__USE_AWAIT;
        c->named_awaits = true;
    }
    return e;
}

/* After a program: every await of a promise by name needs a resolve of that name
 * somewhere in the program (in a callback, before or after it). Walks the
 * program's JSON again for the awaits that have none, to report each where it is. */
static void unresolved_awaits(scn__ctx *c, const cJSON *v)
{
    size_t i = 0;
    for (const cJSON *m = v->child; m != NULL; m = m->next, i++) {
        size_t mark = cJSON_IsArray(v) ? jw_push_index(&c->jw, i) : jw_enter(&c->jw, m);
        if (m->string != NULL && strcmp(m->string, "await") == 0 && cJSON_IsString(m) &&
            jw_find_name(await_words, 2, m->valuestring) == 2) {
            int id = name_index(c, m, m->valuestring, false);
            uint8_t use = id >= 0 ? *use_of(c, id) : 0;
            if (id >= 0 && !(use & SCN__USE_RESOLVE)) {
                char q[JW_KEY_SHOWN + 16];
                jw_quote(m->valuestring, q, sizeof q);
                if (use & SCN__USE_SPAWN)
                    jw_fail(&c->jw, m, "%s is a task (a spawn step): await it with {\"join\": %s}",
                            q, q);
                else
                    jw_fail(&c->jw, m,
                            "await %s names no promise: a {\"resolve\": %s} step must settle it "
                            "somewhere in the same request (or await \"resolved\", "
                            "\"thenable\" or a list of steps)",
                            q, q);
            }
        }
        if (cJSON_IsArray(m) || cJSON_IsObject(m))
            unresolved_awaits(c, m);
        jw_pop(&c->jw, mark);
    }
}

/* The kind-specific part of a step; returns its expanded size. */
static uint64_t step_body(scn__ctx *c, const cJSON *const *f, int kind, scn_step *s)
{
    static const char *const targets[] = {"threadpool", "worker"};
    const char *const *keys = step_keys[kind].keys;
    size_t n = step_keys[kind].n;
    const cJSON *km = f[0], *then = get(f, keys, n, "then");
    const char *text;
    const cJSON *steps = get(f, keys, n, "steps");
    uint64_t e = 1;
    int64_t count;
    int to;
    switch (s->kind) {
    case SCN_STEP_CPU:
    case SCN_STEP_NATIVE:
    case SCN_STEP_IO:
    case SCN_STEP_TIMEOUT:
    case SCN_STEP_SLEEP:
        scn__dist(c, km, &s->dur);
        if (s->kind == SCN_STEP_IO && get(f, keys, n, "device") != NULL)
            device_ref(c, get(f, keys, n, "device"), s);
        if (s->kind == SCN_STEP_IO && get(f, keys, n, "round_trips") != NULL)
            round_trips(c, get(f, keys, n, "round_trips"), s);
        if (then != NULL) {
            s->has_then = s->kind == SCN_STEP_IO;
            e = sat_add(e, scn__block(c, then, &s->body));
        }
        break;
    case SCN_STEP_LOG:
        if (jw_string(&c->jw, km, false, &text))
            s->text = intern(c, text);
        break;
    case SCN_STEP_MICROTASK:
    case SCN_STEP_NEXT_TICK:
    case SCN_STEP_IMMEDIATE: e = sat_add(e, scn__block(c, km, &s->body)); break;
    case SCN_STEP_PARALLEL: e = parallel(c, km, s); break;
    case SCN_STEP_OFFLOAD:
        c->offloaded++;
        e = sat_add(e, scn__block(c, km, &s->body));
        c->offloaded--;
        if (get(f, keys, n, "to") != NULL &&
            jw_enum(&c->jw, get(f, keys, n, "to"), targets, 2, &to))
            s->to = (scn_offload_to)to;
        if (then != NULL) {
            s->has_then = true;
            e = sat_add(e, sat_add(1, scn__block(c, then, &s->then_body)));
        }
        break;
    case SCN_STEP_REPEAT:
        if (!jw_int(&c->jw, km, 0, SCN__MAX_REPEAT, &count))
            count = 1;
        s->count = count;
        if (steps != NULL)
            e = sat_add(e, sat_mul((uint64_t)count, scn__block(c, steps, &s->body)));
        break;
    case SCN_STEP_INTERVAL:
        /* unrolled as `count` firings, each one op more than its callback */
        scn__dist(c, km, &s->dur);
        if (get(f, keys, n, "count") == NULL ||
            !jw_int(&c->jw, get(f, keys, n, "count"), 1, SCN__MAX_REPEAT, &count))
            count = 1;
        s->count = count;
        e = sat_add(e, sat_mul((uint64_t)count,
                               sat_add(1, then != NULL ? scn__block(c, then, &s->body) : 0)));
        break;
    case SCN_STEP_AWAIT: e = await_step(c, km, get(f, keys, n, "returns"), s); break;
    case SCN_STEP_SPAWN:
        /* the name counts from the end of the task's steps: a task cannot join itself */
        if (steps != NULL)
            e = sat_add(e, scn__block(c, steps, &s->body));
        spawn_step(c, km, s);
        break;
    case SCN_STEP_JOIN: join_step(c, km, s); break;
    case SCN_STEP_RESOLVE: resolve_step(c, km, s); break;
    case SCN_STEP_READ:
    case SCN_STEP_WRITE: scn__state_step(c, km, get(f, keys, n, "add"), s); break;
    case SCN_STEP_LOCK:
        /* its steps are read under it: a lock of the same name inside is refused */
        if (scn__lock_enter(c, km, s)) {
            if (steps != NULL)
                e = sat_add(e, scn__block(c, steps, &s->body));
            scn__lock_leave(c);
        }
        break;
    }
    return e;
}

/* A call of a service (DESIGN.md "Services and shared state"): it loads as an io
 * step of no duration and no device, with `call` naming the service, which the
 * engine sends the request to; with `then`, its reply's callback. */
static uint64_t call_step(scn__ctx *c, const cJSON *km, const cJSON *then, scn_step *s)
{
    const scn_scenario *scn = c->scn;
    const char *name;
    uint64_t e = 1;
    s->kind = SCN_STEP_IO;
    s->dur = (scn_dist){.kind = SCN_DIST_CONST};
    size_t mark = jw_enter(&c->jw, km);
    if (jw_string(&c->jw, km, true, &name)) {
        for (size_t i = 0; i < scn->nservices && s->call == 0; i++)
            if (scn->services[i].name != NULL && strcmp(scn->services[i].name, name) == 0)
                s->call = (int)i + 1;
        char list[512] = "", q[JW_KEY_SHOWN + 16];
        size_t k = 0;
        for (size_t i = 0; i < scn->nservices && k < sizeof list; i++)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                                  scn->services[i].name ? scn->services[i].name : "?");
        if (s->call == 0 && scn->nservices == 0)
            jw_fail(&c->jw, km, "unknown service %s (this scenario has no \"services\")",
                    jw_quote(name, q, sizeof q));
        else if (s->call == 0)
            jw_fail(&c->jw, km, "unknown service %s (services: %s)", jw_quote(name, q, sizeof q),
                    list);
    }
    jw_pop(&c->jw, mark);
    if (then != NULL) {
        s->has_then = true;
        e = sat_add(e, scn__block(c, then, &s->body));
    }
    return e;
}

/* The kind of step v is (its first kind key), reporting any second kind. */
static int step_kind(scn__ctx *c, const cJSON *v)
{
    int kind = -1;
    const cJSON *first = NULL;
    char q[JW_KEY_SHOWN + 16], q2[JW_KEY_SHOWN + 16];
    for (const cJSON *m = v->child; m != NULL; m = m->next) {
        int k = 0;
        while (k < (int)SCN__NKINDS && strcmp(step_kinds[k], m->string) != 0)
            k++;
        if (k == (int)SCN__NKINDS || k == kind)
            continue;
        if (kind < 0) {
            kind = k;
            first = m;
        } else {
            jw_fail_key(&c->jw, m,
                        "a step does one thing, but this one has both %s and %s "
                        "(make them two steps)",
                        jw_quote(first->string, q, sizeof q), jw_quote(m->string, q2, sizeof q2));
        }
    }
    if (kind < 0) {
        char got[JW_KEY_SHOWN + 32];
        if (v->child != NULL)
            snprintf(got, sizeof got, "the key %s", jw_quote(v->child->string, q, sizeof q));
        else
            snprintf(got, sizeof got, "an empty object");
        jw_fail(&c->jw, v,
                "a step needs one of the keys cpu, native, io, log, microtask, "
                "next_tick, timeout, immediate, parallel, offload, repeat, interval, "
                "sleep, await, spawn, join, resolve, read, write, lock, call; got %s",
                got);
    }
    return kind;
}

static uint64_t step(scn__ctx *c, const cJSON *v, scn_step *s)
{
    s->device = -1;
    s->round_trips = 1;
    s->name = -1;
    s->key = -1;
    if (!jw_want_object(&c->jw, v, "a step like {\"cpu\": \"5ms\"}"))
        return 1;
    int kind = step_kind(c, v);
    if (kind < 0)
        return 1;
    const cJSON *f[SCN__MAX_STEP_KEYS];
    const char *const *keys = step_keys[kind].keys;
    size_t n = step_keys[kind].n;
    jw_members(&c->jw, v, keys, n, f, step_kinds, SCN__NKINDS);
    s->kind = (scn_step_kind)kind;
    if (get(f, keys, n, "line") != NULL)
        code_line(c, get(f, keys, n, "line"), s);
    if (strcmp(step_kinds[kind], "call") == 0)
        return call_step(c, f[0], get(f, keys, n, "then"), s);
    if (s->kind == SCN_STEP_REPEAT || s->kind == SCN_STEP_SPAWN || s->kind == SCN_STEP_LOCK)
        jw_require(&c->jw, v, get(f, keys, n, "steps"), "steps");
    if (s->kind == SCN_STEP_INTERVAL)
        jw_require(&c->jw, v, get(f, keys, n, "count"), "count");
    return step_body(c, f, kind, s);
}

uint64_t scn__block(scn__ctx *c, const cJSON *v, scn_block *out)
{
    size_t mark = jw_enter(&c->jw, v);
    uint64_t e = 0;
    out->steps = NULL;
    out->n = 0;
    if (jw_want_array(&c->jw, v, "a list of steps like [{\"cpu\": \"5ms\"}]")) {
        size_t n = 0;
        for (const cJSON *s = v->child; s != NULL; s = s->next)
            n++;
        out->steps = n ? jw_calloc(&c->jw, n, sizeof *out->steps) : NULL;
        if (out->steps != NULL) {
            out->n = n;
            size_t i = 0;
            for (const cJSON *s = v->child; s != NULL; s = s->next, i++) {
                size_t sm = jw_push_index(&c->jw, i);
                e = sat_add(e, step(c, s, &out->steps[i]));
                jw_pop(&c->jw, sm);
            }
        }
    }
    jw_pop(&c->jw, mark);
    return e;
}

void scn__program(scn__ctx *c, const cJSON *v, scn_block *out)
{
    c->program++; /* a name's scope is one program */
    c->named_awaits = false;
    uint64_t e = scn__block(c, v, out);
    size_t mark = jw_enter(&c->jw, v);
    if (cJSON_IsArray(v) && v->child == NULL)
        jw_fail(&c->jw, v, "a request needs at least one step");
    else if (e > SCN_MAX_EXPANDED_STEPS)
        jw_fail(&c->jw, v,
                "this request has more than %d steps once its repeats are unrolled "
                "(the limit is %d steps)",
                SCN_MAX_EXPANDED_STEPS, SCN_MAX_EXPANDED_STEPS);
    if (c->named_awaits && cJSON_IsArray(v))
        unresolved_awaits(c, v);
    jw_pop(&c->jw, mark);
}

void scn__free_block(scn_block *b)
{
    for (size_t i = 0; i < b->n; i++) {
        scn_step *s = &b->steps[i];
        scn__free_block(&s->body);
        scn__free_block(&s->then_body);
        for (size_t j = 0; j < s->nbranches; j++)
            scn__free_block(&s->branches[j]);
        free(s->branches);
    }
    free(b->steps);
    b->steps = NULL;
    b->n = 0;
}
