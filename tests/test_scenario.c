/* test_scenario.c - what the scenario loader builds from valid files, and how it
 * reads files from disk (sim/scenario.h). The rejections, each with its message,
 * are in test_scenario_errors.c.
 *
 * Expected values: defaults from DESIGN.md ("The model") and docs/model.md;
 * durations worked out by hand (1 ms = 10^6 ns); the asyncio executor size from
 * Python's concurrent.futures.ThreadPoolExecutor: min(32, os.cpu_count() + 4).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "grade_internal.h"
#include "scenario_expect.h"
#include "services.h"

#define MS 1000000LL
#define US 1000LL
#define S 1000000000LL

/* The example of DESIGN.md, "Scenario format". */
static const char design_example[] =
    "{\n"
    "  \"schema\": \"bistro/1\",\n"
    "  \"title\": \"Three requests, one second of I/O each\",\n"
    "  \"description\": \"Shown in the app's scenario list and header.\",\n"
    "  \"seed\": 1,\n"
    "  \"machine\": {\"cores\": 1},\n"
    "  \"devices\": {\"db\": {\"capacity\": 10}, \"disk\": {\"via\": \"threadpool\"}},\n"
    "  \"workload\": {\n"
    "    \"arrivals\": {\"burst\": 3},\n"
    "    \"request\": [{\"cpu\": \"1ms\"}, {\"io\": \"1s\", \"device\": \"db\"}, {\"cpu\": "
    "\"1ms\"}]\n"
    "  },\n"
    "  \"runtimes\": [\n"
    "    {\"name\": \"Python, one thread\", \"model\": \"threads\", \"threads\": 1, \"gil\": "
    "true},\n"
    "    {\"name\": \"Node.js\", \"model\": \"event_loop\", \"flavor\": \"node\"},\n"
    "    {\"name\": \"asyncio\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}\n"
    "  ],\n"
    "  \"narration\": [{\"at\": \"0ms\", \"text\": \"Three parties sit down at once.\"}],\n"
    "  \"code\": {\"language\": \"javascript\", \"lines\": [\"...\"]}\n"
    "}\n";

static void assert_const(const scn_dist *d, int64_t ns)
{
    assert_int_equal(d->kind, SCN_DIST_CONST);
    assert_int_equal(d->a, ns);
}

static void test_load_builds_design_example(void **state)
{
    (void)state;
    scn_scenario *s = load_ok_named("scenarios/three-requests.json", design_example,
                                    strlen(design_example));
    assert_string_equal(s->name, "three-requests");
    assert_string_equal(s->title, "Three requests, one second of I/O each");
    assert_string_equal(s->description, "Shown in the app's scenario list and header.");
    assert_int_equal(s->seed, 1);
    assert_int_equal(s->machine.cores, 1);
    assert_int_equal(s->ndevices, 2);
    assert_string_equal(s->devices[0].name, "db");
    assert_int_equal(s->devices[0].capacity, 10);
    assert_false(s->devices[0].via_threadpool);
    assert_string_equal(s->devices[1].name, "disk");
    assert_int_equal(s->devices[1].capacity, 0); /* unlimited */
    assert_true(s->devices[1].via_threadpool);

    const scn_workload *w = &s->workload;
    assert_int_equal(w->kind, SCN_WORKLOAD_GENERATED);
    assert_int_equal(w->arrivals.kind, SCN_ARR_BURST);
    assert_int_equal(w->arrivals.count, 3);
    assert_int_equal(w->nmix, 0);
    assert_int_equal(w->request.n, 3);
    assert_int_equal(w->request.steps[0].kind, SCN_STEP_CPU);
    assert_const(&w->request.steps[0].dur, 1 * MS);
    assert_int_equal(w->request.steps[0].device, -1);
    assert_int_equal(w->request.steps[1].kind, SCN_STEP_IO);
    assert_const(&w->request.steps[1].dur, 1 * S);
    assert_int_equal(w->request.steps[1].device, 0);
    assert_false(w->request.steps[1].has_then);
    assert_int_equal(w->request.steps[1].body.n, 0);

    assert_int_equal(s->nruntimes, 3);
    const scn_runtime *py = &s->runtimes[0], *node = &s->runtimes[1], *aio = &s->runtimes[2];
    assert_string_equal(py->name, "Python, one thread");
    assert_int_equal(py->model, SCN_MODEL_THREADS);
    assert_int_equal(py->threads, 1);
    assert_true(py->gil);
    assert_int_equal(py->switch_interval, 5 * MS);
    assert_int_equal(node->model, SCN_MODEL_EVENT_LOOP);
    assert_int_equal(node->flavor, SCN_FLAVOR_NODE);
    assert_int_equal(node->threadpool, 4);
    assert_int_equal(node->workers, 0);
    assert_false(node->gil);
    assert_int_equal(aio->flavor, SCN_FLAVOR_ASYNCIO);
    assert_true(aio->gil);
    assert_int_equal(aio->threadpool, 5); /* min(32, 1 core + 4) */
    assert_int_equal(aio->switch_interval, 5 * MS);
    assert_null(aio->each);

    assert_int_equal(s->nnarration, 1);
    assert_int_equal(s->narration[0].at, 0);
    assert_string_equal(s->narration[0].text, "Three parties sit down at once.");
    assert_string_equal(s->code.language, "javascript");
    assert_int_equal(s->code.nlines, 1);
    assert_string_equal(s->code.lines[0], "...");
    assert_int_equal(s->nstrings, 0);
    scn_free(s);
}

static void test_load_fills_defaults(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(NULL, NULL, NULL, NULL));
    assert_string_equal(s->name, "t");
    assert_string_equal(s->description, "");
    assert_int_equal(s->seed, 1);
    assert_int_equal(s->machine.cores, 1);
    assert_int_equal(s->machine.quantum, 3 * MS);
    assert_int_equal(s->machine.context_switch, 2 * US);
    assert_int_equal(s->machine.thread_bytes, 8LL << 20);
    assert_int_equal(s->machine.connection_bytes, 16LL << 10);
    assert_int_equal(s->machine.process_bytes, 10LL << 20);
    assert_false(s->machine.jitter);
    assert_int_equal(s->ndevices, 0);
    assert_null(s->devices);
    assert_int_equal(s->nnarration, 0);
    assert_null(s->code.language);
    assert_int_equal(s->code.nlines, 0);
    const scn_runtime *r = &s->runtimes[0];
    assert_int_equal(r->model, SCN_MODEL_THREADS);
    assert_int_equal(r->threads, 1);
    assert_false(r->gil);
    assert_int_equal(r->switch_interval, 5 * MS);
    assert_int_equal(r->processes, 1);
    assert_null(r->each);
    scn_free(s);
}

/* "lesson" and a caption's "notes" load as given; without them, none. */
static void test_load_reads_lesson_and_notes(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(NULL, NULL, NULL, NULL));
    assert_int_equal(s->lesson_order, 0);
    assert_null(s->list_title);
    assert_null(s->teaser);
    scn_free(s);
    s = load_doc_ok(doc_parts("\"lesson\": {\"order\": 7, \"title\": \"A puzzle\", \"teaser\": "
                              "\"What prints?\"}, \"narration\": [{\"at\": 0, \"text\": \"a\", "
                              "\"notes\": \"Ask first.\"}, {\"at\": 1, \"text\": \"b\"}]",
                              NULL, NULL, NULL));
    assert_int_equal(s->lesson_order, 7);
    assert_string_equal(s->list_title, "A puzzle");
    assert_string_equal(s->teaser, "What prints?");
    assert_int_equal(s->nnarration, 2);
    assert_string_equal(s->narration[0].notes, "Ask first.");
    assert_null(s->narration[1].notes);
    assert_int_equal(s->nfocus, 0);
    scn_free(s);
    /* focus without an order: a teacher's own scenario, outside the library */
    s = load_doc_ok(
        doc_parts("\"lesson\": {\"focus\": [\"timeline\", \"restaurant\"]}", NULL, NULL, NULL));
    assert_int_equal(s->lesson_order, 0);
    assert_int_equal(s->nfocus, 2);
    assert_int_equal(s->focus[0], SCN_PANEL_TIMELINE);
    assert_int_equal(s->focus[1], SCN_PANEL_RESTAURANT);
    scn_free(s);
}

/* "questions" load as given: the order question about the only runtime, the
 * author's choice as an index into its options, a number's metric and its
 * tolerance (default 0.05). */
static void test_load_reads_questions(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(
        "\"questions\": [{\"id\": \"o\", \"at\": 0, \"ask\": \"In what order?\", \"kind\": "
        "\"order\"}, {\"id\": \"who\", \"at\": \"1ms\", \"ask\": \"Which?\", \"kind\": "
        "\"choice\", \"options\": [\"a\", \"b\"], \"answer\": \"b\"}, {\"id\": \"n\", \"at\": "
        "\"1ms\", \"ask\": \"How long?\", \"kind\": \"number\", \"metric\": \"makespan_ms\"}]",
        NULL, "[{\"log\": \"1\"}, {\"cpu\": \"1ms\"}]", NULL));
    assert_int_equal(s->nquestions, 3);
    assert_string_equal(s->questions[0].id, "o");
    assert_int_equal(s->questions[0].kind, SCN_QUESTION_ORDER);
    assert_int_equal(s->questions[0].runtime, 0);
    assert_string_equal(s->questions[0].ask, "In what order?");
    assert_int_equal(s->questions[1].kind, SCN_QUESTION_CHOICE);
    assert_int_equal(s->questions[1].at, 1000000);
    assert_int_equal(s->questions[1].noptions, 2);
    assert_int_equal(s->questions[1].answer, 1);
    assert_int_equal(s->questions[1].runtime, -1);
    assert_int_equal(s->questions[2].kind, SCN_QUESTION_NUMBER);
    assert_string_equal(s->questions[2].metric, "makespan_ms");
    assert_true(s->questions[2].tolerance == 0.05);
    assert_int_equal(scn_metric_find("latency_ms.p99"), 7);
    assert_string_equal(scn_metric_name(scn_metric_count() - 2), "events");
    assert_string_equal(scn_metric_name(scn_metric_count() - 1), "lost_updates");
    scn_free(s);
}

static void test_load_reads_machine(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(
        "\"machine\": {\"cores\": 8, \"quantum\": \"1.5ms\", \"context_switch\": 0, "
        "\"thread_memory\": \"1MiB\", \"connection_memory\": 4096, \"process_memory\": \"1GB\", "
        "\"jitter\": true}, "
        "\"seed\": 9007199254740992",
        NULL, NULL, "[{\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}]"));
    assert_int_equal(s->machine.cores, 8);
    assert_int_equal(s->machine.quantum, 1500 * US);
    assert_int_equal(s->machine.context_switch, 0);
    assert_int_equal(s->machine.thread_bytes, 1LL << 20);
    assert_int_equal(s->machine.connection_bytes, 4096);
    assert_int_equal(s->machine.process_bytes, 1000000000);
    assert_true(s->machine.jitter);
    assert_int_equal(s->seed, 9007199254740992ULL);
    assert_int_equal(s->runtimes[0].threadpool, 12); /* min(32, 8 + 4) */
    scn_free(s);
}

static void test_load_reads_distributions(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(
        NULL, NULL,
        "[{\"cpu\": {\"exp\": \"2ms\"}}, {\"cpu\": {\"uniform\": [\"1ms\", \"3ms\"]}},"
        " {\"native\": {\"normal\": [10, 2.5]}}, {\"io\": {\"lognormal\": [\"1s\", \"250ms\"]}},"
        " {\"cpu\": 0.1}, {\"cpu\": \"40us\"}, {\"cpu\": {\"uniform\": [\"1ms\", \"1ms\"]}}]",
        NULL));
    const scn_step *st = s->workload.request.steps;
    assert_int_equal(s->workload.request.n, 7);
    assert_int_equal(st[0].dur.kind, SCN_DIST_EXP);
    assert_int_equal(st[0].dur.a, 2 * MS);
    assert_int_equal(st[1].dur.kind, SCN_DIST_UNIFORM);
    assert_int_equal(st[1].dur.a, 1 * MS);
    assert_int_equal(st[1].dur.b, 3 * MS);
    assert_int_equal(st[2].kind, SCN_STEP_NATIVE);
    assert_int_equal(st[2].dur.kind, SCN_DIST_NORMAL);
    assert_int_equal(st[2].dur.a, 10 * MS);
    assert_int_equal(st[2].dur.b, 2500 * US);
    assert_int_equal(st[3].dur.kind, SCN_DIST_LOGNORMAL);
    assert_int_equal(st[3].dur.a, 1 * S);
    assert_int_equal(st[3].dur.b, 250 * MS);
    assert_const(&st[4].dur, 100 * US); /* 0.1 ms, exactly */
    assert_const(&st[5].dur, 40 * US);
    assert_int_equal(st[6].dur.a, st[6].dur.b);
    scn_free(s);
}

static const char nested_steps[] =
    "[{\"log\": \"1\", \"line\": 1},"
    " {\"io\": \"5ms\", \"device\": \"disk\", \"then\": [{\"log\": \"3\"}], \"line\": 2},"
    " {\"microtask\": [{\"log\": \"4\"}]}, {\"next_tick\": []}, {\"immediate\": [{\"cpu\": 1}]},"
    " {\"timeout\": 0, \"then\": [{\"log\": \"5\"}], \"line\": 3},"
    " {\"parallel\": [[{\"io\": \"1ms\"}], [], [{\"cpu\": 1}, {\"cpu\": 2}]]},"
    " {\"offload\": [{\"cpu\": \"200ms\"}], \"to\": \"worker\", \"then\": [{\"log\": \"1\"}]},"
    " {\"offload\": [{\"cpu\": 1}]},"
    " {\"repeat\": 3, \"steps\": [{\"cpu\": \"100us\"}, {\"repeat\": 0, \"steps\": []}]},"
    " {\"timeout\": \"1ms\"}]";

/* Tasks and promises: the kinds, what an await awaits, and the names, each
 * kept once for the whole scenario (a name's scope is one request's program, but
 * its index is the same everywhere). */
static void test_load_reads_tasks_and_promises(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_workload(
        "{\"requests\": [{\"steps\": [{\"spawn\": \"t\", \"steps\": [{\"log\": \"x\"}]}, "
        "{\"await\": [{\"cpu\": 1}], \"returns\": \"promise\"}, {\"await\": []}, "
        "{\"await\": \"resolved\"}, {\"await\": \"thenable\"}, {\"join\": \"t\"}, "
        "{\"timeout\": 1, \"then\": [{\"resolve\": \"p\"}]}, {\"await\": \"p\"}]}, "
        "{\"steps\": [{\"resolve\": \"q\"}, {\"spawn\": \"p\", \"steps\": []}, "
        "{\"join\": \"p\"}, {\"await\": \"q\"}]}]}"));
    const scn_step *st = s->workload.requests[0].steps.steps;
    assert_int_equal(s->nnames, 3);
    assert_string_equal(s->names[0], "t");
    assert_string_equal(s->names[1], "p");
    assert_string_equal(s->names[2], "q");
    assert_int_equal(st[0].kind, SCN_STEP_SPAWN);
    assert_int_equal(st[0].name, 0);
    assert_int_equal(st[0].body.n, 1);
    assert_int_equal(st[1].kind, SCN_STEP_AWAIT);
    assert_int_equal(st[1].awaits, SCN_AWAIT_CALL);
    assert_true(st[1].returns_promise);
    assert_int_equal(st[1].body.n, 1);
    assert_int_equal(st[1].name, -1);
    assert_int_equal(st[2].awaits, SCN_AWAIT_CALL);
    assert_false(st[2].returns_promise);
    assert_int_equal(st[3].awaits, SCN_AWAIT_RESOLVED);
    assert_int_equal(st[3].name, -1);
    assert_int_equal(st[4].awaits, SCN_AWAIT_THENABLE);
    assert_int_equal(st[5].kind, SCN_STEP_JOIN);
    assert_int_equal(st[5].name, 0);
    assert_int_equal(st[6].body.steps[0].kind, SCN_STEP_RESOLVE);
    assert_int_equal(st[6].body.steps[0].name, 1);
    assert_int_equal(st[7].awaits, SCN_AWAIT_NAMED);
    assert_int_equal(st[7].name, 1);
    /* in the second request "p" is a task: the same index, its own meaning */
    const scn_step *nd = s->workload.requests[1].steps.steps;
    assert_int_equal(nd[0].name, 2);
    assert_int_equal(nd[1].kind, SCN_STEP_SPAWN);
    assert_int_equal(nd[1].name, 1);
    assert_int_equal(nd[2].name, 1);
    assert_int_equal(nd[3].name, 2);
    scn_free(s);
}

static void test_load_builds_nested_steps(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(
        doc_parts("\"devices\": {\"db\": {}, \"disk\": {\"via\": \"threadpool\"}}, "
                  "\"code\": {\"language\": \"javascript\", \"lines\": [\"a\", \"b\", \"c\"]}",
                  NULL, nested_steps, NULL));
    const scn_block *b = &s->workload.request;
    assert_int_equal(b->n, 11);
    const scn_step *st = b->steps;
    assert_int_equal(st[0].kind, SCN_STEP_LOG);
    assert_int_equal(st[0].line, 1);
    assert_string_equal(s->strings[st[0].text], "1");
    assert_int_equal(st[1].kind, SCN_STEP_IO);
    assert_int_equal(st[1].device, 1);
    assert_true(st[1].has_then);
    assert_int_equal(st[1].line, 2);
    assert_int_equal(st[1].body.n, 1);
    assert_string_equal(s->strings[st[1].body.steps[0].text], "3");
    assert_int_equal(st[2].kind, SCN_STEP_MICROTASK);
    assert_int_equal(st[2].body.n, 1);
    assert_int_equal(st[2].line, 0);
    assert_int_equal(st[3].kind, SCN_STEP_NEXT_TICK);
    assert_int_equal(st[3].body.n, 0);
    assert_int_equal(st[4].kind, SCN_STEP_IMMEDIATE);
    assert_const(&st[4].body.steps[0].dur, 1 * MS);
    assert_int_equal(st[5].kind, SCN_STEP_TIMEOUT);
    assert_const(&st[5].dur, 0);
    assert_false(st[5].has_then);
    assert_int_equal(st[5].body.n, 1);
    assert_int_equal(st[5].line, 3);
    assert_int_equal(st[6].kind, SCN_STEP_PARALLEL);
    assert_int_equal(st[6].nbranches, 3);
    assert_int_equal(st[6].branches[0].n, 1);
    assert_int_equal(st[6].branches[1].n, 0);
    assert_int_equal(st[6].branches[2].n, 2);
    assert_const(&st[6].branches[2].steps[1].dur, 2 * MS);
    assert_int_equal(st[7].kind, SCN_STEP_OFFLOAD);
    assert_int_equal(st[7].to, SCN_OFFLOAD_WORKER);
    assert_true(st[7].has_then);
    assert_int_equal(st[7].body.n, 1);
    assert_const(&st[7].body.steps[0].dur, 200 * MS);
    assert_int_equal(st[7].then_body.n, 1);
    assert_int_equal(st[8].to, SCN_OFFLOAD_THREADPOOL);
    assert_false(st[8].has_then);
    assert_int_equal(st[8].then_body.n, 0);
    assert_int_equal(st[9].kind, SCN_STEP_REPEAT);
    assert_int_equal(st[9].count, 3);
    assert_int_equal(st[9].body.n, 2);
    assert_int_equal(st[9].body.steps[1].count, 0);
    assert_int_equal(st[10].kind, SCN_STEP_TIMEOUT);
    assert_int_equal(st[10].body.n, 0);
    /* Every log text is in strings: "1", "3", "4", "5", "1". */
    assert_int_equal(s->nstrings, 5);
    assert_string_equal(s->strings[st[7].then_body.steps[0].text], "1");
    scn_free(s);
}

static void test_load_accepts_expanded_limit(void **state)
{
    (void)state;
    /* Exactly SCN_MAX_EXPANDED_STEPS, counted as workload.h instantiates:
     * repeat 1 + 99999; parallel 1 + (1 + 1 + 99997); offload 1 + (1 + 99996) + 1 + 1. */
    static const char *const programs[] = {
        "[{\"repeat\": 99999, \"steps\": [{\"cpu\": 1}]}]",
        "[{\"parallel\": [[{\"repeat\": 99997, \"steps\": [{\"cpu\": 1}]}]]}]",
        "[{\"offload\": [{\"repeat\": 99996, \"steps\": [{\"cpu\": 1}]}], \"then\": [{\"cpu\": "
        "1}]}]",
        "[{\"repeat\": 0, \"steps\": [{\"repeat\": 1000000, \"steps\": [{\"cpu\": 1}]}]}]",
    };
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
        scn_free(load_doc_ok(doc_parts(NULL, NULL, programs[i], NULL)));
}

static void test_load_reads_arrival_forms(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(
        doc_parts(NULL, "{\"every\": \"10ms\", \"count\": 50}", NULL, NULL));
    assert_int_equal(s->workload.arrivals.kind, SCN_ARR_EVERY);
    assert_int_equal(s->workload.arrivals.every, 10 * MS);
    assert_int_equal(s->workload.arrivals.count, 50);
    scn_free(s);
    s = load_doc_ok(doc_parts(NULL, "{\"poisson_per_s\": 12.5, \"count\": 100000000}", NULL, NULL));
    assert_int_equal(s->workload.arrivals.kind, SCN_ARR_POISSON);
    assert_true(s->workload.arrivals.rate_per_s == 12.5);
    assert_int_equal(s->workload.arrivals.count, SCN_MAX_REQUESTS);
    scn_free(s);
    s = load_doc_ok(doc_parts(NULL, "{\"at\": [\"1s\", 0, \"1.5ms\"]}", NULL, NULL));
    assert_int_equal(s->workload.arrivals.kind, SCN_ARR_AT);
    assert_int_equal(s->workload.arrivals.nat, 3);
    assert_int_equal(s->workload.arrivals.at[0], 1 * S);
    assert_int_equal(s->workload.arrivals.at[1], 0);
    assert_int_equal(s->workload.arrivals.at[2], 1500 * US);
    scn_free(s);
    s = load_doc_ok(
        doc_parts(NULL, "{\"closed\": {\"clients\": 4, \"requests\": 40}}", NULL, NULL));
    assert_int_equal(s->workload.arrivals.kind, SCN_ARR_CLOSED);
    assert_int_equal(s->workload.arrivals.clients, 4);
    assert_int_equal(s->workload.arrivals.count, 40);
    assert_const(&s->workload.arrivals.think, 0);
    scn_free(s);
    s = load_doc_ok(doc_parts(
        NULL, "{\"closed\": {\"clients\": 1, \"requests\": 1, \"think\": {\"exp\": \"1s\"}}}", NULL,
        NULL));
    assert_int_equal(s->workload.arrivals.think.kind, SCN_DIST_EXP);
    assert_int_equal(s->workload.arrivals.think.a, 1 * S);
    scn_free(s);
    /* The last of these arrives exactly at the time limit. */
    s = load_doc_ok(doc_parts(NULL, "{\"every\": \"10s\", \"count\": 100001}", NULL, NULL));
    scn_free(s);
}

static void test_load_reads_mix(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_workload(
        "{\"arrivals\": {\"burst\": 10}, \"mix\": [{\"weight\": 3, \"steps\": [{\"cpu\": 1}]},"
        " {\"steps\": [{\"io\": 2}, {\"cpu\": 1}], \"weight\": 0.25}]}"));
    const scn_workload *w = &s->workload;
    assert_int_equal(w->kind, SCN_WORKLOAD_GENERATED);
    assert_int_equal(w->request.n, 0);
    assert_int_equal(w->nmix, 2);
    assert_true(w->mix[0].weight == 3.0);
    assert_int_equal(w->mix[0].steps.n, 1);
    assert_true(w->mix[1].weight == 0.25);
    assert_int_equal(w->mix[1].steps.n, 2);
    assert_const(&w->mix[1].steps.steps[0].dur, 2 * MS);
    scn_free(s);
}

static void test_load_reads_explicit_requests(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(
        doc_workload("{\"requests\": [{\"name\": \"burner\", \"steps\": [{\"cpu\": \"1s\"}]},"
                     " {\"at\": \"10ms\", \"steps\": [{\"io\": 1}]}, {\"at\": 2.5, \"steps\": "
                     "[{\"cpu\": 1}]}]}"));
    const scn_workload *w = &s->workload;
    assert_int_equal(w->kind, SCN_WORKLOAD_EXPLICIT);
    assert_int_equal(w->nrequests, 3);
    assert_string_equal(w->requests[0].name, "burner");
    assert_int_equal(w->requests[0].at, 0);
    assert_string_equal(w->requests[1].name, "request 1");
    assert_int_equal(w->requests[1].at, 10 * MS);
    assert_string_equal(w->requests[2].name, "request 2");
    assert_int_equal(w->requests[2].at, 2500 * US);
    assert_int_equal(w->requests[2].steps.n, 1);
    scn_free(s);
}

static void test_load_reads_runtime_models(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(
        "\"machine\": {\"cores\": 64}", NULL, NULL,
        "[{\"name\": \"t\", \"model\": \"threads\", \"threads\": \"per_request\", \"gil\": true,"
        " \"switch_interval\": \"1ms\"},"
        " {\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", \"threadpool\": 128,"
        " \"workers\": 2},"
        " {\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", \"gil\": false,"
        " \"switch_interval\": 0.5},"
        " {\"name\": \"p\", \"model\": \"processes\", \"processes\": 4, \"each\": {\"model\": "
        "\"threads\"}},"
        " {\"name\": \"q\", \"model\": \"processes\", \"processes\": 1024, \"dispatch\": "
        "\"shared_queue\","
        " \"each\": {\"name\": \"loop\", \"model\": \"event_loop\", \"flavor\": \"asyncio\"}}]"));
    const scn_runtime *r = s->runtimes;
    assert_int_equal(s->nruntimes, 5);
    assert_int_equal(r[0].threads, 0); /* per_request */
    assert_true(r[0].gil);
    assert_int_equal(r[0].switch_interval, 1 * MS);
    assert_int_equal(r[1].threadpool, 128);
    assert_int_equal(r[1].workers, 2);
    assert_false(r[1].gil);
    assert_false(r[2].gil);
    assert_int_equal(r[2].switch_interval, 500 * US);
    assert_int_equal(r[2].threadpool, 32); /* min(32, 64 + 4) */
    assert_int_equal(r[3].model, SCN_MODEL_PROCESSES);
    assert_int_equal(r[3].processes, 4);
    assert_int_equal(r[3].dispatch, SCN_DISPATCH_ROUND_ROBIN);
    assert_non_null(r[3].each);
    assert_string_equal(r[3].each->name, "p"); /* named after its parent */
    assert_int_equal(r[3].each->model, SCN_MODEL_THREADS);
    assert_int_equal(r[3].each->threads, 1);
    assert_int_equal(r[4].dispatch, SCN_DISPATCH_SHARED_QUEUE);
    assert_int_equal(r[4].processes, SCN_MAX_PROCESSES);
    assert_string_equal(r[4].each->name, "loop");
    assert_true(r[4].each->gil);
    scn_free(s);
}

static void test_load_accepts_bom_and_unicode(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF{\"schema\": \"bistro/1\", \"title\": \"caf\\u00e9 "
                               "\xE2\x98\x95 \\ud83d\\ude00\","
                               " \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": "
                               "[{\"log\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}]},"
                               " \"runtimes\": [{\"name\": \"a\", \"model\": \"threads\"}]}\r\n";
    scn_scenario *s = load_ok_named("t.json", text, sizeof text - 1);
    /* U+00E9, U+2615 and U+1F600 in UTF-8. */
    assert_string_equal(s->title, "caf\xC3\xA9 \xE2\x98\x95 \xF0\x9F\x98\x80");
    assert_string_equal(s->strings[0], "\"\\/\b\f\n\r\t");
    scn_free(s);
}

static void test_load_buffer_needs_no_nul(void **state)
{
    (void)state;
    /* An exact-size heap copy: a read past its end is caught by ASan/valgrind. */
    char *text = doc_parts(NULL, NULL, NULL, NULL);
    size_t len = strlen(text);
    char *exact = malloc(len);
    assert_non_null(exact);
    memcpy(exact, text, len);
    scn_free(load_ok_named("t.json", exact, len));
    /* The same, cut short: the scanner stops at len, not at a NUL. */
    expect_messages(exact, 1,
                    WANT_("t.json:1:2: invalid JSON: the file ends too early: the "
                          "object opened at line 1, col 1 is never closed (missing '}')"),
                    1);
    free(exact);
    free(text);
}

static void test_load_names_scenario_from_file(void **state)
{
    (void)state;
    static const char *const files[][2] = {
        {"three-requests.json", "three-requests"},
        {"a/b/c.json", "c"},
        {"dir\\win.json", "win"},
        {"noext", "noext"},
        {"x.json.json", "x.json"},
        {".json", ".json"},
        {"a/", ""},
    };
    char *text = doc_parts(NULL, NULL, NULL, NULL);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        scn_scenario *s = load_ok_named(files[i][0], text, strlen(text));
        assert_string_equal(s->name, files[i][1]);
        scn_free(s);
    }
    diag_list *d = diag_new();
    scn_scenario *s = NULL;
    assert_int_equal(scn_load_buffer(NULL, "[]", 2, &s, d), SIM_EINVAL);
    assert_string_equal(diag_get(d, 0), "<input>:1:1: $: expected a JSON object {\"schema\": "
                                        "\"bistro/1\", ...} as the whole file, got an empty array");
    diag_free(d);
    free(text);
}

static void test_find_runtime_by_name(void **state)
{
    (void)state;
    scn_scenario *s = load_ok_named("t.json", design_example, strlen(design_example));
    assert_int_equal(scn_find_runtime(s, "Python, one thread"), 0);
    assert_int_equal(scn_find_runtime(s, "asyncio"), 2);
    assert_int_equal(scn_find_runtime(s, "node.js"), -1); /* names are case-sensitive */
    assert_int_equal(scn_find_runtime(s, ""), -1);
    assert_int_equal(scn_find_runtime(s, NULL), -1);
    assert_int_equal(scn_find_runtime(NULL, "asyncio"), -1);
    scn_free(s);
    scn_free(NULL);
}

/* ---- per-runtime narration and code ---- */

/* Runtime "own" has its own captions and listing, "shared" has none and shows the
 * scenario's, "quiet" has an empty narration (no captions at all) and the
 * scenario's listing. Steps point at line 2, which every listing shown has. */
static scn_scenario *load_per_runtime(void)
{
    return load_doc_ok(
        doc_parts("\"narration\": [{\"at\": \"0ms\", \"text\": \"all\"}],\n"
                  "\"code\": {\"language\": \"python\", \"lines\": [\"a()\", \"b()\", \"c()\"]}",
                  NULL, "[{\"cpu\": \"1ms\", \"line\": 2}]",
                  "[{\"name\": \"own\", \"model\": \"event_loop\", \"flavor\": \"node\","
                  "  \"narration\": [{\"at\": \"1ms\", \"until\": \"3ms\", \"text\": \"node 1\"},"
                  "                 {\"at\": \"5ms\", \"text\": \"node 2\"}],"
                  "  \"code\": {\"language\": \"javascript\", \"lines\": [\"x();\", \"y();\"]}},"
                  " {\"name\": \"shared\", \"model\": \"threads\"},"
                  " {\"name\": \"quiet\", \"model\": \"threads\", \"narration\": []}]"));
}

static void test_runtime_narration_replaces_the_scenarios(void **state)
{
    (void)state;
    scn_scenario *s = load_per_runtime();
    size_t n;
    const scn_narration *own = scn_runtime_narration(s, 0, &n);
    assert_int_equal(n, 2); /* the scenario's "all" is not among them */
    assert_ptr_equal(own, s->runtimes[0].narration);
    assert_string_equal(own[0].text, "node 1");
    assert_int_equal(own[0].at, 1 * MS);
    assert_int_equal(own[0].until, 3 * MS);
    assert_int_equal(own[1].until, 0); /* none: until the next caption */
    const scn_narration *shared = scn_runtime_narration(s, 1, &n);
    assert_int_equal(n, 1);
    assert_ptr_equal(shared, s->narration);
    assert_string_equal(shared[0].text, "all");
    /* an empty list is a narration of its own: none, not the scenario's */
    assert_null(scn_runtime_narration(s, 2, &n));
    assert_int_equal(n, 0);
    assert_true(s->runtimes[2].has_narration);
    assert_false(s->runtimes[1].has_narration);
    /* out of range: the scenario's */
    assert_ptr_equal(scn_runtime_narration(s, 99, &n), s->narration);
    assert_int_equal(n, 1);
    scn_free(s);
}

static void test_runtime_code_replaces_the_scenarios(void **state)
{
    (void)state;
    scn_scenario *s = load_per_runtime();
    const scn_code *own = scn_runtime_code(s, 0);
    assert_non_null(own);
    assert_string_equal(own->language, "javascript");
    assert_int_equal(own->nlines, 2);
    assert_string_equal(own->lines[1], "y();");
    for (size_t r = 1; r <= 3; r++) { /* "shared", "quiet" and out of range */
        const scn_code *c = scn_runtime_code(s, r);
        assert_ptr_equal(c, &s->code);
        assert_string_equal(c->language, "python");
        assert_int_equal(c->nlines, 3);
    }
    assert_null(s->runtimes[1].code.language);
    scn_free(s);
    /* no listing anywhere */
    s = load_doc_ok(doc_parts(NULL, NULL, NULL, NULL));
    assert_null(scn_runtime_code(s, 0));
    scn_free(s);
    assert_null(scn_runtime_code(NULL, 0));
}

/* When every runtime has its own listing the scenario's is shown nowhere, so a
 * step's line need only fall inside the runtimes' own. */
static void test_line_checked_only_against_listings_shown(void **state)
{
    (void)state;
    scn_scenario *s = load_doc_ok(doc_parts(
        "\"code\": {\"language\": \"python\", \"lines\": [\"a()\"]}", NULL,
        "[{\"cpu\": \"1ms\", \"line\": 3}]",
        "[{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\","
        "  \"code\": {\"language\": \"javascript\", \"lines\": [\"1\", \"2\", \"3\"]}},"
        " {\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\","
        "  \"code\": {\"language\": \"python\", \"lines\": [\"1\", \"2\", \"3\", \"4\"]}}]"));
    assert_int_equal(s->workload.request.steps[0].line, 3);
    scn_free(s);
}

static void test_caption_at_honours_until(void **state)
{
    (void)state;
    scn_scenario *s = load_per_runtime();
    size_t n;
    const scn_narration *own = scn_runtime_narration(s, 0, &n);
    static const struct {
        int64_t t;
        int want;
    } cases[] = {{0, -1},      {1 * MS - 1, -1}, {1 * MS, 0}, {3 * MS - 1, 0}, {3 * MS, -1},
                 {4 * MS, -1}, {5 * MS, 1},      {9 * S, 1},  {INT64_MAX, 1}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        assert_int_equal(scn_caption_at(own, n, cases[k].t), cases[k].want);
    assert_int_equal(scn_caption_at(NULL, 0, 5 * MS), -1);
    const scn_narration *shared = scn_runtime_narration(s, 1, &n);
    assert_int_equal(scn_caption_at(shared, n, 0), 0);
    assert_int_equal(scn_caption_at(shared, n, 9 * S), 0); /* no until: to the end */
    scn_free(s);
}

/* ---- files ---- */

typedef struct {
    char dir[64];
    char path[128];
} tmp_file;

static void write_tmp(tmp_file *t, const char *name, const char *data, size_t len)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/bistro-test-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
    FILE *f = fopen(t->path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void remove_tmp(tmp_file *t)
{
    remove(t->path);
    rmdir(t->dir);
}

static void test_load_file_reads_a_file(void **state)
{
    (void)state;
    tmp_file t;
    write_tmp(&t, "three-requests.json", design_example, strlen(design_example));
    diag_list *d = diag_new();
    scn_scenario *s = NULL;
    assert_int_equal(scn_load_file(t.path, &s, d), 0);
    assert_int_equal(diag_count(d), 0);
    assert_string_equal(s->name, "three-requests");
    assert_int_equal(s->nruntimes, 3);
    scn_free(s);
    diag_free(d);
    remove_tmp(&t);
}

static void test_load_file_names_the_file(void **state)
{
    (void)state;
    static const char bad[] = "{\"schema\": \"bistro/1\",\n \"title\": 5}";
    tmp_file t;
    write_tmp(&t, "bad.json", bad, strlen(bad));
    diag_list *d = diag_new();
    scn_scenario *s = NULL;
    assert_int_equal(scn_load_file(t.path, &s, d), SIM_EINVAL);
    assert_null(s);
    assert_int_equal(diag_count(d), 3);
    char want[256];
    snprintf(want, sizeof want, "%s:2:11: $.title: expected a string, got 5", t.path);
    assert_string_equal(diag_get(d, 0), want);
    snprintf(want, sizeof want, "%s:1:1: $: missing required key \"workload\"", t.path);
    assert_string_equal(diag_get(d, 1), want);
    diag_free(d);
    remove_tmp(&t);
}

static void test_load_file_rejects_unreadable(void **state)
{
    (void)state;
    diag_list *d = diag_new();
    scn_scenario *s = (scn_scenario *)d; /* must be reset to NULL */
    assert_int_equal(scn_load_file("/nonexistent/x.json", &s, d), SIM_EIO);
    assert_null(s);
    /* glibc's strerror(ENOENT) and strerror(EISDIR). */
    assert_string_equal(diag_get(d, 0),
                        "/nonexistent/x.json: cannot open the file: No such file or directory");
    assert_int_equal(scn_load_file("/tmp", &s, d), SIM_EIO);
    assert_string_equal(diag_get(d, 1), "/tmp: a folder, not a regular file");
    assert_int_equal(scn_load_file("/dev/null", &s, d), SIM_EIO);
    assert_string_equal(diag_get(d, 2), "/dev/null: a character device, not a regular file");
    assert_int_equal(diag_count(d), 3);
    diag_free(d);
}

/* A named pipe with no writer would block open() and read() for ever: it is
 * refused at once (were it not, this test would hang until ctest's timeout). */
static void test_load_file_refuses_a_fifo_without_waiting(void **state)
{
    (void)state;
    char dir[] = "/tmp/bistro-test-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/pipe.json", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    diag_list *d = diag_new();
    scn_scenario *s = NULL;
    assert_int_equal(scn_load_file(path, &s, d), SIM_EIO);
    assert_null(s);
    char want[128];
    snprintf(want, sizeof want, "%s: a named pipe (FIFO), not a regular file", path);
    assert_string_equal(diag_get(d, 0), want);
    diag_free(d);
    char why[128], *buf = NULL;
    size_t len = 0;
    assert_int_equal(scn_read_own_file(path, &buf, &len, why, sizeof why), SIM_EIO);
    assert_null(buf);
    remove(path);
    rmdir(dir);
}

/* A student's file must be itself: a symbolic link is refused (it could point the
 * grader at a file the student may not read), while the teacher's reader follows it. */
static void test_read_own_file_refuses_symbolic_links(void **state)
{
    (void)state;
    tmp_file t;
    write_tmp(&t, "real.json", "{}", 2);
    char link[160];
    snprintf(link, sizeof link, "%s/link.json", t.dir);
    assert_int_equal(symlink("real.json", link), 0);
    char why[128], *buf = NULL;
    size_t len = 0;
    assert_int_equal(scn_read_own_file(link, &buf, &len, why, sizeof why), SIM_EIO);
    assert_string_equal(why, "a symbolic link; give the file itself");
    assert_null(buf);
    assert_int_equal(scn_read_file(link, &buf, &len, why, sizeof why), 0);
    assert_int_equal(len, 2);
    free(buf);
    assert_int_equal(scn_read_own_file(t.path, &buf, &len, why, sizeof why), 0);
    assert_int_equal(len, 2);
    free(buf);
    remove(link);
    remove_tmp(&t);
}

/* A file saved as UTF-16 (Windows editors' default) gets a message that says so,
 * not "got byte 0xff": with a byte-order mark either way round, or without one. */
static void test_load_buffer_names_utf16(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
    } cases[] = {
        {"\xff\xfe{\0}\0", 6},
        {"\xfe\xff\0{\0}", 6},
        {"{\0\"\0s\0\"\0", 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diag_list *d = diag_new();
        scn_scenario *s = NULL;
        assert_int_equal(scn_load_buffer("t.json", cases[i].bytes, cases[i].len, &s, d),
                         SIM_EINVAL);
        assert_null(s);
        assert_int_equal(diag_count(d), 1);
        assert_string_equal(diag_get(d, 0),
                            "t.json:1:1: the file looks like UTF-16 text; save it as UTF-8");
        diag_free(d);
    }
}

static void test_load_file_rejects_large_file(void **state)
{
    (void)state;
    size_t len = SCN_MAX_FILE_BYTES + 1;
    char *big = malloc(len);
    assert_non_null(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    tmp_file t;
    write_tmp(&t, "big.json", big, len);
    diag_list *d = diag_new();
    scn_scenario *s = NULL;
    assert_int_equal(scn_load_file(t.path, &s, d), SIM_EINVAL);
    char want[256];
    snprintf(want, sizeof want, "%s: the file is larger than the limit of 4194304 bytes (4 MiB)",
             t.path);
    assert_string_equal(diag_get(d, 0), want);
    /* One byte less is read and parsed (and then found to lack every key). */
    remove_tmp(&t);
    big[len - 2] = '}';
    write_tmp(&t, "big.json", big, len - 1);
    diag_clear(d);
    assert_int_equal(scn_load_file(t.path, &s, d), SIM_EINVAL);
    assert_int_equal(diag_count(d), 4);
    diag_free(d);
    remove_tmp(&t);
    free(big);
}

static void test_load_file_loads_bundled_scenarios(void **state)
{
    (void)state;
    const char *dir = BISTRO_SOURCE_DIR "/scenarios";
    DIR *dp = opendir(dir);
    size_t loaded = 0;
    for (struct dirent *e = dp ? readdir(dp) : NULL; e != NULL; e = readdir(dp)) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        diag_list *d = diag_new();
        scn_scenario *s = NULL;
        int rc = scn_load_file(path, &s, d);
        for (size_t i = 0; i < diag_kept(d); i++)
            print_message("%s\n", diag_get(d, i));
        assert_int_equal(rc, 0);
        assert_non_null(s);
        scn_free(s);
        diag_free(d);
        loaded++;
    }
    if (dp != NULL)
        closedir(dp);
    if (loaded == 0)
        skip(); /* no bundled scenarios yet */
}

/* Whether `word` occurs in `text` as a whole token: not run on from a digit, a
 * letter, '.' or ',' ("500" is not in "5,000" nor in "1500"). */
static bool has_token(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p != NULL; p = strstr(p + 1, word)) {
        char before = p > text ? p[-1] : ' ';
        char after = p[n];
        bool joined_before = isalnum((unsigned char)before) || before == '.' || before == ',';
        bool joined_after = isalnum((unsigned char)after) ||
                            ((after == '.' || after == ',') && isdigit((unsigned char)p[n + 1]));
        if (!joined_before && !joined_after)
            return true;
    }
    return false;
}

/* The checks of one question against the run of runtime `rt` that answers it (or,
 * for a choice between runtimes, against each run). */
static void check_question(const char *file, const scn_scenario *s, const scn_question *q,
                           size_t rt, const sim_run *run)
{
    const sim_metrics *m = sim_run_metrics(run);
    print_message("%s: %s (%s)\n", file, q->id, s->runtimes[rt].name);
    /* asked while the run still has something to show */
    assert_true(q->at < m->makespan_ns);
    if (q->kind == SCN_QUESTION_ORDER) {
        /* the runtime prints an order to predict, and at most its first line is
         * on screen when the question is asked */
        assert_true(m->nlog >= 2);
        int64_t shown = 0;
        char order[1024] = "";
        size_t at = 0;
        for (int64_t i = 0; i < m->nlog; i++) {
            shown += m->log[i].t <= q->at;
            at += (size_t)snprintf(order + at, sizeof order - at, "%s%s", i ? " " : "",
                                   s->strings[m->log[i].text]);
            assert_true(at < sizeof order);
        }
        assert_true(shown <= 1);
        assert_null(strstr(q->ask, order)); /* it asks, never tells */
    } else if (q->kind == SCN_QUESTION_NUMBER) {
        double v = 0;
        if (q->service >= 0) {
            /* a service's number: the service behind this run had calls to count */
            assert_true(grade_service_metric_value(
                q->metric, sim_run_service_metrics(run, (size_t)q->service),
                sim_run_service_in_flight_max(run, (size_t)q->service), &v, NULL, 0));
        } else {
            int metric = grade__metric_find(q->metric);
            assert_true(metric >= 0);
            v = grade__metric_value(metric, m);
        }
        /* a relative tolerance around zero would take only an exact 0 */
        assert_true(v > 0);
        assert_true(q->tolerance > 0);
        char rounded[64];
        snprintf(rounded, sizeof rounded, "%.0f", v);
        assert_false(has_token(q->ask, rounded));
    } else {
        assert_true(q->noptions >= 2);
        assert_true(q->answer < q->noptions);
    }
}

/* Every bundled lesson asks the class before it shows (docs/teaching-guide.md,
 * "Questions in the file"): at least one question, each asked before the end of
 * the run that answers it (every run, for a choice that names no runtime), an
 * order question about a runtime that prints, asked before more than its first
 * line is out. Each runtime is run with the engine, with the lesson's seed, as
 * `bistro-sim run` runs it. */
static void test_every_lesson_asks_before_it_shows(void **state)
{
    (void)state;
    const char *dir = BISTRO_SOURCE_DIR "/scenarios";
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    size_t lessons = 0;
    for (struct dirent *e = readdir(dp); e != NULL; e = readdir(dp)) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        diag_list *d = diag_new();
        scn_scenario *s = NULL;
        assert_int_equal(scn_load_file(path, &s, d), 0);
        diag_free(d);
        print_message("%s: %zu questions\n", e->d_name, s->nquestions);
        assert_true(s->nquestions >= 1);
        size_t checked[SCN_MAX_QUESTIONS] = {0};
        for (size_t rt = 0; rt < s->nruntimes; rt++) {
            sim_options opt = {.seed = s->seed};
            sim_run *run = NULL;
            assert_int_equal(sim_run_new(s, rt, &opt, &run), 0);
            assert_int_equal(sim_run_go(run), 0);
            for (size_t i = 0; i < s->nquestions; i++) {
                const scn_question *q = &s->questions[i];
                if (q->runtime != (int)rt && !(q->kind == SCN_QUESTION_CHOICE && q->runtime < 0))
                    continue;
                check_question(e->d_name, s, q, rt, run);
                checked[i]++;
            }
            sim_run_free(run);
        }
        for (size_t i = 0; i < s->nquestions; i++)
            assert_true(checked[i] > 0);
        scn_free(s);
        lessons++;
    }
    closedir(dp);
    assert_true(lessons >= 17); /* the lessons of docs/teaching-guide.md */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_builds_design_example),
        cmocka_unit_test(test_load_fills_defaults),
        cmocka_unit_test(test_load_reads_lesson_and_notes),
        cmocka_unit_test(test_load_reads_questions),
        cmocka_unit_test(test_load_reads_machine),
        cmocka_unit_test(test_load_reads_distributions),
        cmocka_unit_test(test_load_builds_nested_steps),
        cmocka_unit_test(test_load_reads_tasks_and_promises),
        cmocka_unit_test(test_load_accepts_expanded_limit),
        cmocka_unit_test(test_load_reads_arrival_forms),
        cmocka_unit_test(test_load_reads_mix),
        cmocka_unit_test(test_load_reads_explicit_requests),
        cmocka_unit_test(test_load_reads_runtime_models),
        cmocka_unit_test(test_load_accepts_bom_and_unicode),
        cmocka_unit_test(test_load_buffer_needs_no_nul),
        cmocka_unit_test(test_load_names_scenario_from_file),
        cmocka_unit_test(test_find_runtime_by_name),
        cmocka_unit_test(test_runtime_narration_replaces_the_scenarios),
        cmocka_unit_test(test_runtime_code_replaces_the_scenarios),
        cmocka_unit_test(test_line_checked_only_against_listings_shown),
        cmocka_unit_test(test_caption_at_honours_until),
        cmocka_unit_test(test_load_file_reads_a_file),
        cmocka_unit_test(test_load_file_names_the_file),
        cmocka_unit_test(test_load_file_rejects_unreadable),
        cmocka_unit_test(test_load_buffer_names_utf16),
        cmocka_unit_test(test_load_file_refuses_a_fifo_without_waiting),
        cmocka_unit_test(test_read_own_file_refuses_symbolic_links),
        cmocka_unit_test(test_load_file_rejects_large_file),
        cmocka_unit_test(test_load_file_loads_bundled_scenarios),
        cmocka_unit_test(test_every_lesson_asks_before_it_shows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
