/* test_state.c - shared state and locks (sim/state.c) against what the real
 * runtimes do.
 *
 * Every scenario is the oversold stock: a burst of N requests, each reads the
 * stock, works, and writes it back less one. The oracles are short calculations
 * (written beside each test) checked against real programs on this machine:
 *
 *   CPython 3.11.7 (GIL), 8 threads started together at a threading.Barrier, each
 *   `s = stock; <busy loop for C>; stock = s - 1`, stock 100
 *   (python3 race.py N C nolock|lock RUNS, the program in docs/model.md,
 *   "Shared state"):
 *     C = 0.02 ms: runs with lost updates 0/200
 *     C = 1 ms:    0/50
 *     C = 4 ms:    3/20 runs, 3 lost updates in all (rare)
 *     C = 12 ms:   5/5 runs, 27 lost updates in all (5.4 a run)
 *     C = 12 ms with threading.Lock: 0/5
 *   the same with time.sleep(0.002) (I/O, releases the GIL) between read and
 *   write, stock 10: 6.95 lost updates a run (7 in 19 runs of 20)
 *   asyncio (asyncio.gather of 8 handlers, stock 10):
 *     no await between read and write: final 2 (serial 2, nothing lost)
 *     await asyncio.sleep(0.002) between: final 9 (7 lost)
 *     with asyncio.Lock around read, await, write: final 2
 *   node v20.20.2 (Promise.all of 8 async handlers, stock 10):
 *     no await between: final 2; await of a 2 ms timer between: final 9
 * A free-threaded CPython is not on this machine: that case rests on the
 * calculation alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "engine.h"
#include "error.h"
#include "many.h"
#include "scenario.h"
#include "trace.h"

#define RUNTIMES                                                                          \
    "[{\"name\": \"gil\", \"model\": \"threads\", \"threads\": 8, \"gil\": true},\n"      \
    " {\"name\": \"free\", \"model\": \"threads\", \"threads\": 8, \"gil\": false},\n"    \
    " {\"name\": \"per_request\", \"model\": \"threads\", \"threads\": \"per_request\", " \
    "\"gil\": true},\n"                                                                   \
    " {\"name\": \"processes\", \"model\": \"processes\", \"processes\": 2, \"each\": "   \
    "{\"model\": \"threads\", \"threads\": 4, \"gil\": true}},\n"                         \
    " {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"},\n"     \
    " {\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"}]"

/* A scenario of N requests at once with `steps` on 2 cores, stock 10. */
static scn_scenario *stock(int n, const char *steps)
{
    char buf[4096];
    int k = snprintf(buf, sizeof buf,
                     "{\"schema\": \"bistro/1\", \"title\": \"stock\",\n"
                     "\"machine\": {\"cores\": 2}, \"devices\": {\"db\": {}},\n"
                     "\"state\": {\"stock\": 10, \"visits\": 0},\n"
                     "\"workload\": {\"arrivals\": {\"burst\": %d}, \"request\": %s},\n"
                     "\"runtimes\": %s}",
                     n, steps, RUNTIMES);
    assert_true(k > 0 && (size_t)k < sizeof buf);
    return load(buf);
}

typedef struct {
    sim_state_result stock;
    int64_t completed, lost_events, write_events, lock_waits, makespan;
} outcome;

/* Runs runtime `name` with its trace and returns the stock's result, with the
 * trace's count of write events (and those marked lost) and lock waits. */
static outcome run(const scn_scenario *scn, const char *name)
{
    sim_run *r = run_traced_to_end(scn, name, 1);
    const sim_metrics *m = sim_run_metrics(r);
    assert_int_equal(m->nstate, 2);
    outcome o = {.stock = m->state[0], .completed = m->completed, .makespan = m->makespan_ns};
    const trace *tr = sim_run_trace(r);
    for (size_t e = 0; e < trace_count(tr); e++) {
        const trace_event *ev = trace_get(tr, e);
        if (ev->kind == TRACE_STATE_WRITE && ev->a == 0) {
            o.write_events++;
            o.lost_events += ev->b != 0;
        }
        o.lock_waits += ev->kind == TRACE_LOCK_WAIT;
    }
    /* the trace marks exactly the writes the summary counts */
    assert_int_equal(o.lost_events, o.stock.lost_updates);
    assert_int_equal(o.write_events, o.stock.writes);
    sim_run_free(r);
    return o;
}

static const char *const ALL[] = {"gil", "free", "per_request", "processes", "asyncio", "node"};
#define NALL (sizeof ALL / sizeof ALL[0])

/* The serial value is the initial value plus every write's add, whatever the
 * interleaving: 10 - 8. */
static void assert_serial(const outcome *o, int n)
{
    assert_int_equal(o->completed, n);
    assert_int_equal(o->stock.initial, 10);
    assert_int_equal(o->stock.serial, 10 - n);
    assert_int_equal(o->stock.reads, n);
    assert_int_equal(o->stock.writes, n);
    /* each lost update leaves one decrement out of the final value */
    assert_int_equal(o->stock.final, o->stock.serial + o->stock.lost_updates);
}

/* Under a lock no update is lost, whichever runtime: the read, the wait and the
 * write of one request never interleave with another's. The lock serialises
 * them, so the run takes N x 2 ms of I/O at least. */
static void test_lock_loses_nothing_anywhere(void **state)
{
    (void)state;
    scn_scenario *scn = stock(8, "[{\"lock\": \"m\", \"steps\": [{\"read\": \"stock\"}, "
                                 "{\"cpu\": \"20us\"}, {\"io\": \"2ms\", \"device\": \"db\"}, "
                                 "{\"write\": \"stock\", \"add\": -1}]}]");
    for (size_t i = 0; i < NALL; i++) {
        outcome o = run(scn, ALL[i]);
        assert_serial(&o, 8);
        if (o.stock.lost_updates != 0)
            fail_msg("%s lost %lld updates under a lock", ALL[i], (long long)o.stock.lost_updates);
        assert_int_equal(o.stock.final, 2);
        assert_int_equal(o.lock_waits, 7); /* all but the first wait */
        assert_true(o.makespan >= 8 * 2000000LL);
    }
    scn_free(scn);
}

/* Without the lock, with I/O between read and write (a database call): every
 * runtime interleaves there. A burst of 8: each request reads, computes 20 us and
 * starts its I/O; the last read is at 8 x 20 us (+ the switches) = about 0.2 ms,
 * before the first write at 2 ms. So all 8 read 10 and all write 9: the first
 * write is right, the 7 others each overwrite a value written after their read:
 * N - 1 = 7 lost, final 9, serial 2. Real: asyncio final 9, node final 9, CPython
 * threads 6.95 a run. */
static void test_await_between_read_and_write_loses_n_minus_1(void **state)
{
    (void)state;
    scn_scenario *scn = stock(8, "[{\"read\": \"stock\"}, {\"cpu\": \"20us\"}, "
                                 "{\"io\": \"2ms\", \"device\": \"db\"}, "
                                 "{\"write\": \"stock\", \"add\": -1}]");
    for (size_t i = 0; i < NALL; i++) {
        outcome o = run(scn, ALL[i]);
        assert_serial(&o, 8);
        if (o.stock.lost_updates != 7)
            fail_msg("%s lost %lld, expected 7", ALL[i], (long long)o.stock.lost_updates);
        assert_int_equal(o.stock.final, 9);
    }
    scn_free(scn);
}

/* An event loop runs a callback to its next await without anything else in
 * between: read, 1 ms of CPU, write with no await between them is atomic for
 * asyncio and Node, whatever the burst. Real: final 2 in both. */
static void test_event_loop_without_await_loses_nothing(void **state)
{
    (void)state;
    scn_scenario *scn = stock(8, "[{\"read\": \"stock\"}, {\"cpu\": \"1ms\"}, "
                                 "{\"write\": \"stock\", \"add\": -1}, "
                                 "{\"io\": \"2ms\", \"device\": \"db\"}]");
    const char *loops[] = {"asyncio", "node"};
    for (size_t i = 0; i < 2; i++) {
        outcome o = run(scn, loops[i]);
        assert_serial(&o, 8);
        assert_int_equal(o.stock.lost_updates, 0);
        assert_int_equal(o.stock.final, 2);
    }
    scn_free(scn);
}

/* GIL threads, compute shorter than the switch interval: a thread that waits for
 * the GIL asks its holder to drop it only after waiting 5 ms (CPython's
 * ceval_gil.c: take_gil waits on the GIL's condition variable with a timeout of
 * the interval, then sets gil_drop_request; sys.getswitchinterval() = 0.005).
 * With 1 ms of compute, the holder reads, computes and writes long before that,
 * then blocks in its I/O and lets go of the GIL: no two read-write pairs
 * overlap, 0 lost. Real CPython: 0 of 50 runs at 1 ms, 0 of 200 at 0.02 ms (and
 * 3 of 20 runs lost one at 4 ms, close to the interval: the real holder began
 * its wait earlier than the model's, at the barrier). */
static void test_gil_compute_below_switch_interval_loses_nothing(void **state)
{
    (void)state;
    scn_scenario *scn = stock(8, "[{\"read\": \"stock\"}, {\"cpu\": \"1ms\"}, "
                                 "{\"write\": \"stock\", \"add\": -1}]");
    const char *gil[] = {"gil", "per_request"};
    for (size_t i = 0; i < 2; i++) {
        outcome o = run(scn, gil[i]);
        assert_serial(&o, 8);
        if (o.stock.lost_updates != 0)
            fail_msg("%s lost %lld, expected 0", gil[i], (long long)o.stock.lost_updates);
    }
    /* Two processes have a GIL each: on 2 cores they run side by side, and a value
     * they share (in a database, in shared memory) races as with free threads:
     * requests go round robin, so each pair of a process 0 and a process 1 thread
     * reads together and writes together, 8 / 2 = 4 lost. */
    outcome o = run(scn, "processes");
    assert_serial(&o, 8);
    assert_int_equal(o.stock.lost_updates, 4);
    scn_free(scn);
}

/* GIL threads, compute longer than the switch interval (12 ms > 5 ms): the holder
 * is made to drop the GIL after each 5 ms while another waits, so the 8 threads
 * take turns of 5 ms: reads at about 0, 5, 10, ... 35 ms, and the first thread
 * gets the GIL back at 40 ms and writes at 47 ms. Every read comes before the
 * first write: 7 lost. Real CPython at 12 ms: 5.4 lost a run (5 of 5 runs lost
 * some; threads leaving the barrier one by one start some turns late). */
static void test_gil_compute_above_switch_interval_loses_most(void **state)
{
    (void)state;
    scn_scenario *scn = stock(8, "[{\"read\": \"stock\"}, {\"cpu\": \"12ms\"}, "
                                 "{\"write\": \"stock\", \"add\": -1}]");
    outcome o = run(scn, "gil");
    assert_serial(&o, 8);
    assert_int_equal(o.stock.lost_updates, 7);
    scn_free(scn);
}

/* Free-threaded threads on 2 cores, read / C of CPU / write, a burst of N with a
 * pool of N threads: two threads run at a time. Both of a pair read at the same
 * moment (each after its context switch), compute C side by side and write at
 * the same moment: the second write of each pair overwrites the first, one lost
 * update per pair. The next pair starts when the cores free up. So lost =
 * floor(N / 2): 4 for N = 8, 3 for N = 7 (the last thread runs alone). With a
 * lock: 0. */
static void test_free_threaded_pairs_lose_one_each(void **state)
{
    (void)state;
    const int ns[] = {8, 7};
    for (size_t k = 0; k < 2; k++) {
        scn_scenario *scn = stock(ns[k], "[{\"read\": \"stock\"}, {\"cpu\": \"1ms\"}, "
                                         "{\"write\": \"stock\", \"add\": -1}]");
        outcome o = run(scn, "free");
        assert_serial(&o, ns[k]);
        assert_int_equal(o.stock.lost_updates, ns[k] / 2);
        scn_free(scn);
    }
}

/* A write that follows a write of its own request (after one read) loses
 * nothing: the request's copy is what it wrote. Several keys are kept apart. */
static void test_own_writes_and_keys_apart(void **state)
{
    (void)state;
    scn_scenario *scn = stock(1, "[{\"read\": \"stock\"}, {\"write\": \"stock\", \"add\": -1}, "
                                 "{\"write\": \"stock\", \"add\": -2}, {\"read\": \"visits\"}, "
                                 "{\"write\": \"visits\", \"add\": 5}]");
    sim_run *r = run_named_to_end(scn, "gil", 1);
    const sim_metrics *m = sim_run_metrics(r);
    assert_int_equal(m->state[0].final, 7);
    assert_int_equal(m->state[0].serial, 7);
    assert_int_equal(m->state[0].lost_updates, 0);
    assert_int_equal(m->state[0].writes, 2);
    assert_int_equal(m->state[1].final, 5);
    assert_int_equal(m->state[1].serial, 5);
    sim_run_free(r);
    scn_free(scn);
}

/* asyncio.Lock: a task that finds the lock held awaits it and the loop goes on
 * with other requests; with a request that needs no lock beside them, that one
 * finishes first, during the first holder's I/O. */
static void test_loop_goes_on_while_a_task_waits_for_the_lock(void **state)
{
    (void)state;
    const char *text =
        "{\"schema\": \"bistro/1\", \"title\": \"t\", \"devices\": {\"db\": {}},\n"
        "\"state\": {\"stock\": 3},\n"
        "\"workload\": {\"requests\": [\n"
        " {\"at\": \"0ms\", \"steps\": [{\"lock\": \"m\", \"steps\": [{\"read\": \"stock\"}, "
        "{\"io\": \"10ms\", \"device\": \"db\"}, {\"write\": \"stock\", \"add\": -1}]}]},\n"
        " {\"at\": \"1ms\", \"steps\": [{\"lock\": \"m\", \"steps\": [{\"read\": \"stock\"}, "
        "{\"io\": \"10ms\", \"device\": \"db\"}, {\"write\": \"stock\", \"add\": -1}]}]},\n"
        " {\"at\": \"2ms\", \"steps\": [{\"cpu\": \"1ms\"}]}]},\n"
        "\"runtimes\": [{\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": "
        "\"asyncio\"}, {\"name\": \"gil\", \"model\": \"threads\", \"threads\": 1, \"gil\": "
        "true}]}";
    scn_scenario *scn = load(text);
    sim_options opt = {.seed = 1, .keep_trace = true};
    for (size_t rt = 0; rt < 2; rt++) {
        sim_run *r = NULL;
        assert_int_equal(sim_run_new(scn, rt, &opt, &r), 0);
        assert_int_equal(sim_run_go(r), 0);
        const sim_metrics *m = sim_run_metrics(r);
        assert_int_equal(m->completed, 3);
        assert_int_equal(m->state[0].final, 1);
        assert_int_equal(m->state[0].lost_updates, 0);
        int64_t done[3] = {-1, -1, -1};
        const trace *tr = sim_run_trace(r);
        for (size_t e = 0; e < trace_count(tr); e++) {
            const trace_event *ev = trace_get(tr, e);
            if (ev->kind == TRACE_DONE)
                done[ev->req] = ev->t;
        }
        if (rt == 0) {
            /* the loop: request 2 (no lock) ends at about 3 ms, request 1 after
             * both holders' I/O, at 20 ms and more */
            assert_true(done[2] < 4000000);
            assert_true(done[1] >= 20000000);
        } else {
            /* one thread: everything in arrival order, request 2 last */
            assert_true(done[2] > done[1]);
        }
        sim_run_free(r);
    }
    scn_free(scn);
}

/* --seeds (many.c): the share of runs that lost updates, and the spread, are
 * those of the single runs. GIL threads with a quote of exponential length (mean
 * 1 ms): a run loses an update of stock only when some quote runs past the 5 ms
 * switch interval while another thread waits, so some seeds lose and most not. */
static void test_many_counts_runs_that_lost_updates(void **state)
{
    (void)state;
    scn_scenario *scn = stock(10, "[{\"read\": \"stock\"}, {\"cpu\": {\"exp\": \"1ms\"}}, "
                                  "{\"write\": \"stock\", \"add\": -1}]");
    size_t rt = (size_t)scn_find_runtime(scn, "gil");
    int64_t lost_runs = 0, max_lost = 0, min_final = INT64_MAX;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        sim_run *r = run_to_end_with(scn, rt, seed, false);
        const sim_state_result *st = &sim_run_metrics(r)->state[0];
        lost_runs += st->lost_updates > 0;
        max_lost = st->lost_updates > max_lost ? st->lost_updates : max_lost;
        min_final = st->final < min_final ? st->final : min_final;
        sim_run_free(r);
    }
    /* P(a quote > 5 ms) = e^-5 = 0.7 %; 10 a run: about 6 % of runs */
    assert_true(lost_runs > 0 && lost_runs < 20);
    many_result m;
    uint64_t failed = 0;
    assert_int_equal(many_run(scn, rt, 1, 60, NULL, NULL, &m, &failed), 0);
    assert_int_equal(m.nstate, 2);
    assert_int_equal(m.state[0].runs_lost, lost_runs);
    assert_true(m.state[0].lost_updates.min == 0.0);
    assert_true(m.state[0].lost_updates.max == (double)max_lost);
    assert_true(m.state[0].final.min == (double)min_final);
    assert_int_equal(m.state[1].runs_lost, 0); /* visits: never touched */
    assert_true(m.state[1].final.max == 0.0);
    many_free(&m);
    scn_free(scn);
}

/* One lock for loop tasks and for offloaded steps on pool threads, in one process
 * and across two: the lock passes between threads and loops, a loop asleep in
 * its poll phase is woken when the lock becomes its task's, every request ends
 * and nothing is lost (12 adds of 1). */
static void test_lock_passes_between_threads_and_loops(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"t\", \"machine\": {\"cores\": 2},\n"
        "\"state\": {\"s\": 0},\n"
        "\"workload\": {\"arrivals\": {\"burst\": 6}, \"request\": [\n"
        " {\"offload\": [{\"lock\": \"m\", \"steps\": [{\"read\": \"s\"}, {\"cpu\": \"1ms\"}, "
        "{\"write\": \"s\", \"add\": 1}]}]},\n"
        " {\"lock\": \"m\", \"steps\": [{\"read\": \"s\"}, {\"io\": \"1ms\"}, {\"write\": "
        "\"s\", \"add\": 1}]}]},\n"
        "\"runtimes\": [{\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": "
        "\"asyncio\"}, {\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\"},\n"
        " {\"name\": \"two\", \"model\": \"processes\", \"processes\": 2, \"each\": "
        "{\"model\": \"event_loop\", \"flavor\": \"node\"}}]}");
    for (size_t rt = 0; rt < scn->nruntimes; rt++) {
        sim_run *r = run_to_end_with(scn, rt, 1, false);
        const sim_metrics *m = sim_run_metrics(r);
        if (m->completed != 6)
            fail_msg("%s: %lld of 6 requests done", scn->runtimes[rt].name,
                     (long long)m->completed);
        assert_int_equal(m->state[0].final, 12);
        assert_int_equal(m->state[0].lost_updates, 0);
        /* 12 critical sections of 1 ms, one at a time */
        assert_true(m->makespan_ns >= 12000000);
        sim_run_free(r);
    }
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lock_loses_nothing_anywhere),
        cmocka_unit_test(test_await_between_read_and_write_loses_n_minus_1),
        cmocka_unit_test(test_event_loop_without_await_loses_nothing),
        cmocka_unit_test(test_gil_compute_below_switch_interval_loses_nothing),
        cmocka_unit_test(test_gil_compute_above_switch_interval_loses_most),
        cmocka_unit_test(test_free_threaded_pairs_lose_one_each),
        cmocka_unit_test(test_own_writes_and_keys_apart),
        cmocka_unit_test(test_loop_goes_on_while_a_task_waits_for_the_lock),
        cmocka_unit_test(test_many_counts_runs_that_lost_updates),
        cmocka_unit_test(test_lock_passes_between_threads_and_loops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
