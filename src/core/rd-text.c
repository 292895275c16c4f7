/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-text.h"

/* Characters that would forge a log line (line breaks of every kind),
 * hide text (control characters) or reorder it on screen (bidirectional
 * overrides and isolates, Unicode TR #9). */
static gboolean
must_escape (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR || type == G_UNICODE_FORMAT ||
         type == G_UNICODE_UNASSIGNED || type == G_UNICODE_SURROGATE;
}

char *
rd_text_for_display (const char *text,
                     gsize       max_chars)
{
  g_autofree char *valid = NULL;
  GString *shown;
  gsize n = 0;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
  shown = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n >= max_chars)
        {
          g_string_append (shown, "…");
          break;
        }
      if (must_escape (c))
        g_string_append_printf (shown, "\\u{%" G_GINT32_MODIFIER "x}", c);
      else
        g_string_append_unichar (shown, c);
      n++;
    }
  return g_string_free (shown, FALSE);
}
