/* jsonloc.h - where each value of a JSON text is, for messages "file:line:col".
 *
 * cJSON keeps no source positions, so the loader scans the same text with the
 * small strict scanner below, which records the byte offset of every value (and
 * of its key, for object members) in document order, and then pairs those offsets
 * in pre-order with the cJSON tree, whose object members and array items are also
 * in document order, duplicates included.
 *
 * The scanner accepts exactly RFC 8259 JSON (plus one leading UTF-8 byte order
 * mark), which is a subset of what cJSON 1.7.15 accepts: it rejects what cJSON
 * lets through (control characters and NUL bytes, leading zeros, invalid escapes
 * that cJSON turns into NUL, invalid UTF-8, text after the value) and says what is
 * wrong in words. So the loader scans first and gives cJSON only text that has
 * passed, and the two always agree on the tree.
 */
#ifndef BISTRO_JSONLOC_H
#define BISTRO_JSONLOC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct jsonloc jsonloc;

#define JSONLOC_PATH_MAX 2560

/* A scanning problem: where, what, and whether it is one of bistro's limits (the
 * nesting depth, the length of a number) rather than invalid JSON. For a number
 * too long, `path` is the JSON path of its value ("$.workload.request[0].cpu",
 * keys as written in the file); otherwise it is empty. */
typedef struct {
    size_t offset;
    bool limit;
    char message[192];
    char path[JSONLOC_PATH_MAX];
} jsonloc_error;

/* An index over `text` (len bytes, need not be NUL-terminated; it must outlive
 * the index). Builds the line table at once. NULL when out of memory. */
jsonloc *jsonloc_new(const char *text, size_t len);

/* Releases the index; NULL is a no-op. */
void jsonloc_free(jsonloc *loc);

/* Scans the text, allowing at most max_depth nested arrays and objects. 0 on
 * success; SIM_EINVAL with *err filled for text that is not valid JSON or is
 * nested too deeply; SIM_ENOMEM. */
int jsonloc_scan(jsonloc *loc, int max_depth, jsonloc_error *err);

/* The offset just after the byte order mark, if the text starts with one. */
size_t jsonloc_start(const jsonloc *loc);

/* Pairs the scanned values with `root`, the cJSON tree of the same text (from
 * jsonloc_start() on). 0; SIM_EINVAL when the tree does not match the scan, which
 * means cJSON read the text differently; SIM_ENOMEM. */
int jsonloc_attach(jsonloc *loc, const cJSON *root);

/* The byte offset of `node`'s value, or of its key when `key` is true. False when
 * the node is not in the index (or has no key). */
bool jsonloc_offset(const jsonloc *loc, const cJSON *node, bool key, size_t *offset);

/* The 1-based line and byte column of `offset` (offset == len is the end). */
void jsonloc_line_col(const jsonloc *loc, size_t offset, int *line, int *col);

/* The text the index was made over. */
const char *jsonloc_text(const jsonloc *loc);

/* The bytes of the number token that starts at `offset` (its length). */
size_t jsonloc_number_len(const jsonloc *loc, size_t offset);

#endif
