/* test_support.h - what several test programs need: a scenario from JSON text.
 *
 * Include after <cmocka.h>. Every problem the loader reports is printed before
 * the test fails, so a broken inline scenario says what is wrong with it.
 */
#ifndef BISTRO_TEST_SUPPORT_H
#define BISTRO_TEST_SUPPORT_H

#include <string.h>

#include "diag.h"
#include "scenario.h"

static inline scn_scenario *load(const char *json)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    scn_scenario *scn = NULL;
    int rc = scn_load_buffer("inline.json", json, strlen(json), &scn, d);
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
    diag_free(d);
    assert_int_equal(rc, 0);
    return scn;
}

#endif
