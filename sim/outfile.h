/* outfile.h - writing a user's output file without ever leaving it half-written.
 *
 * Output goes to a temporary file beside the target ("PATH.tmp-XXXXXX") and is
 * renamed over the target only when everything was written and flushed, so an
 * existing file is either left untouched or replaced whole. "-" means standard
 * output. This is the one place in bistro that creates output files.
 */
#ifndef BISTRO_OUTFILE_H
#define BISTRO_OUTFILE_H

#include <stdio.h>

#include "sink.h"

typedef struct {
    char *path;  /* the target, or NULL for standard output */
    char *tmp;   /* the temporary file */
    FILE *f;
    sim_sink sink;
} outfile;

/* Opens a temporary file for `path` ("-" = stdout). 0, or SIM_EIO with errno set. */
int outfile_open(outfile *af, const char *path);

/* Flushes and renames into place. 0 or SIM_EIO (the temporary file is removed and
 * the target left as it was). Releases everything either way. */
int outfile_commit(outfile *af);

/* Gives up: removes the temporary file, leaves the target as it was. */
void outfile_abort(outfile *af);

#endif
