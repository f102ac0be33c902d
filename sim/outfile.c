/* outfile.c - temporary file, then rename (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

static int file_write(void *ctx, const char *buf, size_t n)
{
    return fwrite(buf, 1, n, (FILE *)ctx) == n ? 0 : SIM_EIO;
}

int outfile_open(outfile *af, const char *path)
{
    memset(af, 0, sizeof *af);
    if (strcmp(path, "-") == 0) {
        af->f = stdout;
    } else {
        size_t n = strlen(path);
        af->path = malloc(n + 1);
        af->tmp = malloc(n + sizeof ".tmp-XXXXXX");
        if (af->path == NULL || af->tmp == NULL) {
            outfile_abort(af);
            errno = ENOMEM;
            return SIM_EIO;
        }
        memcpy(af->path, path, n + 1);
        memcpy(af->tmp, path, n);
        memcpy(af->tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
        int fd = mkstemp(af->tmp);
        if (fd < 0) {
            int e = errno;
            free(af->tmp);
            af->tmp = NULL;
            outfile_abort(af);
            errno = e;
            return SIM_EIO;
        }
        /* mkstemp makes the file 0600; give it the mode a plain create would */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        af->f = fdopen(fd, "w");
        if (af->f == NULL) {
            int e = errno;
            close(fd);
            outfile_abort(af);
            errno = e;
            return SIM_EIO;
        }
    }
    af->sink = (sim_sink){.write = file_write, .ctx = af->f};
    return 0;
}

void outfile_abort(outfile *af)
{
    if (af->f != NULL && af->f != stdout)
        fclose(af->f);
    if (af->tmp != NULL)
        unlink(af->tmp);
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
}

int outfile_commit(outfile *af)
{
    int rc = af->sink.err;
    if (af->f == stdout) {
        if (fflush(stdout) != 0 && rc == 0)
            rc = SIM_EIO;
        memset(af, 0, sizeof *af);
        return rc;
    }
    if (fflush(af->f) != 0 || fsync(fileno(af->f)) != 0)
        rc = SIM_EIO;
    if (fclose(af->f) != 0)
        rc = SIM_EIO;
    af->f = NULL;
    if (rc == 0 && rename(af->tmp, af->path) != 0)
        rc = SIM_EIO;
    if (rc != 0) {
        int e = errno;
        outfile_abort(af);
        errno = e;
        return rc;
    }
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
    return 0;
}
