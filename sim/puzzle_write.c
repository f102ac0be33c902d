/* puzzle_write.c - a drawn puzzle program as text: the real program (JavaScript
 * for node, Python for asyncio) and the bistro/1 scenario that stands for it.
 *
 * The program is laid out first, line by line; that gives each print its number
 * (the prints are numbered in the order they appear in the text) and each
 * statement its line, which the scenario's steps then point at.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "puzzle_internal.h"

#define PZ_MAX_LINES 1000 /* a code listing's most lines (docs/scenario-format.md) */
#define PZ_LINE_BYTES 160

typedef struct {
    pz_program *p;
    char (*lines)[PZ_LINE_BYTES];
    int nlines;
    int nlabels; /* prints numbered so far */
    int ncallbacks; /* Python's named callbacks so far */
    int func_number[PZ_MAX_FUNCS]; /* taskK / helperK */
} pz_text;

static int add_line(pz_text *t, int indent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends a line; returns its number (from 1). The grammar's limits keep a program
 * far below PZ_MAX_LINES lines of PZ_LINE_BYTES bytes. */
static int add_line(pz_text *t, int indent, const char *fmt, ...)
{
    if (t->nlines == PZ_MAX_LINES)
        return t->nlines;
    char *l = t->lines[t->nlines++];
    int unit = t->p->flavor == PUZZLE_NODE ? 2 : 4;
    int n = snprintf(l, PZ_LINE_BYTES, "%*s", indent * unit, "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l + n, PZ_LINE_BYTES - (size_t)n, fmt, ap);
    va_end(ap);
    return t->nlines;
}

static const char *func_word(const pz_text *t, int f)
{
    return t->p->funcs[f].task ? "task" : "helper";
}

/* Seconds for Python: 0 -> "0", 20 -> "0.02", 1500 -> "1.5". */
static void seconds(int ms, char *out, size_t cap)
{
    snprintf(out, cap, "%d.%03d", ms / 1000, ms % 1000);
    size_t n = strlen(out);
    while (out[n - 1] == '0')
        out[--n] = '\0';
    if (out[n - 1] == '.')
        out[n - 1] = '\0';
}

/* The body of node k is one print: the callback fits on one line. */
static bool one_print(const pz_text *t, int k)
{
    const pz_body *b = &t->p->nodes[k].body;
    return b->n == 1 && t->p->nodes[b->stmt[0]].kind == PZ_LOG;
}

static void js_body(pz_text *t, const pz_body *b, int indent);

static void js_stmt(pz_text *t, int k, int indent)
{
    pz_node *n = &t->p->nodes[k];
    const char *open = "", *close = ")";
    char delay[32];
    switch (n->kind) {
    case PZ_LOG:
        n->label = ++t->nlabels;
        n->line = add_line(t, indent, "log(%d);", n->label);
        return;
    case PZ_SPAWN:
        if (t->p->funcs[n->func].joined)
            n->line = add_line(t, indent, "const t%d = task%d();", t->func_number[n->func],
                               t->func_number[n->func]);
        else
            n->line = add_line(t, indent, "task%d();", t->func_number[n->func]);
        return;
    case PZ_JOIN: n->line = add_line(t, indent, "await t%d;", t->func_number[n->func]); return;
    case PZ_AWAIT_RESOLVED: n->line = add_line(t, indent, "await Promise.resolve();"); return;
    case PZ_AWAIT_CALL:
        n->line = add_line(t, indent, "await helper%d();", t->func_number[n->func]);
        return;
    case PZ_TICK: open = "process.nextTick("; break;
    case PZ_THEN: open = "Promise.resolve().then("; break;
    case PZ_IMMEDIATE: open = "setImmediate("; break;
    case PZ_READ: open = "fs.readFile(__filename, "; break;
    case PZ_TIMER:
        open = "setTimeout(";
        snprintf(delay, sizeof delay, ", %d)", n->delay_ms);
        close = delay;
        break;
    case PZ_SOON: break;
    }
    if (one_print(t, k)) {
        pz_node *log = &t->p->nodes[n->body.stmt[0]];
        log->label = ++t->nlabels;
        n->line = log->line = add_line(t, indent, "%s() => log(%d)%s;", open, log->label, close);
        return;
    }
    n->line = add_line(t, indent, "%s() => {", open);
    js_body(t, &n->body, indent + 1);
    add_line(t, indent, "}%s;", close);
}

static void js_body(pz_text *t, const pz_body *b, int indent)
{
    for (int i = 0; i < b->n; i++)
        js_stmt(t, b->stmt[i], indent);
}

static void js_program(pz_text *t)
{
    pz_program *p = t->p;
    add_line(t, 0, "// Print-order puzzle, seed %llu", (unsigned long long)p->seed);
    if (p->has_read)
        add_line(t, 0, "const fs = require('fs');");
    add_line(t, 0, "const log = console.log;");
    for (int f = 0; f < p->nfuncs; f++) {
        add_line(t, 0, "%s", "");
        add_line(t, 0, "async function %s%d() {", func_word(t, f), t->func_number[f]);
        js_body(t, &p->funcs[f].body, 1);
        add_line(t, 0, "}");
    }
    add_line(t, 0, "%s", "");
    add_line(t, 0, "async function main() {");
    js_body(t, &p->main, 1);
    add_line(t, 0, "}");
    add_line(t, 0, "%s", "");
    add_line(t, 0, "main();");
}

static void py_body(pz_text *t, const pz_body *b, int indent);

static void py_stmt(pz_text *t, int k, int indent)
{
    pz_node *n = &t->p->nodes[k];
    int fn = n->func >= 0 ? t->func_number[n->func] : 0;
    char delay[32];
    seconds(n->delay_ms, delay, sizeof delay);
    switch (n->kind) {
    case PZ_LOG:
        n->label = ++t->nlabels;
        n->line = add_line(t, indent, "print(%d)", n->label);
        return;
    case PZ_SPAWN:
        n->line = add_line(t, indent, "t%d = loop.create_task(task%d())", fn, fn);
        return;
    case PZ_JOIN: n->line = add_line(t, indent, "await t%d", fn); return;
    case PZ_AWAIT_CALL: n->line = add_line(t, indent, "await helper%d()", fn); return;
    case PZ_AWAIT_RESOLVED: /* not in asyncio's grammar */
    case PZ_TICK:
    case PZ_THEN:
    case PZ_IMMEDIATE: return;
    case PZ_SOON:
    case PZ_TIMER:
    case PZ_READ: break;
    }
    static const char read_call[] = "loop.run_in_executor(None, Path(__file__).read_bytes)";
    if (one_print(t, k)) {
        pz_node *log = &t->p->nodes[n->body.stmt[0]];
        log->label = ++t->nlabels;
        if (n->kind == PZ_SOON)
            n->line = add_line(t, indent, "loop.call_soon(print, %d)", log->label);
        else if (n->kind == PZ_TIMER)
            n->line = add_line(t, indent, "loop.call_later(%s, print, %d)", delay, log->label);
        else
            n->line = add_line(t, indent, "%s.add_done_callback(lambda _: print(%d))", read_call,
                               log->label);
        log->line = n->line;
        return;
    }
    int cb = ++t->ncallbacks;
    add_line(t, indent, "def %s%d(%s):", n->kind == PZ_READ ? "on_read" : "cb", cb,
             n->kind == PZ_READ ? "_" : "");
    py_body(t, &n->body, indent + 1);
    if (n->kind == PZ_SOON)
        n->line = add_line(t, indent, "loop.call_soon(cb%d)", cb);
    else if (n->kind == PZ_TIMER)
        n->line = add_line(t, indent, "loop.call_later(%s, cb%d)", delay, cb);
    else
        n->line = add_line(t, indent, "%s.add_done_callback(on_read%d)", read_call, cb);
}

static void py_body(pz_text *t, const pz_body *b, int indent)
{
    for (int i = 0; i < b->n; i++)
        py_stmt(t, b->stmt[i], indent);
}

static void py_program(pz_text *t)
{
    pz_program *p = t->p;
    add_line(t, 0, "# Print-order puzzle, seed %llu", (unsigned long long)p->seed);
    add_line(t, 0, "import asyncio");
    if (p->has_read)
        add_line(t, 0, "from pathlib import Path");
    add_line(t, 0, "%s", "");
    add_line(t, 0, "loop = asyncio.new_event_loop()");
    /* one blank line between functions, not PEP 8's two: the listing is shown in
     * a panel, where every line counts */
    for (int f = 0; f < p->nfuncs; f++) {
        add_line(t, 0, "%s", "");
        add_line(t, 0, "async def %s%d():", func_word(t, f), t->func_number[f]);
        py_body(t, &p->funcs[f].body, 1);
    }
    add_line(t, 0, "%s", "");
    add_line(t, 0, "async def main():");
    py_body(t, &p->main, 1);
    add_line(t, 0, "%s", "");
    /* the loop runs until every timer has fired: the last one is due at
     * p->last_due_ms, nominally; stop well after it */
    char stop[32];
    seconds(p->last_due_ms + 200, stop, sizeof stop);
    add_line(t, 0, "loop.create_task(main())");
    add_line(t, 0, "loop.call_later(%s, loop.stop)", stop);
    add_line(t, 0, "loop.run_forever()");
    add_line(t, 0, "loop.close()");
}

/* ---- the scenario ---- */

static void json_steps(sim_sink *s, const pz_text *t, const pz_body *b, int indent);

static void json_step(sim_sink *s, const pz_text *t, int k, int indent)
{
    const pz_program *p = t->p;
    const pz_node *n = &p->nodes[k];
    const char *key = NULL;
    switch (n->kind) {
    case PZ_LOG: sink_printf(s, "{\"log\": \"%d\"", n->label); break;
    case PZ_TICK: key = "next_tick"; break;
    case PZ_THEN:
    case PZ_SOON: key = "microtask"; break;
    case PZ_IMMEDIATE: key = "immediate"; break;
    case PZ_TIMER: sink_printf(s, "{\"timeout\": \"%dms\", \"then\": ", n->delay_ms); break;
    case PZ_READ:
        sink_printf(s, "{\"io\": \"2ms\", \"device\": \"disk\", \"round_trips\": 4, \"then\": ");
        break;
    case PZ_SPAWN:
        sink_printf(s, "{\"spawn\": \"t%d\", \"steps\": ", t->func_number[n->func]);
        break;
    case PZ_JOIN: sink_printf(s, "{\"join\": \"t%d\"", t->func_number[n->func]); break;
    case PZ_AWAIT_RESOLVED: sink_printf(s, "{\"await\": \"resolved\""); break;
    case PZ_AWAIT_CALL: sink_printf(s, "{\"await\": "); break;
    }
    if (key)
        sink_printf(s, "{\"%s\": ", key);
    if (key || n->kind == PZ_TIMER || n->kind == PZ_READ)
        json_steps(s, t, &n->body, indent + 2);
    else if (n->kind == PZ_SPAWN || n->kind == PZ_AWAIT_CALL)
        json_steps(s, t, &p->funcs[n->func].body, indent + 2);
    sink_printf(s, ", \"line\": %d}", n->line);
}

static void json_steps(sim_sink *s, const pz_text *t, const pz_body *b, int indent)
{
    sink_printf(s, "[");
    for (int i = 0; i < b->n; i++) {
        sink_printf(s, "%s\n%*s", i ? "," : "", indent, "");
        json_step(s, t, b->stmt[i], indent);
    }
    sink_printf(s, "]");
}

static void json_scenario(sim_sink *s, const pz_text *t)
{
    const pz_program *p = t->p;
    bool node = p->flavor == PUZZLE_NODE;
    const char *flavor = puzzle_flavor_name(p->flavor);
    unsigned long long seed = (unsigned long long)p->seed;
    sink_printf(s, "{\n  \"schema\": \"bistro/1\",\n");
    sink_printf(s, "  \"title\": \"Print-order puzzle (%s, seed %llu)\",\n", flavor, seed);
    sink_printf(s,
                "  \"description\": \"In what order do the lines print? Read the program "
                "and write down the numbers in the order %s prints them, then play it. "
                "Generated by bistro-sim puzzle --flavor %s --seed %llu.\",\n",
                node ? "Node.js" : "asyncio", flavor, seed);
    sink_printf(s, "  \"seed\": 1,\n");
    sink_printf(s, "  \"lesson\": {\"focus\": [\"code\", \"log\"]},\n");
    /* the question the puzzle asks, before anything runs: `bistro-sim rubric`
     * makes its rubric, quiz mode asks it */
    sink_printf(s,
                "  \"questions\": [{\"id\": \"order\", \"at\": \"0ms\", \"ask\": \"In what order "
                "do the lines print?\", \"kind\": \"order\"}],\n");
    if (p->has_read)
        sink_printf(s, "  \"devices\": {\"disk\": {\"via\": \"threadpool\"}},\n");
    sink_printf(s, "  \"workload\": {\"requests\": [{\"name\": \"%s\", \"steps\": ",
                node ? "main script" : "main");
    json_steps(s, t, &p->main, 4);
    sink_printf(s, "}]},\n");
    sink_printf(s,
                "  \"runtimes\": [{\"name\": \"%s\", \"model\": \"event_loop\", \"flavor\": "
                "\"%s\",\n    \"code\": {\"language\": \"%s\", \"lines\": [",
                node ? "Node.js" : "asyncio", flavor, node ? "javascript" : "python");
    for (int i = 0; i < t->nlines; i++) {
        sink_printf(s, "%s\n      ", i ? "," : "");
        sink_json_string(s, t->lines[i]);
    }
    sink_printf(s, "]}}]\n}\n");
}

int puzzle_write(sim_sink *out, puzzle_flavor f, uint64_t seed, bool program)
{
    pz_program *p = malloc(sizeof *p);
    char(*lines)[PZ_LINE_BYTES] = malloc(sizeof(*lines) * PZ_MAX_LINES);
    if (p == NULL || lines == NULL) {
        free(p);
        free(lines);
        return SIM_ENOMEM;
    }
    pz__generate(p, f, seed);
    pz_text t = {.p = p, .lines = lines};
    int ntask = 0, nhelper = 0;
    for (int i = 0; i < p->nfuncs; i++)
        t.func_number[i] = p->funcs[i].task ? ++ntask : ++nhelper;
    if (f == PUZZLE_NODE)
        js_program(&t);
    else
        py_program(&t);
    if (program)
        for (int i = 0; i < t.nlines; i++)
            sink_printf(out, "%s\n", t.lines[i]);
    else
        json_scenario(out, &t);
    free(lines);
    free(p);
    return out->err;
}
