/* test_engine.c - the engine against the real things it models.
 *
 * Oracle tests compare runs with queueing formulas and with what CPython does,
 * each with its source; behaviour tests pin the rules of cpu.c, gil.c, threads.c
 * and engine*.c (time slicing, devices, closed loops, memory, determinism).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "diag.h"
#include "engine.h"
#include "engine_internal.h"
#include "scenario.h"
#include "trace.h"

#define MS 1000000LL
#define US 1000LL

/* Runs runtime `name` and returns a copy of its metrics (detail and log dropped). */
static sim_metrics run_named(const scn_scenario *scn, const char *name, bool keep_trace)
{
    int i = scn_find_runtime(scn, name);
    assert_true(i >= 0);
    sim_options opt = {.keep_trace = keep_trace, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, (size_t)i, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    sim_metrics m = *sim_run_metrics(run);
    m.detail = NULL;
    m.log = NULL;
    sim_run_free(run);
    return m;
}

/* ---- queueing oracles ------------------------------------------------------ */

/* Erlang C: the probability that an arrival waits in an M/M/c queue with offered
 * load a = lambda/mu (Kleinrock, Queueing Systems vol. 1, 1975, eq. 3.42). */
static double erlang_c(int c, double a)
{
    double term = 1, sum = 0;
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term * c / (c - a);
    return top / (sum + top);
}

static const char mm_template[] =
    "{\"schema\": \"bistro/1\", \"title\": \"M/M/c\", \"seed\": 7,"
    " \"machine\": {\"cores\": %d, \"context_switch\": 0},"
    " \"workload\": {\"arrivals\": {\"poisson_per_s\": %g, \"count\": %d},"
    "               \"request\": [{\"cpu\": {\"exp\": \"1ms\"}}]},"
    " \"runtimes\": [{\"name\": \"pool\", \"model\": \"threads\", \"threads\": %d}]}";

static double mm_mean_response_ms(int c, double rate, int count)
{
    char json[1024];
    snprintf(json, sizeof json, mm_template, c, rate, count, c);
    scn_scenario *scn = load(json);
    sim_metrics m = run_named(scn, "pool", false);
    assert_int_equal(m.completed, count);
    scn_free(scn);
    return (double)m.lat_mean_ns / 1e6;
}

/* M/M/1 with mu = 1000/s, lambda = 700/s: E[T] = 1/(mu - lambda) = 3.333 ms. */
static void test_oracle_mm1_mean_response(void **state)
{
    (void)state;
    double expected = 1000.0 / (1000.0 - 700.0);
    assert_near(mm_mean_response_ms(1, 700, 1000000), expected, 0.03);
}

/* M/M/2 with mu = 1000/s per server, lambda = 1500/s:
 * E[T] = C(2, 1.5) / (2 mu - lambda) + 1/mu = 2.2857 ms (Erlang C). */
static void test_oracle_mm2_mean_response(void **state)
{
    (void)state;
    double expected = erlang_c(2, 1.5) / (2.0 - 1.5) + 1.0;
    assert_near(expected, 2.2857, 0.001);
    assert_near(mm_mean_response_ms(2, 1500, 1000000), expected, 0.03);
}

/* M/M/4 with lambda = 3200/s: E[T] = C(4, 3.2)/(4 - 3.2) + 1 ms. */
static void test_oracle_mm4_mean_response(void **state)
{
    (void)state;
    double expected = erlang_c(4, 3.2) / (4.0 - 3.2) + 1.0;
    assert_near(mm_mean_response_ms(4, 3200, 1000000), expected, 0.03);
}

/* ---- GIL oracles ------------------------------------------------------------ */

static const char cpu_bound_template[] =
    "{\"schema\": \"bistro/1\", \"title\": \"cpu\", \"machine\": {\"cores\": 2},"
    " \"workload\": {\"arrivals\": {\"burst\": %d}, \"request\": [{\"cpu\": \"1s\"}]},"
    " \"runtimes\": ["
    "  {\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": true},"
    "  {\"name\": \"nogil\", \"model\": \"threads\", \"threads\": 2, \"gil\": false},"
    "  {\"name\": \"procs\", \"model\": \"processes\", \"processes\": 2,"
    "   \"each\": {\"model\": \"threads\", \"threads\": 1, \"gil\": true}}]}";

/* Two CPU-bound threads under the GIL take twice as long as one, however many
 * cores (David Beazley, "Understanding the Python GIL", PyCon 2010: CPU-bound
 * threads get no speed-up; CPython docs, "global interpreter lock"). Without the
 * GIL (PEP 703) or as two processes they take as long as one. */
static void test_oracle_gil_cpu_bound_threads(void **state)
{
    (void)state;
    char json[1024];
    snprintf(json, sizeof json, cpu_bound_template, 1);
    scn_scenario *one = load(json);
    snprintf(json, sizeof json, cpu_bound_template, 2);
    scn_scenario *two = load(json);

    double alone = (double)run_named(one, "gil", false).makespan_ns;
    assert_near(alone, 1000.0 * MS, 0.001);
    assert_near((double)run_named(two, "gil", false).makespan_ns, 2 * alone, 0.01);
    assert_near((double)run_named(two, "nogil", false).makespan_ns, alone, 0.01);
    assert_near((double)run_named(two, "procs", false).makespan_ns, alone, 0.01);

    /* under the GIL the switch interval decides who runs: about 200 hand-overs */
    sim_metrics gil = run_named(two, "gil", false);
    assert_true(gil.context_switches >= 150);
    assert_true(gil.gil_wait_ns >= 900 * MS);
    scn_free(one);
    scn_free(two);
}

/* Ten threads each waiting 100 ms on I/O finish in about 100 ms under the GIL: the
 * GIL is released around blocking I/O (CPython docs, "Thread State and the Global
 * Interpreter Lock": Py_BEGIN_ALLOW_THREADS around blocking calls). */
static void test_oracle_gil_io_bound_threads(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"io\", \"machine\": {\"cores\": 1},"
        " \"workload\": {\"arrivals\": {\"burst\": 10},"
        "   \"request\": [{\"cpu\": \"50us\"}, {\"io\": \"100ms\"}, {\"cpu\": \"50us\"}]},"
        " \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 10, \"gil\": "
        "true},"
        "                {\"name\": \"one\", \"model\": \"threads\", \"threads\": 1, \"gil\": "
        "true}]}");
    sim_metrics m = run_named(scn, "gil", false);
    assert_int_equal(m.completed, 10);
    assert_near((double)m.makespan_ns, 100.0 * MS, 0.02);
    /* a single thread, by contrast, waits for each in turn */
    assert_near((double)run_named(scn, "one", false).makespan_ns, 1000.0 * MS, 0.01);
    scn_free(scn);
}

static const char convoy_template[] =
    "{\"schema\": \"bistro/1\", \"title\": \"convoy\", \"machine\": {\"cores\": 2},"
    " \"workload\": {\"requests\": [%s"
    "   {\"name\": \"io\", \"steps\": [{\"repeat\": 100, \"steps\": ["
    "      {\"io\": \"10us\"}, {\"cpu\": \"1us\"}]}]}]},"
    " \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": true},"
    "                {\"name\": \"nogil\", \"model\": \"threads\", \"threads\": 2, \"gil\": "
    "false}]}";

static int64_t io_thread_latency(const char *with_cpu, const char *runtime)
{
    char json[2048];
    snprintf(json, sizeof json, convoy_template, with_cpu);
    scn_scenario *scn = load(json);
    sim_run *run = run_named_to_end(scn, runtime, 1);
    const sim_metrics *m = sim_run_metrics(run);
    size_t io = scn->workload.nrequests - 1;
    int64_t latency = m->detail[io].done - m->detail[io].arrive;
    sim_run_free(run);
    scn_free(scn);
    return latency;
}

/* The convoy effect (bpo-7946, Antoine Pitrou's and David Beazley's measurements):
 * an I/O-bound thread next to a CPU-bound one must take the GIL back after every
 * I/O and waits one switch interval for it. CPython 3.11 on Linux, measured: a
 * socketpair round trip takes ~5 ms next to a thread running a pure-Python loop,
 * ~10 us alone. bistro: 100 round trips of 10 us + 1 us of Python. */
static void test_oracle_gil_convoy_effect(void **state)
{
    (void)state;
    int64_t alone = io_thread_latency("", "gil");
    assert_near((double)alone / 100, 11.0 * US, 0.10);

    const char *cpu = "{\"name\": \"cpu\", \"steps\": [{\"cpu\": \"5s\"}]},";
    int64_t convoy = io_thread_latency(cpu, "gil");
    assert_near((double)convoy / 100, 5.0 * MS, 0.05);

    /* free-threaded: no convoy */
    assert_near((double)io_thread_latency(cpu, "nogil") / 100, 11.0 * US, 0.10);
}

/* switch_interval changes the convoy: sys.setswitchinterval(0.001) -> ~1 ms per I/O */
static void test_gil_switch_interval_sets_convoy_wait(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"convoy\", \"machine\": {\"cores\": 2},"
        " \"workload\": {\"requests\": ["
        "   {\"name\": \"cpu\", \"steps\": [{\"cpu\": \"5s\"}]},"
        "   {\"name\": \"io\", \"steps\": [{\"repeat\": 100, \"steps\": [{\"io\": \"10us\"}, "
        "{\"cpu\": \"1us\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": true,"
        "                 \"switch_interval\": \"1ms\"}]}");
    sim_run *run = run_named_to_end(scn, NULL, 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_near((double)(m->detail[1].done - m->detail[1].arrive) / 100, 1.0 * MS, 0.05);
    sim_run_free(run);
    scn_free(scn);
}

/* `native` code releases the GIL (e.g. hashlib and NumPy release it around long
 * C loops: CPython docs, "Releasing the GIL from extension code"): two threads of
 * native work on two cores take as long as one, while the same work as `cpu`
 * takes twice as long. */
static void test_gil_native_runs_in_parallel(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"native\", \"machine\": {\"cores\": 2},"
        " \"workload\": {\"requests\": ["
        "   {\"steps\": [{\"native\": \"500ms\"}]}, {\"steps\": [{\"native\": \"500ms\"}]}]},"
        " \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": "
        "true}]}");
    assert_near((double)run_named(scn, "gil", false).makespan_ns, 500.0 * MS, 0.001);
    scn_free(scn);
}

/* A blocking thread runs `parallel` branches one after another, `offload` inline
 * and a `timeout` as a sleep: 10 + 20 + 5 + 30 ms. */
static void test_threads_run_callbacks_inline(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"inline\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": ["
        "   {\"parallel\": [[{\"io\": \"10ms\"}], [{\"io\": \"20ms\"}]]},"
        "   {\"offload\": [{\"cpu\": \"5ms\"}], \"then\": [{\"log\": \"offloaded\"}]},"
        "   {\"timeout\": \"30ms\", \"then\": [{\"log\": \"slept\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}");
    assert_int_equal(run_named(scn, "t", false).makespan_ns, 65 * MS);
    scn_free(scn);
}

/* Round robin hands every process its share of requests whatever their length; a
 * shared accept queue gives the next request to whichever process is free.
 * Requests of 100, 10, 100, 10 ms on 2 processes of 1 thread, 2 cores:
 * round robin: 100 + 100 = 200 ms; shared: max(100 + 10, 10 + 100) = 110 ms. */
static void test_processes_dispatch(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"dispatch\", \"machine\": {\"cores\": 2, "
        "\"context_switch\": 0},"
        " \"workload\": {\"requests\": ["
        "   {\"steps\": [{\"cpu\": \"100ms\"}]}, {\"steps\": [{\"cpu\": \"10ms\"}]},"
        "   {\"steps\": [{\"cpu\": \"100ms\"}]}, {\"steps\": [{\"cpu\": \"10ms\"}]}]},"
        " \"runtimes\": ["
        "  {\"name\": \"rr\", \"model\": \"processes\", \"processes\": 2,"
        "   \"each\": {\"model\": \"threads\", \"threads\": 1, \"gil\": true}},"
        "  {\"name\": \"shared\", \"model\": \"processes\", \"processes\": 2, \"dispatch\": "
        "\"shared_queue\","
        "   \"each\": {\"model\": \"threads\", \"threads\": 1, \"gil\": true}}]}");
    assert_int_equal(run_named(scn, "rr", false).makespan_ns, 200 * MS);
    assert_int_equal(run_named(scn, "shared", false).makespan_ns, 110 * MS);
    /* two processes' worth of memory, each with one thread */
    assert_int_equal(run_named(scn, "rr", false).memory_peak_bytes,
                     2 * (10LL << 20) + 2 * (8LL << 20) + 4 * (16LL << 10));
    scn_free(scn);
}

/* A scenario of one busy request followed by n requests that take no time:
 * `runtimes` and `busy` / `each` (request objects) are JSON text. */
static scn_scenario *busy_then_instant(const char *runtimes, const char *busy, const char *each,
                                       int n)
{
    static const char head[] = "{\"schema\": \"bistro/1\", \"title\": \"zero\", \"runtimes\": ";
    size_t len = sizeof head + strlen(runtimes) + strlen(busy) + (size_t)n * (strlen(each) + 2) +
                 64;
    char *json = malloc(len);
    char *p = json + sprintf(json, "%s%s, \"workload\": {\"requests\": [%s", head, runtimes, busy);
    for (int i = 0; i < n; i++)
        p += sprintf(p, ", %s", each);
    sprintf(p, "]}}");
    scn_scenario *scn = load(json);
    free(json);
    return scn;
}

/* Requests that take no time at all, queued behind a busy thread and then served
 * back to back: the run must neither recurse without bound nor lose any (with and
 * without the GIL). */
static void test_zero_time_requests_back_to_back(void **state)
{
    (void)state;
    enum { N = 120000 };
    scn_scenario *scn = busy_then_instant(
        "[{\"name\": \"t\", \"model\": \"threads\"},"
        " {\"name\": \"gil\", \"model\": \"threads\", \"threads\": 1, \"gil\": true}]",
        "{\"steps\": [{\"cpu\": \"1ms\"}]}", "{\"steps\": [{\"log\": \"x\"}]}", N);
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.completed, N + 1);
    assert_int_equal(m.makespan_ns, 1 * MS + 2 * US);
    assert_int_equal(run_named(scn, "gil", false).completed, N + 1);
    scn_free(scn);
}

/* The same for threadpool jobs: offloads that take no time, queued behind one
 * that does, on a pool of one thread. */
static void test_zero_time_jobs_back_to_back(void **state)
{
    (void)state;
    enum { N = 70000 };
    scn_scenario *scn = busy_then_instant("[{\"name\": \"node\", \"model\": \"event_loop\", "
                                          "\"flavor\": \"node\", \"threadpool\": 1}]",
                                          "{\"steps\": [{\"offload\": [{\"cpu\": \"1ms\"}]}]}",
                                          "{\"steps\": [{\"offload\": [{\"log\": \"x\"}]}]}", N);
    sim_metrics m = run_named(scn, "node", false);
    assert_int_equal(m.completed, N + 1);
    scn_free(scn);
}

/* A context switch longer than the quantum: each slice still makes progress (the
 * switch is not part of the slice): 2 ms of work + 2000 switches of 2 us. */
static void test_cpu_context_switch_longer_than_quantum(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"cs\","
        " \"machine\": {\"cores\": 1, \"quantum\": \"1us\", \"context_switch\": \"2us\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"1ms\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}]}");
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.completed, 2);
    assert_int_equal(m.makespan_ns, 6 * MS);
    scn_free(scn);
}

/* A thread waiting for the GIL whose holder cannot run (its context switch takes
 * 1000 s, or it waits for a core) must not wake every switch interval meanwhile:
 * regression for a 230-byte scenario that ran for minutes. The waits are the
 * same as before, only the wake-ups that could change nothing are skipped, so
 * the times are those of the rules (docs/model.md, "The GIL"). */
static void test_gil_waiter_sleeps_while_the_holder_cannot_run(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"spin\","
        " \"machine\": {\"cores\": 1, \"context_switch\": \"1000s\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"1ms\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2,"
        "                 \"gil\": true, \"switch_interval\": \"1us\"}]}");
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.completed, 2);
    /* by the rules, each turn on the GIL is a 1000 s context switch and 1 us of
     * work (the waiter's next wake-up asks for the GIL back): 2 ms of work in 1 us
     * turns is 2000 switches */
    assert_int_equal(m.makespan_ns, 2000 * 1000 * 1000 * MS + 2 * MS);
    /* a few events a turn; a wake-up every microsecond would be 2e12 of them */
    assert_true(m.wakeups < 20 * 2000);
    scn_free(scn);

    /* two processes on one core: process 0's second thread takes the GIL from its
     * first, then waits 1000 s for the core behind process 1's long request; the
     * first thread, waiting for the GIL meanwhile, does not wake every 1 us */
    scn = load("{\"schema\": \"bistro/1\", \"title\": \"spin2\","
               " \"machine\": {\"cores\": 1, \"quantum\": \"1000s\"},"
               " \"workload\": {\"requests\": [{\"at\": 0, \"steps\": [{\"cpu\": \"1ms\"}]},"
               "   {\"at\": 0, \"steps\": [{\"cpu\": \"1000s\"}]},"
               "   {\"at\": 0, \"steps\": [{\"cpu\": \"1ms\"}]}]},"
               " \"runtimes\": [{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2,"
               "   \"each\": {\"model\": \"threads\", \"threads\": 2, \"gil\": true,"
               "   \"switch_interval\": \"1us\"}}]}");
    m = run_named(scn, "p", false);
    assert_int_equal(m.completed, 3);
    assert_true(m.makespan_ns > 1000LL * 1000 * MS);
    /* 2 ms of GIL turns of 1 us: a few thousand switches; not 1e9 wake-ups */
    assert_true(m.wakeups < 20 * 2000);
    scn_free(scn);
}

/* The memory estimate is threads x thread memory + connections x connection
 * memory + processes x process memory; with the limits (1e8 requests, 1 TiB each)
 * it can pass 2^63, where it stays at the largest value instead of wrapping to a
 * negative number (regression: UBSan's signed overflow in the estimate; a run
 * that reaches it takes minutes, so the arithmetic is checked on its own). */
static void test_memory_estimate_saturates(void **state)
{
    (void)state;
    int64_t tib = 1LL << 40;
    assert_int_equal(sim__mul_add_sat(3, tib, 5), 3 * tib + 5);
    assert_int_equal(sim__mul_add_sat(100000000, tib, 0), INT64_MAX);
    assert_int_equal(sim__mul_add_sat(8388607, tib, tib), INT64_MAX);
    assert_int_equal(sim__mul_add_sat(8388607, tib, 0), 8388607 * tib);
    assert_int_equal(sim__mul_add_sat(0, tib, INT64_MAX), INT64_MAX);
    /* and a run with many 1 TiB threads and connections reports a positive peak */
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"mem\","
        " \"machine\": {\"thread_memory\": \"1TiB\", \"connection_memory\": \"1TiB\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 2000}, \"request\": [{\"io\": \"1ms\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": "
        "\"per_request\"}]}");
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.completed, 2000);
    assert_int_equal(m.memory_peak_bytes, 2000 * 2 * tib + 10 * (1LL << 20));
    scn_free(scn);
}

/* Budgets: a run stops with SIM_EBUDGET rather than run for minutes, and says what
 * in the scenario drove it: the OS time slice for a 1 ns quantum, the GIL's
 * switches for a 1 ns switch interval. */
static void test_budget_names_what_drove_it(void **state)
{
    (void)state;
    static const struct {
        const char *machine, *runtime, *driver;
    } cases[] = {
        {"{\"quantum\": \"1ns\"}", "{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}",
         "machine.quantum 1ns"},
        {"{\"cores\": 2}",
         "{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2, \"gil\": true, "
         "\"switch_interval\": \"1ns\"}",
         "switch_interval 1ns"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[512];
        snprintf(
            json, sizeof json,
            "{\"schema\": \"bistro/1\", \"title\": \"b\", \"machine\": %s,"
            " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"100ms\"}]},"
            " \"runtimes\": [%s]}",
            cases[i].machine, cases[i].runtime);
        scn_scenario *scn = load(json);
        sim_options opt = {.seed = 1, .max_events = 50000};
        sim_run *run = NULL;
        assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
        assert_int_equal(sim_run_go(run), SIM_EBUDGET);
        char why[512];
        sim_run_budget_text(run, why, sizeof why);
        if (strstr(why, "budget of 50000 events") == NULL || strstr(why, cases[i].driver) == NULL)
            fail_msg("case %zu: %s", i, why);
        /* checked before each engine event, which makes a few trace events */
        assert_true(sim_run_metrics(run)->events + sim_run_metrics(run)->wakeups < 50100);
        sim_run_free(run);
        scn_free(scn);
    }
}

/* The budget of simulated time: a clock past 2^62 ns (about 146 years, the
 * loader's horizon for arrivals and steps) stops the run with SIM_EBUDGET, naming
 * what drove it, rather than overflow the int64 clock (SIM_EOVERFLOW, "time or
 * size overflow" with no value named) or a sum of times (undefined behaviour).
 * Regression: a scenario found while fuzzing the run, whose 1,000,000 s context
 * switches pass 2^63 ns after about 9,000 switches, within a few thousand events. */
static void test_budget_of_simulated_time(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"gil\","
        " \"machine\": {\"cores\": 2, \"context_switch\": \"1000000s\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 3},"
        "   \"request\": [{\"cpu\": \"10ms\"}, {\"io\": \"1ms\"}, {\"cpu\": \"10ms\"}]},"
        " \"runtimes\": [{\"name\": \"py\", \"model\": \"threads\", \"threads\": 3, \"gil\": true,"
        "   \"switch_interval\": \"1ns\"}]}");
    sim_options opt = {.seed = 1};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), SIM_EBUDGET);
    char why[512];
    sim_run_budget_text(run, why, sizeof why);
    if (strstr(why, "the run passed its budget of 4611686018 s of simulated time (about 146 "
                    "years)") == NULL ||
        strstr(why, "machine.context_switch 1000000s") == NULL)
        fail_msg("%s", why);
    assert_true(sim_run_metrics(run)->events < 100000);
    sim_run_free(run);
    scn_free(scn);
}

/* Times summed over threads or cores can pass 2^63 ns while the clock stays within
 * its budget: such a sum stays at the largest value instead of wrapping to a
 * negative number (regression: UBSan's signed overflow in gil.c; a plain build
 * printed a negative GIL wait and CPU use). Ten GIL threads on one core take turns
 * of 1 s, each turn behind a 400,000 s context switch: 10,000 turns end near
 * 4e18 ns while nine threads wait; eight cores switch 2,000 times each at
 * 600,000 s: 9.6e18 ns of busy cores. */
static void test_summed_times_saturate(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"gil sum\","
        " \"machine\": {\"cores\": 1, \"context_switch\": \"400000s\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 10}, \"request\": [{\"cpu\": \"1000s\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 10, \"gil\": true,"
        "   \"switch_interval\": \"1s\"}]}");
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.completed, 10);
    assert_int_equal(m.makespan_ns, 10000LL * 400000 * 1000 * MS + 10LL * 1000 * 1000 * MS);
    assert_int_equal(m.gil_wait_ns, INT64_MAX);
    scn_free(scn);

    scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"cpu sum\","
        " \"machine\": {\"cores\": 8, \"quantum\": \"1s\", \"context_switch\": \"600000s\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 16}, \"request\": [{\"cpu\": \"1000s\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 16}]}");
    m = run_named(scn, "t", false);
    assert_int_equal(m.completed, 16);
    assert_int_equal(m.cpu_busy_ns, INT64_MAX);
    assert_true(m.cpu_util > 0.9 && m.cpu_util <= 1.0);
    scn_free(scn);
}

/* One callback that starts many threadpool jobs: each may start a pool thread
 * while the loop is in the middle of its task (regression: the loop kept a
 * pointer into the thread array across the growth; ASan caught it). */
static void test_loop_starts_pool_threads_mid_task(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"pool\","
        " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": ["
        "   {\"repeat\": 20, \"steps\": [{\"offload\": [{\"cpu\": \"1ms\"}], \"then\": []}]},"
        "   {\"log\": \"after\"}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "                 \"threadpool\": 32, \"loop_start\": 0, \"first_log_cost\": 0}]}");
    sim_metrics m = run_named(scn, "node", false);
    assert_int_equal(m.completed, 1);
    /* 20 jobs of 1 ms on one core, each started with a context switch */
    assert_int_equal(m.makespan_ns, 20 * (1 * MS + 2 * US));
    scn_free(scn);
}

/* asyncio: after native code (even of no length) the loop takes the GIL back
 * before it runs Python again, so its 10 ms of cpu cannot overlap the executor
 * thread's 10 ms of cpu: 20 ms in all, on two cores. */
static void test_asyncio_loop_retakes_gil_after_native(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"native\", \"machine\": "
                             "{\"cores\": 2, \"context_switch\": 0},"
                             " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": ["
                             "   {\"offload\": [{\"cpu\": \"10ms\"}], \"then\": []}, {\"native\": "
                             "0}, {\"cpu\": \"10ms\"}]},"
                             " \"runtimes\": [{\"name\": \"asyncio\", \"model\": \"event_loop\", "
                             "\"flavor\": \"asyncio\"}]}");
    assert_int_equal(run_named(scn, "asyncio", false).makespan_ns, 20 * MS);
    scn_free(scn);
}

/* A switch interval shorter than a context switch: the holder still gets to run
 * between drop requests (CPython counts a switch only when the new holder runs),
 * so the run ends: 2 ms of work + 2000 switches of 2 us on one core. */
static void test_gil_interval_shorter_than_context_switch(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"gil\", \"machine\": {\"cores\": 1},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"1ms\"}]},"
        " \"runtimes\": [{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 2, \"gil\": true,"
        "                 \"switch_interval\": \"1us\"}]}");
    sim_metrics m = run_named(scn, "gil", false);
    assert_int_equal(m.completed, 2);
    assert_int_equal(m.makespan_ns, 6 * MS);
    scn_free(scn);
}

/* Only a thread that waits for the GIL asks for it: a per-request thread's index
 * is reused, and events still pending for the old thread must not act for the new
 * one (regression: the generation restarted at 0 on reuse). */
static void test_gil_drop_requests_come_from_waiters(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"gen\", \"machine\": "
                             "{\"cores\": 2, \"context_switch\": 0},"
                             " \"workload\": {\"requests\": ["
                             "   {\"at\": 0, \"steps\": [{\"cpu\": \"12ms\"}]},"
                             "   {\"at\": \"1ms\", \"steps\": [{\"cpu\": \"0.5ms\"}]},"
                             "   {\"at\": \"7ms\", \"steps\": [{\"cpu\": \"1ms\"}]}]},"
                             " \"runtimes\": [{\"name\": \"per\", \"model\": \"threads\", "
                             "\"threads\": \"per_request\", \"gil\": true}]}");
    sim_options opt = {.keep_trace = true, .seed = 1};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const trace *tr = sim_run_trace(run);
    int64_t since[16];
    for (int w = 0; w < 16; w++)
        since[w] = -1;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->worker < 0 || ev->worker >= 16)
            continue;
        if (ev->kind == TRACE_GIL_WAIT)
            since[ev->worker] = ev->t;
        else if (ev->kind == TRACE_GIL_ACQUIRE)
            since[ev->worker] = -1;
        else if (ev->kind == TRACE_GIL_DROP_REQUEST &&
                 (since[ev->worker] < 0 || ev->t - since[ev->worker] < 5 * MS))
            fail_msg("worker %d asked for the GIL at %lld ns, not after waiting 5 ms for it",
                     ev->worker, (long long)ev->t);
    }
    assert_int_equal(sim_run_metrics(run)->completed, 3);
    sim_run_free(run);
    scn_free(scn);
}

/* Node's setTimeout counts from the current time, not from the start of the
 * loop iteration: 50 ms of CPU in the main script, then setTimeout(20) fires at
 * 70 ms (node v20.20.2 on this machine: "fired at 70.2 ms", twice). A little
 * after 70 ms: libuv's cached time is still 50 when the loop, started 0.2 ms
 * later here, calls epoll_wait with 70 - 50 = 20 ms, so it wakes at 70.2 ms. */
static void test_node_timeout_counts_from_now(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"t\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": [{\"cpu\": \"50ms\"},"
        "   {\"timeout\": \"20ms\", \"then\": [{\"log\": \"fired\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"loop_start\": \"0.2ms\"}]}");
    sim_run *run = run_named_to_end(scn, "node", 1);
    assert_int_equal(sim_run_metrics(run)->nlog, 1);
    assert_int_equal(sim_run_metrics(run)->log[0].t, 70 * MS + 200 * US);
    sim_run_free(run);
    scn_free(scn);
}

/* A timer that falls due while a long timer callback runs fires as soon as the
 * loop comes round: libuv's clock is read again after the timers phase, so the
 * poll does not wait out a stale cache. Real program:
 * tests/loop_cases/timing/overdue-after-long-callback.js, node v20.20.2 on this
 * machine: "first 20.9 second 51.4", "first 21.0 second 51.5", "first 20.1
 * second 50.8" (the second timer, due at 40 ms, fires when the 30 ms callback
 * ends; a stale cache would have slept until 70 ms). */
static void test_node_overdue_timer_after_long_callback(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"t\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": [{\"timeout\": \"20ms\", \"then\": ["
        "   {\"timeout\": \"20ms\", \"then\": [{\"log\": \"second\"}]}, {\"cpu\": \"30ms\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"loop_start\": 0, \"first_log_cost\": 0}]}");
    sim_run *run = run_named_to_end(scn, "node", 1);
    assert_int_equal(sim_run_metrics(run)->nlog, 1);
    assert_int_equal(sim_run_metrics(run)->log[0].t, 50 * MS);
    sim_run_free(run);
    scn_free(scn);
}

/* ---- sleep, interval and round trips ------------------------------------------ */

/* A thread's `sleep` uses no core and releases the GIL, as time.sleep does
 * (CPython Modules/timemodule.c, pysleep: the wait sits between
 * Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS). One core, the GIL: a thread
 * sleeping 100 ms beside one computing 100 ms ends at 100 ms with 100 ms of CPU
 * and no GIL wait; with the sleep as CPU work the two take 200 ms. */
static void test_threads_sleep_releases_gil(void **state)
{
    (void)state;
    static const char tmpl[] =
        "{\"schema\": \"bistro/1\", \"title\": \"sleep\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": [{\"%s\": \"100ms\"}]},"
        "   {\"steps\": [{\"cpu\": \"100ms\"}]}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2, \"gil\": "
        "true}]}";
    char json[512];
    snprintf(json, sizeof json, tmpl, "sleep");
    scn_scenario *scn = load(json);
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.makespan_ns, 100 * MS);
    assert_int_equal(m.cpu_busy_ns, 100 * MS);
    assert_int_equal(m.gil_wait_ns, 0);
    scn_free(scn);
    snprintf(json, sizeof json, tmpl, "cpu");
    scn = load(json);
    assert_int_equal(run_named(scn, "t", false).makespan_ns, 200 * MS);
    scn_free(scn);
}

/* A blocking sleep on an event loop holds the loop's thread without a core and
 * without the GIL (time.sleep inside a coroutine): the executor's CPU work runs
 * meanwhile, so 50 ms of sleep beside 50 ms of executor work end together at
 * 50 ms, and a request that arrives at 10 ms waits until the sleep is over (its
 * loop lag, from 10 to 50 ms). As CPU work on the loop the two would take 100 ms
 * (the executor thread waits for the GIL). */
static void test_loop_sleep_blocks_loop_not_cpu(void **state)
{
    (void)state;
    static const char tmpl[] =
        "{\"schema\": \"bistro/1\", \"title\": \"sleep\","
        " \"machine\": {\"cores\": 2, \"context_switch\": 0},"
        " \"workload\": {\"requests\": ["
        "   {\"at\": 0, \"steps\": [{\"offload\": [{\"cpu\": \"50ms\"}], \"then\": []},"
        "                          {\"%s\": \"50ms\"}]},"
        "   {\"at\": \"10ms\", \"steps\": [{\"log\": \"second\"}]}]},"
        " \"runtimes\": [{\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\",\n"
        "                  \"first_log_cost\": 0, \"log_cost\": 0}]}";
    char json[640];
    snprintf(json, sizeof json, tmpl, "sleep");
    scn_scenario *scn = load(json);
    sim_run *run = run_named_to_end(scn, "a", 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->nlog, 1);
    assert_int_equal(m->log[0].t, 50 * MS);
    assert_int_equal(m->loop_lag_max_ns, 40 * MS);
    assert_int_equal(m->cpu_busy_ns, 50 * MS);
    assert_int_equal(m->gil_wait_ns, 0);
    assert_int_equal(m->makespan_ns, 50 * MS);
    sim_run_free(run);
    scn_free(scn);
    snprintf(json, sizeof json, tmpl, "cpu");
    scn = load(json);
    assert_int_equal(run_named(scn, "a", false).makespan_ns, 100 * MS);
    scn_free(scn);
}

/* A thread runs an interval as a loop of a sleep and the callback: three firings
 * of 10 ms with 5 ms of work each end at 45 ms. */
static void test_threads_interval_sleeps_then_runs(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"interval\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": ["
        "   {\"interval\": \"10ms\", \"count\": 3, \"then\": [{\"cpu\": \"5ms\"}, {\"log\": "
        "\"tick\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}");
    sim_run *run = run_named_to_end(scn, "t", 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->nlog, 3);
    assert_int_equal(m->log[0].t, 15 * MS);
    assert_int_equal(m->log[1].t, 30 * MS);
    assert_int_equal(m->log[2].t, 45 * MS);
    sim_run_free(run);
    scn_free(scn);
}

/* Node's setInterval counts each period from when its callback began
 * (lib/internal/timers.js listOnTimeout: start = getLibuvNow() before the call,
 * insert(timer, _repeat, start) after); asyncio's periodic callback call_later's
 * itself as it returns. A 20 ms interval whose callback works 30 ms: Node 20, 50,
 * 80 ms (each next due 20 ms after the last began, overdue when it returns);
 * asyncio 20, 70, 120 ms. */
static void test_loop_interval_period_start(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"interval\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": ["
        "   {\"interval\": \"20ms\", \"count\": 3, \"then\": [{\"log\": \"tick\"}, {\"cpu\": "
        "\"30ms\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\", "
        "\"first_log_cost\": 0, \"log_cost\": 0, \"loop_start\": 0},"
        "               {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": "
        "\"asyncio\", \"first_log_cost\": 0, \"log_cost\": 0}]}");
    static const int64_t node_ms[] = {20, 50, 80}, asyncio_ms[] = {20, 70, 120};
    for (int r = 0; r < 2; r++) {
        sim_run *run = run_named_to_end(scn, r == 0 ? "node" : "asyncio", 1);
        const sim_metrics *m = sim_run_metrics(run);
        assert_int_equal(m->nlog, 3);
        for (int i = 0; i < 3; i++)
            assert_int_equal(m->log[i].t, (r == 0 ? node_ms : asyncio_ms)[i] * MS);
        sim_run_free(run);
    }
    scn_free(scn);
}

/* A blocking thread makes an io's round trips one after another, each an
 * operation of its own on the device: with a device of capacity 1, a 40 ms read
 * of 4 round trips (10 ms each) lets a 10 ms operation that comes at 5 ms in
 * after its first trip (B: 10 to 20 ms; A ends at 50 ms). As one operation A
 * would hold the device until 40 ms. */
static void test_threads_round_trips_one_after_another(void **state)
{
    (void)state;
    static const char tmpl[] =
        "{\"schema\": \"bistro/1\", \"title\": \"trips\", \"machine\": {\"context_switch\": 0},"
        " \"devices\": {\"disk\": {\"capacity\": 1, \"via\": \"threadpool\"}},"
        " \"workload\": {\"requests\": ["
        "   {\"name\": \"A\", \"at\": 0, \"steps\": [{\"io\": \"40ms\", \"device\": \"disk\","
        "                                       \"round_trips\": %d}]},"
        "   {\"name\": \"B\", \"at\": \"5ms\", \"steps\": [{\"io\": \"10ms\", \"device\": "
        "\"disk\"}]}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}]}";
    char json[768];
    snprintf(json, sizeof json, tmpl, 4);
    scn_scenario *scn = load(json);
    sim_run *run = run_named_to_end(scn, "t", 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->ndetail, 2);
    assert_int_equal(m->detail[0].done, 50 * MS);
    assert_int_equal(m->detail[1].done, 20 * MS);
    sim_run_free(run);
    scn_free(scn);
    snprintf(json, sizeof json, tmpl, 1);
    scn = load(json);
    run = run_named_to_end(scn, "t", 1);
    assert_int_equal(sim_run_metrics(run)->detail[0].done, 40 * MS);
    assert_int_equal(sim_run_metrics(run)->detail[1].done, 50 * MS);
    sim_run_free(run);
    scn_free(scn);
}

/* The shares of an io's round trips add up to its duration, the last one taking
 * the rest of the division: 10 ns in 3 trips on a thread end at 10 ns. On Node
 * each trip is a threadpool job of its own (4 jobs for one read); asyncio sends
 * the whole read to its executor as one job. */
static void test_round_trips_jobs_per_flavor(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"trips\", \"machine\": {\"context_switch\": 0},"
        " \"devices\": {\"disk\": {\"via\": \"threadpool\"}},"
        " \"workload\": {\"requests\": [{\"steps\": [{\"io\": \"10ns\", \"device\": \"disk\","
        "                                         \"round_trips\": 3}]}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"},"
        "               {\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\", "
        "\"loop_start\": 0},"
        "               {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": "
        "\"asyncio\"}]}");
    assert_int_equal(run_named(scn, "t", false).makespan_ns, 10);
    static const char *const names[] = {"node", "asyncio"};
    static const int jobs[] = {3, 1};
    for (int r = 0; r < 2; r++) {
        sim_options opt = {.keep_trace = true, .seed = 1};
        sim_run *run = NULL;
        assert_int_equal(sim_run_new(scn, (size_t)scn_find_runtime(scn, names[r]), &opt, &run), 0);
        assert_int_equal(sim_run_go(run), 0);
        assert_int_equal(sim_run_metrics(run)->makespan_ns, 10);
        const trace *tr = sim_run_trace(run);
        int n = 0;
        for (size_t i = 0; i < trace_count(tr); i++) {
            const trace_event *ev = trace_get(tr, i);
            n += ev->kind == TRACE_ENQUEUE && ev->b == TRACE_QUEUE_THREADPOOL;
        }
        assert_int_equal(n, jobs[r]);
        sim_run_free(run);
    }
    scn_free(scn);
}

/* Closed-loop clients on an event loop (regression: the run read the open-arrival
 * iterator, which closed workloads do not have). Like `ab -c 2 -n 6`. */
static void test_loop_closed_clients(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"ab\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"arrivals\": {\"closed\": {\"clients\": 2, \"requests\": 6}},"
        "   \"request\": [{\"cpu\": \"1ms\"}, {\"io\": \"10ms\"}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
        "                {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": "
        "\"asyncio\"}]}");
    sim_metrics m = run_named(scn, "node", false);
    assert_int_equal(m.completed, 6);
    /* three rounds of (1 ms + 10 ms), the second client 1 ms behind the first */
    assert_int_equal(m.makespan_ns, 3 * 11 * MS + 1 * MS);
    assert_int_equal(run_named(scn, "asyncio", false).completed, 6);
    scn_free(scn);
}

/* A worker that offloads to a worker does the work itself (a worker has no workers
 * of its own): no deadlock, even with every worker busy. */
static void test_worker_offload_inside_worker(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"w\", \"machine\": "
                             "{\"cores\": 2, \"context_switch\": 0},"
                             " \"workload\": {\"arrivals\": {\"burst\": 2},"
                             "   \"request\": [{\"offload\": [{\"offload\": [{\"cpu\": \"1ms\"}], "
                             "\"to\": \"worker\"}], \"to\": \"worker\"}]},"
                             " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", "
                             "\"flavor\": \"node\", \"workers\": 1, \"worker_start\": 0}]}");
    sim_metrics m = run_named(scn, "node", false);
    assert_int_equal(m.completed, 2);
    assert_int_equal(m.makespan_ns, 2 * MS);
    scn_free(scn);
}

/* A new per-request thread is a new thread even when it reuses a finished one's
 * index: five requests one after another, five context switches. */
static void test_cpu_new_thread_pays_a_context_switch(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"r\","
                             " \"workload\": {\"arrivals\": {\"every\": \"2ms\", \"count\": 5}, "
                             "\"request\": [{\"cpu\": \"1ms\"}]},"
                             " \"runtimes\": [{\"name\": \"per\", \"model\": \"threads\", "
                             "\"threads\": \"per_request\"}]}");
    sim_metrics m = run_named(scn, "per", false);
    assert_int_equal(m.context_switches, 5);
    assert_int_equal(m.lat_max_ns, 1 * MS + 2 * US);
    scn_free(scn);
}

/* Every job that waits for the threadpool is taken from it once: as many dequeue
 * as enqueue events, however the jobs are started (regression: jobs started
 * through the event loop had no dequeue). libuv starts all its threads at the
 * first job: 16 threads' memory at once. */
static void test_pool_queue_events_balance(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"p\","
        " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": ["
        "   {\"offload\": [{\"cpu\": \"1ms\"}], \"then\": []},"
        "   {\"repeat\": 40, \"steps\": [{\"offload\": [{\"log\": \"job\"}], \"then\": []}]}]},"
        " \"runtimes\": [{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
        "\"threadpool\": 1},"
        "                {\"name\": \"n16\", \"model\": \"event_loop\", \"flavor\": \"node\", "
        "\"threadpool\": 16}]}");
    sim_options opt = {.keep_trace = true, .seed = 1};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const trace *tr = sim_run_trace(run);
    int in = 0, out = 0;
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *ev = trace_get(tr, i);
        if (ev->b == TRACE_QUEUE_THREADPOOL && ev->kind == TRACE_ENQUEUE)
            in++;
        if (ev->b == TRACE_QUEUE_THREADPOOL && ev->kind == TRACE_DEQUEUE)
            out++;
    }
    assert_int_equal(in, 41);
    assert_int_equal(out, 41);
    sim_run_free(run);
    int64_t thread = 8LL << 20, conn = 16LL << 10, proc = 10LL << 20;
    assert_int_equal(run_named(scn, "n16", false).memory_peak_bytes, proc + 17 * thread + conn);
    scn_free(scn);
}

/* ---- the machine ------------------------------------------------------------ */

/* Two CPU-bound threads on one core share it in quantum-sized slices (round robin):
 * both finish near 2 s, neither at 1 s, and the core is preempted ~2 s / 3 ms times. */
static void test_cpu_time_slicing_shares_one_core(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"slices\", \"machine\": {\"cores\": 1, "
        "\"quantum\": \"3ms\"},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"1s\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}]}");
    sim_metrics m = run_named(scn, "t", false);
    /* each pays a context switch at every slice: 2 us per 3 ms */
    assert_near((double)m.lat_p50_ns, 2000.0 * MS * (1 + 2.0 / 3000), 0.002);
    assert_true(m.lat_p50_ns > 1990 * MS);
    assert_near((double)m.context_switches, 2000.0 / 3, 0.02);
    assert_near(m.cpu_util, 1.0, 0.001);
    scn_free(scn);
}

/* A thread that continues on the core it ran on last pays no context switch;
 * three sequential requests on one thread and one core: one switch in all. */
static void test_cpu_no_switch_for_same_thread(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"cs\", \"machine\": "
                             "{\"cores\": 1, \"context_switch\": \"2us\"},"
                             " \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": "
                             "[{\"cpu\": \"1ms\"}, {\"io\": \"1s\"}, {\"cpu\": \"1ms\"}]},"
                             " \"runtimes\": [{\"name\": \"one\", \"model\": \"threads\", "
                             "\"threads\": 1, \"gil\": true}]}");
    sim_metrics m = run_named(scn, "one", false);
    assert_int_equal(m.context_switches, 1);
    assert_int_equal(m.makespan_ns, 3 * (1002 * MS) + 2 * US);
    scn_free(scn);
}

/* A device of capacity 1 serves FIFO: three 100 ms queries end at 100, 200, 300 ms. */
static void test_device_capacity_queues_fifo(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"db\", \"machine\": "
                             "{\"cores\": 1, \"context_switch\": 0},"
                             " \"devices\": {\"db\": {\"capacity\": 1}},"
                             " \"workload\": {\"arrivals\": {\"burst\": 3}, \"request\": [{\"io\": "
                             "\"100ms\", \"device\": \"db\"}]},"
                             " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", "
                             "\"threads\": \"per_request\"}]}");
    sim_run *run = run_named_to_end(scn, "t", 1);
    const sim_metrics *m = sim_run_metrics(run);
    for (int r = 0; r < 3; r++)
        assert_int_equal(m->detail[r].done, (r + 1) * 100 * MS);
    sim_run_free(run);
    scn_free(scn);
}

/* Closed loop like `ab -c 2 -n 10`: two clients, 10 requests of 10 ms CPU on one
 * thread: the server is never idle, so 100 ms; each request waits for the other
 * client's, so the mean latency is ~20 ms. */
static void test_closed_loop_clients(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"ab\", \"machine\": {\"cores\": 1, "
        "\"context_switch\": 0},"
        " \"workload\": {\"arrivals\": {\"closed\": {\"clients\": 2, \"requests\": 10}},"
        "   \"request\": [{\"cpu\": \"10ms\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 1}]}");
    sim_metrics m = run_named(scn, "t", false);
    assert_int_equal(m.completed, 10);
    assert_int_equal(m.makespan_ns, 100 * MS);
    assert_int_equal(m.lat_max_ns, 20 * MS);
    assert_int_equal(m.lat_p50_ns, 20 * MS);
    scn_free(scn);
}

/* Memory: a thread per request holds a stack per open connection; a pool of 4
 * holds four. Defaults: 8 MiB a thread, 16 KiB a connection, 10 MiB a process. */
static void test_memory_estimate_thread_per_request(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"mem\","
        " \"workload\": {\"arrivals\": {\"burst\": 100}, \"request\": [{\"io\": \"1s\"}]},"
        " \"runtimes\": [{\"name\": \"per\", \"model\": \"threads\", \"threads\": \"per_request\"},"
        "                {\"name\": \"pool\", \"model\": \"threads\", \"threads\": 4}]}");
    int64_t thread = 8LL << 20, conn = 16LL << 10, proc = 10LL << 20;
    assert_int_equal(run_named(scn, "per", false).memory_peak_bytes, proc + 100 * (thread + conn));
    assert_int_equal(run_named(scn, "pool", false).memory_peak_bytes,
                     proc + 4 * thread + 100 * conn);
    scn_free(scn);
}

/* "start_threads": "when_needed" starts a pool's thread when a request finds none
 * idle, up to the pool's size, as CPython's ThreadPoolExecutor does
 * (Lib/concurrent/futures/thread.py, _adjust_thread_count: no new thread when an
 * idle one takes the work). Four requests 10 ms apart, each 5 ms of I/O, meet a
 * pool of 8: one thread serves them all and the stacks are one, where the pool
 * started at once holds eight. A burst of 20 on a pool of 8 starts 8 (and the
 * other 12 wait, as before). Two processes with one accept queue share the
 * starts: 8 each of a burst of 20. */
static void test_pool_threads_start_when_needed(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"lazy\", \"machine\": {\"cores\": 2},"
        " \"workload\": {\"arrivals\": {\"every\": \"10ms\", \"count\": 4},"
        "   \"request\": [{\"io\": \"5ms\"}]},"
        " \"runtimes\": [{\"name\": \"lazy\", \"model\": \"threads\", \"threads\": 8,"
        "                 \"start_threads\": \"when_needed\"},"
        "                {\"name\": \"eager\", \"model\": \"threads\", \"threads\": 8}]}");
    assert_true(scn->runtimes[0].threads_when_needed);
    assert_false(scn->runtimes[1].threads_when_needed);
    int64_t thread = 8LL << 20, conn = 16LL << 10, proc = 10LL << 20;
    sim_metrics lazy = run_named(scn, "lazy", false), eager = run_named(scn, "eager", false);
    assert_int_equal(lazy.memory_peak_bytes, proc + 1 * thread + conn);
    assert_int_equal(eager.memory_peak_bytes, proc + 8 * thread + conn);
    assert_int_equal(lazy.makespan_ns, eager.makespan_ns);
    scn_free(scn);

    scn = load("{\"schema\": \"bistro/1\", \"title\": \"burst\", \"machine\": {\"cores\": 2},"
               " \"workload\": {\"arrivals\": {\"burst\": 20}, \"request\": [{\"io\": \"5ms\"}]},"
               " \"runtimes\": [{\"name\": \"lazy\", \"model\": \"threads\", \"threads\": 8,"
               "                 \"start_threads\": \"when_needed\"},"
               "  {\"name\": \"two\", \"model\": \"processes\", \"processes\": 2,"
               "   \"dispatch\": \"shared_queue\", \"each\": {\"model\": \"threads\","
               "   \"threads\": 8, \"start_threads\": \"when_needed\"}}]}");
    lazy = run_named(scn, "lazy", false);
    assert_int_equal(lazy.memory_peak_bytes, proc + 8 * thread + 20 * conn);
    sim_metrics two = run_named(scn, "two", false);
    assert_int_equal(two.memory_peak_bytes, 2 * proc + 16 * thread + 20 * conn);
    assert_true(two.makespan_ns < lazy.makespan_ns);
    scn_free(scn);
}

/* The seed's claim 1 for threads: one blocking thread serves three 1 s requests in
 * ~3 s; a thread per request in ~1 s. */
static void test_three_requests_blocking_vs_threads(void **state)
{
    (void)state;
    diag_list *d = diag_new();
    scn_scenario *scn = NULL;
    assert_int_equal(scn_load_file(BISTRO_SOURCE_DIR "/scenarios/three-requests.json", &scn, d), 0);
    diag_free(d);
    assert_near((double)run_named(scn, "Python, one thread", false).makespan_ns, 3006.0 * MS,
                0.001);
    assert_near((double)run_named(scn, "Python, a thread per request", false).makespan_ns,
                1002.0 * MS, 0.01);
    scn_free(scn);
}

/* Same scenario and seed: the same trace, event for event; another seed differs. */
static void test_run_is_deterministic(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"det\", \"machine\": {\"cores\": 2},"
        " \"workload\": {\"arrivals\": {\"poisson_per_s\": 500, \"count\": 2000},"
        "   \"request\": [{\"cpu\": {\"exp\": \"1ms\"}}, {\"io\": {\"uniform\": [\"1ms\", "
        "\"5ms\"]}}, {\"cpu\": \"100us\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 8, \"gil\": "
        "true}]}");
    const trace *tr[3];
    sim_run *runs[3];
    uint64_t seeds[3] = {1, 1, 2};
    for (int k = 0; k < 3; k++) {
        sim_options opt = {.keep_trace = true, .seed = seeds[k]};
        assert_int_equal(sim_run_new(scn, 0, &opt, &runs[k]), 0);
        assert_int_equal(sim_run_go(runs[k]), 0);
        tr[k] = sim_run_trace(runs[k]);
        assert_int_equal(trace_count(tr[k]), (size_t)sim_run_metrics(runs[k])->events);
    }
    assert_int_equal(trace_count(tr[0]), trace_count(tr[1]));
    for (size_t i = 0; i < trace_count(tr[0]); i++)
        assert_memory_equal(trace_get(tr[0], i), trace_get(tr[1], i), sizeof(trace_event));
    bool differ = trace_count(tr[0]) != trace_count(tr[2]);
    for (size_t i = 0; !differ && i < trace_count(tr[0]); i++)
        differ = memcmp(trace_get(tr[0], i), trace_get(tr[2], i), sizeof(trace_event)) != 0;
    assert_true(differ);
    for (int k = 0; k < 3; k++)
        sim_run_free(runs[k]);
    scn_free(scn);
}

/* A metrics-only run keeps no trace but counts the same events. */
static void test_run_metrics_only_keeps_no_trace(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"m\","
        " \"workload\": {\"arrivals\": {\"burst\": 5}, \"request\": [{\"cpu\": \"1ms\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 1}]}");
    sim_run *run = run_named_to_end(scn, NULL, 1);
    assert_null(sim_run_trace(run));
    assert_true(sim_run_metrics(run)->events > 10);
    sim_run_free(run);
    scn_free(scn);
}

/* Logs are recorded in the order they ran, with their times. */
static void test_log_order_in_threads(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"log\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": [{\"log\": \"a\"}, {\"io\": \"5ms\", \"then\": "
        "[{\"log\": \"c\"}]},"
        "   {\"log\": \"b\"}]}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}");
    sim_run *run = run_named_to_end(scn, NULL, 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->nlog, 3);
    const char *want[] = {"a", "c", "b"};
    int64_t at[] = {0, 5 * MS, 5 * MS};
    for (int k = 0; k < 3; k++) {
        assert_string_equal(scn->strings[m->log[k].text], want[k]);
        assert_int_equal(m->log[k].t, at[k]);
    }
    sim_run_free(run);
    scn_free(scn);
}

/* Expects runtime `name`'s log to be texts[i] at at_ms[i] ms. */
static void expect_log(const scn_scenario *scn, const char *name, const char *const *texts,
                       const int64_t *at_ms, size_t n)
{
    sim_run *run = run_named_to_end(scn, name, 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->nlog, n);
    for (size_t k = 0; k < n; k++) {
        assert_string_equal(scn->strings[m->log[k].text], texts[k]);
        assert_int_equal(m->log[k].t, at_ms[k] * MS);
    }
    sim_run_free(run);
}

/* Tasks and promises. A blocking thread runs a spawned task and an awaited call
 * where they are called, so a join and an await of a promise find them done:
 * t's 10 ms, then f's 5 ms, then the 20 ms timer as a sleep (its callback
 * resolves p) = 35 ms. An event loop overlaps them: t's I/O and f's run together,
 * the join waits for t (10 ms), whose timer then resolves p at 30 ms. */
static const char tasks_json[] =
    "{\"schema\": \"bistro/1\", \"title\": \"tasks\", \"machine\": {\"context_switch\": 0},"
    " \"workload\": {\"requests\": [{\"steps\": ["
    "   {\"spawn\": \"t\", \"steps\": [{\"io\": \"10ms\"}, {\"log\": \"t\"}]},"
    "   {\"log\": \"main\"},"
    "   {\"await\": [{\"io\": \"5ms\"}, {\"log\": \"f\"}]},"
    "   {\"join\": \"t\"},"
    "   {\"timeout\": \"20ms\", \"then\": [{\"resolve\": \"p\"}]},"
    "   {\"await\": \"p\"},"
    "   {\"log\": \"end\"}]}]},"
    " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"},"
    "   {\"name\": \"g\", \"model\": \"threads\", \"gil\": true},"
    "   {\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\","
    "    \"first_log_cost\": 0, \"log_cost\": 0, \"loop_start\": 0},"
    "   {\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\","
    "    \"first_log_cost\": 0, \"log_cost\": 0}]}";

static void test_threads_run_tasks_inline(void **state)
{
    (void)state;
    scn_scenario *scn = load(tasks_json);
    const char *blocking[] = {"t", "main", "f", "end"};
    const int64_t blocking_at[] = {10, 10, 15, 35};
    expect_log(scn, "t", blocking, blocking_at, 4);
    expect_log(scn, "g", blocking, blocking_at, 4);
    assert_int_equal(run_named(scn, "t", false).makespan_ns, 35 * MS);
    scn_free(scn);
}

static void test_loop_overlaps_tasks(void **state)
{
    (void)state;
    scn_scenario *scn = load(tasks_json);
    /* Node runs t's body at once, so main prints at 0 in both; asyncio starts t
     * one iteration later, after main */
    const char *texts[] = {"main", "f", "t", "end"};
    const int64_t at[] = {0, 5, 10, 30};
    expect_log(scn, "n", texts, at, 4);
    expect_log(scn, "a", texts, at, 4);
    scn_free(scn);
}

/* A join that runs before its task is spawned (the spawn is in a later timer's
 * callback) waits for that task; a task spawned again in a loop is the newest
 * one; a task nobody joins still belongs to its request. */
static void test_loop_join_waits_for_a_later_spawn(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"later\", \"machine\": {\"context_switch\": 0},"
        " \"workload\": {\"requests\": [{\"steps\": ["
        "   {\"timeout\": \"10ms\", \"then\": [{\"spawn\": \"t\", \"steps\": [{\"io\": \"5ms\"},"
        "     {\"log\": \"t\"}]}]},"
        "   {\"join\": \"t\"},"
        "   {\"log\": \"joined\"},"
        "   {\"repeat\": 3, \"steps\": [{\"spawn\": \"u\", \"steps\": [{\"io\": \"1ms\"}]}]},"
        "   {\"join\": \"u\"},"
        "   {\"log\": \"u\"},"
        "   {\"spawn\": \"free\", \"steps\": [{\"io\": \"50ms\"}, {\"log\": \"free\"}]}]}]},"
        " \"runtimes\": [{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"first_log_cost\": 0, \"log_cost\": 0, \"loop_start\": 0},"
        "   {\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\","
        "   \"first_log_cost\": 0, \"log_cost\": 0}]}");
    const char *texts[] = {"t", "joined", "u", "free"};
    const int64_t at[] = {15, 15, 16, 66};
    expect_log(scn, "n", texts, at, 4);
    expect_log(scn, "a", texts, at, 4);
    sim_metrics m = run_named(scn, "n", false);
    assert_int_equal(m.completed, 1);
    assert_int_equal(m.makespan_ns, 66 * MS);
    scn_free(scn);
}

/* An await of a promise that nothing resolves (its resolve is in a repeat of 0)
 * waits forever, as the real program does: the run ends, the request is not
 * done, and nothing is left behind. An awaited call on a worker's loop runs there. */
static void test_loop_await_never_resolved(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"never\","
        " \"workload\": {\"requests\": ["
        "   {\"steps\": [{\"repeat\": 0, \"steps\": [{\"resolve\": \"p\"}]}, {\"await\": \"p\"},"
        "     {\"log\": \"never\"}]},"
        "   {\"at\": \"1ms\", \"steps\": [{\"offload\": [{\"await\": [{\"cpu\": \"1ms\"}]},"
        "     {\"log\": \"worker\"}], \"to\": \"worker\"}]}]},"
        " \"runtimes\": [{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"workers\": 1},"
        "   {\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
        "   {\"name\": \"t\", \"model\": \"threads\", \"threads\": 2}]}");
    for (int i = 0; i < 2; i++) {
        sim_run *run = run_named_to_end(scn, i == 0 ? "n" : "a", 1);
        const sim_metrics *m = sim_run_metrics(run);
        assert_int_equal(m->completed, 1);
        assert_int_equal(m->nlog, 1);
        assert_string_equal(scn->strings[m->log[0].text], "worker");
        sim_run_free(run);
    }
    /* a blocking thread has nothing to wait for: both are done */
    assert_int_equal(run_named(scn, "t", false).completed, 2);
    scn_free(scn);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The engine finds percentiles by selection, not by sorting; they must be what a
 * full sort of the per-request latencies gives, with distinct and with equal values. */
static void test_metrics_percentiles_match_sorted_latencies(void **state)
{
    (void)state;
    const char *workloads[] = {
        "{\"arrivals\": {\"poisson_per_s\": 900, \"count\": 997}, \"request\": [{\"cpu\": "
        "{\"exp\": \"1ms\"}}]}",
        "{\"arrivals\": {\"burst\": 1000}, \"request\": [{\"io\": \"5ms\"}]}",
        "{\"arrivals\": {\"every\": \"1ms\", \"count\": 3}, \"request\": [{\"cpu\": {\"uniform\": "
        "[\"0ms\", \"3ms\"]}}]}",
    };
    for (size_t w = 0; w < sizeof workloads / sizeof *workloads; w++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"schema\": \"bistro/1\", \"title\": \"p\", \"workload\": %s,"
                 " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"threads\": 3}]}",
                 workloads[w]);
        scn_scenario *scn = load(json);
        sim_run *run = run_named_to_end(scn, NULL, 11);
        const sim_metrics *m = sim_run_metrics(run);
        int64_t n = m->ndetail;
        int64_t *lat = malloc((size_t)n * sizeof *lat);
        int64_t sum = 0;
        for (int64_t i = 0; i < n; i++) {
            lat[i] = m->detail[i].done - m->detail[i].arrive;
            sum += lat[i];
        }
        qsort(lat, (size_t)n, sizeof *lat, cmp_i64);
        assert_int_equal(m->lat_p50_ns, sim_percentile(lat, n, 50));
        assert_int_equal(m->lat_p95_ns, sim_percentile(lat, n, 95));
        assert_int_equal(m->lat_p99_ns, sim_percentile(lat, n, 99));
        assert_int_equal(m->lat_max_ns, lat[n - 1]);
        assert_int_equal(m->lat_mean_ns, sum / n);
        free(lat);
        sim_run_free(run);
        scn_free(scn);
    }
}

/* Nearest-rank percentiles: p50 of 1..10 is 5, p95 and p99 are 10, p0 is 1. */
static void test_percentile_nearest_rank(void **state)
{
    (void)state;
    int64_t v[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_int_equal(sim_percentile(v, 10, 50), 5);
    assert_int_equal(sim_percentile(v, 10, 95), 10);
    assert_int_equal(sim_percentile(v, 10, 99), 10);
    assert_int_equal(sim_percentile(v, 10, 0), 1);
    assert_int_equal(sim_percentile(v, 10, 90), 9);
    assert_int_equal(sim_percentile(v, 0, 50), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_mm1_mean_response),
        cmocka_unit_test(test_oracle_mm2_mean_response),
        cmocka_unit_test(test_oracle_mm4_mean_response),
        cmocka_unit_test(test_oracle_gil_cpu_bound_threads),
        cmocka_unit_test(test_oracle_gil_io_bound_threads),
        cmocka_unit_test(test_oracle_gil_convoy_effect),
        cmocka_unit_test(test_gil_switch_interval_sets_convoy_wait),
        cmocka_unit_test(test_gil_native_runs_in_parallel),
        cmocka_unit_test(test_threads_run_callbacks_inline),
        cmocka_unit_test(test_processes_dispatch),
        cmocka_unit_test(test_zero_time_requests_back_to_back),
        cmocka_unit_test(test_zero_time_jobs_back_to_back),
        cmocka_unit_test(test_cpu_context_switch_longer_than_quantum),
        cmocka_unit_test(test_gil_waiter_sleeps_while_the_holder_cannot_run),
        cmocka_unit_test(test_memory_estimate_saturates),
        cmocka_unit_test(test_budget_names_what_drove_it),
        cmocka_unit_test(test_budget_of_simulated_time),
        cmocka_unit_test(test_summed_times_saturate),
        cmocka_unit_test(test_loop_starts_pool_threads_mid_task),
        cmocka_unit_test(test_asyncio_loop_retakes_gil_after_native),
        cmocka_unit_test(test_gil_interval_shorter_than_context_switch),
        cmocka_unit_test(test_gil_drop_requests_come_from_waiters),
        cmocka_unit_test(test_node_timeout_counts_from_now),
        cmocka_unit_test(test_node_overdue_timer_after_long_callback),
        cmocka_unit_test(test_threads_sleep_releases_gil),
        cmocka_unit_test(test_loop_sleep_blocks_loop_not_cpu),
        cmocka_unit_test(test_threads_interval_sleeps_then_runs),
        cmocka_unit_test(test_loop_interval_period_start),
        cmocka_unit_test(test_threads_round_trips_one_after_another),
        cmocka_unit_test(test_round_trips_jobs_per_flavor),
        cmocka_unit_test(test_loop_closed_clients),
        cmocka_unit_test(test_worker_offload_inside_worker),
        cmocka_unit_test(test_cpu_new_thread_pays_a_context_switch),
        cmocka_unit_test(test_pool_queue_events_balance),
        cmocka_unit_test(test_cpu_time_slicing_shares_one_core),
        cmocka_unit_test(test_cpu_no_switch_for_same_thread),
        cmocka_unit_test(test_device_capacity_queues_fifo),
        cmocka_unit_test(test_closed_loop_clients),
        cmocka_unit_test(test_memory_estimate_thread_per_request),
        cmocka_unit_test(test_pool_threads_start_when_needed),
        cmocka_unit_test(test_three_requests_blocking_vs_threads),
        cmocka_unit_test(test_run_is_deterministic),
        cmocka_unit_test(test_run_metrics_only_keeps_no_trace),
        cmocka_unit_test(test_log_order_in_threads),
        cmocka_unit_test(test_threads_run_tasks_inline),
        cmocka_unit_test(test_loop_overlaps_tasks),
        cmocka_unit_test(test_loop_join_waits_for_a_later_spawn),
        cmocka_unit_test(test_loop_await_never_resolved),
        cmocka_unit_test(test_metrics_percentiles_match_sorted_latencies),
        cmocka_unit_test(test_percentile_nearest_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
