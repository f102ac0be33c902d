/* test_scenario_errors.c - every way the scenario loader rejects a file, each with
 * the exact message a user sees ("file:line:col: $.path: message").
 *
 * The positions were checked by hand against the inputs: with the document layout
 * of scenario_expect.h, the column is the 1-based byte position inside the part.
 * Limits that need long inputs (4 KiB strings, 65 devices, 17 runtimes, 1001
 * code lines, a 4 MiB file) are at the end, built by code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "scenario_expect.h"

static void test_parse_rejects_empty_file(void **state)
{
    (void)state;
    EXPECT_RAW("", "t.json:1:1: invalid JSON: the file is empty (a scenario is a JSON "
                   "object: {\"schema\": \"bistro/1\", ...})");
    EXPECT_RAW("  \n ", "t.json:2:2: invalid JSON: the file is empty (a scenario is a JSON "
                        "object: {\"schema\": \"bistro/1\", ...})");
}

static void test_parse_rejects_trailing_comma(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\": [1,]}",
               "t.json:1:9: invalid JSON: a comma before ']' is not allowed in JSON "
               "(remove this comma)");
    EXPECT_RAW("{\"a\": 1,\n}",
               "t.json:1:8: invalid JSON: a comma before '}' is not allowed in JSON "
               "(remove this comma)");
}

static void test_parse_rejects_missing_comma(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\": 1 \"b\": 2}",
               "t.json:1:9: invalid JSON: expected ',' or '}' after an object member, got '\"'");
    EXPECT_RAW("{\"a\": [1 2]}",
               "t.json:1:10: invalid JSON: expected ',' or ']' after an array item, got '2'");
}

static void test_parse_rejects_missing_colon(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\" 1}", "t.json:1:6: invalid JSON: expected ':' after the key, got '1'");
}

static void test_parse_rejects_comments(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\": 1 // one\n}", "t.json:1:9: invalid JSON: JSON does not allow comments");
    EXPECT_RAW("/* x */ {}", "t.json:1:1: invalid JSON: JSON does not allow comments");
}

static void test_parse_rejects_single_quotes(void **state)
{
    (void)state;
    EXPECT_RAW("{'a': 1}", "t.json:1:2: invalid JSON: JSON strings use double quotes (\"), not "
                           "single quotes (')");
}

static void test_parse_rejects_bare_words(void **state)
{
    (void)state;
    EXPECT_RAW("{a: 1}", "t.json:1:2: invalid JSON: expected a key in double quotes, got the "
                         "bare word a (text must be in double quotes; the only bare words are "
                         "true, false and null)");
    EXPECT_RAW("{\"a\": True}",
               "t.json:1:7: invalid JSON: expected a value, got the bare word True "
               "(text must be in double quotes; the only bare words are true, false "
               "and null)");
    EXPECT_RAW("{\"a\": truex}",
               "t.json:1:7: invalid JSON: expected a value, got the bare word truex "
               "(text must be in double quotes; the only bare words are true, false "
               "and null)");
    EXPECT_RAW("{\"a\": NaN}",
               "t.json:1:7: invalid JSON: expected a value, got the bare word NaN "
               "(text must be in double quotes; the only bare words are true, false "
               "and null)");
}

static void test_parse_rejects_unclosed(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\": [1, 2",
               "t.json:1:12: invalid JSON: the file ends too early: the array opened "
               "at line 1, col 7 is never closed (missing ']')");
    EXPECT_RAW("{\"a\": {\"b\": 1}",
               "t.json:1:15: invalid JSON: the file ends too early: the object opened "
               "at line 1, col 1 is never closed (missing '}')");
    EXPECT_RAW("{\"a\":", "t.json:1:6: invalid JSON: the file ends too early: the object opened "
                          "at line 1, col 1 is never closed (missing '}')");
    EXPECT_RAW("{\"a\": \"abc",
               "t.json:1:7: invalid JSON: this string is never closed (missing '\"')");
    EXPECT_RAW("{\"a\": \"ab\ncd\"}",
               "t.json:1:7: invalid JSON: this string is not closed on its line (a "
               "string cannot span lines; write \\n for a line break)");
}

static void test_parse_rejects_trailing_text(void **state)
{
    (void)state;
    EXPECT_RAW("{} x", "t.json:1:4: invalid JSON: unexpected 'x' after the end of the JSON "
                       "value (a file holds one JSON object)");
    EXPECT_RAW("{}\n{}", "t.json:2:1: invalid JSON: unexpected '{' after the end of the JSON "
                         "value (a file holds one JSON object)");
    EXPECT_RAW("{}]", "t.json:1:3: invalid JSON: unexpected ']' after the end of the JSON "
                      "value (a file holds one JSON object)");
}

static void test_parse_rejects_bad_numbers(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\": 05}",
               "t.json:1:7: invalid JSON: a number cannot start with 0 (write 5, not 05)");
    EXPECT_RAW("{\"a\": 1.}",
               "t.json:1:8: invalid JSON: a decimal point must be followed by a digit "
               "(write 1.0, not 1.)");
    EXPECT_RAW("{\"a\": -}", "t.json:1:7: invalid JSON: '-' must be followed by a digit");
    EXPECT_RAW("{\"a\": 1e}",
               "t.json:1:7: invalid JSON: the exponent of this number has no digits");
    EXPECT_RAW("{\"a\": +1}", "t.json:1:7: invalid JSON: expected a value, got '+'");
    EXPECT_RAW("{\"a\": .5}", "t.json:1:7: invalid JSON: expected a value, got '.'");
    /* bistro's limit, not invalid JSON: said with the limit and the value's path */
    EXPECT_RAW("{\"a\": 1000000000000000000000000000000000000000000000000000000000000000}",
               "t.json:1:7: $.a: this number is 64 characters long; numbers are at most 63 "
               "characters");
    /* 63 characters pass the scan; the loader then reads the seed (too large) */
    EXPECT_RAW("{\"schema\": \"bistro/1\", \"title\": \"t\", \"workload\": {\"arrivals\": "
               "{\"burst\": 1}, \"request\": []}, \"runtimes\": [], \"seed\": "
               "100000000000000000000000000000000000000000000000000000000000000}",
               "t.json:1:117: $.seed: expected a whole number from 0 to 9007199254740992, got "
               "1000000000000000000000000000000000000...",
               "t.json:1:88: $.workload.request: a request needs at least one step",
               "t.json:1:105: $.runtimes: expected at least one runtime");
}

/* A number too long is refused while scanning, before the file is a tree: its path
 * comes from the containers open at that point, keys as the file writes them. */
static void test_parse_long_number_path(void **state)
{
    (void)state;
    char text[512], digits[71];
    memset(digits, '7', 70);
    digits[70] = '\0';
    snprintf(text, sizeof text,
             "{\"schema\": \"bistro/1\", \"title\": \"t\",\n"
             "\"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": \"1ms\"}, "
             "{\"cpu\": -%s}]}}",
             digits);
    EXPECT_RAW(text, "t.json:2:76: $.workload.request[1].cpu: this number is 71 characters long; "
                     "numbers are at most 63 characters");
    snprintf(text, sizeof text, "{\"a\\\"b c\": {\"d\u00e9vice.x\": [1, [2, %s]]}}", digits);
    EXPECT_RAW(text, "t.json:1:34: $[\"a\\\"b c\"][\"d\u00e9vice.x\"][1][1]: this number is 70 "
                     "characters long; numbers are at most 63 characters");
    /* a long key is shortened to whole characters and escapes */
    snprintf(text, sizeof text, "{\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\u00e9\": 1e%s}",
             digits);
    EXPECT_RAW(text, "t.json:1:51: $[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"]: this "
                     "number is 72 characters long; numbers are at most 63 characters");
}

static void test_parse_rejects_bad_strings(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\": \"x\ty\"}",
               "t.json:1:9: invalid JSON: control character (byte 0x09) inside a string; "
               "write it as an escape like \\t");
    EXPECT_RAW("{\"a\": \"\\x\"}",
               "t.json:1:8: invalid JSON: invalid escape \\ followed by 'x' in a string "
               "(valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    EXPECT_RAW("{\"a\": \"\\u00zz\"}",
               "t.json:1:8: invalid JSON: \\u must be followed by four hexadecimal "
               "digits, like \\u00e9");
    EXPECT_RAW("{\"a\": \"\\u0000\"}",
               "t.json:1:8: invalid JSON: \\u0000 (a NUL character) is not allowed "
               "in a string");
    EXPECT_RAW("{\"a\": \"\\ud83d\"}",
               "t.json:1:8: invalid JSON: \\uD83D must be followed by a second \\u "
               "escape from \\uDC00 to \\uDFFF (a surrogate pair)");
    EXPECT_RAW("{\"a\": \"\\ude00\"}",
               "t.json:1:8: invalid JSON: \\uDE00 is the second half of a surrogate "
               "pair, without the first half");
    EXPECT_RAW("{\"a\": \"\\ud83d\\u0041\"}",
               "t.json:1:8: invalid JSON: \\uD83D must be followed by a second \\u "
               "escape from \\uDC00 to \\uDFFF (a surrogate pair)");
    EXPECT_RAW("{\"a\": \"\377\"}",
               "t.json:1:8: invalid JSON: invalid UTF-8 (byte 0xff) in a string; save "
               "the file as UTF-8");
    EXPECT_RAW("{\"a\": \"\300\257\"}",
               "t.json:1:8: invalid JSON: invalid UTF-8 (byte 0xc0) in a string; save "
               "the file as UTF-8");
    EXPECT_RAW("{\"a\": \"\355\240\200\"}",
               "t.json:1:8: invalid JSON: invalid UTF-8 (byte 0xed) in a string; save "
               "the file as UTF-8");
}

static void test_parse_rejects_nul_bytes(void **state)
{
    (void)state;
    EXPECT_RAW("{}\000", "t.json:1:3: invalid JSON: unexpected byte 0x00 after the end of the "
                         "JSON value (a file holds one JSON object)");
    EXPECT_RAW("{\"a\": \"x\000y\"}",
               "t.json:1:9: invalid JSON: control character (byte 0x00) inside a string; "
               "write it as an escape like \\t");
    EXPECT_RAW("\000{}", "t.json:1:1: invalid JSON: expected a value, got byte 0x00");
}

static void test_parse_rejects_deep_nesting(void **state)
{
    (void)state;
    EXPECT_RAW("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
               "t.json:1:37: nested deeper than 32 levels of objects and arrays (bistro's limit)");
    EXPECT_RAW("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
               "t.json:1:33: nested deeper than 32 levels of objects and arrays (bistro's limit)");
    EXPECT_RAW("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], "
               "\"schema\": \"bistro/1\"}",
               "t.json:1:2: $: unknown key \"a\" (expected one of: schema, title, "
               "description, seed, machine, devices, workload, runtimes, narration, code, $schema, "
               "lesson, questions, state, services, network)",
               "t.json:1:1: $: missing required key \"title\"",
               "t.json:1:1: $: missing required key \"workload\"",
               "t.json:1:1: $: missing required key \"runtimes\"");
}

static void test_parse_counts_columns_in_bytes(void **state)
{
    (void)state;
    EXPECT_RAW("{\"caf\303\251\": \"\303\251\", \"x\": 1,}",
               "t.json:1:23: invalid JSON: a comma before '}' is not allowed in JSON "
               "(remove this comma)");
    EXPECT_RAW("\357\273\277{,}",
               "t.json:1:5: invalid JSON: expected a key in double quotes, got ','");
}

static void test_top_rejects_non_object(void **state)
{
    (void)state;
    EXPECT_RAW("[]", "t.json:1:1: $: expected a JSON object {\"schema\": \"bistro/1\", ...} "
                     "as the whole file, got an empty array");
    EXPECT_RAW("5", "t.json:1:1: $: expected a JSON object {\"schema\": \"bistro/1\", ...} "
                    "as the whole file, got 5");
    EXPECT_RAW("\n  \"bistro/1\"",
               "t.json:2:3: $: expected a JSON object {\"schema\": \"bistro/1\", ...} "
               "as the whole file, got \"bistro/1\"");
}

static void test_top_reports_missing_keys(void **state)
{
    (void)state;
    EXPECT_RAW("{}", "t.json:1:1: $: missing required key \"schema\"",
               "t.json:1:1: $: missing required key \"title\"",
               "t.json:1:1: $: missing required key \"workload\"",
               "t.json:1:1: $: missing required key \"runtimes\"");
}

static void test_top_stops_at_other_schema(void **state)
{
    (void)state;
    EXPECT_RAW("{\"schema\": \"bistro/2\", \"title\": 5}",
               "t.json:1:12: $.schema: expected \"bistro/1\", got \"bistro/2\" (this "
               "version of bistro reads \"bistro/1\" files)");
}

static void test_top_rejects_schema_type(void **state)
{
    (void)state;
    EXPECT_RAW("{\"schema\": 1, \"title\": \"t\", \"workload\": {\"arrivals\": {\"burst\": "
               "1}, \"request\": [{\"cpu\": 1}]}, \"runtimes\": [{\"name\": \"a\", "
               "\"model\": \"threads\"}]}",
               "t.json:1:12: $.schema: expected \"bistro/1\", got 1 (this version "
               "of bistro reads \"bistro/1\" files)");
}

static void test_top_rejects_unknown_and_duplicate_keys(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"colour\": \"red\", \"title\": \"u\"",
                 "t.json:2:1: $: unknown key \"colour\" (expected one of: schema, title, "
                 "description, seed, machine, devices, workload, runtimes, narration, code, "
                 "$schema, lesson, questions, state, services, network)",
                 "t.json:2:18: $: duplicate key \"title\" (first given at line 1)");
    /* Found by the fuzzer (in the fuzz target's own check): a key may say anything,
     * and the message quotes it. tests/corpus/regress-key-says-internal-error.json */
    EXPECT_RAW("{\"schema\": \"bistro/1\", \"internal error\": \"read this file differently\"}",
               "t.json:1:24: $: unknown key \"internal error\" (expected one of: schema, title, "
               "description, seed, machine, devices, workload, runtimes, narration, code, $schema, "
               "lesson, questions, state, services, network)",
               "t.json:1:1: $: missing required key \"title\"",
               "t.json:1:1: $: missing required key \"workload\"",
               "t.json:1:1: $: missing required key \"runtimes\"");
}

static void test_title_rejects_bad_titles(void **state)
{
    (void)state;
    EXPECT_RAW("{\"schema\": \"bistro/1\", \"title\": \"\", \"workload\": {\"arrivals\": "
               "{\"burst\": 1}, \"request\": [{\"cpu\": 1}]}, \"runtimes\": [{\"name\": "
               "\"a\", \"model\": \"threads\"}]}",
               "t.json:1:33: $.title: expected a non-empty string, got \"\"");
    EXPECT_RAW("{\"schema\": \"bistro/1\", \"title\": [\"t\"], \"workload\": {\"arrivals\": "
               "{\"burst\": 1}, \"request\": [{\"cpu\": 1}]}, \"runtimes\": [{\"name\": "
               "\"a\", \"model\": \"threads\"}]}",
               "t.json:1:33: $.title: expected a string, got an array");
}

static void test_description_rejects_non_string(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"description\": null",
                 "t.json:2:16: $.description: expected a string, got null");
}

static void test_seed_rejects_bad_seeds(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"seed\": -1",
                 "t.json:2:9: $.seed: expected a whole number from 0 to 9007199254740992, got -1");
    EXPECT_EXTRA("\"seed\": 1.5",
                 "t.json:2:9: $.seed: expected a whole number from 0 to 9007199254740992, got 1.5");
    EXPECT_EXTRA("\"seed\": 9007199254740993",
                 "t.json:2:9: $.seed: expected a whole number from 0 to 9007199254740992, "
                 "got 9007199254740993");
    EXPECT_EXTRA(
        "\"seed\": \"1\"",
        "t.json:2:9: $.seed: expected a whole number from 0 to 9007199254740992, got \"1\"");
    EXPECT_EXTRA("\"seed\": 1e400",
                 "t.json:2:9: $.seed: expected a whole number from 0 to 9007199254740992, "
                 "got 1e400");
}

static void test_machine_rejects_bad_values(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"machine\": 4",
                 "t.json:2:12: $.machine: expected an object like {\"cores\": 2}, got 4");
    EXPECT_EXTRA("\"machine\": {\"cores\": 0, \"quantum\": \"0ms\", \"context_switch\": "
                 "-1, \"thread_memory\": \"8 MiB\", \"connection_memory\": \"2TiB\", "
                 "\"process_memory\": 1.5, \"corez\": 2}",
                 "t.json:2:143: $.machine: unknown key \"corez\" (expected one of: cores, "
                 "quantum, context_switch, thread_memory, connection_memory, process_memory, "
                 "jitter)",
                 "t.json:2:22: $.machine.cores: expected a whole number from 1 to 1024, got 0",
                 "t.json:2:36: $.machine.quantum: expected a duration above 0, got \"0ms\"",
                 "t.json:2:61: $.machine.context_switch: expected a duration like \"5ms\", got -1",
                 "t.json:2:82: $.machine.thread_memory: expected a size like \"8MiB\" "
                 "(units: B, KB, MB, GB, KiB, MiB, GiB) or a whole number of bytes, "
                 "got \"8 MiB\"",
                 "t.json:2:112: $.machine.connection_memory: the size \"2TiB\" is larger "
                 "than the limit of 1TiB",
                 "t.json:2:138: $.machine.process_memory: expected a size like \"8MiB\" "
                 "(units: B, KB, MB, GB, KiB, MiB, GiB) or a whole number of bytes, got 1.5");
    EXPECT_EXTRA(
        "\"machine\": {\"cores\": 1025, \"quantum\": {\"exp\": \"1ms\"}, \"thread_memory\": -5}",
        "t.json:2:22: $.machine.cores: expected a whole number from 1 to 1024, "
        "got 1025",
        "t.json:2:39: $.machine.quantum: expected a duration like \"5ms\", "
        "got an object (a distribution is not allowed here)",
        "t.json:2:72: $.machine.thread_memory: expected a size like \"8MiB\" "
        "(units: B, KB, MB, GB, KiB, MiB, GiB) or a whole number of bytes, got -5");
    EXPECT_EXTRA(
        "\"machine\": {\"cores\": \"2\", \"context_switch\": \"1 us\", \"process_memory\": \"1."
        "5\"}",
        "t.json:2:22: $.machine.cores: expected a whole number from 1 to 1024, got \"2\"",
        "t.json:2:45: $.machine.context_switch: expected a duration like \"5ms\" "
        "(units: ns, us, ms, s), got \"1 us\"",
        "t.json:2:71: $.machine.process_memory: expected a size like \"8MiB\" "
        "(units: B, KB, MB, GB, KiB, MiB, GiB) or a whole number of bytes, "
        "got \"1.5\"");
    /* at most 6 digits after the point, and the message says so */
    EXPECT_EXTRA("\"machine\": {\"thread_memory\": \"1.0000001MiB\", \"process_memory\": "
                 "\"1.000001MiB\"}",
                 "t.json:2:30: $.machine.thread_memory: the size \"1.0000001MiB\" has 7 digits "
                 "after the decimal point; a size has at most 6 (or write it in a smaller unit)");
}

static void test_devices_rejects_bad_devices(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"devices\": []",
                 "t.json:2:12: $.devices: expected an object like {\"db\": {\"capacity\": "
                 "10}}, got an empty array");
    EXPECT_EXTRA("\"devices\": {\"db\": {\"capacity\": 0, \"via\": \"pool\", \"size\": "
                 "1}, \"\": {}, \"db\": {}, \"disk\": 5}",
                 "t.json:2:50: $.devices.db: unknown key \"size\" (expected one of: "
                 "capacity, via)",
                 "t.json:2:32: $.devices.db.capacity: expected a whole number from 1 "
                 "to 1000000000, got 0",
                 "t.json:2:42: $.devices.db.via: expected \"threadpool\" or \"poller\", "
                 "got \"pool\"",
                 "t.json:2:62: $.devices[\"\"]: a device needs a name, like \"db\"",
                 "t.json:2:70: $.devices: duplicate key \"db\" (first given at line 2)",
                 "t.json:2:88: $.devices.disk: expected an object like {\"capacity\": "
                 "10}, got 5");
    EXPECT_EXTRA("\"devices\": {\"db\": {\"capacity\": 1.5}, \"net\": {\"capacity\": "
                 "1e400, \"via\": 1}}",
                 "t.json:2:32: $.devices.db.capacity: expected a whole number from 1 "
                 "to 1000000000, got 1.5",
                 "t.json:2:58: $.devices.net.capacity: expected a whole number from "
                 "1 to 1000000000, got 1e400",
                 "t.json:2:72: $.devices.net.via: expected \"threadpool\" or \"poller\", got 1");
}

static void test_step_rejects_non_steps(void **state)
{
    (void)state;
    EXPECT_STEPS("[5]", "t.json:6:2: $.workload.request[0]: expected a step like {\"cpu\": "
                        "\"5ms\"}, got 5");
    EXPECT_STEPS("[{}]", "t.json:6:2: $.workload.request[0]: a step needs one of the keys cpu, "
                         "native, io, log, microtask, next_tick, timeout, immediate, parallel, "
                         "offload, repeat, interval, sleep, await, spawn, join, resolve, read, "
                         "write, lock, call; got an empty object");
    EXPECT_STEPS("[{\"cpux\": 1}]",
                 "t.json:6:2: $.workload.request[0]: a step needs one of the keys cpu, "
                 "native, io, log, microtask, next_tick, timeout, immediate, parallel, "
                 "offload, repeat, interval, sleep, await, spawn, join, resolve, read, write, "
                 "lock, call; got the key \"cpux\"");
}

/* Shared state and locks (scenario_state.c): every problem where it is written. */
static void test_state_rejects_bad_values(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"state\": {\"stock\": \"ten\", \"n\": 1.5}",
                 "t.json:2:20: $.state.stock: expected a whole number from -1000000000000000 to "
                 "1000000000000000, got \"ten\"",
                 "t.json:2:32: $.state.n: expected a whole number from -1000000000000000 to "
                 "1000000000000000, got 1.5");
    EXPECT_EXTRA("\"state\": [1]",
                 "t.json:2:10: $.state: expected an object of shared values like {\"stock\": "
                 "10}, got an array");
    EXPECT_EXTRA("\"state\": {\"stock\": 1, \"stock\": 2}",
                 "t.json:2:23: $.state.stock: duplicate shared value \"stock\"");
    EXPECT_EXTRA("\"state\": {\"\": 1}",
                 "t.json:2:11: $.state[\"\"]: a shared value needs a name (got \"\")");
}

static void test_state_steps_need_their_value(void **state)
{
    (void)state;
    EXPECT_EXTRA_STEPS(
        "\"state\": {\"stock\": 1, \"n\": 0}",
        "[{\"read\": \"stok\"}, {\"write\": \"n\", \"add\": -1}]",
        "t.json:6:11: $.workload.request[0].read: \"stok\" names no shared value (state: "
        "\"stock\", \"n\")",
        "t.json:6:30: $.workload.request[1].write: write \"n\" before any {\"read\": \"n\"} of "
        "this request: a write stores the request's copy of the value plus add, so the "
        "request must read it first");
    EXPECT_STEPS("[{\"read\": \"stock\"}]",
                 "t.json:6:11: $.workload.request[0].read: \"stock\" names no shared value: this "
                 "scenario has no \"state\" (give it one like \"state\": {\"stock\": 10})");
    EXPECT_EXTRA_STEPS("\"state\": {\"stock\": 1}",
                       "[{\"read\": \"stock\", \"add\": 1}, {\"write\": \"stock\", \"add\": "
                       "0.5}, {\"lock\": \"m\"}]",
                       "t.json:6:20: $.workload.request[0]: unknown key \"add\" (expected one "
                       "of: read, line)",
                       "t.json:6:57: $.workload.request[1].add: expected a whole number from "
                       "-1000000000000000 to 1000000000000000, got 0.5",
                       "t.json:6:63: $.workload.request[2]: missing required key \"steps\"");
}

static void test_lock_refuses_deadlocks(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"lock\": \"m\", \"steps\": [{\"cpu\": \"1ms\"}, {\"lock\": \"m\", "
                 "\"steps\": []}]}]",
                 "t.json:6:51: $.workload.request[0].steps[1].lock: lock \"m\" is already held "
                 "here (a lock step of the same name encloses this one): the request would "
                 "wait for itself forever, a deadlock; take it once");
    EXPECT_STEPS("[{\"lock\": \"a\", \"steps\": [{\"lock\": \"b\", \"steps\": []}]},\n"
                 " {\"lock\": \"b\", \"steps\": [{\"lock\": \"a\", \"steps\": []}]}]",
                 "t.json:7:35: $.workload.request[1].steps[0].lock: lock \"a\" is taken inside "
                 "lock \"b\" here, but lock \"b\" inside lock \"a\" at line 6: two requests can "
                 "each hold one and wait for the other, a deadlock; take them in the same order "
                 "everywhere");
}

/* A lock held across a call that a runtime makes in its own process ("in_process"),
 * whose service takes the same lock: in process the two are one lock, and the
 * request would wait for itself. Separate servers keep their own locks: the same
 * scenario loads without in_process. */
#define SVC_ML_LOCKS                                                                           \
    "\"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, \"request\": [{\"lock\": " \
    "\"m\", \"steps\": [{\"cpu\": \"1ms\"}]}]}}"
#define HOLD_M_CALL_ML "[{\"lock\": \"m\", \"steps\": [{\"cpu\": \"1ms\"}, {\"call\": \"ml\"}]}]"

static void test_lock_across_in_process_call(void **state)
{
    (void)state;
    EXPECT_DOC(doc_parts(SVC_ML_LOCKS, NULL, HOLD_M_CALL_ML,
                         "[{\"name\": \"gateway\", \"model\": \"threads\"},\n"
                         " {\"name\": \"py\", \"model\": \"threads\", \"in_process\": [\"ml\"]}]"),
               "t.json:6:51: $.workload.request[0].steps[1].call: lock \"m\" is held across this "
               "call of service \"ml\", which runtime \"py\" makes in its own process "
               "(\"in_process\"), and the service's request takes lock \"m\" too: in process it "
               "is the same lock, so the request would wait for itself forever, a deadlock; "
               "release the lock before the call, or call the service over the network");
    /* without in_process the service is a server of its own, with its own "m" */
    scn_scenario *s = load_doc_ok(doc_parts(SVC_ML_LOCKS, NULL, HOLD_M_CALL_ML,
                                            "[{\"name\": \"gateway\", \"model\": \"threads\"}]"));
    assert_int_equal(s->nlocks, 1);
    scn_free(s);
    /* another lock, or the call after the lock's steps: nothing waits for itself */
    scn_free(load_doc_ok(doc_parts(SVC_ML_LOCKS, NULL,
                                   "[{\"lock\": \"n\", \"steps\": [{\"call\": \"ml\"}]}]",
                                   "[{\"name\": \"py\", \"model\": \"threads\", "
                                   "\"in_process\": [\"ml\"]}]")));
    scn_free(load_doc_ok(doc_parts(
        SVC_ML_LOCKS, NULL, "[{\"lock\": \"m\", \"steps\": [{\"cpu\": 1}]}, {\"call\": \"ml\"}]",
        "[{\"name\": \"py\", \"model\": \"threads\", "
        "\"in_process\": [\"ml\"]}]")));
    /* through the service's own call of another it runs in process: ml calls feat,
     * which takes "m"; in an event loop's callback ("then") as well */
    const char *chain = "\"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, "
                        "\"request\": [{\"call\": \"feat\"}]}, \"feat\": {\"runtime\": "
                        "{\"model\": \"threads\"}, \"request\": [{\"lock\": \"m\", \"steps\": "
                        "[{\"cpu\": 1}]}]}}";
    EXPECT_DOC(doc_parts(chain, NULL,
                         "[{\"io\": 1, \"then\": [{\"lock\": \"m\", \"steps\": [{\"call\": "
                         "\"ml\"}]}]}]",
                         "[{\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"node\", "
                         "\"in_process\": "
                         "[\"ml\", \"feat\"]}]"),
               "t.json:6:54: $.workload.request[0].then[0].steps[0].call: lock \"m\" is held "
               "across this call of service \"ml\", which runtime \"loop\" makes in its own "
               "process (\"in_process\"), and the service's request takes lock \"m\" too (in "
               "service \"feat\", which it calls in process too): in process it is the same "
               "lock, so the request would wait for itself forever, a deadlock; release the "
               "lock before the call, or call the service over the network");
    /* feat over the network (only ml in process): feat's "m" is feat's own */
    scn_free(
        load_doc_ok(doc_parts(chain, NULL, "[{\"lock\": \"m\", \"steps\": [{\"call\": \"ml\"}]}]",
                              "[{\"name\": \"py\", \"model\": \"threads\", "
                              "\"in_process\": [\"ml\"]}]")));
    /* a service run in process that holds the lock across its own in-process call */
    const char *inner =
        "\"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, \"request\": [{\"lock\": "
        "\"m\", \"steps\": [{\"call\": \"feat\"}]}]}, \"feat\": {\"runtime\": {\"model\": "
        "\"threads\"}, \"request\": [{\"lock\": \"m\", \"steps\": [{\"cpu\": 1}]}]}}";
    EXPECT_DOC(doc_parts(inner, NULL, "[{\"call\": \"ml\"}]",
                         "[{\"name\": \"a\", \"model\": \"threads\"},\n"
                         " {\"name\": \"py\", \"model\": \"threads\", \"in_process\": [\"feat\", "
                         "\"ml\"]}]"),
               "t.json:2:99: $.services.ml.request[0].steps[0].call: lock \"m\" is held across "
               "this call of service \"feat\", which runtime \"py\" makes in its own process "
               "(\"in_process\"), and the service's request takes lock \"m\" too: in process it "
               "is the same lock, so the request would wait for itself forever, a deadlock; "
               "release the lock before the call, or call the service over the network");
    /* ... but not when only feat is in process: ml, its own server, calls feat over
     * the network */
    scn_free(load_doc_ok(doc_parts(inner, NULL, "[{\"call\": \"ml\"}]",
                                   "[{\"name\": \"py\", \"model\": \"threads\", "
                                   "\"in_process\": [\"feat\"]}]")));
}

static void test_step_rejects_two_kinds(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"cpu\": \"1ms\", \"io\": \"1ms\", \"log\": \"x\"}]",
                 "t.json:6:17: $.workload.request[0]: a step does one thing, but this "
                 "one has both \"cpu\" and \"io\" (make them two steps)",
                 "t.json:6:30: $.workload.request[0]: a step does one thing, but this "
                 "one has both \"cpu\" and \"log\" (make them two steps)");
}

static void test_step_rejects_unknown_and_duplicate_keys(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"cpu\": \"1ms\", \"device\": \"db\"}]",
                 "t.json:6:17: $.workload.request[0]: unknown key \"device\" (expected "
                 "one of: cpu, line)");
    EXPECT_STEPS("[{\"cpu\": \"1ms\", \"cpu\": \"2ms\"}]",
                 "t.json:6:17: $.workload.request[0]: duplicate key \"cpu\" (first given "
                 "at line 6)");
}

static void test_step_rejects_bad_durations(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"cpu\": \"5 ms\"}, {\"cpu\": -3}, {\"cpu\": true}, {\"cpu\": \"2000000s\"}, "
                 "{\"cpu\": 1e12}, {\"native\": \"5m\"}, {\"cpu\": null}, {\"io\": [1]}]",
                 "t.json:6:10: $.workload.request[0].cpu: expected a duration like \"5ms\" "
                 "(units: ns, us, ms, s), got \"5 ms\"",
                 "t.json:6:27: $.workload.request[1].cpu: expected a duration like \"5ms\", got -3",
                 "t.json:6:40: $.workload.request[2].cpu: expected a duration like \"5ms\" "
                 "or a distribution like {\"exp\": \"5ms\"}, got true",
                 "t.json:6:55: $.workload.request[3].cpu: the duration \"2000000s\" "
                 "is longer than the limit of 1000000s",
                 "t.json:6:76: $.workload.request[4].cpu: the duration 1e12 ms is longer "
                 "than the limit of 1000000s",
                 "t.json:6:94: $.workload.request[5].native: expected a duration like "
                 "\"5ms\" (units: ns, us, ms, s), got \"5m\"",
                 "t.json:6:109: $.workload.request[6].cpu: expected a duration like "
                 "\"5ms\" or a distribution like {\"exp\": \"5ms\"}, got null",
                 "t.json:6:123: $.workload.request[7].io: expected a duration like \"5ms\" "
                 "or a distribution like {\"exp\": \"5ms\"}, got an array");
}

static void test_step_rejects_bad_io(void **state)
{
    (void)state;
    EXPECT_EXTRA_STEPS(
        "\"devices\": {\"db\": {}, \"disk\": {}}",
        "[{\"io\": \"1ms\", \"device\": \"dbb\"}, {\"io\": \"1ms\", \"device\": "
        "3}, {\"io\": \"1ms\", \"then\": {}}, {\"io\": \"1ms\", \"to\": \"worker\"}]",
        "t.json:6:26: $.workload.request[0].device: unknown device \"dbb\" "
        "(devices: db, disk)",
        "t.json:6:58: $.workload.request[1].device: expected a string, got 3",
        "t.json:6:84: $.workload.request[2].then: expected a list of steps "
        "like [{\"cpu\": \"5ms\"}], got an empty object",
        "t.json:6:103: $.workload.request[3]: unknown key \"to\" (expected "
        "one of: io, device, then, line, round_trips)");
    EXPECT_STEPS("[{\"io\": \"1ms\", \"device\": \"db\"}]",
                 "t.json:6:26: $.workload.request[0].device: unknown device \"db\" (this "
                 "scenario has no \"devices\")");
}

static void test_step_rejects_bad_log(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"log\": 5}, {\"log\": [\"x\"]}]",
                 "t.json:6:10: $.workload.request[0].log: expected a string, got 5",
                 "t.json:6:22: $.workload.request[1].log: expected a string, got an array");
}

static void test_step_rejects_bad_callbacks(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"microtask\": {}}, {\"next_tick\": \"x\"}, {\"immediate\": [5]}, "
                 "{\"timeout\": \"1ms\", \"then\": 5}, {\"timeout\": \"1ms\", \"then\": "
                 "[], \"device\": \"db\"}]",
                 "t.json:6:16: $.workload.request[0].microtask: expected a list of steps "
                 "like [{\"cpu\": \"5ms\"}], got an empty object",
                 "t.json:6:35: $.workload.request[1].next_tick: expected a list of steps "
                 "like [{\"cpu\": \"5ms\"}], got \"x\"",
                 "t.json:6:56: $.workload.request[2].immediate[0]: expected a step like "
                 "{\"cpu\": \"5ms\"}, got 5",
                 "t.json:6:88: $.workload.request[3].then: expected a list of steps "
                 "like [{\"cpu\": \"5ms\"}], got 5",
                 "t.json:6:123: $.workload.request[4]: unknown key \"device\" (expected "
                 "one of: timeout, then, line)");
}

static void test_step_rejects_bad_parallel(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"parallel\": []}, {\"parallel\": {}}, {\"parallel\": [5, [{\"cpux\": 1}]]}]",
                 "t.json:6:15: $.workload.request[0].parallel: a parallel step needs "
                 "at least one branch",
                 "t.json:6:33: $.workload.request[1].parallel: expected a list of branches "
                 "like [[{\"cpu\": \"5ms\"}], [{\"io\": \"5ms\"}]], got an empty object",
                 "t.json:6:52: $.workload.request[2].parallel[0]: expected a list of "
                 "steps like [{\"cpu\": \"5ms\"}], got 5",
                 "t.json:6:56: $.workload.request[2].parallel[1][0]: a step needs one "
                 "of the keys cpu, native, io, log, microtask, next_tick, timeout, immediate, "
                 "parallel, offload, repeat, interval, sleep, await, spawn, join, resolve, "
                 "read, write, lock, call; got the key \"cpux\"");
}

/* Task and promise names: a join needs a spawn before it, an await of a name a
 * resolve of it somewhere in the same request; one name is a task or a promise. */
static void test_step_rejects_bad_task_names(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"join\": \"t\"}, {\"spawn\": \"t\", \"steps\": []}]",
                 "t.json:6:11: $.workload.request[0].join: join \"t\" names no task: a join "
                 "awaits the task of a {\"spawn\": \"t\"} step that comes before it in the "
                 "same request");
    /* a task cannot join itself: its name counts from the end of its steps */
    EXPECT_STEPS("[{\"spawn\": \"t\", \"steps\": [{\"join\": \"t\"}]}]",
                 "t.json:6:36: $.workload.request[0].steps[0].join: join \"t\" names no task: "
                 "a join awaits the task of a {\"spawn\": \"t\"} step that comes before it in "
                 "the same request");
    EXPECT_STEPS("[{\"resolve\": \"p\"}, {\"join\": \"p\"}]",
                 "t.json:6:29: $.workload.request[1].join: join \"p\" names no task: a join "
                 "awaits the task of a {\"spawn\": \"p\"} step that comes before it in the "
                 "same request (\"p\" is a promise: {\"await\": \"p\"})");
    EXPECT_STEPS("[{\"resolve\": \"resolved\"}, {\"spawn\": \"t\", \"steps\": []}, {\"resolve\": "
                 "\"t\"}, {\"resolve\": \"p\"}, {\"spawn\": \"p\", \"steps\": []}]",
                 "t.json:6:14: $.workload.request[0].resolve: \"resolved\" is a word of await "
                 "({\"await\": \"resolved\"} awaits no promise of the request); name the "
                 "promise something else",
                 "t.json:6:68: $.workload.request[2].resolve: \"t\" names a task (a spawn "
                 "step); a task's promise settles when its steps end, not with resolve",
                 "t.json:6:102: $.workload.request[4].spawn: \"p\" is already the name of a "
                 "promise (a resolve step) in this request; a task needs a name of its own");
}

static void test_step_rejects_bad_awaits(void **state)
{
    (void)state;
    /* a resolve may come after the await (in a callback), but it must be there */
    EXPECT_STEPS("[{\"microtask\": [{\"await\": \"p\"}]}, {\"parallel\": [[{\"log\": \"x\"}], "
                 "[{\"await\": \"q\"}]]}, {\"timeout\": 1, \"then\": [{\"resolve\": \"p\"}]}]",
                 "t.json:6:76: $.workload.request[1].parallel[1][0].await: await \"q\" names no "
                 "promise: a {\"resolve\": \"q\"} step must settle it somewhere in the same "
                 "request (or await \"resolved\", \"thenable\" or a list of steps)");
    EXPECT_STEPS("[{\"spawn\": \"t\", \"steps\": []}, {\"await\": \"t\"}]",
                 "t.json:6:41: $.workload.request[1].await: \"t\" is a task (a spawn step): "
                 "await it with {\"join\": \"t\"}");
    EXPECT_STEPS("[{\"await\": 5}, {\"await\": \"resolved\", \"returns\": \"promise\"}, "
                 "{\"await\": [], \"returns\": \"maybe\"}, {\"spawn\": \"\"}]",
                 "t.json:6:12: $.workload.request[0].await: expected a list of steps (an async "
                 "call), \"resolved\", \"thenable\" or the name of a promise, got 5",
                 "t.json:6:49: $.workload.request[1].returns: \"returns\" tells what an awaited "
                 "async function returns: it needs a list of steps in \"await\"",
                 "t.json:6:86: $.workload.request[2].returns: expected \"value\" or "
                 "\"promise\", got \"maybe\"",
                 "t.json:6:96: $.workload.request[3]: missing required key \"steps\"",
                 "t.json:6:106: $.workload.request[3].spawn: expected a non-empty string, "
                 "got \"\"");
    /* offloaded steps run on another thread: an awaited call is fine there, a task
     * or a promise of the loop is not */
    EXPECT_STEPS("[{\"offload\": [{\"spawn\": \"t\", \"steps\": []}, {\"await\": \"p\"}, "
                 "{\"await\": [{\"log\": \"x\"}]}]}, {\"resolve\": \"p\"}]",
                 "t.json:6:25: $.workload.request[0].offload[0].spawn: a spawn cannot be in "
                 "offloaded steps: they run on another thread, and a task or promise belongs "
                 "to the event loop's thread",
                 "t.json:6:54: $.workload.request[0].offload[1].await: an await of a promise "
                 "cannot be in offloaded steps: they run on another thread, and a task or "
                 "promise belongs to the event loop's thread");
    /* names are scoped to one request */
    EXPECT_WORKLOAD(
        "{\"requests\": [{\"steps\": [{\"spawn\": \"t\", \"steps\": []}, "
        "{\"resolve\": \"p\"}]}, {\"steps\": [{\"join\": \"t\"}, {\"await\": \"p\"}]}]}",
        "t.json:3:95: $.workload.requests[1].steps[0].join: join \"t\" names no "
        "task: a join awaits the task of a {\"spawn\": \"t\"} step that comes before "
        "it in the same request",
        "t.json:3:111: $.workload.requests[1].steps[1].await: await \"p\" names no "
        "promise: a {\"resolve\": \"p\"} step must settle it somewhere in the same "
        "request (or await \"resolved\", \"thenable\" or a list of steps)");
}

static void test_step_rejects_bad_offload(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"offload\": [], \"to\": \"gpu\"}, {\"offload\": {}, \"then\": 5}]",
                 "t.json:6:24: $.workload.request[0].to: expected \"threadpool\" or "
                 "\"worker\", got \"gpu\"",
                 "t.json:6:44: $.workload.request[1].offload: expected a list of steps "
                 "like [{\"cpu\": \"5ms\"}], got an empty object",
                 "t.json:6:56: $.workload.request[1].then: expected a list of steps "
                 "like [{\"cpu\": \"5ms\"}], got 5");
}

static void test_step_rejects_bad_repeat(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"repeat\": -1, \"steps\": []}, {\"repeat\": 1.5, \"steps\": []}, "
                 "{\"repeat\": 1000001, \"steps\": []}, {\"repeat\": 2}, {\"repeat\": "
                 "2, \"steps\": {}}]",
                 "t.json:6:13: $.workload.request[0].repeat: expected a whole number "
                 "from 0 to 1000000, got -1",
                 "t.json:6:42: $.workload.request[1].repeat: expected a whole number "
                 "from 0 to 1000000, got 1.5",
                 "t.json:6:72: $.workload.request[2].repeat: expected a whole number "
                 "from 0 to 1000000, got 1000001",
                 "t.json:6:95: $.workload.request[3]: missing required key \"steps\"",
                 "t.json:6:133: $.workload.request[4].steps: expected a list of steps "
                 "like [{\"cpu\": \"5ms\"}], got an empty object");
}

static void test_step_rejects_bad_interval(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"interval\": \"10ms\"}, {\"interval\": \"10ms\", \"count\": 0}, "
                 "{\"interval\": -1, \"count\": 2}, {\"interval\": \"1ms\", \"count\": "
                 "1000001}, {\"interval\": \"1ms\", \"count\": 2, \"steps\": []}]",
                 "t.json:6:2: $.workload.request[0]: missing required key \"count\"",
                 "t.json:6:54: $.workload.request[1].count: expected a whole number from 1 to "
                 "1000000, got 0",
                 "t.json:6:71: $.workload.request[2].interval: expected a duration like "
                 "\"5ms\", got -1",
                 "t.json:6:117: $.workload.request[3].count: expected a whole number from 1 "
                 "to 1000000, got 1000001",
                 "t.json:6:159: $.workload.request[4]: unknown key \"steps\" (expected one "
                 "of: interval, count, then, line)");
    /* every firing is its callback's steps and one more */
    EXPECT_STEPS("[{\"interval\": \"1ms\", \"count\": 50000, \"then\": [{\"log\": \"x\"}]}]",
                 "t.json:6:1: $.workload.request: this request has more than 100000 "
                 "steps once its repeats are unrolled (the limit is 100000 steps)");
}

static void test_step_rejects_bad_sleep(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"sleep\": -1}, {\"sleep\": \"1ms\", \"then\": []}, {\"sleep\": "
                 "\"1ms\", \"cpu\": \"1ms\"}]",
                 "t.json:6:12: $.workload.request[0].sleep: expected a duration like \"5ms\", "
                 "got -1",
                 "t.json:6:34: $.workload.request[1]: unknown key \"then\" (expected one of: "
                 "sleep, line)",
                 "t.json:6:64: $.workload.request[2]: a step does one thing, but this one "
                 "has both \"sleep\" and \"cpu\" (make them two steps)");
}

static void test_step_rejects_bad_round_trips(void **state)
{
    (void)state;
    EXPECT_EXTRA_STEPS("\"devices\": {\"db\": {}, \"disk\": {\"via\": \"threadpool\"}}",
                       "[{\"io\": \"1ms\", \"device\": \"db\", \"round_trips\": 4}, "
                       "{\"io\": \"1ms\", \"round_trips\": 2}, {\"io\": \"1ms\", \"device\": "
                       "\"disk\", \"round_trips\": 0}, {\"io\": \"1ms\", \"device\": \"disk\", "
                       "\"round_trips\": 1001}, {\"io\": \"1ms\", \"device\": \"db\", "
                       "\"round_trips\": 1}]",
                       "t.json:6:47: $.workload.request[0].round_trips: round_trips needs a "
                       "device with \"via\": \"threadpool\" (the requests of a file read each "
                       "go through the threadpool)",
                       "t.json:6:80: $.workload.request[1].round_trips: round_trips needs a "
                       "device with \"via\": \"threadpool\" (the requests of a file read each "
                       "go through the threadpool)",
                       "t.json:6:131: $.workload.request[2].round_trips: expected a whole number "
                       "from 1 to 1000, got 0",
                       "t.json:6:182: $.workload.request[3].round_trips: expected a whole number "
                       "from 1 to 1000, got 1001");
}

static void test_step_rejects_bad_line(void **state)
{
    (void)state;
    EXPECT_EXTRA_STEPS("\"code\": {\"language\": \"js\", \"lines\": [\"a\", \"b\"]}",
                       "[{\"cpu\": \"1ms\", \"line\": 0}, {\"cpu\": \"1ms\", \"line\": 3}, "
                       "{\"cpu\": \"1ms\", \"line\": 1.5}, {\"cpu\": \"1ms\", \"line\": 2}]",
                       "t.json:6:25: $.workload.request[0].line: expected a whole number from "
                       "1 to 1000, got 0",
                       "t.json:6:52: $.workload.request[1].line: line 3 is past the end of "
                       "the code listing, which has 2 lines",
                       "t.json:6:79: $.workload.request[2].line: expected a whole number from "
                       "1 to 1000, got 1.5");
    /* a listing has at most 1000 lines (SCN_MAX_CODE_LINES), so no line is past that */
    EXPECT_STEPS("[{\"cpu\": \"1ms\", \"line\": 1001}, {\"cpu\": \"1ms\", \"line\": \"1\"}]",
                 "t.json:6:25: $.workload.request[0].line: expected a whole number from "
                 "1 to 1000, got 1001",
                 "t.json:6:55: $.workload.request[1].line: expected a whole number from "
                 "1 to 1000, got \"1\"");
}

static void test_step_rejects_too_many_expanded_steps(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"repeat\": 100000, \"steps\": [{\"cpu\": \"1us\"}]}]",
                 "t.json:6:1: $.workload.request: this request has more than 100000 "
                 "steps once its repeats are unrolled (the limit is 100000 steps)");
    EXPECT_STEPS("[{\"repeat\": 1000000, \"steps\": [{\"repeat\": 1000000, \"steps\": "
                 "[{\"repeat\": 1000000, \"steps\": [{\"cpu\": 1}]}]}]}]",
                 "t.json:6:1: $.workload.request: this request has more than 100000 "
                 "steps once its repeats are unrolled (the limit is 100000 steps)");
    EXPECT_STEPS("[{\"parallel\": [[{\"repeat\": 99998, \"steps\": [{\"cpu\": 1}]}]]}]",
                 "t.json:6:1: $.workload.request: this request has more than 100000 "
                 "steps once its repeats are unrolled (the limit is 100000 steps)");
    EXPECT_STEPS("[{\"offload\": [{\"repeat\": 99997, \"steps\": [{\"cpu\": 1}]}], \"then\": "
                 "[{\"cpu\": 1}]}]",
                 "t.json:6:1: $.workload.request: this request has more than 100000 "
                 "steps once its repeats are unrolled (the limit is 100000 steps)");
}

static void test_step_rejects_empty_request(void **state)
{
    (void)state;
    EXPECT_STEPS("[]", "t.json:6:1: $.workload.request: a request needs at least one step");
    EXPECT_STEPS("{\"cpu\": \"1ms\"}",
                 "t.json:6:1: $.workload.request: expected a list of steps like [{\"cpu\": "
                 "\"5ms\"}], got an object");
}

static void test_dist_rejects_bad_distributions(void **state)
{
    (void)state;
    EXPECT_STEPS("[{\"cpu\": {}}, {\"cpu\": {\"exp\": \"1ms\", \"normal\": [1, 2]}}, "
                 "{\"cpu\": {\"gauss\": 1}}, {\"cpu\": {\"uniform\": [\"3ms\", \"1ms\"]}}]",
                 "t.json:6:10: $.workload.request[0].cpu: expected a distribution with "
                 "one key (exp, uniform, normal or lognormal), got an empty object",
                 "t.json:6:38: $.workload.request[1].cpu: a distribution has exactly "
                 "one key, got both \"exp\" and \"normal\"",
                 "t.json:6:67: $.workload.request[2].cpu: unknown distribution \"gauss\" "
                 "(expected one of: exp, uniform, normal, lognormal)",
                 "t.json:6:101: $.workload.request[3].cpu.uniform: the low end 3ms is "
                 "above the high end 1ms");
    EXPECT_STEPS("[{\"cpu\": {\"uniform\": [1, 2, 3]}}, {\"cpu\": {\"normal\": \"1ms\"}}, "
                 "{\"cpu\": {\"lognormal\": [0, 1]}}, {\"cpu\": {\"exp\": \"x\"}}, {\"cpu\": "
                 "{\"uniform\": [\"1ms\", {\"exp\": 1}]}}]",
                 "t.json:6:22: $.workload.request[0].cpu.uniform: expected [LOW, HIGH], "
                 "a list of two durations, got a list of 3",
                 "t.json:6:54: $.workload.request[1].cpu.normal: expected [MEAN, SD], "
                 "a list of two durations, got \"1ms\"",
                 "t.json:6:86: $.workload.request[2].cpu.lognormal[0]: the mean of a "
                 "lognormal must be above 0",
                 "t.json:6:111: $.workload.request[3].cpu.exp: expected a duration like "
                 "\"5ms\" (units: ns, us, ms, s), got \"x\"",
                 "t.json:6:146: $.workload.request[4].cpu.uniform[1]: expected a duration "
                 "like \"5ms\", got an object (a distribution is not allowed here)");
}

static void test_arrivals_rejects_bad_kinds(void **state)
{
    (void)state;
    EXPECT_ARRIVALS("5", "t.json:4:1: $.workload.arrivals: expected an object like {\"burst\": "
                         "3}, got 5");
    EXPECT_ARRIVALS("{}", "t.json:4:1: $.workload.arrivals: expected one of the keys burst, every, "
                          "poisson_per_s, at, closed");
    EXPECT_ARRIVALS("{\"burst\": 1, \"every\": \"1ms\", \"at\": []}",
                    "t.json:4:14: $.workload.arrivals: give one kind of arrivals, not both "
                    "\"burst\" and \"every\"",
                    "t.json:4:30: $.workload.arrivals: give one kind of arrivals, not both "
                    "\"burst\" and \"at\"");
    EXPECT_ARRIVALS("{\"burst\": 1, \"count\": 2}",
                    "t.json:4:14: $.workload.arrivals: unknown key \"count\" (expected "
                    "one of: burst)");
}

static void test_arrivals_rejects_bad_counts(void **state)
{
    (void)state;
    EXPECT_ARRIVALS("{\"burst\": 0}",
                    "t.json:4:11: $.workload.arrivals.burst: expected a whole number from "
                    "1 to 100000000, got 0");
    EXPECT_ARRIVALS("{\"burst\": 100000001}",
                    "t.json:4:11: $.workload.arrivals.burst: expected a whole number from "
                    "1 to 100000000, got 100000001");
    EXPECT_ARRIVALS("{\"every\": \"1ms\"}",
                    "t.json:4:1: $.workload.arrivals: missing required key \"count\"");
    EXPECT_ARRIVALS(
        "{\"every\": -1, \"count\": 1.5}",
        "t.json:4:11: $.workload.arrivals.every: expected a duration like \"5ms\", got -1",
        "t.json:4:24: $.workload.arrivals.count: expected a whole number from "
        "1 to 100000000, got 1.5");
    EXPECT_ARRIVALS("{\"every\": \"1000s\", \"count\": 100000000}",
                    "t.json:4:1: $.workload.arrivals: 100000000 requests, one every 1000s, "
                    "would arrive past the time limit of 1000000s");
}

static void test_arrivals_rejects_bad_poisson(void **state)
{
    (void)state;
    EXPECT_ARRIVALS("{\"poisson_per_s\": 0, \"count\": 1}",
                    "t.json:4:19: $.workload.arrivals.poisson_per_s: expected a number "
                    "above 0 and at most 1000000000, got 0");
    EXPECT_ARRIVALS("{\"poisson_per_s\": 1e400, \"count\": 1}",
                    "t.json:4:19: $.workload.arrivals.poisson_per_s: expected a number "
                    "above 0 and at most 1000000000, got 1e400");
    EXPECT_ARRIVALS("{\"poisson_per_s\": \"5\"}",
                    "t.json:4:19: $.workload.arrivals.poisson_per_s: expected a number "
                    "above 0 and at most 1000000000, got \"5\"",
                    "t.json:4:1: $.workload.arrivals: missing required key \"count\"");
}

/* What a run could not reach is refused by the loader too (validate = run): a
 * Poisson stream whose mean span is 1e12 s, 10,000 requests of 1e6 s of CPU. */
static void test_workload_refuses_what_no_run_can_reach(void **state)
{
    (void)state;
    EXPECT_WORKLOAD("{\"arrivals\": {\"poisson_per_s\": 1e-9, \"count\": 1000}, "
                    "\"request\": [{\"cpu\": \"1ms\"}]}",
                    "t.json:3:1: $.workload: the requests' arrivals and steps (up to 0.001 s "
                    "of steps a request) come to 1e+12 s of simulated time, past the "
                    "4611686018 s (about 146 years) a run can reach; use fewer requests, "
                    "shorter steps or a higher arrival rate");
    EXPECT_WORKLOAD("{\"arrivals\": {\"burst\": 10000}, \"request\": [{\"repeat\": 2, "
                    "\"steps\": [{\"cpu\": \"500000s\"}]}]}",
                    "t.json:3:1: $.workload: the requests' arrivals and steps (up to 1e+06 s "
                    "of steps a request) come to 1e+10 s of simulated time, past the "
                    "4611686018 s (about 146 years) a run can reach; use fewer requests, "
                    "shorter steps or a higher arrival rate");
}

static void test_arrivals_rejects_bad_at(void **state)
{
    (void)state;
    EXPECT_ARRIVALS("{\"at\": []}",
                    "t.json:4:8: $.workload.arrivals.at: expected at least one arrival time");
    EXPECT_ARRIVALS("{\"at\": \"1ms\"}",
                    "t.json:4:8: $.workload.arrivals.at: expected a list of arrival times "
                    "like [\"0ms\", \"10ms\"], got \"1ms\"");
    EXPECT_ARRIVALS(
        "{\"at\": [\"1ms\", -1, {\"exp\": \"1ms\"}]}",
        "t.json:4:16: $.workload.arrivals.at[1]: expected a duration like \"5ms\", got -1",
        "t.json:4:20: $.workload.arrivals.at[2]: expected a duration like \"5ms\", "
        "got an object (a distribution is not allowed here)");
}

static void test_arrivals_rejects_bad_closed(void **state)
{
    (void)state;
    EXPECT_ARRIVALS(
        "{\"closed\": 5}",
        "t.json:4:12: $.workload.arrivals.closed: expected an object like {\"clients\": "
        "10, \"requests\": 100, \"think\": \"1s\"}, got 5");
    EXPECT_ARRIVALS("{\"closed\": {}}",
                    "t.json:4:12: $.workload.arrivals.closed: missing required key \"clients\"",
                    "t.json:4:12: $.workload.arrivals.closed: missing required key \"requests\"");
    EXPECT_ARRIVALS("{\"closed\": {\"clients\": 0, \"requests\": 1.5, \"think\": \"x\", "
                    "\"wait\": 1}}",
                    "t.json:4:58: $.workload.arrivals.closed: unknown key \"wait\" (expected "
                    "one of: clients, requests, think)",
                    "t.json:4:24: $.workload.arrivals.closed.clients: expected a whole "
                    "number from 1 to 100000000, got 0",
                    "t.json:4:39: $.workload.arrivals.closed.requests: expected a whole "
                    "number from 1 to 100000000, got 1.5",
                    "t.json:4:53: $.workload.arrivals.closed.think: expected a duration "
                    "like \"5ms\" (units: ns, us, ms, s), got \"x\"");
}

static void test_workload_rejects_bad_forms(void **state)
{
    (void)state;
    EXPECT_WORKLOAD("5",
                    "t.json:3:1: $.workload: expected an object like {\"arrivals\": {\"burst\": "
                    "3}, \"request\": [...]}, got 5");
    EXPECT_WORKLOAD("{}", "t.json:3:1: $.workload: expected \"arrivals\" with \"request\" or "
                          "\"mix\", or a list \"requests\"");
    EXPECT_WORKLOAD("{\"arrivals\": {\"burst\": 1}}",
                    "t.json:3:1: $.workload: missing required key \"request\" (the steps "
                    "of every request) or \"mix\"");
    EXPECT_WORKLOAD("{\"request\": [{\"cpu\": 1}]}",
                    "t.json:3:1: $.workload: missing required key \"arrivals\"");
    EXPECT_WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": 1}], \"mix\": "
                    "[{\"weight\": 1, \"steps\": [{\"cpu\": 1}]}]}",
                    "t.json:3:53: $.workload: give either \"request\" or \"mix\", not both");
    EXPECT_WORKLOAD("{\"requests\": [{\"steps\": [{\"cpu\": 1}]}], \"arrivals\": {\"burst\": "
                    "1}, \"request\": [{\"cpu\": 1}], \"mix\": [{\"weight\": 1, \"steps\": "
                    "[{\"cpu\": 1}]}]}",
                    "t.json:3:41: $.workload: \"arrivals\" cannot be combined with \"requests\", "
                    "where each request has its own \"at\" time",
                    "t.json:3:67: $.workload: give either \"request\" (with \"arrivals\") "
                    "or \"requests\", not both",
                    "t.json:3:92: $.workload: give either \"mix\" (with \"arrivals\") or "
                    "\"requests\", not both");
    EXPECT_WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": 1}], \"requsts\": []}",
                    "t.json:3:53: $.workload: unknown key \"requsts\" (expected one of: "
                    "arrivals, request, mix, requests)");
}

static void test_workload_rejects_bad_mix(void **state)
{
    (void)state;
    EXPECT_WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": []}",
                    "t.json:3:35: $.workload.mix: expected at least one kind of request");
    EXPECT_WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": [5, {}, {\"weight\": 0, \"steps\": "
                    "[]}, {\"weight\": 1e400, \"steps\": [{\"cpu\": 1}], \"name\": \"x\"}]}",
                    "t.json:3:36: $.workload.mix[0]: expected an object like {\"weight\": "
                    "3, \"steps\": [...]}, got 5",
                    "t.json:3:39: $.workload.mix[1]: missing required key \"weight\"",
                    "t.json:3:39: $.workload.mix[1]: missing required key \"steps\"",
                    "t.json:3:54: $.workload.mix[2].weight: expected a number above 0 and "
                    "at most 1000000000, got 0",
                    "t.json:3:66: $.workload.mix[2].steps: a request needs at least one step",
                    "t.json:3:112: $.workload.mix[3]: unknown key \"name\" (expected one "
                    "of: weight, steps)",
                    "t.json:3:82: $.workload.mix[3].weight: expected a number above 0 and "
                    "at most 1000000000, got 1e400");
}

static void test_workload_rejects_bad_requests(void **state)
{
    (void)state;
    EXPECT_WORKLOAD("{\"requests\": []}",
                    "t.json:3:14: $.workload.requests: expected at least one request");
    EXPECT_WORKLOAD(
        "{\"requests\": [5, {}, {\"name\": \"\", \"at\": -1, \"steps\": [{\"cpu\": "
        "1}]}, {\"name\": 5, \"at\": {\"exp\": 1}, \"steps\": [], \"priority\": 1}]}",
        "t.json:3:15: $.workload.requests[0]: expected an object like {\"name\": "
        "\"a\", \"at\": \"0ms\", \"steps\": [...]}, got 5",
        "t.json:3:18: $.workload.requests[1]: missing required key \"steps\"",
        "t.json:3:31: $.workload.requests[2].name: expected a non-empty string, got \"\"",
        "t.json:3:41: $.workload.requests[2].at: expected a duration like \"5ms\", got -1",
        "t.json:3:112: $.workload.requests[3]: unknown key \"priority\" (expected "
        "one of: name, at, steps)",
        "t.json:3:78: $.workload.requests[3].name: expected a string, got 5",
        "t.json:3:87: $.workload.requests[3].at: expected a duration like \"5ms\", "
        "got an object (a distribution is not allowed here)",
        "t.json:3:108: $.workload.requests[3].steps: a request needs at least "
        "one step");
}

static void test_runtimes_rejects_bad_lists(void **state)
{
    (void)state;
    EXPECT_RUNTIMES("{}", "t.json:9:1: $.runtimes: expected a list of runtimes like [{\"name\": "
                          "\"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"}], got "
                          "an empty object");
    EXPECT_RUNTIMES("[]", "t.json:9:1: $.runtimes: expected at least one runtime");
    EXPECT_RUNTIMES("[5]",
                    "t.json:9:2: $.runtimes[0]: expected a runtime like {\"name\": \"Node.js\", "
                    "\"model\": \"event_loop\", \"flavor\": \"node\"}, got 5");
}

static void test_runtime_rejects_bad_names(void **state)
{
    (void)state;
    EXPECT_RUNTIMES("[{}]", "t.json:9:2: $.runtimes[0]: missing required key \"name\"",
                    "t.json:9:2: $.runtimes[0]: missing required key \"model\"");
    EXPECT_RUNTIMES("[{\"name\": \"\", \"model\": \"threads\"}, {\"name\": 5, \"model\": "
                    "\"threads\"}]",
                    "t.json:9:11: $.runtimes[0].name: expected a non-empty string, got \"\"",
                    "t.json:9:45: $.runtimes[1].name: expected a string, got 5");
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"threads\"}, {\"name\": \"b\", \"model\": "
                    "\"threads\"}, {\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": "
                    "\"node\"}]",
                    "t.json:9:81: $.runtimes[2].name: the name \"a\" is already used by "
                    "$.runtimes[0]");
}

static void test_runtime_rejects_bad_models(void **state)
{
    (void)state;
    EXPECT_RUNTIMES("[{\"name\": \"a\"}]",
                    "t.json:9:2: $.runtimes[0]: missing required key \"model\"");
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"thread\", \"threads\": 2, \"foo\": 1}]",
                    "t.json:9:25: $.runtimes[0].model: expected one of \"threads\", \"event_loop\" "
                    "or \"processes\", got \"thread\"",
                    "t.json:9:49: $.runtimes[0]: unknown key \"foo\" (expected one of: "
                    "name, model, threads, gil, switch_interval, flavor, threadpool, workers, "
                    "processes, each, dispatch, log_cost, first_log_cost, loop_start, "
                    "worker_start, start_threads, in_process, narration, code)");
}

/* The costs of an event loop (docs/model.md, "Costs"): durations or distributions;
 * a loop's start and a worker's start are Node's only. */
static void test_runtime_rejects_bad_costs(void **state)
{
    (void)state;
    EXPECT_RUNTIMES(
        "[{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
        "\"log_cost\": -1, \"first_log_cost\": {\"exp\": \"x\"}, \"loop_start\": true, "
        "\"worker_start\": \"60ms\"}]",
        "t.json:9:69: $.runtimes[0].log_cost: expected a duration like \"5ms\", got -1",
        "t.json:9:99: $.runtimes[0].first_log_cost.exp: expected a duration like \"5ms\" "
        "(units: ns, us, ms, s), got \"x\"",
        "t.json:9:119: $.runtimes[0].loop_start: expected a duration like \"5ms\" or a "
        "distribution like {\"exp\": \"5ms\"}, got true");
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
                    "\"log_cost\": \"9us\", \"loop_start\": 0, \"worker_start\": 0}]",
                    "t.json:9:79: $.runtimes[0]: \"loop_start\" is only for flavor \"node\" "
                    "(asyncio.run starts the loop at once)",
                    "t.json:9:96: $.runtimes[0]: \"worker_start\" is only for flavor \"node\" "
                    "(worker_threads)");
}

static void test_runtime_rejects_bad_threads(void **state)
{
    (void)state;
    EXPECT_RUNTIMES(
        "[{\"name\": \"a\", \"model\": \"threads\", \"thread\": 2}]",
        "t.json:9:36: $.runtimes[0]: unknown key \"thread\" (expected one of: "
        "name, model, threads, gil, switch_interval, start_threads, in_process, narration, code)");
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"threads\", \"threads\": 0, \"gil\": "
                    "\"yes\", \"switch_interval\": 0}]",
                    "t.json:9:47: $.runtimes[0].threads: expected a whole number from 1 "
                    "to 100000, got 0",
                    "t.json:9:57: $.runtimes[0].gil: expected true or false, got \"yes\"",
                    "t.json:9:83: $.runtimes[0].switch_interval: expected a duration above "
                    "0, got 0");
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"threads\", \"threads\": \"many\"}, "
                    "{\"name\": \"b\", \"model\": \"threads\", \"threads\": 100001}, {\"name\": "
                    "\"c\", \"model\": \"threads\", \"threads\": 1.5}]",
                    "t.json:9:47: $.runtimes[0].threads: expected a whole number from 1 "
                    "to 100000 or \"per_request\", got \"many\"",
                    "t.json:9:101: $.runtimes[1].threads: expected a whole number from "
                    "1 to 100000, got 100001",
                    "t.json:9:155: $.runtimes[2].threads: expected a whole number from "
                    "1 to 100000, got 1.5");
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"threads\", \"threads\": 4, "
                    "\"start_threads\": \"lazily\"}, {\"name\": \"b\", \"model\": \"threads\", "
                    "\"threads\": \"per_request\", \"start_threads\": \"when_needed\"}]",
                    "t.json:9:67: $.runtimes[0].start_threads: expected \"at_start\" or "
                    "\"when_needed\", got \"lazily\"",
                    "t.json:9:155: $.runtimes[1].start_threads: goes with a pool (\"threads\": "
                    "N); a \"per_request\" thread starts with its request");
}

static void test_runtime_rejects_bad_event_loops(void **state)
{
    (void)state;
    EXPECT_RUNTIMES("[{\"name\": \"a\", \"model\": \"event_loop\"}, {\"name\": \"b\", \"model\": "
                    "\"event_loop\", \"flavor\": \"deno\"}]",
                    "t.json:9:2: $.runtimes[0]: missing required key \"flavor\"",
                    "t.json:9:87: $.runtimes[1].flavor: expected \"node\" or \"asyncio\", "
                    "got \"deno\"");
    EXPECT_RUNTIMES(
        "[{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
        "\"threadpool\": 0, \"workers\": -1, \"gil\": true, \"switch_interval\": \"5ms\"}]",
        "t.json:9:71: $.runtimes[0].threadpool: expected a whole number from "
        "1 to 1024, got 0",
        "t.json:9:85: $.runtimes[0].workers: expected a whole number from 0 "
        "to 100000, got -1",
        "t.json:9:89: $.runtimes[0]: \"gil\" is only for flavor \"asyncio\" "
        "(Node.js has no GIL)",
        "t.json:9:102: $.runtimes[0]: \"switch_interval\" is only for flavor "
        "\"asyncio\" (Node.js has no GIL)");
    EXPECT_RUNTIMES("[{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
                    "\"threadpool\": 1025, \"workers\": 1, \"gil\": 1, \"processes\": 2}]",
                    "t.json:9:104: $.runtimes[0]: unknown key \"processes\" (expected one "
                    "of: name, model, flavor, threadpool, workers, gil, switch_interval, log_cost, "
                    "first_log_cost, loop_start, worker_start, in_process, narration, code)",
                    "t.json:9:74: $.runtimes[0].threadpool: expected a whole number from "
                    "1 to 1024, got 1025",
                    "t.json:9:80: $.runtimes[0]: \"workers\" is only for flavor \"node\" "
                    "(worker_threads)",
                    "t.json:9:101: $.runtimes[0].gil: expected true or false, got 1");
}

static void test_runtime_rejects_bad_processes(void **state)
{
    (void)state;
    EXPECT_RUNTIMES("[{\"name\": \"p\", \"model\": \"processes\"}]",
                    "t.json:9:2: $.runtimes[0]: missing required key \"processes\"",
                    "t.json:9:2: $.runtimes[0]: missing required key \"each\"");
    EXPECT_RUNTIMES(
        "[{\"name\": \"p\", \"model\": \"processes\", \"processes\": 0, \"each\": "
        "5, \"dispatch\": \"random\"}]",
        "t.json:9:51: $.runtimes[0].processes: expected a whole number from "
        "1 to 1024, got 0",
        "t.json:9:62: $.runtimes[0].each: expected a runtime like {\"name\": "
        "\"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"}, got 5",
        "t.json:9:77: $.runtimes[0].dispatch: expected \"round_robin\" or \"shared_queue\", "
        "got \"random\"");
    EXPECT_RUNTIMES("[{\"name\": \"p\", \"model\": \"processes\", \"processes\": 1025, "
                    "\"each\": {\"model\": \"processes\"}}]",
                    "t.json:9:51: $.runtimes[0].processes: expected a whole number from "
                    "1 to 1024, got 1025",
                    "t.json:9:75: $.runtimes[0].each.model: each process runs a \"threads\" "
                    "or \"event_loop\" runtime, not \"processes\"");
    EXPECT_RUNTIMES("[{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": "
                    "{\"name\": \"\", \"model\": \"event_loop\", \"flavor\": \"node\", "
                    "\"gil\": true}}]",
                    "t.json:9:71: $.runtimes[0].each.name: expected a non-empty string, got \"\"",
                    "t.json:9:116: $.runtimes[0].each: \"gil\" is only for flavor \"asyncio\" "
                    "(Node.js has no GIL)");
    EXPECT_RUNTIMES("[{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": {}}]",
                    "t.json:9:62: $.runtimes[0].each: missing required key \"model\"");
}

static void test_schema_key_for_editors_must_be_a_string(void **state)
{
    (void)state;
    /* "$schema" (for editors, docs/scenario.schema.json) is allowed, as a string */
    EXPECT_EXTRA("\"$schema\": 5", "t.json:2:12: $[\"$schema\"]: expected a string, got 5");
}

static void test_narration_rejects_bad_entries(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"narration\": {}",
                 "t.json:2:14: $.narration: expected a list like [{\"at\": \"0ms\", "
                 "\"text\": \"...\"}], got an empty object");
    EXPECT_EXTRA("\"narration\": [5, {}, {\"at\": -1, \"text\": 5, \"when\": 1}]",
                 "t.json:2:15: $.narration[0]: expected an object like {\"at\": \"0ms\", "
                 "\"text\": \"...\"}, got 5",
                 "t.json:2:18: $.narration[1]: missing required key \"at\"",
                 "t.json:2:18: $.narration[1]: missing required key \"text\"",
                 "t.json:2:44: $.narration[2]: unknown key \"when\" (expected one of: "
                 "at, until, text, zoom, notes)",
                 "t.json:2:29: $.narration[2].at: expected a duration like \"5ms\", got -1",
                 "t.json:2:41: $.narration[2].text: expected a string, got 5");
    /* a caption at the time of the one before would never be shown */
    EXPECT_EXTRA(
        "\"narration\": [{\"at\": \"5ms\", \"text\": \"a\"}, "
        "{\"at\": \"5ms\", \"text\": \"b\"}, {\"at\": \"2ms\", \"text\": \"c\"}]",
        "t.json:2:50: $.narration[1].at: 5ms is not after the caption before it (5ms): "
        "captions go in time order, and one at the same time as another would never be shown",
        "t.json:2:78: $.narration[2].at: 2ms is not after the caption before it (5ms): "
        "captions go in time order, and one at the same time as another would never be shown");
}

/* A caption's "until" must be after its "at", or it would never be shown. */
static void test_narration_rejects_until_not_after_at(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"narration\": [{\"at\": \"5ms\", \"until\": \"5ms\", \"text\": \"a\"}, "
                 "{\"at\": \"6ms\", \"until\": 1, \"text\": \"b\"}, "
                 "{\"at\": \"7ms\", \"until\": \"soon\", \"text\": \"c\"}]",
                 "t.json:2:38: $.narration[0].until: 5ms is not after the caption's \"at\" "
                 "(5ms): a caption ends after it appears, or it would never be shown",
                 "t.json:2:82: $.narration[1].until: 1ms is not after the caption's \"at\" "
                 "(6ms): a caption ends after it appears, or it would never be shown",
                 "t.json:2:122: $.narration[2].until: expected a duration like \"5ms\" "
                 "(units: ns, us, ms, s), got \"soon\"");
}

/* A caption's "zoom" is the timeline's window: two durations, the end after the
 * start, each within the limits of a duration. */
static void test_narration_rejects_bad_zoom(void **state)
{
    (void)state;
    /* the end not after the start */
    EXPECT_EXTRA(
        "\"narration\": [{\"at\": \"0ms\", \"text\": \"a\", \"zoom\": [\"20ms\", \"5ms\"]}, "
        "{\"at\": \"1ms\", \"text\": \"b\", \"zoom\": [\"5ms\", \"5ms\"]}]",
        "t.json:2:59: $.narration[0].zoom[1]: 5ms is not after the window's start (20ms): "
        "a zoom goes from its start to a later end",
        "t.json:2:111: $.narration[1].zoom[1]: 5ms is not after the window's start (5ms): "
        "a zoom goes from its start to a later end");
    /* wrong types and lengths */
    EXPECT_EXTRA("\"narration\": [{\"at\": \"0ms\", \"text\": \"a\", \"zoom\": \"20ms\"}, "
                 "{\"at\": \"1ms\", \"text\": \"b\", \"zoom\": [\"5ms\"]}, "
                 "{\"at\": \"2ms\", \"text\": \"c\", \"zoom\": [0, \"1ms\", \"2ms\"]}, "
                 "{\"at\": \"3ms\", \"text\": \"d\", \"zoom\": [true, \"soon\"]}]",
                 "t.json:2:50: $.narration[0].zoom: expected a window like [\"0ms\", \"20ms\"]: "
                 "where the timeline starts and ends while the caption shows, got \"20ms\"",
                 "t.json:2:94: $.narration[1].zoom: expected a window like [\"0ms\", \"20ms\"]: "
                 "where the timeline starts and ends while the caption shows, got a list of 1",
                 "t.json:2:139: $.narration[2].zoom: expected a window like [\"0ms\", \"20ms\"]: "
                 "where the timeline starts and ends while the caption shows, got a list of 3",
                 "t.json:2:195: $.narration[3].zoom[0]: expected a duration like \"5ms\", got true",
                 "t.json:2:201: $.narration[3].zoom[1]: expected a duration like \"5ms\" (units: "
                 "ns, us, ms, s), got \"soon\"");
    /* beyond the limits of a duration */
    EXPECT_EXTRA("\"narration\": [{\"at\": \"0ms\", \"text\": \"a\", "
                 "\"zoom\": [\"0ms\", \"2000000s\"]}, "
                 "{\"at\": \"1ms\", \"text\": \"b\", \"zoom\": [-1, \"1ms\"]}]",
                 "t.json:2:58: $.narration[0].zoom[1]: the duration \"2000000s\" is longer than "
                 "the limit of 1000000s",
                 "t.json:2:108: $.narration[1].zoom[0]: expected a duration like \"5ms\", got -1");
}

/* A caption's presenter notes are a non-empty string; they load with it. */
static void test_narration_notes(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"narration\": [{\"at\": 0, \"text\": \"a\", \"notes\": 5}, "
                 "{\"at\": 1, \"text\": \"b\", \"notes\": \"\"}]",
                 "t.json:2:47: $.narration[0].notes: expected a string, got 5",
                 "t.json:2:83: $.narration[1].notes: expected a non-empty string, got \"\"");
}

/* "lesson": an object with an optional whole "order" from 1 to 1000, optional
 * non-empty "title" and "teaser", and "focus", a list of panels each once. */
static void test_lesson_rejects_bad_entries(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"lesson\": 3", "t.json:2:11: $.lesson: expected an object like {\"order\": 3, "
                                  "\"teaser\": \"...\"}, got 3");
    EXPECT_EXTRA("\"lesson\": {\"order\": 0, \"title\": \"\", \"teaser\": 5, \"x\": 1}",
                 "t.json:2:50: $.lesson: unknown key \"x\" (expected one of: order, title, teaser, "
                 "focus)",
                 "t.json:2:21: $.lesson.order: expected a whole number from 1 to 1000, got 0",
                 "t.json:2:33: $.lesson.title: expected a non-empty string, got \"\"",
                 "t.json:2:47: $.lesson.teaser: expected a string, got 5");
    EXPECT_EXTRA("\"lesson\": {\"order\": 1001}",
                 "t.json:2:21: $.lesson.order: expected a whole number from 1 to 1000, got 1001");
    EXPECT_EXTRA("\"lesson\": {\"order\": 2.5}",
                 "t.json:2:21: $.lesson.order: expected a whole number from 1 to 1000, got 2.5");
    EXPECT_EXTRA("\"lesson\": {}", "t.json:2:11: $.lesson: expected at least one of order, "
                                   "title, teaser, focus, got an empty object");
    EXPECT_EXTRA("\"lesson\": {\"focus\": \"timeline\"}",
                 "t.json:2:21: $.lesson.focus: expected a list of panels like [\"timeline\", "
                 "\"restaurant\"], got \"timeline\"");
    EXPECT_EXTRA("\"lesson\": {\"focus\": []}",
                 "t.json:2:21: $.lesson.focus: expected at least one panel (restaurant, "
                 "timeline, metrics, code, log), got an empty list");
    EXPECT_EXTRA("\"lesson\": {\"focus\": [\"timeline\", \"kitchen\", \"timeline\"]}",
                 "t.json:2:34: $.lesson.focus[1]: expected one of \"restaurant\", \"timeline\", "
                 "\"metrics\", \"code\" or \"log\", got \"kitchen\"",
                 "t.json:2:45: $.lesson.focus[2]: \"timeline\" is named twice: each panel once, "
                 "the most important first");
}

/* "questions": each with an id (the answers file's key, once), a time (in order),
 * the question and its kind; what each kind needs and nothing another kind has;
 * an order question only where something prints, a number question on a metric
 * of the summary and on one runtime. */
static void test_questions_reject_bad_entries(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"questions\": {\"id\": \"x\"}",
                 "t.json:2:14: $.questions: expected a list of questions, got an object");
    /* "schema" is the answers file's own key; a bad time is named once in the path */
    EXPECT_EXTRA("\"questions\": [{\"id\": \"schema\", \"at\": \"-1ms\", \"ask\": \"?\", "
                 "\"kind\": \"number\", \"metric\": \"events\"}]",
                 "t.json:2:22: $.questions[0].id: \"schema\" names an answers file's kind, not an "
                 "answer: choose another id",
                 "t.json:2:38: $.questions[0].at: expected a duration like \"5ms\" (units: ns, us, "
                 "ms, s), got \"-1ms\"");
    /* "hands" is the answers file's show of hands per question */
    EXPECT_EXTRA("\"questions\": [{\"id\": \"hands\", \"at\": 0, \"ask\": \"?\", "
                 "\"kind\": \"number\", \"metric\": \"events\"}]",
                 "t.json:2:22: $.questions[0].id: \"hands\" is the answers file's show of hands, "
                 "not an answer: choose another id");
    EXPECT_EXTRA("\"questions\": [{\"ask\": \"?\"}]",
                 "t.json:2:15: $.questions[0]: missing required key \"id\"",
                 "t.json:2:15: $.questions[0]: missing required key \"at\"",
                 "t.json:2:15: $.questions[0]: missing required key \"kind\"");
    EXPECT_EXTRA(
        "\"questions\": [{\"id\": \"a b\", \"at\": 0, \"ask\": \"?\", \"kind\": \"choice\", "
        "\"options\": [\"x\", \"y\"], \"answer\": \"x\"}, {\"id\": \"ok\", \"at\": 0, "
        "\"ask\": \"?\", \"kind\": \"choice\", \"options\": [\"x\", \"y\"], \"answer\": "
        "\"z\"}]",
        "t.json:2:22: $.questions[0].id: an id is up to 64 letters, digits, '_' or '-' "
        "(it is the answers file's key), got \"a b\"",
        "t.json:2:192: $.questions[1].answer: the answer must be one of the options, "
        "got \"z\"");
    EXPECT_EXTRA("\"questions\": [{\"id\": \"q\", \"at\": \"5ms\", \"ask\": \"?\", \"kind\": "
                 "\"choice\", \"options\": [\"x\", \"x\"], \"answer\": \"x\"}, {\"id\": \"q\", "
                 "\"at\": \"1ms\", \"ask\": \"?\", \"kind\": \"choice\", \"options\": [\"y\"], "
                 "\"answer\": \"y\", \"metric\": \"events\"}]",
                 "t.json:2:87: $.questions[0].options[1]: \"x\" is options[0] too: each option "
                 "once",
                 "t.json:2:116: $.questions[1].id: \"q\" is the id of questions[0] too: each id "
                 "once",
                 "t.json:2:127: $.questions[1].at: 1ms is before the question above it (5ms): "
                 "questions go in time order",
                 "t.json:2:197: $.questions[1]: \"metric\" goes with kind \"number\", not "
                 "\"choice\"",
                 "t.json:2:175: $.questions[1].options: a choice has 2 to 26 options, got 1");
    EXPECT_EXTRA("\"questions\": [{\"id\": \"o\", \"at\": 0, \"ask\": \"?\", \"kind\": \"order\"}]",
                 "t.json:2:56: $.questions[0].kind: an order question asks in what order lines "
                 "print, and no step of this scenario prints (\"log\")");
    EXPECT_EXTRA("\"questions\": [{\"id\": \"n\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
                 "\"metric\": \"p99\", \"tolerance\": 2, \"options\": [\"a\"]}, {\"id\": \"m\", "
                 "\"at\": 0, \"ask\": \"?\", \"kind\": \"number\", \"runtime\": \"zz\"}]",
                 "t.json:2:99: $.questions[0]: \"options\" goes with kind \"choice\", not "
                 "\"number\"",
                 "t.json:2:76: $.questions[0].metric: no metric is called \"p99\" (the summary's: "
                 "requests, completed, makespan_ms, throughput_rps, latency_ms.mean, "
                 "latency_ms.p50, latency_ms.p95, latency_ms.p99, latency_ms.max, cpu_busy_ms, "
                 "cpu_util, gil_wait_ms, loop_lag_ms.mean, loop_lag_ms.max, context_switches, "
                 "memory_peak_bytes, events, lost_updates)",
                 "t.json:2:96: $.questions[0].tolerance: expected a relative tolerance from 0 to "
                 "1 (0.05 is 5%), got 2",
                 "t.json:2:180: $.questions[1].runtime: no runtime is called \"zz\" (the "
                 "runtimes: \"a\")",
                 "t.json:2:118: $.questions[1]: missing required key \"metric\"");
    EXPECT_DOC(doc_parts("\"questions\": [{\"id\": \"n\", \"at\": 0, \"ask\": \"?\", \"kind\": "
                         "\"number\", \"metric\": \"makespan_ms\"}]",
                         NULL, NULL,
                         "[{\"name\": \"a\", \"model\": \"threads\"}, {\"name\": \"b\", "
                         "\"model\": \"threads\"}]"),
               "t.json:2:15: $.questions[0]: a question of kind \"number\" names the runtime "
               "whose run answers it (\"runtime\"): the scenario has 2");
}

/* A number about a service behind the run ("service"): a service of the
 * scenario, one of a service's metrics, a runtime that calls it over the network;
 * only a number has one. */
#define Q_SVC(q)                                                                              \
    "\"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, \"request\": [{\"cpu\": " \
    "1}]}}, \"questions\": [" q "]"
#define Q_SVC_RUNTIMES                                                                       \
    "[{\"name\": \"gateway\", \"model\": \"event_loop\", \"flavor\": \"node\"}, {\"name\": " \
    "\"py\", \"model\": \"threads\", \"in_process\": [\"ml\"]}]"

static void test_questions_name_a_service(void **state)
{
    (void)state;
    EXPECT_DOC(
        doc_parts(Q_SVC("{\"id\": \"a\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
                        "\"runtime\": \"gateway\", \"service\": \"nl\", \"metric\": "
                        "\"makespan_ms\"}, {\"id\": \"b\", \"at\": 0, \"ask\": \"?\", "
                        "\"kind\": \"number\", \"runtime\": \"py\", \"service\": \"ml\", "
                        "\"metric\": \"latency_ms.p99\"}, {\"id\": \"c\", \"at\": 0, "
                        "\"ask\": \"?\", \"kind\": \"choice\", \"options\": [\"x\", \"y\"], "
                        "\"answer\": \"x\", \"service\": \"ml\"}"),
                  NULL, "[{\"call\": \"ml\"}]", Q_SVC_RUNTIMES),
        "t.json:2:179: $.questions[0].service: no service is called \"nl\" (the services: ml)",
        "t.json:2:195: $.questions[0].metric: no metric of a service is called "
        "\"makespan_ms\" (a service's, as the summary's \"services\" give them: "
        "completed, in_flight_max, throughput_rps, latency_ms.mean, latency_ms.p50, "
        "latency_ms.p99, latency_ms.max)",
        "t.json:2:290: $.questions[1].service: runtime \"py\" makes the calls of service "
        "\"ml\" in its own process (\"in_process\"): the service receives none of them "
        "there; ask about another runtime",
        "t.json:2:414: $.questions[2]: \"service\" goes with kind \"number\", not "
        "\"choice\"");
    /* a service's metrics are those of the summary's "services": no p95 there */
    EXPECT_DOC(doc_parts(Q_SVC("{\"id\": \"a\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
                               "\"runtime\": \"gateway\", \"service\": \"ml\", \"metric\": "
                               "\"latency_ms.p95\"}"),
                         NULL, "[{\"call\": \"ml\"}]", Q_SVC_RUNTIMES),
               "t.json:2:195: $.questions[0].metric: no metric of a service is called "
               "\"latency_ms.p95\" (a service's, as the summary's \"services\" give them: "
               "completed, in_flight_max, throughput_rps, latency_ms.mean, latency_ms.p50, "
               "latency_ms.p99, latency_ms.max)");
    EXPECT_EXTRA("\"questions\": [{\"id\": \"a\", \"at\": 0, \"ask\": \"?\", \"kind\": "
                 "\"number\", \"service\": \"ml\", \"metric\": \"completed\"}]",
                 "t.json:2:77: $.questions[0].service: no service is called \"ml\": this scenario "
                 "has no \"services\"");
    /* the same questions, about the gateway: loaded, each with its service */
    scn_scenario *s = load_doc_ok(doc_parts(
        Q_SVC("{\"id\": \"a\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", \"runtime\": "
              "\"gateway\", \"service\": \"ml\", \"metric\": \"in_flight_max\"}, {\"id\": "
              "\"b\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", \"runtime\": \"py\", "
              "\"metric\": \"completed\"}"),
        NULL, "[{\"call\": \"ml\"}]", Q_SVC_RUNTIMES));
    assert_int_equal(s->questions[0].service, 0);
    assert_string_equal(s->questions[0].metric, "in_flight_max");
    assert_int_equal(s->questions[1].service, -1);
    scn_free(s);
}

/* A runtime's own narration and code are checked as the scenario's are, under
 * the runtime's path. */
static void test_runtime_narration_and_code_rejects_bad_entries(void **state)
{
    (void)state;
    EXPECT_RUNTIMES(
        "[{\"name\": \"a\", \"model\": \"threads\", \"narration\": [{\"at\": \"2ms\", "
        "\"until\": \"1ms\", \"text\": \"x\"}, {\"at\": \"2ms\", \"text\": \"y\"}], "
        "\"code\": {\"language\": \"python\"}}, "
        "{\"name\": \"b\", \"model\": \"event_loop\", \"flavor\": \"node\", \"narration\": {}, "
        "\"code\": {\"language\": \"js\", \"lines\": [1]}}]",
        "t.json:9:73: $.runtimes[0].narration[0].until: 1ms is not after the caption's "
        "\"at\" (2ms): a caption ends after it appears, or it would never be shown",
        "t.json:9:101: $.runtimes[0].narration[1].at: 2ms is not after the caption before it "
        "(2ms): captions go in time order, and one at the same time as another would never be "
        "shown",
        "t.json:9:131: $.runtimes[0].code: missing required key \"lines\"",
        "t.json:9:224: $.runtimes[1].narration: expected a list like [{\"at\": \"0ms\", "
        "\"text\": \"...\"}], got an empty object",
        "t.json:9:265: $.runtimes[1].code.lines[0]: expected a string, got 1");
}

/* Only a runtime of the list has captions and a listing: the processes of one run
 * what it shows. */
static void test_each_rejects_narration_and_code(void **state)
{
    (void)state;
    EXPECT_RUNTIMES("[{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": "
                    "{\"model\": \"threads\", \"narration\": [], \"code\": {\"language\": \"\", "
                    "\"lines\": []}}}]",
                    "t.json:9:83: $.runtimes[0].each: unknown key \"narration\" (expected one "
                    "of: name, model, threads, gil, switch_interval, start_threads)",
                    "t.json:9:100: $.runtimes[0].each: unknown key \"code\" (expected one of: "
                    "name, model, threads, gil, switch_interval, start_threads)");
}

/* A step's line must fall inside every listing that some runtime shows: here the
 * scenario's (3 lines, shown for "a"), "b"'s own (2 lines) and "c"'s own (1 line). */
static void test_step_line_must_fit_every_runtime_listing(void **state)
{
    (void)state;
    EXPECT_DOC(doc_parts("\"code\": {\"language\": \"py\", \"lines\": [\"1\", \"2\", \"3\"]}", NULL,
                         "[{\"cpu\": \"1ms\", \"line\": 4}, {\"cpu\": \"1ms\", \"line\": 2}, "
                         "{\"cpu\": \"1ms\", \"line\": 1}]",
                         "[{\"name\": \"a\", \"model\": \"threads\"}, "
                         "{\"name\": \"b\", \"model\": \"threads\", \"code\": {\"language\": "
                         "\"py\", \"lines\": [\"1\", \"2\"]}}, "
                         "{\"name\": \"c\", \"model\": \"threads\", \"code\": {\"language\": "
                         "\"py\", \"lines\": [\"1\"]}}]"),
               "t.json:6:25: $.workload.request[0].line: line 4 is past the end of the "
               "scenario's code listing ($.code, shown for runtime \"a\"), which has 3 lines",
               "t.json:6:25: $.workload.request[0].line: line 4 is past the end of runtime "
               "\"b\"'s own code listing ($.runtimes[1].code), which has 2 lines; a step's line "
               "must fall inside every listing shown",
               "t.json:6:25: $.workload.request[0].line: line 4 is past the end of runtime "
               "\"c\"'s own code listing ($.runtimes[2].code), which has 1 line; a step's line "
               "must fall inside every listing shown",
               "t.json:6:52: $.workload.request[1].line: line 2 is past the end of runtime "
               "\"c\"'s own code listing ($.runtimes[2].code), which has 1 line; a step's line "
               "must fall inside every listing shown");
    /* without a listing of the scenario's, only the runtimes' own count */
    EXPECT_DOC(doc_parts(NULL, NULL, "[{\"cpu\": \"1ms\", \"line\": 2}]",
                         "[{\"name\": \"a\", \"model\": \"threads\"}, "
                         "{\"name\": \"b\", \"model\": \"threads\", \"code\": {\"language\": "
                         "\"py\", \"lines\": [\"1\"]}}]"),
               "t.json:6:25: $.workload.request[0].line: line 2 is past the end of runtime "
               "\"b\"'s own code listing ($.runtimes[1].code), which has 1 line; a step's line "
               "must fall inside every listing shown");
}

static void test_code_rejects_bad_listings(void **state)
{
    (void)state;
    EXPECT_EXTRA("\"code\": []",
                 "t.json:2:9: $.code: expected an object like {\"language\": \"javascript\", "
                 "\"lines\": [\"...\"]}, got an empty array");
    EXPECT_EXTRA("\"code\": {}", "t.json:2:9: $.code: missing required key \"language\"",
                 "t.json:2:9: $.code: missing required key \"lines\"");
    EXPECT_EXTRA("\"code\": {\"language\": 5, \"lines\": \"x\"}",
                 "t.json:2:22: $.code.language: expected a string, got 5",
                 "t.json:2:34: $.code.lines: expected a list of strings, one per line, got \"x\"");
    EXPECT_EXTRA("\"code\": {\"language\": \"js\", \"lines\": [1, \"b\"]}",
                 "t.json:2:38: $.code.lines[0]: expected a string, got 1");
}
/* A string of n copies of c; the caller frees it. */
static char *repeat_char(char c, size_t n)
{
    char *s = malloc(n + 1);
    if (s == NULL)
        abort();
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* Joins `n` copies of item (with %zu for the index) with ", " inside open/close. */
static char *join_items(const char *open, const char *item, size_t n, const char *close)
{
    size_t cap = strlen(open) + strlen(close) + n * (strlen(item) + 24) + 1, k = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    k += (size_t)snprintf(s + k, cap - k, "%s", open);
    for (size_t i = 0; i < n; i++) {
        k += (size_t)snprintf(s + k, cap - k, "%s", i ? ", " : "");
        k += (size_t)snprintf(s + k, cap - k, item, i);
    }
    snprintf(s + k, cap - k, "%s", close);
    return s;
}

static void test_limits_rejects_long_text(void **state)
{
    (void)state;
    char *text = repeat_char('x', SCN_MAX_TEXT + 1), *part = repeat_char(' ', SCN_MAX_TEXT + 64);
    snprintf(part, SCN_MAX_TEXT + 64, "\"description\": \"%s\"", text);
    EXPECT_EXTRA(part, "t.json:2:16: $.description: this text is 4097 bytes long; the limit "
                       "is 4096 bytes");
    snprintf(part, SCN_MAX_TEXT + 64, "[{\"log\": \"%s\"}]", text);
    EXPECT_STEPS(part, "t.json:6:10: $.workload.request[0].log: this text is 4097 bytes long; "
                       "the limit is 4096 bytes");
    /* A long key is shortened in the path and the message. */
    snprintf(part, SCN_MAX_TEXT + 64, "\"devices\": {\"%s\": {}}", text);
    EXPECT_EXTRA(part, "t.json:2:13: $.devices[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                       "xxxxxxxx...\"]: this name is 4097 bytes long; the limit is 4096 bytes");
    /* Exactly the limit is fine. */
    snprintf(part, SCN_MAX_TEXT + 64, "\"description\": \"%s\"", text + 1);
    scn_free(load_doc_ok(doc_parts(part, NULL, NULL, NULL)));
    free(part);
    free(text);
}

static void test_limits_rejects_too_many_devices(void **state)
{
    (void)state;
    char *part = join_items("\"devices\": {", "\"d%zu\": {}", SCN_MAX_DEVICES + 1, "}");
    EXPECT_EXTRA(part, "t.json:2:12: $.devices: 65 devices; the limit is 64");
    free(part);
    part = join_items("\"devices\": {", "\"d%zu\": {}", SCN_MAX_DEVICES, "}");
    scn_scenario *s = load_doc_ok(doc_parts(part, NULL, NULL, NULL));
    assert_int_equal(s->ndevices, SCN_MAX_DEVICES);
    assert_string_equal(s->devices[63].name, "d63");
    scn_free(s);
    free(part);
}

/* Services and shared values share the devices' rule (jw_count_capped): past
 * the limit, one problem at the object; at the limit, all loaded. */
static void test_limits_rejects_too_many_services_and_values(void **state)
{
    (void)state;
    char *part = join_items(
        "\"services\": {",
        "\"s%zu\": {\"runtime\": {\"model\": \"threads\"}, \"request\": [{\"cpu\": \"1ms\"}]}",
        SCN_MAX_SERVICES + 1, "}");
    EXPECT_EXTRA(part, "t.json:2:13: $.services: 17 services; the limit is 16");
    free(part);
    part = join_items("\"state\": {", "\"v%zu\": 0", SCN_MAX_STATE + 1, "}");
    EXPECT_EXTRA(part, "t.json:2:10: $.state: 65 shared values; the limit is 64");
    free(part);
    part = join_items("\"state\": {", "\"v%zu\": 0", SCN_MAX_STATE, "}");
    scn_scenario *s = load_doc_ok(doc_parts(part, NULL, NULL, NULL));
    assert_int_equal(s->nstate, SCN_MAX_STATE);
    scn_free(s);
    free(part);
}

static void test_limits_rejects_too_many_runtimes(void **state)
{
    (void)state;
    char *part = join_items("[", "{\"name\": \"r%zu\", \"model\": \"threads\"}",
                            SCN_MAX_RUNTIMES + 1, "]");
    EXPECT_RUNTIMES(part, "t.json:9:1: $.runtimes: 17 runtimes; the limit is 16");
    free(part);
}

static void test_limits_rejects_long_code(void **state)
{
    (void)state;
    char *part = join_items("\"code\": {\"language\": \"js\", \"lines\": [", "\"%zu\"", 1001, "]}");
    EXPECT_EXTRA(part, "t.json:2:37: $.code.lines: 1001 lines; the limit is 1000");
    free(part);
}

static void test_limits_rejects_big_buffer(void **state)
{
    (void)state;
    char *big = repeat_char(' ', SCN_MAX_FILE_BYTES + 1);
    big[0] = '{';
    big[SCN_MAX_FILE_BYTES] = '}';
    expect_messages(big, SCN_MAX_FILE_BYTES + 1,
                    WANT_("t.json: the file is 4194305 bytes; the limit is 4194304 bytes (4 MiB)"),
                    1);
    free(big);
}

static void test_limits_counts_every_problem(void **state)
{
    (void)state;
    /* 300 problems: all counted, the first DIAG_MAX_KEPT kept, in order. */
    char *part = join_items("[", "{\"cpu\": -%zu}", 300, "]");
    char *text = doc_parts(NULL, NULL, part, NULL);
    diag_list *d = diag_new();
    scn_scenario *s = NULL;
    assert_int_equal(scn_load_buffer("t.json", text, strlen(text), &s, d), SIM_EINVAL);
    assert_null(s);
    assert_int_equal(diag_count(d), 300);
    assert_int_equal(diag_kept(d), DIAG_MAX_KEPT);
    assert_string_equal(diag_get(d, 0), "t.json:6:10: $.workload.request[0].cpu: expected a "
                                        "duration like \"5ms\", got -0");
    assert_string_equal(diag_get(d, 199), "t.json:6:2885: $.workload.request[199].cpu: "
                                          "expected a duration like \"5ms\", got -199");
    diag_free(d);
    free(text);
    free(part);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_rejects_empty_file),
        cmocka_unit_test(test_parse_rejects_trailing_comma),
        cmocka_unit_test(test_parse_rejects_missing_comma),
        cmocka_unit_test(test_parse_rejects_missing_colon),
        cmocka_unit_test(test_parse_rejects_comments),
        cmocka_unit_test(test_parse_rejects_single_quotes),
        cmocka_unit_test(test_parse_rejects_bare_words),
        cmocka_unit_test(test_parse_rejects_unclosed),
        cmocka_unit_test(test_parse_rejects_trailing_text),
        cmocka_unit_test(test_parse_rejects_bad_numbers),
        cmocka_unit_test(test_parse_long_number_path),
        cmocka_unit_test(test_parse_rejects_bad_strings),
        cmocka_unit_test(test_parse_rejects_nul_bytes),
        cmocka_unit_test(test_parse_rejects_deep_nesting),
        cmocka_unit_test(test_parse_counts_columns_in_bytes),
        cmocka_unit_test(test_top_rejects_non_object),
        cmocka_unit_test(test_top_reports_missing_keys),
        cmocka_unit_test(test_top_stops_at_other_schema),
        cmocka_unit_test(test_top_rejects_schema_type),
        cmocka_unit_test(test_top_rejects_unknown_and_duplicate_keys),
        cmocka_unit_test(test_title_rejects_bad_titles),
        cmocka_unit_test(test_description_rejects_non_string),
        cmocka_unit_test(test_seed_rejects_bad_seeds),
        cmocka_unit_test(test_machine_rejects_bad_values),
        cmocka_unit_test(test_devices_rejects_bad_devices),
        cmocka_unit_test(test_step_rejects_non_steps),
        cmocka_unit_test(test_step_rejects_two_kinds),
        cmocka_unit_test(test_state_rejects_bad_values),
        cmocka_unit_test(test_state_steps_need_their_value),
        cmocka_unit_test(test_lock_refuses_deadlocks),
        cmocka_unit_test(test_lock_across_in_process_call),
        cmocka_unit_test(test_step_rejects_unknown_and_duplicate_keys),
        cmocka_unit_test(test_step_rejects_bad_durations),
        cmocka_unit_test(test_step_rejects_bad_io),
        cmocka_unit_test(test_step_rejects_bad_log),
        cmocka_unit_test(test_step_rejects_bad_callbacks),
        cmocka_unit_test(test_step_rejects_bad_parallel),
        cmocka_unit_test(test_step_rejects_bad_offload),
        cmocka_unit_test(test_step_rejects_bad_repeat),
        cmocka_unit_test(test_step_rejects_bad_interval),
        cmocka_unit_test(test_step_rejects_bad_sleep),
        cmocka_unit_test(test_step_rejects_bad_round_trips),
        cmocka_unit_test(test_step_rejects_bad_line),
        cmocka_unit_test(test_step_rejects_too_many_expanded_steps),
        cmocka_unit_test(test_step_rejects_bad_task_names),
        cmocka_unit_test(test_step_rejects_bad_awaits),
        cmocka_unit_test(test_step_rejects_empty_request),
        cmocka_unit_test(test_dist_rejects_bad_distributions),
        cmocka_unit_test(test_arrivals_rejects_bad_kinds),
        cmocka_unit_test(test_arrivals_rejects_bad_counts),
        cmocka_unit_test(test_arrivals_rejects_bad_poisson),
        cmocka_unit_test(test_workload_refuses_what_no_run_can_reach),
        cmocka_unit_test(test_arrivals_rejects_bad_at),
        cmocka_unit_test(test_arrivals_rejects_bad_closed),
        cmocka_unit_test(test_workload_rejects_bad_forms),
        cmocka_unit_test(test_workload_rejects_bad_mix),
        cmocka_unit_test(test_workload_rejects_bad_requests),
        cmocka_unit_test(test_runtimes_rejects_bad_lists),
        cmocka_unit_test(test_runtime_rejects_bad_names),
        cmocka_unit_test(test_runtime_rejects_bad_models),
        cmocka_unit_test(test_runtime_rejects_bad_costs),
        cmocka_unit_test(test_runtime_rejects_bad_threads),
        cmocka_unit_test(test_runtime_rejects_bad_event_loops),
        cmocka_unit_test(test_runtime_rejects_bad_processes),
        cmocka_unit_test(test_narration_rejects_bad_entries),
        cmocka_unit_test(test_narration_rejects_until_not_after_at),
        cmocka_unit_test(test_narration_rejects_bad_zoom),
        cmocka_unit_test(test_narration_notes),
        cmocka_unit_test(test_lesson_rejects_bad_entries),
        cmocka_unit_test(test_questions_reject_bad_entries),
        cmocka_unit_test(test_questions_name_a_service),
        cmocka_unit_test(test_runtime_narration_and_code_rejects_bad_entries),
        cmocka_unit_test(test_each_rejects_narration_and_code),
        cmocka_unit_test(test_step_line_must_fit_every_runtime_listing),
        cmocka_unit_test(test_schema_key_for_editors_must_be_a_string),
        cmocka_unit_test(test_code_rejects_bad_listings),
        cmocka_unit_test(test_limits_rejects_long_text),
        cmocka_unit_test(test_limits_rejects_too_many_devices),
        cmocka_unit_test(test_limits_rejects_too_many_services_and_values),
        cmocka_unit_test(test_limits_rejects_too_many_runtimes),
        cmocka_unit_test(test_limits_rejects_long_code),
        cmocka_unit_test(test_limits_rejects_big_buffer),
        cmocka_unit_test(test_limits_counts_every_problem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
