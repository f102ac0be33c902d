/* layout_service_lanes.c - the lanes of the services a run calls, under the
 * front's workers on its timeline.
 *
 * A service (scenario "services") is a run of its own on the same clock: its
 * workers take the calls the front's requests make. Each service the runtime
 * calls gets a group: a heading row naming it ("ml service"), then a lane per
 * worker, labelled and coloured as the front's are, read from the service's
 * own timeline. The window, the zoom and the cursor are the front's. A runtime
 * that does a service's work in its own process ("in_process") calls no one
 * there, and shows no group for it.
 *
 * The timeline (layout_timeline.c) decides the pitch: the front's and the
 * services' workers share one when all of them fit as lanes; short of room, the
 * groups get at most half the height at the thinnest pitch, a big service its
 * first workers with "+N" in its heading for the rest.
 */
#include <stdio.h>
#include <string.h>

#include "layout_timeline_internal.h"

static bool calls(const ui_run *u, size_t k)
{
    return ui_run_service_called(u, k);
}

static const ui_run *service_run(const ui_ctx *c, size_t run, const ui__svc_group *g)
{
    return &c->doc->runs[run].services[g->k].run;
}

void ui__svc_plan_init(const ui_ctx *c, size_t run, ui__svc_plan *sp)
{
    memset(sp, 0, sizeof *sp);
    const ui_run *u = &c->doc->runs[run];
    sp->head_h = c->m->height(c->m->ctx, UI_FONT_BOLD, ui__small_px(c));
    for (size_t k = 0; k < u->nservices && sp->n < UI__SERVICES_MAX; k++) {
        size_t nw = u->services[k].run.nworkers;
        if (calls(u, k) && nw > 0)
            sp->g[sp->n++] = (ui__svc_group){k, nw > 4096 ? 4096 : (int)nw};
    }
    sp->sep = sp->n > 0 ? c->px / 4 : 0;
}

int ui__svc_lanes(const ui__svc_plan *sp)
{
    int n = 0;
    for (size_t i = 0; i < sp->n; i++)
        n += sp->g[i].n;
    return n;
}

int ui__svc_height(const ui__svc_plan *sp)
{
    if (sp->n == 0)
        return 0;
    return sp->sep + (int)sp->n * sp->head_h + ui__svc_lanes(sp) * sp->pitch;
}

void ui__svc_fit(ui__svc_plan *sp, int room, int pitch)
{
    sp->pitch = pitch;
    /* a group is its heading and at least one lane: the last ones go first */
    while (sp->n > 0 && (pitch <= 0 || sp->sep + (int)sp->n * (sp->head_h + pitch) > room))
        sp->n--;
    if (sp->n == 0) {
        sp->sep = 0;
        return;
    }
    int lanes = (room - sp->sep - (int)sp->n * sp->head_h) / pitch;
    int want[UI__SERVICES_MAX];
    for (size_t i = 0; i < sp->n; i++) {
        want[i] = sp->g[i].n;
        sp->g[i].n = 0;
    }
    for (bool more = true; more && lanes > 0;) {
        more = false;
        for (size_t i = 0; i < sp->n && lanes > 0; i++)
            if (sp->g[i].n < want[i]) {
                sp->g[i].n++;
                lanes--;
                more = true;
            }
    }
}

/* The group's heading over the plot: "ml service", and when some of its
 * workers have no lane, how many, in the longest form that fits. */
static void heading(const ui_ctx *c, const ui_run *s, const ui__svc_group *g, ui_rect head)
{
    char forms[3][112];
    size_t nf = 0;
    int rest = (int)s->nworkers - g->n;
    if (rest <= 0) {
        snprintf(forms[nf++], sizeof forms[0], "%s service", s->name);
        snprintf(forms[nf++], sizeof forms[0], "%s", s->name);
    } else {
        snprintf(forms[nf++], sizeof forms[0], "%s service, +%d more workers not shown", s->name,
                 rest);
        snprintf(forms[nf++], sizeof forms[0], "%s service +%d", s->name, rest);
        snprintf(forms[nf++], sizeof forms[0], "%s +%d", s->name, rest);
    }
    int sp = ui__small_px(c);
    size_t f = 0;
    while (f + 1 < nf &&
           c->m->width(c->m->ctx, UI_FONT_BOLD, sp, forms[f], strlen(forms[f])) > head.w)
        f++;
    ui_text(c->out, c->m, UI_FONT_BOLD, sp, c->theme->text, head.x, head.y, head.w, UI_ALIGN_LEFT,
            forms[f]);
}

void ui__svc_draw(const ui_ctx *c, size_t run, const ui__svc_plan *sp, ui_rect in, int col_w,
                  const ui__xmap *m, int64_t tend, int y, bool bars)
{
    int lh = c->m->height(c->m->ctx, UI_FONT_SANS, ui__small_px(c));
    int gap = ui__lane_gap(sp->pitch, lh), bar_h = sp->pitch - gap;
    ui__label_fit f = ui__fit_labels(c, sp->pitch, bar_h);
    y += sp->sep;
    for (size_t i = 0; i < sp->n; i++) {
        const ui__svc_group *g = &sp->g[i];
        const ui_run *s = service_run(c, run, g);
        if (bars)
            heading(c, s, g, (ui_rect){m->x, y, m->w, sp->head_h});
        y += sp->head_h;
        for (int w = 0; w < g->n; w++, y += sp->pitch) {
            int32_t id = UI_SERVICE_LANE_ID(g->k, w);
            ui_rect bar = {m->x, y, m->w, bar_h};
            if (!bars) {
                tl_span at;
                ui_shape *t = ui_rect_fill(c->out, bar, c->theme->bg, 0);
                if (t) {
                    t->role = UI_ROLE_LANE;
                    t->id = id;
                    /* the service's clock has its own steps: the whole instant */
                    if (timeline_state_at(s->tl, TL_LANE_WORKER, (size_t)w, c->t, &at) == 0)
                        t->state = (int16_t)at.state;
                }
                continue;
            }
            ui__run_lane_bars(c, s, TL_LANE_WORKER, (size_t)w, id, m, tend, bar);
            if (w % f.every == 0)
                ui__side_label(c, in, col_w, f.px, bar.y + bar_h / 2, s->short_names[w],
                               UI_ROLE_LANE_LABEL, id);
        }
    }
}

void ui__svc_seen(const ui_ctx *c, size_t run, const ui__svc_plan *sp, int64_t t0, int64_t t1,
                  ui__seen *seen)
{
    for (size_t i = 0; i < sp->n; i++) {
        const ui_run *s = service_run(c, run, &sp->g[i]);
        for (int st = 0; st < TL_W_COUNT; st++)
            seen->worker[st] = seen->worker[st] || s->worker_seen[st];
        for (int w = 0; !seen->turns && w < sp->g[i].n; w++)
            seen->turns = ui__run_lane_has_turns(s, TL_LANE_WORKER, (size_t)w, t0, t1);
    }
}
