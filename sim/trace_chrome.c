/* trace_chrome.c - the Chrome Trace Event Format writer of trace_chrome.h.
 *
 * One pass over the trace, in its (time) order, through the reader (reader.h):
 * what each event changes in the workers' and requests' states becomes the spans
 * that ended (trace_chrome_workers.c); what it shows by itself is written here at
 * once: an instant, a counter, a flow end. Nothing is kept per event, so memory
 * grows with the workers and requests, not with the trace.
 *
 * Queues and flows. The engine's queues are all FIFO (test_trace_chrome.c checks
 * it on every bundled scenario), so a queue is two counts:
 * items put in and items taken out. The n-th item taken is the n-th put in, which
 * gives both ends of a flow arrow the same id without remembering any item:
 * id = ordinal << 20 | owner << 4 | queue (owner: the loop or process; unique per
 * hop, below 2^53 so that JavaScript viewers read it exactly). A dequeue from an
 * empty queue (an idle thread taking an arriving request at once, from an accept
 * queue it never entered) changes no count and has no arrow.
 */
#include "trace_chrome.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "trace_chrome_internal.h"
#include "trace_fields.h"

enum { FLOW_OWNER_BITS = 16, FLOW_ORDINAL_BITS = 33 };

/* Where an enqueue or dequeue goes: the counts, the counter's track and name. */
typedef struct {
    chrome__queue *q;
    int32_t pid, tid;
    int32_t owner;   /* loop or process index, for flow ids */
    int32_t loopnum; /* a worker thread's loop: its number, for the counter name */
    bool flows;      /* a queue of callbacks or jobs queued by a running worker */
} queue_ref;

/* ---- setup ---------------------------------------------------------------------------- */

/* The reader of the named runtime (SIM_EINVAL when the scenario has none by that
 * name), and a place for each request and loop. */
static int open_run(chrome__ctx *c)
{
    int r = scn_find_runtime(c->scn, c->runtime_name);
    if (r < 0)
        return SIM_EINVAL;
    int rc = rd_open(c->scn, (size_t)r, chrome__changed, c, &c->rd);
    if (rc < 0)
        return rc;
    rd_shape s = rd_shape_of(c->rd);
    c->nproc = (int64_t)s.processes;
    c->nreqs = s.requests;
    c->nloops = s.loops;
    c->reqs = calloc(s.requests ? s.requests : 1, sizeof *c->reqs);
    c->loops = calloc(s.loops ? s.loops : 1, sizeof *c->loops);
    if (c->reqs == NULL || c->loops == NULL)
        return SIM_ENOMEM;
    for (size_t q = 0; q < s.requests; q++)
        c->reqs[q] = (chrome__request){.worker = -1,
                                       .device = -1,
                                       .state = TL_R_PENDING,
                                       .pid = chrome__pid_of(c, 0),
                                       .last_worker = -1,
                                       .calls = -1,
                                       .ends = -1};
    return 0;
}

static int make_devices(chrome__ctx *c)
{
    size_t n = c->scn->ndevices;
    if (n == 0)
        return 0;
    c->devq = calloc(n, sizeof *c->devq);
    c->devname = calloc(n, sizeof *c->devname);
    if (c->devq == NULL || c->devname == NULL)
        return SIM_ENOMEM;
    static const char prefix[] = "queue device ";
    for (size_t d = 0; d < n; d++) {
        const char *name = c->scn->devices[d].name ? c->scn->devices[d].name : "";
        size_t len = strlen(name);
        c->devname[d] = malloc(sizeof prefix + len);
        if (c->devname[d] == NULL)
            return SIM_ENOMEM;
        memcpy(c->devname[d], prefix, sizeof prefix - 1);
        memcpy(c->devname[d] + sizeof prefix - 1, name, len + 1);
    }
    return 0;
}

/* ---- instants --------------------------------------------------------------------------- */

/* An instant event; scope 't' (the thread's track) or 'p' (the process's). */
static void instant(chrome__ctx *c, const char *name, bool escape, const char *cat, char scope,
                    int32_t pid, int32_t tid, int32_t req, int64_t latency)
{
    chrome__out *o = &c->out;
    chrome__open(o, name, escape);
    chrome__head(o, cat, "i", c->now, true, pid, tid);
    chrome__raw(o, scope == 't' ? ",\"s\":\"t\"" : ",\"s\":\"p\"");
    if (req < 0) {
        chrome__close(o, false);
        return;
    }
    chrome__raw(o, ",\"args\":{\"req\":");
    chrome__i64(o, req);
    if (latency >= 0) {
        chrome__raw(o, ",\"latency_us\":");
        chrome__us(o, latency);
    }
    chrome__close(o, true);
}

/* A process-wide instant in process p; a process that has no worker yet (a
 * thread per request spawns after the arrival) has no track to name, so its
 * instant goes to the first process, whose first worker always exists first. */
static void process_instant(chrome__ctx *c, const char *name, int64_t p, int32_t req,
                            int64_t latency)
{
    chrome__proc *proc = chrome__proc_at(c, p);
    if (proc == NULL)
        return;
    if (proc->first_tid == 0)
        p = 0;
    instant(c, name, false, "request", 'p', chrome__pid_of(c, p), proc->first_tid, req, latency);
}

/* The process an arrival or an accept queue's event names (0: a shared queue). */
static int64_t accept_process(const trace_event *ev)
{
    int64_t p = ev->kind == TRACE_ARRIVE ? ev->a : ev->x;
    return p < 0 ? 0 : p;
}

static void on_log(chrome__ctx *c, const trace_event *ev)
{
    const char *text = c->scn->strings[ev->a];
    if (ev->worker == -1) {
        chrome__proc *p = chrome__proc_at(c, 0);
        if (p != NULL)
            instant(c, text, true, "log", 'p', chrome__pid_of(c, 0), p->first_tid, ev->req, -1);
        return;
    }
    chrome__worker *x = chrome__worker_at(c, ev->worker);
    if (x != NULL)
        instant(c, text, true, "log", 't', chrome__pid(c, x), chrome__tid(c, ev->worker), ev->req,
                -1);
}

static void on_done(chrome__ctx *c, const trace_event *ev)
{
    if (ev->worker == -1) {
        process_instant(c, "done", 0, ev->req, ev->x);
        return;
    }
    chrome__worker *x = chrome__worker_at(c, ev->worker);
    if (x == NULL)
        return;
    instant(c, "done", false, "request", 'p', chrome__pid(c, x), chrome__tid(c, ev->worker),
            ev->req, ev->x);
}

/* A shared value: a counter of its value at each write on the first process's
 * track, and an instant on the worker's track where a write lost an update; a
 * wait for a lock: an instant on the waiting worker's track. */
static void on_state(chrome__ctx *c, const trace_event *ev)
{
    chrome__out *o = &c->out;
    chrome__worker *x = ev->worker >= 0 ? chrome__worker_at(c, ev->worker) : NULL;
    chrome__proc *p = chrome__proc_at(c, 0);
    if (ev->kind == TRACE_LOCK_WAIT) {
        if (x != NULL)
            instant(c, c->scn->locks[ev->a], true, "lock_wait", 't', chrome__pid(c, x),
                    chrome__tid(c, ev->worker), ev->req, -1);
        return;
    }
    if (p != NULL && p->first_tid != 0) {
        chrome__open(o, c->scn->state[ev->a].name, true);
        chrome__head(o, "state", "C", c->now, true, chrome__pid_of(c, 0), p->first_tid);
        chrome__raw(o, ",\"args\":{\"value\":");
        chrome__i64(o, ev->x);
        chrome__close(o, true);
    }
    if (ev->b != 0 && x != NULL)
        instant(c, "lost update", false, "state", 't', chrome__pid(c, x),
                chrome__tid(c, ev->worker), ev->req, -1);
}

/* ---- queues: counters and flows ----------------------------------------------------------- */

/* The counter of queue `qname` (NULL: the device of ev->a) after a change. */
static void counter(chrome__ctx *c, const char *qname, const trace_event *ev, const queue_ref *r,
                    int64_t n)
{
    chrome__out *o = &c->out;
    if (qname == NULL) {
        chrome__open(o, c->devname[ev->a], true);
    } else {
        chrome__open_name(o);
        chrome__raw(o, "\"queue ");
        chrome__raw(o, qname);
        if (r->loopnum > 0) {
            chrome__raw(o, " (worker thread ");
            chrome__i64(o, r->loopnum);
            chrome__raw(o, ")");
        }
        chrome__raw(o, "\"");
    }
    chrome__head(o, "queue", "C", c->now, true, r->pid, r->tid);
    chrome__raw(o, ",\"args\":{\"length\":");
    chrome__i64(o, n);
    chrome__close(o, true);
}

/* One end of the arrow of the `ordinal`-th item of a queue: "s" on the enqueuing
 * worker's track, "f" on the taking worker's. */
static void flow(chrome__ctx *c, const trace_event *ev, const queue_ref *r, int64_t ordinal)
{
    int64_t owner = (int64_t)c->owner_base + r->owner;
    if (!r->flows || owner >= (1 << FLOW_OWNER_BITS) || ordinal >= (int64_t)1 << FLOW_ORDINAL_BITS)
        return; /* beyond what an id can say: no arrow, at both ends alike */
    const chrome__worker *x = &c->w[ev->worker];
    bool start = ev->kind == TRACE_ENQUEUE;
    chrome__out *o = &c->out;
    chrome__open(o, trace_queue_name(ev->b), false);
    chrome__head(o, "flow", start ? "s" : "f", c->now, true, chrome__pid(c, x),
                 chrome__tid(c, ev->worker));
    chrome__raw(o, ",\"id\":");
    chrome__i64(o, ordinal << (FLOW_OWNER_BITS + 4) | owner << 4 | ev->b);
    /* the finish binds to the slice that encloses it: the work it starts */
    if (!start)
        chrome__raw(o, ",\"bp\":\"e\"");
    chrome__close(o, false);
}

/* Finds the queue an enqueue or dequeue names, and the track of its counter. */
static bool resolve(chrome__ctx *c, const trace_event *ev, queue_ref *r)
{
    *r = (queue_ref){.q = NULL};
    int q = ev->b;
    if (q == TRACE_QUEUE_DEVICE || q == TRACE_QUEUE_ACCEPT) {
        /* devices are the machine's: shown with the first process */
        int64_t p = q == TRACE_QUEUE_ACCEPT ? accept_process(ev) : 0;
        chrome__proc *proc = chrome__proc_at(c, p);
        if (proc == NULL)
            return false;
        r->q = q == TRACE_QUEUE_DEVICE ? &c->devq[ev->a] : &proc->q[CHROME__PROCQ_ACCEPT];
        r->pid = chrome__pid_of(c, p);
        r->tid = proc->first_tid;
        return true;
    }
    const chrome__worker *x = chrome__worker_at(c, ev->worker);
    if (x == NULL)
        return false;
    r->flows = q != TRACE_QUEUE_POLL && q != TRACE_QUEUE_TIMERS;
    if (q == TRACE_QUEUE_THREADPOOL || q == TRACE_QUEUE_WORKER) {
        chrome__proc *proc = chrome__proc_at(c, x->proc);
        if (proc == NULL)
            return false;
        r->q = &proc->q[q == TRACE_QUEUE_WORKER ? CHROME__PROCQ_WORKER : CHROME__PROCQ_THREADPOOL];
        r->owner = x->proc;
        r->pid = chrome__pid(c, x);
        r->tid = proc->first_tid;
        return true;
    }
    if (x->loop < 0) /* a loop's own queue named by a worker that is no loop */
        return chrome__fail(c, SIM_EINVAL);
    chrome__loop *L = &c->loops[x->loop];
    r->q = &L->q[q];
    r->owner = x->loop;
    r->loopnum = L->number;
    r->pid = chrome__pid(c, x);
    r->tid = chrome__tid(c, L->worker);
    return true;
}

static void on_queue(chrome__ctx *c, const trace_event *ev)
{
    queue_ref r;
    if (!resolve(c, ev, &r))
        return;
    chrome__queue *q = r.q;
    if (ev->kind == TRACE_ENQUEUE) {
        flow(c, ev, &r, q->enq);
        q->enq++;
    } else {
        if (q->deq < q->enq)
            flow(c, ev, &r, q->deq++);
        else
            r.q = NULL; /* never queued: an idle thread took an arriving request */
    }
    if (r.q != NULL)
        counter(c, ev->b == TRACE_QUEUE_DEVICE ? NULL : trace_queue_name(ev->b), ev, &r,
                q->enq - q->deq);
}

/* timer_arm / timer_fire: a loop's armed timers are a queue too. */
static void on_timer(chrome__ctx *c, const trace_event *ev)
{
    chrome__worker *x = chrome__worker_at(c, ev->worker);
    if (x == NULL)
        return;
    if (ev->kind == TRACE_TIMER_FIRE) {
        instant(c, "timer fires", false, "timer", 't', chrome__pid(c, x),
                chrome__tid(c, ev->worker), ev->req, -1);
    }
    if (x->loop < 0)
        return; /* a thread's sleep */
    chrome__loop *L = &c->loops[x->loop];
    if (ev->kind == TRACE_TIMER_ARM)
        L->timers++;
    else if (L->timers > 0)
        L->timers--;
    queue_ref r = {.pid = chrome__pid(c, x),
                   .tid = chrome__tid(c, L->worker),
                   .loopnum = L->number};
    counter(c, "timers", ev, &r, L->timers);
}

/* ---- one event --------------------------------------------------------------------------- */

/* True when the event's kind and the things it names by index exist. */
static bool event_valid(const chrome__ctx *c, const trace_event *ev)
{
    return ev->t >= c->now && trace_event_valid(ev, c->scn);
}

/* What the event shows by itself; the reader has already applied it. */
static void on_event(chrome__ctx *c, const trace_event *ev)
{
    chrome__request_seen(c, ev->req);
    switch (ev->kind) {
    case TRACE_ARRIVE:
        process_instant(c, "arrive", accept_process(ev), ev->req, -1);
        chrome__request_arrives(c, ev->req, ev->a);
        chrome__on_service_arrive(c, ev->req);
        return;
    case TRACE_SPAWN: chrome__on_spawn(c, ev->worker); return;
    case TRACE_ENQUEUE:
    case TRACE_DEQUEUE: on_queue(c, ev); return;
    case TRACE_LOG: on_log(c, ev); return;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_FIRE: on_timer(c, ev); return;
    case TRACE_DONE:
        on_done(c, ev);
        chrome__on_request_done(c, ev->req, ev->worker);
        return;
    case TRACE_CALL: chrome__on_call(c, ev); return;
    case TRACE_IO_DONE: chrome__on_io_done(c, ev->req); return;
    case TRACE_STATE_WRITE:
    case TRACE_LOCK_WAIT: on_state(c, ev); return;
    default: /* the workers' and requests' states: their spans */ return;
    }
}

static void at(void *ctx, int64_t t)
{
    chrome__ctx *c = ctx;
    chrome__instant_over(c); /* after the spans that the instant's end began */
    c->now = t;
}

/* ---- the file ------------------------------------------------------------------------------ */

const char chrome__file_head[] = "{\"traceEvents\":[";

void chrome__write_footer(sim_sink *out, const scn_scenario *scn, const char *runtime_name,
                          uint64_t seed, const chrome_run *runs, const bool *written, size_t n)
{
    static const char head[] =
        "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"schema\":\"bistro-chrome/1\","
        "\"scenario\":";
    static const char runtime_key[] = ",\"runtime\":";
    sink_write(out, head, sizeof head - 1);
    sink_json_string(out, scn->name ? scn->name : "");
    sink_write(out, runtime_key, sizeof runtime_key - 1);
    sink_json_string(out, runtime_name);
    if (n > 1) {
        sink_printf(out, ",\"services\":[");
        const char *sep = "";
        for (size_t i = 1; i < n; i++) {
            if (!written[i])
                continue;
            sink_printf(out, "%s", sep);
            sink_json_string(out, runs[i].name);
            sep = ",";
        }
        sink_printf(out, "]");
    }
    sink_printf(out, ",\"seed\":%llu}}\n", (unsigned long long)seed);
}

/* Reads every event; 0, or the first error of the writer or of the sink. */
static int write_events(chrome__ctx *c, const trace *tr)
{
    size_t n = trace_count(tr);
    for (size_t i = 0; i < n && c->err == 0 && c->out.l.s->err == 0; i++) {
        const trace_event *ev = trace_get(tr, i);
        if (!event_valid(c, ev))
            return SIM_EINVAL;
        int rc = rd_feed(c->rd, ev, at);
        if (rc < 0)
            return rc;
        on_event(c, ev);
    }
    if (c->err == 0)
        c->err = rd_finish(c->rd, c->now, at);
    if (c->err == 0) {
        chrome__instant_over(c);
        chrome__close_all(c);
    } /* the last stretches end with the run */
    return c->err;
}

int chrome__write_run(chrome__ctx *c, const trace *tr)
{
    int err = open_run(c);
    if (err == 0)
        err = make_devices(c);
    if (err == 0)
        err = write_events(c, tr);
    return err;
}

int chrome__finish(sim_sink *out, int err)
{
    if (err != 0 && out->err == 0)
        out->err = err;
    return err != 0 ? err : out->err;
}

int trace_write_chrome(sim_sink *out, const trace *tr, const scn_scenario *scn,
                       const char *runtime_name, uint64_t seed)
{
    if (out == NULL || tr == NULL || scn == NULL || runtime_name == NULL)
        return SIM_EINVAL;
    chrome__ctx c = {.out = {.l = {.s = out}, .first = true},
                     .scn = scn,
                     .runtime_name = runtime_name,
                     .service = -1,
                     .free_arrow = -1};
    if (scn_find_runtime(scn, runtime_name) < 0)
        return chrome__finish(out, SIM_EINVAL);
    sink_write(out, chrome__file_head, strlen(chrome__file_head));
    int err = chrome__write_run(&c, tr);
    if (err == 0)
        chrome__write_footer(out, scn, runtime_name, seed, NULL, NULL, 0);
    chrome__free(&c);
    return chrome__finish(out, err);
}
