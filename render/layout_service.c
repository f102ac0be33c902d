/* layout_service.c - a service behind the run, drawn small beside the front's
 * restaurant (DESIGN.md "Services and shared state").
 *
 *   +- ml service ------------------------------+
 *   | 3 in flight · 1 queued · p99 61.8 ms      |
 *   |  (o) [377]   (o) [379]   (o) [382]   (o)  |   its waiters, each with the
 *   |  1:T1        2:T1        3:T1        4:T1 |   order it serves (and the order
 *   |                                           |   pad, where threads share a GIL)
 *   | waiting [385] [386] +2                    |   the calls no waiter has now:
 *   |                                           |   queued, or waiting for I/O
 *   +-------------------------------------------+
 *
 * An order is a small table with the number of the front's table that made the
 * call (the request the front's restaurant shows with that number), so a class
 * can follow an order from the gateway's table to the model service's waiter;
 * the front's restaurant draws an arrow from the one to the other
 * (layout_restaurant.c). A call made by another service shows its number at
 * that service instead. Everything is read from the service's own timeline
 * (ui_doc.h: ui_service.run) at the frame's time, its whole instant: the
 * front's step inside an instant counts the front's events, not the service's
 * (its lanes on the timeline read it so too).
 */
#include "layout_restaurant_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum {
    SVC_MAX_WAITERS = 64, /* waiters drawn in a box; the "+N" counts the rest */
    SVC_SCAN = 4096       /* workers looked at for those serving a call */
};

/* The number written on the order of call `sreq` at service k: the front's
 * table number of the request that made it, else the call's own number. */
static int order_number(const ui_run *front, size_t k, int64_t sreq)
{
    int64_t caller = timeline_call_caller(front->tl, k, sreq);
    return (int)(caller >= 0 ? caller + 1 : sreq + 1);
}

/* A small table with a number on it, in the colour of its request's state;
 * tagged as the service's table of request sreq. Returns its width. */
static int order(const ui_ctx *c, int x, int y, int h, int number, int32_t sreq, int state,
                 svc_marks *marks)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", number);
    int spx = ui__small_px(c);
    int w = ui__text_w(c, UI_FONT_BOLD, spx, buf) + spx / 2 + 2;
    ui_color fill = c->theme->request[state >= 0 && state < TL_R_COUNT ? state : TL_R_QUEUED];
    size_t from = c->out->n;
    ui_rect r = {x, y, w, h};
    ui_rect_fill(c->out, r, fill, h / 5);
    int lh = ui__line_h(c, UI_FONT_BOLD, spx);
    ui_color ink = ui__ink_on(c->theme, fill);
    ui_text(c->out, c->m, UI_FONT_BOLD, spx, ink, x, y + (h - lh) / 2, w, UI_ALIGN_CENTER, buf);
    ui_tag(c->out, from, UI_ROLE_TABLE, sreq, (int16_t)state);
    if (marks && marks->n < SVC_MAX_MARKS)
        marks->m[marks->n++] = (svc_mark){sreq, r};
    return w;
}

/* The line under the service's name: its calls in flight, those of them queued
 * for a waiter (its queue) and the p99 of those answered so far, in the longest
 * form that fits ("3 in flight · 1 queued · p99 61.8 ms", "3 in flight · 1
 * queued", "3 · 1 queued" or "3 in flight"), after the service's name when
 * `name` is given. */
static void summary_line(const ui_ctx *c, const ui_run *s, const char *name, size_t k,
                         int64_t queued, ui_rect r)
{
    const timeline *tl = s->tl;
    int spx = ui__small_px(c);
    int64_t fly = timeline_arrived(tl, c->t) - timeline_completed(tl, c->t);
    char p99[32] = "\xE2\x80\x93", forms[3][192];
    if (timeline_completed(tl, c->t) > 0)
        ui_format_time(timeline_latency_percentile(tl, c->t, 99), p99, sizeof p99);
    char pre[80] = "";
    if (name)
        snprintf(pre, sizeof pre, "%s: ", name);
    snprintf(forms[0], sizeof forms[0], "%s%lld in flight \xC2\xB7 %lld queued \xC2\xB7 p99 %s",
             pre, (long long)fly, (long long)queued, p99);
    snprintf(forms[1], sizeof forms[1], "%s%lld in flight \xC2\xB7 %lld queued", pre,
             (long long)fly, (long long)queued);
    if (queued == 0) /* nothing queued: what is in flight says more */
        snprintf(forms[2], sizeof forms[2], "%s%lld in flight", pre, (long long)fly);
    else
        snprintf(forms[2], sizeof forms[2], "%s%lld \xC2\xB7 %lld queued", pre, (long long)fly,
                 (long long)queued);
    size_t f = 0;
    while (f < 2 && ui__text_w(c, UI_FONT_BOLD, spx, forms[f]) > r.w)
        f++;
    size_t from = c->out->n;
    ui_text(c->out, c->m, UI_FONT_BOLD, spx, c->theme->text, r.x, r.y, r.w, UI_ALIGN_LEFT,
            forms[f]);
    ui_tag(c->out, from, UI_ROLE_SERVICE, (int32_t)k, (int16_t)(queued > 32767 ? 32767 : queued));
}

/* A waiter of the service: a disc in its state's colour with the waiter's
 * pictogram, its name on a tag under it. */
static void waiter(const ui_ctx *c, const ui_run *s, size_t w, int state, int x, int y, int d)
{
    const ui_theme *th = c->theme;
    size_t from = c->out->n;
    ui_color fill = th->worker[state >= 0 && state < TL_W_COUNT ? state : TL_W_IDLE];
    int ring = d / 16 > 2 ? d / 16 : 2, inner = d - 2 * ring;
    ui_disc(c->out, x + d / 2, y + d / 2, d / 2, th->text);
    ui_disc(c->out, x + d / 2, y + d / 2, inner / 2, fill);
    int fig = inner * 4 / 5;
    ui_color ink = ui__ink_on(th, fill);
    if (fig >= 10)
        ui_image(c->out, (ui_rect){x + d / 2 - fig / 2, y + d / 2 - fig / 2, fig, fig}, ink,
                 "waiter");
    int spx = ui__small_px(c), lh = ui__line_h(c, UI_FONT_BOLD, spx);
    const char *name = s->short_names[w];
    int tw = ui__text_w(c, UI_FONT_BOLD, spx, name), pad = spx / 6 + 1;
    ui_rect tag = {x + d / 2 - tw / 2 - pad, y + d - lh / 4, tw + 2 * pad, lh * 5 / 6};
    ui_rect_fill(c->out, tag, th->text, tag.h / 4);
    ui_text(c->out, c->m, UI_FONT_BOLD, spx, th->bg, tag.x + pad, tag.y - lh / 12, tw,
            UI_ALIGN_CENTER, name);
    ui_tag(c->out, from, UI_ROLE_WAITER, (int32_t)w, (int16_t)state);
}

bool ui__service_pad_shared(const ui_run *s)
{
    size_t procs = s->processes > 0 ? s->processes : 1;
    return scn_runtime_serving(s->rt)->gil && s->nworkers > procs;
}

/* The order pad (the GIL of the waiter's process) held up at the disc's top
 * left: only where threads of a process share it, so who holds it tells. */
static void pad(const ui_ctx *c, const ui_run *s, size_t w, int x, int y, int d)
{
    tl_worker_info wi;
    tl_span g;
    if (timeline_worker_info(s->tl, w, &wi) < 0 || wi.process < 0 ||
        timeline_state_at_step(s->tl, TL_LANE_GIL, (size_t)wi.process, c->t, TL_STEP_END, &g) < 0 ||
        g.state != TL_GIL_HELD || g.worker != (int32_t)w)
        return;
    int ph = d / 2 > 8 ? d / 2 : 8;
    size_t from = c->out->n;
    ui_rect sheet = {x - ph / 3, y - ph / 3, ph, ph};
    ui_color fill = c->theme->pad;
    ui_color ink = ui__ink_on(c->theme, fill);
    ui_rect_fill(c->out, sheet, fill, 2);
    ui_box(c->out, sheet, ink, 1);
    ui_image(c->out, (ui_rect){sheet.x + 1, sheet.y + 1, ph - 2, ph - 2}, ink, "pad");
    ui_tag(c->out, from, UI_ROLE_ORDER_PAD, wi.process, (int16_t)w);
}

void ui__service(const ui_ctx *c, const ui_run *front, size_t k, ui_rect r, svc_marks *marks)
{
    const ui_service *sv = &front->services[k];
    const ui_run *s = &sv->run;
    char head[96];
    snprintf(head, sizeof head, "%s service", sv->name);
    /* a short box (several services in a short restaurant) has no heading: its
     * line names the service */
    int hh = ui__line_h(c, UI_FONT_BOLD, c->px);
    bool heading = r.h >= 5 * hh;
    size_t from = c->out->n;
    ui_rect in = heading ? ui__panel_in(c, r, head) : ui__panel(c, r, NULL);
    ui_tag(c->out, from, UI_ROLE_SERVICE, (int32_t)k, -1);
    int spx = ui__small_px(c), lh = ui__line_h(c, UI_FONT_BOLD, spx), gap = c->px / 3;
    if (in.h < lh || in.w < 4 * c->px)
        return;
    /* the calls at the service now: those a waiter has, and those that wait */
    int64_t counts[TL_R_COUNT];
    timeline_request_counts(s->tl, c->t, counts);
    summary_line(c, s, heading ? NULL : sv->name, k, counts[TL_R_QUEUED],
                 (ui_rect){in.x, in.y, in.w, lh});
    in.y += lh + gap / 2;
    in.h -= lh + gap / 2;
    /* the waiters: a cell each (disc, order, tag under the disc) above the queue's
     * line; the largest disc (2 px down to 1 px) at which every waiter fits,
     * else the smallest and a "+N" */
    int oh = lh;
    char widest[16];
    /* a call another service made shows its own number: as many digits as the
     * front's requests or the service's calls, whichever has more */
    size_t nfront = timeline_lane_count(front->tl, TL_LANE_REQUEST),
           ncalls = timeline_lane_count(s->tl, TL_LANE_REQUEST);
    snprintf(widest, sizeof widest, "%zu", (nfront > ncalls ? nfront : ncalls) + 1);
    int ow = ui__text_w(c, UI_FONT_BOLD, spx, widest) + spx / 2 + 2;
    size_t nw = s->nworkers;
    int d = 0, cw = 0, ch = 0, cols = 1, rows_room = 0, room_h = in.h - lh - gap / 2;
    for (int tenths = 20; tenths >= 10; tenths -= 2) {
        d = c->px * tenths / 10;
        cw = d + gap / 2 + ow + gap;
        ch = d + lh * 2 / 3 + gap / 2;
        cols = in.w / cw > 0 ? in.w / cw : 1;
        rows_room = (room_h + gap / 2) / ch; /* the last row needs no gap under it */
        if ((size_t)(cols * rows_room) >= nw)
            break;
    }
    if (rows_room < 1)
        return; /* no room for a waiter: the line above says it */
    size_t cap = (size_t)(cols * rows_room);
    size_t shown = nw <= cap ? nw : cap - 1;
    if (shown > SVC_MAX_WAITERS)
        shown = SVC_MAX_WAITERS;
    /* who stands in the box: every waiter when all fit; else those serving a call
     * first (the calls are the lesson), then the others, each in worker order */
    size_t who[SVC_MAX_WAITERS], n = 0;
    bool shared_pad = ui__service_pad_shared(s);
    tl_span sp;
    for (int pass = nw <= shown ? 1 : 0; pass < 2 && n < shown; pass++)
        /* the busy ones among the first SVC_SCAN workers: a frame's cost stays
         * bounded for a service of thousands of threads */
        for (size_t w = 0; w < nw && n < shown && (pass == 1 || w < SVC_SCAN); w++) {
            bool busy = timeline_state_at_step(s->tl, TL_LANE_WORKER, w, c->t, TL_STEP_END, &sp) ==
                            0 &&
                        sp.req >= 0 && sp.state != TL_W_ABSENT && sp.state != TL_W_IDLE;
            if (pass == 1 && nw > shown && busy && w < SVC_SCAN)
                continue; /* placed in the first pass */
            if (pass == 0 && !busy)
                continue;
            who[n++] = w;
        }
    shown = n;
    for (size_t i = 0; i < shown; i++) {
        size_t w = who[i];
        int x = in.x + (int)(i % (size_t)cols) * cw, y = in.y + (int)(i / (size_t)cols) * ch;
        if (y + d > in.y + in.h - lh)
            break;
        int state = TL_W_IDLE;
        sp.req = -1;
        if (timeline_state_at_step(s->tl, TL_LANE_WORKER, w, c->t, TL_STEP_END, &sp) == 0)
            state = sp.state;
        waiter(c, s, w, state, x, y, d);
        if (shared_pad)
            pad(c, s, w, x, y, d);
        tl_span rq;
        if (sp.req >= 0 && state != TL_W_ABSENT && state != TL_W_IDLE &&
            timeline_state_at_step(s->tl, TL_LANE_REQUEST, (size_t)sp.req, c->t, TL_STEP_END,
                                   &rq) == 0) {
            size_t at = marks ? marks->n : 0;
            order(c, x + d + gap / 2, y + (d - oh) / 2, oh, order_number(front, k, sp.req), sp.req,
                  rq.state, marks);
            /* an arrow to this order ends at the waiter who has it */
            if (marks && marks->n > at)
                marks->m[at].at = (ui_rect){x, y, d, d};
        }
    }
    if (shown < nw) {
        char more[32];
        snprintf(more, sizeof more, "+%zu", nw - shown);
        int x = in.x + (int)(shown % (size_t)cols) * cw,
            y = in.y + (int)(shown / (size_t)cols) * ch;
        ui_text(c->out, c->m, UI_FONT_BOLD, spx, c->theme->text_dim, x, y + (d - lh) / 2, cw,
                UI_ALIGN_LEFT, more);
    }
    int used = (int)((shown + (shown < nw) + (size_t)cols - 1) / (size_t)cols);
    int qy = in.y + (used > 0 ? used : 1) * ch;
    if (qy + lh > in.y + in.h)
        qy = in.y + in.h - lh;
    /* the queue: the calls no waiter has yet, oldest first, then "+N" */
    const char *label = "waiting";
    from = c->out->n;
    ui_text(c->out, c->m, UI_FONT_SANS, spx, c->theme->text_dim, in.x, qy, 0, UI_ALIGN_LEFT, label);
    ui_tag(c->out, from, UI_ROLE_SERVICE, (int32_t)k, -2);
    int x = in.x + ui__text_w(c, UI_FONT_SANS, spx, label) + gap;
    /* every call at the service no waiter holds (a thread blocked on I/O holds
     * its call: it is drawn beside that waiter), as many as fit, then "+N" */
    int64_t left = 0, drawn = 0;
    size_t nreq = timeline_lane_count(s->tl, TL_LANE_REQUEST);
    int more_w = ui__text_w(c, UI_FONT_BOLD, spx, "+8888");
    bool room = true;
    for (size_t q = 0; q < nreq; q++) {
        int64_t arrive, done;
        if (timeline_request_times(s->tl, q, &arrive, &done) < 0 || arrive < 0 || arrive > c->t ||
            (done >= 0 && done <= c->t))
            continue;
        tl_span rq;
        if (timeline_state_at_step(s->tl, TL_LANE_REQUEST, q, c->t, TL_STEP_END, &rq) < 0 ||
            (rq.state != TL_R_QUEUED && rq.state != TL_R_WAIT_IO) || rq.worker >= 0)
            continue;
        room = room && x + ow + gap + more_w <= in.x + in.w;
        if (!room) {
            left++;
            continue;
        }
        x += order(c, x, qy, oh, order_number(front, k, (int64_t)q), (int32_t)q, rq.state, marks) +
             gap / 2;
        drawn++;
    }
    if (drawn + left == 0)
        ui_text(c->out, c->m, UI_FONT_SANS, spx, c->theme->text_dim, x, qy, 0, UI_ALIGN_LEFT,
                "none");
    if (left > 0) {
        char more[32];
        snprintf(more, sizeof more, "+%lld", (long long)left);
        from = c->out->n;
        ui_text(c->out, c->m, UI_FONT_BOLD, spx, c->theme->text, x, qy, 0, UI_ALIGN_LEFT, more);
        ui_tag(c->out, from, UI_ROLE_SERVICE, (int32_t)k, -3);
    }
}
