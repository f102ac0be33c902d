/* ui_quiz.c - quiz mode's questions, answers and stops (ui_quiz.h). */
#include "ui_quiz.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade.h"
#include "sink.h"
#include "timeline.h"

/* ---- what happened --------------------------------------------------------------- */

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

/* An order question's printed lines and their text: "1 2 4 5 3", or with commas
 * between lines that hold spaces themselves ("light 1, resized"). */
static int order_truth(ui_quiz_answer *a, const ui_doc *doc, size_t run)
{
    const timeline *tl = doc->runs[run].tl;
    size_t n = timeline_log_count(tl, doc->runs[run].end);
    a->lines = calloc(n ? n : 1, sizeof *a->lines);
    if (!a->lines)
        return SIM_ENOMEM;
    bool spaced = false;
    size_t len = 1;
    for (size_t i = 0; i < n; i++) {
        sim_log_line l;
        if (timeline_log_line(tl, i, &l) != 0)
            break;
        const char *s = doc->scn->strings[l.text];
        if (!(a->lines[a->nlines] = dup_text(s)))
            return SIM_ENOMEM;
        a->nlines++;
        spaced = spaced || strchr(s, ' ') != NULL;
        len += strlen(s) + 2;
        a->reveal_t = l.t;
    }
    if (!(a->truth = malloc(len)))
        return SIM_ENOMEM;
    a->truth[0] = '\0';
    for (size_t i = 0; i < a->nlines; i++) {
        if (i)
            strcat(a->truth, spaced ? ", " : " ");
        strcat(a->truth, a->lines[i]);
    }
    if (a->nlines == 0)
        a->reveal_t = doc->runs[run].end; /* nothing printed: the end says so */
    return 0;
}

bool ui_quiz_metric_value(const ui_doc *doc, size_t run, const scn_question *qu, double *value,
                          char *shown, size_t size)
{
    if (run >= doc->nruns)
        return false;
    const ui_run *u = &doc->runs[run];
    if (qu->service < 0) /* the runtime's own */
        return grade_metric_value(qu->metric, &u->summary, value, shown, size);
    if ((size_t)qu->service >= u->nservices)
        return false;
    const ui_run *s = &u->services[qu->service].run;
    return grade_service_metric_value(qu->metric, &s->summary, s->in_flight_max, value, shown,
                                      size);
}

static int truth_of(ui_quiz_answer *a, const scn_question *qu, const ui_doc *doc)
{
    size_t run = qu->runtime >= 0 && (size_t)qu->runtime < doc->nruns ? (size_t)qu->runtime : 0;
    a->run = qu->runtime >= 0 ? (int)run : -1;
    a->choice = -1;
    switch (qu->kind) {
    case SCN_QUESTION_ORDER: return order_truth(a, doc, run);
    case SCN_QUESTION_NUMBER: {
        char shown[96];
        if (!ui_quiz_metric_value(doc, run, qu, &a->value, shown, sizeof shown))
            snprintf(shown, sizeof shown, "?");
        a->reveal_t = doc->runs[run].end;
        return (a->truth = dup_text(shown)) ? 0 : SIM_ENOMEM;
    }
    case SCN_QUESTION_CHOICE:
        /* a choice between runtimes shows when every run has ended */
        a->reveal_t = qu->runtime >= 0 ? doc->runs[run].end : doc->end;
        return (a->truth = dup_text(qu->options[qu->answer])) ? 0 : SIM_ENOMEM;
    }
    return 0;
}

/* ---- starting and stopping -------------------------------------------------------- */

void ui_quiz_stop(ui_quiz *q)
{
    for (size_t i = 0; q->ans && i < q->n; i++) {
        ui_quiz_answer *a = &q->ans[i];
        free(a->truth);
        for (size_t k = 0; k < a->nlines; k++)
            free(a->lines[k]);
        free((void *)a->lines);
    }
    free(q->ans);
    free(q->asked_order);
    free(q->shown);
    memset(q, 0, sizeof *q);
}

int ui_quiz_start(ui_quiz *q, const ui_doc *doc)
{
    ui_quiz_stop(q);
    const scn_scenario *scn = doc->scn;
    size_t n = scn->nquestions;
    q->scn = scn;
    q->n = n;
    q->ans = calloc(n ? n : 1, sizeof *q->ans);
    q->asked_order = calloc(n ? n : 1, sizeof *q->asked_order);
    q->shown = calloc(n ? n : 1, sizeof *q->shown);
    if (!q->ans || !q->asked_order || !q->shown) {
        ui_quiz_stop(q);
        return SIM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        if (truth_of(&q->ans[i], &scn->questions[i], doc) != 0) {
            q->n = i + 1; /* free what was made */
            ui_quiz_stop(q);
            return SIM_ENOMEM;
        }
    /* by their moment, a stable insertion sort (at most SCN_MAX_QUESTIONS) */
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k > 0 && scn->questions[q->asked_order[k - 1]].at > scn->questions[i].at) {
            q->asked_order[k] = q->asked_order[k - 1];
            k--;
        }
        q->asked_order[k] = i;
    }
    q->state = n ? UI_QUIZ_PLAY : UI_QUIZ_DONE;
    return 0;
}

/* ---- stops ------------------------------------------------------------------------- */

/* The earliest reveal still due among the questions asked, or -1. */
static int first_due(const ui_quiz *q)
{
    int best = -1;
    for (size_t k = 0; k < q->next && k < q->n; k++) {
        size_t i = q->asked_order[k];
        const ui_quiz_answer *a = &q->ans[i];
        if (a->revealed || (!a->answered && !a->skipped))
            continue;
        if (best < 0 || a->reveal_t < q->ans[best].reveal_t)
            best = (int)i;
    }
    return best;
}

bool ui_quiz_next_stop(const ui_quiz *q, int64_t *t, uint32_t *step)
{
    if (q->state != UI_QUIZ_PLAY)
        return false;
    int due = first_due(q);
    bool ask = q->next < q->n;
    int64_t at = ask ? q->scn->questions[q->asked_order[q->next]].at : 0;
    /* a question asked at the moment an answer shows waits until it was shown */
    if (ask && (due < 0 || at < q->ans[due].reveal_t)) {
        *t = at;
        *step = 0;
        return true;
    }
    if (due >= 0) {
        *t = q->ans[due].reveal_t;
        *step = TL_STEP_END;
        return true;
    }
    return false;
}

static void open_question(ui_quiz *q)
{
    q->state = UI_QUIZ_ASK;
    q->input[0] = '\0';
    q->sel = 0;
}

int ui_quiz_arrive(ui_quiz *q)
{
    int64_t t;
    uint32_t step;
    if (!ui_quiz_next_stop(q, &t, &step))
        return -1;
    if (step == 0) {
        open_question(q);
        return q->ans[q->asked_order[q->next]].run;
    }
    /* every answer due at this moment shows together */
    q->nshown = 0;
    for (size_t k = 0; k < q->next; k++) {
        size_t i = q->asked_order[k];
        ui_quiz_answer *a = &q->ans[i];
        if (!a->revealed && (a->answered || a->skipped) && a->reveal_t == t) {
            a->revealed = true;
            q->shown[q->nshown++] = i;
        }
    }
    q->state = UI_QUIZ_REVEAL;
    return q->nshown ? q->ans[q->shown[0]].run : -1;
}

/* ---- answers ------------------------------------------------------------------------ */

/* The typed order's lines: split at commas when there are any, else at spaces. */
static size_t split_order(const char *text, char out[][UI_QUIZ_INPUT], size_t most)
{
    bool commas = strchr(text, ',') != NULL;
    size_t n = 0;
    const char *p = text;
    while (*p && n < most) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',' && (commas || *e != ' '))
            e++;
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        size_t len = (size_t)(end - p);
        memcpy(out[n], p, len);
        out[n][len] = '\0';
        n++;
        p = e;
    }
    return n;
}

#define ORDER_MOST 64 /* lines of a typed order */

static bool judge(const ui_quiz *q, size_t i)
{
    const scn_question *qu = &q->scn->questions[i];
    const ui_quiz_answer *a = &q->ans[i];
    if (!a->answered)
        return false;
    switch (qu->kind) {
    case SCN_QUESTION_ORDER: {
        static char got[ORDER_MOST][UI_QUIZ_INPUT];
        size_t n = split_order(a->text, got, ORDER_MOST);
        if (n != a->nlines)
            return false;
        for (size_t k = 0; k < n; k++)
            if (strcmp(got[k], a->lines[k]) != 0)
                return false;
        return true;
    }
    case SCN_QUESTION_NUMBER: return grade_within(strtod(a->text, NULL), a->value, qu->tolerance);
    case SCN_QUESTION_CHOICE: return a->choice == (int)qu->answer;
    }
    return false;
}

const scn_question *ui_quiz_open(const ui_quiz *q)
{
    return q->state == UI_QUIZ_ASK && q->next < q->n ? &q->scn->questions[q->asked_order[q->next]]
                                                     : NULL;
}

bool ui_quiz_hides(const ui_quiz *q)
{
    return q->state == UI_QUIZ_ASK;
}

/* The option most hands went up for (the first of a tie), or -1 with none. */
static int most_hands(const ui_quiz_answer *a, size_t noptions)
{
    int best = -1;
    for (size_t k = 0; k < noptions; k++)
        if (a->hands[k] > 0 && (best < 0 || a->hands[k] > a->hands[best]))
            best = (int)k;
    return best;
}

/* After the open question was answered or skipped: the next one of the same
 * moment opens, else the run plays on. */
static ui_quiz_key_result done_with_question(ui_quiz *q)
{
    size_t i = q->asked_order[q->next];
    int64_t at = q->scn->questions[i].at;
    q->next++;
    if (q->next < q->n && q->scn->questions[q->asked_order[q->next]].at == at) {
        open_question(q);
        return UI_QUIZ_KEY_NEXT;
    }
    q->state = UI_QUIZ_PLAY;
    return UI_QUIZ_KEY_PLAY;
}

static void type_char(ui_quiz *q, char ch)
{
    size_t len = strlen(q->input);
    if (len + 1 < sizeof q->input) {
        q->input[len] = ch;
        q->input[len + 1] = '\0';
    }
}

static ui_quiz_key_result commit(ui_quiz *q)
{
    size_t i = q->asked_order[q->next];
    const scn_question *qu = &q->scn->questions[i];
    ui_quiz_answer *a = &q->ans[i];
    if (qu->kind == SCN_QUESTION_CHOICE) {
        int best = most_hands(a, qu->noptions);
        a->have_hands = best >= 0;
        a->choice = best >= 0 ? best : q->sel;
    } else {
        char trimmed[UI_QUIZ_INPUT];
        const char *p = q->input;
        while (*p == ' ')
            p++;
        snprintf(trimmed, sizeof trimmed, "%s", p);
        size_t len = strlen(trimmed);
        while (len > 0 && (trimmed[len - 1] == ' ' || trimmed[len - 1] == ','))
            trimmed[--len] = '\0';
        if (len == 0)
            return UI_QUIZ_KEY_TAKEN; /* nothing typed: Enter waits for an answer */
        if (qu->kind == SCN_QUESTION_NUMBER) {
            char *end;
            strtod(trimmed, &end);
            if (end == trimmed || *end)
                return UI_QUIZ_KEY_TAKEN; /* "1.2.3" is no number */
        }
        snprintf(a->text, sizeof a->text, "%s", trimmed);
    }
    a->answered = true;
    a->right = judge(q, i);
    return done_with_question(q);
}

static ui_quiz_key_result ask_key(ui_quiz *q, ui_key key, bool shift)
{
    size_t i = q->asked_order[q->next];
    const scn_question *qu = &q->scn->questions[i];
    ui_quiz_answer *a = &q->ans[i];
    int digit = ui_key_digit(key), letter = ui_key_letter(key);
    switch (key) {
    case UI_KEY_ENTER: return commit(q);
    case UI_KEY_ESCAPE: a->skipped = true; return done_with_question(q);
    /* what would move past the question waits until it is answered */
    case UI_KEY_RIGHT:
    case UI_KEY_LEFT:
    case UI_KEY_END:
    case UI_KEY_HOME:
    case UI_KEY_PAGE_DOWN:
    case UI_KEY_PAGE_UP: return UI_QUIZ_KEY_TAKEN;
    default: break;
    }
    if (qu->kind == SCN_QUESTION_CHOICE) {
        size_t len = strlen(q->input);
        if (key == UI_KEY_UP || key == UI_KEY_DOWN) {
            int n = (int)qu->noptions;
            q->sel = (q->sel + (key == UI_KEY_UP ? n - 1 : 1)) % n;
            q->input[0] = '\0';
            return UI_QUIZ_KEY_TAKEN;
        }
        if (letter >= 0 && (size_t)letter < qu->noptions) {
            q->sel = letter;
            q->input[0] = '\0';
            return UI_QUIZ_KEY_TAKEN;
        }
        if (digit >= 0 || key == UI_KEY_BACKSPACE) {
            /* the show of hands for the option highlighted */
            if (digit >= 0 && len < 6)
                type_char(q, (char)('0' + digit));
            else if (key == UI_KEY_BACKSPACE && len > 0)
                q->input[len - 1] = '\0';
            a->hands[q->sel] = atoi(q->input);
            return UI_QUIZ_KEY_TAKEN;
        }
        return key == UI_KEY_SPACE || key == UI_KEY_O ? UI_QUIZ_KEY_TAKEN : UI_QUIZ_KEY_PASS;
    }
    /* an order or a number is typed */
    size_t len = strlen(q->input);
    if (key == UI_KEY_BACKSPACE) {
        if (len > 0)
            q->input[len - 1] = '\0';
        return UI_QUIZ_KEY_TAKEN;
    }
    if (digit >= 0) {
        type_char(q, (char)('0' + digit));
        return UI_QUIZ_KEY_TAKEN;
    }
    if (key == UI_KEY_PERIOD) {
        type_char(q, '.');
        return UI_QUIZ_KEY_TAKEN;
    }
    if (qu->kind == SCN_QUESTION_ORDER) {
        if (key == UI_KEY_SPACE) {
            if (len > 0 && q->input[len - 1] != ' ')
                type_char(q, ' ');
            return UI_QUIZ_KEY_TAKEN;
        }
        if (letter >= 0) { /* printed lines may be words ("timeout immediate") */
            type_char(q, (char)((shift ? 'A' : 'a') + letter));
            return UI_QUIZ_KEY_TAKEN;
        }
        if (key == UI_KEY_MINUS) {
            type_char(q, '-');
            return UI_QUIZ_KEY_TAKEN;
        }
    }
    if (key == UI_KEY_SPACE || key == UI_KEY_O)
        return UI_QUIZ_KEY_TAKEN;
    return UI_QUIZ_KEY_PASS;
}

ui_quiz_key_result ui_quiz_key(ui_quiz *q, ui_key key, bool shift)
{
    if (q->state == UI_QUIZ_ASK && q->next < q->n)
        return ask_key(q, key, shift);
    if (q->state == UI_QUIZ_REVEAL && (key == UI_KEY_SPACE || key == UI_KEY_ENTER)) {
        q->nshown = 0;
        bool more = q->next < q->n || first_due(q) >= 0;
        q->state = more ? UI_QUIZ_PLAY : UI_QUIZ_DONE;
        return UI_QUIZ_KEY_PLAY;
    }
    return UI_QUIZ_KEY_PASS;
}

/* ---- showing answers -------------------------------------------------------------- */

const char *ui_quiz_title(const scn_scenario *scn, bool quiz)
{
    if (quiz && scn->list_title && *scn->list_title)
        return scn->list_title;
    return scn->title && *scn->title ? scn->title : scn->name ? scn->name : "";
}

char *ui_quiz_answer_text(const ui_quiz *q, size_t i, char *buf, size_t size)
{
    const scn_question *qu = &q->scn->questions[i];
    const ui_quiz_answer *a = &q->ans[i];
    if (!a->answered)
        snprintf(buf, size, "no answer");
    else if (qu->kind != SCN_QUESTION_CHOICE)
        snprintf(buf, size, "%s", a->text);
    else if (a->have_hands)
        snprintf(buf, size, "%s (%d hand%s)", qu->options[a->choice], a->hands[a->choice],
                 a->hands[a->choice] == 1 ? "" : "s");
    else
        snprintf(buf, size, "%s", qu->options[a->choice]);
    return buf;
}

void ui_quiz_score(const ui_quiz *q, size_t *asked, size_t *answered, size_t *right)
{
    *asked = *answered = *right = 0;
    for (size_t k = 0; k < q->next && k < q->n; k++) {
        const ui_quiz_answer *a = &q->ans[q->asked_order[k]];
        (*asked)++;
        *answered += a->answered;
        *right += a->answered && a->right;
    }
}

char *ui_quiz_answers_json(const ui_quiz *q)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    sink_printf(&s, "{\"schema\": \"%s\"", GRADE_ANSWERS_SCHEMA);
    bool hands = false;
    for (size_t i = 0; i < q->n; i++) {
        const scn_question *qu = &q->scn->questions[i];
        const ui_quiz_answer *a = &q->ans[i];
        hands = hands || a->have_hands;
        if (!a->answered)
            continue;
        sink_printf(&s, ",\n \"");
        sink_printf(&s, "%s\": ", qu->id); /* ids are letters, digits, '_' and '-' */
        if (qu->kind == SCN_QUESTION_NUMBER) {
            sink_printf(&s, "%.15g", strtod(a->text, NULL));
        } else if (qu->kind == SCN_QUESTION_CHOICE) {
            sink_json_string(&s, qu->options[a->choice]);
        } else {
            static char got[ORDER_MOST][UI_QUIZ_INPUT];
            size_t n = split_order(a->text, got, ORDER_MOST);
            sink_printf(&s, "[");
            for (size_t k = 0; k < n; k++) {
                sink_printf(&s, k ? ", " : "");
                sink_json_string(&s, got[k]);
            }
            sink_printf(&s, "]");
        }
    }
    if (hands) {
        /* a class's show of hands, per question and option (the grader reads only
         * the answers; "hands" is no question's id) */
        sink_printf(&s, ",\n \"hands\": {");
        bool first = true;
        for (size_t i = 0; i < q->n; i++) {
            const scn_question *qu = &q->scn->questions[i];
            const ui_quiz_answer *a = &q->ans[i];
            if (!a->have_hands)
                continue;
            sink_printf(&s, "%s\"%s\": {", first ? "" : ", ", qu->id);
            first = false;
            for (size_t k = 0; k < qu->noptions; k++) {
                sink_printf(&s, k ? ", " : "");
                sink_json_string(&s, qu->options[k]);
                sink_printf(&s, ": %d", a->hands[k]);
            }
            sink_printf(&s, "}");
        }
        sink_printf(&s, "}");
    }
    sink_printf(&s, "}\n");
    if (s.err != 0) {
        free(b.data);
        return NULL;
    }
    return b.data;
}
