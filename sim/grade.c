/* grade.c - grade_run(): from the files to one outcome per check (grade.h).
 *
 * The order is fixed: the rubric (the teacher's, so any problem stops here), the
 * scenario (the rubric's own, whose problems are the teacher's too, or the
 * student's, whose problems fail the checks), the rubric's "fixed" values (a
 * student's scenario that changed one is not graded), one run per runtime that a check
 * names (each runtime once, however many checks name it), the answers file when a
 * check needs it, then each check in the rubric's order. Runs keep no trace: the
 * grader reads only the metrics and the printed log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade_internal.h"
#include "scenario.h"
#include "services.h"

typedef struct {
    const grade_request *req;
    diag_list *diags;       /* the teacher's problems */
    grade__rubric *rubric;
    char *scenario_path;
    bool student_scenario;  /* --scenario: problems are the student's */
    scn_scenario *scn;
    char *scn_text;         /* the text scn was loaded from */
    size_t scn_len;
    char *scn_problem;      /* why the student's scenario cannot be used, or NULL */
    sim_run *runs[SCN_MAX_RUNTIMES];
    char *run_problem[SCN_MAX_RUNTIMES]; /* why a student's runtime could not run */
    grade__answers *answers;
    grade_result *result;
} grader;

/* Reads a file through the caller's reader (its student reader for a student's
 * file). On failure, *why says why. */
static int read_any(const grader *g, bool student, const char *path, char **text, size_t *len,
                    char *why, size_t size)
{
    *text = NULL;
    *len = 0;
    why[0] = '\0';
    grade_read_fn read = student && g->req->read_student ? g->req->read_student : g->req->read;
    int rc = read(g->req->read_ctx, path, text, len, why, size);
    if (rc < 0 && why[0] == '\0')
        snprintf(why, size, "cannot read the file: %s", sim_strerror(rc));
    return rc;
}

static int read_file(const grader *g, const char *path, char **text, size_t *len, char *why,
                     size_t size)
{
    return read_any(g, false, path, text, len, why, size);
}

static int read_student_file(const grader *g, const char *path, char **text, size_t *len, char *why,
                             size_t size)
{
    return read_any(g, true, path, text, len, why, size);
}

/* A path of the rubric's, relative to the rubric's folder. */
static char *resolve(const char *rubric, const char *rel)
{
    const char *slash = strrchr(rubric, '/');
    if (rel[0] == '/' || slash == NULL)
        return grade__strdup(rel);
    size_t dir = (size_t)(slash - rubric) + 1, n = dir + strlen(rel) + 1;
    char *path = malloc(n);
    if (path != NULL)
        snprintf(path, n, "%.*s%s", (int)dir, rubric, rel);
    return path;
}

/* Loads the student's scenario; its problems go to g->scn_problem. */
static int load_student(grader *g, const char *path)
{
    char why[256], *text;
    size_t len;
    diag_list *d = diag_new();
    if (d == NULL)
        return SIM_ENOMEM;
    int rc = read_student_file(g, path, &text, &len, why, sizeof why);
    if (rc == 0)
        rc = scn_load_buffer(path, text, len, &g->scn, d);
    else if (rc != SIM_ENOMEM)
        rc = diag_add(d, path, 0, 0, NULL, "%s", why) != 0 ? SIM_ENOMEM : SIM_EINVAL;
    g->scn_text = text;
    g->scn_len = len;
    if (rc != 0 && rc != SIM_ENOMEM)
        rc = (g->scn_problem = grade__diags_text(d)) != NULL ? 0 : SIM_ENOMEM;
    diag_free(d);
    return rc;
}

/* Loads the rubric's own scenario into *scn, keeping its text; its problems are
 * the teacher's. */
static int load_teacher(grader *g, const char *path, scn_scenario **scn, char **text, size_t *len)
{
    char why[256];
    const grade__pos *at = &g->rubric->scenario_pos;
    int rc = read_file(g, path, text, len, why, sizeof why);
    if (rc == 0)
        rc = scn_load_buffer(path, *text, *len, scn, g->diags);
    else if (rc != SIM_ENOMEM)
        rc = diag_add(g->diags, g->req->rubric, at->line, at->col, "$.scenario", "%s: %s", path,
                      why) != 0
                 ? SIM_ENOMEM
                 : SIM_EIO;
    return rc;
}

static int load_scenario(grader *g)
{
    const char *given = g->req->scenario;
    if (given == NULL && g->rubric->scenario == NULL) {
        int rc = diag_add(g->diags, g->req->rubric, 1, 1, "$",
                          "the rubric names no "
                          "\"scenario\"; give one in the rubric, or the student's with "
                          "--scenario FILE");
        return rc != 0 ? rc : SIM_EINVAL;
    }
    g->student_scenario = given != NULL;
    g->scenario_path = given != NULL ? grade__strdup(given)
                                     : resolve(g->req->rubric, g->rubric->scenario);
    if (g->scenario_path == NULL)
        return SIM_ENOMEM;
    return g->student_scenario
               ? load_student(g, g->scenario_path)
               : load_teacher(g, g->scenario_path, &g->scn, &g->scn_text, &g->scn_len);
}

/* The rubric's "fixed" paths: each must name a value of the rubric's scenario
 * (the teacher's problem), and a student's scenario must keep every one; one that
 * does not cannot be graded, and the reasons say which values changed. */
static int pin(grader *g)
{
    if (g->rubric->nfixed == 0)
        return 0;
    scn_scenario *own = NULL;
    char *own_text = NULL, *path = NULL;
    size_t own_len = 0;
    int rc = 0;
    grade__scenario_src teacher = {.file = g->rubric->scenario,
                                   .scn = g->scn,
                                   .text = g->scn_text,
                                   .len = g->scn_len};
    if (g->student_scenario) {
        path = resolve(g->req->rubric, g->rubric->scenario);
        rc = path == NULL ? SIM_ENOMEM : load_teacher(g, path, &own, &own_text, &own_len);
        teacher.scn = own;
        teacher.text = own_text;
        teacher.len = own_len;
    }
    if (rc == 0)
        rc = grade__fixed_validate(g->rubric, g->req->rubric, &teacher, g->diags);
    if (rc == 0 && g->student_scenario && g->scn != NULL) {
        grade__scenario_src student = {.file = g->scenario_path,
                                       .text = g->scn_text,
                                       .len = g->scn_len,
                                       .scn = g->scn};
        rc = grade__fixed_compare(g->rubric, &teacher, &student, &g->scn_problem);
        if (rc == 0 && g->scn_problem != NULL) {
            scn_free(g->scn); /* not gradable: nothing of it is run */
            g->scn = NULL;
        }
    }
    scn_free(own);
    free(own_text);
    free(path);
    return rc;
}

/* Why check c's service cannot be read in the run of runtime rt of scn (file):
 * scn has no such service, or rt makes its calls in process, so that it receives
 * none; NULL when it can (or c names no service), with *svc its index. */
static const char *service_problem(const scn_scenario *scn, const char *file, const grade__check *c,
                                   int rt, int *svc, char *buf, size_t size)
{
    *svc = -1;
    if (c->service == NULL)
        return NULL;
    *svc = scn_find_service(scn, c->service);
    if (*svc < 0) {
        size_t k = (size_t)snprintf(buf, size,
                                    "no service named \"%s\" in %s (it has: ", c->service, file);
        for (size_t i = 0; i < scn->nservices && k < size; i++)
            k += (size_t)snprintf(buf + k, size - k, "%s\"%s\"", i ? ", " : "",
                                  scn->services[i].name);
        if (k < size)
            snprintf(buf + k, size - k, "%s)", scn->nservices ? "" : "none");
        return buf;
    }
    if (rt >= 0 && scn_runtime_in_process(&scn->runtimes[rt], (size_t)*svc)) {
        snprintf(buf, size,
                 "runtime \"%s\" of %s makes the calls of service \"%s\" in its own process "
                 "(\"in_process\"): the service receives none of them there",
                 scn->runtimes[rt].name, file, c->service);
        return buf;
    }
    return NULL;
}

/* In the rubric's own scenario, every check's runtime must exist, and its service,
 * called by that runtime over the network. */
static int check_runtimes(grader *g)
{
    char names[512];
    scn_runtime_names(g->scn, names, sizeof names);
    int rc = 0;
    for (size_t i = 0; i < g->rubric->nchecks && rc == 0; i++) {
        const grade__check *c = &g->rubric->checks[i];
        int rt = scn_find_runtime(g->scn, c->runtime), svc;
        char why[1024];
        const char *no = rt >= 0 ? service_problem(g->scn, g->scenario_path, c, rt, &svc, why,
                                                   sizeof why)
                                 : NULL;
        if (no != NULL) {
            char path[64];
            snprintf(path, sizeof path, "$.checks[%zu].service", i);
            rc = diag_add(g->diags, g->req->rubric, c->service_pos.line, c->service_pos.col, path,
                          "%s", no);
            rc = rc != 0 ? rc : SIM_EINVAL;
        }
        if (rt >= 0)
            continue;
        char path[64];
        snprintf(path, sizeof path, "$.checks[%zu].runtime", i);
        rc = diag_add(g->diags, g->req->rubric, c->runtime_pos.line, c->runtime_pos.col, path,
                      "no runtime named \"%s\" in %s (it has: %s)", c->runtime, g->scenario_path,
                      names);
        rc = rc != 0 ? rc : SIM_EINVAL;
    }
    return rc;
}

/* Runs runtime rt once. A failure is the teacher's for the rubric's scenario and
 * the student's for their own. */
static int run(grader *g, size_t rt)
{
    if (g->runs[rt] != NULL || g->run_problem[rt] != NULL)
        return 0;
    /* tighter budgets than a lesson's: a grader must finish and write its results */
    sim_options opt = {.keep_trace = false,
                       .seed = g->scn->seed,
                       .max_events = g->req->max_events > 0 ? g->req->max_events : GRADE_MAX_EVENTS,
                       .max_memory = g->req->max_memory > 0 ? g->req->max_memory
                                                            : GRADE_MAX_MEMORY};
    int rc = sim_run_new(g->scn, rt, &opt, &g->runs[rt]);
    if (rc == 0)
        rc = sim_run_go(g->runs[rt]);
    if (rc == 0 || (rc == SIM_ENOMEM && !g->student_scenario))
        return rc;
    /* why, for the report: the budget and what drove it, or the error */
    char why[512];
    if (rc == SIM_EBUDGET)
        sim_run_budget_text(g->runs[rt], why, sizeof why);
    else
        snprintf(why, sizeof why, "%s", sim_strerror(rc));
    sim_run_free(g->runs[rt]);
    g->runs[rt] = NULL;
    const char *name = g->scn->runtimes[rt].name;
    if (!g->student_scenario) {
        int e = diag_add(g->diags, g->scenario_path, 0, 0, NULL,
                         "runtime \"%s\" cannot be "
                         "simulated: %s",
                         name, why);
        return e != 0 ? e : SIM_EINVAL;
    }
    size_t n = strlen(name) + strlen(g->scenario_path) + strlen(why) + 64;
    g->run_problem[rt] = malloc(n);
    if (g->run_problem[rt] == NULL)
        return SIM_ENOMEM;
    snprintf(g->run_problem[rt], n, "%s: runtime \"%s\" cannot be simulated: %s", g->scenario_path,
             name, why);
    return 0;
}

static int run_all(grader *g)
{
    int rc = 0;
    for (size_t i = 0; i < g->rubric->nchecks && rc == 0; i++) {
        int rt = scn_find_runtime(g->scn, g->rubric->checks[i].runtime);
        if (rt >= 0)
            rc = run(g, (size_t)rt);
    }
    return rc;
}

static bool needs_answers(const grade__rubric *r)
{
    for (size_t i = 0; i < r->nchecks; i++)
        if (r->checks[i].kind != GRADE__BOUNDS)
            return true;
    return false;
}

static int open_answers(grader *g)
{
    const char *path = g->req->answers;
    if (path == NULL || !needs_answers(g->rubric))
        return 0;
    char why[256], *text;
    size_t len;
    int rc = read_student_file(g, path, &text, &len, why, sizeof why);
    if (rc == SIM_ENOMEM)
        return rc;
    g->answers = grade__answers_open(path, rc == 0 ? text : NULL, len, why);
    free(text);
    return g->answers != NULL ? 0 : SIM_ENOMEM;
}

/* Why the work cannot be graded at all, one reason per line; NULL when it can. */
static int reasons(grader *g, char **out)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    const char *sep = "";
    if (g->scn_problem != NULL) {
        sink_printf(&s, "%s", g->scn_problem);
        sep = "\n";
    }
    for (size_t i = 0; i < SCN_MAX_RUNTIMES; i++) {
        if (g->run_problem[i] != NULL) {
            sink_printf(&s, "%s%s", sep, g->run_problem[i]);
            sep = "\n";
        }
    }
    if (needs_answers(g->rubric) && g->answers == NULL)
        sink_printf(&s, "%sno answers file was given (bistro-sim grade RUBRIC --answers FILE)",
                    sep);
    else if (g->answers != NULL && grade__answers_reason(g->answers) != NULL)
        sink_printf(&s, "%s%s", sep, grade__answers_reason(g->answers));
    *out = b.data;
    if (s.err != 0)
        sink_buffer_release(&b);
    return s.err;
}

/* Why check c has no run to look at (NULL when it has one), its runtime and its
 * service (-1: none). */
static const char *unavailable(const grader *g, const grade__check *c, char *buf, size_t size,
                               int *rt, int *svc)
{
    *rt = -1;
    *svc = -1;
    if (g->scn == NULL)
        return g->scn_problem;
    *rt = scn_find_runtime(g->scn, c->runtime);
    if (*rt >= 0 && g->run_problem[*rt] != NULL)
        return g->run_problem[*rt];
    if (*rt >= 0)
        return service_problem(g->scn, g->scenario_path, c, *rt, svc, buf, size);
    size_t k = (size_t)snprintf(
        buf, size, "%s has no runtime named \"%s\"; it has:", g->scenario_path, c->runtime);
    for (size_t i = 0; i < g->scn->nruntimes && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s \"%s\"", i ? "," : "",
                              g->scn->runtimes[i].name);
    return buf;
}

static int evaluate(grader *g)
{
    grade_result *r = g->result;
    r->checks = calloc(g->rubric->nchecks, sizeof *r->checks);
    if (r->checks == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < g->rubric->nchecks; i++) {
        const grade__check *c = &g->rubric->checks[i];
        char why[1024];
        int rt, svc;
        grade__inputs in = {.scn = g->scn,
                            .scenario_file = g->scenario_path,
                            .answers = g->answers,
                            .reveal = g->rubric->reveal};
        in.unavailable = unavailable(g, c, why, sizeof why, &rt, &svc);
        const sim_run *run = rt >= 0 ? g->runs[rt] : NULL;
        in.front = run != NULL ? sim_run_metrics(run) : NULL;
        in.metrics = in.front;
        if (c->service != NULL) {
            /* the service behind the run; none to read when it is not there */
            in.metrics = run != NULL && svc >= 0 && in.unavailable == NULL
                             ? sim_run_service_metrics(run, (size_t)svc)
                             : NULL;
            in.in_flight_max = in.metrics != NULL ? sim_run_service_in_flight_max(run, (size_t)svc)
                                                  : 0;
        }
        int rc = grade__check_eval(c, &in, &r->checks[i]);
        r->nchecks = i + 1;
        if (rc != 0)
            return rc;
        r->score += r->checks[i].points;
        r->max_score += r->checks[i].max_points;
    }
    return 0;
}

static int make_result(grader *g)
{
    grade_result *r = g->result = calloc(1, sizeof *r);
    if (r == NULL)
        return SIM_ENOMEM;
    const grade_request *req = g->req;
    r->rubric = grade__strdup(req->rubric);
    r->answers = grade__strdup(req->answers);
    r->scenario = grade__strdup(g->scenario_path);
    r->title = grade__strdup(g->rubric->title);
    if (r->rubric == NULL || r->scenario == NULL || (req->answers && r->answers == NULL) ||
        (g->rubric->title && r->title == NULL))
        return SIM_ENOMEM;
    int rc = reasons(g, &r->reason);
    if (rc != 0)
        return rc;
    r->gradable = r->reason == NULL;
    return evaluate(g);
}

static int read_rubric(grader *g)
{
    char why[256], *text;
    size_t len;
    const char *path = g->req->rubric;
    int rc = read_file(g, path, &text, &len, why, sizeof why);
    if (rc == 0)
        rc = grade__rubric_parse(path, text, len, &g->rubric, g->diags);
    else if (rc != SIM_ENOMEM)
        rc = diag_add(g->diags, path, 0, 0, NULL, "%s", why) != 0 ? SIM_ENOMEM
             : rc == SIM_EINVAL                                   ? SIM_EINVAL
                                                                  : SIM_EIO;
    free(text);
    return rc;
}

int grade_run(const grade_request *req, grade_result **out, diag_list *diags)
{
    *out = NULL;
    if (req == NULL || req->rubric == NULL || req->read == NULL || diags == NULL)
        return SIM_EINVAL;
    grader g = {.req = req, .diags = diags};
    int rc = read_rubric(&g);
    if (rc == 0)
        rc = load_scenario(&g);
    if (rc == 0)
        rc = pin(&g);
    if (rc == 0 && !g.student_scenario)
        rc = check_runtimes(&g);
    if (rc == 0 && g.scn != NULL)
        rc = run_all(&g);
    if (rc == 0)
        rc = open_answers(&g);
    if (rc == 0)
        rc = make_result(&g);
    if (rc == 0) {
        *out = g.result;
        g.result = NULL;
    }
    grade_result_free(g.result);
    grade__answers_free(g.answers);
    for (size_t i = 0; i < SCN_MAX_RUNTIMES; i++) {
        sim_run_free(g.runs[i]);
        free(g.run_problem[i]);
    }
    free(g.scn_problem);
    free(g.scn_text);
    scn_free(g.scn);
    free(g.scenario_path);
    grade__rubric_free(g.rubric);
    return rc;
}

void grade_result_free(grade_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nchecks; i++)
        grade__outcome_free(&r->checks[i]);
    free(r->checks);
    free(r->title);
    free(r->rubric);
    free(r->answers);
    free(r->scenario);
    free(r->reason);
    free(r);
}

bool grade_all_passed(const grade_result *r)
{
    if (r == NULL || !r->gradable)
        return false;
    for (size_t i = 0; i < r->nchecks; i++)
        if (!r->checks[i].passed)
            return false;
    return true;
}
