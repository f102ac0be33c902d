/* ui_theme.h - the app's colours, one set per theme.
 *
 * Every view takes its colours from here, never from literals, so a theme change
 * (the T key) recolours everything and the three themes stay consistent: the same
 * state has the same colour in the restaurant, the timeline and the legend.
 *
 *   projector    dark text on white, saturated state colours: readable from the
 *                back of a lecture hall on a washed-out projector (the default)
 *   dark         light text on near-black, for a dim room or a laptop
 *   colour-blind the Okabe-Ito palette (Okabe and Ito, "Color Universal Design",
 *                2008), which stays distinct under the common colour-vision
 *                deficiencies; light background
 */
#ifndef BISTRO_UI_THEME_H
#define BISTRO_UI_THEME_H

#include "timeline.h"
#include "ui_shapes.h"

typedef enum { UI_THEME_PROJECTOR, UI_THEME_DARK, UI_THEME_COLORBLIND, UI_THEME_COUNT } ui_theme_id;

typedef struct {
    const char *name;        /* "projector", "dark", "colour-blind" */
    ui_color bg;             /* the window */
    ui_color panel;          /* a panel's background */
    ui_color panel_edge;     /* a panel's outline */
    ui_color text;
    ui_color text_dim;       /* labels, axis ticks */
    ui_color accent;         /* the clock, the current phase, the selected item */
    ui_color highlight;      /* the background of the current code line, the newest log line */
    ui_color cursor;         /* the timeline's time cursor */
    ui_color grid;           /* axis and grid lines */
    ui_color banner_bg, banner_text; /* errors */
    ui_color overlay;        /* behind the help overlay (translucent) */
    ui_color table, kitchen, pad; /* restaurant furniture */
    ui_color worker[TL_W_COUNT];  /* by tl_worker_state */
    ui_color request[TL_R_COUNT]; /* by tl_request_state */
    ui_color core[TL_CORE_COUNT]; /* by tl_core_state */
} ui_theme;

/* The theme `id` (clamped to a valid one). */
const ui_theme *ui_theme_get(int id);

#endif
