/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_LAUNCH_MAX_URI_LENGTH 8192

typedef enum {
  RD_LAUNCH_RAISE,    /* no arguments: start, or raise the window */
  RD_LAUNCH_OPEN,     /* open a study */
  RD_LAUNCH_CLOSE,    /* close the open report */
  RD_LAUNCH_VERSION,  /* print the version, handled locally */
  RD_LAUNCH_HELP,     /* print usage, handled locally */
  RD_LAUNCH_EVENTS,   /* print the outbox, handled locally */
  RD_LAUNCH_CHECK_MIC,/* check the microphone, handled locally */
  RD_LAUNCH_DEVICES,  /* list dictation devices, handled locally */
  RD_LAUNCH_RELAY,    /* receive vendor webhooks, in the running instance */
} RdLaunchKind;

/* What one invocation asks for, already validated. */
typedef struct {
  RdLaunchKind  kind;
  gboolean      demo;
  gboolean      background; /* --background: start without a window, ready for the first study */
  gboolean      at_login;   /* --at-login: only when the start-at-login setting is on */
  char         *profile;  /* --profile: instead of the profile setting */
  RdStudy      *study;   /* RD_LAUNCH_OPEN only */
  char         *wait;    /* RD_LAUNCH_OPEN: event type to wait for, or NULL */
  guint         timeout; /* seconds for --wait; 0: no limit */
  gboolean      follow;  /* RD_LAUNCH_EVENTS: keep printing new events */
  gboolean      failed;  /* RD_LAUNCH_EVENTS: the dead letters only */
  gboolean      retry;   /* RD_LAUNCH_EVENTS: send the dead letters again */
  char         *mic_device;   /* RD_LAUNCH_CHECK_MIC: name substring, or NULL */
  guint         mic_ms;       /* RD_LAUNCH_CHECK_MIC: capture length */
  gboolean      list;         /* RD_LAUNCH_CHECK_MIC: list input devices */
  gboolean      json;         /* RD_LAUNCH_CHECK_MIC: one JSON line */
  char         *since;   /* RD_LAUNCH_EVENTS: only events after this id */
  gboolean      monitor; /* RD_LAUNCH_DEVICES: print button events until Ctrl-C */
  char         *listen_host;  /* RD_LAUNCH_RELAY: address to bind (127.0.0.1 by default) */
  guint         listen_port;  /* RD_LAUNCH_RELAY: 0 = any free port */
  char         *uri;          /* the reportdock:// link it came from, or NULL */
  gboolean      report_text;  /* the link fills report text (findings, …) */
  char         *help_topic;   /* RD_LAUNCH_HELP: the subcommand asked about, "demo", or NULL */
} RdLaunch;

/* Which process serves a command line (rd-launch-route.c): the one place
 * that decides it, for the launcher and the application alike. */
typedef enum {
  RD_LAUNCH_ROUTE_HERE,      /* answered by the process that parsed it: --version, help */
  RD_LAUNCH_ROUTE_WAIT,      /* open --wait: hands the study over, then waits on the bus */
  RD_LAUNCH_ROUTE_ALONE,     /* a process of its own, the full app: events, check-mic, devices */
  RD_LAUNCH_ROUTE_INSTANCE,  /* the running instance */
} RdLaunchRoute;

RdLaunchRoute rd_launch_route              (const RdLaunch *launch);
gboolean      rd_launch_starts_instance    (const RdLaunch *launch);

#define RD_LAUNCH_SIGNATURE_WINDOW_S 120

/* A reportdock:// link signed by the worklist (launch-secret-file): "ts"
 * within 2 minutes of now_s, and last "sig", the hex HMAC-SHA256 with key
 * of the link up to "&sig=". *replay_key identifies it, for single use. */
gboolean    rd_launch_check_signature (const char   *uri,
                                       GBytes       *key,
                                       gint64        now_s,
                                       char        **replay_key,
                                       GError      **error);
/* Without a signing secret, a link may switch studies but not fill report
 * text: any web page can open a reportdock:// link. */
gboolean    rd_launch_check_unsigned  (const RdLaunch *launch,
                                       GError        **error);

RdLaunch   *rd_launch_parse_argv (int                 argc,
                                  const char * const *argv,
                                  GError            **error);
RdLaunch   *rd_launch_parse_uri  (const char         *uri,
                                  GError            **error);
void        rd_launch_free       (RdLaunch           *launch);
const char *rd_launch_usage      (void);
/* The usage of one subcommand ("open"), or all of it for NULL. */
char       *rd_launch_usage_for  (const char *topic);
/* The word of known a typo most likely meant, or NULL. */
const char *rd_launch_suggest    (const char         *word,
                                  const char * const *known);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdLaunch, rd_launch_free)

G_END_DECLS
