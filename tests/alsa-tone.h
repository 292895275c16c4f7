/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A capture device for PortAudio without a sound card: ALSA's file plugin
 * reading a −20 dBFS 440 Hz tone (docs/platform.md), as the default input. */

#include <glib.h>
#include <math.h>

static inline void
setup_alsa_tone (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-alsa-XXXXXX", &error);
  g_autofree char *raw = g_build_filename (dir, "tone.raw", NULL);
  g_autofree char *conf_path = g_build_filename (dir, "asound.conf", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *env = NULL;
  gint16 *samples = g_new (gint16, 16000 * 5);

  for (int i = 0; i < 16000 * 5; i++)
    samples[i] = (gint16) (32767 * 0.1414 * sin (2 * G_PI * 440 * i / 16000.0));
  g_assert_true (g_file_set_contents (raw, (const char *) samples, 16000 * 5 * sizeof (gint16), NULL));
  g_free (samples);
  conf = g_strdup_printf ("pcm.!default { type plug; slave { pcm \"micfile\"; format S16_LE; rate 16000; channels 1 } }\n"
                          "pcm.micfile { type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"%s\"; format \"raw\" }\n",
                          raw);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, NULL));
  env = g_strdup_printf ("/usr/share/alsa/alsa.conf:%s", conf_path);
  g_setenv ("ALSA_CONFIG_PATH", env, TRUE);
}
