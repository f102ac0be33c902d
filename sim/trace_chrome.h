/* trace_chrome.h - a trace as Chrome Trace Event Format JSON, for Perfetto and
 * chrome://tracing (schema "bistro-chrome/1").
 *
 * The trace's events say what changed; a viewer wants what each worker and each
 * request was doing when. The writer reads the run with the reader (reader.h, the
 * same reading the app's timeline is built from, so that the app and the export
 * agree) and writes the object form of the format:
 *
 *   {"traceEvents":[ ...events... ],
 *    "displayTimeUnit":"ms",
 *    "otherData":{"schema":"bistro-chrome/1","scenario":..,"runtime":..,"seed":N}}
 *
 * Tracks: a process per simulated process ("pid" = process + 1, named after the
 * runtime when it has one process, else "process N"), a thread per worker ("tid" =
 * worker index + 1, named "thread N", "event loop", "worker thread N" or "pool
 * thread N", numbered by kind within its process, sorted in worker order).
 *
 * Events ("cat" in brackets):
 *   X [state]    one span per stretch of a worker's state: "running" (args req,
 *                step, core), "ready" (runnable, waiting for a core), "waiting for
 *                I/O" (a thread blocked on I/O, a device's queue or a sleep),
 *                "waiting for the GIL", and a loop asleep in its poll phase: "idle
 *                in poll" (asyncio: "idle in select"); args leave out req / step
 *                when there is none. Idle and exited workers show nothing. The
 *                spans of one track never overlap, and zero-length spans are left out.
 *   b / e [request]  each request's own track, in the nestable async events of the
 *                format ("id" = the request): "request N" from its arrival to its
 *                completion, and inside it one slice per part of its life, which
 *                tile it: "queued", "running" (args worker), "ready (waiting for a
 *                core)", "waiting for DEVICE" or "waiting for I/O" (no device: a
 *                sleep or a timer), "waiting for the GIL". A request the run did
 *                not finish ends with the run.
 *   i [log]      a printed line: name = the text, on the printing worker's track.
 *   i [timer]    "timer fires", on the loop's (or sleeping thread's) track.
 *   i [request]  "arrive" and "done" (args req; done: latency_us), process-wide.
 *   C [queue]    a queue's length after each change, args {"length": n}: "queue
 *                accept", "queue threadpool", "queue worker" per process; "queue
 *                poll", "queue microtask", ... per event loop (a worker thread's
 *                with " (worker thread N)" added), "queue timers" for armed timers;
 *                "queue device NAME" with the first process (devices are shared).
 *   s / f [flow] an arrow from the worker that queued a callback or a job to the
 *                worker that takes it: the queues next_tick, microtask, check,
 *                ready, threadpool and worker. "s" at the enqueue, "f" (bound to
 *                its enclosing slice, "bp":"e") at the dequeue; name = the queue.
 *   M            process_name, process_sort_index, thread_name, thread_sort_index.
 *
 * Units: "ts" and "dur" are microseconds written as exact decimals of the trace's
 * nanoseconds (1002000500 ns -> 1002000.5), so no ordering is lost.
 *
 * Memory is O(workers + cores + processes + loops + devices + requests): the
 * writer keeps nothing per event. Output is byte-identical for identical input.
 */
#ifndef BISTRO_TRACE_CHROME_H
#define BISTRO_TRACE_CHROME_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "sink.h"
#include "trace.h"

/* Writes `tr`, a run of the runtime called `runtime_name` in `scn` (which gives
 * device names, log texts and the run's shape), in the format above. Returns 0,
 * the sink's error, SIM_ENOMEM, or SIM_EINVAL for a runtime the scenario does not
 * have, or an event it cannot place or name: an unknown kind, queue, phase,
 * device, string or worker kind, a worker that was never spawned (spawns must
 * number workers densely, as the engine does), a core, process or request beyond
 * the scenario's, or a time before the previous event's. On an error the sink's error is set too
 * (unless it already had one), so a caller that checks only the sink discards the
 * partial output. NULL arguments give SIM_EINVAL and write nothing. */
int trace_write_chrome(sim_sink *out, const trace *tr, const scn_scenario *scn,
                       const char *runtime_name, uint64_t seed);

/* One run of a file with services: the front's (its scenario and the compared
 * runtime's name) or a service's (the service's view of the scenario and the
 * service's name, services.h). */
typedef struct chrome_run {
    const trace *tr;
    const scn_scenario *scn;
    const char *name;
} chrome_run;

/* Writes a run with services as one file: runs[0] is the front, runs[1 + i]
 * service i of runs[0].scn (nruns = 1 + its services). The front's processes come
 * first, named "front: NAME" ("front: NAME, process N" when it has several), then
 * each service that received a call, in file order, named "NAME service" ("NAME
 * service, process N"); pids, tids, the requests' async ids and the queues' flow
 * ids follow on from one run to the next, so none is given twice. Each call has
 * two arrows, category "call": "call NAME" from the caller's track at the call
 * ("s") to the first slice of the request it causes in the service ("f"), and
 * "reply NAME" from that request's end to the caller's request's next slice
 * (trace_chrome_calls.c says how they bind and what their ids are). otherData
 * gains "services": the services' names. Errors as trace_write_chrome's, and
 * SIM_EINVAL when the runs do not fit the front's scenario. */
int trace_write_chrome_services(sim_sink *out, const chrome_run *runs, size_t nruns, uint64_t seed);

#endif
