/* layout_restaurant.c - the restaurant: the analogy drawn at one instant of one run.
 *
 * The rect is planned like a floor plan, the same way every frame so that nothing
 * jumps while the clock runs:
 *
 *   +-------------------------------------------+----------------+
 *   | counts (only for a crowded room)          | Kitchen        |
 *   | +--------+------------------------------+ |  window  (o)(o)|
 *   | | ticket |  dining room: a table per    | |  db  ** 3 cooking
 *   | | rails  |  request, waiters at them    | |  disk    1 waiting
 *   | | (loop) +------------------------------+ |                |
 *   | |        | station | order pad | helpers| |  CPU cores ##  |
 *   | +--------+------------------------------+ |                |
 *   +-------------------------------------------+----------------+
 *   | legend of the analogy                                      |
 *   +------------------------------------------------------------+
 *
 * A run of several processes gets one such restaurant per process (their own
 * rails, staff and pad) side by side or stacked, and one shared kitchen: devices
 * and cores belong to the machine. Text never goes below 0.8 of the base size, so
 * when the rect is small things are left out (labels, rows, restaurants) rather
 * than shrunk.
 */
#include "layout_restaurant_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

ui_color resto__ink(const resto *R, ui_color fill)
{
    return ui__ink_on(R->th, fill);
}

int resto__line(const resto *R, int px)
{
    return R->c->m->height(R->c->m->ctx, UI_FONT_SANS, px);
}

void resto__slots_init(const resto *R, resto_slots *s, ui_rect r, int cell, int eligible)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->eligible = eligible;
    if (cell < 4 || r.w < cell || r.h < cell)
        return;
    s->cell = cell;
    s->cols = r.w / cell;
    s->rows = r.h / cell;
    /* centre the rows that will be used; the grid stays inside r */
    int need_rows = (eligible + s->cols - 1) / s->cols;
    if (need_rows < 1)
        need_rows = 1;
    s->r.y += (r.h - (need_rows < s->rows ? need_rows : s->rows) * cell) / 2;
    if (resto__slots_packed(s)) {
        const ui_measure *m = R->c->m;
        int lw = m->width(m->ctx, UI_FONT_BOLD, R->spx, "+99999 more", 11);
        s->label_slots = (lw + cell - 1) / cell;
        if (s->label_slots > s->cols)
            s->label_slots = s->cols;
    }
}

ui_rect resto__slot_rect(const resto_slots *s, int i)
{
    int cols = s->cols > 0 ? s->cols : 1;
    return (ui_rect){s->r.x + (i % cols) * s->cell, s->r.y + (i / cols) * s->cell, s->cell,
                     s->cell};
}

void resto__slots_overflow(const resto *R, const resto_slots *s)
{
    int cap = resto__slot_cap(s);
    if (s->overflow <= 0 || s->label_slots < 1 || cap < s->label_slots)
        return;
    ui_rect first = resto__slot_rect(s, cap - s->label_slots), last = resto__slot_rect(s, cap - 1);
    int w = last.x + last.w - first.x;
    /* the longest that fits of "+174 more waiters", "+174 more", "+174" */
    static const char *const forms[] = {"+%d more waiters", "+%d more", "+%d"};
    char buf[40];
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(buf, sizeof buf, forms[i], s->overflow);
        if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, buf) <= w)
            break;
    }
    int lh = resto__line(R, R->spx);
    ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->text, first.x,
            first.y + (first.h - lh) / 2, w, UI_ALIGN_CENTER, buf);
}

const char *resto__local_name(const resto *R, size_t w)
{
    const char *s = R->run->short_names[w], *colon = strchr(s, ':');
    return R->nproc > 1 && colon ? colon + 1 : s;
}

/* ---- the legend ------------------------------------------------------------------------ */

/* One item of the legend: a pictogram (or none) and its technical word. */
typedef struct {
    const char *image, *full, *brief;
    bool optional; /* left out first when the legend has no room */
} legend_item;

enum { LEGEND_MAX = 12, LEGEND_LINES = 3 };

static int item_w(const resto *R, const legend_item *it, bool brief, int icon)
{
    const char *s = brief ? it->brief : it->full;
    int w = R->c->m->width(R->c->m->ctx, UI_FONT_SANS, R->spx, s, strlen(s));
    return w + (it->image ? icon + icon / 4 : 0);
}

/* Flows the items (those in `use`) into lines at most w wide, separated by a gap;
 * line[i] is the line of item i (-1 when left out). The number of lines. */
static int legend_flow(const resto *R, const legend_item *items, size_t n, const bool *use,
                       bool brief, int w, int icon, int *line)
{
    int sep = R->c->m->width(R->c->m->ctx, UI_FONT_SANS, R->spx, " \xC2\xB7 ", 4);
    int nl = 0, x = 0;
    for (size_t i = 0; i < n; i++) {
        line[i] = -1;
        if (!use[i])
            continue;
        int iw = item_w(R, &items[i], brief, icon);
        if (x > 0 && x + sep + iw > w) {
            nl++;
            x = 0;
        }
        line[i] = nl;
        x += (x > 0 ? sep : 0) + iw;
    }
    return x > 0 || nl > 0 ? nl + 1 : 0;
}

/* The legend of the analogy at the bottom of r, each picture with its technical
 * word (only what this run has: the pad with a GIL, the rails with a loop, the
 * door with an accept queue, the back office with a threadpool); returns the rect
 * above it. Long forms first, then short ones, then (when the rect is tall) a
 * third line, then without the optional items. */
static ui_rect legend(const resto *R, ui_rect r)
{
    legend_item it[LEGEND_MAX];
    size_t n = 0;
    it[n++] = (legend_item){"table", "table = request", "table = request", false};
    it[n++] = (legend_item){"waiter", "waiter = thread", "waiter = thread", false};
    it[n++] = (legend_item){"pot", "kitchen = I/O (database, disk, network)", "kitchen = I/O",
                            false};
    /* a core switching threads (the OS's context switch) is dark: it works, but
     * for no waiter */
    it[n++] = (legend_item){"cpu", "workbench = CPU cores: grey idle, dark switching",
                            "bench = CPU, grey idle", false};
    bool unlimited = false, pool = false;
    for (size_t d = 0; d < R->scn->ndevices; d++)
        unlimited |= R->scn->devices[d].capacity == 0;
    for (size_t w = 0; w < R->run->nworkers && !pool; w++) {
        tl_worker_info wi;
        pool = timeline_worker_info(R->tl, w, &wi) == 0 && wi.kind == TRACE_WORKER_POOL;
    }
    if (unlimited)
        it[n++] = (legend_item){NULL, "\xE2\x88\x9E = no limit on cooks", "\xE2\x88\x9E = no limit",
                                false};
    if (resto__has_door(R, 0))
        it[n++] = (legend_item){"door", "door = accept queue", "door = accept queue", true};
    if (pool)
        it[n++] = (legend_item){"hash", "back office = threadpool (a hash)", "back office = pool",
                                true};
    if (R->gil || R->service_pad)
        it[n++] = (legend_item){"pad", "order pad = GIL", "order pad = GIL", false};
    if (R->loop_rt)
        it[n++] = (legend_item){"ticket", "ticket rail = event-loop queue", "rail = loop queue",
                                false}; /* the rails hang tickets: always named */
    int lh = resto__line(R, R->spx), icon = lh * 4 / 5;
    int max_lines = 2;
    bool use[LEGEND_MAX];
    int line[LEGEND_MAX];
    for (size_t i = 0; i < n; i++)
        use[i] = true;
    bool brief = false;
    int nl = legend_flow(R, it, n, use, false, r.w, icon, line);
    if (nl > max_lines) {
        brief = true;
        nl = legend_flow(R, it, n, use, true, r.w, icon, line);
        if (nl > max_lines && r.h >= 16 * lh)
            max_lines = 3; /* a tall rect: a third line rather than items left out */
    }
    for (size_t k = n; nl > max_lines && k-- > 0;)
        if (it[k].optional) {
            use[k] = false;
            nl = legend_flow(R, it, n, use, true, r.w, icon, line);
        }
    if (nl > max_lines)
        nl = max_lines;
    if (r.h < nl * lh + lh)
        return r; /* no room for a legend without hiding the restaurant */
    size_t from = R->c->out->n;
    int y0 = r.y + r.h - nl * lh, x = r.x, cur = 0;
    int sep = R->c->m->width(R->c->m->ctx, UI_FONT_SANS, R->spx, " \xC2\xB7 ", 4);
    for (size_t i = 0; i < n; i++) {
        if (line[i] < 0 || line[i] >= nl)
            continue;
        if (line[i] != cur) {
            cur = line[i];
            x = r.x;
        }
        int y = y0 + cur * lh;
        if (x > r.x) {
            ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->text_dim, x, y, 0,
                    UI_ALIGN_LEFT, " \xC2\xB7 ");
            x += sep;
        }
        if (it[i].image) {
            ui_image(R->c->out, (ui_rect){x, y + (lh - icon) / 2, icon, icon}, R->th->text,
                     it[i].image);
            x += icon + icon / 4;
        }
        const char *s = brief ? it[i].brief : it[i].full;
        ui_shape *ts = ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->text_dim, x, y,
                               r.x + r.w - x, UI_ALIGN_LEFT, s);
        x += ts ? ts->rect.w : 0;
    }
    ui_tag(R->c->out, from, UI_ROLE_LEGEND, -1, -1);
    return (ui_rect){r.x, r.y, r.w, r.h - nl * lh - R->px / 3};
}

/* ---- the plan ------------------------------------------------------------------------- */

/* Counts each shown process's workers by kind, the window's candidates, and finds
 * each process's main loop. O(workers). */
static void count_staff(resto *R)
{
    for (size_t p = 0; p < R->nshown; p++)
        R->procs[p].loop = -1;
    int window = 0;
    for (size_t w = 0; w < R->run->nworkers; w++) {
        tl_worker_info wi;
        if (timeline_worker_info(R->tl, w, &wi) < 0)
            continue;
        if (wi.kind != TRACE_WORKER_LOOP)
            window++;
        if (wi.process < 0 || (size_t)wi.process >= R->nshown)
            continue;
        resto_proc *P = &R->procs[wi.process];
        tl_loop_info li = {.is_worker = false};
        if (wi.kind == TRACE_WORKER_LOOP && wi.loop >= 0)
            timeline_loop_info(R->tl, (size_t)wi.loop, &li);
        if (wi.kind == TRACE_WORKER_THREAD)
            P->nthreads++;
        else if (wi.kind == TRACE_WORKER_POOL)
            P->npool++;
        else if (li.is_worker)
            P->nwloops++;
        else if (P->loop < 0)
            P->loop = wi.loop;
    }
    R->window_s.eligible = window;
}

/* The most restaurants (up to RESTO_MAX_PROCS) that fit in r at a readable size,
 * in the grid whose cells are the least squashed. */
static void plan_procs(resto *R, ui_rect r)
{
    int min_w = 7 * R->px, min_h = 6 * R->px, gap = R->px / 3;
    int lh = resto__line(R, R->spx);
    size_t n = R->nproc < RESTO_MAX_PROCS ? R->nproc : RESTO_MAX_PROCS;
    ui_rect area = r;
    int best_cols = 1;
    for (; n > 1; n--) {
        area = r;
        if (n < R->nproc)
            area.h -= lh; /* the "+N more" note */
        int best = -1;
        for (int cols = 1; cols <= (int)n; cols++) {
            int rows = ((int)n + cols - 1) / cols;
            int cw = (area.w - (cols - 1) * gap) / cols, ch = (area.h - (rows - 1) * gap) / rows;
            int score = cw * 2 / 3 < ch ? cw * 2 / 3 : ch; /* wider than tall suits one */
            if (cw >= min_w && ch >= min_h && score > best)
                best = score, best_cols = cols;
        }
        if (best >= 0)
            break;
    }
    if (n <= 1) {
        n = 1, best_cols = 1, area = r;
        if (R->nproc > 1)
            area.h -= lh;
    }
    R->nshown = n;
    if (n < R->nproc) {
        char buf[64];
        snprintf(buf, sizeof buf, "+%zu more processes, not shown", R->nproc - n);
        ui_text(R->c->out, R->c->m, UI_FONT_SANS, R->spx, R->th->text_dim, r.x, r.y + r.h - lh, r.w,
                UI_ALIGN_RIGHT, buf);
    }
    int rows = ((int)n + best_cols - 1) / best_cols;
    int cw = (area.w - (best_cols - 1) * gap) / best_cols;
    int ch = (area.h - (rows - 1) * gap) / rows;
    for (size_t p = 0; p < n; p++) {
        int col = (int)p % best_cols, row = (int)p / best_cols;
        R->procs[p].box = (ui_rect){area.x + col * (cw + gap), area.y + row * (ch + gap), cw, ch};
    }
}

/* Splits a restaurant into rails (left), room and the staff's strip. */
static void plan_restaurant(resto *R, size_t p)
{
    resto_proc *P = &R->procs[p];
    ui_rect in = P->box;
    if (R->nproc > 1) {
        ui_box(R->c->out, P->box, R->th->panel_edge, 1);
        in = ui__inset(P->box, R->px / 4);
        char buf[32];
        snprintf(buf, sizeof buf, "process %zu", p + 1);
        int tlh = resto__line(R, R->spx);
        ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->text_dim, in.x, in.y, in.w,
                UI_ALIGN_LEFT, buf);
        in.y += tlh;
        in.h -= tlh;
    }
    int rw = resto__rails_plan(R, P, in), gap = R->px / 3;
    if (rw > 0 && rw + gap < in.w) {
        P->rails = (ui_rect){in.x, in.y, rw, in.h};
        in.x += rw + gap;
        in.w -= rw + gap;
    } else if (P->rail_band) {
        int lh = resto__line(R, R->spx);
        P->rails = (ui_rect){in.x, in.y, in.w, lh};
        in.y += lh + gap / 2;
        in.h -= lh + gap / 2;
    }
    bool strip = P->nthreads > 0 || P->npool > 0 || P->nwloops > 0 || R->gil;
    int sh = resto__strip_height(R);
    if (strip && in.h > 2 * sh) {
        P->strip = (ui_rect){in.x, in.y + in.h - sh, in.w, sh};
        in.h -= sh + gap;
    }
    int lh = resto__line(R, R->spx);
    if (resto__has_door(R, p) && in.h > 3 * lh) { /* the accept queue is a key count */
        P->door = (ui_rect){in.x, in.y, in.w, lh};
        in.y += lh + gap / 2;
        in.h -= lh + gap / 2;
    }
    P->room = in;
    ui_rect_fill(R->c->out, in, R->th->bg, R->px / 4); /* the dining room's floor */
}

/* A waiter's disc: 2.5 px, room for its pictogram; its name hangs under it on
 * a tag (layout_restaurant_staff.c). */
static int waiter_size(const resto *R)
{
    return R->px * 5 / 2;
}

static void init(resto *R, const ui_ctx *c, size_t run, ui_rect r)
{
    memset(R, 0, sizeof *R);
    R->c = c;
    R->run = &c->doc->runs[run];
    R->tl = R->run->tl;
    R->scn = c->doc->scn;
    R->th = c->theme;
    R->t = c->t;
    R->step = c->step;
    R->px = c->px;
    R->spx = (c->px * 4 + 4) / 5; /* never under 0.8 px */
    const scn_runtime *rt = scn_runtime_serving(R->run->rt);
    R->gil = rt->gil;
    R->loop_rt = rt->model == SCN_MODEL_EVENT_LOOP;
    R->nproc = R->run->processes > 0 ? R->run->processes : 1;
    R->D = waiter_size(R);
    /* a waiter is never taller than 2/9 of the rect */
    if (R->D > r.h * 2 / 9)
        R->D = r.h * 2 / 9;
    R->slot = R->D * 9 / 8;
    timeline_request_counts(R->tl, R->t, R->counts);
}

/* Lays out and draws the front's restaurant into r; with `nsvc` services drawn
 * beside it, a column of `svc_share` % of its width between the dining room and
 * the kitchen is left for them (*svc; else its w is 0). */
static void draw(resto *R, ui_rect r, size_t nsvc, int svc_share, ui_rect *svc)
{
    ui_rect in = ui__panel(R->c, r, NULL);
    R->area = in;
    in = legend(R, in);
    int gap = R->px / 2;
    *svc = (ui_rect){in.x, in.y, 0, 0};
    if (nsvc > 0) {
        R->service_boxes = true;
        int sw = in.w * svc_share / 100;
        *svc = (ui_rect){0, in.y, sw, in.h};
        in.w -= sw + gap;
    }
    /* with the services beside it the kitchen keeps the front's own I/O and cores
     * only: less room */
    int kw = in.w * (nsvc > 0 ? 22 : 28) / 100;
    if (kw < 7 * R->px)
        kw = in.w / 2 < 7 * R->px ? in.w / 2 : 7 * R->px;
    /* wide enough for a station's name and "N waiting" with every request waiting,
     * so the bottleneck's count is never cut (the width holds while the run plays) */
    int need = resto__station_min_w(R);
    if (kw < need)
        kw = need < in.w / 2 ? need : in.w / 2;
    ui_rect kitchen = {in.x + in.w - kw, in.y, kw, in.h};
    R->dining = (ui_rect){in.x, in.y, in.w - kw - gap, in.h};
    if (svc->w > 0) { /* the services between the dining room and the kitchen */
        kitchen.x += svc->w + gap;
        svc->x = R->dining.x + R->dining.w + gap;
    }
    if (R->dining.w < 4 * R->px) {
        svc->w = 0; /* no restaurant: no services beside it */
        return;
    }
    int lh = resto__line(R, R->spx);
    ui_rect counts = {0, 0, 0, 0};
    if (resto__counts_wanted(R) && R->dining.h > 6 * lh) {
        counts = (ui_rect){R->dining.x, R->dining.y, R->dining.w, lh};
        R->dining.y += lh + R->px / 4;
        R->dining.h -= lh + R->px / 4;
    }
    plan_procs(R, R->dining);
    count_staff(R);
    resto__kitchen_plan(R, kitchen);
    for (size_t p = 0; p < R->nshown; p++) {
        plan_restaurant(R, p);
        resto__rails(R, &R->procs[p]);
        resto__strip(R, &R->procs[p]);
    }
    resto__tables(R);
    for (size_t p = 0; p < R->nshown; p++)
        resto__door(R, &R->procs[p]);
    if (counts.w > 0)
        resto__counts(R, counts);
    resto__staff(R);
    resto__table_marks(R);
    resto__kitchen(R);
    resto__cores(R);
}

/* The services drawn beside run u's restaurant: those that received a call over
 * the run (a runtime that does a service's work in process calls none), in the
 * scenario's order. */
static size_t services_drawn(const ui_run *u, size_t out[SCN_MAX_SERVICES])
{
    size_t n = 0;
    for (size_t k = 0; k < u->nservices && n < SCN_MAX_SERVICES; k++)
        if (ui_run_service_called(u, k))
            out[n++] = k;
    return n;
}

/* The table R drew for request req, or -1. */
static int table_drawn(const resto *R, int32_t req)
{
    for (size_t p = 0; p < R->nshown; p++)
        for (size_t i = R->procs[p].tab0; i < R->procs[p].tab0 + R->procs[p].ntab; i++)
            if (R->tab_req[i] == req && R->tab_rect[i].w > 0)
                return (int)i;
    return -1;
}

enum { RESTO_MAX_ARROWS = 12 }; /* arrows drawn per service */

/* An arrow from each table of the front waiting on a call of service k to the
 * order that call is at the service (at a waiter or in its queue), where both
 * are drawn: the order handed over to the service. */
static void call_arrows(const resto *F, size_t k, const svc_marks *marks)
{
    const ui_ctx *c = F->c;
    int drawn = 0, thick = c->px / 8 > 2 ? c->px / 8 : 2, head = c->px / 2;
    ui_color col = c->theme->accent;
    col.a = 190; /* the tables and numbers it passes stay readable under it */
    for (size_t i = 0; i < marks->n && drawn < RESTO_MAX_ARROWS; i++) {
        int64_t caller = timeline_call_caller(F->tl, k, marks->m[i].sreq);
        int ft = caller >= 0 ? table_drawn(F, (int32_t)caller) : -1;
        if (ft < 0)
            continue;
        ui_rect a = F->tab_rect[ft], b = marks->m[i].at;
        int x0 = a.x + a.w, y0 = a.y + a.h / 2, x1 = b.x, y1 = b.y + b.h / 2;
        if (x1 <= x0)
            continue;
        size_t first = c->out->n;
        ui_line(c->out, x0, y0, x1, y1, col, thick);
        /* the head: two strokes back from the tip, 30 degrees either side */
        double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
        double ux = dx / len, uy = dy / len;
        for (int s = -1; s <= 1; s += 2)
            ui_line(c->out, x1, y1, x1 - (int)(head * (ux * 0.87 - s * uy * 0.5)),
                    y1 - (int)(head * (uy * 0.87 + s * ux * 0.5)), col, thick);
        ui_tag(c->out, first, UI_ROLE_CALL, marks->m[i].sreq, (int16_t)k);
        drawn++;
    }
}

void ui__restaurant(const ui_ctx *c, size_t run, ui_rect r)
{
    if (!c->doc || run >= c->doc->nruns || !c->doc->runs[run].tl || r.w < 4 * c->px ||
        r.h < 4 * c->px)
        return;
    const ui_run *u = &c->doc->runs[run];
    size_t shown[SCN_MAX_SERVICES], ns = services_drawn(u, shown);
    /* the services beside the front's kitchen, when they keep a readable width:
     * a column of about 3/10 of the restaurant, a box per service */
    int gap = c->px / 3, share = 30;
    int slh = ui__line_h(c, UI_FONT_BOLD, ui__small_px(c));
    /* each box wants its line and a row of waiters (a disc of 1 px and its tag),
     * under the panel's padding, above the legend's two lines; short of that the
     * kitchen names the services on a line each instead */
    int avail = r.h - c->px - 2 * slh - c->px / 3;
    int need = (int)ns * (3 * slh + c->px + c->px) + (int)(ns - 1) * gap;
    if (ns > 0 && (r.w * share / 100 < 8 * c->px || avail < need))
        ns = 0;
    resto F;
    init(&F, c, run, r);
    for (size_t i = 0; i < ns; i++)
        F.service_pad |= ui__service_pad_shared(&u->services[shown[i]].run);
    ui_rect col;
    draw(&F, r, ns, share, &col);
    if (ns == 0 || col.w <= 0)
        return;
    int each = (col.h - (int)(ns - 1) * gap) / (int)ns;
    for (size_t i = 0; i < ns; i++) {
        ui_rect sr = {col.x, col.y + (int)i * (each + gap), col.w, each};
        svc_marks marks = {.n = 0};
        c->out->service = (uint8_t)(shown[i] + 1);
        ui__service(c, u, shown[i], sr, &marks);
        c->out->service = 0;
        call_arrows(&F, shown[i], &marks);
    }
}
