/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-launch"

#include "config.h"

#include "rd-launch-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The usage texts, and "did you mean" for a misspelt command or option. */

/* Translators: keep the commands and options as they are. */
static const char *const usage =
  N_("Usage:\n"
  "  reportdock                     start ReportDock, or raise its window\n"
  "  reportdock --demo [--profile mdai|avara]\n"
  "                                 start with the built-in demo reporting service\n"
  "  reportdock --profile NAME      start with this vendor profile instead of the setting\n"
  "  reportdock --version           print the version\n"
  "  reportdock open --mrn MRN --accession ACC [--accession ACC2 ...]\n"
  "                  [--site SITE] [--study-uid UID] [--meta KEY=VALUE ...]\n"
  "                  [--wait EVENT [--timeout SECONDS]]\n"
  "  reportdock close               close the open report\n"
  "  reportdock check-mic [--device NAME] [--seconds S] [--list] [--json]\n"
  "                                 check the microphone: exit 0 ok, 1 problem\n"
  "  reportdock events [--follow] [--since EVENT-ID]\n"
  "                                 print the event outbox as JSON lines\n"
  "  reportdock devices [--monitor] list dictation devices; --monitor prints\n"
  "                                 their buttons as JSON lines until Ctrl-C\n"
  "  reportdock relay [--listen [HOST:]PORT]\n"
  "                                 receive the vendor's webhooks (127.0.0.1 unless\n"
  "                                 HOST is given) into the event outbox\n"
  "  reportdock 'reportdock://open?mrn=MRN&accession=ACC&site=SITE&study_uid=UID'\n");

/* Translators: keep the commands and options as they are. */
static const char *const usage_background =
  N_("  reportdock --background [--at-login]\n"
  "                                 start without a window, signed in, ready for the\n"
  "                                 first study; --at-login: only when start-at-login is on\n");

/* Translators: keep the event names and keys as they are. */
static const char *const usage_open =
  N_("  --wait report.signed:final waits for a final signature only (not a preliminary one)\n"
  "  events --failed: the events events-url refused for good; events --retry: send them again\n"
  "  --meta also takes patient_name, patient_birth_date (YYYYMMDD), patient_sex (M/F/O),\n"
  "  patient_age, body_part, study_date (YYYYMMDD), study_time (HHMMSS)\n");

/* Translators: keep the endings (-HANG, -WRONG, -ERR, -SLOW, -F, .999) and options as they are. */
static const char *const usage_demo =
  N_("The demo's studies do what their names say:\n"
  "  an accession ending in -HANG    the reporting app never answers\n"
  "  an accession ending in -WRONG   the app shows another patient's report:\n"
  "                                  the wrong-patient guard\n"
  "  --profile mdai, an accession ending in -ERR, or --profile avara, a study\n"
  "  UID ending in .999              the vendor refuses the study, with its reason\n"
  "  --profile mdai or avara, an MRN or accession with -SLOW\n"
  "                                  the vendor answers 3 s late\n"
  "  --profile mdai, an accession ending in -F\n"
  "                                  the report is already final\n"
  "  e.g. reportdock open --mrn DEMO-1 --accession ACC-1-WRONG --site DEMO\n");

const char *
rd_launch_usage (void)
{
  static char *text;

  if (text == NULL)
    text = g_strconcat (_(usage), _(usage_background), _(usage_open), NULL);
  return text;
}

char *
rd_launch_usage_for (const char *topic)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *start = NULL;
  GString *text;
  gboolean in = FALSE;

  if (g_strcmp0 (topic, "demo") == 0)
    return g_strconcat (rd_launch_usage (), "\n", _(usage_demo), NULL);
  if (topic == NULL || !g_strv_contains (rd_launch_subcommands, topic) || g_str_equal (topic, "help"))
    return g_strdup (rd_launch_usage ());
  /* the usage lines of this subcommand: its own and their continuations */
  lines = g_strsplit (_(usage), "\n", -1);
  start = g_strdup_printf ("  reportdock %s", topic);
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s\n", lines[0]);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "  reportdock"))
        in = g_str_has_prefix (lines[i], start) &&
             (lines[i][strlen (start)] == ' ' || lines[i][strlen (start)] == '\0');
      if (in && lines[i][0] != '\0')
        g_string_append_printf (text, "%s\n", lines[i]);
    }
  /* the notes about this subcommand (the commands in them are kept as
   * they are in every language), and open's every --meta key */
  if (g_str_equal (topic, "open") || g_str_equal (topic, "events"))
    {
      g_auto(GStrv) notes = g_strsplit (_(usage_open), "\n", -1);

      for (guint i = 0; notes[i] != NULL; i++)
        if (notes[i][0] != '\0' && g_str_has_prefix (notes[i], "  events") == g_str_equal (topic, "events"))
          g_string_append_printf (text, "%s\n", notes[i]);
    }
  if (g_str_equal (topic, "open"))
    {
      guint column = 0;

      for (const char * const *key = rd_study_get_meta_keys (); *key != NULL; key++)
        {
          if (column == 0 || column + strlen (*key) + 1 > 78)
            {
              g_string_append (text, column == 0 ? "  --meta KEY:" : "\n             ");
              column = 14;
            }
          g_string_append_printf (text, " %s", *key);
          column += strlen (*key) + 1;
        }
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* Optimal string alignment distance, for "did you mean". */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *d = g_new (guint, (n + 1) * (m + 1));

#define D(i, j) d[(i) * (m + 1) + (j)]
  for (gsize i = 0; i <= n; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= m; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = a[i - 1] != b[j - 1];

        D (i, j) = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          D (i, j) = MIN (D (i, j), D (i - 2, j - 2) + 1);
      }
  return D (n, m);
#undef D
}

/* The known word a typo most likely meant (at most 2 edits away, or a
 * prefix of exactly one), or NULL. The option's "=value" is ignored. */
const char *
rd_launch_suggest (const char         *word,
                   const char * const *known)
{
  g_autofree char *bare = g_strndup (word, strcspn (word, "="));
  const char *best = NULL, *prefixed = NULL;
  guint best_distance = 3, n_prefixed = 0;

  if (strlen (bare) < 2 || strlen (bare) > 64)
    return NULL;
  for (guint i = 0; known[i] != NULL; i++)
    {
      guint distance = edit_distance (bare, known[i]);

      if (distance < best_distance && distance < strlen (bare))
        {
          best = known[i];
          best_distance = distance;
        }
      if (strlen (bare) >= 3 && g_str_has_prefix (known[i], bare))
        {
          prefixed = known[i];
          n_prefixed++;
        }
    }
  return best != NULL ? best : n_prefixed == 1 ? prefixed : NULL;
}
