/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by ReportDock's process (rd-audio-inputs.c) and the reporting
 * pages' web processes (src/web-extension/rd-web-extension.c, which takes
 * this header and links nothing of services), so that both see the same
 * inputs through the same GStreamer provider. */

#include <gst/gst.h>

/* On PipeWire, GStreamer has two providers of the same inputs: PipeWire's
 * own and PulseAudio's (through PipeWire's pulse server). WebKit lists both
 * under one device id and records through the first, PipeWire's, whose
 * source (gstreamer1.0-pipewire 0.3.65, Debian 12) disconnects during
 * format negotiation and records nothing; PulseAudio's records, and it is
 * the path the microphone check takes (ALSA's pulse plugin). So when a
 * pulse server answers, the PipeWire provider is ranked out before any
 * device monitor starts (monitors take providers of rank MARGINAL and up;
 * GST_PLUGIN_FEATURE_RANK does not reach device providers in GStreamer
 * 1.22). Call after gst_init (). */
static inline void
rd_pulse_first (void)
{
  g_autofree char *socket = NULL;
  GstPluginFeature *pipewire;

  if (g_getenv ("PULSE_SERVER") == NULL)
    {
      socket = g_getenv ("PULSE_RUNTIME_PATH") != NULL
               ? g_build_filename (g_getenv ("PULSE_RUNTIME_PATH"), "native", NULL)
               : g_build_filename (g_get_user_runtime_dir (), "pulse", "native", NULL);
      if (!g_file_test (socket, G_FILE_TEST_EXISTS))
        return;
    }
  pipewire = gst_registry_lookup_feature (gst_registry_get (), "pipewiredeviceprovider");
  if (pipewire != NULL)
    {
      gst_plugin_feature_set_rank (pipewire, GST_RANK_NONE);
      gst_object_unref (pipewire);
    }
}
