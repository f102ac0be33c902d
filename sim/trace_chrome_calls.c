/* trace_chrome_calls.c - the arrows between the runs of a file with services.
 *
 * In a file that holds the front and its services (trace_chrome.h), each call
 * has two arrows (flow events of category "call"): "call NAME" from the caller's
 * track at the call to the service's request it causes, and "reply NAME" from
 * that request's end back to the caller's request. A run is written after the
 * other, so each end is written by the run it belongs to, and both ends agree on
 * the id by computing it from what each side knows: the service and the call's
 * number there (the request's number in the service's run):
 *
 *   id = (number x services + service) << 5 | way << 4 | 15    (way: 1 the reply)
 *
 * Its low four bits, 15, are never a queue's (the queues' arrows end in their
 * queue's number, below 10), so no id of the file is given twice.
 *
 * How they bind. A viewer orders the events of one time by kind: the spans ("X")
 * that begin then first, then the instants and flow events in the file's order;
 * a flow event binds to the innermost slice open on its track at that point
 * ("f" does so with "bp":"e"). At a call the caller's span ends and the worker's
 * next one begins, so a start ("s") is written right after an instant of the same
 * name on the caller's (or the ending request's) worker track (args req), which
 * it binds to, wherever the worker goes next. An end ("f") waits in its
 * request's list until a worker's track begins a span of that request (the
 * service's worker taking the call; the caller running on after the reply), and
 * is written at that span's start, where it binds to the span. A request that
 * went on in the instant its arrow came in, or in a later one, without a span
 * (it took no time: an event loop that only starts an I/O or the next call) and
 * does not wait for a worker has its ends written then, each after an instant of
 * its own; so does a request still holding some when it is done, or at the end
 * of the run. So that an end never binds to another arrow's instant of the same
 * time and track, the starts of an instant are written when it is over, after
 * its ends.
 *
 * Which reply is which: the caller's request learns of a reply as the end of an
 * I/O (io_done), which names no call. A reply reaches the caller exactly one
 * network latency after the service's request ended, so each call remembers when
 * its reply comes (the service's end times are read before any run is written),
 * and an io_done at that instant is that call's reply. Two replies at the same
 * instant to the same request are interchangeable.
 */
#include "trace_chrome_internal.h"

#include "error.h"
#include "grow.h"

enum { ARROW_ID_BITS = 47 }; /* number x services + service, below 2^47: ids below 2^52 */

/* The id of the arrow of call `number` of service s (`reply`: its way back), or
 * -1 when it does not fit (then neither end is written). */
static int64_t arrow_id(const chrome__calls *calls, int32_t s, int64_t number, bool reply)
{
    int64_t n = (int64_t)calls->nservices;
    if (s < 0 || s >= n || number < 0 || number >= ((int64_t)1 << ARROW_ID_BITS) / n)
        return -1;
    return (number * n + s) << 5 | (int64_t)reply << 4 | 15;
}

/* Worker w's track (w < 0 or unknown: the first process's). */
static void track_of(chrome__ctx *c, int32_t w, int32_t *pid, int32_t *tid)
{
    const rd_worker *rw = w >= 0 ? rd_worker_at(c->rd, (size_t)w) : NULL;
    if (rw != NULL) {
        *pid = chrome__pid_of(c, rw->proc);
        *tid = chrome__tid(c, w);
        return;
    }
    *pid = chrome__pid_of(c, 0);
    *tid = c->nprocs > 0 ? c->procs[0].first_tid : 0;
}

/* One end of an arrow now on worker w's track, after an instant of its own
 * (args: request req) when `marker`. */
static void arrow(chrome__ctx *c, bool start, bool marker, int32_t s, int64_t number, bool reply,
                  int32_t w, int32_t req)
{
    int64_t id = arrow_id(c->calls, s, number, reply);
    if (id < 0)
        return;
    int32_t pid, tid;
    track_of(c, w, &pid, &tid);
    const char *name = reply ? c->calls->reply_name[s] : c->calls->call_name[s];
    chrome__out *o = &c->out;
    if (marker) {
        chrome__open(o, name, true);
        chrome__head(o, "call", "i", c->now, true, pid, tid);
        chrome__raw(o, ",\"s\":\"t\",\"args\":{\"req\":");
        chrome__i64(o, req);
        chrome__close(o, true);
    }
    chrome__open(o, name, true);
    chrome__head(o, "call", start ? "s" : "f", c->now, true, pid, tid);
    chrome__raw(o, ",\"id\":");
    chrome__i64(o, id);
    if (!start)
        chrome__raw(o, ",\"bp\":\"e\"");
    chrome__close(o, false);
}

/* ---- the requests' lists ---------------------------------------------------------------- */

/* A new entry of the pool, or -1 after a failure. */
static int32_t take(chrome__ctx *c, chrome__arrow a)
{
    int32_t i = c->free_arrow;
    if (i >= 0) {
        c->free_arrow = c->arrows[i].next;
    } else {
        if (c->narrows >= INT32_MAX ||
            sim_grow((void **)&c->arrows, &c->cap_arrows, c->narrows + 1, sizeof *c->arrows) != 0) {
            chrome__fail(c, SIM_ENOMEM);
            return -1;
        }
        i = (int32_t)c->narrows++;
    }
    a.next = -1;
    c->arrows[i] = a;
    return i;
}

static void give_back(chrome__ctx *c, int32_t i)
{
    c->arrows[i].next = c->free_arrow;
    c->free_arrow = i;
}

/* Appends entry i to the list at *head (in the order they came). */
static void append(chrome__ctx *c, int32_t *head, int32_t i)
{
    while (*head >= 0)
        head = &c->arrows[*head].next;
    *head = i;
}

static chrome__request *request(chrome__ctx *c, int32_t req)
{
    return c->calls != NULL && req >= 0 && (size_t)req < c->nreqs ? &c->reqs[req] : NULL;
}

static void write_list(chrome__ctx *c, int32_t *head, int32_t w, bool marker, int32_t req);

/* An arrow starts now: written when the instant is over (chrome__write_starts). */
static void start_later(chrome__ctx *c, int32_t s, int64_t number, bool reply, int32_t w,
                        int32_t req)
{
    if (sim_grow((void **)&c->starts, &c->cap_starts, c->nstarts + 1, sizeof *c->starts) != 0) {
        chrome__fail(c, SIM_ENOMEM);
        return;
    }
    c->starts[c->nstarts++] =
        (chrome__arrow){.number = number, .reply_t = req, .service = s, .next = w, .reply = reply};
}

void chrome__instant_over(chrome__ctx *c)
{
    for (size_t i = 0; i < c->ndue; i++) {
        int32_t req = c->due[i];
        rd_request now = rd_request_at(c->rd, (size_t)req);
        bool moved = c->reqs[req].moved;
        c->reqs[req].moved = false;
        if (!moved || now.state == TL_R_PENDING || now.state == TL_R_QUEUED)
            continue; /* its span comes when a worker takes it */
        write_list(c, &c->reqs[req].ends, now.worker >= 0 ? now.worker : c->reqs[req].last_worker,
                   true, req);
    }
    c->ndue = 0;
    for (size_t i = 0; i < c->nstarts; i++) {
        const chrome__arrow *a = &c->starts[i];
        arrow(c, true, true, a->service, a->number, a->reply, a->next, (int32_t)a->reply_t);
    }
    c->nstarts = 0;
}

/* ---- events ------------------------------------------------------------------------------ */

void chrome__on_call(chrome__ctx *c, const trace_event *ev)
{
    chrome__request *q = request(c, ev->req);
    if (q == NULL || arrow_id(c->calls, ev->a, ev->x, false) < 0 ||
        ev->x >= (int64_t)c->calls->nreqs[ev->a])
        return;
    int32_t w = ev->worker; /* a loop's call names no thread: the request's */
    if (w < 0)
        w = rd_request_at(c->rd, (size_t)ev->req).worker;
    if (w < 0)
        w = q->last_worker;
    start_later(c, ev->a, ev->x, false, w, ev->req);
    int64_t done = c->calls->done_t[ev->a][ev->x];
    if (done < 0)
        return; /* never answered: no reply to wait for */
    int32_t i = take(
        c, (chrome__arrow){.number = ev->x, .reply_t = done + c->calls->latency, .service = ev->a});
    if (i >= 0)
        append(c, &q->calls, i);
}

void chrome__on_io_done(chrome__ctx *c, int32_t req)
{
    chrome__request *q = request(c, req);
    if (q == NULL)
        return;
    for (int32_t *at = &q->calls; *at >= 0; at = &c->arrows[*at].next) {
        int32_t i = *at;
        if (c->arrows[i].reply_t != c->now)
            continue;
        *at = c->arrows[i].next; /* from the calls to the arrows to end */
        c->arrows[i].next = -1;
        c->arrows[i].reply = true;
        append(c, &q->ends, i);
        chrome__request_due(c, req);
        return;
    }
}

void chrome__on_service_arrive(chrome__ctx *c, int32_t req)
{
    chrome__request *q = request(c, req);
    if (q == NULL || c->service < 0)
        return;
    int32_t i = take(c, (chrome__arrow){.number = req, .service = c->service});
    if (i >= 0)
        append(c, &q->ends, i);
    chrome__request_due(c, req);
}

/* Writes the arrows' ends of list *head now on worker w's track (with instants
 * of their own for request req, when `marker`), and empties it. */
static void write_list(chrome__ctx *c, int32_t *head, int32_t w, bool marker, int32_t req)
{
    while (*head >= 0) {
        int32_t i = *head;
        *head = c->arrows[i].next;
        arrow(c, false, marker, c->arrows[i].service, c->arrows[i].number, c->arrows[i].reply, w,
              req);
        give_back(c, i);
    }
}

void chrome__end_arrows(chrome__ctx *c, int32_t req, int32_t w)
{
    chrome__request *q = request(c, req);
    if (q != NULL)
        write_list(c, &q->ends, w, false, req);
}

void chrome__request_seen(chrome__ctx *c, int32_t req)
{
    chrome__request *q = request(c, req);
    if (q != NULL && q->ends >= 0)
        q->moved = true;
}

void chrome__request_due(chrome__ctx *c, int32_t req)
{
    chrome__request *q = request(c, req);
    if (q == NULL || q->ends < 0)
        return;
    if (sim_grow((void **)&c->due, &c->cap_due, c->ndue + 1, sizeof *c->due) != 0) {
        chrome__fail(c, SIM_ENOMEM);
        return;
    }
    c->due[c->ndue++] = req;
}

void chrome__on_request_done(chrome__ctx *c, int32_t req, int32_t w)
{
    chrome__request *q = request(c, req);
    if (q == NULL)
        return;
    if (w < 0)
        w = q->last_worker;
    write_list(c, &q->ends, w, true, req);
    while (q->calls >= 0) { /* calls never answered: nothing to wait for */
        int32_t i = q->calls;
        q->calls = c->arrows[i].next;
        give_back(c, i);
    }
    if (c->service >= 0)
        start_later(c, c->service, req, true, w, req);
}

void chrome__end_all_arrows(chrome__ctx *c)
{
    for (size_t r = 0; c->calls != NULL && r < c->nreqs; r++)
        write_list(c, &c->reqs[r].ends, c->reqs[r].last_worker, true, (int32_t)r);
}
