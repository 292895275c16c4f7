/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-link-controller"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-link-controller.h"
#include "rd-error.h"
#include "rd-trace.h"

#include <json-glib/json-glib.h>

/* Vendors that hand out a page per study (docs/protocol.md §2, §3): each open
 * asks the vendor's REST API for the study's page and loads it. There is
 * no sign-in handshake and no command channel; the API key is the
 * credential, read anew for every request. */

struct _RdLinkController
{
  RdReportController  parent_instance;

  RdVendorClient     *client;
  RdLinkView         *view;
  RdStudy            *study;
  GCancellable       *opening;
};

G_DEFINE_FINAL_TYPE (RdLinkController, rd_link_controller, RD_TYPE_REPORT_CONTROLLER)

static void
set_state (RdLinkController *self,
           RdSessionState    state,
           const char       *reason)
{
  if (state == RD_SESSION_STATE_AUTH_FAILED || state == RD_SESSION_STATE_VENDOR_UNREACHABLE)
    g_warning ("%s: %s", rd_session_state_to_string (state), reason ? reason : "");
  rd_report_controller_set_state (RD_REPORT_CONTROLLER (self), state, reason);
}

static void
set_pane (RdLinkController *self,
          RdReportPane      pane,
          const char       *reason)
{
  rd_report_controller_set_pane (RD_REPORT_CONTROLLER (self), pane, reason);
}

static RdReportPane
get_pane (RdLinkController *self)
{
  return rd_report_controller_get_pane (RD_REPORT_CONTROLLER (self));
}

/* Our own event: the vendor's page is loaded. Status and owner only; the
 * link itself opens the report without a sign-in and never leaves here. */
static void
emit_loaded (RdLinkController *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  const char *report_status = rd_report_controller_get_report_status (RD_REPORT_CONTROLLER (self));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "reportdock.report_loaded");
  json_builder_set_member_name (b, "payload");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "vendor");
  json_builder_add_string_value (b, rd_vendor_client_get_name (self->client));
  if (report_status != NULL)
    {
      json_builder_set_member_name (b, "report_status");
      json_builder_add_string_value (b, report_status);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  {
    g_autoptr(RdEventStudy) about = rd_event_study_new_for_study (self->study, NULL);

    rd_report_controller_emit_event (RD_REPORT_CONTROLLER (self), "reportdock.report_loaded", json, about);
  }
}

static void
on_link (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RdLinkController *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdVendorLink) link = rd_vendor_client_open_finish (RD_VENDOR_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->opening);
  if (link == NULL)
    {
      RdSessionState state = RD_SESSION_STATE_SIGNED_IN;

      if (g_error_matches (error, RD_ERROR, RD_ERROR_KEY_REJECTED) ||
          g_error_matches (error, RD_ERROR, RD_ERROR_NO_API_KEY) ||
          g_error_matches (error, RD_ERROR, RD_ERROR_INSECURE_FILE))
        state = RD_SESSION_STATE_AUTH_FAILED;
      else if (g_error_matches (error, RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE))
        state = RD_SESSION_STATE_VENDOR_UNREACHABLE;
      g_debug ("no report page: %s", error->message);
      set_pane (self, RD_REPORT_PANE_FAILED, error->message);
      set_state (self, state, error->message);
      g_object_unref (self);
      return;
    }
  rd_report_controller_set_report_info (RD_REPORT_CONTROLLER (self), link->status,
                                        link->owner_name ? link->owner_name : link->owner_email,
                                        link->qr_png);
  /* covered until the page has loaded: see on_page_shown */
  if (!rd_link_view_load_link (self->view, link->url))
    {
      set_pane (self, RD_REPORT_PANE_FAILED, _("the vendor's report address cannot be loaded"));
      set_state (self, RD_SESSION_STATE_SIGNED_IN, _("the vendor's report address cannot be loaded"));
    }
  else
    set_state (self, RD_SESSION_STATE_SIGNED_IN, NULL);
  g_object_unref (self);
}

static void
on_page_shown (RdLinkController *self)
{
  const char *report_status = rd_report_controller_get_report_status (RD_REPORT_CONTROLLER (self));

  if (self->study == NULL || get_pane (self) != RD_REPORT_PANE_OPENING || self->opening != NULL)
    return;
  rd_trace ("report.opened");
  g_info ("%s report loaded (%s)", rd_vendor_client_get_name (self->client),
          report_status ? report_status : "no status");
  set_pane (self, RD_REPORT_PANE_SHOWING, NULL);
  emit_loaded (self);
}

static void
fetch (RdLinkController *self)
{
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  rd_report_controller_set_report_info (RD_REPORT_CONTROLLER (self), NULL, NULL, NULL);
  g_debug ("asking the vendor for a report page");
  /* the previous page goes at once, whatever comes next */
  rd_link_view_clear (self->view);
  if (self->study == NULL)
    {
      set_pane (self, RD_REPORT_PANE_EMPTY, NULL);
      return;
    }
  set_pane (self, RD_REPORT_PANE_OPENING, NULL);
  self->opening = g_cancellable_new ();
  set_state (self, RD_SESSION_STATE_SIGNING_IN, NULL);
  rd_vendor_client_open_async (self->client, self->study, self->opening, on_link, g_object_ref (self));
}

static void
on_crashed (RdLinkController *self)
{
  /* the page may have been single-use: ask for a fresh one */
  fetch (self);
}

static void
on_load_failed (RdLinkController *self,
                const char       *message)
{
  g_autofree char *reason = g_strdup_printf (_("The reporting page did not load: %s"), message);

  if (self->study != NULL)
    {
      rd_link_view_clear (self->view);
      set_pane (self, RD_REPORT_PANE_FAILED, reason);
    }
  set_state (self, RD_SESSION_STATE_VENDOR_UNREACHABLE, reason);
}

static void
start (RdReportController *controller)
{
  RdLinkController *self = RD_LINK_CONTROLLER (controller);

  set_state (self, RD_SESSION_STATE_SIGNED_IN, NULL);
}

static GtkWidget *
get_widget (RdReportController *controller)
{
  return GTK_WIDGET (RD_LINK_CONTROLLER (controller)->view);
}

static void
reload (RdReportController *controller)
{
  fetch (RD_LINK_CONTROLLER (controller));
}

static gboolean
open_study (RdReportController  *controller,
            const RdStudy       *study,
            GError             **error)
{
  RdLinkController *self = RD_LINK_CONTROLLER (controller);

  if (!rd_study_check_complete (study, error))
    return FALSE;
  g_clear_pointer (&self->study, rd_study_free);
  self->study = rd_study_copy (study);
  rd_report_controller_emit_study_changed (controller);
  fetch (self);
  return TRUE;
}

static void
close_report (RdReportController *controller)
{
  RdLinkController *self = RD_LINK_CONTROLLER (controller);

  if (self->study == NULL)
    return;
  g_clear_pointer (&self->study, rd_study_free);
  fetch (self);   /* cancels one that is under way, clears the page */
  rd_report_controller_emit_study_changed (controller);
  set_state (self, RD_SESSION_STATE_SIGNED_IN, NULL);
}

static gboolean
send_command (RdReportController  *controller,
              const char          *command,
              GError             **error)
{
  RdLinkController *self = RD_LINK_CONTROLLER (controller);

  g_set_error (error, RD_ERROR, RD_ERROR_NOT_SUPPORTED,
               _("%s takes no commands from ReportDock; use the buttons of its own page"),
               rd_vendor_client_get_name (self->client));
  return FALSE;
}

static const RdStudy *
get_study (RdReportController *controller)
{
  return RD_LINK_CONTROLLER (controller)->study;
}

RdLinkView *
rd_link_controller_get_view (RdLinkController *self)
{
  g_return_val_if_fail (RD_IS_LINK_CONTROLLER (self), NULL);

  return self->view;
}

RdReportController *
rd_link_controller_new (RdVendorClient *client,
                        RdLinkView     *view,
                        const char     *user_name)
{
  RdLinkController *self = g_object_new (RD_TYPE_LINK_CONTROLLER, NULL);

  self->client = g_object_ref (client);
  self->view = g_object_ref_sink (view);
  rd_report_controller_set_user_name (RD_REPORT_CONTROLLER (self), user_name);
  g_signal_connect_object (view, "crashed", G_CALLBACK (on_crashed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "load-failed-message", G_CALLBACK (on_load_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "shown", G_CALLBACK (on_page_shown), self, G_CONNECT_SWAPPED);
  return RD_REPORT_CONTROLLER (self);
}

static void
rd_link_controller_dispose (GObject *object)
{
  RdLinkController *self = RD_LINK_CONTROLLER (object);

  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  g_clear_object (&self->client);
  g_clear_object (&self->view);
  G_OBJECT_CLASS (rd_link_controller_parent_class)->dispose (object);
}

static void
rd_link_controller_finalize (GObject *object)
{
  RdLinkController *self = RD_LINK_CONTROLLER (object);

  g_clear_pointer (&self->study, rd_study_free);
  G_OBJECT_CLASS (rd_link_controller_parent_class)->finalize (object);
}

static void
rd_link_controller_class_init (RdLinkControllerClass *klass)
{
  RdReportControllerClass *controller_class = RD_REPORT_CONTROLLER_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_link_controller_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_link_controller_finalize;
  controller_class->start = start;
  controller_class->get_widget = get_widget;
  controller_class->reload = reload;
  controller_class->open_study = open_study;
  controller_class->close_report = close_report;
  controller_class->send_command = send_command;
  controller_class->get_study = get_study;
}

static void
rd_link_controller_init (RdLinkController *self)
{
}
