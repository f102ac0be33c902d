/* main.c - bistro, the desktop app: arguments, then a window or headless frames.
 *
 *   bistro [SCENARIO]                        the window: the scenario list, or SCENARIO
 *   bistro SCENARIO --png OUT.png [--at T]   one frame without a window
 *   bistro SCENARIO --layout-json OUT.json   the same frame as data (bistro-frame/1)
 *   bistro SCENARIO --frames DIR [--fps N]   every frame of the run as PNG files
 *   --keys "Right Tab C"                     a key script played before the frame
 *   --from T --to T                          the timeline's window (zoom) for those
 *   --quiz [--answers-out FILE]              quiz mode: the lesson's questions
 *   --be-the-loop                            "you are the event loop": pick what runs next
 *   common: --runtime NAME (twice: side by side), --size WxH, --theme NAME
 *
 * Exit status as bistro-sim's: 0 success, 2 bad input (the scenario, an option),
 * 3 the machine cannot do it (no display, no font, a file that cannot be written).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "error.h"
#include "outfile.h"
#include "ui_app.h"
#include "ui_theme.h"
#include "units.h"

static const char usage_text[] =
    "usage: bistro [SCENARIO] [--runtime NAME]... [--theme NAME] [--size WxH]\n"
    "       bistro SCENARIO --png OUT.png [--at T] [--keys KEYS] [--runtime NAME]... [--size WxH]\n"
    "       bistro SCENARIO --layout-json OUT.json [--at T] [--keys KEYS] [--runtime NAME]...\n"
    "       bistro SCENARIO --frames DIR [--fps N] [--runtime NAME]... [--size WxH]\n"
    "       (each of these also takes [--from T] [--to T])\n"
    "       bistro SCENARIO --quiz [--answers-out FILE] [--keys KEYS --png/--layout-json OUT]\n"
    "       bistro SCENARIO --be-the-loop [--runtime NAME] [--keys KEYS --png/--layout-json OUT]\n"
    "       bistro --help | --version\n"
    "\n"
    "  Without --png or --frames, opens the window on SCENARIO, or on the list of\n"
    "  bundled scenarios. Press H in the window for every key.\n"
    "\n"
    "  --png OUT.png    draw one frame without a window and exit\n"
    "  --layout-json OUT.json\n"
    "                   write the frame as data (bistro-frame/1: every text drawn, what\n"
    "                   it shows, where, and whether it was cut); with --png, both\n"
    "  --at T           the time of that frame, like 500ms or 1.5s; a bare number\n"
    "                   counts milliseconds, as in scenario files (default: the end,\n"
    "                   or the start when a key script is given)\n"
    "  --keys KEYS      press these keys before the frame is taken, as in the window:\n"
    "                   SDL key names separated by spaces, like \"Right Right Tab C\"\n"
    "                   or \"Shift+Right + ?\" (see docs/app.md)\n"
    "  --frames DIR     draw the whole run as DIR/frame-00001.png, ... at the app's\n"
    "                   default speed, a round speed at which the run lasts 12 to 30 s;\n"
    "                   DIR must not hold frames already\n"
    "  --fps N          frames per second of playback for --frames (default 30)\n"
    "  --from T, --to T zoom the timeline to the window from T to T (default: the\n"
    "                   start, the end), like --from 0ms --to 20ms; the frame's time\n"
    "                   is then the window's end unless --at says otherwise, and\n"
    "                   --frames draws only the window's times\n"
    "  --quiz           quiz mode (Q in the window): playback stops at each of the\n"
    "                   lesson's questions, hides what would give it away, takes the\n"
    "                   answer, then plays on and shows it beside what happened\n"
    "  --answers-out FILE\n"
    "                   save the quiz answers there (bistro-answers/1, for\n"
    "                   bistro-sim grade with bistro-sim rubric's rubric): after each\n"
    "                   answer and on exit; without it the window saves them on exit\n"
    "                   to answers-LESSON.json, never over an earlier file\n"
    "  --be-the-loop    \"you are the event loop\" (E in the window): playback stops\n"
    "                   where the runtime picks what runs next (which queue, which\n"
    "                   ticket, which pool job, who gets the GIL); 1 to 6 pick, a\n"
    "                   wrong pick is explained by the rule it breaks; a score at\n"
    "                   the end\n"
    "  --runtime NAME   show this runtime; given twice, the two side by side\n"
    "  --size WxH       the frame or window size in pixels (default: 1280x720 for\n"
    "                   frames; the window opens sized to the screen)\n"
    "  --theme NAME     projector (default), dark or colour-blind\n"
    "\n"
    "Exit status: 0 success, 2 bad input, 3 the frame or window could not be made.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("bistro: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'bistro --help'.\n", stderr);
    return BISTRO_EXIT_BAD_INPUT;
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || a < 320 || b < 200 || a > 7680 || b > 4320)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

static int parse_theme(const char *s)
{
    for (int i = 0; i < UI_THEME_COUNT; i++)
        if (strcmp(s, ui_theme_get(i)->name) == 0)
            return i;
    if (strcmp(s, "colorblind") == 0 || strcmp(s, "color-blind") == 0)
        return UI_THEME_COLORBLIND;
    return -1;
}

/* The value of an option that takes one, or NULL (with a message) when missing. */
static const char *value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        usage_error("%s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static int parse(int argc, char **argv, bistro_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "-") == 0)
            return usage_error("%s",
                               "the scenario must be a file ('-' for standard input is not read)");
        if (strcmp(a, "--quiz") == 0) {
            o->quiz = true;
            continue;
        }
        if (strcmp(a, "--be-the-loop") == 0) {
            o->loopgame = true;
            continue;
        }
        if (a[0] != '-') {
            if (o->scenario)
                return usage_error("one scenario at a time; '%s' is a second one", a);
            o->scenario = a;
            continue;
        }
        if (strcmp(a, "--png") == 0 || strcmp(a, "--frames") == 0 || strcmp(a, "--at") == 0 ||
            strcmp(a, "--fps") == 0 || strcmp(a, "--runtime") == 0 || strcmp(a, "--size") == 0 ||
            strcmp(a, "--theme") == 0 || strcmp(a, "--layout-json") == 0 ||
            strcmp(a, "--keys") == 0 || strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0 ||
            strcmp(a, "--answers-out") == 0) {
            if (!(v = value(argc, argv, &i)))
                return BISTRO_EXIT_BAD_INPUT;
        } else {
            return usage_error("unknown option '%s'", a);
        }
        if (strcmp(a, "--answers-out") == 0) {
            o->answers_out = v;
        } else if (strcmp(a, "--png") == 0) {
            o->png = v;
        } else if (strcmp(a, "--layout-json") == 0) {
            o->layout_json = v;
        } else if (strcmp(a, "--keys") == 0) {
            o->keys = v;
        } else if (strcmp(a, "--frames") == 0) {
            o->frames = v;
        } else if (strcmp(a, "--at") == 0) {
            char why[160];
            if (units_parse_time_arg(v, &o->at, why, sizeof why) < 0)
                return usage_error("--at %s", why);
            o->have_at = true;
        } else if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
            bool from = strcmp(a, "--from") == 0;
            if (units_parse_duration(v, from ? &o->from : &o->to) < 0)
                return usage_error(from ? "--from wants a time like 0ms or 1.5s, not '%s'"
                                        : "--to wants a time like 20ms or 1.5s, not '%s'",
                                   v);
            *(from ? &o->have_from : &o->have_to) = true;
        } else if (strcmp(a, "--fps") == 0) {
            char *end;
            long n = strtol(v, &end, 10);
            if (end == v || *end || n < 1 || n > 240)
                return usage_error("--fps wants a whole number from 1 to 240, not '%s'", v);
            o->fps = (int)n;
            o->have_fps = true;
        } else if (strcmp(a, "--runtime") == 0) {
            if (o->nruntimes == 2)
                return usage_error("at most two runtimes side by side; '%s' is a third", v);
            o->runtimes[o->nruntimes++] = v;
        } else if (strcmp(a, "--size") == 0) {
            if (parse_size(v, &o->w, &o->h) < 0)
                return usage_error("--size wants WxH from 320x200 to 7680x4320, not '%s'", v);
            o->have_size = true;
        } else if ((o->theme = parse_theme(v)) < 0) {
            return usage_error("--theme wants projector, dark or colour-blind, not '%s'", v);
        }
    }
    /* a quiz answered by a key script needs no frame: its answers are the output */
    bool one = o->png || o->layout_json || (o->quiz && o->keys);
    if (one && o->frames)
        return usage_error("%s", "--frames draws the whole run; --png and --layout-json one frame");
    if ((one || o->frames) && !o->scenario)
        return usage_error("%s", "--png, --layout-json and --frames need a SCENARIO to draw");
    if (o->have_at && !one)
        return usage_error("%s", "--at goes with --png or --layout-json");
    if (o->keys && !one)
        return usage_error("%s", "--keys goes with --png or --layout-json");
    if ((o->have_from || o->have_to) && !one && !o->frames)
        return usage_error("%s", "--from and --to go with --png, --layout-json or --frames");
    if (o->have_from && o->have_to && o->to <= o->from)
        return usage_error("%s",
                           "--to must be after --from: the window goes from one to the other");
    if (o->quiz && !o->scenario)
        return usage_error("%s", "--quiz needs a SCENARIO whose questions it asks");
    if (o->quiz && (o->frames || o->have_at))
        return usage_error("%s", "--quiz stops where the questions are: it goes without "
                                 "--frames and --at (use --keys to answer)");
    if (o->answers_out && !o->quiz)
        return usage_error("%s", "--answers-out goes with --quiz");
    if (o->loopgame && o->quiz)
        return usage_error("%s", "--quiz or --be-the-loop: one mode at a time");
    if (o->loopgame && (!o->scenario || o->frames || o->have_at || o->nruntimes > 1))
        return usage_error("%s", "--be-the-loop plays one runtime of a SCENARIO (one --runtime) "
                                 "from its start: it goes without --frames and --at");
    if (o->quiz && o->keys && !o->answers_out && !o->png && !o->layout_json)
        return usage_error("%s", "--quiz --keys answers the questions: say where with "
                                 "--answers-out, --png or --layout-json");
    if (o->have_fps && !o->frames)
        return usage_error("%s", "--fps goes with --frames");
    return BISTRO_EXIT_OK;
}

/* The file a SCENARIO argument names: the path itself when it exists, else a
 * bundled lesson by the short name `bistro-sim list` prints ("convoy", or
 * "convoy.json") in the scenario folder. Returns the path to open (the argument,
 * or a malloc'd one in *owned), or NULL when out of memory. */
static const char *resolve_scenario(const char *arg, const char *dir, char **owned)
{
    struct stat st;
    *owned = NULL;
    if (stat(arg, &st) == 0 || strchr(arg, '/') || !*arg || arg[0] == '.')
        return arg;
    size_t n = strlen(dir) + strlen(arg) + 8;
    char *p = malloc(n);
    if (!p)
        return NULL;
    size_t len = strlen(arg);
    bool has_ext = len > 5 && strcmp(arg + len - 5, ".json") == 0;
    snprintf(p, n, "%s/%s%s", dir, arg, has_ext ? "" : ".json");
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(p);
        return arg; /* opening it says what is wrong */
    }
    *owned = p;
    return p;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return BISTRO_EXIT_OK;
        }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("bistro %s\n", BISTRO_VERSION);
        return BISTRO_EXIT_OK;
    }
    bistro_opts o = {.w = 1280, .h = 720, .fps = 30, .theme = UI_THEME_PROJECTOR};
    int rc = parse(argc, argv, &o);
    if (rc != BISTRO_EXIT_OK)
        return rc;
    const char *env = getenv("BISTRO_SCENARIOS");
    o.scenario_dir = env && *env ? env : BISTRO_SCENARIO_DIR;
    char *owned = NULL;
    if (o.scenario && !(o.scenario = resolve_scenario(o.scenario, o.scenario_dir, &owned))) {
        fputs("bistro: out of memory\n", stderr);
        return BISTRO_EXIT_CANNOT;
    }
    if (o.png || o.layout_json || o.frames || (o.quiz && o.keys)) {
        /* a frame being written when Ctrl-C comes leaves no PATH.tmp-* (the window
         * keeps SDL's own handling: Ctrl-C closes it) */
        outfile_cleanup_on_signals();
        rc = bistro_headless(&o);
    } else {
        rc = bistro_window(&o);
    }
    free(owned);
    return rc;
}
