/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-status-bar.h"
#include "rd-settings-form.h"

#include <glib/gi18n-lib.h>

/* The window's bottom line: the session's lasting state, or for a while a
 * message about one request; the microphone check; the input dictation
 * records; the dictation devices; events that cannot reach the worklist;
 * the user signed in. Settings are named by their labels. */

struct _RdStatusBar
{
  GtkBox          parent_instance;

  GtkSpinner     *status_spinner;
  GtkImage       *status_icon;
  GtkLabel       *status_label;
  GtkLabel       *status_reason;
  GtkLevelBar    *mic_level;
  GtkLabel       *input_label;
  GtkLabel       *mic_label;
  GtkWidget      *dictate_anyway;
  GtkLabel       *device_label;
  GtkLabel       *delivery_label;
  GtkLabel       *user_label;

  RdSessionState  state;
  char           *reason;
  char           *notice;          /* a message about one request, for a while */
  gboolean        notice_is_problem;
  guint           notice_source;
};

G_DEFINE_FINAL_TYPE (RdStatusBar, rd_status_bar, GTK_TYPE_BOX)

static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static void
render (RdStatusBar *self)
{
  const char *label = NULL;
  const char *icon = NULL;
  const char *reason = self->reason;
  g_autofree char *labelled = NULL;
  gboolean busy = FALSE, error = FALSE;

  switch (self->state)
    {
    case RD_SESSION_STATE_LOADING:
      label = _("Loading");
      busy = TRUE;
      break;
    case RD_SESSION_STATE_WAITING_FOR_APP:
      label = _("Waiting for the reporting app");
      busy = TRUE;
      break;
    case RD_SESSION_STATE_SIGNING_IN:
      label = _("Signing in");
      busy = TRUE;
      break;
    case RD_SESSION_STATE_SIGNED_IN:
      label = _("Signed in");
      icon = "emblem-ok-symbolic";
      break;
    case RD_SESSION_STATE_AUTH_FAILED:
      label = _("Sign-in failed");
      icon = "dialog-error-symbolic";
      error = TRUE;
      break;
    case RD_SESSION_STATE_VENDOR_UNREACHABLE:
      label = _("Reporting app unreachable");
      icon = "network-error-symbolic";
      error = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), busy);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon != NULL);
  gtk_label_set_label (self->status_label, label);
  /* a message about one request shows over the lasting state until it expires */
  if (self->notice != NULL)
    reason = self->notice;
  error = error || (self->notice != NULL && self->notice_is_problem);
  labelled = rd_settings_labelled (reason);
  gtk_label_set_label (self->status_reason, labelled ? labelled : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_reason), labelled && labelled[0] ? labelled : NULL);
  set_css_class (GTK_WIDGET (self), "error", error);
  set_css_class (GTK_WIDGET (self), "ok", self->state == RD_SESSION_STATE_SIGNED_IN && !error);
}

/* The session's lasting state, its reason (or NULL) and the user. */
void
rd_status_bar_show_session (RdStatusBar    *self,
                            RdSessionState  state,
                            const char     *reason,
                            const char     *user)
{
  g_return_if_fail (RD_IS_STATUS_BAR (self));

  self->state = state;
  if (reason != self->reason)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
    }
  gtk_label_set_label (self->user_label, user ? user : "");
  render (self);
}

static gboolean
on_notice_expired (gpointer user_data)
{
  RdStatusBar *self = user_data;

  self->notice_source = 0;
  g_clear_pointer (&self->notice, g_free);
  render (self);
  return G_SOURCE_REMOVE;
}

static void
show_notice (RdStatusBar *self,
             const char  *message,
             gboolean     problem,
             guint        seconds)
{
  g_free (self->notice);
  self->notice = g_strdup (message);
  self->notice_is_problem = problem;
  g_clear_handle_id (&self->notice_source, g_source_remove);
  self->notice_source = g_timeout_add_seconds (seconds, on_notice_expired, self);
  render (self);
}

/* A request that failed: red for a while. */
void
rd_status_bar_show_problem (RdStatusBar *self,
                            const char  *message)
{
  g_return_if_fail (RD_IS_STATUS_BAR (self));

  show_notice (self, message, TRUE, RD_STATUS_BAR_PROBLEM_SECONDS);
}

/* Something that could not be done, said for a few seconds; not an error. */
void
rd_status_bar_show_notice (RdStatusBar *self,
                           const char  *message)
{
  g_return_if_fail (RD_IS_STATUS_BAR (self));

  show_notice (self, message, FALSE, RD_STATUS_BAR_NOTICE_SECONDS);
}

/* The notice goes before its time (it was about another study). */
void
rd_status_bar_clear_notice (RdStatusBar *self)
{
  g_return_if_fail (RD_IS_STATUS_BAR (self));

  g_clear_handle_id (&self->notice_source, g_source_remove);
  g_clear_pointer (&self->notice, g_free);
  render (self);
}

gboolean
rd_status_bar_is_showing_problem (RdStatusBar *self)
{
  g_return_val_if_fail (RD_IS_STATUS_BAR (self), FALSE);

  return self->notice != NULL && self->notice_is_problem;
}

/* The dictation devices connected (or why one cannot be used), and what
 * their record LED says. */
void
rd_status_bar_set_devices (RdStatusBar *self,
                           const char  *devices,
                           gboolean     problem,
                           RdLedState   led)
{
  g_autofree char *text = NULL;
  const char *state;

  g_return_if_fail (RD_IS_STATUS_BAR (self));

  switch (led)
    {
    case RD_LED_RECORD_INSERT:
    case RD_LED_RECORD_OVERWRITE:
      state = _("recording");
      break;
    case RD_LED_STANDBY_INSERT:
    case RD_LED_STANDBY_OVERWRITE:
      state = _("ready");
      break;
    case RD_LED_OFF:
    default:
      state = _("idle");
      break;
    }
  if (devices == NULL)
    text = g_strdup (_("No dictation device"));
  else if (problem)
    text = g_strdup (devices);
  else
    /* Translators: a dictation microphone and its state, e.g. "SpeechMike LFH3500: recording" */
    text = g_strdup_printf (_("%s: %s"), devices, state);
  gtk_label_set_label (self->device_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->device_label), text);
  set_css_class (GTK_WIDGET (self->device_label), "device-problem", problem);
  set_css_class (GTK_WIDGET (self->device_label), "device-recording",
                 led == RD_LED_RECORD_INSERT || led == RD_LED_RECORD_OVERWRITE);
}

/* Events that cannot reach the worklist: shown until they can (NULL). */
void
rd_status_bar_set_delivery_problem (RdStatusBar *self,
                                    const char  *problem)
{
  g_autofree char *labelled = NULL;

  g_return_if_fail (RD_IS_STATUS_BAR (self));

  labelled = rd_settings_labelled (problem);
  gtk_label_set_label (self->delivery_label, labelled ? labelled : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->delivery_label), labelled);
  gtk_widget_set_visible (GTK_WIDGET (self->delivery_label), problem != NULL);
}

/* While a microphone check listens: the live level. */
void
rd_status_bar_show_mic_level (RdStatusBar *self,
                              double       rms_dbfs)
{
  g_return_if_fail (RD_IS_STATUS_BAR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->mic_level), TRUE);
  gtk_level_bar_set_value (self->mic_level, CLAMP (rms_dbfs + 80, 0, 80));   /* −80…0 dBFS */
  gtk_label_set_label (self->mic_label, _("Checking the microphone…"));
}

/* The check's verdict; blocked: dictation waits, "Dictate Anyway" is offered. */
void
rd_status_bar_show_mic_verdict (RdStatusBar *self,
                                const char  *text,
                                gboolean     problem,
                                gboolean     blocked)
{
  g_autofree char *labelled = NULL;

  g_return_if_fail (RD_IS_STATUS_BAR (self));

  labelled = rd_settings_labelled (text);
  gtk_widget_set_visible (GTK_WIDGET (self->mic_level), FALSE);
  gtk_label_set_label (self->mic_label, labelled);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mic_label), labelled && labelled[0] ? labelled : NULL);
  set_css_class (GTK_WIDGET (self->mic_label), "mic-problem", problem);
  gtk_widget_set_visible (self->dictate_anyway, blocked);
}

/* The input dictation records, by the desktop's name; or why there is
 * none; or nothing (both NULL). */
void
rd_status_bar_set_input (RdStatusBar *self,
                         const char  *name,
                         const char  *missing)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RD_IS_STATUS_BAR (self));

  if (name != NULL)
    /* Translators: the microphone input the reporting app records, e.g. "Dictating into: SpeechMike III Audio" */
    text = g_strdup_printf (_("Dictating into: %s"), name);
  else if (missing != NULL)
    text = g_strdup (missing);
  gtk_label_set_label (self->input_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->input_label), text);
  gtk_widget_set_visible (GTK_WIDGET (self->input_label), text != NULL);
  set_css_class (GTK_WIDGET (self->input_label), "mic-problem", missing != NULL);
}

const char *
rd_status_bar_get_reason (RdStatusBar *self)
{
  g_return_val_if_fail (RD_IS_STATUS_BAR (self), NULL);

  return gtk_label_get_label (self->status_reason);
}

const char *
rd_status_bar_get_devices_text (RdStatusBar *self)
{
  g_return_val_if_fail (RD_IS_STATUS_BAR (self), NULL);

  return gtk_label_get_label (self->device_label);
}

const char *
rd_status_bar_get_input_text (RdStatusBar *self)
{
  g_return_val_if_fail (RD_IS_STATUS_BAR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->input_label)) ? gtk_label_get_label (self->input_label) : NULL;
}

gboolean
rd_status_bar_is_offering_dictate_anyway (RdStatusBar *self)
{
  g_return_val_if_fail (RD_IS_STATUS_BAR (self), FALSE);

  return gtk_widget_get_visible (self->dictate_anyway);
}

static void
rd_status_bar_dispose (GObject *object)
{
  RdStatusBar *self = RD_STATUS_BAR (object);

  g_clear_handle_id (&self->notice_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_STATUS_BAR);
  G_OBJECT_CLASS (rd_status_bar_parent_class)->dispose (object);
}

static void
rd_status_bar_finalize (GObject *object)
{
  RdStatusBar *self = RD_STATUS_BAR (object);

  g_free (self->reason);
  g_free (self->notice);
  G_OBJECT_CLASS (rd_status_bar_parent_class)->finalize (object);
}

static void
rd_status_bar_class_init (RdStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_status_bar_dispose;
  object_class->finalize = rd_status_bar_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/reportdock/ReportDock/rd-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, status_icon);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, status_reason);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, mic_level);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, input_label);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, mic_label);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, dictate_anyway);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, device_label);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, RdStatusBar, user_label);
}

static void
rd_status_bar_init (RdStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = RD_SESSION_STATE_LOADING;
}
