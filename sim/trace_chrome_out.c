/* trace_chrome_out.c - formatting the output events of the Chrome trace writer.
 *
 * An export can hold hundreds of millions of events, so, as in trace_jsonl.c, each
 * event is assembled in a sink_line with numbers formatted by hand (no printf) and
 * handed to the sink once; only texts from the scenario (log lines, device and
 * runtime names) go through sink_json_string. Keys are always written in the same
 * order, so identical input gives identical bytes.
 */
#include "trace_chrome_internal.h"

#include <string.h>

void chrome__open_name(chrome__out *o)
{
    chrome__raw(o, o->first ? "\n{\"name\":" : ",\n{\"name\":");
    o->first = false;
}

void chrome__open(chrome__out *o, const char *name, bool escape)
{
    chrome__open_name(o);
    if (escape) {
        chrome__str(o, name);
        return;
    }
    chrome__raw(o, "\"");
    chrome__raw(o, name);
    chrome__raw(o, "\"");
}

void chrome__head(chrome__out *o, const char *cat, const char *ph, int64_t ts, bool has_ts,
                  int32_t pid, int32_t tid)
{
    if (cat != NULL) {
        chrome__raw(o, ",\"cat\":\"");
        chrome__raw(o, cat);
        chrome__raw(o, "\"");
    }
    chrome__raw(o, ",\"ph\":\"");
    chrome__raw(o, ph);
    chrome__raw(o, "\"");
    if (has_ts) {
        chrome__raw(o, ",\"ts\":");
        chrome__us(o, ts);
    }
    chrome__raw(o, ",\"pid\":");
    chrome__i64(o, pid);
    if (tid > 0) {
        chrome__raw(o, ",\"tid\":");
        chrome__i64(o, tid);
    }
}

void chrome__close(chrome__out *o, bool args)
{
    chrome__raw(o, args ? "}}" : "}");
    chrome__flush(o);
}
