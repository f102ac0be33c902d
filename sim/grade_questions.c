/* grade_questions.c - the rubric for a scenario's questions (`bistro-sim rubric`).
 *
 * A lesson's questions (scenario "questions") and a rubric's checks say the same
 * thing twice unless one is made from the other: each question becomes a check of
 * one point whose answer key is the question's id, so the answers file the app
 * saves in quiz mode is graded as it is. An order question is a log_order check,
 * a number a metric check with the question's tolerance (and its service), a choice a choice check
 * against the author's option. A choice about no runtime in particular names the
 * first runtime: the grader runs it as it runs every check's runtime, though the
 * option alone decides.
 */
#include "grade.h"

#include "scenario.h"

static void field(sim_sink *s, const char *key, const char *value)
{
    sink_printf(s, ", \"%s\": ", key);
    sink_json_string(s, value);
}

int grade_write_rubric(sim_sink *s, const scn_scenario *scn, const char *scenario_path)
{
    sink_printf(s, "{\"schema\": \"%s\",\n \"title\": ", GRADE_SCHEMA);
    /* the lesson's title for the list gives nothing away; a scenario's title
     * may (print-order's states the order) */
    sink_json_string(s, scn->list_title != NULL ? scn->list_title : scn->title);
    sink_printf(s, ",\n \"scenario\": ");
    sink_json_string(s, scenario_path);
    sink_printf(s, ",\n \"checks\": [");
    for (size_t i = 0; i < scn->nquestions; i++) {
        const scn_question *q = &scn->questions[i];
        int rt = q->runtime >= 0 ? q->runtime : 0;
        sink_printf(s, "%s\n  {\"name\": ", i ? "," : "");
        sink_json_string(s, q->ask);
        sink_printf(s, ", \"points\": 1");
        field(s, "runtime", scn->runtimes[rt].name);
        switch (q->kind) {
        case SCN_QUESTION_ORDER: field(s, "expect", "log_order"); break;
        case SCN_QUESTION_CHOICE:
            field(s, "expect", "choice");
            field(s, "equals", q->options[q->answer]);
            break;
        case SCN_QUESTION_NUMBER:
            if (q->service >= 0)
                field(s, "service", scn->services[q->service].name);
            field(s, "metric", q->metric);
            sink_printf(s, ", \"tolerance\": %.15g", q->tolerance);
            break;
        }
        field(s, "answer", q->id);
        sink_printf(s, "}");
    }
    sink_printf(s, "]}\n");
    return s->err;
}
