/* grade_json.c - reading a rubric or an answers file as JSON with positions.
 *
 * The same two passes as the scenario loader: jsonloc scans the text strictly and
 * records where each value is, then cJSON builds the tree from text that passed, and
 * the two are paired so that every later message can name a line and a column.
 * The walk itself (path stack, value readers, messages) is the scenario loader's
 * (json_walk.h), used here with no scenario under construction.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade_internal.h"
#include "scenario.h"

/* True when text holds nothing but a byte order mark and white space; jsonloc
 * would then say that a *scenario* is empty, which is not what this file is. */
static bool blank(const char *text, size_t len)
{
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    return i == len;
}

int grade__parse(const char *file, const char *text, size_t len, const char *what, diag_list *diags,
                 grade__doc *doc)
{
    memset(doc, 0, sizeof *doc);
    if (len > SCN_MAX_FILE_BYTES) {
        int rc = diag_add(diags, file, 0, 0, NULL,
                          "the file is %zu bytes; the limit is %d "
                          "bytes (4 MiB)",
                          len, SCN_MAX_FILE_BYTES);
        return rc != 0 ? rc : SIM_EINVAL;
    }
    /* cJSON gets a NUL-terminated copy, so that no read of it can run past the end. */
    doc->text = malloc(len + 1);
    if (doc->text == NULL)
        return SIM_ENOMEM;
    if (len > 0)
        memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    int line, col, rc;
    if (blank(doc->text, len)) {
        jsonloc *loc = jsonloc_new(doc->text, len);
        if (loc == NULL) {
            grade__doc_free(doc);
            return SIM_ENOMEM;
        }
        jsonloc_line_col(loc, len, &line, &col);
        jsonloc_free(loc);
        rc = diag_add(diags, file, line, col, NULL, "invalid JSON: the file is empty (%s)", what);
        grade__doc_free(doc);
        return rc != 0 ? rc : SIM_EINVAL;
    }
    rc = jw_parse(file, doc->text, len, diags, &doc->loc, &doc->root);
    if (rc != 0)
        grade__doc_free(doc);
    return rc;
}

void grade__doc_free(grade__doc *doc)
{
    cJSON_Delete(doc->root);
    jsonloc_free(doc->loc);
    free(doc->text);
    memset(doc, 0, sizeof *doc);
}

void grade__walk(jw_ctx *c, const char *file, const grade__doc *doc, diag_list *diags)
{
    memset(c, 0, sizeof *c);
    c->file = file;
    c->loc = doc->loc;
    c->diags = diags;
    c->path[0] = '$';
    c->plen = 1;
}

grade__pos grade__pos_of(const grade__doc *doc, const cJSON *v)
{
    grade__pos p = {0, 0};
    size_t off;
    if (v != NULL && jsonloc_offset(doc->loc, v, false, &off))
        jsonloc_line_col(doc->loc, off, &p.line, &p.col);
    return p;
}

int grade__append_diags(sim_sink *out, const diag_list *d)
{
    size_t kept = diag_kept(d),
           shown = kept < GRADE__MAX_PROBLEM_LINES ? kept : GRADE__MAX_PROBLEM_LINES;
    for (size_t i = 0; i < shown; i++)
        sink_printf(out, "%s%s", i > 0 ? "\n" : "", diag_get(d, i));
    if (diag_count(d) > shown)
        sink_printf(out, "%s... and %zu more problems", shown > 0 ? "\n" : "",
                    diag_count(d) - shown);
    return out->err;
}

char *grade__strdup(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    return p != NULL ? memcpy(p, s, n) : NULL;
}

char *grade__json_quote(const char *text)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    if (sink_json_string(&s, text) != 0) {
        sink_buffer_release(&b);
        return NULL;
    }
    return b.data;
}

char *grade__diags_text(const diag_list *d)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    if (grade__append_diags(&s, d) != 0) {
        sink_buffer_release(&b);
        return NULL;
    }
    return b.data != NULL ? b.data : grade__strdup("");
}
