/* test_schema.c - docs/scenario.schema.json, the JSON Schema that editors validate
 * scenarios with, checked against the loader (sim/scenario_*.c), which is the
 * reference.
 *
 * The validator is tests/schema_check.h (only the keywords the schema uses); its own
 * tests come first, so that a validator that passes everything cannot pass here.
 * Then: every bundled scenario passes the schema; every bad input below is refused
 * by both the loader and the schema, at the expected place; edge cases both accept;
 * and the rules only the loader can check (listed in docs/scenario-format.md,
 * "Editor support: the JSON Schema") pass the schema and are refused by the loader,
 * so that list stays true. Most bad inputs come from tests/test_scenario_errors.c.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "scenario.h"
#include "schema_check.h"

#define SCHEMA_PATH BISTRO_SOURCE_DIR "/docs/scenario.schema.json"

/* A valid scenario, and the same with one part replaced. String literals only, so
 * that the case tables below stay tables. */
#define HEAD "\"schema\": \"bistro/1\", \"title\": \"t\""
#define WL "\"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": \"1ms\"}]}"
#define RT "\"runtimes\": [{\"name\": \"a\", \"model\": \"threads\"}]"
#define VALID "{" HEAD ", " WL ", " RT "}"
#define WITH(extra) "{" HEAD ", " extra ", " WL ", " RT "}"
#define WORKLOAD(w) "{" HEAD ", \"workload\": " w ", " RT "}"
#define ARRIVALS(a) WORKLOAD("{\"arrivals\": " a ", \"request\": [{\"cpu\": \"1ms\"}]}")
#define STEPS(s) WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"request\": " s "}")
#define WITH_STEPS(extra, s)                                                                      \
    "{" HEAD ", " extra ", \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": " s "}, " RT \
    "}"
#define STEP(s) STEPS("[" s "]")
#define RUNTIMES(r) "{" HEAD ", " WL ", \"runtimes\": " r "}"
#define RUNTIME(r) RUNTIMES("[" r "]")

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The loader accepts a UTF-8 byte order mark at the start, and so do editors. */
static cJSON *parse_or_fail(const char *text, const char *what)
{
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    cJSON *v = cJSON_Parse(text);
    if (v == NULL)
        fail_msg("%s is not valid JSON (near: %.40s)", what, cJSON_GetErrorPtr());
    return v;
}

static cJSON *load_schema(void)
{
    char *text = read_text(SCHEMA_PATH);
    cJSON *s = parse_or_fail(text, SCHEMA_PATH);
    free(text);
    return s;
}

/* Whether `text` passes the schema; fails the test when the schema is broken. */
static bool schema_accepts(sc_ctx *c, const char *text)
{
    cJSON *v = parse_or_fail(text, text);
    bool ok = sc_validate(c, v);
    cJSON_Delete(v);
    if (c->broken)
        fail_msg("the schema is broken: %s: %s", c->fail.where, c->fail.why);
    return ok;
}

static bool loader_accepts(const char *text)
{
    scn_scenario *s = NULL;
    int rc = scn_load_buffer("case.json", text, strlen(text), &s, NULL);
    assert_true(rc == 0 || rc == SIM_EINVAL);
    scn_free(s);
    return rc == 0;
}

/* ---- the validator on tiny schemas ---- */

static void expect_verdict(const char *schema, const char *value, bool want)
{
    cJSON *s = parse_or_fail(schema, schema), *v = parse_or_fail(value, value);
    sc_ctx c;
    sc_init(&c, s);
    bool got = sc_validate(&c, v);
    if (got != want || c.broken)
        fail_msg("%s against %s: got %s (%s: %s)", value, schema, got ? "valid" : "invalid",
                 c.fail.where, c.fail.why);
    sc_free(&c);
    cJSON_Delete(v);
    cJSON_Delete(s);
}

static void test_validator_checks_types_and_values(void **state)
{
    (void)state;
    expect_verdict("{\"type\": \"string\"}", "5", false);
    expect_verdict("{\"type\": \"string\"}", "\"5\"", true);
    expect_verdict("{\"type\": \"integer\"}", "2.5", false);
    expect_verdict("{\"type\": \"integer\"}", "2.0",
                   true); /* 2020-12: a zero fraction is an integer */
    expect_verdict("{\"type\": \"number\"}", "2", true);
    expect_verdict("{\"type\": [\"string\", \"integer\"]}", "true", false);
    expect_verdict("{\"type\": [\"string\", \"integer\"]}", "7", true);
    expect_verdict("{\"type\": \"null\"}", "null", true);
    expect_verdict("{\"type\": \"boolean\"}", "0", false);
    expect_verdict("{\"const\": \"bistro/1\"}", "\"bistro/2\"", false);
    expect_verdict("{\"const\": \"bistro/1\"}", "\"bistro/1\"", true);
    expect_verdict("{\"enum\": [\"a\", 1]}", "1", true);
    expect_verdict("{\"enum\": [\"a\", 1]}", "\"b\"", false);
    expect_verdict("{\"minimum\": 1, \"maximum\": 3}", "0", false);
    expect_verdict("{\"minimum\": 1, \"maximum\": 3}", "3", true);
    expect_verdict("{\"minimum\": 1, \"maximum\": 3}", "3.5", false);
    expect_verdict("{\"exclusiveMinimum\": 0}", "0", false);
    expect_verdict("{\"exclusiveMaximum\": 1}", "1", false);
    expect_verdict("{\"exclusiveMaximum\": 1}", "0.5", true);
    expect_verdict("{\"minimum\": 1}", "\"0\"", true); /* number keywords ignore strings */
}

static void test_validator_checks_strings(void **state)
{
    (void)state;
    expect_verdict("{\"pattern\": \"^[0-9]+ms$\"}", "\"5ms\"", true);
    expect_verdict("{\"pattern\": \"^[0-9]+ms$\"}", "\"5 ms\"", false);
    expect_verdict("{\"pattern\": \"ms\"}", "\"5msx\"", true); /* a pattern is a search */
    expect_verdict("{\"minLength\": 1}", "\"\"", false);
    expect_verdict("{\"maxLength\": 2}", "\"\\u00e9\\u00e9\"", true); /* characters, not bytes */
    expect_verdict("{\"maxLength\": 2}", "\"abc\"", false);
}

static void test_validator_checks_objects_and_arrays(void **state)
{
    (void)state;
    const char *obj = "{\"properties\": {\"a\": {\"type\": \"integer\"}}, \"required\": [\"a\"], "
                      "\"additionalProperties\": false}";
    expect_verdict(obj, "{\"a\": 1}", true);
    expect_verdict(obj, "{}", false);
    expect_verdict(obj, "{\"a\": \"1\"}", false);
    expect_verdict(obj, "{\"a\": 1, \"b\": 2}", false);
    expect_verdict("{\"additionalProperties\": {\"type\": \"string\"}}", "{\"x\": 1}", false);
    expect_verdict("{\"additionalProperties\": {\"type\": \"string\"}}", "{\"x\": \"1\"}", true);
    expect_verdict("{\"propertyNames\": {\"minLength\": 1}}", "{\"\": 1}", false);
    expect_verdict("{\"minProperties\": 1, \"maxProperties\": 1}", "{}", false);
    expect_verdict("{\"minProperties\": 1, \"maxProperties\": 1}", "{\"a\": 1, \"b\": 2}", false);
    expect_verdict("{\"items\": {\"type\": \"string\"}}", "[\"a\", 1]", false);
    expect_verdict("{\"items\": {\"type\": \"string\"}, \"minItems\": 1}", "[]", false);
    expect_verdict("{\"maxItems\": 1}", "[1, 2]", false);
    expect_verdict("{\"required\": [\"a\"]}", "5", true); /* object keywords ignore numbers */
}

static void test_validator_checks_combinators_and_refs(void **state)
{
    (void)state;
    const char *one = "{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}";
    expect_verdict(one, "-1", true);
    expect_verdict(one, "1", false); /* both match */
    expect_verdict(one, "-0.5", false); /* neither */
    expect_verdict("{\"anyOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "1", true);
    expect_verdict("{\"anyOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "-0.5", false);
    expect_verdict("{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "-1", false);
    const char *ref = "{\"$defs\": {\"n\": {\"type\": \"integer\"}}, "
                      "\"items\": {\"$ref\": \"#/$defs/n\", \"minimum\": 1}}";
    expect_verdict(ref, "[1, 2]", true);
    expect_verdict(ref, "[1, \"2\"]", false);
    expect_verdict(ref, "[0]", false); /* a keyword beside $ref applies too */
    expect_verdict("{\"properties\": {\"a\": false}}", "{\"a\": 1}", false);
    expect_verdict("{\"properties\": {\"a\": true}}", "{\"a\": 1}", true);
    expect_verdict("{\"items\": {\"$ref\": \"#\"}, \"maxItems\": 1}", "[[[1, 2]]]", false);
}

/* `lint`: whether sc_lint, which does not follow $refs, finds it too. */
static void expect_broken(const char *schema, const char *value, bool lint)
{
    cJSON *s = parse_or_fail(schema, schema), *v = parse_or_fail(value, value);
    sc_ctx c;
    sc_init(&c, s);
    assert_false(sc_validate(&c, v));
    assert_true(c.broken);
    sc_free(&c);
    sc_init(&c, s);
    assert_true(sc_lint(&c) != lint);
    sc_free(&c);
    cJSON_Delete(v);
    cJSON_Delete(s);
}

static void test_validator_refuses_what_it_cannot_check(void **state)
{
    (void)state;
    expect_broken("{\"patternProperties\": {}}", "5", true);
    expect_broken("{\"items\": {\"format\": \"date\"}}", "[\"x\"]", true);
    expect_broken("{\"$ref\": \"#/$defs/missing\"}", "5", true);
    expect_broken("{\"pattern\": \"(\"}", "\"x\"", true);
    expect_broken("{\"type\": 5}", "5", true);
    expect_broken("{\"type\": [\"strng\"]}", "5", true);
    expect_broken("{\"minItems\": -1}", "[]", true);
    expect_broken("{\"maximum\": \"5\"}", "5", true);
    expect_broken("{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/a\"}}, \"$ref\": \"#/$defs/a\"}", "5",
                  false);
}

/* ---- the schema file ---- */

static void test_schema_is_json_with_known_keywords(void **state)
{
    (void)state;
    cJSON *s = load_schema();
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "$schema")->valuestring,
                        "https://json-schema.org/draft/2020-12/schema");
    sc_ctx c;
    sc_init(&c, s);
    if (!sc_lint(&c))
        fail_msg("%s: %s", c.fail.where, c.fail.why);
    sc_free(&c);
    cJSON_Delete(s);
}

/* Validates every *.json in dir whose name starts with prefix; there must be at
 * least `min`. */
static void accept_dir(sc_ctx *c, const char *dir, const char *prefix, size_t min)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        fail_msg("cannot open %s", dir);
    size_t n = 0, bad = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 ||
            strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = read_text(path);
        if (!schema_accepts(c, text)) {
            print_error("%s: %s: %s\n", path, c->fail.where, c->fail.why);
            bad++;
        }
        free(text);
        n++;
    }
    closedir(d);
    assert_int_equal(bad, 0);
    assert_true(n >= min);
}

static void test_schema_accepts_bundled_scenarios(void **state)
{
    (void)state;
    cJSON *s = load_schema();
    sc_ctx c;
    sc_init(&c, s);
    accept_dir(&c, BISTRO_SOURCE_DIR "/scenarios", "", 7);
    accept_dir(&c, BISTRO_SOURCE_DIR "/tests/golden", "", 3);
    accept_dir(&c, BISTRO_SOURCE_DIR "/tests/loop_cases", "", 52);
    accept_dir(&c, BISTRO_SOURCE_DIR "/tests/corpus", "valid-", 7);
    assert_true(schema_accepts(&c, VALID));
    sc_free(&c);
    cJSON_Delete(s);
}

/* The scenarios among the docs' grading examples (the other files there are
 * rubrics and answers): the schema says what the loader says, either way. */
static void test_schema_agrees_with_loader_on_doc_examples(void **state)
{
    (void)state;
    static const char *const files[] = {"print-order/print-order.json",
                                        "tune-server/starter.json",
                                        "tune-server/student-four-cores.json",
                                        "tune-server/student-processes.json",
                                        "tune-server/student-thread-per-request.json",
                                        "tune-server/student-no-stacks.json",
                                        "tune-server/student-invalid.json"};
    cJSON *s = load_schema();
    sc_ctx c;
    sc_init(&c, s);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/docs/examples/%s", BISTRO_SOURCE_DIR, files[i]);
        char *text = read_text(path);
        bool loader = loader_accepts(text), schema = schema_accepts(&c, text);
        if (loader != schema)
            fail_msg("%s: the loader %s it, the schema %s it (%s: %s)", files[i],
                     loader ? "accepts" : "refuses", schema ? "accepts" : "refuses", c.fail.where,
                     c.fail.why);
        free(text);
    }
    sc_free(&c);
    cJSON_Delete(s);
}

#include "schema_cases.h"

/* ---- bad inputs, edge cases, rules left to the loader ---- */

static void test_schema_refuses_bad_inputs(void **state)
{
    (void)state;
    cJSON *s = load_schema();
    sc_ctx c;
    sc_init(&c, s);
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const bad_case *k = &bad_cases[i];
        if (loader_accepts(k->doc))
            fail_msg("case %zu is not bad: the loader accepts %s", i, k->doc);
        if (schema_accepts(&c, k->doc))
            fail_msg("case %zu: the schema accepts %s", i, k->doc);
        if (strcmp(c.fail.where, k->where) != 0)
            fail_msg("case %zu: %s\n  refused at %s (%s), expected at %s", i, k->doc, c.fail.where,
                     c.fail.why, k->where);
    }
    sc_free(&c);
    cJSON_Delete(s);
}

static void test_schema_accepts_edge_cases(void **state)
{
    (void)state;
    cJSON *s = load_schema();
    sc_ctx c;
    sc_init(&c, s);
    for (size_t i = 0; i < sizeof edge_cases / sizeof *edge_cases; i++) {
        if (!loader_accepts(edge_cases[i]))
            fail_msg("edge case %zu: the loader refuses %s", i, edge_cases[i]);
        if (!schema_accepts(&c, edge_cases[i]))
            fail_msg("edge case %zu: %s\n  refused at %s: %s", i, edge_cases[i], c.fail.where,
                     c.fail.why);
    }
    sc_free(&c);
    cJSON_Delete(s);
}

static void expect_loader_only(sc_ctx *c, const char *doc, const char *what)
{
    if (loader_accepts(doc))
        fail_msg("%s: the loader accepts %.200s", what, doc);
    if (!schema_accepts(c, doc))
        fail_msg("%s: the schema now refuses it (%s: %s); move it to bad_cases and out of "
                 "the list in docs/scenario-format.md",
                 what, c->fail.where, c->fail.why);
}

/* open, then n copies of item (with %zu for the index, separated by sep), then close.
 * The caller frees it. */
static char *numbered(const char *open, const char *item, const char *sep, size_t n,
                      const char *close)
{
    size_t cap = strlen(open) + strlen(close) + n * (strlen(item) + strlen(sep) + 24) + 1, k = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    k += (size_t)snprintf(s + k, cap - k, "%s", open);
    for (size_t i = 0; i < n; i++) {
        k += (size_t)snprintf(s + k, cap - k, "%s", i ? sep : "");
        k += (size_t)snprintf(s + k, cap - k, item, i);
    }
    snprintf(s + k, cap - k, "%s", close);
    return s;
}

static void test_schema_leaves_rules_to_loader(void **state)
{
    (void)state;
    cJSON *s = load_schema();
    sc_ctx c;
    sc_init(&c, s);
    for (size_t i = 0; i < sizeof loader_only / sizeof *loader_only; i++)
        expect_loader_only(&c, loader_only[i].doc, loader_only[i].rule);
    /* 2049 two-byte characters: 4098 bytes, but under 4096 characters. */
    char *doc = numbered("{" HEAD ", \"description\": \"", "\\u00e9", "", 2049,
                         "\", " WL ", " RT "}");
    expect_loader_only(&c, doc, "a string is at most 4096 bytes");
    free(doc);
    /* 17 levels of microtask: deeper than 32 levels of objects and lists. */
    char *open = numbered("{" HEAD ", " RT ", \"workload\": {\"arrivals\": {\"burst\": 1}, "
                          "\"request\": [",
                          "{\"microtask\": [", "", 17, "");
    doc = numbered(open, "]}", "", 17, "]}}");
    expect_loader_only(&c, doc, "nesting is at most 32 levels");
    free(doc);
    free(open);
    sc_free(&c);
    cJSON_Delete(s);
}

/* With n items of `item` between open and close: the limit n passes both, n + 1 is
 * refused by both, the schema at `where`. */
static void expect_limit(sc_ctx *c, const char *open, const char *item, size_t n, const char *close,
                         const char *where)
{
    char *doc = numbered(open, item, ", ", n, close);
    if (!loader_accepts(doc) || !schema_accepts(c, doc))
        fail_msg("%zu items at %s: refused (%s: %s)", n, where, c->fail.where, c->fail.why);
    free(doc);
    doc = numbered(open, item, ", ", n + 1, close);
    assert_false(loader_accepts(doc));
    assert_false(schema_accepts(c, doc));
    assert_string_equal(c->fail.where, where);
    free(doc);
}

static void test_schema_refuses_over_the_limits(void **state)
{
    (void)state;
    cJSON *s = load_schema();
    sc_ctx c;
    sc_init(&c, s);
    /* SCN_MAX_RUNTIMES, SCN_MAX_DEVICES and the 1000 code lines of scenario_load.c */
    expect_limit(&c, "{" HEAD ", " WL ", \"runtimes\": [",
                 "{\"name\": \"r%zu\", \"model\": "
                 "\"threads\"}",
                 SCN_MAX_RUNTIMES, "]}", "$.runtimes");
    expect_limit(&c, "{" HEAD ", " WL ", " RT ", \"devices\": {", "\"d%zu\": {}", SCN_MAX_DEVICES,
                 "}}", "$.devices");
    expect_limit(&c, "{" HEAD ", " WL ", " RT ", \"code\": {\"language\": \"js\", \"lines\": [",
                 "\"%zu\"", 1000, "]}}", "$.code.lines");
    sc_free(&c);
    cJSON_Delete(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validator_checks_types_and_values),
        cmocka_unit_test(test_validator_checks_strings),
        cmocka_unit_test(test_validator_checks_objects_and_arrays),
        cmocka_unit_test(test_validator_checks_combinators_and_refs),
        cmocka_unit_test(test_validator_refuses_what_it_cannot_check),
        cmocka_unit_test(test_schema_is_json_with_known_keywords),
        cmocka_unit_test(test_schema_accepts_bundled_scenarios),
        cmocka_unit_test(test_schema_agrees_with_loader_on_doc_examples),
        cmocka_unit_test(test_schema_refuses_bad_inputs),
        cmocka_unit_test(test_schema_accepts_edge_cases),
        cmocka_unit_test(test_schema_leaves_rules_to_loader),
        cmocka_unit_test(test_schema_refuses_over_the_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
