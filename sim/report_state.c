/* report_state.c - the shared values of a run (scenario "state") in the summary
 * JSON and in the table: per runtime and value, where it ended, where a serial
 * run would have ended, and the updates lost on the way. Nothing is written for a
 * scenario without "state", so every other summary stays as it was. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

void report__state_json(sim_sink *s, const scn_scenario *scn, const sim_metrics *m)
{
    if (scn->nstate == 0)
        return;
    sink_printf(s, ", \"lost_updates\": %lld,\n   \"state\": {", (long long)m->lost_updates);
    for (size_t i = 0; i < scn->nstate; i++) {
        const sim_state_result *r = (int64_t)i < m->nstate ? &m->state[i] : NULL;
        sink_printf(s, "%s", i ? ", " : "");
        sink_json_string(s, scn->state[i].name);
        long long init = (long long)scn->state[i].initial;
        sink_printf(s,
                    ": {\"initial\": %lld, \"final\": %lld, \"serial\": %lld, "
                    "\"lost_updates\": %lld, \"reads\": %lld, \"writes\": %lld}",
                    init, r ? (long long)r->final : init, r ? (long long)r->serial : init,
                    r ? (long long)r->lost_updates : 0LL, r ? (long long)r->reads : 0LL,
                    r ? (long long)r->writes : 0LL);
    }
    sink_printf(s, "}");
}

/* Columns on a terminal: UTF-8 continuation bytes take none. */
static size_t width_of(const char *text)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        w += (*p & 0xC0) != 0x80;
    return w;
}

static void pad(sim_sink *s, size_t k)
{
    while (k-- > 0)
        sink_write(s, " ", 1);
}

void report__state_table(sim_sink *s, const scn_scenario *scn, const size_t *runtimes,
                         const sim_metrics *const *metrics, size_t n)
{
    static const char *const heads[] = {"final", "serial", "lost updates"};
    for (size_t k = 0; k < scn->nstate; k++) {
        char title[64];
        snprintf(title, sizeof title, " (starts at %lld)", (long long)scn->state[k].initial);
        size_t first = width_of(scn->state[k].name) + strlen(title);
        for (size_t i = 0; i < n; i++) {
            const char *name = scn->runtimes[runtimes[i]].name;
            size_t w = width_of(name ? name : "");
            first = w > first ? w : first;
        }
        char cells[SCN_MAX_RUNTIMES * 3][24];
        size_t width[3];
        for (int c = 0; c < 3; c++)
            width[c] = strlen(heads[c]);
        size_t rows = n < SCN_MAX_RUNTIMES ? n : SCN_MAX_RUNTIMES;
        for (size_t i = 0; i < rows; i++) {
            const sim_state_result *r = (int64_t)k < metrics[i]->nstate ? &metrics[i]->state[k]
                                                                        : NULL;
            long long v[3] = {r ? (long long)r->final : (long long)scn->state[k].initial,
                              r ? (long long)r->serial : (long long)scn->state[k].initial,
                              r ? (long long)r->lost_updates : 0LL};
            for (int c = 0; c < 3; c++) {
                snprintf(cells[i * 3 + (size_t)c], sizeof cells[0], "%lld", v[c]);
                size_t w = strlen(cells[i * 3 + (size_t)c]);
                width[c] = w > width[c] ? w : width[c];
            }
        }
        sink_write(s, "\n", 1);
        report__put_clean(s, scn->state[k].name);
        sink_printf(s, "%s", title);
        pad(s, first - width_of(scn->state[k].name) - strlen(title));
        for (int c = 0; c < 3; c++) {
            pad(s, 2 + width[c] - strlen(heads[c]));
            sink_printf(s, "%s", heads[c]);
        }
        sink_write(s, "\n", 1);
        for (size_t i = 0; i < rows; i++) {
            const char *name = scn->runtimes[runtimes[i]].name;
            report__put_clean(s, name ? name : "");
            pad(s, first - width_of(name ? name : ""));
            for (int c = 0; c < 3; c++) {
                const char *t = cells[i * 3 + (size_t)c];
                pad(s, 2 + width[c] - strlen(t));
                sink_printf(s, "%s", t);
            }
            sink_write(s, "\n", 1);
        }
    }
}
