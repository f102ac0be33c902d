/* ui_library.c - titles and descriptions of the scenarios in a folder. */
#include "ui_library.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "error.h"
#include "scenario.h"
#include "scenario_dir.h"

static int entry_load(ui_list_entry *e, char *path)
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
        e->title = strdup(scn->title ? scn->title : base);
        e->description = strdup(scn->description ? scn->description : "");
    } else {
        e->title = strdup(base);
        e->description = strdup(diag_kept(d) ? diag_get(d, 0) : sim_strerror(rc));
    }
    scn_free(scn);
    diag_free(d);
    return e->title && e->description ? 0 : SIM_ENOMEM;
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
    if (!lib->entries) {
        scn_dir_free(paths, n);
        return SIM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        lib->n = i + 1; /* the entry owns its path from here, even if loading fails */
        rc = entry_load(&lib->entries[i], paths[i]);
        if (rc < 0) {
            for (size_t j = i + 1; j < n; j++)
                free(paths[j]);
            free(paths);
            ui_library_free(lib);
            return rc;
        }
    }
    free(paths); /* the strings now belong to the entries */
    return 0;
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
