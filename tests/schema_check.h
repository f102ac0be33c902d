/* schema_check.h - a small JSON Schema (draft 2020-12) validator for tests/test_schema.c.
 *
 * It knows exactly the keywords that docs/scenario.schema.json uses, so that the test
 * can check the schema without Python or a network:
 *   $ref (to "#" or "#/$defs/NAME"), type (a name or a list), const, enum, required,
 *   properties, additionalProperties, propertyNames, minProperties, maxProperties,
 *   items, minItems, maxItems, uniqueItems, minLength, maxLength (in characters), pattern (POSIX
 *   extended regular expressions: the schema keeps its patterns in the part of
 *   ECMA-262 that means the same there), minimum, maximum, exclusiveMinimum,
 *   exclusiveMaximum, allOf, anyOf, oneOf, and the schemas true and false.
 * Annotations ($schema, $id, $comment, $defs, title, description, default, examples)
 * are skipped. Any other keyword makes the schema "broken": the validator refuses to
 * pass a value it cannot fully check, and sc_lint finds such keywords everywhere in
 * the schema, so a schema that starts to use a new keyword fails the test until the
 * validator learns it.
 *
 * On failure, sc_validate leaves one message in the context: the failure deepest
 * in the value (for oneOf/anyOf, the alternative that got furthest is usually the
 * one the author meant). Header-only with static functions, since only
 * tests/test_*.c are built as programs.
 */
#ifndef BISTRO_TEST_SCHEMA_CHECK_H
#define BISTRO_TEST_SCHEMA_CHECK_H

#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#define SC_MAX_REGEX 64
#define SC_MAX_NESTING 256 /* schema levels on one path: a $ref loop ends here */

typedef struct {
    char where[600];   /* path of the failing value, "$.workload.request[1]" */
    char why[512];     /* what is wrong with it */
    size_t depth;      /* rank (see sc__fail): deeper failures replace shallower ones */
    bool set;
} sc_failure;

typedef struct {
    const cJSON *root; /* the schema document, which $ref points into */
    sc_failure fail;
    bool broken;       /* the schema itself is at fault: fail.why says how */
    char path[512];
    size_t plen;
    size_t nseg;       /* segments of path after "$" */
    struct {
        const cJSON *node;
        regex_t re;
    } regex[SC_MAX_REGEX];
    size_t nregex;
} sc_ctx;

static void sc_init(sc_ctx *c, const cJSON *schema)
{
    memset(c, 0, sizeof *c);
    c->root = schema;
    strcpy(c->path, "$");
    c->plen = 1;
}

static void sc_free(sc_ctx *c)
{
    for (size_t i = 0; i < c->nregex; i++)
        regfree(&c->regex[i].re);
    c->nregex = 0;
}

static void sc__fail_at(sc_ctx *c, size_t depth, const char *fmt, va_list ap)
{
    if (c->fail.set && c->fail.depth >= depth)
        return;
    vsnprintf(c->fail.why, sizeof c->fail.why, fmt, ap);
    snprintf(c->fail.where, sizeof c->fail.where, "%s", c->path);
    c->fail.depth = depth;
    c->fail.set = true;
}

/* Keeps the failure deepest in the value; the first one at equal depth. A failure
 * of the value at path depth k ranks 2k + 1. */
static void sc__fail(sc_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sc__fail(sc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc__fail_at(c, 2 * c->nseg + 1, fmt, ap);
    va_end(ap);
}

/* A value that is not the one "const" wants means, in this schema, that an
 * alternative of a oneOf does not apply ("model": "threads" in the event_loop
 * alternative), not that the value is wrong. Such a failure ranks below a failure
 * of the object around it (2k - 1), so that a missing key of the alternative that
 * applies, or "matches none", is reported rather than the mismatch. */
static void sc__mismatch(sc_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sc__mismatch(sc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc__fail_at(c, c->nseg > 0 ? 2 * c->nseg - 2 : 0, fmt, ap);
    va_end(ap);
}

/* A fault of the schema: always reported, and validation can no longer pass. */
static void sc__broken(sc_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sc__broken(sc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->fail.why, sizeof c->fail.why, fmt, ap);
    va_end(ap);
    snprintf(c->fail.where, sizeof c->fail.where, "schema, at value %s", c->path);
    c->fail.depth = (size_t)-1;
    c->fail.set = true;
    c->broken = true;
}

/* Appends ".key" for a plain key, ["key"] for any other, or [index]; returns the
 * mark for sc__pop. */
static size_t sc__push(sc_ctx *c, const char *key, size_t index)
{
    size_t mark = c->plen, room = sizeof c->path - c->plen;
    bool plain = key != NULL && key[0] != '\0' &&
                 strspn(key, "abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(key);
    int n = key == NULL ? snprintf(c->path + c->plen, room, "[%zu]", index)
            : plain     ? snprintf(c->path + c->plen, room, ".%s", key)
                        : snprintf(c->path + c->plen, room, "[\"%s\"]", key);
    if (n > 0 && (size_t)n < room)
        c->plen += (size_t)n;
    c->path[c->plen] = '\0';
    c->nseg++;
    return mark;
}

static void sc__pop(sc_ctx *c, size_t mark)
{
    c->nseg--;
    c->plen = mark;
    c->path[mark] = '\0';
}

/* ---- small helpers ---- */

static const char *sc__type_name(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return "object";
    if (cJSON_IsArray(v))
        return "array";
    if (cJSON_IsString(v))
        return "string";
    if (cJSON_IsNumber(v))
        return "number";
    if (cJSON_IsBool(v))
        return "boolean";
    return "null";
}

static bool sc__is_integer(const cJSON *v)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && floor(v->valuedouble) == v->valuedouble;
}

static bool sc__has_type(const cJSON *v, const char *t)
{
    if (strcmp(t, "integer") == 0)
        return sc__is_integer(v);
    return strcmp(t, sc__type_name(v)) == 0;
}

/* Characters (code points) of a UTF-8 string: bytes that do not continue one. */
static size_t sc__chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool sc__nonneg_int(sc_ctx *c, const cJSON *k, size_t *out)
{
    if (!sc__is_integer(k) || k->valuedouble < 0) {
        sc__broken(c, "\"%s\" must be a non-negative integer", k->string);
        return false;
    }
    *out = (size_t)k->valuedouble;
    return true;
}

/* The schema a "$ref" names: "#" or a JSON pointer "#/a/b" without escapes. */
static const cJSON *sc__resolve(sc_ctx *c, const char *ref)
{
    if (ref == NULL || ref[0] != '#' || strchr(ref, '~') != NULL)
        return NULL;
    const cJSON *node = c->root;
    const char *p = ref + 1;
    while (node != NULL && *p == '/') {
        char seg[128];
        size_t n = strcspn(p + 1, "/");
        if (n >= sizeof seg)
            return NULL;
        memcpy(seg, p + 1, n);
        seg[n] = '\0';
        node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, seg) : NULL;
        p += 1 + n;
    }
    return *p == '\0' ? node : NULL;
}

/* The compiled "pattern" member k, compiled once per schema node. */
static const regex_t *sc__regex(sc_ctx *c, const cJSON *k)
{
    for (size_t i = 0; i < c->nregex; i++)
        if (c->regex[i].node == k)
            return &c->regex[i].re;
    if (!cJSON_IsString(k) || c->nregex == SC_MAX_REGEX ||
        regcomp(&c->regex[c->nregex].re, k->valuestring, REG_EXTENDED | REG_NOSUB) != 0) {
        sc__broken(c, "pattern %s does not compile as a POSIX extended regex",
                   cJSON_IsString(k) ? k->valuestring : "(not a string)");
        return NULL;
    }
    c->regex[c->nregex].node = k;
    return &c->regex[c->nregex++].re;
}

static bool sc__check(sc_ctx *c, const cJSON *s, const cJSON *v, int nest);

/* ---- keywords, grouped by the kind of value they look at ---- */

static bool sc__is_type_name(const cJSON *t)
{
    static const char *const types[] = {"object",  "array",   "string", "number",
                                        "integer", "boolean", "null"};
    for (size_t i = 0; cJSON_IsString(t) && i < sizeof types / sizeof *types; i++)
        if (strcmp(t->valuestring, types[i]) == 0)
            return true;
    return false;
}

/* "type": one name or a list of names. */
static bool sc__type(sc_ctx *c, const cJSON *k, const cJSON *v)
{
    const cJSON *t = cJSON_IsArray(k) ? k->child : k;
    bool match = false;
    for (; t != NULL; t = cJSON_IsArray(k) ? t->next : NULL) {
        if (!sc__is_type_name(t)) {
            sc__broken(c, "\"type\" must name JSON Schema types");
            return false;
        }
        match = match || sc__has_type(v, t->valuestring);
    }
    if (!match)
        sc__fail(c, "wrong type: %s", sc__type_name(v));
    return match;
}

static bool sc__enum(sc_ctx *c, const cJSON *k, const cJSON *v)
{
    if (!cJSON_IsArray(k)) {
        sc__broken(c, "\"enum\" must be a list");
        return false;
    }
    for (const cJSON *e = k->child; e != NULL; e = e->next)
        if (cJSON_Compare(e, v, true))
            return true;
    sc__fail(c, "not one of the values of \"enum\"");
    return false;
}

static bool sc__required(sc_ctx *c, const cJSON *k, const cJSON *v)
{
    if (!cJSON_IsArray(k)) {
        sc__broken(c, "\"required\" must be a list");
        return false;
    }
    if (!cJSON_IsObject(v))
        return true;
    for (const cJSON *r = k->child; r != NULL; r = r->next) {
        if (!cJSON_IsString(r)) {
            sc__broken(c, "\"required\" lists a non-string");
            return false;
        }
        if (cJSON_GetObjectItemCaseSensitive(v, r->valuestring) == NULL) {
            sc__fail(c, "missing required key \"%s\"", r->valuestring);
            return false;
        }
    }
    return true;
}

/* properties, additionalProperties, propertyNames for each member of object v. */
static bool sc__members(sc_ctx *c, const cJSON *s, const cJSON *v, int nest)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(s, "properties");
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(s, "additionalProperties");
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(s, "propertyNames");
    if (props != NULL && !cJSON_IsObject(props)) {
        sc__broken(c, "\"properties\" must be an object");
        return false;
    }
    for (const cJSON *m = v->child; m != NULL; m = m->next) {
        const cJSON *sub = props != NULL ? cJSON_GetObjectItemCaseSensitive(props, m->string)
                                         : NULL;
        size_t mark = sc__push(c, m->string, 0);
        bool ok = true;
        if (names != NULL) {
            cJSON *key = cJSON_CreateString(m->string);
            ok = key != NULL && sc__check(c, names, key, nest + 1);
            cJSON_Delete(key);
        }
        if (ok && sub != NULL)
            ok = sc__check(c, sub, m, nest + 1);
        else if (ok && extra != NULL) {
            if (cJSON_IsFalse(extra))
                sc__fail(c, "unknown key \"%s\"", m->string);
            ok = !cJSON_IsFalse(extra) && sc__check(c, extra, m, nest + 1);
        }
        sc__pop(c, mark);
        if (!ok)
            return false;
    }
    return true;
}

/* n (keys, items or characters, named by `what`) within the bounds s gives with
 * the keywords lo and hi. */
static bool sc__within(sc_ctx *c, const cJSON *s, const char *lo, const char *hi, size_t n,
                       const char *what)
{
    const char *const keys[2] = {lo, hi};
    for (int i = 0; i < 2; i++) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(s, keys[i]);
        size_t lim = 0;
        if (k == NULL)
            continue;
        if (!sc__nonneg_int(c, k, &lim))
            return false;
        if (i == 0 ? n < lim : n > lim) {
            sc__fail(c, "%zu %s; at %s %zu wanted", n, what, i == 0 ? "least" : "most", lim);
            return false;
        }
    }
    return true;
}

static bool sc__array(sc_ctx *c, const cJSON *s, const cJSON *v, int nest)
{
    if (!sc__within(c, s, "minItems", "maxItems", (size_t)cJSON_GetArraySize(v), "items"))
        return false;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(s, "items");
    size_t i = 0;
    for (const cJSON *e = v->child; items != NULL && e != NULL; e = e->next, i++) {
        size_t mark = sc__push(c, NULL, i);
        bool ok = sc__check(c, items, e, nest + 1);
        sc__pop(c, mark);
        if (!ok)
            return false;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "uniqueItems")))
        for (const cJSON *a = v->child; a != NULL; a = a->next)
            for (const cJSON *b = a->next; b != NULL; b = b->next)
                if (cJSON_Compare(a, b, true)) {
                    sc__fail(c, "an item appears twice; the items must be unique");
                    return false;
                }
    return true;
}

static bool sc__string(sc_ctx *c, const cJSON *s, const cJSON *v)
{
    if (!sc__within(c, s, "minLength", "maxLength", sc__chars(v->valuestring), "characters"))
        return false;
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(s, "pattern");
    if (k == NULL)
        return true;
    const regex_t *re = sc__regex(c, k);
    if (re == NULL)
        return false;
    if (regexec(re, v->valuestring, 0, NULL, 0) != 0) {
        sc__fail(c, "\"%s\" does not match %s", v->valuestring, k->valuestring);
        return false;
    }
    return true;
}

static bool sc__number(sc_ctx *c, const cJSON *s, const cJSON *v)
{
    static const char *const names[] = {"minimum", "maximum", "exclusiveMinimum",
                                        "exclusiveMaximum"};
    double x = v->valuedouble;
    for (int i = 0; i < 4; i++) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(s, names[i]);
        if (k == NULL)
            continue;
        if (!cJSON_IsNumber(k)) {
            sc__broken(c, "\"%s\" must be a number", names[i]);
            return false;
        }
        double b = k->valuedouble;
        bool ok = i == 0 ? x >= b : i == 1 ? x <= b : i == 2 ? x > b : x < b;
        if (!ok) {
            sc__fail(c, "%.17g is outside %s %.17g", x, names[i], b);
            return false;
        }
    }
    return true;
}

/* allOf, anyOf, oneOf. A passing anyOf/oneOf forgets the failures of the
 * alternatives it tried, so they cannot be reported for a later problem. */
static bool sc__combine(sc_ctx *c, const cJSON *k, const cJSON *v, int nest)
{
    if (!cJSON_IsArray(k) || k->child == NULL) {
        sc__broken(c, "\"%s\" must be a non-empty list", k->string);
        return false;
    }
    bool all = strcmp(k->string, "allOf") == 0, one = strcmp(k->string, "oneOf") == 0;
    sc_failure before = c->fail;
    size_t passed = 0;
    for (const cJSON *alt = k->child; alt != NULL; alt = alt->next) {
        bool ok = sc__check(c, alt, v, nest + 1);
        if (c->broken)
            return false;
        if (all && !ok)
            return false;
        passed += ok;
    }
    if (all)
        return true;
    if (passed == 1 || (!one && passed > 1)) {
        c->fail = before;
        return true;
    }
    if (passed > 1) {
        c->fail = before;
        sc__fail(c, "matches %zu alternatives of \"oneOf\"; exactly one wanted", passed);
    } else {
        sc__fail(c, "matches none of the alternatives of \"%s\"", k->string);
    }
    return false;
}

/* ---- one schema against one value ---- */

static bool sc__known(const char *key)
{
    static const char *const skipped[] = {"$schema", "$id",         "$comment", "$defs",
                                          "title",   "description", "default",  "examples"};
    static const char *const checked[] = {"$ref",
                                          "type",
                                          "const",
                                          "enum",
                                          "required",
                                          "properties",
                                          "additionalProperties",
                                          "propertyNames",
                                          "minProperties",
                                          "maxProperties",
                                          "items",
                                          "minItems",
                                          "maxItems",
                                          "uniqueItems",
                                          "minLength",
                                          "maxLength",
                                          "pattern",
                                          "minimum",
                                          "maximum",
                                          "exclusiveMinimum",
                                          "exclusiveMaximum",
                                          "allOf",
                                          "anyOf",
                                          "oneOf"};
    for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
        if (strcmp(key, skipped[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof checked / sizeof *checked; i++)
        if (strcmp(key, checked[i]) == 0)
            return true;
    return false;
}

/* The keywords that look at the value as a whole; they go first, so that an
 * alternative of a oneOf that does not fit fails before its members are walked. */
static bool sc__whole(sc_ctx *c, const cJSON *s, const cJSON *v, int nest)
{
    const cJSON *k;
    for (k = s->child; k != NULL; k = k->next)
        if (!sc__known(k->string)) {
            sc__broken(c, "unknown keyword \"%s\"", k->string);
            return false;
        }
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "type")) != NULL && !sc__type(c, k, v))
        return false;
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "const")) != NULL && !cJSON_Compare(k, v, true)) {
        sc__mismatch(c, "not the value of \"const\"");
        return false;
    }
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "enum")) != NULL && !sc__enum(c, k, v))
        return false;
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "required")) != NULL && !sc__required(c, k, v))
        return false;
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "$ref")) != NULL) {
        const cJSON *target = sc__resolve(c, cJSON_IsString(k) ? k->valuestring : NULL);
        if (target == NULL) {
            sc__broken(c, "\"$ref\" %s does not resolve", cJSON_IsString(k) ? k->valuestring : "");
            return false;
        }
        if (!sc__check(c, target, v, nest + 1))
            return false;
    }
    return true;
}

static bool sc__check(sc_ctx *c, const cJSON *s, const cJSON *v, int nest)
{
    if (c->broken)
        return false;
    if (nest > SC_MAX_NESTING) {
        sc__broken(c, "schemas nested deeper than %d levels (a $ref loop?)", SC_MAX_NESTING);
        return false;
    }
    if (cJSON_IsBool(s)) {
        if (cJSON_IsFalse(s))
            sc__fail(c, "the schema false allows nothing");
        return cJSON_IsTrue(s);
    }
    if (!cJSON_IsObject(s)) {
        sc__broken(c, "a schema must be an object or a boolean");
        return false;
    }
    if (!sc__whole(c, s, v, nest))
        return false;
    bool ok = cJSON_IsObject(v) ? sc__within(c, s, "minProperties", "maxProperties",
                                             (size_t)cJSON_GetArraySize(v), "keys") &&
                                      sc__members(c, s, v, nest)
              : cJSON_IsArray(v)  ? sc__array(c, s, v, nest)
              : cJSON_IsString(v) ? sc__string(c, s, v)
              : cJSON_IsNumber(v) ? sc__number(c, s, v)
                                  : true;
    static const char *const combinators[] = {"allOf", "anyOf", "oneOf"};
    for (int i = 0; ok && i < 3; i++) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(s, combinators[i]);
        if (k != NULL)
            ok = sc__combine(c, k, v, nest);
    }
    return ok && !c->broken;
}

/* True when `v` is valid against the whole schema. Otherwise c->fail tells where
 * and why; c->broken when the schema itself is at fault. */
static bool sc_validate(sc_ctx *c, const cJSON *v)
{
    memset(&c->fail, 0, sizeof c->fail);
    strcpy(c->path, "$");
    c->plen = 1;
    c->nseg = 0;
    return sc__check(c, c->root, v, 0);
}

/* ---- the schema itself ---- */

/* The values of the keywords of s have the form the keyword needs. */
static bool sc__lint_values(sc_ctx *c, const cJSON *s)
{
    static const char *const counts[] = {"minProperties", "maxProperties", "minItems",
                                         "maxItems",      "minLength",     "maxLength"};
    static const char *const bounds[] = {"minimum", "maximum", "exclusiveMinimum",
                                         "exclusiveMaximum"};
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(s, "type");
    size_t lim;
    if (k != NULL) {
        const cJSON *t = cJSON_IsArray(k) ? k->child : k;
        for (; t != NULL; t = cJSON_IsArray(k) ? t->next : NULL)
            if (!sc__is_type_name(t)) {
                sc__broken(c, "\"type\" must name JSON Schema types");
                return false;
            }
    }
    for (int i = 0; i < 6; i++)
        if ((k = cJSON_GetObjectItemCaseSensitive(s, counts[i])) != NULL &&
            !sc__nonneg_int(c, k, &lim))
            return false;
    for (int i = 0; i < 4; i++)
        if ((k = cJSON_GetObjectItemCaseSensitive(s, bounds[i])) != NULL && !cJSON_IsNumber(k)) {
            sc__broken(c, "\"%s\" must be a number", bounds[i]);
            return false;
        }
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "required")) != NULL) {
        bool ok = cJSON_IsArray(k);
        for (const cJSON *r = ok ? k->child : NULL; r != NULL; r = r->next)
            ok = ok && cJSON_IsString(r);
        if (!ok) {
            sc__broken(c, "\"required\" must be a list of strings");
            return false;
        }
    }
    return true;
}

/* Checks every subschema reachable from s (through properties, $defs, items,
 * additionalProperties, propertyNames, allOf/anyOf/oneOf): only known keywords,
 * each with a value of the right form, every $ref resolves, every pattern compiles.
 * A loop of $refs is found by sc_validate only. */
static bool sc__lint(sc_ctx *c, const cJSON *s, int nest)
{
    static const char *const maps[] = {"properties", "$defs"};
    static const char *const subs[] = {"items", "additionalProperties", "propertyNames"};
    static const char *const lists[] = {"allOf", "anyOf", "oneOf"};
    if (cJSON_IsBool(s))
        return true;
    if (!cJSON_IsObject(s) || nest > SC_MAX_NESTING) {
        sc__broken(c, "a schema must be an object or a boolean");
        return false;
    }
    const cJSON *k;
    for (k = s->child; k != NULL; k = k->next)
        if (!sc__known(k->string)) {
            sc__broken(c, "unknown keyword \"%s\"", k->string);
            return false;
        }
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "$ref")) != NULL &&
        sc__resolve(c, cJSON_IsString(k) ? k->valuestring : NULL) == NULL) {
        sc__broken(c, "\"$ref\" %s does not resolve", cJSON_IsString(k) ? k->valuestring : "");
        return false;
    }
    if ((k = cJSON_GetObjectItemCaseSensitive(s, "pattern")) != NULL && sc__regex(c, k) == NULL)
        return false;
    bool ok = sc__lint_values(c, s);
    for (int i = 0; i < 2; i++)
        if ((k = cJSON_GetObjectItemCaseSensitive(s, maps[i])) != NULL)
            for (const cJSON *m = k->child; ok && m != NULL; m = m->next)
                ok = sc__lint(c, m, nest + 1);
    for (int i = 0; i < 3; i++)
        if (ok && (k = cJSON_GetObjectItemCaseSensitive(s, subs[i])) != NULL)
            ok = sc__lint(c, k, nest + 1);
    for (int i = 0; i < 3; i++)
        if ((k = cJSON_GetObjectItemCaseSensitive(s, lists[i])) != NULL)
            for (const cJSON *m = k->child; ok && m != NULL; m = m->next)
                ok = sc__lint(c, m, nest + 1);
    return ok;
}

static bool sc_lint(sc_ctx *c)
{
    memset(&c->fail, 0, sizeof c->fail);
    return sc__lint(c, c->root, 0);
}

#endif
