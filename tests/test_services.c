/* test_services.c - services on one clock: calls, the network, the services'
 * results, and the loader's rules for them.
 *
 * Oracles:
 * - two M/M/1 stations in series (a Jackson network): with Poisson arrivals at
 *   rate lambda and exponential service at rates mu1 and mu2, the departures of
 *   the first station are again Poisson (Burke's theorem, P. J. Burke, "The
 *   Output of a Queuing System", Operations Research 4(6), 1956) and the mean
 *   response of the series is 1/(mu1 - lambda) + 1/(mu2 - lambda) (J. R.
 *   Jackson, "Networks of Waiting Lines", Operations Research 5(4), 1957;
 *   Kleinrock, Queueing Systems vol. 1, 1975, section 4.8). A call also spends
 *   the network's latency each way, which adds 2 x latency.
 * - with one request and nothing else running, calls one after another add
 *   their times (2 x latency + the service's time each) and parallel calls take
 *   the longest of them, exactly.
 * - a thread waits for its call's reply, holding its request; an event loop
 *   sends the next request's call meanwhile.
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

#include "scenario_expect.h"
#include "test_support.h"

#include "engine.h"
#include "services.h"
#include "sink.h"
#include "timeline.h"
#include "trace.h"
#include "trace_chrome.h"
#include "trace_csv.h"
#include "trace_jsonl.h"
#include "workload.h"

#define MS 1000000LL
#define US 1000LL

/* ---- the Jackson network ------------------------------------------------------ */

/* The front: a thread per request on one core, exponential CPU of mean 1 ms, then
 * a call. Round-robin time slicing of exponential work has the mean response of
 * M/M/1 (memoryless service: any order that does not look at the work left gives
 * the same mean; Kleinrock vol. 2, 1976, section 4.4), and the request ends with
 * the reply, with no more work on the front. The service: one thread, FIFO,
 * exponential CPU of mean 0.5 ms, on a core of its own. */
static const char jackson[] =
    "{\"schema\": \"bistro/1\", \"title\": \"tandem\", \"seed\": 11,"
    " \"machine\": {\"cores\": 1, \"context_switch\": 0},"
    " \"network\": {\"latency\": \"0.5ms\"},"
    " \"services\": {\"back\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
    "                           \"request\": [{\"cpu\": {\"exp\": \"0.5ms\"}}]}},"
    " \"workload\": {\"arrivals\": {\"poisson_per_s\": 700, \"count\": 400000},"
    "               \"request\": [{\"cpu\": {\"exp\": \"1ms\"}}, {\"call\": \"back\"}]},"
    " \"runtimes\": [{\"name\": \"front\", \"model\": \"threads\", \"threads\": \"per_request\"}]}";

static void test_oracle_tandem_mm1_jackson(void **state)
{
    (void)state;
    scn_scenario *scn = load(jackson);
    sim_run *run = run_named_to_end(scn, "front", scn->seed);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->completed, 400000);
    double mu1 = 1000, mu2 = 2000, lambda = 700;
    double expected = 1000.0 / (mu1 - lambda) + 1000.0 / (mu2 - lambda) + 2 * 0.5;
    assert_near(expected, 5.1026, 0.0001);
    assert_near((double)m->lat_mean_ns / 1e6, expected, 0.03);
    /* the service alone is the second M/M/1 station */
    assert_int_equal(sim_run_service_count(run), 1);
    const sim_metrics *sm = sim_run_service_metrics(run, 0);
    assert_int_equal(sm->completed, 400000);
    assert_near((double)sm->lat_mean_ns / 1e6, 1000.0 / (mu2 - lambda), 0.03);
    /* the split: a call's time is the network's 1 ms and the service's */
    const sim_split *sp = sim_run_split(run);
    assert_int_equal(sp->requests, 400000);
    assert_near((double)sp->network / (double)sp->requests / 1e6, 1.0, 1e-6);
    assert_near((double)sp->services / (double)sp->requests / 1e6, 1000.0 / (mu2 - lambda), 0.03);
    sim_run_free(run);
    scn_free(scn);
}

/* ---- zero load: exact sums and maxima ----------------------------------------------- */

/* Service "a": a thread doing 3 ms of CPU; "b": an asyncio loop waiting 5 ms of
 * I/O. Each front runs one request. */
static const char zero_load[] =
    "{\"schema\": \"bistro/1\", \"title\": \"calls\","
    " \"machine\": {\"cores\": 2, \"context_switch\": 0},"
    " \"network\": {\"latency\": \"0.5ms\"},"
    " \"services\": {"
    "  \"a\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
    "         \"request\": [{\"cpu\": \"3ms\"}]},"
    "  \"b\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
    "         \"request\": [{\"io\": \"5ms\"}]}},"
    " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": %s},"
    " \"runtimes\": [{\"name\": \"threads\", \"model\": \"threads\", \"threads\": 1},"
    "  {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]}";

static int64_t one_request_latency(const char *steps, const char *runtime)
{
    char json[2048];
    snprintf(json, sizeof json, zero_load, steps);
    scn_scenario *scn = load(json);
    sim_run *run = run_named_to_end(scn, runtime, 1);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->completed, 1);
    int64_t lat = m->lat_max_ns;
    sim_run_free(run);
    scn_free(scn);
    return lat;
}

static void test_sequential_calls_add(void **state)
{
    (void)state;
    const char *rts[] = {"threads", "asyncio"};
    for (int i = 0; i < 2; i++) {
        /* (0.5 + 3 + 0.5) + (0.5 + 5 + 0.5) */
        assert_int_equal(one_request_latency("[{\"call\": \"a\"}, {\"call\": \"b\"}]", rts[i]),
                         10 * MS);
        assert_int_equal(one_request_latency("[{\"call\": \"a\"}]", rts[i]), 4 * MS);
        assert_int_equal(one_request_latency("[{\"call\": \"b\"}]", rts[i]), 6 * MS);
        /* the front's own CPU before and after */
        assert_int_equal(one_request_latency("[{\"cpu\": \"1ms\"}, {\"call\": \"a\"}, {\"call\": "
                                             "\"b\"}, {\"cpu\": \"1ms\"}]",
                                             rts[i]),
                         12 * MS);
    }
}

static void test_parallel_calls_take_the_maximum(void **state)
{
    (void)state;
    /* an event loop sends both at once (gather): max(4, 6) */
    assert_int_equal(one_request_latency("[{\"parallel\": [[{\"call\": \"a\"}], [{\"call\": "
                                         "\"b\"}]]}]",
                                         "asyncio"),
                     6 * MS);
    /* a blocking thread runs the branches one after another: 4 + 6 */
    assert_int_equal(one_request_latency("[{\"parallel\": [[{\"call\": \"a\"}], [{\"call\": "
                                         "\"b\"}]]}]",
                                         "threads"),
                     10 * MS);
}

/* Node's Promise.all over two calls, with its loop's start and print costs zero. */
static void test_node_promise_all_takes_the_maximum(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"node\","
        " \"machine\": {\"cores\": 2, \"context_switch\": 0},"
        " \"network\": {\"latency\": \"1ms\"},"
        " \"services\": {"
        "  \"a\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "         \"request\": [{\"cpu\": \"3ms\"}]},"
        "  \"b\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "         \"request\": [{\"cpu\": \"7ms\"}]}},"
        " \"workload\": {\"requests\": [{\"at\": \"10ms\", \"steps\": [{\"parallel\": "
        "   [[{\"call\": \"a\"}], [{\"call\": \"b\"}]]}]}]},"
        " \"runtimes\": [{\"name\": \"node\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "   \"loop_start\": 0}]}");
    sim_run *run = run_named_to_end(scn, "node", 1);
    assert_int_equal(sim_run_metrics(run)->lat_max_ns, 9 * MS);
    /* each service served one request in its own time */
    assert_int_equal(sim_run_service_metrics(run, 0)->lat_max_ns, 3 * MS);
    assert_int_equal(sim_run_service_metrics(run, 1)->lat_max_ns, 7 * MS);
    /* split: the calls took 9 ms of wall time; network 2 + 2 of 2 + 3 + 2 + 7 */
    const sim_split *sp = sim_run_split(run);
    assert_int_equal(sp->requests, 1);
    assert_int_equal(sp->calls, 9 * MS);
    assert_int_equal(sp->network + sp->services, 9 * MS);
    assert_int_equal(sp->queueing, 0);
    sim_run_free(run);
    scn_free(scn);
}

/* ---- a thread blocks, a loop goes on ----------------------------------------------- */

static const char two_calls[] =
    "{\"schema\": \"bistro/1\", \"title\": \"block\","
    " \"machine\": {\"cores\": 1, \"context_switch\": 0},"
    " \"network\": {\"latency\": \"0.5ms\"},"
    " \"services\": {\"slow\": {\"runtime\": {\"model\": \"threads\", \"threads\": 2},"
    "                           \"machine\": {\"cores\": 2},"
    "                           \"request\": [{\"cpu\": \"10ms\"}]}},"
    " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"call\": \"slow\"}]},"
    " \"runtimes\": [{\"name\": \"thread\", \"model\": \"threads\", \"threads\": 1},"
    "  {\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]}";

static void test_thread_blocks_loop_goes_on(void **state)
{
    (void)state;
    scn_scenario *scn = load(two_calls);
    sim_options opt = {.seed = 1};
    sim_run *run = NULL;
    /* one thread: the second request waits for the first's reply, 11 ms */
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->detail[0].done, 11 * MS);
    assert_int_equal(m->detail[1].done, 22 * MS);
    assert_int_equal(sim_run_service_metrics(run, 0)->completed, 2);
    assert_int_equal(sim_run_service_in_flight_max(run, 0), 1);
    sim_run_free(run);
    /* the loop sends both calls at once; the service's two threads serve both */
    assert_int_equal(sim_run_new(scn, 1, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    m = sim_run_metrics(run);
    assert_int_equal(m->detail[0].done, 11 * MS);
    assert_int_equal(m->detail[1].done, 11 * MS);
    assert_int_equal(sim_run_service_in_flight_max(run, 0), 2);
    sim_run_free(run);
    scn_free(scn);
}

/* A service that calls another: the chain's times add up. */
static void test_chain_of_services(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"chain\","
        " \"machine\": {\"context_switch\": 0},"
        " \"network\": {\"latency\": \"1ms\"},"
        " \"services\": {"
        "  \"mid\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "           \"request\": [{\"cpu\": \"2ms\"}, {\"call\": \"end\"}]},"
        "  \"end\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "           \"request\": [{\"cpu\": \"4ms\"}]}},"
        " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"call\": \"mid\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}");
    sim_run *run = run_named_to_end(scn, "t", 1);
    /* 1 + (2 + 1 + 4 + 1) + 1 */
    assert_int_equal(sim_run_metrics(run)->lat_max_ns, 10 * MS);
    assert_int_equal(sim_run_service_metrics(run, 0)->lat_max_ns, 8 * MS);
    assert_int_equal(sim_run_service_metrics(run, 1)->lat_max_ns, 4 * MS);
    sim_run_free(run);
    scn_free(scn);
}

/* Every compared runtime has the same services behind it: call k of a service has
 * the same durations whichever runtime the front runs, and a run is the same
 * every time. */
static void test_same_services_for_every_runtime(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"same\","
        " \"machine\": {\"context_switch\": 0},"
        " \"services\": {\"s\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "                        \"request\": [{\"cpu\": {\"exp\": \"1ms\"}}]}},"
        " \"workload\": {\"arrivals\": {\"every\": \"100ms\", \"count\": 50},"
        "               \"request\": [{\"call\": \"s\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"},"
        "  {\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\"}]}");
    sim_run *a = run_named_to_end(scn, "t", 3), *b = run_named_to_end(scn, "n", 3),
            *c = run_named_to_end(scn, "t", 3);
    const sim_metrics *ma = sim_run_service_metrics(a, 0), *mb = sim_run_service_metrics(b, 0),
                      *mc = sim_run_service_metrics(c, 0);
    /* one request at a time: the service's latencies are its draws */
    assert_int_equal(ma->lat_mean_ns, mb->lat_mean_ns);
    assert_int_equal(ma->lat_p99_ns, mb->lat_p99_ns);
    assert_int_equal(ma->lat_mean_ns, mc->lat_mean_ns);
    assert_int_equal(sim_run_metrics(a)->lat_mean_ns, sim_run_metrics(c)->lat_mean_ns);
    /* the durations are drawn, not constant */
    assert_true(ma->lat_p99_ns > ma->lat_p50_ns);
    /* another seed draws others */
    sim_run *d = run_named_to_end(scn, "t", 4);
    assert_true(sim_run_service_metrics(d, 0)->lat_mean_ns != ma->lat_mean_ns);
    sim_run_free(a);
    sim_run_free(b);
    sim_run_free(c);
    sim_run_free(d);
    scn_free(scn);
}

/* A device of `devices` is one device for the front and its services: with a
 * capacity of 1, the service's query waits for the front's. */
static void test_devices_are_shared(void **state)
{
    (void)state;
    const char *fmt =
        "{\"schema\": \"bistro/1\", \"title\": \"db\","
        " \"machine\": {\"context_switch\": 0},"
        " \"devices\": {\"db\": {\"capacity\": %d}},"
        " \"services\": {\"s\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "                        \"request\": [{\"io\": \"10ms\", \"device\": \"db\"}]}},"
        " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"parallel\": "
        "   [[{\"io\": \"10ms\", \"device\": \"db\"}], [{\"call\": \"s\"}]]}]},"
        " \"runtimes\": [{\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": "
        "\"asyncio\"}]}";
    char json[1024];
    int64_t want[] = {20 * MS, 10 * MS};
    for (int cap = 1; cap <= 2; cap++) {
        snprintf(json, sizeof json, fmt, cap);
        scn_scenario *scn = load(json);
        sim_run *run = run_named_to_end(scn, "loop", 1);
        assert_int_equal(sim_run_metrics(run)->lat_max_ns, want[cap - 1]);
        /* the service's request waited its turn for the device */
        assert_int_equal(sim_run_service_metrics(run, 0)->lat_max_ns, want[cap - 1]);
        sim_run_free(run);
        scn_free(scn);
    }
}

/* A service's trace reads through its view of the scenario: every writer takes
 * it, and the timeline counts the service's requests. */
static void test_service_trace_reads_through_its_view(void **state)
{
    (void)state;
    char json[2048];
    snprintf(json, sizeof json, zero_load,
             "[{\"call\": \"a\"}, {\"call\": \"b\"}, {\"call\": \"b\"}]");
    scn_scenario *scn = load(json);
    sim_run *run = run_to_end_with(scn, 1, 1, true);
    for (size_t i = 0; i < 2; i++) {
        const scn_scenario *view = sim_run_service_view(run, i);
        const trace *tr = sim_run_service_trace(run, i);
        assert_non_null(view);
        assert_non_null(tr);
        assert_int_equal(view->nruntimes, 1);
        /* one request per call received: a once, b twice */
        assert_int_equal(wl_request_count(view), (int64_t)i + 1);
        assert_int_equal(sim_run_service_metrics(run, i)->completed, (int64_t)i + 1);
        int (*writers[])(sim_sink *, const trace *, const scn_scenario *, const char *,
                         uint64_t) = {trace_write_jsonl, trace_write_csv, trace_write_chrome};
        for (size_t w = 0; w < 3; w++) {
            sink_buffer b = {0};
            sim_sink s = sink_to_buffer(&b);
            assert_int_equal(writers[w](&s, tr, view, sim_run_service_name(run, i), 1), 0);
            assert_non_null(strstr(b.data, "arrive")); /* the calls arrive there */
            sink_buffer_release(&b);
        }
        timeline *tl = NULL;
        assert_int_equal(timeline_build(tr, view, 0, &tl), 0);
        assert_int_equal(timeline_completed(tl, INT64_MAX), (int64_t)i + 1);
        timeline_free(tl);
    }
    /* the front's trace has its calls */
    size_t calls = 0;
    const trace *ft = sim_run_trace(run);
    for (size_t k = 0; k < trace_count(ft); k++)
        calls += trace_get(ft, k)->kind == TRACE_CALL;
    assert_int_equal(calls, 3);
    assert_null(sim_run_service_view(run, 2)); /* no third service */
    sim_run_free(run);
    scn_free(scn);
}

/* A runtime with a service in its own process makes its calls as function calls:
 * the service's steps run on the front's thread or loop, without the network or
 * the service's queue; its other calls still go over the network. */
static void test_in_process_calls(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"in process\","
        " \"machine\": {\"cores\": 1, \"context_switch\": 0},"
        " \"network\": {\"latency\": \"0.5ms\"},"
        " \"services\": {"
        "  \"a\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
        "         \"request\": [{\"cpu\": \"3ms\"}]},"
        "  \"b\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
        "         \"request\": [{\"io\": \"5ms\"}]}},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"call\": \"a\", "
        "   \"then\": [{\"cpu\": \"1ms\"}]}, {\"call\": \"b\"}]},"
        " \"runtimes\": [{\"name\": \"remote\", \"model\": \"threads\", \"threads\": 1},"
        "  {\"name\": \"local\", \"model\": \"threads\", \"threads\": 1, \"in_process\": [\"a\"]},"
        "  {\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"asyncio\","
        "   \"in_process\": [\"a\", \"b\"]}]}");
    assert_int_equal(scn->runtimes[0].in_process, 0);
    assert_int_equal(scn->runtimes[1].in_process, 1);
    assert_int_equal(scn->runtimes[2].in_process, 3);
    /* remote: (0.5 + 3 + 0.5) + 1 + (0.5 + 5 + 0.5) = 11 ms a request, one after
     * the other on the one thread */
    sim_run *run = run_named_to_end(scn, "remote", 1);
    assert_int_equal(sim_run_metrics(run)->detail[0].done, 11 * MS);
    assert_int_equal(sim_run_metrics(run)->detail[1].done, 22 * MS);
    assert_int_equal(sim_run_service_metrics(run, 0)->completed, 2);
    sim_run_free(run);
    /* local: a's 3 ms of CPU in the request's own thread, then 1 ms, then b over
     * the network: 3 + 1 + 6 = 10 ms; a receives no call */
    run = run_named_to_end(scn, "local", 1);
    assert_int_equal(sim_run_metrics(run)->detail[0].done, 10 * MS);
    assert_int_equal(sim_run_metrics(run)->detail[1].done, 20 * MS);
    assert_int_equal(sim_run_service_metrics(run, 0)->completed, 0);
    assert_int_equal(sim_run_service_metrics(run, 1)->completed, 2);
    /* the split counts a's steps as the request's own CPU */
    assert_int_equal(sim_run_split(run)->cpu, 2 * 4 * MS);
    sim_run_free(run);
    /* loop, both in process: the loop's one core runs both requests' 4 ms of CPU
     * one after the other, and their 5 ms waits overlap: 4 + 5, 8 + 5 */
    run = run_named_to_end(scn, "loop", 1);
    assert_int_equal(sim_run_metrics(run)->detail[0].done, 9 * MS);
    assert_int_equal(sim_run_metrics(run)->detail[1].done, 13 * MS);
    assert_int_equal(sim_run_service_metrics(run, 1)->completed, 0);
    sim_run_free(run);
    scn_free(scn);
}

static void test_in_process_names_a_service(void **state)
{
    (void)state;
    const char *text = "{\"schema\": \"bistro/1\", \"title\": \"e\",\n"
                       " \"services\": {\"a\": {\"runtime\": {\"model\": \"threads\","
                       " \"in_process\": [\"a\"]}, \"request\": [{\"cpu\": 1}]}},\n"
                       " \"workload\": {\"arrivals\": {\"burst\": 1},\n"
                       "   \"request\": [{\"call\": \"a\"}]},\n"
                       " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\", \"in_process\": "
                       "[\"a\", \"zz\"]}]}";
    const char *const want[] = {
        "t.json:2:53: $.services.a.runtime: unknown key \"in_process\" (expected one of: name, "
        "model, threads, gil, switch_interval, start_threads)",
        "t.json:5:69: $.runtimes[0].in_process[1]: unknown service \"zz\""};
    expect_messages(text, strlen(text), want, 2);
}

/* Without services nothing is added. */
static void test_no_services_no_split(void **state)
{
    (void)state;
    scn_scenario *scn = load("{\"schema\": \"bistro/1\", \"title\": \"plain\","
                             " \"workload\": {\"arrivals\": {\"burst\": 1},"
                             "               \"request\": [{\"cpu\": \"1ms\"}]},"
                             " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}");
    sim_run *run = run_named_to_end(scn, "t", 1);
    assert_int_equal(sim_run_service_count(run), 0);
    assert_null(sim_run_split(run));
    assert_null(sim_run_service_metrics(run, 0));
    sim_run_free(run);
    scn_free(scn);
}

/* ---- the loader ---------------------------------------------------------------------- */

static void test_load_services(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"l\","
        " \"machine\": {\"cores\": 2, \"quantum\": \"7ms\"},"
        " \"network\": {\"latency\": \"0.5ms\"},"
        " \"services\": {"
        "  \"ml\": {\"runtime\": {\"model\": \"processes\", \"processes\": 4,"
        "          \"each\": {\"model\": \"threads\", \"threads\": 1, \"gil\": true}},"
        "          \"machine\": {\"cores\": 4},"
        "          \"request\": [{\"cpu\": \"40ms\"}]},"
        "  \"history\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"},"
        "               \"request\": [{\"io\": \"5ms\"}]}},"
        " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"call\": \"history\", "
        "   \"then\": [{\"cpu\": \"1ms\"}]}, {\"call\": \"ml\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}");
    assert_int_equal(scn->nservices, 2);
    assert_int_equal(scn->network_latency, 500 * US);
    const scn_service *ml = &scn->services[0];
    assert_string_equal(ml->name, "ml");
    assert_string_equal(ml->runtime.name, "ml");
    assert_int_equal(ml->runtime.model, SCN_MODEL_PROCESSES);
    assert_int_equal(ml->runtime.processes, 4);
    assert_true(ml->runtime.each->gil);
    assert_int_equal(ml->machine.cores, 4);
    assert_int_equal(ml->machine.quantum, 7 * MS); /* the scenario's, not given */
    assert_int_equal(scn->services[1].machine.cores, 2);
    assert_int_equal(scn->services[1].runtime.flavor, SCN_FLAVOR_ASYNCIO);
    const scn_step *st = scn->workload.request.steps;
    assert_int_equal(st[0].kind, SCN_STEP_IO);
    assert_int_equal(st[0].call, 2);
    assert_int_equal(st[0].device, -1);
    assert_true(st[0].has_then);
    assert_int_equal(st[0].body.n, 1);
    assert_int_equal(st[1].call, 1);
    assert_false(st[1].has_then);
    scn_free(scn);
}

static const char svc_doc[] = "{\"schema\": \"bistro/1\", \"title\": \"e\",\n"
                              " \"services\": {\n"
                              "  \"a\": {\"runtime\": {\"model\": \"threads\"},\n"
                              "         \"request\": [{\"call\": \"b\"}]},\n"
                              "  \"b\": {\"runtime\": {\"model\": \"threads\"},\n"
                              "         \"request\": [%s]}},\n"
                              " \"workload\": {\"arrivals\": {\"burst\": 1},\n"
                              "   \"request\": [{\"call\": %s}]},\n"
                              " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}";

static char *svc_text(const char *b_calls, const char *front_calls)
{
    static char buf[2048];
    snprintf(buf, sizeof buf, svc_doc, b_calls, front_calls);
    return buf;
}

static void expect_one(const char *text, const char *want)
{
    const char *const w[] = {want};
    expect_messages(text, strlen(text), w, 1);
}

static void test_unknown_service(void **state)
{
    (void)state;
    /* line 8: `   "request": [{"call": "zz"}]},`; the value at column 25 */
    expect_one(svc_text("{\"cpu\": \"1ms\"}", "\"zz\""),
               "t.json:8:25: $.workload.request[0].call: unknown service \"zz\" (services: a, b)");
}

static void test_cycle_refused(void **state)
{
    (void)state;
    /* a calls b, b calls a: named at a's object (line 3, column 8) */
    expect_one(svc_text("{\"call\": \"a\"}", "\"a\""),
               "t.json:3:8: $.services.a: services call each other in a cycle (a -> b -> a): "
               "a request would never be answered");
}

static void test_self_call_refused(void **state)
{
    (void)state;
    /* b calls itself: named at b's object (line 5, column 8) */
    expect_one(svc_text("{\"call\": \"b\"}", "\"a\""),
               "t.json:5:8: $.services.b: services call each other in a cycle (b -> b): a "
               "request would never be answered");
}

static void test_call_without_services(void **state)
{
    (void)state;
    const char *text = "{\"schema\": \"bistro/1\", \"title\": \"e\",\n"
                       " \"workload\": {\"arrivals\": {\"burst\": 1},\n"
                       "   \"request\": [{\"call\": \"x\"}]},\n"
                       " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}";
    expect_one(text, "t.json:3:25: $.workload.request[0].call: unknown service \"x\" (this "
                     "scenario has no \"services\")");
}

static void test_service_keys_checked(void **state)
{
    (void)state;
    const char *text = "{\"schema\": \"bistro/1\", \"title\": \"e\",\n"
                       " \"network\": {\"latency\": \"-1ms\"},\n"
                       " \"services\": {\"a\": {\"request\": [{\"cpu\": \"1ms\"}], \"x\": 1}},\n"
                       " \"workload\": {\"arrivals\": {\"burst\": 1},\n"
                       "   \"request\": [{\"cpu\": \"1ms\"}]},\n"
                       " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"}]}";
    const char *const want[] = {
        "t.json:2:25: $.network.latency: expected a duration like \"5ms\" (units: ns, us, ms, "
        "s), got \"-1ms\"",
        "t.json:3:50: $.services.a: unknown key \"x\" (expected one of: runtime, machine, "
        "request)",
        "t.json:3:20: $.services.a: missing required key \"runtime\""};
    expect_messages(text, strlen(text), want, 3);
}

/* Shared values and services (docs/model.md, "Services and shared state"): one
 * store for the scenario, which the front and its services read and write, like
 * a database row; each server keeps its own locks. */
static const char shared_fmt[] =
    "{\"schema\": \"bistro/1\", \"title\": \"shared\","
    " \"machine\": {\"context_switch\": 0},"
    " \"state\": {\"stock\": 10},"
    " \"services\": {\"inv\": {\"runtime\": {\"model\": \"threads\", \"threads\": 1},"
    "   \"request\": [{\"lock\": \"m\", \"steps\": [{\"read\": \"stock\"}, {\"io\": \"2ms\"},"
    "                {\"write\": \"stock\", \"add\": -1}]}]}},"
    " \"workload\": {\"arrivals\": {\"burst\": %d}, \"request\": %s},"
    " \"runtimes\": [{\"name\": \"threads\", \"model\": \"threads\", \"threads\": 1},"
    "  {\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]}";

static const sim_state_result *stock_of(const sim_run *run)
{
    const sim_metrics *m = sim_run_metrics(run);
    assert_int_equal(m->nstate, 1);
    return &m->state[0];
}

static void test_state_is_shared_with_services(void **state)
{
    (void)state;
    char json[2048];
    /* The front writes, then calls the service, which writes the same value: with
     * one thread, two requests one after the other leave 10 - 4 = 6, every write
     * seeing the one before, the service's included; no update is lost. Separate
     * stores would leave the front's at 8. */
    snprintf(json, sizeof json, shared_fmt, 2,
             "[{\"read\": \"stock\"}, {\"write\": \"stock\", \"add\": -1}, {\"call\": \"inv\"}]");
    scn_scenario *scn = load(json);
    sim_options opt = {.seed = 1, .keep_trace = true};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, 0, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    const sim_state_result *r = stock_of(run);
    assert_int_equal(r->final, 6);
    assert_int_equal(r->serial, 6);
    assert_int_equal(r->writes, 4); /* the front's two and the service's two */
    assert_int_equal(r->reads, 4);
    assert_int_equal(r->lost_updates, 0);
    assert_int_equal(sim_run_metrics(run)->completed, 2);
    /* the service's trace has its reads and writes, named through its view: it
     * read what the front had written (9, then 7) */
    const trace *st = sim_run_service_trace(run, 0);
    const scn_scenario *view = sim_run_service_view(run, 0);
    int64_t seen[4];
    size_t n = 0;
    for (size_t k = 0; k < trace_count(st); k++) {
        const trace_event *ev = trace_get(st, k);
        if ((ev->kind == TRACE_STATE_READ || ev->kind == TRACE_STATE_WRITE) && n < 4) {
            assert_int_equal(ev->a, 0);
            seen[n++] = ev->x;
        }
    }
    assert_int_equal(n, 4);
    assert_int_equal(seen[0], 9);
    assert_int_equal(seen[1], 8);
    assert_int_equal(seen[2], 7);
    assert_int_equal(seen[3], 6);
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_jsonl(&s, st, view, sim_run_service_name(run, 0), 1), 0);
    assert_non_null(strstr(b.data, "\"key\":\"stock\""));
    sink_buffer_release(&b);
    sim_run_free(run);
    scn_free(scn);

    /* Read in the front, write in the service, write back in the front: the
     * front's copy is older than the service's write, so the front's write is a
     * lost update, in every runtime: 10 -> 9 (service) -> 9 (front, lost), where
     * a serial run gives 8. The front holds its own lock "m" across the call,
     * and the service takes its lock "m" meanwhile: a lock is its server's, so
     * nothing waits for the other (one shared lock would wait forever). */
    snprintf(json, sizeof json, shared_fmt, 1,
             "[{\"lock\": \"m\", \"steps\": [{\"read\": \"stock\"}, {\"call\": \"inv\"},"
             " {\"write\": \"stock\", \"add\": -1}]}]");
    scn = load(json);
    for (size_t i = 0; i < scn->nruntimes; i++) {
        run = NULL;
        assert_int_equal(sim_run_new(scn, i, &opt, &run), 0);
        assert_int_equal(sim_run_go(run), 0);
        r = stock_of(run);
        assert_int_equal(r->final, 9);
        assert_int_equal(r->serial, 8);
        assert_int_equal(r->lost_updates, 1);
        assert_int_equal(sim_run_metrics(run)->lost_updates, 1);
        assert_int_equal(sim_run_metrics(run)->completed, 1);
        /* the service's own write lost nothing; the front's summary counts all */
        assert_int_equal(sim_run_service_metrics(run, 0)->lost_updates, 0);
        assert_int_equal(sim_run_service_metrics(run, 0)->completed, 1);
        sim_run_free(run);
    }
    scn_free(scn);

    /* In process, the service's lock "m" is the front's: taken again under itself
     * it waits forever, as a second acquire of a threading.Lock by its holder does.
     * The loader refuses that scenario (tests/test_scenario_errors.c); given it
     * anyway (in_process set by hand), the run ends with the request not done; it
     * does not hang. */
    scn = load(json);
    size_t t = (size_t)scn_find_runtime(scn, "threads");
    scn->runtimes[t].in_process = 1;
    run = NULL;
    assert_int_equal(sim_run_new(scn, t, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    assert_int_equal(sim_run_metrics(run)->completed, 0);
    assert_int_equal(stock_of(run)->writes, 0);
    assert_int_equal(sim_run_service_metrics(run, 0)->completed, 0);
    sim_run_free(run);
    scn_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_tandem_mm1_jackson),
        cmocka_unit_test(test_sequential_calls_add),
        cmocka_unit_test(test_parallel_calls_take_the_maximum),
        cmocka_unit_test(test_node_promise_all_takes_the_maximum),
        cmocka_unit_test(test_thread_blocks_loop_goes_on),
        cmocka_unit_test(test_chain_of_services),
        cmocka_unit_test(test_same_services_for_every_runtime),
        cmocka_unit_test(test_devices_are_shared),
        cmocka_unit_test(test_service_trace_reads_through_its_view),
        cmocka_unit_test(test_in_process_calls),
        cmocka_unit_test(test_in_process_names_a_service),
        cmocka_unit_test(test_no_services_no_split),
        cmocka_unit_test(test_load_services),
        cmocka_unit_test(test_unknown_service),
        cmocka_unit_test(test_cycle_refused),
        cmocka_unit_test(test_self_call_refused),
        cmocka_unit_test(test_call_without_services),
        cmocka_unit_test(test_service_keys_checked),
        cmocka_unit_test(test_state_is_shared_with_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
