/* trace_csv.h - a trace as CSV, for spreadsheets and pandas.
 *
 * The same events as the JSON Lines trace (trace_jsonl.h), flattened into a table:
 * one header row, then one row per event in stored (time) order, one column per
 * field, an empty cell where the event's kind does not use the field. RFC 4180:
 * records end with CRLF, and a cell is quoted only when it holds a comma, a
 * double quote, CR or LF (quotes inside doubled). There is no metadata row, so
 * `pandas.read_csv(path)` and a spreadsheet's import read the file with their
 * defaults; docs/trace-format.md describes the columns. Output is streamed
 * through a sink and is byte-identical for identical input.
 */
#ifndef BISTRO_TRACE_CSV_H
#define BISTRO_TRACE_CSV_H

#include <stdint.h>

#include "scenario.h"
#include "sink.h"
#include "trace.h"

/* The header row, CRLF included: the columns in the order every row writes them,
 * trace_fields.h's TRACE_FIELD_MAP after the time and the event ("kind" is
 * "worker_kind" here); test_trace_csv checks that the two agree. */
#define TRACE_CSV_HEADER                                                                       \
    "t_ns,t_ms,event,worker,req,step,line,queue,device,task,process,phase,text,core,"          \
    "switch,duration_ns,due_ns,starts,latency_ns,lag_ns,hop,handoff,worker_kind,number,bytes," \
    "key,lock,value,lost,service\r\n"

/* Writes TRACE_CSV_HEADER and one row per event of `tr`. `scn` gives device names
 * and log texts, written byte for byte (the loader guarantees UTF-8). A cell holds
 * what the JSON Lines key of the same name holds ("event" is its "ev", "worker_kind"
 * its "kind"); "t_ms" is t_ns / 10^6 written exactly in decimal ("1001.002"). The
 * CSV carries no scenario name, runtime or seed: `runtime_name` and `seed` are taken
 * so that every trace writer has one signature, and must still be valid. Returns
 * 0, the sink's error, or SIM_EINVAL for a NULL argument or an event that names an
 * unknown kind, queue, device, string or worker kind; the rows before it are
 * written and the sink's error is set to SIM_EINVAL (unless it already had one),
 * so a caller that checks only the sink discards the partial output. */
int trace_write_csv(sim_sink *out, const trace *tr, const scn_scenario *scn,
                    const char *runtime_name, uint64_t seed);

#endif
