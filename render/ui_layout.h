/* ui_layout.h - one frame of the app as shapes and text: a pure function.
 *
 * ui_layout(doc, view, t, w, h) describes what the window shows at simulated time
 * t: the header (title, runtime, clock), the restaurant, the timeline, the live
 * metrics, the printed log, the code listing, the narration caption, and whatever
 * is open on top (help, the scenario list, an error banner, a tooltip). It reads
 * the doc's timelines and never simulates; it has no SDL, no clock and no I/O, so
 * the same inputs give the same list, and tests check it without a window.
 *
 * With view->compare, two runtimes share the window side by side on one clock.
 */
#ifndef BISTRO_UI_LAYOUT_H
#define BISTRO_UI_LAYOUT_H

#include <stdint.h>

#include "ui_doc.h"
#include "ui_shapes.h"
#include "ui_view.h"

/* Where the layout put each run's timeline, and which times its x axis spans, so
 * the app can turn a mouse position into a time (scrubbing, zooming). */
typedef struct {
    ui_rect area[2];        /* the lanes' plot area per run shown (w = 0: none) */
    size_t run[2];          /* the runs shown, left to right */
    int columns;            /* how many: 1, or 2 when comparing (0: no scenario) */
    bool caption_shared;    /* comparing, one caption spans both columns (drawn as run[0]'s) */
    int64_t t0, t1;         /* the axis: x = area.x at t0, area.x + area.w at t1 */
    int window;             /* where [t0, t1] comes from: UI_WINDOW_* */
} ui_layout_info;

/* The timeline's window: the whole run, the teacher's zoom (the wheel, --from and
 * --to), or the zoom of the caption showing. */
enum { UI_WINDOW_RUN, UI_WINDOW_ZOOM, UI_WINDOW_CAPTION };

/* Lays out the frame into `out` (cleared first). doc may be NULL (no scenario yet:
 * the scenario list or a hint). 0, or SIM_ENOMEM when the list could not grow.
 * `info` may be NULL. */
int ui_layout(const ui_doc *doc, const ui_view *view, int64_t t, int w, int h, const ui_measure *m,
              ui_list *out, ui_layout_info *info);

/* The base text size for a window of height h at text step `step` (each step 10%):
 * 20 px at 720 px high, growing with the window, never under 12 px. */
int ui_text_px(int h, int step);

/* The time at x in the timeline described by info (clamped to its axis). */
int64_t ui_layout_time_at(const ui_layout_info *info, int x);

/* "1.002 s", "250 ms", "12.5 us": a time for display, with at most 4 significant
 * digits, into buf (at least 32 bytes). Returns buf. */
char *ui_format_time(int64_t ns, char *buf, size_t size);

/* "18.0 MiB", "78.3 GiB", "512 B": bytes for display, 3 significant digits in the
 * largest binary unit below the value, into buf. Returns buf. */
char *ui_format_bytes(int64_t bytes, char *buf, size_t size);

/* The same without trailing zeros ("100 ms", "2.5 s"), for round numbers such as
 * speeds and axis ticks. Returns buf. */
char *ui_format_duration(int64_t ns, char *buf, size_t size);

#endif
