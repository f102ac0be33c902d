/* outfile.c - temporary file, then rename (see outfile.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

/* ---- temporary files a signal must not leave behind --------------------------------
 *
 * The handler may run between any two instructions, so it reads only this table of
 * paths, whose slots are set after the path is complete and cleared before it is
 * freed, and calls only async-signal-safe functions (unlink, signal, raise). */

#define LIVE_MAX 32
static char *volatile live[LIVE_MAX];

static void live_add(char *tmp)
{
    for (int i = 0; i < LIVE_MAX; i++) {
        if (live[i] == NULL) {
            live[i] = tmp;
            return;
        }
    }
    /* more than LIVE_MAX at once: this one is only removed by commit and abort */
}

static void live_remove(const char *tmp)
{
    for (int i = 0; i < LIVE_MAX; i++)
        if (live[i] == tmp)
            live[i] = NULL;
}

static void on_signal(int sig)
{
    for (int i = 0; i < LIVE_MAX; i++) {
        char *p = live[i];
        if (p != NULL)
            unlink(p);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void outfile_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa = {0};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* a signal the user ignored (nohup) stays ignored */
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* ---- where the bytes go ---------------------------------------------------------- */

static int file_write(void *ctx, const char *buf, size_t n)
{
    outfile *af = ctx;
    if (fwrite(buf, 1, n, af->f) == n)
        return 0;
    if (af->errnum == 0)
        af->errnum = errno ? errno : EIO;
    return SIM_EIO;
}

static char *dup_n(const char *s, size_t n, size_t extra)
{
    char *p = malloc(n + extra + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* The file a path names after every symbolic link: for an existing file its real
 * path; for a link whose target does not exist yet, that target (a relative one
 * taken from the link's folder); else the path itself. Malloc'd; NULL with errno. */
static char *final_path(const char *path)
{
    char *real = realpath(path, NULL);
    if (real != NULL || errno != ENOENT)
        return real;
    char *p = dup_n(path, strlen(path), 0);
    for (int hops = 0; p != NULL && hops < 40; hops++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
            return p;
        char target[PATH_MAX];
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n < 0) {
            free(p);
            return NULL;
        }
        target[n] = '\0';
        const char *slash = strrchr(p, '/');
        size_t dir = target[0] == '/' || slash == NULL ? 0 : (size_t)(slash - p) + 1;
        char *next = dup_n(p, dir, (size_t)n);
        if (next != NULL)
            memcpy(next + dir, target, (size_t)n + 1);
        free(p);
        p = next;
    }
    if (p != NULL) {
        free(p);
        errno = ELOOP;
    }
    return NULL;
}

static int fail(outfile *af, int e)
{
    outfile_abort(af);
    errno = e;
    return SIM_EIO;
}

/* Writing straight into something that is not a regular file (a device, a pipe):
 * it cannot be half-written, and renaming over it would replace it. */
static int open_direct(outfile *af, const char *path)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(af, errno);
    af->direct = true;
    af->f = fdopen(fd, "w");
    if (af->f == NULL) {
        int e = errno;
        close(fd);
        return fail(af, e);
    }
    return 0;
}

static bool is_std(const FILE *f)
{
    return f == stdout || f == stderr;
}

void outfile_open_std(outfile *af, FILE *stream)
{
    memset(af, 0, sizeof *af);
    af->f = stream;
    af->sink = (sim_sink){.write = file_write, .ctx = af};
}

int outfile_open(outfile *af, const char *path)
{
    memset(af, 0, sizeof *af);
    if (strcmp(path, "-") == 0) {
        af->f = stdout;
    } else {
        struct stat st;
        bool exists = stat(path, &st) == 0;
        if (exists && S_ISDIR(st.st_mode))
            return fail(af, EISDIR);
        if (exists && !S_ISREG(st.st_mode)) {
            if (open_direct(af, path) < 0)
                return SIM_EIO;
        } else {
            /* the temporary file goes beside the file that will be replaced, so the
             * rename stays on one file system and a symbolic link stays a link */
            af->path = final_path(path);
            if (af->path == NULL)
                return fail(af, errno);
            size_t n = strlen(af->path);
            af->tmp = dup_n(af->path, n, sizeof ".tmp-XXXXXX");
            if (af->tmp == NULL)
                return fail(af, ENOMEM);
            memcpy(af->tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
            int fd = mkstemp(af->tmp);
            if (fd < 0) {
                int e = errno;
                free(af->tmp);
                af->tmp = NULL;
                return fail(af, e);
            }
            live_add(af->tmp);
            /* mkstemp makes the file 0600; give it the mode a plain create would */
            mode_t mask = umask(0);
            umask(mask);
            fchmod(fd, 0666 & ~mask);
            af->f = fdopen(fd, "w");
            if (af->f == NULL) {
                int e = errno;
                close(fd);
                return fail(af, e);
            }
        }
    }
    af->sink = (sim_sink){.write = file_write, .ctx = af};
    return 0;
}

void outfile_abort(outfile *af)
{
    if (af->f != NULL && !is_std(af->f))
        fclose(af->f);
    if (af->tmp != NULL) {
        unlink(af->tmp);
        live_remove(af->tmp);
    }
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
}

int outfile_commit(outfile *af)
{
    int rc = af->sink.err;
    int e = af->errnum;
    if (is_std(af->f)) {
        if (fflush(af->f) != 0 && rc == 0) {
            rc = SIM_EIO;
            e = errno;
        }
        memset(af, 0, sizeof *af);
        errno = e ? e : EIO;
        return rc;
    }
    if (fflush(af->f) != 0 && rc == 0) {
        rc = SIM_EIO;
        e = errno;
    }
    /* a device or a pipe cannot be synced (EINVAL); only a file's data matters */
    if (!af->direct && rc == 0 && fsync(fileno(af->f)) != 0) {
        rc = SIM_EIO;
        e = errno;
    }
    if (fclose(af->f) != 0 && rc == 0) {
        rc = SIM_EIO;
        e = errno;
    }
    af->f = NULL;
    if (rc == 0 && !af->direct && rename(af->tmp, af->path) != 0) {
        rc = SIM_EIO;
        e = errno;
    }
    if (rc != 0)
        return fail(af, e ? e : EIO);
    if (af->tmp != NULL)
        live_remove(af->tmp);
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
    return 0;
}

int outfile_finish(outfile *af)
{
    int rc = af->sink.err;
    if (rc == 0 || rc == SIM_EIO)
        return outfile_commit(af); /* a failed write: errno of that write */
    outfile_abort(af);
    return rc;
}
