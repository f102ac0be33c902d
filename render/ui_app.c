/* ui_app.c - keys, mouse and clock applied to the app's state.
 *
 * The key map is DESIGN.md's: Space play/pause; Right/Left next/previous event;
 * Shift+Right/Left one frame tick; Up/Down speed; Home/End; Tab next runtime; C
 * compare; F11 fullscreen; +/- text size; T theme; R reload; S save a PNG; H or ?
 * help; Esc quits. L opens the scenario list. While the list is open, Up/Down
 * choose, Enter opens and Esc or L closes it; while help is open, any key closes
 * it (Esc too, so a teacher who opened help by mistake never quits by accident).
 * O opens and closes the orders view (every print order over seeds 1-200); while
 * it is open Esc closes it, and the other keys work as ever (Tab and C change the
 * runtimes it shows).
 * A presenter's keys: PageDown/PageUp go from caption to caption like slides
 * (each to its caption's first moment, paused), and N shows or hides the
 * presenter's notes of the caption on screen.
 * Q turns quiz mode on and off (ui_quiz.h): while a question is open its keys
 * come first (typing, picking, Enter, Esc), and nothing moves the playback past
 * a question before it is answered. E turns "you are the event loop" on and off
 * (ui_loopgame.h): while a point is open, 1 to 6 pick, and nothing moves the
 * playback past it; Esc ends the game.
 */
#include "ui_app.h"

#include <stdio.h>
#include <string.h>

#include "ui_loopgame.h"
#include "ui_theme.h"

#define ZOOM_STEP 1.25
#define ZOOM_MIN_NS INT64_C(1000) /* the narrowest window: 1 us */

void ui_app_init(ui_app *a)
{
    memset(a, 0, sizeof *a);
    ui_view_init(&a->view);
    ui_playback_init(&a->play, 0);
}

void ui_app_free(ui_app *a)
{
    ui_quiz_stop(&a->quiz);
    ui_loopgame_free(a->game);
    a->game = NULL;
    ui_orders_free(&a->orders);
    ui_doc_free(a->doc);
    a->doc = NULL;
}

/* The index of the runtime of `doc` called `name`, or -1. */
static int runtime_named(const ui_doc *doc, const char *name)
{
    return doc && name ? scn_find_runtime(doc->scn, name) : -1;
}

void ui_app_set_doc(ui_app *a, ui_doc *doc, bool keep_time)
{
    ui_view *v = &a->view;
    ui_playback old = a->play;
    /* a reload keeps the runtimes shown by name (the edit may have reordered them) */
    int run = -1, run_b = -1;
    if (keep_time && a->doc) {
        size_t shown[2] = {v->run, v->run_b}; /* the pair on screen when comparing */
        ui_view_runs(v, a->doc->nruns, shown);
        if (shown[0] < a->doc->nruns)
            run = runtime_named(doc, a->doc->runs[shown[0]].name);
        if (shown[1] < a->doc->nruns)
            run_b = runtime_named(doc, a->doc->runs[shown[1]].name);
    }
    ui_orders_free(&a->orders);
    bool quiz = a->quiz.state != UI_QUIZ_OFF, game = a->game != NULL;
    ui_quiz_stop(&a->quiz); /* it points into the old doc's scenario */
    ui_loopgame_free(a->game);
    a->game = NULL;
    ui_doc_free(a->doc);
    a->doc = doc;
    /* out of memory leaves no runs: the view then says nothing was run */
    ui_orders_init(&a->orders, doc, UI_ORDERS_FIRST, UI_ORDERS_LAST);
    ui_playback_init(&a->play, doc ? doc->end : 0);
    size_t n = doc ? doc->nruns : 0;
    if (keep_time) {
        ui_playback_seek(&a->play, old.t);
        a->play.playing = old.playing && a->play.t < a->play.end;
        a->play.speed = old.speed;
    } else {
        v->zoom_t0 = v->zoom_t1 = 0;
    }
    v->run = run >= 0 ? (size_t)run : 0;
    v->run_b = run_b >= 0 && (size_t)run_b != v->run ? (size_t)run_b : n > 1 ? (v->run + 1) % n : 0;
    if (n < 2)
        v->compare = false;
    /* a zoom window past the new end of the run shows the whole run */
    if (v->zoom_t1 > (doc ? doc->end : 0))
        v->zoom_t0 = v->zoom_t1 = 0;
    v->banner = NULL;
    v->list = false;
    ui_app_sync(a);
    if (quiz && doc)
        ui_app_quiz(a, true); /* a new doc, or a reload: its questions from the start */
    if (game && doc)
        ui_app_loopgame(a, true);
}

void ui_app_sync(ui_app *a)
{
    a->view.step_t = a->play.t;
    a->view.step = a->play.step;
    a->view.order_runs = &a->orders;
    a->view.quiz = a->quiz.state != UI_QUIZ_OFF ? &a->quiz : NULL;
    a->view.game = a->game;
}

/* The game's point open at the playback's position, or NULL. */
static const ui_loopgame_decision *game_open(const ui_app *a)
{
    int64_t t;
    uint32_t step;
    if (!a->game || !ui_loopgame_next_stop(a->game, &t, &step))
        return NULL;
    return a->play.t == t && a->play.step == step && !a->play.playing ? ui_loopgame_current(a->game)
                                                                      : NULL;
}

/* Stops the playback at (t, step) when it reached that position or went past it
 * (playing, a step, End, a seek): the quiz's and the game's stops. */
static bool stop_at(ui_app *a, int64_t t, uint32_t step)
{
    if (a->play.t < t || (a->play.t == t && a->play.step < step))
        return false;
    a->play.playing = false;
    ui_playback_seek(&a->play, t);
    a->play.step = step;
    return true;
}

/* In the game, a playback that reached the next point, or went past it, stops
 * just before its pick. */
static void game_catch(ui_app *a)
{
    int64_t t;
    uint32_t step;
    if (a->game && ui_loopgame_next_stop(a->game, &t, &step))
        stop_at(a, t, step);
}

/* Shows run `run` (a quiz question's runtime) unless it is on screen already. */
static void show_run(ui_app *a, int run)
{
    if (run < 0 || !a->doc || (size_t)run >= a->doc->nruns)
        return;
    size_t shown[2];
    size_t n = ui_view_runs(&a->view, a->doc->nruns, shown);
    for (size_t i = 0; i < n; i++)
        if (shown[i] == (size_t)run)
            return;
    ui_app_select_runtime(a, a->doc->runs[run].name);
}

/* In quiz mode, a playback that reached its next stop, or went past it (playing,
 * a step, End, a seek), stops there: a question opens before its moment's first
 * event, answers show at their moment's end. */
static void quiz_catch(ui_app *a)
{
    int64_t t;
    uint32_t step;
    while (a->doc && ui_quiz_next_stop(&a->quiz, &t, &step) && stop_at(a, t, step)) {
        a->view.orders = false; /* every order over 200 seeds would answer it */
        show_run(a, ui_quiz_arrive(&a->quiz));
    }
}

bool ui_app_loopgame(ui_app *a, bool on)
{
    ui_loopgame_free(a->game);
    a->game = NULL;
    if (on && a->doc) {
        size_t runs[2];
        ui_view_runs(&a->view, a->doc->nruns, runs);
        if (ui_loopgame_build(a->doc, runs[0], &a->game) != 0)
            a->game = NULL;
    }
    if (a->game) {
        ui_quiz_stop(&a->quiz);
        a->view.run = a->game->run;
        a->view.compare = false; /* the game is one runtime's */
        a->view.orders = false;
        ui_playback_seek(&a->play, 0);
        a->play.step = 0;
        /* the run plays to the first point (a run without any: to its end) */
        a->play.playing = a->play.end > 0;
        game_catch(a);
    }
    ui_app_sync(a);
    return on == (a->game != NULL);
}

/* The student picks candidate c: a right (or legal) pick plays on to the next
 * point, a wrong one keeps the point open with the rule it broke. */
static void game_pick(ui_app *a, int c)
{
    if (!game_open(a) || c < 0)
        return;
    if (ui_loopgame_pick(a->game, (size_t)c) == 1)
        a->play.playing = a->play.t < a->play.end;
}

bool ui_app_click(ui_app *a, const ui_list *l, int x, int y)
{
    int c = a->game ? ui_loopgame_hit(l, x, y) : -1;
    if (c < 0)
        return false;
    game_pick(a, c);
    ui_app_sync(a);
    return true;
}

/* A key in the game: 1 to 6 pick, nothing moves past an open point, Esc or E
 * ends it, Tab plays the next runtime's game. true when the key was the game's. */
static bool game_key(ui_app *a, ui_key key)
{
    if (!a->game)
        return false;
    const ui_loopgame_decision *d = game_open(a);
    int digit = ui_key_digit(key);
    switch (key) {
    case UI_KEY_ESCAPE:
    case UI_KEY_E: ui_app_loopgame(a, false); return true;
    case UI_KEY_TAB:
        if (a->doc && a->doc->nruns > 1) {
            a->view.run = (a->view.run + 1) % a->doc->nruns;
            ui_app_loopgame(a, true);
        }
        return true;
    case UI_KEY_C: return true; /* the game is one runtime's */
    case UI_KEY_RIGHT:
    case UI_KEY_END:
    case UI_KEY_PAGE_DOWN:
    case UI_KEY_SPACE: return d != NULL; /* the point waits for a pick */
    default: break;
    }
    /* until the game is done the digits are its picks, also while the run plays
     * between points (a pick pressed early hides no panel) */
    if (digit >= 1 && digit <= UI_LOOPGAME_MAX_CANDIDATES && !a->game->done) {
        if (d)
            game_pick(a, digit - 1);
        return true;
    }
    return false;
}

bool ui_app_quiz(ui_app *a, bool on)
{
    if (on && a->game) {
        ui_loopgame_free(a->game);
        a->game = NULL;
    }
    if (!on || !a->doc) {
        ui_quiz_stop(&a->quiz);
        ui_app_sync(a);
        return !on;
    }
    if (ui_quiz_start(&a->quiz, a->doc) != 0)
        return false;
    a->play.playing = false;
    ui_playback_seek(&a->play, 0);
    a->play.step = 0;
    a->view.orders = false;
    quiz_catch(a);
    ui_app_sync(a);
    return true;
}

void ui_app_play_to_stop(ui_app *a)
{
    /* one wall-clock second at a time: a run lasts 12 to 30 s at the app's speed,
     * and the stop is checked after each */
    for (int i = 0; a->play.playing && i < 100000; i++)
        ui_app_update(a, INT64_C(1000000000));
}

bool ui_app_work(ui_app *a)
{
    ui_app_sync(a);
    if (!a->doc || (!a->view.orders && !a->doc->scn->machine.jitter))
        return false;
    size_t runs[2];
    size_t n = ui_view_runs(&a->view, a->doc->nruns, runs);
    for (size_t i = 0; i < n; i++)
        if (!ui_orders_done(&a->orders, runs[i])) {
            ui_orders_step(&a->orders, a->doc, runs[i]);
            break;
        }
    for (size_t i = 0; i < n; i++)
        if (a->orders.nruns > runs[i] && !ui_orders_done(&a->orders, runs[i]))
            return true;
    return false;
}

bool ui_app_select_runtime(ui_app *a, const char *name)
{
    if (!a->doc)
        return false;
    int i = scn_find_runtime(a->doc->scn, name);
    if (i < 0)
        return false;
    a->view.run = (size_t)i;
    if (a->view.run_b == a->view.run && a->doc->nruns > 1)
        a->view.run_b = (a->view.run + 1) % a->doc->nruns;
    return true;
}

static void step_event(ui_app *a, int dir)
{
    if (!a->doc)
        return;
    size_t runs[2];
    size_t n = ui_view_runs(&a->view, a->doc->nruns, runs);
    ui_playback_step_event(&a->play, a->doc, runs, n, dir);
}

static void step_caption(ui_app *a, int dir)
{
    if (!a->doc)
        return;
    size_t runs[2];
    size_t n = ui_view_runs(&a->view, a->doc->nruns, runs);
    ui_playback_step_caption(&a->play, a->doc, runs, n, dir);
}

char *ui_app_window_title(const ui_app *a, char *buf, size_t size)
{
    const scn_scenario *scn = a->doc ? a->doc->scn : NULL;
    const char *t = scn ? ui_quiz_title(scn, a->quiz.state != UI_QUIZ_OFF || a->game) : NULL;
    if (t)
        snprintf(buf, size, "%s - bistro", t);
    else
        snprintf(buf, size, "bistro");
    return buf;
}

static void next_runtime(ui_app *a)
{
    size_t n = a->doc ? a->doc->nruns : 0;
    if (n < 2)
        return;
    if (!a->view.compare) {
        a->view.run = (a->view.run + 1) % n;
        return;
    }
    /* comparing: the right column cycles through the others, from the one shown */
    size_t runs[2];
    ui_view_runs(&a->view, n, runs);
    a->view.run = runs[0];
    a->view.run_b = runs[1];
    do
        a->view.run_b = (a->view.run_b + 1) % n;
    while (a->view.run_b == a->view.run);
}

static ui_do list_key(ui_app *a, ui_key key)
{
    ui_view *v = &a->view;
    switch (key) {
    case UI_KEY_UP:
        if (v->list_sel > 0)
            v->list_sel--;
        break;
    case UI_KEY_DOWN:
        if (v->list_sel + 1 < v->nentries)
            v->list_sel++;
        break;
    case UI_KEY_ENTER: return v->nentries ? UI_DO_OPEN_SELECTED : UI_DO_NOTHING;
    case UI_KEY_ESCAPE:
    case UI_KEY_L:
        if (a->doc)
            v->list = false;
        else if (key == UI_KEY_ESCAPE)
            return UI_DO_QUIT; /* nothing behind the list: Esc quits as everywhere */
        break;
    case UI_KEY_F11: return UI_DO_FULLSCREEN;
    case UI_KEY_H:
    case UI_KEY_QUESTION: v->help = true; break;
    default: break;
    }
    return UI_DO_NOTHING;
}

static ui_do key_press(ui_app *a, ui_key key, bool shift)
{
    ui_view *v = &a->view;
    if (v->help) {
        v->help = false;
        return key == UI_KEY_F11 ? UI_DO_FULLSCREEN : UI_DO_NOTHING;
    }
    if (v->list)
        return list_key(a, key);
    if (game_key(a, key))
        return UI_DO_NOTHING;
    switch (ui_quiz_key(&a->quiz, key, shift)) {
    case UI_QUIZ_KEY_TAKEN: return UI_DO_NOTHING;
    case UI_QUIZ_KEY_NEXT:
        show_run(a, a->quiz.ans[a->quiz.asked_order[a->quiz.next]].run);
        return UI_DO_NOTHING;
    case UI_QUIZ_KEY_PLAY: /* play on to where the answer shows */
        a->play.playing = a->play.t < a->play.end;
        if (!a->play.playing)
            quiz_catch(a);
        return UI_DO_NOTHING;
    case UI_QUIZ_KEY_PASS: break;
    }
    if (a->quiz.state == UI_QUIZ_REVEAL && key != UI_KEY_Q && key != UI_KEY_H &&
        key != UI_KEY_QUESTION && key != UI_KEY_PLUS && key != UI_KEY_MINUS && key != UI_KEY_T &&
        key != UI_KEY_F11 && key != UI_KEY_F && key != UI_KEY_N)
        a->quiz.state = UI_QUIZ_PLAY; /* moving on by other keys reads the answers too */
    switch (key) {
    case UI_KEY_Q: ui_app_quiz(a, a->quiz.state == UI_QUIZ_OFF); break;
    case UI_KEY_E: ui_app_loopgame(a, true); break;
    case UI_KEY_SPACE: ui_playback_toggle(&a->play); break;
    case UI_KEY_RIGHT:
        if (shift)
            ui_playback_tick(&a->play, +1);
        else
            step_event(a, +1);
        break;
    case UI_KEY_LEFT:
        if (shift)
            ui_playback_tick(&a->play, -1);
        else
            step_event(a, -1);
        break;
    case UI_KEY_UP: ui_playback_faster(&a->play, +1); break;
    case UI_KEY_DOWN: ui_playback_faster(&a->play, -1); break;
    case UI_KEY_PAGE_DOWN: step_caption(a, +1); break;
    case UI_KEY_PAGE_UP: step_caption(a, -1); break;
    case UI_KEY_N: v->notes = !v->notes; break;
    case UI_KEY_HOME: /* the start, before anything happened */
        a->play.playing = false;
        ui_playback_seek(&a->play, 0);
        a->play.step = 0;
        break;
    case UI_KEY_END:
        a->play.playing = false;
        ui_playback_seek(&a->play, a->play.end);
        break;
    case UI_KEY_TAB: next_runtime(a); break;
    case UI_KEY_C: v->compare = !v->compare && a->doc && a->doc->nruns > 1; break;
    case UI_KEY_PLUS:
        if (v->text_step < 10)
            v->text_step++;
        break;
    case UI_KEY_MINUS:
        if (v->text_step > -5)
            v->text_step--;
        break;
    case UI_KEY_0: v->text_step = 0; break;
    case UI_KEY_T: v->theme = (v->theme + 1) % UI_THEME_COUNT; break;
    case UI_KEY_H:
    case UI_KEY_QUESTION: v->help = true; break;
    case UI_KEY_L: v->list = true; break;
    case UI_KEY_F11:
    case UI_KEY_F: return UI_DO_FULLSCREEN;
    case UI_KEY_R: return UI_DO_RELOAD;
    case UI_KEY_S: return UI_DO_SAVE_PNG;
    case UI_KEY_O: v->orders = !v->orders; break;
    case UI_KEY_1: v->hidden ^= UI_PANEL_RESTAURANT; break;
    case UI_KEY_2: v->hidden ^= UI_PANEL_TIMELINE; break;
    case UI_KEY_3: v->hidden ^= UI_PANEL_METRICS; break;
    case UI_KEY_ESCAPE:
        if (v->orders) {
            v->orders = false; /* Esc closes the view before it quits */
            break;
        }
        return UI_DO_QUIT;
    default: break;
    }
    return UI_DO_NOTHING;
}

ui_do ui_app_key(ui_app *a, ui_key key, bool shift)
{
    ui_do d = key_press(a, key, shift);
    quiz_catch(a);
    game_catch(a);
    ui_app_sync(a); /* the layout draws the step the playback is at */
    return d;
}

void ui_app_update(ui_app *a, int64_t wall_ns)
{
    ui_playback_advance(&a->play, wall_ns);
    quiz_catch(a);
    game_catch(a);
    ui_view *v = &a->view;
    ui_app_sync(a);
    if (v->zoom_t1 <= v->zoom_t0 || !a->play.playing)
        return;
    /* a zoomed timeline pages along with the cursor while playing */
    int64_t w = v->zoom_t1 - v->zoom_t0;
    if (a->play.t >= v->zoom_t1 || a->play.t < v->zoom_t0) {
        v->zoom_t0 = a->play.t - w / 10;
        if (v->zoom_t0 + w > a->play.end)
            v->zoom_t0 = a->play.end - w; /* the last page ends at the end */
        if (v->zoom_t0 < 0)
            v->zoom_t0 = 0;
        v->zoom_t1 = v->zoom_t0 + w;
    }
}

/* The plot area under (x, y), or -1. */
static int plot_at(const ui_layout_info *info, int x, int y)
{
    for (int i = 0; i < 2; i++)
        if (info->area[i].w > 0 && ui_rect_has(info->area[i], x, y))
            return i;
    return -1;
}

static int64_t time_at(const ui_layout_info *info, int slot, int x)
{
    ui_layout_info one = *info;
    one.area[0] = info->area[slot];
    return ui_layout_time_at(&one, x);
}

void ui_app_mouse(ui_app *a, const ui_layout_info *info, int x, int y, bool down)
{
    a->view.mouse_x = x;
    a->view.mouse_y = y;
    if (!down || !a->doc || a->view.help || a->view.list || a->view.orders ||
        ui_quiz_hides(&a->quiz) || game_open(a)) { /* an open question: no seeking past it */
        a->dragging = false;
        return;
    }
    int slot = plot_at(info, x, y);
    if (slot < 0 && !a->dragging)
        return;
    if (slot < 0)
        slot = 0; /* a drag that left the plot keeps scrubbing, clamped to the axis */
    a->dragging = true;
    a->play.playing = false;
    ui_playback_seek(&a->play, time_at(info, slot, x));
    quiz_catch(a);
    game_catch(a);
    ui_app_sync(a);
}

void ui_app_wheel(ui_app *a, const ui_layout_info *info, int x, int y, int notches)
{
    int slot = plot_at(info, x, y);
    if (slot < 0 || !a->doc || notches == 0 || a->view.orders)
        return;
    int64_t end = a->doc->end > 0 ? a->doc->end : 1;
    int64_t t0 = info->t0, t1 = info->t1;
    int64_t at = time_at(info, slot, x);
    double f = 1.0;
    for (int i = 0; i < (notches > 0 ? notches : -notches); i++)
        f = notches > 0 ? f / ZOOM_STEP : f * ZOOM_STEP;
    double w = (double)(t1 - t0) * f;
    if (w >= (double)end) {
        a->view.zoom_t0 = a->view.zoom_t1 = 0; /* the whole run */
        return;
    }
    if (w < (double)ZOOM_MIN_NS)
        w = (double)ZOOM_MIN_NS;
    /* keep the time under the mouse under the mouse */
    double frac = (double)(at - t0) / (double)(t1 - t0);
    int64_t n0 = at - (int64_t)(frac * w);
    if (n0 < 0)
        n0 = 0;
    if (n0 + (int64_t)w > end)
        n0 = end - (int64_t)w;
    a->view.zoom_t0 = n0;
    a->view.zoom_t1 = n0 + (int64_t)w;
}
