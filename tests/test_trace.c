/* test_trace.c - the trace store (trace.c), the sinks (sink.c) and the JSON Lines
 * writer (trace_jsonl.c).
 *
 * The golden output below (bistro-trace/2) is written by hand from
 * docs/trace-format.md and the field comments of trace.h's TRACE_KIND_MAP, not
 * captured from the writer; the round trip parses every line of random events back
 * with cJSON and compares it with the events, through a table of each kind's keys
 * restated here from trace.h, so that a mistake in trace_fields.c (which both
 * writers read) shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "error.h"
#include "scenario.h"
#include "sink.h"
#include "trace.h"
#include "trace_jsonl.h"

/* ---- helpers ---- */

/* An event, fields in the order of trace.h's comments: kind, t, req, worker, a, b,
 * c, x. */
#define EV(kind_, t_, req_, worker_, a_, b_, c_, x_)                         \
    {                                                                        \
        .t = (t_), .x = (x_), .req = (req_), .worker = (worker_), .a = (a_), \
        .kind = (uint8_t)(kind_), .b = (uint8_t)(b_), .c = (uint16_t)(c_)    \
    }

static char *device_names[] = {"db", "disk"};
static scn_device test_devices[] = {{.name = NULL}, {.name = NULL}};
static scn_state_var test_state[] = {{.name = "stock", .initial = 10}, {.name = "visits"}};
static char *lock_names[] = {"stock_lock"};
static char *test_strings[] = {"1", "say \"hi\"\n\tnow\\", "caf\xc3\xa9 \x01\x1f\x7f",
                               "bad \xff\xc3"};

/* A scenario with two devices and four log strings; only what the writer reads. */
static scn_service test_services[] = {{.name = (char *)"ml"}};

static scn_scenario test_scenario(void)
{
    test_devices[0].name = device_names[0];
    test_devices[1].name = device_names[1];
    scn_scenario scn = {0};
    scn.name = "three-requests";
    scn.devices = test_devices;
    scn.ndevices = 2;
    scn.strings = test_strings;
    scn.nstrings = 4;
    scn.state = test_state;
    scn.nstate = 2;
    scn.locks = lock_names;
    scn.nlocks = 1;
    scn.services = test_services;
    scn.nservices = 1;
    return scn;
}

/* The output, with the writer's result in *err; the sink's error must agree. */
static char *write_jsonl(const trace *tr, const scn_scenario *scn, int *err)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    *err = trace_write_jsonl(&s, tr, scn, "Node.js", 1);
    assert_int_equal(s.err, *err);
    return b.data;
}

/* ---- storage ---- */

static void test_trace_event_is_32_bytes(void **state)
{
    (void)state;
    /* DESIGN.md "Performance targets": at most 32 bytes per trace event in memory. */
    assert_int_equal(sizeof(trace_event), 32);
}

static void test_trace_append_across_chunks(void **state)
{
    (void)state;
    const size_t n = 200000;
    trace *tr = trace_new();
    assert_non_null(tr);
    assert_int_equal(trace_count(tr), 0);
    for (size_t i = 0; i < n; i++) {
        trace_event ev = EV((int)(i % TRACE_KIND_COUNT), (int64_t)i * 1000, (int32_t)i,
                            (int32_t)(i % 7), (int32_t)(i * 3), (int)(i % 3), (uint16_t)(i * 11),
                            (int64_t)i * -5);
        assert_int_equal(trace_append(tr, &ev), 0);
    }
    assert_int_equal(trace_count(tr), n);
    for (size_t i = 0; i < n; i++) {
        const trace_event *ev = trace_get(tr, i);
        assert_int_equal(ev->t, (int64_t)i * 1000);
        assert_int_equal(ev->x, (int64_t)i * -5);
        assert_int_equal(ev->req, (int32_t)i);
        assert_int_equal(ev->worker, (int32_t)(i % 7));
        assert_int_equal(ev->a, (int32_t)(i * 3));
        assert_int_equal(ev->kind, i % TRACE_KIND_COUNT);
        assert_int_equal(ev->b, i % 3);
        assert_int_equal(ev->c, (uint16_t)(i * 11));
    }
    trace_free(tr);
}

static void test_trace_memory_close_to_32_bytes_an_event(void **state)
{
    (void)state;
    trace *tr = trace_new();
    size_t empty = trace_memory(tr);
    assert_true(empty > 0 && empty < 1024);
    trace_event ev = EV(TRACE_ARRIVE, 0, 0, -1, 0, 0, 0, 0);
    const size_t n = 200000;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(trace_append(tr, &ev), 0);
    size_t bytes = trace_memory(tr);
    /* 32 bytes an event, plus a partly filled last chunk and the chunk table: the
     * design allows "at most 32 bytes per trace event"; 1 byte of slack an event. */
    assert_true(bytes >= n * 32);
    assert_true(bytes <= n * 33);
    trace_free(tr);
}

static void test_trace_free_null_is_noop(void **state)
{
    (void)state;
    trace_free(NULL);
}

static void test_trace_names_come_from_the_maps(void **state)
{
    (void)state;
    assert_string_equal(trace_kind_name(TRACE_ARRIVE), "arrive");
    assert_string_equal(trace_kind_name(TRACE_GIL_DROP_REQUEST), "gil_drop_request");
    assert_string_equal(trace_kind_name(TRACE_DONE), "done");
    assert_string_equal(trace_kind_name(TRACE_STEP), "step");
    assert_string_equal(trace_kind_name(TRACE_EXIT), "exit");
    assert_string_equal(trace_kind_name(TRACE_MEMORY), "memory");
    assert_string_equal(trace_kind_name(TRACE_KIND_COUNT), "unknown");
    assert_string_equal(trace_kind_name(-1), "unknown");
    assert_string_equal(trace_queue_name(TRACE_QUEUE_ACCEPT), "accept");
    assert_string_equal(trace_queue_name(TRACE_QUEUE_DEVICE), "device");
    assert_string_equal(trace_queue_name(TRACE_QUEUE_COUNT), "unknown");
    assert_string_equal(trace_phase_name(TRACE_PHASE_MAIN), "main");
    assert_string_equal(trace_phase_name(TRACE_PHASE_COUNT), "unknown");
}

static void test_trace_worker_name_from_kind_and_number(void **state)
{
    (void)state;
    char buf[32];
    /* trace.h: a process's first loop (number 0) is its event loop, a later one a
     * worker thread; threads and pool threads are numbered from 1. */
    assert_string_equal(trace_worker_name(TRACE_WORKER_LOOP, 0, buf, sizeof buf), "event loop");
    assert_string_equal(trace_worker_name(TRACE_WORKER_LOOP, 2, buf, sizeof buf),
                        "worker thread 2");
    assert_string_equal(trace_worker_name(TRACE_WORKER_THREAD, 3, buf, sizeof buf), "thread 3");
    assert_string_equal(trace_worker_name(TRACE_WORKER_POOL, 1, buf, sizeof buf), "pool thread 1");
    /* cut to the buffer, always terminated */
    assert_string_equal(trace_worker_name(TRACE_WORKER_POOL, 12, buf, 7), "pool t");
}

/* ---- sinks ---- */

static void test_sink_printf_long_output(void **state)
{
    (void)state;
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(sink_printf(&s, "<%s|%d>", big, 42), 0);
    assert_int_equal(b.len, 2999 + 5);
    assert_int_equal(b.data[0], '<');
    assert_memory_equal(b.data + 3000, "|42>", 5); /* with the buffer's NUL */
    assert_int_equal(sink_printf(&s, "%s", ""), 0);
    assert_int_equal(b.len, 3004);
    sink_buffer_release(&b);
    assert_null(b.data);
}

/* A sink that accepts `budget` writes and then fails with SIM_EIO. */
static int failing_write(void *ctx, const char *buf, size_t n)
{
    (void)buf;
    (void)n;
    int *budget = ctx;
    if (*budget == 0)
        return SIM_EIO;
    (*budget)--;
    return 0;
}

static void test_sink_error_is_sticky(void **state)
{
    (void)state;
    int budget = 1;
    sim_sink s = {failing_write, &budget, 0};
    assert_int_equal(sink_write(&s, "a", 1), 0);
    assert_int_equal(sink_write(&s, "b", 1), SIM_EIO);
    budget = 5; /* later writes must not reach the function again */
    assert_int_equal(sink_printf(&s, "%d", 3), SIM_EIO);
    assert_int_equal(sink_json_string(&s, "x"), SIM_EIO);
    assert_int_equal(budget, 5);
}

static void test_trace_jsonl_reports_sink_error(void **state)
{
    (void)state;
    scn_scenario scn = test_scenario();
    trace *tr = trace_new();
    trace_event ev = EV(TRACE_ARRIVE, 0, 0, -1, 0, 0, 0, 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(trace_append(tr, &ev), 0);
    int budget = 12; /* the header takes 9 writes, then one a line */
    sim_sink s = {failing_write, &budget, 0};
    assert_int_equal(trace_write_jsonl(&s, tr, &scn, "rt", 1), SIM_EIO);
    trace_free(tr);
}

static void test_sink_json_string_escapes(void **state)
{
    (void)state;
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    /* RFC 8259 section 7: quote, backslash and U+0000..U+001F must be escaped. */
    assert_int_equal(sink_json_string(&s, "a\"b\\c\n\r\t\b\f\x01\x1f\x7f/"), 0);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f/\"");
    sink_buffer_release(&b);

    s = sink_to_buffer(&b);
    /* Valid UTF-8 passes through; each invalid byte becomes U+FFFD: a lone
     * continuation byte, an overlong '/', a surrogate, a truncated sequence. */
    sink_json_string(&s,
                     "\xc3\xa9\xe2\x82\xac\xf0\x9f\x8d\xb2|\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82");
    assert_string_equal(b.data, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x8d\xb2|\\ufffd|\\ufffd\\ufffd|"
                                "\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\"");
    sink_buffer_release(&b);
}

/* ---- the JSON Lines writer ---- */

/* One event of every kind, in the bistro-trace/2 layout: req, worker, step, line,
 * device, process and lag left out (-1, 0 for a line) or set, every flag on and
 * off, every queue shape (accept with its process, a device, a task, a job, a hop,
 * a handoff, a lag of 0), slots a kind does not use filled with noise, and the
 * extremes of int64. */
static const trace_event GOLDEN_EVENTS[] = {
    EV(TRACE_MEMORY, 0, -1, -1, 0, 0, 0, 10485760),
    EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_LOOP, 0, 0),
    EV(TRACE_PHASE, 0, -1, 0, TRACE_PHASE_MAIN, 0, 0, 0),
    EV(TRACE_SPAWN, 0, -1, 1, 0, TRACE_WORKER_POOL, 0, 1),
    EV(TRACE_SPAWN, 0, -1, 2, 1, TRACE_WORKER_LOOP, 0, 2),
    EV(TRACE_SPAWN, 0, -1, 3, 1, TRACE_WORKER_THREAD, 0, 3),
    EV(TRACE_ARRIVE, 0, 0, -1, 1, 0, 0, 0),
    EV(TRACE_ENQUEUE, 0, 0, -1, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 1),
    EV(TRACE_DEQUEUE, 0, 0, 3, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 1),
    EV(TRACE_ARRIVE, 0, 1, -1, -1, 0, 0, 0), /* to a shared accept queue */
    EV(TRACE_ENQUEUE, 0, 1, -1, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 0),
    EV(TRACE_ENQUEUE, 0, 0, 0, 7, TRACE_QUEUE_MICROTASK, TRACE_TAKE_HOP, -1),
    EV(TRACE_DEQUEUE, 0, 0, 0, 7, TRACE_QUEUE_MICROTASK, TRACE_TAKE_HOP, 0),
    EV(TRACE_ENQUEUE, 0, 0, 0, 0, TRACE_QUEUE_POLL, TRACE_TAKE_RUN, -1),
    EV(TRACE_DEQUEUE, 500, 0, 0, 0, TRACE_QUEUE_POLL, TRACE_TAKE_HANDOFF, -1),
    EV(TRACE_ENQUEUE, 500, 0, 0, 0, TRACE_QUEUE_READY, TRACE_TAKE_RUN, -1),
    EV(TRACE_DEQUEUE, 1500, 0, 0, 0, TRACE_QUEUE_READY, TRACE_TAKE_RUN, 1000),
    EV(TRACE_ENQUEUE, 1500, 0, 0, 2, TRACE_QUEUE_THREADPOOL, TRACE_TAKE_RUN, -1),
    EV(TRACE_DEQUEUE, 1500, 0, 1, 2, TRACE_QUEUE_THREADPOOL, TRACE_TAKE_RUN, -1),
    EV(TRACE_ENQUEUE, 1500, 0, 3, 1, TRACE_QUEUE_DEVICE, TRACE_TAKE_RUN, -1),
    EV(TRACE_DEQUEUE, 1500, 0, 3, 1, TRACE_QUEUE_DEVICE, TRACE_TAKE_RUN, -1),
    EV(TRACE_READY, 2000, 0, 3, 1, 0, 12, 0),
    EV(TRACE_RUN, 2000, 0, 3, 1, 1, 12, 0),
    EV(TRACE_RUN, 2000, 1, 0, 0, 0, 0, 1),
    EV(TRACE_STEP, 3000, 0, 3, 2, 0, 13, 0),
    EV(TRACE_STEP, 3000, -1, 0, -1, 0, 0, 0),
    EV(TRACE_LOG, 3000, 0, 3, 0, 0, 0, 0),
    EV(TRACE_CALL, 3000, 0, 3, 0, 0, 0, 4),
    EV(TRACE_IO_START, 1000000, 0, 3, 0, 0, 0, 1000000000),
    EV(TRACE_IO_START, 1000000, 1, -1, -1, 0, 0, 5),
    EV(TRACE_BLOCK, 1000000, 0, 3, 3, 0, 65535, 0),
    EV(TRACE_BLOCK, 1000000, -1, 0, -1, 0, 0, 0),
    EV(TRACE_TIMER_ARM, 1000000, 1, 0, 0, 0, 0, 2000000),
    EV(TRACE_IDLE, 1000000, 4, 1, 5, 1, 9, 77), /* idle has a worker and nothing else */
    EV(TRACE_PHASE, 1000000, -1, 0, TRACE_PHASE_POLL, 0, 0, 0),
    EV(TRACE_GIL_WAIT, 2000000, 1, 2, 1, 0, 0, 0),
    EV(TRACE_GIL_DROP_REQUEST, 2000000, 1, 2, 1, 0, 0, 0),
    EV(TRACE_GIL_ACQUIRE, 2000000, 1, 2, 3, 0, 0, 0),
    EV(TRACE_PREEMPT, 2000000, 1, 2, 4, 1, 3, 1),
    EV(TRACE_GIL_RELEASE, 2000000, -1, 2, 3, 0, 0, 0),
    EV(TRACE_TIMER_FIRE, 2000000, 1, 0, 0, 1, 0, 2000000),
    EV(TRACE_TIMER_FIRE, 2500000, 0, 3, 0, 0, 0, 2000000),
    EV(TRACE_LOG, 2500000, 1, 0, 1, 0, 0, 0),
    EV(TRACE_IO_DONE, 1001000000, 0, 3, 0, 0, 0, 0),
    EV(TRACE_IO_DONE, 1001000000, 1, -1, -1, 0, 0, 0),
    EV(TRACE_DONE, 1002000000, 0, 3, 0, 0, 0, 1002000000),
    EV(TRACE_EXIT, 1002000000, -1, 3, 1, 0, 0, 0),
    EV(TRACE_MEMORY, 1002000000, 2, 3, 1, 1, 1, 0), /* memory has bytes and nothing else */
    EV(TRACE_STATE_READ, 1002000000, 1, 2, 0, 1, 5, 10),
    EV(TRACE_LOCK_WAIT, 1002000000, 1, 2, 0, 0, 0, 0),
    EV(TRACE_LOCK_ACQUIRE, 1002000000, 0, 3, 0, 0, 0, 0),
    EV(TRACE_STATE_WRITE, 1002000000, 0, 3, 0, 0, 0, 9),
    EV(TRACE_STATE_WRITE, 1002000000, 1, 2, 1, 1, 0, -4),
    EV(TRACE_LOCK_RELEASE, 1002000000, -1, 3, 0, 0, 0, 0),
    EV(TRACE_DONE, INT64_MAX, 2, -1, 0, 0, 0, INT64_MIN),
};

/* GOLDEN_EVENTS as docs/trace-format.md writes them: keys in the order worker, req,
 * step, line, queue, device, task, process, phase, text, core, switch, duration_ns,
 * due_ns, starts, latency_ns, lag_ns, hop, handoff, kind, number, bytes, service. */
static const char GOLDEN_JSONL[] =
    "{\"schema\":\"bistro-trace/"
    "2\",\"scenario\":\"three-requests\",\"runtime\":\"Node.js\",\"seed\":1}\n"
    "{\"t_ns\":0,\"ev\":\"memory\",\"bytes\":10485760}\n"
    "{\"t_ns\":0,\"ev\":\"spawn\",\"worker\":0,\"process\":0,\"kind\":\"loop\",\"number\":0}\n"
    "{\"t_ns\":0,\"ev\":\"phase\",\"worker\":0,\"phase\":\"main\"}\n"
    "{\"t_ns\":0,\"ev\":\"spawn\",\"worker\":1,\"process\":0,\"kind\":\"pool\",\"number\":1}\n"
    "{\"t_ns\":0,\"ev\":\"spawn\",\"worker\":2,\"process\":1,\"kind\":\"loop\",\"number\":2}\n"
    "{\"t_ns\":0,\"ev\":\"spawn\",\"worker\":3,\"process\":1,\"kind\":\"thread\",\"number\":3}\n"
    "{\"t_ns\":0,\"ev\":\"arrive\",\"req\":0,\"process\":1}\n"
    "{\"t_ns\":0,\"ev\":\"enqueue\",\"req\":0,\"queue\":\"accept\",\"process\":1}\n"
    "{\"t_ns\":0,\"ev\":\"dequeue\",\"worker\":3,\"req\":0,\"queue\":\"accept\",\"process\":1}\n"
    "{\"t_ns\":0,\"ev\":\"arrive\",\"req\":1}\n"
    "{\"t_ns\":0,\"ev\":\"enqueue\",\"req\":1,\"queue\":\"accept\",\"process\":0}\n"
    "{\"t_ns\":0,\"ev\":\"enqueue\",\"worker\":0,\"req\":0,\"queue\":\"microtask\",\"task\":7,"
    "\"hop\":true}\n"
    "{\"t_ns\":0,\"ev\":\"dequeue\",\"worker\":0,\"req\":0,\"queue\":\"microtask\",\"task\":7,"
    "\"lag_ns\":0,\"hop\":true}\n"
    "{\"t_ns\":0,\"ev\":\"enqueue\",\"worker\":0,\"req\":0,\"queue\":\"poll\",\"task\":0}\n"
    "{\"t_ns\":500,\"ev\":\"dequeue\",\"worker\":0,\"req\":0,\"queue\":\"poll\",\"task\":0,"
    "\"handoff\":true}\n"
    "{\"t_ns\":500,\"ev\":\"enqueue\",\"worker\":0,\"req\":0,\"queue\":\"ready\",\"task\":0}\n"
    "{\"t_ns\":1500,\"ev\":\"dequeue\",\"worker\":0,\"req\":0,\"queue\":\"ready\",\"task\":0,\"lag_"
    "ns\":1000}\n"
    "{\"t_ns\":1500,\"ev\":\"enqueue\",\"worker\":0,\"req\":0,\"queue\":\"threadpool\",\"task\":2}"
    "\n"
    "{\"t_ns\":1500,\"ev\":\"dequeue\",\"worker\":1,\"req\":0,\"queue\":\"threadpool\",\"task\":2}"
    "\n"
    "{\"t_ns\":1500,\"ev\":\"enqueue\",\"worker\":3,\"req\":0,\"queue\":\"device\",\"device\":"
    "\"disk\"}\n"
    "{\"t_ns\":1500,\"ev\":\"dequeue\",\"worker\":3,\"req\":0,\"queue\":\"device\",\"device\":"
    "\"disk\"}\n"
    "{\"t_ns\":2000,\"ev\":\"ready\",\"worker\":3,\"req\":0,\"step\":1,\"line\":12}\n"
    "{\"t_ns\":2000,\"ev\":\"run\",\"worker\":3,\"req\":0,\"step\":1,\"line\":12,\"core\":0,"
    "\"switch\":true}\n"
    "{\"t_ns\":2000,\"ev\":\"run\",\"worker\":0,\"req\":1,\"step\":0,\"core\":1}\n"
    "{\"t_ns\":3000,\"ev\":\"step\",\"worker\":3,\"req\":0,\"step\":2,\"line\":13}\n"
    "{\"t_ns\":3000,\"ev\":\"step\",\"worker\":0}\n"
    "{\"t_ns\":3000,\"ev\":\"log\",\"worker\":3,\"req\":0,\"text\":\"1\"}\n"
    "{\"t_ns\":3000,\"ev\":\"call\",\"worker\":3,\"req\":0,\"number\":4,\"service\":\"ml\"}\n"
    "{\"t_ns\":1000000,\"ev\":\"io_start\",\"worker\":3,\"req\":0,\"device\":\"db\",\"duration_"
    "ns\":1000000000}\n"
    "{\"t_ns\":1000000,\"ev\":\"io_start\",\"req\":1,\"duration_ns\":5}\n"
    "{\"t_ns\":1000000,\"ev\":\"block\",\"worker\":3,\"req\":0,\"step\":3,\"line\":65535}\n"
    "{\"t_ns\":1000000,\"ev\":\"block\",\"worker\":0}\n"
    "{\"t_ns\":1000000,\"ev\":\"timer_arm\",\"worker\":0,\"req\":1,\"due_ns\":2000000}\n"
    "{\"t_ns\":1000000,\"ev\":\"idle\",\"worker\":1}\n"
    "{\"t_ns\":1000000,\"ev\":\"phase\",\"worker\":0,\"phase\":\"poll\"}\n"
    "{\"t_ns\":2000000,\"ev\":\"gil_wait\",\"worker\":2,\"req\":1,\"process\":1}\n"
    "{\"t_ns\":2000000,\"ev\":\"gil_drop_request\",\"worker\":2,\"process\":1}\n"
    "{\"t_ns\":2000000,\"ev\":\"gil_acquire\",\"worker\":2,\"req\":1,\"process\":3}\n"
    "{\"t_ns\":2000000,\"ev\":\"preempt\",\"worker\":2,\"req\":1,\"core\":1}\n"
    "{\"t_ns\":2000000,\"ev\":\"gil_release\",\"worker\":2,\"process\":3}\n"
    "{\"t_ns\":2000000,\"ev\":\"timer_fire\",\"worker\":0,\"req\":1,\"due_ns\":2000000,\"starts\":"
    "true}\n"
    "{\"t_ns\":2500000,\"ev\":\"timer_fire\",\"worker\":3,\"req\":0,\"due_ns\":2000000}\n"
    "{\"t_ns\":2500000,\"ev\":\"log\",\"worker\":0,\"req\":1,\"text\":\"say "
    "\\\"hi\\\"\\n\\tnow\\\\\"}\n"
    "{\"t_ns\":1001000000,\"ev\":\"io_done\",\"worker\":3,\"req\":0,\"device\":\"db\"}\n"
    "{\"t_ns\":1001000000,\"ev\":\"io_done\",\"req\":1}\n"
    "{\"t_ns\":1002000000,\"ev\":\"done\",\"worker\":3,\"req\":0,\"latency_ns\":1002000000}\n"
    "{\"t_ns\":1002000000,\"ev\":\"exit\",\"worker\":3,\"process\":1}\n"
    "{\"t_ns\":1002000000,\"ev\":\"memory\",\"bytes\":0}\n"
    "{\"t_ns\":1002000000,\"ev\":\"read\",\"worker\":2,\"req\":1,\"key\":\"stock\",\"value\":"
    "10}\n"
    "{\"t_ns\":1002000000,\"ev\":\"lock_wait\",\"worker\":2,\"req\":1,\"lock\":\"stock_"
    "lock\"}\n"
    "{\"t_ns\":1002000000,\"ev\":\"lock_acquire\",\"worker\":3,\"req\":0,\"lock\":\"stock_"
    "lock\"}\n"
    "{\"t_ns\":1002000000,\"ev\":\"write\",\"worker\":3,\"req\":0,\"key\":\"stock\","
    "\"value\":9}\n"
    "{\"t_ns\":1002000000,\"ev\":\"write\",\"worker\":2,\"req\":1,\"key\":\"visits\","
    "\"value\":-4,\"lost\":true}\n"
    "{\"t_ns\":1002000000,\"ev\":\"lock_release\",\"worker\":3,\"lock\":\"stock_lock\"}\n"
    "{\"t_ns\":9223372036854775807,\"ev\":\"done\",\"req\":2,\"latency_ns\":-9223372036854775808}"
    "\n";

static void test_trace_jsonl_golden(void **state)
{
    (void)state;
    scn_scenario scn = test_scenario();
    trace *tr = trace_new();
    bool seen[TRACE_KIND_COUNT] = {0};
    for (size_t i = 0; i < sizeof GOLDEN_EVENTS / sizeof GOLDEN_EVENTS[0]; i++) {
        assert_int_equal(trace_append(tr, &GOLDEN_EVENTS[i]), 0);
        seen[GOLDEN_EVENTS[i].kind] = true;
    }
    for (int k = 0; k < TRACE_KIND_COUNT; k++)
        if (!seen[k])
            fail_msg("GOLDEN_EVENTS has no '%s' event", trace_kind_name(k));
    int err;
    char *out = write_jsonl(tr, &scn, &err);
    assert_int_equal(err, 0);
    assert_string_equal(out, GOLDEN_JSONL);

    /* Byte-identical on a second run. */
    char *again = write_jsonl(tr, &scn, &err);
    assert_string_equal(again, out);
    free(again);
    free(out);
    trace_free(tr);
}

static void test_trace_jsonl_escapes_log_text(void **state)
{
    (void)state;
    scn_scenario scn = test_scenario();
    scn.name = "a \"quoted\"\nname";
    trace *tr = trace_new();
    for (int32_t s = 1; s <= 3; s++) {
        trace_event ev = EV(TRACE_LOG, s, 0, -1, s, 0, 0, 0);
        assert_int_equal(trace_append(tr, &ev), 0);
    }
    int err;
    char *out = write_jsonl(tr, &scn, &err);
    assert_int_equal(err, 0);
    const char *expected =
        "{\"schema\":\"bistro-trace/2\",\"scenario\":\"a "
        "\\\"quoted\\\"\\nname\",\"runtime\":\"Node.js\",\"seed\":1}\n"
        "{\"t_ns\":1,\"ev\":\"log\",\"req\":0,\"text\":\"say \\\"hi\\\"\\n\\tnow\\\\\"}\n"
        "{\"t_ns\":2,\"ev\":\"log\",\"req\":0,\"text\":\"caf\xc3\xa9 \\u0001\\u001f\x7f\"}\n"
        "{\"t_ns\":3,\"ev\":\"log\",\"req\":0,\"text\":\"bad \\ufffd\\ufffd\"}\n";
    assert_string_equal(out, expected);

    /* Every line is JSON that gives the original text back. */
    char *line = strchr(out, '\n') + 1;
    for (int s = 1; s <= 2; s++) {
        char *end = strchr(line, '\n');
        cJSON *obj = cJSON_ParseWithLength(line, (size_t)(end - line));
        assert_non_null(obj);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(obj, "text")->valuestring,
                            test_strings[s]);
        cJSON_Delete(obj);
        line = end + 1;
    }
    free(out);
    trace_free(tr);
}

static void test_trace_jsonl_rejects_unknown_names(void **state)
{
    (void)state;
    scn_scenario scn = test_scenario();
    const trace_event good = EV(TRACE_ARRIVE, 5, 3, -1, -1, 0, 0, 0);
    const trace_event bad[] = {
        EV(TRACE_IO_START, 0, 0, 0, 2, 0, 0, 0),                 /* device 2 of 2 */
        EV(TRACE_IO_DONE, 0, 0, 0, -2, 0, 0, 0),                 /* device -2 */
        EV(TRACE_LOG, 0, 0, 0, 4, 0, 0, 0),                      /* string 4 of 4 */
        EV(TRACE_LOG, 0, 0, 0, -1, 0, 0, 0),                     /* string -1 */
        EV(TRACE_ENQUEUE, 0, 0, 0, 0, TRACE_QUEUE_COUNT, 0, -1), /* queue (b) unknown */
        EV(TRACE_DEQUEUE, 0, 0, 0, -1, 255, 0, -1),              /* queue 255 */
        EV(TRACE_ENQUEUE, 0, 0, 0, 2, TRACE_QUEUE_DEVICE, 0, -1), /* device (a) 2 of 2 */
        EV(TRACE_DEQUEUE, 0, 0, 0, -1, TRACE_QUEUE_DEVICE, 0, -1), /* a device queue, no device */
        EV(TRACE_PHASE, 0, -1, 0, TRACE_PHASE_COUNT, 0, 0, 0),   /* no such phase */
        EV(TRACE_SPAWN, 0, -1, 0, 0, 3, 0, 0),                   /* worker kind 3 */
        EV(TRACE_KIND_COUNT, 0, 0, 0, 0, 0, 0, 0),
        EV(255, 0, 0, 0, 0, 0, 0, 0),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        trace *tr = trace_new();
        assert_int_equal(trace_append(tr, &good), 0);
        assert_int_equal(trace_append(tr, &bad[i]), 0);
        assert_int_equal(trace_append(tr, &good), 0);
        int err;
        char *out = write_jsonl(tr, &scn, &err); /* also checks that the sink failed too */
        assert_int_equal(err, SIM_EINVAL);
        /* the lines before the bad event are written, nothing after it */
        const char *first = strchr(out, '\n') + 1;
        assert_string_equal(first, "{\"t_ns\":5,\"ev\":\"arrive\",\"req\":3}\n");
        free(out);
        trace_free(tr);
    }
}

/* The keys each kind can write, in order, when every one is set: restated from the
 * TRACE_KIND_MAP comments in trace.h (and docs/trace-format.md's order), not from
 * trace_fields.c. */
static const char *const KEYS[TRACE_KIND_COUNT] = {
    [TRACE_ARRIVE] = "req process",
    [TRACE_ENQUEUE] = "worker req queue device task process hop",
    [TRACE_DEQUEUE] = "worker req queue device task process lag_ns hop handoff",
    [TRACE_SPAWN] = "worker process kind number",
    [TRACE_READY] = "worker req step line",
    [TRACE_RUN] = "worker req step line core switch",
    [TRACE_PREEMPT] = "worker req core",
    [TRACE_BLOCK] = "worker req step line",
    [TRACE_IO_START] = "worker req device duration_ns",
    [TRACE_IO_DONE] = "worker req device",
    [TRACE_GIL_WAIT] = "worker req process",
    [TRACE_GIL_ACQUIRE] = "worker req process",
    [TRACE_GIL_RELEASE] = "worker req process",
    [TRACE_GIL_DROP_REQUEST] = "worker process",
    [TRACE_IDLE] = "worker",
    [TRACE_PHASE] = "worker phase",
    [TRACE_LOG] = "worker req text",
    [TRACE_TIMER_ARM] = "worker req due_ns",
    [TRACE_TIMER_FIRE] = "worker req due_ns starts",
    [TRACE_DONE] = "worker req latency_ns",
    [TRACE_STEP] = "worker req step line",
    [TRACE_EXIT] = "worker process",
    [TRACE_MEMORY] = "bytes",
    [TRACE_STATE_READ] = "worker req key value",
    [TRACE_STATE_WRITE] = "worker req key value lost",
    [TRACE_LOCK_WAIT] = "worker req lock",
    [TRACE_LOCK_ACQUIRE] = "worker req lock",
    [TRACE_LOCK_RELEASE] = "worker req lock",
    [TRACE_CALL] = "worker req number service",
};

static bool queue_event(const trace_event *ev)
{
    return ev->kind == TRACE_ENQUEUE || ev->kind == TRACE_DEQUEUE;
}

/* Whether `ev` leaves out `key` although its kind has it: the value is "none". */
static bool left_out(const trace_event *ev, const char *key)
{
    bool q = queue_event(ev);
    if (!strcmp(key, "worker"))
        return ev->worker == -1;
    if (!strcmp(key, "req"))
        return ev->req == -1;
    if (!strcmp(key, "step"))
        return ev->a == -1;
    if (!strcmp(key, "line"))
        return ev->c == 0;
    if (!strcmp(key, "device")) /* a queue's, or an io step's that names none */
        return q ? ev->b != TRACE_QUEUE_DEVICE : ev->a == -1;
    if (!strcmp(key, "task")) /* a queue's item other than a device, -1: none */
        return ev->b == TRACE_QUEUE_DEVICE || ev->a == -1;
    if (!strcmp(key, "process")) /* of the accept queue; an arrival for a shared one */
        return q ? ev->b != TRACE_QUEUE_ACCEPT : ev->kind == TRACE_ARRIVE && ev->a == -1;
    if (!strcmp(key, "lag_ns")) /* x is the process on accept, unused on a device */
        return ev->b == TRACE_QUEUE_ACCEPT || ev->b == TRACE_QUEUE_DEVICE || ev->x == -1;
    if (!strcmp(key, "hop"))
        return ev->c != TRACE_TAKE_HOP;
    if (!strcmp(key, "handoff"))
        return ev->c != TRACE_TAKE_HANDOFF;
    if (!strcmp(key, "switch") || !strcmp(key, "starts") || !strcmp(key, "lost"))
        return ev->b == 0;
    return false;
}

/* The keys an event should have after t_ns and ev, space-separated. */
static void expected_keys(const trace_event *ev, char *out, size_t cap)
{
    char spec[128];
    strcpy(spec, KEYS[ev->kind]);
    out[0] = '\0';
    for (char *k = strtok(spec, " "); k != NULL; k = strtok(NULL, " ")) {
        if (left_out(ev, k))
            continue;
        strncat(out, k, cap - strlen(out) - 2);
        strcat(out, " ");
    }
}

/* What `key` should hold for `ev`: a number (returned), a string (*str != NULL) or
 * true (*flag). */
static double expected_value(const trace_event *ev, const scn_scenario *scn, const char *key,
                             const char **str, bool *flag)
{
    static const char *const worker_kinds[] = {"thread", "loop", "pool"};
    *str = NULL;
    *flag = false;
    if (!strcmp(key, "worker"))
        return ev->worker;
    if (!strcmp(key, "req"))
        return ev->req;
    if (!strcmp(key, "line"))
        return ev->c;
    if (!strcmp(key, "switch") || !strcmp(key, "starts") || !strcmp(key, "hop") ||
        !strcmp(key, "handoff") || !strcmp(key, "lost"))
        *flag = true;
    else if (!strcmp(key, "key"))
        *str = scn->state[ev->a].name;
    else if (!strcmp(key, "lock"))
        *str = scn->locks[ev->a];
    else if (!strcmp(key, "queue"))
        *str = trace_queue_name(ev->b);
    else if (!strcmp(key, "phase"))
        *str = trace_phase_name(ev->a);
    else if (!strcmp(key, "device"))
        *str = scn->devices[ev->a].name;
    else if (!strcmp(key, "text"))
        *str = scn->strings[ev->a];
    else if (!strcmp(key, "service"))
        *str = scn->services[ev->a].name;
    else if (!strcmp(key, "kind"))
        *str = worker_kinds[ev->b];
    else if (!strcmp(key, "process") && queue_event(ev))
        return (double)ev->x;
    else if (!strcmp(key, "core") || strstr(key, "_ns") || !strcmp(key, "number") ||
             !strcmp(key, "bytes") || !strcmp(key, "value"))
        return (double)ev->x;
    return ev->a; /* step, task, process */
}

static void check_line(const cJSON *obj, const trace_event *ev, const scn_scenario *scn)
{
    const cJSON *item = obj->child;
    assert_string_equal(item->string, "t_ns");
    assert_true(item->valuedouble == (double)ev->t);
    item = item->next;
    assert_string_equal(item->string, "ev");
    assert_string_equal(item->valuestring, trace_kind_name(ev->kind));
    char keys[160], got[160] = "";
    expected_keys(ev, keys, sizeof keys);
    for (item = item->next; item != NULL; item = item->next) {
        strncat(got, item->string, sizeof got - strlen(got) - 2);
        strcat(got, " ");
        const char *str;
        bool flag;
        double num = expected_value(ev, scn, item->string, &str, &flag);
        if (flag)
            assert_true(cJSON_IsTrue(item));
        else if (str != NULL)
            assert_string_equal(item->valuestring, str);
        else
            assert_true(cJSON_IsNumber(item) && item->valuedouble == num);
    }
    if (strcmp(got, keys) != 0)
        fail_msg("%s: keys '%s', expected '%s'", trace_kind_name(ev->kind), got, keys);
}

/* A random event of `kind` that is valid in the bistro-trace/2 layout (for the test
 * scenario's 2 devices and 4 strings), with every field that may be left out left
 * out some of the time, and the slots the kind does not use holding noise. */
static trace_event random_event(int kind, int64_t t, uint64_t *r)
{
#define RND(n)                                                    \
    ((*r = *r * 6364136223846793005ULL + 1442695040888963407ULL), \
     (int64_t)((*r >> 11) % (uint64_t)(n))) /* Knuth's MMIX LCG */
    trace_event ev = EV(kind, t, 0, 0, 0, 0, 0, 0);
    ev.req = (int32_t)RND(5) - 1;
    ev.worker = (int32_t)RND(4) - 1;
    ev.a = (int32_t)RND(2000) - 1000;
    ev.b = (uint8_t)RND(256);
    ev.c = (uint16_t)RND(65536);
    ev.x = RND(1LL << 53) - (1LL << 52); /* below 2^53: cJSON's doubles hold it exactly */
    switch (kind) {
    case TRACE_ENQUEUE:
    case TRACE_DEQUEUE:
        ev.b = (uint8_t)RND(TRACE_QUEUE_COUNT);
        ev.c = TRACE_TAKE_RUN;
        if (ev.b == TRACE_QUEUE_ACCEPT) {
            ev.a = -1;
            ev.x = RND(3); /* the process */
        } else if (ev.b == TRACE_QUEUE_DEVICE) {
            ev.a = (int32_t)RND(2);
            ev.x = -1;
        } else {
            ev.a = (int32_t)RND(4) - 1; /* a task or a job, or none */
            ev.x = kind == TRACE_DEQUEUE && RND(2) ? RND(1LL << 40) : -1; /* the lag */
            if (ev.b != TRACE_QUEUE_THREADPOOL && ev.b != TRACE_QUEUE_WORKER)
                ev.c = (uint16_t)RND(kind == TRACE_DEQUEUE ? 3 : 2); /* a trace_take */
        }
        break;
    case TRACE_ARRIVE:
    case TRACE_IO_START:
    case TRACE_IO_DONE:
        ev.a = (int32_t)RND(3) - 1; /* a process or a device, or none */
        break;
    case TRACE_SPAWN:
        ev.a = (int32_t)RND(3);
        ev.b = (uint8_t)RND(3);
        ev.x = RND(5);
        break;
    case TRACE_READY:
    case TRACE_BLOCK:
    case TRACE_STEP:
    case TRACE_RUN:
        ev.a = (int32_t)RND(4) - 1;
        ev.c = (uint16_t)(RND(2) ? RND(65536) : 0);
        ev.b = (uint8_t)(kind == TRACE_RUN ? RND(2) : ev.b);
        break;
    case TRACE_TIMER_FIRE: ev.b = (uint8_t)RND(2); break;
    case TRACE_STATE_READ:
    case TRACE_STATE_WRITE:
        ev.a = (int32_t)RND(2);
        ev.b = (uint8_t)RND(2);
        break;
    case TRACE_LOCK_WAIT:
    case TRACE_LOCK_ACQUIRE:
    case TRACE_LOCK_RELEASE: ev.a = 0; break;
    case TRACE_PHASE: ev.a = (int32_t)RND(TRACE_PHASE_COUNT); break;
    case TRACE_LOG: /* not string 3: its invalid UTF-8 does not come back as it was */
        ev.a = (int32_t)RND(3);
        break;
    case TRACE_GIL_WAIT:
    case TRACE_GIL_ACQUIRE:
    case TRACE_GIL_RELEASE:
    case TRACE_GIL_DROP_REQUEST:
    case TRACE_EXIT: ev.a = (int32_t)RND(3); break;
    case TRACE_CALL: ev.a = 0; break; /* the one service */
    default: /* the kinds that use x only */ break;
    }
    return ev;
#undef RND
}

static void test_trace_jsonl_round_trip(void **state)
{
    (void)state;
    scn_scenario scn = test_scenario();
    trace *tr = trace_new();
    uint64_t r = 12345;
    const int n = 6000;
    for (int i = 0; i < n; i++) {
        trace_event ev = random_event(i % TRACE_KIND_COUNT, (int64_t)i * 1000, &r);
        assert_int_equal(trace_append(tr, &ev), 0);
    }
    int err;
    char *out = write_jsonl(tr, &scn, &err);
    assert_int_equal(err, 0);

    char *line = out;
    char *end = strchr(line, '\n');
    cJSON *head = cJSON_ParseWithLength(line, (size_t)(end - line));
    assert_non_null(head);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(head, "schema")->valuestring,
                        "bistro-trace/2");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(head, "runtime")->valuestring, "Node.js");
    assert_true(cJSON_GetObjectItemCaseSensitive(head, "seed")->valuedouble == 1);
    cJSON_Delete(head);
    for (int i = 0; i < n; i++) {
        line = end + 1;
        end = strchr(line, '\n');
        assert_non_null(end);
        cJSON *obj = cJSON_ParseWithLength(line, (size_t)(end - line));
        assert_non_null(obj);
        check_line(obj, trace_get(tr, (size_t)i), &scn);
        cJSON_Delete(obj);
    }
    assert_int_equal(end[1], '\0');
    free(out);
    trace_free(tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_event_is_32_bytes),
        cmocka_unit_test(test_trace_append_across_chunks),
        cmocka_unit_test(test_trace_memory_close_to_32_bytes_an_event),
        cmocka_unit_test(test_trace_free_null_is_noop),
        cmocka_unit_test(test_trace_names_come_from_the_maps),
        cmocka_unit_test(test_trace_worker_name_from_kind_and_number),
        cmocka_unit_test(test_sink_printf_long_output),
        cmocka_unit_test(test_sink_error_is_sticky),
        cmocka_unit_test(test_sink_json_string_escapes),
        cmocka_unit_test(test_trace_jsonl_reports_sink_error),
        cmocka_unit_test(test_trace_jsonl_golden),
        cmocka_unit_test(test_trace_jsonl_escapes_log_text),
        cmocka_unit_test(test_trace_jsonl_rejects_unknown_names),
        cmocka_unit_test(test_trace_jsonl_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
