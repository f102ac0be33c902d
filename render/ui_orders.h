/* ui_orders.h - every print order a race can give, for the app's orders view.
 *
 * A run on screen is one seed's run. A race (a timer against a file read, jitter)
 * can print in another order under another seed; the orders view shows, per
 * runtime on screen, every order the seeds 1 to 200 give, how often, and which one
 * the run on screen printed, as `bistro-sim run FILE --seeds 1-200` does.
 *
 * The runs are made one seed at a time (ui_orders_step), each with many_run, so
 * the window can spread a slow scenario's 200 runs over frames and show how far it
 * has got instead of freezing; the counts are merged here in many_run's order
 * (most runs first, then the order first seen first), and the spread of each
 * metric taken as many_run takes it, so the view says what --seeds says.
 *
 * Memory: one string per distinct order per runtime, and a few numbers a seed.
 */
#ifndef BISTRO_UI_ORDERS_H
#define BISTRO_UI_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "many.h"
#include "ui_doc.h"

/* The seeds the orders view runs. */
#define UI_ORDERS_FIRST 1
#define UI_ORDERS_LAST 200

/* One runtime's runs so far. */
typedef struct {
    uint64_t next;          /* the next seed to run; past `last` when done */
    int rc;                 /* 0, or the error of the run of `failed_seed` (no more runs) */
    uint64_t failed_seed;
    int64_t runs;           /* seeds run so far */
    int64_t incomplete;     /* runs that left requests unfinished */
    many_order *orders;     /* most runs first, then first seen first */
    size_t norders;
    size_t cap;
    size_t *seen;           /* per order: when it was first seen (the tie-break) */
    size_t seen_cap;
    double *values;         /* per metric, per run: values[k * nseeds + i] */
    many_spread spread[MANY_METRIC_COUNT]; /* once done */
    char *current;          /* what the doc's own run printed (its seed), or NULL */
} ui_orders_run;

typedef struct ui_orders {
    uint64_t first, last;   /* the seeds */
    ui_orders_run *runs;    /* one per doc run */
    size_t nruns;
} ui_orders;

/* An empty set of runs for `doc` (nothing run yet), seeds first..last. 0, or
 * SIM_ENOMEM / SIM_EINVAL (a bad range). `current` of each run is read from the
 * doc's timeline: the lines it printed, joined by one space as many_run joins them. */
int ui_orders_init(ui_orders *o, const ui_doc *doc, uint64_t first, uint64_t last);

/* NULL-safe; leaves *o empty. */
void ui_orders_free(ui_orders *o);

/* Whether run `run` has every seed run (or stopped at an error). */
bool ui_orders_done(const ui_orders *o, size_t run);

/* Runs the next seed of run `run`. 1 when there are more to run, 0 when this was
 * the last (the spreads are then set) or there was nothing left, or the error of
 * the run that failed (kept in rc / failed_seed, and the run stops there). */
int ui_orders_step(ui_orders *o, const ui_doc *doc, size_t run);

/* The index in run `run`'s orders of the order its doc run printed, or -1. */
int ui_orders_current(const ui_orders *o, size_t run);

#endif
