/* ui_view.c - the view's defaults. */
#include "ui_view.h"

#include <string.h>

#include "ui_theme.h"

void ui_view_init(ui_view *v)
{
    memset(v, 0, sizeof *v);
    v->theme = UI_THEME_PROJECTOR;
    v->run_b = 1;
    v->mouse_x = v->mouse_y = -1;
}
