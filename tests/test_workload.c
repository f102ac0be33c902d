/* test_workload.c - request counts, open arrivals, and instantiated programs.
 *
 * The scenarios are built by hand as static structs, as the loader would build
 * them, so these tests depend on nothing but workload.c and rng.c.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "workload.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define BLOCK(a)         \
    {                    \
        (a), COUNT_OF(a) \
    }
#define CONST_NS(ns)            \
    {                           \
        SCN_DIST_CONST, (ns), 0 \
    }
#define EXP_NS(ns)            \
    {                         \
        SCN_DIST_EXP, (ns), 0 \
    }
#define MS 1000000LL

/* ---- hand-built scenarios ---- */

static scn_step three_steps[] = {
    {.kind = SCN_STEP_CPU, .dur = CONST_NS(1 * MS)},
    {.kind = SCN_STEP_IO, .dur = CONST_NS(1000 * MS), .device = 0},
    {.kind = SCN_STEP_CPU, .dur = CONST_NS(1 * MS)},
};

static scn_step exp_cpu[] = {{.kind = SCN_STEP_CPU, .dur = EXP_NS(1 * MS)}};

static scn_scenario burst_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                              .arrivals = {.kind = SCN_ARR_BURST, .count = 3},
                                              .request = BLOCK(three_steps)}};

static scn_scenario every_scn = {
    .workload = {.kind = SCN_WORKLOAD_GENERATED,
                 .arrivals = {.kind = SCN_ARR_EVERY, .count = 5, .every = 10 * MS},
                 .request = BLOCK(three_steps)}};

/* 10^8 requests, one every 10^6 s: the 9224th would be beyond int64_t ns. */
static scn_scenario every_overflow_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                                       .arrivals = {.kind = SCN_ARR_EVERY,
                                                                    .count = SCN_MAX_REQUESTS,
                                                                    .every = SCN_MAX_DURATION_NS},
                                                       .request = BLOCK(three_steps)}};

static scn_scenario poisson_scn = {
    .workload = {.kind = SCN_WORKLOAD_GENERATED,
                 .arrivals = {.kind = SCN_ARR_POISSON, .count = 100000, .rate_per_s = 1000.0},
                 .request = BLOCK(exp_cpu)}};

static int64_t at_times[] = {30, 10, 20, 10, 0};
static scn_scenario at_scn = {
    .workload = {.kind = SCN_WORKLOAD_GENERATED,
                 .arrivals = {.kind = SCN_ARR_AT, .at = at_times, .nat = COUNT_OF(at_times)},
                 .request = BLOCK(exp_cpu)}};

static char name_a[] = "a", name_b[] = "b", name_c[] = "c";
static scn_request explicit_requests[] = {
    {.name = name_a, .at = 5, .steps = BLOCK(three_steps)},
    {.name = name_b, .at = 0, .steps = BLOCK(exp_cpu)},
    {.name = name_c, .at = 5, .steps = {NULL, 0}},
};
static scn_scenario explicit_scn = {.workload = {.kind = SCN_WORKLOAD_EXPLICIT,
                                                 .requests = explicit_requests,
                                                 .nrequests = COUNT_OF(explicit_requests)}};

static scn_scenario closed_scn = {
    .workload = {
        .kind = SCN_WORKLOAD_GENERATED,
        .arrivals = {.kind = SCN_ARR_CLOSED, .count = 20000, .clients = 2, .think = EXP_NS(1 * MS)},
        .request = BLOCK(exp_cpu)}};

/* A program using every kind of nesting; the expected layout is in
 * test_program_preorder_layout. */
static scn_step par_b0[] = {{.kind = SCN_STEP_IO, .dur = CONST_NS(5 * MS), .device = -1}};
static scn_step par_b1[] = {
    {.kind = SCN_STEP_CPU, .dur = EXP_NS(1 * MS)},
    {.kind = SCN_STEP_LOG, .text = 0},
};
static scn_block par_branches[] = {BLOCK(par_b0), BLOCK(par_b1)};
static scn_step off_body[] = {{.kind = SCN_STEP_NATIVE, .dur = CONST_NS(2 * MS)}};
static scn_step log_only[] = {{.kind = SCN_STEP_LOG, .text = 0}};
static scn_step cpu_1ms[] = {{.kind = SCN_STEP_CPU, .dur = CONST_NS(1 * MS)}};
static scn_step imm[] = {{.kind = SCN_STEP_IMMEDIATE, .body = BLOCK(log_only)}};
static scn_step tick[] = {{.kind = SCN_STEP_NEXT_TICK, .body = BLOCK(imm)}};
static scn_step nested_steps[] = {
    {.kind = SCN_STEP_CPU, .dur = EXP_NS(1 * MS)},
    {.kind = SCN_STEP_PARALLEL, .branches = par_branches, .nbranches = 2},
    {.kind = SCN_STEP_REPEAT, .count = 3, .body = BLOCK(exp_cpu)},
    {.kind = SCN_STEP_OFFLOAD,
     .body = BLOCK(off_body),
     .has_then = true,
     .then_body = BLOCK(log_only)},
    {.kind = SCN_STEP_IO,
     .dur = CONST_NS(1 * MS),
     .device = -1,
     .has_then = true,
     .body = BLOCK(cpu_1ms)},
    {.kind = SCN_STEP_TIMEOUT, .dur = CONST_NS(0), .body = BLOCK(log_only)},
    {.kind = SCN_STEP_MICROTASK, .body = BLOCK(tick)},
    {.kind = SCN_STEP_OFFLOAD, .to = SCN_OFFLOAD_WORKER, .body = BLOCK(off_body)},
};
static scn_scenario nested_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                               .arrivals = {.kind = SCN_ARR_BURST, .count = 50},
                                               .request = BLOCK(nested_steps)}};

static scn_step mix_a[] = {{.kind = SCN_STEP_CPU, .dur = EXP_NS(1 * MS)}};
static scn_step mix_b[] = {{.kind = SCN_STEP_IO, .dur = EXP_NS(5 * MS), .device = -1}};
static scn_mix_entry mix_entries[] = {{.weight = 1.0, .steps = BLOCK(mix_a)},
                                      {.weight = 3.0, .steps = BLOCK(mix_b)}};
static scn_scenario mix_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                            .arrivals = {.kind = SCN_ARR_BURST, .count = 40000},
                                            .mix = mix_entries,
                                            .nmix = COUNT_OF(mix_entries)}};

/* One generated request whose program is `repeat` of `body`; set per test. */
static scn_step repeat_step[1];
static scn_scenario repeat_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                               .arrivals = {.kind = SCN_ARR_BURST, .count = 1},
                                               .request = BLOCK(repeat_step)}};

/* ---- counts ---- */

static void test_count_each_kind(void **state)
{
    (void)state;
    assert_int_equal(wl_request_count(&burst_scn), 3);
    assert_int_equal(wl_request_count(&every_scn), 5);
    assert_int_equal(wl_request_count(&poisson_scn), 100000);
    assert_int_equal(wl_request_count(&at_scn), 5);
    assert_int_equal(wl_request_count(&explicit_scn), 3);
    assert_int_equal(wl_request_count(&closed_scn), 20000);
    assert_true(wl_is_closed(&closed_scn));
    assert_false(wl_is_closed(&burst_scn));
    assert_false(wl_is_closed(&explicit_scn));
}

/* ---- arrivals ---- */

typedef struct {
    int64_t req, t;
} arrival;

/* Collects up to `max` arrivals; returns how many, and the last rc in *rc. */
static int64_t collect(const scn_scenario *scn, uint64_t seed, arrival *out, int64_t max, int *rc)
{
    wl_arrivals it;
    assert_int_equal(wl_arrivals_init(&it, scn, seed), 0);
    int64_t n = 0;
    arrival a;
    while (n < max && (*rc = wl_arrivals_next(&it, &a.req, &a.t)) == 1)
        out[n++] = a;
    if (n == max)
        *rc = wl_arrivals_next(&it, &a.req, &a.t);
    wl_arrivals_release(&it);
    return n;
}

static void expect_arrivals(const scn_scenario *scn, const arrival *want, int64_t nwant)
{
    arrival got[16];
    int rc;
    int64_t n = collect(scn, 1, got, 16, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(n, nwant);
    for (int64_t i = 0; i < n; i++)
        if (got[i].req != want[i].req || got[i].t != want[i].t)
            fail_msg("arrival %lld: got (req %lld, t %lld), want (req %lld, t %lld)", (long long)i,
                     (long long)got[i].req, (long long)got[i].t, (long long)want[i].req,
                     (long long)want[i].t);
}

static void test_arrivals_burst(void **state)
{
    (void)state;
    static const arrival want[] = {{0, 0}, {1, 0}, {2, 0}};
    expect_arrivals(&burst_scn, want, 3);
}

static void test_arrivals_every(void **state)
{
    (void)state;
    static const arrival want[] = {{0, 0}, {1, 10 * MS}, {2, 20 * MS}, {3, 30 * MS}, {4, 40 * MS}};
    expect_arrivals(&every_scn, want, 5);
}

static void test_arrivals_every_overflow(void **state)
{
    (void)state;
    wl_arrivals it;
    assert_int_equal(wl_arrivals_init(&it, &every_overflow_scn, 1), 0);
    int64_t req, t, n = 0;
    int rc;
    while ((rc = wl_arrivals_next(&it, &req, &t)) == 1)
        n++;
    assert_int_equal(rc, SIM_EOVERFLOW);
    /* i * 10^15 fits for i <= INT64_MAX / 10^15 = 9223. */
    assert_int_equal(n, 9224);
    assert_int_equal(t, 9223 * SCN_MAX_DURATION_NS);
    wl_arrivals_release(&it);
}

/* Exponential gaps of mean 1e9/1000 = 1e6 ns: their mean is within 5 standard
 * errors (1e6 / sqrt(n)), their sd is about the mean, and 1 - 1/e of them are
 * shorter than the mean. */
static void test_arrivals_poisson_gaps(void **state)
{
    (void)state;
    static arrival got[100000];
    int rc;
    int64_t n = collect(&poisson_scn, 9, got, 100000, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(n, 100000);
    double sum = 0.0, sumsq = 0.0;
    long shorter = 0;
    int64_t prev = 0;
    for (int64_t i = 0; i < n; i++) {
        assert_int_equal(got[i].req, i);
        int64_t gap = got[i].t - prev;
        assert_true(gap >= 0);
        sum += (double)gap;
        sumsq += (double)gap * (double)gap;
        shorter += gap < 1000000;
        prev = got[i].t;
    }
    assert_true(got[0].t > 0); /* a Poisson process started at 0 waits one gap */
    double mean = sum / (double)n;
    double sd = sqrt(sumsq / (double)n - mean * mean);
    assert_true(fabs(mean - 1e6) < 5.0 * 1e6 / sqrt((double)n));
    assert_true(fabs(sd - 1e6) < 0.03 * 1e6);
    double p = 1.0 - exp(-1.0);
    assert_true(fabs((double)shorter / (double)n - p) < 5.0 * sqrt(p * (1 - p) / (double)n));
}

static void test_arrivals_poisson_deterministic(void **state)
{
    (void)state;
    static arrival a[1000], b[1000], c[1000];
    int rc;
    assert_int_equal(collect(&poisson_scn, 4, a, 1000, &rc), 1000);
    assert_int_equal(collect(&poisson_scn, 4, b, 1000, &rc), 1000);
    assert_int_equal(collect(&poisson_scn, 5, c, 1000, &rc), 1000);
    assert_memory_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, c, sizeof(a));
}

static void test_arrivals_at_sorted_stably(void **state)
{
    (void)state;
    /* at = {30, 10, 20, 10, 0}: the two 10s keep their order (1 before 3). */
    static const arrival want[] = {{4, 0}, {1, 10}, {3, 10}, {2, 20}, {0, 30}};
    expect_arrivals(&at_scn, want, 5);
}

static void test_arrivals_explicit_sorted_stably(void **state)
{
    (void)state;
    static const arrival want[] = {{1, 0}, {0, 5}, {2, 5}};
    expect_arrivals(&explicit_scn, want, 3);
}

static void test_arrivals_closed_has_none(void **state)
{
    (void)state;
    arrival got[4];
    int rc;
    assert_int_equal(collect(&closed_scn, 1, got, 4, &rc), 0);
    assert_int_equal(rc, 0);
}

static void test_request_name(void **state)
{
    (void)state;
    assert_string_equal(wl_request_name(&explicit_scn, 0), "a");
    assert_string_equal(wl_request_name(&explicit_scn, 2), "c");
    assert_null(wl_request_name(&explicit_scn, 3));
    assert_null(wl_request_name(&explicit_scn, -1));
    assert_null(wl_request_name(&burst_scn, 0));
}

/* ---- think times ---- */

static void test_think_time(void **state)
{
    (void)state;
    wl_program prog = {0};
    double sum = 0.0;
    long same_as_program = 0;
    const int64_t n = wl_request_count(&closed_scn);
    for (int64_t r = 0; r < n; r++) {
        int64_t think = wl_think_time(&closed_scn, 3, r);
        assert_int_equal(think, wl_think_time(&closed_scn, 3, r));
        assert_true(think >= 0);
        sum += (double)think;
        /* The program's first step has the think time's distribution; drawn
         * from one stream they would be equal. */
        assert_int_equal(wl_program_build(&prog, &closed_scn, 3, r), 0);
        same_as_program += prog.ops[0].dur == think;
    }
    assert_true(same_as_program < 5);
    assert_true(fabs(sum / (double)n - 1e6) < 5.0 * 1e6 / sqrt((double)n));
    assert_int_equal(wl_think_time(&burst_scn, 3, 0), 0);
    wl_program_release(&prog);
}

/* ---- programs ---- */

static void test_program_simple(void **state)
{
    (void)state;
    wl_program prog = {0};
    assert_int_equal(wl_program_build(&prog, &burst_scn, 1, 2), 0);
    assert_int_equal(prog.n, 3);
    static const int64_t durs[] = {1 * MS, 1000 * MS, 1 * MS};
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(prog.ops[i].kind, three_steps[i].kind);
        assert_int_equal(prog.ops[i].size, 0);
        assert_int_equal(prog.ops[i].dur, durs[i]);
        assert_ptr_equal(prog.ops[i].src, &three_steps[i]);
    }
    assert_int_equal(wl_program_build(&prog, &burst_scn, 1, 3), SIM_EINVAL);
    assert_int_equal(prog.n, 0);
    assert_int_equal(wl_program_build(&prog, &burst_scn, 1, -1), SIM_EINVAL);
    assert_int_equal(wl_program_build(&prog, &explicit_scn, 1, 2), 0);
    assert_int_equal(prog.n, 0); /* an empty program */
    wl_program_release(&prog);
}

/* An interval is unrolled: `count` firing ops, each with the interval's period
 * (drawn once) and its own copy of the callback, whose durations are drawn anew. */
static scn_step interval_steps[] = {
    {.kind = SCN_STEP_INTERVAL, .dur = EXP_NS(10 * MS), .count = 3, .body = BLOCK(exp_cpu)}};
static scn_scenario interval_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                                 .arrivals = {.kind = SCN_ARR_BURST, .count = 1},
                                                 .request = BLOCK(interval_steps)}};

static void test_program_interval_firings(void **state)
{
    (void)state;
    wl_program prog = {0};
    assert_int_equal(wl_program_build(&prog, &interval_scn, 1, 0), 0);
    assert_int_equal(prog.n, 7);
    assert_int_equal(prog.ops[0].kind, SCN_STEP_INTERVAL);
    assert_int_equal(prog.ops[0].size, 6);
    assert_true(prog.ops[0].dur > 0);
    for (uint32_t f = 1; f < 7; f += 2) {
        assert_int_equal(prog.ops[f].kind, WL_OP_FIRING);
        assert_int_equal(prog.ops[f].size, 1);
        assert_int_equal(prog.ops[f].dur, prog.ops[0].dur);
        assert_ptr_equal(prog.ops[f].src, &interval_steps[0]);
        assert_int_equal(prog.ops[f + 1].kind, SCN_STEP_CPU);
    }
    assert_true(prog.ops[2].dur != prog.ops[4].dur || prog.ops[4].dur != prog.ops[6].dur);
    wl_program_release(&prog);
}

/* An awaited call and a spawned task hold their steps, like a callback; a join,
 * a resolve and an await of a settled promise hold none. */
static scn_step task_body[] = {
    {.kind = SCN_STEP_CPU, .dur = CONST_NS(3 * MS)},
    {.kind = SCN_STEP_LOG, .text = 0},
};
static scn_step task_steps[] = {
    {.kind = SCN_STEP_SPAWN, .name = 0, .body = BLOCK(task_body)},
    {.kind = SCN_STEP_AWAIT, .awaits = SCN_AWAIT_CALL, .name = -1, .body = BLOCK(cpu_1ms)},
    {.kind = SCN_STEP_JOIN, .name = 0},
    {.kind = SCN_STEP_AWAIT, .awaits = SCN_AWAIT_RESOLVED, .name = -1},
    {.kind = SCN_STEP_RESOLVE, .name = 1},
};
static scn_scenario task_scn = {.workload = {.kind = SCN_WORKLOAD_GENERATED,
                                             .arrivals = {.kind = SCN_ARR_BURST, .count = 1},
                                             .request = BLOCK(task_steps)}};

static void test_program_tasks_layout(void **state)
{
    (void)state;
    static const struct {
        uint32_t kind, size;
        int64_t dur;
    } want[] = {
        {SCN_STEP_SPAWN, 2, 0}, {SCN_STEP_CPU, 0, 3 * MS}, {SCN_STEP_LOG, 0, 0},
        {SCN_STEP_AWAIT, 1, 0}, {SCN_STEP_CPU, 0, 1 * MS}, {SCN_STEP_JOIN, 0, 0},
        {SCN_STEP_AWAIT, 0, 0}, {SCN_STEP_RESOLVE, 0, 0},
    };
    wl_program prog = {0};
    assert_int_equal(wl_program_build(&prog, &task_scn, 1, 0), 0);
    assert_int_equal(prog.n, COUNT_OF(want));
    for (uint32_t i = 0; i < prog.n; i++)
        if (prog.ops[i].kind != want[i].kind || prog.ops[i].size != want[i].size ||
            prog.ops[i].dur != want[i].dur)
            fail_msg("op %u: kind %u size %u dur %lld, want kind %u size %u dur %lld", i,
                     prog.ops[i].kind, prog.ops[i].size, (long long)prog.ops[i].dur, want[i].kind,
                     want[i].size, (long long)want[i].dur);
    assert_ptr_equal(prog.ops[1].src, &task_body[0]);
    assert_ptr_equal(prog.ops[4].src, &cpu_1ms[0]);
    wl_program_release(&prog);
}

static void test_program_preorder_layout(void **state)
{
    (void)state;
    static const struct {
        uint32_t kind, size;
    } want[] = {
        {SCN_STEP_CPU, 0},       {SCN_STEP_PARALLEL, 5},  {WL_OP_BRANCH, 1},
        {SCN_STEP_IO, 0},        {WL_OP_BRANCH, 2},       {SCN_STEP_CPU, 0},
        {SCN_STEP_LOG, 0},       {SCN_STEP_REPEAT, 3},    {SCN_STEP_CPU, 0},
        {SCN_STEP_CPU, 0},       {SCN_STEP_CPU, 0},       {SCN_STEP_OFFLOAD, 3},
        {SCN_STEP_NATIVE, 0},    {WL_OP_BRANCH, 1},       {SCN_STEP_LOG, 0},
        {SCN_STEP_IO, 1},        {SCN_STEP_CPU, 0},       {SCN_STEP_TIMEOUT, 1},
        {SCN_STEP_LOG, 0},       {SCN_STEP_MICROTASK, 3}, {SCN_STEP_NEXT_TICK, 2},
        {SCN_STEP_IMMEDIATE, 1}, {SCN_STEP_LOG, 0},       {SCN_STEP_OFFLOAD, 1},
        {SCN_STEP_NATIVE, 0},
    };
    wl_program prog = {0};
    assert_int_equal(wl_program_build(&prog, &nested_scn, 1, 0), 0);
    assert_int_equal(prog.n, COUNT_OF(want));
    for (uint32_t i = 0; i < prog.n; i++)
        if (prog.ops[i].kind != want[i].kind || prog.ops[i].size != want[i].size)
            fail_msg("op %u: kind %u size %u, want kind %u size %u", i, prog.ops[i].kind,
                     prog.ops[i].size, want[i].kind, want[i].size);
    /* Sources, and durations only where a step has one. */
    assert_ptr_equal(prog.ops[1].src, &nested_steps[1]);
    assert_null(prog.ops[2].src);
    assert_ptr_equal(prog.ops[3].src, &par_b0[0]);
    assert_ptr_equal(prog.ops[8].src, &exp_cpu[0]);
    assert_ptr_equal(prog.ops[10].src, &exp_cpu[0]);
    assert_ptr_equal(prog.ops[14].src, &log_only[0]);
    assert_int_equal(prog.ops[3].dur, 5 * MS);
    assert_int_equal(prog.ops[12].dur, 2 * MS);
    assert_int_equal(prog.ops[15].dur, 1 * MS);
    assert_int_equal(prog.ops[17].dur, 0);
    static const uint32_t no_dur[] = {1, 2, 4, 6, 7, 11, 13, 14, 19, 20, 21, 22, 23};
    for (size_t k = 0; k < COUNT_OF(no_dur); k++)
        assert_int_equal(prog.ops[no_dur[k]].dur, 0);
    /* Each repeated copy is sampled on its own. */
    assert_true(prog.ops[8].dur != prog.ops[9].dur && prog.ops[9].dur != prog.ops[10].dur);
    wl_program_release(&prog);
}

/* The durations are those of stream `req` of the seed, drawn in pre-order. */
static void test_program_draws_in_preorder(void **state)
{
    (void)state;
    wl_program prog = {0};
    for (int64_t req = 0; req < 5; req++) {
        assert_int_equal(wl_program_build(&prog, &nested_scn, 77, req), 0);
        rng r;
        rng_derive(&r, 77, (uint64_t)req);
        for (uint32_t i = 0; i < prog.n; i++) {
            const wl_op *op = &prog.ops[i];
            if (op->kind == SCN_STEP_CPU || op->kind == SCN_STEP_NATIVE ||
                op->kind == SCN_STEP_IO || op->kind == SCN_STEP_TIMEOUT)
                assert_int_equal(op->dur, rng_sample(&r, &op->src->dur));
        }
    }
    wl_program_release(&prog);
}

static void test_program_same_whatever_the_order(void **state)
{
    (void)state;
    enum { N = 50 };
    static int64_t forward[N][32];
    wl_program prog = {0};
    for (int64_t r = 0; r < N; r++) {
        assert_int_equal(wl_program_build(&prog, &nested_scn, 5, r), 0);
        for (uint32_t i = 0; i < prog.n; i++)
            forward[r][i] = prog.ops[i].dur;
    }
    /* Backwards, with other requests and other draws in between. */
    for (int64_t r = N - 1; r >= 0; r--) {
        wl_program other = {0};
        assert_int_equal(wl_program_build(&other, &nested_scn, 5, (r * 7) % N), 0);
        (void)wl_think_time(&closed_scn, 5, r);
        wl_program_release(&other);
        assert_int_equal(wl_program_build(&prog, &nested_scn, 5, r), 0);
        for (uint32_t i = 0; i < prog.n; i++)
            if (prog.ops[i].dur != forward[r][i])
                fail_msg("request %lld op %u: %lld then %lld", (long long)r, i,
                         (long long)forward[r][i], (long long)prog.ops[i].dur);
    }
    /* Other requests, or another seed, get other numbers. */
    assert_int_equal(wl_program_build(&prog, &nested_scn, 6, 0), 0);
    assert_true(prog.ops[0].dur != forward[0][0]);
    assert_true(forward[0][0] != forward[1][0]);
    wl_program_release(&prog);
}

/* Weights 1 and 3: the second entry about 3/4 of the time. The entry is the
 * first draw of the request's stream, the durations come after it. */
static void test_program_mix_weights(void **state)
{
    (void)state;
    wl_program prog = {0};
    const int64_t n = wl_request_count(&mix_scn);
    long second = 0;
    for (int64_t r = 0; r < n; r++) {
        assert_int_equal(wl_program_build(&prog, &mix_scn, 2, r), 0);
        assert_int_equal(prog.n, 1);
        rng s;
        rng_derive(&s, 2, (uint64_t)r);
        int want_second = rng_unit(&s) * 4.0 >= 1.0;
        const scn_step *src = want_second ? &mix_b[0] : &mix_a[0];
        assert_ptr_equal(prog.ops[0].src, src);
        assert_int_equal(prog.ops[0].dur, rng_sample(&s, &src->dur));
        second += want_second;
    }
    double share = (double)second / (double)n;
    assert_true(fabs(share - 0.75) < 5.0 * sqrt(0.75 * 0.25 / (double)n));
    wl_program_release(&prog);
}

static void test_program_limit(void **state)
{
    (void)state;
    wl_program prog = {0};
    repeat_step[0] = (scn_step){.kind = SCN_STEP_REPEAT, .body = BLOCK(cpu_1ms)};

    /* The repeat itself plus its copies: exactly the limit is allowed. */
    repeat_step[0].count = SCN_MAX_EXPANDED_STEPS - 1;
    assert_int_equal(wl_program_build(&prog, &repeat_scn, 1, 0), 0);
    assert_int_equal(prog.n, SCN_MAX_EXPANDED_STEPS);
    assert_int_equal(prog.ops[0].size, SCN_MAX_EXPANDED_STEPS - 1);
    assert_int_equal(prog.ops[SCN_MAX_EXPANDED_STEPS - 1].dur, 1 * MS);
    wl_op *storage = prog.ops;
    uint32_t cap = prog.cap;

    repeat_step[0].count = SCN_MAX_EXPANDED_STEPS;
    assert_int_equal(wl_program_build(&prog, &repeat_scn, 1, 0), SIM_ELIMIT);
    assert_int_equal(prog.n, 0);

    /* A huge count fails fast instead of looping. */
    repeat_step[0].count = INT64_MAX;
    assert_int_equal(wl_program_build(&prog, &repeat_scn, 1, 0), SIM_ELIMIT);

    /* An empty body repeated any number of times is just the repeat. */
    repeat_step[0].body = (scn_block){NULL, 0};
    assert_int_equal(wl_program_build(&prog, &repeat_scn, 1, 0), 0);
    assert_int_equal(prog.n, 1);
    assert_int_equal(prog.ops[0].size, 0);

    /* Storage is reused, not reallocated, for a smaller program. */
    assert_int_equal(wl_program_build(&prog, &nested_scn, 1, 0), 0);
    assert_ptr_equal(prog.ops, storage);
    assert_int_equal(prog.cap, cap);
    wl_program_release(&prog);
    assert_null(prog.ops);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_each_kind),
        cmocka_unit_test(test_arrivals_burst),
        cmocka_unit_test(test_arrivals_every),
        cmocka_unit_test(test_arrivals_every_overflow),
        cmocka_unit_test(test_arrivals_poisson_gaps),
        cmocka_unit_test(test_arrivals_poisson_deterministic),
        cmocka_unit_test(test_arrivals_at_sorted_stably),
        cmocka_unit_test(test_arrivals_explicit_sorted_stably),
        cmocka_unit_test(test_arrivals_closed_has_none),
        cmocka_unit_test(test_request_name),
        cmocka_unit_test(test_think_time),
        cmocka_unit_test(test_program_simple),
        cmocka_unit_test(test_program_preorder_layout),
        cmocka_unit_test(test_program_interval_firings),
        cmocka_unit_test(test_program_tasks_layout),
        cmocka_unit_test(test_program_draws_in_preorder),
        cmocka_unit_test(test_program_same_whatever_the_order),
        cmocka_unit_test(test_program_mix_weights),
        cmocka_unit_test(test_program_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
