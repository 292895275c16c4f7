/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An input of the desktop's sound server, as WebKit will offer it to a page. */
typedef struct {
  char     *name;          /* the desktop's name: "SpeechMike III Audio" */
  char     *server_name;   /* PulseAudio source / PipeWire node name */
  gboolean  is_default;
} RdAudioInput;

RdAudioInput *rd_audio_input_copy (const RdAudioInput *input);
void          rd_audio_input_free (RdAudioInput       *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdAudioInput, rd_audio_input_free)

#define RD_TYPE_AUDIO_INPUTS (rd_audio_inputs_get_type ())
G_DECLARE_FINAL_TYPE (RdAudioInputs, rd_audio_inputs, RD, AUDIO_INPUTS, GObject)

RdAudioInputs *rd_audio_inputs_get_default (void);
GPtrArray     *rd_audio_inputs_list        (RdAudioInputs *self);
GPtrArray     *rd_audio_inputs_snapshot    (void);
RdAudioInput  *rd_audio_inputs_choose      (const char    *preference,
                                            gboolean      *has_server);
GStrv          rd_audio_recording_formats  (void);

G_END_DECLS
