/* ui_frame.c - the laid-out frame as bistro-frame/1 JSON (ui_frame.h).
 *
 * Everything here is read back from the shape list: a column's phase is the phase
 * shape the restaurant lit, its caption the caption shapes drawn for its run, its
 * marked code lines the code shapes drawn as current. So the data can only say
 * what the window shows, and a region that was not drawn is absent (null or
 * empty), never filled in from the timeline behind the layout's back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "error.h"
#include "ui_frame.h"
#include "ui_layout_internal.h"
#include "ui_loopgame.h"
#include "ui_metrics.h"
#include "ui_orders.h"

/* The queues whose callbacks a loop runs, in the rails' words. */
static const char *queue_key(int queue)
{
    switch (queue) {
    case TRACE_QUEUE_NEXT_TICK: return "nextTick";
    case TRACE_QUEUE_MICROTASK: return "microtasks";
    default: return trace_queue_name(queue);
    }
}

/* Node's phases and asyncio's, in the words docs/app.md uses. */
static const char *phase_key(int phase)
{
    switch (phase) {
    case TRACE_PHASE_MAIN: return "main script";
    case TRACE_PHASE_RUN_READY: return "ready";
    default: return trace_phase_name(phase);
    }
}

const char *ui_frame_text_what(const ui_shape *s, char *buf, size_t size)
{
    static const char *const header[] = {"title", "runtime", "playback"};
    const char *w = "label";
    switch ((ui_role)s->role) {
    case UI_ROLE_HEADER: w = s->id >= 0 && s->id < 3 ? header[s->id] : "header"; break;
    case UI_ROLE_COLUMN_TITLE: w = s->state == 1 ? "column.progress" : "column.runtime"; break;
    case UI_ROLE_CLOCK: w = "clock"; break;
    case UI_ROLE_WORKER_SPAN:
    case UI_ROLE_REQUEST_SPAN:
    case UI_ROLE_REQUEST_BAND:
    case UI_ROLE_CURSOR: w = "timeline"; break;
    case UI_ROLE_LANE_LABEL: w = "lane"; break;
    case UI_ROLE_TABLE: w = "table"; break;
    case UI_ROLE_WAITER: w = "waiter"; break;
    case UI_ROLE_COOK: w = "kitchen"; break;
    case UI_ROLE_ORDER_PAD: w = "gil"; break;
    case UI_ROLE_RAIL: w = "queue"; break;
    case UI_ROLE_PHASE: w = "phase"; break;
    case UI_ROLE_RUNNING: w = "running"; break;
    case UI_ROLE_CORE: w = "core"; break;
    case UI_ROLE_LEGEND: w = "legend"; break;
    case UI_ROLE_METRIC: snprintf(buf, size, "metric.%s", ui_metric_key(s->id)); return buf;
    case UI_ROLE_LOG_LINE: w = "log"; break;
    case UI_ROLE_LOG_TIME: w = "log.time"; break;
    case UI_ROLE_CODE_LINE: w = "code"; break;
    case UI_ROLE_NARRATION: w = s->id < 0 ? "description" : "caption"; break;
    case UI_ROLE_BANNER: w = "banner"; break;
    case UI_ROLE_HELP: w = "help"; break;
    case UI_ROLE_LIST_ITEM: w = "list"; break;
    case UI_ROLE_TOOLTIP: w = "tooltip"; break;
    case UI_ROLE_ORDER: w = "order"; break;
    case UI_ROLE_ORDERS: w = "orders"; break;
    case UI_ROLE_DOOR: w = "door"; break;
    case UI_ROLE_DISH: w = "dish"; break;
    case UI_ROLE_WORKBENCH: w = "workbench"; break;
    case UI_ROLE_LANE: w = "lane"; break;
    case UI_ROLE_BAND_SCALE: w = "band.scale"; break;
    case UI_ROLE_GIL_TURNS: w = "gil.turns"; break;
    case UI_ROLE_ZOOM: w = "zoom"; break;
    case UI_ROLE_NOTES: w = "notes"; break;
    case UI_ROLE_QUIZ:
        w = s->state >= 0 && s->state < UI_QUIZ_PART_COUNT ? ui_quiz_part_names[s->state] : "quiz";
        break;
    case UI_ROLE_SHARED: w = "shared"; break;
    case UI_ROLE_SERVICE: w = "service"; break;
    case UI_ROLE_CALL: w = "call"; break;
    case UI_ROLE_LOOPGAME:
        w = s->state >= 0 && s->state < UI_LG_PART_COUNT ? ui_loopgame_part_names[s->state]
                                                         : "loopgame";
        break;
    case UI_ROLE_NONE:
    case UI_ROLE_COUNT: break;
    }
    snprintf(buf, size, "%s", w);
    return buf;
}

/* Roles whose shapes belong to one run (the others are the window's). */
static bool per_run(const ui_shape *s)
{
    switch ((ui_role)s->role) {
    case UI_ROLE_HEADER:
    case UI_ROLE_CLOCK:
    case UI_ROLE_BANNER:
    case UI_ROLE_HELP:
    case UI_ROLE_LIST_ITEM:
    case UI_ROLE_TOOLTIP:
    case UI_ROLE_QUIZ: return false;
    default: return true;
    }
}

static cJSON *rect_json(ui_rect r)
{
    int v[4] = {r.x, r.y, r.w, r.h};
    return cJSON_CreateIntArray(v, 4);
}

/* The text of every shape of `role` drawn for `run`, in drawing order, joined by
 * `sep` into a new string (NULL when none or out of memory; *oom says which). */
static char *joined(const ui_list *l, ui_role role, size_t run, const char *sep, bool *oom)
{
    size_t len = 0, n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->role == role && s->run == run)
            len += s->len + strlen(sep), n++;
    }
    if (n == 0)
        return NULL;
    char *out = malloc(len + 1), *p = out;
    if (!out) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind != UI_SHAPE_TEXT || s->role != role || s->run != run)
            continue;
        if (p != out)
            p += strlen(strcpy(p, sep));
        memcpy(p, ui_shape_text(l, s), s->len);
        p += s->len;
    }
    *p = '\0';
    return out;
}

/* The numbers the metrics panel shows (ui_run_metrics: the same function draws
 * the panel), every one of them, whether or not the panel had room for its row. */
static void add_metrics(cJSON *col, const ui_doc *doc, size_t run, int64_t t)
{
    ui_run_metrics k;
    ui_run_metrics_at(doc, run, t, &k);
    cJSON *m = cJSON_AddObjectToObject(col, "metrics");
    if (!m)
        return;
    cJSON_AddNumberToObject(m, "completed", (double)k.completed);
    cJSON_AddNumberToObject(m, "requests", (double)k.requests);
    cJSON_AddNumberToObject(m, "in_flight", (double)k.in_flight);
    cJSON_AddBoolToObject(m, "finished", k.finished);
    cJSON_AddNumberToObject(m, "clock_ns", (double)k.clock_ns);
    cJSON_AddNumberToObject(m, "throughput_rps", k.throughput_rps);
    cJSON_AddNumberToObject(m, "cpu_util", k.cpu_util);
    cJSON_AddNumberToObject(m, "gil_wait_ms", (double)k.gil_wait_ns / 1e6);
    cJSON_AddNumberToObject(m, "latency_p50_ms", (double)k.lat_p50_ns / 1e6);
    cJSON_AddNumberToObject(m, "latency_p99_ms", (double)k.lat_p99_ns / 1e6);
    cJSON_AddNumberToObject(m, "loop_lag_now_ms", (double)k.loop_lag_now_ns / 1e6);
    cJSON_AddNumberToObject(m, "loop_lag_max_ms", (double)k.loop_lag_max_ns / 1e6);
    cJSON_AddNumberToObject(m, "memory_now_bytes", (double)k.memory_now_bytes);
    cJSON_AddNumberToObject(m, "memory_peak_bytes", (double)k.memory_peak_bytes);
}

static cJSON *share_json(cJSON *o, int64_t runs, int64_t total)
{
    cJSON_AddNumberToObject(o, "runs", (double)runs);
    cJSON_AddNumberToObject(o, "share", total > 0 ? (double)runs / (double)total : 0.0);
    return o;
}

/* The orders view's panel of `run`, when it was drawn: the orders whose bars were
 * drawn, in drawing order, with their counts, and which one is marked as the run
 * on screen's; the "+k more" line when one was drawn; the spreads once done. */
static void add_distribution(cJSON *col, const ui_view *view, const ui_list *l, size_t run)
{
    const ui_orders *o = view->order_runs;
    bool drawn = false, more = false;
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->run == run && (s->role == UI_ROLE_ORDERS || s->role == UI_ROLE_ORDER))
            drawn = true;
        if (s->run == run && s->role == UI_ROLE_ORDERS && s->id == -2)
            more = true;
    }
    if (!drawn || !o || run >= o->nruns) {
        cJSON_AddNullToObject(col, "distribution");
        return;
    }
    const ui_orders_run *r = &o->runs[run];
    cJSON *d = cJSON_AddObjectToObject(col, "distribution");
    if (!d)
        return;
    double seeds[2] = {(double)o->first, (double)o->last};
    cJSON_AddItemToObject(d, "seeds", cJSON_CreateDoubleArray(seeds, 2));
    cJSON_AddNumberToObject(d, "runs", (double)r->runs);
    cJSON_AddBoolToObject(d, "done", ui_orders_done(o, run));
    cJSON_AddNumberToObject(d, "distinct", (double)r->norders);
    cJSON *orders = cJSON_AddArrayToObject(d, "orders");
    int last = -1;
    size_t shown = 0;
    for (size_t i = 0; orders && i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->run != run || s->role != UI_ROLE_ORDER || s->id == last || s->id < 0 ||
            (size_t)s->id >= r->norders)
            continue;
        last = s->id;
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(orders, e))
            break;
        cJSON_AddStringToObject(e, "order", r->orders[s->id].order);
        share_json(e, r->orders[s->id].runs, r->runs);
        cJSON_AddBoolToObject(e, "current", s->state == 1);
        shown++;
    }
    if (more && shown < r->norders) {
        int64_t rest = 0;
        for (size_t i = shown; i < r->norders; i++)
            rest += r->orders[i].runs;
        cJSON *m = cJSON_AddObjectToObject(d, "more");
        if (m) {
            cJSON_AddNumberToObject(m, "orders", (double)(r->norders - shown));
            share_json(m, rest, r->runs);
        }
    } else {
        cJSON_AddNullToObject(d, "more");
    }
    int cur = ui_orders_current(o, run);
    if (r->current)
        cJSON_AddStringToObject(d, "current", r->current);
    else
        cJSON_AddNullToObject(d, "current");
    cJSON_AddNumberToObject(d, "current_runs", cur >= 0 ? (double)r->orders[cur].runs : 0.0);
    if (r->rc < 0) {
        cJSON *e = cJSON_AddObjectToObject(d, "error");
        if (e) {
            cJSON_AddNumberToObject(e, "seed", (double)r->failed_seed);
            cJSON_AddStringToObject(e, "message", sim_strerror(r->rc));
        }
    }
    if (!ui_orders_done(o, run) || r->rc < 0 || r->runs == 0)
        return;
    cJSON *sp = cJSON_AddObjectToObject(d, "spread");
    for (int k = 0; sp && k < MANY_METRIC_COUNT; k++) {
        cJSON *m = cJSON_AddObjectToObject(sp, many_metric_name(k));
        if (!m)
            break;
        cJSON_AddNumberToObject(m, "min", r->spread[k].min);
        cJSON_AddNumberToObject(m, "median", r->spread[k].median);
        cJSON_AddNumberToObject(m, "max", r->spread[k].max);
    }
}

/* Column `i` of the frame. */
/* The text of the first shape of `role` and `id` drawn for `run` (state >= 0:
 * that state too), or NULL. */
static const char *text_of(const ui_list *l, size_t run, ui_role role, int32_t id, int state)
{
    for (size_t i = 0; i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->role == role && s->run == run && s->id == id &&
            (state < 0 || s->state == state))
            return ui_shape_text(l, s);
    }
    return NULL;
}

/* A lane's "service" (the name of the service whose worker it is; none for the
 * front's lanes) and "state" (the state its track was tagged with: the lane's
 * at the time shown). */
static void add_lane_of(cJSON *o, const ui_doc *doc, size_t run, const ui_shape *s, bool state)
{
    int32_t k = UI_SERVICE_LANE_OF(s->id);
    if (k >= 0 && doc && run < doc->nruns && (size_t)k < doc->runs[run].nservices)
        cJSON_AddStringToObject(o, "service", doc->runs[run].services[k].name);
    if (!state)
        return;
    if (s->state < 0)
        cJSON_AddNullToObject(o, "state");
    else
        cJSON_AddStringToObject(o, "state",
                                s->id >= 0 ? timeline_worker_state_name(s->state)
                                           : timeline_request_state_name(s->state));
}

/* The timeline of a column: its window and where it comes from, each lane with
 * its label and bar height, each band with its scale's top and height, and each
 * lane taking turns on the GIL with its share. */
static void add_timeline(cJSON *col, const ui_doc *doc, const ui_list *l,
                         const ui_layout_info *info, size_t run)
{
    static const char *const windows[] = {"run", "zoom", "caption"};
    cJSON *tl = cJSON_AddObjectToObject(col, "timeline");
    if (!tl)
        return;
    cJSON_AddNumberToObject(tl, "from_ns", (double)info->t0);
    cJSON_AddNumberToObject(tl, "to_ns", (double)info->t1);
    cJSON_AddStringToObject(tl, "window",
                            info->window >= 0 && info->window < 3 ? windows[info->window] : "run");
    cJSON *lanes = cJSON_AddArrayToObject(tl, "lanes");
    cJSON *bands = cJSON_AddArrayToObject(tl, "bands");
    cJSON *turns = cJSON_AddArrayToObject(tl, "gil_turns");
    for (size_t i = 0; lanes && bands && turns && i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->run != run)
            continue;
        if (s->role == UI_ROLE_LANE && s->kind == UI_SHAPE_RECT) {
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddItemToArray(lanes, o))
                break;
            const char *label = text_of(l, run, UI_ROLE_LANE_LABEL, s->id, -1);
            if (label)
                cJSON_AddStringToObject(o, "label", label);
            else
                cJSON_AddNullToObject(o, "label");
            cJSON_AddNumberToObject(o, "h", s->rect.h);
            add_lane_of(o, doc, run, s, true);
        } else if (s->role == UI_ROLE_BAND_SCALE && s->kind == UI_SHAPE_RECT) {
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddItemToArray(bands, o))
                break;
            cJSON_AddStringToObject(o, "of", s->id == 0 ? "requests" : "threads");
            const char *top = text_of(l, run, UI_ROLE_BAND_SCALE, s->id, 2);
            cJSON_AddStringToObject(o, "scale", top ? top : "");
            cJSON_AddNumberToObject(o, "h", s->rect.h);
        } else if (s->role == UI_ROLE_GIL_TURNS && s->kind == UI_SHAPE_TEXT) {
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddItemToArray(turns, o))
                break;
            const char *label = text_of(l, run, UI_ROLE_LANE_LABEL, s->id, -1);
            cJSON_AddStringToObject(o, "lane", label ? label : "");
            add_lane_of(o, doc, run, s, false);
            cJSON_AddNumberToObject(o, "share", s->state);
            cJSON_AddStringToObject(o, "text", ui_shape_text(l, s));
        }
    }
}

/* "shared": every shared value ("state") of the run by this step, as the pass
 * shows it (whether or not the pass had room for its row): its name, value,
 * writes and lost updates, and whether one is lost right now; [] without any. */
static void add_shared(cJSON *col, const ui_doc *doc, size_t run, int64_t t, uint32_t step)
{
    cJSON *list = cJSON_AddArrayToObject(col, "shared");
    for (size_t k = 0; list && k < doc->scn->nstate; k++) {
        tl_shared sh;
        if (timeline_shared_at_step(doc->runs[run].tl, doc->scn, k, t, step, &sh) != 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(list, o))
            return;
        cJSON_AddStringToObject(o, "name", doc->scn->state[k].name);
        cJSON_AddNumberToObject(o, "value", (double)sh.value);
        cJSON_AddNumberToObject(o, "writes", (double)sh.writes);
        cJSON_AddNumberToObject(o, "last_write_ns", (double)sh.last_write_t);
        cJSON_AddNumberToObject(o, "lost_updates", (double)sh.lost_updates);
        cJSON_AddBoolToObject(o, "lost_now", sh.last_lost_now);
    }
}

/* "services": every service behind the run at t: the calls it received, answered
 * and has in flight, the p50 and p99 of those answered so far; [] without any. */
static void add_services(cJSON *col, const ui_doc *doc, const ui_list *l, size_t run, int64_t t)
{
    cJSON *list = cJSON_AddArrayToObject(col, "services");
    const ui_run *u = &doc->runs[run];
    for (size_t k = 0; list && k < u->nservices; k++) {
        const timeline *st = u->services[k].run.tl;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(list, o))
            return;
        int64_t got = timeline_arrived(st, t), done = timeline_completed(st, t);
        cJSON_AddStringToObject(o, "name", u->services[k].name);
        cJSON_AddNumberToObject(o, "received", (double)got);
        cJSON_AddNumberToObject(o, "completed", (double)done);
        cJSON_AddNumberToObject(o, "in_flight", (double)(got - done));
        int64_t counts[TL_R_COUNT];
        timeline_request_counts(st, t, counts);
        cJSON_AddNumberToObject(o, "waiting", (double)counts[TL_R_QUEUED]);
        cJSON_AddNumberToObject(o, "latency_p50_ms",
                                (double)timeline_latency_percentile(st, t, 50) / 1e6);
        cJSON_AddNumberToObject(o, "latency_p99_ms",
                                (double)timeline_latency_percentile(st, t, 99) / 1e6);
        bool drawn = false;
        cJSON *calls = cJSON_AddArrayToObject(o, "calls_drawn");
        for (size_t i = 0; i < l->n; i++) {
            const ui_shape *s = &l->shapes[i];
            if (s->run != run)
                continue;
            drawn |= s->role == UI_ROLE_SERVICE && (size_t)s->service == k + 1;
            /* an arrow is a line and its head's two: one entry per arrow */
            if (calls && s->role == UI_ROLE_CALL && s->state == (int16_t)k &&
                s->kind == UI_SHAPE_LINE &&
                (i == 0 || l->shapes[i - 1].role != UI_ROLE_CALL || l->shapes[i - 1].id != s->id)) {
                cJSON *a = cJSON_CreateObject();
                if (!a || !cJSON_AddItemToArray(calls, a))
                    break;
                cJSON_AddNumberToObject(a, "request", (double)s->id);
                cJSON_AddNumberToObject(a, "caller",
                                        (double)timeline_call_caller(u->tl, k, (int64_t)s->id));
            }
        }
        cJSON_AddBoolToObject(o, "restaurant", drawn);
    }
}

static cJSON *column(const ui_doc *doc, const ui_view *view, const ui_list *l,
                     const ui_layout_info *info, int i, int64_t t, uint32_t step, bool *oom)
{
    size_t run = info->run[i];
    cJSON *col = cJSON_CreateObject();
    if (!col)
        return NULL;
    cJSON_AddStringToObject(col, "runtime", doc->runs[run].name);
    /* the lit phase and the callback running: the first process's loop when there
     * are several (its shapes come first) */
    const char *phase = NULL, *running = NULL;
    for (size_t i = 0; i < l->n && !phase; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->role == UI_ROLE_PHASE && s->run == run && s->service == 0 && s->state >= 1 &&
            s->id >= 0) {
            phase = phase_key(s->id);
            if (s->state == 2)
                running = "main script";
        }
    }
    for (size_t i = 0; i < l->n && !running; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->role == UI_ROLE_RUNNING && s->run == run && s->service == 0 && s->id >= 0)
            running = queue_key(s->id);
    }
    if (phase)
        cJSON_AddStringToObject(col, "phase", phase);
    else
        cJSON_AddNullToObject(col, "phase");
    if (running)
        cJSON_AddStringToObject(col, "running", running);
    else
        cJSON_AddNullToObject(col, "running");
    /* one caption across both columns (they show the same) is drawn once, as the
     * first column's */
    char *cap = joined(l, UI_ROLE_NARRATION, info->caption_shared ? info->run[0] : run, " ", oom);
    if (cap)
        cJSON_AddStringToObject(col, "caption", cap);
    else
        cJSON_AddNullToObject(col, "caption");
    free(cap);
    cJSON *code = cJSON_AddObjectToObject(col, "code");
    const scn_code *listing = scn_runtime_code(doc->scn, run); /* the one shown for it */
    if (code) {
        if (listing && listing->language)
            cJSON_AddStringToObject(code, "language", listing->language);
        else
            cJSON_AddNullToObject(code, "language");
        cJSON *marked = cJSON_AddArrayToObject(code, "marked_lines");
        int last = 0;
        for (size_t i = 0; marked && i < l->n; i++) {
            const ui_shape *s = &l->shapes[i];
            if (s->role == UI_ROLE_CODE_LINE && s->run == run && s->state == 1 && s->id != last) {
                cJSON_AddItemToArray(marked, cJSON_CreateNumber(s->id));
                last = s->id;
            }
        }
    }
    /* how many lines the run has printed by this step; `log` is those on screen */
    cJSON_AddNumberToObject(col, "log_printed",
                            (double)timeline_log_count_at_step(doc->runs[run].tl, t, step));
    cJSON *log = cJSON_AddArrayToObject(col, "log");
    for (size_t i = 0; log && i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind == UI_SHAPE_TEXT && s->role == UI_ROLE_LOG_LINE && s->run == run)
            cJSON_AddItemToArray(log, cJSON_CreateString(ui_shape_text(l, s)));
    }
    add_shared(col, doc, run, t, step);
    add_services(col, doc, l, run, t);
    add_metrics(col, doc, run, t);
    add_distribution(col, view, l, run);
    add_timeline(col, doc, l, info, run);
    return col;
}

/* Whose a shape is: "runtime" for a run's, and "service" for what a service's
 * restaurant drew. */
static void add_owner(cJSON *o, const ui_doc *doc, const ui_shape *s)
{
    if (!doc || !per_run(s) || s->run >= doc->nruns)
        return;
    const ui_run *u = &doc->runs[s->run];
    cJSON_AddStringToObject(o, "runtime", u->name);
    if (s->service > 0 && (size_t)s->service <= u->nservices)
        cJSON_AddStringToObject(o, "service", u->services[s->service - 1].name);
}

static void add_texts(cJSON *root, const ui_doc *doc, const ui_list *l)
{
    cJSON *texts = cJSON_AddArrayToObject(root, "texts");
    char what[64];
    for (size_t i = 0; texts && i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind != UI_SHAPE_TEXT)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(texts, o))
            break;
        cJSON_AddStringToObject(o, "text", ui_shape_text(l, s));
        cJSON_AddStringToObject(o, "what", ui_frame_text_what(s, what, sizeof what));
        add_owner(o, doc, s);
        cJSON_AddItemToObject(o, "rect", rect_json(s->rect));
        cJSON_AddBoolToObject(o, "cut", s->cut);
    }
}

/* Every pictogram drawn: its image (assets/NAME.svg), what it shows (the role's
 * word, as for texts), its runtime and rect. */
static void add_images(cJSON *root, const ui_doc *doc, const ui_list *l)
{
    cJSON *images = cJSON_AddArrayToObject(root, "images");
    char what[64];
    for (size_t i = 0; images && i < l->n; i++) {
        const ui_shape *s = &l->shapes[i];
        if (s->kind != UI_SHAPE_IMAGE)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(images, o))
            break;
        cJSON_AddStringToObject(o, "image", ui_shape_image(l, s));
        cJSON_AddStringToObject(o, "what", ui_frame_text_what(s, what, sizeof what));
        add_owner(o, doc, s);
        cJSON_AddItemToObject(o, "rect", rect_json(s->rect));
    }
}

static const char *const quiz_states[] = {"off", "playing", "asking", "showing", "done"};
static const char *const quiz_kinds[] = {"order", "choice", "number"};

/* "quiz": null when quiz mode is off; else where it is, the question open (its
 * id, kind, what is typed, the option picked and the hands), and every question
 * asked so far with the answer and, once shown, what happened. */
static bool add_quiz(cJSON *root, const ui_quiz *q)
{
    if (!q)
        return cJSON_AddNullToObject(root, "quiz") != NULL;
    cJSON *o = cJSON_AddObjectToObject(root, "quiz");
    if (!o)
        return false;
    cJSON_AddStringToObject(o, "state", quiz_states[q->state]);
    cJSON_AddNumberToObject(o, "questions", (double)q->n);
    const scn_question *open = ui_quiz_open(q);
    if (open) {
        size_t i = q->asked_order[q->next];
        cJSON *e = cJSON_AddObjectToObject(o, "open");
        if (!e)
            return false;
        cJSON_AddStringToObject(e, "id", open->id);
        cJSON_AddStringToObject(e, "kind", quiz_kinds[open->kind]);
        cJSON_AddStringToObject(e, "typed", q->input);
        if (open->kind == SCN_QUESTION_CHOICE) {
            cJSON_AddNumberToObject(e, "picked", q->sel);
            cJSON_AddItemToObject(e, "hands",
                                  cJSON_CreateIntArray(q->ans[i].hands, (int)open->noptions));
        }
    } else {
        cJSON_AddNullToObject(o, "open");
    }
    cJSON *list = cJSON_AddArrayToObject(o, "asked");
    for (size_t k = 0; list && k < q->next && k < q->n; k++) {
        size_t i = q->asked_order[k];
        const ui_quiz_answer *a = &q->ans[i];
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(list, e))
            return false;
        char said[UI_QUIZ_INPUT + 64];
        cJSON_AddStringToObject(e, "id", q->scn->questions[i].id);
        if (a->answered)
            cJSON_AddStringToObject(e, "answer", ui_quiz_answer_text(q, i, said, sizeof said));
        else
            cJSON_AddNullToObject(e, "answer");
        cJSON_AddBoolToObject(e, "shown", a->revealed);
        if (a->revealed) { /* what happened is known to the frame only once it showed */
            cJSON_AddStringToObject(e, "happened", a->truth);
            cJSON_AddBoolToObject(e, "right", a->answered && a->right);
        }
    }
    /* right among those shown: an answer's verdict is not in the frame before it showed */
    size_t answered = 0, right = 0;
    for (size_t k = 0; k < q->next && k < q->n; k++) {
        const ui_quiz_answer *a = &q->ans[q->asked_order[k]];
        answered += a->answered;
        right += a->answered && a->revealed && a->right;
    }
    cJSON_AddNumberToObject(o, "answered", (double)answered);
    cJSON_AddNumberToObject(o, "right_shown", (double)right);
    return list != NULL;
}

static const char *const game_feedback[] = {"none", "right", "wrong"};

/* "loopgame": null when the game is off; else the run, the points, the score, the
 * open point's kind and its choices (which one is right is not in the frame while
 * it is open), and the last pick's feedback. */
static bool add_loopgame(cJSON *root, const ui_loopgame *g)
{
    if (!g)
        return cJSON_AddNullToObject(root, "loopgame") != NULL;
    cJSON *o = cJSON_AddObjectToObject(root, "loopgame");
    if (!o)
        return false;
    cJSON_AddNumberToObject(o, "run", (double)g->run);
    cJSON_AddNumberToObject(o, "points", (double)g->n);
    cJSON_AddBoolToObject(o, "capped", g->capped);
    cJSON_AddNumberToObject(o, "at", (double)g->cur);
    cJSON_AddNumberToObject(o, "right", g->right);
    cJSON_AddNumberToObject(o, "wrong", g->wrong);
    cJSON_AddBoolToObject(o, "done", g->done);
    cJSON_AddStringToObject(o, "feedback", game_feedback[g->feedback]);
    cJSON_AddStringToObject(o, "last", g->last);
    const ui_loopgame_decision *d = ui_loopgame_current(g);
    if (!d)
        return cJSON_AddNullToObject(o, "open") != NULL;
    cJSON *e = cJSON_AddObjectToObject(o, "open");
    cJSON *list = e ? cJSON_AddArrayToObject(e, "choices") : NULL;
    if (!list)
        return false;
    cJSON_AddStringToObject(e, "kind", ui_loopgame_kind_name(d->kind));
    cJSON_AddNumberToObject(e, "t_ns", (double)d->t);
    cJSON_AddNumberToObject(e, "step", d->step);
    for (size_t k = 0; k < d->ncand; k++)
        cJSON_AddItemToArray(list, cJSON_CreateString(d->cand[k].label));
    return true;
}

char *ui_frame_json(const ui_doc *doc, const ui_view *view, const ui_playback *play, int w, int h,
                    const ui_list *list, const ui_layout_info *info)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    bool oom = false;
    cJSON_AddStringToObject(root, "schema", "bistro-frame/1");
    int size[2] = {w, h};
    cJSON_AddItemToObject(root, "size", cJSON_CreateIntArray(size, 2));
    cJSON_AddNumberToObject(root, "t_ns", (double)play->t);
    bool hides = view->quiz != NULL && ui_quiz_hides(view->quiz);
    if (hides) /* an open quiz question: when the run ends may be its answer */
        cJSON_AddNullToObject(root, "end_ns");
    else
        cJSON_AddNumberToObject(root, "end_ns", (double)play->end);
    /* the step the layout drew, counted among the events of the first run shown at
     * that instant (compared runs step by instants, so they are at its end) */
    uint32_t step = ui_view_step_at(view, play->t);
    cJSON *pos = cJSON_AddObjectToObject(root, "step");
    if (pos) {
        uint32_t n = 0;
        if (doc && info->columns >= 1)
            n = timeline_steps_at(doc->runs[info->run[0]].tl, play->t);
        cJSON_AddNumberToObject(pos, "index", step < n ? step : n);
        cJSON_AddNumberToObject(pos, "count", n);
    }
    cJSON *header = cJSON_AddObjectToObject(root, "header");
    cJSON *cols = cJSON_AddArrayToObject(root, "columns");
    if (header && doc) {
        cJSON_AddStringToObject(header, "title",
                                ui_quiz_title(doc->scn, view->quiz != NULL || view->game != NULL));
        cJSON *names = cJSON_AddArrayToObject(header, "runtimes");
        for (int i = 0; names && i < info->columns; i++)
            cJSON_AddItemToArray(names, cJSON_CreateString(doc->runs[info->run[i]].name));
    }
    for (int i = 0; cols && doc && i < info->columns; i++) {
        cJSON *col = column(doc, view, list, info, i, play->t, step, &oom);
        if (!col || !cJSON_AddItemToArray(cols, col))
            oom = true;
    }
    cJSON *open = cJSON_AddObjectToObject(root, "open");
    if (open) {
        cJSON_AddBoolToObject(open, "help", view->help);
        cJSON_AddBoolToObject(open, "list", view->list);
        cJSON_AddBoolToObject(open, "orders", view->orders);
        cJSON_AddBoolToObject(open, "notes", view->notes);
        cJSON_AddBoolToObject(open, "banner", view->banner != NULL);
        cJSON_AddBoolToObject(open, "playing", play->playing);
        cJSON_AddNumberToObject(open, "text_step", view->text_step);
        cJSON_AddStringToObject(open, "theme", ui_theme_get(view->theme)->name);
    }
    if (!add_quiz(root, view->quiz) || !add_loopgame(root, view->game))
        oom = true;
    add_texts(root, doc, list);
    add_images(root, doc, list);
    char *out = oom || list->oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
