/* outfile.h - writing a user's output file without ever leaving it half-written.
 *
 * Output goes to a temporary file beside the target ("PATH.tmp-XXXXXX") and is
 * renamed over the target only when everything was written and flushed, so an
 * existing file is either left untouched or replaced whole. A symbolic link is
 * followed: the file it points to is replaced (the temporary file goes beside
 * it) and the link stays. A target that exists and is not a regular file (a
 * device such as /dev/null, a pipe, /dev/stdout) is written directly, never
 * replaced. "-" means standard output. This is the one place in bistro that
 * creates output files.
 */
#ifndef BISTRO_OUTFILE_H
#define BISTRO_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "sink.h"

typedef struct {
    char *path;  /* the file to replace, after symbolic links; NULL when writing
                    directly or to standard output */
    char *tmp;   /* the temporary file, or NULL */
    FILE *f;
    bool direct; /* writing straight into a device or a pipe */
    int errnum;  /* errno of the first write that failed */
    sim_sink sink;
} outfile;

/* Opens a temporary file for `path` ("-" = stdout; a device or a pipe: itself).
 * 0, or SIM_EIO with errno set (EISDIR for a folder). */
int outfile_open(outfile *af, const char *path);

/* Flushes and renames into place. 0 or SIM_EIO with errno saying why (of the first
 * write that failed, or of the flush, sync or rename: ENOSPC on a full disk); the
 * temporary file is removed and the target left as it was. Releases everything
 * either way. */
int outfile_commit(outfile *af);

/* The same for a standard stream (stdout, stderr), never closed. */
void outfile_open_std(outfile *af, FILE *stream);

/* After writing through af->sink: commits when every write went well, else gives
 * up. 0; SIM_EIO with errno saying why (a write, the flush, the rename: ENOSPC on
 * a full disk); or the sink's own error (SIM_ENOMEM from a writer). */
int outfile_finish(outfile *af);

/* Gives up: removes the temporary file, leaves the target as it was. */
void outfile_abort(outfile *af);

/* Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of outfiles still
 * open before the program ends as the signal says (a signal the program ignores
 * stays ignored). Call once at start. */
void outfile_cleanup_on_signals(void);

#endif
