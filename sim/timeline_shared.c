/* timeline_shared.c - shared values ("state") over a run: what each holds and how
 * many of its updates were lost, at any moment and step.
 *
 * Every write of the trace is kept per value, in trace order, with the events of
 * its instant up to its own (as the log's lines are), so the app can show the
 * value on the pass and mark a lost update at the very step it happens.
 */
#include <stdlib.h>

#include "error.h"
#include "timeline_internal.h"

/* The writes of value `key`, made when the first write comes. */
static tl__shared *shared_of(tl__builder *b, int32_t key)
{
    timeline *tl = b->tl;
    if (key < 0 || (size_t)key >= b->scn->nstate)
        return NULL;
    if (tl->shared == NULL) {
        tl->shared = calloc(b->scn->nstate, sizeof *tl->shared);
        if (tl->shared == NULL)
            return NULL;
        tl->nshared = b->scn->nstate;
        for (size_t i = 0; i < tl->nshared; i++)
            tl->shared[i].initial = b->scn->state[i].initial;
    }
    return &tl->shared[key];
}

void tl__on_write(tl__builder *b, const trace_event *ev)
{
    tl__shared *s = shared_of(b, ev->a);
    if (s == NULL) {
        b->err = b->tl->shared == NULL && ev->a >= 0 && (size_t)ev->a < b->scn->nstate ? SIM_ENOMEM
                                                                                       : SIM_EINVAL;
        return;
    }
    const tl__col cols[] = {{(void **)&s->t, sizeof *s->t},
                            {(void **)&s->value, sizeof *s->value},
                            {(void **)&s->lost, sizeof *s->lost},
                            {(void **)&s->k, sizeof *s->k}};
    if (!tl__grow_cols(b, &s->cap, s->n, cols, 4))
        return;
    s->t[s->n] = b->now;
    s->value[s->n] = ev->x;
    s->lost[s->n] = (s->n ? s->lost[s->n - 1] : 0) + (ev->b != 0);
    s->k[s->n] = b->k;
    s->n++;
}

void tl__shared_free(timeline *tl)
{
    for (size_t i = 0; tl->shared && i < tl->nshared; i++) {
        free(tl->shared[i].t);
        free(tl->shared[i].value);
        free(tl->shared[i].lost);
        free(tl->shared[i].k);
    }
    free(tl->shared);
}

/* How many of s's writes happened by the first k events at t. */
static size_t writes_by(const timeline *tl, const tl__shared *s, int64_t t, uint32_t k)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->t[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (tl->has_steps && k != TL_STEP_END && k < timeline_steps_at(tl, t))
        while (lo > 0 && s->t[lo - 1] == t && s->k[lo - 1] > k)
            lo--;
    return lo;
}

int timeline_shared_at_step(const timeline *tl, const scn_scenario *scn, size_t key, int64_t t,
                            uint32_t k, tl_shared *out)
{
    if (scn == NULL || key >= scn->nstate)
        return SIM_EINVAL;
    *out = (tl_shared){.value = scn->state[key].initial, .last_write_t = -1, .last_lost_t = -1};
    const tl__shared *s = tl->shared != NULL && key < tl->nshared ? &tl->shared[key] : NULL;
    size_t n = s ? writes_by(tl, s, t, k) : 0;
    if (n == 0)
        return 0;
    out->value = s->value[n - 1];
    out->last_write_t = s->t[n - 1];
    out->writes = (int64_t)n;
    out->lost_updates = s->lost[n - 1];
    /* the newest lost write so far: where the count last went up */
    for (size_t i = n; i > 0 && out->lost_updates > 0; i--)
        if (i == 1 || s->lost[i - 2] < s->lost[i - 1]) {
            out->last_lost_t = s->t[i - 1];
            out->last_lost_now = s->t[i - 1] == t;
            break;
        }
    return 0;
}

/* Merges `add` writes of the other trace (events at tr's indices `at`, in time
 * order) into s's, in time order; at one instant the run's own writes first, the
 * other's at its end (its events are not steps of this run's instant). */
static int merge_writes(tl__shared *s, const trace *tr, const size_t *at, size_t add)
{
    size_t total = s->n + add;
    int64_t *t = malloc(total * sizeof *t), *v = malloc(total * sizeof *v),
            *lost = malloc(total * sizeof *lost);
    uint32_t *k = malloc(total * sizeof *k);
    if (!t || !v || !lost || !k) {
        free(t), free(v), free(lost), free(k);
        return SIM_ENOMEM;
    }
    size_t a = 0, i = 0, o = 0;
    int64_t count = 0;
    while (a < s->n || i < add) {
        const trace_event *ev = i < add ? trace_get(tr, at[i]) : NULL;
        bool lost_here;
        if (a < s->n && (ev == NULL || s->t[a] <= ev->t)) {
            t[o] = s->t[a], v[o] = s->value[a], k[o] = s->k[a];
            lost_here = s->lost[a] > (a ? s->lost[a - 1] : 0);
            a++;
        } else {
            t[o] = ev->t, v[o] = ev->x, k[o] = TL_STEP_END;
            lost_here = ev->b != 0;
            i++;
        }
        count += lost_here;
        lost[o++] = count;
    }
    free(s->t), free(s->value), free(s->lost), free(s->k);
    s->t = t, s->value = v, s->lost = lost, s->k = k;
    s->n = s->cap = o;
    return 0;
}

int timeline_add_shared_writes(timeline *tl, const scn_scenario *scn, const trace *tr)
{
    if (tl == NULL || scn == NULL || tr == NULL)
        return SIM_EINVAL;
    if (scn->nstate == 0)
        return 0;
    /* the trace read twice in all: its writes counted per value, then listed */
    size_t n = trace_count(tr), nw = 0;
    size_t *count = calloc(scn->nstate + 1, sizeof *count);
    if (count == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->kind == TRACE_STATE_WRITE && ev->a >= 0 && (size_t)ev->a < scn->nstate)
            count[ev->a + 1]++, nw++;
    }
    int rc = 0;
    size_t *at = nw ? malloc(nw * sizeof *at) : NULL;
    if (nw && at == NULL)
        rc = SIM_ENOMEM;
    if (rc == 0 && nw && tl->shared == NULL) {
        if ((tl->shared = calloc(scn->nstate, sizeof *tl->shared)) == NULL)
            rc = SIM_ENOMEM;
        else {
            tl->nshared = scn->nstate;
            for (size_t k = 0; k < scn->nstate; k++)
                tl->shared[k].initial = scn->state[k].initial;
        }
    }
    if (rc == 0 && nw) {
        for (size_t k = 0; k < scn->nstate; k++) /* where each value's writes start */
            count[k + 1] += count[k];
        size_t *fill = calloc(scn->nstate, sizeof *fill);
        if (fill == NULL)
            rc = SIM_ENOMEM;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const trace_event *ev = trace_get(tr, i);
            if (ev->kind == TRACE_STATE_WRITE && ev->a >= 0 && (size_t)ev->a < scn->nstate)
                at[count[ev->a] + fill[ev->a]++] = i;
        }
        free(fill);
        for (size_t k = 0; rc == 0 && k < scn->nstate; k++)
            if (count[k + 1] > count[k])
                rc = merge_writes(&tl->shared[k], tr, at + count[k], count[k + 1] - count[k]);
    }
    free(at);
    free(count);
    return rc;
}
