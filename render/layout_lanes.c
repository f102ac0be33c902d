/* layout_lanes.c - the timeline's bars: one lane per worker or per request, and
 * the mapping from time to pixel columns that every part of the timeline shares.
 *
 * Workload: a lane may hold thousands of intervals (an event loop serving 10,000
 * requests has two or more per request) and a window may be zoomed out so far
 * that hundreds fall into one pixel column. Drawing each would cost time and
 * shapes and show nothing a pixel can hold, so a lane is drawn per pixel column:
 * a column inside one interval takes its state at no cost; a column where the
 * state changes is measured (walking its intervals, or, when there are very many,
 * sampling it evenly) and shows one state, chosen so that across a stretch of such
 * columns each state gets its share of the time in columns; runs of equal columns
 * become one rectangle. A lane costs O(intervals in the window), at most
 * O(columns x WALK_MAX), and yields at most one shape per change of colour, never
 * one narrower than a pixel.
 *
 * Taking turns on the GIL: Python threads that compute hand the GIL over every
 * few milliseconds, so such a lane flips between running and waiting for the GIL
 * hundreds of times a second, and at most zooms those stripes are a pixel or two
 * wide: a moire that reads as a third colour in no legend. A stretch of a lane
 * whose intervals are all running or waiting for the GIL, with at least
 * TURNS_MIN of each, is a stretch of turns. When its turns are narrower than
 * TURN_PX on average it is drawn as one hatched bar in the two colours; wider
 * (zoomed in) its turns are drawn one by one. Either way it carries a label
 * saying what it is and the share of the time the lane ran, and the legend has
 * an entry for it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "layout_timeline_internal.h"

/* Intervals walked in one column before sampling it instead. */
#define WALK_MAX 128
/* Samples taken in a column with more intervals than that. */
#define SAMPLES 32
#define NSTATES 8

ui__xmap ui__xmap_make(int x, int w, int64_t t0, int64_t t1)
{
    ui__xmap m = {x, w < 1 ? 1 : w, t0, t1 > t0 ? t1 : t0 + 1, 0, 0};
    int64_t d = m.t1 - m.t0;
    m.q = d / m.w;
    m.rem = d % m.w;
    return m;
}

int64_t ui__xmap_time(const ui__xmap *m, int k)
{
    /* rem < w and k <= w, so rem * k stays far from overflow */
    return m->t0 + m->q * k + m->rem * k / m->w;
}

int ui__xmap_x(const ui__xmap *m, int64_t t)
{
    double f = (double)(t - m->t0) / (double)(m->t1 - m->t0);
    return m->x + (int)lround(f * m->w);
}

/* ---- one lane ----------------------------------------------------------------- */

typedef struct {
    const timeline *tl;
    tl_lane_kind kind;
    size_t lane;
    int64_t n;
} lane_src;

typedef struct {
    int64_t t0, t1;
    int state;
} lane_iv;

/* Interval i of the lane; i = -1 is the initial state before the first one
 * (absent, pending: 0 for both kinds). The last interval lasts for ever: after
 * its run a lane keeps its last state (a loop still in poll, a request done). */
static lane_iv lane_get(const lane_src *s, int64_t i)
{
    lane_iv iv = {INT64_MIN, INT64_MAX, 0};
    tl_span sp;
    if (i < 0) {
        if (s->n > 0 && timeline_span(s->tl, s->kind, s->lane, 0, &sp) == 0)
            iv.t1 = sp.t0;
        return iv;
    }
    if (timeline_span(s->tl, s->kind, s->lane, (size_t)i, &sp) != 0)
        return iv;
    iv.t0 = sp.t0;
    iv.state = sp.state >= 0 && sp.state < NSTATES ? sp.state : 0;
    if (i + 1 < s->n)
        iv.t1 = sp.t1;
    return iv;
}

/* Whether a state leaves its lane empty: a worker not there, a request not yet
 * arrived or already done (a request's bar then spans exactly its latency). */
static bool blank_state(tl_lane_kind kind, int state)
{
    if (kind == TL_LANE_WORKER)
        return state == TL_W_ABSENT;
    return state == TL_R_PENDING || state == TL_R_DONE;
}

/* A position in a lane: interval i and what it holds. */
typedef struct {
    int64_t i;
    lane_iv iv;
} lane_pos;

/* The state a mixed column shows, from the time each state lasts in it (dur)
 * and what the columns before it in this stretch owe each state (carry). A
 * blank state shows only when nothing else happened in the column, so a request
 * or a thread that lived for less than a pixel still shows as one pixel. Among
 * the others, the one with the most time plus carry wins and is charged the
 * column: over a stretch of mixed columns each state gets its share of time in
 * columns (error diffusion). The plain longest state would paint an event loop
 * that runs 40% of every column as never running. */
static int diffuse(tl_lane_kind kind, const int64_t dur[NSTATES], double carry[NSTATES])
{
    int best = -1;
    double total = 0, best_score = 0;
    for (int st = 0; st < NSTATES; st++) {
        if (dur[st] <= 0 || blank_state(kind, st))
            continue;
        total += (double)dur[st];
        double score = (double)dur[st] + carry[st];
        if (best < 0 || score > best_score) {
            best = st;
            best_score = score;
        }
    }
    if (best < 0) {
        for (int st = 0; st < NSTATES; st++)
            if (best < 0 || dur[st] > dur[best])
                best = st;
        return best;
    }
    for (int st = 0; st < NSTATES; st++)
        if (!blank_state(kind, st))
            carry[st] += (double)dur[st] - (st == best ? total : 0);
    return best;
}

/* The state column [a, b) shows, starting from p (in effect at a); p moves to
 * the interval in effect at b - 1. Walks forward interval by interval, as every
 * one of them counts; a column with more than WALK_MAX is sampled at SAMPLES
 * evenly spaced times instead. */
static int column_state(const lane_src *s, lane_pos *p, int64_t a, int64_t b, double carry[NSTATES])
{
    int64_t dur[NSTATES] = {0};
    for (int walked = 0;; walked++) {
        int64_t lo = p->iv.t0 > a ? p->iv.t0 : a, hi = p->iv.t1 < b ? p->iv.t1 : b;
        if (hi > lo)
            dur[p->iv.state] += hi - lo;
        if (p->iv.t1 >= b)
            return diffuse(s->kind, dur, carry);
        if (walked == WALK_MAX)
            break;
        p->iv = lane_get(s, ++p->i);
    }
    memset(dur, 0, sizeof dur);
    for (int64_t k = 0; k < SAMPLES; k++) {
        int64_t t = a + (int64_t)((double)(b - a) * (double)(2 * k + 1) / (2.0 * SAMPLES));
        dur[lane_get(s, timeline_span_index(s->tl, s->kind, s->lane, t)).state] +=
            (b - a) / SAMPLES + 1;
    }
    p->i = timeline_span_index(s->tl, s->kind, s->lane, b - 1);
    p->iv = lane_get(s, p->i);
    return diffuse(s->kind, dur, carry);
}

/* Moves p to the interval in effect at a (a at or after p's start): usually the
 * next one, else a binary search. */
static void seek(const lane_src *s, lane_pos *p, int64_t a)
{
    if (p->iv.t1 > a)
        return;
    lane_iv next = lane_get(s, p->i + 1);
    if (p->i + 1 < s->n && next.t1 > a) {
        p->i++;
        p->iv = next;
        return;
    }
    p->i = timeline_span_index(s->tl, s->kind, s->lane, a);
    p->iv = lane_get(s, p->i);
}

/* One bar from column x0 to x1 (exclusive) in `state`, unless it is blank. */
static void emit_bar(const ui_ctx *c, tl_lane_kind kind, int32_t id, const ui__xmap *m, ui_rect bar,
                     int state, int x0, int x1)
{
    if (state < 0 || x1 <= x0 || blank_state(kind, state))
        return;
    bool worker = kind == TL_LANE_WORKER;
    if (state >= (worker ? TL_W_COUNT : TL_R_COUNT))
        return;
    ui_color col = worker ? c->theme->worker[state] : c->theme->request[state];
    ui_shape *s = ui_rect_fill(c->out, (ui_rect){m->x + x0, bar.y, x1 - x0, bar.h}, col, 0);
    if (!s)
        return;
    s->role = worker ? UI_ROLE_WORKER_SPAN : UI_ROLE_REQUEST_SPAN;
    s->id = id;
    s->state = (int16_t)state;
}

/* The number of columns that show the past: those left of the cursor's x. */
static int past_columns(const ui__xmap *m, int64_t tend)
{
    if (tend <= m->t0)
        return 0;
    if (tend >= m->t1)
        return m->w;
    int n = ui__xmap_x(m, tend) - m->x;
    return n < 0 ? 0 : n > m->w ? m->w : n;
}

/* Spans in the window a lane may have for its short ones to be marked: a sparse
 * lane, a span every few columns at most; and the marks kept. */
#define MARKS_PER_COLUMN 4
#define MARKS_MAX 256

/* Columns [x0, x0 + w) drawn in `state` whatever their share says. */
typedef struct {
    int x0, w, state;
} lane_mark;

/* A span narrower than a few columns can lose its column to its neighbours (a
 * thread that holds the GIL for 4 us every 5 ms); in a sparse lane each gets a
 * mark a sixth of the text size wide in its colour (an exaggeration of its
 * length, never of its place), so the rhythm shows at every zoom. Marks of spans
 * in a row (a run, then its I/O) stand side by side. Returns how many, in order. */
static size_t short_marks(const ui_ctx *c, const lane_src *s, const ui__xmap *m, int64_t tend,
                          int ncols, lane_mark *out)
{
    int64_t end = tend < m->t1 ? tend : m->t1;
    int w = c->px / 6 > 2 ? c->px / 6 : 2, last = 0;
    if (ncols < 2 * w || end <= m->t0 || s->n == 0)
        return 0;
    int64_t i0 = timeline_span_index(s->tl, s->kind, s->lane, m->t0);
    int64_t i1 = timeline_span_index(s->tl, s->kind, s->lane, end);
    i0 = i0 < 0 ? 0 : i0;
    if (i1 < i0 || (i1 - i0 + 1) * MARKS_PER_COLUMN > ncols)
        return 0;
    size_t n = 0;
    for (int64_t i = i0; i <= i1 && i < s->n && n < MARKS_MAX; i++) {
        lane_iv iv = lane_get(s, i);
        int64_t a = iv.t0 > m->t0 ? iv.t0 : m->t0, b = iv.t1 < end ? iv.t1 : end;
        if (b <= a || blank_state(s->kind, iv.state))
            continue;
        int x0 = ui__xmap_x(m, a) - m->x, x1 = ui__xmap_x(m, b) - m->x;
        if (x1 - x0 >= w)
            continue;
        x0 = x0 < last ? last : x0;
        if (x0 + w > ncols)
            break; /* no room left of the cursor */
        out[n++] = (lane_mark){x0, w, iv.state};
        last = x0 + w;
    }
    return n;
}

/* ---- taking turns on the GIL ------------------------------------------------------ */

/* Waits for the GIL (and runs) a stretch needs to count as taking turns. */
#define TURNS_MIN 2
/* Turns narrower than this many pixels on average are drawn hatched. */
#define TURN_PX 8
/* Stretches looked at per lane; more are drawn as plain bars. */
#define STRETCHES_MAX 32

static int running_of(tl_lane_kind kind)
{
    return kind == TL_LANE_WORKER ? TL_W_RUNNING : TL_R_RUNNING;
}

static int gil_wait_of(tl_lane_kind kind)
{
    return kind == TL_LANE_WORKER ? TL_W_WAIT_GIL : TL_R_WAIT_GIL;
}

/* Closes stretch `cur` into out when it has the turns to be one. */
static void close_stretch(const ui__turns *cur, ui__turns *out, size_t max, size_t *n)
{
    if (cur->waits >= TURNS_MIN && cur->runs >= TURNS_MIN && *n < max)
        out[(*n)++] = *cur;
}

size_t ui__gil_turns(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t0, int64_t t1,
                     int64_t tend, ui__turns *out, size_t max)
{
    lane_src s = {tl, kind, lane, (int64_t)timeline_span_count(tl, kind, lane)};
    int run = running_of(kind), wait = gil_wait_of(kind);
    size_t n = 0;
    ui__turns cur = {0};
    bool open = false;
    int64_t i = timeline_span_index(tl, kind, lane, t0);
    for (i = i < 0 ? 0 : i; i < s.n; i++) {
        lane_iv iv = lane_get(&s, i);
        if (iv.t0 >= t1 || iv.t0 >= tend)
            break; /* turns still to come are not shown before they happen */
        int64_t a = iv.t0 > t0 ? iv.t0 : t0, b = iv.t1 < t1 ? iv.t1 : t1;
        if (iv.state != run && iv.state != wait) {
            if (open)
                close_stretch(&cur, out, max, &n);
            open = false;
            continue;
        }
        if (!open) {
            cur = (ui__turns){.t0 = a};
            open = true;
        }
        cur.t1 = b;
        /* a wait of no time (the GIL handed back in the same instant) is no turn */
        cur.runs += iv.state == run && b > a;
        cur.waits += iv.state == wait && b > a;
        /* the share is of the past only: what the class has seen */
        int64_t pe = b < tend ? b : tend;
        if (pe > a) {
            cur.seen_ns += pe - a;
            if (iv.state == run)
                cur.run_ns += pe - a;
        }
    }
    if (open)
        close_stretch(&cur, out, max, &n);
    return n;
}

bool ui__lane_has_turns(const ui_ctx *c, size_t run, tl_lane_kind kind, size_t lane, int64_t t0,
                        int64_t t1)
{
    return ui__run_lane_has_turns(&c->doc->runs[run], kind, lane, t0, t1);
}

bool ui__run_lane_has_turns(const ui_run *u, tl_lane_kind kind, size_t lane, int64_t t0, int64_t t1)
{
    bool gil = kind == TL_LANE_WORKER ? u->worker_seen[TL_W_WAIT_GIL]
                                      : u->request_seen[TL_R_WAIT_GIL];
    ui__turns one;
    return gil && ui__gil_turns(u->tl, kind, lane, t0, t1, t1, &one, 1) > 0;
}

bool ui__turns_words(const ui_ctx *c, size_t run, int32_t lane, int64_t t, char *buf, size_t size)
{
    const ui_run *u = &c->doc->runs[run];
    tl_lane_kind kind = lane >= 0 ? TL_LANE_WORKER : TL_LANE_REQUEST;
    size_t i = lane >= 0 ? (size_t)lane : (size_t)(-1 - lane);
    if (i >= timeline_lane_count(u->tl, kind))
        return false;
    int64_t w0, w1;
    ui__timeline_window(c, &w0, &w1);
    ui__turns turns[STRETCHES_MAX];
    size_t n = ui__gil_turns(u->tl, kind, i, w0, w1, c->t, turns, STRETCHES_MAX);
    for (size_t k = 0; k < n; k++) {
        const ui__turns *tr = &turns[k];
        int64_t e = tr->t1 < c->t ? tr->t1 : c->t;
        if (t < tr->t0 || t > e)
            continue;
        char who[48], a[32], b[32];
        if (lane >= 0)
            snprintf(who, sizeof who, "%s", u->long_names[i]);
        else
            snprintf(who, sizeof who, "request #%zu", i + 1);
        snprintf(buf, size,
                 "%s takes turns on the GIL, %s to %s: waits %d times, runs %d%% of the time", who,
                 ui_format_time(tr->t0, a, sizeof a), ui_format_time(e, b, sizeof b), tr->waits,
                 ui__turns_share(tr));
        return true;
    }
    return false;
}

int ui__turns_share(const ui__turns *t)
{
    if (t->seen_ns <= 0)
        return 0;
    int p = (int)lround(100.0 * (double)t->run_ns / (double)t->seen_ns);
    /* a lane that waited at all never reads 100%, one that ran never 0% */
    if (p == 100 && t->run_ns < t->seen_ns)
        p = 99;
    if (p == 0 && t->run_ns > 0)
        p = 1;
    return p;
}

/* Whether a stretch's turns are too narrow to draw one by one. */
static bool turns_dense(const ui__xmap *m, const ui__turns *t)
{
    double px = (double)(t->t1 - t->t0) * m->w / (double)(m->t1 - m->t0);
    return px < (double)TURN_PX * (double)(t->runs + t->waits);
}

/* The columns [x0, x1) of stretch t's past, relative to the plot; false when none. */
static bool turns_columns(const ui__xmap *m, const ui__turns *t, int64_t tend, int *x0, int *x1)
{
    int64_t e = t->t1 < tend ? t->t1 : tend;
    if (e <= t->t0)
        return false;
    *x0 = ui__xmap_x(m, t->t0) - m->x;
    *x1 = ui__xmap_x(m, e) - m->x;
    if (*x1 <= *x0)
        *x1 = *x0 + 1;
    *x0 = *x0 < 0 ? 0 : *x0;
    *x1 = *x1 > m->w ? m->w : *x1;
    return *x1 > *x0;
}

/* Hatching: the waiting colour, crossed by stripes of the running colour whose
 * width is the share of the time the lane ran (in %). */
void ui__hatch(const ui_ctx *c, tl_lane_kind kind, ui_rect r, int share)
{
    bool w = kind == TL_LANE_WORKER;
    ui_color wait = w ? c->theme->worker[TL_W_WAIT_GIL] : c->theme->request[TL_R_WAIT_GIL];
    ui_color runc = w ? c->theme->worker[TL_W_RUNNING] : c->theme->request[TL_R_RUNNING];
    ui_rect_fill(c->out, r, wait, 0);
    int period = r.h / 2 > 6 ? r.h / 2 : 6;
    /* a stripe at 45 degrees is sqrt(2) times as wide across as it is thick */
    int thick = (int)lround(period * share / 100.0 / 1.41421356);
    thick = thick < 2 ? 2 : thick > period - 2 ? period - 2 : thick;
    int in = (thick + 1) / 2; /* the stripe's ends stay inside the rect */
    for (int x = r.x - r.h; x < r.x + r.w; x += period) {
        /* a stripe from (x, bottom) up to (x + h, top), clipped to the rect */
        int xa = x, ya = r.y + r.h, xb = x + r.h, yb = r.y;
        if (xa < r.x + in) {
            ya -= r.x + in - xa;
            xa = r.x + in;
        }
        if (ya > r.y + r.h - in) {
            xa += ya - (r.y + r.h - in);
            ya = r.y + r.h - in;
        }
        if (xb > r.x + r.w - in) {
            yb += xb - (r.x + r.w - in);
            xb = r.x + r.w - in;
        }
        if (yb < r.y + in) {
            xb -= r.y + in - yb;
            yb = r.y + in;
        }
        if (xb > xa)
            ui_line(c->out, xa, ya, xb, yb, runc, thick);
    }
}

/* "taking turns on the GIL: runs 48%" on the stretch's left end, in the longest
 * form that fits the columns it has. */
static void turns_label(const ui_ctx *c, const ui__turns *t, ui_rect r, int32_t id)
{
    char longer[64], shorter[48], shortest[16];
    int share = ui__turns_share(t);
    snprintf(longer, sizeof longer, "taking turns on the GIL: runs %d%%", share);
    snprintf(shorter, sizeof shorter, "GIL turns: runs %d%%", share);
    snprintf(shortest, sizeof shortest, "%d%%", share);
    const char *forms[] = {longer, shorter, shortest};
    int sp = ui__small_px(c), pad = c->px / 4 > 2 ? c->px / 4 : 2;
    int th = c->m->height(c->m->ctx, UI_FONT_BOLD, sp);
    for (int f = 0; f < 3; f++) {
        int tw = c->m->width(c->m->ctx, UI_FONT_BOLD, sp, forms[f], strlen(forms[f]));
        if (tw + 2 * pad > r.w || th > r.h + 2)
            continue;
        size_t from = c->out->n;
        ui_rect box = {r.x, r.y + (r.h - th) / 2, tw + 2 * pad, th};
        if (box.y < r.y)
            box.y = r.y;
        ui_rect_fill(c->out, box, c->theme->bg, c->px / 6);
        ui_text(c->out, c->m, UI_FONT_BOLD, sp, c->theme->text, box.x + pad, box.y, tw + pad,
                UI_ALIGN_LEFT, forms[f]);
        ui_tag(c->out, from, UI_ROLE_GIL_TURNS, id, (int16_t)share);
        return;
    }
}

void ui__lane_bars(const ui_ctx *c, size_t run, tl_lane_kind kind, size_t lane, const ui__xmap *m,
                   int64_t tend, ui_rect bar)
{
    ui__run_lane_bars(c, &c->doc->runs[run], kind, lane, (int32_t)lane, m, tend, bar);
}

void ui__run_lane_bars(const ui_ctx *c, const ui_run *u, tl_lane_kind kind, size_t lane, int32_t id,
                       const ui__xmap *m, int64_t tend, ui_rect bar)
{
    const timeline *tl = u->tl;
    lane_src s = {tl, kind, lane, (int64_t)timeline_span_count(tl, kind, lane)};
    int ncols = past_columns(m, tend);
    /* stretches of turns in the window; the dense ones are hatched, not columned */
    ui__turns turns[STRETCHES_MAX];
    size_t nturns = 0;
    bool gil = kind == TL_LANE_WORKER ? u->worker_seen[TL_W_WAIT_GIL]
                                      : u->request_seen[TL_R_WAIT_GIL];
    if (gil)
        nturns = ui__gil_turns(tl, kind, lane, m->t0, m->t1, tend, turns, STRETCHES_MAX);
    int dense_x0[STRETCHES_MAX], dense_x1[STRETCHES_MAX];
    size_t ndense = 0;
    for (size_t i = 0; i < nturns; i++)
        if (turns_dense(m, &turns[i]) &&
            turns_columns(m, &turns[i], tend, &dense_x0[ndense], &dense_x1[ndense]))
            ndense++;
    lane_mark marks[MARKS_MAX];
    size_t nmarks = short_marks(c, &s, m, tend, ncols, marks), mk = 0;
    lane_pos p = {timeline_span_index(tl, kind, lane, m->t0), {0, 0, 0}};
    p.iv = lane_get(&s, p.i);
    int run_state = -1, run_x = 0;
    double carry[NSTATES] = {0};
    size_t d = 0;
    for (int k = 0; k < ncols; k++) {
        while (d < ndense && k >= dense_x1[d])
            d++;
        if (d < ndense && k >= dense_x0[d]) { /* hatched: no bars under it */
            emit_bar(c, kind, id, m, bar, run_state, run_x, k);
            run_state = -1;
            run_x = k;
            memset(carry, 0, sizeof carry);
            continue;
        }
        while (mk < nmarks && k >= marks[mk].x0 + marks[mk].w)
            mk++;
        if (mk < nmarks && k >= marks[mk].x0) { /* a short span's mark */
            if (marks[mk].state != run_state) {
                emit_bar(c, kind, id, m, bar, run_state, run_x, k);
                run_state = marks[mk].state;
                run_x = k;
            }
            memset(carry, 0, sizeof carry);
            continue;
        }
        int64_t a = ui__xmap_time(m, k), b = ui__xmap_time(m, k + 1);
        if (b > tend)
            b = tend;
        if (b <= a)
            b = a + 1; /* zoomed in below a nanosecond per column */
        seek(&s, &p, a);
        int state = p.iv.state;
        if (p.iv.t1 < b)
            state = column_state(&s, &p, a, b, carry);
        else /* a plain column ends a stretch of mixed ones: nothing is owed any more */
            memset(carry, 0, sizeof carry);
        if (state != run_state) {
            emit_bar(c, kind, id, m, bar, run_state, run_x, k);
            run_state = state;
            run_x = k;
        }
    }
    emit_bar(c, kind, id, m, bar, run_state, run_x, ncols);
    id = kind == TL_LANE_WORKER ? id : -1 - (int32_t)lane; /* the lane's label's id */
    for (size_t i = 0; i < nturns; i++) {
        int x0, x1;
        if (!turns_columns(m, &turns[i], tend, &x0, &x1))
            continue;
        ui_rect r = {m->x + x0, bar.y, x1 - x0, bar.h};
        if (turns_dense(m, &turns[i])) {
            size_t from = c->out->n;
            ui__hatch(c, kind, r, ui__turns_share(&turns[i]));
            ui_tag(c->out, from, UI_ROLE_GIL_TURNS, id, (int16_t)ui__turns_share(&turns[i]));
        }
        turns_label(c, &turns[i], r, id);
    }
}
