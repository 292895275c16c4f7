/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-report-controller"

#include "config.h"

#include "rd-report-controller.h"

typedef struct
{
  RdSessionState  state;
  char           *reason;
  char           *user_name;
  gboolean        recording;
  gboolean        insert_mode;
  gboolean        context_mismatch;
  char           *mismatch_detail;
  RdReportPane    pane;
  char           *pane_reason;
  char           *report_status;
  char           *report_owner;
  GBytes         *qr_png;
} RdReportControllerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RdReportController, rd_report_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_REASON,
  PROP_USER_NAME,
  PROP_RECORDING,
  PROP_INSERT_MODE,
  PROP_CONTEXT_MISMATCH,
  PROP_MISMATCH_DETAIL,
  PROP_PANE,
  PROP_PANE_REASON,
  PROP_REPORT_STATUS,
  PROP_REPORT_OWNER,
  PROP_QR_PNG,
  N_PROPS
};

enum {
  EVENT,
  STUDY_CHANGED,
  READY_TO_CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define PRIV(self) ((RdReportControllerPrivate *) rd_report_controller_get_instance_private (self))

#define KLASS(self) RD_REPORT_CONTROLLER_GET_CLASS (self)

void
rd_report_controller_start (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  KLASS (self)->start (self);
}

GtkWidget *
rd_report_controller_get_widget (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return KLASS (self)->get_widget (self);
}

void
rd_report_controller_reload (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  KLASS (self)->reload (self);
}

gboolean
rd_report_controller_open_study (RdReportController  *self,
                                 const RdStudy       *study,
                                 GError             **error)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), FALSE);

  return KLASS (self)->open_study (self, study, error);
}

void
rd_report_controller_close_report (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  KLASS (self)->close_report (self);
}

gboolean
rd_report_controller_send_command (RdReportController  *self,
                                   const char          *command,
                                   GError             **error)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), FALSE);

  return KLASS (self)->send_command (self, command, error);
}

gboolean
rd_report_controller_supports_command (RdReportController *self,
                                       const char         *command)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), FALSE);

  return KLASS (self)->supports_command != NULL && KLASS (self)->supports_command (self, command);
}

RdSessionState
rd_report_controller_get_state (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), RD_SESSION_STATE_LOADING);

  return PRIV (self)->state;
}

const char *
rd_report_controller_get_reason (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->reason;
}

const char *
rd_report_controller_get_user_name (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->user_name;
}

const RdStudy *
rd_report_controller_get_study (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return KLASS (self)->get_study (self);
}

gboolean
rd_report_controller_get_recording (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), FALSE);

  return PRIV (self)->recording;
}

gboolean
rd_report_controller_get_insert_mode (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), FALSE);

  return PRIV (self)->insert_mode;
}

gboolean
rd_report_controller_get_context_mismatch (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), FALSE);

  return PRIV (self)->context_mismatch;
}

const char *
rd_report_controller_get_mismatch_detail (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->mismatch_detail;
}

const char *
rd_report_controller_get_report_status (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->report_status;
}

const char *
rd_report_controller_get_report_owner (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->report_owner;
}

GBytes *
rd_report_controller_get_qr_png (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->qr_png;
}

RdReportPane
rd_report_controller_get_pane (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), RD_REPORT_PANE_EMPTY);

  return PRIV (self)->pane;
}

const char *
rd_report_controller_get_pane_reason (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return PRIV (self)->pane_reason;
}

const RdEventStudy *
rd_report_controller_get_mismatch_shown (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return KLASS (self)->get_mismatch_shown ? KLASS (self)->get_mismatch_shown (self) : NULL;
}

void
rd_report_controller_override_mismatch (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  if (KLASS (self)->override_mismatch != NULL)
    KLASS (self)->override_mismatch (self);
}

void
rd_report_controller_prepare_close (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  if (KLASS (self)->prepare_close != NULL)
    KLASS (self)->prepare_close (self);
  else
    rd_report_controller_emit_ready_to_close (self);
}

void
rd_report_controller_focus_report (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  if (KLASS (self)->focus_report != NULL)
    KLASS (self)->focus_report (self);
  else
    gtk_widget_grab_focus (rd_report_controller_get_widget (self));
}

void
rd_report_controller_emit_ready_to_close (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  g_signal_emit (self, signals[READY_TO_CLOSE], 0);
}

WebKitWebView *
rd_report_controller_get_web_view (RdReportController *self)
{
  g_return_val_if_fail (RD_IS_REPORT_CONTROLLER (self), NULL);

  return WEBKIT_WEB_VIEW (rd_report_controller_get_widget (self));
}

void
rd_report_controller_emit_event (RdReportController *self,
                                 const char         *type,
                                 const char         *json,
                                 const RdEventStudy *about)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  g_signal_emit (self, signals[EVENT], 0, type, json, about);
}

/* Sets *field to value, notifying when it changed. */
static void
set_string (RdReportController  *self,
            char               **field,
            const char          *value,
            guint                prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_flag (RdReportController *self,
          gboolean           *field,
          gboolean            value,
          guint               prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
rd_report_controller_set_state (RdReportController *self,
                                RdSessionState      state,
                                const char         *reason)
{
  RdReportControllerPrivate *priv;

  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  priv = PRIV (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &priv->reason, reason, PROP_REASON);
  if (priv->state != state)
    {
      priv->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_report_controller_set_user_name (RdReportController *self,
                                    const char         *user_name)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  set_string (self, &PRIV (self)->user_name, user_name, PROP_USER_NAME);
}

void
rd_report_controller_set_recording (RdReportController *self,
                                    gboolean            recording,
                                    gboolean            insert_mode)
{
  RdReportControllerPrivate *priv;

  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  priv = PRIV (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_flag (self, &priv->recording, recording, PROP_RECORDING);
  set_flag (self, &priv->insert_mode, insert_mode, PROP_INSERT_MODE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_report_controller_set_mismatch (RdReportController *self,
                                   gboolean            mismatch,
                                   const char         *detail)
{
  RdReportControllerPrivate *priv;

  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  priv = PRIV (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &priv->mismatch_detail, detail, PROP_MISMATCH_DETAIL);
  set_flag (self, &priv->context_mismatch, mismatch, PROP_CONTEXT_MISMATCH);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_report_controller_set_pane (RdReportController *self,
                               RdReportPane        pane,
                               const char         *reason)
{
  RdReportControllerPrivate *priv;

  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  priv = PRIV (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &priv->pane_reason, reason, PROP_PANE_REASON);
  if (priv->pane != pane)
    {
      priv->pane = pane;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PANE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* What the vendor says of the report: all NULL when it says nothing. */
void
rd_report_controller_set_report_info (RdReportController *self,
                                      const char         *status,
                                      const char         *owner,
                                      GBytes             *qr_png)
{
  RdReportControllerPrivate *priv;

  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  priv = PRIV (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &priv->report_status, status, PROP_REPORT_STATUS);
  set_string (self, &priv->report_owner, owner, PROP_REPORT_OWNER);
  if (!(priv->qr_png == qr_png || (priv->qr_png != NULL && qr_png != NULL && g_bytes_equal (priv->qr_png, qr_png))))
    {
      g_clear_pointer (&priv->qr_png, g_bytes_unref);
      priv->qr_png = qr_png ? g_bytes_ref (qr_png) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QR_PNG]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_report_controller_emit_study_changed (RdReportController *self)
{
  g_return_if_fail (RD_IS_REPORT_CONTROLLER (self));

  g_signal_emit (self, signals[STUDY_CHANGED], 0);
}

static void
rd_report_controller_finalize (GObject *object)
{
  RdReportControllerPrivate *priv = PRIV (RD_REPORT_CONTROLLER (object));

  g_free (priv->reason);
  g_free (priv->user_name);
  g_free (priv->mismatch_detail);
  g_free (priv->pane_reason);
  g_free (priv->report_status);
  g_free (priv->report_owner);
  g_clear_pointer (&priv->qr_png, g_bytes_unref);
  G_OBJECT_CLASS (rd_report_controller_parent_class)->finalize (object);
}

static void
rd_report_controller_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RdReportControllerPrivate *priv = PRIV (RD_REPORT_CONTROLLER (object));

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_REASON:
      g_value_set_string (value, priv->reason);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, priv->user_name);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, priv->recording);
      break;
    case PROP_INSERT_MODE:
      g_value_set_boolean (value, priv->insert_mode);
      break;
    case PROP_CONTEXT_MISMATCH:
      g_value_set_boolean (value, priv->context_mismatch);
      break;
    case PROP_MISMATCH_DETAIL:
      g_value_set_string (value, priv->mismatch_detail);
      break;
    case PROP_PANE:
      g_value_set_int (value, priv->pane);
      break;
    case PROP_PANE_REASON:
      g_value_set_string (value, priv->pane_reason);
      break;
    case PROP_REPORT_STATUS:
      g_value_set_string (value, priv->report_status);
      break;
    case PROP_REPORT_OWNER:
      g_value_set_string (value, priv->report_owner);
      break;
    case PROP_QR_PNG:
      g_value_set_boxed (value, priv->qr_png);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
read_only_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
read_only_flag (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
rd_report_controller_class_init (RdReportControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_report_controller_finalize;
  object_class->get_property = rd_report_controller_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RD_TYPE_SESSION_STATE, RD_SESSION_STATE_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* why the state is what it is, when it failed */
  properties[PROP_REASON] = read_only_string ("reason");
  properties[PROP_USER_NAME] = read_only_string ("user-name");
  properties[PROP_RECORDING] = read_only_flag ("recording");
  properties[PROP_INSERT_MODE] = read_only_flag ("insert-mode");
  /* the wrong-patient guard is up; mismatch-detail says what the app shows */
  properties[PROP_CONTEXT_MISMATCH] = read_only_flag ("context-mismatch");
  properties[PROP_MISMATCH_DETAIL] = read_only_string ("mismatch-detail");
  /* RdReportPane: what the pane may show now; pane-reason, why not */
  properties[PROP_PANE] =
    g_param_spec_int ("pane", NULL, NULL, RD_REPORT_PANE_EMPTY, RD_REPORT_PANE_FAILED, RD_REPORT_PANE_EMPTY,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PANE_REASON] = read_only_string ("pane-reason");
  properties[PROP_REPORT_STATUS] = read_only_string ("report-status");
  properties[PROP_REPORT_OWNER] = read_only_string ("report-owner");
  properties[PROP_QR_PNG] =
    g_param_spec_boxed ("qr-png", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (type, message JSON, the study it is about) of every report event and
   * unknown message */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, RD_TYPE_EVENT_STUDY);
  /* the vendor has left its report: quitting may go on */
  signals[READY_TO_CLOSE] =
    g_signal_new ("ready-to-close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the study asked for changed (opened, replaced or closed) */
  signals[STUDY_CHANGED] =
    g_signal_new ("study-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_report_controller_init (RdReportController *self)
{
  PRIV (self)->state = RD_SESSION_STATE_LOADING;
}
