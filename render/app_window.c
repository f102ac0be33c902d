/* app_window.c - the window: events in, the clock forward, one frame out.
 *
 * Every frame runs the same three steps (STYLE.md): input (SDL events become
 * ui_app_key / ui_app_mouse calls), update (the playback clock), draw (lay out,
 * then paint the list). When nothing plays and nothing happens the loop sleeps in
 * SDL_WaitEventTimeout, so an idle projector costs no CPU. The scenario file is
 * watched (its size and modification time, twice a second): an edited file
 * reloads at the same moment of the run, and an invalid edit keeps the last good
 * scenario on screen with its problems in a banner.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "sdl_draw.h"
#include "sdl_font.h"
#include "sdl_png.h"
#include "ui_library.h"
#include "ui_theme.h"

typedef struct {
    SDL_Window *win;
    SDL_Renderer *ren;
    sdl_fonts *fonts;
    sdl_painter *painter;
    ui_app app;
    ui_library lib;
    ui_list list;
    ui_layout_info info;
    char *banner;             /* the last load's problems, shown by view.banner */
    char status[720];         /* a short message in the header */
    Uint32 status_until;      /* SDL ticks when the status goes away */
    struct stat watched;      /* the open file as last loaded */
    Uint32 next_watch;
    bool quit, dirty;
    bool working;             /* the orders view wants more runs */
    const char *answers_path; /* --answers-out, or NULL */
    char *answers;            /* the class's answers as last kept (bistro-answers/1), or NULL */
    size_t kept_answered, kept_questions;
    int scale_x1000, scale_y1000; /* output pixels per window point, x 1000 (HiDPI) */
} window;

static void set_status(window *w, const char *msg)
{
    snprintf(w->status, sizeof w->status, "%s", msg);
    w->status_until = SDL_GetTicks() + 4000;
    w->app.view.status = w->status;
}

static void set_banner(window *w, char *banner)
{
    free(w->banner);
    w->banner = banner;
    w->app.view.banner = banner;
}

/* Opens path: on success it goes on screen, otherwise its problems go in the
 * banner and the last good scenario stays. */
static void open_file(window *w, const char *path, bool keep_time)
{
    ui_doc *doc = NULL;
    char *banner = NULL;
    char *copy = strdup(path); /* path may be the doc's own, which set_doc frees */
    if (!copy)
        return;
    if (bistro_open(copy, &doc, &banner) == BISTRO_EXIT_OK) {
        ui_app_set_doc(&w->app, doc, keep_time);
        set_banner(w, NULL);
        stat(copy, &w->watched);
        int sel = ui_library_find(&w->lib, copy);
        if (sel >= 0)
            w->app.view.list_sel = (size_t)sel;
    } else {
        set_banner(w, banner);
        /* back to the last good scenario, with the banner; the list if there is none */
        w->app.view.list = w->app.doc == NULL;
        /* the open file itself broke: wait for its next change before trying again
         * (another file that failed says nothing about the open one) */
        if (w->app.doc && w->app.doc->path && strcmp(w->app.doc->path, copy) == 0)
            stat(copy, &w->watched);
    }
    free(copy);
    w->dirty = true;
}

/* Reloads the open file when it changed on disk. */
static void watch(window *w)
{
    Uint32 now = SDL_GetTicks();
    if (!w->app.doc || !w->app.doc->path || SDL_TICKS_PASSED(now, w->next_watch) == SDL_FALSE)
        return;
    w->next_watch = now + 500;
    struct stat st;
    if (stat(w->app.doc->path, &st) < 0)
        return;
    if (st.st_mtime != w->watched.st_mtime || st.st_size != w->watched.st_size ||
        st.st_mtim.tv_nsec != w->watched.st_mtim.tv_nsec) {
        open_file(w, w->app.doc->path, true);
        if (!w->app.view.banner)
            set_status(w, "reloaded");
    }
}

/* S: the frame as a PNG in the current folder, never over an existing file. */
static void save_png(window *w, int width, int height)
{
    char path[512], err[512];
    const char *name = w->app.doc ? w->app.doc->scn->name : "bistro";
    struct stat st;
    int i = 1;
    for (; i < 1000; i++) {
        snprintf(path, sizeof path, "bistro-%s-%03d.png", name, i);
        if (stat(path, &st) < 0)
            break;
    }
    if (i == 1000) {
        set_status(w, "not saved: bistro-*-001 to -999.png all exist here");
        return;
    }
    sdl_canvas *cv = NULL;
    ui_list l;
    ui_list_init(&l);
    int rc = sdl_canvas_new(width, height, w->fonts, &cv, err, sizeof err);
    if (rc == 0) {
        ui_view v = w->app.view;
        v.mouse_x = v.mouse_y = -1; /* no tooltip on a slide */
        v.status = NULL;
        rc = ui_layout(w->app.doc, &v, w->app.play.t, width, height, sdl_canvas_measure(cv), &l,
                       NULL);
        if (rc == 0)
            rc = sdl_canvas_draw(cv, &l, ui_theme_get(v.theme)->bg);
        if (rc == 0)
            rc = sdl_canvas_save_png(cv, path, err, sizeof err);
        else
            snprintf(err, sizeof err, "cannot draw the frame");
    }
    char msg[600];
    if (rc == 0)
        snprintf(msg, sizeof msg, "saved %s", path);
    else
        snprintf(msg, sizeof msg, "not saved: %s", err);
    fprintf(stderr, "bistro: %s\n", msg);
    set_status(w, msg);
    sdl_canvas_free(cv);
    ui_list_free(&l);
}

/* Writes the answers kept to `path`; says so in the header and on stderr. */
static void save_answers(window *w, const char *path)
{
    char msg[700];
    bistro_write_answers(w->answers, w->kept_answered, w->kept_questions, path, msg, sizeof msg);
    fprintf(stderr, "bistro: %s\n", msg);
    set_status(w, msg);
}

/* Keeps the class's answers as text whenever they changed (an answer given), so
 * they outlive leaving quiz mode (Q), a reload and opening another lesson; with
 * --answers-out they go to disk at once. */
static void keep_answers(window *w)
{
    const ui_quiz *q = &w->app.quiz;
    size_t asked, answered, right;
    ui_quiz_score(q, &asked, &answered, &right);
    if (q->state == UI_QUIZ_OFF || asked == 0)
        return;
    char *text = ui_quiz_answers_json(q);
    if (!text || (w->answers && strcmp(text, w->answers) == 0)) {
        free(text); /* nothing new (or out of memory: the last answers kept stay) */
        return;
    }
    free(w->answers);
    w->answers = text;
    w->kept_answered = answered;
    w->kept_questions = q->n;
    if (w->answers_path)
        save_answers(w, w->answers_path);
}

/* On exit: the answers kept, where --answers-out says or else where
 * bistro_answers_path says (never over an earlier file). */
static void save_answers_on_exit(window *w)
{
    if (!w->answers || w->kept_answered == 0)
        return;
    if (w->answers_path) {
        save_answers(w, w->answers_path);
        return;
    }
    char *path = bistro_answers_path(&w->app);
    if (path)
        save_answers(w, path);
    free(path);
}

static void on_key(window *w, const SDL_KeyboardEvent *e, int width, int height)
{
    bool shift = (e->keysym.mod & KMOD_SHIFT) != 0;
    ui_do d = ui_app_key(&w->app, bistro_map_key(e->keysym.sym, shift), shift);
    keep_answers(w);
    switch (d) {
    case UI_DO_QUIT: w->quit = true; break;
    case UI_DO_FULLSCREEN: {
        bool full = (SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
        SDL_SetWindowFullscreen(w->win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
        break;
    }
    case UI_DO_RELOAD:
        if (w->app.doc && w->app.doc->path) {
            open_file(w, w->app.doc->path, true);
            if (!w->app.view.banner)
                set_status(w, "reloaded");
        }
        break;
    case UI_DO_SAVE_PNG: save_png(w, width, height); break;
    case UI_DO_OPEN_SELECTED:
        open_file(w, w->app.view.entries[w->app.view.list_sel].path, false);
        break;
    case UI_DO_NOTHING: break;
    }
    w->dirty = true;
}

/* Window points to output pixels (they differ on HiDPI screens). */
static void to_pixels(const window *w, int *x, int *y)
{
    *x = (int)((int64_t)*x * w->scale_x1000 / 1000);
    *y = (int)((int64_t)*y * w->scale_y1000 / 1000);
}

static void on_event(window *w, const SDL_Event *e, int width, int height)
{
    int x, y;
    switch (e->type) {
    case SDL_QUIT: w->quit = true; break;
    case SDL_KEYDOWN: on_key(w, &e->key, width, height); break;
    case SDL_MOUSEMOTION:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        x = e->type == SDL_MOUSEMOTION ? e->motion.x : e->button.x;
        y = e->type == SDL_MOUSEMOTION ? e->motion.y : e->button.y;
        to_pixels(w, &x, &y);
        bool down = (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) ||
                    (e->type == SDL_MOUSEMOTION && (e->motion.state & SDL_BUTTON_LMASK));
        /* a click on a choice of the event-loop game picks it */
        if (!(e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT &&
              ui_app_click(&w->app, &w->list, x, y)))
            ui_app_mouse(&w->app, &w->info, x, y, down);
        w->dirty = true;
        break;
    }
    case SDL_MOUSEWHEEL:
        SDL_GetMouseState(&x, &y);
        to_pixels(w, &x, &y);
        ui_app_wheel(&w->app, &w->info, x, y,
                     e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y);
        w->dirty = true;
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) {
            w->app.view.mouse_x = w->app.view.mouse_y = -1;
            w->app.dragging = false;
        }
        w->dirty = true;
        break;
    case SDL_DROPFILE:
        open_file(w, e->drop.file, false);
        SDL_free(e->drop.file);
        break;
    default: break;
    }
}

static int draw(window *w, int width, int height)
{
    char title[300];
    ui_app_window_title(&w->app, title, sizeof title);
    if (strcmp(title, SDL_GetWindowTitle(w->win)) != 0)
        SDL_SetWindowTitle(w->win, title); /* the lesson's, as it changes */
    char speed[32];
    ui_view *v = &w->app.view;
    v->playing = w->app.play.playing;
    v->speed_text = ui_playback_speed_text(&w->app.play, speed, sizeof speed);
    if (v->status && SDL_TICKS_PASSED(SDL_GetTicks(), w->status_until))
        v->status = NULL;
    if (ui_layout(w->app.doc, v, w->app.play.t, width, height, sdl_fonts_measure(w->fonts),
                  &w->list, &w->info) < 0) {
        fprintf(stderr, "bistro: out of memory laying out the frame\n");
        return -1;
    }
    v->speed_text = NULL;
    if (sdl_painter_draw(w->painter, &w->list, ui_theme_get(v->theme)->bg) < 0)
        return -1;
    SDL_RenderPresent(w->ren);
    return 0;
}

/* The orders view's runs (ui_app_work), for at most WORK_MS between two frames, so
 * a slow scenario's 200 runs fill the view while it stays responsive; the next
 * frame shows how far they got. */
#define WORK_MS 25
static void work(window *w)
{
    Uint32 until = SDL_GetTicks() + WORK_MS;
    bool more = ui_app_work(&w->app);
    while (more && !SDL_TICKS_PASSED(SDL_GetTicks(), until))
        more = ui_app_work(&w->app);
    if (more || w->working)
        w->dirty = true; /* the view shows the runs so far, and then all of them */
    w->working = more;
}

static void run(window *w)
{
    Uint64 freq = SDL_GetPerformanceFrequency(), last = SDL_GetPerformanceCounter();
    w->dirty = true;
    while (!w->quit) {
        int width, height, ww, wh;
        SDL_GetRendererOutputSize(w->ren, &width, &height);
        SDL_GetWindowSize(w->win, &ww, &wh);
        w->scale_x1000 = ww > 0 ? width * 1000 / ww : 1000;
        w->scale_y1000 = wh > 0 ? height * 1000 / wh : 1000;
        SDL_Event e;
        /* idle: sleep until an event, or until a status message is due to go */
        bool busy = w->app.play.playing || w->dirty || w->working;
        if (!busy && SDL_WaitEventTimeout(&e, 250))
            on_event(w, &e, width, height);
        if (w->app.view.status && SDL_TICKS_PASSED(SDL_GetTicks(), w->status_until))
            w->dirty = true;
        while (SDL_PollEvent(&e))
            on_event(w, &e, width, height);
        Uint64 now = SDL_GetPerformanceCounter();
        int64_t wall_ns = (int64_t)((now - last) * 1000000000.0 / (double)freq);
        last = now;
        if (w->app.play.playing)
            w->dirty = true;
        ui_app_update(&w->app, wall_ns);
        watch(w);
        if (w->dirty) {
            w->dirty = false;
            if (draw(w, width, height) < 0)
                w->quit = true;
        }
        work(w);
    }
}

static int no_display(void)
{
    fprintf(stderr, "bistro: no display to open a window on (DISPLAY is not set)\n"
                    "  `bistro SCENARIO --png out.png` draws a frame without one\n");
    return BISTRO_EXIT_CANNOT;
}

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

static int setup(window *w, const bistro_opts *o)
{
    char err[512];
    if (!env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY") && !env_set("SDL_VIDEODRIVER"))
        return no_display();
    if (SDL_Init(SDL_INIT_VIDEO) < 0) {
        fprintf(stderr,
                "bistro: cannot open a window: %s\n"
                "  (no display? `bistro SCENARIO --png out.png` draws without one)\n",
                SDL_GetError());
        return BISTRO_EXIT_CANNOT;
    }
    /* With no display SDL falls back to drivers that draw nowhere; a window there
     * would run unseen forever. (SDL_VIDEODRIVER set on purpose is respected.) */
    const char *drv = SDL_GetCurrentVideoDriver();
    if (drv && !env_set("SDL_VIDEODRIVER") &&
        (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0))
        return no_display();
    /* sized to the screen (less the task bar), unless --size says otherwise */
    int ww = o->w, wh = o->h;
    SDL_Rect usable;
    if (!o->have_size && SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w >= 480 &&
        usable.h >= 300) {
        ww = usable.w;
        wh = usable.h;
    }
    char title[300];
    w->win = SDL_CreateWindow(ui_app_window_title(&w->app, title, sizeof title),
                              SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!w->win) {
        fprintf(stderr, "bistro: cannot open a window: %s\n", SDL_GetError());
        return BISTRO_EXIT_CANNOT;
    }
    SDL_SetWindowMinimumSize(w->win, 480, 300);
    w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!w->ren)
        w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->ren) {
        fprintf(stderr, "bistro: cannot draw in the window: %s\n", SDL_GetError());
        return BISTRO_EXIT_CANNOT;
    }
    if (sdl_fonts_open(&w->fonts, err, sizeof err) < 0) {
        fprintf(stderr, "bistro: %s\n", err);
        return BISTRO_EXIT_CANNOT;
    }
    if (sdl_painter_new(w->ren, w->fonts, &w->painter) < 0) {
        fprintf(stderr, "bistro: cannot draw: %s\n", SDL_GetError());
        return BISTRO_EXIT_CANNOT;
    }
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    return BISTRO_EXIT_OK;
}

int bistro_window(const bistro_opts *o)
{
    window w;
    memset(&w, 0, sizeof w);
    ui_app_init(&w.app);
    ui_list_init(&w.list);
    if (ui_library_load(&w.lib, o->scenario_dir) < 0)
        fprintf(stderr, "bistro: no scenario list: cannot read %s\n", o->scenario_dir);
    w.app.view.entries = w.lib.entries;
    w.app.view.nentries = w.lib.n;
    w.app.view.theme = o->theme;
    int rc = BISTRO_EXIT_OK;
    if (o->scenario) {
        ui_doc *doc = NULL;
        char *banner = NULL;
        rc = bistro_open(o->scenario, &doc, &banner);
        if (rc == BISTRO_EXIT_OK) {
            ui_app_set_doc(&w.app, doc, false);
            stat(o->scenario, &w.watched);
            int sel = ui_library_find(&w.lib, o->scenario);
            if (sel >= 0)
                w.app.view.list_sel = (size_t)sel;
            rc = bistro_apply_opts(&w.app, o);
        } else {
            /* its problems are printed (bistro_open); a window would only show an
             * empty app with a banner about a last good scenario there never was */
            free(banner);
            if (rc == BISTRO_EXIT_BAD_INPUT)
                fprintf(stderr,
                        "bistro: %s did not open; `bistro` alone shows the bundled "
                        "lessons (`bistro-sim list` names them)\n",
                        o->scenario);
        }
    } else {
        w.app.view.list = true;
    }
    if (rc == BISTRO_EXIT_OK)
        rc = setup(&w, o);
    w.answers_path = o->answers_out;
    if (rc == BISTRO_EXIT_OK) {
        run(&w);
        save_answers_on_exit(&w);
    }
    sdl_painter_free(w.painter);
    sdl_fonts_close(w.fonts);
    if (w.ren)
        SDL_DestroyRenderer(w.ren);
    if (w.win)
        SDL_DestroyWindow(w.win);
    SDL_Quit();
    ui_list_free(&w.list);
    ui_app_free(&w.app);
    ui_library_free(&w.lib);
    free(w.banner);
    free(w.answers);
    return rc;
}
