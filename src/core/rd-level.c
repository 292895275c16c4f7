/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-level.h"

#include <math.h>
#include <stdlib.h>

static double
to_dbfs (double amplitude)
{
  return amplitude > 0 ? MAX (20.0 * log10 (amplitude), RD_LEVEL_FLOOR_DBFS) : RD_LEVEL_FLOOR_DBFS;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
rd_level_analyse (const float *samples,
                  gsize        n_samples,
                  guint        sample_rate,
                  RdLevel     *level)
{
  gsize frame = MAX (sample_rate / 50, 1);   /* 20 ms */
  g_autofree double *frames = NULL;
  gsize n_frames = 0, n_clipped = 0;
  double sum = 0, sum_sq = 0, peak = 0, frame_sq = 0, mean;
  gsize in_frame = 0;

  *level = (RdLevel) { RD_LEVEL_FLOOR_DBFS, RD_LEVEL_FLOOR_DBFS, 0, RD_LEVEL_FLOOR_DBFS, 0, 0, 0 };

  for (gsize i = 0; i < n_samples; i++)
    {
      if (!isfinite (samples[i]))
        level->n_invalid++;
      else
        {
          sum += samples[i];
          level->n_samples++;
        }
    }
  if (level->n_samples == 0)
    return;
  mean = sum / level->n_samples;
  level->dc_offset = mean;

  frames = g_new0 (double, n_samples / frame + 1);
  for (gsize i = 0; i < n_samples; i++)
    {
      double x;

      if (!isfinite (samples[i]))
        continue;
      /* clipping is judged on the raw sample, level on the signal without DC */
      if (fabs (samples[i]) >= RD_LEVEL_CLIP_SAMPLE)
        n_clipped++;
      x = samples[i] - mean;
      sum_sq += x * x;
      frame_sq += x * x;
      peak = MAX (peak, fabs (samples[i]));
      if (++in_frame == frame)
        {
          frames[n_frames++] = sqrt (frame_sq / frame);
          frame_sq = 0;
          in_frame = 0;
        }
    }

  level->rms_dbfs = to_dbfs (sqrt (sum_sq / level->n_samples));
  level->peak_dbfs = to_dbfs (peak);
  level->clipped_ratio = (double) n_clipped / level->n_samples;
  if (n_frames > 0)
    {
      qsort (frames, n_frames, sizeof (double), compare_doubles);
      level->noise_floor_dbfs = to_dbfs (frames[n_frames / 10]);
    }
  else
    level->noise_floor_dbfs = level->rms_dbfs;
}

RdMicVerdict
rd_level_verdict (const RdLevel *level)
{
  if (level->n_samples == 0)
    return RD_MIC_VERDICT_NO_AUDIO;
  if (level->clipped_ratio > RD_LEVEL_CLIP_RATIO)
    return RD_MIC_VERDICT_CLIPPING;
  if (level->rms_dbfs < RD_LEVEL_SILENT_DBFS)
    return RD_MIC_VERDICT_SILENT;
  if (level->rms_dbfs < RD_LEVEL_TOO_QUIET_DBFS)
    return RD_MIC_VERDICT_TOO_QUIET;
  return RD_MIC_VERDICT_OK;
}

const char *
rd_mic_verdict_to_string (RdMicVerdict verdict)
{
  switch (verdict)
    {
    case RD_MIC_VERDICT_OK: return "ok";
    case RD_MIC_VERDICT_TOO_QUIET: return "too-quiet";
    case RD_MIC_VERDICT_SILENT: return "silent";
    case RD_MIC_VERDICT_CLIPPING: return "clipping";
    case RD_MIC_VERDICT_NO_DEVICE: return "no-device";
    case RD_MIC_VERDICT_BUSY: return "busy";
    case RD_MIC_VERDICT_NO_AUDIO: return "no-audio";
    default: g_return_val_if_reached ("unknown");
    }
}

/* What the radiologist should do, in one sentence. */
char *
rd_mic_verdict_advice (RdMicVerdict  verdict,
                       const char   *device_name)
{
  const char *name = device_name ? device_name : _("the microphone");

  switch (verdict)
    {
    case RD_MIC_VERDICT_OK:
      return g_strdup_printf (_("%s works"), name);
    case RD_MIC_VERDICT_TOO_QUIET:
      return g_strdup_printf (_("Very little sound from %s: speak closer to it, or raise its input level"), name);
    case RD_MIC_VERDICT_SILENT:
      return g_strdup_printf (_("No sound from %s: check the mute switch and the cable"), name);
    case RD_MIC_VERDICT_CLIPPING:
      return g_strdup_printf (_("%s is too loud and distorts: hold it further away, or lower its input level"), name);
    case RD_MIC_VERDICT_NO_DEVICE:
      return g_strdup (_("No microphone found: plug in the dictation microphone, or set mic-device"));
    case RD_MIC_VERDICT_BUSY:
      return g_strdup_printf (_("%s is in use by another program: close it and check again"), name);
    case RD_MIC_VERDICT_NO_AUDIO:
      return g_strdup_printf (_("%s opened but sent no sound in time: unplug it, plug it in again and check again"), name);
    default:
      g_return_val_if_reached (NULL);
    }
}
