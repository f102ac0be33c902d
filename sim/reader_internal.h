/* reader_internal.h - the reader's state, shared by its files.
 *
 *   reader.c         opening, feeding events in order, what the run does now
 *   reader_worker.c  workers, cores and the GILs: the worker state machine
 *   reader_events.c  requests, queues, timers, I/O, memory: every event by kind
 */
#ifndef BISTRO_READER_INTERNAL_H
#define BISTRO_READER_INTERNAL_H

#include "heap.h"
#include "reader.h"

/* A request while reading: how many of its parts are in each state. */
typedef struct {
    int32_t n[TL_R_COUNT]; /* DONE and PENDING unused */
    int32_t worker;        /* the last worker that acted on it */
    int32_t device;        /* the device of its latest I/O, or -1 */
    bool arrived, done;
    bool in_accept;        /* waiting in an accept queue (one taken at once never is) */
} rd__req;

struct rd_reader {
    const scn_scenario *scn;
    rd_shape shape;
    int64_t context_switch; /* the machine's, paid where a run says so */
    int err;
    int64_t now;
    bool started;

    rd_changed changed;
    void *ctx;
    /* what changed during the current instant, reported once each at its end */
    rd_change *marks;
    size_t nmarks, cap_marks;
    /* what each event changed, while tracking steps (rd_track_steps) */
    bool track_steps;
    rd_change *steps;
    size_t nsteps, cap_steps;
    uint8_t *marked[RD_KIND_COUNT]; /* per kind, per index: already in marks */
    size_t nmarked[RD_KIND_COUNT];

    rd_worker *w;
    size_t nw, cap_w;
    rd_core *cores;
    uint64_t *core_gen;     /* invalidates a switch end after the core changed hands */
    rd_gil *gils;
    rd__req *reqs;
    int64_t *qlen;          /* per queue slot */
    uint8_t *phase;         /* per loop */
    int8_t *running;        /* per loop: rd_running() */
    rd_loop *loops;
    int32_t nloops_seen;
    int64_t memory;
    int64_t busy_now, gil_now;
    event_heap ends;        /* switch ends: id = core, gen = its core_gen */
};

/* reader.c */
bool rd__fail(rd_reader *r, int err);
void rd__mark_slow(rd_reader *r, rd_kind kind, size_t index);
/* Thing `index` of `kind` changed during this instant (called several times per
 * event, hence inline: most calls find it marked already). */
void rd__step_mark(rd_reader *r, rd_kind kind, size_t index);
static inline void rd__mark(rd_reader *r, rd_kind kind, size_t index)
{
    if (r->track_steps)
        rd__step_mark(r, kind, index);
    if (index < r->nmarked[kind] && !r->marked[kind][index])
        rd__mark_slow(r, kind, index);
}
/* The callback loop `loop` runs now: a trace_queue, or -1 (rd_running). */
void rd__set_running(rd_reader *r, int32_t loop, int queue);
bool rd__mark_room(rd_reader *r, rd_kind kind, size_t n);
/* Tells the caller what changed since the last report, once each. */
void rd__report(rd_reader *r);
/* The instant ends (its changes are reported) and the clock moves to t > now. */
void rd__move_to(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t));
/* The worker an event names, which must have been spawned; NULL (and an error). */
rd_worker *rd__worker(rd_reader *r, int32_t w);
bool rd__req_ok(rd_reader *r, int32_t req, bool none_ok);

/* reader_worker.c */
void rd__w_set(rd_reader *r, int32_t w, int state, int32_t req);
void rd__set_step(rd_reader *r, int32_t w, int32_t step, int32_t line);
void rd__leave_core(rd_reader *r, int32_t w);
void rd__loop_active(rd_reader *r, int32_t w, int32_t req);
void rd__req_part(rd_reader *r, int32_t req, int s, int delta, int32_t w);
void rd__on_spawn(rd_reader *r, const trace_event *ev);
void rd__on_run(rd_reader *r, const trace_event *ev);
void rd__on_gil(rd_reader *r, const trace_event *ev);
/* ready, preempt, step, block, idle, exit, phase */
void rd__on_worker_event(rd_reader *r, const trace_event *ev);
/* A context switch due at or before t ends. */
void rd__switch_ends(rd_reader *r, int64_t t, void (*at)(void *ctx, int64_t t));

/* reader_events.c */
void rd__on_event(rd_reader *r, const trace_event *ev);

#endif
