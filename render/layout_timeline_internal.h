/* layout_timeline_internal.h - what the timeline's files share (internal to render/).
 *
 * ui__timeline() (layout_timeline.c) plans the rows and the label column; the
 * lanes are drawn by layout_lanes.c, the bands that sum up thousands of requests
 * or threads by layout_band.c, the axis, the cursor and the colour legend by
 * layout_axis.c. They agree on one mapping from time to pixel columns,
 * ui__xmap, so a span, a tick and the cursor at the same time land on the same
 * column.
 */
#ifndef BISTRO_LAYOUT_TIMELINE_INTERNAL_H
#define BISTRO_LAYOUT_TIMELINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ui_layout_internal.h"

/* The plot's x axis: w pixel columns over [t0, t1). Column k covers
 * [ui__xmap_time(k), ui__xmap_time(k + 1)), computed in integers so columns tile
 * the window exactly, whatever its length. */
typedef struct {
    int x, w;         /* the plot's left edge and width in pixels (w > 0) */
    int64_t t0, t1;   /* t1 > t0 */
    int64_t q, rem;   /* (t1 - t0) = q * w + rem */
} ui__xmap;

ui__xmap ui__xmap_make(int x, int w, int64_t t0, int64_t t1);
/* The start of column k (0 <= k <= w): t0 + floor(k * (t1 - t0) / w). */
int64_t ui__xmap_time(const ui__xmap *m, int k);
/* The x of time t (not clamped), rounded to the nearest pixel edge. */
int ui__xmap_x(const ui__xmap *m, int64_t t);

/* A horizontal strip of lanes: `n` lanes from y, `pitch` pixels apart, each bar
 * `pitch - gap` high. */
typedef struct {
    int y, n, pitch, gap;
} ui__lanes;

/* Draws lane `lane` of `kind` (TL_LANE_WORKER or TL_LANE_REQUEST) of run `run`
 * as bars from the plot's left edge up to time `tend` (the cursor, or t1), at
 * most one shape per run of equal columns, none narrower than a pixel. A column
 * inside one interval shows its state; a column where the state changes shows
 * one of its states, chosen so that each state gets its share of the time in
 * columns (layout_lanes.c). States that show nothing (absent, pending, done)
 * leave the lane empty. Tags: WORKER_SPAN or REQUEST_SPAN with id = lane and
 * state. */
void ui__lane_bars(const ui_ctx *c, size_t run, tl_lane_kind kind, size_t lane, const ui__xmap *m,
                   int64_t tend, ui_rect bar);

/* ui__lane_bars for a lane of any run, a service's too: `u` is the run whose
 * timeline it reads, `id` the id its bars carry (the front's worker or request:
 * its index; a service's worker: UI_SERVICE_LANE_ID), and its turns on the GIL
 * too (a request's: -1 - its index, as its label's). */
void ui__run_lane_bars(const ui_ctx *c, const ui_run *u, tl_lane_kind kind, size_t lane, int32_t id,
                       const ui__xmap *m, int64_t tend, ui_rect bar);

/* A stretch of a lane taking turns on the GIL: [t0, t1) within the window,
 * `runs` intervals running and `waits` waiting for the GIL, of which the past
 * (before the cursor) ran run_ns out of seen_ns. */
typedef struct {
    int64_t t0, t1;
    int runs, waits;
    int64_t run_ns, seen_ns;
} ui__turns;

/* The stretches of turns of a lane inside [t0, t1), the past ending at tend, up
 * to max of them into out; returns how many (layout_lanes.c). */
size_t ui__gil_turns(const timeline *tl, tl_lane_kind kind, size_t lane, int64_t t0, int64_t t1,
                     int64_t tend, ui__turns *out, size_t max);

/* Whether the lane has a stretch of turns in [t0, t1) (false at once for a run
 * in which nobody ever waits for the GIL). */
bool ui__lane_has_turns(const ui_ctx *c, size_t run, tl_lane_kind kind, size_t lane, int64_t t0,
                        int64_t t1);

/* The same for a lane of run `u` (a service's too). */
bool ui__run_lane_has_turns(const ui_run *u, tl_lane_kind kind, size_t lane, int64_t t0,
                            int64_t t1);

/* The share of a stretch's past the lane ran, in whole percent. */
int ui__turns_share(const ui__turns *t);

/* Hatching for turns in r: the colour of waiting for the GIL, striped with the
 * colour of running, the stripes `share` % of the width (the lanes and the
 * legend's swatch). */
void ui__hatch(const ui_ctx *c, tl_lane_kind kind, ui_rect r, int share);

/* The aggregated request band in `band` (the plot's columns, its height): how
 * many requests are in each state, stacked (queued at the bottom, then waiting
 * for a core, for the GIL, for I/O, running on top), averaged over buckets of 2
 * to 4 pixels, up to `tend` (layout_band.c), on a y scale whose top is `scale`.
 * ui__request_scale gives a run's: a round number at or above the busiest bucket
 * of the whole window, so it holds still while the run plays (at least 1); two
 * compared runs draw on the larger of theirs. Tags: REQUEST_BAND with state.
 *
 * ui__worker_band is the same for the workers, when there are too many for lanes
 * (a thread per request under load): idle at the bottom, then idle in poll,
 * waiting for a core, the GIL, I/O, running on top; ui__worker_scale is the
 * run's worker count rounded up. Tags: WORKER_SPAN with id -1 and state. */
int64_t ui__request_scale(const ui_ctx *c, size_t run, const ui__xmap *m);
int64_t ui__worker_scale(const ui_ctx *c, size_t run);
void ui__request_band(const ui_ctx *c, size_t run, const ui__xmap *m, int64_t tend, ui_rect band,
                      int64_t scale);
void ui__worker_band(const ui_ctx *c, size_t run, const ui__xmap *m, int64_t tend, ui_rect band,
                     int64_t scale);

/* The smallest 1, 2 or 5 times a power of ten that is at least v (at least 1). */
int64_t ui__nice_ceil(double v);

/* The tick step for the axis: a 1-2-5 multiple of a power of ten, in ns, such
 * that labels `label_w` pixels wide plus a gap fit between ticks. */
int64_t ui__tick_step(const ui__xmap *m, int label_w, int gap);

/* Vertical grid lines at every tick across `lanes` (drawn under the bars). */
void ui__time_grid(const ui_ctx *c, const ui__xmap *m, int64_t step, ui_rect lanes);

/* The axis under the plot: a base line, ticks and their labels in `axis` (the
 * row under the plot, as wide as the timeline's inner rect `in`), skipping
 * labels that would overlap the cursor's. */
void ui__time_axis(const ui_ctx *c, const ui__xmap *m, int64_t step, ui_rect in, ui_rect axis);

/* The cursor at c->t, when it is inside [t0, t1]: a bar across `lanes` down
 * through the axis row and the time in a label on the axis row. Tags: CURSOR. */
void ui__cursor(const ui_ctx *c, const ui__xmap *m, ui_rect in, ui_rect lanes, ui_rect axis);

/* Which states a run shows on the doc's clock (computed once when the doc opened,
 * ui_doc.c); request states only when `requests`. */
typedef struct {
    bool worker[TL_W_COUNT];
    bool request[TL_R_COUNT];
    bool turns; /* a lane takes turns on the GIL in the window (set by the timeline) */
} ui__seen;

void ui__states_seen(const ui_run *u, bool requests, ui__seen *out);

/* The colour legend rows: the states in `seen`, in words. Lays out into `r` when
 * `draw`; returns the height it takes at width r.w either way. Tags: LEGEND, id =
 * TL_LANE_WORKER with a tl_worker_state, or TL_LANE_REQUEST with a
 * tl_request_state (queued, the one colour only requests have). */
int ui__legend(const ui_ctx *c, const ui__seen *seen, ui_rect r, bool draw);

/* ---- the lanes of the services a run calls (layout_service_lanes.c) ---------- */

/* What the lanes share (layout_timeline.c): a label in the label column left of
 * the plot (`in` the panel's inside, col_w the column), right-aligned, centred
 * on y_mid, tagged with role and id unless UI_ROLE_NONE; the space under a
 * lane's bar; the labels' size for lanes `pitch` apart, on every `every`-th. */
void ui__side_label(const ui_ctx *c, ui_rect in, int col_w, int px, int y_mid, const char *s,
                    ui_role role, int32_t id);
int ui__lane_gap(int pitch, int lh);
typedef struct {
    int px, every;
} ui__label_fit;
ui__label_fit ui__fit_labels(const ui_ctx *c, int pitch, int bar_h);

/* A scenario's services fit in a bit set (scn_runtime.in_process). */
#define UI__SERVICES_MAX 32

/* A service's group of lanes: a heading row naming it, then a lane for each of
 * its first n workers. */
typedef struct {
    size_t k; /* the service, in the run's `services` */
    int n;    /* its lanes (n < its workers: the heading says how many more) */
} ui__svc_group;

typedef struct {
    ui__svc_group g[UI__SERVICES_MAX];
    size_t n;   /* groups, in the scenario's order */
    int head_h; /* a group's heading row */
    int sep;    /* the space above the first group */
    int pitch;  /* every service lane's, as the timeline planned it */
} ui__svc_plan;

/* A group for each service run `run` calls that has workers, with all of them:
 * none for a service the runtime runs in its own process (in_process). */
void ui__svc_plan_init(const ui_ctx *c, size_t run, ui__svc_plan *sp);
/* The lanes of all groups, and the height the groups take at sp->pitch. */
int ui__svc_lanes(const ui__svc_plan *sp);
int ui__svc_height(const ui__svc_plan *sp);
/* Cuts the groups to `room` pixels of lanes `pitch` apart under their headings:
 * a group needs its heading and a lane, and the last groups go first when not
 * all have that; then lanes are handed out a group at a time, so a small
 * service keeps all of its and a big one its first workers. Sets sp->pitch. */
void ui__svc_fit(ui__svc_plan *sp, int room, int pitch);
/* The groups from y down in the timeline's geometry (`in`, the label column
 * col_w, the plot's mapping m, the past up to tend): the lanes' tracks, each
 * tagged LANE with the worker's state at c->t, when !bars; their headings,
 * labels and bars (tagged with UI_SERVICE_LANE_ID) when bars. */
void ui__svc_draw(const ui_ctx *c, size_t run, const ui__svc_plan *sp, ui_rect in, int col_w,
                  const ui__xmap *m, int64_t tend, int y, bool bars);
/* Adds to `seen` the states the groups' workers are in, and whether one of
 * their lanes takes turns on the GIL in [t0, t1). */
void ui__svc_seen(const ui_ctx *c, size_t run, const ui__svc_plan *sp, int64_t t0, int64_t t1,
                  ui__seen *seen);

#endif
