/* grade.h - grading students' work against a teacher's rubric (`bistro-sim grade`).
 *
 * A rubric ("schema": "bistro-rubric/1", docs/grading.md) names a scenario and a
 * list of checks. Each check compares one runtime's simulation with either the
 * student's prediction (a key of the answers file: a print order, or a metric with
 * a relative tolerance) or with bounds on a metric (for a scenario the student
 * wrote). grade_run() reads the files, simulates the runtimes the checks need and
 * returns one outcome per check; the writers below turn the result into the report
 * people read and the results files of Gradescope and PrairieLearn.
 *
 * Whose mistake it is decides what happens. A bad rubric, or a bad scenario of the
 * rubric's own, is the teacher's: grade_run() fails with every problem in `diags`
 * ("file:line:col: $.path: message"). A missing, unreadable or malformed answers
 * file, a missing key, a value of the wrong type, an invalid scenario of the
 * student's (--scenario), or one that changes a value the rubric fixes ("fixed":
 * ["seed", "machine", ...], compared by meaning with the rubric's scenario) is the
 * student's: the checks it touches fail with the same kind of message, and the
 * result says whether the work could be graded at all.
 *
 * The grader never touches a file itself: it reads through the caller's function,
 * so tests can grade files held in memory.
 */
#ifndef BISTRO_GRADE_H
#define BISTRO_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "engine.h"
#include "scenario.h"
#include "sink.h"

#define GRADE_SCHEMA "bistro-rubric/1"
#define GRADE_ANSWERS_SCHEMA "bistro-answers/1" /* an answers file's optional "schema" */

/* The budgets of each graded run (tighter than a lesson's defaults, engine.h): a
 * student's scenario that passes one is not gradable, and the results file is
 * still written. */
#define GRADE_MAX_EVENTS 100000000LL
#define GRADE_MAX_MEMORY (1LL << 30)

/* Reads the whole file at `path`. On success returns 0, with *text a malloc'd copy
 * of its *len bytes (the grader frees it). On failure returns a negative SIM_E*
 * code (SIM_EIO: cannot be read; SIM_EINVAL: too large; SIM_ENOMEM) and writes why
 * into `why` (why_size bytes), worded to follow "path: ", e.g. "cannot open the
 * file: No such file or directory". */
typedef int (*grade_read_fn)(void *ctx, const char *path, char **text, size_t *len, char *why,
                             size_t why_size);

typedef struct {
    const char *rubric;   /* path of the rubric; required */
    const char *answers;  /* path of the student's answers file, or NULL when none was given */
    const char *scenario; /* path of the student's own scenario, replacing the rubric's; or NULL */
    grade_read_fn read;
    /* reads the student's files (answers, scenario): as `read`, but refusing what a
     * student must not point the grader at (a symbolic link); NULL: `read` */
    grade_read_fn read_student;
    void *read_ctx;
    /* the budgets of each run; 0: GRADE_MAX_EVENTS, GRADE_MAX_MEMORY (a test or a
     * fuzzer may make them tighter to stay fast) */
    int64_t max_events, max_memory;
} grade_request;

/* One check's outcome. Strings are owned by the result; NULL means "nothing to say". */
typedef struct {
    char *name;
    double points, max_points; /* points is max_points when passed, else 0 */
    bool passed;
    char *expected; /* what the check wants, for people: ["1", "2"], "at most 200 ms" */
    bool hidden; /* the rubric keeps the simulated answer from students ("reveal": false) */
    char *found; /* what it found: the student's answer, or the simulated metric */
    char *problem; /* why the check failed beyond expected/found, one problem per line:
                       the answer's or the scenario's problems, an unmet requirement */
    char *hint; /* the rubric's hint, set only when the check failed */
} grade_outcome;

typedef struct {
    char *title; /* the rubric's title, or NULL */
    char *rubric; /* the paths as given */
    char *answers; /* NULL when no answers file was given */
    char *scenario; /* the scenario graded against (the rubric's, resolved, or the student's) */
    double score, max_score;
    bool gradable; /* false: the student's answers file or scenario could not be used at all */
    char *reason; /* why not gradable, one problem per line; NULL when gradable */
    grade_outcome *checks;
    size_t nchecks;
} grade_result;

/* Grades. Returns 0 with *out set (release it with grade_result_free) when the
 * rubric and the teacher's scenario were good, whatever the student's files were.
 * Returns SIM_EINVAL (a bad rubric, a bad scenario of the rubric's, a check naming
 * a runtime the rubric's scenario does not have, no scenario at all) or SIM_EIO (the
 * rubric or its scenario cannot be read) with every problem in `diags` and *out
 * NULL; SIM_ENOMEM. */
int grade_run(const grade_request *req, grade_result **out, diag_list *diags);

/* Releases a result; NULL is a no-op. */
void grade_result_free(grade_result *r);

/* True when every check passed (and the work was gradable). */
bool grade_all_passed(const grade_result *r);

/* The report for people: a header, each check with its points, what was expected
 * and what was found, then the total. Returns the sink's error. */
int grade_write_report(sim_sink *out, const grade_result *r);

/* Gradescope's results.json: score, output, and one test per check with name,
 * score, max_score, status ("passed"/"failed"), output and visibility ("visible"),
 * as specified in Gradescope's "Autograder Specifications". Returns the sink's error. */
int grade_write_gradescope(sim_sink *out, const grade_result *r);

/* PrairieLearn's external grader results.json: gradable, score (0..1), message,
 * format_errors (when not gradable) and one test per check with name, points,
 * max_points, message and output, as PrairieLearn's "External Grading" page
 * specifies. Returns the sink's error. */
int grade_write_prairielearn(sim_sink *out, const grade_result *r);

/* The rubric for the questions of `scn` (grade_questions.c): one check of one
 * point per question, its answer key the question's id; `scenario_path` is
 * written as the rubric's "scenario" (relative to where the rubric is saved).
 * Returns the sink's error. */
int grade_write_rubric(sim_sink *out, const scn_scenario *scn, const char *scenario_path);

/* The value of the summary metric `name` (scn_metric_name: "makespan_ms",
 * "latency_ms.p99", ...) of a run, in the unit the summary JSON prints it, and the
 * same shown with its unit ("12.5 ms") into shown (may be NULL). false for a name
 * that is not a metric. The app reveals a number question's answer with it, as a
 * rubric's check would find it. */
bool grade_metric_value(const char *name, const sim_metrics *m, double *value, char *shown,
                        size_t size);

/* The same for a metric of a service behind a run, as a question or a check with
 * "service" names it (scn_service_metric_name: "latency_ms.p99", "in_flight_max",
 * ...): `service` is the service's metrics (sim_run_service_metrics) and
 * in_flight_max the most calls it had at once (sim_run_service_in_flight_max), as
 * the summary's "services" prints them. false for a name that is not a service's
 * metric, or no metrics. */
bool grade_service_metric_value(const char *name, const sim_metrics *service, int64_t in_flight_max,
                                double *value, char *shown, size_t size);

/* Whether a number answer is right as a check with `tolerance` decides it:
 * |answer - actual| <= tolerance * |actual|, the edge included. */
bool grade_within(double answer, double actual, double tolerance);

#endif
