/* scenario_dir.h - the scenario files in a folder, for `bistro-sim list` and the
 * app's scenario list.
 *
 * Like scn_load_file(), this sits at the file-reading boundary: it reads a
 * directory and nothing else. The bundled library is the folder given at build
 * time (BISTRO_SCENARIO_DIR); the environment variable BISTRO_SCENARIOS
 * overrides it, for an installed copy or a teacher's own folder.
 */
#ifndef BISTRO_SCENARIO_DIR_H
#define BISTRO_SCENARIO_DIR_H

#include <stddef.h>

/* The paths "DIR/NAME.json" of every *.json file in dir (not hidden ones), sorted
 * by name. 0 with *paths (free with scn_dir_free) and *n; SIM_EIO when the folder
 * cannot be read (errno kept), SIM_ENOMEM. */
int scn_dir_list(const char *dir, char ***paths, size_t *n);

void scn_dir_free(char **paths, size_t n);

#endif
