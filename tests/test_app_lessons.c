/* test_app_lessons.c - every bundled lesson tells each runtime its own story.
 *
 * For every lesson in scenarios/, every runtime and every caption time (each
 * caption's start, and the moment before its `until`), the frame as data
 * (ui_frame_json, what --layout-json writes) must show a caption written for that
 * runtime (its own narration, or the scenario's when it has none), and a code
 * listing in that runtime's language: JavaScript for Node.js (alone or in
 * processes), Python for asyncio and for threads. A caption shown on a runtime
 * must not speak of another runtime's machinery (Node's queues and phases on
 * asyncio or threads, asyncio's on Node or threads). The same holds in compare,
 * for each pair of runtimes side by side.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "app.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "ui_frame.h"

/* What a runtime is, for the words that are true of it. */
typedef enum { KIND_NODE, KIND_ASYNCIO, KIND_THREADS } rt_kind;

static rt_kind kind_of(const scn_runtime *rt)
{
    rt = scn_runtime_serving(rt);
    if (rt->model == SCN_MODEL_EVENT_LOOP)
        return rt->flavor == SCN_FLAVOR_ASYNCIO ? KIND_ASYNCIO : KIND_NODE;
    return KIND_THREADS;
}

static const char *language_of(rt_kind k)
{
    return k == KIND_NODE ? "javascript" : "python";
}

/* Words that name one runtime's machinery: shown on another runtime, a caption
 * with one of them says something false of it. */
static const char *const node_words[] = {
    "nextTick",       "setImmediate", "setTimeout",   "libuv",     "timers phase",
    "poll phase",     "check phase",  "promise rail", "microtask", "UV_THREADPOOL",
    "worker_threads", "process.",     "console.log"};
static const char *const asyncio_words[] = {
    "asyncio", "await ", "call_soon", "coroutine", "ready queue", "run_in_executor", "to_thread"};

static const char *foreign_word(const char *caption, rt_kind k)
{
    if (k != KIND_NODE)
        for (size_t i = 0; i < sizeof node_words / sizeof node_words[0]; i++)
            if (strstr(caption, node_words[i]))
                return node_words[i];
    if (k != KIND_ASYNCIO)
        for (size_t i = 0; i < sizeof asyncio_words / sizeof asyncio_words[0]; i++)
            if (strstr(caption, asyncio_words[i]))
                return asyncio_words[i];
    return NULL;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no \"%s\" in the frame", key);
    return v;
}

/* The frame of `a` at t (paused, the whole instant) as data. */
static cJSON *frame_at(ui_app *a, int64_t t, ui_list *l)
{
    ui_playback_seek(&a->play, t);
    ui_app_sync(a);
    ui_layout_info info;
    assert_int_equal(
        ui_layout(a->doc, &a->view, a->play.t, 1280, 720, ui_measure_fixed(), l, &info), 0);
    char *text = ui_frame_json(a->doc, &a->view, &a->play, 1280, 720, l, &info);
    assert_non_null(text);
    cJSON *f = cJSON_Parse(text);
    free(text);
    assert_non_null(f);
    return f;
}

/* One column of a frame: its caption is one written for its runtime, its listing
 * in the runtime's language, and no caption speaks of another runtime. */
static void check_column(const char *file, const scn_scenario *scn, const cJSON *col, int64_t t)
{
    const char *name = get(col, "runtime")->valuestring;
    int r = scn_find_runtime(scn, name);
    assert_true(r >= 0);
    rt_kind k = kind_of(&scn->runtimes[r]);
    const cJSON *lang = get(get(col, "code"), "language");
    if (scn_runtime_code(scn, (size_t)r) != NULL &&
        (!cJSON_IsString(lang) || strcmp(lang->valuestring, language_of(k)) != 0))
        fail_msg("%s, %s at %lld ns: the listing is in %s, not %s", file, name, (long long)t,
                 cJSON_IsString(lang) ? lang->valuestring : "(none)", language_of(k));
    const cJSON *cap = get(col, "caption");
    if (!cJSON_IsString(cap))
        return;
    size_t n;
    const scn_narration *list = scn_runtime_narration(scn, (size_t)r, &n);
    int at = scn_caption_at(list, n, t);
    /* the caption drawn is the one in effect (or, before the first, the description) */
    const char *want = at >= 0 ? list[at].text : scn->description;
    if (want && strcmp(cap->valuestring, want) != 0)
        fail_msg("%s, %s at %lld ns: the caption shown is \"%s\", not its own \"%s\"", file, name,
                 (long long)t, cap->valuestring, want);
    const char *w = at >= 0 ? foreign_word(cap->valuestring, k) : NULL;
    if (w)
        fail_msg("%s, %s at %lld ns: the caption speaks of \"%s\", which is not this runtime's: "
                 "\"%s\"",
                 file, name, (long long)t, w, cap->valuestring);
}

/* Every caption start and the moment before every end, of every runtime. */
static size_t caption_times(const scn_scenario *scn, int64_t *out, size_t max)
{
    size_t n = 0;
    for (size_t r = 0; r <= scn->nruntimes; r++) {
        size_t k;
        const scn_narration *list = r < scn->nruntimes ? scn_runtime_narration(scn, r, &k)
                                                       : scn->narration;
        if (r == scn->nruntimes)
            k = scn->nnarration;
        for (size_t i = 0; i < k && n + 2 <= max; i++) {
            out[n++] = list[i].at;
            if (list[i].until > 0)
                out[n++] = list[i].until - 1;
        }
    }
    return n;
}

static void check_lesson(const char *path)
{
    ui_doc *doc = NULL;
    assert_int_equal(bistro_open(path, &doc, NULL), 0);
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    ui_app a;
    ui_app_init(&a);
    ui_app_set_doc(&a, doc, false);
    const scn_scenario *scn = a.doc->scn;
    int64_t times[512];
    size_t nt = caption_times(scn, times, 512);
    ui_list l;
    ui_list_init(&l);
    for (size_t r = 0; r < scn->nruntimes; r++) {
        /* alone */
        a.view.compare = false;
        a.view.run = r;
        for (size_t i = 0; i < nt; i++) {
            if (times[i] > a.doc->end)
                continue;
            cJSON *f = frame_at(&a, times[i], &l);
            check_column(file, scn, cJSON_GetArrayItem(get(f, "columns"), 0), times[i]);
            cJSON_Delete(f);
        }
        /* beside each other runtime */
        for (size_t q = 0; q < scn->nruntimes; q++) {
            if (q == r)
                continue;
            a.view.compare = true;
            a.view.run = r;
            a.view.run_b = q;
            for (size_t i = 0; i < nt; i++) {
                if (times[i] > a.doc->end)
                    continue;
                cJSON *f = frame_at(&a, times[i], &l);
                const cJSON *cols = get(f, "columns");
                assert_int_equal(cJSON_GetArraySize(cols), 2);
                for (int c = 0; c < 2; c++)
                    check_column(file, scn, cJSON_GetArrayItem(cols, c), times[i]);
                cJSON_Delete(f);
            }
        }
    }
    ui_list_free(&l);
    ui_app_free(&a);
}

static void test_every_lesson_tells_each_runtime_its_own_story(void **state)
{
    (void)state;
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &n), 0);
    assert_true(n >= 16);
    for (size_t i = 0; i < n; i++)
        check_lesson(paths[i]);
    scn_dir_free(paths, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson_tells_each_runtime_its_own_story),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
