/* atomic_file.h - writing a user's output file without ever leaving it half-written.
 *
 * Output goes to a temporary file beside the target ("PATH.tmp-XXXXXX") and is
 * renamed over the target only when everything was written and flushed, so an
 * existing file is either left untouched or replaced whole. "-" means standard
 * output. This is the one place in bistro that creates output files.
 */
#ifndef BISTRO_ATOMIC_FILE_H
#define BISTRO_ATOMIC_FILE_H

#include <stdio.h>

#include "sink.h"

typedef struct {
    char *path;  /* the target, or NULL for standard output */
    char *tmp;   /* the temporary file */
    FILE *f;
    sim_sink sink;
} atomic_file;

/* Opens a temporary file for `path` ("-" = stdout). 0, or SIM_EIO with errno set. */
int atomic_open(atomic_file *af, const char *path);

/* Flushes and renames into place. 0 or SIM_EIO (the temporary file is removed and
 * the target left as it was). Releases everything either way. */
int atomic_commit(atomic_file *af);

/* Gives up: removes the temporary file, leaves the target as it was. */
void atomic_abort(atomic_file *af);

#endif
