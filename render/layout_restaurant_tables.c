/* layout_restaurant_tables.c - the dining room: a table per request.
 *
 * When every request fits at a readable size, each gets a table in a fixed place
 * (by request number), so a teacher can follow table 3 from arrival to done: an
 * empty table before it arrives, coloured by its state while it is served, dim
 * once cleared. With more requests than that (a load test of 10,000), only the
 * requests in the room at t get a table, those with a waiter at them first, and a
 * counts line tells the rest; that keeps the shapes bounded by the room's size
 * rather than by the run's. The scan over requests costs O(1) for each request
 * not in the room (its arrival and completion times) and O(log n) for the others.
 */
#include "layout_restaurant_internal.h"

#include <stdio.h>
#include <string.h>

size_t resto__req_process(const resto *R, size_t req, const tl_span *now)
{
    if (R->nproc <= 1)
        return 0;
    int32_t sent = timeline_request_process(R->tl, req);
    if (sent >= 0)
        return (size_t)sent; /* the trace says where it was sent */
    /* the processes share one accept queue: the process of the worker that has it */
    int32_t w = now->worker;
    if (w < 0) {
        /* between workers (queued, waiting for I/O on a loop): the last one that had it */
        int64_t i = timeline_span_index(R->tl, TL_LANE_REQUEST, req, R->t);
        for (int64_t k = i - 1; w < 0 && k >= 0 && k >= i - 16; k--) {
            tl_span s;
            if (timeline_span(R->tl, TL_LANE_REQUEST, req, (size_t)k, &s) == 0)
                w = s.worker;
        }
    }
    tl_worker_info wi;
    if (w >= 0 && timeline_worker_info(R->tl, (size_t)w, &wi) == 0 && wi.process >= 0)
        return (size_t)wi.process;
    return 0; /* not taken yet: it waits at the shared door, shown with the first */
}

int resto__table_of(const resto *R, size_t p, int32_t req)
{
    if (p >= R->nshown)
        return -1;
    const resto_proc *P = &R->procs[p];
    size_t lo = P->tab0, hi = P->tab0 + P->ntab;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (R->tab_req[mid] < req)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < P->tab0 + P->ntab && R->tab_req[lo] == req ? (int)lo : -1;
}

/* How many tables process P's room holds at the smallest readable size. */
static size_t room_cap(const resto *R, const resto_proc *P)
{
    int cw = R->px * 8 / 5, ch = R->px * 6 / 5;
    if (P->room.w < cw || P->room.h < ch)
        return 0;
    size_t cap = (size_t)(P->room.w / cw) * (size_t)(P->room.h / ch);
    size_t lim = RESTO_MAX_TABLES / (R->nshown > 0 ? R->nshown : 1);
    return cap < lim ? cap : lim;
}

typedef struct {
    int32_t req;
    uint8_t proc, state;
} cand;

typedef struct {
    cand c[RESTO_MAX_TABLES];
    size_t n;
} cand_list;

static void push(cand_list *l, int32_t req, size_t p, int state)
{
    if (l->n < RESTO_MAX_TABLES)
        l->c[l->n++] = (cand){req, (uint8_t)p, (uint8_t)state};
}

/* Every request gets a table, if each restaurant holds all of its own. */
static bool select_all(const resto *R, size_t nreq, size_t cap[], cand_list *out)
{
    size_t per[RESTO_MAX_PROCS] = {0};
    if (nreq > RESTO_MAX_TABLES)
        return false;
    out->n = 0;
    for (size_t q = 0; q < nreq; q++) {
        tl_span s;
        if (timeline_state_at_step(R->tl, TL_LANE_REQUEST, q, R->t, R->step, &s) < 0)
            continue;
        size_t p = resto__req_process(R, q, &s);
        if (p >= R->nshown)
            continue;
        if (++per[p] > cap[p])
            return false;
        push(out, (int32_t)q, p, s.state);
    }
    return true;
}

/* Only the requests in the room: first those a waiter is serving, then the others
 * in request order, up to each room's capacity. Both lists are bounded by the
 * capacities, so this never holds more than RESTO_MAX_TABLES of each. */
static void select_busy(const resto *R, size_t nreq, size_t cap[], cand_list *out, size_t in_room[])
{
    cand_list served = {.n = 0}, other = {.n = 0};
    size_t n_served[RESTO_MAX_PROCS] = {0}, n_other[RESTO_MAX_PROCS] = {0};
    for (size_t q = 0; q < nreq; q++) {
        int64_t arrive, done;
        if (timeline_request_times(R->tl, q, &arrive, &done) < 0 || arrive < 0 || arrive > R->t ||
            (done >= 0 && done <= R->t))
            continue;
        tl_span s;
        if (timeline_state_at_step(R->tl, TL_LANE_REQUEST, q, R->t, R->step, &s) < 0 ||
            s.state == TL_R_PENDING || s.state == TL_R_DONE)
            continue;
        size_t p = resto__req_process(R, q, &s);
        if (p >= R->nshown)
            continue;
        in_room[p]++;
        bool waiter = s.worker >= 0 && (s.state == TL_R_RUNNING || s.state == TL_R_READY ||
                                        s.state == TL_R_WAIT_GIL);
        if (waiter && n_served[p] < cap[p]) {
            n_served[p]++;
            push(&served, (int32_t)q, p, s.state);
        } else if (!waiter && n_other[p] < cap[p]) {
            n_other[p]++;
            push(&other, (int32_t)q, p, s.state);
        }
    }
    /* merge in request order, the served ones always, the others while there is room */
    size_t taken[RESTO_MAX_PROCS] = {0};
    for (size_t i = 0; i < served.n; i++)
        taken[served.c[i].proc]++;
    out->n = 0;
    size_t a = 0, b = 0;
    while (a < served.n || b < other.n) {
        if (b >= other.n || (a < served.n && served.c[a].req < other.c[b].req)) {
            push(out, served.c[a].req, served.c[a].proc, served.c[a].state);
            a++;
            continue;
        }
        const cand *o = &other.c[b++];
        if (taken[o->proc] < cap[o->proc]) {
            taken[o->proc]++;
            push(out, o->req, o->proc, o->state);
        }
    }
}

/* Stores the candidates grouped by process (a stable counting sort), request order
 * kept within each. */
static void store(resto *R, const cand_list *l)
{
    size_t at = 0;
    for (size_t p = 0; p < R->nshown; p++) {
        resto_proc *P = &R->procs[p];
        P->tab0 = at;
        for (size_t i = 0; i < l->n; i++) {
            if (l->c[i].proc != p)
                continue;
            R->tab_req[at] = l->c[i].req;
            R->tab_state[at] = l->c[i].state;
            R->tab_waiters[at] = 0;
            at++;
        }
        P->ntab = at - P->tab0;
    }
}

/* The table's number in its free left part (the waiter stands on the right edge),
 * as large as the table allows but never under the small text size; a number too
 * wide for that part ("10", "250") starts at the table's left edge and may run
 * under a waiter's disc, and shrinks to the small size before it is left out. */
static void table_label(resto *R, ui_rect tab, int wd, int32_t req, ui_color fill)
{
    int lpx = tab.h * 4 / 5 < R->px ? tab.h * 4 / 5 : R->px;
    if (lpx < R->spx)
        return;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", req + 1);
    const ui_measure *m = R->c->m;
    int lw = tab.w - wd / 2 - 2, full = tab.w - 2;
    int nw = m->width(m->ctx, UI_FONT_BOLD, lpx, buf, strlen(buf));
    if (nw > full && lpx > R->spx) {
        lpx = R->spx;
        nw = m->width(m->ctx, UI_FONT_BOLD, lpx, buf, strlen(buf));
    }
    if (nw > full)
        return;
    int lh = m->height(m->ctx, UI_FONT_BOLD, lpx);
    ui_color ink = resto__ink(R, fill);
    int y = tab.y + (tab.h - lh) / 2;
    if (lw > 0 && nw <= lw) {
        ui_text(R->c->out, m, UI_FONT_BOLD, lpx, ink, tab.x + 1, y, lw, UI_ALIGN_CENTER, buf);
    } else {
        /* drawn after the waiters: on a patch of the table's colour over a disc */
        ui_rect_fill(R->c->out, (ui_rect){tab.x + 1, tab.y, nw + 2, tab.h}, fill, tab.h / 5);
        ui_text(R->c->out, m, UI_FONT_BOLD, lpx, ink, tab.x + 2, y, full, UI_ALIGN_LEFT, buf);
    }
}

/* ---- what a table waits for ------------------------------------------------------------ */

/* The step of block b at code line `line` (depth first, a step before its body), or
 * NULL. */
static const scn_step *step_at_line(const scn_block *b, int line, int depth)
{
    if (depth > 16)
        return NULL;
    for (size_t i = 0; i < b->n; i++) {
        const scn_step *st = &b->steps[i];
        if (st->line == line)
            return st;
        const scn_step *in = step_at_line(&st->body, line, depth + 1);
        if (!in)
            in = step_at_line(&st->then_body, line, depth + 1);
        for (size_t k = 0; !in && k < st->nbranches; k++)
            in = step_at_line(&st->branches[k], line, depth + 1);
        if (in)
            return in;
    }
    return NULL;
}

/* The first I/O or offload step of block b (depth first), or NULL. */
static const scn_step *first_work(const scn_block *b, int depth)
{
    if (depth > 16)
        return NULL;
    for (size_t i = 0; i < b->n; i++) {
        const scn_step *st = &b->steps[i];
        if (st->kind == SCN_STEP_IO || st->kind == SCN_STEP_OFFLOAD)
            return st;
        const scn_step *in = first_work(&st->body, depth + 1);
        for (size_t k = 0; !in && k < st->nbranches; k++)
            in = first_work(&st->branches[k], depth + 1);
        if (in)
            return in;
    }
    return NULL;
}

/* The step request req is at (its code line), from its own program, or from the
 * programs it may have been drawn from (a mix). Between steps (queued, or waiting
 * while the trace names no step) the first I/O or offload of its own program, its
 * errand. NULL when unknown. */
static const scn_step *request_step(const resto *R, int32_t req, int line)
{
    const scn_workload *wl = &R->scn->workload;
    const scn_block *own = NULL;
    if (wl->kind == SCN_WORKLOAD_EXPLICIT)
        own = req >= 0 && (size_t)req < wl->nrequests ? &wl->requests[req].steps : NULL;
    else if (wl->nmix == 0)
        own = &wl->request;
    const scn_step *st = NULL;
    if (line > 0 && own)
        st = step_at_line(own, line, 0);
    for (size_t i = 0; line > 0 && !own && !st && i < wl->nmix; i++)
        st = step_at_line(&wl->mix[i].steps, line, 0);
    if ((!st || (st->kind != SCN_STEP_IO && st->kind != SCN_STEP_OFFLOAD)) && own) {
        const scn_step *w = first_work(own, 0);
        st = w && (!st || line <= 0) ? w : st;
    }
    return st;
}

const char *resto__dish(const resto *R, int32_t req, int line, int *device)
{
    const scn_step *st = request_step(R, req, line);
    *device = -1;
    if (!st)
        return NULL;
    if (st->kind == SCN_STEP_IO) {
        *device = st->device;
        return st->device >= 0 ? resto__device_image(R, (size_t)st->device) : "pot";
    }
    if (st->kind == SCN_STEP_OFFLOAD)
        return "hash"; /* CPU work sent to the back office: a hash, a compression */
    return NULL;
}

/* The pictogram of what table k waits for, on its top-left corner, on a plate of
 * the floor's colour so that it reads on any table colour. */
static void table_dish(resto *R, size_t k)
{
    int st = R->tab_state[k];
    if (st == TL_R_PENDING || st == TL_R_DONE)
        return;
    tl_span s;
    if (timeline_state_at_step(R->tl, TL_LANE_REQUEST, (size_t)R->tab_req[k], R->t, R->step, &s) <
        0)
        return;
    int device;
    const char *img = resto__dish(R, R->tab_req[k], s.line, &device);
    if (!img)
        return;
    ui_rect tab = R->tab_rect[k];
    int ic = tab.h * 3 / 4;
    if (ic > R->px * 3 / 2)
        ic = R->px * 3 / 2;
    if (ic < 8 || tab.h * 4 / 5 < R->spx)
        return; /* a crowd of tables too small for their numbers: the station's
                   pictogram says it once */
    int x = tab.x - ic / 2, y = tab.y - ic * 2 / 3;
    if (x - 1 < R->area.x) /* a table at the room's left edge keeps it inside */
        x = R->area.x + 1;
    if (y - 1 < R->area.y)
        y = R->area.y + 1;
    size_t from = R->c->out->n;
    ui_rect_fill(R->c->out, (ui_rect){x - 1, y - 1, ic + 2, ic + 2}, R->th->bg, ic / 4);
    ui_image(R->c->out, (ui_rect){x, y, ic, ic}, R->th->text, img);
    ui_tag(R->c->out, from, UI_ROLE_DISH, R->tab_req[k], (int16_t)device);
}

void resto__table_marks(resto *R)
{
    for (size_t p = 0; p < R->nshown; p++) {
        const resto_proc *P = &R->procs[p];
        for (size_t k = P->tab0; k < P->tab0 + P->ntab; k++) {
            int st = R->tab_state[k];
            ui_color fill = st == TL_R_PENDING ? R->th->table : R->th->request[st];
            table_label(R, R->tab_rect[k], P->table_wd, R->tab_req[k], fill);
            table_dish(R, k);
        }
    }
}

/* Lays out process P's tables in the squarest grid of 4:3 cells that fits its
 * room, no cell wider than 8 px units, and draws them. */
/* A cell's table: its margin m, the disc of a waiter at it (wd) and its size. */
static void table_geom(const resto *R, int cw, int ch, int *m, int *wd, int *tw, int *th)
{
    *m = cw / 14 > 1 ? cw / 14 : 1;
    *wd = ch - 2 * *m;
    if (*wd > cw / 2)
        *wd = cw / 2;
    if (*wd > R->D)
        *wd = R->D;
    *tw = cw - 2 * *m - *wd / 2;
    *th = ch * 2 / 3;
}

/* Whether a table of a cell cw x ch shows the run's widest number, as
 * table_label draws it (at up to 0.8 of the table's height, never under the
 * small size). */
static bool number_fits(const resto *R, int cw, int ch)
{
    int m, wd, tw, th;
    table_geom(R, cw, ch, &m, &wd, &tw, &th);
    int lpx = th * 4 / 5 < R->px ? th * 4 / 5 : R->px;
    if (lpx < R->spx)
        return false;
    char widest[24];
    int digits = snprintf(widest, sizeof widest, "%zu",
                          timeline_lane_count(R->tl, TL_LANE_REQUEST));
    memset(widest, '8', (size_t)digits);
    return ui__text_w(R->c, UI_FONT_BOLD, R->spx, widest) <= tw - 2;
}

static void grid(resto *R, resto_proc *P)
{
    int n = (int)P->ntab;
    if (n == 0)
        return;
    int best = 0, best_cols = 1;
    for (int cols = 1; cols <= n; cols++) {
        int rows = (n + cols - 1) / cols;
        int cw = P->room.w / cols, ch = P->room.h / rows;
        int s = cw < ch * 4 / 3 ? cw : ch * 4 / 3;
        if (s > best)
            best = s, best_cols = cols;
    }
    int cw = best < 8 * R->px ? best : 8 * R->px, ch = cw * 3 / 4;
    if (cw < 4 || ch < 3)
        return;
    int cols = best_cols;
    if (!number_fits(R, cw, ch)) {
        /* cells of 4:3 leave the tables too narrow for their numbers (a narrow
         * room beside the rails): wider, flatter cells where those fit, the
         * largest such */
        int area = 0;
        for (int c = 1; c <= n; c++) {
            int rows = (n + c - 1) / c;
            int w = P->room.w / c < 8 * R->px ? P->room.w / c : 8 * R->px;
            int h = P->room.h / rows < w * 3 / 4 ? P->room.h / rows : w * 3 / 4;
            if (w * h > area && number_fits(R, w, h))
                area = w * h, cols = c, cw = w, ch = h;
        }
    }
    int rows = (n + cols - 1) / cols;
    int x0 = P->room.x + (P->room.w - cols * cw) / 2, y0 = P->room.y + (P->room.h - rows * ch) / 2;
    int m, wd, tw, th;
    table_geom(R, cw, ch, &m, &wd, &tw, &th);
    P->table_wd = wd;
    for (int i = 0; i < n; i++) {
        size_t k = P->tab0 + (size_t)i;
        int cx = x0 + (i % cols) * cw, cy = y0 + (i / cols) * ch;
        ui_rect tab = {cx + m, cy + (ch - th) / 2, tw, th};
        R->tab_rect[k] = tab;
        int st = R->tab_state[k];
        ui_color fill = st == TL_R_PENDING ? R->th->table : R->th->request[st];
        /* one tagged shape per table: hovering hits it through its untagged label */
        ui_shape *ts = ui_rect_fill(R->c->out, tab, fill, th / 5);
        if (ts)
            ts->role = UI_ROLE_TABLE, ts->id = R->tab_req[k], ts->state = (int16_t)st;
    }
}

void resto__tables(resto *R)
{
    size_t nreq = timeline_lane_count(R->tl, TL_LANE_REQUEST);
    size_t cap[RESTO_MAX_PROCS] = {0};
    for (size_t p = 0; p < R->nshown; p++)
        cap[p] = room_cap(R, &R->procs[p]);
    cand_list l = {.n = 0};
    size_t in_room[RESTO_MAX_PROCS] = {0};
    bool all = select_all(R, nreq, cap, &l);
    int lh = resto__line(R, R->spx);
    bool line[RESTO_MAX_PROCS] = {false};
    if (!all) {
        /* more than fit: a line under the tables says how many have none drawn */
        for (size_t p = 0; p < R->nshown; p++) {
            resto_proc *P = &R->procs[p];
            if (P->room.h > 3 * lh) {
                P->room.h -= lh;
                cap[p] = room_cap(R, P);
                line[p] = true;
            }
        }
        select_busy(R, nreq, cap, &l, in_room);
    }
    store(R, &l);
    for (size_t p = 0; p < R->nshown; p++) {
        resto_proc *P = &R->procs[p];
        /* the requests at the door (the accept queue) are not in the room: the
         * door counts them */
        int64_t door = resto__has_door(R, p)
                           ? timeline_queue_length_at_step(R->tl, TRACE_QUEUE_ACCEPT, (int32_t)p,
                                                           R->t, R->step)
                           : 0;
        size_t room = in_room[p] > (size_t)door ? in_room[p] - (size_t)door : 0;
        P->more = line[p] && room > P->ntab ? room - P->ntab : 0; /* only where it has a line */
        grid(R, P);
        if (P->more > 0) {
            char buf[48];
            snprintf(buf, sizeof buf, "+%zu more", P->more);
            if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, buf) > P->room.w)
                snprintf(buf, sizeof buf, "+%zu", P->more); /* a narrow room: the count */
            if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, buf) > P->room.w)
                continue; /* a room of one table: a cut number would be a wrong one */
            size_t from = R->c->out->n;
            ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->text, P->room.x,
                    P->room.y + P->room.h, P->room.w, UI_ALIGN_RIGHT, buf);
            ui_tag(R->c->out, from, UI_ROLE_TABLE, -1, -1);
        }
    }
}

bool resto__counts_wanted(const resto *R)
{
    return timeline_lane_count(R->tl, TL_LANE_REQUEST) > 12;
}

void resto__counts(const resto *R, ui_rect r)
{
    const int64_t *n = R->counts;
    int64_t seated = n[TL_R_RUNNING] + n[TL_R_READY] + n[TL_R_WAIT_IO] + n[TL_R_WAIT_GIL];
    const struct {
        int64_t n;
        const char *what;
    } items[] = {{seated, "seated"},
                 {n[TL_R_QUEUED], "queued"},
                 {n[TL_R_DONE], "done"},
                 {n[TL_R_PENDING], "still to come"}};
    /* the items that fit, from the first: a narrow room leaves out "still to
     * come", then "done", rather than cutting a number */
    char buf[192] = "";
    size_t len = 0;
    for (size_t keep = sizeof items / sizeof items[0]; keep > 0; keep--) {
        len = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < keep && len < sizeof buf; i++) {
            if (items[i].n == 0)
                continue;
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%lld %s",
                                    len ? " \xC2\xB7 " : "", (long long)items[i].n, items[i].what);
        }
        if (ui__text_w(R->c, UI_FONT_BOLD, R->spx, buf) <= r.w)
            break;
        if (keep == 1)
            return; /* not even the first: a cut number would be a wrong one */
    }
    if (len == 0)
        return;
    ui_text(R->c->out, R->c->m, UI_FONT_BOLD, R->spx, R->th->text, r.x, r.y, r.w, UI_ALIGN_LEFT,
            buf);
}

/* ---- the door ------------------------------------------------------------------------- */

bool resto__has_door(const resto *R, size_t p)
{
    return timeline_queue_lane(R->tl, TRACE_QUEUE_ACCEPT, (int32_t)p) >= 0;
}

/* The door: its pictogram, and the accept queue's length as "+800 waiting" (the
 * clients not let in yet, who have no table), or "door" alone when nobody waits. */
void resto__door(const resto *R, const resto_proc *P)
{
    ui_rect r = P->door;
    if (r.w <= 0)
        return;
    size_t p = (size_t)(P - R->procs);
    int64_t n = timeline_queue_length_at_step(R->tl, TRACE_QUEUE_ACCEPT, (int32_t)p, R->t, R->step);
    const ui_measure *m = R->c->m;
    int lh = r.h, ic = lh;
    size_t from = R->c->out->n;
    ui_image(R->c->out, (ui_rect){r.x, r.y, ic, ic},
             n > 0 ? R->th->request[TL_R_QUEUED] : R->th->text_dim, "door");
    int x = r.x + ic + R->spx / 3;
    /* the longest that fits of "door: +800 waiting", "+800 waiting", "+800" */
    static const char *const forms[] = {"door: +%lld waiting", "+%lld waiting", "+%lld"};
    char buf[64];
    bool fits = false;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0] && !fits; i++) {
        if (n > 0)
            snprintf(buf, sizeof buf, forms[i], (long long)n);
        else
            snprintf(buf, sizeof buf, i == 0 ? "door: nobody waiting" : "door");
        fits = ui__text_w(R->c, n > 0 ? UI_FONT_BOLD : UI_FONT_SANS, R->spx, buf) <= r.x + r.w - x;
    }
    if (!fits && n == 0) { /* nobody waits: the pictogram says it, the legend names it */
        ui_tag(R->c->out, from, UI_ROLE_DOOR, (int32_t)p, 0);
        return;
    }
    ui_text(R->c->out, m, n > 0 ? UI_FONT_BOLD : UI_FONT_SANS, R->spx,
            n > 0 ? R->th->text : R->th->text_dim, x, r.y, r.x + r.w - x, UI_ALIGN_LEFT, buf);
    ui_tag(R->c->out, from, UI_ROLE_DOOR, (int32_t)p, (int16_t)(n > 32767 ? 32767 : n));
}
