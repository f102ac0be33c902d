/* scenario_walk.h - internal to the scenario loader: the walk over a parsed file.
 *
 * The loader walks the cJSON tree once, keeping the JSON path of the value it is
 * looking at ("$.runtimes[1].threads"). Every reader below checks one value and,
 * only when it is valid, converts it; otherwise it adds a problem
 * "file:line:col: path: message" and returns false, and the walk goes on so that
 * the user sees every problem at once. Whatever was built is thrown away when
 * there was a problem, so the scenario a caller gets was built only from values
 * that passed.
 *
 * Path convention: a reader given a value names it in the path itself when the
 * value is an object member (its key is in node->string) and removes it again
 * before returning; items of arrays are named by the loop that walks the array
 * (scn__push_index).
 */
#ifndef BISTRO_SCENARIO_WALK_H
#define BISTRO_SCENARIO_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "jsonloc.h"
#include "scenario.h"

/* Long enough for SCN_MAX_DEPTH levels of keys shortened to SCN__KEY_SHOWN bytes. */
#define SCN__PATH_MAX 2560
#define SCN__KEY_SHOWN 40

typedef struct {
    const char *file;
    jsonloc *loc;
    diag_list *diags;
    int err;         /* SIM_ENOMEM once an allocation failed, else 0 */
    size_t problems; /* problems found, kept in diags or not */
    char path[SCN__PATH_MAX];
    size_t plen;
    scn_scenario *scn; /* being built */
    size_t strings_cap;
    bool has_code;     /* a code listing was given: `line` must fall inside it */
} scn__ctx;

/* ---- parsing ---- */

/* Scans `text` (len bytes, NUL-terminated at len so no read can run past it) with
 * jsonloc and parses it with cJSON, pairing the two so every value has a position.
 * 0 with *loc and *root (the caller frees both); SIM_EINVAL with the problem in
 * diags as file:line:col: message; SIM_ENOMEM. Used for scenarios and rubrics. */
int scn__parse(const char *file, const char *text, size_t len, diag_list *diags, jsonloc **loc,
               cJSON **root);

/* ---- path ---- */

/* Appends ".key" (or ["key"] for keys that are not plain names); returns the mark
 * to pass to scn__pop. */
size_t scn__push_key(scn__ctx *c, const char *key);
size_t scn__push_index(scn__ctx *c, size_t i);
void scn__pop(scn__ctx *c, size_t mark);

/* Names v in the path when it is an object member; returns the mark. */
size_t scn__enter(scn__ctx *c, const cJSON *v);

/* ---- problems ---- */

/* Adds a problem at v's value (or, with _key, at v's key), under the current path. */
void scn__fail(scn__ctx *c, const cJSON *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void scn__fail_key(scn__ctx *c, const cJSON *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* How v looks to the user: "\"5 ms\"" (shortened), -3 (as written), true, an
 * object, an empty array. Returns buf. */
const char *scn__describe(const scn__ctx *c, const cJSON *v, char *buf, size_t size);

/* Shortens and escapes s to a quoted string for messages. Returns buf. */
const char *scn__quote(const char *s, char *buf, size_t size);

/* The document's "schema" must be `want`; `what` names its files in the message
 * ("files", "rubrics"). A document of another schema is not read further, since
 * every other message would be noise: returns false then. */
bool scn__schema(scn__ctx *c, const cJSON *root, const cJSON *m, const char *want,
                 const char *what);

/* ---- memory: on failure these set c->err and return NULL ---- */

void *scn__calloc(scn__ctx *c, size_t n, size_t size);
char *scn__strdup(scn__ctx *c, const char *s);

/* ---- objects ---- */

/* Checks obj's members against `keys`: found[i] gets the first member named
 * keys[i] (or NULL). Unknown keys are reported ("expected one of: ..."), except
 * those in `quiet` (already reported by the caller); later duplicates are
 * reported. The path must name obj. */
void scn__members(scn__ctx *c, const cJSON *obj, const char *const *keys, size_t nkeys,
                  const cJSON **found, const char *const *quiet, size_t nquiet);

/* Reports `missing required key "key"` at obj when m is NULL. */
bool scn__require(scn__ctx *c, const cJSON *obj, const cJSON *m, const char *key);

/* True when v is an object (array); otherwise reports "expected <what>, got ...".
 * These do not change the path: the caller has named v. */
bool scn__want_object(scn__ctx *c, const cJSON *v, const char *what);
bool scn__want_array(scn__ctx *c, const cJSON *v, const char *what);

/* ---- values (each names v itself when v is a member) ---- */

bool scn__string(scn__ctx *c, const cJSON *v, bool nonempty, const char **out);
/* A whole number in [lo, hi], read exactly from the text. */
bool scn__int(scn__ctx *c, const cJSON *v, int64_t lo, int64_t hi, int64_t *out);
/* A finite number in (0, hi]; hi is a whole number. */
bool scn__positive(scn__ctx *c, const cJSON *v, double hi, double *out);
bool scn__bool(scn__ctx *c, const cJSON *v, bool *out);
/* One of the strings names[0..n); *out gets its index. */
bool scn__enum(scn__ctx *c, const cJSON *v, const char *const *names, size_t n, int *out);
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

/* Releases what a block, a workload or a runtime owns (not the struct itself). */
void scn__free_block(scn_block *b);
void scn__free_workload(scn_workload *w);
void scn__free_runtime(scn_runtime *r);

#endif
