/* scenario_internal.h - what the scenario loader's files share: the walk's
 * context with the scenario under construction, and the readers of a scenario's
 * own parts. The generic walk (paths, problems, values) is json_walk.h's.
 */
#ifndef BISTRO_SCENARIO_INTERNAL_H
#define BISTRO_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json_walk.h"
#include "scenario.h"

/* A runtime's own code listing, as peeked at before the steps are read. */
typedef struct {
    const char *name; /* the runtime's name ("" when it has none); owned by the JSON */
    size_t index;     /* in $.runtimes */
    size_t lines;
} scn__listing;

typedef struct {
    jw_ctx jw;         /* the walk: path, problems, allocation failure */
    scn_scenario *scn; /* being built */
    size_t strings_cap;
    bool has_code;     /* a top-level code listing was given */
    bool top_shown;    /* some runtime shows it: `line` must fall inside it */
    const char *top_user; /* the first runtime that shows it ("" without a name) */
    scn__listing listings[SCN_MAX_RUNTIMES]; /* the runtimes' own listings: `line` */
    size_t nlistings;                        /* must fall inside each of them too */
    /* task and promise names: how the program being read uses each (a name's
     * flags count only while its stamp is the program's number) */
    size_t names_cap;
    uint32_t program;                 /* the number of the program being read */
    uint32_t name_stamp[SCN_MAX_NAMES];
    uint8_t name_use[SCN_MAX_NAMES];  /* SCN__USE_* */
    bool named_awaits;                /* the program awaits a promise by name */
    int offloaded;                    /* inside an offload's steps (another thread) */
    /* shared state (scenario_state.c): which values the program being read has
     * read so far (a key's flag counts only while its stamp is the program's) */
    uint32_t key_stamp[SCN_MAX_STATE];
    bool key_read[SCN_MAX_STATE];
    size_t locks_cap;
    int held[SCN_MAX_LOCK_DEPTH];     /* the locks enclosing the step being read */
    int nheld;
    /* lock_order[a][b]: the line where lock b is first taken inside lock a, or 0 */
    int lock_order[SCN_MAX_LOCKS][SCN_MAX_LOCKS];
    bool service_runtime;             /* the runtime read next is a service's: it may
                                         be "processes", and has no name of its own */
} scn__ctx;

enum { SCN__USE_SPAWN = 1, SCN__USE_RESOLVE = 2, SCN__USE_AWAIT = 4 };

/* A constant duration (string with unit, or number of ms), at least `min` ns. */
bool scn__duration(scn__ctx *c, const cJSON *v, int64_t min, int64_t *ns);
/* A constant duration or a distribution object. */
bool scn__dist(scn__ctx *c, const cJSON *v, scn_dist *out);
bool scn__size(scn__ctx *c, const cJSON *v, int64_t *bytes);

/* ---- the parts of a scenario (scenario_steps.c, scenario_workload.c,
 * scenario_runtimes.c) ---- */

/* A list of steps into *out; returns its expanded size (see scn__expanded),
 * saturated at SCN_MAX_EXPANDED_STEPS + 1. */
uint64_t scn__block(scn__ctx *c, const cJSON *v, scn_block *out);
/* A top-level program (one request's steps): non-empty and within
 * SCN_MAX_EXPANDED_STEPS once expanded. */
void scn__program(scn__ctx *c, const cJSON *v, scn_block *out);
void scn__workload(scn__ctx *c, const cJSON *v, scn_workload *out);
void scn__runtimes(scn__ctx *c, const cJSON *v);

/* ---- shared state and locks (scenario_state.c) ---- */

/* The top-level "state": names and initial values. */
void scn__state(scn__ctx *c, const cJSON *v);
/* A read or write step (s->kind set): its key, and a write's `add` (may be NULL). */
void scn__state_step(scn__ctx *c, const cJSON *km, const cJSON *add, scn_step *s);
/* A lock step's name: true when its steps may be read under it (then
 * scn__lock_leave after them); false with the problem reported. */
bool scn__lock_enter(scn__ctx *c, const cJSON *km, scn_step *s);
void scn__lock_leave(scn__ctx *c);

/* ---- services (scenario_services.c) ---- */

/* "services" (may be NULL) and "network" (may be NULL), before the workload: a
 * call step names a service. */
void scn__services(scn__ctx *c, const cJSON *services, const cJSON *network);
/* A service's "runtime" (scenario_runtimes.c): as a runtime of the list, named
 * after the service, without captions or listing. */
void scn__service_runtime(scn__ctx *c, const cJSON *v, scn_runtime *r, const char *name);
/* A service's "machine" (scenario_load.c): over *m, which holds the defaults. */
void scn__machine(scn__ctx *c, const cJSON *v, scn_machine *m);
/* After the runtimes: a lock held across a call of a service that a runtime makes
 * in its own process, whose request takes that lock too (a deadlock), is
 * reported at the call. `workload` and `services` are the JSON (may be NULL). */
void scn__in_process_locks(scn__ctx *c, const cJSON *workload, const cJSON *services);
void scn__free_services(scn_scenario *scn);

/* ---- captions and code listings (scenario_captions.c) ---- */

/* A code listing into *out; true when it is valid. */
bool scn__code(scn__ctx *c, const cJSON *v, scn_code *out);
/* A list of captions into *out (calloc'd) and *n. */
void scn__narration(scn__ctx *c, const cJSON *v, scn_narration **out, size_t *n);
/* "questions", after the runtimes (a question names one) and the steps (an
 * order question needs some that print) (scenario_questions.c). */
void scn__questions(scn__ctx *c, const cJSON *v, scn_scenario *scn);
void scn__free_questions(scn_question *q, size_t n);
/* Notes the runtimes' own listings in c->listings, and whether some runtime shows
 * the top-level one (c->top_shown), so that the steps, read before the runtimes,
 * can check their "line". Reports nothing: the runtimes' walk does. */
void scn__peek_listings(scn__ctx *c, const cJSON *runtimes);
void scn__free_narration(scn_narration *n, size_t count);
void scn__free_code(scn_code *code);

/* Releases what a block, a workload or a runtime owns (not the struct itself). */
void scn__free_block(scn_block *b);
void scn__free_workload(scn_workload *w);
void scn__free_runtime(scn_runtime *r);

#endif
