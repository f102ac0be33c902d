/* test_ui_support.h - what the app's test programs share: a doc from a bundled
 * scenario, a file or JSON text.
 *
 * Include after <cmocka.h>. Every problem the loader reports is printed before the
 * test fails, so a broken scenario says what is wrong with it.
 */
#ifndef BISTRO_TEST_UI_SUPPORT_H
#define BISTRO_TEST_UI_SUPPORT_H

#include <stdio.h>

#include "test_support.h"
#include "ui_doc.h"

static inline void print_diags(const diag_list *d)
{
    for (size_t i = 0; i < diag_kept(d); i++)
        print_error("%s\n", diag_get(d, i));
}

/* The doc of the scenario file at `path`. */
static inline ui_doc *open_path(const char *path)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    ui_doc *doc = NULL;
    int rc = ui_doc_open(path, d, NULL, NULL, &doc);
    print_diags(d);
    diag_free(d);
    assert_int_equal(rc, 0);
    return doc;
}

/* The doc of scenarios/NAME, the bundled library. */
static inline ui_doc *open_doc(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s", BISTRO_SOURCE_DIR, name);
    return open_path(path);
}

/* The doc of an inline scenario. */
static inline ui_doc *open_json(const char *json)
{
    diag_list *d = diag_new();
    assert_non_null(d);
    ui_doc *doc = NULL;
    int rc = ui_doc_from_scenario(load(json), NULL, d, &doc);
    print_diags(d);
    diag_free(d);
    assert_int_equal(rc, 0);
    return doc;
}

#endif
