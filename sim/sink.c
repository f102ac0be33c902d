/* sink.c - the output sinks of sink.h: sticky errors, printf, JSON strings, memory.
 *
 * Every writer in sim/ (trace exporters, the summary, the table) reaches its output
 * only through a sink, so the library never touches a FILE and tests can read what
 * was written from a buffer. A sink remembers its first error and ignores later
 * writes, which lets writers emit many pieces and check the result once.
 */
#include "sink.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Most formatted pieces are short (a number, a key); longer ones go to the heap. */
#define SINK_STACK_BYTES 512

int sink_write(sim_sink *s, const char *buf, size_t n)
{
    if (s->err != 0 || n == 0)
        return s->err;
    int err = s->write(s->ctx, buf, n);
    if (err != 0)
        s->err = err < 0 ? err : SIM_EIO;
    return s->err;
}

int sink_printf(sim_sink *s, const char *fmt, ...)
{
    if (s->err != 0)
        return s->err;
    char stack[SINK_STACK_BYTES];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(stack, sizeof stack, fmt, ap);
    va_end(ap);
    if (n < 0) {
        s->err = SIM_EINVAL;
        return s->err;
    }
    if ((size_t)n < sizeof stack)
        return sink_write(s, stack, (size_t)n);

    char *heap = malloc((size_t)n + 1);
    if (heap == NULL) {
        s->err = SIM_ENOMEM;
        return s->err;
    }
    va_start(ap, fmt);
    vsnprintf(heap, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sink_write(s, heap, (size_t)n);
    free(heap);
    return s->err;
}

/* The length of the valid UTF-8 sequence starting at p (1 to 4), or 0 when the
 * bytes there are not one (RFC 3629: no overlong forms, no surrogates, at most
 * U+10FFFF). p points into a NUL-terminated string, and NUL is never a
 * continuation byte, so the checks stop at the end without reading past it. */
static size_t utf8_length(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        if (c == 0xED)
            hi = 0x9F; /* surrogates U+D800..DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        if (c == 0xF4)
            hi = 0x8F; /* beyond U+10FFFF */
    } else {
        return 0;
    }
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

/* The escape for byte c (< 0x20, '"' or '\\') into out; returns its length. */
static size_t json_escape(unsigned char c, char out[7])
{
    static const char hex[] = "0123456789abcdef";
    const char *named = NULL;
    switch (c) {
    case '"': named = "\\\""; break;
    case '\\': named = "\\\\"; break;
    case '\b': named = "\\b"; break;
    case '\f': named = "\\f"; break;
    case '\n': named = "\\n"; break;
    case '\r': named = "\\r"; break;
    case '\t': named = "\\t"; break;
    default: break;
    }
    if (named != NULL) {
        memcpy(out, named, 3);
        return 2;
    }
    memcpy(out, "\\u00", 4);
    out[4] = hex[c >> 4];
    out[5] = hex[c & 15];
    out[6] = '\0';
    return 6;
}

int sink_json_string(sim_sink *s, const char *str)
{
    const unsigned char *p = (const unsigned char *)str;
    const unsigned char *run = p; /* start of bytes that need no escape */
    sink_write(s, "\"", 1);
    while (*p != '\0') {
        size_t len = utf8_length(p);
        if (len > 0 && *p >= 0x20 && *p != '"' && *p != '\\') {
            p += len;
            continue;
        }
        sink_write(s, (const char *)run, (size_t)(p - run));
        if (len == 0) {
            sink_write(s, "\\ufffd", 6);
        } else {
            char esc[7];
            sink_write(s, esc, json_escape(*p, esc));
        }
        p++;
        run = p;
    }
    sink_write(s, (const char *)run, (size_t)(p - run));
    return sink_write(s, "\"", 1);
}

/* The buffer sink keeps its data NUL-terminated, so tests can use it as a string. */
static int buffer_write(void *ctx, const char *buf, size_t n)
{
    sink_buffer *b = ctx;
    if (n > SIZE_MAX - 1 - b->len)
        return SIM_EOVERFLOW;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap < 256 ? 256 : b->cap;
        while (cap < b->len + n + 1) {
            if (cap > SIZE_MAX / 2)
                return SIM_EOVERFLOW;
            cap *= 2;
        }
        char *grown = realloc(b->data, cap);
        if (grown == NULL)
            return SIM_ENOMEM;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, buf, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

sim_sink sink_to_buffer(sink_buffer *b)
{
    sim_sink s = {buffer_write, b, 0};
    return s;
}

void sink_buffer_release(sink_buffer *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sink_line_flush(sink_line *l)
{
    sink_write(l->s, l->buf, l->n);
    l->n = 0;
}

void sink_line_raw(sink_line *l, const char *text)
{
    size_t len = strlen(text);
    if (len > sizeof l->buf - l->n)
        sink_line_flush(l);
    if (len > sizeof l->buf) {
        sink_write(l->s, text, len);
        return;
    }
    memcpy(l->buf + l->n, text, len);
    l->n += len;
}

/* The decimal digits of u, least significant first, at least `min` of them
 * (leading zeros); returns how many. */
static size_t digits_of(uint64_t u, size_t min, char digits[20])
{
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0 || n < min);
    return n;
}

/* Appends digits[n-1] .. digits[0]; room for them was made by the caller. */
static void put_digits(sink_line *l, const char *digits, size_t n)
{
    while (n > 0)
        l->buf[l->n++] = digits[--n];
}

void sink_line_i64(sink_line *l, int64_t v)
{
    char digits[20];
    /* Negate in unsigned arithmetic so INT64_MIN is no overflow. */
    size_t n = digits_of(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 1, digits);
    if (sizeof l->buf - l->n < n + 1)
        sink_line_flush(l);
    if (v < 0)
        l->buf[l->n++] = '-';
    put_digits(l, digits, n);
}

void sink_line_decimal(sink_line *l, int64_t v, int scale)
{
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v, unit = 1;
    for (int i = 0; i < scale; i++)
        unit *= 10;
    char whole[20], frac[20];
    size_t nw = digits_of(u / unit, 1, whole), nf = 0;
    uint64_t f = u % unit;
    if (f != 0) {
        nf = digits_of(f, (size_t)scale, frac);
        size_t zeros = 0; /* frac[] is least significant first: trailing zeros lead */
        while (frac[zeros] == '0')
            zeros++;
        memmove(frac, frac + zeros, nf - zeros);
        nf -= zeros;
    }
    if (sizeof l->buf - l->n < nw + nf + 2)
        sink_line_flush(l);
    if (v < 0)
        l->buf[l->n++] = '-';
    put_digits(l, whole, nw);
    if (nf == 0)
        return;
    l->buf[l->n++] = '.';
    put_digits(l, frac, nf);
}

void sink_line_json(sink_line *l, const char *str)
{
    sink_line_flush(l);
    sink_json_string(l->s, str);
}
