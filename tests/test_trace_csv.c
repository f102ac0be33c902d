/* test_trace_csv.c - the CSV trace writer (trace_csv.c).
 *
 * The output is read back with a small strict RFC 4180 parser written here (CRLF
 * after every record, quotes only around whole cells, "" for a quote inside), so a
 * file the parser accepts is one that any conforming reader accepts. Each row is
 * compared with its event twice: with cells restated by hand from the field
 * comments of trace.h's TRACE_KIND_MAP (not from trace_fields.c, which the writers
 * share), and with the JSON Lines line that trace_jsonl.c writes for the same
 * event, key for column. The golden rows (bistro-trace/2) are written by hand from
 * docs/trace-format.md, not captured from the writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "test_support.h"

#include "engine.h"
#include "error.h"
#include "scenario.h"
#include "scenario_dir.h"
#include "sink.h"
#include "trace.h"
#include "trace_csv.h"
#include "trace_fields.h"
#include "trace_jsonl.h"

/* ---- a strict RFC 4180 reader ---- */

enum { NCOLS = 30 };

/* docs/trace-format.md, "CSV": the columns in order. */
static const char *const COLUMNS[NCOLS] = {
    "t_ns",   "t_ms",   "event",      "worker", "req",  "step",    "line",        "queue",
    "device", "task",   "process",    "phase",  "text", "core",    "switch",      "duration_ns",
    "due_ns", "starts", "latency_ns", "lag_ns", "hop",  "handoff", "worker_kind", "number",
    "bytes",  "key",    "lock",       "value",  "lost", "service"};

typedef struct {
    size_t n;
    char *cell[NCOLS + 1]; /* one spare, to catch a row that is too long */
} record;

/* One cell at text[*pos]; fails the test on anything RFC 4180 (section 2) forbids. */
static char *read_cell(const char *text, size_t len, size_t *pos)
{
    size_t i = *pos, n = 0;
    char *out = malloc(1);
    assert_non_null(out);
    if (i < len && text[i] == '"') {
        for (i++;; i++) {
            if (i >= len)
                fail_msg("a quoted cell is never closed (at byte %zu)", *pos);
            if (text[i] == '"' && !(i + 1 < len && text[i + 1] == '"'))
                break;
            out = realloc(out, n + 2);
            assert_non_null(out);
            out[n++] = text[i];
            if (text[i] == '"')
                i++; /* the second quote of "" */
        }
        i++;
    } else {
        size_t end = i;
        while (end < len && text[end] != ',' && text[end] != '\r' && text[end] != '\n') {
            if (text[end] == '"')
                fail_msg("a quote inside an unquoted cell (at byte %zu)", end);
            end++;
        }
        out = realloc(out, end - i + 1);
        assert_non_null(out);
        memcpy(out, text + i, end - i);
        n = end - i;
        i = end;
    }
    out[n] = '\0';
    *pos = i;
    return out;
}

/* The record at text[*pos]: false at the end of the text. */
static bool read_record(const char *text, size_t len, size_t *pos, record *rec)
{
    if (*pos == len)
        return false;
    rec->n = 0;
    for (;;) {
        if (rec->n == NCOLS + 1)
            fail_msg("a record with more than %d cells (at byte %zu)", NCOLS, *pos);
        rec->cell[rec->n++] = read_cell(text, len, pos);
        if (*pos < len && text[*pos] == ',') {
            (*pos)++;
            continue;
        }
        if (*pos + 1 < len && text[*pos] == '\r' && text[*pos + 1] == '\n') {
            *pos += 2;
            return true;
        }
        fail_msg("a cell is followed by neither ',' nor CRLF (at byte %zu)", *pos);
    }
}

static void record_free(record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        free(rec->cell[i]);
    rec->n = 0;
}

/* t_ms read back to nanoseconds exactly; fails unless it is written in the shortest
 * form: no trailing zeros in the fraction, at most 6 fraction digits. */
static int64_t ms_to_ns(const char *ms)
{
    bool neg = *ms == '-';
    const char *p = ms + neg;
    int64_t whole = 0, frac = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.') {
        const char *digits = ++p;
        for (; *p >= '0' && *p <= '9'; p++)
            frac = frac * 10 + (*p - '0');
        size_t nd = (size_t)(p - digits);
        if (nd == 0 || nd > 6 || p[-1] == '0')
            fail_msg("t_ms '%s' is not in its shortest exact form", ms);
        for (; nd < 6; nd++)
            frac *= 10;
    }
    if (*p != '\0')
        fail_msg("t_ms '%s' is not a decimal number", ms);
    return neg ? -(whole * 1000000 + frac) : whole * 1000000 + frac;
}

/* ---- what a row should hold, from trace.h ---- */

/* The columns each kind fills besides t_ns, t_ms and event, when every one is set:
 * restated from the TRACE_KIND_MAP comments (docs/trace-format.md, "Event kinds"). */
static const char *const USES[TRACE_KIND_COUNT] = {
    [TRACE_ARRIVE] = " req process ",
    [TRACE_ENQUEUE] = " worker req queue device task process hop ",
    [TRACE_DEQUEUE] = " worker req queue device task process lag_ns hop handoff ",
    [TRACE_SPAWN] = " worker process worker_kind number ",
    [TRACE_READY] = " worker req step line ",
    [TRACE_RUN] = " worker req step line core switch ",
    [TRACE_PREEMPT] = " worker req core ",
    [TRACE_BLOCK] = " worker req step line ",
    [TRACE_IO_START] = " worker req device duration_ns ",
    [TRACE_IO_DONE] = " worker req device ",
    [TRACE_GIL_WAIT] = " worker req process ",
    [TRACE_GIL_ACQUIRE] = " worker req process ",
    [TRACE_GIL_RELEASE] = " worker req process ",
    [TRACE_GIL_DROP_REQUEST] = " worker process ",
    [TRACE_IDLE] = " worker ",
    [TRACE_PHASE] = " worker phase ",
    [TRACE_LOG] = " worker req text ",
    [TRACE_TIMER_ARM] = " worker req due_ns ",
    [TRACE_TIMER_FIRE] = " worker req due_ns starts ",
    [TRACE_DONE] = " worker req latency_ns ",
    [TRACE_STEP] = " worker req step line ",
    [TRACE_EXIT] = " worker process ",
    [TRACE_MEMORY] = " bytes ",
    [TRACE_STATE_READ] = " worker req key value ",
    [TRACE_STATE_WRITE] = " worker req key value lost ",
    [TRACE_LOCK_WAIT] = " worker req lock ",
    [TRACE_LOCK_ACQUIRE] = " worker req lock ",
    [TRACE_LOCK_RELEASE] = " worker req lock ",
    [TRACE_CALL] = " worker req number service ",
};

static bool uses(const trace_event *ev, const char *column)
{
    char key[32];
    snprintf(key, sizeof key, " %s ", column);
    return strstr(USES[ev->kind], key) != NULL;
}

/* The cell `column` should hold for `ev` ("" when the kind does not use it, or the
 * event has none: no worker, request, step, line, device, task or lag, a flag off). */
static const char *expected_cell(const trace_event *ev, const scn_scenario *scn, const char *column,
                                 char num[32])
{
    static const char *const kinds[] = {"thread", "loop", "pool"};
    bool queue = uses(ev, "queue");
    /* a queue event's a: the device of the device queue, else a task or a job (-1:
     * none); its x: the process of the accept queue, else a dequeue's lag (-1: none) */
    bool device_queue = queue && ev->b == TRACE_QUEUE_DEVICE;
    bool accept = queue && ev->b == TRACE_QUEUE_ACCEPT;
    long long v;
    if (!strcmp(column, "event"))
        return trace_kind_name(ev->kind);
    if (!strcmp(column, "t_ns"))
        v = ev->t;
    else if (!uses(ev, column))
        return "";
    else if (!strcmp(column, "worker") && ev->worker != -1)
        v = ev->worker;
    else if (!strcmp(column, "req") && ev->req != -1)
        v = ev->req;
    else if (!strcmp(column, "step") && ev->a != -1)
        v = ev->a;
    else if (!strcmp(column, "line") && ev->c != 0)
        v = ev->c;
    else if (!strcmp(column, "queue"))
        return trace_queue_name(ev->b);
    else if (!strcmp(column, "device") && (queue ? device_queue : ev->a != -1))
        return scn->devices[ev->a].name;
    else if (!strcmp(column, "task") && !device_queue && ev->a != -1)
        v = ev->a;
    else if (!strcmp(column, "process") && accept)
        v = ev->x;
    else if (!strcmp(column, "process") && !queue && !(ev->kind == TRACE_ARRIVE && ev->a == -1))
        v = ev->a;
    else if (!strcmp(column, "phase"))
        return trace_phase_name(ev->a);
    else if (!strcmp(column, "text"))
        return scn->strings[ev->a];
    else if (!strcmp(column, "service"))
        return scn->services[ev->a].name;
    else if (!strcmp(column, "worker_kind"))
        return kinds[ev->b];
    else if (!strcmp(column, "key"))
        return scn->state[ev->a].name;
    else if (!strcmp(column, "lock"))
        return scn->locks[ev->a];
    else if ((!strcmp(column, "switch") || !strcmp(column, "starts") || !strcmp(column, "lost")) &&
             ev->b != 0)
        return "true";
    else if (!strcmp(column, "hop") && ev->c == TRACE_TAKE_HOP)
        return "true";
    else if (!strcmp(column, "handoff") && ev->c == TRACE_TAKE_HANDOFF)
        return "true";
    else if (!strcmp(column, "lag_ns") && !accept && !device_queue && ev->x != -1)
        v = ev->x;
    else if (!strcmp(column, "core") || !strcmp(column, "duration_ns") ||
             !strcmp(column, "due_ns") || !strcmp(column, "latency_ns") ||
             !strcmp(column, "number") || !strcmp(column, "bytes") || !strcmp(column, "value"))
        v = ev->x;
    else
        return "";
    snprintf(num, 32, "%lld", v);
    return num;
}

/* The row against the event, and against the JSON Lines line of the same event:
 * a key there is a non-empty cell here with the same value, and no other cell is
 * filled. "event" is the line's "ev", "worker_kind" its "kind". */
static void check_row(const record *rec, const trace_event *ev, const scn_scenario *scn,
                      const cJSON *line)
{
    assert_int_equal(rec->n, NCOLS);
    assert_true(ms_to_ns(rec->cell[1]) == ev->t);
    int filled = 0;
    for (int c = 0; c < NCOLS; c++) {
        if (c == 1)
            continue; /* t_ms: read back to t_ns above */
        char num[32];
        assert_string_equal(rec->cell[c], expected_cell(ev, scn, COLUMNS[c], num));
        if (rec->cell[c][0] == '\0')
            continue;
        filled++;
        const char *key = c == 2 ? "ev" : !strcmp(COLUMNS[c], "worker_kind") ? "kind" : COLUMNS[c];
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(line, key);
        if (item == NULL)
            fail_msg("row of '%s': column %s is filled, the JSON line has no \"%s\"", rec->cell[2],
                     COLUMNS[c], key);
        if (cJSON_IsTrue(item)) /* a flag that is on */
            assert_string_equal(rec->cell[c], "true");
        else if (cJSON_IsString(item))
            assert_string_equal(rec->cell[c], item->valuestring);
        else /* both go through the nearest double; the values here are small */
            assert_true(cJSON_IsNumber(item) && strtod(rec->cell[c], NULL) == item->valuedouble);
    }
    assert_int_equal(filled, cJSON_GetArraySize(line));
}

/* ---- writing ---- */

/* The output, with the writer's result in *err; the sink's error must agree. */
static char *write_csv(const trace *tr, const scn_scenario *scn, int *err)
{
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    *err = trace_write_csv(&s, tr, scn, "Node.js", 1);
    assert_int_equal(s.err, *err);
    return b.data != NULL ? b.data : calloc(1, 1);
}

/* Exports `tr` as CSV and as JSON Lines and compares them row by row with it. */
static void check_export(const trace *tr, const scn_scenario *scn, bool seen[TRACE_KIND_COUNT])
{
    int err;
    char *csv = write_csv(tr, scn, &err);
    assert_int_equal(err, 0);
    char *again = write_csv(tr, scn, &err); /* byte-identical for identical input */
    assert_string_equal(again, csv);
    free(again);
    sink_buffer jb = {0};
    sim_sink js = sink_to_buffer(&jb);
    assert_int_equal(trace_write_jsonl(&js, tr, scn, "Node.js", 1), 0);

    size_t len = strlen(csv), pos = 0;
    record rec;
    assert_true(read_record(csv, len, &pos, &rec));
    assert_int_equal(rec.n, NCOLS);
    for (int c = 0; c < NCOLS; c++)
        assert_string_equal(rec.cell[c], COLUMNS[c]);
    record_free(&rec);
    const char *line = strchr(jb.data, '\n') + 1; /* after the JSON header */
    for (size_t i = 0; i < trace_count(tr); i++) {
        const trace_event *ev = trace_get(tr, i);
        if (!read_record(csv, len, &pos, &rec))
            fail_msg("%zu rows for %zu events", i, trace_count(tr));
        const char *end = strchr(line, '\n');
        cJSON *obj = cJSON_ParseWithLength(line, (size_t)(end - line));
        assert_non_null(obj);
        check_row(&rec, ev, scn, obj);
        cJSON_Delete(obj);
        record_free(&rec);
        seen[ev->kind] = true;
        line = end + 1;
    }
    assert_false(read_record(csv, len, &pos, &rec));
    sink_buffer_release(&jb);
    free(csv);
}

static sim_run *finished_run(const scn_scenario *scn, size_t runtime)
{
    sim_options opt = {.keep_trace = true, .seed = scn->seed};
    sim_run *run = NULL;
    assert_int_equal(sim_run_new(scn, runtime, &opt, &run), 0);
    assert_int_equal(sim_run_go(run), 0);
    return run;
}

/* ---- tests ---- */

static void test_trace_csv_header_exact(void **state)
{
    (void)state;
    scn_scenario scn = {.name = "empty"};
    trace *tr = trace_new();
    int err;
    char *out = write_csv(tr, &scn, &err);
    assert_int_equal(err, 0);
    /* docs/trace-format.md, "CSV": the columns in this order, CRLF as RFC 4180 says. */
    assert_string_equal(out, "t_ns,t_ms,event,worker,req,step,line,queue,device,task,process,"
                             "phase,text,core,switch,duration_ns,due_ns,starts,latency_ns,"
                             "lag_ns,hop,handoff,worker_kind,number,bytes,key,lock,value,"
                             "lost,service\r\n");
    assert_string_equal(out, TRACE_CSV_HEADER);
    free(out);
    trace_free(tr);
}

/* trace_csv.h: the header is t_ns, t_ms, event, then every field of trace_fields.h's
 * TRACE_FIELD_MAP in order, "kind" named "worker_kind"; the rows are written from
 * the same map, so a header that leaves one out names the wrong columns. */
static void test_trace_csv_header_follows_field_map(void **state)
{
    (void)state;
    char header[] = TRACE_CSV_HEADER;
    size_t len = strlen(header);
    assert_true(len >= 2 && !strcmp(header + len - 2, "\r\n"));
    header[len - 2] = '\0';
    const char *columns[3 + TRACE_F_COUNT];
    int n = 0;
    for (char *p = header, *comma;; p = comma + 1) {
        if (n == 3 + TRACE_F_COUNT)
            fail_msg("TRACE_CSV_HEADER has more than %d columns", 3 + TRACE_F_COUNT);
        columns[n++] = p;
        comma = strchr(p, ',');
        if (comma == NULL)
            break;
        *comma = '\0';
    }
    assert_true(n >= 3);
    assert_string_equal(columns[0], "t_ns");
    assert_string_equal(columns[1], "t_ms");
    assert_string_equal(columns[2], "event");
    for (int f = 0; f < TRACE_F_COUNT; f++) {
        const char *key = trace_field_key(f);
        const char *want = !strcmp(key, "kind") ? "worker_kind" : key;
        if (3 + f >= n)
            fail_msg("TRACE_CSV_HEADER ends before field %d, \"%s\"", f, want);
        if (strcmp(columns[3 + f], want) != 0)
            fail_msg("TRACE_CSV_HEADER's column %d is \"%s\"; field %d is \"%s\"", 3 + f,
                     columns[3 + f], f, want);
    }
    assert_int_equal(n, 3 + TRACE_F_COUNT);
}

/* An event, fields in the order of trace.h's comments: kind, t, req, worker, a, b,
 * c, x. */
#define EV(kind_, t_, req_, worker_, a_, b_, c_, x_)                         \
    {                                                                        \
        .t = (t_), .x = (x_), .req = (req_), .worker = (worker_), .a = (a_), \
        .kind = (uint8_t)(kind_), .b = (uint8_t)(b_), .c = (uint16_t)(c_)    \
    }

static char *golden_devices[] = {"db", "disk, slow"};
static char *golden_strings[] = {"1",
                                 "say \"hi\", ok\r\nbye",
                                 "caf\xc3\xa9 \xe2\x82\xac",
                                 "cr\ronly",
                                 "lf\nonly",
                                 "a \"quote\"",
                                 " spaced; \t"};

static scn_service golden_services[] = {{.name = (char *)"ml"}};

static scn_scenario golden_scenario(scn_device devices[2])
{
    devices[0] = (scn_device){.name = golden_devices[0]};
    devices[1] = (scn_device){.name = golden_devices[1]};
    return (scn_scenario){.name = "golden",
                          .devices = devices,
                          .ndevices = 2,
                          .strings = golden_strings,
                          .nstrings = 7,
                          .services = golden_services,
                          .nservices = 1};
}

static void test_trace_csv_golden(void **state)
{
    (void)state;
    const trace_event events[] = {
        EV(TRACE_SPAWN, 0, -1, 0, 0, TRACE_WORKER_LOOP, 0, 0),
        EV(TRACE_SPAWN, 0, -1, 1, 1, TRACE_WORKER_POOL, 0, 4),
        EV(TRACE_MEMORY, 0, -1, -1, 0, 0, 0, 10485760),
        EV(TRACE_ARRIVE, 0, 0, -1, 1, 0, 0, 0),
        EV(TRACE_ARRIVE, 0, 1, -1, -1, 0, 0, 0), /* to a shared accept queue */
        EV(TRACE_ENQUEUE, 0, 0, -1, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 1),
        EV(TRACE_DEQUEUE, 0, 0, 2, -1, TRACE_QUEUE_ACCEPT, TRACE_TAKE_RUN, 1),
        EV(TRACE_ENQUEUE, 0, 0, 0, 7, TRACE_QUEUE_MICROTASK, TRACE_TAKE_HOP, -1),
        EV(TRACE_ENQUEUE, 1500, 0, -1, 1, TRACE_QUEUE_DEVICE, TRACE_TAKE_RUN, -1),
        EV(TRACE_DEQUEUE, 1500, 0, 1, 1, TRACE_QUEUE_DEVICE, TRACE_TAKE_RUN, -1),
        EV(TRACE_DEQUEUE, 1500, 0, 0, 3, TRACE_QUEUE_POLL, TRACE_TAKE_HANDOFF, -1),
        EV(TRACE_DEQUEUE, 1600, 0, 0, 3, TRACE_QUEUE_READY, TRACE_TAKE_HOP, 100),
        EV(TRACE_RUN, 1001002000, 0, 0, 3, 1, 7, 1),
        EV(TRACE_STEP, 1001002000, 0, 0, 4, 0, 9, 0),
        EV(TRACE_STEP, 1001002000, -1, 0, -1, 0, 0, 0),
        EV(TRACE_LOG, 1, 2, 0, 1, 0, 0, 0),
        EV(TRACE_LOG, 2, 2, 0, 2, 0, 0, 0),
        EV(TRACE_LOG, 3, 2, 0, 3, 0, 0, 0),
        EV(TRACE_LOG, 4, 2, 0, 4, 0, 0, 0),
        EV(TRACE_LOG, 5, 2, 0, 5, 0, 0, 0),
        EV(TRACE_LOG, 6, 2, 0, 6, 0, 0, 0),
        EV(TRACE_IO_START, 2000000, 0, -1, -1, 0, 0, 5),
        EV(TRACE_PHASE, 0, -1, 0, TRACE_PHASE_CHECK, 0, 0, 0),
        EV(TRACE_READY, 0, 1, 1, 0, 0, 65535, 0),
        EV(TRACE_BLOCK, 0, -1, 1, -1, 0, 0, 0),
        EV(TRACE_GIL_WAIT, 10, 1, 1, 0, 0, 0, 0),
        EV(TRACE_TIMER_ARM, -1500, 0, 0, 0, 0, 0, 2000000),
        EV(TRACE_TIMER_FIRE, 2000000, 0, 0, 0, 1, 0, 1999000),
        EV(TRACE_TIMER_FIRE, 2000000, 1, 1, 0, 0, 0, 2000000),
        EV(TRACE_EXIT, 7, -1, 1, 0, 0, 0, 0),
        EV(TRACE_MEMORY, 8, 2, 1, 1, 1, 1, 0), /* a memory event has bytes and nothing else */
        EV(TRACE_DONE, INT64_MAX, 2, -1, 0, 0, 0, INT64_MIN),
        EV(TRACE_DONE, INT64_MIN, 2, 0, 0, 0, 0, 0),
        EV(TRACE_CALL, 9, 0, 1, 0, 0, 0, 4), /* a call of service 0, its 5th there */
    };
    /* Written by hand: 30 cells a row, empty where the event has no such field. */
    static const char expected[] = TRACE_CSV_HEADER
        "0,0,spawn,0,,,,,,,0,,,,,,,,,,,,loop,0,,,,,,\r\n"
        "0,0,spawn,1,,,,,,,1,,,,,,,,,,,,pool,4,,,,,,\r\n"
        "0,0,memory,,,,,,,,,,,,,,,,,,,,,,10485760,,,,,\r\n"
        "0,0,arrive,,0,,,,,,1,,,,,,,,,,,,,,,,,,,\r\n"
        "0,0,arrive,,1,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"
        "0,0,enqueue,,0,,,accept,,,1,,,,,,,,,,,,,,,,,,,\r\n"
        "0,0,dequeue,2,0,,,accept,,,1,,,,,,,,,,,,,,,,,,,\r\n"
        "0,0,enqueue,0,0,,,microtask,,7,,,,,,,,,,,true,,,,,,,,,\r\n"
        "1500,0.0015,enqueue,,0,,,device,\"disk, slow\",,,,,,,,,,,,,,,,,,,,,\r\n"
        "1500,0.0015,dequeue,1,0,,,device,\"disk, slow\",,,,,,,,,,,,,,,,,,,,,\r\n"
        "1500,0.0015,dequeue,0,0,,,poll,,3,,,,,,,,,,,,true,,,,,,,,\r\n"
        "1600,0.0016,dequeue,0,0,,,ready,,3,,,,,,,,,,100,true,,,,,,,,,\r\n"
        "1001002000,1001.002,run,0,0,3,7,,,,,,,1,true,,,,,,,,,,,,,,,\r\n"
        "1001002000,1001.002,step,0,0,4,9,,,,,,,,,,,,,,,,,,,,,,,\r\n"
        "1001002000,1001.002,step,0,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"
        "1,0.000001,log,0,2,,,,,,,,\"say \"\"hi\"\", ok\r\nbye\",,,,,,,,,,,,,,,,,\r\n"
        "2,0.000002,log,0,2,,,,,,,,caf\xc3\xa9 \xe2\x82\xac,,,,,,,,,,,,,,,,,\r\n"
        "3,0.000003,log,0,2,,,,,,,,\"cr\ronly\",,,,,,,,,,,,,,,,,\r\n"
        "4,0.000004,log,0,2,,,,,,,,\"lf\nonly\",,,,,,,,,,,,,,,,,\r\n"
        "5,0.000005,log,0,2,,,,,,,,\"a \"\"quote\"\"\",,,,,,,,,,,,,,,,,\r\n"
        "6,0.000006,log,0,2,,,,,,,, spaced; \t,,,,,,,,,,,,,,,,,\r\n"
        "2000000,2,io_start,,0,,,,,,,,,,,5,,,,,,,,,,,,,,\r\n"
        "0,0,phase,0,,,,,,,,check,,,,,,,,,,,,,,,,,,\r\n"
        "0,0,ready,1,1,0,65535,,,,,,,,,,,,,,,,,,,,,,,\r\n"
        "0,0,block,1,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"
        "10,0.00001,gil_wait,1,1,,,,,,0,,,,,,,,,,,,,,,,,,,\r\n"
        "-1500,-0.0015,timer_arm,0,0,,,,,,,,,,,,2000000,,,,,,,,,,,,,\r\n"
        "2000000,2,timer_fire,0,0,,,,,,,,,,,,1999000,true,,,,,,,,,,,,\r\n"
        "2000000,2,timer_fire,1,1,,,,,,,,,,,,2000000,,,,,,,,,,,,,\r\n"
        "7,0.000007,exit,1,,,,,,,0,,,,,,,,,,,,,,,,,,,\r\n"
        "8,0.000008,memory,,,,,,,,,,,,,,,,,,,,,,0,,,,,\r\n"
        "9223372036854775807,9223372036854.775807,done,,2,,,,,,,,,,,,,,-9223372036854775808,,,,,,"
        ",,,,,\r\n"
        "-9223372036854775808,-9223372036854.775808,done,0,2,,,,,,,,,,,,,,0,,,,,,,,,,,\r\n"
        "9,0.000009,call,1,0,,,,,,,,,,,,,,,,,,,4,,,,,,ml\r\n";
    scn_device devices[2];
    scn_scenario scn = golden_scenario(devices);
    trace *tr = trace_new();
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        assert_int_equal(trace_append(tr, &events[i]), 0);
    int err;
    char *out = write_csv(tr, &scn, &err);
    assert_int_equal(err, 0);
    assert_string_equal(out, expected);
    free(out);
    trace_free(tr);
}

/* Every runtime of every bundled scenario, read back row by row. */
static void test_trace_csv_bundled_round_trip(void **state)
{
    (void)state;
    char **paths;
    size_t npaths;
    assert_int_equal(scn_dir_list(BISTRO_SOURCE_DIR "/scenarios", &paths, &npaths), 0);
    assert_true(npaths >= 7); /* the seven lessons of DESIGN.md */
    bool seen[TRACE_KIND_COUNT] = {0};
    for (size_t f = 0; f < npaths; f++) {
        diag_list *d = diag_new();
        scn_scenario *scn = NULL;
        assert_int_equal(scn_load_file(paths[f], &scn, d), 0);
        diag_free(d);
        for (size_t r = 0; r < scn->nruntimes; r++) {
            sim_run *run = finished_run(scn, r);
            assert_true(trace_count(sim_run_trace(run)) > 0);
            check_export(sim_run_trace(run), scn, seen);
            sim_run_free(run);
        }
        scn_free(scn);
    }
    scn_dir_free(paths, npaths);
    /* The bundled lessons between them use every kind but these two, which
     * test_trace_csv_round_trip_time_slicing covers: a thread preempted by the OS,
     * and a thread that is ready but has no core. */
    for (int k = 0; k < TRACE_KIND_COUNT; k++)
        if (!seen[k] && k != TRACE_PREEMPT && k != TRACE_READY)
            fail_msg("no bundled scenario produces a '%s' event", trace_kind_name(k));
}

/* The two kinds no bundled lesson produces: two CPU-bound threads on one core,
 * time-sliced by the OS (3 ms quantum), each ready while the other runs. */
static void test_trace_csv_round_trip_time_slicing(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"slices\", \"machine\": {\"cores\": 1},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"cpu\": \"10ms\"}]},"
        " \"runtimes\": [{\"name\": \"two\", \"model\": \"threads\", \"threads\": 2}]}");
    bool seen[TRACE_KIND_COUNT] = {0};
    sim_run *run = finished_run(scn, 0);
    check_export(sim_run_trace(run), scn, seen);
    assert_true(seen[TRACE_PREEMPT] && seen[TRACE_READY]);
    sim_run_free(run);
    scn_free(scn);
}

/* Calls of services, from a blocking thread and from an event loop (no worker). */
static void test_trace_csv_round_trip_calls(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"calls\","
        " \"services\": {\"a, b\": {\"runtime\": {\"model\": \"threads\"},"
        "                          \"request\": [{\"cpu\": \"1ms\"}]}},"
        " \"workload\": {\"arrivals\": {\"burst\": 2}, \"request\": [{\"call\": \"a, b\"}]},"
        " \"runtimes\": [{\"name\": \"t\", \"model\": \"threads\"},"
        "  {\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\"}]}");
    for (size_t r = 0; r < 2; r++) {
        bool seen[TRACE_KIND_COUNT] = {0};
        sim_run *run = finished_run(scn, r);
        check_export(sim_run_trace(run), scn, seen);
        assert_true(seen[TRACE_CALL]);
        sim_run_free(run);
    }
    scn_free(scn);
}

/* A log text and a device name with commas, quotes and line breaks, through the
 * loader and the engine, come back unchanged. */
static void test_trace_csv_quotes_scenario_text(void **state)
{
    (void)state;
    scn_scenario *scn = load(
        "{\"schema\": \"bistro/1\", \"title\": \"quotes\","
        " \"devices\": {\"db, \\\"main\\\"\": {}},"
        " \"workload\": {\"requests\": [{\"name\": \"r\", \"steps\": ["
        "   {\"log\": \"She said \\\"hi, there\\\"\\nand left,\\r\\n\\\"\\\"\"},"
        "   {\"io\": \"1ms\", \"device\": \"db, \\\"main\\\"\"},"
        "   {\"log\": \"plain\"}]}]},"
        " \"runtimes\": [{\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"},"
        "                {\"name\": \"one\", \"model\": \"threads\", \"threads\": 1}]}");
    const char *text = "She said \"hi, there\"\nand left,\r\n\"\"";
    assert_string_equal(scn->strings[0], text);
    bool seen[TRACE_KIND_COUNT] = {0};
    for (size_t r = 0; r < scn->nruntimes; r++) {
        sim_run *run = finished_run(scn, r);
        check_export(sim_run_trace(run), scn, seen);
        int err;
        char *out = write_csv(sim_run_trace(run), scn, &err);
        /* RFC 4180 section 2, rules 6 and 7: in quotes, each quote doubled. */
        assert_non_null(strstr(out, ",\"She said \"\"hi, there\"\"\nand left,\r\n\"\"\"\"\","));
        assert_non_null(strstr(out, ",\"db, \"\"main\"\"\","));
        assert_non_null(strstr(out, ",plain,"));
        free(out);
        sim_run_free(run);
    }
    assert_true(seen[TRACE_LOG] && seen[TRACE_IO_START]);
    scn_free(scn);
}

static void test_trace_csv_stops_at_sink_error(void **state)
{
    (void)state;
    scn_device devices[2];
    scn_scenario scn = golden_scenario(devices);
    trace *tr = trace_new();
    for (int i = 0; i < 1000; i++) {
        trace_event ev = EV(TRACE_LOG, i, 0, 0, 1, 0, 0, 0); /* a quoted text: several writes */
        assert_int_equal(trace_append(tr, &ev), 0);
    }
    for (int budget = 0; budget < 40; budget++) {
        failing f = {.budget = budget, .calls = 0};
        sim_sink s = {failing_write, &f, 0};
        assert_int_equal(trace_write_csv(&s, tr, &scn, "rt", 1), SIM_EIO);
        assert_int_equal(s.err, SIM_EIO);
        /* the failed write is the last one tried */
        assert_int_equal(f.calls, budget + 1);
    }
    trace_free(tr);
}

static void test_trace_csv_rejects_corrupted_events(void **state)
{
    (void)state;
    scn_device devices[2];
    scn_scenario scn = golden_scenario(devices);
    const trace_event good = EV(TRACE_ARRIVE, 5, 3, -1, -1, 0, 0, 0);
    const trace_event bad[] = {
        EV(TRACE_IO_START, 0, 0, 0, 2, 0, 0, 0),                   /* device 2 of 2 */
        EV(TRACE_IO_DONE, 0, 0, 0, -2, 0, 0, 0),                   /* device -2 */
        EV(TRACE_LOG, 0, 0, 0, 7, 0, 0, 0),                        /* string 7 of 7 */
        EV(TRACE_LOG, 0, 0, 0, -1, 0, 0, 0),                       /* string -1 */
        EV(TRACE_ENQUEUE, 0, 0, 0, 0, TRACE_QUEUE_COUNT, 0, -1),   /* no such queue (b) */
        EV(TRACE_DEQUEUE, 0, 0, 0, -1, 255, 0, -1),                /* queue 255 */
        EV(TRACE_ENQUEUE, 0, 0, 0, 2, TRACE_QUEUE_DEVICE, 0, -1),  /* device (a) 2 of 2 */
        EV(TRACE_DEQUEUE, 0, 0, 0, -1, TRACE_QUEUE_DEVICE, 0, -1), /* device -1 */
        EV(TRACE_PHASE, 0, -1, 0, TRACE_PHASE_COUNT, 0, 0, 0),     /* no such phase */
        EV(TRACE_SPAWN, 0, -1, 0, 0, 3, 0, 0),                     /* worker kind 3 */
        EV(TRACE_STATE_READ, 0, 0, 0, 0, 0, 0, 0),                 /* no shared value 0 */
        EV(TRACE_LOCK_WAIT, 0, 0, 0, 0, 0, 0, 0),                  /* no lock 0 */
        EV(TRACE_KIND_COUNT, 0, 0, 0, 0, 0, 0, 0),                 /* no such kind */
        EV(255, 0, 0, 0, 0, 0, 0, 0),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        trace *tr = trace_new();
        assert_int_equal(trace_append(tr, &good), 0);
        assert_int_equal(trace_append(tr, &bad[i]), 0);
        assert_int_equal(trace_append(tr, &good), 0);
        int err;
        char *out = write_csv(tr, &scn, &err); /* also checks that the sink failed too */
        assert_int_equal(err, SIM_EINVAL);
        /* the rows before the bad event are written, nothing after it */
        assert_string_equal(out,
                            TRACE_CSV_HEADER "5,0.000005,arrive,,3,,,,,,,,,,,,,,,,,,,,,,,,,\r\n");
        free(out);
        trace_free(tr);
    }
}

static void test_trace_csv_null_arguments(void **state)
{
    (void)state;
    scn_scenario scn = {.name = "x"};
    trace *tr = trace_new();
    sink_buffer b = {0};
    sim_sink s = sink_to_buffer(&b);
    assert_int_equal(trace_write_csv(NULL, tr, &scn, "rt", 1), SIM_EINVAL);
    assert_int_equal(trace_write_csv(&s, NULL, &scn, "rt", 1), SIM_EINVAL);
    assert_int_equal(trace_write_csv(&s, tr, NULL, "rt", 1), SIM_EINVAL);
    assert_int_equal(trace_write_csv(&s, tr, &scn, NULL, 1), SIM_EINVAL);
    assert_null(b.data); /* nothing written */
    trace_free(tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_csv_header_exact),
        cmocka_unit_test(test_trace_csv_header_follows_field_map),
        cmocka_unit_test(test_trace_csv_golden),
        cmocka_unit_test(test_trace_csv_bundled_round_trip),
        cmocka_unit_test(test_trace_csv_round_trip_time_slicing),
        cmocka_unit_test(test_trace_csv_round_trip_calls),
        cmocka_unit_test(test_trace_csv_quotes_scenario_text),
        cmocka_unit_test(test_trace_csv_stops_at_sink_error),
        cmocka_unit_test(test_trace_csv_rejects_corrupted_events),
        cmocka_unit_test(test_trace_csv_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
