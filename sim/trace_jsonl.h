/* trace_jsonl.h - a trace as JSON Lines (schema "bistro-trace/2").
 *
 * The format of DESIGN.md "Trace format" and docs/trace-format.md: a header line,
 * then one object per event in stored (time) order. Output is streamed through a
 * sink, line by line, and is byte-identical for identical input.
 */
#ifndef BISTRO_TRACE_JSONL_H
#define BISTRO_TRACE_JSONL_H

#include <stdint.h>

#include "scenario.h"
#include "sink.h"
#include "trace.h"

/* Writes the header {"schema":"bistro-trace/2","scenario":..,"runtime":..,"seed":N}
 * and every event of `tr`. `scn` gives device names and log texts; `runtime_name`
 * is written as given. Each event line holds "t_ns", "ev" and only the fields its
 * kind has (trace_fields.h), in the order of TRACE_FIELD_MAP: worker, req, step,
 * line, queue, device, task, process, phase, text, core, switch, duration_ns,
 * due_ns, starts, latency_ns, lag_ns, hop, handoff, kind, number, bytes; a field is
 * left out where the event has none (-1, a flag that is off). Returns 0, the sink's error, or SIM_EINVAL for an event that names an
 * unknown kind, queue, device, string or worker kind; the lines before it are
 * written and the sink's error is set to SIM_EINVAL (unless it already had one),
 * so a caller that checks only the sink discards the partial output. */
int trace_write_jsonl(sim_sink *out, const trace *tr, const scn_scenario *scn,
                      const char *runtime_name, uint64_t seed);

#endif
