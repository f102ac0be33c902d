/* ui_layout_internal.h - what the layout's parts share.
 *
 * ui_layout() splits the window into regions and calls one function per region,
 * each in its own file; a region function draws only inside the rect it is given
 * and reads the frame's inputs from a ui_ctx.
 */
#ifndef BISTRO_UI_LAYOUT_INTERNAL_H
#define BISTRO_UI_LAYOUT_INTERNAL_H

#include "ui_layout.h"
#include "ui_quiz.h"
#include "ui_theme.h"

typedef struct {
    const ui_doc *doc;
    const ui_view *view;
    const ui_theme *theme;
    const ui_measure *m;
    int64_t t;        /* the simulated time shown */
    int px;           /* base text size; headings 1.3x, small print 0.8x */
    ui_list *out;
    uint32_t step;    /* the step inside the instant at t (TL_STEP_END: all of it) */
    bool hide_future; /* a quiz question is open: nothing past t shows (its end, the
                         axis beyond now, the caption that tells) */
} ui_ctx;

/* The restaurant of run `run`: tables, waiters, kitchen, order pad, ticket rails,
 * one restaurant per process, and the legend of the analogy (layout_restaurant.c). */
void ui__restaurant(const ui_ctx *c, size_t run, ui_rect r);

/* The timeline of run `run` in r, its x axis from t0 to t1: a lane per worker,
 * requests (lanes, or bands when there are too many), the cursor, the axis, the
 * state colour legend. Sets *plot to the lanes' area (layout_timeline.c). */
void ui__timeline(const ui_ctx *c, size_t run, ui_rect r, int64_t t0, int64_t t1, ui_rect *plot);

/* The timeline's window at c->t into [*t0, *t1): the view's zoom, else the zoom
 * of the caption showing (the left column's first), else the whole run. Returns
 * which (UI_WINDOW_*, ui_layout.h). Both columns of a compare share it. */
int ui__timeline_window(const ui_ctx *c, int64_t *t0, int64_t *t1);

/* Live metrics of run `run` at c->t (layout_panels.c). */
void ui__metrics(const ui_ctx *c, size_t run, ui_rect r);

/* The printed log so far, the newest line marked (layout_panels.c). */
void ui__log(const ui_ctx *c, size_t run, ui_rect r);
/* The code listing with the current line marked (layout_panels.c). */
void ui__code(const ui_ctx *c, size_t run, ui_rect r);
/* The caption of run `run` at c->t: its runtime's own captions, or the
 * scenario's; the description before the first. When comparing, run_b is the other
 * column's run (else run_b == run): if its caption differs, r is split into two
 * halves `gap` apart, each run's caption under its column, each tagged with its
 * run (layout_panels.c). Returns true when comparing and one caption, run's,
 * spans both columns. */
bool ui__narration(const ui_ctx *c, size_t run, size_t run_b, int gap, ui_rect r);
/* The height the captions of the runs shown need in width w so that none is cut:
 * the tallest of the whole run (so the bar does not jump while it plays), at the
 * biggest size under which it is at most `most` (layout_panels.c). */
int ui__narration_height(const ui_ctx *c, size_t run, size_t run_b, int gap, int w, int most);

/* A worker's or a request's state in the app's words, the timeline legend's
 * ("waiting for I/O"), for every text that names a state (layout_axis.c). The
 * trace's names (timeline_worker_state_name: wait_io) are for exports only. */
const char *ui__worker_words(int state);
const char *ui__request_words(int state);

/* The tooltip over a lane's hatched stretch of turns on the GIL (lane: a worker,
 * or -1 - request) at time t of the timeline's window: who, from when to when,
 * how many turns and the share it ran. False when no stretch is there
 * (layout_lanes.c). */
bool ui__turns_words(const ui_ctx *c, size_t run, int32_t lane, int64_t t, char *buf, size_t size);

/* The header bar: title, runtime(s), clock, play state (layout_overlay.c). */
void ui__header(const ui_ctx *c, ui_rect r);
/* The header's height at window width w: one row, or more when the title does not
 * fit beside the rest and goes above it (layout_overlay.c). */
int ui__header_height(const ui_ctx *c, int w);
/* The help overlay with every key (layout_overlay.c). */
void ui__help(const ui_ctx *c, ui_rect r);
/* The presenter's notes of the caption on screen, in the lower part of r (N). */
void ui__notes(const ui_ctx *c, ui_rect r);
/* The scenario list (layout_overlay.c). */
void ui__scenario_list(const ui_ctx *c, ui_rect r);
/* The orders view: per run on screen, every order it prints over the seeds of
 * view->order_runs, a bar per order with its share (layout_orders.c). */
void ui__orders(const ui_ctx *c, ui_rect r);
/* The parts of quiz mode's box, as the frame data names its texts ("quiz.ask"). */
typedef enum {
    UI_QUIZ_PART_HEADING,   /* "Question 1 of 3 · Node.js" */
    UI_QUIZ_PART_ASK,       /* the question */
    UI_QUIZ_PART_OPTION,    /* a choice's option (id: the option) */
    UI_QUIZ_PART_HANDS,     /* its show of hands (id: the option) */
    UI_QUIZ_PART_INPUT,     /* the answer typed so far */
    UI_QUIZ_PART_HINT,      /* the keys */
    UI_QUIZ_PART_PREDICTED, /* what the class said */
    UI_QUIZ_PART_HAPPENED,  /* what happened, and whether the two agree */
    UI_QUIZ_PART_WHY,       /* the caption at that moment */
    UI_QUIZ_PART_SCORE,     /* the score at the end */
    UI_QUIZ_PART_COUNT
} ui_quiz_part;
extern const char *const ui_quiz_part_names[UI_QUIZ_PART_COUNT];

/* Quiz mode's box in r, where the caption goes: the open question and the answer
 * being typed, the predictions beside what happened with the caption there, or
 * the score (layout_quiz.c). ui__quiz_height: the height it needs in width w, 0
 * when there is no box (quiz mode off, or playing between its stops). */
void ui__quiz(const ui_ctx *c, ui_rect r);
int ui__quiz_height(const ui_ctx *c, int w);
/* The error banner of a file that did not load (layout_overlay.c). */
void ui__banner(const ui_ctx *c, ui_rect r);

/* A panel: background, outline and a heading; returns the rect left inside. */
ui_rect ui__panel(const ui_ctx *c, ui_rect r, const char *heading);

/* A panel whose heading is shown only when there is room for it and some content
 * under it; returns the rect inside (w = h = 0 when r is empty). */
ui_rect ui__panel_in(const ui_ctx *c, ui_rect r, const char *heading);

/* The runs on screen: the view's run, and in compare the one beside it (the view's
 * run_b, or the next one). How many: 0 without a doc, 1 or 2 (layout_frame.c). */
size_t ui__runs_shown(const ui_ctx *c, size_t runs[2]);

/* The doc's run `run`, or NULL when there is none. */
const ui_run *ui__run_of(const ui_ctx *c, size_t run);

/* Shrinks r by d on every side. */
ui_rect ui__inset(ui_rect r, int d);
/* The theme's text or background colour, whichever stands out more (Rec. 601
 * luma) from `fill`: the ink for words on a chip, a table or a disc. */
ui_color ui__ink_on(const ui_theme *th, ui_color fill);

/* Text sizes: ceil(0.8 px), the smallest text any region uses (ui__min_px of the
 * base size is ui__small_px); px scaled by tenths, never below that. */
int ui__min_px(int px);
int ui__small_px(const ui_ctx *c);
int ui__sized(int px, int tenths);

/* A font's line height and a string's width at px. */
int ui__line_h(const ui_ctx *c, ui_font f, int px);
int ui__text_w(const ui_ctx *c, ui_font f, int px, const char *s);

/* The height ui_text_wrap would use for s in width w, without keeping the shapes. */
int ui__wrap_height(const ui_ctx *c, ui_font f, int px, int w, const char *s);

/* One line of text at the top of box, aligned within its width and cut with "…"
 * when too long; nothing (NULL) when the box is too small even for that, so text
 * never leaves its box. ui__text_mid centres it vertically in box. */
ui_shape *ui__text_in(const ui_ctx *c, ui_font f, int px, ui_color col, ui_rect box, ui_align a,
                      const char *s);
ui_shape *ui__text_mid(const ui_ctx *c, ui_font f, int px, ui_color col, ui_rect box, ui_align a,
                       const char *s);

#endif
