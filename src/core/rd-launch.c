/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-launch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-launch-private.h"
#include "rd-text.h"
#include "rd-error.h"
#include "rd-outbox.h"

#include <gio/gio.h>
#include <string.h>

/* The whole grammar of docs/protocol.md §4. Hand-written because GOption has no
 * rd_launch_subcommands and the invoking process must reject bad input before anything
 * reaches the running instance. */

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

gboolean
rd_launch_fail (GError     **error,
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

/* The rd_launch_subcommands and their options: for help and "did you mean". */
const char * const rd_launch_subcommands[] = {
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

static gboolean
unknown_command (GError     **error,
                 const char  *command)
{
  const char *guess = rd_launch_suggest (command, rd_launch_subcommands);
  g_autofree char *shown = rd_text_for_display (command, RD_TEXT_SHOWN_MAX);

  if (guess != NULL)
    return rd_launch_fail (error, _("unknown command \"%s\"; did you mean \"%s\"? See reportdock --help"), shown, guess);
  return rd_launch_fail (error, _("unknown command \"%s\"; see reportdock --help"), shown);
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
    return rd_launch_fail (error, _("%s: unknown option \"%s\"; did you mean \"%s\"? See reportdock %s --help"),
                 command, shown, guess, command);
  return rd_launch_fail (error, _("%s: unknown option \"%s\"; see reportdock %s --help"), command, shown, command);
}

static gboolean
apply_meta_pair (RdStudy     *study,
                 const char  *pair,
                 GError     **error)
{
  const char *eq = strchr (pair, '=');
  g_autofree char *key = NULL;

  if (eq == NULL || eq == pair)
    return rd_launch_fail (error, _("--meta takes KEY=VALUE"));
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
            return rd_launch_fail (error, _("--mrn is given twice"));
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
            return rd_launch_fail (error, _("--site is given twice"));
          have_site = TRUE;
          if (!rd_study_set_site_id (study, v, error))
            return FALSE;
        }
      else if ((v = take_value (arg, "--study-uid", argc, argv, &i)) != NULL)
        {
          if (have_uid)
            return rd_launch_fail (error, _("--study-uid is given twice"));
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

              return rd_launch_fail (error, _("--wait: unknown event \"%s\"; use one of %s"), shown, known);
            }
          g_free (launch->wait);
          launch->wait = g_strdup (v);
        }
      else if ((v = take_value (arg, "--timeout", argc, argv, &i)) != NULL)
        {
          guint64 seconds;

          if (!g_ascii_string_to_unsigned (v, 10, 1, 7 * 24 * 3600, &seconds, NULL))
            return rd_launch_fail (error, _("--timeout takes a whole number of seconds from 1 to 604800"));
          launch->timeout = seconds;
          have_timeout = TRUE;
        }
      else
        return unknown_option (error, "open", arg, open_options);
    }
  if (have_timeout && launch->wait == NULL)
    return rd_launch_fail (error, _("--timeout goes with --wait"));
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
          rd_launch_fail (error, _("--listen takes [HOST:]PORT with HOST an IP address, e.g. 127.0.0.1:8787"));
          return FALSE;
        }
    }
  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &value, NULL))
    {
      rd_launch_fail (error, _("--listen takes [HOST:]PORT with PORT from 0 to 65535"));
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
      rd_launch_fail (error, _("no command line: the argument list is empty"));
      return NULL;
    }
  for (int j = 0; j < argc; j++)
    if (argv[j] == NULL)
      {
        rd_launch_fail (error, _("the argument list is malformed"));
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
              rd_launch_fail (error, _("--profile takes a profile name: demo, radpair, mdai, avara or a site's own"));
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
            rd_launch_fail (error, _("unknown option \"%s\"; did you mean \"%s\"? See reportdock --help"), shown, guess);
          else
            rd_launch_fail (error, _("unknown option \"%s\"; see reportdock --help"), shown);
          return NULL;
        }
    }
  /* --demo --help: also what the demo's studies can show */
  if (launch->kind == RD_LAUNCH_HELP && launch->demo && i == argc)
    launch->help_topic = g_strdup ("demo");
  if (i == argc || launch->kind != RD_LAUNCH_RAISE)
    return g_steal_pointer (&launch);

  /* "help [SUBCOMMAND]" and "SUBCOMMAND --help": that subcommand's usage */
  if (g_str_equal (argv[i], "help") || g_strv_contains (rd_launch_subcommands, argv[i]))
    {
      const char *topic = g_str_equal (argv[i], "help") ? (i + 1 < argc ? argv[i + 1] : NULL) : argv[i];
      gboolean asked = g_str_equal (argv[i], "help");

      for (int j = i + 1; !asked && j < argc; j++)
        asked = g_str_equal (argv[j], "--help") || g_str_equal (argv[j], "-h");
      if (asked)
        {
          if (topic != NULL && !g_strv_contains (rd_launch_subcommands, topic))
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
                  rd_launch_fail (error, _("--since takes an event id (evt_ and 32 hex digits)"));
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
          rd_launch_fail (error, _("events --retry takes no other option"));
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
                  rd_launch_fail (error, _("--device takes part of a device name (see --list)"));
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
                  rd_launch_fail (error, _("--seconds takes a number from 0.1 to 10"));
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
          rd_launch_fail (error, _("close takes no arguments"));
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
          rd_launch_fail (error, _("a reportdock:// URI must be the only argument"));
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
      rd_launch_fail (error, _("--background only starts ReportDock; give it no command"));
      return NULL;
    }
  if (launch->at_login && !launch->background)
    {
      rd_launch_fail (error, _("--at-login goes with --background"));
      return NULL;
    }
  return g_steal_pointer (&launch);
}

