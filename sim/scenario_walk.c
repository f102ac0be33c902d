/* scenario_walk.c - the scenario's own values (durations, distributions, sizes),
 * read with the JSON walk (json_walk.h) the loader walks a file with.
 *
 * Durations are read exactly from their text (so 0.1 ms is 100000 ns).
 */
#include "scenario_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "units.h"

static bool duration_value(scn__ctx *c, const cJSON *v, int64_t min, int64_t *ns)
{
    char got[64], lim[32], low[32];
    size_t len = 0;
    const char *num = jw_number_text(&c->jw, v, &len);
    int rc = cJSON_IsString(v) ? units_parse_duration(v->valuestring, ns)
             : num != NULL     ? units_parse_ms(num, len, ns)
                               : SIM_EINVAL;
    jw_describe(&c->jw, v, got, sizeof got);
    units_format_duration(SCN_MAX_DURATION_NS, lim, sizeof lim);
    if (rc == SIM_EOVERFLOW)
        jw_fail(&c->jw, v, "the duration %s%s is longer than the limit of %s", got,
                cJSON_IsNumber(v) ? " ms" : "", lim);
    else if (rc != 0 && cJSON_IsString(v))
        jw_fail(&c->jw, v, "expected a duration like \"5ms\" (units: ns, us, ms, s), got %s", got);
    else if (rc != 0)
        jw_fail(&c->jw, v, "expected a duration like \"5ms\", got %s%s", got,
                cJSON_IsObject(v) ? " (a distribution is not allowed here)" : "");
    else if (*ns < min && min == 1)
        jw_fail(&c->jw, v, "expected a duration above 0, got %s", got);
    else if (*ns < min)
        jw_fail(&c->jw, v, "expected a duration of at least %s, got %s",
                (units_format_duration(min, low, sizeof low), low), got);
    return rc == 0 && *ns >= min;
}

bool scn__duration(scn__ctx *c, const cJSON *v, int64_t min, int64_t *ns)
{
    size_t mark = jw_enter(&c->jw, v);
    bool ok = duration_value(c, v, min, ns);
    jw_pop(&c->jw, mark);
    return ok;
}

/* [A, B] of two constant durations; the path names v already. */
static bool duration_pair(scn__ctx *c, const cJSON *v, const char *form, int64_t *a, int64_t *b)
{
    char what[96];
    snprintf(what, sizeof what, "%s, a list of two durations", form);
    if (!jw_want_array(&c->jw, v, what))
        return false;
    if (cJSON_GetArraySize(v) != 2) {
        jw_fail(&c->jw, v, "expected %s, got a list of %d", what, cJSON_GetArraySize(v));
        return false;
    }
    bool ok = true;
    size_t mark = jw_push_index(&c->jw, 0);
    ok &= duration_value(c, v->child, 0, a);
    jw_pop(&c->jw, mark);
    mark = jw_push_index(&c->jw, 1);
    ok &= duration_value(c, v->child->next, 0, b);
    jw_pop(&c->jw, mark);
    return ok;
}

/* The one member of a distribution object; the path names m already. */
static bool dist_member(scn__ctx *c, const cJSON *m, int kind, scn_dist *out)
{
    static const char *const forms[] = {"", "[LOW, HIGH]", "[MEAN, SD]", "[MEAN, SD]"};
    char x[32], y[32];
    out->kind = (scn_dist_kind)(SCN_DIST_EXP + kind);
    if (kind == 0)
        return duration_value(c, m, 0, &out->a);
    if (!duration_pair(c, m, forms[kind], &out->a, &out->b))
        return false;
    if (out->kind == SCN_DIST_UNIFORM && out->a > out->b) {
        units_format_duration(out->a, x, sizeof x);
        units_format_duration(out->b, y, sizeof y);
        jw_fail(&c->jw, m, "the low end %s is above the high end %s", x, y);
        return false;
    }
    if (out->kind == SCN_DIST_LOGNORMAL && out->a == 0) {
        size_t mark = jw_push_index(&c->jw, 0);
        jw_fail(&c->jw, m->child, "the mean of a lognormal must be above 0");
        jw_pop(&c->jw, mark);
        return false;
    }
    return true;
}

static bool dist_object(scn__ctx *c, const cJSON *v, scn_dist *out)
{
    static const char *const names[] = {"exp", "uniform", "normal", "lognormal"};
    char q[JW_KEY_SHOWN + 16], q2[JW_KEY_SHOWN + 16];
    const cJSON *m = v->child;
    if (m == NULL) {
        jw_fail(&c->jw, v,
                "expected a distribution with one key (exp, uniform, normal or "
                "lognormal), got an empty object");
        return false;
    }
    bool ok = true;
    if (m->next != NULL) {
        jw_fail_key(&c->jw, m->next, "a distribution has exactly one key, got both %s and %s",
                    jw_quote(m->string, q, sizeof q), jw_quote(m->next->string, q2, sizeof q2));
        ok = false;
    }
    size_t kind = jw_find_name(names, 4, m->string);
    if (kind == 4) {
        jw_fail_key(&c->jw, m,
                    "unknown distribution %s (expected one of: exp, uniform, normal, "
                    "lognormal)",
                    jw_quote(m->string, q, sizeof q));
        return false;
    }
    size_t mark = jw_enter(&c->jw, m);
    ok &= dist_member(c, m, (int)kind, out);
    jw_pop(&c->jw, mark);
    return ok;
}

bool scn__dist(scn__ctx *c, const cJSON *v, scn_dist *out)
{
    size_t mark = jw_enter(&c->jw, v);
    bool ok;
    char got[64];
    memset(out, 0, sizeof *out);
    if (cJSON_IsObject(v)) {
        ok = dist_object(c, v, out);
    } else if (cJSON_IsString(v) || cJSON_IsNumber(v)) {
        out->kind = SCN_DIST_CONST;
        ok = duration_value(c, v, 0, &out->a);
    } else {
        jw_fail(&c->jw, v,
                "expected a duration like \"5ms\" or a distribution like "
                "{\"exp\": \"5ms\"}, got %s",
                jw_describe(&c->jw, v, got, sizeof got));
        ok = false;
    }
    jw_pop(&c->jw, mark);
    return ok;
}

bool scn__size(scn__ctx *c, const cJSON *v, int64_t *bytes)
{
    size_t mark = jw_enter(&c->jw, v), len = 0;
    char got[64], lim[32];
    bool whole = true;
    const char *num = jw_number_text(&c->jw, v, &len);
    int rc = cJSON_IsString(v) ? units_parse_size(v->valuestring, bytes)
             : num != NULL     ? units_parse_decimal(num, len, 0, UNITS_MAX_BYTES, bytes, &whole)
                               : SIM_EINVAL;
    jw_describe(&c->jw, v, got, sizeof got);
    size_t decimals = cJSON_IsString(v) ? units_size_decimals(v->valuestring) : 0;
    if (rc == SIM_EOVERFLOW)
        jw_fail(&c->jw, v, "the size %s is larger than the limit of %s", got,
                (units_format_size(UNITS_MAX_BYTES, lim, sizeof lim), lim));
    else if (rc != 0 && decimals > UNITS_SIZE_DECIMALS)
        jw_fail(&c->jw, v,
                "the size %s has %zu digits after the decimal point; a size has at most %d "
                "(or write it in a smaller unit)",
                got, decimals, UNITS_SIZE_DECIMALS);
    else if (rc != 0 || !whole)
        jw_fail(&c->jw, v,
                "expected a size like \"8MiB\" (units: B, KB, MB, GB, KiB, MiB, GiB) "
                "or a whole number of bytes, got %s",
                got);
    jw_pop(&c->jw, mark);
    return rc == 0 && whole;
}
