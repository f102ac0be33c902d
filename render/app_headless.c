/* app_headless.c - frames without a window: --png, --layout-json and --frames.
 *
 * Draws with a software renderer into a surface (sdl_png.h), so it needs no
 * display and gives the same pixels on every machine with the same fonts. Each
 * PNG is written to a temporary file and renamed, so a frame on disk is always
 * whole.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "error.h"
#include "outfile.h"
#include "sdl_font.h"
#include "sdl_png.h"
#include "ui_frame.h"
#include "ui_library.h"
#include "ui_theme.h"

#define MAX_FRAMES 100000

typedef struct {
    ui_app app;
    sdl_fonts *fonts;
    sdl_canvas *canvas;
    ui_list list;
    ui_library lib; /* for a key script that opens the list (L, Enter) */
    int w, h;
} headless;

/* Lays out the frame at the app's time into hl->list. */
static int lay_out(headless *hl, ui_layout_info *info)
{
    char speed[32];
    hl->app.view.speed_text = ui_playback_speed_text(&hl->app.play, speed, sizeof speed);
    if (ui_layout(hl->app.doc, &hl->app.view, hl->app.play.t, hl->w, hl->h,
                  sdl_canvas_measure(hl->canvas), &hl->list, info) < 0) {
        fprintf(stderr, "bistro: out of memory laying out the frame\n");
        return BISTRO_EXIT_CANNOT;
    }
    hl->app.view.speed_text = NULL;
    return BISTRO_EXIT_OK;
}

static int save_png(headless *hl, const char *path)
{
    char err[512];
    const ui_theme *th = ui_theme_get(hl->app.view.theme);
    if (sdl_canvas_draw(hl->canvas, &hl->list, th->bg) < 0) {
        fprintf(stderr, "bistro: cannot draw the frame: %s\n", sdl_canvas_error(hl->canvas));
        return BISTRO_EXIT_CANNOT;
    }
    if (sdl_canvas_save_png(hl->canvas, path, err, sizeof err) < 0) {
        fprintf(stderr, "bistro: %s\n", err);
        return BISTRO_EXIT_CANNOT;
    }
    return BISTRO_EXIT_OK;
}

static int save_layout_json(headless *hl, const ui_layout_info *info, const char *path)
{
    char *text = ui_frame_json(hl->app.doc, &hl->app.view, &hl->app.play, hl->w, hl->h, &hl->list,
                               info);
    if (!text) {
        fprintf(stderr, "bistro: out of memory writing the frame's data\n");
        return BISTRO_EXIT_CANNOT;
    }
    outfile of;
    int rc = BISTRO_EXIT_OK;
    if (outfile_open(&of, path) < 0) {
        fprintf(stderr, "bistro: cannot write %s: %s\n", path, strerror(errno));
        rc = BISTRO_EXIT_CANNOT;
    } else if (fputs(text, of.f) == EOF || fputc('\n', of.f) == EOF) {
        fprintf(stderr, "bistro: cannot write %s: %s\n", path, strerror(errno));
        outfile_abort(&of);
        rc = BISTRO_EXIT_CANNOT;
    } else if (outfile_commit(&of) < 0) {
        fprintf(stderr, "bistro: cannot write %s: %s\n", path, strerror(errno));
        rc = BISTRO_EXIT_CANNOT;
    }
    free(text);
    return rc;
}

static int draw_at(headless *hl, int64_t t, const char *path)
{
    ui_playback_seek(&hl->app.play, t);
    ui_app_sync(&hl->app);
    int rc = lay_out(hl, NULL);
    return rc == BISTRO_EXIT_OK ? save_png(hl, path) : rc;
}

/* Plays the key script on the app as the window would, key by key. Actions that
 * need a window (fullscreen, saving a PNG with S) do nothing here; R reloads the
 * file and Enter in the list opens the scenario, as in the window. */
static int play_keys(headless *hl, const bistro_opts *o)
{
    bistro_key *keys;
    size_t n;
    char why[200];
    int rc = bistro_parse_keys(o->keys, &keys, &n, why, sizeof why);
    if (rc == SIM_ENOMEM) {
        fprintf(stderr, "bistro: out of memory reading --keys\n");
        return BISTRO_EXIT_CANNOT;
    }
    if (rc < 0) {
        fprintf(stderr, "bistro: --keys: %s\n", why);
        return BISTRO_EXIT_BAD_INPUT;
    }
    rc = BISTRO_EXIT_OK;
    for (size_t i = 0; i < n && rc == BISTRO_EXIT_OK; i++) {
        ui_do d = ui_app_key(&hl->app, (ui_key)keys[i].key, keys[i].shift);
        if (hl->app.quiz.state != UI_QUIZ_OFF || hl->app.game)
            ui_app_play_to_stop(&hl->app); /* the class waits for the next stop */
        const char *path = NULL;
        bool keep = false;
        if (d == UI_DO_QUIT)
            break;
        if (d == UI_DO_RELOAD && hl->app.doc && hl->app.doc->path)
            path = hl->app.doc->path, keep = true;
        if (d == UI_DO_OPEN_SELECTED && hl->app.view.list_sel < hl->app.view.nentries)
            path = hl->app.view.entries[hl->app.view.list_sel].path;
        if (path) {
            ui_doc *doc = NULL;
            char *copy = strdup(path);
            rc = copy ? bistro_open(copy, &doc, NULL) : BISTRO_EXIT_CANNOT;
            free(copy);
            if (rc == BISTRO_EXIT_OK)
                ui_app_set_doc(&hl->app, doc, keep);
        }
    }
    free(keys);
    return rc;
}

/* --from / --to: the view's zoom window, inside the run. */
static int apply_window(headless *hl, const bistro_opts *o)
{
    if (!o->have_from && !o->have_to)
        return BISTRO_EXIT_OK;
    int64_t end = hl->app.doc->end;
    int64_t from = o->have_from ? o->from : 0, to = o->have_to ? o->to : end;
    char a[32], b[32];
    if (from >= end) {
        fprintf(stderr, "bistro: --from %s is not before the end of the run (%s)\n",
                ui_format_duration(from, a, sizeof a), ui_format_time(end, b, sizeof b));
        return BISTRO_EXIT_BAD_INPUT;
    }
    if (to > end) {
        fprintf(stderr, "bistro: --to %s is after the end of the run (%s); the window ends there\n",
                ui_format_duration(to, a, sizeof a), ui_format_time(end, b, sizeof b));
        to = end;
    }
    if (to <= from) {
        fprintf(stderr, "bistro: --to %s is not after --from %s\n",
                ui_format_duration(to, a, sizeof a), ui_format_duration(from, b, sizeof b));
        return BISTRO_EXIT_BAD_INPUT;
    }
    hl->app.view.zoom_t0 = from;
    hl->app.view.zoom_t1 = to;
    return BISTRO_EXIT_OK;
}

static int one_frame(headless *hl, const bistro_opts *o)
{
    /* a key script without --at starts where the window opens: before the first
     * event, so that Right walks the first instant step by step; a frame alone
     * shows the end */
    int64_t end = hl->app.doc->end;
    if ((o->have_at || !o->keys) && !o->quiz &&
        !o->loopgame) { /* a quiz starts at its first stop */
        /* a window without --at: its end, so the whole window is drawn */
        int64_t t = o->have_at ? o->at : hl->app.view.zoom_t1 > 0 ? hl->app.view.zoom_t1 : end;
        if (t > end) {
            char a[32], b[32];
            fprintf(stderr, "bistro: --at %s is after the end of the run (%s); drawing the end\n",
                    ui_format_duration(o->at, a, sizeof a), ui_format_time(end, b, sizeof b));
            t = end;
        }
        ui_playback_seek(&hl->app.play, t);
    }
    ui_app_sync(&hl->app);
    if (o->loopgame)
        ui_app_play_to_stop(&hl->app); /* to the game's first point */
    int rc = o->keys ? play_keys(hl, o) : BISTRO_EXIT_OK;
    /* the orders view's runs, all of them: a frame shows the view complete */
    while (rc == BISTRO_EXIT_OK && ui_app_work(&hl->app))
        ;
    ui_layout_info info;
    if (rc == BISTRO_EXIT_OK)
        rc = lay_out(hl, &info);
    if (rc == BISTRO_EXIT_OK && o->png)
        rc = save_png(hl, o->png);
    if (rc == BISTRO_EXIT_OK && o->layout_json)
        rc = save_layout_json(hl, &info, o->layout_json);
    if (rc == BISTRO_EXIT_OK && o->answers_out) {
        char msg[700];
        rc = bistro_save_answers(&hl->app, o->answers_out, msg, sizeof msg);
        fprintf(stderr, "bistro: %s\n", msg);
    }
    return rc;
}

static int all_frames(headless *hl, const bistro_opts *o)
{
    if (mkdir(o->frames, 0777) < 0 && errno != EEXIST) {
        fprintf(stderr, "bistro: cannot make the folder %s: %s\n", o->frames, strerror(errno));
        return BISTRO_EXIT_CANNOT;
    }
    /* frames of an earlier, longer run would play on after this one's end */
    size_t flen = strlen(o->frames) + 32;
    char *first = malloc(flen);
    if (!first)
        return BISTRO_EXIT_CANNOT;
    snprintf(first, flen, "%s/frame-00001.png", o->frames);
    struct stat st;
    bool taken = stat(first, &st) == 0;
    free(first);
    if (taken) {
        fprintf(stderr,
                "bistro: %s already holds frames (frame-00001.png ...); remove them or "
                "choose another folder\n",
                o->frames);
        return BISTRO_EXIT_BAD_INPUT;
    }
    int64_t step = ui_playback_speed_ns(&hl->app.play) / o->fps;
    if (step < 1)
        step = 1;
    /* with --from / --to, the frames of the window only */
    bool win = hl->app.view.zoom_t1 > hl->app.view.zoom_t0;
    int64_t start = win ? hl->app.view.zoom_t0 : 0;
    int64_t end = win ? hl->app.view.zoom_t1 : hl->app.doc->end;
    int64_t span = end - start;
    int64_t n = span / step + 1 + (span % step != 0); /* the last frame shows the end */
    if (n > MAX_FRAMES) {
        fprintf(stderr, "bistro: %" PRId64 " frames is more than %d; use a lower --fps\n", n,
                MAX_FRAMES);
        return BISTRO_EXIT_BAD_INPUT;
    }
    while (ui_app_work(&hl->app)) /* a scenario with jitter: how often its order comes */
        ;
    bool tty = isatty(STDERR_FILENO);
    size_t len = strlen(o->frames) + 32;
    char *path = malloc(len);
    if (!path)
        return BISTRO_EXIT_CANNOT;
    int rc = BISTRO_EXIT_OK;
    for (int64_t i = 0; i < n && rc == BISTRO_EXIT_OK; i++) {
        snprintf(path, len, "%s/frame-%05" PRId64 ".png", o->frames, i + 1);
        int64_t t = i * step < span ? start + i * step : end;
        rc = draw_at(hl, t, path);
        if (tty && (i % 10 == 9 || i + 1 == n))
            fprintf(stderr, "\rbistro: frame %" PRId64 " of %" PRId64, i + 1, n);
    }
    if (tty)
        fputc('\n', stderr);
    if (rc == BISTRO_EXIT_OK) {
        /* the video's length, so the promise of docs/app.md can be checked */
        char speed[32];
        int64_t tenths = ((n - 1) * 10 + o->fps / 2) / o->fps;
        fprintf(stderr,
                "bistro: wrote %" PRId64 " frames to %s (%d per second: %" PRId64 ".%" PRId64
                " s of video at %s)\n",
                n, o->frames, o->fps, tenths / 10, tenths % 10,
                ui_playback_speed_text(&hl->app.play, speed, sizeof speed));
    }
    free(path);
    return rc;
}

int bistro_headless(const bistro_opts *o)
{
    headless hl = {.w = o->w, .h = o->h};
    ui_app_init(&hl.app);
    ui_list_init(&hl.list);
    ui_doc *doc = NULL;
    int rc = bistro_open(o->scenario, &doc, NULL);
    if (rc == BISTRO_EXIT_OK) {
        ui_app_set_doc(&hl.app, doc, false);
        rc = bistro_apply_opts(&hl.app, o);
    }
    if (rc == BISTRO_EXIT_OK && o->keys && ui_library_load(&hl.lib, o->scenario_dir) == 0) {
        hl.app.view.entries = hl.lib.entries;
        hl.app.view.nentries = hl.lib.n;
        int sel = ui_library_find(&hl.lib, o->scenario); /* as the window marks it */
        if (sel >= 0)
            hl.app.view.list_sel = (size_t)sel;
    }
    char err[512];
    if (rc == BISTRO_EXIT_OK && sdl_fonts_open(&hl.fonts, err, sizeof err) < 0) {
        fprintf(stderr, "bistro: %s\n", err);
        rc = BISTRO_EXIT_CANNOT;
    }
    if (rc == BISTRO_EXIT_OK &&
        sdl_canvas_new(hl.w, hl.h, hl.fonts, &hl.canvas, err, sizeof err) < 0) {
        fprintf(stderr, "bistro: %s\n", err);
        rc = BISTRO_EXIT_CANNOT;
    }
    if (rc == BISTRO_EXIT_OK)
        rc = apply_window(&hl, o);
    if (rc == BISTRO_EXIT_OK)
        rc = o->frames ? all_frames(&hl, o) : one_frame(&hl, o);
    sdl_canvas_free(hl.canvas);
    sdl_fonts_close(hl.fonts);
    ui_list_free(&hl.list);
    ui_app_free(&hl.app);
    ui_library_free(&hl.lib);
    return rc;
}
