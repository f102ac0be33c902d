/* grade_internal.h - what the grader's files share (grade.h is the public side).
 *
 *   grade_json.c     a JSON file with positions, read with the scenario loader's walk
 *   grade_rubric.c   the rubric: parse and validate into grade__rubric
 *   grade_metric.c   the metrics a check may name, their values and units
 *   grade_answers.c  the student's answers file: one answer at a time, with messages
 *   grade_check.c    one check against one run: the outcome
 *   grade.c          grade_run(): files, runs, outcomes, the total
 *   grade_write.c    the report, Gradescope's and PrairieLearn's results
 *
 * Files are parsed by the same strict scanner (jsonloc) and walked with the same
 * path stack and value readers (json_walk.h) as scenarios, so a rubric or an
 * answers file gets messages of the same form: "file:line:col: $.path: message".
 */
#ifndef BISTRO_GRADE_INTERNAL_H
#define BISTRO_GRADE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "grade.h"
#include "json_walk.h"
#include "jsonloc.h"
#include "scenario.h"
#include "sink.h"

#define GRADE__MAX_CHECKS 1000
#define GRADE__MAX_POINTS 1000000.0
/* Problems of one student file shown under one check; the rest are counted. */
#define GRADE__MAX_PROBLEM_LINES 20

/* ---- a parsed JSON file ---- */

typedef struct {
    char *text; /* NUL-terminated copy of the file, for cJSON */
    jsonloc *loc;
    cJSON *root;
} grade__doc;

typedef struct {
    int line, col; /* 0 when unknown */
} grade__pos;

/* Scans and parses text (len bytes) as strict JSON. `what` says what the file
 * should hold, for an empty one ("a rubric is a JSON object: ..."). 0 with *doc
 * filled; SIM_EINVAL with the problem in diags (too large, empty, invalid JSON,
 * nested too deeply); SIM_ENOMEM. */
int grade__parse(const char *file, const char *text, size_t len, const char *what, diag_list *diags,
                 grade__doc *doc);
void grade__doc_free(grade__doc *doc);

/* A walk over doc, reporting into diags, with the path at "$". */
void grade__walk(jw_ctx *c, const char *file, const grade__doc *doc, diag_list *diags);

/* Where v's value is. */
grade__pos grade__pos_of(const grade__doc *doc, const cJSON *v);

/* Every kept message of d, one per line (at most GRADE__MAX_PROBLEM_LINES, then
 * "... and N more problems"), appended to out. Returns the sink's error. */
int grade__append_diags(sim_sink *out, const diag_list *d);

/* The same as one malloc'd string, or NULL when out of memory. */
char *grade__diags_text(const diag_list *d);

/* A malloc'd copy of s; NULL when out of memory or s is NULL. */
char *grade__strdup(const char *s);
/* `text` as a JSON string, quotes and escapes included, malloc'd: how a student's
 * text is shown, so a newline or a quote in it stays on its line ("1\nPASS"
 * cannot forge a report line). NULL when memory runs out. */
char *grade__json_quote(const char *text);

/* ---- metrics ---- */

typedef enum { GRADE__UNIT_MS, GRADE__UNIT_RATIO, GRADE__UNIT_COUNT } grade__unit;

/* The index of the metric named `name` (as in the summary JSON: "latency_ms.p99"),
 * or -1. */
int grade__metric_find(const char *name);
/* A service's metrics (scn_service_metric_name) have indices of their own, from
 * GRADE__SERVICE_METRIC on: the index of the one named `name`, or -1. */
#define GRADE__SERVICE_METRIC SCN_METRIC_COUNT
int grade__service_metric_find(const char *name);
/* What a metric is read from: a run's metrics, or a service's with the most calls
 * it had at once (sim_run_service_in_flight_max; 0 for a run's). */
typedef struct {
    const sim_metrics *m;
    int64_t in_flight_max;
} grade__source;
/* The value of any metric (a run's or a service's), and as shown (as below). */
double grade__value(int metric, const grade__source *src);
void grade__show(int metric, const grade__source *src, char *buf, size_t size);
const char *grade__metric_name(int metric);
grade__unit grade__metric_unit(int metric);
/* A run's metric's value in the summary JSON's unit (ms, ratio, count). */
double grade__metric_value(int metric, const sim_metrics *m);
/* The value as the summary JSON writes it, with its unit: "183.2 ms", "0.5", "3". */
void grade__metric_show(int metric, const sim_metrics *m, char *buf, size_t size);
/* What follows a number of the metric: " ms", " req/s", " bytes" or "". */
const char *grade__metric_label(int metric);
/* A number in the metric's unit: "200.0 ms", "0.95", "1000". */
void grade__number_show(int metric, double v, char *buf, size_t size);

/* ---- the rubric ---- */

typedef enum {
    GRADE__LOG_ORDER, /* "expect": "log_order" with "answer" */
    GRADE__PREDICT,   /* "metric" with "answer" and "tolerance" */
    GRADE__BOUNDS,    /* "metric" with "min" and/or "max" */
    GRADE__CHOICE,    /* "expect": "choice" with "answer" and "equals" */
} grade__kind;

typedef struct {
    char *name;
    double points;
    char *runtime;
    grade__pos runtime_pos; /* in the rubric, for "no runtime named ..." */
    grade__kind kind;
    int metric;     /* GRADE__PREDICT, GRADE__BOUNDS: a run's, or a service's
                       (GRADE__SERVICE_METRIC on) */
    char *service;  /* the service behind the runtime whose metric it is, or NULL */
    grade__pos service_pos; /* in the rubric, for "no service named ..." */
    char *answer;   /* GRADE__LOG_ORDER, GRADE__PREDICT, GRADE__CHOICE: the answer's key */
    char *equals;   /* GRADE__CHOICE: the option that is right */
    double tolerance;
    bool has_min, has_max;
    double min, max;
    int64_t cores;        /* "require": {"cores": N}; 0 when not required */
    int64_t min_requests; /* "require": {"min_requests": N}; 0 when not required */
    char *hint;
} grade__check;

/* The most "fixed" paths of one rubric. */
#define GRADE__MAX_FIXED 100
#define GRADE__MAX_FIXED_PATH 256 /* bytes of one */

/* A "fixed" path: dotted keys of a scenario ("machine.thread_memory"), whose value
 * the student's scenario must keep as the rubric's scenario has it. */
typedef struct {
    char *path;
    grade__pos pos; /* in the rubric */
} grade__fixed;

typedef struct {
    char *title;
    char *scenario; /* as written, or NULL */
    grade__pos scenario_pos;
    bool reveal;
    grade__fixed *fixed;
    size_t nfixed;
    grade__pos fixed_pos; /* of the list */
    grade__check *checks;
    size_t nchecks;
} grade__rubric;

/* Parses and validates a rubric. 0 with *out; SIM_EINVAL with every problem in
 * diags; SIM_ENOMEM. */
int grade__rubric_parse(const char *file, const char *text, size_t len, grade__rubric **out,
                        diag_list *diags);
void grade__rubric_free(grade__rubric *r);

/* ---- fixed values (grade_fixed.c) ---- */

/* A scenario file for the comparison: its name as shown, its text and what the
 * loader made of it. */
typedef struct {
    const char *file;
    const char *text;
    size_t len;
    const scn_scenario *scn;
} grade__scenario_src;

/* Every fixed path of r must name a value of the teacher's scenario, or a key of
 * its top level; each one that does not is a problem of the rubric (rubric_file),
 * added to diags. 0, SIM_EINVAL or SIM_ENOMEM. */
int grade__fixed_validate(const grade__rubric *r, const char *rubric_file,
                          const grade__scenario_src *teacher, diag_list *diags);

/* Compares the student's scenario with the teacher's at every fixed path, by what
 * the values mean as loaded (a default left out equals the same value written).
 * 0 with *problem NULL when every value is kept, or the differences, one per line
 * ("file:line:col: $.path: message", malloc'd); SIM_ENOMEM. */
int grade__fixed_compare(const grade__rubric *r, const grade__scenario_src *teacher,
                         const grade__scenario_src *student, char **problem);

/* ---- the answers file ---- */

typedef struct grade__answers grade__answers;

/* Opens the answers of `file`, whose text is given (text NULL: it could not be
 * read, and `why` says why). Never fails for the student's sake: a file that is not
 * a JSON object is kept as unusable, and grade__answers_reason() says why.
 * NULL only when out of memory. */
grade__answers *grade__answers_open(const char *file, const char *text, size_t len,
                                    const char *why);
void grade__answers_free(grade__answers *a);

/* Why the file cannot be used (one problem per line), or NULL when it can. */
const char *grade__answers_reason(const grade__answers *a);

/* The list of strings under `key`: 0 with *texts (*n of them, pointing into the
 * answers, valid until grade__answers_free; free only the array) and *shown (the
 * answer for people, malloc'd); SIM_EINVAL with *problem (malloc'd, each problem
 * "file:line:col: $.key: message"); SIM_ENOMEM. */
int grade__answer_texts(grade__answers *a, const char *key, const char ***texts, size_t *n,
                        char **shown, char **problem);

/* The number under `key`: 0 with *v and *shown (the number as written, malloc'd);
 * SIM_EINVAL with *problem; SIM_ENOMEM. */
int grade__answer_number(grade__answers *a, const char *key, double *v, char **shown,
                         char **problem);

/* The string under `key` (a choice): 0 with *text (pointing into the answers) and
 * *shown (as JSON, malloc'd); SIM_EINVAL with *problem; SIM_ENOMEM. */
int grade__answer_text(grade__answers *a, const char *key, const char **text, char **shown,
                       char **problem);

/* ---- one check ---- */

typedef struct {
    const scn_scenario *scn;    /* NULL when the scenario could not be used */
    const char *scenario_file;
    const sim_metrics *metrics; /* the check's runtime's run, or with "service" the
                                   service's behind it; NULL when there is none */
    const sim_metrics *front;   /* the runtime's run itself (metrics without "service") */
    int64_t in_flight_max;      /* with "service": the most calls the service had at once */
    const char *unavailable;    /* why there is no run (problems, one per line), or NULL */
    grade__answers *answers;    /* NULL when no answers file was given */
    bool reveal;
} grade__inputs;

/* Fills `out` (name, points, expected, found, problem, hint) for check c. 0 or
 * SIM_ENOMEM. */
int grade__check_eval(const grade__check *c, const grade__inputs *in, grade_outcome *out);

/* Releases the strings of an outcome (not the outcome itself). */
void grade__outcome_free(grade_outcome *o);

#endif
