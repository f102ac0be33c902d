/* scenario_captions.c - what a scenario shows beside the simulation: captions
 * ("narration") and a code listing ("code"), the scenario's and each runtime's.
 *
 * Both may be given at the top level and on any runtime of the list, with the same
 * shape. A runtime's own replace the scenario's entirely (a Node.js runtime shows
 * JavaScript and captions about libuv's phases, an asyncio one Python), and the
 * scenario's serve every runtime that has none; scn_runtime_narration and
 * scn_runtime_code are the one place that rule is written, so every reader picks
 * the same. A step's "line" must fall inside every listing that some runtime
 * shows; since steps are read before the runtimes, the runtimes' listings are
 * peeked at first (scn__peek_listings) and checked in full when the runtimes are.
 */
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "units.h"

bool scn__code(scn__ctx *c, const cJSON *v, scn_code *out)
{
    static const char *const keys[] = {"language", "lines"};
    const cJSON *f[2];
    const char *s;
    bool ok = false;
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_object(&c->jw, v,
                       "an object like {\"language\": \"javascript\", \"lines\": "
                       "[\"...\"]}")) {
        jw_members(&c->jw, v, keys, 2, f, NULL, 0);
        if (jw_require(&c->jw, v, f[0], "language") && jw_string(&c->jw, f[0], false, &s))
            out->language = jw_strdup(&c->jw, s);
        size_t lm = f[1] != NULL ? jw_enter(&c->jw, f[1]) : c->jw.plen, n = 0;
        if (jw_require(&c->jw, v, f[1], "lines") &&
            jw_want_array(&c->jw, f[1], "a list of strings, one per line")) {
            for (const cJSON *l = f[1]->child; l != NULL; l = l->next)
                n++;
            if (n > SCN_MAX_CODE_LINES)
                jw_fail(&c->jw, f[1], "%zu lines; the limit is %d", n, SCN_MAX_CODE_LINES);
            else if ((out->lines = jw_calloc(&c->jw, n, sizeof *out->lines)) != NULL) {
                out->nlines = n;
                ok = true;
            }
            const cJSON *l = f[1]->child;
            for (size_t i = 0; i < out->nlines; i++, l = l->next) {
                size_t im = jw_push_index(&c->jw, i);
                if (jw_string(&c->jw, l, false, &s))
                    out->lines[i] = jw_strdup(&c->jw, s);
                jw_pop(&c->jw, im);
            }
        }
        jw_pop(&c->jw, lm);
    }
    jw_pop(&c->jw, mark);
    return ok;
}

/* A time of caption `v` that is not after `other`: `what` says which and why. */
static void caption_time(scn__ctx *c, const cJSON *v, const char *what, int64_t t, int64_t other)
{
    char a[32], b[32];
    units_format_duration(t, a, sizeof a);
    units_format_duration(other, b, sizeof b);
    size_t mark = jw_enter(&c->jw, v);
    jw_fail(&c->jw, v, what, a, b);
    jw_pop(&c->jw, mark);
}

/* A caption must come after the one before it: the app shows the last caption
 * whose time has come, so one at the same time as another would never be seen. */
static void caption_order(scn__ctx *c, const cJSON *v, int64_t at, int64_t before)
{
    caption_time(c, v,
                 "%s is not after the caption before it (%s): captions go in time order, and "
                 "one at the same time as another would never be shown",
                 at, before);
}

/* A caption's end must come after its start, or it would never be shown. */
static void caption_until(scn__ctx *c, const cJSON *v, int64_t until, int64_t at)
{
    caption_time(c, v,
                 "%s is not after the caption's \"at\" (%s): a caption ends after it appears, "
                 "or it would never be shown",
                 until, at);
}

/* A caption's "zoom": the timeline's window while it shows, [start, end] with
 * the end after the start. */
static void caption_zoom(scn__ctx *c, const cJSON *v, scn_narration *n)
{
    static const char form[] = "a window like [\"0ms\", \"20ms\"]: where the timeline starts "
                               "and ends while the caption shows";
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_array(&c->jw, v, form)) {
        int len = cJSON_GetArraySize(v);
        int64_t t[2] = {0, 0};
        bool ok = len == 2;
        if (!ok)
            jw_fail(&c->jw, v, "expected %s, got a list of %d", form, len);
        const cJSON *e = len == 2 ? v->child : NULL;
        for (int i = 0; e != NULL && i < 2; i++, e = e->next) {
            size_t im = jw_push_index(&c->jw, (size_t)i);
            ok &= scn__duration(c, e, 0, &t[i]);
            jw_pop(&c->jw, im);
        }
        if (ok && t[1] <= t[0]) {
            size_t im = jw_push_index(&c->jw, 1);
            char a[32], b[32];
            units_format_duration(t[1], a, sizeof a);
            units_format_duration(t[0], b, sizeof b);
            jw_fail(&c->jw, v->child->next,
                    "%s is not after the window's start (%s): a zoom goes from its start to "
                    "a later end",
                    a, b);
            jw_pop(&c->jw, im);
        } else if (ok) {
            n->zoom_t0 = t[0];
            n->zoom_t1 = t[1];
        }
    }
    jw_pop(&c->jw, mark);
}

/* One caption; the path names it. `prev` is the caption before it, or NULL. */
static void caption(scn__ctx *c, const cJSON *e, scn_narration *n, const scn_narration *prev)
{
    static const char *const keys[] = {"at", "until", "text", "zoom", "notes"};
    const cJSON *f[5];
    const char *s;
    if (!jw_want_object(&c->jw, e, "an object like {\"at\": \"0ms\", \"text\": \"...\"}"))
        return;
    jw_members(&c->jw, e, keys, 5, f, NULL, 0);
    bool at_ok = jw_require(&c->jw, e, f[0], "at") && scn__duration(c, f[0], 0, &n->at);
    if (at_ok && prev != NULL && n->at <= prev->at)
        caption_order(c, f[0], n->at, prev->at);
    int64_t until;
    if (f[1] != NULL && scn__duration(c, f[1], 0, &until)) {
        if (at_ok && until <= n->at)
            caption_until(c, f[1], until, n->at);
        else
            n->until = until;
    }
    if (jw_require(&c->jw, e, f[2], "text") && jw_string(&c->jw, f[2], false, &s))
        n->text = jw_strdup(&c->jw, s);
    if (f[3] != NULL)
        caption_zoom(c, f[3], n);
    if (f[4] != NULL && jw_string(&c->jw, f[4], true, &s))
        n->notes = jw_strdup(&c->jw, s); /* the presenter's, never shown to the class */
}

void scn__narration(scn__ctx *c, const cJSON *v, scn_narration **out, size_t *count)
{
    size_t mark = jw_enter(&c->jw, v), n = 0;
    if (jw_want_array(&c->jw, v, "a list like [{\"at\": \"0ms\", \"text\": \"...\"}]")) {
        for (const cJSON *e = v->child; e != NULL; e = e->next)
            n++;
        *out = jw_calloc(&c->jw, n, sizeof **out);
        *count = *out != NULL ? n : 0;
        const cJSON *e = v->child;
        for (size_t i = 0; i < *count; i++, e = e->next) {
            size_t im = jw_push_index(&c->jw, i);
            caption(c, e, &(*out)[i], i > 0 ? &(*out)[i - 1] : NULL);
            jw_pop(&c->jw, im);
        }
    }
    jw_pop(&c->jw, mark);
}

/* The number of lines of listing v when it looks valid (an object with a string
 * "language" and a list of at most SCN_MAX_CODE_LINES "lines"), else -1: a wrong
 * listing is reported when the runtimes are read, and its lines checked nowhere. */
static long listing_lines(const cJSON *v)
{
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(v, "language");
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(v, "lines");
    if (!cJSON_IsObject(v) || !cJSON_IsString(lang) || !cJSON_IsArray(lines))
        return -1;
    long n = 0;
    for (const cJSON *l = lines->child; l != NULL; l = l->next)
        n++;
    return n <= SCN_MAX_CODE_LINES ? n : -1;
}

void scn__peek_listings(scn__ctx *c, const cJSON *runtimes)
{
    c->nlistings = 0;
    c->top_user = "";
    c->top_shown = !cJSON_IsArray(runtimes) || runtimes->child == NULL;
    size_t i = 0;
    for (const cJSON *r = cJSON_IsArray(runtimes) ? runtimes->child : NULL;
         r != NULL && i < SCN_MAX_RUNTIMES; r = r->next, i++) {
        const cJSON *code = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, "code") : NULL;
        const cJSON *name = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, "name") : NULL;
        const char *nm = cJSON_IsString(name) ? name->valuestring : "";
        if (code == NULL) {
            if (!c->top_shown)
                c->top_user = nm;
            c->top_shown = true;
            continue;
        }
        long n = listing_lines(code);
        if (n < 0)
            continue;
        scn__listing *l = &c->listings[c->nlistings++];
        l->name = nm;
        l->index = i;
        l->lines = (size_t)n;
    }
}

void scn__free_narration(scn_narration *n, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(n[i].text);
        free(n[i].notes);
    }
    free(n);
}

void scn__free_code(scn_code *code)
{
    free(code->language);
    for (size_t i = 0; i < code->nlines; i++)
        free(code->lines[i]);
    free(code->lines);
    memset(code, 0, sizeof *code);
}

const scn_narration *scn_runtime_narration(const scn_scenario *scn, size_t runtime, size_t *n)
{
    *n = 0;
    if (scn == NULL)
        return NULL;
    const scn_narration *list = scn->narration;
    *n = scn->nnarration;
    if (runtime < scn->nruntimes && scn->runtimes[runtime].has_narration) {
        list = scn->runtimes[runtime].narration;
        *n = scn->runtimes[runtime].nnarration;
    }
    if (*n == 0)
        return NULL;
    return list;
}

const scn_code *scn_runtime_code(const scn_scenario *scn, size_t runtime)
{
    if (scn == NULL)
        return NULL;
    if (runtime < scn->nruntimes && scn->runtimes[runtime].code.language != NULL)
        return &scn->runtimes[runtime].code;
    return scn->code.language != NULL ? &scn->code : NULL;
}

int scn_caption_at(const scn_narration *list, size_t n, int64_t t)
{
    /* captions are in time order: the last one started is the one in effect */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list[mid].at <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    const scn_narration *k = &list[lo - 1];
    return k->until > 0 && t >= k->until ? -1 : (int)(lo - 1);
}
