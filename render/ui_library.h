/* ui_library.h - the bundled scenarios, with their titles, for the app's list.
 *
 * Reads the scenario folder once (scenario_dir.h) and loads each file's title and
 * description. A file that does not load is still listed, with its first problem
 * as its description, so a teacher sees why it cannot open.
 */
#ifndef BISTRO_UI_LIBRARY_H
#define BISTRO_UI_LIBRARY_H

#include <stddef.h>

#include "ui_view.h"

typedef struct {
    ui_list_entry *entries; /* n entries; strings owned by the library */
    size_t n;
} ui_library;

/* Loads the list of `dir`, in the teaching order (ui_library.c). 0, SIM_EIO (no such folder), SIM_ENOMEM. */
int ui_library_load(ui_library *lib, const char *dir);

/* The index of the entry whose path ends with `name` ("three-requests.json"), or -1. */
int ui_library_find(const ui_library *lib, const char *path);

void ui_library_free(ui_library *lib);

#endif
