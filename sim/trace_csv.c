/* trace_csv.c - the CSV trace writer of trace_csv.h.
 *
 * Built like the JSON Lines writer, because traces are as long: each row is
 * assembled in a small buffer on the stack (numbers formatted by hand, no printf)
 * and handed to the sink once; only the scenario's own strings (device names, log
 * texts) go to the sink directly, quoted when they need it. Nothing is allocated,
 * so memory does not grow with the trace.
 *
 * Which cells a row fills is decided by trace_fields.c, as for the JSON Lines
 * writer; tests/test_trace_csv.c checks every row of every bundled scenario against
 * the JSON Lines line of the same event.
 */
#include "trace_csv.h"

#include <stdbool.h>
#include <string.h>

#include "error.h"
#include "trace_fields.h"

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

static int write_row(sink_line *r, const trace_event *ev, const scn_scenario *scn)
{
    if (!trace_event_valid(ev, scn))
        return SIM_EINVAL;
    sink_line_i64(r, ev->t);
    sink_line_raw(r, ",");
    sink_line_decimal(r, ev->t, 6); /* ns as ms, exactly */
    sink_line_raw(r, ",");
    sink_line_raw(r, trace_kind_name(ev->kind));
    for (int f = 0; f < TRACE_F_COUNT; f++) {
        int64_t v;
        sink_line_raw(r, ",");
        if (!trace_field_get(ev, f, &v))
            continue;
        switch (trace_field_type_of(f)) {
        case TRACE_T_BOOL: sink_line_raw(r, "true"); break;
        case TRACE_T_QUEUE: sink_line_raw(r, trace_queue_name((int)v)); break;
        case TRACE_T_PHASE: sink_line_raw(r, trace_phase_name((int)v)); break;
        case TRACE_T_WORKER_KIND: sink_line_raw(r, trace_worker_kind_name((int)v)); break;
        case TRACE_T_DEVICE: row_text(r, scn->devices[v].name); break;
        case TRACE_T_TEXT: row_text(r, scn->strings[v]); break;
        case TRACE_T_KEY: row_text(r, scn->state[v].name); break;
        case TRACE_T_LOCK: row_text(r, scn->locks[v]); break;
        case TRACE_T_SERVICE: row_text(r, scn->services[v].name); break;
        default: sink_line_i64(r, v); break;
        }
    }
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
