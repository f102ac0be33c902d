/* trace_csv.c - the CSV trace writer of trace_csv.h.
 *
 * Built like the JSON Lines writer, because traces are as long: each row is
 * assembled in a small buffer on the stack (numbers formatted by hand, no printf)
 * and handed to the sink once; only the scenario's own strings (device names, log
 * texts) go to the sink directly, quoted when they need it. Nothing is allocated,
 * so memory does not grow with the trace.
 *
 * Which cells a row fills is decided by one table below (USES), which restates the
 * field comments of trace.h's TRACE_KIND_MAP exactly as trace_jsonl.c's FIELDS does;
 * tests/test_trace_csv.c checks every row of every bundled scenario against the
 * JSON Lines line of the same event, so the two cannot drift apart unnoticed.
 */
#include "trace_csv.h"

#include <stdbool.h>
#include <string.h>

#include "error.h"

/* The columns an event's kind fills, besides t_ns, t_ms and event (always) and
 * task (an enqueue or dequeue of a queue other than a device's). */
enum {
    C_WORKER = 1 << 0,
    C_REQ = 1 << 1,
    C_STEP = 1 << 2,
    C_QUEUE = 1 << 3,
    C_DEVICE = 1 << 4,
    C_PROCESS = 1 << 5,
    C_PHASE = 1 << 6,
    C_TEXT = 1 << 7,
    C_CORE = 1 << 8,
    C_DURATION = 1 << 9,
    C_DUE = 1 << 10,
    C_LATENCY = 1 << 11,
    C_KIND = 1 << 12,
};

/* Mirrors the comments of TRACE_KIND_MAP in trace.h, with trace_jsonl.c's reading
 * of them: an enqueue names no worker (the JSON Lines line has none either). */
static const unsigned short USES[] = {
    [TRACE_ARRIVE] = C_REQ,
    [TRACE_ENQUEUE] = C_REQ | C_QUEUE,
    [TRACE_DEQUEUE] = C_WORKER | C_REQ | C_QUEUE,
    [TRACE_SPAWN] = C_WORKER | C_PROCESS | C_KIND,
    [TRACE_READY] = C_WORKER | C_REQ,
    [TRACE_RUN] = C_WORKER | C_REQ | C_STEP | C_CORE,
    [TRACE_PREEMPT] = C_WORKER | C_REQ | C_CORE,
    [TRACE_BLOCK] = C_WORKER | C_REQ | C_STEP,
    [TRACE_IO_START] = C_WORKER | C_REQ | C_DEVICE | C_DURATION,
    [TRACE_IO_DONE] = C_WORKER | C_REQ | C_DEVICE,
    [TRACE_GIL_WAIT] = C_WORKER | C_REQ | C_PROCESS,
    [TRACE_GIL_ACQUIRE] = C_WORKER | C_REQ | C_PROCESS,
    [TRACE_GIL_RELEASE] = C_WORKER | C_REQ | C_PROCESS,
    [TRACE_GIL_DROP_REQUEST] = C_WORKER | C_PROCESS,
    [TRACE_IDLE] = C_WORKER,
    [TRACE_PHASE] = C_WORKER | C_PHASE,
    [TRACE_LOG] = C_WORKER | C_REQ | C_TEXT,
    [TRACE_TIMER_ARM] = C_WORKER | C_REQ | C_DUE,
    [TRACE_TIMER_FIRE] = C_WORKER | C_REQ,
    [TRACE_DONE] = C_WORKER | C_REQ | C_LATENCY,
};
_Static_assert(TRACE_KIND_COUNT == 20 && sizeof USES / sizeof USES[0] == TRACE_KIND_COUNT,
               "a trace kind was added or removed: give it its columns in USES");

static const char *const WORKER_KINDS[] = {"thread", "loop", "pool"};

/* Appends a string from the scenario as one cell (RFC 4180 section 2, rules 5-7):
 * as is, unless it holds a comma, a quote, CR or LF; then in quotes, each quote
 * doubled. Written to the sink in runs between quotes, however long it is. */
static void row_text(sink_line *r, const char *str)
{
    sink_line_flush(r);
    if (strpbrk(str, ",\"\r\n") == NULL) {
        sink_write(r->s, str, strlen(str));
        return;
    }
    sink_write(r->s, "\"", 1);
    const char *quote;
    while ((quote = strchr(str, '"')) != NULL) {
        sink_write(r->s, str, (size_t)(quote - str) + 1);
        sink_write(r->s, "\"", 1);
        str = quote + 1;
    }
    sink_write(r->s, str, strlen(str));
    sink_write(r->s, "\"", 1);
}

/* True when the event's `a`, `b` and `x` name things that exist; the same checks
 * as the JSON Lines writer, so both accept and refuse the same traces. */
static bool event_valid(const trace_event *ev, const scn_scenario *scn)
{
    if (ev->kind >= TRACE_KIND_COUNT)
        return false;
    unsigned uses = USES[ev->kind];
    if ((uses & C_KIND) && ev->b >= sizeof WORKER_KINDS / sizeof WORKER_KINDS[0])
        return false;
    if (uses & C_QUEUE) {
        if (ev->a == TRACE_QUEUE_DEVICE)
            return ev->x >= 0 && (uint64_t)ev->x < scn->ndevices;
        return ev->a >= 0 && ev->a < TRACE_QUEUE_COUNT;
    }
    if (uses & C_PHASE)
        return ev->a >= 0 && ev->a < TRACE_PHASE_COUNT;
    if (uses & C_DEVICE)
        return ev->a == -1 || (ev->a >= 0 && (size_t)ev->a < scn->ndevices);
    if (uses & C_TEXT)
        return ev->a >= 0 && (size_t)ev->a < scn->nstrings;
    return true;
}

/* The cells from queue to text: what the event's `a` (and, for a queue, `x`) means. */
static void write_a_cells(sink_line *r, const trace_event *ev, unsigned uses, const scn_scenario *scn)
{
    bool device_queue = (uses & C_QUEUE) && ev->a == TRACE_QUEUE_DEVICE;
    if (uses & C_QUEUE)
        sink_line_raw(r, trace_queue_name(ev->a));
    sink_line_raw(r, ",");
    /* a device queue says which device; an event loop's queue, which task waits */
    if (device_queue)
        row_text(r, scn->devices[ev->x].name);
    else if ((uses & C_DEVICE) && ev->a != -1)
        row_text(r, scn->devices[ev->a].name);
    sink_line_raw(r, ",");
    if ((uses & C_QUEUE) && !device_queue && ev->x >= 0)
        sink_line_i64(r, ev->x);
    sink_line_raw(r, ",");
    if (uses & C_PROCESS)
        sink_line_i64(r, ev->a);
    sink_line_raw(r, ",");
    if (uses & C_PHASE)
        sink_line_raw(r, trace_phase_name(ev->a));
    sink_line_raw(r, ",");
    if (uses & C_TEXT)
        row_text(r, scn->strings[ev->a]);
    sink_line_raw(r, ",");
}

static int write_row(sink_line *r, const trace_event *ev, const scn_scenario *scn)
{
    if (!event_valid(ev, scn))
        return SIM_EINVAL;
    unsigned uses = USES[ev->kind];
    sink_line_i64(r, ev->t);
    sink_line_raw(r, ",");
    sink_line_decimal(r, ev->t, 6); /* ns as ms, exactly */
    sink_line_raw(r, ",");
    sink_line_raw(r, trace_kind_name(ev->kind));
    sink_line_raw(r, ",");
    if ((uses & C_WORKER) && ev->worker != -1)
        sink_line_i64(r, ev->worker);
    sink_line_raw(r, ",");
    if ((uses & C_REQ) && ev->req != -1)
        sink_line_i64(r, ev->req);
    sink_line_raw(r, ",");
    if ((uses & C_STEP) && ev->a >= 0)
        sink_line_i64(r, ev->a);
    sink_line_raw(r, ",");
    write_a_cells(r, ev, uses, scn);
    /* core, duration_ns, due_ns, latency_ns: a kind uses at most one, all from x */
    static const unsigned X_COLUMNS[] = {C_CORE, C_DURATION, C_DUE, C_LATENCY};
    for (size_t i = 0; i < sizeof X_COLUMNS / sizeof X_COLUMNS[0]; i++) {
        if (uses & X_COLUMNS[i])
            sink_line_i64(r, ev->x);
        sink_line_raw(r, ",");
    }
    if (uses & C_KIND)
        sink_line_raw(r, WORKER_KINDS[ev->b]);
    sink_line_raw(r, "\r\n");
    sink_line_flush(r);
    return 0;
}

int trace_write_csv(sim_sink *out, const trace *tr, const scn_scenario *scn,
                    const char *runtime_name, uint64_t seed)
{
    /* The scenario, runtime and seed have no place in a CSV that pandas.read_csv()
     * would skip by default; docs/trace-format.md says where to find them. */
    (void)seed;
    if (out == NULL || tr == NULL || scn == NULL || runtime_name == NULL)
        return SIM_EINVAL;
    static const char header[] = TRACE_CSV_HEADER;
    sink_write(out, header, sizeof header - 1);

    sink_line r = {.s = out, .n = 0};
    size_t n = trace_count(tr);
    for (size_t i = 0; i < n && out->err == 0; i++) {
        int err = write_row(&r, trace_get(tr, i), scn);
        if (err != 0) {
            /* Fail the sink too, so a partial file is never committed. */
            if (out->err == 0)
                out->err = err;
            return err;
        }
    }
    return out->err;
}
