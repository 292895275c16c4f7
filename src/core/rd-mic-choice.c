/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-mic-choice.h"

#include <string.h>

/* Which input dictation uses: the one the check judges, the one the
 * reporting app records and the one the status bar names. One rule for all
 * three, so they cannot disagree:
 *  - mic-device set: the first input whose name (or sound-server name)
 *    contains it, ignoring case; none: no input at all (an admin who named
 *    one never gets another silently);
 *  - unset: a dictation microphone's own input (SpeechMike, PowerMic, …)
 *    when one is connected, else the desktop's default, else the first. */

static const char * const dictation_names[] = { "SpeechMike", "PowerMic", "SpeechOne", "Philips", "Nuance", NULL };

gboolean
rd_mic_is_dictation_name (const char *name)
{
  for (guint k = 0; name != NULL && dictation_names[k] != NULL; k++)
    if (strstr (name, dictation_names[k]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
contains_casefold (const char *haystack,
                   const char *wanted_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL || !g_utf8_validate (haystack, -1, NULL))
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, wanted_folded) != NULL;
}

/* Returns the index of the input to use, or -1 when there is none. */
int
rd_mic_choose (const RdMicChoiceInput *inputs,
               guint                   n_inputs,
               const char             *preference)
{
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, -1);

  if (preference != NULL && preference[0] != '\0')
    {
      g_autofree char *wanted = NULL;

      if (!g_utf8_validate (preference, -1, NULL))
        return -1;
      wanted = g_utf8_casefold (preference, -1);

      for (guint i = 0; i < n_inputs; i++)
        if (contains_casefold (inputs[i].name, wanted) || contains_casefold (inputs[i].server_name, wanted))
          return (int) i;
      return -1;
    }
  /* in the order of the names: a SpeechMike before a generic Philips device */
  for (guint k = 0; dictation_names[k] != NULL; k++)
    for (guint i = 0; i < n_inputs; i++)
      if (inputs[i].name != NULL && strstr (inputs[i].name, dictation_names[k]) != NULL)
        return (int) i;
  for (guint i = 0; i < n_inputs; i++)
    if (inputs[i].is_default)
      return (int) i;
  return n_inputs > 0 ? 0 : -1;
}

/* A sound-server name goes into an ALSA device string ("pulse:DEVICE=…"):
 * only the characters such names are made of, so that nothing in it can
 * change the string's meaning. */
gboolean
rd_mic_server_name_is_safe (const char *server_name)
{
  if (server_name == NULL || server_name[0] == '\0' || strlen (server_name) > 255)
    return FALSE;
  for (const char *p = server_name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-:+@", *p) == NULL)
      return FALSE;
  return TRUE;
}
