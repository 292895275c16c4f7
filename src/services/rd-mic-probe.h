/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-level.h"

G_BEGIN_DECLS

typedef struct {
  RdMicVerdict verdict;
  RdLevel      level;
  char        *device_name;   /* NULL when no device was found */
  char        *advice;
  gint64       duration_us;   /* start of the check → verdict */
} RdMicResult;

/* Live level, on the caller's main context, while the check runs. */
typedef void (*RdMicLevelFunc) (double rms_dbfs, gpointer user_data);

#define RD_MIC_PROBE_RATE 16000

void         rd_mic_probe_prepare      (void);
void         rd_mic_probe_shutdown     (void);
GStrv        rd_mic_probe_list_devices (const char     *preference,
                                        gboolean        names_only,
                                        GError        **error);
void         rd_mic_probe_run_async    (const char     *device_preference,
                                        guint           duration_ms,
                                        RdMicLevelFunc  on_level,
                                        gpointer        level_data,
                                        GCancellable   *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer        user_data);
RdMicResult *rd_mic_probe_run_finish   (GAsyncResult   *result,
                                        GError        **error);
void         rd_mic_result_free        (RdMicResult    *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdMicResult, rd_mic_result_free)

G_END_DECLS
