/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What each setting is called where people see it (Preferences, the
 * first-run assistant, messages), and what its field suggests. */

typedef struct {
  const char *value;
  const char *label;      /* translated, unless a language's own name */
} RdSettingChoice;

typedef struct {
  const char   *key;
  const char   *label;
  const char   *example;    /* a placeholder shown as is */
  const char   *hint;       /* a placeholder to translate; for a switch, its tooltip */
  const RdSettingChoice *choices;
  const char   *note;       /* shown under the field while nothing is wrong */
} RdSettingField;

const RdSettingField *rd_settings_field_find (const char *key);
char                 *rd_settings_labelled   (const char *text);

G_END_DECLS
