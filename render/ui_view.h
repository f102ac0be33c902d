/* ui_view.h - how the teacher has arranged the screen, as plain data.
 *
 * Everything the layout needs besides the doc and the time: which runtime (or
 * which two, side by side), the theme, the text size, the timeline's zoom, what is
 * open on top (help, the scenario list, an error banner) and where the mouse is.
 * Keys and the mouse change a ui_view (ui_app.h); the layout only reads it.
 */
#ifndef BISTRO_UI_VIEW_H
#define BISTRO_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One bundled scenario, for the list. Strings are owned by whoever fills the list. */
typedef struct {
    const char *path;
    const char *title;
    const char *description;
} ui_list_entry;

struct ui_orders; /* ui_orders.h */
struct ui_quiz;   /* ui_quiz.h */
struct ui_loopgame; /* ui_loopgame.h */

typedef struct {
    size_t run;             /* the runtime shown (the left one when comparing) */
    size_t run_b;           /* the right one when comparing */
    bool compare;
    int theme;              /* ui_theme_id */
    int text_step;          /* text size: 0 = fits the window; each step is 10% */
    bool help;              /* the help overlay is open */
    bool list;              /* the scenario list is open */
    bool orders;            /* the orders view is open: every print order over many seeds */
    bool notes;             /* the presenter's notes of the caption on screen are shown */
    const struct ui_orders *order_runs; /* what the orders view shows (the app's), or NULL */
    const struct ui_quiz *quiz; /* quiz mode (the app's), or NULL when it is off */
    const struct ui_loopgame *game; /* "you are the event loop" (the app's), or NULL */
    size_t list_sel;
    const ui_list_entry *entries; /* the bundled scenarios, for the list */
    size_t nentries;
    const char *banner;     /* errors of a file that did not load, or NULL */
    int64_t zoom_t0, zoom_t1; /* the timeline's window; zoom_t1 <= zoom_t0: the whole run */
    int mouse_x, mouse_y;   /* -1 when the mouse is outside the window */
    bool playing;           /* for the header */
    int64_t step_t;         /* the playback's position: inside the instant at */
    uint32_t step;          /* step_t, after its first `step` events (timeline.h;
                               TL_STEP_END: all of them). A frame laid out at any
                               other time shows its whole instant. The app keeps
                               both equal to its playback's. */
    const char *speed_text; /* "1 s of simulation in 10 s", for the header */
    const char *status;     /* a short message ("saved shot.png"), or NULL */
    unsigned hidden;        /* panels the teacher hid (keys 1, 2, 3): ui_panel bits */
} ui_view;

/* Panels that a key hides and shows again, so the rest gets their room. */
typedef enum {
    UI_PANEL_RESTAURANT = 1u << 0, /* key 1 */
    UI_PANEL_TIMELINE = 1u << 1,   /* key 2 */
    UI_PANEL_METRICS = 1u << 2     /* key 3 */
} ui_panel;

/* The step to draw at time t: the view's step when t is the playback's time
 * (step_t), else the whole instant (TL_STEP_END). */
uint32_t ui_view_step_at(const ui_view *v, int64_t t);

/* A view with the defaults: run 0, projector theme, nothing open, whole run. */
void ui_view_init(ui_view *v);

/* The runs on screen for a doc of `nruns` runs, into out: the one shown (1), or
 * the left and the right column when comparing (2); 0 when there is no run. A
 * run out of range stands for the first; a right column equal to the left, or
 * out of range, stands for the run after the left. Everything that names, draws
 * or steps through the runs shown asks this, so they always agree. */
size_t ui_view_runs(const ui_view *v, size_t nruns, size_t out[2]);

#endif
