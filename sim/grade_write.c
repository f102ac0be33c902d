/* grade_write.c - a grading result for people, for Gradescope and for PrairieLearn.
 *
 * All three show the same words, built once per check (grade_check.c): what was
 * expected, what was found, the problems, the hint. The report lays them out for a
 * terminal; the two results files carry them as each platform documents:
 * Gradescope's "Autograder Specifications" (results.json: score, tests with name,
 * score, max_score, status, output, visibility) and PrairieLearn's "External
 * Grading" page (results.json: gradable, score in 0..1, message, format_errors,
 * tests with name, points, max_points, message, output). Numbers are written
 * without printf's %f, so the files do not depend on the locale.
 */
#include <stdio.h>
#include <string.h>

#include "grade_internal.h"
#include "report.h"

/* Points as people write them: 2, 0.5, 1.25. */
static void points_text(char out[REPORT_NUMBER_BYTES], double v)
{
    size_t n = report_ratio(out, v);
    if (n > 2 && strcmp(out + n - 2, ".0") == 0)
        out[n - 2] = '\0';
}

/* Writes text on lines that start with `indent` (after the first); other control
 * characters become spaces, so a student's answer cannot draw on the terminal. */
static void put_text(sim_sink *s, const char *text, const char *indent)
{
    const char *run = text, *p = text;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != 0x7f)
            continue;
        sink_write(s, run, (size_t)(p - run));
        if (c == '\n')
            sink_printf(s, "\n%s", indent);
        else
            sink_write(s, " ", 1);
        run = p + 1;
    }
    sink_write(s, run, (size_t)(p - run));
}

/* The lines under a check: expected, found, problems, hint. */
static void check_lines(sim_sink *s, const grade_outcome *o, const char *indent)
{
    const char *sep = "";
    if (o->expected != NULL || o->hidden) {
        sink_printf(s, "%sexpected: ", indent);
        put_text(s, o->hidden ? "(not shown)" : o->expected, indent);
        sep = "\n";
    }
    if (o->found != NULL) {
        sink_printf(s, "%s%sfound:    ", sep, indent);
        put_text(s, o->found, indent);
        sep = "\n";
    }
    if (o->problem != NULL) {
        sink_printf(s, "%s%s", sep, indent);
        put_text(s, o->problem, indent);
        sep = "\n";
    }
    if (o->hint != NULL) {
        sink_printf(s, "%s%shint: ", sep, indent);
        put_text(s, o->hint, indent);
    }
}

static size_t passed_count(const grade_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nchecks; i++)
        n += r->checks[i].passed;
    return n;
}

/* "Score: 3/5 (2 of 4 checks passed)" without the "Score: ". */
static void score_line(sim_sink *s, const grade_result *r)
{
    char got[REPORT_NUMBER_BYTES], max[REPORT_NUMBER_BYTES];
    points_text(got, r->score);
    points_text(max, r->max_score);
    sink_printf(s, "%s/%s (%zu of %zu checks passed)", got, max, passed_count(r), r->nchecks);
}

int grade_write_report(sim_sink *out, const grade_result *r)
{
    sink_printf(out, "Grading: ");
    put_text(out, r->title != NULL ? r->title : r->rubric, "");
    sink_printf(out, "\n  rubric:   ");
    put_text(out, r->rubric, "");
    sink_printf(out, "\n  scenario: ");
    put_text(out, r->scenario, "");
    if (r->answers != NULL) {
        sink_printf(out, "\n  answers:  ");
        put_text(out, r->answers, "");
    }
    sink_printf(out, "\n\n");
    for (size_t i = 0; i < r->nchecks; i++) {
        const grade_outcome *o = &r->checks[i];
        char got[REPORT_NUMBER_BYTES], max[REPORT_NUMBER_BYTES];
        points_text(got, o->points);
        points_text(max, o->max_points);
        sink_printf(out, "%s  %s/%s  ", o->passed ? "PASS" : "FAIL", got, max);
        put_text(out, o->name, "");
        sink_printf(out, "\n");
        check_lines(out, o, "      ");
        sink_printf(out, "\n");
    }
    if (!r->gradable) {
        sink_printf(out, "\nNot gradable:\n  ");
        put_text(out, r->reason, "  ");
        sink_printf(out, "\n");
    }
    sink_printf(out, "\nScore: ");
    score_line(out, r);
    return sink_printf(out, "\n");
}

/* A check's lines as one JSON string. */
static void json_lines(sim_sink *s, const grade_outcome *o)
{
    sink_buffer b = {0};
    sim_sink t = sink_to_buffer(&b);
    check_lines(&t, o, "");
    if (t.err != 0 && s->err == 0)
        s->err = t.err;
    sink_json_string(s, b.data != NULL ? b.data : "");
    sink_buffer_release(&b);
}

/* "Score: ..." and the reasons, as one JSON string. */
static void json_summary(sim_sink *s, const grade_result *r)
{
    sink_buffer b = {0};
    sim_sink t = sink_to_buffer(&b);
    sink_printf(&t, "Score: ");
    score_line(&t, r);
    if (!r->gradable)
        sink_printf(&t, "\nNot gradable:\n%s", r->reason);
    if (t.err != 0 && s->err == 0)
        s->err = t.err;
    sink_json_string(s, b.data != NULL ? b.data : "");
    sink_buffer_release(&b);
}

int grade_write_gradescope(sim_sink *out, const grade_result *r)
{
    char num[REPORT_NUMBER_BYTES];
    report_ratio(num, r->score);
    sink_printf(out, "{\"score\": %s,\n \"output\": ", num);
    json_summary(out, r);
    sink_printf(out, ",\n \"output_format\": \"text\", \"test_output_format\": \"text\","
                     " \"visibility\": \"visible\",\n \"tests\": [");
    for (size_t i = 0; i < r->nchecks; i++) {
        const grade_outcome *o = &r->checks[i];
        sink_printf(out, "%s\n  {\"name\": ", i ? "," : "");
        sink_json_string(out, o->name);
        report_ratio(num, o->points);
        sink_printf(out, ", \"score\": %s", num);
        report_ratio(num, o->max_points);
        sink_printf(out, ", \"max_score\": %s, \"status\": \"%s\",\n   \"output\": ", num,
                    o->passed ? "passed" : "failed");
        json_lines(out, o);
        sink_printf(out, ", \"visibility\": \"visible\"}");
    }
    return sink_printf(out, "]}\n");
}

/* The reasons as a JSON list, one line each. */
static void format_errors(sim_sink *out, const char *reason)
{
    sink_printf(out, ",\n \"format_errors\": [");
    const char *p = reason;
    for (int i = 0; *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        sink_printf(out, "%s", i ? ", " : "");
        sink_json_string(out, line);
        p += n + (nl != NULL);
    }
    sink_printf(out, "]");
}

int grade_write_prairielearn(sim_sink *out, const grade_result *r)
{
    char num[REPORT_NUMBER_BYTES];
    double score = r->max_score > 0 ? r->score / r->max_score : grade_all_passed(r) ? 1 : 0;
    report_ratio(num, r->gradable ? score : 0);
    sink_printf(out,
                "{\"gradable\": %s, \"score\": %s,\n \"message\": ", r->gradable ? "true" : "false",
                num);
    json_summary(out, r);
    if (!r->gradable)
        format_errors(out, r->reason);
    sink_printf(out, ",\n \"tests\": [");
    for (size_t i = 0; i < r->nchecks; i++) {
        const grade_outcome *o = &r->checks[i];
        sink_printf(out, "%s\n  {\"name\": ", i ? "," : "");
        sink_json_string(out, o->name);
        report_ratio(num, o->points);
        sink_printf(out, ", \"points\": %s", num);
        report_ratio(num, o->max_points);
        sink_printf(out, ", \"max_points\": %s,\n   \"message\": ", num);
        sink_json_string(out, o->hint != NULL ? o->hint : "");
        sink_printf(out, ", \"output\": ");
        json_lines(out, o);
        sink_printf(out, "}");
    }
    return sink_printf(out, "]}\n");
}
