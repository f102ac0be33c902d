/* puzzle.c - the grammar of print-order puzzles: draws a program from a seed.
 *
 * A program is main's statements, callbacks nested up to three deep, and up to
 * four async functions (tasks that main spawns and may join, helpers that it
 * awaits). Each choice comes from the seed's generator (rng.h), so a seed gives
 * one program. The grammar leaves out what races in the real runtimes, with the
 * rules below (docs/puzzles.md gives them with their reasons):
 *
 * - Timers and the file read are "timed events", each due in a window of
 *   nominal times: a timer its delay after the callback that set it ran, a read
 *   1 to PZ_READ_MS ms after it started (a file read is quick, but on a loaded
 *   machine its four threadpool round trips can take tens of milliseconds).
 *   Two windows must be at least PZ_GAP_MS apart, unless one event is an
 *   ancestor of the other. Two timers of the same delay set by one callback
 *   race too: the clock can tick between the two calls, and the second one
 *   then waits for a later timers phase (Node) or iteration (asyncio), after
 *   what the first one's callback queued.
 * - Node: no setTimeout(0) before the loop has started (main, its ticks and
 *   promise callbacks), where it races setImmediate; none in an immediate's
 *   callback, where it races the next check phase; an immediate inside an
 *   immediate only from the main script's, so no chain of immediates meets a
 *   0 ms timer.
 * - The read: at most one, its siblings print only (no nested callbacks that
 *   could land in the same iteration as the read's callback). asyncio starts it
 *   only from a timer's callback, when nothing else is queued; Node also from
 *   the main script, whose immediates (two deep at most) run long before the
 *   read's four threadpool round trips are done.
 */
#include "puzzle_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"

#define PZ_MAX_DEPTH 3 /* callbacks inside callbacks */
#define PZ_GAP_MS 25 /* between two timed events that are not ordered otherwise */
#define PZ_READ_MS 50 /* the latest a read completes after it starts (its earliest: 1 ms) */
#define PZ_MIN_LOGS 5
#define PZ_MAX_LOGS 14
#define PZ_MAX_EVENTS 64

/* Far enough apart that a loaded machine, which can hold a process up for tens of
 * milliseconds, does not swap two timers, or a timer and the first iterations. */
static const int pz_delays[] = {0, 50, 100, 150, 250};
#define PZ_NDELAYS ((int)(sizeof pz_delays / sizeof pz_delays[0]))

typedef struct {
    int node; /* the timer or read */
    int lo_ms, hi_ms; /* due between these times, nominally */
} pz_event;

typedef struct {
    pz_program *p;
    rng r;
    pz_event events[PZ_MAX_EVENTS];
    int nevents;
    int ntasks;
} pz_gen;

/* Where a body runs, which decides what it may contain. */
typedef struct {
    int parent; /* node whose callback this is, -1 in main */
    int depth; /* 0 main, 1 an async function or a callback of main, ... */
    int lo_ms, hi_ms; /* when it runs, nominally: no earlier than lo, no later than hi */
    bool preloop; /* node: before the loop's first iteration */
    bool under_imm; /* node: in an immediate's callback (through ticks and promises) */
    bool imm_ok; /* node: may queue an immediate */
    bool is_main, is_async, is_task;
    bool plain; /* prints only */
} pz_ctx;

/* Room for one more construct with a body: the bodies being drawn can still add
 * their statements (at most PZ_MAX_BODY each, PZ_MAX_DEPTH + 2 of them at once). */
static bool room(const pz_gen *g)
{
    return g->p->nnodes < PZ_MAX_NODES - PZ_MAX_BODY * (PZ_MAX_DEPTH + 4);
}

static int pick(pz_gen *g, int n)
{
    return (int)(rng_next(&g->r) % (uint64_t)n);
}

static bool is_ancestor(const pz_program *p, int anc, int node)
{
    for (int k = node; k >= 0; k = p->nodes[k].parent)
        if (k == anc)
            return true;
    return false;
}

/* May a timed event due between lo_ms and hi_ms, set in ctx, join the others? */
static bool event_fits(const pz_gen *g, const pz_ctx *c, int lo_ms, int hi_ms)
{
    for (int i = 0; i < g->nevents; i++) {
        const pz_event *e = &g->events[i];
        if (is_ancestor(g->p, e->node, c->parent))
            continue;
        if (lo_ms - e->hi_ms < PZ_GAP_MS && e->lo_ms - hi_ms < PZ_GAP_MS)
            return false;
    }
    return g->nevents < PZ_MAX_EVENTS;
}

static void add_event(pz_gen *g, int node, int lo_ms, int hi_ms)
{
    g->events[g->nevents++] = (pz_event){.node = node, .lo_ms = lo_ms, .hi_ms = hi_ms};
    if (hi_ms > g->p->last_due_ms)
        g->p->last_due_ms = hi_ms;
}

static int new_node(pz_gen *g, pz_kind kind, int parent)
{
    pz_program *p = g->p;
    int k = p->nnodes++;
    p->nodes[k] = (pz_node){.kind = kind, .parent = parent, .func = -1};
    if (kind == PZ_LOG)
        p->nlogs++;
    return k;
}

static void gen_body(pz_gen *g, const pz_ctx *c, pz_body *b, int min, int max, bool log_first);

/* The context of the callback of node k, a construct of kind `kind` in c. */
static pz_ctx callback_ctx(const pz_ctx *c, int k, pz_kind kind, int lo_ms, int hi_ms)
{
    pz_ctx in = *c;
    in.parent = k;
    in.depth = c->depth + 1;
    in.is_main = in.is_async = in.is_task = false;
    in.plain = false;
    if (kind == PZ_IMMEDIATE) {
        in.imm_ok = c->preloop;
        in.preloop = false;
        in.under_imm = true;
    } else if (kind == PZ_TIMER || kind == PZ_READ) {
        in.lo_ms = lo_ms;
        in.hi_ms = hi_ms;
        in.preloop = in.under_imm = false;
        in.imm_ok = true;
    } else if (kind == PZ_SOON) {
        in.preloop = false;
    }
    return in;
}

/* A timer in c: a delay that fits, or -1. */
static int timer_delay(pz_gen *g, const pz_ctx *c)
{
    bool zero_ok = g->p->flavor == PUZZLE_ASYNCIO || (!c->preloop && !c->under_imm);
    int start = pick(g, PZ_NDELAYS);
    for (int i = 0; i < PZ_NDELAYS; i++) {
        int d = pz_delays[(start + i) % PZ_NDELAYS];
        int after = d > 0 ? d : 1;
        if ((d > 0 || zero_ok) && event_fits(g, c, c->lo_ms + after, c->hi_ms + after))
            return d;
    }
    return -1;
}

typedef struct {
    pz_kind kind;
    int weight;
} pz_choice;

/* The kinds c allows, with their weights; returns how many. */
static int choices(const pz_gen *g, const pz_ctx *c, int run, pz_choice *out)
{
    const pz_program *p = g->p;
    bool node = p->flavor == PUZZLE_NODE;
    bool nest = !c->plain && c->depth < PZ_MAX_DEPTH && room(g);
    int n = 0;
    /* prints: no more than two in a row when something else fits */
    out[n++] = (pz_choice){PZ_LOG, run == 0 ? 30 : run == 1 ? 8 : 0};
    if (nest && node) {
        out[n++] = (pz_choice){PZ_TICK, 10};
        out[n++] = (pz_choice){PZ_THEN, 10};
        if (c->imm_ok)
            out[n++] = (pz_choice){PZ_IMMEDIATE, 10};
    }
    if (nest && !node)
        out[n++] = (pz_choice){PZ_SOON, 24};
    if (nest)
        out[n++] = (pz_choice){PZ_TIMER, 14};
    bool func_ok = p->nfuncs < PZ_MAX_FUNCS && !c->plain && room(g);
    if (c->is_main && func_ok && g->ntasks < 2)
        out[n++] = (pz_choice){PZ_SPAWN, 8};
    if (c->is_main)
        for (int f = 0; f < p->nfuncs; f++)
            if (p->funcs[f].task && !p->funcs[f].joined) {
                out[n++] = (pz_choice){PZ_JOIN, 10};
                break;
            }
    if (c->is_async && node)
        out[n++] = (pz_choice){PZ_AWAIT_RESOLVED, 6};
    if (c->is_async && func_ok)
        out[n++] = (pz_choice){PZ_AWAIT_CALL, 6};
    return n;
}

/* A kind for the next statement of a body that ends with `run` prints. */
static pz_kind choose(pz_gen *g, const pz_ctx *c, int run)
{
    pz_choice cs[12];
    int n = choices(g, c, run, cs), total = 0;
    for (int i = 0; i < n; i++)
        total += cs[i].weight;
    if (total == 0)
        return PZ_LOG;
    int x = pick(g, total);
    for (int i = 0; i < n; i++) {
        if (x < cs[i].weight)
            return cs[i].kind;
        x -= cs[i].weight;
    }
    return PZ_LOG;
}

/* An async function called by node k: a task (spawn) or a helper (await). */
static void gen_func(pz_gen *g, const pz_ctx *c, int k, bool task)
{
    pz_program *p = g->p;
    int f = p->nfuncs++;
    p->funcs[f] = (pz_func){.task = task, .call = k};
    p->nodes[k].func = f;
    pz_ctx in = *c;
    in.parent = k;
    in.depth = c->depth + 1;
    in.is_main = false;
    in.is_async = task; /* a helper only prints and queues */
    in.is_task = task;
    if (task)
        g->ntasks++;
    gen_body(g, &in, &p->funcs[f].body, 2, 3, true);
}

/* One statement of kind `kind` in c, or a log when it does not fit. */
static int gen_stmt(pz_gen *g, const pz_ctx *c, pz_kind kind)
{
    pz_program *p = g->p;
    int delay = 0;
    if (kind == PZ_TIMER && (delay = timer_delay(g, c)) < 0)
        kind = PZ_LOG;
    if (kind == PZ_READ && !event_fits(g, c, c->lo_ms + 1, c->hi_ms + PZ_READ_MS))
        kind = PZ_LOG;
    int k = new_node(g, kind, c->parent);
    pz_node *n = &p->nodes[k];
    n->delay_ms = delay;
    switch (kind) {
    case PZ_TICK:
    case PZ_THEN:
    case PZ_IMMEDIATE:
    case PZ_SOON: {
        pz_ctx in = callback_ctx(c, k, kind, c->lo_ms, c->hi_ms);
        gen_body(g, &in, &p->nodes[k].body, 1, 3, false);
        break;
    }
    case PZ_TIMER: {
        int after = delay > 0 ? delay : 1;
        add_event(g, k, c->lo_ms + after, c->hi_ms + after);
        pz_ctx in = callback_ctx(c, k, kind, c->lo_ms + after, c->hi_ms + after);
        gen_body(g, &in, &p->nodes[k].body, 1, 3, false);
        break;
    }
    case PZ_READ: {
        add_event(g, k, c->lo_ms + 1, c->hi_ms + PZ_READ_MS);
        p->has_read = true;
        pz_ctx in = callback_ctx(c, k, kind, c->lo_ms + 1, c->hi_ms + PZ_READ_MS);
        gen_body(g, &in, &p->nodes[k].body, 1, 3, false);
        break;
    }
    case PZ_SPAWN: gen_func(g, c, k, true); break;
    case PZ_AWAIT_CALL: gen_func(g, c, k, false); break;
    case PZ_JOIN: {
        int f = 0;
        while (!p->funcs[f].task || p->funcs[f].joined)
            f++;
        p->funcs[f].joined = true;
        n->func = f;
        break;
    }
    case PZ_LOG:
    case PZ_AWAIT_RESOLVED: break;
    }
    return k;
}

/* May a body in c start the program's read? */
static bool read_ok(const pz_gen *g, const pz_ctx *c)
{
    if (g->p->has_read || c->plain || c->depth >= PZ_MAX_DEPTH || !room(g))
        return false;
    bool timer_cb = c->parent >= 0 && g->p->nodes[c->parent].kind == PZ_TIMER;
    if (g->p->flavor == PUZZLE_NODE && c->is_main)
        return true;
    return timer_cb;
}

/* Between min and max statements (at most PZ_MAX_BODY), at least one a print. */
static void gen_body(pz_gen *g, const pz_ctx *c, pz_body *b, int min, int max, bool log_first)
{
    int n = min + pick(g, max - min + 1);
    /* a body that starts with a print keeps it first: Node's first print costs
     * milliseconds (docs/model.md, "Costs"), which must come before any timer is set */
    int first = log_first ? 1 : 0;
    int read_at = n > first && read_ok(g, c) && pick(g, 3) == 0 ? first + pick(g, n - first) : -1;
    pz_ctx sib = *c;
    if (read_at >= 0 && !c->is_main)
        sib.plain = true;
    bool logged = false;
    b->n = 0;
    for (int i = 0; i < n && b->n < PZ_MAX_BODY; i++) {
        int run = 0;
        while (run < b->n && g->p->nodes[b->stmt[b->n - 1 - run]].kind == PZ_LOG)
            run++;
        pz_kind kind = i == read_at            ? PZ_READ
                       : (i == 0 && log_first) ? PZ_LOG
                                               : choose(g, &sib, run);
        int k = gen_stmt(g, &sib, kind);
        logged |= g->p->nodes[k].kind == PZ_LOG;
        b->stmt[b->n++] = k;
    }
    if (!logged && b->n < PZ_MAX_BODY)
        b->stmt[b->n++] = new_node(g, PZ_LOG, c->parent);
}

void pz__generate(pz_program *p, puzzle_flavor f, uint64_t seed)
{
    pz_gen g;
    rng_seed(&g.r, seed);
    /* Draw until the program prints between PZ_MIN_LOGS and PZ_MAX_LOGS lines; the
     * draws go on from the same generator, so the seed still decides. */
    for (int attempt = 0;; attempt++) {
        memset(p, 0, sizeof *p);
        p->flavor = f;
        p->seed = seed;
        g.p = p;
        g.nevents = 0;
        g.ntasks = 0;
        pz_ctx main_ctx = {.parent = -1,
                           .preloop = true,
                           .imm_ok = true,
                           .is_main = true,
                           .is_async = true};
        gen_body(&g, &main_ctx, &p->main, 4, 7, true);
        if ((p->nlogs >= PZ_MIN_LOGS && p->nlogs <= PZ_MAX_LOGS) || attempt == 1000)
            return;
    }
}

int puzzle_parse_flavor(const char *text, puzzle_flavor *out)
{
    if (strcmp(text, "node") == 0)
        *out = PUZZLE_NODE;
    else if (strcmp(text, "asyncio") == 0)
        *out = PUZZLE_ASYNCIO;
    else
        return SIM_EINVAL;
    return 0;
}

const char *puzzle_flavor_name(puzzle_flavor f)
{
    return f == PUZZLE_NODE ? "node" : "asyncio";
}

const char *puzzle_program_ext(puzzle_flavor f)
{
    return f == PUZZLE_NODE ? "js" : "py";
}
