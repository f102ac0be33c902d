/* test_support.h - what several test programs need: a scenario from JSON text or a file.
 *
 * Include after <cmocka.h>. Every problem the loader reports is printed before
 * the test fails, so a broken inline scenario says what is wrong with it.
 */
#ifndef BISTRO_TEST_SUPPORT_H
#define BISTRO_TEST_SUPPORT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "error.h"
#include "scenario.h"

/* The whole of file `path` as a NUL-terminated string (the caller frees it), or
 * NULL when it cannot be opened or is empty. */
static inline char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *p = realloc(buf, cap);
            assert_non_null(p);
            buf = p;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static inline scn_scenario *load(const char *json)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    scn_scenario *scn = NULL;
    int rc = scn_load_buffer("inline.json", json, strlen(json), &scn, d);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
    diag_free(d);
    assert_int_equal(rc, 0);
    return scn;
}

/* A scenario file (a bundled lesson, a golden case), problems printed likewise. */
static inline scn_scenario *load_path(const char *path)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    scn_scenario *scn = NULL;
    int rc = scn_load_file(path, &scn, d);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
    diag_free(d);
    if (rc != 0)
        print_error("%s: %s\n", path, sim_strerror(rc));
    assert_int_equal(rc, 0);
    return scn;
}

/* Runs runtime `runtime` of scn with `seed` to the end, its trace (and its
 * services') kept when `trace`; the caller frees it. */
static inline sim_run *run_to_end_with(const scn_scenario *scn, size_t runtime, uint64_t seed,
                                       bool trace)
{
    sim_options opt = {.seed = seed, .keep_trace = trace};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, runtime, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    return run;
}

/* The same without a trace. run_named_to_end: the runtime called `name` (the
 * first when NULL); run_traced_to_end: that one with its traces kept. */
static inline sim_run *run_to_end(const scn_scenario *scn, size_t runtime, uint64_t seed)
{
    return run_to_end_with(scn, runtime, seed, false);
}

static inline sim_run *run_traced_to_end(const scn_scenario *scn, const char *name, uint64_t seed)
{
    int i = name ? scn_find_runtime(scn, name) : 0;
    assert_true(i >= 0);
    return run_to_end_with(scn, (size_t)i, seed, true);
}

static inline sim_run *run_named_to_end(const scn_scenario *scn, const char *name, uint64_t seed)
{
    int i = name ? scn_find_runtime(scn, name) : 0;
    assert_true(i >= 0);
    return run_to_end(scn, (size_t)i, seed);
}

/* found within rel (relative) of expected. */
static inline void assert_near(double found, double expected, double rel)
{
    if (fabs(found - expected) > rel * fabs(expected))
        fail_msg("found %.6f, expected %.6f within %.1f%%", found, expected, rel * 100);
}

/* A sink that accepts `budget` writes, then fails every one with SIM_EIO, counting
 * the calls: for writers that must stop at their sink's first error. */
typedef struct {
    int budget, calls;
} failing;

static inline int failing_write(void *ctx, const char *buf, size_t n)
{
    (void)buf;
    (void)n;
    failing *f = ctx;
    f->calls++;
    if (f->budget == 0)
        return SIM_EIO;
    f->budget--;
    return 0;
}

#endif
