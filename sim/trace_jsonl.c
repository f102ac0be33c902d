/* trace_jsonl.c - the JSON Lines trace writer of trace_jsonl.h.
 *
 * Traces run to hundreds of millions of events, so the writer streams: each line
 * is assembled in a small buffer on the stack (numbers formatted by hand, no
 * printf) and handed to the sink once; only strings (device names, log texts) go
 * through sink_json_string for escaping. Which fields a line carries depends on
 * its kind, and is decided by one table below (FIELDS), which restates the field
 * comments of trace.h's TRACE_KIND_MAP.
 */
#include "trace_jsonl.h"

#include <stdbool.h>
#include <string.h>

#include "error.h"

/* The field an event's `a` holds, and the one its `x` holds. */
typedef enum { A_NONE, A_STEP, A_QUEUE, A_DEVICE, A_PROCESS, A_PHASE, A_TEXT } a_field;
typedef enum { X_NONE, X_CORE, X_DURATION, X_DUE, X_LATENCY } x_field;

enum { USES_WORKER = 1, USES_REQ = 2, USES_KIND = 4 };

typedef struct {
    unsigned char uses; /* USES_* bits */
    unsigned char a;    /* a_field */
    unsigned char x;    /* x_field */
} kind_fields;

/* Mirrors the comments of TRACE_KIND_MAP in trace.h. */
static const kind_fields FIELDS[] = {
    [TRACE_ARRIVE] = {USES_REQ, A_NONE, X_NONE},
    [TRACE_ENQUEUE] = {USES_REQ, A_QUEUE, X_NONE},
    [TRACE_DEQUEUE] = {USES_WORKER | USES_REQ, A_QUEUE, X_NONE},
    [TRACE_SPAWN] = {USES_WORKER | USES_KIND, A_PROCESS, X_NONE},
    [TRACE_READY] = {USES_WORKER | USES_REQ, A_NONE, X_NONE},
    [TRACE_RUN] = {USES_WORKER | USES_REQ, A_STEP, X_CORE},
    [TRACE_PREEMPT] = {USES_WORKER | USES_REQ, A_NONE, X_CORE},
    [TRACE_BLOCK] = {USES_WORKER | USES_REQ, A_STEP, X_NONE},
    [TRACE_IO_START] = {USES_WORKER | USES_REQ, A_DEVICE, X_DURATION},
    [TRACE_IO_DONE] = {USES_WORKER | USES_REQ, A_DEVICE, X_NONE},
    [TRACE_GIL_WAIT] = {USES_WORKER | USES_REQ, A_PROCESS, X_NONE},
    [TRACE_GIL_ACQUIRE] = {USES_WORKER | USES_REQ, A_PROCESS, X_NONE},
    [TRACE_GIL_RELEASE] = {USES_WORKER | USES_REQ, A_PROCESS, X_NONE},
    [TRACE_GIL_DROP_REQUEST] = {USES_WORKER, A_PROCESS, X_NONE},
    [TRACE_IDLE] = {USES_WORKER, A_NONE, X_NONE},
    [TRACE_PHASE] = {USES_WORKER, A_PHASE, X_NONE},
    [TRACE_LOG] = {USES_WORKER | USES_REQ, A_TEXT, X_NONE},
    [TRACE_TIMER_ARM] = {USES_WORKER | USES_REQ, A_NONE, X_DUE},
    [TRACE_TIMER_FIRE] = {USES_WORKER | USES_REQ, A_NONE, X_NONE},
    [TRACE_DONE] = {USES_WORKER | USES_REQ, A_NONE, X_LATENCY},
};
_Static_assert(TRACE_KIND_COUNT == 20 && sizeof FIELDS / sizeof FIELDS[0] == TRACE_KIND_COUNT,
               "a trace kind was added or removed: give it its fields in FIELDS");

static const char *const A_KEYS[] = {"", "step", "queue", "device", "process", "phase", "text"};
static const char *const X_KEYS[] = {"", "core", "duration_ns", "due_ns", "latency_ns"};
static const char *const WORKER_KINDS[] = {"thread", "loop", "pool"};

/* True when the event's `a` and `b` name things that exist. */
static bool event_valid(const trace_event *ev, const scn_scenario *scn)
{
    if (ev->kind >= TRACE_KIND_COUNT)
        return false;
    const kind_fields *f = &FIELDS[ev->kind];
    if ((f->uses & USES_KIND) && ev->b >= sizeof WORKER_KINDS / sizeof WORKER_KINDS[0])
        return false;
    switch ((a_field)f->a) {
    case A_QUEUE:
        if (ev->a == TRACE_QUEUE_DEVICE)
            return ev->x >= 0 && (size_t)ev->x < scn->ndevices;
        return ev->a >= 0 && ev->a < TRACE_QUEUE_COUNT;
    case A_PHASE:
        return ev->a >= 0 && ev->a < TRACE_PHASE_COUNT;
    case A_DEVICE:
        return ev->a == -1 || (ev->a >= 0 && (size_t)ev->a < scn->ndevices);
    case A_TEXT:
        return ev->a >= 0 && (size_t)ev->a < scn->nstrings;
    default:
        return true;
    }
}

static void write_a(sink_line *l, a_field which, int32_t a, const scn_scenario *scn)
{
    if (which == A_NONE || (which == A_DEVICE && a == -1) || (which == A_STEP && a < 0))
        return;
    sink_line_raw(l, ",\"");
    sink_line_raw(l, A_KEYS[which]);
    sink_line_raw(l, "\":");
    if (which == A_QUEUE || which == A_PHASE) {
        sink_line_raw(l, "\"");
        sink_line_raw(l, which == A_QUEUE ? trace_queue_name(a) : trace_phase_name(a));
        sink_line_raw(l, "\"");
    } else if (which == A_DEVICE) {
        sink_line_json(l, scn->devices[a].name);
    } else if (which == A_TEXT) {
        sink_line_json(l, scn->strings[a]);
    } else {
        sink_line_i64(l, a);
    }
}

static int write_event(sink_line *l, const trace_event *ev, const scn_scenario *scn)
{
    if (!event_valid(ev, scn))
        return SIM_EINVAL;
    const kind_fields *f = &FIELDS[ev->kind];
    sink_line_raw(l, "{\"t_ns\":");
    sink_line_i64(l, ev->t);
    sink_line_raw(l, ",\"ev\":\"");
    sink_line_raw(l, trace_kind_name(ev->kind));
    sink_line_raw(l, "\"");
    if ((f->uses & USES_WORKER) && ev->worker != -1) {
        sink_line_raw(l, ",\"worker\":");
        sink_line_i64(l, ev->worker);
    }
    if ((f->uses & USES_REQ) && ev->req != -1) {
        sink_line_raw(l, ",\"req\":");
        sink_line_i64(l, ev->req);
    }
    write_a(l, (a_field)f->a, ev->a, scn);
    /* which device a device queue is, or which task waits in an event loop's queue */
    if (f->a == A_QUEUE && ev->a == TRACE_QUEUE_DEVICE) {
        sink_line_raw(l, ",\"device\":");
        sink_line_json(l, scn->devices[ev->x].name);
    } else if (f->a == A_QUEUE && ev->x >= 0) {
        sink_line_raw(l, ",\"task\":");
        sink_line_i64(l, ev->x);
    }
    if (f->x != X_NONE) {
        sink_line_raw(l, ",\"");
        sink_line_raw(l, X_KEYS[f->x]);
        sink_line_raw(l, "\":");
        sink_line_i64(l, ev->x);
    }
    if (f->uses & USES_KIND) {
        sink_line_raw(l, ",\"kind\":\"");
        sink_line_raw(l, WORKER_KINDS[ev->b]);
        sink_line_raw(l, "\"");
    }
    sink_line_raw(l, "}\n");
    sink_line_flush(l);
    return 0;
}

int trace_write_jsonl(sim_sink *out, const trace *tr, const scn_scenario *scn,
                      const char *runtime_name, uint64_t seed)
{
    if (out == NULL || tr == NULL || scn == NULL || runtime_name == NULL)
        return SIM_EINVAL;
    static const char head[] = "{\"schema\":\"bistro-trace/1\",\"scenario\":";
    static const char runtime_key[] = ",\"runtime\":";
    sink_write(out, head, sizeof head - 1);
    sink_json_string(out, scn->name ? scn->name : "");
    sink_write(out, runtime_key, sizeof runtime_key - 1);
    sink_json_string(out, runtime_name);
    sink_printf(out, ",\"seed\":%llu}\n", (unsigned long long)seed);

    sink_line l = {.s = out, .n = 0};
    size_t n = trace_count(tr);
    for (size_t i = 0; i < n && out->err == 0; i++) {
        int err = write_event(&l, trace_get(tr, i), scn);
        if (err != 0) {
            /* Fail the sink too, so a partial file is never committed. */
            if (out->err == 0)
                out->err = err;
            return err;
        }
    }
    return out->err;
}
