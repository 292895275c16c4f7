/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-window-private.h"
#include "rd-settings-keys.h"
#include "rd-window-state.h"
#include "rd-help-overlay.h"
#include "rd-viewer-url.h"
#include "rd-placement.h"
#include "rd-settings-form.h"
#include "rd-keymap.h"

#include <glib/gi18n-lib.h>


G_DEFINE_FINAL_TYPE (RdWindow, rd_window, GTK_TYPE_APPLICATION_WINDOW)

/* Images load only where they are seen: a hidden viewer (report only)
 * starts no web process at all until it is shown. */
static gboolean
viewer_on_screen (RdWindow *self)
{
  return self->viewer != NULL &&
         (self->viewer_window != NULL || gtk_widget_get_visible (GTK_WIDGET (self->viewer_pane)));
}

/* blank what the viewer shows, if it ever showed anything */
static void
blank_viewer (RdWindow *self)
{
  rd_viewer_view_blank (self->viewer);
}

void
rd_window_load_pending_viewer (RdWindow *self)
{
  if (self->pending_viewer_url != NULL && viewer_on_screen (self) &&
      rd_report_controller_get_state (self->controller) != RD_SESSION_STATE_LOADING)
    {
      g_autofree char *url = g_steal_pointer (&self->pending_viewer_url);
      g_autofree char *uid = g_steal_pointer (&self->pending_viewer_uid);

      rd_viewer_view_show (self->viewer, url, uid);
    }
}

/* What the vendor says of the report (MD.ai) and its QR code hand-off. */
static void
update_report_info (RdWindow *self)
{
  rd_study_banner_show_report_info (self->banner, rd_report_controller_get_report_status (self->controller),
                                    rd_report_controller_get_report_owner (self->controller),
                                    rd_report_controller_get_qr_png (self->controller));
}

RdStudyBanner *
rd_window_get_banner (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->banner;
}

/* Nothing of a patient is on screen unless it is the study the worklist
 * asked for: while a study opens, when it could not be opened, and when the
 * app shows another study, the report pane is covered and cannot be clicked
 * or typed into. */
static void
update_covers (RdWindow *self)
{
  RdReportPane pane = rd_report_controller_get_pane (self->controller);
  const RdStudy *study = rd_report_controller_get_study (self->controller);
  gboolean mismatch = rd_report_controller_get_context_mismatch (self->controller);
  gboolean cover = !mismatch && study != NULL &&
                   (pane == RD_REPORT_PANE_OPENING || pane == RD_REPORT_PANE_FAILED);
  gboolean failed = pane == RD_REPORT_PANE_FAILED;
  GtkWidget *report = rd_report_controller_get_widget (self->controller);

  if (mismatch)
    rd_mismatch_banner_show (self->mismatch_banner, study, rd_report_controller_get_mismatch_shown (self->controller),
                             rd_report_controller_get_mismatch_detail (self->controller), self->default_site_id);
  else
    rd_mismatch_banner_hide (self->mismatch_banner);
  if (cover && failed)
    {
      g_autofree char *reason = rd_settings_labelled (rd_report_controller_get_pane_reason (self->controller));

      rd_report_cover_show_failed (self->report_cover, study, reason);
    }
  else if (cover)
    rd_report_cover_show_opening (self->report_cover, study);
  else
    rd_report_cover_hide (self->report_cover);
  /* the keyboard too: a covered page takes no focus and no keys */
  gtk_widget_set_sensitive (report, !cover && !mismatch);
  /* shown at last: the cursor goes where the radiologist will type, as
   * dictation systems do after a worklist switch */
  if (cover)
    self->awaiting_report = TRUE;
  else if (self->awaiting_report && !mismatch && pane == RD_REPORT_PANE_SHOWING)
    {
      self->awaiting_report = FALSE;
      if (g_settings_get_boolean (self->settings, RD_KEY_FOCUS_REPORT))
        rd_report_controller_focus_report (self->controller);
    }
  else if (study == NULL)
    self->awaiting_report = FALSE;
}

gboolean
rd_window_is_covering_report (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->report_cover)) &&
         !gtk_widget_get_sensitive (rd_report_controller_get_widget (self->controller));
}

const char *
rd_window_get_cover_text (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return rd_report_cover_get_title (self->report_cover);
}

/* "0:42", "12:05", "1:02:09" */
char *
rd_window_format_elapsed (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600, (int) (seconds / 60 % 60),
                            (int) (seconds % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}

static gboolean
tick_recording (gpointer user_data)
{
  RdWindow *self = user_data;
  g_autofree char *text = rd_window_format_elapsed ((g_get_monotonic_time () - self->recording_since) / G_USEC_PER_SEC);

  gtk_label_set_label (self->recording_time, text);
  return G_SOURCE_CONTINUE;
}

/* The header bar's red dot and time, from the app's recording_state. */
static void
update_recording (RdWindow *self)
{
  gboolean recording = rd_report_controller_get_recording (self->controller);

  if (recording && self->recording_since == 0)
    {
      self->recording_since = g_get_monotonic_time ();
      tick_recording (self);
      self->recording_tick = g_timeout_add_seconds (1, tick_recording, self);
    }
  else if (!recording && self->recording_since != 0)
    {
      self->recording_since = 0;
      g_clear_handle_id (&self->recording_tick, g_source_remove);
    }
  gtk_widget_set_visible (self->recording_indicator, recording);
}

const char *
rd_window_get_recording_text (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return gtk_widget_get_visible (self->recording_indicator) ? gtk_label_get_label (self->recording_time) : NULL;
}

/* The status bar's session part, and the viewer held back until the
 * reporting app's page has started loading. */
static void
update_session (RdWindow *self)
{
  rd_window_load_pending_viewer (self);
  rd_status_bar_show_session (self->status_bar, rd_report_controller_get_state (self->controller),
                              rd_report_controller_get_reason (self->controller),
                              rd_report_controller_get_user_name (self->controller));
}

/* Each part of the window follows the controller's properties it shows. */
static void
watch_controller (RdWindow *self)
{
  static const struct {
    const char *property;
    void      (*update) (RdWindow *self);
  } follows[] = {
    { "state", update_session },
    { "reason", update_session },
    { "user-name", update_session },
    { "recording", update_recording },
    { "report-status", update_report_info },
    { "report-owner", update_report_info },
    { "qr-png", update_report_info },
    { "pane", update_covers },
    { "pane-reason", update_covers },
    { "context-mismatch", update_covers },
    { "mismatch-detail", update_covers },
  };

  for (guint i = 0; i < G_N_ELEMENTS (follows); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", follows[i].property, NULL);

      g_signal_connect_object (self->controller, signal, G_CALLBACK (follows[i].update), self, G_CONNECT_SWAPPED);
    }
  update_session (self);
  update_recording (self);
  update_report_info (self);
  update_covers (self);
}

RdStatusBar *
rd_window_get_status_bar (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->status_bar;
}

/* A request that failed (a bad worklist link, a refused command): red for
 * a while, and gone at the next study opened, so it never reads as if it
 * were about that study. Lasting states are the session's and stay. */
void
rd_window_show_problem (RdWindow   *self,
                        const char *message)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_status_bar_show_problem (self->status_bar, message);
}

/* Something the user did that could not be done (a dictation button with
 * no report open): said in the status bar for a few seconds, not an error. */
void
rd_window_show_notice (RdWindow   *self,
                       const char *message)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_status_bar_show_notice (self->status_bar, message);
}

gboolean
rd_window_is_showing_problem (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  return rd_status_bar_is_showing_problem (self->status_bar);
}

void
rd_window_set_devices (RdWindow   *self,
                       const char *devices,
                       gboolean    problem,
                       RdLedState  led)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_status_bar_set_devices (self->status_bar, devices, problem, led);
}

void
rd_window_set_delivery_problem (RdWindow   *self,
                                const char *problem)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_status_bar_set_delivery_problem (self->status_bar, problem);
}

void
rd_window_show_mic_level (RdWindow *self,
                          double    rms_dbfs)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_status_bar_show_mic_level (self->status_bar, rms_dbfs);
}

void
rd_window_show_mic_verdict (RdWindow   *self,
                            const char *text,
                            gboolean    problem,
                            gboolean    blocked)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_status_bar_show_mic_verdict (self->status_bar, text, problem, blocked);
}

/* The input dictation records, by the desktop's name; or why there is none. */
void
rd_window_update_input (RdWindow *self)
{
  RdDictationInput *input = rd_command_router_get_input (self->router);

  rd_status_bar_set_input (self->status_bar, rd_dictation_input_get_name (input),
                           rd_dictation_input_get_missing (input));
}

/* The banner shows the study; the window's title and the viewer window's
 * banner say whose it is too. */
void
rd_window_update_banner (RdWindow *self)
{
  const RdStudy *study = rd_report_controller_get_study (self->controller);
  const char *title;

  update_covers (self);
  if (rd_study_banner_show_study (self->banner, study, self->default_site_id) && study != NULL &&
      rd_window_is_showing_problem (self))
    {
      /* the last request's problem is not about this study */
      rd_status_bar_clear_notice (self->status_bar);
    }
  title = rd_study_banner_get_title (self->banner);
  gtk_window_set_title (GTK_WINDOW (self), title ? title : _("ReportDock"));
  if (self->viewer_window != NULL)
    {
      const char *patient = rd_study_banner_get_patient_line (self->banner);

      rd_viewer_window_set_patient (self->viewer_window, patient ? patient : _("No study open"),
                                    rd_study_banner_get_announcement (self->banner));
    }
}

static void
show_viewer_message (RdWindow   *self,
                     const char *message)
{
  rd_viewer_pane_cover (self->viewer_pane, message);
}

/* Both panes switch together: the report is asked for first (it validates),
 * then the viewer follows; a viewer that cannot show the study says so in
 * its pane instead of showing the previous patient's images. */
gboolean
rd_window_open_study (RdWindow       *self,
                      const RdStudy  *study,
                      GError        **error)
{
  g_autoptr(GError) viewer_error = NULL;
  g_autofree char *viewer_url = NULL;

  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  if (!rd_report_controller_open_study (self->controller, study, error))
    return FALSE;

  if (self->viewer != NULL)
    {
      viewer_url = rd_viewer_url_expand (self->viewer_template, study, self->default_site_id,
                                         &viewer_error);
      g_clear_pointer (&self->pending_viewer_url, g_free);
      g_clear_pointer (&self->pending_viewer_uid, g_free);
      /* the previous images go at once; the pane shows the new ones
       * when the viewer says they are shown (RdViewerPane) */
      if (viewer_url != NULL)
        {
          g_autofree char *what = rd_study_describe (study);
          g_autofree char *text = g_strdup_printf (_("Opening the images of %s…"), what);

          show_viewer_message (self, text);
        }
      if (viewer_url != NULL &&
          (rd_report_controller_get_state (self->controller) == RD_SESSION_STATE_LOADING ||
           !viewer_on_screen (self)))
        {
          /* Start-up: the reporting app loads first; two web processes
           * starting at once on a 2-core workstation slow both down. A
           * hidden viewer loads when it is shown. */
          self->pending_viewer_url = g_steal_pointer (&viewer_url);
          self->pending_viewer_uid = g_strdup (rd_study_get_study_uid (study));
          blank_viewer (self);
        }
      else if (viewer_url != NULL)
        rd_viewer_view_show (self->viewer, viewer_url, rd_study_get_study_uid (study));
      else
        {
          g_autofree char *text = g_strdup_printf (_("The viewer cannot show this study: %s"),
                                                   viewer_error->message);
          blank_viewer (self);
          show_viewer_message (self, text);
        }
    }
  /* a native viewer follows on every study change, as the pane does */
  if (self->native_viewer != NULL)
    rd_native_viewer_show (self->native_viewer, study);
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}

/* A desktop PACS viewer (viewer-command, viewer-uri-template) that follows
 * the studies this window opens; what goes wrong shows in the status bar. */
void
rd_window_set_native_viewer (RdWindow       *self,
                             RdNativeViewer *viewer)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  g_set_object (&self->native_viewer, viewer);
  g_signal_connect_object (viewer, "failed", G_CALLBACK (rd_window_show_problem), self, G_CONNECT_SWAPPED);
}

/* A study the viewer cannot show is said in the status bar too, beside
 * the pane's own cover: the radiologist may be looking at the report. */
static void
on_viewer_state (RdWindow *self)
{
  RdViewerState state = rd_viewer_view_get_state (self->viewer);

  if (state == RD_VIEWER_STATE_NOT_FOUND)
    rd_window_show_problem (self, _("The image archive has no images for this study."));
  else if (state == RD_VIEWER_STATE_FAILED)
    {
      g_autofree char *text = g_strdup_printf (_("The images could not be loaded: %s"),
                                               rd_viewer_view_get_reason (self->viewer));

      rd_window_show_problem (self, text);
    }
}

RdNativeViewer *
rd_window_get_native_viewer (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->native_viewer;
}

/* What the viewer pane says instead of the images, and whether the page is
 * what it shows now. */
const char *
rd_window_get_viewer_message (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return rd_viewer_pane_get_message (self->viewer_pane);
}

gboolean
rd_window_is_showing_viewer_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  return rd_viewer_pane_is_showing_page (self->viewer_pane);
}

void
rd_window_close_report (RdWindow *self)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_report_controller_close_report (self->controller);
  g_clear_pointer (&self->pending_viewer_url, g_free);
  g_clear_pointer (&self->pending_viewer_uid, g_free);
  /* the same study opened again after a close is a change for the viewer */
  if (self->native_viewer != NULL)
    rd_native_viewer_forget (self->native_viewer);
  if (self->viewer != NULL)
    {
      blank_viewer (self);
      show_viewer_message (self, _("The image viewer opens with the study."));
    }
}

RdReportController *
rd_window_get_controller (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->controller;
}

gboolean
rd_window_is_warning_wrong_patient (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->mismatch_banner));
}

RdViewerView *
rd_window_get_viewer (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->viewer;
}

RdWindow *
rd_window_new (GtkApplication       *app,
               RdReportController   *controller,
               WebKitNetworkSession *viewer_session,
               RdViewerProfile      *viewer_profile,
               const char           *viewer_template,
               const char           *default_site_id)
{
  RdWindow *self = g_object_new (RD_TYPE_WINDOW, "application", app, NULL);
  GtkWidget *report_view = rd_report_controller_get_widget (controller);
  int position;

  self->controller = g_object_ref (controller);
  self->viewer_template = g_strdup (viewer_template);
  self->default_site_id = g_strdup (default_site_id);

  gtk_widget_set_vexpand (report_view, TRUE);
  gtk_box_append (self->report_box, report_view);

  if (viewer_template != NULL && viewer_template[0] != '\0')
    {
      g_autoptr(GAction) show_viewer = g_settings_create_action (self->settings, RD_KEY_SHOW_VIEWER);

      self->viewer = rd_viewer_view_new (viewer_session, viewer_profile);
      rd_viewer_pane_set_view (self->viewer_pane, self->viewer);
      g_signal_connect_object (self->viewer, "notify::state", G_CALLBACK (on_viewer_state), self,
                               G_CONNECT_SWAPPED);
      position = g_settings_get_int (self->state, RD_KEY_PANE_POSITION);
      if (position < 0)
        position = rd_window_default_viewer_width (g_settings_get_int (self->state, RD_KEY_WINDOW_WIDTH));
      gtk_paned_set_position (self->paned, position);
      /* F9 and the menu; remembered */
      g_action_map_add_action (G_ACTION_MAP (self), show_viewer);
      g_settings_bind (self->settings, RD_KEY_SHOW_VIEWER, self->viewer_pane, "visible", G_SETTINGS_BIND_GET);
      g_signal_connect_object (self->viewer_pane, "notify::visible", G_CALLBACK (rd_window_load_pending_viewer), self,
                               G_CONNECT_SWAPPED);
      {
        g_autoptr(GAction) viewer_window = g_settings_create_action (self->settings, RD_KEY_VIEWER_WINDOW);

        /* Shift+F9 and the menu: the viewer in a window of its own, and back */
        g_action_map_add_action (G_ACTION_MAP (self), viewer_window);
        g_signal_connect_object (self->settings, "changed::" RD_KEY_VIEWER_WINDOW,
                                 G_CALLBACK (rd_window_apply_layout), self,
                                 G_CONNECT_SWAPPED);
      }
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->viewer_pane), FALSE);

  /* menu items and shortcuts of commands the vendor's page cannot carry are greyed out */
  for (const char * const *name = rd_action_command_names (); *name != NULL; name++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), rd_action_detailed_name (*name),
                                   rd_report_controller_supports_command (controller, rd_action_command (*name)));
  watch_controller (self);
  rd_window_watch_close (self, report_view);
  g_signal_connect_object (controller, "study-changed", G_CALLBACK (rd_window_update_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "study-changed", G_CALLBACK (update_covers), self, G_CONNECT_SWAPPED);
  rd_window_update_banner (self);
  rd_window_apply_layout (self);
  return self;
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  g_clear_handle_id (&self->recording_tick, g_source_remove);
  g_clear_handle_id (&self->close_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_WINDOW);
  g_clear_object (&self->router);
  g_clear_object (&self->native_viewer);
  g_clear_object (&self->controller);
  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_finalize (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->state);
  g_free (self->viewer_template);
  g_free (self->default_site_id);
  g_free (self->pending_viewer_url);
  g_free (self->pending_viewer_uid);
  G_OBJECT_CLASS (rd_window_parent_class)->finalize (object);
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_window_dispose;
  object_class->finalize = rd_window_finalize;
  g_type_ensure (RD_TYPE_VIEWER_PANE);
  g_type_ensure (RD_TYPE_STUDY_BANNER);
  g_type_ensure (RD_TYPE_STATUS_BAR);
  g_type_ensure (RD_TYPE_REPORT_COVER);
  g_type_ensure (RD_TYPE_MISMATCH_BANNER);
  GTK_WINDOW_CLASS (klass)->close_request = rd_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/reportdock/ReportDock/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, viewer_pane);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, report_box);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, mismatch_banner);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, report_cover);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, recording_indicator);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, recording_time);

  rd_window_class_add_actions (widget_class);
}

static void
rd_window_init (RdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the .Devel build has its own app id, and its icon under that name */
  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
  rd_help_overlay_install (GTK_APPLICATION_WINDOW (self));

  self->settings = rd_settings_new ();
  self->state = rd_window_state_new ();
  rd_placement_restore (GTK_WINDOW (self), self->state, "window", NULL);
}
