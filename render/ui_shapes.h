/* ui_shapes.h - a frame as a list of shapes and text, before anything is drawn.
 *
 * The layout (ui_layout.h) turns "the run at time t in this window" into a
 * ui_list; the SDL layer (sdl_draw.h) draws the list and knows nothing of the
 * simulation. Because the list is plain data, tests read it without SDL: every
 * shape carries a role (what it shows: a worker's lane span, a table, the cursor,
 * a log line) with an id and a state, so a test can ask "is worker 0's span at
 * 1 s green?" and the app can ask "what is under the mouse?".
 *
 * Text is measured through a ui_measure supplied by the caller: the SDL layer
 * measures with the real font; tests use ui_measure_fixed(), a fixed advance per
 * character, which is close enough for layout decisions.
 *
 * Memory: the list grows as needed and is reused from frame to frame
 * (ui_list_clear keeps the storage). An allocation failure sets `oom`, later
 * appends are dropped, and ui_layout() returns SIM_ENOMEM, so callers check once.
 */
#ifndef BISTRO_UI_SHAPES_H
#define BISTRO_UI_SHAPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t r, g, b, a;
} ui_color;

typedef struct {
    int x, y, w, h;
} ui_rect;

typedef enum {
    UI_SHAPE_RECT, /* filled, corners rounded by `radius` */
    UI_SHAPE_BOX,  /* outline `thick` pixels wide, inside the rect */
    UI_SHAPE_LINE, /* from (x, y) to (x + w, y + h), `thick` pixels wide */
    UI_SHAPE_DISC, /* filled circle inscribed in the rect */
    UI_SHAPE_TEXT, /* one line of text; the rect is where it was placed */
    UI_SHAPE_IMAGE /* a pictogram of assets/ (its name is the shape's text: "door" is
                      assets/door.svg) scaled to the rect, in the shape's colour */
} ui_shape_kind;

typedef enum { UI_FONT_SANS, UI_FONT_BOLD, UI_FONT_MONO, UI_FONT_COUNT } ui_font;

typedef enum { UI_ALIGN_LEFT, UI_ALIGN_CENTER, UI_ALIGN_RIGHT } ui_align;

/* What a shape shows. Layout tests and mouse hovering read these; drawing ignores
 * them. `id` and `state` mean what the comment says, else -1. */
typedef enum {
    UI_ROLE_NONE,
    UI_ROLE_HEADER,         /* the title bar's text */
    UI_ROLE_CLOCK,          /* the clock text */
    UI_ROLE_WORKER_SPAN,    /* timeline: id = worker, state = tl_worker_state */
    UI_ROLE_REQUEST_SPAN,   /* timeline: id = request, state = tl_request_state */
    UI_ROLE_REQUEST_BAND,   /* timeline, thousands of requests: state = tl_request_state */
    UI_ROLE_CURSOR,         /* timeline: the current time */
    UI_ROLE_LANE_LABEL,     /* timeline: id = worker (or -1 - request) */
    UI_ROLE_TABLE,          /* restaurant: id = request, state = tl_request_state */
    UI_ROLE_WAITER,         /* restaurant: id = worker, state = tl_worker_state */
    UI_ROLE_COOK,           /* restaurant: id = device, state = busy slots */
    UI_ROLE_ORDER_PAD,      /* restaurant: id = process, state = holder worker or -1 */
    UI_ROLE_RAIL,           /* restaurant: id = trace_queue, state = length */
    UI_ROLE_PHASE,          /* restaurant: id = trace_phase, state = 1 when current, 2 when
                               current and running the main script (Node's main phase) */
    UI_ROLE_CORE,           /* restaurant: id = core, state = tl_core_state */
    UI_ROLE_LEGEND,
    UI_ROLE_METRIC,         /* id = ui_metric */
    UI_ROLE_LOG_LINE,       /* id = log line index, state = 1 for the newest */
    UI_ROLE_LOG_TIME,       /* the time a log line was printed: id, state as its line's */
    UI_ROLE_CODE_LINE,      /* id = 1-based code line, state = 1 when current */
    UI_ROLE_NARRATION,
    UI_ROLE_BANNER,         /* the invalid-file banner */
    UI_ROLE_HELP,           /* the help overlay */
    UI_ROLE_LIST_ITEM,      /* scenario list: id = entry, state = 1 when selected */
    UI_ROLE_TOOLTIP,
    UI_ROLE_RUNNING,        /* restaurant: the label of the rail whose callback the loop runs
                               now; id = trace_queue */
    UI_ROLE_COLUMN_TITLE, /* compare: above a column; id = run, state 0 its name, 1 its progress */
    UI_ROLE_ORDER, /* orders view: one order's bar, text and numbers; id = its index
                             in the run's orders, state = 1 for the order of the run on screen */
    UI_ROLE_ORDERS, /* orders view: the rest (headings, "+k more", the spreads); id = -1,
                             or -2 for the "+k more orders" line */
    UI_ROLE_DOOR, /* restaurant: the door and its queue; id = process, state = the
                       accept queue's length (capped at 32767) */
    UI_ROLE_DISH, /* restaurant: what a table waits for, a pictogram of the kind of
                       work (its image: disk, database, network, hash); id = request,
                       state = the device, or -1 for work at the back office */
    UI_ROLE_WORKBENCH, /* restaurant: the CPU cores' bench (its heading and note) */
    UI_ROLE_LANE, /* timeline: a lane's track; id = worker (or -1 - request) */
    UI_ROLE_BAND_SCALE, /* timeline: a band's track (rect) and scale labels (text); id = 0
                           for the requests' band, 1 for the threads'; state = 0, 1, 2 for
                           the labels at 0, half and the top */
    UI_ROLE_GIL_TURNS, /* timeline: a stretch of a lane taking turns on the GIL, its
                           hatching and its label; id as the lane's, state = share in % */
    UI_ROLE_ZOOM, /* timeline: the text naming the window shown when zoomed */
    UI_ROLE_NOTES, /* the presenter's notes panel (N): id 0 or 1, the column whose notes */
    UI_ROLE_QUIZ, /* quiz mode's box: state = its part (ui_quiz_part, layout_quiz.c),
                     id = the question, or the option of an option's row */
    UI_ROLE_SHARED, /* restaurant: a shared value ("state") on the pass; id = its key,
                       state = 1 while a lost update happens (this instant), else 0 */
    UI_ROLE_LOOPGAME, /* "You are the event loop" panel: state = its part (ui_loopgame_part,
                         ui_loopgame.h); id = the candidate of a choice's button and text,
                         the feedback's ui_loopgame_feedback, else -1 */
    UI_ROLE_SERVICE, /* restaurant: a service's name and its line ("3 in flight · 1 waiting");
                        id = the service, state = its calls waiting for a worker (the line),
                        -1 (the name) */
    UI_ROLE_CALL, /* restaurant: an arrow from a table waiting on a call to the table of the
                     service's request it made; id = that request (at the service), state =
                     the service */
    UI_ROLE_COUNT
} ui_role;

/* A service's worker on the timeline (WORKER_SPAN, LANE, LANE_LABEL, GIL_TURNS
 * of a lane under the front's): id = UI_SERVICE_LANE_ID(k, w), worker w of the
 * run's service k. A front's worker's id stays below UI_SERVICE_LANE_BASE. */
#define UI_SERVICE_LANE_BASE (1 << 20)
#define UI_SERVICE_LANE_ID(k, w) \
    ((int32_t)(((int32_t)(k) + 1) * UI_SERVICE_LANE_BASE + (int32_t)(w)))
#define UI_SERVICE_LANE_OF(id) ((id) / UI_SERVICE_LANE_BASE - 1) /* k, or -1: the front's */
#define UI_SERVICE_LANE_WORKER(id) ((id) % UI_SERVICE_LANE_BASE)

typedef struct {
    uint8_t kind; /* ui_shape_kind */
    uint8_t font; /* text: ui_font */
    uint8_t align; /* text: ui_align, within rect.w when it is > 0 */
    uint8_t run; /* which run (runtime) the shape belongs to */
    bool cut; /* text: shortened to fit (it ends with "…" where the rest was) */
    uint8_t service; /* 0: the run's own; k + 1: drawn for service k behind the run
                        (its restaurant: ids are that service's workers and requests) */
    int16_t px; /* text: size in pixels */
    int16_t thick; /* box, line: width in pixels; rect: corner radius */
    ui_rect rect;
    ui_color color;
    uint16_t role; /* ui_role */
    int16_t state;
    int32_t id;
    uint32_t text; /* text: offset into the list's text store */
    uint32_t len; /* text: length in bytes (UTF-8) */
} ui_shape;

typedef struct {
    ui_shape *shapes;
    size_t n, cap;
    char *text; /* every text, NUL-terminated, back to back */
    size_t text_n, text_cap;
    bool oom;
    uint8_t run; /* stamped on every shape added (the layout sets it) */
    uint8_t service; /* stamped too: 0, or k + 1 while service k's restaurant is drawn */
} ui_list;

/* Text measuring. `width` returns the advance of the first `len` bytes of `s` in
 * `font` at `px`; `height` the line height. ctx is the caller's. */
typedef struct {
    int (*width)(void *ctx, int font, int px, const char *s, size_t len);
    int (*height)(void *ctx, int font, int px);
    void *ctx;
} ui_measure;

/* Fixed metrics: 0.6 px per pixel of size for every character (DejaVu Sans Mono's
 * advance), line height 1.25 px. For tests and for the first layout before the
 * fonts load. */
const ui_measure *ui_measure_fixed(void);

void ui_list_init(ui_list *l);
void ui_list_free(ui_list *l);
/* Forgets the shapes but keeps the storage. */
void ui_list_clear(ui_list *l);

/* The i-th shape's text (NUL-terminated); "" for shapes without text. */
const char *ui_shape_text(const ui_list *l, const ui_shape *s);

/* An image shape's name ("door"); "" for other shapes. */
const char *ui_shape_image(const ui_list *l, const ui_shape *s);

/* Appends a shape and returns it (role NONE, id -1, state -1), or NULL when out of
 * memory. The pointer is valid until the next append. */
ui_shape *ui_add(ui_list *l, ui_shape_kind kind, ui_rect r, ui_color c);

ui_shape *ui_rect_fill(ui_list *l, ui_rect r, ui_color c, int radius);
ui_shape *ui_box(ui_list *l, ui_rect r, ui_color c, int thick);
ui_shape *ui_line(ui_list *l, int x0, int y0, int x1, int y1, ui_color c, int thick);
ui_shape *ui_disc(ui_list *l, int cx, int cy, int radius, ui_color c);

/* One line of text at (x, y) (top of the line), aligned within w (w = 0: left at
 * x). Text that does not fit in w > 0 is cut and ends with "…". Returns the shape,
 * whose rect is the text's measured box, or NULL. */
ui_shape *ui_text(ui_list *l, const ui_measure *m, ui_font font, int px, ui_color c, int x, int y,
                  int w, ui_align align, const char *s);

/* A pictogram (UI_SHAPE_IMAGE) named `name` (assets/NAME.svg) in rect r, tinted c. */
ui_shape *ui_image(ui_list *l, ui_rect r, ui_color c, const char *name);

/* Word-wraps `s` into lines of at most r.w pixels from r.y down, stopping before
 * r.y + r.h (the last line that fits ends with "…" when text is left over).
 * Returns the height used. Each line gets `role` and `id`. */
int ui_text_wrap(ui_list *l, const ui_measure *m, ui_font font, int px, ui_color c, ui_rect r,
                 const char *s, ui_role role, int32_t id);

/* Tags the shapes added since `from` (an index, l->n before adding them). */
void ui_tag(ui_list *l, size_t from, ui_role role, int32_t id, int16_t state);

/* UTF-8: whether byte c continues a character (10xxxxxx), and how many characters
 * the first len bytes of s hold. */
bool ui_utf8_cont(char c);
size_t ui_utf8_chars(const char *s, size_t len);

/* Whether a point is inside a rect. */
bool ui_rect_has(ui_rect r, int x, int y);

/* The topmost shape with a role other than NONE under (x, y), or NULL. */
const ui_shape *ui_hit(const ui_list *l, int x, int y);

#endif
