/* ui_quiz.h - quiz mode: the class predicts, then sees.
 *
 * A scenario's questions (scenario.h, "questions") are asked at their moments of
 * the run. The quiz keeps where it is in them as plain data and tells the app
 * where the playback must stop: before a question's moment (its instant's step 0,
 * nothing of it happened yet), the question opens; the class types an answer (an
 * order, a number) or picks an option, or the teacher enters the show of hands per
 * option; the run then plays on to the moment its answer is on screen (an order's
 * last printed line, a number's or a choice's run at its end) and stops there with
 * the prediction beside what happened, the caption there saying why. While a
 * question is open the layout hides what would give it away (ui_quiz_hides).
 *
 * What happened comes from the doc's runs, as `bistro-sim grade` finds it with the
 * rubric `bistro-sim rubric` writes for the same questions, so the app's verdict
 * and the grader's agree; ui_quiz_answers_json is the answers file that rubric
 * grades (bistro-answers/1). No SDL, no clock, no I/O.
 */
#ifndef BISTRO_UI_QUIZ_H
#define BISTRO_UI_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "ui_doc.h"
#include "ui_key.h"

#define UI_QUIZ_INPUT 160 /* bytes of a typed answer */

typedef enum {
    UI_QUIZ_OFF,    /* not in quiz mode */
    UI_QUIZ_PLAY,   /* on the way to the next stop (playing or paused) */
    UI_QUIZ_ASK,    /* a question is open: keys type its answer */
    UI_QUIZ_REVEAL, /* stopped where answers show: each prediction beside what happened */
    UI_QUIZ_DONE    /* every question asked and shown: the score */
} ui_quiz_state;

typedef struct {
    bool answered;             /* the class committed an answer */
    bool skipped;              /* Esc: asked, left without an answer */
    bool revealed;             /* its answer was shown */
    bool right;                /* answered, and what happened agrees (as the grader decides) */
    char text[UI_QUIZ_INPUT];  /* order and number: what was typed */
    int choice;                /* choice: the option picked, -1 none */
    int hands[SCN_MAX_OPTIONS]; /* choice: the show of hands per option */
    bool have_hands;           /* the teacher entered hands */
    /* what happened, from the doc */
    char *truth;               /* "1 2 4 5 3", "12.5 ms", the author's option */
    char **lines;              /* order: the printed lines in order (nlines) */
    size_t nlines;
    double value;              /* number: the metric */
    int64_t reveal_t;          /* when what happened is on screen */
    int run;                   /* the run it is about; -1: any (the view's) */
} ui_quiz_answer;

typedef struct ui_quiz {
    ui_quiz_state state;
    const scn_scenario *scn;   /* the doc's */
    size_t n;                  /* questions */
    size_t *asked_order;       /* question indices by `at` (then as written) */
    size_t next;               /* position in asked_order of the next to ask, or the open one */
    ui_quiz_answer *ans;       /* by question index */
    size_t *shown;             /* REVEAL: the questions whose answers show (nshown) */
    size_t nshown;
    char input[UI_QUIZ_INPUT]; /* ASK: what is typed so far */
    int sel;                   /* ASK, a choice: the option highlighted */
} ui_quiz;

/* The value a number question asks, on run `run` of the doc: the runtime's own
 * metric, or that of the service it names (grade.h: the grader's own functions,
 * so the app and bistro-sim grade agree); *shown as the summary prints it. false
 * when the run, the service or the metric is not there. */
bool ui_quiz_metric_value(const ui_doc *doc, size_t run, const scn_question *qu, double *value,
                          char *shown, size_t size);

/* Starts quiz mode on `doc` (every question of its scenario, none asked yet):
 * 0, or SIM_ENOMEM (the quiz stays off). A doc without questions starts DONE. */
int ui_quiz_start(ui_quiz *q, const ui_doc *doc);

/* Leaves quiz mode and frees what it held (OFF). Safe on a zeroed quiz. */
void ui_quiz_stop(ui_quiz *q);

/* Where the playback must stop next while PLAY: at *t, after *step events of its
 * instant (0 before a question; TL_STEP_END where answers show). false when
 * nothing is left to stop for. */
bool ui_quiz_next_stop(const ui_quiz *q, int64_t *t, uint32_t *step);

/* The playback reached the next stop: opens its question (ASK) or shows the
 * answers due there (REVEAL). Returns the run the class should see (the question's
 * runtime), or -1 for no preference. */
int ui_quiz_arrive(ui_quiz *q);

/* What a key did in ASK or REVEAL. */
typedef enum {
    UI_QUIZ_KEY_PASS,  /* not the quiz's: the app handles it as ever */
    UI_QUIZ_KEY_TAKEN, /* typed, picked or ignored: nothing else to do */
    UI_QUIZ_KEY_PLAY,  /* answered, skipped or read: play on */
    UI_QUIZ_KEY_NEXT   /* answered; another question of the same moment opened */
} ui_quiz_key_result;

/* Applies a key while a question is open or answers show. In ASK, an order or a
 * number is typed (digits, letters of the listing's lines, space, '.', Backspace),
 * a choice picked (its letter, or Up/Down), the hands of the highlighted option
 * typed as digits; Enter commits, Esc skips the question. Keys that would move
 * the playback past the question are taken and do nothing. In REVEAL, Space or
 * Enter plays on. */
ui_quiz_key_result ui_quiz_key(ui_quiz *q, ui_key key, bool shift);

/* The question open (ASK), or NULL. */
const scn_question *ui_quiz_open(const ui_quiz *q);

/* Whether the frame must hide what would give an open question away: the run's
 * end and the axis past now, later printed lines, the caption, the orders view. */
bool ui_quiz_hides(const ui_quiz *q);

/* The title a scenario shows: in quiz mode (and the event-loop game) its list title, which gives nothing
 * away (print-order's own title states the order), else its title; its name when
 * it has neither. */
const char *ui_quiz_title(const scn_scenario *scn, bool quiz);

/* The answer shown for question i, as the class gave it: "1 2 3", "12.5",
 * "Node.js", "Node.js (14 hands)", or "no answer", into buf. Returns buf. */
char *ui_quiz_answer_text(const ui_quiz *q, size_t i, char *buf, size_t size);

/* How many questions were answered, and how many of those were right. */
void ui_quiz_score(const ui_quiz *q, size_t *asked, size_t *answered, size_t *right);

/* The answers file (bistro-answers/1): the schema, one key per answered question
 * (an order as a list of lines, a number as a number, a choice as its option's
 * text) and "hands" with the show of hands per choice question where one was
 * entered. malloc'd JSON text, or NULL when memory runs out. */
char *ui_quiz_answers_json(const ui_quiz *q);

#endif
