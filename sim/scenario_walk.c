/* scenario_walk.c - the path stack, problem reporting and value readers that the
 * scenario loader walks a file with (scenario_walk.h).
 *
 * Numbers are read from their text, not from cJSON's double: integers exactly
 * (so 9007199254740993 is not silently 9007199254740992) and durations exactly
 * (so 0.1 ms is 100000 ns). cJSON's valueint is never read: it saturates.
 */
#include "scenario_walk.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "error.h"
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
static size_t push_segment(scn__ctx *c, const char *seg)
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

size_t scn__push_key(scn__ctx *c, const char *key)
{
    char seg[SCN__KEY_SHOWN + 24];
    if (strlen(key) <= SCN__KEY_SHOWN && is_plain_key(key)) {
        snprintf(seg, sizeof seg, ".%s", key);
    } else {
        char q[SCN__KEY_SHOWN + 16];
        snprintf(seg, sizeof seg, "[%s]", scn__quote(key, q, sizeof q));
    }
    return push_segment(c, seg);
}

size_t scn__push_index(scn__ctx *c, size_t i)
{
    char seg[32];
    snprintf(seg, sizeof seg, "[%zu]", i);
    return push_segment(c, seg);
}

void scn__pop(scn__ctx *c, size_t mark)
{
    c->plen = mark;
    c->path[mark] = '\0';
}

size_t scn__enter(scn__ctx *c, const cJSON *v)
{
    return v->string != NULL ? scn__push_key(c, v->string) : c->plen;
}

/* ---- problems ---- */

static void add_problem(scn__ctx *c, const cJSON *v, bool key, const char *fmt, va_list ap)
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

void scn__fail(scn__ctx *c, const cJSON *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem(c, v, false, fmt, ap);
    va_end(ap);
}

void scn__fail_key(scn__ctx *c, const cJSON *v, const char *fmt, ...)
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

const char *scn__quote(const char *s, char *buf, size_t size)
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

const char *scn__describe(const scn__ctx *c, const cJSON *v, char *buf, size_t size)
{
    size_t off;
    if (cJSON_IsString(v))
        return scn__quote(v->valuestring ? v->valuestring : "", buf, size);
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

void *scn__calloc(scn__ctx *c, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL)
        c->err = SIM_ENOMEM;
    return p;
}

char *scn__strdup(scn__ctx *c, const char *s)
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

static size_t find_name(const char *const *names, size_t n, const char *s)
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

void scn__members(scn__ctx *c, const cJSON *obj, const char *const *keys, size_t nkeys,
                  const cJSON **found, const char *const *quiet, size_t nquiet)
{
    for (size_t i = 0; i < nkeys; i++)
        found[i] = NULL;
    for (const cJSON *m = obj->child; m != NULL; m = m->next) {
        char q[SCN__KEY_SHOWN + 16];
        size_t i = find_name(keys, nkeys, m->string);
        if (i < nkeys && found[i] == NULL) {
            found[i] = m;
        } else if (i < nkeys) {
            size_t off;
            int line = 0, col = 0;
            if (jsonloc_offset(c->loc, found[i], true, &off))
                jsonloc_line_col(c->loc, off, &line, &col);
            scn__fail_key(c, m, "duplicate key %s (first given at line %d)",
                          scn__quote(m->string, q, sizeof q), line);
        } else if (find_name(quiet, nquiet, m->string) == nquiet) {
            char list[512];
            join_names(keys, nkeys, list, sizeof list);
            scn__fail_key(c, m, "unknown key %s (expected one of: %s)",
                          scn__quote(m->string, q, sizeof q), list);
        }
    }
}

bool scn__require(scn__ctx *c, const cJSON *obj, const cJSON *m, const char *key)
{
    if (m == NULL)
        scn__fail(c, obj, "missing required key \"%s\"", key);
    return m != NULL;
}

bool scn__want_object(scn__ctx *c, const cJSON *v, const char *what)
{
    char got[64];
    if (cJSON_IsObject(v))
        return true;
    scn__fail(c, v, "expected %s, got %s", what, scn__describe(c, v, got, sizeof got));
    return false;
}

bool scn__want_array(scn__ctx *c, const cJSON *v, const char *what)
{
    char got[64];
    if (cJSON_IsArray(v))
        return true;
    scn__fail(c, v, "expected %s, got %s", what, scn__describe(c, v, got, sizeof got));
    return false;
}

/* ---- values ---- */

bool scn__string(scn__ctx *c, const cJSON *v, bool nonempty, const char **out)
{
    size_t mark = scn__enter(c, v);
    char got[64];
    bool ok = false;
    if (!cJSON_IsString(v) || v->valuestring == NULL)
        scn__fail(c, v, "expected a string, got %s", scn__describe(c, v, got, sizeof got));
    else if (strlen(v->valuestring) > SCN_MAX_TEXT)
        scn__fail(c, v, "this text is %zu bytes long; the limit is %d bytes",
                  strlen(v->valuestring), SCN_MAX_TEXT);
    else if (nonempty && v->valuestring[0] == '\0')
        scn__fail(c, v, "expected a non-empty string, got \"\"");
    else {
        *out = v->valuestring;
        ok = true;
    }
    scn__pop(c, mark);
    return ok;
}

/* The text of number v, or NULL. */
static const char *number_text(const scn__ctx *c, const cJSON *v, size_t *len)
{
    size_t off;
    if (!cJSON_IsNumber(v) || !jsonloc_offset(c->loc, v, false, &off))
        return NULL;
    *len = jsonloc_number_len(c->loc, off);
    return jsonloc_text(c->loc) + off;
}

bool scn__int(scn__ctx *c, const cJSON *v, int64_t lo, int64_t hi, int64_t *out)
{
    size_t mark = scn__enter(c, v), len = 0;
    char want[96], got[64];
    if (hi == INT64_MAX)
        snprintf(want, sizeof want, "a whole number of at least %lld", (long long)lo);
    else
        snprintf(want, sizeof want, "a whole number from %lld to %lld", (long long)lo,
                 (long long)hi);
    const char *num = number_text(c, v, &len);
    int64_t val = 0;
    bool whole = false;
    int rc = num ? units_parse_decimal(num, len, 0, INT64_MAX, &val, &whole) : SIM_EINVAL;
    bool ok = rc == 0 && whole && val >= lo && val <= hi;
    if (ok)
        *out = val;
    else
        scn__fail(c, v, "expected %s, got %s", want, scn__describe(c, v, got, sizeof got));
    scn__pop(c, mark);
    return ok;
}

bool scn__positive(scn__ctx *c, const cJSON *v, double hi, double *out)
{
    size_t mark = scn__enter(c, v);
    char got[64];
    bool ok = cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble > 0 &&
              v->valuedouble <= hi;
    if (ok)
        *out = v->valuedouble;
    else
        scn__fail(c, v, "expected a number above 0 and at most %.0f, got %s", hi,
                  scn__describe(c, v, got, sizeof got));
    scn__pop(c, mark);
    return ok;
}

bool scn__bool(scn__ctx *c, const cJSON *v, bool *out)
{
    size_t mark = scn__enter(c, v);
    char got[64];
    bool ok = cJSON_IsBool(v);
    if (ok)
        *out = cJSON_IsTrue(v);
    else
        scn__fail(c, v, "expected true or false, got %s", scn__describe(c, v, got, sizeof got));
    scn__pop(c, mark);
    return ok;
}

bool scn__enum(scn__ctx *c, const cJSON *v, const char *const *names, size_t n, int *out)
{
    size_t mark = scn__enter(c, v);
    size_t i = cJSON_IsString(v) ? find_name(names, n, v->valuestring) : n;
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
        scn__fail(c, v, "expected %s%s, got %s", n > 2 ? "one of " : "", list,
                  scn__describe(c, v, got, sizeof got));
    }
    scn__pop(c, mark);
    return i < n;
}

/* A constant duration; the path names v already. */
static bool duration_value(scn__ctx *c, const cJSON *v, int64_t min, int64_t *ns)
{
    char got[64], lim[32], low[32];
    size_t len = 0;
    const char *num = number_text(c, v, &len);
    int rc = cJSON_IsString(v) ? units_parse_duration(v->valuestring, ns)
             : num != NULL     ? units_parse_ms(num, len, ns)
                               : SIM_EINVAL;
    scn__describe(c, v, got, sizeof got);
    units_format_duration(SCN_MAX_DURATION_NS, lim, sizeof lim);
    if (rc == SIM_EOVERFLOW)
        scn__fail(c, v, "the duration %s%s is longer than the limit of %s", got,
                  cJSON_IsNumber(v) ? " ms" : "", lim);
    else if (rc != 0 && cJSON_IsString(v))
        scn__fail(c, v, "expected a duration like \"5ms\" (units: ns, us, ms, s), got %s", got);
    else if (rc != 0)
        scn__fail(c, v, "expected a duration like \"5ms\", got %s%s", got,
                  cJSON_IsObject(v) ? " (a distribution is not allowed here)" : "");
    else if (*ns < min && min == 1)
        scn__fail(c, v, "expected a duration above 0, got %s", got);
    else if (*ns < min)
        scn__fail(c, v, "expected a duration of at least %s, got %s",
                  (units_format_duration(min, low, sizeof low), low), got);
    return rc == 0 && *ns >= min;
}

bool scn__duration(scn__ctx *c, const cJSON *v, int64_t min, int64_t *ns)
{
    size_t mark = scn__enter(c, v);
    bool ok = duration_value(c, v, min, ns);
    scn__pop(c, mark);
    return ok;
}

/* [A, B] of two constant durations; the path names v already. */
static bool duration_pair(scn__ctx *c, const cJSON *v, const char *form, int64_t *a, int64_t *b)
{
    char what[96];
    snprintf(what, sizeof what, "%s, a list of two durations", form);
    if (!scn__want_array(c, v, what))
        return false;
    if (cJSON_GetArraySize(v) != 2) {
        scn__fail(c, v, "expected %s, got a list of %d", what, cJSON_GetArraySize(v));
        return false;
    }
    bool ok = true;
    size_t mark = scn__push_index(c, 0);
    ok &= duration_value(c, v->child, 0, a);
    scn__pop(c, mark);
    mark = scn__push_index(c, 1);
    ok &= duration_value(c, v->child->next, 0, b);
    scn__pop(c, mark);
    return ok;
}

/* The one member of a distribution object; the path names m already. */
static bool dist_member(scn__ctx *c, const cJSON *m, int kind, scn_dist *out)
{
    static const char *const forms[] = {"", "[LOW, HIGH]", "[MEAN, SD]", "[MEAN, SD]"};
    char x[32], y[32];
    out->kind = (scn_dist_kind)(SCN_DIST_EXP + kind);
    if (kind == 0)
        return duration_value(c, m, 0, &out->a);
    if (!duration_pair(c, m, forms[kind], &out->a, &out->b))
        return false;
    if (out->kind == SCN_DIST_UNIFORM && out->a > out->b) {
        units_format_duration(out->a, x, sizeof x);
        units_format_duration(out->b, y, sizeof y);
        scn__fail(c, m, "the low end %s is above the high end %s", x, y);
        return false;
    }
    if (out->kind == SCN_DIST_LOGNORMAL && out->a == 0) {
        size_t mark = scn__push_index(c, 0);
        scn__fail(c, m->child, "the mean of a lognormal must be above 0");
        scn__pop(c, mark);
        return false;
    }
    return true;
}

static bool dist_object(scn__ctx *c, const cJSON *v, scn_dist *out)
{
    static const char *const names[] = {"exp", "uniform", "normal", "lognormal"};
    char q[SCN__KEY_SHOWN + 16], q2[SCN__KEY_SHOWN + 16];
    const cJSON *m = v->child;
    if (m == NULL) {
        scn__fail(c, v,
                  "expected a distribution with one key (exp, uniform, normal or "
                  "lognormal), got an empty object");
        return false;
    }
    bool ok = true;
    if (m->next != NULL) {
        scn__fail_key(c, m->next, "a distribution has exactly one key, got both %s and %s",
                      scn__quote(m->string, q, sizeof q),
                      scn__quote(m->next->string, q2, sizeof q2));
        ok = false;
    }
    size_t kind = find_name(names, 4, m->string);
    if (kind == 4) {
        scn__fail_key(c, m,
                      "unknown distribution %s (expected one of: exp, uniform, normal, "
                      "lognormal)",
                      scn__quote(m->string, q, sizeof q));
        return false;
    }
    size_t mark = scn__enter(c, m);
    ok &= dist_member(c, m, (int)kind, out);
    scn__pop(c, mark);
    return ok;
}

bool scn__dist(scn__ctx *c, const cJSON *v, scn_dist *out)
{
    size_t mark = scn__enter(c, v);
    bool ok;
    char got[64];
    memset(out, 0, sizeof *out);
    if (cJSON_IsObject(v)) {
        ok = dist_object(c, v, out);
    } else if (cJSON_IsString(v) || cJSON_IsNumber(v)) {
        out->kind = SCN_DIST_CONST;
        ok = duration_value(c, v, 0, &out->a);
    } else {
        scn__fail(c, v,
                  "expected a duration like \"5ms\" or a distribution like "
                  "{\"exp\": \"5ms\"}, got %s",
                  scn__describe(c, v, got, sizeof got));
        ok = false;
    }
    scn__pop(c, mark);
    return ok;
}

bool scn__size(scn__ctx *c, const cJSON *v, int64_t *bytes)
{
    size_t mark = scn__enter(c, v), len = 0;
    char got[64], lim[32];
    bool whole = true;
    const char *num = number_text(c, v, &len);
    int rc = cJSON_IsString(v) ? units_parse_size(v->valuestring, bytes)
             : num != NULL     ? units_parse_decimal(num, len, 0, UNITS_MAX_BYTES, bytes, &whole)
                               : SIM_EINVAL;
    scn__describe(c, v, got, sizeof got);
    if (rc == SIM_EOVERFLOW)
        scn__fail(c, v, "the size %s is larger than the limit of %s", got,
                  (units_format_size(UNITS_MAX_BYTES, lim, sizeof lim), lim));
    else if (rc != 0 || !whole)
        scn__fail(c, v,
                  "expected a size like \"8MiB\" (units: B, KB, MB, GB, KiB, MiB, GiB) "
                  "or a whole number of bytes, got %s",
                  got);
    scn__pop(c, mark);
    return rc == 0 && whole;
}

bool scn__schema(scn__ctx *c, const cJSON *root, const cJSON *m, const char *want, const char *what)
{
    char got[64];
    if (!scn__require(c, root, m, "schema"))
        return true;
    if (cJSON_IsString(m) && strcmp(m->valuestring, want) == 0)
        return true;
    size_t mark = scn__enter(c, m);
    scn__fail(c, m, "expected \"%s\", got %s (this version of bistro reads \"%s\" %s)", want,
              scn__describe(c, m, got, sizeof got), want, what);
    scn__pop(c, mark);
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

int scn__parse(const char *file, const char *text, size_t len, diag_list *diags, jsonloc **loc_out,
               cJSON **root_out)
{
    jsonloc *loc = jsonloc_new(text, len);
    if (loc == NULL)
        return SIM_ENOMEM;
    jsonloc_error jerr;
    int line, col, rc = jsonloc_scan(loc, SCN_MAX_DEPTH, &jerr);
    if (rc == SIM_EINVAL) {
        jsonloc_line_col(loc, jerr.offset, &line, &col);
        jsonloc_free(loc);
        return parse_problem(diags, file, line, col, SIM_EINVAL,
                             jerr.depth_limit ? "" : "invalid JSON: ", jerr.message);
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
