/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A desktop PACS viewer following the worklist: viewer-command run for real
 * (a script that records its argv), once per study change, stopped at its
 * timeout, its failure told in its own words; viewer-uri-template handed
 * to the desktop and opened by a test URI handler (a .desktop file for
 * x-scheme-handler/rdtest under a private XDG_DATA_HOME). */
#include "config.h"

#include "rd-native-viewer.h"
#include "wait-for.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static char *script;
static char *log_path;
static GPtrArray *failures;
static guint launches;

static void
on_failed (RdNativeViewer *viewer,
           const char     *message)
{
  g_ptr_array_add (failures, g_strdup (message));
}

static void
on_launched (RdNativeViewer *viewer,
             const char     *what)
{
  launches++;
}

static RdNativeViewer *
viewer_new (const char * const *command,
            const char         *uri,
            guint               timeout)
{
  RdNativeViewer *viewer = rd_native_viewer_new (command, NULL, uri, "MAIN", timeout);

  g_signal_connect (viewer, "failed", G_CALLBACK (on_failed), NULL);
  g_signal_connect (viewer, "launched", G_CALLBACK (on_launched), NULL);
  g_ptr_array_set_size (failures, 0);
  launches = 0;
  g_unlink (log_path);
  return viewer;
}

static RdStudy *
study (const char *mrn,
       const char *uid)
{
  RdStudy *s = rd_study_new ();

  g_assert_true (rd_study_set_mrn (s, mrn, NULL));
  g_assert_true (rd_study_add_accession (s, "ACC-1", NULL));
  g_assert_true (rd_study_set_study_uid (s, uid, NULL));
  return s;
}

static char *
read_log (void)
{
  char *text = NULL;

  if (!g_file_get_contents (log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static guint
n_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_once_per_study_change (void)
{
  const char *command[] = { script, "--study={study_uid}", "{mrn}", "{site}", NULL };
  g_autoptr(RdNativeViewer) viewer = viewer_new (command, NULL, 10);
  g_autoptr(RdStudy) first = study ("MRN 1", "1.2.3");
  g_autoptr(RdStudy) second = study ("MRN-2", "1.2.4");
  g_autofree char *text = NULL;

  rd_native_viewer_show (viewer, first);
  WAIT_FOR (n_lines (text = (g_free (text), read_log ())) == 1, 10);
  /* a value with a space arrives as one argument, exactly as substituted */
  g_assert_cmpstr (text, ==, "[--study=1.2.3][MRN 1][MAIN]\n");
  rd_native_viewer_show (viewer, first);          /* the same study again: nothing */
  rd_native_viewer_show (viewer, second);
  WAIT_FOR (n_lines (text = (g_free (text), read_log ())) == 2, 10);
  g_assert_cmpstr (text, ==, "[--study=1.2.3][MRN 1][MAIN]\n[--study=1.2.4][MRN-2][MAIN]\n");
  settle (300);
  g_free (text);
  text = read_log ();
  g_assert_cmpuint (n_lines (text), ==, 2);
  g_assert_cmpuint (launches, ==, 2);
  /* after the report was closed, the same study is a change */
  rd_native_viewer_forget (viewer);
  rd_native_viewer_show (viewer, second);
  WAIT_FOR (n_lines (text = (g_free (text), read_log ())) == 3, 10);
  g_assert_cmpuint (failures->len, ==, 0);
}

/* Quotes and semicolons never reach a command: the launch vocabulary
 * refuses them before any study exists. */
static void
test_hostile_values_refused (void)
{
  g_autoptr(RdStudy) s = rd_study_new ();
  const char *hostile[] = { "A;rm -rf", "A'B", "A\"B", "$(id)", "A`id`", "A|B", "A\nB" };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rd_study_set_mrn (s, hostile[i], &error));
      g_assert_nonnull (error);
    }
}

static void
test_hanging_command_stopped (void)
{
  const char *command[] = { "sleep", "60", NULL };
  g_autoptr(RdNativeViewer) viewer = viewer_new (command, NULL, 1);
  g_autoptr(RdStudy) s = study ("MRN-3", "1.2.5");
  gint64 start = g_get_monotonic_time ();

  rd_native_viewer_show (viewer, s);
  WAIT_FOR (failures->len == 1, 10);
  g_assert_nonnull (strstr (g_ptr_array_index (failures, 0), "did not finish within 1 s"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_failure_in_its_own_words (void)
{
  const char *failing[] = { "sh", "-c", "echo 'study {study_uid} not in the archive' >&2; exit 3", NULL };
  const char *missing[] = { "/nonexistent/viewer", "{study_uid}", NULL };
  g_autoptr(RdNativeViewer) viewer = viewer_new (failing, NULL, 10);
  g_autoptr(RdNativeViewer) absent = NULL;
  g_autoptr(RdStudy) s = study ("MRN-4", "1.2.6");

  rd_native_viewer_show (viewer, s);
  WAIT_FOR (failures->len == 1, 10);
  g_assert_cmpstr (g_ptr_array_index (failures, 0), ==,
                   "The viewer command failed (exit 3): study 1.2.6 not in the archive");
  absent = viewer_new (missing, NULL, 10);
  rd_native_viewer_show (absent, s);
  WAIT_FOR (failures->len == 1, 10);
  g_assert_nonnull (strstr (g_ptr_array_index (failures, 0), "could not be started"));
}

static void
test_uri_through_the_desktop (void)
{
  g_autoptr(RdNativeViewer) viewer = viewer_new (NULL, "rdtest://open?uid={study_uid}&mrn={mrn}", 10);
  g_autoptr(RdNativeViewer) unhandled = NULL;
  g_autoptr(RdStudy) s = study ("MRN 5", "1.2.7");
  g_autofree char *text = NULL;

  rd_native_viewer_show (viewer, s);
  WAIT_FOR (n_lines (text = (g_free (text), read_log ())) == 1, 10);
  g_assert_cmpstr (text, ==, "[rdtest://open?uid=1.2.7&mrn=MRN%205]\n");
  g_assert_cmpuint (failures->len, ==, 0);

  unhandled = viewer_new (NULL, "rdnobody://open?uid={study_uid}", 10);
  rd_native_viewer_show (unhandled, s);
  WAIT_FOR (failures->len == 1, 10);
  g_assert_nonnull (strstr (g_ptr_array_index (failures, 0), "could not be opened"));
}

static void write_file (const char *path, const char *contents, int mode);

/* Alive, not a zombie (an orphan in a container whose init reaps late). */
static gboolean
process_alive (const char *pid_file)
{
  g_autofree char *pid = NULL;
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (pid_file, &pid, NULL, NULL))
    return FALSE;
  stat_path = g_strdup_printf ("/proc/%s/stat", g_strstrip (pid));
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

static char *slow_script;

/* A viewer command that starts a child of its own (as a launcher script
 * starting the viewer would) and is slow for study 1.2.10 and 1.2.12. */
static const char *
slow_viewer (void)
{
  if (slow_script == NULL)
    {
      g_autofree char *text = g_strdup_printf ("#!/bin/sh\n"
                                               "sleep 60 &\n"
                                               "echo $! > '%s/child-'\"$1\"\n"
                                               "case \"$1\" in 1.2.10) sleep 5 ;; 1.2.12) sleep 60 ;; esac\n"
                                               "printf '[open][%%s]\\n' \"$1\" >> '%s'\n",
                                               dir, log_path);

      slow_script = g_build_filename (dir, "slow-viewer", NULL);
      write_file (slow_script, text, 0700);
    }
  return slow_script;
}

static char *
child_file (const char *uid)
{
  g_autofree char *name = g_strconcat ("child-", uid, NULL);

  return g_build_filename (dir, name, NULL);
}

static void
kill_child (const char *uid)
{
  g_autofree char *path = child_file (uid);
  g_autofree char *pid = NULL;

  if (g_file_get_contents (path, &pid, NULL, NULL))
    kill (atoi (pid), SIGKILL);
  g_unlink (path);
}

/* Patient A's slow command, then B's fast one: the viewer ends on B, and
 * A's command is stopped with all it started, without a word of failure. */
static void
test_newer_study_stops_older (void)
{
  const char *command[] = { slow_viewer (), "{study_uid}", NULL };
  g_autoptr(RdNativeViewer) viewer = viewer_new (command, NULL, 30);
  g_autoptr(RdStudy) a = study ("MRN-A", "1.2.10");
  g_autoptr(RdStudy) b = study ("MRN-B", "1.2.11");
  g_autofree char *a_child = child_file ("1.2.10");
  g_autofree char *text = NULL;

  rd_native_viewer_show (viewer, a);
  g_assert_cmpint (rd_native_viewer_get_state (viewer), ==, RD_NATIVE_VIEWER_SHOWING);
  WAIT_FOR (process_alive (a_child), 10);
  rd_native_viewer_show (viewer, b);
  WAIT_FOR (rd_native_viewer_get_state (viewer) == RD_NATIVE_VIEWER_SHOWN, 10);
  text = read_log ();
  g_assert_cmpstr (text, ==, "[open][1.2.11]\n");
  g_assert_true (rd_study_equal (rd_native_viewer_get_study (viewer), b));
  /* A's whole process group is gone: its command and the child it started */
  WAIT_FOR (!process_alive (a_child), 10);
  /* and A never reaches the viewer after B */
  settle (5500);
  g_free (text);
  text = read_log ();
  g_assert_cmpstr (text, ==, "[open][1.2.11]\n");
  g_assert_cmpuint (failures->len, ==, 0);
  kill_child ("1.2.10");
  kill_child ("1.2.11");
}

/* The timeout stops the command's whole group, not only the command. */
static void
test_timeout_stops_the_group (void)
{
  const char *command[] = { slow_viewer (), "{study_uid}", NULL };
  g_autoptr(RdNativeViewer) viewer = viewer_new (command, NULL, 1);
  g_autoptr(RdStudy) s = study ("MRN-T", "1.2.12");
  g_autofree char *child = child_file ("1.2.12");

  rd_native_viewer_show (viewer, s);
  WAIT_FOR (process_alive (child), 10);
  WAIT_FOR (failures->len == 1, 10);
  g_assert_nonnull (strstr (g_ptr_array_index (failures, 0), "did not finish within 1 s"));
  g_assert_cmpint (rd_native_viewer_get_state (viewer), ==, RD_NATIVE_VIEWER_FAILED);
  WAIT_FOR (!process_alive (child), 10);
  kill_child ("1.2.12");
}

/* viewer-close-command: for the study left, before the next is shown, and
 * when the report is closed — in that order. */
static void
test_close_command (void)
{
  const char *command[] = { script, "open", "{study_uid}", NULL };
  const char *close_command[] = { script, "close", "{study_uid}", "{mrn}", NULL };
  g_autoptr(RdNativeViewer) viewer = rd_native_viewer_new (command, close_command, NULL, "MAIN", 10);
  g_autoptr(RdStudy) a = study ("MRN-A", "1.2.20");
  g_autoptr(RdStudy) b = study ("MRN-B", "1.2.21");
  g_autofree char *text = NULL;

  g_signal_connect (viewer, "failed", G_CALLBACK (on_failed), NULL);
  g_ptr_array_set_size (failures, 0);
  g_unlink (log_path);
  rd_native_viewer_show (viewer, a);
  rd_native_viewer_show (viewer, b);
  WAIT_FOR (g_str_has_suffix (text = (g_free (text), read_log ()), "[close][1.2.20][MRN-A]\n[open][1.2.21]\n"), 10);
  /* A's open was going when B came (it may have got as far as the viewer,
   * or been stopped): A is closed, then B opened */
  g_assert_true (g_str_equal (text, "[close][1.2.20][MRN-A]\n[open][1.2.21]\n") ||
                 g_str_equal (text, "[open][1.2.20]\n[close][1.2.20][MRN-A]\n[open][1.2.21]\n"));
  WAIT_FOR (rd_native_viewer_get_state (viewer) == RD_NATIVE_VIEWER_SHOWN, 10);
  rd_native_viewer_forget (viewer);
  WAIT_FOR (g_str_has_suffix (text = (g_free (text), read_log ()), "[open][1.2.21]\n[close][1.2.21][MRN-B]\n"), 10);
  g_assert_cmpint (rd_native_viewer_get_state (viewer), ==, RD_NATIVE_VIEWER_CLOSED);
  g_assert_null (rd_native_viewer_get_study (viewer));
  g_assert_cmpuint (failures->len, ==, 0);
}

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0700);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_chmod (path, mode);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desktop = NULL, *desktop_path = NULL, *mimeapps = NULL, *script_text = NULL;
  int status;

  dir = g_dir_make_tmp ("rd-native-viewer-XXXXXX", &error);
  g_assert_no_error (error);
  script = g_build_filename (dir, "record-argv", NULL);
  log_path = g_build_filename (dir, "argv.log", NULL);
  /* one line, one write: a command stopped while it runs (a study left)
   * leaves its whole line or none, never half of one */
  script_text = g_strdup_printf ("#!/bin/sh\nline=\nfor a in \"$@\"; do line=\"$line[$a]\"; done\n"
                                 "printf '%%s\\n' \"$line\" >> '%s'\n",
                                 log_path);
  write_file (script, script_text, 0700);
  /* the test URI handler, found the way the desktop finds any (XDG) */
  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test viewer\nExec=%s %%u\n"
                             "MimeType=x-scheme-handler/rdtest;\nNoDisplay=true\n", script);
  desktop_path = g_build_filename (dir, "data", "applications", "rdtest-viewer.desktop", NULL);
  write_file (desktop_path, desktop, 0600);
  mimeapps = g_build_filename (dir, "config", "mimeapps.list", NULL);
  write_file (mimeapps, "[Default Applications]\nx-scheme-handler/rdtest=rdtest-viewer.desktop\n", 0600);
  {
    g_autofree char *data = g_build_filename (dir, "data", NULL);
    g_autofree char *config = g_build_filename (dir, "config", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_DATA_DIRS", data, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  /* the admin's log gets each failure as a warning: not fatal here */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  failures = g_ptr_array_new_with_free_func (g_free);
  g_test_add_func ("/native-viewer/once-per-study-change", test_once_per_study_change);
  g_test_add_func ("/native-viewer/hostile-values-refused", test_hostile_values_refused);
  g_test_add_func ("/native-viewer/hanging-command-stopped", test_hanging_command_stopped);
  g_test_add_func ("/native-viewer/failure-in-its-own-words", test_failure_in_its_own_words);
  g_test_add_func ("/native-viewer/uri-through-the-desktop", test_uri_through_the_desktop);
  g_test_add_func ("/native-viewer/newer-study-stops-older", test_newer_study_stops_older);
  g_test_add_func ("/native-viewer/timeout-stops-the-group", test_timeout_stops_the_group);
  g_test_add_func ("/native-viewer/close-command", test_close_command);
  status = g_test_run ();
  g_ptr_array_unref (failures);
  return status;
}
