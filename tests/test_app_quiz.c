/* test_app_quiz.c - quiz mode and "you are the event loop" through the app and the
 * frame data: while a question is open nothing on screen gives its answer away,
 * nothing moves the playback past it, and what the app then shows beside the
 * prediction is what the run did; the game stops before each pick and plays on
 * as the run did. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "app.h"
#include "engine.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "services.h"
#include "test_support.h"
#include "ui_frame.h"
#include "ui_loopgame.h"
#include "units.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no \"%s\" in the frame", key);
    return v;
}

static cJSON *frame(ui_app *a, ui_list *l)
{
    ui_app_sync(a);
    ui_layout_info info;
    assert_int_equal(
        ui_layout(a->doc, &a->view, a->play.t, 1280, 720, ui_measure_fixed(), l, &info), 0);
    char *text = ui_frame_json(a->doc, &a->view, &a->play, 1280, 720, l, &info);
    assert_non_null(text);
    cJSON *f = cJSON_Parse(text);
    free(text);
    assert_non_null(f);
    return f;
}

static void open_app(ui_app *a, const char *path)
{
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(path, &doc, NULL), 0);
    ui_app_init(a);
    ui_app_set_doc(a, doc, false);
    assert_true(ui_app_quiz(a, true));
}

/* A key, then the playback runs on to its next stop, as the key script does. */
static void press(ui_app *a, ui_key k)
{
    ui_app_key(a, k, false);
    ui_app_play_to_stop(a);
}

static void type(ui_app *a, const char *s)
{
    for (; *s; s++)
        press(a, *s == ' ' ? UI_KEY_SPACE : ui_key_of_digit(*s - '0'));
}

/* A text on screen that is a time ("5 ms", "1.5 s") later than t, or NULL. */
static const char *later_time(const cJSON *f, int64_t t)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, get(f, "texts"))
    {
        const char *s = get(x, "text")->valuestring;
        char squeezed[64];
        size_t o = 0;
        for (const char *p = s; *p && o + 1 < sizeof squeezed; p++)
            if (*p != ' ')
                squeezed[o++] = *p;
        squeezed[o] = '\0';
        int64_t v;
        if (o > 0 && units_parse_duration(squeezed, &v) == 0 && v > t)
            return s;
    }
    return NULL;
}

/* A text that contains `needle`, or NULL. */
static const char *text_with(const cJSON *f, const char *needle)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, get(f, "texts"))
    {
        const char *s = get(x, "text")->valuestring;
        if (strstr(s, needle))
            return s;
    }
    return NULL;
}

static int count_what(const cJSON *f, const char *what)
{
    int n = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, get(f, "texts")) n += strcmp(get(x, "what")->valuestring, what) == 0;
    return n;
}

/* The frame of an open question: its moment before anything of it happened, and
 * nothing of what comes later. */
static void check_open(const char *file, const ui_app *a, const cJSON *f)
{
    const ui_quiz *q = &a->quiz;
    const scn_question *qu = ui_quiz_open(q);
    assert_non_null(qu);
    const ui_quiz_answer *ans = &q->ans[q->asked_order[q->next]];
    int64_t t = (int64_t)get(f, "t_ns")->valuedouble;
    if (t != qu->at || get(get(f, "step"), "index")->valueint != 0)
        fail_msg("%s, %s: open at %lld ns step %d, not before its moment %lld ns", file, qu->id,
                 (long long)t, get(get(f, "step"), "index")->valueint, (long long)qu->at);
    if (!cJSON_IsNull(get(f, "end_ns")))
        fail_msg("%s, %s: the frame data gives the run's end", file, qu->id);
    if (strcmp(get(get(get(f, "quiz"), "open"), "id")->valuestring, qu->id) != 0)
        fail_msg("%s: the frame's open question is not %s", file, qu->id);
    const char *later = later_time(f, t);
    if (later)
        fail_msg("%s, %s at %lld ns: \"%s\" is on screen", file, qu->id, (long long)t, later);
    if (count_what(f, "caption") || count_what(f, "description") || count_what(f, "notes"))
        fail_msg("%s, %s: a caption is on screen", file, qu->id);
    if (count_what(f, "quiz.ask") < 1)
        fail_msg("%s, %s: the question is not on screen", file, qu->id);
    const scn_scenario *scn = a->doc->scn;
    const char *want = scn->list_title ? scn->list_title : scn->title;
    if (strcmp(get(get(f, "header"), "title")->valuestring, want) != 0)
        fail_msg("%s: the quiz's title is \"%s\", not the lesson's \"%s\"", file,
                 get(get(f, "header"), "title")->valuestring, want);
    /* an order's answer, a number's: nowhere in the frame (print-order's own title
     * states its order) */
    const char *given = text_with(f, ans->truth);
    if (qu->kind != SCN_QUESTION_CHOICE && ans->truth[0] && given)
        fail_msg("%s, %s: its answer \"%s\" is on screen in \"%s\"", file, qu->id, ans->truth,
                 given);
    if (t == 0 && count_what(f, "log") > 0)
        fail_msg("%s, %s: a line is printed before anything ran", file, qu->id);
}

static void check_lesson(const char *path)
{
    const char *file = strrchr(path, '/') + 1;
    ui_app a;
    open_app(&a, path);
    ui_list l;
    ui_list_init(&l);
    size_t opened = 0;
    /* every question in turn: skipped (Esc), the answers shown read (Space) */
    for (int guard = 0; guard < 1000 && a.quiz.state != UI_QUIZ_DONE; guard++) {
        if (a.quiz.state == UI_QUIZ_ASK) {
            for (size_t r = 0; r < 2; r++) { /* alone, and beside another runtime */
                a.view.compare = r == 1 && a.doc->nruns > 1;
                cJSON *f = frame(&a, &l);
                check_open(file, &a, f);
                cJSON_Delete(f);
            }
            a.view.compare = false;
            opened++;
            press(&a, UI_KEY_ESCAPE);
        } else if (a.quiz.state == UI_QUIZ_REVEAL) {
            press(&a, UI_KEY_SPACE);
        } else {
            fail_msg("%s: quiz stopped in state %d", file, a.quiz.state);
        }
    }
    if (opened != a.doc->scn->nquestions)
        fail_msg("%s: %zu of %zu questions opened", file, opened, a.doc->scn->nquestions);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* Every bundled lesson, every question: the frame while it is open. */
static void test_open_questions_give_nothing_away(void **state)
{
    (void)state;
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &n), 0);
    assert_true(n >= 16);
    for (size_t i = 0; i < n; i++)
        check_lesson(paths[i]);
    scn_dir_free(paths, n);
}

/* Keys and the mouse that would move the playback cannot pass an open question. */
static void test_open_question_holds_the_playback(void **state)
{
    (void)state;
    ui_app a;
    open_app(&a, BISTRO_SOURCE_DIR "/scenarios/print-order.json");
    assert_int_equal(a.quiz.state, UI_QUIZ_ASK);
    const ui_key keys[] = {UI_KEY_END, UI_KEY_RIGHT, UI_KEY_PAGE_DOWN, UI_KEY_SPACE, UI_KEY_HOME};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        press(&a, keys[i]);
        assert_int_equal(a.play.t, 0);
        assert_int_equal(a.play.step, 0);
        assert_false(a.play.playing);
        assert_false(a.view.orders);
        assert_int_equal(a.quiz.state, UI_QUIZ_ASK);
    }
    ui_layout_info info = {.columns = 1, .t0 = 0, .t1 = a.doc->end};
    info.area[0] = (ui_rect){0, 0, 1000, 100};
    ui_app_mouse(&a, &info, 900, 50, true); /* a drag near the end */
    assert_int_equal(a.play.t, 0);
    /* O types a letter (printed lines may be words) and opens no orders view */
    assert_string_equal(a.quiz.input, "");
    press(&a, UI_KEY_O);
    assert_string_equal(a.quiz.input, "o");
    assert_false(a.view.orders);
    press(&a, UI_KEY_BACKSPACE);
    /* a space only separates lines: "1 2" */
    type(&a, "1 2");
    assert_string_equal(a.quiz.input, "1 2");
    press(&a, UI_KEY_BACKSPACE);
    assert_string_equal(a.quiz.input, "1 ");
    ui_app_free(&a);
}

/* print-order answered: Node.js right, asyncio wrong, the thread right. The run
 * stops where each answer shows (the run's last printed line) with what it
 * printed: the real runtimes' orders (tests/loop_cases/print-order.expect: node
 * v20 and CPython 3.11 print 1 2 4 5 3; the blocking thread 1 3 2 4 5), and the
 * score at the end. */
static void test_answers_show_beside_what_happened(void **state)
{
    (void)state;
    ui_app a;
    open_app(&a, BISTRO_SOURCE_DIR "/scenarios/print-order.json");
    ui_list l;
    ui_list_init(&l);
    type(&a, "1 2 4 5 3");
    press(&a, UI_KEY_ENTER);
    assert_int_equal(a.quiz.state, UI_QUIZ_ASK); /* the next question of 0 ms */
    type(&a, "1 2 3 4 5");
    press(&a, UI_KEY_ENTER);
    type(&a, "1 3 2 4 5");
    press(&a, UI_KEY_ENTER);
    const char *want[3] = {"1 2 4 5 3", "1 2 4 5 3", "1 3 2 4 5"};
    const bool right[3] = {true, false, true};
    size_t shown = 0;
    while (a.quiz.state == UI_QUIZ_REVEAL) {
        cJSON *f = frame(&a, &l);
        for (size_t k = 0; k < a.quiz.nshown; k++) {
            size_t i = a.quiz.shown[k];
            const ui_quiz_answer *ans = &a.quiz.ans[i];
            assert_string_equal(ans->truth, want[i]);
            assert_int_equal(ans->right, right[i]);
            /* stopped at the moment its last line printed, that line on screen */
            assert_int_equal(a.play.t, ans->reveal_t);
            char line[64];
            snprintf(line, sizeof line, "What happened: %s", want[i]);
            assert_non_null(text_with(f, line));
            assert_non_null(text_with(f, right[i] ? "right" : "not this time"));
            shown++;
        }
        assert_true(count_what(f, "quiz.why") >= 1); /* the caption says why */
        cJSON_Delete(f);
        press(&a, UI_KEY_SPACE);
    }
    assert_int_equal(shown, 3);
    assert_int_equal(a.quiz.state, UI_QUIZ_DONE);
    cJSON *f = frame(&a, &l);
    assert_non_null(text_with(f, "Quiz done: 2 of 3 answers right"));
    cJSON_Delete(f);
    press(&a, UI_KEY_Q); /* leaves quiz mode: the whole title again */
    assert_null(a.view.quiz);
    f = frame(&a, &l);
    assert_non_null(strstr(get(get(f, "header"), "title")->valuestring, "1 2 4 5 3"));
    assert_true(cJSON_IsNull(get(f, "quiz")));
    cJSON_Delete(f);
    ui_list_free(&l);
    ui_app_free(&a);
}

/* A number question about a service behind the runtime (hybrid-gateway's ml_p99:
 * the model service's p99 behind the Node.js gateway) is judged with the
 * service's own p99, as bistro-sim grade does (the engine's summary of that
 * service), not with the gateway's. */
static void test_a_service_question_is_judged_on_the_service(void **state)
{
    (void)state;
    ui_app a;
    open_app(&a, BISTRO_SOURCE_DIR "/scenarios/hybrid-gateway.json");
    const scn_scenario *scn = a.doc->scn;
    sim_run *run = run_named_to_end(scn, "Node.js gateway", scn->seed);
    double ml_p99 = (double)sim_run_service_metrics(run, 0)->lat_p99_ns / 1e6;
    double front_p99 = (double)sim_run_metrics(run)->lat_p99_ns / 1e6;
    assert_true(ml_p99 - front_p99 > 1 ||
                front_p99 - ml_p99 > 1); /* the test can tell them apart */
    sim_run_free(run);
    size_t q = a.doc->scn->nquestions;
    for (size_t i = 0; i < a.doc->scn->nquestions; i++)
        if (strcmp(a.doc->scn->questions[i].id, "ml_p99") == 0)
            q = i;
    assert_true(q < a.doc->scn->nquestions);
    for (size_t i = 0; i < q; i++)
        press(&a, UI_KEY_ESCAPE); /* the questions before it, skipped */
    assert_ptr_equal(ui_quiz_open(&a.quiz), &a.doc->scn->questions[q]);
    char typed[32];
    snprintf(typed, sizeof typed, "%d", (int)(ml_p99 + 0.5));
    type(&a, typed);
    press(&a, UI_KEY_ENTER);
    assert_true(fabs(a.quiz.ans[q].value - ml_p99) < 1e-9);
    assert_true(a.quiz.ans[q].right);
    ui_app_free(&a);
}

/* The game on print-order's Node.js run: the playback stops just before each pick
 * (the trace's position), holds there against Right, End, Space and a drag, a
 * wrong pick is counted and stays, a right one plays on to the next point; at the
 * end the run plays out. The title gives nothing away; quiz mode ends the game. */
static void test_loopgame_stops_before_each_pick(void **state)
{
    (void)state;
    ui_app a;
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(BISTRO_SOURCE_DIR "/scenarios/print-order.json", &doc, NULL), 0);
    ui_app_init(&a);
    ui_app_set_doc(&a, doc, false);
    a.view.compare = true;
    assert_true(ui_app_loopgame(&a, true));
    assert_false(a.view.compare);
    ui_app_play_to_stop(&a);
    ui_list l;
    ui_list_init(&l);
    const ui_loopgame *g = a.game;
    assert_true(g->n >= 2);
    size_t wrongs = 0;
    for (size_t i = 0; i < g->n; i++) {
        const ui_loopgame_decision *d = &g->d[i];
        assert_int_equal(a.play.t, d->t);
        assert_int_equal(a.play.step, d->step);
        const ui_key hold[] = {UI_KEY_RIGHT, UI_KEY_END, UI_KEY_SPACE, UI_KEY_PAGE_DOWN};
        for (size_t k = 0; k < 4; k++) {
            press(&a, hold[k]);
            assert_int_equal(a.play.t, d->t);
            assert_int_equal(a.play.step, d->step);
        }
        cJSON *f = frame(&a, &l);
        const cJSON *lg = get(f, "loopgame");
        assert_int_equal(get(lg, "at")->valueint, (int)i);
        assert_int_equal(cJSON_GetArraySize(get(get(lg, "open"), "choices")), (int)d->ncand);
        assert_null(strstr(get(get(f, "header"), "title")->valuestring, "1 2 4 5 3"));
        assert_int_equal(count_what(f, "caption"), 0);
        cJSON_Delete(f);
        size_t wrong = d->right == 0 ? 1 : 0;
        press(&a, ui_key_of_digit((int)wrong + 1));
        assert_int_equal(g->wrong, (int)++wrongs);
        assert_int_equal(a.play.t, d->t); /* a wrong pick: the point stays */
        ui_app_key(&a, ui_key_of_digit((int)d->right + 1), false);
        assert_int_equal(g->right, (int)i + 1);
        /* playing on to the next point, a digit pressed early is no panel key */
        if (!g->done) {
            ui_app_key(&a, UI_KEY_1, false);
            assert_int_equal(a.view.hidden, 0);
        }
        ui_app_play_to_stop(&a);
    }
    assert_true(g->done);
    assert_int_equal(a.play.t, a.play.end); /* done: the run played out */
    cJSON *f = frame(&a, &l);
    assert_true(get(get(f, "loopgame"), "done")->type == cJSON_True);
    cJSON_Delete(f);
    assert_true(ui_app_quiz(&a, true));
    assert_null(a.game);
    ui_list_free(&l);
    ui_app_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_questions_give_nothing_away),
        cmocka_unit_test(test_open_question_holds_the_playback),
        cmocka_unit_test(test_answers_show_beside_what_happened),
        cmocka_unit_test(test_a_service_question_is_judged_on_the_service),
        cmocka_unit_test(test_loopgame_stops_before_each_pick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
