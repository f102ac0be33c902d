/* timeline_internal.h - the timeline's storage, shared by its files.
 *
 *   timeline.c          the build: the trace read in order (reader.h), instant by instant
 *   timeline_events.c   the series: arrivals, completions, the log, loop lag, memory
 *   timeline_lanes.c    recording intervals and totals while building; the layout
 *   timeline_query.c    the public lookups
 *   timeline_rank.c     a wavelet matrix: k-th smallest latency of the first m
 *   timeline_shared.c   shared values ("state"): their writes, value and lost updates
 *   timeline_calls.c    the calls made to services: which request made each
 *
 * Lanes are stored per kind in one array of 24-byte intervals grouped by lane
 * (first[lane] .. first[lane + 1]), each group sorted by time.
 */
#ifndef BISTRO_TIMELINE_INTERNAL_H
#define BISTRO_TIMELINE_INTERNAL_H

#include "reader.h"
#include "timeline.h"

/* One stored interval. Its meaning by lane kind:
 *   worker   a = req, b = step, c = line, core, state
 *   request  a = worker, b = step, c = line, state
 *   core     a = worker, b = req, state
 *   GIL      a = holder, b = holder's req, c = waiters, flag = drop request, state
 *   queue    c = length
 *   phase    state = trace_phase */
typedef struct {
    int64_t t;
    int32_t a, b, c;
    uint8_t state, flag;
    int16_t core;
} tl__iv;

_Static_assert(sizeof(tl__iv) == 24, "an interval is 24 bytes");

typedef struct {
    size_t n;      /* lanes */
    size_t *first; /* n + 1 offsets into iv */
    tl__iv *iv;
} tl__lanes;

/* A lane's state after some but not all of the events of one instant (timeline
 * with steps): v.t is the instant, k the events of it applied (1 <= k < its
 * events). Sorted by (t, kind, lane, k), so a lookup is one binary search. */
typedef struct {
    tl__iv v;
    uint32_t k;
    uint32_t lane;
    uint8_t kind;
} tl__sub;

/* A piecewise-linear running total: between points it grows by `rate` per ns. */
typedef struct {
    int64_t t, total, rate;
} tl__cum_pt;

typedef struct {
    tl__cum_pt *p;
    size_t n, cap;
} tl__cum;

/* A request changing state, for the per-state counts over time. */
typedef struct {
    int64_t t;
    uint8_t from, to;
} tl__trans;

#define TL__CHECKPOINT 256 /* transitions between stored totals */

typedef struct {
    int64_t count[TL_R_COUNT];
    __int128 area[TL_R_COUNT]; /* integral of count over [0, t) */
    int64_t t;                 /* the time of the last transition before it */
} tl__checkpoint;

/* k-th smallest of a prefix (timeline_rank.c). */
typedef struct {
    size_t n;          /* values */
    int levels;
    uint64_t **bits;   /* levels bit vectors of n bits, most significant level first */
    uint32_t **ranks;  /* per level, per 64-bit word: ones before it */
    size_t *zeros;     /* per level: zeros in the level */
    int64_t *sorted;   /* the values in ascending order */
} tl__rank;

int tl__rank_build(tl__rank *r, const int64_t *values, size_t n);
/* The k-th smallest (0-based) of values[0 .. m), k < m <= n. */
int64_t tl__rank_kth(const tl__rank *r, size_t m, size_t k);
void tl__rank_free(tl__rank *r);

/* One shared value's writes in trace order (timeline_shared.c). */
typedef struct {
    int64_t initial;
    int64_t *t, *value;
    int64_t *lost;  /* lost updates up to and with this write */
    uint32_t *k;    /* the events of its instant up to its own */
    size_t n, cap;
} tl__shared;

/* The calls a run made to one service, in the order it sent them (timeline_calls.c). */
typedef struct {
    int64_t *sreq; /* the number of the call's request at the service: only grows */
    int32_t *req;  /* this run's request that made it */
    size_t n, cap;
} tl__calls;

struct timeline {
    int64_t t_end;
    size_t ncores, nproc, nloops, ndevices, nreq;
    tl__lanes lanes[TL_LANE_KIND_COUNT];

    tl_worker_info *workers;
    tl_loop_info *loops;
    rd_shape shape;     /* queue lanes are the reader's queue slots */

    int64_t *arrive_t; /* arrival times in order */
    int16_t *req_proc; /* per request: the process it was sent to, or -1 */
    size_t narrive;
    int64_t *done_t;   /* completion times in order */
    __int128 *lat_sum; /* ndone + 1 prefix sums of latencies in completion order */
    int64_t *lat_max;  /* running maximum */
    size_t ndone;
    tl__rank lat;

    tl__cum busy, gil;

    int64_t *lag_t, *lag_sum, *lag_max; /* loop lag samples, prefix sums, running max */
    int64_t *lag_from; /* lag_from[i]: the earliest time a callback of samples i .. nlag - 1
                          became ready (its sample's time minus its lag): suffix minima,
                          so that lag_from[k] <= t says one of them waits at t */
    size_t nlag;

    int64_t *mem_t, *mem_v; /* memory events: from mem_t[i] on the run holds mem_v[i] */
    int64_t *mem_peak;      /* the most it held at any event up to mem_t[i]'s instant */
    size_t nmem;

    sim_log_line *log;
    size_t nlog;

    tl__shared *shared; /* per shared value ("state"): its writes; NULL before the first */
    size_t nshared;

    tl__calls *calls;   /* per service of the scenario: the calls made; NULL before the first */
    size_t ncalls;

    int64_t *times; /* distinct event times */
    uint32_t *time_steps; /* per time: how many events happened then */
    size_t ntimes;
    uint32_t *log_k;    /* per log line: the events of its instant up to its own */

    bool has_steps;     /* lanes are indexed inside instants (sub) */
    tl__sub *sub;
    size_t nsub;

    tl__trans *trans;
    size_t ntrans;
    tl__checkpoint *cps; /* cps[j]: totals after transitions [0, j * TL__CHECKPOINT) */
};

/* ---- building ------------------------------------------------------------------ */

/* Lanes of one kind while building: intervals in time order with their lane. */
typedef struct {
    tl__iv *iv;
    uint32_t *lane;
    size_t n, cap;
    int64_t *last;   /* per lane: its last interval, or -1 */
    int64_t *sub_last; /* per lane, with steps: its last entry in b->tl->sub, or -1 */
    size_t nlanes, cap_lanes;
} tl__blanes;

typedef struct {
    const scn_scenario *scn;
    timeline *tl;
    rd_reader *rd;             /* what the run is doing now */
    int err;
    int64_t now;

    tl__blanes bl[TL_LANE_KIND_COUNT];

    size_t cap_arrive, cap_done, cap_lag, cap_log, cap_times, cap_trans, cap_mem;
    size_t cap_sub;
    size_t sub_from;           /* the first entry of sub of the current instant */
    uint32_t k;                /* events of the current instant read so far */
    int64_t *lat;              /* latencies in completion order */
    int64_t mem_hi;            /* the most memory any event so far said the run holds */
} tl__builder;

/* timeline_lanes.c */
int tl__lanes_init(tl__builder *b);
void tl__lanes_release(tl__builder *b);
/* Sizes the build's arrays for a trace of `events` events (a hint: they grow if
 * needed, and failing to reserve is not an error). */
void tl__lanes_presize(tl__builder *b, size_t events);
/* Makes room for lane `lane` of `kind`. */
int tl__lanes_reserve(tl__builder *b, int kind, size_t lanes);
/* Lane `lane` of `kind` shows now what the reader says: a new interval if it
 * differs from the last one. */
void tl__record(tl__builder *b, int kind, size_t lane);
/* The instant at b->now is over: the running totals follow. */
void tl__instant_end(tl__builder *b);
/* Moves the build's records into the timeline's final layout. */
int tl__lanes_finish(tl__builder *b);
int tl__cum_add(tl__builder *b, tl__cum *c, int64_t t, int64_t rate);
bool tl__grow(tl__builder *b, void **arr, size_t *cap, size_t n, size_t size);
/* Arrays that hold one entry each per index (a lane's intervals and their lanes, a
 * series' times and values) and so share one capacity. */
typedef struct {
    void **p;
    size_t size; /* of one element */
} tl__col;
/* Room for entry n in every column; false (and the build's error) if not. */
bool tl__grow_cols(tl__builder *b, size_t *cap, size_t n, const tl__col *cols, size_t k);
/* The series that grow together, as columns (timeline_events.c): completion times
 * and latencies (cap_done), loop lag times, sums and maxima (cap_lag), memory
 * times, values and peaks (cap_mem). Each fills and returns `cols`. */
const tl__col *tl__done_cols(tl__builder *b, tl__col cols[2]);
const tl__col *tl__lag_cols(tl__builder *b, tl__col cols[3]);
const tl__col *tl__mem_cols(tl__builder *b, tl__col cols[3]);
/* The loop lag's suffix minima of ready times (lag_from), once the samples are in. */
int tl__lag_finish(timeline *tl);

/* timeline_steps.c: inside an instant, for runs of at most TL_STEPS_MAX_EVENTS */
/* Records the lanes the event just read changed (b->k is its place in the instant). */
void tl__steps_record(tl__builder *b);
/* The instant of `n` events that ended: drops what its last step shows anyway
 * (the lanes have it) and sorts the rest for lookups. */
void tl__steps_instant_end(tl__builder *b, uint32_t n);
/* The entry of lane `lane` of `kind` after the first k events at t, or NULL when
 * the lane did not change at t up to then. */
const tl__sub *tl__sub_find(const timeline *tl, int kind, size_t lane, int64_t t, uint32_t k);
/* What a lane shows now (timeline_lanes.c), and whether two intervals show the same. */
tl__iv tl__now_lane(const tl__builder *b, int kind, size_t lane);
bool tl__same(const tl__iv *x, const tl__iv *y);
extern const tl__iv tl__blank;

/* The number of values in v[0 .. n) that are <= t (v sorted ascending). O(log n). */
size_t tl__count_le(const int64_t *v, size_t n, int64_t t);

/* timeline_events.c: the series an event adds to */
void tl__on_event(tl__builder *b, const trace_event *ev);
/* A write of a shared value (timeline_shared.c), and freeing them all. */
void tl__on_write(tl__builder *b, const trace_event *ev);
void tl__shared_free(timeline *tl);
/* A call of a service (timeline_calls.c), and freeing them all. */
void tl__on_call(tl__builder *b, const trace_event *ev);
void tl__calls_free(timeline *tl);
void tl__on_memory(tl__builder *b, int64_t bytes);

#endif
