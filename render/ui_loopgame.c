/* ui_loopgame.c - "You are the event loop": the decision points of one run, and
 * the score (ui_loopgame.h).
 *
 * The points are read from the timeline step by step (one event a step): a pick is
 * a step where a queue gets one shorter while the loop starts a callback from it
 * (or a pool thread takes a job), or where a GIL with a drop request pending is
 * released and handed to another thread. The candidates are what the step just
 * before shows: the queues that are not empty, the threads waiting for the GIL.
 * The rules that explain a wrong pick are docs/model.md's ("You are the event
 * loop: the rules it checks").
 */
#include "ui_loopgame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Node's queues the loop takes callbacks from, in the order the buttons show them. */
static const int node_queues[] = {TRACE_QUEUE_NEXT_TICK, TRACE_QUEUE_MICROTASK, TRACE_QUEUE_TIMERS,
                                  TRACE_QUEUE_POLL, TRACE_QUEUE_CHECK};
#define NODE_NQ (sizeof node_queues / sizeof node_queues[0])

/* More waiting threads than this are not listed one by one (a GIL point then
 * offers the holder and the thread that took it). */
#define GIL_SCAN_WORKERS 64

typedef struct {
    const ui_run *R;
    const timeline *tl;
    ui_loopgame *g;
    size_t cap;
    int err;
} builder;

static ui_loopgame_decision *add(builder *b)
{
    ui_loopgame *g = b->g;
    if (g->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        ui_loopgame_decision *d = realloc(g->d, cap * sizeof *d);
        if (d == NULL) {
            b->err = SIM_ENOMEM;
            return NULL;
        }
        g->d = d;
        b->cap = cap;
    }
    ui_loopgame_decision *d = &g->d[g->n++];
    memset(d, 0, sizeof *d);
    d->loop = -1;
    d->process = -1;
    d->phase = -1;
    return d;
}

static void set_pos(ui_loopgame_decision *d, int64_t t, uint32_t k)
{
    d->t = t;
    d->step = k - 1;
    d->pick_step = k;
}

static ui_loopgame_candidate *cand(ui_loopgame_decision *d, const char *label, int32_t what,
                                   int64_t length)
{
    if (d->ncand >= UI_LOOPGAME_MAX_CANDIDATES)
        return NULL;
    ui_loopgame_candidate *c = &d->cand[d->ncand++];
    snprintf(c->label, sizeof c->label, "%s", label);
    c->what = what;
    c->length = length;
    c->rule = UI_LG_RULE_NONE;
    c->why[0] = '\0';
    return c;
}

/* ---- Node: which queue ------------------------------------------------------------ */

static const char *node_label(int q)
{
    switch (q) {
    case TRACE_QUEUE_NEXT_TICK: return "nextTick";
    case TRACE_QUEUE_MICROTASK: return "microtasks (promises)";
    case TRACE_QUEUE_TIMERS: return "timers";
    case TRACE_QUEUE_POLL: return "poll (I/O callbacks)";
    case TRACE_QUEUE_CHECK: return "check (setImmediate)";
    default: return "?";
    }
}

/* "the loop is in the poll phase now" */
static void where_now(int phase, char *buf, size_t size)
{
    if (phase == TRACE_PHASE_MAIN)
        snprintf(buf, size, "the main script has not finished yet, the loop has not started");
    else if (phase >= 0 && phase < TRACE_PHASE_COUNT)
        snprintf(buf, size, "the loop is in the %s phase now", trace_phase_name(phase));
    else
        snprintf(buf, size, "the loop is between phases now");
}

static bool is_micro(int q)
{
    return q == TRACE_QUEUE_NEXT_TICK || q == TRACE_QUEUE_MICROTASK;
}

/* The rule broken by taking queue w when the loop took r; false when the pair
 * cannot happen under Node's rules (the point is then left out). */
static bool node_rule(int r, int w, int phase, ui_loopgame_candidate *c)
{
    char now[96];
    if (r == TRACE_QUEUE_NEXT_TICK && w == TRACE_QUEUE_MICROTASK) {
        c->rule = UI_LG_RULE_TICKS_FIRST;
        snprintf(c->why, sizeof c->why,
                 "Every nextTick callback runs before any promise callback: Node empties the "
                 "nextTick queue first, then the microtasks.");
    } else if (r == TRACE_QUEUE_MICROTASK && w == TRACE_QUEUE_NEXT_TICK) {
        c->rule = UI_LG_RULE_MICRO_DRAIN;
        snprintf(c->why, sizeof c->why,
                 "Once the promise callbacks have begun, the whole microtask queue runs; a "
                 "nextTick queued meanwhile waits until it is empty.");
    } else if (is_micro(r) && !is_micro(w)) {
        c->rule = UI_LG_RULE_MICRO_AFTER;
        snprintf(c->why, sizeof c->why,
                 "After every callback Node runs the nextTick queue and the promise microtasks "
                 "until both are empty, before the loop takes anything else.");
    } else if (!is_micro(r) && !is_micro(w)) {
        c->rule = UI_LG_RULE_PHASES;
        where_now(phase, now, sizeof now);
        const char *what = w == TRACE_QUEUE_TIMERS ? "A timer runs only in the timers phase, once "
                                                     "it is due"
                           : w == TRACE_QUEUE_POLL ? "I/O callbacks run in the poll phase"
                                                   : "setImmediate callbacks run in the check "
                                                     "phase, after poll";
        snprintf(c->why, sizeof c->why, "%s: %s, and the phases go timers -> poll -> check.", what,
                 now);
    } else {
        return false;
    }
    return true;
}

/* ---- one step's view of the things the game watches --------------------------------- */

typedef struct {
    int running;
    int64_t len[NODE_NQ];
    int64_t ready;
} loop_view;

static void view_loop(const timeline *tl, size_t loop, bool node, int64_t t, uint32_t k,
                      loop_view *v)
{
    v->running = timeline_running_at_step(tl, loop, t, k);
    if (node) {
        for (size_t i = 0; i < NODE_NQ; i++)
            v->len[i] = timeline_queue_length_at_step(tl, node_queues[i], (int32_t)loop, t, k);
        v->ready = 0;
    } else {
        v->ready = timeline_queue_length_at_step(tl, TRACE_QUEUE_READY, (int32_t)loop, t, k);
    }
}

static size_t node_index(int q)
{
    for (size_t i = 0; i < NODE_NQ; i++)
        if (node_queues[i] == q)
            return i;
    return NODE_NQ;
}

static void node_point(builder *b, size_t loop, int32_t proc, int64_t t, uint32_t k,
                       const loop_view *before, const loop_view *after)
{
    size_t ri = node_index(after->running);
    if (ri == NODE_NQ || after->len[ri] + 1 != before->len[ri] || before->len[ri] < 1)
        return;
    size_t nonempty = 0;
    for (size_t i = 0; i < NODE_NQ; i++)
        nonempty += before->len[i] > 0;
    if (nonempty < 2)
        return;
    int phase = timeline_phase_at_step(b->tl, loop, t, k - 1);
    ui_loopgame_decision d;
    memset(&d, 0, sizeof d);
    for (size_t i = 0; i < NODE_NQ; i++) {
        if (before->len[i] <= 0)
            continue;
        ui_loopgame_candidate *c = cand(&d, node_label(node_queues[i]), node_queues[i],
                                        before->len[i]);
        if (i == ri)
            d.right = d.ncand - 1;
        else if (!node_rule(node_queues[ri], node_queues[i], phase, c))
            return;
    }
    ui_loopgame_decision *out = add(b);
    if (out == NULL)
        return;
    *out = d;
    set_pos(out, t, k);
    out->kind = UI_LG_QUEUE;
    out->loop = (int32_t)loop;
    out->process = proc;
    out->phase = phase;
}

/* ---- oldest or newest: asyncio's ready queue, the threadpool ------------------------ */

static void fifo_point(builder *b, int kind, int32_t loop, int32_t proc, int phase, int64_t t,
                       uint32_t k, int64_t len)
{
    bool ready = kind == UI_LG_READY;
    bool asyncio = b->R->rt->flavor == SCN_FLAVOR_ASYNCIO;
    ui_loopgame_decision *d = add(b);
    if (d == NULL)
        return;
    set_pos(d, t, k);
    d->kind = kind;
    d->loop = loop;
    d->process = proc;
    d->phase = phase;
    d->right = 0;
    cand(d, ready ? "ready queue: oldest" : "oldest job (queued first)", 0, len);
    ui_loopgame_candidate *c = cand(d, ready ? "ready queue: newest" : "newest job (queued last)",
                                    1, len);
    c->rule = ready ? UI_LG_RULE_READY_FIFO : UI_LG_RULE_POOL_FIFO;
    if (ready)
        snprintf(c->why, sizeof c->why,
                 "asyncio's ready queue is first in, first out: callbacks run in the order "
                 "call_soon queued them.");
    else if (asyncio)
        snprintf(c->why, sizeof c->why,
                 "The executor's threads share one first-in, first-out work queue: a free thread "
                 "takes the oldest job.");
    else
        snprintf(c->why, sizeof c->why,
                 "libuv's threadpool is first in, first out: a free thread takes the oldest "
                 "request in the work queue.");
}

/* ---- the GIL after a forced switch ------------------------------------------------- */

static int worker_state(const timeline *tl, int32_t w, int64_t t, uint32_t k)
{
    tl_span s;
    if (w < 0 || timeline_state_at_step(tl, TL_LANE_WORKER, (size_t)w, t, k, &s) < 0)
        return -1;
    return s.state;
}

static void gil_label(const ui_run *R, int32_t w, const char *role, char *buf, size_t size)
{
    const char *name = w >= 0 && (size_t)w < R->nworkers ? R->long_names[w] : "thread";
    snprintf(buf, size, "%s (%s)", name, role);
}

/* The GIL of process p was released at step k of instant t (n steps) by `holder`
 * with a drop request pending. */
static void gil_point(builder *b, size_t p, int64_t t, uint32_t k, uint32_t n, int32_t holder)
{
    const timeline *tl = b->tl;
    int32_t taker = -1;
    uint32_t j = k + 1;
    for (; j <= n && taker < 0; j++) {
        tl_span s;
        if (timeline_state_at_step(tl, TL_LANE_GIL, p, t, j, &s) == 0 && s.state == TL_GIL_HELD)
            taker = s.worker;
    }
    if (taker < 0 || taker == holder)
        return;
    /* a forced switch: the holder queues for the GIL again at once (a release for
     * I/O or at a thread's end would let it go its own way) */
    bool forced = false;
    for (uint32_t i = j - 1; i <= n && !forced; i++)
        forced = worker_state(tl, holder, t, i) == TL_W_WAIT_GIL;
    if (!forced)
        return;
    ui_loopgame_decision *d = add(b);
    if (d == NULL)
        return;
    set_pos(d, t, k);
    d->kind = UI_LG_GIL;
    d->process = (int32_t)p;
    /* the candidates in worker order, so that the order gives nothing away */
    int32_t who[UI_LOOPGAME_MAX_CANDIDATES];
    size_t nw = 0;
    who[nw++] = holder;
    who[nw++] = taker;
    if (b->R->nworkers <= GIL_SCAN_WORKERS) {
        for (size_t w = 0; w < b->R->nworkers && nw < UI_LOOPGAME_MAX_CANDIDATES; w++) {
            tl_worker_info info;
            if ((int32_t)w == holder || (int32_t)w == taker ||
                timeline_worker_info(tl, w, &info) < 0 || info.process != (int32_t)p)
                continue;
            if (worker_state(tl, (int32_t)w, t, k - 1) == TL_W_WAIT_GIL)
                who[nw++] = (int32_t)w;
        }
    }
    for (size_t i = 1; i < nw; i++)
        for (size_t m = i; m > 0 && who[m - 1] > who[m]; m--) {
            int32_t x = who[m];
            who[m] = who[m - 1];
            who[m - 1] = x;
        }
    for (size_t i = 0; i < nw; i++) {
        char label[UI_LOOPGAME_LABEL];
        gil_label(b->R, who[i], who[i] == holder ? "holds it now" : "waiting", label, sizeof label);
        ui_loopgame_candidate *c = cand(d, label, who[i], -1);
        if (who[i] == taker) {
            d->right = i;
        } else if (who[i] == holder) {
            c->rule = UI_LG_RULE_GIL_SWITCH;
            snprintf(c->why, sizeof c->why,
                     "After a forced switch the thread asked to drop the GIL must wait until "
                     "another thread has taken it (FORCE_SWITCHING): a waiting thread gets it.");
        } else {
            c->rule = UI_LG_RULE_GIL_ORDER;
            snprintf(c->why, sizeof c->why,
                     "Legal: CPython leaves the order among waiting threads to the OS. bistro "
                     "gives the GIL to the one that has waited longest, so this run goes on "
                     "with that one.");
        }
    }
}

/* ---- the scan ------------------------------------------------------------------------ */

/* Every point of instant t, in step order within each thing watched. */
static void scan_instant(builder *b, int64_t t)
{
    const timeline *tl = b->tl;
    uint32_t n = timeline_steps_at(tl, t);
    bool node = b->R->rt->flavor == SCN_FLAVOR_NODE;
    size_t nloops = timeline_loops(tl);
    for (size_t l = 0; l < nloops && b->err == 0; l++) {
        tl_loop_info info;
        if (timeline_loop_info(tl, l, &info) < 0)
            continue;
        loop_view before, after;
        view_loop(tl, l, node, t, 0, &before);
        for (uint32_t k = 1; k <= n; k++) {
            view_loop(tl, l, node, t, k, &after);
            if (node) {
                node_point(b, l, info.process, t, k, &before, &after);
            } else if (after.running == TRACE_QUEUE_READY && after.ready + 1 == before.ready &&
                       before.ready >= 2) {
                fifo_point(b, UI_LG_READY, (int32_t)l, info.process,
                           timeline_phase_at_step(tl, l, t, k - 1), t, k, before.ready);
            }
            before = after;
        }
    }
    for (size_t p = 0; p < b->R->processes && b->err == 0; p++) {
        if (timeline_queue_lane(tl, TRACE_QUEUE_THREADPOOL, (int32_t)p) < 0)
            continue;
        int64_t prev = timeline_queue_length_at_step(tl, TRACE_QUEUE_THREADPOOL, (int32_t)p, t, 0);
        for (uint32_t k = 1; k <= n; k++) {
            int64_t len = timeline_queue_length_at_step(tl, TRACE_QUEUE_THREADPOOL, (int32_t)p, t,
                                                        k);
            if (len + 1 == prev && prev >= 2)
                fifo_point(b, UI_LG_THREADPOOL, -1, (int32_t)p, -1, t, k, prev);
            prev = len;
        }
    }
    size_t ngil = timeline_lane_count(tl, TL_LANE_GIL);
    for (size_t p = 0; p < ngil && b->err == 0; p++) {
        if (timeline_span_count(tl, TL_LANE_GIL, p) == 0)
            continue;
        tl_span prev;
        if (timeline_state_at_step(tl, TL_LANE_GIL, p, t, 0, &prev) < 0)
            continue;
        for (uint32_t k = 1; k <= n; k++) {
            tl_span s;
            if (timeline_state_at_step(tl, TL_LANE_GIL, p, t, k, &s) < 0)
                break;
            if (prev.state == TL_GIL_HELD && prev.flag && s.state == TL_GIL_FREE)
                gil_point(b, p, t, k, n, prev.worker);
            prev = s;
        }
    }
}

static int by_step(const void *a, const void *b)
{
    const ui_loopgame_decision *x = a, *y = b;
    return (x->pick_step > y->pick_step) - (x->pick_step < y->pick_step);
}

int ui_loopgame_build(const ui_doc *doc, size_t run, ui_loopgame **out)
{
    *out = NULL;
    if (doc == NULL || run >= doc->nruns)
        return SIM_EINVAL;
    ui_loopgame *g = calloc(1, sizeof *g);
    if (g == NULL)
        return SIM_ENOMEM;
    g->run = run;
    builder b = {.R = &doc->runs[run], .tl = doc->runs[run].tl, .g = g};
    g->no_steps = !timeline_has_steps(b.tl);
    if (!g->no_steps) {
        for (int64_t t = timeline_next_event_time(b.tl, -1); t >= 0 && b.err == 0;
             t = timeline_next_event_time(b.tl, t)) {
            size_t from = g->n;
            scan_instant(&b, t);
            /* points of one instant found by different watchers: in step order
             * (qsort is not stable, but two points never share a step) */
            if (g->n - from > 1)
                qsort(g->d + from, g->n - from, sizeof *g->d, by_step);
            if (g->n > UI_LOOPGAME_MAX_DECISIONS) {
                g->n = UI_LOOPGAME_MAX_DECISIONS;
                g->capped = true;
                break;
            }
        }
    }
    if (b.err != 0) {
        ui_loopgame_free(g);
        return b.err;
    }
    ui_loopgame_restart(g);
    *out = g;
    return 0;
}

void ui_loopgame_free(ui_loopgame *g)
{
    if (g == NULL)
        return;
    free(g->d);
    free(g);
}

void ui_loopgame_restart(ui_loopgame *g)
{
    g->cur = 0;
    g->right = g->wrong = 0;
    g->done = g->n == 0;
    g->feedback = UI_LG_FEEDBACK_NONE;
    g->picked = -1;
    g->last[0] = '\0';
}

const ui_loopgame_decision *ui_loopgame_current(const ui_loopgame *g)
{
    return g == NULL || g->done || g->cur >= g->n ? NULL : &g->d[g->cur];
}

int ui_loopgame_pick(ui_loopgame *g, size_t c)
{
    const ui_loopgame_decision *d = ui_loopgame_current(g);
    if (d == NULL || c >= d->ncand)
        return -1;
    /* another waiting thread than the one that took the GIL is as legal a pick as
     * that one: real CPython lets the OS choose among the waiters */
    if (c == d->right || d->cand[c].rule == UI_LG_RULE_GIL_ORDER) {
        g->right++;
        g->feedback = UI_LG_FEEDBACK_RIGHT;
        snprintf(g->last, sizeof g->last, "%s", c == d->right ? "right" : d->cand[c].why);
        g->picked = -1;
        if (++g->cur >= g->n)
            g->done = true;
        return 1;
    }
    g->wrong++;
    g->feedback = UI_LG_FEEDBACK_WRONG;
    g->picked = (int)c;
    snprintf(g->last, sizeof g->last, "%s", d->cand[c].why);
    return 0;
}

bool ui_loopgame_next_stop(const ui_loopgame *g, int64_t *t, uint32_t *step)
{
    const ui_loopgame_decision *d = ui_loopgame_current(g);
    if (d == NULL)
        return false;
    *t = d->t;
    *step = d->step;
    return true;
}

const char *ui_loopgame_kind_name(int kind)
{
    static const char *const names[UI_LG_KIND_COUNT] = {"queue", "ready", "threadpool", "gil"};
    return kind >= 0 && kind < UI_LG_KIND_COUNT ? names[kind] : "unknown";
}

const char *ui_loopgame_rule_name(int rule)
{
    static const char *const names[UI_LG_RULE_COUNT] = {"none",        "ticks_first", "micro_drain",
                                                        "micro_after", "phases",      "ready_fifo",
                                                        "pool_fifo",   "gil_switch",  "gil_order"};
    return rule >= 0 && rule < UI_LG_RULE_COUNT ? names[rule] : "unknown";
}
