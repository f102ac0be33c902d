/* json_walk.h - walking a parsed JSON document: a path stack, every problem
 * reported as file:line:col: $.path: message, and exact value readers.
 *
 * The scenario loader and the grader (rubrics, students' answers) read their files
 * with it: parse with positions (jw_parse), then walk the cJSON tree once keeping
 * the JSON path of the value at hand ("$.runtimes[1].threads"). Every reader checks
 * one value and, only when it is valid, converts it; otherwise it adds a problem
 * and returns false, and the walk goes on, so that the user sees every problem at
 * once. A caller throws away what it built when there was a problem.
 *
 * Path convention: a reader given a value names it in the path itself when the
 * value is an object member (its key is in node->string) and removes it again
 * before returning; items of arrays are named by the loop that walks the array
 * (jw_push_index).
 */
#ifndef BISTRO_JSON_WALK_H
#define BISTRO_JSON_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "jsonloc.h"

/* Long enough for SCN_MAX_DEPTH levels of keys shortened to JW_KEY_SHOWN bytes. */
#define JW_PATH_MAX 2560
#define JW_KEY_SHOWN 40

typedef struct {
    const char *file;
    jsonloc *loc;
    diag_list *diags;
    int err;         /* SIM_ENOMEM once an allocation failed, else 0 */
    size_t problems; /* problems found, kept in diags or not */
    char path[JW_PATH_MAX];
    size_t plen;
} jw_ctx;

/* ---- parsing ---- */

/* Scans `text` (len bytes, NUL-terminated at len so no read can run past it) with
 * jsonloc and parses it with cJSON, pairing the two so every value has a position.
 * 0 with *loc and *root (the caller frees both); SIM_EINVAL with the problem in
 * diags as file:line:col: message; SIM_ENOMEM. Used for scenarios and rubrics. */
int jw_parse(const char *file, const char *text, size_t len, diag_list *diags, jsonloc **loc,
             cJSON **root);

/* ---- path ---- */

/* Appends ".key" (or ["key"] for keys that are not plain names); returns the mark
 * to pass to jw_pop. */
size_t jw_push_key(jw_ctx *c, const char *key);
size_t jw_push_index(jw_ctx *c, size_t i);
void jw_pop(jw_ctx *c, size_t mark);

/* Names v in the path when it is an object member; returns the mark. */
size_t jw_enter(jw_ctx *c, const cJSON *v);

/* ---- problems ---- */

/* Adds a problem at v's value (or, with _key, at v's key), under the current path. */
void jw_fail(jw_ctx *c, const cJSON *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void jw_fail_key(jw_ctx *c, const cJSON *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The members of object or array v, at most `limit`: with more, a problem
 * "N WHAT; the limit is LIMIT" at v, and the first `limit` are still checked. */
size_t jw_count_capped(jw_ctx *c, const cJSON *v, size_t limit, const char *what);

/* How v looks to the user: "\"5 ms\"" (shortened), -3 (as written), true, an
 * object, an empty array. Returns buf. */
const char *jw_describe(const jw_ctx *c, const cJSON *v, char *buf, size_t size);

/* Shortens and escapes s to a quoted string for messages. Returns buf. */
const char *jw_quote(const char *s, char *buf, size_t size);

/* The document's "schema" must be `want`; `what` names its files in the message
 * ("files", "rubrics"). A document of another schema is not read further, since
 * every other message would be noise: returns false then. */
bool jw_schema(jw_ctx *c, const cJSON *root, const cJSON *m, const char *want, const char *what);

/* ---- memory: on failure these set c->err and return NULL ---- */

void *jw_calloc(jw_ctx *c, size_t n, size_t size);
char *jw_strdup(jw_ctx *c, const char *s);

/* ---- objects ---- */

/* Checks obj's members against `keys`: found[i] gets the first member named
 * keys[i] (or NULL). Unknown keys are reported ("expected one of: ..."), except
 * those in `quiet` (already reported by the caller); later duplicates are
 * reported. The path must name obj. */
void jw_members(jw_ctx *c, const cJSON *obj, const char *const *keys, size_t nkeys,
                const cJSON **found, const char *const *quiet, size_t nquiet);

/* Reports `missing required key "key"` at obj when m is NULL. */
bool jw_require(jw_ctx *c, const cJSON *obj, const cJSON *m, const char *key);

/* True when v is an object (array); otherwise reports "expected <what>, got ...".
 * These do not change the path: the caller has named v. */
bool jw_want_object(jw_ctx *c, const cJSON *v, const char *what);
bool jw_want_array(jw_ctx *c, const cJSON *v, const char *what);

/* ---- values (each names v itself when v is a member) ---- */

bool jw_string(jw_ctx *c, const cJSON *v, bool nonempty, const char **out);
/* A whole number in [lo, hi], read exactly from the text. */
bool jw_int(jw_ctx *c, const cJSON *v, int64_t lo, int64_t hi, int64_t *out);
/* A finite number in (0, hi]; hi is a whole number. */
bool jw_positive(jw_ctx *c, const cJSON *v, double hi, double *out);
bool jw_bool(jw_ctx *c, const cJSON *v, bool *out);
/* One of the strings names[0..n); *out gets its index. */
bool jw_enum(jw_ctx *c, const cJSON *v, const char *const *names, size_t n, int *out);
/* The index of s in names[0..n), or n. */
size_t jw_find_name(const char *const *names, size_t n, const char *s);

/* The text of number v as the file has it (len bytes), or NULL when v is no number. */
const char *jw_number_text(const jw_ctx *c, const cJSON *v, size_t *len);

#endif
