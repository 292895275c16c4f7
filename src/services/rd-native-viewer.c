/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-viewer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "rd-error.h"
#include "rd-native-viewer.h"
#include "rd-viewer-url.h"

/* A desktop PACS viewer that follows the worklist: on every study change
 * (not when the same study is opened again) viewer-command runs — its argv
 * as set, no shell — and viewer-uri-template is handed to the desktop (the
 * viewer's URI handler, through the portal in a Flatpak). On close, and
 * before another study is shown, viewer-close-command runs for the study
 * being left, so that the viewer never keeps a patient open behind the
 * window.
 *
 * Commands run one at a time, in the order of the study changes. Each runs
 * in a process group of its own: a newer study stops the older study's
 * command still going, its whole group (a script's children too), and so
 * does the timeout — the viewer never ends on a study the worklist has
 * left. What goes wrong is said through "failed" (a message for the status
 * bar); "launched" says which ran. Study identifiers are not logged. */

typedef enum {
  JOB_OPEN,
  JOB_CLOSE,
} JobKind;

typedef struct {
  JobKind  kind;
  RdStudy *study;
} Job;

typedef struct _Run Run;

struct _RdNativeViewer
{
  GObject       parent_instance;

  GStrv         command;
  GStrv         close_command;
  char         *uri_template;
  char         *default_site_id;
  guint         timeout_seconds;
  RdStudy      *shown;          /* the study last handed over */
  GQueue        jobs;           /* Job: commands waiting their turn */
  Run          *running;        /* the command going on, or NULL */
  RdNativeViewerState state;    /* of the last study handed over */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RdNativeViewer, rd_native_viewer, G_TYPE_OBJECT)

enum { LAUNCHED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

struct _Run {
  RdNativeViewer *self;
  JobKind         kind;
  GSubprocess    *process;
  GPid            group;        /* its process group (its pid) */
  char           *err_path;     /* its stderr: a file, so that a child it leaves behind cannot hold us */
  guint           timeout_id;
  gboolean        timed_out;
  gboolean        stopped;      /* a newer study took over */
};

static void pump (RdNativeViewer *self);

static void
job_free (Job *job)
{
  rd_study_free (job->study);
  g_free (job);
}

static void
run_free (Run *run)
{
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  g_clear_object (&run->process);
  g_clear_object (&run->self);
  if (run->err_path != NULL)
    g_unlink (run->err_path);
  g_free (run->err_path);
  g_free (run);
}

static void
fail (RdNativeViewer *self,
      const char     *message)
{
  g_warning ("%s", message);
  g_signal_emit (self, signals[FAILED], 0, message);
}

/* A study without what the viewer needs is that study's matter, not a
 * fault of the set-up: shown, logged as information. */
static void
fail_for_study (RdNativeViewer *self,
                const GError   *error,
                const char     *message)
{
  if (!g_error_matches (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT))
    {
      fail (self, message);
      return;
    }
  g_info ("%s", message);
  g_signal_emit (self, signals[FAILED], 0, message);
}

/* Ends the command and whatever it started in its group. */
static void
stop_group (Run *run)
{
  if (run->group > 0)
    kill (-run->group, SIGKILL);
  g_subprocess_force_exit (run->process);
}

static gboolean
on_timeout (gpointer user_data)
{
  Run *run = user_data;

  run->timeout_id = 0;
  run->timed_out = TRUE;
  stop_group (run);
  return G_SOURCE_REMOVE;
}

static void
on_command_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  RdNativeViewer *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *message = NULL;
  gboolean ok = FALSE;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* we are going away: its group goes with us */
      stop_group (run);
      run_free (run);
      return;
    }
  g_file_get_contents (run->err_path, &err, NULL, NULL);
  if (run->stopped)
    g_info ("the viewer command of a study left was stopped");
  else if (run->timed_out)
    message = g_strdup_printf (_("The viewer command did not finish within %u s and was stopped "
                                 "(viewer-command-timeout)"), self->timeout_seconds);
  else if (!g_subprocess_get_if_exited (run->process) || g_subprocess_get_exit_status (run->process) != 0)
    {
      /* its own words, first line, are what an admin needs */
      char *line = err ? g_strstrip (err) : NULL;
      char *newline = line ? strchr (line, '\n') : NULL;

      if (newline != NULL)
        *newline = '\0';
      if (g_subprocess_get_if_exited (run->process))
        message = g_strdup_printf (run->kind == JOB_CLOSE ? _("The viewer's close command failed (exit %d): %s")
                                                          : _("The viewer command failed (exit %d): %s"),
                                   g_subprocess_get_exit_status (run->process),
                                   line && line[0] ? line : _("it printed nothing"));
      else
        message = g_strdup_printf (_("The viewer command was killed (signal %d)"),
                                   g_subprocess_get_term_sig (run->process));
    }
  else
    ok = TRUE;
  /* what the last study handed over came to (not a close, nor a study left) */
  if (run->kind == JOB_OPEN && !run->stopped && g_queue_is_empty (&self->jobs))
    self->state = ok ? RD_NATIVE_VIEWER_SHOWN : RD_NATIVE_VIEWER_FAILED;
  if (message != NULL)
    fail (self, message);
  if (self->running == run)
    self->running = NULL;
  g_object_ref (self);
  run_free (run);
  pump (self);
  g_object_unref (self);
}

static void
child_setup (gpointer user_data)
{
  /* a group of its own: stopped whole, children included */
  setpgid (0, 0);
}

/* Starts the command of job; FALSE when it could not be. */
static gboolean
start (RdNativeViewer *self,
       const Job      *job)
{
  g_autoptr(GError) error = NULL;
  const char * const *template = (const char * const *) (job->kind == JOB_CLOSE ? self->close_command : self->command);
  g_auto(GStrv) argv = rd_viewer_command_expand (template, job->study, self->default_site_id, &error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  Run *run;
  int fd;

  if (argv == NULL)
    {
      g_autofree char *message = g_strdup_printf (job->kind == JOB_CLOSE ? _("The viewer's close command was not run: %s")
                                                                         : _("The viewer command was not run: %s"),
                                                  error->message);
      fail_for_study (self, error, message);
      return FALSE;
    }
  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->kind = job->kind;
  fd = g_file_open_tmp ("reportdock-viewer-XXXXXX.err", &run->err_path, &error);
  if (fd >= 0)
    {
      close (fd);
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDIN_INHERIT);
      g_subprocess_launcher_set_stderr_file_path (launcher, run->err_path);
      g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
      run->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
    }
  if (run->process == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The viewer command could not be started: %s"),
                                                  error->message);
      run_free (run);
      fail (self, message);
      return FALSE;
    }
  /* no identifier: it has already ended (and been reaped) */
  if (g_subprocess_get_identifier (run->process) != NULL)
    run->group = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (run->process), NULL, 10);
  g_info ("viewer %s %s started for a study change", job->kind == JOB_CLOSE ? "close command" : "command", argv[0]);
  run->timeout_id = g_timeout_add_seconds (self->timeout_seconds, on_timeout, run);
  self->running = run;
  g_subprocess_wait_async (run->process, self->cancellable, on_command_done, run);
  g_signal_emit (self, signals[LAUNCHED], 0, job->kind == JOB_CLOSE ? "close" : "command");
  return TRUE;
}

/* The next command waiting, when none is going. */
static void
pump (RdNativeViewer *self)
{
  while (self->running == NULL && !g_queue_is_empty (&self->jobs))
    {
      Job *job = g_queue_pop_head (&self->jobs);
      gboolean started = start (self, job);

      if (!started && job->kind == JOB_OPEN && g_queue_is_empty (&self->jobs))
        self->state = RD_NATIVE_VIEWER_FAILED;
      job_free (job);
    }
}

/* The study being left: its open command waiting or going is dropped, and
 * the viewer is told to close it. */
static void
leave (RdNativeViewer *self)
{
  for (GList *l = self->jobs.head; l != NULL;)
    {
      GList *next = l->next;
      Job *job = l->data;

      if (job->kind == JOB_OPEN)
        {
          g_queue_delete_link (&self->jobs, l);
          job_free (job);
        }
      l = next;
    }
  if (self->running != NULL && self->running->kind == JOB_OPEN && !self->running->stopped)
    {
      self->running->stopped = TRUE;
      stop_group (self->running);
    }
  if (self->close_command != NULL && self->shown != NULL)
    {
      Job *job = g_new0 (Job, 1);

      job->kind = JOB_CLOSE;
      job->study = rd_study_copy (self->shown);
      g_queue_push_tail (&self->jobs, job);
    }
}

static void
on_uri_launched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdNativeViewer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("The viewer's link could not be opened: %s. Install the "
                                                    "viewer (it must handle its links) or check "
                                                    "viewer-uri-template"), error->message);
      fail (self, message);
    }
}

static void
open_uri (RdNativeViewer *self,
          const RdStudy  *study)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = rd_viewer_uri_expand (self->uri_template, study, self->default_site_id, &error);

  if (uri == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The viewer's link was not opened: %s"), error->message);
      fail_for_study (self, error, message);
      return;
    }
  g_info ("viewer link handed to the desktop for a study change");
  g_app_info_launch_default_for_uri_async (uri, NULL, self->cancellable, on_uri_launched, g_object_ref (self));
  g_signal_emit (self, signals[LAUNCHED], 0, "uri");
}

void
rd_native_viewer_show (RdNativeViewer *self,
                       const RdStudy  *study)
{
  g_return_if_fail (RD_IS_NATIVE_VIEWER (self));

  if (!rd_native_viewer_is_configured (self) || rd_study_equal (self->shown, study))
    return;
  leave (self);
  g_clear_pointer (&self->shown, rd_study_free);
  self->shown = rd_study_copy (study);
  self->state = RD_NATIVE_VIEWER_SHOWING;
  if (self->command != NULL)
    {
      Job *job = g_new0 (Job, 1);

      job->kind = JOB_OPEN;
      job->study = rd_study_copy (study);
      g_queue_push_tail (&self->jobs, job);
    }
  else if (self->uri_template != NULL)
    self->state = RD_NATIVE_VIEWER_SHOWN;   /* handed to the desktop; its handler says no more */
  pump (self);
  if (self->uri_template != NULL)
    open_uri (self, study);
}

/* The report was closed: the viewer closes the study too (viewer-close-
 * command), and opening the same study again is a change. */
void
rd_native_viewer_forget (RdNativeViewer *self)
{
  g_return_if_fail (RD_IS_NATIVE_VIEWER (self));

  leave (self);
  g_clear_pointer (&self->shown, rd_study_free);
  if (self->state != RD_NATIVE_VIEWER_NONE)
    self->state = RD_NATIVE_VIEWER_CLOSED;
  pump (self);
}

gboolean
rd_native_viewer_is_configured (RdNativeViewer *self)
{
  g_return_val_if_fail (RD_IS_NATIVE_VIEWER (self), FALSE);

  return self->command != NULL || self->uri_template != NULL || self->close_command != NULL;
}

/* The study last handed over (NULL: none, or closed since). */
const RdStudy *
rd_native_viewer_get_study (RdNativeViewer *self)
{
  g_return_val_if_fail (RD_IS_NATIVE_VIEWER (self), NULL);

  return self->shown;
}

RdNativeViewerState
rd_native_viewer_get_state (RdNativeViewer *self)
{
  g_return_val_if_fail (RD_IS_NATIVE_VIEWER (self), 0);

  return self->state;
}

const char *
rd_native_viewer_state_to_string (RdNativeViewerState state)
{
  switch (state)
    {
    case RD_NATIVE_VIEWER_SHOWING:
      return "showing";
    case RD_NATIVE_VIEWER_SHOWN:
      return "shown";
    case RD_NATIVE_VIEWER_FAILED:
      return "failed";
    case RD_NATIVE_VIEWER_CLOSED:
      return "closed";
    case RD_NATIVE_VIEWER_NONE:
    default:
      return "none";
    }
}

RdNativeViewer *
rd_native_viewer_new (const char * const *command,
                      const char * const *close_command,
                      const char         *uri_template,
                      const char         *default_site_id,
                      guint               timeout_seconds)
{
  RdNativeViewer *self = g_object_new (RD_TYPE_NATIVE_VIEWER, NULL);

  if (command != NULL && command[0] != NULL && command[0][0] != '\0')
    self->command = g_strdupv ((char **) command);
  if (close_command != NULL && close_command[0] != NULL && close_command[0][0] != '\0')
    self->close_command = g_strdupv ((char **) close_command);
  if (uri_template != NULL && uri_template[0] != '\0')
    self->uri_template = g_strdup (uri_template);
  self->default_site_id = g_strdup (default_site_id);
  self->timeout_seconds = MAX (timeout_seconds, 1);
  return self;
}

static void
rd_native_viewer_dispose (GObject *object)
{
  RdNativeViewer *self = RD_NATIVE_VIEWER (object);

  g_queue_clear_full (&self->jobs, (GDestroyNotify) job_free);
  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (rd_native_viewer_parent_class)->dispose (object);
}

static void
rd_native_viewer_finalize (GObject *object)
{
  RdNativeViewer *self = RD_NATIVE_VIEWER (object);

  g_strfreev (self->command);
  g_strfreev (self->close_command);
  g_free (self->uri_template);
  g_free (self->default_site_id);
  g_clear_pointer (&self->shown, rd_study_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_native_viewer_parent_class)->finalize (object);
}

static void
rd_native_viewer_class_init (RdNativeViewerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_native_viewer_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_native_viewer_finalize;
  signals[LAUNCHED] = g_signal_new ("launched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_native_viewer_init (RdNativeViewer *self)
{
  self->cancellable = g_cancellable_new ();
}
