/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "log-capture.h"

static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (captured, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
log_capture_install (void)
{
  captured = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

const char *
log_capture_text (void)
{
  return captured->str;
}

void
log_capture_reset (void)
{
  g_string_truncate (captured, 0);
}
