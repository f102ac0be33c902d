/* timeline_calls.c - the calls a run made to services: which of its requests
 * made each call, so the app can tie a service's request to the table that
 * waits for it.
 *
 * A call's trace event names the service and the number the request has there
 * (trace.h, TRACE_CALL). A run numbers its calls to a service in the order it
 * sends them, and the service numbers the requests it receives in the order they
 * arrive, one network latency later: so within one run's trace the numbers of a
 * service's calls only grow, and a binary search finds a call's caller.
 */
#include <stdlib.h>

#include "error.h"
#include "timeline_internal.h"

void tl__on_call(tl__builder *b, const trace_event *ev)
{
    timeline *tl = b->tl;
    if (ev->a < 0 || (size_t)ev->a >= b->scn->nservices || ev->req < 0) {
        b->err = SIM_EINVAL;
        return;
    }
    if (tl->calls == NULL) {
        tl->calls = calloc(b->scn->nservices, sizeof *tl->calls);
        if (tl->calls == NULL) {
            b->err = SIM_ENOMEM;
            return;
        }
        tl->ncalls = b->scn->nservices;
    }
    tl__calls *c = &tl->calls[ev->a];
    if (c->n > 0 && ev->x <= c->sreq[c->n - 1]) { /* numbers only grow (above) */
        b->err = SIM_EINVAL;
        return;
    }
    const tl__col cols[] = {{(void **)&c->sreq, sizeof *c->sreq},
                            {(void **)&c->req, sizeof *c->req}};
    if (!tl__grow_cols(b, &c->cap, c->n, cols, 2))
        return;
    c->sreq[c->n] = ev->x;
    c->req[c->n] = ev->req;
    c->n++;
}

int64_t timeline_call_caller(const timeline *tl, size_t service, int64_t sreq)
{
    if (tl->calls == NULL || service >= tl->ncalls)
        return -1;
    const tl__calls *c = &tl->calls[service];
    if (sreq < 0)
        return -1;
    size_t lo = tl__count_le(c->sreq, c->n, sreq - 1); /* the first number >= sreq */
    return lo < c->n && c->sreq[lo] == sreq ? c->req[lo] : -1;
}

size_t timeline_call_count(const timeline *tl, size_t service)
{
    return tl->calls && service < tl->ncalls ? tl->calls[service].n : 0;
}

void tl__calls_free(timeline *tl)
{
    for (size_t i = 0; tl->calls && i < tl->ncalls; i++) {
        free(tl->calls[i].sreq);
        free(tl->calls[i].req);
    }
    free(tl->calls);
}
