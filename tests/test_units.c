/* test_units.c - the duration and size parser (sim/units.h).
 *
 * Expected values are worked out by hand from the definitions: 1 s = 10^9 ns,
 * 1 ms = 10^6 ns, 1 us = 10^3 ns; KiB/MiB/GiB/TiB are 2^10/2^20/2^30/2^40 bytes
 * (IEC 80000-13) and KB/MB/GB/TB 10^3/10^6/10^9/10^12 bytes (SI).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "scenario.h"
#include "units.h"

static void expect_duration(const char *text, int64_t want)
{
    int64_t ns = -1;
    int rc = units_parse_duration(text, &ns);
    if (rc != 0)
        print_message("units_parse_duration(\"%s\") = %d\n", text, rc);
    assert_int_equal(rc, 0);
    assert_int_equal(ns, want);
}

static void expect_duration_error(const char *text, int want_rc)
{
    int64_t ns = 12345;
    int rc = units_parse_duration(text, &ns);
    if (rc != want_rc)
        print_message("units_parse_duration(\"%s\") = %d, ns %lld\n", text, rc, (long long)ns);
    assert_int_equal(rc, want_rc);
}

static void test_duration_units(void **state)
{
    (void)state;
    expect_duration("250ms", 250000000);
    expect_duration("1.5s", 1500000000);
    expect_duration("40us", 40000);
    expect_duration("500ns", 500);
    expect_duration("0s", 0);
    expect_duration("0.000001ms", 1);
    expect_duration("007ms", 7000000);
}

static void test_duration_rounds_to_nearest_ns(void **state)
{
    (void)state;
    expect_duration("0.0000000015s", 2); /* 1.5 ns: halves round up */
    expect_duration("0.0000000014999s", 1);
    expect_duration("0.0000000004s", 0);
    expect_duration("1.0000000005s", 1000000001);
    expect_duration("2.5ns", 3);
    expect_duration("0.1ms", 100000); /* exact, unlike 0.1 * 1e6 in binary */
    expect_duration("1.00000000000000000000000000001s", 1000000000);
}

static void test_duration_limit(void **state)
{
    (void)state;
    expect_duration("1000000s", SCN_MAX_DURATION_NS);
    expect_duration("1000000000ms", SCN_MAX_DURATION_NS);
    expect_duration_error("1000000.000000001s", SIM_EOVERFLOW);
    expect_duration_error("1000001s", SIM_EOVERFLOW);
    expect_duration_error("99999999999999999999999999999s", SIM_EOVERFLOW);
    expect_duration_error("1000000.0000000005s", SIM_EOVERFLOW); /* rounds up past it */
}

static void test_duration_rejects_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {"",     "ms",    "5",    "5 ms",   " 5ms", "5ms ",  "-5ms",
                                      "+5ms", "5e3ms", "5.ms", ".5ms",   "5m",   "5MS",   "1.5.5s",
                                      "5sec", "5min",  "1,5s", "0x10ms", "5µs",  "inf s", "nan"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_duration_error(bad[i], SIM_EINVAL);
}

static void expect_ms(const char *num, int want_rc, int64_t want)
{
    int64_t ns = -1;
    int rc = units_parse_ms(num, strlen(num), &ns);
    if (rc != want_rc)
        print_message("units_parse_ms(\"%s\") = %d\n", num, rc);
    assert_int_equal(rc, want_rc);
    if (want_rc == 0)
        assert_int_equal(ns, want);
}

static void test_ms_number(void **state)
{
    (void)state;
    expect_ms("1", 0, 1000000);
    expect_ms("1.5", 0, 1500000);
    expect_ms("0.1", 0, 100000);
    expect_ms("2e3", 0, 2000000000);
    expect_ms("2E+3", 0, 2000000000);
    expect_ms("1e-6", 0, 1);
    expect_ms("1e-7", 0, 0);
    expect_ms("5e-7", 0, 1); /* 0.5 ns rounds up */
    expect_ms("0e999999999", 0, 0);
    expect_ms("0.000000000000e-99999999999", 0, 0);
    expect_ms("1000000000", 0, SCN_MAX_DURATION_NS);
    expect_ms("1000000000.000001", SIM_EOVERFLOW, 0);
    expect_ms("1e400", SIM_EOVERFLOW, 0);
    expect_ms("1e99999999999999999999", SIM_EOVERFLOW, 0);
    expect_ms("-3", SIM_EINVAL, 0);
    expect_ms("-0", SIM_EINVAL, 0);
    expect_ms("01", SIM_EINVAL, 0);
    expect_ms("1.", SIM_EINVAL, 0);
    expect_ms(".5", SIM_EINVAL, 0);
    expect_ms("1e", SIM_EINVAL, 0);
    expect_ms("", SIM_EINVAL, 0);
    expect_ms("1ms", SIM_EINVAL, 0);
}

static void test_decimal_is_exact(void **state)
{
    (void)state;
    int64_t v;
    bool whole;
    const char *big = "9007199254740993"; /* 2^53 + 1: not a double */
    assert_int_equal(units_parse_decimal(big, strlen(big), 0, INT64_MAX, &v, &whole), 0);
    assert_int_equal(v, 9007199254740993LL);
    assert_true(whole);
    assert_int_equal(units_parse_decimal("2.5", 3, 0, INT64_MAX, &v, &whole), 0);
    assert_int_equal(v, 3);
    assert_false(whole);
    assert_int_equal(units_parse_decimal("1.000", 5, 0, INT64_MAX, &v, &whole), 0);
    assert_int_equal(v, 1);
    assert_true(whole);
    assert_int_equal(units_parse_decimal("12e-1", 5, 0, INT64_MAX, &v, &whole), 0);
    assert_int_equal(v, 1);
    assert_false(whole);
    assert_int_equal(units_parse_decimal("9223372036854775807", 19, 0, INT64_MAX, &v, NULL), 0);
    assert_int_equal(v, INT64_MAX);
    assert_int_equal(units_parse_decimal("9223372036854775808", 19, 0, INT64_MAX, &v, NULL),
                     SIM_EOVERFLOW);
    assert_int_equal(units_parse_decimal("11", 2, 0, 10, &v, NULL), SIM_EOVERFLOW);
    assert_int_equal(units_parse_decimal("10", 2, 0, 10, &v, NULL), 0);
    assert_int_equal(units_parse_decimal("0", 1, 0, 0, &v, NULL), 0);
    assert_int_equal(units_parse_decimal("1", 1, 0, 0, &v, NULL), SIM_EOVERFLOW);
    assert_int_equal(units_parse_decimal("1", 1, 19, INT64_MAX, &v, NULL), SIM_EINVAL);
    assert_int_equal(units_parse_decimal("1", 1, -1, INT64_MAX, &v, NULL), SIM_EINVAL);
    assert_int_equal(units_parse_decimal("1.5", 3, 18, INT64_MAX, &v, NULL), 0);
    assert_int_equal(v, 1500000000000000000LL);
}

static void expect_size(const char *text, int want_rc, int64_t want)
{
    int64_t b = -1;
    int rc = units_parse_size(text, &b);
    if (rc != want_rc)
        print_message("units_parse_size(\"%s\") = %d\n", text, rc);
    assert_int_equal(rc, want_rc);
    if (want_rc == 0)
        assert_int_equal(b, want);
}

static void test_size_units(void **state)
{
    (void)state;
    expect_size("8MiB", 0, 8LL << 20);
    expect_size("16KiB", 0, 16LL << 10);
    expect_size("1GiB", 0, 1LL << 30);
    expect_size("1TiB", 0, 1LL << 40);
    expect_size("10MB", 0, 10000000);
    expect_size("3kB", 0, 3000);
    expect_size("3KB", 0, 3000);
    expect_size("2GB", 0, 2000000000);
    expect_size("1TB", 0, 1000000000000LL);
    expect_size("512B", 0, 512);
    expect_size("4096", 0, 4096);
    expect_size("0", 0, 0);
    expect_size("1.5KiB", 0, 1536);
    expect_size("0.1KiB", 0, 102); /* 102.4 */
    expect_size("0.5B", 0, 1);
    expect_size("1.25MB", 0, 1250000);
}

static void test_size_rejects(void **state)
{
    (void)state;
    expect_size("1.000001TiB", SIM_EOVERFLOW, 0);
    expect_size("2TiB", SIM_EOVERFLOW, 0);
    expect_size("1100GB", SIM_EOVERFLOW, 0);
    expect_size("99999999999999999999999", SIM_EOVERFLOW, 0);
    expect_size("1.5", SIM_EINVAL, 0); /* bytes are whole */
    expect_size("8 MiB", SIM_EINVAL, 0);
    expect_size("8mib", SIM_EINVAL, 0);
    expect_size("8M", SIM_EINVAL, 0);
    expect_size("-1B", SIM_EINVAL, 0);
    expect_size("1.1234567MiB", SIM_EINVAL, 0); /* more than 6 decimals */
    expect_size("", SIM_EINVAL, 0);
    expect_size("MiB", SIM_EINVAL, 0);
    expect_size("1e3B", SIM_EINVAL, 0);
}

static void expect_format(int64_t ns, const char *want)
{
    char buf[32];
    size_t n = units_format_duration(ns, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_format_duration(void **state)
{
    (void)state;
    expect_format(1500000000, "1.5s");
    expect_format(250000000, "250ms");
    expect_format(40000, "40us");
    expect_format(7, "7ns");
    expect_format(0, "0ns");
    expect_format(SCN_MAX_DURATION_NS, "1000000s");
    expect_format(1234567, "1.234567ms");
    expect_format(1000000001, "1.000000001s");
    expect_format(-5000000, "-5ms");
    expect_format(INT64_MIN, "-9223372036.854775808s");
    char small[4];
    assert_int_equal(units_format_duration(250000000, small, sizeof small), 5);
    assert_string_equal(small, "250");
}

static void test_format_size(void **state)
{
    (void)state;
    char buf[32];
    units_format_size(8LL << 20, buf, sizeof buf);
    assert_string_equal(buf, "8MiB");
    units_format_size(1LL << 40, buf, sizeof buf);
    assert_string_equal(buf, "1TiB");
    units_format_size(1536, buf, sizeof buf);
    assert_string_equal(buf, "1536B");
    units_format_size(0, buf, sizeof buf);
    assert_string_equal(buf, "0B");
    /* What is printed parses back to the same value. */
    int64_t back;
    units_format_size(3LL << 30, buf, sizeof buf);
    assert_int_equal(units_parse_size(buf, &back), 0);
    assert_int_equal(back, 3LL << 30);
}

static void test_format_duration_round_trips(void **state)
{
    (void)state;
    static const int64_t values[] = {
        0, 1, 999, 1000, 1001, 123456789, 1000000000, 86400000000000LL, SCN_MAX_DURATION_NS};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char buf[32];
        int64_t back = -1;
        units_format_duration(values[i], buf, sizeof buf);
        assert_int_equal(units_parse_duration(buf, &back), 0);
        assert_int_equal(back, values[i]);
    }
}

/* A time on the command line (--at) follows the scenario file's rule: a bare
 * number counts milliseconds, a number with a unit is that unit. */
static void test_time_bare_number_is_ms(void **state)
{
    (void)state;
    int64_t ns = -1;
    assert_int_equal(units_parse_time("500", &ns), 0);
    assert_int_equal(ns, 500000000LL);
    int64_t file_ns = -1; /* the same text as a JSON number in a scenario file */
    assert_int_equal(units_parse_ms("500", 3, &file_ns), 0);
    assert_int_equal(ns, file_ns);
    assert_int_equal(units_parse_time("1.5", &ns), 0);
    assert_int_equal(ns, 1500000LL);
    assert_int_equal(units_parse_time("1.5s", &ns), 0);
    assert_int_equal(ns, 1500000000LL);
    assert_int_equal(units_parse_time("250us", &ns), 0);
    assert_int_equal(ns, 250000LL);
    assert_int_equal(units_parse_time("0", &ns), 0);
    assert_int_equal(ns, 0);
    static const char *const bad[] = {"", "-5", "5x", "ms", "1.", ".5", "5 ms", "1e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_not_equal(units_parse_time(bad[i], &ns), 0);
    assert_int_equal(units_parse_time("2000000000", &ns), SIM_EOVERFLOW); /* past 10^6 s */
}

/* A time on a command line that cannot be used says why, and a time past the
 * limit names the limit (docs/app.md, --at). */
static void test_time_arg_messages(void **state)
{
    (void)state;
    int64_t ns = -1;
    char why[160] = "";
    assert_int_equal(units_parse_time_arg("1.5s", &ns, why, sizeof why), 0);
    assert_int_equal(ns, 1500000000LL);
    assert_int_equal(units_parse_time_arg("1000000s", &ns, why, sizeof why), 0);
    assert_int_equal(units_parse_time_arg("1000001s", &ns, why, sizeof why), SIM_EOVERFLOW);
    assert_string_equal(why, "'1000001s' is past the longest time bistro simulates, 1000000s "
                             "(about 11.6 days)");
    assert_int_equal(units_parse_time_arg("2000000000", &ns, why, sizeof why), SIM_EOVERFLOW);
    assert_string_equal(why, "'2000000000' is past the longest time bistro simulates, 1000000s "
                             "(about 11.6 days)");
    assert_int_equal(units_parse_time_arg("5 ms", &ns, why, sizeof why), SIM_EINVAL);
    assert_string_equal(why, "wants a time like 500ms or 1.5s (a bare number counts "
                             "milliseconds), not '5 ms'");
}

/* The rule of at most 6 digits after a size's point, and the count the loader's
 * message gives. */
static void test_size_decimals(void **state)
{
    (void)state;
    int64_t b = -1;
    assert_int_equal(units_parse_size("1.000001MiB", &b), 0);
    assert_int_equal(b, 1048577); /* 1048576 + 1.048576 rounded */
    assert_int_equal(units_parse_size("1.0000001MiB", &b), SIM_EINVAL);
    assert_int_equal(units_size_decimals("1.0000001MiB"), 7);
    assert_int_equal(units_size_decimals("1.5KiB"), 1);
    assert_int_equal(units_size_decimals("8MiB"), 0);
    assert_int_equal(units_size_decimals("MiB"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duration_units),
        cmocka_unit_test(test_duration_rounds_to_nearest_ns),
        cmocka_unit_test(test_duration_limit),
        cmocka_unit_test(test_duration_rejects_malformed),
        cmocka_unit_test(test_ms_number),
        cmocka_unit_test(test_decimal_is_exact),
        cmocka_unit_test(test_size_units),
        cmocka_unit_test(test_size_rejects),
        cmocka_unit_test(test_format_duration),
        cmocka_unit_test(test_format_size),
        cmocka_unit_test(test_format_duration_round_trips),
        cmocka_unit_test(test_time_bare_number_is_ms),
        cmocka_unit_test(test_time_arg_messages),
        cmocka_unit_test(test_size_decimals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
