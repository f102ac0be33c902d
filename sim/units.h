/* units.h - the one parser of durations ("250ms") and sizes ("8MiB") in bistro.
 *
 * Scenario files, the command line and the app all read times and sizes through
 * these functions, so "1.5s" means the same everywhere. Decimal fractions are
 * parsed exactly with integer arithmetic (never through a double) and rounded to
 * the nearest nanosecond or byte, halves rounding up. Nothing here allocates.
 *
 * Results: 0, SIM_EINVAL when the text is not of the expected form (including any
 * sign), SIM_EOVERFLOW when the value is larger than the limit.
 */
#ifndef BISTRO_UNITS_H
#define BISTRO_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest size accepted: 1 TiB. A memory parameter beyond it means nothing for
 * a teaching simulator, and keeping it small lets the engine multiply it by
 * SCN_MAX_THREADS without overflow. */
#define UNITS_MAX_BYTES (1LL << 40)

/* Parses a NUL-terminated duration: digits, optionally '.' and digits, then one of
 * the units ns, us, ms, s, with no spaces, sign or exponent ("250ms", "1.5s").
 * The result is at most SCN_MAX_DURATION_NS. `text` and `ns` must not be NULL. */
int units_parse_duration(const char *text, int64_t *ns);

/* A time given on a command line ("--at 500", "--at 1.5s"): a duration as
 * units_parse_duration, or a bare number (digits, optionally '.' and digits),
 * which counts milliseconds, the rule of a scenario file's bare numbers. */
int units_parse_time(const char *text, int64_t *ns);

/* units_parse_time for an option's value on a command line (`bistro --at T`),
 * with the reason it fails written into `why` (size bytes), worded to follow the
 * option's name: "wants a time like 500ms or 1.5s (a bare number counts
 * milliseconds), not '5 ms'", or, for a time past SCN_MAX_DURATION_NS, one that
 * names that limit: "'2000000s' is past the longest time bistro simulates,
 * 1000000s (about 11.6 days)". */
int units_parse_time_arg(const char *text, int64_t *ns, char *why, size_t size);

/* Parses a JSON number token of `len` bytes ("1.5", "2e3") that counts
 * milliseconds into nanoseconds, at most SCN_MAX_DURATION_NS. Negative numbers
 * are SIM_EINVAL. */
int units_parse_ms(const char *num, size_t len, int64_t *ns);

/* The most digits after the decimal point of a size ("1.000001MiB"). */
#define UNITS_SIZE_DECIMALS 6

/* Parses a NUL-terminated size: a number and one of the units B, KB, MB, GB, TB
 * (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024), or plain digits meaning
 * bytes ("8MiB", "512B", "4096"). At most UNITS_SIZE_DECIMALS digits after a
 * decimal point. The result is at most UNITS_MAX_BYTES. */
int units_parse_size(const char *text, int64_t *bytes);

/* The digits after the decimal point of the number a size text starts with
 * ("1.0000001MiB": 7), for the message that refuses more than
 * UNITS_SIZE_DECIMALS; 0 when it has none or does not start with a number. */
size_t units_size_decimals(const char *text);

/* Parses a JSON number token of `len` bytes exactly, multiplied by 10^scale
 * (0 <= scale <= 18), rounded to the nearest integer, halves up. Sets *whole to
 * whether no rounding happened (may be NULL). Fails with SIM_EOVERFLOW above
 * `max`, SIM_EINVAL for a negative or malformed number. */
int units_parse_decimal(const char *num, size_t len, int scale, int64_t max, int64_t *out,
                        bool *whole);

/* Writes ns as the shortest exact text in the largest fitting unit ("1.5s",
 * "250ms", "40us", "7ns"), always NUL-terminated when size > 0. Returns the
 * length the full text has (like snprintf). */
size_t units_format_duration(int64_t ns, char *buf, size_t size);

/* Writes bytes as "8MiB", "16KiB" or "1000B": the largest binary unit that
 * divides it exactly. Returns the length the full text has. */
size_t units_format_size(int64_t bytes, char *buf, size_t size);

#endif
