/* ui_app.h - the app's state and what keys and the mouse do to it, without SDL.
 *
 * main.c turns SDL events into ui_key values and mouse positions; everything they
 * change lives here as plain data (the doc on screen, the view, the playback
 * clock), so tests drive the app exactly as a teacher's keyboard would. Actions
 * that need the outside world (quit, fullscreen, reload, save a PNG, open a file)
 * are returned to the caller instead of done here.
 */
#ifndef BISTRO_UI_APP_H
#define BISTRO_UI_APP_H

#include <stdbool.h>

#include "ui_doc.h"
#include "ui_key.h"
#include "ui_layout.h"
#include "ui_orders.h"
#include "ui_playback.h"
#include "ui_quiz.h"
#include "ui_view.h"

/* What a key asks for that the app state cannot do by itself. */
typedef enum {
    UI_DO_NOTHING,
    UI_DO_QUIT,
    UI_DO_FULLSCREEN,
    UI_DO_RELOAD,
    UI_DO_SAVE_PNG,
    UI_DO_OPEN_SELECTED  /* open view.entries[view.list_sel] */
} ui_do;

typedef struct {
    ui_doc *doc;          /* owned; NULL before a scenario is open */
    ui_view view;
    ui_playback play;
    bool dragging;        /* the mouse button is down on a timeline */
    ui_orders orders;     /* the orders view's runs over seeds 1-200, made as needed */
    ui_quiz quiz;         /* quiz mode (Q): off, or where the class is in the questions */
    struct ui_loopgame *game; /* "you are the event loop" (E), or NULL when it is off */
} ui_app;

/* An app with no doc, the default view. */
void ui_app_init(ui_app *a);
/* Frees the doc. */
void ui_app_free(ui_app *a);

/* Puts `doc` on screen (the app owns it; the old one is freed). A new scenario
 * starts paused at 0 on its first runtime, the whole run in view. A reload
 * (`keep_time`) stays at the same time, speed and zoom, on the runtimes of the same
 * names when the new doc has them. Clears the banner and closes the list; the
 * orders view stays open and starts over on the new doc's runs. */
void ui_app_set_doc(ui_app *a, ui_doc *doc, bool keep_time);

/* Tells the view where the playback is (its time and step inside the instant);
 * every function here does it after changing the playback, and a caller that
 * moves the playback itself calls it before laying out. */
void ui_app_sync(ui_app *a);

/* Picks the runtime called `name` (left column). false when there is none. */
bool ui_app_select_runtime(ui_app *a, const char *name);

/* Applies a key press. `shift`: a Shift key is down. */
ui_do ui_app_key(ui_app *a, ui_key key, bool shift);

/* Quiz mode on (from the start of the run, paused; the first question opens when
 * the playback reaches it) or off. false when it could not start (no scenario,
 * out of memory). Q does the same. */
bool ui_app_quiz(ui_app *a, bool on);

/* "You are the event loop" on or off (E): the game of the runtime shown (the left
 * column; compare ends), from the start of the run; the playback stops before
 * each point where the runtime picks what runs next, and the keys 1 to 6 (or a
 * click on a choice) pick. false when it could not start (no scenario, out of
 * memory). Quiz mode ends when it starts, and the other way round. */
bool ui_app_loopgame(ui_app *a, bool on);

/* A click at (x, y) on a frame laid out into l: a choice of the game's panel is
 * picked. true when it was one. */
bool ui_app_click(ui_app *a, const ui_list *l, int x, int y);

/* Plays on until the playback stops by itself, at quiz mode's next stop or at the
 * end, as a class waiting for it would; a key script does this after each key in
 * quiz mode, so it reads like a lesson ("1 Space 2 Enter" answers, then the run
 * plays to where the answer shows). */
void ui_app_play_to_stop(ui_app *a);

/* The window's title: the lesson's title and the app's name ("Three requests -
 * bistro"), or "bistro" with no scenario open, into buf. Returns buf. */
char *ui_app_window_title(const ui_app *a, char *buf, size_t size);

/* Runs one more seed of the orders view where one is wanted (ui_orders.h): for
 * the runs on screen while the view is open, and for those of a scenario whose
 * machine has jitter (the lesson is the race) whether or not it is open. The
 * window calls it between frames, so a slow scenario's 200 runs never freeze it;
 * the headless frames call it until it is done. Returns true when more are wanted. */
bool ui_app_work(ui_app *a);

/* Advances the clock by wall_ns of wall-clock time (when playing) and keeps the
 * cursor inside a zoomed timeline. */
void ui_app_update(ui_app *a, int64_t wall_ns);

/* The mouse at (x, y) (-1, -1: it left the window); `down`: the button is held.
 * Pressing or dragging on a timeline's plot area seeks there. */
void ui_app_mouse(ui_app *a, const ui_layout_info *info, int x, int y, bool down);

/* The wheel over a timeline: zooms in (notches > 0) or out around the time under
 * the mouse; zooming out past the whole run shows the whole run. */
void ui_app_wheel(ui_app *a, const ui_layout_info *info, int x, int y, int notches);

#endif
