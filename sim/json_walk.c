/* json_walk.c - walking a parsed JSON document with a path stack, reporting
 * every problem with its position and JSON path, and reading values exactly
 * (json_walk.h). The scenario loader and the grader's rubric and answers readers
 * walk their files with it.
 *
 * Numbers are read from their text, not from cJSON's double: integers exactly
 * (so 9007199254740993 is not silently 9007199254740992). cJSON's valueint is
 * never read: it saturates.
 */
#include "json_walk.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "error.h"
#include "scenario.h" /* the limits every bistro JSON file has: depth, string length */
#include "units.h"

/* ---- path ---- */

static bool is_plain_key(const char *k)
{
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
        return false;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') ||
              *k == '_'))
            return false;
    return true;
}

/* Appends seg; when the path is full, ends it with "..." once, since a path that
 * long only happens in hostile files. */
static size_t push_segment(jw_ctx *c, const char *seg)
{
    size_t mark = c->plen, n = strlen(seg);
    if (c->plen + n + 4 < sizeof c->path) {
        memcpy(c->path + c->plen, seg, n + 1);
        c->plen += n;
    } else if (c->plen + 4 < sizeof c->path &&
               (c->plen < 3 || strcmp(c->path + c->plen - 3, "...") != 0)) {
        memcpy(c->path + c->plen, "...", 4);
        c->plen += 3;
    }
    return mark;
}

size_t jw_push_key(jw_ctx *c, const char *key)
{
    char seg[JW_KEY_SHOWN + 24];
    if (strlen(key) <= JW_KEY_SHOWN && is_plain_key(key)) {
        snprintf(seg, sizeof seg, ".%s", key);
    } else {
        char q[JW_KEY_SHOWN + 16];
        snprintf(seg, sizeof seg, "[%s]", jw_quote(key, q, sizeof q));
    }
    return push_segment(c, seg);
}

size_t jw_push_index(jw_ctx *c, size_t i)
{
    char seg[32];
    snprintf(seg, sizeof seg, "[%zu]", i);
    return push_segment(c, seg);
}

void jw_pop(jw_ctx *c, size_t mark)
{
    c->plen = mark;
    c->path[mark] = '\0';
}

size_t jw_enter(jw_ctx *c, const cJSON *v)
{
    return v->string != NULL ? jw_push_key(c, v->string) : c->plen;
}

/* ---- problems ---- */

static void add_problem(jw_ctx *c, const cJSON *v, bool key, const char *fmt, va_list ap)
{
    c->problems++;
    if (c->diags == NULL)
        return;
    if (diag_kept(c->diags) >= DIAG_MAX_KEPT) {
        diag_add(c->diags, c->file, 0, 0, NULL, "%s", ""); /* only counted */
        return;
    }
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    int line = 0, col = 0;
    size_t off;
    if (v != NULL && jsonloc_offset(c->loc, v, key, &off))
        jsonloc_line_col(c->loc, off, &line, &col);
    if (diag_add(c->diags, c->file, line, col, c->path, "%s", msg) != 0)
        c->err = SIM_ENOMEM;
}

void jw_fail(jw_ctx *c, const cJSON *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem(c, v, false, fmt, ap);
    va_end(ap);
}

size_t jw_count_capped(jw_ctx *c, const cJSON *v, size_t limit, const char *what)
{
    size_t n = 0;
    for (const cJSON *e = v->child; e != NULL; e = e->next)
        n++;
    if (n <= limit)
        return n;
    jw_fail(c, v, "%zu %s; the limit is %zu", n, what, limit);
    return limit;
}

void jw_fail_key(jw_ctx *c, const cJSON *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem(c, v, true, fmt, ap);
    va_end(ap);
}

static size_t utf8_seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

const char *jw_quote(const char *s, char *buf, size_t size)
{
    size_t k = 0;
    buf[k++] = '"';
    while (*s) {
        char item[8];
        size_t n = utf8_seq_len((unsigned char)*s);
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            snprintf(item, sizeof item, "\\%c", ch);
        else if (ch == '\n')
            snprintf(item, sizeof item, "\\n");
        else if (ch < 0x20 || ch == 0x7f)
            snprintf(item, sizeof item, "\\u%04x", ch);
        else {
            size_t i = 0;
            for (; i < n && s[i]; i++)
                item[i] = s[i];
            n = i;
            item[i] = '\0';
        }
        size_t len = strlen(item);
        if (k + len + 5 > size) { /* room for ...", NUL */
            memcpy(buf + k, "...", 3);
            k += 3;
            break;
        }
        memcpy(buf + k, item, len);
        k += len;
        s += ch < 0x80 ? 1 : n;
    }
    buf[k++] = '"';
    buf[k] = '\0';
    return buf;
}

const char *jw_describe(const jw_ctx *c, const cJSON *v, char *buf, size_t size)
{
    size_t off;
    if (cJSON_IsString(v))
        return jw_quote(v->valuestring ? v->valuestring : "", buf, size);
    if (cJSON_IsNumber(v) && jsonloc_offset(c->loc, v, false, &off)) {
        size_t n = jsonloc_number_len(c->loc, off);
        if (n > 40)
            snprintf(buf, size, "%.37s...", jsonloc_text(c->loc) + off);
        else
            snprintf(buf, size, "%.*s", (int)n, jsonloc_text(c->loc) + off);
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, size, "%g", v->valuedouble);
    } else if (cJSON_IsTrue(v) || cJSON_IsFalse(v) || cJSON_IsNull(v)) {
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false" : "null");
    } else if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        snprintf(buf, size, "%s %s", v->child ? "an" : "an empty",
                 cJSON_IsObject(v) ? "object" : "array");
    } else {
        snprintf(buf, size, "nothing");
    }
    return buf;
}

/* ---- memory ---- */

void *jw_calloc(jw_ctx *c, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL)
        c->err = SIM_ENOMEM;
    return p;
}

char *jw_strdup(jw_ctx *c, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p == NULL) {
        c->err = SIM_ENOMEM;
        return NULL;
    }
    return memcpy(p, s, n);
}

/* ---- objects ---- */

size_t jw_find_name(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return n;
}

static void join_names(const char *const *names, size_t n, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "", names[i]);
}

void jw_members(jw_ctx *c, const cJSON *obj, const char *const *keys, size_t nkeys,
                const cJSON **found, const char *const *quiet, size_t nquiet)
{
    for (size_t i = 0; i < nkeys; i++)
        found[i] = NULL;
    for (const cJSON *m = obj->child; m != NULL; m = m->next) {
        char q[JW_KEY_SHOWN + 16];
        size_t i = jw_find_name(keys, nkeys, m->string);
        if (i < nkeys && found[i] == NULL) {
            found[i] = m;
        } else if (i < nkeys) {
            size_t off;
            int line = 0, col = 0;
            if (jsonloc_offset(c->loc, found[i], true, &off))
                jsonloc_line_col(c->loc, off, &line, &col);
            jw_fail_key(c, m, "duplicate key %s (first given at line %d)",
                        jw_quote(m->string, q, sizeof q), line);
        } else if (jw_find_name(quiet, nquiet, m->string) == nquiet) {
            char list[512];
            join_names(keys, nkeys, list, sizeof list);
            jw_fail_key(c, m, "unknown key %s (expected one of: %s)",
                        jw_quote(m->string, q, sizeof q), list);
        }
    }
}

bool jw_require(jw_ctx *c, const cJSON *obj, const cJSON *m, const char *key)
{
    if (m == NULL)
        jw_fail(c, obj, "missing required key \"%s\"", key);
    return m != NULL;
}

bool jw_want_object(jw_ctx *c, const cJSON *v, const char *what)
{
    char got[64];
    if (cJSON_IsObject(v))
        return true;
    jw_fail(c, v, "expected %s, got %s", what, jw_describe(c, v, got, sizeof got));
    return false;
}

bool jw_want_array(jw_ctx *c, const cJSON *v, const char *what)
{
    char got[64];
    if (cJSON_IsArray(v))
        return true;
    jw_fail(c, v, "expected %s, got %s", what, jw_describe(c, v, got, sizeof got));
    return false;
}

/* ---- values ---- */

bool jw_string(jw_ctx *c, const cJSON *v, bool nonempty, const char **out)
{
    size_t mark = jw_enter(c, v);
    char got[64];
    bool ok = false;
    if (!cJSON_IsString(v) || v->valuestring == NULL)
        jw_fail(c, v, "expected a string, got %s", jw_describe(c, v, got, sizeof got));
    else if (strlen(v->valuestring) > SCN_MAX_TEXT)
        jw_fail(c, v, "this text is %zu bytes long; the limit is %d bytes", strlen(v->valuestring),
                SCN_MAX_TEXT);
    else if (nonempty && v->valuestring[0] == '\0')
        jw_fail(c, v, "expected a non-empty string, got \"\"");
    else {
        *out = v->valuestring;
        ok = true;
    }
    jw_pop(c, mark);
    return ok;
}

/* The text of number v, or NULL. */
const char *jw_number_text(const jw_ctx *c, const cJSON *v, size_t *len)
{
    size_t off;
    if (!cJSON_IsNumber(v) || !jsonloc_offset(c->loc, v, false, &off))
        return NULL;
    *len = jsonloc_number_len(c->loc, off);
    return jsonloc_text(c->loc) + off;
}

bool jw_int(jw_ctx *c, const cJSON *v, int64_t lo, int64_t hi, int64_t *out)
{
    size_t mark = jw_enter(c, v), len = 0;
    char want[96], got[64];
    if (hi == INT64_MAX)
        snprintf(want, sizeof want, "a whole number of at least %lld", (long long)lo);
    else
        snprintf(want, sizeof want, "a whole number from %lld to %lld", (long long)lo,
                 (long long)hi);
    const char *num = jw_number_text(c, v, &len);
    int64_t val = 0;
    bool whole = false;
    /* a negative number only where the range has some (lo < 0) */
    bool neg = num != NULL && lo < 0 && len > 1 && num[0] == '-';
    int rc = num ? units_parse_decimal(num + neg, len - neg, 0, INT64_MAX, &val, &whole)
                 : SIM_EINVAL;
    if (neg)
        val = -val;
    bool ok = rc == 0 && whole && val >= lo && val <= hi;
    if (ok)
        *out = val;
    else
        jw_fail(c, v, "expected %s, got %s", want, jw_describe(c, v, got, sizeof got));
    jw_pop(c, mark);
    return ok;
}

bool jw_positive(jw_ctx *c, const cJSON *v, double hi, double *out)
{
    size_t mark = jw_enter(c, v);
    char got[64];
    bool ok = cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble > 0 &&
              v->valuedouble <= hi;
    if (ok)
        *out = v->valuedouble;
    else
        jw_fail(c, v, "expected a number above 0 and at most %.0f, got %s", hi,
                jw_describe(c, v, got, sizeof got));
    jw_pop(c, mark);
    return ok;
}

bool jw_bool(jw_ctx *c, const cJSON *v, bool *out)
{
    size_t mark = jw_enter(c, v);
    char got[64];
    bool ok = cJSON_IsBool(v);
    if (ok)
        *out = cJSON_IsTrue(v);
    else
        jw_fail(c, v, "expected true or false, got %s", jw_describe(c, v, got, sizeof got));
    jw_pop(c, mark);
    return ok;
}

bool jw_enum(jw_ctx *c, const cJSON *v, const char *const *names, size_t n, int *out)
{
    size_t mark = jw_enter(c, v);
    size_t i = cJSON_IsString(v) ? jw_find_name(names, n, v->valuestring) : n;
    if (i < n) {
        *out = (int)i;
    } else {
        char list[256], got[64];
        size_t k = 0;
        for (size_t j = 0; j < n && k < sizeof list; j++)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s\"%s\"",
                                  j == 0       ? ""
                                  : j + 1 == n ? " or "
                                               : ", ",
                                  names[j]);
        jw_fail(c, v, "expected %s%s, got %s", n > 2 ? "one of " : "", list,
                jw_describe(c, v, got, sizeof got));
    }
    jw_pop(c, mark);
    return i < n;
}

/* A constant duration; the path names v already. */
bool jw_schema(jw_ctx *c, const cJSON *root, const cJSON *m, const char *want, const char *what)
{
    char got[64];
    if (!jw_require(c, root, m, "schema"))
        return true;
    if (cJSON_IsString(m) && strcmp(m->valuestring, want) == 0)
        return true;
    size_t mark = jw_enter(c, m);
    jw_fail(c, m, "expected \"%s\", got %s (this version of bistro reads \"%s\" %s)", want,
            jw_describe(c, m, got, sizeof got), want, what);
    jw_pop(c, mark);
    return !cJSON_IsString(m);
}

/* Adds "file:line:col: message" and returns rc (SIM_ENOMEM if the list is full of
 * memory). */
static int parse_problem(diag_list *diags, const char *file, int line, int col, int rc,
                         const char *a, const char *b)
{
    if (diags != NULL && diag_add(diags, file, line, col, NULL, "%s%s", a, b) != 0)
        return SIM_ENOMEM;
    return rc;
}

/* True when the text is UTF-16 (a byte-order mark, or the NUL bytes of ASCII
 * written two bytes a character), which editors on Windows save by default. */
static bool looks_utf16(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
        return true;
    /* two characters' worth: "{\0\"\0" or "\0{\0\"" */
    return len >= 4 && ((u[0] != 0 && u[1] == 0 && u[2] != 0 && u[3] == 0) ||
                        (u[0] == 0 && u[1] != 0 && u[2] == 0 && u[3] != 0));
}

int jw_parse(const char *file, const char *text, size_t len, diag_list *diags, jsonloc **loc_out,
             cJSON **root_out)
{
    if (looks_utf16(text, len))
        return parse_problem(diags, file, 1, 1, SIM_EINVAL,
                             "the file looks like UTF-16 text; save it as UTF-8", "");
    jsonloc *loc = jsonloc_new(text, len);
    if (loc == NULL)
        return SIM_ENOMEM;
    jsonloc_error jerr;
    int line, col, rc = jsonloc_scan(loc, SCN_MAX_DEPTH, &jerr);
    if (rc == SIM_EINVAL) {
        jsonloc_line_col(loc, jerr.offset, &line, &col);
        jsonloc_free(loc);
        if (jerr.path[0] != '\0')
            return diags != NULL &&
                           diag_add(diags, file, line, col, jerr.path, "%s", jerr.message) != 0
                       ? SIM_ENOMEM
                       : SIM_EINVAL;
        return parse_problem(diags, file, line, col, SIM_EINVAL,
                             jerr.limit ? "" : "invalid JSON: ", jerr.message);
    }
    size_t start = jsonloc_start(loc);
    cJSON *root = rc == 0 ? cJSON_ParseWithLengthOpts(text + start, len - start, NULL, 0) : NULL;
    if (rc == 0 && root == NULL)
        rc = SIM_ENOMEM; /* the scan accepted the text, which cJSON always accepts too */
    if (rc == 0 && (rc = jsonloc_attach(loc, root)) == SIM_EINVAL)
        rc = parse_problem(diags, file, 0, 0, SIM_EINVAL,
                           "internal error: cJSON and bistro's "
                           "scanner read this file differently; please report it",
                           "");
    if (rc != 0) {
        cJSON_Delete(root);
        jsonloc_free(loc);
        return rc;
    }
    *loc_out = loc;
    *root_out = root;
    return 0;
}
