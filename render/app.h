/* app.h - the bistro program's parts: a window, or frames without one.
 *
 * main.c parses the command line into bistro_opts and hands over to the window
 * (app_window.c) or to the headless frames (app_headless.c). Both open the scenario
 * the same way (app_session.c): every problem of an invalid file is printed as
 * file:line:col: $.path: message, and the window shows them in a banner as well.
 */
#ifndef BISTRO_APP_H
#define BISTRO_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ui_app.h"

enum { BISTRO_EXIT_OK = 0, BISTRO_EXIT_BAD_INPUT = 2, BISTRO_EXIT_CANNOT = 3 };

typedef struct {
    const char *scenario;     /* NULL: the scenario list */
    const char *png;          /* one frame to this file */
    const char *frames;       /* every frame into this folder */
    int64_t at;               /* --at */
    bool have_at;
    int fps;
    bool have_fps;
    const char *runtimes[2];  /* --runtime, once or twice */
    int nruntimes;
    int w, h;
    bool have_size;           /* --size given: the window keeps it */
    int theme;
    const char *scenario_dir; /* the bundled library */
    const char *layout_json;  /* the laid-out frame as data to this file */
    const char *keys;         /* a key script played before the frame is taken */
    int64_t from, to;         /* --from / --to: the timeline's window */
    bool have_from, have_to;
    bool quiz;                /* --quiz: quiz mode from the start */
    bool loopgame;            /* --be-the-loop: "you are the event loop" from the start */
    const char *answers_out;  /* --answers-out: where quiz mode saves the answers */
} bistro_opts;

/* One key of a key script: what ui_app_key gets. */
typedef struct {
    int key;    /* ui_key */
    bool shift;
} bistro_key;

/* --png / --frames: draws without a window. Returns an exit status. */
int bistro_headless(const bistro_opts *o);

/* The window, until the teacher quits. Returns an exit status. */
int bistro_window(const bistro_opts *o);

/* Opens `path` into *doc, printing every problem to stderr and, when banner is not
 * NULL, joining them into *banner (malloc'd, '\n'-separated; the caller frees).
 * Returns an exit status. */
int bistro_open(const char *path, ui_doc **doc, char **banner);

/* Applies --runtime, --theme and --quiz to a freshly opened app. Returns an exit
 * status (2 with a message naming the runtimes there are, for an unknown name). */
int bistro_apply_opts(ui_app *app, const bistro_opts *o);

/* Writes quiz mode's answers (bistro-answers/1) to `path`, whole or not at all
 * (a temporary file renamed over it). Returns an exit status; a message saying
 * what was done ("answers saved to a.json (2 of 3 answered)") or why not goes to
 * msg. */
int bistro_save_answers(const ui_app *app, const char *path, char *msg, size_t msg_size);

/* The same for answers already made into text (`answered` of `questions`, for the
 * message). */
int bistro_write_answers(const char *text, size_t answered, size_t questions, const char *path,
                         char *msg, size_t msg_size);

/* Where the window saves quiz answers on exit when --answers-out did not say:
 * "answers-LESSON.json" in the current folder, or with "-2", "-3", ... when that
 * file exists (a class's earlier answers are never replaced). malloc'd, or NULL. */
char *bistro_answers_path(const ui_app *app);

/* The app's key for an SDL key code (UI_KEY_OTHER for keys the app ignores): the
 * window and the key script map keys the same way (app_keys.c). */
ui_key bistro_map_key(int sdl_keycode, bool shift);

/* Parses a key script: SDL key names separated by spaces, each optionally after
 * "Shift+" ("Right Right Tab C Shift+Right + ?"). 0 and *keys (malloc'd, *n of
 * them; the caller frees), or SIM_EINVAL with the reason in `why` (an unknown key name),
 * or SIM_ENOMEM. A name SDL knows that the app does not use is kept: the app
 * ignores it as the window would. */
int bistro_parse_keys(const char *script, bistro_key **keys, size_t *n, char *why, size_t why_size);

#endif
