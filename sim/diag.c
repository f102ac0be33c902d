/* diag.c - the list of problems of diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct diag_list {
    char **msgs;
    size_t kept, total;
};

diag_list *diag_new(void)
{
    return calloc(1, sizeof(diag_list));
}

void diag_clear(diag_list *d)
{
    for (size_t i = 0; i < d->kept; i++)
        free(d->msgs[i]);
    free(d->msgs);
    d->msgs = NULL;
    d->kept = d->total = 0;
}

void diag_free(diag_list *d)
{
    if (d == NULL)
        return;
    diag_clear(d);
    free(d);
}

static char *format_message(const char *file, int line, int col, const char *path, const char *fmt,
                            va_list ap)
{
    char head[64] = "";
    if (line > 0)
        snprintf(head, sizeof head, ":%d:%d", line, col);
    va_list ap2;
    va_copy(ap2, ap);
    int body = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (body < 0)
        body = 0;
    size_t n = strlen(file) + strlen(head) + (path ? strlen(path) + 2 : 0) + 2 + (size_t)body + 1;
    char *msg = malloc(n);
    if (msg == NULL)
        return NULL;
    int k = snprintf(msg, n, "%s%s: %s%s", file, head, path ? path : "", path ? ": " : "");
    vsnprintf(msg + k, n - (size_t)k, fmt, ap);
    return msg;
}

int diag_add(diag_list *d, const char *file, int line, int col, const char *path, const char *fmt,
             ...)
{
    d->total++;
    if (d->kept >= DIAG_MAX_KEPT)
        return 0;
    char **grown = realloc(d->msgs, (d->kept + 1) * sizeof *grown);
    if (grown == NULL)
        return SIM_ENOMEM;
    d->msgs = grown;
    va_list ap;
    va_start(ap, fmt);
    char *msg = format_message(file ? file : "<input>", line, col, path, fmt, ap);
    va_end(ap);
    if (msg == NULL)
        return SIM_ENOMEM;
    d->msgs[d->kept++] = msg;
    return 0;
}

size_t diag_count(const diag_list *d)
{
    return d->total;
}

size_t diag_kept(const diag_list *d)
{
    return d->kept;
}

const char *diag_get(const diag_list *d, size_t i)
{
    return i < d->kept ? d->msgs[i] : NULL;
}
