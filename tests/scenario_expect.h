/* scenario_expect.h - helpers shared by the scenario loader's tests.
 *
 * Most rejection tests put the part under test into a fixed document, each part
 * on its own line, so that the expected messages name easy line numbers and the
 * column is the position inside the part (1-based):
 *
 *    1  {"schema": "bistro/1", "title": "t",
 *    2  EXTRA,                      top-level members (a blank line when none)
 *    3  "workload": {"arrivals":
 *    4  ARRIVALS
 *    5  , "request":
 *    6  STEPS
 *    7  },
 *    8  "runtimes":
 *    9  RUNTIMES
 *   10  }
 *
 * A part given as NULL gets a valid default, so the document is then valid.
 * Workload tests use a shorter document with the workload alone on line 3.
 */
#ifndef BISTRO_TEST_SCENARIO_EXPECT_H
#define BISTRO_TEST_SCENARIO_EXPECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "error.h"
#include "scenario.h"

#define DEFAULT_ARRIVALS "{\"burst\": 1}"
#define DEFAULT_STEPS "[{\"cpu\": \"1ms\"}]"
#define DEFAULT_RUNTIMES "[{\"name\": \"a\", \"model\": \"threads\"}]"

/* The document above; the caller frees it. */
static inline char *doc_parts(const char *extra, const char *arrivals, const char *steps,
                              const char *runtimes)
{
    const char *fmt = "{\"schema\": \"bistro/1\", \"title\": \"t\",\n%s%s\n"
                      "\"workload\": {\"arrivals\":\n%s\n, \"request\":\n%s\n},\n"
                      "\"runtimes\":\n%s\n}\n";
    const char *e = extra ? extra : "", *a = arrivals ? arrivals : DEFAULT_ARRIVALS;
    const char *s = steps ? steps : DEFAULT_STEPS, *r = runtimes ? runtimes : DEFAULT_RUNTIMES;
    int n = snprintf(NULL, 0, fmt, e, extra ? "," : "", a, s, r);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    snprintf(buf, (size_t)n + 1, fmt, e, extra ? "," : "", a, s, r);
    return buf;
}

/* {"schema", "title" on line 1, "workload": on line 2, the workload on line 3. */
static inline char *doc_workload(const char *workload)
{
    const char *fmt = "{\"schema\": \"bistro/1\", \"title\": \"t\",\n\"workload\":\n%s\n"
                      ", \"runtimes\": [{\"name\": \"a\", \"model\": \"threads\"}]}\n";
    int n = snprintf(NULL, 0, fmt, workload);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    snprintf(buf, (size_t)n + 1, fmt, workload);
    return buf;
}

static inline void print_messages(const char *text, size_t len, const diag_list *d)
{
    print_message("input (%zu bytes):\n%.*s\n-- %zu message(s):\n", len,
                  len > 2000 ? 2000 : (int)len, text, diag_count(d));
    for (size_t i = 0; i < diag_kept(d); i++)
        print_message("  %s\n", diag_get(d, i));
}

/* Loading `text` as "t.json" fails with exactly the messages want[0..n). */
static inline void expect_messages(const char *text, size_t len, const char *const *want, size_t n)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    scn_scenario *s = NULL;
    int rc = scn_load_buffer("t.json", text, len, &s, d);
    bool same = diag_count(d) == n && diag_kept(d) == n;
    for (size_t i = 0; same && i < n; i++)
        same = strcmp(diag_get(d, i), want[i]) == 0;
    if (!same) {
        print_messages(text, len, d);
        for (size_t i = 0; i < n; i++)
            print_message("  want: %s\n", want[i]);
    }
    assert_true(same);
    assert_int_equal(rc, SIM_EINVAL);
    assert_null(s);
    diag_free(d);
}

static inline void expect_in_doc(char *text, const char *const *want, size_t n)
{
    expect_messages(text, strlen(text), want, n);
    free(text);
}

/* Each takes the part(s) and then the expected messages, in order. RAW takes a
 * string literal (which may hold NUL bytes) as the whole file. */
#define WANT_(...) ((const char *const[]){__VA_ARGS__})
#define NWANT_(...) (sizeof WANT_(__VA_ARGS__) / sizeof(const char *))
#define EXPECT_RAW(lit, ...) \
    expect_messages(lit, sizeof lit - 1, WANT_(__VA_ARGS__), NWANT_(__VA_ARGS__))
#define EXPECT_DOC(text, ...) expect_in_doc(text, WANT_(__VA_ARGS__), NWANT_(__VA_ARGS__))
#define EXPECT_EXTRA(e, ...) EXPECT_DOC(doc_parts(e, NULL, NULL, NULL), __VA_ARGS__)
#define EXPECT_EXTRA_STEPS(e, s, ...) EXPECT_DOC(doc_parts(e, NULL, s, NULL), __VA_ARGS__)
#define EXPECT_ARRIVALS(a, ...) EXPECT_DOC(doc_parts(NULL, a, NULL, NULL), __VA_ARGS__)
#define EXPECT_STEPS(s, ...) EXPECT_DOC(doc_parts(NULL, NULL, s, NULL), __VA_ARGS__)
#define EXPECT_RUNTIMES(r, ...) EXPECT_DOC(doc_parts(NULL, NULL, NULL, r), __VA_ARGS__)
#define EXPECT_WORKLOAD(w, ...) EXPECT_DOC(doc_workload(w), __VA_ARGS__)

/* Loads text that must be valid; the caller frees the scenario. */
static inline scn_scenario *load_ok_named(const char *file, const char *text, size_t len)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    scn_scenario *s = NULL;
    int rc = scn_load_buffer(file, text, len, &s, d);
    if (rc != 0)
        print_messages(text, len, d);
    assert_int_equal(rc, 0);
    assert_non_null(s);
    assert_int_equal(diag_count(d), 0);
    diag_free(d);
    return s;
}

static inline scn_scenario *load_ok(const char *text)
{
    return load_ok_named("t.json", text, strlen(text));
}

/* load_ok for a document built with doc_parts/doc_workload, which it frees. */
static inline scn_scenario *load_doc_ok(char *text)
{
    scn_scenario *s = load_ok(text);
    free(text);
    return s;
}

#endif
