/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-report-controller.h"

G_BEGIN_DECLS

/* A report controller of the tests' own, for the app modules' unit tests:
 * its study is set by hand, it takes the commands it is told to support
 * and records them, and it records the guard being overridden. */

#define TEST_TYPE_CONTROLLER (test_controller_get_type ())
G_DECLARE_FINAL_TYPE (TestController, test_controller, TEST, CONTROLLER, RdReportController)

struct _TestController
{
  RdReportController  parent_instance;
  RdStudy            *study;
  GStrv               supported;   /* commands the "page" can carry */
  GPtrArray          *sent;        /* commands sent, in order */
  guint               n_overrides;
  gboolean            overriding_seen;  /* what a callback saw while overriding */
};

TestController *test_controller_new (const char *mrn,
                                     const char *accession);

/* A fresh outbox directory, and its removal with what is in it. */
char           *test_outbox_dir_new    (void);
void            test_outbox_dir_remove (const char *dir);

G_END_DECLS
