/* layout_restaurant_internal.h - what the restaurant's files share while one frame is laid out.
 *
 * ui__restaurant() (layout_restaurant.c) plans the rect it is given into places,
 * then each file draws its part into the plan:
 *
 *   layout_restaurant.c          the plan: legend, kitchen column, one restaurant per
 *                                process (rails, dining room, the staff's strip)
 *   layout_restaurant_tables.c   which requests get a table, the grid, the counts
 *   layout_restaurant_kitchen.c  device stations and their cooks, the window, cores
 *   layout_restaurant_loop.c     ticket rails, phases, the strip's boxes (station,
 *                                order pad, back-office helpers, worker threads)
 *   layout_restaurant_staff.c    where each waiter stands, walking, the order pad
 *   layout_service.c             a service the run calls: a box beside the kitchen
 *                                (its waiters, their orders, its queue); the arrows
 *                                from the front's tables are layout_restaurant.c's
 *
 * Everything lives in one `resto` on the stack of ui__restaurant(): no allocation,
 * so a frame costs the same every time. Sizes are capped (tables, processes shown,
 * slots per place) so the shapes stay under ~1500 whatever the run's size.
 */
#ifndef BISTRO_LAYOUT_RESTAURANT_INTERNAL_H
#define BISTRO_LAYOUT_RESTAURANT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ui_layout_internal.h"

enum {
    RESTO_MAX_PROCS = 8,    /* restaurants drawn; more processes get a "+N" note */
    RESTO_MAX_TABLES = 360, /* tables drawn over all restaurants */
    RESTO_MAX_COOKS = 8,    /* cook slots drawn per device station */
    RESTO_MAX_TICKETS = 8,  /* tickets drawn per rail; its count says the rest */
    RESTO_MAX_CORES = 64,   /* cores drawn one by one; more are summed up */
    RESTO_MAX_RAILS = 5,    /* Node's: nextTick, microtasks, timers, poll, check */
};

/* A grid of waiter slots in a rect, filled left to right, top to bottom. */
typedef struct {
    ui_rect r;
    int cols, rows, cell; /* cell: slot size in pixels */
    int eligible;         /* workers that can stand here over the whole run */
    int label_slots;      /* packed mode: slots at the end kept for the "+N" */
    int used;             /* packed mode: slots taken so far this frame */
    int overflow;         /* packed mode: workers here that got no slot */
} resto_slots;

/* One process's restaurant. Rects with w = 0 are absent. */
typedef struct {
    ui_rect box, room, rails, strip;
    ui_rect pad;                       /* the order pad's home in the strip */
    ui_rect door;                      /* the door and its queue, over the room */
    resto_slots station_s, helpers_s, wloops_s;
    int32_t loop;                      /* its main loop, or -1 */
    int rail_cols, rail_colw;          /* the rails' columns (1 or 2) and their width */
    bool rail_band;                    /* no room for columns: a line of rails over the room */
    int rail_queue[RESTO_MAX_RAILS];   /* trace_queue per rail row, top down */
    int rail_phase[RESTO_MAX_RAILS];   /* its trace_phase, or -1 */
    int rail_y[RESTO_MAX_RAILS];       /* the row's centre */
    int nrails;
    int spot_x, spot_d;                /* the loop waiter's x centre and size by the rails */
    int nthreads, npool, nwloops;      /* its workers by kind */
    size_t tab0, ntab;                 /* its tables: [tab0, tab0 + ntab) */
    size_t more;                       /* requests in its room without a table */
    int table_wd;                      /* a waiter's disc at its tables */
} resto_proc;

typedef struct {
    const ui_ctx *c;
    const ui_run *run;
    const timeline *tl;
    const scn_scenario *scn;
    const ui_theme *th;
    int64_t t;
    uint32_t step; /* inside the instant at t (timeline.h: TL_STEP_END) */
    int px, spx, D;         /* base text, small text (0.8 px), waiter disc diameter */
    int slot;               /* a waiter's place in a row: its disc and a margin */
    bool gil, loop_rt;      /* the runtime has a GIL / event loops */
    size_t nproc, nshown;   /* the run's processes, restaurants drawn */
    resto_proc procs[RESTO_MAX_PROCS];
    ui_rect area;           /* everything drawn stays inside */
    ui_rect dining;         /* where the restaurants go */
    ui_rect window, stations, cores; /* the kitchen's parts */
    resto_slots window_s;
    int64_t counts[TL_R_COUNT];
    int32_t tab_req[RESTO_MAX_TABLES];
    uint8_t tab_state[RESTO_MAX_TABLES];
    uint8_t tab_waiters[RESTO_MAX_TABLES];
    ui_rect tab_rect[RESTO_MAX_TABLES];
    bool service_boxes; /* the services it calls are drawn beside the kitchen */
    bool service_pad;   /* one of them shows an order pad (its legend names it) */
    int last_tag_w; /* the run's longest name tag, measured when first needed (0: not yet) */
} resto;

/* ---- layout_service.c: a service beside the front's restaurant ----------------------- */

enum { SVC_MAX_MARKS = 64 };
/* Where a service's box drew the order of one of its calls (request sreq there). */
typedef struct {
    int32_t sreq;
    ui_rect at;
} svc_mark;
typedef struct {
    svc_mark m[SVC_MAX_MARKS];
    size_t n;
} svc_marks;
/* Draws service k behind run `front` in r: its name, its calls in flight and
 * waiting and its p99 so far, its waiters each with the order it serves, the
 * orders that wait. Each order drawn goes in *marks (may be NULL). */
void ui__service(const ui_ctx *c, const ui_run *front, size_t k, ui_rect r, svc_marks *marks);
/* Whether service run s has threads that share a process's GIL: its box then
 * shows the order pad over the waiter holding it. */
bool ui__service_pad_shared(const ui_run *s);

/* ---- layout_restaurant.c ---------------------------------------------------------- */

/* The text colour that reads best on `fill`: the theme's text or its background. */
ui_color resto__ink(const resto *R, ui_color fill);
/* A text line's height at size px. */
int resto__line(const resto *R, int px);
/* Lays a slot grid of cells about `cell` pixels into r. */
void resto__slots_init(const resto *R, resto_slots *s, ui_rect r, int cell, int eligible);
/* The rect of slot i (a square of s->cell pixels). */
ui_rect resto__slot_rect(const resto_slots *s, int i);
static inline int resto__slot_cap(const resto_slots *s)
{
    return s->cols * s->rows;
}
/* Whether there are more candidates than slots: then whoever is there takes the
 * next free slot, and the last label_slots slots say how many did not fit. */
static inline bool resto__slots_packed(const resto_slots *s)
{
    return s->eligible > resto__slot_cap(s);
}
/* A worker's short name as written inside its restaurant: without the "2:" of
 * its process, which the restaurant's title already says. */
const char *resto__local_name(const resto *R, size_t w);
/* Draws "+N" in the last slot when workers did not fit. */
void resto__slots_overflow(const resto *R, const resto_slots *s);

/* ---- layout_restaurant_tables.c ------------------------------------------------------- */

/* Chooses the tables, lays out each restaurant's grid and draws the tables. */
void resto__tables(resto *R);
/* The counts line ("40 seated · 950 at the door · 10 done") in r. */
void resto__counts(const resto *R, ui_rect r);
/* Whether the counts line is worth its room for this run. */
bool resto__counts_wanted(const resto *R);
/* The drawn table of request req in process p, or -1. */
int resto__table_of(const resto *R, size_t p, int32_t req);
/* Draws each table's number and the pictogram of what it waits for (after the
 * waiters, so that neither hides under a disc). */
void resto__table_marks(resto *R);
/* The pictogram of what request req does at code line `line`: its device's for
 * I/O (*device = the device), "hash" for work sent to the back office (*device =
 * -1); NULL for anything else. */
const char *resto__dish(const resto *R, int32_t req, int line, int *device);
/* The door of process P: its pictogram and how many wait in the accept queue. */
void resto__door(const resto *R, const resto_proc *P);
/* Whether process p has a door (an accept queue in the trace). */
bool resto__has_door(const resto *R, size_t p);
/* The pictogram of device d's station ("database", "disk", "network", "pot"). */
const char *resto__device_image(const resto *R, size_t d);
/* The process whose restaurant seats request req (its worker's, else by arrival). */
size_t resto__req_process(const resto *R, size_t req, const tl_span *now);

/* ---- layout_restaurant_kitchen.c ------------------------------------------------------- */

/* Plans the kitchen column k: window band, stations, cores. */
/* The width of the order pad's sheet (its pictogram and "GIL") (layout_restaurant_staff.c). */
int resto__pad_sheet_w(const resto *R);
/* The kitchen's least width: a station's name and "N waiting" with every
 * request of the run waiting. */
int resto__station_min_w(const resto *R);
void resto__kitchen_plan(resto *R, ui_rect k);
/* Draws the kitchen furniture and its counts. */
void resto__kitchen(resto *R);
/* Draws the row of cores. */
void resto__cores(const resto *R);

/* ---- layout_restaurant_loop.c ---------------------------------------------------------- */

/* Plans process P's rails for the restaurant's inside `in` (beside the room):
 * one column of rails, or two when `in` is too short for one, each wide enough
 * for its full name and count and as many tickets as the width allows. Returns
 * the width the rails take, or 0 without a loop or without room for a column of
 * them (then P->rail_band asks for a one-line band over the room). */
int resto__rails_plan(const resto *R, resto_proc *P, ui_rect in);
/* Plans and draws the rails of process p in P->rails. */
void resto__rails(resto *R, resto_proc *P);
/* Plans the strip's boxes of process p and draws their furniture. */
void resto__strip(resto *R, resto_proc *P);
/* The strip's height for one process. */
int resto__strip_height(const resto *R);

/* ---- layout_restaurant_staff.c ---------------------------------------------------------- */

/* Places and draws every waiter and each process's order pad. */
void resto__staff(resto *R);

#endif
