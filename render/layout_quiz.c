/* layout_quiz.c - quiz mode's box: the question, the answers beside what happened,
 * the score.
 *
 * The box rises from the bottom of the frame over the caption (which an open
 * question hides anyway), as tall as its text and no taller, so the restaurant,
 * the code and the log the class reasons from stay in view. Its text is large:
 * the question is read from the back row, the answer typed so far is as big as
 * the question. What happened is said in words as well as colour ("right",
 * "not this time"), so no theme depends on telling green from red.
 */
#include <stdio.h>
#include <string.h>

#include "grade.h"
#include "ui_layout_internal.h"

const char *const ui_quiz_part_names[UI_QUIZ_PART_COUNT] = {
    "quiz.heading", "quiz.ask",       "quiz.option",   "quiz.hands", "quiz.input",
    "quiz.hint",    "quiz.predicted", "quiz.happened", "quiz.why",   "quiz.score"};

static const char dot[] = " \xC2\xB7 ";

/* Where the next text goes: down a column of width w from (x, y). */
typedef struct {
    const ui_ctx *c;
    ui_list *out;
    int x, y, w;
    int bottom; /* nothing is drawn from here down */
} pen;

/* Wrapped text of one part, tagged; moves the pen down. */
static void say(pen *p, ui_font f, int px, ui_color col, const char *s, ui_quiz_part part, int id)
{
    if (p->y >= p->bottom)
        return;
    size_t from = p->out->n;
    p->y += ui_text_wrap(p->out, p->c->m, f, px, col, (ui_rect){p->x, p->y, p->w, p->bottom - p->y},
                         s, UI_ROLE_QUIZ, id);
    ui_tag(p->out, from, UI_ROLE_QUIZ, id, (int16_t)part);
}

static const char *runtime_of(const ui_ctx *c, const scn_question *qu)
{
    return qu->runtime >= 0 && (size_t)qu->runtime < c->doc->nruns ? c->doc->runs[qu->runtime].name
                                                                   : NULL;
}

/* A choice's options, one row each: the letter, the option, and the hands the
 * teacher entered for it; the one picked on a highlight. */
static void options(pen *p, const ui_quiz *q, const scn_question *qu, int px)
{
    const ui_ctx *c = p->c;
    const ui_theme *th = c->theme;
    const ui_quiz_answer *a = &q->ans[q->asked_order[q->next]];
    int lh = ui__line_h(c, UI_FONT_SANS, px), pad = c->px / 4;
    int badge = ui__text_w(c, UI_FONT_BOLD, px, "W") + 2 * pad;
    int hands_w = ui__text_w(c, UI_FONT_BOLD, px, "888888 hands");
    for (size_t k = 0; k < qu->noptions && p->y < p->bottom; k++) {
        char hands[32] = "";
        if (a->hands[k] > 0)
            snprintf(hands, sizeof hands, "%d hand%s", a->hands[k], a->hands[k] == 1 ? "" : "s");
        int text_w = p->w - badge - pad - (hands[0] ? hands_w + pad : 0);
        int h = ui__wrap_height(c, UI_FONT_SANS, px, text_w, qu->options[k]);
        h = h > lh ? h : lh;
        ui_rect row = {p->x, p->y, p->w, h + pad};
        size_t from = p->out->n;
        bool sel = (int)k == q->sel;
        if (sel) {
            ui_rect_fill(p->out, row, th->highlight, pad);
            ui_box(p->out, row, th->accent, 2);
        }
        char letter[2] = {(char)('A' + k), '\0'};
        ui_rect_fill(p->out, (ui_rect){p->x + pad / 2, p->y + pad / 2, badge - pad, lh},
                     sel ? th->accent : th->panel_edge, pad);
        ui_text(p->out, c->m, UI_FONT_BOLD, px, sel ? th->panel : th->text, p->x + pad / 2,
                p->y + pad / 2, badge - pad, UI_ALIGN_CENTER, letter);
        ui_tag(p->out, from, UI_ROLE_QUIZ, (int32_t)k, UI_QUIZ_PART_OPTION);
        pen in = {c, p->out, p->x + badge + pad, p->y + pad / 2, text_w, p->bottom};
        say(&in, sel ? UI_FONT_BOLD : UI_FONT_SANS, px, th->text, qu->options[k],
            UI_QUIZ_PART_OPTION, (int)k);
        if (hands[0]) {
            from = p->out->n;
            ui_text(p->out, c->m, UI_FONT_BOLD, px, th->accent, p->x + p->w - hands_w - pad,
                    p->y + pad / 2, hands_w, UI_ALIGN_RIGHT, hands);
            ui_tag(p->out, from, UI_ROLE_QUIZ, (int32_t)k, UI_QUIZ_PART_HANDS);
        }
        p->y += h + pad + pad / 2;
    }
}

/* An open question: whose, what, the answer so far, and the keys. */
static void ask(pen *p, const ui_quiz *q)
{
    const ui_ctx *c = p->c;
    const ui_theme *th = c->theme;
    size_t i = q->asked_order[q->next];
    const scn_question *qu = &q->scn->questions[i];
    int big = ui__sized(c->px, 12), px = ui__sized(c->px, 11), sp = ui__small_px(c);
    char head[200];
    const char *rt = runtime_of(c, qu);
    snprintf(head, sizeof head, "Predict, then see: question %zu of %zu%s%s", q->next + 1, q->n,
             rt ? dot : "", rt ? rt : "");
    say(p, UI_FONT_BOLD, sp, th->text_dim, head, UI_QUIZ_PART_HEADING, (int)i);
    say(p, UI_FONT_BOLD, big, th->text, qu->ask, UI_QUIZ_PART_ASK, (int)i);
    p->y += c->px / 4;
    const char *hint;
    char keys[200];
    if (qu->kind == SCN_QUESTION_CHOICE) {
        options(p, q, qu, px);
        snprintf(keys, sizeof keys,
                 "A to %c or Up/Down picks%sa number: the hands for the one picked%sEnter "
                 "answers%sEsc skips",
                 'A' + (int)qu->noptions - 1, dot, dot, dot);
        hint = keys;
    } else {
        char line[UI_QUIZ_INPUT + 64];
        const char *unit = "";
        char shown[64];
        double v;
        /* the unit the number is asked in, as the summary shows it ("ms", "req/s") */
        if (qu->kind == SCN_QUESTION_NUMBER &&
            ui_quiz_metric_value(c->doc, qu->runtime >= 0 ? (size_t)qu->runtime : 0, qu, &v, shown,
                                 sizeof shown)) {
            const char *sp_at = strchr(shown, ' ');
            unit = sp_at ? sp_at : "";
        }
        snprintf(line, sizeof line, "Your answer: %s_%s", q->input, unit);
        say(p, UI_FONT_MONO, big, th->accent, line, UI_QUIZ_PART_INPUT, (int)i);
        hint = qu->kind == SCN_QUESTION_ORDER
                   ? "Type the printed lines in order, a space between them" /* then the keys */
                   : "Type a number";
        snprintf(keys, sizeof keys, "%s%sEnter answers%sEsc skips", hint, dot, dot);
        hint = keys;
    }
    p->y += c->px / 4;
    say(p, UI_FONT_SANS, sp, th->text_dim, hint, UI_QUIZ_PART_HINT, (int)i);
}

/* The caption of `run` at t, the rule that explains what happened there. */
static const char *caption_at(const ui_ctx *c, int run, int64_t t)
{
    size_t n, r = run >= 0 ? (size_t)run : c->view->run;
    const scn_narration *list = scn_runtime_narration(c->doc->scn, r, &n);
    int k = list ? scn_caption_at(list, n, t) : -1;
    return k >= 0 ? list[k].text : NULL;
}

/* The answers shown here: each question, the prediction, what happened, why. */
static void reveal(pen *p, const ui_quiz *q)
{
    const ui_ctx *c = p->c;
    const ui_theme *th = c->theme;
    int px = ui__sized(c->px, 11), sp = ui__small_px(c);
    const char *why_shown = NULL;
    for (size_t k = 0; k < q->nshown; k++) {
        size_t i = q->shown[k];
        const scn_question *qu = &q->scn->questions[i];
        const ui_quiz_answer *a = &q->ans[i];
        char head[240], said[UI_QUIZ_INPUT + 64], was[512], mine[UI_QUIZ_INPUT + 32];
        const char *rt = runtime_of(c, qu);
        snprintf(head, sizeof head, "%s%s%s", qu->ask, rt ? dot : "", rt ? rt : "");
        say(p, UI_FONT_BOLD, sp, th->text_dim, head, UI_QUIZ_PART_HEADING, (int)i);
        snprintf(said, sizeof said, "Predicted: %s", ui_quiz_answer_text(q, i, mine, sizeof mine));
        say(p, UI_FONT_SANS, px, th->text, said, UI_QUIZ_PART_PREDICTED, (int)i);
        const char *verdict = !a->answered ? ""
                              : a->right   ? "  \xE2\x9C\x93 right"
                                           : "  \xE2\x9C\x97 not this time";
        snprintf(was, sizeof was, "What happened: %s%s", a->truth, verdict);
        say(p, UI_FONT_BOLD, px,
            !a->answered ? th->text
            : a->right   ? th->worker[TL_W_RUNNING]
                         : th->cursor,
            was, UI_QUIZ_PART_HAPPENED, (int)i);
        const char *why = caption_at(c, a->run, a->reveal_t);
        if (why && (!why_shown || strcmp(why, why_shown) != 0)) {
            char line[1200];
            snprintf(line, sizeof line, "Why: %s", why);
            say(p, UI_FONT_SANS, px, th->text, line, UI_QUIZ_PART_WHY, (int)i);
            why_shown = why;
        }
        p->y += c->px / 3;
    }
    say(p, UI_FONT_SANS, sp, th->text_dim, "Space plays on", UI_QUIZ_PART_HINT, -1);
}

static void score(pen *p, const ui_quiz *q)
{
    const ui_ctx *c = p->c;
    size_t asked, answered, right;
    ui_quiz_score(q, &asked, &answered, &right);
    char line[200];
    if (q->n == 0)
        snprintf(line, sizeof line, "This lesson asks no questions.");
    else if (answered < asked)
        snprintf(line, sizeof line, "Quiz done: %zu of %zu answers right (%zu not answered)", right,
                 answered, asked - answered);
    else
        snprintf(line, sizeof line, "Quiz done: %zu of %zu answers right", right, answered);
    say(p, UI_FONT_BOLD, ui__sized(c->px, 11), c->theme->text, line, UI_QUIZ_PART_SCORE, -1);
    say(p, UI_FONT_SANS, ui__small_px(c), c->theme->text_dim, "Q leaves quiz mode",
        UI_QUIZ_PART_HINT, -1);
}

static void content(pen *p, const ui_quiz *q)
{
    switch (q->state) {
    case UI_QUIZ_ASK: ask(p, q); break;
    case UI_QUIZ_REVEAL: reveal(p, q); break;
    case UI_QUIZ_DONE: score(p, q); break;
    case UI_QUIZ_OFF:
    case UI_QUIZ_PLAY: break;
    }
}

static bool shows(const ui_quiz *q)
{
    return q && (q->state == UI_QUIZ_ASK || q->state == UI_QUIZ_REVEAL || q->state == UI_QUIZ_DONE);
}

int ui__quiz_height(const ui_ctx *c, int w)
{
    const ui_quiz *q = c->view->quiz;
    if (!shows(q) || !c->doc)
        return 0;
    int pad = c->px / 2;
    /* laid out once aside to measure it */
    ui_list scratch;
    ui_list_init(&scratch);
    pen m = {c, &scratch, 0, 0, w - 2 * pad, 1 << 20};
    content(&m, q);
    ui_list_free(&scratch);
    return m.y + 2 * pad;
}

void ui__quiz(const ui_ctx *c, ui_rect box)
{
    const ui_quiz *q = c->view->quiz;
    if (!shows(q) || !c->doc || box.w <= 0 || box.h <= 0)
        return;
    int pad = c->px / 2, w = box.w - 2 * pad;
    size_t from = c->out->n;
    ui_rect_fill(c->out, box, c->theme->panel, pad / 2);
    ui_box(c->out, box, c->theme->accent, 3);
    ui_tag(c->out, from, UI_ROLE_QUIZ, -1, UI_QUIZ_PART_COUNT);
    pen p = {c, c->out, box.x + pad, box.y + pad, w, box.y + box.h - pad / 2};
    content(&p, q);
}
