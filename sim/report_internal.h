/* report_internal.h - what the summary's writers share (report.c, report_many.c). */
#ifndef BISTRO_REPORT_INTERNAL_H
#define BISTRO_REPORT_INTERNAL_H

#include "engine.h"
#include "scenario.h"
#include "sink.h"

/* "threads", "event_loop", "processes". */
const char *report__model_name(scn_model model);
/* An event loop's flavor ("node", "asyncio"), or that of the loop every process
 * runs; NULL when threads serve the requests. */
const char *report__flavor_name(const scn_runtime *rt);
/* User text on one line: control characters become spaces. */
void report__put_clean(sim_sink *s, const char *text);

/* report_state.c: the shared values ("state"); nothing without any. The JSON's
 * ",\n   \"state\": {...}" member of a runtime; the table's block per value. */
void report__state_json(sim_sink *s, const scn_scenario *scn, const sim_metrics *m);
void report__state_table(sim_sink *s, const scn_scenario *scn, const size_t *runtimes,
                         const sim_metrics *const *metrics, size_t n);

/* The services behind a runtime (report_services.c), when its run had any: the
 * summary's "services" and "time_split_ms" (after its "log"), and the table's
 * one table per runtime of its services, after the main table. */
#include "engine.h"
void report__services_json(sim_sink *s, const sim_metrics *m);
void report__services_table(sim_sink *s, const scn_scenario *scn, const size_t *runtimes,
                            const sim_metrics *const *metrics, size_t n);

#endif
