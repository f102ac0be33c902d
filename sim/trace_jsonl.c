/* trace_jsonl.c - the JSON Lines trace writer of trace_jsonl.h.
 *
 * Traces run to hundreds of millions of events, so the writer streams: each line
 * is assembled in a small buffer on the stack (numbers formatted by hand, no
 * printf) and handed to the sink once; only strings (device names, log texts) go
 * through sink_json_string for escaping. Which fields a line carries depends on
 * its kind, and is decided by trace_fields.c, as for every writer.
 */
#include "trace_jsonl.h"

#include <stdbool.h>
#include <string.h>

#include "error.h"
#include "trace_fields.h"

static void write_value(sink_line *l, int f, int64_t v, const scn_scenario *scn)
{
    switch (trace_field_type_of(f)) {
    case TRACE_T_BOOL: sink_line_raw(l, "true"); break;
    case TRACE_T_QUEUE:
    case TRACE_T_PHASE:
    case TRACE_T_WORKER_KIND:
        sink_line_raw(l, "\"");
        sink_line_raw(l, trace_field_type_of(f) == TRACE_T_QUEUE ? trace_queue_name((int)v)
                         : trace_field_type_of(f) == TRACE_T_PHASE
                             ? trace_phase_name((int)v)
                             : trace_worker_kind_name((int)v));
        sink_line_raw(l, "\"");
        break;
    case TRACE_T_DEVICE: sink_line_json(l, scn->devices[v].name); break;
    case TRACE_T_TEXT: sink_line_json(l, scn->strings[v]); break;
    case TRACE_T_KEY: sink_line_json(l, scn->state[v].name); break;
    case TRACE_T_LOCK: sink_line_json(l, scn->locks[v]); break;
    case TRACE_T_SERVICE: sink_line_json(l, scn->services[v].name); break;
    default: sink_line_i64(l, v); break;
    }
}

static int write_event(sink_line *l, const trace_event *ev, const scn_scenario *scn)
{
    if (!trace_event_valid(ev, scn))
        return SIM_EINVAL;
    sink_line_raw(l, "{\"t_ns\":");
    sink_line_i64(l, ev->t);
    sink_line_raw(l, ",\"ev\":\"");
    sink_line_raw(l, trace_kind_name(ev->kind));
    sink_line_raw(l, "\"");
    for (int f = 0; f < TRACE_F_COUNT; f++) {
        int64_t v;
        if (!trace_field_get(ev, f, &v))
            continue;
        sink_line_raw(l, ",\"");
        sink_line_raw(l, trace_field_key(f));
        sink_line_raw(l, "\":");
        write_value(l, f, v, scn);
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
    static const char head[] = "{\"schema\":\"" TRACE_SCHEMA "\",\"scenario\":";
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
