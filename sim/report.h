/* report.h - the results of a run for people and for programs.
 *
 * report_summary_json() writes the summary JSON of DESIGN.md ("bistro-summary/1"),
 * which `bistro-sim run --json` prints and the grader reads; report_table() writes
 * the comparison table `bistro-sim run` prints. Both take the runtimes that were
 * run (indices into scn->runtimes) with their metrics, in the same order, and
 * write through a sink. Output is byte-identical for identical input.
 */
#ifndef BISTRO_REPORT_H
#define BISTRO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "many.h"
#include "scenario.h"
#include "sink.h"

/* Room for any number report_ms() or report_ratio() writes, with its NUL. */
#define REPORT_NUMBER_BYTES 32

/* Writes ns as milliseconds, exactly: the integer part, a point, then the
 * fractional digits with trailing zeros trimmed but at least one
 * (1002000000 -> "1002.0", 1500 -> "0.0015", 1 -> "0.000001"). Returns the length. */
size_t report_ms(char out[REPORT_NUMBER_BYTES], int64_t ns);

/* Writes a ratio (throughput, utilisation) rounded to 6 decimals, trailing zeros
 * trimmed but at least one (2.994011976 -> "2.994012", 0.5 -> "0.5"), computed
 * without printf so the result does not depend on the locale. Magnitudes of 1e12
 * or more are rounded to an integer ("1234567890123.0"); NaN, infinities and
 * magnitudes beyond 9e18 are written as "null". Returns the length. */
size_t report_ratio(char out[REPORT_NUMBER_BYTES], double v);

/* The summary JSON: {"schema": "bistro-summary/1", "scenario", "seed", "runtimes":
 * [..]}, one object per runtimes[i] with metrics[i], i < n, in the given order.
 * Each holds name, model ("threads", "event_loop", "processes"), flavor ("node",
 * "asyncio": for an event loop, and for processes whose `each` is an event loop;
 * absent otherwise), the counts, every time in ms (report_ms), throughput_rps and
 * cpu_util (report_ratio), requests_detail when metrics[i]->detail is not NULL
 * (name: the explicit request's name or "request N"; done_ms and latency_ms null for
 * a request that never completed) and log (every line as {t_ms, req, text}, req
 * null when negative; [] when none). A scenario with shared values ("state") adds
 * "lost_updates" (summed) and "state": {KEY: {initial, final, serial,
 * lost_updates, reads, writes}, ...}; one without has neither.
 * Returns 0, the sink's error, or SIM_EINVAL when a runtime index, a metrics
 * pointer or a log text index is out of range: then nothing is written and the
 * sink's error is set too (unless it already had one). */
int report_summary_json(sim_sink *out, const scn_scenario *scn, uint64_t seed,
                        const size_t *runtimes, const sim_metrics *const *metrics, size_t n);

/* The table: a title line (scenario title, seed, number of requests), a header,
 * then one row per runtime: name, completed/requests, makespan, throughput, latency
 * mean / p50 / p99 / max, CPU utilisation, GIL wait, context switches, peak memory.
 * Columns are aligned; each time column uses one unit (s with 3 decimals, ms with
 * 1, us, ns) chosen by its largest value; memory takes a unit (B, KiB, MiB, GiB)
 * per value. When any runtime logged, one more line per runtime follows:
 * "<name> printed: <text> <text> ..." in the order the lines ran. Before those, a
 * block per shared value ("state"): its name and initial value, then per runtime
 * its final value, the serial value and the lost updates.
 * Returns 0, the sink's error, SIM_EINVAL as above, or SIM_ENOMEM (nothing written,
 * the sink's error set). */
int report_table(sim_sink *out, const scn_scenario *scn, uint64_t seed, const size_t *runtimes,
                 const sim_metrics *const *metrics, size_t n);

/* Many runs (bistro-sim run --seeds FIRST-LAST): the summary JSON with "seeds":
 * {"first", "last"} in place of "seed", and per runtime its name, model, flavor,
 * "runs", "incomplete_runs", "orders" ([{"order": "1 2 4 5 3", "runs": 190}, ...],
 * most runs first; [] when nothing was printed) and "spread" ({"makespan_ms":
 * {"min", "median", "max"}, ...}, every many_metric); with shared values also
 * "state": {KEY: {"runs_lost", "share_lost", "lost_updates": {min, median, max},
 * "final": {min, median, max}}}; with services also "services": [{"name",
 * "spread": {"completed": {min, median, max}, ...}}] (every many_service_metric)
 * and "time_split_ms": {"latency": {min, median, max}, ...}. Returns 0, the sink's error,
 * or SIM_EINVAL for a result of no runtime of scn (nothing written). */
int report_many_json(sim_sink *out, const scn_scenario *scn, uint64_t first, uint64_t last,
                     const many_result *results, size_t n);

/* The same as text: per runtime, the orders printed with their runs and share, and
 * a line per metric with its min, median and max; then the shared values', each
 * service's and the time split's. */
int report_many_table(sim_sink *out, const scn_scenario *scn, uint64_t first, uint64_t last,
                      const many_result *results, size_t n);

#endif
