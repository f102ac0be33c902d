/* services.h - a scenario's services (DESIGN.md "Services and shared state"):
 * what a run of the front learns about the services behind it.
 *
 * A scenario with "services" runs every compared runtime (the front) with the
 * same services behind it, each service a run of its own runtime on its own
 * machine, all on one clock (services.c). sim_run_new and sim_run_go do it all;
 * sim_run_metrics gives the front's requests, the functions below the rest.
 */
#ifndef BISTRO_SERVICES_H
#define BISTRO_SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* The front's completed requests' time, summed over them (ns). A call's time
 * from its send to its reply is 2 x the network's latency plus the service's
 * latency; `calls` is the time a request had a call in flight, split into
 * `network` and `services` in the proportion of its calls' network and service
 * times (exact for calls one after another; parallel calls overlap). `cpu` and
 * `io` are the request's own steps' durations (its demand), `queueing` what is
 * left of its latency (a thread, a core, the GIL, a device, the loop), at least 0. */
typedef struct {
    int64_t requests;
    int64_t latency, cpu, io, calls, network, services, queueing;
} sim_split;

/* The mean of one of the split's sums over its requests, in ns, to the nearest
 * (0 without requests): the time_split_ms the summary shows. */
int64_t sim_split_mean(int64_t sum, int64_t requests);

/* The number of services (0 without any). */
size_t sim_run_service_count(const sim_run *run);
/* Service i's name, its requests' metrics (valid after sim_run_go returned 0) and
 * its trace (NULL unless the front keeps one). */
const char *sim_run_service_name(const sim_run *run, size_t i);
const sim_metrics *sim_run_service_metrics(const sim_run *run, size_t i);
const trace *sim_run_service_trace(const sim_run *run, size_t i);
/* The scenario as service i's run sees it, to read its trace with (the writers,
 * the reader, the timeline): its one runtime (index 0) is the service's, its
 * machine the service's, its workload the service's request program, one request
 * per call it received (after sim_run_go); its devices, strings, names and
 * services are the scenario's. Valid while the run is. */
const scn_scenario *sim_run_service_view(const sim_run *run, size_t i);
/* The most calls service i had at once, waiting in its queue or being served. */
int64_t sim_run_service_in_flight_max(const sim_run *run, size_t i);
/* The front's time split; NULL without services. */
const sim_split *sim_run_split(const sim_run *run);

#endif
