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
    int theme;
    const char *scenario_dir; /* the bundled library */
} bistro_opts;

/* --png / --frames: draws without a window. Returns an exit status. */
int bistro_headless(const bistro_opts *o);

/* The window, until the teacher quits. Returns an exit status. */
int bistro_window(const bistro_opts *o);

/* Opens `path` into *doc, printing every problem to stderr and, when banner is not
 * NULL, joining them into *banner (malloc'd, '\n'-separated; the caller frees).
 * Returns an exit status. */
int bistro_open(const char *path, ui_doc **doc, char **banner);

/* Applies --runtime and --theme to a freshly opened app. Returns an exit status
 * (2 with a message naming the runtimes there are, for an unknown name). */
int bistro_apply_opts(ui_app *app, const bistro_opts *o);

#endif
