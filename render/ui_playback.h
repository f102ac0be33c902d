/* ui_playback.h - the clock the class watches: simulated time, play, pause, step.
 *
 * Only this module turns wall-clock time into simulated time, at a speed the
 * teacher picks ("100 ms of simulation per second"). Stepping moves to the next or
 * previous event of the runs on screen, or by one frame tick (1/60 of a second of
 * playback); every move is a lookup in the timelines, so stepping back and then
 * forward returns exactly to where it was. Plain data, no SDL.
 */
#ifndef BISTRO_UI_PLAYBACK_H
#define BISTRO_UI_PLAYBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_doc.h"

typedef struct {
    int64_t t;        /* the simulated time shown, 0 .. end */
    uint32_t step;    /* the step inside the instant at t: after its first `step`
                         events (0 at the start: nothing has happened yet);
                         TL_STEP_END after all of them, as playing and seeking give */
    int64_t end;
    bool playing;
    int speed;        /* index into the speed ladder (ui_playback_speed_ns) */
    int64_t carry;    /* wall-clock nanoseconds not yet turned into simulated time */
} ui_playback;

#define UI_PLAYBACK_TICKS_PER_SECOND 60

/* Paused at the start (0, before its first event), at the fastest speed of the
 * ladder that still takes at least 12 s for a run of `end` ns; since the ladder
 * goes up by 2 and 2.5 times, a run takes 12 to 30 s at it (a run of 12 ms: 12 s
 * at 1 ms/s; of 5.1 ms: 25.5 s at 200 us/s). */
void ui_playback_init(ui_playback *p, int64_t end);

/* Simulated ns per wall-clock second at the current speed. */
int64_t ui_playback_speed_ns(const ui_playback *p);

/* Advances by wall_ns of wall-clock time when playing; stops at the end. */
void ui_playback_advance(ui_playback *p, int64_t wall_ns);

/* Play or pause; playing from the end starts again from 0. */
void ui_playback_toggle(ui_playback *p);

/* Jumps to t, clamped to 0 .. end. Keeps playing if it was. */
void ui_playback_seek(ui_playback *p, int64_t t);

/* One step forward (dir > 0) or back, and pauses there. With one run listed
 * (indices into doc->runs) whose timeline has steps, a step is one event: inside
 * a busy instant it moves to the next or previous event of it, past its ends to
 * the next instant's first event or the previous instant's end. With two runs,
 * the next or previous event time of either. Returns false (and stays) when there
 * is none. */
bool ui_playback_step_event(ui_playback *p, const ui_doc *doc, const size_t *runs, size_t n,
                            int dir);

/* Caption to caption, like slides: to the `at` of the next caption (dir > 0)
 * or of the previous one of the runs listed (their captions together), before
 * the first event of that instant (step 0), paused. "Previous" is the last caption
 * that starts before where the playback is, so from inside a caption it goes
 * back to that caption's start. Returns false (and stays) when there is none. */
bool ui_playback_step_caption(ui_playback *p, const ui_doc *doc, const size_t *runs, size_t n,
                              int dir);

/* One frame tick forward or back (speed / 60), and pauses. */
void ui_playback_tick(ui_playback *p, int dir);

/* One step up (dir > 0) or down the speed ladder (1-2-5 steps, 1 us/s .. 10 s/s). */
void ui_playback_faster(ui_playback *p, int dir);

/* "100 ms/s": the speed for display, into buf. Returns buf. */
char *ui_playback_speed_text(const ui_playback *p, char *buf, size_t size);

#endif
