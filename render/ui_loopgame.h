/* ui_loopgame.h - "You are the event loop": the class picks what runs next.
 *
 * At each point of a run where a runtime chooses between waiting callbacks or
 * threads, the game stops and asks the student to choose as the runtime would:
 *   Node.js      which queue the loop takes its next callback from (nextTick,
 *                the promise microtasks, timers, poll, check)
 *   asyncio      which ticket of the ready queue runs next (the oldest or the newest)
 *   threadpool   which waiting job a free pool thread takes (libuv's threadpool,
 *                asyncio's executor)
 *   GIL          who gets the GIL after a forced switch (the holder that was asked
 *                to drop it, or a thread waiting for it)
 * A right pick plays on to the next point; a wrong one is counted and explained by
 * the rule it breaks (docs/model.md, "You are the event loop: the rules it checks").
 *
 * Everything comes from one run's timeline: the points are where the trace shows a
 * pick with two or more candidates (queue lengths, the GIL's waiters, at the step
 * just before the pick), and the right candidate is what the run then did. Nothing
 * is simulated again. Plain data, no SDL; built once when the mode starts.
 */
#ifndef BISTRO_UI_LOOPGAME_H
#define BISTRO_UI_LOOPGAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_doc.h"
#include "ui_shapes.h"
#include "ui_theme.h"

#define UI_LOOPGAME_MAX_CANDIDATES 6
/* A long run can hold many thousands of points: the game keeps the first ones. */
#define UI_LOOPGAME_MAX_DECISIONS 200
#define UI_LOOPGAME_LABEL 48
#define UI_LOOPGAME_RULE 240

typedef enum {
    UI_LG_QUEUE,      /* Node: which queue the loop takes its next callback from */
    UI_LG_READY,      /* asyncio: which ticket of the ready queue runs next */
    UI_LG_THREADPOOL, /* which waiting job a free pool thread takes */
    UI_LG_GIL,        /* who gets the GIL after a forced switch */
    UI_LG_KIND_COUNT
} ui_loopgame_kind;

/* The rule a wrong candidate breaks. */
typedef enum {
    UI_LG_RULE_NONE,        /* the right candidate */
    UI_LG_RULE_TICKS_FIRST, /* Node: nextTick before the promise microtasks */
    UI_LG_RULE_MICRO_DRAIN, /* Node: once microtasks run, the whole queue runs */
    UI_LG_RULE_MICRO_AFTER, /* Node: nextTick and microtasks after every callback */
    UI_LG_RULE_PHASES,      /* Node: timers -> poll -> check, each in its phase */
    UI_LG_RULE_READY_FIFO,  /* asyncio: the ready queue is first in, first out */
    UI_LG_RULE_POOL_FIFO,   /* threadpool: the work queue is first in, first out */
    UI_LG_RULE_GIL_SWITCH,  /* GIL: after a forced switch the dropper waits */
    UI_LG_RULE_GIL_ORDER,   /* GIL: here the longest waiter gets it */
    UI_LG_RULE_COUNT
} ui_loopgame_rule;

typedef struct {
    char label[UI_LOOPGAME_LABEL]; /* "nextTick", "ready queue: oldest", "thread 2" */
    int32_t what;   /* UI_LG_QUEUE: trace_queue; READY, THREADPOOL: 0 the oldest, 1 the
                       newest; GIL: the worker */
    int64_t length; /* the queue's length at the decision, or -1 (GIL) */
    int rule;       /* ui_loopgame_rule broken by picking it; NONE for the right one */
    char why[UI_LOOPGAME_RULE]; /* the rule as one sentence ("" for the right one) */
} ui_loopgame_candidate;

typedef struct {
    int64_t t;         /* where the app stops: (t, step) is the position just before */
    uint32_t step;     /* the pick (playback's step: after the first `step` events at t) */
    uint32_t pick_step; /* the pick itself is event pick_step (1-based) at t */
    int kind;          /* ui_loopgame_kind */
    int32_t loop;      /* the loop (QUEUE, READY), else -1 */
    int32_t process;   /* the process (THREADPOOL, GIL), else the loop's process */
    int phase;         /* the loop's trace_phase at the decision, or -1 */
    size_t ncand;      /* 2 .. UI_LOOPGAME_MAX_CANDIDATES */
    size_t right;      /* the index of the candidate the run took */
    ui_loopgame_candidate cand[UI_LOOPGAME_MAX_CANDIDATES];
} ui_loopgame_decision;

typedef enum {
    UI_LG_FEEDBACK_NONE,
    UI_LG_FEEDBACK_RIGHT,
    UI_LG_FEEDBACK_WRONG
} ui_loopgame_feedback;

typedef struct ui_loopgame {
    size_t run;                 /* the doc's run the game plays */
    ui_loopgame_decision *d;    /* in time order */
    size_t n;
    bool capped;                /* the run had more points; the first n are kept */
    bool no_steps;              /* the run is too long to follow event by event
                                   (timeline_has_steps): no points */
    size_t cur;                 /* the open decision (n when done) */
    int right, wrong;           /* picks so far */
    bool done;                  /* every decision answered (also when n is 0) */
    int feedback;               /* ui_loopgame_feedback of the last pick */
    int picked;                 /* the candidate of the last wrong pick (of the open
                                   decision), or -1 */
    char last[UI_LOOPGAME_RULE]; /* "right", or the rule the last wrong pick broke */
} ui_loopgame;

/* Finds the decision points of run `run` of `doc` and starts a game at the first.
 * 0 and *out (free it with ui_loopgame_free), SIM_EINVAL (no such run) or
 * SIM_ENOMEM. A run with no point gives a game that is done at once. */
int ui_loopgame_build(const ui_doc *doc, size_t run, ui_loopgame **out);

/* NULL is a no-op. */
void ui_loopgame_free(ui_loopgame *g);

/* The open decision, or NULL when done. */
const ui_loopgame_decision *ui_loopgame_current(const ui_loopgame *g);

/* The student picks candidate `c` of the open decision. 1: right or legal
 * (counted as right; the next decision opens, or the game is done; after a forced
 * switch any waiting thread is legal, as CPython lets the OS choose, and g->last
 * says so); 0: wrong (counted; the decision stays open and g->last holds the rule
 * broken); -1: nothing open or c out of range (nothing changes). */
int ui_loopgame_pick(ui_loopgame *g, size_t c);

/* Where the app stops next: true and the open decision's position (t, step) in
 * *t, *step (playback's clock), false when the game is done. */
bool ui_loopgame_next_stop(const ui_loopgame *g, int64_t *t, uint32_t *step);

/* Back to the first decision with the score at zero. */
void ui_loopgame_restart(ui_loopgame *g);

/* The one-line names of a kind and of a rule, for messages and tests
 * ("queue", "ready", "threadpool", "gil"; "ticks_first", ...). */
const char *ui_loopgame_kind_name(int kind);
const char *ui_loopgame_rule_name(int rule);

/* ---- the panel (layout_loopgame.c) ------------------------------------------------ */

/* What a panel's shapes are (UI_ROLE_LOOPGAME's state); a choice's id is its
 * candidate index, the feedback's its ui_loopgame_feedback. */
typedef enum {
    UI_LG_PART_QUESTION,
    UI_LG_PART_CHOICE,
    UI_LG_PART_FEEDBACK,
    UI_LG_PART_SCORE,
    UI_LG_PART_COUNT
} ui_loopgame_part;

/* The parts' names in the frame data ("loopgame.question", "loopgame.choice",
 * "loopgame.feedback", "loopgame.score"). */
extern const char *const ui_loopgame_part_names[UI_LG_PART_COUNT];

/* The height the panel wants at width w (the question, a row of choices, the
 * feedback and the score), for a frame to reserve: as tall as the longest
 * feedback a pick of the open point can bring, so its buttons do not move. */
int ui_loopgame_height(const ui_loopgame *g, const ui_measure *m, int text_px, int w);

/* Draws the panel into r: the question "You are the event loop: what runs next?",
 * each candidate as a numbered button ("1  nextTick"), the feedback line and the
 * score ("right 7 · wrong 2"); when done, the final score. text_px is the frame's
 * base text size (ui_text_px). Returns the height used. Shapes carry
 * UI_ROLE_LOOPGAME with state = ui_loopgame_part. */
int ui_loopgame_layout(ui_list *out, ui_rect r, const ui_loopgame *g, const ui_theme *th,
                       const ui_measure *m, int text_px);

/* The candidate whose button is under (x, y) in a list the panel was drawn into,
 * or -1. */
int ui_loopgame_hit(const ui_list *l, int x, int y);

#endif
