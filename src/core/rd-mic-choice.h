/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One audio input as the desktop lists it. */
typedef struct {
  const char *name;          /* what people see: "SpeechMike III Audio" */
  const char *server_name;   /* the sound server's own name, or NULL */
  gboolean    is_default;
} RdMicChoiceInput;

int      rd_mic_choose           (const RdMicChoiceInput *inputs,
                                  guint                   n_inputs,
                                  const char             *preference);
gboolean rd_mic_is_dictation_name (const char            *name);
gboolean rd_mic_server_name_is_safe (const char          *server_name);

G_END_DECLS
