/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-audio-inputs.h"
#include "rd-settings-keys.h"
#include "rd-dictation-input.h"

#include <glib/gi18n-lib.h>

/* The input dictation uses now, by the one rule (core/rd-mic-choice.c)
 * over the desktop's inputs and the mic-device setting: the reporting
 * pages record it, the check judges it, the status bar names it. Follows
 * inputs that come and go: "changed" when the choice changes, "lost" when
 * the input in use is gone (unplugged). Watching starts on first use, or
 * with rd_dictation_input_start (), so that a start without dictation
 * costs nothing. */

struct _RdDictationInput
{
  GObject        parent_instance;

  GSettings     *settings;
  RdAudioInputs *inputs;    /* NULL until started */
  char          *name;
  char          *missing;
};

G_DEFINE_FINAL_TYPE (RdDictationInput, rd_dictation_input, G_TYPE_OBJECT)

enum { CHANGED, LOST, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
is_listed (RdDictationInput *self,
           const char       *name)
{
  g_autoptr(GPtrArray) now = rd_audio_inputs_list (self->inputs);

  for (guint i = 0; i < now->len; i++)
    if (g_strcmp0 (((RdAudioInput *) g_ptr_array_index (now, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
update (RdDictationInput *self)
{
  g_autofree char *preference = g_settings_get_string (self->settings, RD_KEY_MIC_DEVICE);
  g_autoptr(RdAudioInput) chosen = rd_audio_inputs_choose (preference, NULL);
  g_autofree char *old = g_steal_pointer (&self->name);
  g_autofree char *old_missing = g_steal_pointer (&self->missing);

  self->name = chosen ? g_strdup (chosen->name) : NULL;
  if (chosen == NULL && preference[0] != '\0')
    self->missing = g_strdup_printf (_("The microphone “%s” is not connected"), preference);
  if (g_strcmp0 (old, self->name) == 0 && g_strcmp0 (old_missing, self->missing) == 0)
    return;
  g_info ("dictation input: %s", self->name ? self->name : self->missing ? self->missing : "(none)");
  if (old != NULL && !is_listed (self, old))
    g_signal_emit (self, signals[LOST], 0, old);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
rd_dictation_input_start (RdDictationInput *self)
{
  g_return_if_fail (RD_IS_DICTATION_INPUT (self));

  if (self->inputs != NULL)
    return;
  self->inputs = g_object_ref (rd_audio_inputs_get_default ());
  g_signal_connect_object (self->inputs, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_MIC_DEVICE, G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

/* The desktop's name of the input, or NULL (none, or none known yet). */
const char *
rd_dictation_input_get_name (RdDictationInput *self)
{
  g_return_val_if_fail (RD_IS_DICTATION_INPUT (self), NULL);

  return self->name;
}

/* Why there is no input to use, or NULL. */
const char *
rd_dictation_input_get_missing (RdDictationInput *self)
{
  g_return_val_if_fail (RD_IS_DICTATION_INPUT (self), NULL);

  return self->missing;
}

RdDictationInput *
rd_dictation_input_new (void)
{
  return g_object_new (RD_TYPE_DICTATION_INPUT, NULL);
}

static void
rd_dictation_input_finalize (GObject *object)
{
  RdDictationInput *self = RD_DICTATION_INPUT (object);

  g_clear_object (&self->inputs);
  g_clear_object (&self->settings);
  g_free (self->name);
  g_free (self->missing);
  G_OBJECT_CLASS (rd_dictation_input_parent_class)->finalize (object);
}

static void
rd_dictation_input_class_init (RdDictationInputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_dictation_input_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  /* the input in use went away: its desktop name */
  signals[LOST] = g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_dictation_input_init (RdDictationInput *self)
{
  self->settings = rd_settings_new ();
}
