/* ui_frame.h - the laid-out frame as data: bistro-frame/1.
 *
 * `bistro SCENARIO --layout-json OUT.json` writes what the window would show,
 * without pixels: the time and the step inside a busy instant, the header, one
 * column per runtime on screen (the loop's phase lit, the queue whose callback
 * runs, the caption, the code lines marked, the log, the metrics), and every
 * text drawn with what it shows, where, and whether it was cut to fit. It is read
 * off the same shape list the window draws (ui_layout), so a test or a teacher's
 * script checks a frame without reading pixels, and what it checks is what the
 * class sees. docs/app.md describes the format.
 */
#ifndef BISTRO_UI_FRAME_H
#define BISTRO_UI_FRAME_H

#include "ui_layout.h"
#include "ui_playback.h"
#include "ui_view.h"

/* What a text shape shows, as the frame data names it: "title", "runtime",
 * "clock", "caption", "metric.completed", "queue", "waiter", "log", "code", ...
 * Returns buf. */
const char *ui_frame_text_what(const ui_shape *s, char *buf, size_t size);

/* The frame laid out in `list` (by ui_layout with `view` at play->t into a w x h
 * window, `info` its layout info) as bistro-frame/1 JSON text, NUL-terminated and
 * malloc'd (the caller frees), or NULL when memory runs out. doc may be NULL. */
char *ui_frame_json(const ui_doc *doc, const ui_view *view, const ui_playback *play, int w, int h,
                    const ui_list *list, const ui_layout_info *info);

#endif
