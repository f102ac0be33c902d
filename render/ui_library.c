/* ui_library.c - titles and descriptions of the scenarios in a folder, in the
 * teaching order: the lessons that say where they stand ("lesson": {"order": n})
 * by that number, then the others by file name. The list shows a lesson's teaser
 * rather than its description, which may give the answer away. */
#include "ui_library.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "error.h"
#include "scenario.h"
#include "scenario_dir.h"

/* "4. Title": numbered in the teaching order, so a class can follow "lesson 4". */
static char *numbered(int64_t order, const char *title)
{
    size_t n = strlen(title) + 24;
    char *s = malloc(n);
    if (s && order > 0)
        snprintf(s, n, "%lld. %s", (long long)order, title);
    else if (s)
        snprintf(s, n, "%s", title);
    return s;
}

static int entry_load(ui_list_entry *e, int *order, char *path)
{
    e->path = path;
    diag_list *d = diag_new();
    if (!d)
        return SIM_ENOMEM;
    scn_scenario *scn = NULL;
    int rc = scn_load_file(path, &scn, d);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (rc == 0) {
        e->title = numbered(scn->lesson_order, scn->list_title ? scn->list_title
                                               : scn->title    ? scn->title
                                                               : base);
        e->description = strdup(scn->teaser        ? scn->teaser
                                : scn->description ? scn->description
                                                   : "");
        *order = (int)scn->lesson_order;
    } else {
        e->title = strdup(base);
        e->description = strdup(diag_kept(d) ? diag_get(d, 0) : sim_strerror(rc));
    }
    scn_free(scn);
    diag_free(d);
    return e->title && e->description ? 0 : SIM_ENOMEM;
}

typedef struct {
    ui_list_entry e;
    int order; /* 0: none */
} ordered;

/* Ordered lessons first by their number, then the rest (and ties) by path. */
static int by_teaching_order(const void *pa, const void *pb)
{
    const ordered *a = pa, *b = pb;
    int ka = a->order > 0 ? a->order : INT_MAX, kb = b->order > 0 ? b->order : INT_MAX;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    return strcmp(a->e.path, b->e.path);
}

static int sort_entries(ui_library *lib, const int *order)
{
    ordered *tmp = calloc(lib->n ? lib->n : 1, sizeof *tmp);
    if (!tmp)
        return SIM_ENOMEM;
    for (size_t i = 0; i < lib->n; i++)
        tmp[i] = (ordered){lib->entries[i], order[i]};
    qsort(tmp, lib->n, sizeof *tmp, by_teaching_order);
    for (size_t i = 0; i < lib->n; i++)
        lib->entries[i] = tmp[i].e;
    free(tmp);
    return 0;
}

int ui_library_load(ui_library *lib, const char *dir)
{
    memset(lib, 0, sizeof *lib);
    char **paths = NULL;
    size_t n = 0;
    int rc = scn_dir_list(dir, &paths, &n);
    if (rc < 0)
        return rc;
    lib->entries = calloc(n ? n : 1, sizeof *lib->entries);
    int *order = calloc(n ? n : 1, sizeof *order);
    if (!lib->entries || !order) {
        free(lib->entries);
        free(order);
        scn_dir_free(paths, n);
        return SIM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        lib->n = i + 1; /* the entry owns its path from here, even if loading fails */
        rc = entry_load(&lib->entries[i], &order[i], paths[i]);
        if (rc < 0) {
            free(order);
            for (size_t j = i + 1; j < n; j++)
                free(paths[j]);
            free(paths);
            ui_library_free(lib);
            return rc;
        }
    }
    free(paths); /* the strings now belong to the entries */
    rc = sort_entries(lib, order);
    free(order);
    if (rc < 0)
        ui_library_free(lib);
    return rc;
}

int ui_library_find(const ui_library *lib, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < lib->n; i++) {
        const char *eb = strrchr(lib->entries[i].path, '/');
        eb = eb ? eb + 1 : lib->entries[i].path;
        if (strcmp(eb, base) == 0)
            return (int)i;
    }
    return -1;
}

void ui_library_free(ui_library *lib)
{
    for (size_t i = 0; i < lib->n; i++) {
        free((char *)lib->entries[i].path);
        free((char *)lib->entries[i].title);
        free((char *)lib->entries[i].description);
    }
    free(lib->entries);
    memset(lib, 0, sizeof *lib);
}
