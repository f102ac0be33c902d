/* test_puzzle.c - print-order puzzles drawn from a seed (puzzle.h).
 *
 * What needs no real runtime: a seed gives the same bytes every time and
 * different seeds different programs; every puzzle of seeds 1 to 200 of each
 * flavor loads, runs to its end and prints 5 to 14 lines, one order even with
 * the model's sources of variation on; every print of the program has a log
 * step that points at its line, and every other step points at a line that
 * holds its construct; over those seeds every construct of the grammar
 * appears. Whether node and python3 print what bistro predicts is
 * tests/puzzle_verify.sh's job (it needs them; ctest does not).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "error.h"
#include "puzzle.h"
#include "sink.h"
#include "test_support.h"

#define SEEDS 200

static const puzzle_flavor flavors[] = {PUZZLE_NODE, PUZZLE_ASYNCIO};

/* The puzzle's scenario, or its program; the caller frees. */
static char *make(puzzle_flavor f, uint64_t seed, bool program)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(puzzle_write(&s, f, seed, program), 0);
    assert_non_null(b.data);
    return b.data;
}

static scn_scenario *load_puzzle(puzzle_flavor f, uint64_t seed)
{
    char *json = make(f, seed, false);
    scn_scenario *scn = load(json);
    free(json);
    return scn;
}

/* The log of a run of runtime 0 with `seed`, its texts joined by spaces. */
static void run_order(const scn_scenario *scn, uint64_t seed, char *out, size_t cap, int64_t *nlog)
{
    sim_options opt = {.seed = seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->completed, m->requests);
    size_t n = 0;
    out[0] = '\0';
    for (int64_t i = 0; i < m->nlog; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? " " : "", scn->strings[m->log[i].text]);
    assert_true(n < cap);
    *nlog = m->nlog;
    sim_run_free(run);
}

/* ---- the prints of the program text ---- */

typedef struct {
    int label, line;
} print_at;

/* Every print in the code listing: "log(N)" in JavaScript, "print(N)" or
 * "print, N" (call_soon(print, N)) in Python. Returns how many. */
static int find_prints(const scn_code *code, print_at *out, int cap)
{
    int n = 0;
    for (size_t i = 0; i < code->nlines; i++) {
        const char *l = code->lines[i];
        for (const char *p = l; *p; p++) {
            const char *num = NULL;
            if (strncmp(p, "log(", 4) == 0)
                num = p + 4;
            else if (strncmp(p, "print(", 6) == 0)
                num = p + 6;
            else if (strncmp(p, "print, ", 7) == 0)
                num = p + 7;
            if (num == NULL || *num < '0' || *num > '9')
                continue;
            assert_true(n < cap);
            out[n++] = (print_at){.label = atoi(num), .line = (int)i + 1};
        }
    }
    return n;
}

/* The text a step's line must hold, for its kind and flavor. */
static const char *construct_text(const scn_step *s, bool node)
{
    switch (s->kind) {
    case SCN_STEP_LOG: return node ? "log(" : "print";
    case SCN_STEP_NEXT_TICK: return "process.nextTick(";
    case SCN_STEP_MICROTASK: return node ? "Promise.resolve().then(" : "loop.call_soon(";
    case SCN_STEP_IMMEDIATE: return "setImmediate(";
    case SCN_STEP_TIMEOUT: return node ? "setTimeout(" : "loop.call_later(";
    case SCN_STEP_IO: return node ? "fs.readFile(" : "run_in_executor(";
    case SCN_STEP_SPAWN: return node ? "task" : "loop.create_task(task";
    case SCN_STEP_JOIN: return "await t";
    case SCN_STEP_AWAIT:
        return s->awaits == SCN_AWAIT_RESOLVED ? "await Promise.resolve()" : "await helper";
    default: return NULL;
    }
}

typedef struct {
    const scn_scenario *scn;
    const scn_code *code;
    bool node;
    print_at logs[64];
    int nlogs;
} walk_state;

static void walk(walk_state *w, const scn_block *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const scn_step *s = &b->steps[i];
        const char *want = construct_text(s, w->node);
        assert_non_null(want);
        assert_true(s->line >= 1 && (size_t)s->line <= w->code->nlines);
        if (strstr(w->code->lines[s->line - 1], want) == NULL)
            fail_msg("step line %d '%s' does not hold '%s'", s->line, w->code->lines[s->line - 1],
                     want);
        if (s->kind == SCN_STEP_LOG) {
            assert_true(w->nlogs < 64);
            w->logs[w->nlogs++] = (print_at){.label = atoi(w->scn->strings[s->text]),
                                             .line = s->line};
        }
        walk(w, &s->body);
    }
}

/* ---- tests ---- */

static void test_puzzle_same_seed_same_bytes(void **state)
{
    (void)state;
    static const uint64_t seeds[] = {0, 1, 17, 123456789, UINT64_MAX};
    for (size_t f = 0; f < 2; f++) {
        for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
            for (int program = 0; program < 2; program++) {
                char *a = make(flavors[f], seeds[i], program);
                char *b = make(flavors[f], seeds[i], program);
                assert_string_equal(a, b);
                free(a);
                free(b);
            }
            /* the program is the scenario's listing, line for line */
            char *prog = make(flavors[f], seeds[i], true);
            scn_scenario *scn = load_puzzle(flavors[f], seeds[i]);
            const scn_code *code = scn_runtime_code(scn, 0);
            const char *p = prog;
            for (size_t k = 0; k < code->nlines; k++) {
                size_t n = strlen(code->lines[k]);
                assert_memory_equal(p, code->lines[k], n);
                assert_int_equal(p[n], '\n');
                p += n + 1;
            }
            assert_int_equal(*p, '\0');
            free(prog);
            scn_free(scn);
        }
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_puzzle_seeds_differ(void **state)
{
    (void)state;
    for (size_t f = 0; f < 2; f++) {
        char *progs[SEEDS];
        for (int s = 0; s < SEEDS; s++)
            progs[s] = make(flavors[f], (uint64_t)s + 1, true);
        /* compared without the first line, which names the seed */
        char *bodies[SEEDS];
        for (int s = 0; s < SEEDS; s++)
            bodies[s] = strchr(progs[s], '\n');
        qsort(bodies, SEEDS, sizeof bodies[0], cmp_str);
        for (int s = 1; s < SEEDS; s++)
            if (strcmp(bodies[s - 1], bodies[s]) == 0)
                fail_msg("two seeds of %s give one program:%s", puzzle_flavor_name(flavors[f]),
                         bodies[s]);
        for (int s = 0; s < SEEDS; s++)
            free(progs[s]);
    }
}

static void test_puzzle_loads_runs_and_points_at_lines(void **state)
{
    (void)state;
    for (size_t f = 0; f < 2; f++) {
        bool node = flavors[f] == PUZZLE_NODE;
        for (uint64_t seed = 1; seed <= SEEDS; seed++) {
            scn_scenario *scn = load_puzzle(flavors[f], seed);
            char title[96];
            snprintf(title, sizeof title, "Print-order puzzle (%s, seed %llu)",
                     puzzle_flavor_name(flavors[f]), (unsigned long long)seed);
            assert_string_equal(scn->title, title);
            assert_int_equal(scn->nruntimes, 1);
            assert_int_equal(scn->runtimes[0].model, SCN_MODEL_EVENT_LOOP);
            assert_int_equal(scn->runtimes[0].flavor, node ? SCN_FLAVOR_NODE : SCN_FLAVOR_ASYNCIO);
            assert_non_null(strstr(scn->description, "In what order do the lines print?"));
            assert_int_equal(scn->workload.nrequests, 1);

            /* every print of the text has its log step, on its line; no other log step */
            const scn_code *code = scn_runtime_code(scn, 0);
            print_at prints[64];
            int nprints = find_prints(code, prints, 64);
            walk_state w = {.scn = scn, .code = code, .node = node};
            walk(&w, &scn->workload.requests[0].steps);
            assert_int_equal(w.nlogs, nprints);
            for (int i = 0; i < nprints; i++) {
                int found = 0;
                for (int j = 0; j < w.nlogs; j++)
                    found += w.logs[j].label == prints[i].label && w.logs[j].line == prints[i].line;
                if (found != 1)
                    fail_msg("seed %llu: print %d on line %d has %d log steps",
                             (unsigned long long)seed, prints[i].label, prints[i].line, found);
                assert_int_equal(prints[i].label, i + 1); /* numbered in text order */
            }

            /* main starts with a print: Node's first costs milliseconds, before any
             * timer is set (docs/puzzles.md) */
            size_t m = 0;
            while (m < code->nlines && strstr(code->lines[m], "async ") == NULL)
                m++;
            while (m < code->nlines && strstr(code->lines[m], " main()") == NULL)
                m++;
            assert_true(m + 1 < code->nlines);
            const char *first = code->lines[m + 1] + strspn(code->lines[m + 1], " ");
            if (strncmp(first, node ? "log(" : "print(", node ? 4 : 6) != 0)
                fail_msg("seed %llu: main starts with '%s'", (unsigned long long)seed, first);

            /* it runs to its end and prints every line once, 5 to 14 of them */
            char order[512];
            int64_t nlog;
            run_order(scn, 1, order, sizeof order, &nlog);
            assert_int_equal(nlog, nprints);
            assert_in_range(nlog, 5, 14);
            bool seen[64] = {false};
            for (const char *p = order; *p;) {
                int label = atoi(p);
                assert_in_range(label, 1, nlog);
                assert_false(seen[label]);
                seen[label] = true;
                p += strcspn(p, " ");
                p += *p == ' ';
            }
            scn_free(scn);
        }
    }
}

/* The model's own sources of variation (docs/model.md, "Jitter": the clock's
 * phase, the cost of prints, the loop's start) must not change a puzzle's order:
 * a puzzle is drawn without races. */
static void test_puzzle_one_order_under_jitter(void **state)
{
    (void)state;
    for (size_t f = 0; f < 2; f++) {
        for (uint64_t seed = 1; seed <= SEEDS; seed++) {
            scn_scenario *scn = load_puzzle(flavors[f], seed);
            char plain[512], varied[512];
            int64_t n;
            run_order(scn, 1, plain, sizeof plain, &n);
            scn->machine.jitter = true;
            for (uint64_t run = 1; run <= 10; run++) {
                run_order(scn, run, varied, sizeof varied, &n);
                if (strcmp(plain, varied) != 0)
                    fail_msg("%s seed %llu, jitter seed %llu: '%s', without jitter '%s'",
                             puzzle_flavor_name(flavors[f]), (unsigned long long)seed,
                             (unsigned long long)run, varied, plain);
            }
            scn_free(scn);
        }
    }
}

static int count_lines(const char *prog, const char *a, const char *b)
{
    int n = 0;
    for (const char *l = prog; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        size_t len = strcspn(l, "\n");
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)len, l);
        n += strstr(line, a) != NULL && (b == NULL || strstr(line, b) != NULL);
    }
    return n;
}

/* Every construct of the grammar appears over seeds 1 to 200, each counted by its
 * text in the programs. */
static void test_puzzle_every_construct_appears(void **state)
{
    (void)state;
    static const struct {
        puzzle_flavor f;
        const char *name, *a, *b;
    } constructs[] = {
        {PUZZLE_NODE, "log", "log(", NULL},
        {PUZZLE_NODE, "nextTick", "process.nextTick(", NULL},
        {PUZZLE_NODE, "promise then", "Promise.resolve().then(", NULL},
        {PUZZLE_NODE, "setImmediate", "setImmediate(", NULL},
        {PUZZLE_NODE, "setTimeout 0", ", 0);", NULL},
        {PUZZLE_NODE, "setTimeout 50", ", 50);", NULL},
        {PUZZLE_NODE, "setTimeout 100", ", 100);", NULL},
        {PUZZLE_NODE, "setTimeout 150", ", 150);", NULL},
        {PUZZLE_NODE, "setTimeout 250", ", 250);", NULL},
        {PUZZLE_NODE, "fs.readFile", "fs.readFile(", NULL},
        {PUZZLE_NODE, "task joined", "const t", "= task"},
        {PUZZLE_NODE, "task not joined", "  task", "();"},
        {PUZZLE_NODE, "await task", "await t", NULL},
        {PUZZLE_NODE, "await Promise.resolve()", "await Promise.resolve();", NULL},
        {PUZZLE_NODE, "await helper()", "await helper", NULL},
        {PUZZLE_ASYNCIO, "print", "print(", NULL},
        {PUZZLE_ASYNCIO, "call_soon", "loop.call_soon(", NULL},
        {PUZZLE_ASYNCIO, "call_later 0", "loop.call_later(0, ", NULL},
        {PUZZLE_ASYNCIO, "call_later 0.05", "loop.call_later(0.05, ", NULL},
        {PUZZLE_ASYNCIO, "call_later 0.1", "loop.call_later(0.1, ", NULL},
        {PUZZLE_ASYNCIO, "call_later 0.15", "loop.call_later(0.15, ", NULL},
        {PUZZLE_ASYNCIO, "call_later 0.25", "loop.call_later(0.25, ", NULL},
        {PUZZLE_ASYNCIO, "run_in_executor", "loop.run_in_executor(", NULL},
        {PUZZLE_ASYNCIO, "create_task", "loop.create_task(task", NULL},
        {PUZZLE_ASYNCIO, "await task", "await t", NULL},
        {PUZZLE_ASYNCIO, "await helper()", "await helper", NULL},
        {PUZZLE_ASYNCIO, "callback def", "def cb", NULL},
    };
    size_t nc = sizeof constructs / sizeof constructs[0];
    int counts[sizeof constructs / sizeof constructs[0]] = {0};
    for (size_t f = 0; f < 2; f++) {
        for (uint64_t seed = 1; seed <= SEEDS; seed++) {
            char *prog = make(flavors[f], seed, true);
            for (size_t c = 0; c < nc; c++)
                if (constructs[c].f == flavors[f])
                    counts[c] += count_lines(prog, constructs[c].a, constructs[c].b);
            free(prog);
        }
    }
    for (size_t c = 0; c < nc; c++) {
        print_message("%-8s %-28s %d\n", puzzle_flavor_name(constructs[c].f), constructs[c].name,
                      counts[c]);
        if (counts[c] == 0)
            fail_msg("%s: '%s' never appears in seeds 1 to %d", puzzle_flavor_name(constructs[c].f),
                     constructs[c].name, SEEDS);
    }
}

static void test_puzzle_flavors(void **state)
{
    (void)state;
    puzzle_flavor f;
    assert_int_equal(puzzle_parse_flavor("node", &f), 0);
    assert_int_equal(f, PUZZLE_NODE);
    assert_int_equal(puzzle_parse_flavor("asyncio", &f), 0);
    assert_int_equal(f, PUZZLE_ASYNCIO);
    static const char *const bad[] = {"Node", "", "python", "node ", "asyncio2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(puzzle_parse_flavor(bad[i], &f), SIM_EINVAL);
    assert_string_equal(puzzle_program_ext(PUZZLE_NODE), "js");
    assert_string_equal(puzzle_program_ext(PUZZLE_ASYNCIO), "py");
}

/* A sink that fails: the writer says so. */
static void test_puzzle_write_error(void **state)
{
    (void)state;
    for (int budget = 0; budget < 3; budget++) {
        failing fl = {.budget = budget};
        sim_sink s = {.write = failing_write, .ctx = &fl};
        assert_int_equal(puzzle_write(&s, PUZZLE_NODE, 7, false), SIM_EIO);
        assert_int_equal(fl.calls, budget + 1); /* nothing tried after the first failure */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_puzzle_same_seed_same_bytes),
        cmocka_unit_test(test_puzzle_seeds_differ),
        cmocka_unit_test(test_puzzle_loads_runs_and_points_at_lines),
        cmocka_unit_test(test_puzzle_one_order_under_jitter),
        cmocka_unit_test(test_puzzle_every_construct_appears),
        cmocka_unit_test(test_puzzle_flavors),
        cmocka_unit_test(test_puzzle_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
