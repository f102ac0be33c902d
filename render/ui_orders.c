/* ui_orders.c - every print order over a range of seeds, one seed at a time
 * (ui_orders.h). */
#include "ui_orders.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"

/* The lines run `run` of the doc printed, joined by one space; NULL when none (or
 * out of memory: *oom). */
static char *printed(const ui_doc *doc, size_t run, bool *oom)
{
    const timeline *tl = doc->runs[run].tl;
    size_t n = timeline_log_count(tl, doc->runs[run].end), len = 0;
    if (n == 0)
        return NULL;
    sim_log_line ln;
    for (size_t i = 0; i < n; i++)
        if (timeline_log_line(tl, i, &ln) == 0)
            len += strlen(doc->scn->strings[ln.text]) + 1;
    char *s = malloc(len + 1), *p = s;
    if (!s) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (timeline_log_line(tl, i, &ln) != 0)
            continue;
        const char *t = doc->scn->strings[ln.text];
        if (p != s)
            *p++ = ' ';
        size_t k = strlen(t);
        memcpy(p, t, k);
        p += k;
    }
    *p = '\0';
    return s;
}

int ui_orders_init(ui_orders *o, const ui_doc *doc, uint64_t first, uint64_t last)
{
    memset(o, 0, sizeof *o);
    if (last < first || last - first >= MANY_MAX_SEEDS)
        return SIM_EINVAL;
    o->first = first;
    o->last = last;
    if (!doc || doc->nruns == 0)
        return 0;
    o->runs = calloc(doc->nruns, sizeof *o->runs);
    if (!o->runs)
        return SIM_ENOMEM;
    o->nruns = doc->nruns;
    size_t nseeds = (size_t)(last - first + 1);
    bool oom = false;
    for (size_t i = 0; i < o->nruns && !oom; i++) {
        ui_orders_run *r = &o->runs[i];
        r->next = first;
        r->values = malloc(nseeds * MANY_METRIC_COUNT * sizeof *r->values);
        oom = !r->values;
        r->current = printed(doc, i, &oom);
    }
    if (oom) {
        ui_orders_free(o);
        return SIM_ENOMEM;
    }
    return 0;
}

void ui_orders_free(ui_orders *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nruns; i++) {
        ui_orders_run *r = &o->runs[i];
        for (size_t k = 0; k < r->norders; k++)
            free(r->orders[k].order);
        free(r->orders);
        free(r->seen);
        free(r->values);
        free(r->current);
    }
    free(o->runs);
    memset(o, 0, sizeof *o);
}

bool ui_orders_done(const ui_orders *o, size_t run)
{
    if (!o || run >= o->nruns)
        return false;
    return o->runs[run].rc < 0 || o->runs[run].next > o->last;
}

/* Counts one more run of `order` (taken over), keeping many_run's order: most runs
 * first, equal counts in the order first seen. Only this order's count grew, so it
 * moves up past those it now outnumbers. */
static int count_order(ui_orders_run *r, char *order)
{
    size_t i = 0;
    while (i < r->norders && strcmp(r->orders[i].order, order) != 0)
        i++;
    if (i < r->norders) {
        free(order);
        r->orders[i].runs++;
    } else {
        if (sim_grow((void **)&r->orders, &r->cap, i + 1, sizeof *r->orders) < 0 ||
            sim_grow((void **)&r->seen, &r->seen_cap, i + 1, sizeof *r->seen) < 0) {
            free(order);
            return SIM_ENOMEM;
        }
        r->orders[i] = (many_order){order, 1};
        r->seen[i] = i;
        r->norders++;
    }
    for (; i > 0; i--) {
        many_order *a = &r->orders[i - 1], *b = &r->orders[i];
        if (a->runs > b->runs || (a->runs == b->runs && r->seen[i - 1] < r->seen[i]))
            break;
        many_order t = *a;
        *a = *b;
        *b = t;
        size_t s = r->seen[i - 1];
        r->seen[i - 1] = r->seen[i];
        r->seen[i] = s;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The smallest, median (nearest rank) and largest of each metric, as many_run. */
static void spreads(ui_orders *o, ui_orders_run *r)
{
    size_t total = (size_t)(o->last - o->first + 1), n = (size_t)r->runs;
    if (n == 0)
        return;
    size_t mid = (size_t)sim_percentile_index((int64_t)n, 50.0);
    for (int k = 0; k < MANY_METRIC_COUNT; k++) {
        double *col = r->values + (size_t)k * total;
        qsort(col, n, sizeof *col, cmp_double);
        r->spread[k] = (many_spread){col[0], col[mid], col[n - 1]};
    }
}

int ui_orders_step(ui_orders *o, const ui_doc *doc, size_t run)
{
    if (!o || !doc || run >= o->nruns || run >= doc->nruns || ui_orders_done(o, run))
        return 0;
    ui_orders_run *r = &o->runs[run];
    uint64_t seed = r->next, failed = seed;
    many_result one;
    int rc = many_run(doc->scn, run, seed, seed, NULL, NULL, &one, &failed);
    if (rc == 0 && one.norders > 0) {
        rc = count_order(r, one.orders[0].order);
        one.orders[0].order = NULL; /* taken over */
    }
    if (rc < 0) {
        many_free(&one);
        r->rc = rc;
        r->failed_seed = failed;
        return rc;
    }
    size_t total = (size_t)(o->last - o->first + 1), i = (size_t)r->runs;
    for (int k = 0; k < MANY_METRIC_COUNT; k++)
        r->values[(size_t)k * total + i] = one.spread[k].min; /* one run: its value */
    r->incomplete += one.incomplete;
    r->runs++;
    r->next++;
    many_free(&one);
    if (r->next <= o->last)
        return 1;
    spreads(o, r);
    return 0;
}

int ui_orders_current(const ui_orders *o, size_t run)
{
    if (!o || run >= o->nruns || !o->runs[run].current)
        return -1;
    const ui_orders_run *r = &o->runs[run];
    for (size_t i = 0; i < r->norders; i++)
        if (strcmp(r->orders[i].order, r->current) == 0)
            return (int)i;
    return -1;
}
