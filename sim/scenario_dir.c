/* scenario_dir.c - list the *.json files of a folder, sorted by name. */
#include "scenario_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add(char ***paths, size_t *n, size_t *cap, const char *dir, const char *name)
{
    if (sim_grow((void **)paths, cap, *n + 1, sizeof **paths) < 0)
        return SIM_ENOMEM;
    size_t need = strlen(dir) + strlen(name) + 2;
    char *p = malloc(need);
    if (!p)
        return SIM_ENOMEM;
    snprintf(p, need, "%s/%s", dir, name);
    (*paths)[(*n)++] = p;
    return 0;
}

int scn_dir_list(const char *dir, char ***paths, size_t *n)
{
    *paths = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return SIM_EIO;
    size_t cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.')
            continue;
        rc = add(paths, n, &cap, dir, e->d_name);
    }
    int saved = errno;
    closedir(d);
    if (rc < 0) {
        scn_dir_free(*paths, *n);
        *paths = NULL;
        *n = 0;
        errno = saved;
        return rc;
    }
    if (*n > 0)
        qsort(*paths, *n, sizeof **paths, cmp_str);
    return 0;
}

void scn_dir_free(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}
