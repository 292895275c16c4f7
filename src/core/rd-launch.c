/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-launch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-launch.h"
#include "rd-text.h"
#include "rd-error.h"
#include "rd-outbox.h"
#include "rd-webhook-verify.h"

#include <gio/gio.h>
#include <string.h>

/* The whole grammar of docs/protocol.md §4. Hand-written because GOption has no
 * subcommands and the invoking process must reject bad input before anything
 * reaches the running instance. */

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


void
rd_launch_free (RdLaunch *launch)
{
  if (launch == NULL)
    return;
  g_clear_pointer (&launch->study, rd_study_free);
  g_free (launch->since);
  g_free (launch->listen_host);
  g_free (launch->profile);
  g_free (launch->wait);
  g_free (launch->mic_device);
  g_free (launch->uri);
  g_free (launch->help_topic);
  g_free (launch);
}

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (RD_ERROR, RD_ERROR_INVALID_ARGUMENT, format, args);
  va_end (args);
  return FALSE;
}

/* The subcommands and their options: for help and "did you mean". */
static const char * const subcommands[] = {
  "open", "close", "check-mic", "events", "devices", "relay", "help", NULL,
};
static const char * const global_options[] = { "--demo", "--profile", "--background", "--at-login", "--version",
                                                "--help", NULL };
static const char * const open_options[] = {
  "--mrn", "--accession", "--site", "--study-uid", "--meta", "--wait", "--timeout", "--help", NULL,
};
static const char * const events_options[] = { "--follow", "--failed", "--retry", "--since", "--help", NULL };
static const char * const check_mic_options[] = { "--device", "--seconds", "--list", "--json", "--help", NULL };
static const char * const relay_options[] = { "--listen", "--help", NULL };
static const char * const devices_options[] = { "--monitor", "--help", NULL };

char *
rd_launch_usage_for (const char *topic)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *start = NULL;
  GString *text;
  gboolean in = FALSE;

  if (g_strcmp0 (topic, "demo") == 0)
    return g_strconcat (rd_launch_usage (), "\n", _(usage_demo), NULL);
  if (topic == NULL || !g_strv_contains (subcommands, topic) || g_str_equal (topic, "help"))
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

static gboolean
unknown_command (GError     **error,
                 const char  *command)
{
  const char *guess = rd_launch_suggest (command, subcommands);
  g_autofree char *shown = rd_text_for_display (command, RD_TEXT_SHOWN_MAX);

  if (guess != NULL)
    return fail (error, _("unknown command \"%s\"; did you mean \"%s\"? See reportdock --help"), shown, guess);
  return fail (error, _("unknown command \"%s\"; see reportdock --help"), shown);
}

/* "open: unknown option …", with a suggestion where there is one. */
static gboolean
unknown_option (GError             **error,
                const char          *command,
                const char          *option,
                const char * const  *known)
{
  const char *guess = rd_launch_suggest (option, known);
  g_autofree char *shown = rd_text_for_display (option, RD_TEXT_SHOWN_MAX);

  if (guess != NULL)
    return fail (error, _("%s: unknown option \"%s\"; did you mean \"%s\"? See reportdock %s --help"),
                 command, shown, guess, command);
  return fail (error, _("%s: unknown option \"%s\"; see reportdock %s --help"), command, shown, command);
}

static gboolean
apply_meta_pair (RdStudy     *study,
                 const char  *pair,
                 GError     **error)
{
  const char *eq = strchr (pair, '=');
  g_autofree char *key = NULL;

  if (eq == NULL || eq == pair)
    return fail (error, _("--meta takes KEY=VALUE"));
  key = g_strndup (pair, eq - pair);
  return rd_study_set_meta (study, key, eq + 1, error);
}

/* Accepts "--name value" and "--name=value"; returns the value or NULL. */
static const char *
take_value (const char          *arg,
            const char          *name,
            int                  argc,
            const char * const  *argv,
            int                 *i)
{
  gsize n = strlen (name);

  if (strncmp (arg, name, n) != 0)
    return NULL;
  if (arg[n] == '=')
    return arg + n + 1;
  if (arg[n] != '\0')
    return NULL;
  if (*i + 1 >= argc)
    return "";   /* caught as "empty" by the validators */
  return argv[++*i];
}

/* The events a worklist can wait for (docs/protocol.md §1.4 and ours);
 * report.signed:final is a final signature only (sign, sign_addendum). */
static const char * const waitable_events[] = {
  "report.opened", "report.closed", "report.saved", "report.discarded_completely",
  "report.signed", "report.signed:final", "report.published", "report.updated",
  "reportdock.context_mismatch", NULL,
};

static gboolean
parse_open (RdLaunch           *launch,
            int                 argc,
            const char * const *argv,
            int                 i,
            GError            **error)
{
  RdStudy *study = launch->study;
  gboolean have_site = FALSE, have_uid = FALSE, have_timeout = FALSE;

  for (; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *v;

      if ((v = take_value (arg, "--mrn", argc, argv, &i)) != NULL)
        {
          if (rd_study_get_mrn (study) != NULL)
            return fail (error, _("--mrn is given twice"));
          if (!rd_study_set_mrn (study, v, error))
            return FALSE;
        }
      else if ((v = take_value (arg, "--accession", argc, argv, &i)) != NULL)
        {
          if (!rd_study_add_accession (study, v, error))
            return FALSE;
        }
      else if ((v = take_value (arg, "--site", argc, argv, &i)) != NULL)
        {
          if (have_site)
            return fail (error, _("--site is given twice"));
          have_site = TRUE;
          if (!rd_study_set_site_id (study, v, error))
            return FALSE;
        }
      else if ((v = take_value (arg, "--study-uid", argc, argv, &i)) != NULL)
        {
          if (have_uid)
            return fail (error, _("--study-uid is given twice"));
          have_uid = TRUE;
          if (!rd_study_set_study_uid (study, v, error))
            return FALSE;
        }
      else if ((v = take_value (arg, "--meta", argc, argv, &i)) != NULL)
        {
          if (!apply_meta_pair (study, v, error))
            return FALSE;
        }
      else if ((v = take_value (arg, "--wait", argc, argv, &i)) != NULL)
        {
          if (!g_strv_contains (waitable_events, v))
            {
              g_autofree char *known = g_strjoinv (", ", (char **) waitable_events);
              g_autofree char *shown = rd_text_for_display (v, RD_TEXT_SHOWN_MAX);

              return fail (error, _("--wait: unknown event \"%s\"; use one of %s"), shown, known);
            }
          g_free (launch->wait);
          launch->wait = g_strdup (v);
        }
      else if ((v = take_value (arg, "--timeout", argc, argv, &i)) != NULL)
        {
          guint64 seconds;

          if (!g_ascii_string_to_unsigned (v, 10, 1, 7 * 24 * 3600, &seconds, NULL))
            return fail (error, _("--timeout takes a whole number of seconds from 1 to 604800"));
          launch->timeout = seconds;
          have_timeout = TRUE;
        }
      else
        return unknown_option (error, "open", arg, open_options);
    }
  if (have_timeout && launch->wait == NULL)
    return fail (error, _("--timeout goes with --wait"));
  return rd_study_check_complete (study, error);
}

/* "PORT", "HOST:PORT" or "[IPV6]:PORT"; HOST must be an IP address. */
static gboolean
parse_listen (const char  *text,
              char       **host,
              guint       *port,
              GError     **error)
{
  g_autofree char *h = NULL;
  const char *port_text = text;
  const char *colon = strrchr (text, ':');
  g_autoptr(GInetAddress) address = NULL;
  guint64 value;

  if (colon != NULL)
    {
      h = g_strndup (text, colon - text);
      port_text = colon + 1;
      if (h[0] == '[' && h[strlen (h) - 1] == ']')
        {
          char *inner = g_strndup (h + 1, strlen (h) - 2);

          g_free (h);
          h = inner;
        }
      address = g_inet_address_new_from_string (h);
      if (address == NULL)
        {
          fail (error, _("--listen takes [HOST:]PORT with HOST an IP address, e.g. 127.0.0.1:8787"));
          return FALSE;
        }
    }
  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &value, NULL))
    {
      fail (error, _("--listen takes [HOST:]PORT with PORT from 0 to 65535"));
      return FALSE;
    }
  g_free (*host);
  *host = h ? g_steal_pointer (&h) : g_strdup ("127.0.0.1");
  *port = (guint) value;
  return TRUE;
}

static RdLaunch *
parse_argv (int                  argc,
                      const char * const  *argv,
                      GError             **error)
{
  g_autoptr(RdLaunch) launch = NULL;
  int i = 1;

  /* argv[0] is the program: an empty list (exec with no arguments, an
   * empty aay over D-Bus) is no command line at all, nor is a list whose
   * program is "" (what GLib makes of bytes that are no string) */
  if (argc < 1 || argv == NULL || argv[0] == NULL || argv[0][0] == '\0')
    {
      fail (error, _("no command line: the argument list is empty"));
      return NULL;
    }
  for (int j = 0; j < argc; j++)
    if (argv[j] == NULL)
      {
        fail (error, _("the argument list is malformed"));
        return NULL;
      }
  launch = g_new0 (RdLaunch, 1);
  launch->kind = RD_LAUNCH_RAISE;

  /* Global options come before the subcommand. */
  for (; i < argc && argv[i][0] == '-'; i++)
    {
      const char *v;

      if (g_str_equal (argv[i], "--demo"))
        launch->demo = TRUE;
      else if (g_str_equal (argv[i], "--background"))
        launch->background = TRUE;
      else if (g_str_equal (argv[i], "--at-login"))
        launch->at_login = TRUE;
      else if ((v = take_value (argv[i], "--profile", argc, argv, &i)) != NULL)
        {
          if (v[0] == '\0' || strlen (v) > 32 || strspn (v, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (v))
            {
              fail (error, _("--profile takes a profile name: demo, radpair, mdai, avara or a site's own"));
              return NULL;
            }
          g_free (launch->profile);
          launch->profile = g_strdup (v);
        }
      else if (g_str_equal (argv[i], "--version"))
        launch->kind = RD_LAUNCH_VERSION;
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        launch->kind = RD_LAUNCH_HELP;
      else
        {
          const char *guess = rd_launch_suggest (argv[i], global_options);
          g_autofree char *shown = rd_text_for_display (argv[i], RD_TEXT_SHOWN_MAX);

          if (guess != NULL)
            fail (error, _("unknown option \"%s\"; did you mean \"%s\"? See reportdock --help"), shown, guess);
          else
            fail (error, _("unknown option \"%s\"; see reportdock --help"), shown);
          return NULL;
        }
    }
  /* --demo --help: also what the demo's studies can show */
  if (launch->kind == RD_LAUNCH_HELP && launch->demo && i == argc)
    launch->help_topic = g_strdup ("demo");
  if (i == argc || launch->kind != RD_LAUNCH_RAISE)
    return g_steal_pointer (&launch);

  /* "help [SUBCOMMAND]" and "SUBCOMMAND --help": that subcommand's usage */
  if (g_str_equal (argv[i], "help") || g_strv_contains (subcommands, argv[i]))
    {
      const char *topic = g_str_equal (argv[i], "help") ? (i + 1 < argc ? argv[i + 1] : NULL) : argv[i];
      gboolean asked = g_str_equal (argv[i], "help");

      for (int j = i + 1; !asked && j < argc; j++)
        asked = g_str_equal (argv[j], "--help") || g_str_equal (argv[j], "-h");
      if (asked)
        {
          if (topic != NULL && !g_strv_contains (subcommands, topic))
            {
              unknown_command (error, topic);
              return NULL;
            }
          launch->kind = RD_LAUNCH_HELP;
          launch->help_topic = g_strdup (topic);
          return g_steal_pointer (&launch);
        }
    }

  if (g_str_equal (argv[i], "open"))
    {
      launch->kind = RD_LAUNCH_OPEN;
      launch->study = rd_study_new ();
      if (!parse_open (launch, argc, argv, i + 1, error))
        return NULL;
      return g_steal_pointer (&launch);
    }
  if (g_str_equal (argv[i], "events"))
    {
      launch->kind = RD_LAUNCH_EVENTS;
      for (i++; i < argc; i++)
        {
          const char *v;

          if (g_str_equal (argv[i], "--follow"))
            launch->follow = TRUE;
          else if (g_str_equal (argv[i], "--failed"))
            launch->failed = TRUE;
          else if (g_str_equal (argv[i], "--retry"))
            launch->retry = TRUE;
          else if ((v = take_value (argv[i], "--since", argc, argv, &i)) != NULL)
            {
              if (!rd_outbox_is_event_id (v))
                {
                  fail (error, _("--since takes an event id (evt_ and 32 hex digits)"));
                  return NULL;
                }
              g_free (launch->since);
              launch->since = g_strdup (v);
            }
          else
            {
              unknown_option (error, "events", argv[i], events_options);
              return NULL;
            }
        }
      if (launch->retry && (launch->follow || launch->failed || launch->since != NULL))
        {
          fail (error, _("events --retry takes no other option"));
          return NULL;
        }
      return g_steal_pointer (&launch);
    }
  if (g_str_equal (argv[i], "check-mic"))
    {
      launch->kind = RD_LAUNCH_CHECK_MIC;
      launch->mic_ms = 300;
      for (i++; i < argc; i++)
        {
          const char *v;

          if (g_str_equal (argv[i], "--list"))
            launch->list = TRUE;
          else if (g_str_equal (argv[i], "--json"))
            launch->json = TRUE;
          else if ((v = take_value (argv[i], "--device", argc, argv, &i)) != NULL)
            {
              if (v[0] == '\0' || strlen (v) > 256 || !g_utf8_validate (v, -1, NULL))
                {
                  fail (error, _("--device takes part of a device name (see --list)"));
                  return NULL;
                }
              g_free (launch->mic_device);
              launch->mic_device = g_strdup (v);
            }
          else if ((v = take_value (argv[i], "--seconds", argc, argv, &i)) != NULL)
            {
              char *end = NULL;
              double seconds = g_ascii_strtod (v, &end);

              if (v[0] == '\0' || end == NULL || *end != '\0' || !(seconds >= 0.1 && seconds <= 10))
                {
                  fail (error, _("--seconds takes a number from 0.1 to 10"));
                  return NULL;
                }
              launch->mic_ms = (guint) (seconds * 1000);
            }
          else
            {
              unknown_option (error, "check-mic", argv[i], check_mic_options);
              return NULL;
            }
        }
      return g_steal_pointer (&launch);
    }
  if (g_str_equal (argv[i], "relay"))
    {
      launch->kind = RD_LAUNCH_RELAY;
      for (i++; i < argc; i++)
        {
          const char *v;

          if ((v = take_value (argv[i], "--listen", argc, argv, &i)) != NULL)
            {
              if (!parse_listen (v, &launch->listen_host, &launch->listen_port, error))
                return NULL;
            }
          else
            {
              unknown_option (error, "relay", argv[i], relay_options);
              return NULL;
            }
        }
      if (launch->listen_host == NULL)
        launch->listen_host = g_strdup ("127.0.0.1");
      return g_steal_pointer (&launch);
    }
  if (g_str_equal (argv[i], "devices"))
    {
      launch->kind = RD_LAUNCH_DEVICES;
      for (i++; i < argc; i++)
        {
          if (g_str_equal (argv[i], "--monitor"))
            launch->monitor = TRUE;
          else
            {
              unknown_option (error, "devices", argv[i], devices_options);
              return NULL;
            }
        }
      return g_steal_pointer (&launch);
    }
  if (g_str_equal (argv[i], "close"))
    {
      if (i + 1 < argc)
        {
          fail (error, _("close takes no arguments"));
          return NULL;
        }
      launch->kind = RD_LAUNCH_CLOSE;
      return g_steal_pointer (&launch);
    }
  if (g_ascii_strncasecmp (argv[i], "reportdock:", strlen ("reportdock:")) == 0)
    {
      RdLaunch *from_uri;

      if (i + 1 < argc)
        {
          fail (error, _("a reportdock:// URI must be the only argument"));
          return NULL;
        }
      from_uri = rd_launch_parse_uri (argv[i], error);
      if (from_uri != NULL)
        from_uri->demo = launch->demo;
      return from_uri;
    }
  unknown_command (error, argv[i]);
  return NULL;
}

RdLaunch *
rd_launch_parse_argv (int                  argc,
                      const char * const  *argv,
                      GError             **error)
{
  g_autoptr(RdLaunch) launch = parse_argv (argc, argv, error);

  if (launch == NULL)
    return NULL;
  /* --background starts ReportDock; a study or a command is another matter */
  if (launch->background && launch->kind != RD_LAUNCH_RAISE && launch->kind != RD_LAUNCH_HELP &&
      launch->kind != RD_LAUNCH_VERSION)
    {
      fail (error, _("--background only starts ReportDock; give it no command"));
      return NULL;
    }
  if (launch->at_login && !launch->background)
    {
      fail (error, _("--at-login goes with --background"));
      return NULL;
    }
  return g_steal_pointer (&launch);
}

RdLaunch *
rd_launch_parse_uri (const char  *uri,
                     GError     **error)
{
  g_autoptr(RdLaunch) launch = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  GUriParamsIter iter;
  const char *query;
  char *attr, *value;
  gboolean have_site = FALSE, have_uid = FALSE;

  if (strlen (uri) > RD_LAUNCH_MAX_URI_LENGTH)
    {
      fail (error, _("reportdock:// URI is longer than %d bytes"), RD_LAUNCH_MAX_URI_LENGTH);
      return NULL;
    }
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (parsed == NULL)
    {
      /* a link is checked before its signature: its errors name no value */
      fail (error, _("bad encoding or syntax in the reportdock:// URI"));
      return NULL;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "reportdock") != 0)
    {
      fail (error, _("URI scheme must be reportdock://"));
      return NULL;
    }

  launch = g_new0 (RdLaunch, 1);
  if (g_strcmp0 (g_uri_get_host (parsed), "close") == 0)
    {
      launch->kind = RD_LAUNCH_CLOSE;
      launch->uri = g_strdup (uri);
      return g_steal_pointer (&launch);
    }
  if (g_strcmp0 (g_uri_get_host (parsed), "open") != 0 ||
      (g_uri_get_path (parsed)[0] != '\0' && !g_str_equal (g_uri_get_path (parsed), "/")))
    {
      fail (error, _("URI must be reportdock://open?… or reportdock://close"));
      return NULL;
    }

  launch->kind = RD_LAUNCH_OPEN;
  launch->study = rd_study_new ();
  query = g_uri_get_query (parsed);
  if (query == NULL)
    query = "";
  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &attr, &value, &local_error))
    {
      g_autofree char *key = attr;
      g_autofree char *val = value;
      gboolean ok;

      if (g_str_equal (key, "mrn"))
        ok = rd_study_get_mrn (launch->study) == NULL
               ? rd_study_set_mrn (launch->study, val, error)
               : fail (error, _("mrn is given twice"));
      else if (g_str_equal (key, "accession"))
        ok = rd_study_add_accession (launch->study, val, error);
      else if (g_str_equal (key, "site"))
        ok = !have_site ? (have_site = TRUE, rd_study_set_site_id (launch->study, val, error))
                        : fail (error, _("site is given twice"));
      else if (g_str_equal (key, "study_uid"))
        ok = !have_uid ? (have_uid = TRUE, rd_study_set_study_uid (launch->study, val, error))
                       : fail (error, _("study_uid is given twice"));
      else if (g_str_equal (key, "ts") || g_str_equal (key, "sig"))
        ok = TRUE;   /* the signature, checked by the running instance */
      else if (rd_study_is_meta_key (key))
        {
          ok = rd_study_set_meta (launch->study, key, val, error);
          if (g_str_equal (key, "findings") || g_str_equal (key, "pre_findings") ||
              g_str_equal (key, "key_findings"))
            launch->report_text = TRUE;
        }
      else
        ok = fail (error, _("unknown key in the reportdock:// URI; its keys are mrn, accession, site, study_uid, "
                           "ts, sig and the metadata keys of --meta"));
      if (!ok)
        return NULL;
    }
  if (local_error != NULL)
    {
      fail (error, _("bad encoding in the reportdock:// URI: a value is not UTF-8, or a %%-escape is broken"));
      return NULL;
    }
  if (!rd_study_check_complete (launch->study, error))
    return NULL;
  launch->uri = g_strdup (uri);
  return g_steal_pointer (&launch);
}

gboolean
rd_launch_check_unsigned (const RdLaunch  *launch,
                          GError         **error)
{
  if (launch->uri == NULL || !launch->report_text)
    return TRUE;
  return fail (error, _("a reportdock:// link cannot fill report text (findings, pre_findings, "
                      "key_findings) unless links are signed: set launch-secret-file"));
}

/* The value of the query parameter name in the raw query, or NULL. */
static char *
raw_param (const char *query,
           const char *name)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", -1);
  gsize n = strlen (name);

  for (guint i = 0; pairs[i] != NULL; i++)
    if (strncmp (pairs[i], name, n) == 0 && pairs[i][n] == '=')
      return g_strdup (pairs[i] + n + 1);
  return NULL;
}

gboolean
rd_launch_check_signature (const char  *uri,
                           GBytes      *key,
                           gint64       now_s,
                           char       **replay_key,
                           GError     **error)
{
  const char *sig = uri ? strstr (uri, "&sig=") : NULL;
  const char *query = uri ? strchr (uri, '?') : NULL;
  g_autofree char *signed_part = NULL, *ts = NULL, *given = NULL, *expected = NULL;
  guint64 when;

  if (sig == NULL || query == NULL || sig < query || strstr (sig + 1, "&") != NULL)
    return fail (error, _("this reportdock:// link is not signed (ts=…&sig=… last), and links must be"));
  given = g_ascii_strdown (sig + strlen ("&sig="), -1);
  if (strlen (given) != 64 || strspn (given, "0123456789abcdef") != 64)
    return fail (error, _("the sig of this reportdock:// link is not 64 hex digits"));
  signed_part = g_strndup (uri, sig - uri);
  ts = raw_param (strchr (signed_part, '?') + 1, "ts");
  if (ts == NULL || !g_ascii_string_to_unsigned (ts, 10, 0, G_MAXINT64, &when, NULL))
    return fail (error, _("this reportdock:// link has no ts (Unix seconds) to sign"));
  if ((gint64) when < now_s - RD_LAUNCH_SIGNATURE_WINDOW_S || (gint64) when > now_s + RD_LAUNCH_SIGNATURE_WINDOW_S)
    return fail (error, _("this reportdock:// link was signed more than 2 minutes from now: too old to "
                        "use, or a clock that is wrong"));
  expected = g_compute_hmac_for_data (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                                      (const guchar *) signed_part, strlen (signed_part));
  if (!rd_constant_time_equal (given, expected))
    return fail (error, _("the signature of this reportdock:// link does not match: wrong secret, or "
                        "the link was changed"));
  if (replay_key != NULL)
    *replay_key = g_strconcat ("link:", given, NULL);
  return TRUE;
}
