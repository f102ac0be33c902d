/* diag.h - a list of problems found in a user's file.
 *
 * The loader and the grader never print: they add each problem here as
 * "file:line:col: $.json.path: message" and go on, so a user sees all of them at
 * once. The list keeps at most DIAG_MAX_KEPT messages and counts the rest, so a
 * huge bad file cannot use unbounded memory.
 */
#ifndef BISTRO_DIAG_H
#define BISTRO_DIAG_H

#include <stddef.h>

#define DIAG_MAX_KEPT 200

typedef struct diag_list diag_list;

/* A new empty list, or NULL when out of memory. */
diag_list *diag_new(void);

/* Releases the list; NULL is a no-op. */
void diag_free(diag_list *d);

/* Adds "file:line:col: path: message". line/col are 1-based; 0 omits them (a file
 * that could not be read). `path` may be NULL. Returns 0 or SIM_ENOMEM. */
int diag_add(diag_list *d, const char *file, int line, int col, const char *path, const char *fmt,
             ...) __attribute__((format(printf, 6, 7)));

/* How many problems were added (kept or not). */
size_t diag_count(const diag_list *d);

/* How many are kept and can be read with diag_get(). */
size_t diag_kept(const diag_list *d);

/* The i-th kept message, i < diag_kept(d). */
const char *diag_get(const diag_list *d, size_t i);

/* Forgets every message. */
void diag_clear(diag_list *d);

#endif
