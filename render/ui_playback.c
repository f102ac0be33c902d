/* ui_playback.c - the playback clock: wall-clock time to simulated time, steps.
 *
 * Speeds form a 1-2-5 ladder of simulated ns per wall-clock second, so every
 * speed is a round number a teacher can say aloud ("half a second per second").
 * Conversions are integer: wall ns * speed / 1e9 with the remainder carried, so
 * playing in many small frames lands where one big frame would.
 */
#include "ui_playback.h"

#include <stdio.h>

#include "timeline.h"
#include "ui_layout.h"

#define LADDER_MIN 0
#define LADDER_MAX 21 /* 1 us/s .. 10 s/s: 3 steps a decade over 7 decades */
#define NS_PER_S INT64_C(1000000000)

static int64_t ladder(int i)
{
    static const int64_t mant[3] = {1, 2, 5};
    int64_t v = 1000; /* 1 us/s */
    for (int d = 0; d < i / 3; d++)
        v *= 10;
    return v * mant[i % 3];
}

void ui_playback_init(ui_playback *p, int64_t end)
{
    p->t = 0;
    p->step = 0;
    p->end = end > 0 ? end : 0;
    p->playing = false;
    p->carry = 0;
    /* the fastest speed that still takes at least 12 s for the run */
    p->speed = LADDER_MIN;
    while (p->speed < LADDER_MAX && ladder(p->speed + 1) * 12 <= p->end)
        p->speed++;
}

int64_t ui_playback_speed_ns(const ui_playback *p)
{
    return ladder(p->speed);
}

void ui_playback_advance(ui_playback *p, int64_t wall_ns)
{
    if (!p->playing || wall_ns <= 0)
        return;
    p->step = TL_STEP_END;
    /* in slices, so that wall_ns * (speed / 1000) stays within int64: speed is at
     * most 1e10 ns/s, so the product at most 1e8 * 1e7 */
    int64_t speed = ladder(p->speed);
    while (wall_ns > 0 && p->playing) {
        int64_t w = wall_ns < 100000000 ? wall_ns : 100000000;
        wall_ns -= w;
        int64_t num = w * (speed / 1000) + p->carry; /* speed is a multiple of 1000 */
        int64_t dt = num / (NS_PER_S / 1000);
        p->carry = num % (NS_PER_S / 1000);
        if (dt >= p->end - p->t) {
            p->t = p->end;
            p->playing = false;
            p->carry = 0;
        } else {
            p->t += dt;
        }
    }
}

void ui_playback_toggle(ui_playback *p)
{
    if (!p->playing && p->t >= p->end)
        p->t = 0;
    p->step = TL_STEP_END;
    p->playing = !p->playing;
    p->carry = 0;
}

void ui_playback_seek(ui_playback *p, int64_t t)
{
    p->t = t < 0 ? 0 : t > p->end ? p->end : t;
    p->step = TL_STEP_END;
    p->carry = 0;
}

/* One event of one run's timeline: inside the instant at p->t, or to the first
 * event of the next instant (the end of the previous one). */
static bool step_one_event(ui_playback *p, const timeline *tl, int dir)
{
    uint32_t count = timeline_steps_at(tl, p->t);
    uint32_t k = p->step < count ? p->step : count;
    if (dir > 0 && k < count) {
        p->step = k + 1 < count ? k + 1 : TL_STEP_END;
        return true;
    }
    if (dir < 0 && k > 1) {
        p->step = k - 1;
        return true;
    }
    if (dir < 0 && k == 1 && p->t == 0) {
        p->step = 0; /* the start: before anything happened */
        return true;
    }
    int64_t e = dir > 0 ? timeline_next_event_time(tl, p->t) : timeline_prev_event_time(tl, p->t);
    if (e < 0) {
        if (dir > 0 || (p->t == 0 && p->step == 0))
            return false;
        ui_playback_seek(p, 0);
        p->step = 0;
        return true;
    }
    ui_playback_seek(p, e);
    if (dir > 0 && timeline_steps_at(tl, e) > 1)
        p->step = 1;
    return true;
}

bool ui_playback_step_event(ui_playback *p, const ui_doc *doc, const size_t *runs, size_t n,
                            int dir)
{
    if (n == 1 && runs[0] < doc->nruns && timeline_has_steps(doc->runs[runs[0]].tl)) {
        p->playing = false;
        return step_one_event(p, doc->runs[runs[0]].tl, dir);
    }
    int64_t best = -1;
    for (size_t i = 0; i < n; i++) {
        if (runs[i] >= doc->nruns)
            continue;
        const timeline *tl = doc->runs[runs[i]].tl;
        int64_t e = dir > 0 ? timeline_next_event_time(tl, p->t)
                            : timeline_prev_event_time(tl, p->t);
        if (e < 0)
            continue;
        if (best < 0 || (dir > 0 ? e < best : e > best))
            best = e;
    }
    if (dir < 0 && best < 0 && p->t > 0)
        best = 0; /* before the first event: back to the start */
    p->playing = false;
    if (best < 0)
        return false;
    ui_playback_seek(p, best);
    return true;
}

/* The caption start nearest to the playback in direction dir: a start is the
 * instant's beginning (step 0), so one at p->t is behind the playback unless it
 * stands at step 0 itself. -1 when there is none. */
static int64_t caption_start(const ui_playback *p, const scn_narration *list, size_t n, int dir)
{
    int64_t best = -1;
    for (size_t i = 0; i < n; i++) {
        int64_t at = list[i].at;
        bool ahead = at > p->t, behind = at < p->t || (at == p->t && p->step != 0);
        if (dir > 0 && ahead && (best < 0 || at < best))
            best = at;
        if (dir < 0 && behind && at > best)
            best = at;
    }
    return best;
}

bool ui_playback_step_caption(ui_playback *p, const ui_doc *doc, const size_t *runs, size_t n,
                              int dir)
{
    int64_t best = -1;
    for (size_t i = 0; doc && i < n; i++) {
        size_t k;
        const scn_narration *list = scn_runtime_narration(doc->scn, runs[i], &k);
        int64_t at = caption_start(p, list, k, dir);
        if (at >= 0 && (best < 0 || (dir > 0 ? at < best : at > best)))
            best = at;
    }
    p->playing = false;
    if (best < 0 || best > p->end)
        return false;
    ui_playback_seek(p, best);
    p->step = 0; /* the caption's moment, before anything of it has happened */
    return true;
}

void ui_playback_tick(ui_playback *p, int dir)
{
    int64_t step = ladder(p->speed) / UI_PLAYBACK_TICKS_PER_SECOND;
    if (step < 1)
        step = 1;
    p->playing = false;
    ui_playback_seek(p, dir > 0 ? p->t + step : p->t - step);
}

void ui_playback_faster(ui_playback *p, int dir)
{
    p->speed += dir > 0 ? 1 : -1;
    if (p->speed < LADDER_MIN)
        p->speed = LADDER_MIN;
    if (p->speed > LADDER_MAX)
        p->speed = LADDER_MAX;
    p->carry = 0;
}

char *ui_playback_speed_text(const ui_playback *p, char *buf, size_t size)
{
    char t[32];
    ui_format_duration(ladder(p->speed), t, sizeof t);
    snprintf(buf, size, "%s/s", t);
    return buf;
}
