/* app_session.c - opening a scenario for the app, and the options that shape it.
 *
 * Shared by the window and the headless frames, so both report a bad file the
 * same way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "error.h"
#include "outfile.h"

static char *join(const diag_list *d)
{
    size_t need = 64;
    for (size_t i = 0; i < diag_kept(d); i++)
        need += strlen(diag_get(d, i)) + 1;
    char *s = malloc(need), *p = s;
    if (!s)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < diag_kept(d); i++)
        p += sprintf(p, "%s%s", i ? "\n" : "", diag_get(d, i));
    if (diag_count(d) > diag_kept(d))
        sprintf(p, "\n... and %zu more problems", diag_count(d) - diag_kept(d));
    return s;
}

int bistro_open(const char *path, ui_doc **doc, char **banner)
{
    *doc = NULL;
    if (banner)
        *banner = NULL;
    diag_list *d = diag_new();
    if (!d)
        return BISTRO_EXIT_CANNOT;
    int rc = ui_doc_open(path, d, NULL, NULL, doc);
    for (size_t i = 0; i < diag_kept(d); i++)
        fprintf(stderr, "%s\n", diag_get(d, i));
    if (diag_count(d) > diag_kept(d))
        fprintf(stderr, "... and %zu more problems\n", diag_count(d) - diag_kept(d));
    if (rc < 0 && diag_count(d) == 0)
        fprintf(stderr, "bistro: %s: %s\n", path, sim_strerror(rc));
    if (rc < 0 && banner) {
        *banner = diag_count(d) ? join(d) : NULL;
        if (!*banner) {
            size_t n = strlen(path) + 64;
            if ((*banner = malloc(n)))
                snprintf(*banner, n, "%s: %s", path, sim_strerror(rc));
        }
    }
    diag_free(d);
    if (rc == SIM_ENOMEM)
        return BISTRO_EXIT_CANNOT;
    return rc < 0 ? BISTRO_EXIT_BAD_INPUT : BISTRO_EXIT_OK;
}

/* --runtime and --theme. */
static int apply_runtimes(ui_app *app, const bistro_opts *o)
{
    app->view.theme = o->theme;
    for (int i = 0; i < o->nruntimes; i++) {
        int r = app->doc ? scn_find_runtime(app->doc->scn, o->runtimes[i]) : -1;
        if (r < 0) {
            char names[512];
            fprintf(stderr, "bistro: %s has no runtime called \"%s\"; it has: %s\n",
                    o->scenario ? o->scenario : "the scenario", o->runtimes[i],
                    scn_runtime_names(app->doc ? app->doc->scn : NULL, names, sizeof names));
            return BISTRO_EXIT_BAD_INPUT;
        }
        if (i == 0)
            app->view.run = (size_t)r;
        else
            app->view.run_b = (size_t)r;
    }
    if (o->nruntimes == 2) {
        if (app->view.run == app->view.run_b) {
            fprintf(stderr, "bistro: --runtime \"%s\" twice: give two different runtimes\n",
                    o->runtimes[0]);
            return BISTRO_EXIT_BAD_INPUT;
        }
        app->view.compare = true;
    }
    return BISTRO_EXIT_OK;
}

int bistro_apply_opts(ui_app *app, const bistro_opts *o)
{
    int rc = apply_runtimes(app, o);
    if (rc == BISTRO_EXIT_OK && o->quiz && !ui_app_quiz(app, true)) {
        fprintf(stderr, "bistro: out of memory starting quiz mode\n");
        rc = BISTRO_EXIT_CANNOT;
    }
    if (rc == BISTRO_EXIT_OK && o->loopgame && !ui_app_loopgame(app, true)) {
        fprintf(stderr, "bistro: out of memory starting the event-loop game\n");
        rc = BISTRO_EXIT_CANNOT;
    }
    return rc;
}

int bistro_save_answers(const ui_app *app, const char *path, char *msg, size_t msg_size)
{
    char *text = ui_quiz_answers_json(&app->quiz);
    if (!text) {
        snprintf(msg, msg_size, "out of memory saving the answers");
        return BISTRO_EXIT_CANNOT;
    }
    size_t asked, answered, right;
    ui_quiz_score(&app->quiz, &asked, &answered, &right);
    int rc = bistro_write_answers(text, answered, app->quiz.n, path, msg, msg_size);
    free(text);
    return rc;
}

int bistro_write_answers(const char *text, size_t answered, size_t questions, const char *path,
                         char *msg, size_t msg_size)
{
    outfile of;
    int rc = BISTRO_EXIT_OK, err = 0;
    if (outfile_open(&of, path) < 0) {
        err = errno;
    } else if (fputs(text, of.f) == EOF) {
        err = errno;
        outfile_abort(&of);
    } else if (outfile_commit(&of) < 0) {
        err = errno;
    }
    if (err != 0) {
        rc = BISTRO_EXIT_CANNOT;
        snprintf(msg, msg_size, "cannot write the answers to %s: %s", path, strerror(err));
    } else {
        snprintf(msg, msg_size, "answers saved to %s (%zu of %zu questions answered)", path,
                 answered, questions);
    }
    return rc;
}

char *bistro_answers_path(const ui_app *app)
{
    const char *src = app->doc && app->doc->path ? app->doc->path : "lesson";
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    size_t size = len + 32;
    char *p = malloc(size);
    if (!p)
        return NULL;
    for (int k = 1; k < 1000; k++) {
        if (k == 1)
            snprintf(p, size, "answers-%.*s.json", (int)len, base);
        else
            snprintf(p, size, "answers-%.*s-%d.json", (int)len, base, k);
        struct stat st;
        if (lstat(p, &st) != 0)
            return p;
    }
    free(p);
    return NULL;
}
