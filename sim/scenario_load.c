/* scenario_load.c - loading a scenario file (scenario.h): parse, validate, build.
 *
 * The text is first scanned by jsonloc (strict JSON, nesting limit, positions),
 * then parsed by cJSON, then walked once with a JSON path; every value is checked
 * before it is converted, and every problem is reported with its line, column and
 * path. A scenario is handed out only when there was no problem at all.
 *
 * This file is also bistro's one place that reads a scenario file from disk
 * (scn_load_file), so that everything else in sim/ stays free of I/O.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "scenario_internal.h"
#include "units.h"

#define SCN__SCHEMA "bistro/1"
#define SCN__MAX_CAPACITY 1000000000LL
#define SCN__MAX_SEED (1LL << 53) /* the largest integer a JSON double holds exactly */

/* Adds a problem that has no JSON path; returns `rc`, or SIM_ENOMEM when even
 * that failed. `diags` may be NULL. */
static int note(diag_list *diags, const char *file, int line, int col, int rc, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int note(diag_list *diags, const char *file, int line, int col, int rc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (diags != NULL && diag_add(diags, file, line, col, NULL, "%s", msg) != 0)
        return SIM_ENOMEM;
    return rc;
}

static void machine(scn__ctx *c, const cJSON *v, scn_machine *m)
{
    static const char *const keys[] = {"cores",         "quantum",           "context_switch",
                                       "thread_memory", "connection_memory", "process_memory",
                                       "jitter"};
    const cJSON *f[7];
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_object(&c->jw, v, "an object like {\"cores\": 2}")) {
        jw_members(&c->jw, v, keys, 7, f, NULL, 0);
        if (f[0] != NULL)
            jw_int(&c->jw, f[0], 1, SCN_MAX_CORES, &m->cores);
        if (f[1] != NULL)
            scn__duration(c, f[1], 1, &m->quantum);
        if (f[2] != NULL)
            scn__duration(c, f[2], 0, &m->context_switch);
        if (f[3] != NULL)
            scn__size(c, f[3], &m->thread_bytes);
        if (f[4] != NULL)
            scn__size(c, f[4], &m->connection_bytes);
        if (f[5] != NULL)
            scn__size(c, f[5], &m->process_bytes);
        if (f[6] != NULL)
            jw_bool(&c->jw, f[6], &m->jitter);
    }
    jw_pop(&c->jw, mark);
}

void scn__machine(scn__ctx *c, const cJSON *v, scn_machine *m)
{
    machine(c, v, m);
}

/* A device, whose key is its name. */
static void device(scn__ctx *c, const cJSON *v, scn_device *d)
{
    static const char *const keys[] = {"capacity", "via"};
    static const char *const vias[] = {"threadpool", "poller"};
    const cJSON *f[2];
    int via;
    size_t mark = jw_enter(&c->jw, v);
    if (v->string[0] == '\0')
        jw_fail_key(&c->jw, v, "a device needs a name, like \"db\"");
    else if (strlen(v->string) > SCN_MAX_TEXT)
        jw_fail_key(&c->jw, v, "this name is %zu bytes long; the limit is %d bytes",
                    strlen(v->string), SCN_MAX_TEXT);
    else
        d->name = jw_strdup(&c->jw, v->string);
    if (jw_want_object(&c->jw, v, "an object like {\"capacity\": 10}")) {
        jw_members(&c->jw, v, keys, 2, f, NULL, 0);
        if (f[0] != NULL)
            jw_int(&c->jw, f[0], 1, SCN__MAX_CAPACITY, &d->capacity);
        if (f[1] != NULL && jw_enum(&c->jw, f[1], vias, 2, &via))
            d->via_threadpool = via == 0;
    }
    jw_pop(&c->jw, mark);
}

/* Reports device d (the i-th of `all`) when an earlier one has its name. */
static void duplicate_device(scn__ctx *c, const cJSON *all, const cJSON *d, size_t i)
{
    const cJSON *o = all->child;
    for (size_t j = 0; j < i; j++, o = o->next) {
        if (strcmp(o->string, d->string) != 0)
            continue;
        char q[JW_KEY_SHOWN + 16];
        size_t off;
        int line = 0, col = 0;
        if (jsonloc_offset(c->jw.loc, o, true, &off))
            jsonloc_line_col(c->jw.loc, off, &line, &col);
        jw_fail_key(&c->jw, d, "duplicate key %s (first given at line %d)",
                    jw_quote(d->string, q, sizeof q), line);
        return;
    }
}

static void devices(scn__ctx *c, const cJSON *v)
{
    scn_scenario *scn = c->scn;
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_object(&c->jw, v, "an object like {\"db\": {\"capacity\": 10}}")) {
        size_t n = jw_count_capped(&c->jw, v, SCN_MAX_DEVICES, "devices");
        scn->devices = n ? jw_calloc(&c->jw, n, sizeof *scn->devices) : NULL;
        scn->ndevices = scn->devices != NULL ? n : 0;
        const cJSON *d = v->child;
        for (size_t i = 0; i < scn->ndevices; i++, d = d->next) {
            duplicate_device(c, v, d, i);
            device(c, d, &scn->devices[i]);
        }
    }
    jw_pop(&c->jw, mark);
}

/* "focus": a list of panel names, each once, the most important first. */
static void focus(scn__ctx *c, const cJSON *v, scn_scenario *scn)
{
    static const char *const panels[SCN_PANEL_COUNT] = {"restaurant", "timeline", "metrics", "code",
                                                        "log"};
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_array(&c->jw, v, "a list of panels like [\"timeline\", \"restaurant\"]")) {
        int n = cJSON_GetArraySize(v);
        if (n == 0)
            jw_fail(&c->jw, v,
                    "expected at least one panel (restaurant, timeline, metrics, "
                    "code, log), got an empty list");
        size_t i = 0;
        for (const cJSON *e = v->child; e != NULL; e = e->next, i++) {
            size_t im = jw_push_index(&c->jw, i);
            int which;
            if (jw_enum(&c->jw, e, panels, SCN_PANEL_COUNT, &which)) {
                bool again = false;
                for (size_t k = 0; k < scn->nfocus; k++)
                    again |= scn->focus[k] == (scn_panel)which;
                if (again)
                    jw_fail(&c->jw, e,
                            "\"%s\" is named twice: each panel once, the most "
                            "important first",
                            panels[which]);
                else if (scn->nfocus < SCN_PANEL_COUNT)
                    scn->focus[scn->nfocus++] = (scn_panel)which;
            }
            jw_pop(&c->jw, im);
        }
    }
    jw_pop(&c->jw, mark);
}

/* "lesson": where the scenario stands in the teaching order of the library, and
 * what the list shows for it before the class has seen it: a title and a teaser
 * that give nothing away; and which panels carry it. */
static void lesson(scn__ctx *c, const cJSON *v, scn_scenario *scn)
{
    static const char *const keys[] = {"order", "title", "teaser", "focus"};
    const cJSON *f[4];
    const char *s;
    int64_t order;
    size_t mark = jw_enter(&c->jw, v);
    if (jw_want_object(&c->jw, v, "an object like {\"order\": 3, \"teaser\": \"...\"}")) {
        jw_members(&c->jw, v, keys, 4, f, NULL, 0);
        if (v->child == NULL)
            jw_fail(&c->jw, v,
                    "expected at least one of order, title, teaser, focus, got an "
                    "empty object");
        if (f[0] != NULL && jw_int(&c->jw, f[0], 1, SCN_MAX_LESSON_ORDER, &order))
            scn->lesson_order = order;
        if (f[3] != NULL)
            focus(c, f[3], scn);
        if (f[1] != NULL && jw_string(&c->jw, f[1], true, &s))
            scn->list_title = jw_strdup(&c->jw, s);
        if (f[2] != NULL && jw_string(&c->jw, f[2], true, &s))
            scn->teaser = jw_strdup(&c->jw, s);
    }
    jw_pop(&c->jw, mark);
}

/* The schema must be bistro/1; a file of another schema is not read further,
 * since every other message would be noise. Returns false then. */
static void top(scn__ctx *c, const cJSON *root)
{
    /* "$schema" names the JSON Schema for editors (docs/scenario.schema.json); it
     * must be a string and is otherwise ignored */
    static const char *const keys[] = {"schema",    "title",   "description", "seed",
                                       "machine",   "devices", "workload",    "runtimes",
                                       "narration", "code",    "$schema",     "lesson",
                                       "questions", "state",   "services",    "network"};
    const cJSON *f[16];
    scn_scenario *scn = c->scn;
    const char *s;
    int64_t seed;
    if (!jw_want_object(&c->jw, root,
                        "a JSON object {\"schema\": \"bistro/1\", ...} "
                        "as the whole file"))
        return;
    jw_members(&c->jw, root, keys, 16, f, NULL, 0);
    if (!jw_schema(&c->jw, root, f[0], SCN__SCHEMA, "files"))
        return;
    if (jw_require(&c->jw, root, f[1], "title") && jw_string(&c->jw, f[1], true, &s))
        scn->title = jw_strdup(&c->jw, s);
    scn->description = jw_strdup(&c->jw, "");
    if (f[2] != NULL && jw_string(&c->jw, f[2], false, &s)) {
        free(scn->description);
        scn->description = jw_strdup(&c->jw, s);
    }
    if (f[3] != NULL && jw_int(&c->jw, f[3], 0, SCN__MAX_SEED, &seed))
        scn->seed = (uint64_t)seed;
    if (f[4] != NULL)
        machine(c, f[4], &scn->machine);
    if (f[5] != NULL)
        devices(c, f[5]);
    /* the listings before the steps, whose "line" must fall inside them */
    if (f[9] != NULL)
        c->has_code = scn__code(c, f[9], &scn->code);
    scn__peek_listings(c, f[7]);
    c->top_shown &= c->has_code;
    /* the shared values before the steps that read and write them */
    if (f[13] != NULL)
        scn__state(c, f[13]);
    /* the services before the steps, whose calls name them */
    if (f[14] != NULL || f[15] != NULL)
        scn__services(c, f[14], f[15]);
    if (jw_require(&c->jw, root, f[6], "workload"))
        scn__workload(c, f[6], &scn->workload);
    if (jw_require(&c->jw, root, f[7], "runtimes"))
        scn__runtimes(c, f[7]);
    /* a lock held across a call that a runtime makes in process */
    scn__in_process_locks(c, f[6], f[14]);
    if (f[8] != NULL)
        scn__narration(c, f[8], &scn->narration, &scn->nnarration);
    if (f[10] != NULL)
        jw_string(&c->jw, f[10], false, &s);
    if (f[11] != NULL)
        lesson(c, f[11], scn);
    if (f[12] != NULL)
        scn__questions(c, f[12], scn);
}

/* "dir/three-requests.json" -> "three-requests". */
static char *base_name(scn__ctx *c, const char *file)
{
    const char *b = file;
    for (const char *p = file; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    size_t n = strlen(b);
    if (n > 5 && strcmp(b + n - 5, ".json") == 0)
        n -= 5;
    char *name = jw_calloc(&c->jw, n + 1, 1);
    if (name != NULL)
        memcpy(name, b, n);
    return name;
}

static scn_scenario *new_scenario(scn__ctx *c, const char *file)
{
    scn_scenario *scn = jw_calloc(&c->jw, 1, sizeof *scn);
    if (scn == NULL)
        return NULL;
    scn->seed = 1;
    scn->machine = (scn_machine){.cores = 1,
                                 .quantum = 3000000,      /* 3 ms */
                                 .context_switch = 2000,  /* 2 us */
                                 .thread_bytes = 8LL << 20,
                                 .connection_bytes = 16LL << 10,
                                 .process_bytes = 10LL << 20};
    scn->name = base_name(c, file);
    return scn;
}

int scn_load_buffer(const char *file, const char *buf, size_t len, scn_scenario **out,
                    diag_list *diags)
{
    const char *fname = file != NULL ? file : "<input>";
    *out = NULL;
    if (buf == NULL && len > 0)
        return SIM_EINVAL;
    if (len > SCN_MAX_FILE_BYTES) {
        return note(diags, fname, 0, 0, SIM_EINVAL,
                    "the file is %zu bytes; the limit is %d "
                    "bytes (4 MiB)",
                    len, SCN_MAX_FILE_BYTES);
    }
    /* cJSON gets a NUL-terminated copy, so that no read of it can run past the end. */
    char *text = malloc(len + 1);
    if (text == NULL)
        return SIM_ENOMEM;
    if (len > 0)
        memcpy(text, buf, len);
    text[len] = '\0';
    scn__ctx *c = calloc(1, sizeof *c);
    jsonloc *loc = NULL;
    cJSON *root = NULL;
    int rc = c == NULL ? SIM_ENOMEM : jw_parse(fname, text, len, diags, &loc, &root);
    if (rc == 0) {
        c->jw.file = fname;
        c->jw.loc = loc;
        c->jw.diags = diags;
        c->jw.path[0] = '$';
        c->jw.plen = 1;
        c->scn = new_scenario(c, fname);
        if (c->scn != NULL)
            top(c, root);
        rc = c->jw.err != 0 ? c->jw.err : c->jw.problems != 0 ? SIM_EINVAL : 0;
        if (rc == 0)
            *out = c->scn;
        else
            scn_free(c->scn);
    }
    cJSON_Delete(root);
    jsonloc_free(loc);
    free(c);
    free(text);
    return rc;
}

/* why = "what: the system's reason for errno e" (strerror_r: no shared buffer). */
static void io_reason(char *why, size_t why_size, const char *what, int e)
{
    char reason[160];
    if (strerror_r(e, reason, sizeof reason) != 0)
        snprintf(reason, sizeof reason, "error %d", e);
    snprintf(why, why_size, "%s: %s", what, reason);
}

/* What a file that is not a regular one is, for the message refusing it. */
static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode)    ? "a folder"
           : S_ISFIFO(mode) ? "a named pipe (FIFO)"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

/* Opens `path` for reading if it is a regular file. A named pipe is opened without
 * blocking (O_NONBLOCK: a FIFO with no writer would wait forever) and refused, as
 * is anything else that is not a regular file; with `no_symlink` a symbolic link
 * is refused too (O_NOFOLLOW). NULL with the reason in `why`. */
static FILE *open_regular(const char *path, bool no_symlink, char *why, size_t why_size)
{
    int fd = open(path,
                  O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (no_symlink ? O_NOFOLLOW : 0));
    if (fd < 0) {
        if (errno == ELOOP && no_symlink)
            snprintf(why, why_size, "a symbolic link; give the file itself");
        else
            io_reason(why, why_size, "cannot open the file", errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        io_reason(why, why_size, "cannot read the file", errno);
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "%s, not a regular file", file_kind(st.st_mode));
        close(fd);
        return NULL;
    }
    /* a regular file never blocks; reading it as usual from here */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        io_reason(why, why_size, "cannot open the file", errno);
        close(fd);
    }
    return f;
}

/* Reads at most SCN_MAX_FILE_BYTES + 1 bytes, so a larger file is noticed. */
static int read_file(const char *path, bool no_symlink, char **buf, size_t *len, char *why,
                     size_t why_size)
{
    *buf = NULL;
    *len = 0;
    FILE *f = open_regular(path, no_symlink, why, why_size);
    if (f == NULL)
        return SIM_EIO;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b != NULL && n <= SCN_MAX_FILE_BYTES) {
        if (n == cap) {
            cap *= 2;
            char *grown = realloc(b, cap);
            if (grown == NULL) {
                free(b);
                b = NULL;
                break;
            }
            b = grown;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int rc = 0;
    if (b != NULL && ferror(f)) {
        io_reason(why, why_size, "cannot read the file", errno);
        rc = SIM_EIO;
    } else if (b != NULL && n > SCN_MAX_FILE_BYTES) {
        snprintf(why, why_size, "the file is larger than the limit of %d bytes (4 MiB)",
                 SCN_MAX_FILE_BYTES);
        rc = SIM_EINVAL;
    }
    fclose(f);
    if (b == NULL) {
        snprintf(why, why_size, "out of memory");
        return SIM_ENOMEM;
    }
    if (rc != 0) {
        free(b);
        return rc;
    }
    *buf = b;
    *len = n;
    return 0;
}

int scn_read_file(const char *path, char **buf, size_t *len, char *why, size_t why_size)
{
    return read_file(path, false, buf, len, why, why_size);
}

int scn_read_own_file(const char *path, char **buf, size_t *len, char *why, size_t why_size)
{
    return read_file(path, true, buf, len, why, why_size);
}

int scn_load_file(const char *path, scn_scenario **out, diag_list *diags)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    char why[256];
    int rc = scn_read_file(path, &buf, &len, why, sizeof why);
    if (rc == SIM_EIO || rc == SIM_EINVAL)
        rc = note(diags, path, 0, 0, rc, "%s", why);
    if (rc == 0)
        rc = scn_load_buffer(path, buf, len, out, diags);
    free(buf);
    return rc;
}

void scn_free(scn_scenario *scn)
{
    if (scn == NULL)
        return;
    free(scn->name);
    free(scn->title);
    free(scn->description);
    free(scn->teaser);
    free(scn->list_title);
    for (size_t i = 0; i < scn->ndevices; i++)
        free(scn->devices[i].name);
    free(scn->devices);
    scn__free_workload(&scn->workload);
    scn__free_services(scn);
    for (size_t i = 0; i < scn->nruntimes; i++)
        scn__free_runtime(&scn->runtimes[i]);
    free(scn->runtimes);
    scn__free_narration(scn->narration, scn->nnarration);
    scn__free_questions(scn->questions, scn->nquestions);
    scn__free_code(&scn->code);
    for (size_t i = 0; i < scn->nstrings; i++)
        free(scn->strings[i]);
    free(scn->strings);
    for (size_t i = 0; i < scn->nnames; i++)
        free(scn->names[i]);
    free(scn->names);
    for (size_t i = 0; i < scn->nstate; i++)
        free(scn->state[i].name);
    free(scn->state);
    for (size_t i = 0; i < scn->nlocks; i++)
        free(scn->locks[i]);
    free(scn->locks);
    free(scn);
}

const scn_runtime *scn_runtime_serving(const scn_runtime *rt)
{
    return rt->model == SCN_MODEL_PROCESSES && rt->each != NULL ? rt->each : rt;
}

bool scn_runtime_in_process(const scn_runtime *rt, size_t service)
{
    return service < 32 && (rt->in_process & (UINT32_C(1) << service)) != 0;
}

const char *scn_runtime_names(const scn_scenario *scn, char *buf, size_t size)
{
    size_t k = 0;
    if (size > 0)
        buf[0] = '\0';
    for (size_t i = 0; scn != NULL && i < scn->nruntimes && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s\"%s\"", i ? ", " : "",
                              scn->runtimes[i].name ? scn->runtimes[i].name : "");
    return buf;
}

int scn_find_runtime(const scn_scenario *scn, const char *name)
{
    if (scn == NULL || name == NULL)
        return -1;
    for (size_t i = 0; i < scn->nruntimes; i++)
        if (scn->runtimes[i].name != NULL && strcmp(scn->runtimes[i].name, name) == 0)
            return (int)i;
    return -1;
}
