/* schema_cases.h - the inputs of tests/test_schema.c: bad scenarios that both
 * the loader and docs/scenario.schema.json refuse (with the place where the schema
 * finds the problem: the value itself or the object around it), edge cases that
 * both accept, and the loader's rules that the schema leaves to it.
 *
 * Most bad inputs are those of tests/test_scenario_errors.c, one kind of mistake per
 * line; the macros (VALID, WITH, STEP...) are defined in test_schema.c.
 */
#ifndef BISTRO_TEST_SCHEMA_CASES_H
#define BISTRO_TEST_SCHEMA_CASES_H

typedef struct {
    const char *doc;
    const char *where; /* the schema reports the problem at this path or inside it */
} bad_case;

#define REQ0 "$.workload.request[0]"
#define RT0 "$.runtimes[0]"

static const bad_case bad_cases[] = {
    /* the whole file and its top level */
    {"[]", "$"},
    {"5", "$"},
    {"{\"title\": \"t\", " WL ", " RT "}", "$"},
    {"{\"schema\": \"bistro/1\", " WL ", " RT "}", "$"},
    {"{" HEAD ", " RT "}", "$"},
    {"{" HEAD ", " WL "}", "$"},
    {"{\"schema\": \"bistro/2\", \"title\": \"t\", " WL ", " RT "}", "$.schema"},
    {"{\"schema\": 1, \"title\": \"t\", " WL ", " RT "}", "$.schema"},
    {"{\"schema\": \"bistro/1\", \"title\": \"\", " WL ", " RT "}", "$.title"},
    {"{\"schema\": \"bistro/1\", \"title\": [\"t\"], " WL ", " RT "}", "$.title"},
    {WITH("\"colour\": \"red\""), "$.colour"},
    {WITH("\"$schema\": 5"), "$[\"$schema\"]"},
    {WITH("\"description\": null"), "$.description"},
    {WITH("\"seed\": -1"), "$.seed"},
    {WITH("\"seed\": 1.5"), "$.seed"},
    {WITH("\"seed\": \"1\""), "$.seed"},
    {WITH("\"seed\": 9007199254740994"), "$.seed"},
    /* machine */
    {WITH("\"machine\": 4"), "$.machine"},
    {WITH("\"machine\": {\"corez\": 2}"), "$.machine.corez"},
    {WITH("\"machine\": {\"cores\": 0}"), "$.machine.cores"},
    {WITH("\"machine\": {\"cores\": 1025}"), "$.machine.cores"},
    {WITH("\"machine\": {\"cores\": \"2\"}"), "$.machine.cores"},
    {WITH("\"machine\": {\"quantum\": \"0ms\"}"), "$.machine.quantum"},
    {WITH("\"machine\": {\"quantum\": \"0.000s\"}"), "$.machine.quantum"},
    {WITH("\"machine\": {\"quantum\": 0}"), "$.machine.quantum"},
    {WITH("\"machine\": {\"quantum\": {\"exp\": \"1ms\"}}"), "$.machine.quantum"},
    {WITH("\"machine\": {\"context_switch\": -1}"), "$.machine.context_switch"},
    {WITH("\"machine\": {\"jitter\": 1}"), "$.machine.jitter"},
    {WITH("\"machine\": {\"jitter\": \"yes\"}"), "$.machine.jitter"},
    {WITH("\"machine\": {\"context_switch\": \"1 us\"}"), "$.machine.context_switch"},
    {WITH("\"machine\": {\"thread_memory\": \"8 MiB\"}"), "$.machine.thread_memory"},
    {WITH("\"machine\": {\"thread_memory\": \"8mib\"}"), "$.machine.thread_memory"},
    {WITH("\"machine\": {\"thread_memory\": -5}"), "$.machine.thread_memory"},
    {WITH("\"machine\": {\"thread_memory\": 2199023255552}"), "$.machine.thread_memory"},
    {WITH("\"machine\": {\"process_memory\": 1.5}"), "$.machine.process_memory"},
    {WITH("\"machine\": {\"process_memory\": \"1.5\"}"), "$.machine.process_memory"},
    {WITH("\"machine\": {\"connection_memory\": \"1.1234567KiB\"}"), "$.machine.connection_memory"},
    /* devices */
    {WITH("\"devices\": []"), "$.devices"},
    {WITH("\"devices\": {\"db\": {\"size\": 1}}"), "$.devices.db.size"},
    {WITH("\"devices\": {\"db\": {\"capacity\": 0}}"), "$.devices.db.capacity"},
    {WITH("\"devices\": {\"db\": {\"capacity\": 1.5}}"), "$.devices.db.capacity"},
    {WITH("\"devices\": {\"db\": {\"capacity\": 1e400}}"), "$.devices.db.capacity"},
    {WITH("\"devices\": {\"db\": {\"via\": \"pool\"}}"), "$.devices.db.via"},
    {WITH("\"devices\": {\"\": {}}"), "$.devices[\"\"]"},
    {WITH("\"devices\": {\"disk\": 5}"), "$.devices.disk"},
    /* steps */
    {STEPS("[]"), "$.workload.request"},
    {STEPS("{\"cpu\": \"1ms\"}"), "$.workload.request"},
    {STEPS("[5]"), REQ0},
    {STEP("{}"), REQ0},
    {STEP("{\"cpux\": 1}"), REQ0},
    {STEP("{\"cpu\": \"1ms\", \"io\": \"1ms\"}"), REQ0 ".io"},
    {STEP("{\"cpu\": \"1ms\", \"device\": \"db\"}"), REQ0 ".device"},
    {STEP("{\"io\": \"1ms\", \"to\": \"worker\"}"), REQ0 ".to"},
    {STEP("{\"io\": \"1ms\", \"then\": {}}"), REQ0 ".then"},
    {STEP("{\"io\": \"1ms\", \"device\": 3}"), REQ0 ".device"},
    {STEP("{\"log\": 5}"), REQ0 ".log"},
    {STEP("{\"log\": [\"x\"]}"), REQ0 ".log"},
    {STEP("{\"microtask\": {}}"), REQ0 ".microtask"},
    {STEP("{\"next_tick\": \"x\"}"), REQ0 ".next_tick"},
    {STEP("{\"immediate\": [5]}"), REQ0 ".immediate[0]"},
    {STEP("{\"timeout\": \"1ms\", \"then\": 5}"), REQ0 ".then"},
    {STEP("{\"timeout\": \"1ms\", \"device\": \"db\"}"), REQ0 ".device"},
    {STEP("{\"parallel\": []}"), REQ0 ".parallel"},
    {STEP("{\"parallel\": {}}"), REQ0 ".parallel"},
    {STEP("{\"parallel\": [5]}"), REQ0 ".parallel[0]"},
    {STEP("{\"parallel\": [[{\"cpux\": 1}]]}"), REQ0 ".parallel[0][0]"},
    {STEP("{\"offload\": [], \"to\": \"gpu\"}"), REQ0 ".to"},
    {STEP("{\"offload\": {}}"), REQ0 ".offload"},
    {STEP("{\"offload\": [], \"then\": 5}"), REQ0 ".then"},
    {STEP("{\"repeat\": -1, \"steps\": []}"), REQ0 ".repeat"},
    {STEP("{\"repeat\": 1.5, \"steps\": []}"), REQ0 ".repeat"},
    {STEP("{\"repeat\": 1000001, \"steps\": []}"), REQ0 ".repeat"},
    {STEP("{\"repeat\": 2}"), REQ0},
    {STEP("{\"repeat\": 2, \"steps\": {}}"), REQ0 ".steps"},
    {STEP("{\"interval\": \"10ms\"}"), REQ0},
    {STEP("{\"interval\": \"10ms\", \"count\": 0}"), REQ0 ".count"},
    {STEP("{\"interval\": \"10ms\", \"count\": 1000001}"), REQ0 ".count"},
    {STEP("{\"interval\": -1, \"count\": 2}"), REQ0 ".interval"},
    {STEP("{\"interval\": \"1ms\", \"count\": 2, \"steps\": []}"), REQ0 ".steps"},
    {STEP("{\"interval\": \"1ms\", \"count\": 2, \"then\": 5}"), REQ0 ".then"},
    {STEP("{\"sleep\": -1}"), REQ0 ".sleep"},
    {STEP("{\"sleep\": \"1ms\", \"then\": []}"), REQ0 ".then"},
    {STEP("{\"io\": \"1ms\", \"round_trips\": 0}"), REQ0 ".round_trips"},
    {STEP("{\"io\": \"1ms\", \"round_trips\": 1001}"), REQ0 ".round_trips"},
    {STEP("{\"io\": \"1ms\", \"round_trips\": 1.5}"), REQ0 ".round_trips"},
    {STEP("{\"await\": 5}"), REQ0 ".await"},
    {STEP("{\"await\": \"\"}"), REQ0 ".await"},
    {STEP("{\"await\": [5]}"), REQ0 ".await[0]"},
    {STEP("{\"await\": [], \"returns\": \"maybe\"}"), REQ0 ".returns"},
    {STEP("{\"spawn\": \"t\"}"), REQ0},
    {STEP("{\"spawn\": 5, \"steps\": []}"), REQ0 ".spawn"},
    {STEP("{\"spawn\": \"t\", \"steps\": {}}"), REQ0 ".steps"},
    {STEP("{\"join\": \"\"}"), REQ0 ".join"},
    {STEP("{\"join\": \"t\", \"steps\": []}"), REQ0 ".steps"},
    {STEP("{\"resolve\": []}"), REQ0 ".resolve"},
    /* shared state: the values, read, write, lock */
    {WITH("\"state\": []"), "$.state"},
    {WITH("\"state\": {\"s\": 1.5}"), "$.state.s"},
    {WITH("\"state\": {\"s\": \"1\"}"), "$.state.s"},
    {WITH("\"state\": {\"s\": 1000000000000001}"), "$.state.s"},
    {WITH_STEPS("\"state\": {\"s\": 1}", "[{\"read\": \"\"}]"), REQ0 ".read"},
    {WITH_STEPS("\"state\": {\"s\": 1}", "[{\"read\": \"s\", \"add\": 1}]"), REQ0 ".add"},
    {WITH_STEPS("\"state\": {\"s\": 1}", "[{\"read\": \"s\"}, {\"write\": \"s\", \"add\": 0.5}]"),
     "$.workload.request[1].add"},
    {STEP("{\"lock\": \"m\"}"), REQ0},
    {STEP("{\"lock\": 5, \"steps\": []}"), REQ0 ".lock"},
    {STEP("{\"cpu\": \"1ms\", \"line\": 0}"), REQ0 ".line"},
    {STEP("{\"cpu\": \"1ms\", \"line\": 1.5}"), REQ0 ".line"},
    {STEP("{\"cpu\": \"1ms\", \"line\": \"1\"}"), REQ0 ".line"},
    {STEP("{\"cpu\": \"1ms\", \"line\": 1001}"), REQ0 ".line"},
    /* durations: the unit pattern, and numbers of milliseconds */
    {STEP("{\"cpu\": \"5 ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"-1ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"+5ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5min\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5m\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5sec\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5MS\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5e3ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \".5ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \"5.ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": \" 5ms\"}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": -3}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": 1e12}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": true}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": null}"), REQ0 ".cpu"},
    {STEP("{\"io\": [1]}"), REQ0 ".io"},
    {STEP("{\"native\": \"5m\"}"), REQ0 ".native"},
    /* distributions */
    {STEP("{\"cpu\": {}}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": {\"exp\": \"1ms\", \"normal\": [1, 2]}}"), REQ0 ".cpu"},
    {STEP("{\"cpu\": {\"gauss\": 1}}"), REQ0 ".cpu.gauss"},
    {STEP("{\"cpu\": {\"uniform\": [1, 2, 3]}}"), REQ0 ".cpu.uniform"},
    {STEP("{\"cpu\": {\"normal\": \"1ms\"}}"), REQ0 ".cpu.normal"},
    {STEP("{\"cpu\": {\"exp\": \"x\"}}"), REQ0 ".cpu.exp"},
    {STEP("{\"cpu\": {\"uniform\": [\"1ms\", {\"exp\": 1}]}}"), REQ0 ".cpu.uniform[1]"},
    /* arrivals */
    {ARRIVALS("5"), "$.workload.arrivals"},
    {ARRIVALS("{}"), "$.workload.arrivals"},
    {ARRIVALS("{\"burst\": 1, \"every\": \"1ms\"}"), "$.workload.arrivals.every"},
    {ARRIVALS("{\"burst\": 1, \"count\": 2}"), "$.workload.arrivals.count"},
    {ARRIVALS("{\"burst\": 0}"), "$.workload.arrivals.burst"},
    {ARRIVALS("{\"burst\": 100000001}"), "$.workload.arrivals.burst"},
    {ARRIVALS("{\"every\": \"1ms\"}"), "$.workload.arrivals"},
    {ARRIVALS("{\"every\": -1, \"count\": 1}"), "$.workload.arrivals.every"},
    {ARRIVALS("{\"every\": \"1ms\", \"count\": 1.5}"), "$.workload.arrivals.count"},
    {ARRIVALS("{\"poisson_per_s\": 0, \"count\": 1}"), "$.workload.arrivals.poisson_per_s"},
    {ARRIVALS("{\"poisson_per_s\": 1e400, \"count\": 1}"), "$.workload.arrivals.poisson_per_s"},
    {ARRIVALS("{\"poisson_per_s\": \"5\", \"count\": 1}"), "$.workload.arrivals.poisson_per_s"},
    {ARRIVALS("{\"at\": []}"), "$.workload.arrivals.at"},
    {ARRIVALS("{\"at\": \"1ms\"}"), "$.workload.arrivals.at"},
    {ARRIVALS("{\"at\": [\"1ms\", -1]}"), "$.workload.arrivals.at[1]"},
    {ARRIVALS("{\"at\": [{\"exp\": \"1ms\"}]}"), "$.workload.arrivals.at[0]"},
    {ARRIVALS("{\"closed\": 5}"), "$.workload.arrivals.closed"},
    {ARRIVALS("{\"closed\": {}}"), "$.workload.arrivals.closed"},
    {ARRIVALS("{\"closed\": {\"clients\": 0, \"requests\": 1}}"),
     "$.workload.arrivals.closed.clients"},
    {ARRIVALS("{\"closed\": {\"clients\": 1, \"requests\": 1.5}}"),
     "$.workload.arrivals.closed.requests"},
    {ARRIVALS("{\"closed\": {\"clients\": 1, \"requests\": 1, \"think\": \"x\"}}"),
     "$.workload.arrivals.closed.think"},
    {ARRIVALS("{\"closed\": {\"clients\": 1, \"requests\": 1, \"wait\": 1}}"),
     "$.workload.arrivals.closed.wait"},
    /* the forms of a workload */
    {WORKLOAD("5"), "$.workload"},
    {WORKLOAD("{}"), "$.workload"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}}"), "$.workload"},
    {WORKLOAD("{\"request\": [{\"cpu\": 1}]}"), "$.workload"},
    {WORKLOAD(
         "{\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": 1}], \"mix\": [{\"weight\": 1, "
         "\"steps\": [{\"cpu\": 1}]}]}"),
     "$.workload.mix"},
    {WORKLOAD("{\"requests\": [{\"steps\": [{\"cpu\": 1}]}], \"arrivals\": {\"burst\": 1}}"),
     "$.workload.arrivals"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": 1}], \"requsts\": []}"),
     "$.workload.requsts"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": []}"), "$.workload.mix"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": [5]}"), "$.workload.mix[0]"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": [{}]}"), "$.workload.mix[0]"},
    {WORKLOAD(
         "{\"arrivals\": {\"burst\": 1}, \"mix\": [{\"weight\": 0, \"steps\": [{\"cpu\": 1}]}]}"),
     "$.workload.mix[0].weight"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": [{\"weight\": 1, \"steps\": []}]}"),
     "$.workload.mix[0].steps"},
    {WORKLOAD("{\"arrivals\": {\"burst\": 1}, \"mix\": [{\"weight\": 1, \"steps\": [{\"cpu\": 1}], "
              "\"name\": \"x\"}]}"),
     "$.workload.mix[0].name"},
    {WORKLOAD("{\"requests\": []}"), "$.workload.requests"},
    {WORKLOAD("{\"requests\": [5]}"), "$.workload.requests[0]"},
    {WORKLOAD("{\"requests\": [{}]}"), "$.workload.requests[0]"},
    {WORKLOAD("{\"requests\": [{\"name\": \"\", \"steps\": [{\"cpu\": 1}]}]}"),
     "$.workload.requests[0].name"},
    {WORKLOAD("{\"requests\": [{\"at\": -1, \"steps\": [{\"cpu\": 1}]}]}"),
     "$.workload.requests[0].at"},
    {WORKLOAD("{\"requests\": [{\"at\": {\"exp\": 1}, \"steps\": [{\"cpu\": 1}]}]}"),
     "$.workload.requests[0].at"},
    {WORKLOAD("{\"requests\": [{\"steps\": []}]}"), "$.workload.requests[0].steps"},
    {WORKLOAD("{\"requests\": [{\"steps\": [{\"cpu\": 1}], \"priority\": 1}]}"),
     "$.workload.requests[0].priority"},
    /* runtimes */
    {RUNTIMES("{}"), "$.runtimes"},
    {RUNTIMES("[]"), "$.runtimes"},
    {RUNTIMES("[5]"), RT0},
    {RUNTIME("{}"), RT0},
    {RUNTIME("{\"model\": \"threads\"}"), RT0},
    {RUNTIME("{\"name\": \"a\"}"), RT0},
    {RUNTIME("{\"name\": \"\", \"model\": \"threads\"}"), RT0 ".name"},
    {RUNTIME("{\"name\": 5, \"model\": \"threads\"}"), RT0 ".name"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"thread\"}"), RT0},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"thread\": 2}"), RT0 ".thread"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": 0}"), RT0 ".threads"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": \"many\"}"), RT0 ".threads"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": 100001}"), RT0 ".threads"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": 1.5}"), RT0 ".threads"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"gil\": \"yes\"}"), RT0 ".gil"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"switch_interval\": 0}"),
     RT0 ".switch_interval"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"flavor\": \"node\"}"), RT0 ".flavor"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": 4, \"start_threads\": "
             "\"lazily\"}"),
     RT0 ".start_threads"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
             "\"start_threads\": \"when_needed\"}"),
     RT0 ".start_threads"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"event_loop\"}"), RT0},
    {RUNTIME("{\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"deno\"}"), RT0},
    {RUNTIME(
         "{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", \"threadpool\": 0}"),
     RT0 ".threadpool"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", \"workers\": -1}"),
     RT0 ".workers"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", \"gil\": true}"),
     RT0 ".gil"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
             "\"switch_interval\": \"5ms\"}"),
     RT0 ".switch_interval"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
             "\"threadpool\": 1025}"),
     RT0 ".threadpool"},
    {RUNTIME(
         "{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", \"workers\": 1}"),
     RT0 ".workers"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", \"gil\": 1}"),
     RT0 ".gil"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
             "\"log_cost\": -1}"),
     RT0 ".log_cost"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
             "\"first_log_cost\": {\"exp\": \"x\"}}"),
     RT0 ".first_log_cost.exp"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
             "\"loop_start\": true}"),
     RT0 ".loop_start"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
             "\"loop_start\": 0}"),
     RT0 ".loop_start"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
             "\"worker_start\": \"1ms\"}"),
     RT0 ".worker_start"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
             "\"processes\": 2}"),
     RT0 ".processes"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\"}"), RT0},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 0, \"each\": {\"model\": "
             "\"threads\"}}"),
     RT0 ".processes"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": 5}"),
     RT0 ".each"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": {\"model\": "
             "\"threads\"}, \"dispatch\": \"random\"}"),
     RT0 ".dispatch"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": {\"model\": "
             "\"processes\", \"processes\": 2, \"each\": {\"model\": \"threads\"}}}"),
     RT0 ".each"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": {}}"),
     RT0 ".each"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": {\"name\": "
             "\"\", \"model\": \"threads\"}}"),
     RT0 ".each.name"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": {\"model\": "
             "\"event_loop\", \"flavor\": \"node\", \"gil\": true}}"),
     RT0 ".each.gil"},
    /* narration and code */
    {WITH("\"narration\": {}"), "$.narration"},
    {WITH("\"narration\": [5]"), "$.narration[0]"},
    {WITH("\"narration\": [{}]"), "$.narration[0]"},
    {WITH("\"narration\": [{\"at\": -1, \"text\": \"x\"}]"), "$.narration[0].at"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": 5}]"), "$.narration[0].text"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"when\": 1}]"),
     "$.narration[0].when"},
    {WITH("\"code\": []"), "$.code"},
    {WITH("\"code\": {}"), "$.code"},
    {WITH("\"code\": {\"language\": 5, \"lines\": []}"), "$.code.language"},
    {WITH("\"code\": {\"language\": \"js\", \"lines\": \"x\"}"), "$.code.lines"},
    {WITH("\"code\": {\"language\": \"js\", \"lines\": [1, \"b\"]}"), "$.code.lines[0]"},
    {WITH("\"code\": {\"language\": \"js\", \"lines\": [], \"tab\": 4}"), "$.code.tab"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"until\": -1, \"text\": \"x\"}]"),
     "$.narration[0].until"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"until\": \"soon\", \"text\": \"x\"}]"),
     "$.narration[0].until"},
    /* a caption's zoom: a list of two durations (the order the loader checks) */
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"zoom\": \"20ms\"}]"),
     "$.narration[0].zoom"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"zoom\": [\"5ms\"]}]"),
     "$.narration[0].zoom"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"zoom\": [\"0ms\", \"1ms\", "
          "\"2ms\"]}]"),
     "$.narration[0].zoom"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"zoom\": [true, \"1ms\"]}]"),
     "$.narration[0].zoom[0]"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"zoom\": [\"0ms\", -1]}]"),
     "$.narration[0].zoom[1]"},
    /* a caption's presenter notes; the lesson's place in the teaching order */
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"notes\": 5}]"),
     "$.narration[0].notes"},
    {WITH("\"narration\": [{\"at\": \"0ms\", \"text\": \"x\", \"notes\": \"\"}]"),
     "$.narration[0].notes"},
    {WITH("\"lesson\": 3"), "$.lesson"},
    {WITH("\"lesson\": {}"), "$.lesson"},
    {WITH("\"lesson\": {\"order\": 0}"), "$.lesson.order"},
    {WITH("\"lesson\": {\"order\": 1001}"), "$.lesson.order"},
    {WITH("\"lesson\": {\"order\": 2.5}"), "$.lesson.order"},
    {WITH("\"lesson\": {\"order\": \"3\"}"), "$.lesson.order"},
    {WITH("\"lesson\": {\"order\": 3, \"teaser\": \"\"}"), "$.lesson.teaser"},
    {WITH("\"lesson\": {\"order\": 3, \"title\": 5}"), "$.lesson.title"},
    {WITH("\"lesson\": {\"order\": 3, \"spoiler\": \"x\"}"), "$.lesson.spoiler"},
    {WITH("\"lesson\": {\"focus\": \"timeline\"}"), "$.lesson.focus"},
    {WITH("\"lesson\": {\"focus\": []}"), "$.lesson.focus"},
    {WITH("\"lesson\": {\"focus\": [\"kitchen\"]}"), "$.lesson.focus[0]"},
    {WITH("\"lesson\": {\"focus\": [\"log\", \"log\"]}"), "$.lesson.focus"},
    /* questions */
    {WITH("\"questions\": {}"), "$.questions"},
    {WITH("\"questions\": [{\"at\": 0, \"ask\": \"?\", \"kind\": \"choice\"}]"), "$.questions[0]"},
    {WITH("\"questions\": [{\"id\": \"a b\", \"at\": 0, \"ask\": \"?\", \"kind\": \"choice\", "
          "\"options\": [\"x\", \"y\"], \"answer\": \"x\"}]"),
     "$.questions[0].id"},
    {WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"guess\"}]"),
     "$.questions[0].kind"},
    {WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"choice\", "
          "\"options\": [\"x\"], \"answer\": \"x\"}]"),
     "$.questions[0].options"},
    {WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
          "\"metric\": \"p99\"}]"),
     "$.questions[0].metric"},
    {WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
          "\"metric\": \"events\", \"answer\": \"3\"}]"),
     "$.questions[0].answer"},
    {WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
          "\"metric\": \"events\", \"tolerance\": 1.5}]"),
     "$.questions[0].tolerance"},
    {WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"choice\", "
          "\"options\": [\"x\", \"y\"], \"answer\": \"x\", \"hint\": \"no\"}]"),
     "$.questions[0].hint"},
    /* a number about a service: one of a service's metrics; only a number has one */
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
          "[{\"cpu\": 1}]}}, \"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", "
          "\"kind\": \"number\", \"service\": \"s\", \"metric\": \"makespan_ms\"}]"),
     "$.questions[0].service"},
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
          "[{\"cpu\": 1}]}}, \"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", "
          "\"kind\": \"choice\", \"options\": [\"x\", \"y\"], \"answer\": \"x\", \"service\": "
          "\"s\"}]"),
     "$.questions[0].service"},
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
          "[{\"cpu\": 1}]}}, \"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", "
          "\"kind\": \"number\", \"service\": \"\", \"metric\": \"completed\"}]"),
     "$.questions[0].service"},
    /* a runtime's own narration and code: the same shape as the scenario's */
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"narration\": {}}"), RT0 ".narration"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"narration\": [{\"at\": \"1ms\"}]}"),
     RT0 ".narration[0]"},
    {RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", "
             "\"narration\": [{\"at\": \"1ms\", \"until\": true, \"text\": \"x\"}]}"),
     RT0 ".narration[0].until"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
             "\"code\": {\"language\": \"python\"}}"),
     RT0 ".code"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": "
             "{\"model\": \"threads\"}, \"code\": {\"language\": \"py\", \"lines\": [5]}}"),
     RT0 ".code.lines[0]"},
    /* only a runtime of the list has them, not the `each` of processes */
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": "
             "{\"model\": \"threads\", \"narration\": []}}"),
     RT0 ".each.narration"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": "
             "{\"model\": \"threads\", \"code\": {\"language\": \"\", \"lines\": []}}}"),
     RT0 ".each.code"},
    {RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"in_process\": \"s\"}"),
     RT0 ".in_process"},
    {RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 2, \"each\": "
             "{\"model\": \"threads\", \"in_process\": []}}"),
     RT0 ".each.in_process"},
    /* services, network and call */
    {WITH("\"network\": {\"latency\": \"-1ms\"}"), "$.network.latency"},
    {WITH("\"network\": {\"delay\": \"1ms\"}"), "$.network.delay"},
    {WITH("\"services\": []"), "$.services"},
    {WITH("\"services\": {\"s\": {\"request\": [{\"cpu\": \"1ms\"}]}}"), "$.services.s"},
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}}}"), "$.services.s"},
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": []}}"),
     "$.services.s.request"},
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\", \"code\": "
          "{\"language\": \"\", \"lines\": []}}, \"request\": [{\"cpu\": 1}]}}"),
     "$.services.s.runtime.code"},
    {WITH("\"services\": {\"s\": {\"runtime\": {\"model\": \"fibers\"}, \"request\": "
          "[{\"cpu\": 1}]}}"),
     "$.services.s.runtime"},
    {WITH_STEPS("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
                "[{\"cpu\": \"1ms\"}]}}",
                "[{\"call\": 5}]"),
     REQ0 ".call"},
    {WITH_STEPS("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
                "[{\"cpu\": \"1ms\"}]}}",
                "[{\"call\": \"s\", \"device\": \"d\"}]"),
     REQ0 ".device"},
    /* shared state in a service's program */
    {WITH_STEPS(
         "\"state\": {\"s\": 1}, \"services\": {\"v\": {\"runtime\": {\"model\": "
         "\"threads\"}, \"request\": [{\"read\": \"s\"}, {\"write\": \"s\", \"add\": 0.5}]}}",
         "[{\"call\": \"v\"}]"),
     "$.services.v.request[1].add"},
};

/* Valid for both: the edges of each rule, and every optional form. */
static const char *const edge_cases[] = {
    WITH("\"state\": {}"),
    /* a service and the front read and write the same value, each under its lock */
    WITH_STEPS("\"state\": {\"s\": 1}, \"services\": {\"v\": {\"runtime\": {\"model\": "
               "\"threads\"}, \"request\": [{\"lock\": \"m\", \"steps\": [{\"read\": \"s\"}, "
               "{\"write\": \"s\", \"add\": -1}]}]}}",
               "[{\"lock\": \"m\", \"steps\": [{\"read\": \"s\"}, {\"call\": \"v\"}, "
               "{\"write\": \"s\"}]}]"),
    WITH_STEPS("\"state\": {\"s\": -1000000000000000, \"t\": 1000000000000000}",
               "[{\"read\": \"s\"}, {\"write\": \"s\", \"add\": -1000000000000000}, "
               "{\"lock\": \"m\", \"steps\": [{\"read\": \"t\", \"line\": 1}, {\"write\": "
               "\"t\"}]}, {\"lock\": \"n\", \"steps\": []}]"),
    WITH("\"$schema\": \"../docs/scenario.schema.json\""),
    WITH("\"questions\": [{\"id\": \"who-1_A\", \"at\": 0, \"ask\": \"?\", \"kind\": \"choice\", "
         "\"options\": [\"x\", \"y\"], \"answer\": \"y\", \"runtime\": \"a\"}, {\"id\": \"n\", "
         "\"at\": \"2ms\", \"ask\": \"?\", \"kind\": \"number\", \"metric\": \"latency_ms.p99\", "
         "\"tolerance\": 0}]"),
    /* numbers about a service behind the run, with every metric only a service has */
    WITH_STEPS("\"services\": {\"s\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
               "[{\"cpu\": 1}]}}, \"questions\": [{\"id\": \"a\", \"at\": 0, \"ask\": \"?\", "
               "\"kind\": \"number\", \"service\": \"s\", \"metric\": \"in_flight_max\"}, "
               "{\"id\": \"b\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", \"service\": "
               "\"s\", \"metric\": \"latency_ms.p99\", \"tolerance\": 0.1}]",
               "[{\"call\": \"s\"}]"),
    VALID,
    WITH("\"description\": \"\", \"seed\": 0"),
    WITH("\"seed\": 9007199254740992"),
    WITH("\"seed\": 2.0"),
    WITH("\"machine\": {\"cores\": 1024, \"quantum\": \"1ns\", \"context_switch\": 0, "
         "\"thread_memory\": \"1.5KiB\", \"connection_memory\": \"4096\", "
         "\"process_memory\": \"1TiB\", \"jitter\": false}"),
    WITH(
        "\"machine\": {\"quantum\": 0.5, \"thread_memory\": 4096, \"connection_memory\": \"10kB\", "
        "\"process_memory\": \"1.0\"}"),
    WITH("\"machine\": {\"quantum\": \"0.5ns\", \"thread_memory\": 1099511627776, "
         "\"connection_memory\": \"1.123456GB\", \"process_memory\": \"512B\"}"),
    WITH("\"devices\": {}"),
    WITH("\"devices\": {\"db\": {\"capacity\": 1000000000, \"via\": \"poller\"}, \"disk\": "
         "{\"via\": \"threadpool\"}}"),
    STEP("{\"cpu\": \"0.1ms\"}, {\"cpu\": 1.5}, {\"cpu\": \"0ns\"}, {\"cpu\": 0}, {\"cpu\": "
         "\"1000000s\"}, {\"cpu\": 1e9}, {\"cpu\": \"007ms\"}, {\"native\": \"40us\"}"),
    STEP("{\"cpu\": {\"exp\": 0}}, {\"io\": {\"uniform\": [\"1ms\", \"1ms\"]}}, {\"timeout\": "
         "{\"normal\": [0, 0]}}, {\"native\": {\"lognormal\": [\"1ns\", 0]}}"),
    WITH_STEPS("\"devices\": {\"db\": {}}, \"code\": {\"language\": \"\", \"lines\": [\"a\"]}",
               "[{\"io\": \"1ms\", \"device\": \"db\", \"then\": [], \"line\": 1}]"),
    STEP("{\"log\": \"\"}, {\"microtask\": []}, {\"next_tick\": []}, {\"immediate\": []}, "
         "{\"timeout\": 0}, {\"timeout\": 0, \"then\": []}, {\"parallel\": [[]]}"),
    STEP("{\"offload\": [], \"to\": \"worker\", \"then\": []}, {\"offload\": [{\"cpu\": 1}], "
         "\"to\": \"threadpool\"}, {\"repeat\": 0, \"steps\": []}, {\"repeat\": 1000000, "
         "\"steps\": []}, {\"cpu\": 1, \"line\": 1000}"),
    STEP("{\"interval\": 0, \"count\": 1}, {\"interval\": \"10ms\", \"count\": 3, \"then\": "
         "[{\"log\": \"tick\"}], \"line\": 1000}, {\"sleep\": 0}, {\"sleep\": {\"exp\": "
         "\"1ms\"}, \"line\": 1}"),
    WITH_STEPS("\"devices\": {\"disk\": {\"via\": \"threadpool\"}, \"db\": {}}",
               "[{\"io\": \"1ms\", \"device\": \"disk\", \"round_trips\": 4, \"then\": []}, "
               "{\"io\": \"1ms\", \"device\": \"disk\", \"round_trips\": 1000}, {\"io\": "
               "\"1ms\", \"device\": \"db\", \"round_trips\": 1}]"),
    STEP("{\"await\": []}, {\"await\": [{\"cpu\": 1}], \"returns\": \"promise\"}, "
         "{\"await\": [], \"returns\": \"value\"}, {\"await\": \"resolved\"}, {\"await\": "
         "\"thenable\"}, {\"spawn\": \"t\", \"steps\": []}, {\"join\": \"t\"}, {\"timeout\": 0, "
         "\"then\": [{\"resolve\": \"p\"}]}, {\"await\": \"p\"}"),
    ARRIVALS("{\"every\": \"0ms\", \"count\": 1}"),
    ARRIVALS("{\"poisson_per_s\": 1000000000, \"count\": 100000000}"),
    ARRIVALS("{\"poisson_per_s\": 0.001, \"count\": 1}"),
    ARRIVALS("{\"at\": [\"5ms\", 0, \"0ns\"]}"),
    ARRIVALS("{\"closed\": {\"clients\": 1, \"requests\": 1}}"),
    ARRIVALS("{\"closed\": {\"clients\": 100, \"requests\": 1000, \"think\": {\"exp\": \"1s\"}}}"),
    WORKLOAD(
        "{\"arrivals\": {\"burst\": 1}, \"mix\": [{\"weight\": 0.5, \"steps\": [{\"cpu\": 1}]}, "
        "{\"weight\": 1000000000, \"steps\": [{\"io\": 1}]}]}"),
    WORKLOAD("{\"requests\": [{\"steps\": [{\"cpu\": 1}]}, {\"name\": \"b\", \"at\": \"5ms\", "
             "\"steps\": [{\"cpu\": 1}]}]}"),
    RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": 8, \"start_threads\": "
            "\"when_needed\"}, {\"name\": \"b\", \"model\": \"processes\", \"processes\": 2, "
            "\"each\": {\"model\": \"threads\", \"threads\": 2, \"start_threads\": \"at_start\"}}"),
    RUNTIME(
        "{\"name\": \"a\", \"model\": \"threads\", \"threads\": \"per_request\", \"gil\": true, "
        "\"switch_interval\": \"1ns\"}, {\"name\": \"b\", \"model\": \"threads\", "
        "\"threads\": 100000.0}"),
    RUNTIME(
        "{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", \"threadpool\": 1024, "
        "\"workers\": 0}, {\"name\": \"p\", \"model\": \"event_loop\", \"flavor\": \"asyncio\", "
        "\"threadpool\": 1, \"gil\": false, \"switch_interval\": 0.001}"),
    RUNTIME("{\"name\": \"n\", \"model\": \"event_loop\", \"flavor\": \"node\", \"log_cost\": 0, "
            "\"first_log_cost\": \"3ms\", \"loop_start\": {\"uniform\": [\"0.2ms\", \"0.5ms\"]}, "
            "\"worker_start\": {\"lognormal\": [\"60ms\", \"25ms\"]}}, {\"name\": \"p\", "
            "\"model\": \"event_loop\", \"flavor\": \"asyncio\", \"log_cost\": \"9us\", "
            "\"first_log_cost\": 0.12}"),
    RUNTIME("{\"name\": \"p\", \"model\": \"processes\", \"processes\": 1024, \"dispatch\": "
            "\"shared_queue\", \"each\": {\"model\": \"event_loop\", \"flavor\": \"asyncio\"}}, "
            "{\"name\": \"q\", \"model\": \"processes\", \"processes\": 1, \"each\": {\"name\": "
            "\"w\", \"model\": \"threads\", \"threads\": 2}}"),
    WITH("\"narration\": [], \"code\": {\"language\": \"python\", \"lines\": []}"),
    WITH("\"narration\": [{\"at\": 0, \"text\": \"\"}, {\"at\": \"1ns\", \"text\": \"b\"}]"),
    WITH("\"narration\": [{\"at\": 0, \"text\": \"a\", \"notes\": \"Ask: why?\"}]"),
    WITH("\"lesson\": {\"order\": 1}"),
    WITH("\"lesson\": {\"order\": 1000, \"title\": \"t\", \"teaser\": \"What happens?\"}"),
    WITH("\"narration\": [{\"at\": 0, \"until\": \"1ns\", \"text\": \"a\"}, {\"at\": \"1ns\", "
         "\"until\": 1000000, \"text\": \"b\"}]"),
    /* every model may have its own; an empty narration is one (no captions) */
    WITH_STEPS("\"narration\": [{\"at\": 0, \"text\": \"all\"}], \"code\": {\"language\": "
               "\"\", \"lines\": [\"a\"]}",
               "[{\"cpu\": 1, \"line\": 1}]"),
    RUNTIME("{\"name\": \"t\", \"model\": \"threads\", \"narration\": [], \"code\": "
            "{\"language\": \"python\", \"lines\": []}}, {\"name\": \"n\", \"model\": "
            "\"event_loop\", \"flavor\": \"node\", \"narration\": [{\"at\": \"1ms\", "
            "\"until\": \"2ms\", \"text\": \"x\"}], \"code\": {\"language\": \"javascript\", "
            "\"lines\": [\"x();\"]}}, {\"name\": \"a\", \"model\": \"event_loop\", "
            "\"flavor\": \"asyncio\", \"narration\": []}, {\"name\": \"p\", \"model\": "
            "\"processes\", \"processes\": 2, \"each\": {\"model\": \"threads\"}, "
            "\"code\": {\"language\": \"\", \"lines\": []}}"),
    /* a runtime with a service in its own process */
    "{" HEAD ", \"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
    "[{\"cpu\": 1}]}}, \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"call\": "
    "\"ml\"}]}, \"runtimes\": [{\"name\": \"a\", \"model\": \"event_loop\", \"flavor\": "
    "\"node\", \"in_process\": [\"ml\"]}, {\"name\": \"b\", \"model\": \"processes\", "
    "\"processes\": 2, \"each\": {\"model\": \"threads\"}, \"in_process\": []}]}",
    /* services: every runtime model behind the front, calls with then and in parallel */
    WITH_STEPS("\"network\": {\"latency\": \"0.5ms\"}, \"services\": {\"ml\": {\"runtime\": "
               "{\"model\": \"processes\", \"processes\": 4, \"each\": {\"model\": "
               "\"threads\", \"gil\": true}}, \"machine\": {\"cores\": 4}, \"request\": "
               "[{\"cpu\": \"40ms\"}, {\"call\": \"db\"}]}, \"db\": {\"runtime\": {\"model\": "
               "\"event_loop\", \"flavor\": \"asyncio\"}, \"request\": [{\"io\": \"5ms\"}]}, "
               "\"n\": {\"runtime\": {\"model\": \"event_loop\", \"flavor\": \"node\", "
               "\"name\": \"x\"}, \"request\": [{\"cpu\": 1}]}}",
               "[{\"call\": \"ml\", \"then\": [{\"cpu\": 1}]}, {\"parallel\": "
               "[[{\"call\": \"db\"}], [{\"call\": \"n\"}]]}]"),
};

/* Rules that only the loader checks: docs/scenario-format.md lists the same ones,
 * and test_schema_leaves_rules_to_loader adds the long ones built by code. */
static const struct {
    const char *rule;
    const char *doc;
} loader_only[] = {
    {"duplicate keys", "{" HEAD ", \"title\": \"u\", " WL ", " RT "}"},
    {"a duration is at most 1000000s", STEP("{\"cpu\": \"1000001s\"}")},
    {"a duration is at most 1000000s", STEP("{\"cpu\": \"1000000000001ms\"}")},
    {"a duration above 0 is at least 1ns once rounded",
     WITH("\"machine\": {\"quantum\": \"0.4ns\"}")},
    {"a duration above 0 is at least 1ns once rounded", WITH("\"machine\": {\"quantum\": 1e-7}")},
    {"a size is at most 1TiB", WITH("\"machine\": {\"thread_memory\": \"2TiB\"}")},
    {"whole numbers are read exactly", WITH("\"seed\": 9007199254740993")},
    {"-0 is not a number bistro reads", WITH("\"seed\": -0")},
    {"-0 is not a number bistro reads", STEP("{\"cpu\": -0}")},
    {"a device must exist", STEP("{\"io\": \"1ms\", \"device\": \"db\"}")},
    {"a question's id once", WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", "
                                  "\"kind\": \"number\", \"metric\": \"events\"}, {\"id\": \"q\", "
                                  "\"at\": 0, \"ask\": \"?\", \"kind\": \"number\", \"metric\": "
                                  "\"events\"}]")},
    {"a choice's answer is one of its options",
     WITH("\"questions\": [{\"id\": \"q\", \"at\": 0, \"ask\": \"?\", \"kind\": \"choice\", "
          "\"options\": [\"x\", \"y\"], \"answer\": \"z\"}]")},
    {"questions go in time order",
     WITH("\"questions\": [{\"id\": \"a\", \"at\": 5, \"ask\": \"?\", \"kind\": \"number\", "
          "\"metric\": \"events\"}, {\"id\": \"b\", \"at\": 1, \"ask\": \"?\", \"kind\": "
          "\"number\", \"metric\": \"events\"}]")},
    {"an order question needs a step that prints",
     WITH("\"questions\": [{\"id\": \"o\", \"at\": 0, \"ask\": \"?\", \"kind\": \"order\"}]")},
    {"a question's runtime exists",
     WITH("\"questions\": [{\"id\": \"n\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
          "\"metric\": \"events\", \"runtime\": \"zz\"}]")},
    {"start_threads goes with a pool, not per_request",
     RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"threads\": \"per_request\", "
             "\"start_threads\": \"when_needed\"}")},
    {"a line must fall inside the code listing",
     WITH_STEPS("\"code\": {\"language\": \"js\", \"lines\": [\"a\"]}",
                "[{\"cpu\": 1, \"line\": 2}]")},
    {"uniform: low not above high", STEP("{\"cpu\": {\"uniform\": [\"3ms\", \"1ms\"]}}")},
    {"lognormal: mean above 0", STEP("{\"cpu\": {\"lognormal\": [0, 1]}}")},
    {"at most 100000 steps once repeats are unrolled",
     STEP("{\"repeat\": 1000, \"steps\": [{\"repeat\": 1000, \"steps\": [{\"cpu\": 1}]}]}")},
    {"at most 100000 steps once repeats are unrolled",
     STEP("{\"interval\": 1, \"count\": 50000, \"then\": [{\"cpu\": 1}]}")},
    {"round_trips above 1 needs a device via the threadpool",
     STEP("{\"io\": \"1ms\", \"round_trips\": 2}")},
    {"a join needs a spawn of its name before it", STEP("{\"join\": \"t\"}")},
    {"an await of a name needs a resolve of it", STEP("{\"await\": \"p\"}")},
    {"a name is a task or a promise",
     STEP("{\"spawn\": \"t\", \"steps\": []}, {\"resolve\": \"t\"}")},
    {"no resolve of a word of await", STEP("{\"resolve\": \"thenable\"}")},
    {"no task or promise in offloaded steps", STEP("{\"offload\": [{\"resolve\": \"p\"}]}")},
    {"returns only with an await of steps",
     STEP("{\"await\": \"resolved\", \"returns\": \"value\"}")},
    {"every: the last request within 1000000s",
     ARRIVALS("{\"every\": \"1000s\", \"count\": 100000000}")},
    {"a read or write names a shared value of state",
     WITH_STEPS("\"state\": {\"s\": 1}", "[{\"read\": \"t\"}]")},
    {"a write comes after a read of its value in the request",
     WITH_STEPS("\"state\": {\"s\": 1}", "[{\"write\": \"s\"}]")},
    {"no lock inside a lock of the same name",
     STEP("{\"lock\": \"m\", \"steps\": [{\"lock\": \"m\", \"steps\": []}]}")},
    {"locks nested in one order everywhere",
     STEP("{\"lock\": \"a\", \"steps\": [{\"lock\": \"b\", \"steps\": []}]}, {\"lock\": "
          "\"b\", \"steps\": [{\"lock\": \"a\", \"steps\": []}]}")},
    {"runtime names differ",
     RUNTIME(
         "{\"name\": \"a\", \"model\": \"threads\"}, {\"name\": \"a\", \"model\": \"threads\"}")},
    {"captions in time order", WITH("\"narration\": [{\"at\": \"5ms\", \"text\": \"a\"}, "
                                    "{\"at\": \"5ms\", \"text\": \"b\"}]")},
    {"a caption's until after its at",
     WITH("\"narration\": [{\"at\": \"5ms\", \"until\": \"5ms\", \"text\": \"a\"}]")},
    {"a caption's until after its at",
     RUNTIME("{\"name\": \"a\", \"model\": \"threads\", \"narration\": [{\"at\": \"5ms\", "
             "\"until\": \"1ms\", \"text\": \"a\"}]}")},
    {"a line must fall inside every runtime's own code listing",
     "{" HEAD ", \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": [{\"cpu\": 1, "
     "\"line\": 2}]}, \"runtimes\": [{\"name\": \"a\", \"model\": \"threads\", \"code\": "
     "{\"language\": \"js\", \"lines\": [\"a\"]}}]}"},
    {"a call names a service", STEP("{\"call\": \"nowhere\"}")},
    {"no cycle of calls among services",
     WITH("\"services\": {\"a\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
          "[{\"call\": \"b\"}]}, \"b\": {\"runtime\": {\"model\": \"threads\"}, "
          "\"request\": [{\"call\": \"a\"}]}}")},
    {"in_process names services", RUNTIME("{\"name\": \"a\", \"model\": \"threads\", "
                                          "\"in_process\": [\"nowhere\"]}")},
    {"a question's service exists",
     WITH("\"questions\": [{\"id\": \"n\", \"at\": 0, \"ask\": \"?\", \"kind\": \"number\", "
          "\"service\": \"zz\", \"metric\": \"completed\"}]")},
    {"a question's runtime calls its service over the network",
     "{" HEAD ", \"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
     "[{\"cpu\": 1}]}}, \"workload\": {\"arrivals\": {\"burst\": 1}, \"request\": "
     "[{\"call\": \"ml\"}]}, \"runtimes\": [{\"name\": \"a\", \"model\": \"threads\", "
     "\"in_process\": [\"ml\"]}], \"questions\": [{\"id\": \"n\", \"at\": 0, \"ask\": \"?\", "
     "\"kind\": \"number\", \"service\": \"ml\", \"metric\": \"completed\"}]}"},
    {"no lock held across an in-process call of a service that takes it",
     "{" HEAD ", \"services\": {\"ml\": {\"runtime\": {\"model\": \"threads\"}, \"request\": "
     "[{\"lock\": \"m\", \"steps\": [{\"cpu\": 1}]}]}}, \"workload\": {\"arrivals\": "
     "{\"burst\": 1}, \"request\": [{\"lock\": \"m\", \"steps\": [{\"call\": \"ml\"}]}]}, "
     "\"runtimes\": [{\"name\": \"a\", \"model\": \"threads\", \"in_process\": [\"ml\"]}]}"},
};

#endif
