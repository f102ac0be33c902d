/* workload.h - the requests of a scenario, sampled once from the seed.
 *
 * Every runtime replays the same workload: request i has the same program with the
 * same sampled durations whichever runtime serves it (common random numbers), and
 * open arrivals come at the same times. Request i's durations are drawn from
 * stream i of the seed, so they do not depend on the order in which an engine asks.
 *
 * Nothing is stored per request: arrivals are produced one at a time by an
 * iterator and a program is instantiated when its request arrives, so a run of
 * ten million requests keeps only the requests in flight.
 */
#ifndef BISTRO_WORKLOAD_H
#define BISTRO_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "rng.h"
#include "scenario.h"

/* One step of an instantiated program, in pre-order: the steps of a step's body
 * follow it directly and `size` counts them (the whole subtree, not itself), so
 * ops[i + 1 + size] is the next sibling. A `repeat` is unrolled: its subtree holds
 * `count` copies of its steps. A `parallel` is followed by one WL_OP_BRANCH op per
 * branch, each holding that branch's steps. An `offload` holds its offloaded steps
 * and then, when it has `then`, one WL_OP_BRANCH holding the callback. An
 * `interval` is unrolled like a repeat: `count` WL_OP_FIRING ops follow it, each
 * holding one copy of its callback, with the interval's duration. An `io` with
 * round_trips keeps its whole duration; threads.c splits it. An `await` of a call
 * and a `spawn` hold their steps. */
enum { WL_OP_BRANCH = 100, WL_OP_FIRING = 101 };

typedef struct {
    int64_t dur;   /* sampled duration: cpu, native, io, timeout, interval and each of
                      its firings, sleep; 0 otherwise */
    uint32_t size; /* ops in the subtree after this one */
    uint32_t kind; /* scn_step_kind, or WL_OP_BRANCH */
    const scn_step *src; /* the step it came from (device, text, line, flags); NULL for a
                            branch; a firing: its interval's */
} wl_op;

typedef struct {
    wl_op *ops;
    uint32_t n, cap;
} wl_program;

/* The arrival iterator of an open workload (every kind but closed). */
typedef struct {
    const scn_scenario *scn;
    rng r; /* poisson gaps */
    int64_t next; /* index of the next request */
    int64_t t; /* time of the last arrival */
    uint32_t *order; /* explicit/at: request indices sorted by (time, index) */
} wl_arrivals;

/* Total requests of the workload (closed: the `requests` of all clients). */
int64_t wl_request_count(const scn_scenario *scn);

/* True when requests come from closed-loop clients rather than at set times. */
bool wl_is_closed(const scn_scenario *scn);

/* Starts the arrival iterator. 0, SIM_ENOMEM, or SIM_ELIMIT (more than
 * SCN_MAX_REQUESTS timed requests). */
int wl_arrivals_init(wl_arrivals *it, const scn_scenario *scn, uint64_t seed);
void wl_arrivals_release(wl_arrivals *it);

/* The next open arrival: request index and time. Returns 0 when there is none left
 * (at once for a closed workload), 1 with an arrival, or SIM_EOVERFLOW when its
 * time would not fit in int64_t ns (every, poisson); the caller must stop then.
 * Times never decrease. */
int wl_arrivals_next(wl_arrivals *it, int64_t *req, int64_t *t);

/* Closed loop: a think time for request `req` (drawn from its own stream). */
int64_t wl_think_time(const scn_scenario *scn, uint64_t seed, int64_t req);

/* Instantiates request `req`'s program into `prog` (reusing its storage; start
 * from a zeroed wl_program). 0, SIM_ENOMEM, SIM_ELIMIT beyond
 * SCN_MAX_EXPANDED_STEPS ops, or SIM_EINVAL when req is not in
 * [0, wl_request_count). On error prog->n is 0. */
int wl_program_build(wl_program *prog, const scn_scenario *scn, uint64_t seed, int64_t req);
void wl_program_release(wl_program *prog);

/* wl_program_build for a runtime that has services in its own process (bit i of
 * `in_process`: service i, scn_runtime.in_process): each call of such a service
 * becomes an await op holding the service's request steps (then the call's `then`
 * steps), whose durations come from a stream of their own, so the request's own
 * steps have the same durations as in every other runtime. */
int wl_program_build_in(wl_program *prog, const scn_scenario *scn, uint64_t seed, int64_t req,
                        uint32_t in_process);

/* The display name of request `req`: its explicit name, or NULL for generated ones. */
const char *wl_request_name(const scn_scenario *scn, int64_t req);

#endif
