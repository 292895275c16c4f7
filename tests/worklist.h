/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Running `reportdock ARGS…` (or gdbus) as a worklist does, without
 * blocking the test's main loop: the instance under test may be this
 * process. */

#include <gio/gio.h>
#include <string.h>

#include "wait-for.h"

typedef struct {
  gboolean done;
  int      status;
  char    *out;
  char    *err;
  char    *command;
} Run;

/* The last command that ended, with its status and stderr: for the message
 * of a wait that timed out after it. */
static char *worklist_last_run G_GNUC_UNUSED;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run->command);
}

static void
on_run_communicated (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
  g_free (worklist_last_run);
  worklist_last_run = g_strdup_printf ("%s → exit %d, stderr: %s", run->command, run->status,
                                       run->err && run->err[0] ? run->err : "(empty)\n");
}

/* Starts argv; run->done when it ends. */
static void G_GNUC_UNUSED
run_start (Run                *run,
           const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  memset (run, 0, sizeof *run);
  run->command = g_strjoinv (" ", (char **) argv);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_run_communicated, run);
}

static void G_GNUC_UNUSED
worklist_start_va (Run        *run,
                   const char *first,
                   va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("REPORTDOCK_BINARY"));
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  run_start (run, (const char * const *) argv->pdata);
}

/* Starts `reportdock ARGS…` as a worklist would; run->done when it ends. */
static void G_GNUC_UNUSED
worklist_start (Run        *run,
                const char *first,
                ...)
{
  va_list args;

  va_start (args, first);
  worklist_start_va (run, first, args);
  va_end (args);
}

/* Runs `reportdock ARGS…` to its end. */
static void G_GNUC_UNUSED
worklist (Run        *run,
          const char *first,
          ...)
{
  va_list args;

  va_start (args, first);
  worklist_start_va (run, first, args);
  va_end (args);
  WAIT_FOR (run->done, 60);
}
