/* ui_view.c - the view's defaults, and which runs it shows. */
#include "ui_view.h"
#include "timeline.h"

#include <string.h>

#include "ui_theme.h"

void ui_view_init(ui_view *v)
{
    memset(v, 0, sizeof *v);
    v->theme = UI_THEME_PROJECTOR;
    v->run_b = 1;
    v->mouse_x = v->mouse_y = -1;
    v->step = TL_STEP_END;
}

uint32_t ui_view_step_at(const ui_view *v, int64_t t)
{
    return t == v->step_t ? v->step : TL_STEP_END;
}

size_t ui_view_runs(const ui_view *v, size_t nruns, size_t out[2])
{
    if (nruns == 0)
        return 0;
    out[0] = v->run < nruns ? v->run : 0;
    if (!v->compare || nruns < 2)
        return 1;
    out[1] = v->run_b < nruns && v->run_b != out[0] ? v->run_b : (out[0] + 1) % nruns;
    return 2;
}
