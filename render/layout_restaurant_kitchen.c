/* layout_restaurant_kitchen.c - the kitchen (the machine's I/O devices) and its cores.
 *
 * The kitchen is shared by every process, as devices are the machine's. From the
 * top: the window, where a waiter who blocked on I/O stands until the dish is
 * ready; one station per device with its cooks (the device's capacity: a slot
 * each, or "unlimited") and how many orders are cooking and waiting. Under the
 * kitchen, outside it, the workbench: the CPU cores, shared by every process too,
 * where the waiters do their own work (a core grey when idle).
 *
 * Both counts are the timeline's: "cooking" is the device's operations in flight
 * (timeline_device_in_flight), "waiting" its queue.
 *
 * A scenario's shared values ("state") stand on the pass, the shelf under the
 * kitchen's name where every waiter reaches: "stock 7" and, once updates were
 * lost, "2 lost" in the alarm colour; the row lights up at the step a write
 * overwrites another request's (timeline_shared_at_step).
 */
#include "layout_restaurant_internal.h"

#include <stdio.h>
#include <string.h>

/* Whether the kitchen names service k: the run calls it at all (a runtime that
 * does the service's work itself, "in_process", calls no one) and the services
 * are not drawn beside the kitchen (layout_service.c), which say it all. */
static bool calls(const resto *R, size_t k)
{
    return !R->service_boxes && timeline_call_count(R->tl, k) > 0;
}

#define PASS_ROWS 3 /* shared values shown on the pass; the rest as "+N more" */

/* The pass: a row per shared value (up to PASS_ROWS) from the top of `in`, its
 * name and value, its lost updates so far, lit while one happens; at most `most`
 * pixels high (the stations keep their lines). Returns the height used (0
 * without shared values or room). */
static int pass(resto *R, ui_rect in, int most)
{
    const scn_scenario *scn = R->scn;
    size_t n = scn->nstate;
    if (n == 0)
        return 0;
    const ui_measure *m = R->c->m;
    int pad = R->px / 6, tpx = R->px, lh = resto__line(R, tpx);
    int rows = n <= PASS_ROWS ? (int)n : PASS_ROWS;
    if (rows * lh + pad > most) { /* short of room: small print, then fewer rows */
        tpx = R->spx;
        lh = resto__line(R, tpx);
        while (rows > 1 && rows * lh + pad > most)
            rows--;
        if (lh + pad > most)
            return 0;
    }
    /* the last row says how many more there are when not all fit (one row: the
     * first value alone) */
    size_t shown = (size_t)rows < n && rows > 1 ? (size_t)rows - 1 : (size_t)rows;
    /* when not every value fits, those written most recently: the one the run
     * (and the caption) is at */
    size_t keys[PASS_ROWS];
    int64_t when[PASS_ROWS];
    size_t nk = 0;
    for (size_t k = 0; k < n; k++) {
        tl_shared sh;
        int64_t t = timeline_shared_at_step(R->tl, scn, k, R->t, R->step, &sh) == 0
                        ? sh.last_write_t
                        : -1;
        size_t at = nk;
        while (at > 0 && when[at - 1] < t)
            at--;
        if (at >= shown)
            continue;
        for (size_t j = (nk < shown ? nk : shown - 1); j > at; j--)
            keys[j] = keys[j - 1], when[j] = when[j - 1];
        keys[at] = k;
        when[at] = t;
        nk = nk < shown ? nk + 1 : nk;
    }
    for (size_t i = 1; i < nk; i++) /* in the file's order on the pass */
        for (size_t j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
            size_t x = keys[j];
            keys[j] = keys[j - 1], keys[j - 1] = x;
        }
    for (size_t r = 0; r < nk; r++) {
        size_t k = keys[r];
        tl_shared sh;
        if (timeline_shared_at_step(R->tl, scn, k, R->t, R->step, &sh) != 0)
            continue;
        ui_rect row = {in.x, in.y + (int)r * lh, in.w, lh};
        size_t from = R->c->out->n;
        if (sh.last_lost_now) {
            ui_rect_fill(R->c->out, row, R->th->highlight, R->px / 6);
            ui_box(R->c->out, row, R->th->cursor, 2);
        }
        char left[96], right[48] = "";
        snprintf(left, sizeof left, "%s %lld", scn->state[k].name, (long long)sh.value);
        if (sh.lost_updates > 0)
            snprintf(right, sizeof right, "%lld lost", (long long)sh.lost_updates);
        /* in small print when the base size would cut the name */
        int px = tpx, rw = 0;
        for (;;) {
            rw = right[0] ? m->width(m->ctx, UI_FONT_BOLD, px, right, strlen(right)) : 0;
            int lw = m->width(m->ctx, UI_FONT_BOLD, px, left, strlen(left));
            if (lw + rw + 3 * pad <= row.w || px == R->spx)
                break;
            px = R->spx;
        }
        ui_text(R->c->out, m, UI_FONT_BOLD, px, R->th->text, row.x + pad, row.y,
                row.w - rw - 3 * pad, UI_ALIGN_LEFT, left);
        if (right[0])
            ui_text(R->c->out, m, UI_FONT_BOLD, px, R->th->cursor, row.x + row.w - rw - pad, row.y,
                    rw, UI_ALIGN_LEFT, right);
        ui_tag(R->c->out, from, UI_ROLE_SHARED, (int32_t)k, sh.last_lost_now ? 1 : 0);
    }
    if (shown < n) {
        char more[48];
        snprintf(more, sizeof more, "+%zu more values", n - shown);
        ui_text(R->c->out, m, UI_FONT_SANS, R->spx, R->th->text_dim, in.x + pad,
                in.y + (int)shown * lh, in.w - 2 * pad, UI_ALIGN_LEFT, more);
    }
    return rows * lh + pad;
}

void resto__kitchen_plan(resto *R, ui_rect k)
{
    const ui_measure *m = R->c->m;
    int lh = resto__line(R, R->spx), D = R->slot, gap = R->px / 4;
    /* the workbench (CPU cores) stands outside the kitchen, under it: the kitchen is
     * I/O, the cores are where waiters do their own work */
    int bench_h = 2 * lh + R->px / 3; /* heading, cores */
    if (k.h < 3 * bench_h + 4 * lh)
        bench_h = lh + 4; /* short: heading and cores on one line */
    if (k.h >= bench_h + 5 * lh) {
        R->cores = (ui_rect){k.x, k.y + k.h - bench_h, k.w, bench_h};
        k.h -= bench_h + 3;
    }
    ui_rect_fill(R->c->out, k, R->th->kitchen, R->px / 3);
    ui_box(R->c->out, k, R->th->panel_edge, 1);
    ui_rect in = ui__inset(k, R->px / 4);
    bool small = in.h < 4 * D + 3 * lh;
    int hpx = small ? R->spx : R->px, hh = m->height(m->ctx, UI_FONT_BOLD, hpx);
    ui_text(R->c->out, m, UI_FONT_BOLD, hpx, R->th->text, in.x, in.y, in.w, UI_ALIGN_LEFT,
            "Kitchen");
    in.y += hh;
    in.h -= hh;
    /* what must be there: a line per device (up to 3), then the pass, then one
     * row of the window; then more rows of the window, up to 40% of the column */
    size_t nd = R->scn->ndevices;
    int nst = nd == 0 ? 1 : nd < 3 ? (int)nd : 3;
    if (nd == 0) { /* without devices: two lines a service the runtime calls (up to 4) */
        int ncalled = 0;
        for (size_t k = 0; k < R->scn->nservices; k++)
            ncalled += calls(R, k);
        nst = ncalled == 0 ? 1 : 2 * ncalled < 4 ? 2 * ncalled : 4;
    }
    int st_min = nst * lh + (nst - 1) * gap;
    int pass_h = pass(R, in, in.h - st_min);
    in.y += pass_h;
    in.h -= pass_h;
    int cell = D, tags = lh * 2 / 3; /* the waiters' name tags hang under them */
    if (lh + cell + tags + gap + st_min > in.h)
        cell = in.h - lh - tags - gap - st_min;
    if (cell < 2 * R->spx) { /* short: the tags hang over the stations' top */
        tags = R->px / 6;
        cell = lh + D + tags + gap + st_min > in.h ? in.h - lh - tags - gap - st_min : D;
    }
    if (cell < 2 * R->spx)
        cell = 0; /* no room to stand: blocked waiters are not drawn */
    if (cell > 0) {
        /* a crowd stands closer: smaller waiters (without names) when they would
         * not fit, as the window's size must not change while the run plays */
        int elig = R->window_s.eligible, rows = 1;
        for (;;) {
            int cols = in.w / cell, max_rows = (in.h * 2 / 5 - lh) / cell;
            max_rows = max_rows < 1 ? 1 : max_rows;
            rows = cols > 0 ? (elig + cols - 1) / cols : 1;
            rows = rows > max_rows ? max_rows : rows < 1 ? 1 : rows;
            if (elig <= cols * rows || cell * 3 / 4 < lh)
                break;
            cell = cell * 3 / 4;
        }
        int wh = lh + rows * cell + tags;
        R->window = (ui_rect){in.x, in.y, in.w, wh};
        ui_rect_fill(R->c->out, R->window, R->th->panel, R->px / 4);
        ui_text(R->c->out, m, UI_FONT_SANS, R->spx, R->th->text_dim, in.x + R->px / 4, in.y,
                in.w - R->px / 2, UI_ALIGN_LEFT, "window");
        ui_rect slots = {in.x, in.y + lh, in.w, rows * cell};
        resto__slots_init(R, &R->window_s, slots, cell, R->window_s.eligible);
        in.y += wh + gap;
        in.h -= wh + gap;
    }
    R->stations = in;
}

/* Whether the device's name contains one of the words (a NULL-ended list). */
static bool named(const char *name, const char *const *words)
{
    for (; *words; words++)
        if (strstr(name, *words))
            return true;
    return false;
}

const char *resto__device_image(const resto *R, size_t d)
{
    static const char *const db[] = {"db",    "data",  "sql",   "postgres",
                                     "mongo", "redis", "cache", NULL};
    static const char *const disk[] = {"disk", "file", "fs", "ssd", NULL};
    static const char *const net[] = {"net",     "api", "http",   "backend", "push",
                                      "service", "web", "remote", NULL};
    if (d >= R->scn->ndevices)
        return "pot";
    const scn_device *dev = &R->scn->devices[d];
    if (named(dev->name, db))
        return "database";
    if (named(dev->name, disk) || dev->via_threadpool)
        return "disk";
    if (named(dev->name, net))
        return "network";
    return "pot";
}

/* v's digits as 8s ("888" for 120), the widest number of its length, into buf;
 * a '-' first when `sign`. */
static void widest(char *buf, size_t size, int64_t v, bool sign)
{
    snprintf(buf, size, "%s%lld", sign ? "-" : "", (long long)(v < 0 ? -v : v));
    for (char *d = buf + sign; *d; d++)
        *d = '8';
}

int resto__station_min_w(const resto *R)
{
    const ui_measure *m = R->c->m;
    size_t nreq = timeline_lane_count(R->tl, TL_LANE_REQUEST);
    char w[48], reqs[32];
    snprintf(w, sizeof w, "%zu waiting", nreq);
    widest(reqs, sizeof reqs, (int64_t)nreq, false);
    int tpx = R->spx, pad = R->px / 4, name = 0;
    for (size_t d = 0; d < R->scn->ndevices; d++) {
        const char *s = R->scn->devices[d].name;
        int nw = m->width(m->ctx, UI_FONT_BOLD, tpx, s, strlen(s));
        name = nw > name ? nw : name;
    }
    /* the pass's widest row in small print: a name, a value and its lost updates
     * as wide as the run can make them ("db_stock -8888  88 lost": a value of the
     * initial's or the requests' digits and one more) */
    int pass = 0;
    for (size_t k = 0; k < R->scn->nstate; k++) {
        int64_t v = R->scn->state[k].initial;
        char num[32], row[160];
        widest(num, sizeof num, ((v < 0 ? -v : v) + (int64_t)nreq) * 10, true);
        snprintf(row, sizeof row, "%s %s  %s lost", R->scn->state[k].name, num, reqs);
        int rw = m->width(m->ctx, UI_FONT_BOLD, tpx, row, strlen(row)) + 4 * pad;
        pass = rw > pass ? rw : pass;
    }
    if (R->scn->ndevices == 0) {
        /* the services' lines instead, at least their short form "→ ml: 8888 in
         * flight" (the long one takes two lines where it fits) */
        for (size_t k = 0; k < R->scn->nservices; k++) {
            if (!calls(R, k))
                continue; /* done in process: no line */
            char line[160];
            snprintf(line, sizeof line, "\xE2\x86\x92 %s: %s in flight", R->scn->services[k].name,
                     reqs);
            int need = m->width(m->ctx, UI_FONT_BOLD, tpx, line, strlen(line)) + 3 * pad;
            pass = need > pass ? need : pass;
        }
        return pass;
    }
    /* insets of the kitchen and the station, the gap after the name */
    int st = name + m->width(m->ctx, UI_FONT_BOLD, tpx, w, strlen(w)) + 5 * pad + R->px / 2;
    return st > pass ? st : pass;
}

/* One device's station in row r: name and cooks on the first line, what is cooking
 * on the second and what waits on the third (with fewer lines, the counts share
 * one, or follow the name). Tagged COOK, state = busy. */
static void station(resto *R, size_t d, ui_rect r, int lines, int tpx)
{
    const scn_device *dev = &R->scn->devices[d];
    const ui_measure *m = R->c->m;
    int64_t queued = timeline_queue_length_at_step(R->tl, TRACE_QUEUE_DEVICE, (int32_t)d, R->t,
                                                   R->step);
    int64_t busy = timeline_device_in_flight_at_step(R->tl, d, R->t, R->step);
    int lh = resto__line(R, tpx), pad = R->px / 4;
    size_t from = R->c->out->n;
    ui_rect_fill(R->c->out, r, R->th->bg, R->px / 4);
    char counts[96], waiting[48] = "";
    int len = snprintf(counts, sizeof counts, "%lld cooking", (long long)busy);
    if (queued > 0 && lines >= 3)
        snprintf(waiting, sizeof waiting, "%lld waiting", (long long)queued);
    else if (queued > 0)
        snprintf(counts + len, sizeof counts - (size_t)len, " \xC2\xB7 %lld waiting",
                 (long long)queued);
    int x = r.x + pad, w = r.w - 2 * pad;
    /* the station's pictogram before its name: what kind of cooking it does */
    int ic = lh * 9 / 10;
    int need = 6 * ic; /* on one line, the name and the counts come first */
    if (lines < 2)
        need = ic + 2 * pad + m->width(m->ctx, UI_FONT_BOLD, tpx, dev->name, strlen(dev->name)) +
               m->width(m->ctx, UI_FONT_SANS, tpx, counts, strlen(counts));
    if (w >= need) {
        ui_image(R->c->out, (ui_rect){x, r.y + (lh - ic) / 2, ic, ic}, R->th->text,
                 resto__device_image(R, d));
        x += ic + pad;
        w -= ic + pad;
    }
    int nw = m->width(m->ctx, UI_FONT_BOLD, tpx, dev->name, strlen(dev->name));
    if (nw > w * 2 / 3)
        nw = w * 2 / 3;
    ui_text(R->c->out, m, UI_FONT_BOLD, tpx, R->th->text, x, r.y, nw, UI_ALIGN_LEFT, dev->name);
    if (lines < 2) {
        /* short of room, what waits is the count to keep (the bottleneck) */
        bool crowded = queued > 0 &&
                       m->width(m->ctx, UI_FONT_SANS, tpx, counts, strlen(counts)) > w - nw - pad;
        if (crowded)
            snprintf(counts, sizeof counts, "%lld waiting", (long long)queued);
        ui_text(R->c->out, m, crowded ? UI_FONT_BOLD : UI_FONT_SANS, tpx,
                crowded ? R->th->request[TL_R_QUEUED] : R->th->text, x + nw + pad, r.y,
                w - nw - pad, UI_ALIGN_RIGHT, counts);
        ui_tag(R->c->out, from, UI_ROLE_COOK, (int32_t)d, (int16_t)(busy > 32767 ? 32767 : busy));
        return;
    }
    /* two lines and no room for both counts on the second: the cooks in words on
     * the first ("10 cooking", for the discs), what waits on the second */
    bool crowded = queued > 0 && !*waiting &&
                   m->width(m->ctx, UI_FONT_SANS, tpx, counts, strlen(counts)) > w;
    if (crowded) {
        char cooking[48];
        snprintf(cooking, sizeof cooking, "%lld cooking", (long long)busy);
        int cw = m->width(m->ctx, UI_FONT_SANS, tpx, cooking, strlen(cooking));
        if (cw <= w - nw - pad) {
            ui_text(R->c->out, m, UI_FONT_SANS, tpx, R->th->text, x + nw + pad, r.y, w - nw - pad,
                    UI_ALIGN_RIGHT, cooking);
            snprintf(counts, sizeof counts, "%lld waiting", (long long)queued);
            ui_text(R->c->out, m, UI_FONT_BOLD, tpx, R->th->request[TL_R_QUEUED], x, r.y + lh, w,
                    UI_ALIGN_LEFT, counts);
            ui_tag(R->c->out, from, UI_ROLE_COOK, (int32_t)d,
                   (int16_t)(busy > 32767 ? 32767 : busy));
            return;
        }
    }
    /* the cooks: a slot per unit of capacity (or per busy cook when unlimited) */
    int cd = lh * 4 / 5, cx = x + nw + pad, cy = r.y + (lh - cd) / 2;
    int room = (x + w - cx) / (cd + 3);
    const char *more = dev->capacity == 0 ? "\xE2\x88\x9E" : NULL; /* U+221E */
    int64_t slots = dev->capacity > 0 ? dev->capacity : (busy > 0 ? busy : 0);
    int fit = room - 1 < RESTO_MAX_COOKS ? room - 1 : RESTO_MAX_COOKS;
    if (slots > fit && !more)
        more = "\xE2\x80\xA6"; /* more cooks than drawn */
    int ndraw = slots < fit ? (int)slots : fit;
    for (int i = 0; i < ndraw; i++) {
        bool on = i < busy;
        ui_disc(R->c->out, cx + cd / 2, cy + cd / 2, cd / 2,
                on ? R->th->request[TL_R_WAIT_IO] : R->th->grid);
        cx += cd + 3;
    }
    if (more && x + w - cx > 0)
        ui_text(R->c->out, m, UI_FONT_BOLD, tpx, R->th->text, cx, r.y, x + w - cx, UI_ALIGN_LEFT,
                more);
    /* a narrow station keeps what waits, the lesson's point when a device is the
     * bottleneck: the cooks are the discs above */
    if (crowded)
        snprintf(counts, sizeof counts, "%lld waiting", (long long)queued);
    ui_text(R->c->out, m, crowded ? UI_FONT_BOLD : UI_FONT_SANS, tpx,
            crowded ? R->th->request[TL_R_QUEUED] : R->th->text, x, r.y + lh, w, UI_ALIGN_LEFT,
            counts);
    if (*waiting)
        ui_text(R->c->out, m, UI_FONT_BOLD, tpx, R->th->request[TL_R_QUEUED], x, r.y + 2 * lh, w,
                UI_ALIGN_LEFT, waiting);
    ui_tag(R->c->out, from, UI_ROLE_COOK, (int32_t)d, (int16_t)(busy > 32767 ? 32767 : busy));
}

/* A kitchen without devices: the I/O a request does has no station here, so the
 * services the runtime calls are named, as that is where its orders go, each with
 * its calls in flight and the p99 of those answered so far: "calls → ml service"
 * over "2 in flight · p99 61.97 ms" when there is room for two lines a service,
 * else "→ ml: 2 in flight" on one. */
static void services(resto *R, ui_rect s, int lh)
{
    const scn_scenario *scn = R->scn;
    const ui_measure *m = R->c->m;
    size_t ncalled = 0;
    for (size_t k = 0; k < scn->nservices; k++)
        ncalled += calls(R, k);
    bool two = s.h >= (int)(2 * ncalled) * lh;
    int y = s.y, x = s.x + R->px / 2, w = s.w - R->px / 2;
    for (size_t k = 0; k < scn->nservices && y + lh <= s.y + s.h; k++) {
        if (!calls(R, k))
            continue;
        const char *name = scn->services[k].name;
        const timeline *st = k < R->run->nservices ? R->run->services[k].run.tl : NULL;
        int64_t fly = st ? timeline_arrived(st, R->t) - timeline_completed(st, R->t) : 0;
        char buf[200], when[32], line[200];
        snprintf(buf, sizeof buf, "calls \xE2\x86\x92 %s service", name);
        bool fits = m->width(m->ctx, UI_FONT_SANS, R->spx, buf, strlen(buf)) <= s.w;
        if (!two || !fits) {
            snprintf(line, sizeof line, "\xE2\x86\x92 %s: %lld in flight", name, (long long)fly);
            ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, s.x, y, s.w, UI_ALIGN_LEFT,
                    line);
            y += lh;
            continue;
        }
        ui_text(R->c->out, m, UI_FONT_SANS, R->spx, R->th->text, s.x, y, s.w, UI_ALIGN_LEFT, buf);
        y += lh;
        if (!st || y + lh > s.y + s.h)
            continue;
        int64_t p99 = timeline_latency_percentile(st, R->t, 99);
        snprintf(line, sizeof line, "%lld in flight \xC2\xB7 p99 %s", (long long)fly,
                 timeline_completed(st, R->t) > 0 ? ui_format_time(p99, when, sizeof when)
                                                  : "\xE2\x80\x93");
        if (m->width(m->ctx, UI_FONT_BOLD, R->spx, line, strlen(line)) > w)
            snprintf(line, sizeof line, "%lld in flight", (long long)fly);
        ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, x, y, w, UI_ALIGN_LEFT, line);
        y += lh;
    }
    if (ncalled == 0 && y + lh <= s.y + s.h) {
        const char *none = "no I/O device here";
        if (m->width(m->ctx, UI_FONT_SANS, R->spx, none, strlen(none)) > s.w)
            none = "no device";
        ui_text(R->c->out, m, UI_FONT_SANS, R->spx, R->th->text_dim, s.x, y, s.w, UI_ALIGN_LEFT,
                none);
    }
}

void resto__kitchen(resto *R)
{
    ui_rect s = R->stations;
    int lh = resto__line(R, R->spx), gap = R->px / 4;
    size_t n = R->scn->ndevices;
    if (s.h < lh || s.w < 3 * R->spx)
        return;
    if (n == 0) {
        services(R, s, lh);
        return;
    }
    /* the base size when every station has room for three lines of it */
    int big = resto__line(R, R->px), tpx = R->spx;
    if (s.h >= (int)n * (3 * big + gap) && s.w >= 8 * R->px)
        tpx = R->px, lh = big;
    int lines = s.h >= (int)n * (3 * lh + gap) ? 3 : s.h >= (int)n * (2 * lh + gap) ? 2 : 1;
    int row = lines * lh;
    size_t fit = (size_t)((s.h + gap) / (row + gap));
    size_t shown = n <= fit ? n : (fit > 0 ? fit - 1 : 0);
    for (size_t d = 0; d < shown; d++)
        station(R, d, (ui_rect){s.x, s.y + (int)d * (row + gap), s.w, row}, lines, tpx);
    if (shown < n && fit > 0) {
        char buf[48];
        snprintf(buf, sizeof buf, "+%zu more devices", n - shown);
        ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->text_dim, s.x,
                s.y + (int)shown * (row + gap), s.w, UI_ALIGN_LEFT, buf);
    }
}

void resto__cores(const resto *R)
{
    ui_rect b = R->cores;
    if (b.w <= 0 || b.h <= 0)
        return;
    const ui_measure *m = R->c->m;
    ui_rect_fill(R->c->out, b, R->th->panel, R->px / 4);
    ui_box(R->c->out, b, R->th->panel_edge, 1);
    ui_rect r = {b.x + R->px / 6, b.y + 2, b.w - R->px / 3, b.h - 4};
    size_t n = timeline_lane_count(R->tl, TL_LANE_CORE);
    int lh = resto__line(R, R->spx), sq = lh * 4 / 5, step = sq + 3;
    /* the heading: the bench's pictogram and its technical word */
    size_t from = R->c->out->n;
    ui_image(R->c->out, (ui_rect){r.x, r.y + (lh - sq) / 2, sq, sq}, R->th->text, "cpu");
    bool one_line = r.h < 2 * lh;
    const char *head = "workbench: CPU cores";
    int room = r.w - sq - 3 - (one_line ? (int)(n < 16 ? n : 16) * step + R->px / 4 : 0);
    if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, head) > room)
        head = "CPU cores";
    if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, head) > room)
        head = "CPU";
    ui_shape *hs = ui_text(R->c->out, m, UI_FONT_BOLD, R->spx, R->th->text, r.x + sq + 3, r.y,
                           r.w - sq - 3, UI_ALIGN_LEFT, head);
    ui_tag(R->c->out, from, UI_ROLE_WORKBENCH, -1, -1);
    int x = r.x, y = r.y + lh + (lh - sq) / 2, w = r.w;
    if (one_line) {
        x = (hs ? hs->rect.x + hs->rect.w : r.x + sq) + R->px / 4;
        y = r.y + (lh - sq) / 2;
        w = r.x + r.w - x;
    }
    if (n <= RESTO_MAX_CORES && (int)n * step <= w) {
        for (size_t i = 0; i < n; i++) {
            tl_span s;
            if (timeline_state_at_step(R->tl, TL_LANE_CORE, i, R->t, R->step, &s) < 0)
                continue;
            ui_shape *sh = ui_rect_fill(R->c->out, (ui_rect){x + (int)i * step, y, sq, sq},
                                        R->th->core[s.state], 2);
            if (sh)
                sh->role = UI_ROLE_CORE, sh->id = (int32_t)i, sh->state = (int16_t)s.state;
        }
        return;
    }
    /* too many to draw one by one: how many are busy */
    size_t busy = 0;
    for (size_t i = 0; i < n; i++) {
        tl_span s;
        busy += timeline_state_at_step(R->tl, TL_LANE_CORE, i, R->t, R->step, &s) == 0 &&
                s.state != TL_CORE_IDLE;
    }
    char buf[48];
    snprintf(buf, sizeof buf, "%zu of %zu busy", busy, n);
    ui_text(R->c->out, m, UI_FONT_SANS, R->spx, R->th->text, x, y - (lh - sq) / 2, w, UI_ALIGN_LEFT,
            buf);
}
