/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdApplication's parts, one file each: the GApplication itself
 * (rd-application.c), its start (rd-application-start.c), the running
 * parts kept in step (rd-application-runtime.c), the worklist's ways in
 * (rd-application-launch.c) and its actions (rd-application-actions.c). */

#include "rd-application.h"
#include "rd-command-router.h"
#include "rd-dbus-service.h"
#include "rd-event-path.h"
#include "rd-relay-server.h"
#include "rd-used-links.h"

G_BEGIN_DECLS

struct _RdApplication
{
  GtkApplication  parent_instance;

  gboolean        configured;
  gboolean        demo;
  RdHostServer   *host;
  RdDemoService  *demo_service;
  RdEventSink    *sink;
  RdEventPath    *events;            /* the one path every event takes out */
  RdDbusService  *dbus;
  guint           command_line_id;  /* the launcher's route (rd-command-line-service.h) */
  RdWindow       *window;
  RdSetupWindow  *setup;             /* the first-run assistant, while the configuration is incomplete */
  RdStudy        *study_after_setup; /* what the worklist asked for meanwhile */
  gboolean        start_failed;      /* and the assistant was not completed */
  char           *profile_name;
  char           *default_site_id;  /* the site of a study opened without one */
  char           *key_problem;       /* the API key's, found before this start (rd-start-check.c) */
  guint           settle_id;         /* start-up housekeeping waits for the first report */
  guint           mic_warm_id;       /* the audio system is warmed a while after that */
  gboolean        background;        /* started with --background: no window until a study comes */
  gboolean        devices_scanned;   /* nothing is said of devices before the first scan */
  gboolean        compact_undelivered;

  RdRelayServer  *relay;
  RdUsedLinks    *used_links;        /* signed reportdock:// links work once, restarts too */
  const RdHidBackend *hid_backend;
  RdDictation    *dictation;
  GSettings      *settings;          /* watched: button-map, record-mode, hold-ms */

  RdCommandRouter *commands;         /* where every command meets */
};

/* rd-application-start.c */
gboolean            rd_application_configure            (RdApplication            *self,
                                                         gboolean                  demo,
                                                         const char               *profile_override,
                                                         GError                  **error);
gboolean            rd_application_show_setup           (RdApplication            *self,
                                                         const GError             *error,
                                                         const RdStudy            *study);
RdStudy            *rd_application_demo_study           (void);

/* rd-application-runtime.c */
RdReportController *rd_application_controller           (RdApplication            *self);
void                rd_application_update_leds          (RdApplication            *self);
void                rd_application_update_device_status (RdApplication            *self);
gboolean            rd_application_on_settle_due        (gpointer                  user_data);
void                rd_application_on_sink_event        (RdApplication            *self,
                                                         const char               *type,
                                                         const char               *json);
void                rd_application_on_controller_mismatch (RdApplication          *self);
void                rd_application_on_controller_dictation (RdApplication         *self);
void                rd_application_on_controller_state (RdApplication             *self);

/* rd-application-launch.c */
int                 rd_application_command_line         (GApplication             *app,
                                                         GApplicationCommandLine  *cmdline);
gboolean            rd_application_local_command_line   (GApplication             *app,
                                                         char                   ***arguments,
                                                         int                      *exit_status);
void                rd_application_open                 (GApplication             *app,
                                                         GFile                   **files,
                                                         int                       n_files,
                                                         const char               *hint);
void                rd_application_activate             (GApplication             *app);

/* rd-application-actions.c */
void                rd_application_install_actions      (RdApplication            *self);

G_END_DECLS
