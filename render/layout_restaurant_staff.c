/* layout_restaurant_staff.c - the waiters (every worker) and the order pad.
 *
 * A waiter stands where its state at t says what it does:
 *   running, ready or waiting for the GIL on a request   at that request's table
 *   a thread blocked on I/O (WAIT_IO)                    at the kitchen window (at
 *                                                        its table when the kitchen
 *                                                        has no room for a window)
 *   idle (a thread in accept(), an idle pool thread)     at the station / back office
 *   the loop's thread, not at a table                    by its rails, at the row
 *                                                        of the phase it is in
 *   absent (not spawned, or exited)                      not drawn
 * Each waiter has a fixed slot in each place (its rank among the workers that can
 * stand there), so waiters do not shuffle when others come and go; a place with
 * more candidates than slots packs whoever is there and says "+N" for the rest.
 *
 * Walking, only while the run plays: for a short while after a state change (2%
 * of the run, at most half of the new state's span) a waiter moves from where its
 * previous state put it, when both places are known and the new state lasts long
 * enough to be seen (a walk of at least 0.5% of the run). A paused frame (a step,
 * a scrub, a slide) shows every waiter at the place of its state, in its colour:
 * a step lands on the instant a state begins, where a walk would still be at the
 * old place. It is a pure function of t and the view: the previous interval is a
 * timeline lookup, so playing backwards over a stretch shows the same frames.
 *
 * The order pad (the GIL) is drawn by the waiter who holds it, or at its home in
 * the strip when it is free.
 */
#include "layout_restaurant_internal.h"

#include <string.h>

enum { AT_NONE, AT_TABLE, AT_WINDOW, AT_STATION, AT_RAILS, AT_HELPERS, AT_WLOOPS };

/* A worker's rank in each place it can stand (counted in worker order). */
typedef struct {
    int window, station, pool, wloop;
} ranks;

typedef struct {
    int x, y, d; /* centre and diameter */
    int at;      /* AT_* */
} spot;

typedef struct {
    size_t w;
    tl_worker_info wi;
    bool wloop; /* a worker_threads loop */
    ranks rk;
} who;

static int place_of(const resto *R, const who *a, const tl_span *s, int *table)
{
    *table = -1;
    int st = s->state;
    if (st == TL_W_ABSENT)
        return AT_NONE;
    bool loop = a->wi.kind == TRACE_WORKER_LOOP;
    /* a kitchen too short for its window (a compared column): a thread blocked on
     * I/O waits at its table, in the colour that says so, rather than nowhere */
    bool no_window = st == TL_W_WAIT_IO && !loop && resto__slot_cap(&R->window_s) == 0;
    if (s->req >= 0 &&
        (st == TL_W_RUNNING || st == TL_W_READY || st == TL_W_WAIT_GIL || no_window)) {
        *table = resto__table_of(R, (size_t)a->wi.process, s->req);
        if (*table >= 0)
            return AT_TABLE;
        if (!loop)
            return AT_NONE; /* serving a table the room has no space to show */
    }
    if (loop)
        return a->wloop ? AT_WLOOPS : AT_RAILS;
    if (st == TL_W_WAIT_IO)
        return AT_WINDOW;
    return a->wi.kind == TRACE_WORKER_POOL ? AT_HELPERS : AT_STATION;
}

/* Slot `rank` of S (fixed places), or the next free one (packed places, only when
 * `take`). False when there is none. */
static bool slot_spot(resto_slots *S, int rank, bool take, spot *out)
{
    int cap = resto__slot_cap(S), i;
    if (cap <= 0)
        return false;
    if (!resto__slots_packed(S)) {
        i = rank;
    } else {
        if (!take)
            return false;
        if (S->used >= cap - S->label_slots) {
            S->overflow++; /* the last slots say "+N" */
            return false;
        }
        i = S->used++;
    }
    if (i < 0 || i >= cap)
        return false;
    ui_rect q = resto__slot_rect(S, i);
    *out = (spot){q.x + q.w / 2, q.y + q.h / 2, q.w * 8 / 9, AT_NONE};
    return true;
}

/* The height of a waiter's name tag, which hangs under its disc. */
static int tag_h(const resto *R)
{
    return R->c->m->height(R->c->m->ctx, UI_FONT_BOLD, R->spx);
}

/* By the rails, at the row of the loop's phase at `at` (the poll / select row
 * when the phase has none, where a waiting loop sits). */
static bool rails_spot(const resto *R, const resto_proc *P, int64_t at, spot *out)
{
    if (P->rails.w <= 0 || P->spot_d < 4)
        return false;
    int phase = timeline_phase_at_step(R->tl, (size_t)P->loop, at,
                                       at == R->t ? R->step : TL_STEP_END);
    int k = -1;
    for (int i = 0; i < P->nrails && k < 0; i++)
        if (P->rail_phase[i] >= 0 && P->rail_phase[i] == phase)
            k = i;
    for (int i = 0; i < P->nrails && k < 0; i++)
        if (P->rail_queue[i] == TRACE_QUEUE_POLL)
            k = i;
    /* no rail shown (a short restaurant between two busy moments): under the heading */
    int y = P->nrails > 0 ? P->rail_y[k < 0 ? 0 : k] : P->rails.y + P->rails.h / 2, d = P->spot_d;
    /* under the heading, and with the pad held over its head (a GIL) under it too */
    int lh = resto__line(R, R->spx), over = R->gil ? lh * 2 / 3 : 0;
    int lo = P->rails.y + lh + over + d / 2,
        hi = P->rails.y + P->rails.h - d / 2 - tag_h(R) * 2 / 3;
    y = y < lo ? lo : y > hi ? hi : y;
    *out = (spot){P->spot_x, y, d, AT_RAILS};
    return true;
}

/* Where worker a stands in state s (its span, in effect at `at`). `take` is true
 * for the current state (it uses up packed slots and table places). */
static bool spot_of(resto *R, const who *a, const tl_span *s, int64_t at, bool take, spot *out)
{
    int table, place = place_of(R, a, s, &table);
    if (place == AT_NONE || a->wi.process < 0 || (size_t)a->wi.process >= R->nshown)
        return false;
    resto_proc *P = &R->procs[a->wi.process];
    bool ok;
    switch (place) {
    case AT_TABLE: {
        ui_rect tab = R->tab_rect[table];
        int n = take ? R->tab_waiters[table]++ : 0, d = P->table_wd;
        /* three at one table are enough to see it is busy */
        ok = n <= 2 && d >= 4;
        *out = (spot){tab.x + tab.w - n * d / 2, tab.y + tab.h / 2, d, AT_TABLE};
        break;
    }
    case AT_WINDOW: ok = slot_spot(&R->window_s, a->rk.window, take, out); break;
    case AT_STATION: ok = slot_spot(&P->station_s, a->rk.station, take, out); break;
    case AT_HELPERS: ok = slot_spot(&P->helpers_s, a->rk.pool, take, out); break;
    case AT_WLOOPS: ok = slot_spot(&P->wloops_s, a->rk.wloop, take, out); break;
    default: ok = rails_spot(R, P, at, out); break;
    }
    out->at = place;
    return ok;
}

/* Moves *now back along the way from the previous state's place, while the run
 * plays and the waiter is still walking. */
static void walk(resto *R, const who *a, const tl_span *s, spot *now)
{
    if (!R->c->view->playing)
        return;
    int64_t travel = R->c->doc->end / 50, half = (s->t1 - s->t0) / 2;
    if (travel > half)
        travel = half;
    /* a stay too short to see (a busy loop hopping between tables) is a jump:
     * a waiter always half-way would hide the tables it crosses */
    if (travel < R->c->doc->end / 200 || R->t - s->t0 >= travel)
        return;
    int64_t i = timeline_span_index(R->tl, TL_LANE_WORKER, a->w, R->t);
    tl_span prev;
    spot from;
    if (i < 1 || timeline_span(R->tl, TL_LANE_WORKER, a->w, (size_t)(i - 1), &prev) < 0 ||
        !spot_of(R, a, &prev, prev.t1 - 1, false, &from))
        return;
    double f = (double)(R->t - s->t0) / (double)travel;
    now->x = from.x + (int)((now->x - from.x) * f);
    now->y = from.y + (int)((now->y - from.y) * f);
    now->d = from.d + (int)((now->d - from.d) * f);
}

/* A waiter: a disc in the colour of its state (ringed in the text colour, which
 * keeps it apart from a table of its colour) with the waiter's pictogram on it,
 * and its name on a tag hanging under it, so every waiter says who it is however
 * small (a crowd at the window, drawn small to fit, is counted, not named). */
static void draw_waiter(resto *R, const who *a, const tl_span *s, spot at, bool window)
{
    ui_color fill = R->th->worker[s->state];
    size_t from = R->c->out->n;
    int ring = at.d / 16 > 2 ? at.d / 16 : 2, inner = at.d - 2 * ring;
    ui_disc(R->c->out, at.x, at.y, at.d / 2, R->th->text);
    ui_disc(R->c->out, at.x, at.y, inner / 2, fill);
    /* the figure fills most of the disc; too small to read, the disc alone */
    int fig = inner * 4 / 5;
    if (fig >= 10)
        ui_image(R->c->out, (ui_rect){at.x - fig / 2, at.y - fig / 2 - inner / 16, fig, fig},
                 resto__ink(R, fill), "waiter");
    /* at the shared window, waiters of several processes need their "2:" */
    const char *name = window ? R->run->short_names[a->w] : resto__local_name(R, a->w);
    const ui_measure *m = R->c->m;
    int tw = m->width(m->ctx, UI_FONT_BOLD, R->spx, name, strlen(name)), th = tag_h(R);
    /* a crowd at the window stands close: tags wider than a place would overlap;
     * so do waiters at tables closer than a tag (200 threads at 200 tables: the
     * heading counts them, the tables stay in sight) */
    int pad = R->spx / 6 + 1, w = tw + 2 * pad;
    bool crowd = window && R->window_s.eligible > 1 && w > R->window_s.cell;
    if (at.at == AT_TABLE && a->wi.process >= 0 && (size_t)a->wi.process < R->nshown) {
        const resto_proc *P = &R->procs[a->wi.process];
        int pitch = P->ntab >= 2 ? R->tab_rect[P->tab0 + 1].x - R->tab_rect[P->tab0].x : 0;
        /* the run's last name is its longest: all tagged or none (measured once a
         * frame, not once a waiter) */
        if (R->last_tag_w == 0) {
            const char *last = R->run->short_names[R->run->nworkers - 1];
            R->last_tag_w = m->width(m->ctx, UI_FONT_BOLD, R->spx, last, strlen(last)) + 2 * pad;
        }
        crowd |= pitch > 0 && (w > pitch || R->last_tag_w > pitch);
        /* rows of tables closer than a tag hangs, and waiters for more than two
         * rows: their tags would cover the rows below (40 threads at 40 tables in
         * four rows); a few waiters keep their names, at the cost of a corner */
        ui_rect t0 = P->ntab >= 1 ? R->tab_rect[P->tab0] : (ui_rect){0, 0, 0, 0};
        for (size_t i = 1; i < P->ntab; i++) {
            ui_rect ti = R->tab_rect[P->tab0 + i];
            if (ti.y > t0.y) {
                crowd |= ti.y - t0.y - t0.h < th + th / 2 &&
                         (size_t)(P->nthreads + P->npool) > 2 * i;
                break;
            }
        }
    }
    if (!crowd) {
        int x = at.x - w / 2, y = at.y + at.d / 2 - th / 3;
        ui_rect ar = R->area;
        x = x + w > ar.x + ar.w ? ar.x + ar.w - w : x < ar.x ? ar.x : x;
        y = y + th > ar.y + ar.h ? ar.y + ar.h - th : y;
        ui_rect tag = {x, y, w, th};
        ui_rect_fill(R->c->out, tag, R->th->text, th / 4);
        ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->bg, x + pad, y, tw, UI_ALIGN_CENTER,
                name);
    }
    ui_tag(R->c->out, from, UI_ROLE_WAITER, (int32_t)a->w, (int16_t)s->state);
}

/* The pad: a white sheet with the order pad's pictogram and "GIL", held up over
 * its holder's head, or at home in the strip when it is free. */
int resto__pad_sheet_w(const resto *R)
{
    const ui_measure *m = R->c->m;
    int icon = m->height(m->ctx, UI_FONT_BOLD, R->spx) - 2;
    return 2 + icon + 2 + m->width(m->ctx, UI_FONT_BOLD, R->spx, "GIL", 3) + R->spx / 4;
}

static void draw_pad(resto *R, size_t p, int32_t holder, const spot *by)
{
    const resto_proc *P = &R->procs[p];
    const ui_measure *m = R->c->m;
    int ph = m->height(m->ctx, UI_FONT_BOLD, R->spx) + 2, icon = ph - 4;
    int tw = m->width(m->ctx, UI_FONT_BOLD, R->spx, "GIL", 3);
    int pw = resto__pad_sheet_w(R);
    int x, y;
    if (by) { /* held up over the holder's head */
        x = by->x - pw / 2;
        y = by->y - by->d / 2 - ph * 2 / 3;
    } else if (P->pad.w > 0) {
        /* at home, left of the words that say it is free (pad_status) */
        x = P->pad.x + (pw < R->D ? (R->D - pw) / 2 : 0);
        y = P->pad.y + (P->pad.h - ph) / 2;
    } else {
        return;
    }
    ui_rect a = R->area;
    x = x + pw > a.x + a.w ? a.x + a.w - pw : x;
    y = y + ph > a.y + a.h ? a.y + a.h - ph : y;
    x = x < a.x ? a.x : x;
    y = y < a.y ? a.y : y;
    if (pw > a.w || ph > a.h)
        return;
    size_t from = R->c->out->n;
    ui_rect sheet = {x, y, pw, ph};
    ui_color ink = resto__ink(R, R->th->pad);
    ui_rect_fill(R->c->out, sheet, R->th->pad, 2);
    ui_box(R->c->out, sheet, ink, 2);
    ui_image(R->c->out, (ui_rect){x + 2, y + 2, icon, icon}, ink, "pad");
    ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, ink, x + 4 + icon, y + 1, tw, UI_ALIGN_LEFT, "GIL");
    ui_tag(R->c->out, from, UI_ROLE_ORDER_PAD, (int32_t)p, (int16_t)holder);
}

/* Counts the worker's rank in the places it can stand and fills a. */
static void rank(resto *R, size_t w, who *a, ranks *next, int next_p[][3])
{
    a->w = w;
    a->wloop = false;
    memset(&a->rk, 0, sizeof a->rk);
    if (a->wi.kind == TRACE_WORKER_LOOP && a->wi.loop >= 0) {
        tl_loop_info li;
        if (timeline_loop_info(R->tl, (size_t)a->wi.loop, &li) == 0)
            a->wloop = li.is_worker;
    }
    if (a->wi.kind != TRACE_WORKER_LOOP)
        a->rk.window = next->window++;
    if (a->wi.process < 0 || (size_t)a->wi.process >= R->nshown)
        return;
    int *n = next_p[a->wi.process];
    if (a->wi.kind == TRACE_WORKER_THREAD)
        a->rk.station = n[0]++;
    else if (a->wi.kind == TRACE_WORKER_POOL)
        a->rk.pool = n[1]++;
    else if (a->wloop)
        a->rk.wloop = n[2]++;
}

void resto__staff(resto *R)
{
    tl_span gil[RESTO_MAX_PROCS];
    spot holder_at[RESTO_MAX_PROCS];
    bool holder_seen[RESTO_MAX_PROCS] = {false};
    for (size_t p = 0; p < R->nshown; p++)
        if (!R->gil || timeline_state_at_step(R->tl, TL_LANE_GIL, p, R->t, R->step, &gil[p]) < 0 ||
            gil[p].state != TL_GIL_HELD)
            gil[p].worker = -1;
    ranks next = {0, 0, 0, 0};
    int next_p[RESTO_MAX_PROCS][3] = {{0}};
    for (size_t w = 0; w < R->run->nworkers; w++) {
        who a;
        tl_span s;
        if (timeline_worker_info(R->tl, w, &a.wi) < 0 ||
            timeline_state_at_step(R->tl, TL_LANE_WORKER, w, R->t, R->step, &s) < 0)
            continue;
        rank(R, w, &a, &next, next_p);
        spot at;
        if (!spot_of(R, &a, &s, R->t, true, &at))
            continue;
        walk(R, &a, &s, &at);
        draw_waiter(R, &a, &s, at, at.at == AT_WINDOW);
        size_t p = (size_t)a.wi.process;
        if (gil[p].worker == (int32_t)w) {
            holder_at[p] = at;
            holder_seen[p] = true;
        }
    }
    resto__slots_overflow(R, &R->window_s);
    for (size_t p = 0; p < R->nshown; p++) {
        resto_proc *P = &R->procs[p];
        resto__slots_overflow(R, &P->station_s);
        resto__slots_overflow(R, &P->helpers_s);
        resto__slots_overflow(R, &P->wloops_s);
        if (R->gil)
            draw_pad(R, p, gil[p].worker, holder_seen[p] ? &holder_at[p] : NULL);
    }
}
