/* fuzz_grade.c - libFuzzer target for `bistro-sim grade` (docs/fuzzing.md).
 *
 * The input holds three or four files, split at the first three lines that read
 * "--8<--":
 *
 *     RUBRIC \n--8<--\n ANSWERS \n--8<--\n SCENARIO [\n--8<--\n STUDENT]
 *
 * (a missing part is empty). The grader reads them from memory through its reader:
 * the rubric is fuzz/rubric.json, the answers fuzz/answers.json (given as --answers
 * unless the part is empty), the scenario fuzz/scenario.json (the name the seeds'
 * rubrics give; any other name is a missing file). Each input is graded twice: with
 * the scenario as the rubric's own, then with the student's (--scenario
 * fuzz/student.json: the fourth part, or the scenario again when there is none),
 * compared with the rubric's for its "fixed" values. Each run has tight budgets
 * (1,000,000 events, 64 MiB), so
 * every input finishes in about a second. Beyond "no crash, no leak, no undefined
 * behaviour" (the sanitizers' job) and "no hang" (libFuzzer's -timeout), it checks
 * what grading promises:
 * - grade_run returns 0 with a result and no message, or SIM_EINVAL / SIM_EIO with
 *   at least one message and no result: exit status 0 or 1, or 2; never out of
 *   memory (exit 3);
 * - every message names a file: it starts with "fuzz/rubric.json" or
 *   "fuzz/scenario.json" and a colon; so does every line of the reason why a
 *   student's work is not gradable (the student's files), but for the one line
 *   that says no answers file was given and the one that ends a long list ("...
 *   and 12 more problems");
 * - with status 0 or 1 the report and both results files are written; the results
 *   files are valid JSON with one test per check and the result's score; in the
 *   report, only the grader starts a line with "PASS", "FAIL" or "Score:" (a
 *   student's text cannot forge one);
 * - the score adds up: each check earns all its points or none, and the work that
 *   passed every check was gradable.
 * A broken promise aborts, which libFuzzer reports as a crash. BISTRO_FUZZ_SHOW=1
 * in the environment prints what each grading gave.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "error.h"
#include "grade.h"
#include "sink.h"

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

#define FUZZ_MAX_EVENTS 1000000LL
#define FUZZ_MAX_MEMORY (64LL << 20)

static const char SEPARATOR[] = "\n--8<--\n";
static const char NO_ANSWERS[] = "no answers file was given";

#define RUBRIC "fuzz/rubric.json"
#define ANSWERS "fuzz/answers.json"
#define TEACHER "fuzz/scenario.json"
#define STUDENT "fuzz/student.json"

typedef struct {
    const char *text;
    size_t len;
    bool cut; /* it ended at a separator: another part follows */
} part;

typedef struct {
    part rubric, answers, scenario, student;
} files;

static int vread(void *ctx, const char *path, char **text, size_t *len, char *why, size_t size)
{
    const files *f = ctx;
    const part *p = strcmp(path, RUBRIC) == 0    ? &f->rubric
                    : strcmp(path, ANSWERS) == 0 ? &f->answers
                    : strcmp(path, TEACHER) == 0 ? &f->scenario
                    : strcmp(path, STUDENT) == 0 ? &f->student
                                                 : NULL;
    if (p == NULL) {
        snprintf(why, size, "cannot open the file: No such file or directory");
        return SIM_EIO;
    }
    *text = malloc(p->len + 1);
    if (*text == NULL)
        return SIM_ENOMEM;
    memcpy(*text, p->text, p->len);
    (*text)[p->len] = '\0';
    *len = p->len;
    return 0;
}

/* The next part of the input: up to the separator, or the rest. */
static part next_part(const char **at, const char *end)
{
    part p = {*at, (size_t)(end - *at), false};
    size_t n = sizeof SEPARATOR - 1;
    for (const char *s = *at; (size_t)(end - s) >= n; s++) {
        if (memcmp(s, SEPARATOR, n) == 0) {
            p.len = (size_t)(s - *at);
            p.cut = true;
            *at = s + n;
            return p;
        }
    }
    *at = end;
    return p;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A message names one of the files, then a colon (":line:col: ..." or ": ..."). */
static bool names_file(const char *m, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(names[i]);
        if (strncmp(m, names[i], k) == 0 && m[k] == ':')
            return true;
    }
    return false;
}

/* The line that ends a long list of problems: "... and 12 more problems". */
static bool more_problems(const char *line)
{
    static const char prefix[] = "... and ";
    if (!starts_with(line, prefix))
        return false;
    char *end;
    unsigned long n = strtoul(line + strlen(prefix), &end, 10);
    return n >= 1 && starts_with(end, " more problems") && (end[14] == '\0' || end[14] == '\n');
}

static void check_reason(const char *reason)
{
    static const char *const student_files[] = {STUDENT, TEACHER, ANSWERS};
    for (const char *line = reason; line != NULL;) {
        CHECK(names_file(line, student_files, 3) || starts_with(line, NO_ANSWERS) ||
              more_problems(line));
        line = strchr(line, '\n');
        line = line != NULL ? line + 1 : NULL;
    }
}

static char *written(int (*writer)(sim_sink *, const grade_result *), const grade_result *r)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    CHECK(writer(&s, r) == 0 && s.err == 0 && b.data != NULL);
    return b.data;
}

static cJSON *parse_whole(const char *text)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
    CHECK(root != NULL);
    return root;
}

/* In the report, only the grader's own lines start with PASS, FAIL or Score:. */
static void check_report(const grade_result *r)
{
    char *text = written(grade_write_report, r);
    size_t checks = 0, scores = 0;
    for (const char *line = text; *line;) {
        if (starts_with(line, "PASS  ") || starts_with(line, "FAIL  "))
            checks++;
        if (starts_with(line, "Score: "))
            scores++;
        const char *nl = strchr(line, '\n');
        line = nl != NULL ? nl + 1 : line + strlen(line);
    }
    CHECK(checks == r->nchecks && scores == 1);
    free(text);
}

static void check_results_files(const grade_result *r)
{
    char *text = written(grade_write_gradescope, r);
    cJSON *root = parse_whole(text);
    cJSON *tests = cJSON_GetObjectItem(root, "tests");
    CHECK(cJSON_IsArray(tests) && (size_t)cJSON_GetArraySize(tests) == r->nchecks);
    cJSON *score = cJSON_GetObjectItem(root, "score");
    CHECK(cJSON_IsNumber(score) && fabs(score->valuedouble - r->score) <= 1e-6 * r->max_score);
    cJSON_Delete(root);
    free(text);

    text = written(grade_write_prairielearn, r);
    root = parse_whole(text);
    tests = cJSON_GetObjectItem(root, "tests");
    CHECK(cJSON_IsArray(tests) && (size_t)cJSON_GetArraySize(tests) == r->nchecks);
    CHECK(cJSON_IsBool(cJSON_GetObjectItem(root, "gradable")) &&
          cJSON_IsTrue(cJSON_GetObjectItem(root, "gradable")) == r->gradable);
    score = cJSON_GetObjectItem(root, "score");
    CHECK(cJSON_IsNumber(score) && score->valuedouble >= 0 && score->valuedouble <= 1);
    cJSON_Delete(root);
    free(text);
}

static void check_result(const grade_result *r)
{
    CHECK(r->nchecks >= 1 && r->rubric != NULL && r->scenario != NULL);
    CHECK(r->gradable == (r->reason == NULL));
    if (r->reason != NULL)
        check_reason(r->reason);
    double sum = 0;
    for (size_t i = 0; i < r->nchecks; i++) {
        const grade_outcome *o = &r->checks[i];
        CHECK(o->name != NULL && o->max_points >= 0);
        CHECK(o->points == (o->passed ? o->max_points : 0));
        sum += o->points;
    }
    CHECK(r->score == sum && r->score <= r->max_score);
    CHECK(!grade_all_passed(r) || r->gradable);
    check_report(r);
    check_results_files(r);
}

/* BISTRO_FUZZ_SHOW=1 ./fuzz_grade FILE: what grading an input gives, to read a
 * finding or a seed (the messages, or the exit status and the report). */
static void show(bool student, int rc, const grade_result *r, const diag_list *d)
{
    fprintf(stderr, "== the scenario as the %s: ", student ? "student's" : "rubric's");
    if (r == NULL) {
        fprintf(stderr, "exit status 2\n");
        for (size_t i = 0; i < diag_kept(d); i++)
            fprintf(stderr, "%s\n", diag_get(d, i));
        return;
    }
    (void)rc;
    fprintf(stderr, "exit status %d\n", grade_all_passed(r) ? 0 : 1);
    char *text = written(grade_write_report, r);
    fputs(text, stderr);
    free(text);
}

/* Grades once; the scenario is the student's when `student`. */
static void grade_once(files *f, bool student)
{
    diag_list *d = diag_new();
    if (d == NULL)
        return;
    grade_request req = {.rubric = RUBRIC,
                         .answers = f->answers.len > 0 ? ANSWERS : NULL,
                         .scenario = student ? STUDENT : NULL,
                         .read = vread,
                         .read_ctx = f,
                         .max_events = FUZZ_MAX_EVENTS,
                         .max_memory = FUZZ_MAX_MEMORY};
    grade_result *r = NULL;
    int rc = grade_run(&req, &r, d);
    CHECK(rc == 0 || rc == SIM_EINVAL || rc == SIM_EIO);
    CHECK((rc == 0) == (r != NULL));
    CHECK((rc == 0) == (diag_count(d) == 0));
    static const char *const teacher_files[] = {RUBRIC, TEACHER};
    for (size_t i = 0; i < diag_kept(d); i++)
        CHECK(names_file(diag_get(d, i), teacher_files, 2));
    if (getenv("BISTRO_FUZZ_SHOW") != NULL)
        show(student, rc, r, d);
    if (r != NULL)
        check_result(r);
    grade_result_free(r);
    diag_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *at = (const char *)data, *end = at + size;
    files f;
    f.rubric = next_part(&at, end);
    f.answers = next_part(&at, end);
    f.scenario = next_part(&at, end);
    f.student = f.scenario.cut ? next_part(&at, end) : f.scenario;
    grade_once(&f, false);
    grade_once(&f, true);
    return 0;
}
