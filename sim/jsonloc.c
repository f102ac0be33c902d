/* jsonloc.c - a strict JSON scanner that records where every value is (jsonloc.h).
 *
 * The scanner is iterative with a fixed stack, so hostile nesting costs neither
 * C stack nor memory; it stops at the first problem, as any JSON parser must,
 * and explains it. Offsets are kept as 32-bit numbers: scenario files are limited
 * to a few MiB, and the index then costs 8 bytes per value plus 16 per pair.
 */
#include "jsonloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define JSONLOC__NO_KEY UINT32_MAX
#define JSONLOC__MAX_STACK 256 /* the deepest max_depth honoured */
#define JSONLOC__MAX_NUMBER 63 /* cJSON copies at most 63 bytes of a number */
#define JSONLOC__KEY_SHOWN 40  /* bytes of a key shown in a path */

typedef struct {
    const cJSON *node;
    uint32_t index;
} jsonloc__pair;

struct jsonloc {
    const unsigned char *text;
    size_t len, start;
    uint32_t *lines; /* offset where each line starts */
    size_t nlines;
    uint32_t *val, *key; /* per scanned value, in document order */
    size_t n, cap;
    jsonloc__pair *pairs; /* sorted by node address */
    size_t npairs;
};

typedef struct {
    unsigned char close; /* '}' or ']' */
    uint32_t open;       /* offset of the opening bracket */
    uint32_t member;     /* an object: offset of the current member's key */
    uint32_t index;      /* an array: the current item */
} jsonloc__frame;

typedef struct {
    jsonloc *loc;
    const unsigned char *s;
    size_t len, pos;
    jsonloc_error *err;
    jsonloc__frame stack[JSONLOC__MAX_STACK];
    int depth, max_depth;
} jsonloc__scanner;

jsonloc *jsonloc_new(const char *text, size_t len)
{
    if (len >= UINT32_MAX)
        return NULL;
    jsonloc *loc = calloc(1, sizeof *loc);
    if (loc == NULL)
        return NULL;
    loc->text = (const unsigned char *)text;
    loc->len = len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        loc->start = 3;
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++)
        nlines += text[i] == '\n';
    loc->lines = malloc(nlines * sizeof *loc->lines);
    if (loc->lines == NULL) {
        free(loc);
        return NULL;
    }
    loc->lines[loc->nlines++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            loc->lines[loc->nlines++] = (uint32_t)(i + 1);
    return loc;
}

void jsonloc_free(jsonloc *loc)
{
    if (loc == NULL)
        return;
    free(loc->lines);
    free(loc->val);
    free(loc->key);
    free(loc->pairs);
    free(loc);
}

const char *jsonloc_text(const jsonloc *loc)
{
    return (const char *)loc->text;
}

size_t jsonloc_start(const jsonloc *loc)
{
    return loc->start;
}

void jsonloc_line_col(const jsonloc *loc, size_t offset, int *line, int *col)
{
    size_t lo = 0, hi = loc->nlines; /* the last line start <= offset is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (loc->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = (int)lo + 1;
    *col = (int)(offset - loc->lines[lo]) + 1;
}

size_t jsonloc_number_len(const jsonloc *loc, size_t offset)
{
    size_t n = 0;
    while (offset + n < loc->len && strchr("0123456789+-.eE", loc->text[offset + n]) != NULL &&
           loc->text[offset + n] != '\0')
        n++;
    return n;
}

/* ---- scanning ---- */

static int fail_at(jsonloc__scanner *sc, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(jsonloc__scanner *sc, size_t offset, const char *fmt, ...)
{
    sc->err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->err->message, sizeof sc->err->message, fmt, ap);
    va_end(ap);
    return SIM_EINVAL;
}

/* "'x'" for a printable byte, "byte 0x01" otherwise. */
static const char *describe_byte(unsigned char c, char *buf, size_t n)
{
    if (c >= 0x20 && c < 0x7f)
        snprintf(buf, n, "'%c'", c);
    else
        snprintf(buf, n, "byte 0x%02x", c);
    return buf;
}

static bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The problem at sc->pos, where `expected` was expected, with hints for the
 * mistakes people make most: comments, single quotes, bare words, early end. */
static int fail_unexpected(jsonloc__scanner *sc, const char *expected)
{
    size_t p = sc->pos;
    if (p >= sc->len) {
        if (sc->depth == 0)
            return fail_at(sc, p, "the file ends where %s was expected", expected);
        const jsonloc__frame *f = &sc->stack[sc->depth - 1];
        int line, col;
        jsonloc_line_col(sc->loc, f->open, &line, &col);
        return fail_at(sc, p,
                       "the file ends too early: the %s opened at line %d, col %d is "
                       "never closed (missing '%c')",
                       f->close == '}' ? "object" : "array", line, col, f->close);
    }
    unsigned char c = sc->s[p];
    if (c == '/')
        return fail_at(sc, p, "JSON does not allow comments");
    if (c == '\'')
        return fail_at(sc, p, "JSON strings use double quotes (\"), not single quotes (')");
    if (is_word_char(c) && !(c >= '0' && c <= '9')) {
        size_t n = 0;
        while (p + n < sc->len && n < 24 && is_word_char(sc->s[p + n]))
            n++;
        return fail_at(sc, p,
                       "expected %s, got the bare word %.*s (text must be in double "
                       "quotes; the only bare words are true, false and null)",
                       expected, (int)n, (const char *)sc->s + p);
    }
    char b[16];
    return fail_at(sc, p, "expected %s, got %s", expected, describe_byte(c, b, sizeof b));
}

static void skip_ws(jsonloc__scanner *sc)
{
    while (sc->pos < sc->len) {
        unsigned char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        sc->pos++;
    }
}

static int record(jsonloc__scanner *sc, uint32_t key)
{
    jsonloc *loc = sc->loc;
    if (loc->n == loc->cap) {
        size_t cap = loc->cap ? loc->cap * 2 : 64;
        uint32_t *v = realloc(loc->val, cap * sizeof *v);
        if (v == NULL)
            return SIM_ENOMEM;
        loc->val = v;
        uint32_t *k = realloc(loc->key, cap * sizeof *k);
        if (k == NULL)
            return SIM_ENOMEM;
        loc->key = k;
        loc->cap = cap;
    }
    loc->val[loc->n] = (uint32_t)sc->pos;
    loc->key[loc->n] = key;
    loc->n++;
    return 0;
}

static int hex4(const unsigned char *s, size_t avail, unsigned *out)
{
    unsigned v = 0;
    if (avail < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        unsigned char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

/* A \uXXXX escape at sc->pos (on the backslash), with its surrogate pair. */
static int scan_unicode_escape(jsonloc__scanner *sc)
{
    size_t p = sc->pos;
    unsigned cp;
    if (hex4(sc->s + p + 2, sc->len - p - 2, &cp) != 0)
        return fail_at(sc, p, "\\u must be followed by four hexadecimal digits, like \\u00e9");
    if (cp == 0)
        return fail_at(sc, p, "\\u0000 (a NUL character) is not allowed in a string");
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail_at(sc, p,
                       "\\u%04X is the second half of a surrogate pair, without "
                       "the first half",
                       cp);
    sc->pos += 6;
    if (cp < 0xD800 || cp > 0xDBFF)
        return 0;
    unsigned lo;
    const unsigned char *q = sc->s + sc->pos;
    size_t avail = sc->len - sc->pos;
    if (avail < 6 || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, avail - 2, &lo) != 0 ||
        lo < 0xDC00 || lo > 0xDFFF)
        return fail_at(sc, p,
                       "\\u%04X must be followed by a second \\u escape from \\uDC00 "
                       "to \\uDFFF (a surrogate pair)",
                       cp);
    sc->pos += 6;
    return 0;
}

static int scan_escape(jsonloc__scanner *sc)
{
    size_t p = sc->pos;
    if (p + 1 >= sc->len)
        return fail_at(sc, p, "the file ends inside a string");
    unsigned char c = sc->s[p + 1];
    if (c == 'u')
        return scan_unicode_escape(sc);
    if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
        char b[16];
        return fail_at(sc, p,
                       "invalid escape \\ followed by %s in a string (valid: \\\" \\\\ "
                       "\\/ \\b \\f \\n \\r \\t \\uXXXX)",
                       describe_byte(c, b, sizeof b));
    }
    sc->pos += 2;
    return 0;
}

/* The length of the valid UTF-8 sequence at p, or 0 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

static int scan_string(jsonloc__scanner *sc)
{
    size_t start = sc->pos++;
    for (;;) {
        if (sc->pos >= sc->len)
            return fail_at(sc, start, "this string is never closed (missing '\"')");
        unsigned char c = sc->s[sc->pos];
        int rc = 0;
        if (c == '"') {
            sc->pos++;
            return 0;
        } else if (c == '\\') {
            rc = scan_escape(sc);
        } else if (c == '\n') {
            return fail_at(sc, start,
                           "this string is not closed on its line (a string "
                           "cannot span lines; write \\n for a line break)");
        } else if (c < 0x20) {
            return fail_at(sc, sc->pos,
                           "control character (byte 0x%02x) inside a string; "
                           "write it as an escape like \\t",
                           c);
        } else if (c >= 0x80) {
            size_t n = utf8_len(sc->s + sc->pos, sc->len - sc->pos);
            if (n == 0)
                return fail_at(sc, sc->pos,
                               "invalid UTF-8 (byte 0x%02x) in a string; save "
                               "the file as UTF-8",
                               c);
            sc->pos += n;
        } else {
            sc->pos++;
        }
        if (rc != 0)
            return rc;
    }
}

static size_t count_digits(const jsonloc__scanner *sc, size_t p)
{
    size_t n = 0;
    while (p + n < sc->len && sc->s[p + n] >= '0' && sc->s[p + n] <= '9')
        n++;
    return n;
}

/* Appends the key whose quoted text starts at `q` to a path: ".key" when it is a
 * plain name, else ["key"] as the file escapes it, shortened to whole characters. */
static size_t path_key(const unsigned char *q, char *buf, size_t k, size_t size)
{
    const unsigned char *key = q + 1;
    bool plain = is_word_char(key[0]) && !(key[0] >= '0' && key[0] <= '9');
    size_t n = 0, cut = 0;
    while (key[n] != '"') {
        size_t step = key[n] != '\\' ? 1 : key[n + 1] == 'u' ? 6 : 2; /* a whole escape */
        plain &= key[n] != '\\' && is_word_char(key[n]);
        while ((key[n + step] & 0xC0) == 0x80)
            step++; /* the rest of a UTF-8 character */
        if (n + step <= JSONLOC__KEY_SHOWN)
            cut = n + step;
        n += step;
    }
    if (k >= size)
        return k;
    if (plain && n <= JSONLOC__KEY_SHOWN)
        return k + (size_t)snprintf(buf + k, size - k, ".%.*s", (int)n, (const char *)key);
    return k + (size_t)snprintf(buf + k, size - k, "[\"%.*s%s\"]", (int)cut, (const char *)key,
                                cut < n ? "..." : "");
}

/* The JSON path of the value being scanned, from the open containers. */
static void scan_path(const jsonloc__scanner *sc, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "$");
    for (int d = 0; d < sc->depth && k < size; d++) {
        const jsonloc__frame *f = &sc->stack[d];
        if (f->close == ']')
            k += (size_t)snprintf(buf + k, size - k, "[%u]", (unsigned)f->index);
        else if (f->member != JSONLOC__NO_KEY)
            k = path_key(sc->s + f->member, buf, k, size);
    }
}

static int scan_number(jsonloc__scanner *sc)
{
    size_t start = sc->pos, p = sc->pos;
    if (sc->s[p] == '-')
        p++;
    size_t n = count_digits(sc, p);
    if (n == 0)
        return fail_at(sc, start, "'-' must be followed by a digit");
    if (sc->s[p] == '0' && n > 1)
        return fail_at(sc, start, "a number cannot start with 0 (write 5, not 05)");
    p += n;
    if (p < sc->len && sc->s[p] == '.') {
        n = count_digits(sc, p + 1);
        if (n == 0)
            return fail_at(sc, p,
                           "a decimal point must be followed by a digit (write 1.0, "
                           "not 1.)");
        p += 1 + n;
    }
    if (p < sc->len && (sc->s[p] == 'e' || sc->s[p] == 'E')) {
        p++;
        if (p < sc->len && (sc->s[p] == '+' || sc->s[p] == '-'))
            p++;
        n = count_digits(sc, p);
        if (n == 0)
            return fail_at(sc, start, "the exponent of this number has no digits");
        p += n;
    }
    if (p - start > JSONLOC__MAX_NUMBER) {
        sc->err->limit = true;
        scan_path(sc, sc->err->path, sizeof sc->err->path);
        return fail_at(sc, start,
                       "this number is %zu characters long; numbers are at most %d characters",
                       p - start, JSONLOC__MAX_NUMBER);
    }
    sc->pos = p;
    return 0;
}

static int scan_scalar(jsonloc__scanner *sc)
{
    static const char *const words[] = {"true", "false", "null"};
    unsigned char c = sc->pos < sc->len ? sc->s[sc->pos] : 0;
    if (c == '"')
        return scan_string(sc);
    if (c == '-' || (c >= '0' && c <= '9'))
        return scan_number(sc);
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (sc->len - sc->pos >= n && memcmp(sc->s + sc->pos, words[i], n) == 0 &&
            (sc->pos + n == sc->len || !is_word_char(sc->s[sc->pos + n]))) {
            sc->pos += n;
            return 0;
        }
    }
    return fail_unexpected(sc, "a value");
}

/* At a member's key: reads "key", the colon and the whitespace after it. */
static int scan_key(jsonloc__scanner *sc, uint32_t *key)
{
    if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
        return fail_unexpected(sc, "a key in double quotes");
    *key = (uint32_t)sc->pos;
    sc->stack[sc->depth - 1].member = *key;
    int rc = scan_string(sc);
    if (rc != 0)
        return rc;
    skip_ws(sc);
    if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
        return fail_unexpected(sc, "':' after the key");
    sc->pos++;
    skip_ws(sc);
    return 0;
}

/* At '{' or '[': records nothing (the caller did), opens the container and
 * reads up to its first value. Returns 1 when the container was empty. */
static int open_container(jsonloc__scanner *sc, uint32_t *key)
{
    unsigned char c = sc->s[sc->pos];
    if (sc->depth >= sc->max_depth) {
        sc->err->limit = true;
        return fail_at(sc, sc->pos,
                       "nested deeper than %d levels of objects and arrays "
                       "(bistro's limit)",
                       sc->max_depth);
    }
    jsonloc__frame *f = &sc->stack[sc->depth++];
    f->close = c == '{' ? '}' : ']';
    f->open = (uint32_t)sc->pos++;
    f->member = JSONLOC__NO_KEY;
    f->index = 0;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == f->close) {
        sc->pos++;
        sc->depth--;
        return 1;
    }
    return c == '{' ? scan_key(sc, key) : 0;
}

/* After a value: closes finished containers. Returns 0 when another value
 * follows (with its key read), 1 at the end of the text, or an error. */
static int after_value(jsonloc__scanner *sc, uint32_t *key)
{
    for (;;) {
        skip_ws(sc);
        if (sc->depth == 0) {
            char b[16];
            if (sc->pos < sc->len)
                return fail_at(sc, sc->pos,
                               "unexpected %s after the end of the JSON value (a "
                               "file holds one JSON object)",
                               describe_byte(sc->s[sc->pos], b, sizeof b));
            return 1;
        }
        jsonloc__frame *f = &sc->stack[sc->depth - 1];
        bool object = f->close == '}';
        if (sc->pos < sc->len && sc->s[sc->pos] == f->close) {
            sc->pos++;
            sc->depth--;
            continue;
        }
        if (sc->pos >= sc->len || sc->s[sc->pos] != ',')
            return fail_unexpected(sc, object ? "',' or '}' after an object member"
                                              : "',' or ']' after an array item");
        size_t comma = sc->pos++;
        f->index++;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == f->close)
            return fail_at(sc, comma,
                           "a comma before '%c' is not allowed in JSON (remove "
                           "this comma)",
                           f->close);
        return object ? scan_key(sc, key) : 0;
    }
}

int jsonloc_scan(jsonloc *loc, int max_depth, jsonloc_error *err)
{
    jsonloc__scanner *sc = malloc(sizeof *sc);
    if (sc == NULL)
        return SIM_ENOMEM;
    memset(err, 0, sizeof *err);
    *sc = (jsonloc__scanner){.loc = loc,
                             .s = loc->text,
                             .len = loc->len,
                             .pos = loc->start,
                             .err = err,
                             .depth = 0};
    sc->max_depth = max_depth < JSONLOC__MAX_STACK ? max_depth : JSONLOC__MAX_STACK;
    loc->n = 0;
    skip_ws(sc);
    int rc = 0;
    if (sc->pos >= sc->len)
        rc = fail_at(sc, sc->pos,
                     "the file is empty (a scenario is a JSON object: "
                     "{\"schema\": \"bistro/1\", ...})");
    uint32_t key = JSONLOC__NO_KEY;
    while (rc == 0) {
        rc = record(sc, key);
        key = JSONLOC__NO_KEY;
        if (rc != 0)
            break;
        unsigned char c = sc->pos < sc->len ? sc->s[sc->pos] : 0;
        if (sc->pos < sc->len && (c == '{' || c == '[')) {
            rc = open_container(sc, &key);
            if (rc == 0)
                continue; /* a first member or item follows */
            if (rc < 0)
                break;
        } else if ((rc = scan_scalar(sc)) != 0) {
            break;
        }
        rc = after_value(sc, &key);
    }
    free(sc);
    return rc < 0 ? rc : 0;
}

/* ---- pairing with cJSON ---- */

static bool type_matches(const cJSON *node, unsigned char c)
{
    if (cJSON_IsObject(node))
        return c == '{';
    if (cJSON_IsArray(node))
        return c == '[';
    if (cJSON_IsString(node))
        return c == '"';
    if (cJSON_IsNumber(node))
        return c == '-' || (c >= '0' && c <= '9');
    if (cJSON_IsBool(node))
        return c == 't' || c == 'f';
    return cJSON_IsNull(node) && c == 'n';
}

static int pair_tree(jsonloc *loc, const cJSON *node, int depth)
{
    for (; node != NULL; node = node->next) {
        size_t i = loc->npairs;
        if (i >= loc->n || depth > JSONLOC__MAX_STACK)
            return SIM_EINVAL;
        if ((node->string != NULL) != (loc->key[i] != JSONLOC__NO_KEY) ||
            !type_matches(node, loc->text[loc->val[i]]))
            return SIM_EINVAL;
        loc->pairs[loc->npairs++] = (jsonloc__pair){node, (uint32_t)i};
        if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
            int rc = pair_tree(loc, node->child, depth + 1);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

static int cmp_pair(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const jsonloc__pair *)a)->node;
    uintptr_t y = (uintptr_t)((const jsonloc__pair *)b)->node;
    return (x > y) - (x < y);
}

int jsonloc_attach(jsonloc *loc, const cJSON *root)
{
    free(loc->pairs);
    loc->npairs = 0;
    loc->pairs = malloc((loc->n ? loc->n : 1) * sizeof *loc->pairs);
    if (loc->pairs == NULL)
        return SIM_ENOMEM;
    if (root == NULL || root->next != NULL)
        return SIM_EINVAL;
    int rc = pair_tree(loc, root, 0);
    if (rc == 0 && loc->npairs != loc->n)
        rc = SIM_EINVAL;
    if (rc != 0) {
        loc->npairs = 0;
        return rc;
    }
    qsort(loc->pairs, loc->npairs, sizeof *loc->pairs, cmp_pair);
    return 0;
}

bool jsonloc_offset(const jsonloc *loc, const cJSON *node, bool key, size_t *offset)
{
    jsonloc__pair probe = {node, 0};
    const jsonloc__pair *p = loc->npairs
                                 ? bsearch(&probe, loc->pairs, loc->npairs, sizeof probe, cmp_pair)
                                 : NULL;
    if (p == NULL)
        return false;
    uint32_t off = key ? loc->key[p->index] : loc->val[p->index];
    if (off == JSONLOC__NO_KEY)
        return false;
    *offset = off;
    return true;
}
