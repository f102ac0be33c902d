/* test_outfile.c - output files: replaced whole or not at all, links kept, devices
 * and pipes written in place, the system's reason on failure, no temporary file
 * left behind by a signal. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "error.h"
#include "outfile.h"
#include "sink.h"

typedef struct {
    char dir[64];
} tmp_dir;

static void make_dir(tmp_dir *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/bistro-outfile-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
}

static void in_dir(char *out, size_t cap, const tmp_dir *t, const char *name)
{
    snprintf(out, cap, "%s/%s", t->dir, name);
}

/* The names in the folder, sorted, joined by spaces. */
static void listing(const tmp_dir *t, char *out, size_t cap)
{
    struct dirent **names;
    int n = scandir(t->dir, &names, NULL, alphasort);
    assert_true(n >= 0);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            size_t len = strlen(out);
            snprintf(out + len, cap - len, "%s%s", len ? " " : "", names[i]->d_name);
        }
        free(names[i]);
    }
    free(names);
}

static void remove_dir(tmp_dir *t)
{
    struct dirent **names;
    int n = scandir(t->dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char p[400];
        if (names[i]->d_name[0] != '.') {
            in_dir(p, sizeof p, t, names[i]->d_name);
            unlink(p);
        }
        free(names[i]);
    }
    free(names);
    rmdir(t->dir);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void read_back(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    fclose(f);
}

static int write_all(const char *path, const char *text)
{
    outfile af;
    int rc = outfile_open(&af, path);
    if (rc < 0)
        return rc;
    sink_write(&af.sink, text, strlen(text));
    return outfile_finish(&af);
}

static void test_replaces_a_file_whole(void **state)
{
    (void)state;
    tmp_dir t;
    make_dir(&t);
    char path[160], got[64], names[256];
    in_dir(path, sizeof path, &t, "out.csv");
    write_file(path, "old");
    assert_int_equal(write_all(path, "new"), 0);
    read_back(path, got, sizeof got);
    assert_string_equal(got, "new");
    listing(&t, names, sizeof names);
    assert_string_equal(names, "out.csv");
    remove_dir(&t);
}

/* A link stays a link; the file it names is replaced, its temporary file made
 * beside that file (here in another folder), so nothing is left in either. */
static void test_follows_a_symbolic_link(void **state)
{
    (void)state;
    tmp_dir a, b;
    make_dir(&a);
    make_dir(&b);
    char link[160], target[160], got[64], names[256];
    in_dir(target, sizeof target, &b, "real.csv");
    in_dir(link, sizeof link, &a, "link.csv");
    write_file(target, "old");
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(write_all(link, "new"), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    read_back(target, got, sizeof got);
    assert_string_equal(got, "new");
    listing(&a, names, sizeof names);
    assert_string_equal(names, "link.csv");
    listing(&b, names, sizeof names);
    assert_string_equal(names, "real.csv");

    /* a link to a file not there yet (relative to the link's folder) creates it */
    char dangling[160];
    in_dir(dangling, sizeof dangling, &b, "soon.csv");
    assert_int_equal(symlink("later.csv", dangling), 0);
    assert_int_equal(write_all(dangling, "made"), 0);
    in_dir(target, sizeof target, &b, "later.csv");
    read_back(target, got, sizeof got);
    assert_string_equal(got, "made");
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    remove_dir(&a);
    remove_dir(&b);
}

/* A named pipe is written into, not replaced by a regular file. */
static void test_writes_into_a_pipe(void **state)
{
    (void)state;
    tmp_dir t;
    make_dir(&t);
    char pipe_path[160], got_path[160], got[64];
    in_dir(pipe_path, sizeof pipe_path, &t, "pipe");
    in_dir(got_path, sizeof got_path, &t, "got");
    assert_int_equal(mkfifo(pipe_path, 0600), 0);
    pid_t reader = fork();
    assert_true(reader >= 0);
    if (reader == 0) {
        /* the reader: copies what comes through the pipe into `got` */
        FILE *in = fopen(pipe_path, "r"), *out = fopen(got_path, "w");
        int c;
        while (in != NULL && out != NULL && (c = fgetc(in)) != EOF)
            fputc(c, out);
        _exit(in != NULL && out != NULL && fclose(out) == 0 ? 0 : 1);
    }
    assert_int_equal(write_all(pipe_path, "through"), 0);
    int status;
    assert_int_equal(waitpid(reader, &status, 0), reader);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    read_back(got_path, got, sizeof got);
    assert_string_equal(got, "through");
    struct stat st;
    assert_int_equal(lstat(pipe_path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    remove_dir(&t);
}

/* /dev/full: written directly (as root a rename would replace the device), and
 * the failure carries the system's reason, whether it shows in a write or only
 * at the flush. */
static void test_full_device_says_no_space(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode))
        skip();
    outfile af;
    assert_int_equal(outfile_open(&af, "/dev/full"), 0);
    if (!af.direct) {
        outfile_abort(&af); /* never rename over the device */
        fail_msg("/dev/full was not opened directly");
    }
    sink_write(&af.sink, "x", 1);
    errno = 0;
    assert_int_equal(outfile_finish(&af), SIM_EIO);
    assert_int_equal(errno, ENOSPC);

    /* more than a stdio buffer: the write itself fails */
    assert_int_equal(outfile_open(&af, "/dev/full"), 0);
    assert_true(af.direct);
    static char big[1 << 17];
    memset(big, 'x', sizeof big);
    assert_int_equal(sink_write(&af.sink, big, sizeof big), SIM_EIO);
    errno = 0;
    assert_int_equal(outfile_finish(&af), SIM_EIO);
    assert_int_equal(errno, ENOSPC);
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_refuses_a_folder(void **state)
{
    (void)state;
    tmp_dir t;
    make_dir(&t);
    outfile af;
    errno = 0;
    assert_int_equal(outfile_open(&af, t.dir), SIM_EIO);
    assert_int_equal(errno, EISDIR);
    remove_dir(&t);
}

/* SIGTERM (or SIGINT, SIGHUP) in the middle of writing: the program still ends by
 * the signal, and its temporary file is gone. */
static void test_signal_removes_the_temporary_file(void **state)
{
    (void)state;
    static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        tmp_dir t;
        make_dir(&t);
        char path[160], names[256];
        in_dir(path, sizeof path, &t, "big.jsonl");
        pid_t child = fork();
        assert_true(child >= 0);
        if (child == 0) {
            signal(sigs[i], SIG_DFL);
            outfile_cleanup_on_signals();
            outfile af;
            if (outfile_open(&af, path) != 0)
                _exit(3);
            sink_write(&af.sink, "half", 4);
            raise(sigs[i]);
            _exit(4); /* not reached */
        }
        int status;
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
        listing(&t, names, sizeof names);
        assert_string_equal(names, "");
        remove_dir(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replaces_a_file_whole),
        cmocka_unit_test(test_follows_a_symbolic_link),
        cmocka_unit_test(test_writes_into_a_pipe),
        cmocka_unit_test(test_full_device_says_no_space),
        cmocka_unit_test(test_refuses_a_folder),
        cmocka_unit_test(test_signal_removes_the_temporary_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
