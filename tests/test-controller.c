/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "test-controller.h"

#include <glib/gstdio.h>

G_DEFINE_FINAL_TYPE (TestController, test_controller, RD_TYPE_REPORT_CONTROLLER)

static const RdStudy *
get_study (RdReportController *controller)
{
  return TEST_CONTROLLER (controller)->study;
}

static gboolean
supports_command (RdReportController *controller,
                  const char         *command)
{
  TestController *self = TEST_CONTROLLER (controller);

  return self->supported != NULL && g_strv_contains ((const char * const *) self->supported, command);
}

static gboolean
send_command (RdReportController  *controller,
              const char          *command,
              GError             **error)
{
  TestController *self = TEST_CONTROLLER (controller);

  if (!supports_command (controller, command))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_SUPPORTED, "the test page takes no %s", command);
      return FALSE;
    }
  g_ptr_array_add (self->sent, g_strdup (command));
  return TRUE;
}

static void
override_mismatch (RdReportController *controller)
{
  TestController *self = TEST_CONTROLLER (controller);

  self->n_overrides++;
  rd_report_controller_set_mismatch (controller, FALSE, NULL);
}

static void
test_controller_finalize (GObject *object)
{
  TestController *self = TEST_CONTROLLER (object);

  g_clear_pointer (&self->study, rd_study_free);
  g_strfreev (self->supported);
  g_ptr_array_unref (self->sent);
  G_OBJECT_CLASS (test_controller_parent_class)->finalize (object);
}

static void
test_controller_class_init (TestControllerClass *klass)
{
  RdReportControllerClass *controller_class = RD_REPORT_CONTROLLER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_controller_finalize;
  controller_class->get_study = get_study;
  controller_class->supports_command = supports_command;
  controller_class->send_command = send_command;
  controller_class->override_mismatch = override_mismatch;
}

static void
test_controller_init (TestController *self)
{
  self->sent = g_ptr_array_new_with_free_func (g_free);
}

TestController *
test_controller_new (const char *mrn,
                     const char *accession)
{
  TestController *self = g_object_new (TEST_TYPE_CONTROLLER, NULL);

  self->study = rd_study_new ();
  g_assert_true (rd_study_set_mrn (self->study, mrn, NULL));
  g_assert_true (rd_study_add_accession (self->study, accession, NULL));
  return self;
}

char *
test_outbox_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rd-outbox-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_outbox_dir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}
