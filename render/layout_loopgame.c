/* layout_loopgame.c - the "You are the event loop" panel (ui_loopgame.h).
 *
 * A strip read from the back row: the question, the candidates as numbered
 * buttons (the number is the key to press), the feedback on the last pick and the
 * score, all at the frame's base text size. Buttons wrap onto more rows and the
 * feedback onto more lines rather than being cut; ui_loopgame_height says how tall
 * the strip must be at a given width.
 */
#include <stdio.h>
#include <string.h>

#include "ui_loopgame.h"

const char *const ui_loopgame_part_names[UI_LG_PART_COUNT] = {
    "loopgame.question", "loopgame.choice", "loopgame.feedback", "loopgame.score"};

static const char dot[] = " \xC2\xB7 "; /* a middle dot between items */

static const char *question(const ui_loopgame *g, const ui_loopgame_decision *d)
{
    if (d == NULL)
        return g->n > 0 ? "You are the event loop: the end" : "You are the event loop";
    switch (d->kind) {
    case UI_LG_THREADPOOL: return "You are the threadpool: which job does the free thread take?";
    case UI_LG_GIL: return "You are the GIL: who gets it after this forced switch?";
    default: return "You are the event loop: what runs next?";
    }
}

static void tag(ui_list *l, size_t from, int part, int32_t id)
{
    ui_tag(l, from, UI_ROLE_LOOPGAME, id, (int16_t)part);
}

/* The feedback line: what to do, or what the last pick was worth. */
static void feedback_text(const ui_loopgame *g, const ui_loopgame_decision *d, char *buf,
                          size_t size)
{
    if (d == NULL && g->n == 0)
        snprintf(buf, size, "%s",
                 g->no_steps ? "This run is too long to follow event by event: no point to play."
                             : "Nowhere in this run does the runtime choose between two or more "
                               "waiting callbacks or threads.");
    else if (d == NULL)
        snprintf(buf, size, "Every point played: the run goes on by itself.");
    else if (g->feedback == UI_LG_FEEDBACK_WRONG)
        snprintf(buf, size, "Not this one. %s", g->last);
    else if (g->feedback == UI_LG_FEEDBACK_RIGHT)
        snprintf(buf, size, "Right: that is what the run did. Pick again at the next point.");
    else
        snprintf(buf, size, "Pick with the mouse or the number keys 1-%zu.", d->ncand);
}

static void score_text(const ui_loopgame *g, const ui_loopgame_decision *d, char *buf, size_t size)
{
    int n = 0;
    if (d == NULL && g->n > 0)
        n = snprintf(buf, size, "Final score: right %d%swrong %d (%zu points)", g->right, dot,
                     g->wrong, g->n);
    else
        n = snprintf(buf, size, "right %d%swrong %d%spoint %zu of %zu", g->right, dot, g->wrong,
                     dot, g->cur < g->n ? g->cur + 1 : g->n, g->n);
    if (g->capped && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (the first %d of a long run)",
                 UI_LOOPGAME_MAX_DECISIONS);
}

/* Lays the panel out from (r.x, r.y) at width r.w; returns the height used. */
static int lay(ui_list *out, ui_rect r, const ui_loopgame *g, const ui_theme *th,
               const ui_measure *m, int px)
{
    const ui_loopgame_decision *d = ui_loopgame_current(g);
    int pad = px / 2 > 4 ? px / 2 : 4;
    int lh = m->height(m->ctx, UI_FONT_SANS, px);
    int x0 = r.x + pad, w = r.w - 2 * pad, y = r.y + pad;
    if (w < 1)
        return 0;
    size_t from = out->n;
    y += ui_text_wrap(out, m, UI_FONT_BOLD, px, th->accent, (ui_rect){x0, y, w, 1 << 20},
                      question(g, d), UI_ROLE_LOOPGAME, UI_LG_PART_QUESTION);
    tag(out, from, UI_LG_PART_QUESTION, -1);
    y += pad / 2;
    if (d != NULL) {
        int x = x0, bh = lh + pad, gap = pad;
        for (size_t i = 0; i < d->ncand; i++) {
            char s[UI_LOOPGAME_LABEL + 32];
            snprintf(s, sizeof s, "%zu  %s", i + 1, d->cand[i].label);
            int tw = m->width(m->ctx, UI_FONT_BOLD, px, s, strlen(s));
            int bw = tw + 2 * pad;
            if (bw > w)
                bw = w;
            if (x > x0 && x + bw > x0 + w) {
                x = x0;
                y += bh + gap / 2;
            }
            bool wrong = g->picked == (int)i;
            from = out->n;
            ui_rect b = {x, y, bw, bh};
            ui_rect_fill(out, b, wrong ? th->highlight : th->bg, pad / 2);
            ui_box(out, b, wrong ? th->text_dim : th->panel_edge, 2);
            ui_text(out, m, UI_FONT_BOLD, px, th->text, x + pad, y + pad / 2, bw - 2 * pad,
                    UI_ALIGN_LEFT, s);
            tag(out, from, UI_LG_PART_CHOICE, (int)i);
            x += bw + gap;
        }
        y += bh + pad / 2;
    }
    char buf[UI_LOOPGAME_RULE + 64];
    feedback_text(g, d, buf, sizeof buf);
    from = out->n;
    y += ui_text_wrap(out, m, UI_FONT_SANS, px, th->text, (ui_rect){x0, y, w, 1 << 20}, buf,
                      UI_ROLE_LOOPGAME, UI_LG_PART_FEEDBACK);
    tag(out, from, UI_LG_PART_FEEDBACK, g->feedback);
    score_text(g, d, buf, sizeof buf);
    from = out->n;
    y += ui_text_wrap(out, m, UI_FONT_BOLD, px, th->text, (ui_rect){x0, y, w, 1 << 20}, buf,
                      UI_ROLE_LOOPGAME, UI_LG_PART_SCORE);
    tag(out, from, UI_LG_PART_SCORE, -1);
    return y + pad - r.y;
}

static int measure(const ui_loopgame *g, const ui_measure *m, int text_px, int w)
{
    ui_list l;
    ui_list_init(&l);
    int h = lay(&l, (ui_rect){0, 0, w, 1 << 20}, g, ui_theme_get(0), m, text_px);
    ui_list_free(&l);
    return h;
}

int ui_loopgame_height(const ui_loopgame *g, const ui_measure *m, int text_px, int w)
{
    int h = measure(g, m, text_px, w);
    /* as tall as the longest feedback a pick of this point can bring, so the
     * buttons stay where they are between a wrong pick and the next */
    const ui_loopgame_decision *d = ui_loopgame_current(g);
    if (d != NULL) {
        ui_loopgame t = *g;
        t.feedback = UI_LG_FEEDBACK_WRONG;
        for (size_t c = 0; c < d->ncand; c++) {
            if (d->cand[c].why[0] == '\0')
                continue;
            snprintf(t.last, sizeof t.last, "%s", d->cand[c].why);
            t.picked = (int)c;
            int hc = measure(&t, m, text_px, w);
            h = hc > h ? hc : h;
        }
    }
    return h;
}

int ui_loopgame_layout(ui_list *out, ui_rect r, const ui_loopgame *g, const ui_theme *th,
                       const ui_measure *m, int text_px)
{
    if (g == NULL || r.w <= 0 || r.h <= 0)
        return 0;
    ui_rect_fill(out, r, th->panel, text_px / 4);
    ui_box(out, r, th->panel_edge, 2);
    size_t body = out->n;
    int h = lay(out, r, g, th, m, text_px);
    /* what does not fit in r is left out, never drawn outside it */
    size_t keep = body;
    for (size_t i = body; i < out->n; i++) {
        ui_shape s = out->shapes[i];
        if (s.rect.y + s.rect.h <= r.y + r.h)
            out->shapes[keep++] = s;
    }
    out->n = keep;
    return h < r.h ? h : r.h;
}

int ui_loopgame_hit(const ui_list *l, int x, int y)
{
    for (size_t i = l->n; i-- > 0;) {
        const ui_shape *s = &l->shapes[i];
        if (s->role == UI_ROLE_LOOPGAME && s->state == UI_LG_PART_CHOICE && s->id >= 0 &&
            s->kind == UI_SHAPE_RECT && ui_rect_has(s->rect, x, y))
            return (int)s->id;
    }
    return -1;
}
