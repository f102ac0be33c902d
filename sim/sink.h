/* sink.h - where exporters write: a function and its context.
 *
 * The writers in sim/ (trace, summary, table) format into a sink and never touch a
 * FILE themselves; sim/main.c gives them a file written atomically. A sink stops at
 * the first error and remembers it.
 */
#ifndef BISTRO_SINK_H
#define BISTRO_SINK_H

#include <stddef.h>
#include <stdint.h>

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

/* A line (an event, a row) under construction: the trace writers gather the
 * pieces of a line here and hand it to the sink in one write, formatting numbers
 * by hand (no printf, no locale), so exporting a long trace stays fast and the
 * bytes never depend on the machine. Start from sink_line l = {.s = sink}; end
 * each line with sink_line_flush. Texts too long for the buffer go straight to the
 * sink, in order. */
typedef struct {
    sim_sink *s;
    size_t n;
    char buf[480];
} sink_line;

void sink_line_flush(sink_line *l);
void sink_line_raw(sink_line *l, const char *text);
void sink_line_i64(sink_line *l, int64_t v);
/* v / 10^scale (0 <= scale <= 18), exactly, without trailing zeros after the point:
 * (1002000500, 3) -> "1002000.5", (5000, 3) -> "5", (-20, 3) -> "-0.02". */
void sink_line_decimal(sink_line *l, int64_t v, int scale);
/* A text from the user's scenario as a quoted JSON string (sink_json_string). */
void sink_line_json(sink_line *l, const char *str);

/* A sink appending to a growing string in memory (for tests and small outputs).
 * Start from sink_buffer b = {0}; data stays NUL-terminated once anything was written. */
typedef struct {
    char *data;
    size_t len, cap;
} sink_buffer;

sim_sink sink_to_buffer(sink_buffer *b);
void sink_buffer_release(sink_buffer *b);

#endif
