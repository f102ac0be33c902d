/* sink.h - where exporters write: a function and its context.
 *
 * The writers in sim/ (trace, summary, table) format into a sink and never touch a
 * FILE themselves; sim/main.c gives them a file written atomically. A sink stops at
 * the first error and remembers it.
 */
#ifndef BISTRO_SINK_H
#define BISTRO_SINK_H

#include <stddef.h>

typedef struct {
    /* Writes n bytes; returns 0 or a negative SIM_E* code. */
    int (*write)(void *ctx, const char *buf, size_t n);
    void *ctx;
    int err; /* the first error, 0 while all went well */
} sim_sink;

/* Writes n bytes unless an earlier write failed. Returns the sink's error. */
int sink_write(sim_sink *s, const char *buf, size_t n);

/* printf into the sink. Returns the sink's error. */
int sink_printf(sim_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes `str` (NUL-terminated, UTF-8) as a quoted JSON string: quotes, backslashes
 * and control characters escaped, each invalid UTF-8 byte replaced by U+FFFD, so the
 * output is valid JSON whatever the input. Returns the sink's error. */
int sink_json_string(sim_sink *s, const char *str);

/* A sink appending to a growing string in memory (for tests and small outputs).
 * Start from sink_buffer b = {0}; data stays NUL-terminated once anything was written. */
typedef struct {
    char *data;
    size_t len, cap;
} sink_buffer;

sim_sink sink_to_buffer(sink_buffer *b);
void sink_buffer_release(sink_buffer *b);

#endif
