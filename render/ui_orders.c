/* ui_orders.c - every print order over a range of seeds, one seed at a time
 * (ui_orders.h). */
#include "ui_orders.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

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

int ui_orders_step(ui_orders *o, const ui_doc *doc, size_t run)
{
    if (!o || !doc || run >= o->nruns || run >= doc->nruns || ui_orders_done(o, run))
        return 0;
    ui_orders_run *r = &o->runs[run];
    uint64_t seed = r->next, failed = seed;
    many_result one;
    int rc = many_run(doc->scn, run, seed, seed, NULL, NULL, &one, &failed);
    if (rc == 0 && one.norders > 0) {
        rc = many_count_order(&r->orders, &r->norders, &r->cap, &r->seen, &r->seen_cap,
                              one.orders[0].order);
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
    many_spreads(r->values, total, (size_t)r->runs, r->spread);
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
