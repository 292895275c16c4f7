/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-preferences"

#include "config.h"

#include "rd-mic-probe.h"
#include "rd-settings-keys.h"
#include "rd-mic-tester.h"

#include <glib/gi18n-lib.h>

/* The microphone setting as a list of the desktop's inputs (listed
 * off the main thread: ALSA may take a while), and a Test button that runs
 * the same check as before dictation, with a live level meter and the
 * verdict in words. */

#define TEST_MS 2000

struct _RdMicTester
{
  GtkGrid        parent_instance;

  GSettings     *settings;
  GtkDropDown   *inputs;
  GtkStringList *names;       /* "" (automatic), then device names */
  GtkLevelBar   *level;
  GtkLabel      *verdict;
  GtkButton     *test;
  GCancellable  *cancellable;
  gboolean       listed;
  gboolean       updating;
  double         peak;
};

G_DEFINE_FINAL_TYPE (RdMicTester, rd_mic_tester, GTK_TYPE_GRID)

static const char *
name_at (RdMicTester *self,
         guint        position)
{
  return position == 0 ? "" : gtk_string_list_get_string (self->names, position);
}

static void
select_setting (RdMicTester *self)
{
  g_autofree char *wanted = g_settings_get_string (self->settings, RD_KEY_MIC_DEVICE);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  self->updating = TRUE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (name_at (self, i), wanted))
      {
        gtk_drop_down_set_selected (self->inputs, i);
        self->updating = FALSE;
        return;
      }
  /* a device named in the setting but not here now stays chosen, and says so */
  gtk_string_list_append (self->names, wanted);
  gtk_drop_down_set_selected (self->inputs, n);
  self->updating = FALSE;
}

static void
on_selected (RdMicTester *self)
{
  guint selected = gtk_drop_down_get_selected (self->inputs);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  g_settings_set_string (self->settings, RD_KEY_MIC_DEVICE, name_at (self, selected));
}

static void
list_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv devices = rd_mic_probe_list_devices (NULL, TRUE, &error);

  if (devices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, devices, (GDestroyNotify) g_strfreev);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RdMicTester *self = RD_MIC_TESTER (source);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) devices = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->updating = TRUE;
  gtk_string_list_splice (self->names, 1, g_list_model_get_n_items (G_LIST_MODEL (self->names)) - 1,
                          (const char * const *) devices);
  self->updating = FALSE;
  if (devices == NULL)
    gtk_label_set_label (self->verdict, error->message);
  else if (devices[0] == NULL)
    gtk_label_set_label (self->verdict, _("The audio system sees no input device: plug in the microphone."));
  self->listed = TRUE;
  select_setting (self);
}

static void
on_level (double   rms_dbfs,
          gpointer user_data)
{
  RdMicTester *self = user_data;
  double value = CLAMP (rms_dbfs + 80, 0, 80);   /* −80…0 dBFS, as in the window */

  self->peak = MAX (self->peak, value);
  gtk_level_bar_set_value (self->level, value);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdMicTester) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdMicResult) mic = rd_mic_probe_run_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test), TRUE);
  /* the meter keeps the level measured (a fast device may give few live levels) */
  if (mic != NULL && mic->verdict != RD_MIC_VERDICT_NO_DEVICE)
    on_level (mic->level.rms_dbfs, self);
  if (mic == NULL)
    text = g_strdup (error->message);
  else
    text = g_strdup (mic->advice);   /* names the device it heard */
  gtk_label_set_label (self->verdict, text);
  if (mic != NULL && mic->verdict == RD_MIC_VERDICT_OK)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict), "preferences-warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict), "preferences-warning");
}

void
rd_mic_tester_run (RdMicTester *self)
{
  g_autofree char *device = NULL;

  g_return_if_fail (RD_IS_MIC_TESTER (self));
  device = g_settings_get_string (self->settings, RD_KEY_MIC_DEVICE);

  self->peak = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test), FALSE);
  gtk_label_set_label (self->verdict, _("Listening for two seconds: say a few words…"));
  rd_mic_probe_run_async (device, TEST_MS, on_level, self, self->cancellable, on_checked, g_object_ref (self));
}

GtkDropDown *
rd_mic_tester_get_inputs (RdMicTester *self)
{
  g_return_val_if_fail (RD_IS_MIC_TESTER (self), NULL);

  return self->inputs;
}

gboolean
rd_mic_tester_is_listed (RdMicTester *self)
{
  g_return_val_if_fail (RD_IS_MIC_TESTER (self), FALSE);

  return self->listed;
}

const char *
rd_mic_tester_get_verdict (RdMicTester *self)
{
  g_return_val_if_fail (RD_IS_MIC_TESTER (self), NULL);

  return gtk_label_get_label (self->verdict);
}

double
rd_mic_tester_get_peak (RdMicTester *self)
{
  g_return_val_if_fail (RD_IS_MIC_TESTER (self), 0);

  return self->peak;
}

RdMicTester *
rd_mic_tester_new (GSettings *settings)
{
  RdMicTester *self = g_object_new (RD_TYPE_MIC_TESTER, "row-spacing", 8, "column-spacing", 12, NULL);
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_listed, NULL);

  self->settings = g_object_ref (settings);
  select_setting (self);
  g_signal_connect_object (self->inputs, "notify::selected", G_CALLBACK (on_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::" RD_KEY_MIC_DEVICE,
                           G_CALLBACK (select_setting), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->inputs), g_settings_is_writable (settings, RD_KEY_MIC_DEVICE));
  g_task_run_in_thread (task, list_in_thread);
  return self;
}

static void
rd_mic_tester_dispose (GObject *object)
{
  RdMicTester *self = RD_MIC_TESTER (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (rd_mic_tester_parent_class)->dispose (object);
}

static void
rd_mic_tester_finalize (GObject *object)
{
  RdMicTester *self = RD_MIC_TESTER (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_mic_tester_parent_class)->finalize (object);
}

static void
rd_mic_tester_class_init (RdMicTesterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_mic_tester_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_mic_tester_finalize;
}

static void
rd_mic_tester_init (RdMicTester *self)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Microphone"));

  self->cancellable = g_cancellable_new ();
  self->names = gtk_string_list_new ((const char * const[]) { _("Automatic: a dictation microphone, else the default input"),
                                                              NULL });
  self->inputs = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->names), NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->inputs), TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->inputs), "mic-device");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->inputs));
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (self), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self), GTK_WIDGET (self->inputs), 1, 0, 2, 1);

  self->test = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Test Microphone")));
  g_signal_connect_object (self->test, "clicked", G_CALLBACK (rd_mic_tester_run), self, G_CONNECT_SWAPPED);
  self->level = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 80));
  /* dBFS + 80: below −40 too low, −40…−6 good, above too high (as the window's meter) */
  gtk_level_bar_add_offset_value (self->level, "too-low", 40);
  gtk_level_bar_add_offset_value (self->level, "good", 74);
  gtk_level_bar_add_offset_value (self->level, "too-high", 80);
  gtk_widget_set_hexpand (GTK_WIDGET (self->level), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->level), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Microphone level"), -1);
  gtk_grid_attach (GTK_GRID (self), GTK_WIDGET (self->test), 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (self), GTK_WIDGET (self->level), 2, 1, 1, 1);
  self->verdict = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->verdict, 0);
  gtk_label_set_wrap (self->verdict, TRUE);
  gtk_label_set_selectable (self->verdict, TRUE);
  gtk_grid_attach (GTK_GRID (self), GTK_WIDGET (self->verdict), 1, 2, 2, 1);
}
