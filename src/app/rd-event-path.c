/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-error.h"
#include "rd-event-path.h"
#include "rd-outbox.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

/* The single path of every event out of ReportDock: the reporting app's
 * (labelled with the study it is about), ReportDock's own (about the study
 * open now), and the vendor's webhooks the relay verified. Each becomes an
 * envelope, is journalled (fsync) by the sink, then delivered. */

struct _RdEventPath
{
  GObject             parent_instance;

  RdEventSink        *sink;
  RdReportController *controller;   /* the open report: what our own events are about */
  char               *profile_name;
  char               *default_site_id;
};

G_DEFINE_FINAL_TYPE (RdEventPath, rd_event_path, G_TYPE_OBJECT)

/* Every event, the reporting app's and our own, takes this one path: an
 * envelope naming the study it is about, the journal (fsync), then out. */
void
rd_event_path_submit (RdEventPath        *self,
                      const char         *message_json,
                      const RdEventStudy *about)
{
  g_autofree char *id = rd_outbox_new_event_id ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdEventStudy) open_study = NULL;
  g_autoptr(JsonNode) envelope = NULL;

  g_return_if_fail (RD_IS_EVENT_PATH (self));

  /* our own events are about the study open now */
  if (about == NULL && self->controller != NULL)
    about = open_study = rd_event_study_new_for_study (rd_report_controller_get_study (self->controller),
                                                       self->default_site_id);
  envelope = rd_outbox_envelope_for_message (id, now, self->profile_name, about, message_json);

  if (envelope == NULL)
    return;
  /* not saved (disk full): kept, and the status bar shows the sink's problem */
  if (!rd_event_sink_submit (self->sink, envelope, &error))
    g_info ("event kept in memory: %s", error->message);
}

/* A vendor's webhook, already verified by the relay: into the outbox like
 * every other event. Not about the study on screen, so it names none. */
gboolean
rd_event_path_record_relayed (const char  *message_json,
                              gpointer     user_data,
                              GError     **error)
{
  RdEventPath   *self = user_data;
  g_autofree char *id = rd_outbox_new_event_id ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonNode) envelope =
    rd_outbox_envelope_for_message (id, now, self->profile_name, NULL, message_json);

  if (envelope == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE, _("not an event"));
      return FALSE;
    }
  /* not saved: the vendor is told 503 and sends it again later */
  return rd_event_sink_submit_saved (self->sink, envelope, error);
}

void
rd_event_path_submit_own (RdEventPath *self,
                          const char  *type,
                          const char  *key,
                          const char  *value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (RD_IS_EVENT_PATH (self));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value ? value : "");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  rd_event_path_submit (self, json, NULL);
}

/* reportdock.context_mismatch / context_override: about the open study,
 * naming what the reporting app showed (or sent) instead. */
void
rd_event_path_submit_context (RdEventPath        *self,
                              const char         *type,
                              const char         *event_type,
                              const RdEventStudy *shown)
{
  const char *detail = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *fallback = NULL;

  g_return_if_fail (RD_IS_EVENT_PATH (self));
  g_return_if_fail (type != NULL);

  if (self->controller != NULL)
    detail = rd_report_controller_get_mismatch_detail (self->controller);

  if (detail == NULL && shown != NULL)
    detail = fallback = g_strdup_printf ("The reporting app sent %s for MRN %s, accession %s, "
                                         "which ReportDock did not open",
                                         event_type, shown->mrn ? shown->mrn : "?",
                                         shown->accession_number ? shown->accession_number : "?");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail ? detail : "");
  if (event_type != NULL)
    {
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, event_type);
    }
  if (shown != NULL)
    {
      json_builder_set_member_name (b, "shown");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mrn");
      json_builder_add_string_value (b, shown->mrn);
      json_builder_set_member_name (b, "accession_number");
      json_builder_add_string_value (b, shown->accession_number);
      json_builder_set_member_name (b, "site_id");
      json_builder_add_string_value (b, shown->site_id);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  rd_event_path_submit (self, json, NULL);
}

/* An event about another study than the open one: the worklist hears of
 * the mismatch first, then gets the event itself, labelled with its own
 * study. Nothing is dropped. */
static void
on_controller_event (RdEventPath        *self,
                     const char         *type,
                     const char         *json,
                     const RdEventStudy *about)
{
  if (about != NULL && about->mismatch)
    rd_event_path_submit_context (self, "reportdock.context_mismatch", type, about);
  rd_event_path_submit (self, json, about);
}


RdEventPath *
rd_event_path_new (RdEventSink *sink,
                   const char  *profile_name,
                   const char  *default_site_id)
{
  RdEventPath *self = g_object_new (RD_TYPE_EVENT_PATH, NULL);

  self->sink = g_object_ref (sink);
  self->profile_name = g_strdup (profile_name);
  self->default_site_id = g_strdup (default_site_id);
  return self;
}

/* The report controller's events go this way from now on. */
void
rd_event_path_set_controller (RdEventPath        *self,
                              RdReportController *controller)
{
  g_return_if_fail (RD_IS_EVENT_PATH (self));

  g_set_object (&self->controller, controller);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_controller_event), self, G_CONNECT_SWAPPED);
}

RdEventSink *
rd_event_path_get_sink (RdEventPath *self)
{
  g_return_val_if_fail (RD_IS_EVENT_PATH (self), NULL);

  return self->sink;
}

static void
rd_event_path_dispose (GObject *object)
{
  RdEventPath *self = RD_EVENT_PATH (object);

  g_clear_object (&self->controller);
  g_clear_object (&self->sink);
  G_OBJECT_CLASS (rd_event_path_parent_class)->dispose (object);
}

static void
rd_event_path_finalize (GObject *object)
{
  RdEventPath *self = RD_EVENT_PATH (object);

  g_free (self->profile_name);
  g_free (self->default_site_id);
  G_OBJECT_CLASS (rd_event_path_parent_class)->finalize (object);
}

static void
rd_event_path_class_init (RdEventPathClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_event_path_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_event_path_finalize;
}

static void
rd_event_path_init (RdEventPath *self)
{
}
