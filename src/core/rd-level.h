/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Thresholds of the microphone verdict, in dBFS of the RMS (a full-scale
 * sine is −3 dBFS; normal dictation at a SpeechMike is about −20). */
#define RD_LEVEL_SILENT_DBFS       (-60.0)   /* below: nothing is coming in */
#define RD_LEVEL_TOO_QUIET_DBFS    (-40.0)   /* below: speech too far or muted */
#define RD_LEVEL_CLIP_SAMPLE        0.999    /* |sample| at or above: clipped */
#define RD_LEVEL_CLIP_RATIO         0.01     /* more than 1 % clipped: clipping */
#define RD_LEVEL_FLOOR_DBFS        (-120.0)  /* what digital silence reads as */

typedef enum {
  RD_MIC_VERDICT_OK,
  RD_MIC_VERDICT_TOO_QUIET,
  RD_MIC_VERDICT_SILENT,
  RD_MIC_VERDICT_CLIPPING,
  RD_MIC_VERDICT_NO_DEVICE,
  RD_MIC_VERDICT_BUSY,
  RD_MIC_VERDICT_NO_AUDIO,
} RdMicVerdict;

typedef struct {
  double rms_dbfs;           /* after removing any DC offset */
  double peak_dbfs;
  double clipped_ratio;
  double noise_floor_dbfs;   /* the quietest tenth of 20 ms frames */
  double dc_offset;
  gsize  n_samples;          /* valid samples analysed */
  gsize  n_invalid;          /* NaN and infinities, ignored */
} RdLevel;

void          rd_level_analyse          (const float *samples,
                                         gsize        n_samples,
                                         guint        sample_rate,
                                         RdLevel     *level);
RdMicVerdict  rd_level_verdict          (const RdLevel *level);
const char   *rd_mic_verdict_to_string  (RdMicVerdict  verdict);
char         *rd_mic_verdict_advice     (RdMicVerdict  verdict,
                                         const char   *device_name);

G_END_DECLS
