/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-check-mic"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-check-mic-command.h"
#include "rd-audio-inputs.h"
#include "rd-mic-probe.h"

#include <json-glib/json-glib.h>

/* `reportdock check-mic`: what a PACS admin runs at a workstation. Exit 0
 * when the microphone is fine, 1 when it is not (the verdict says why), 2
 * for usage errors (caught by the parser). */
static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
list_inputs (const char *wanted)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) devices = rd_mic_probe_list_devices (NULL, FALSE, &error);

  if (devices == NULL || devices[0] == NULL)
    {
      g_printerr (_("reportdock: no input matches \"%s\", and the audio system sees no input device\n"), wanted);
      return;
    }
  g_printerr (_("reportdock: no input matches \"%s\"; the inputs there are:\n"), wanted);
  for (guint i = 0; devices[i] != NULL; i++)
    g_printerr ("  %s\n", devices[i]);
}

int
rd_check_mic_command_run (const RdLaunch *launch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdMicResult) result = NULL;

  /* the desktop's inputs looked up here, before the timed check: a first
   * GStreamer start scans its plugins, which is no microphone's fault */
  rd_audio_inputs_get_default ();
  if (launch->list)
    {
      g_auto(GStrv) devices = rd_mic_probe_list_devices (launch->mic_device, FALSE, &error);

      rd_mic_probe_shutdown ();
      if (devices == NULL)
        {
          g_printerr ("reportdock: %s\n", error->message);
          return 1;
        }
      for (guint i = 0; devices[i] != NULL; i++)
        g_print ("%s\n", devices[i]);
      if (devices[0] == NULL)
        {
          g_printerr (_("reportdock: the audio system sees no input device\n"));
          return 1;
        }
      return 0;
    }

  {
    g_autoptr(GAsyncResult) done = NULL;

    /* asynchronous, so that the watchdog bounds a hanging audio driver */
    rd_mic_probe_run_async (launch->mic_device, launch->mic_ms, NULL, NULL, NULL, on_done, &done);
    while (done == NULL)
      g_main_context_iteration (NULL, TRUE);
    result = rd_mic_probe_run_finish (done, &error);
  }
  /* a --device that matches nothing: say which inputs there are (the JSON
   * line stays the only output for scripts) */
  if (result != NULL && result->verdict == RD_MIC_VERDICT_NO_DEVICE && launch->mic_device != NULL && !launch->json)
    list_inputs (launch->mic_device);
  rd_mic_probe_shutdown ();
  if (result == NULL)
    {
      g_printerr ("reportdock: %s\n", error->message);
      return 1;
    }

  if (launch->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *json = NULL;
      g_auto(GStrv) formats = rd_audio_recording_formats ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, rd_mic_verdict_to_string (result->verdict));
      json_builder_set_member_name (b, "device");
      if (result->device_name)
        json_builder_add_string_value (b, result->device_name);
      else
        json_builder_add_null_value (b);
      {
        const char *names[] = { "rms_dbfs", "peak_dbfs", "noise_floor_dbfs", "clipped_ratio" };
        double values[] = { result->level.rms_dbfs, result->level.peak_dbfs,
                            result->level.noise_floor_dbfs, result->level.clipped_ratio };

        /* no samples, no level: null rather than a number that means nothing */
        for (guint i = 0; i < G_N_ELEMENTS (names); i++)
          {
            json_builder_set_member_name (b, names[i]);
            if (result->level.n_samples > 0)
              json_builder_add_double_value (b, values[i]);
            else
              json_builder_add_null_value (b);
          }
      }
      json_builder_set_member_name (b, "samples");
      json_builder_add_int_value (b, result->level.n_samples);
      json_builder_set_member_name (b, "duration_ms");
      json_builder_add_int_value (b, result->duration_us / 1000);
      json_builder_set_member_name (b, "advice");
      json_builder_add_string_value (b, result->advice);
      /* what the reporting page's MediaRecorder can record here */
      json_builder_set_member_name (b, "recording_formats");
      json_builder_begin_array (b);
      for (guint i = 0; formats[i] != NULL; i++)
        json_builder_add_string_value (b, formats[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json = json_to_string (root, FALSE);
      g_print ("%s\n", json);
    }
  else
    {
      g_print ("%s: %s", result->device_name ? result->device_name : "no microphone",
               rd_mic_verdict_to_string (result->verdict));
      if (result->level.n_samples > 0)
        g_print (_(" (level %.0f dBFS, peak %.0f dBFS, noise floor %.0f dBFS)"),
                 result->level.rms_dbfs, result->level.peak_dbfs, result->level.noise_floor_dbfs);
      g_print ("\n%s\n", result->advice);
    }
  return result->verdict == RD_MIC_VERDICT_OK ? 0 : 1;
}
