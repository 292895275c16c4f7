/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-event-sink"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-event-sink.h"
#include "rd-error.h"
#include "rd-outbox.h"
#include "rd-webhook.h"

#include <libsoup/soup.h>
#include <string.h>

/* Where every event goes: first to disk, then out ("event" signal: the D-Bus
 * ReportEvent; webhook delivery reads the journal in order). Webhooks are
 * strictly ordered: an event is sent only once the one before it was
 * answered 2xx, so a receiver never sees a gap or a reordering. */

#define FAILURES_BEFORE_PROBLEM 3
/* Events that cannot be saved (disk full) wait in memory, in order, and go
 * into the journal as soon as it takes them again. */
#define MAX_UNSAVED             10000
#define SAVE_RETRY_MS           2000

struct _RdEventSink
{
  GObject          parent_instance;
  RdOutboxJournal *journal;

  SoupSession     *soup;
  char            *webhook_url;
  GBytes          *webhook_key;
  gboolean         for_worklist;     /* events-url is set: undelivered events wait for it */
  gboolean         in_flight;
  char            *in_flight_id;     /* the event being sent: the answer is about it */
  guint            retry_id;
  guint            failures;
  char            *problem;          /* delivery */
  GCancellable    *cancellable;

  GQueue           unsaved;          /* JsonNode*: not journalled yet, oldest first */
  guint            save_retry_id;
  char            *storage_problem;
  guint            n_lost;           /* beyond MAX_UNSAVED: said, never silent */

  gint64           failing_since;    /* real time the head event first failed; 0: it has not */
  gint64           give_up_after;    /* µs; 0: never */
  char            *failed_problem;   /* dead letters waiting for --retry */
};

G_DEFINE_FINAL_TYPE (RdEventSink, rd_event_sink, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_DELIVERY_PROBLEM,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

static void deliver_next (RdEventSink *self);

static void
set_problem (RdEventSink *self,
             const char  *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (problem != NULL)
    g_warning ("event delivery: %s", problem);
  else
    g_info ("event delivery works again");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY_PROBLEM]);
}

static void
update_failed_problem (RdEventSink *self)
{
  guint n = rd_outbox_journal_get_n_failed (self->journal);
  g_autofree char *problem = NULL;

  guint damaged = rd_outbox_journal_get_n_damaged (self->journal);

  if (n > 0)
    problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u event was refused for good by events-url: see "
                                            "reportdock events --failed, then --retry",
                                            "%u events were refused for good by events-url: see "
                                            "reportdock events --failed, then --retry", n), n);
  /* a damaged record may have been an event nobody received: said until
   * an admin has looked (and removed the quarantine file) */
  else if (damaged > 0)
    problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u damaged event record was kept aside, not sent: see "
                                            "reportdock events --failed",
                                            "%u damaged event records were kept aside, not sent: see "
                                            "reportdock events --failed", damaged), damaged);
  if (g_strcmp0 (problem, self->failed_problem) == 0)
    return;
  g_free (self->failed_problem);
  self->failed_problem = g_steal_pointer (&problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY_PROBLEM]);
}

/* 4xx but a timeout or "too many": the receiver will not take it as it is. */
static gboolean
refused_for_good (guint status)
{
  return status >= 400 && status < 500 && status != 408 && status != 429;
}

static void
set_storage_problem (RdEventSink *self,
                     const char  *problem)
{
  if (g_strcmp0 (self->storage_problem, problem) == 0)
    return;
  if (problem != NULL && self->storage_problem == NULL)
    g_warning ("events not saved: %s", problem);
  else if (problem == NULL)
    g_info ("every event is saved again");
  g_free (self->storage_problem);
  self->storage_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY_PROBLEM]);
}

/* Into the journal, oldest first, as far as it takes them. */
static gboolean
save_unsaved (RdEventSink  *self,
              GError      **error)
{
  JsonNode *e;

  while ((e = g_queue_peek_head (&self->unsaved)) != NULL)
    {
      if (!rd_outbox_journal_append (self->journal, e, error))
        return FALSE;
      json_node_unref (g_queue_pop_head (&self->unsaved));
    }
  return TRUE;
}

static void
show_unsaved (RdEventSink  *self,
              const GError *error)
{
  g_autofree char *problem = NULL;

  if (self->n_lost > 0)
    problem = g_strdup_printf (_("Events not saved: %s. %u wait in memory and %u could not be kept; "
                               "free space there"), error->message, g_queue_get_length (&self->unsaved),
                               self->n_lost);
  else
    problem = g_strdup_printf (_("Events not saved: %s. %u wait in memory and are saved and sent as "
                               "soon as there is room; free space there"),
                               error->message, g_queue_get_length (&self->unsaved));
  set_storage_problem (self, problem);
}

static gboolean
on_save_retry (gpointer user_data)
{
  RdEventSink *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!save_unsaved (self, &error))
    {
      show_unsaved (self, error);
      return G_SOURCE_CONTINUE;
    }
  self->save_retry_id = 0;
  set_storage_problem (self, NULL);
  deliver_next (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_retry (gpointer user_data)
{
  RdEventSink *self = user_data;

  self->retry_id = 0;
  deliver_next (self);
  return G_SOURCE_REMOVE;
}

static void
on_delivered (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RdEventSink) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autofree char *id = g_steal_pointer (&self->in_flight_id);
  g_autofree char *failure = NULL;

  /* the answer is about the event sent, whatever happened meanwhile (a
   * --retry puts earlier events back in the queue) */
  self->in_flight = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || id == NULL)
    return;

  if (body != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_autoptr(GError) mark_error = NULL;

      if (!rd_outbox_journal_mark_delivered (self->journal, id, &mark_error))
        g_warning ("%s", mark_error->message);   /* delivered again after a restart: ids dedupe */
      self->failures = 0;
      self->failing_since = 0;
      set_problem (self, NULL);
      deliver_next (self);
      return;
    }

  if (body == NULL)
    failure = g_strdup_printf ("events-url cannot be reached: %s", error->message);
  else if (SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (message)))
    /* followed, a POST would become a bodiless GET whose 200 means nothing */
    failure = g_strdup_printf ("events-url answered with a redirect (HTTP %u), which ReportDock "
                               "does not follow: set events-url to the final address",
                               soup_message_get_status (message));
  else
    failure = g_strdup_printf ("events-url answered HTTP %u", soup_message_get_status (message));
  if (self->failing_since == 0)
    self->failing_since = g_get_real_time ();
  /* a dead letter: kept and listed, and the events after it flow again */
  if ((body != NULL && refused_for_good (soup_message_get_status (message))) ||
      (self->give_up_after > 0 && g_get_real_time () - self->failing_since > self->give_up_after))
    {
      g_autoptr(GError) mark_error = NULL;

      g_warning ("webhook for %s given up (%s): kept for reportdock events --retry", id, failure);
      if (rd_outbox_journal_mark_failed (self->journal, id, failure, &mark_error))
        {
          self->failures = 0;
          self->failing_since = 0;
          set_problem (self, NULL);
          update_failed_problem (self);
          deliver_next (self);
          return;
        }
      g_warning ("%s", mark_error->message);   /* not marked: retried like any failure */
    }
  self->failures++;
  g_info ("webhook for %s failed (%s); retrying in %u ms", id, failure,
          rd_webhook_retry_delay (self->failures));
  if (self->failures >= FAILURES_BEFORE_PROBLEM)
    {
      g_autofree char *problem = g_strdup_printf ("%s; %u events wait in the outbox and will be sent "
                                                  "in order", failure, rd_event_sink_get_n_pending (self));
      set_problem (self, problem);
    }
  self->retry_id = g_timeout_add (rd_webhook_retry_delay (self->failures), on_retry, self);
}

static void
deliver_next (RdEventSink *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *body = NULL;
  g_autofree char *timestamp = NULL;
  g_autofree char *signature = NULL;
  SoupMessageHeaders *headers;
  JsonNode *event;
  gint64 now;

  if (self->webhook_url == NULL || self->in_flight || self->retry_id != 0)
    return;
  event = rd_outbox_journal_next_undelivered (self->journal);
  if (event == NULL)
    return;

  body = json_to_string (event, FALSE);
  now = g_get_real_time () / G_USEC_PER_SEC;
  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  signature = rd_webhook_signature (self->webhook_key, rd_outbox_envelope_id (event), now, body);

  message = soup_message_new (SOUP_METHOD_POST, self->webhook_url);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "webhook-id", rd_outbox_envelope_id (event));
  soup_message_headers_replace (headers, "webhook-timestamp", timestamp);
  soup_message_headers_replace (headers, "webhook-signature", signature);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  self->in_flight = TRUE;
  g_free (self->in_flight_id);
  self->in_flight_id = g_strdup (rd_outbox_envelope_id (event));
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_delivered, g_object_ref (self));
}

gboolean
rd_event_sink_set_webhook (RdEventSink  *self,
                           const char   *url,
                           const char   *secret,
                           GError      **error)
{
  g_autoptr(GBytes) key = NULL;

  g_return_val_if_fail (RD_IS_EVENT_SINK (self), FALSE);

  self->for_worklist = TRUE;   /* even when it cannot be used yet: events wait for it */
  if (!rd_webhook_url_is_valid (url, error))
    return FALSE;
  if (secret == NULL || secret[0] == '\0')
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("events-url is set but events-secret-file is not; webhooks are signed"));
      return FALSE;
    }
  key = rd_webhook_secret_key (secret, error);
  if (key == NULL)
    {
      g_prefix_error (error, "events-secret-file: ");
      return FALSE;
    }
  g_free (self->webhook_url);
  self->webhook_url = g_strdup (url);
  g_clear_pointer (&self->webhook_key, g_bytes_unref);
  self->webhook_key = g_steal_pointer (&key);
  deliver_next (self);   /* resume what a previous run left */
  return TRUE;
}

const char *
rd_event_sink_get_delivery_problem (RdEventSink *self)
{
  g_return_val_if_fail (RD_IS_EVENT_SINK (self), NULL);

  /* not saved weighs more than not delivered, which weighs more than given up */
  if (self->storage_problem != NULL)
    return self->storage_problem;
  return self->problem ? self->problem : self->failed_problem;
}

guint
rd_event_sink_get_n_damaged (RdEventSink *self)
{
  g_return_val_if_fail (RD_IS_EVENT_SINK (self), 0);

  return rd_outbox_journal_get_n_damaged (self->journal);
}

guint
rd_event_sink_get_n_failed (RdEventSink *self)
{
  g_return_val_if_fail (RD_IS_EVENT_SINK (self), 0);

  return rd_outbox_journal_get_n_failed (self->journal);
}

/* After the receiver is fixed: every dead letter goes out again, in its
 * place in the order. */
gboolean
rd_event_sink_retry_failed (RdEventSink  *self,
                            guint        *n_retried,
                            GError      **error)
{
  g_return_val_if_fail (RD_IS_EVENT_SINK (self), FALSE);

  if (!rd_outbox_journal_retry_failed (self->journal, n_retried, error))
    return FALSE;
  update_failed_problem (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->failures = 0;
  self->failing_since = 0;
  deliver_next (self);
  return TRUE;
}

void
rd_event_sink_set_give_up_after (RdEventSink *self,
                                 guint        seconds)
{
  g_return_if_fail (RD_IS_EVENT_SINK (self));

  self->give_up_after = (gint64) seconds * G_USEC_PER_SEC;
}

/* A webhook that cannot even be set up (bad URL, insecure secret): the
 * events wait in the outbox, and the problem is shown. */
void
rd_event_sink_set_webhook_problem (RdEventSink *self,
                                   const char  *problem)
{
  g_return_if_fail (RD_IS_EVENT_SINK (self));

  self->for_worklist = TRUE;
  set_problem (self, problem);
}

/* Every event is journalled, then goes out. One that cannot be journalled
 * (disk full) still goes out live on D-Bus, waits in memory in its place in
 * the order, and is saved and sent by webhook once the disk takes it: FALSE
 * and error say so, and the delivery problem shows it until then. */
gboolean
rd_event_sink_submit (RdEventSink  *self,
                      JsonNode     *envelope,
                      GError      **error)
{
  g_autofree char *json = json_to_string (envelope, FALSE);
  const char *type = json_object_get_string_member (json_node_get_object (envelope), "type");
  g_autoptr(GError) local_error = NULL;
  gboolean durable;

  g_return_val_if_fail (RD_IS_EVENT_SINK (self), FALSE);

  if (g_queue_get_length (&self->unsaved) < MAX_UNSAVED)
    g_queue_push_tail (&self->unsaved, json_node_ref (envelope));
  else
    {
      self->n_lost++;
      g_warning ("event %s (%s) is lost: %u events already wait for the disk",
                  rd_outbox_envelope_id (envelope), type, MAX_UNSAVED);
    }
  durable = save_unsaved (self, &local_error);
  if (!durable)
    {
      g_warning ("event %s (%s) could not be journalled; kept in memory",
                 rd_outbox_envelope_id (envelope), type);
      show_unsaved (self, local_error);
      if (self->save_retry_id == 0)
        self->save_retry_id = g_timeout_add (SAVE_RETRY_MS, on_save_retry, self);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else if (self->storage_problem != NULL)
    {
      g_clear_handle_id (&self->save_retry_id, g_source_remove);
      set_storage_problem (self, NULL);
    }
  g_signal_emit (self, signals[EVENT], 0, type, json);
  deliver_next (self);
  return durable;
}

/* For a sender that will try again (the relay answers 503): taken only if
 * it is saved now, never kept in memory. */
gboolean
rd_event_sink_submit_saved (RdEventSink  *self,
                            JsonNode     *envelope,
                            GError      **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (RD_IS_EVENT_SINK (self), FALSE);

  if (!g_queue_is_empty (&self->unsaved))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, self->storage_problem);
      return FALSE;
    }
  if (!rd_outbox_journal_append (self->journal, envelope, error))
    return FALSE;
  json = json_to_string (envelope, FALSE);
  g_signal_emit (self, signals[EVENT], 0,
                 json_object_get_string_member (json_node_get_object (envelope), "type"), json);
  deliver_next (self);
  return TRUE;
}

guint
rd_event_sink_get_n_unsaved (RdEventSink *self)
{
  g_return_val_if_fail (RD_IS_EVENT_SINK (self), 0);

  return g_queue_get_length (&self->unsaved);
}

RdOutboxJournal *
rd_event_sink_get_journal (RdEventSink *self)
{
  g_return_val_if_fail (RD_IS_EVENT_SINK (self), NULL);

  return self->journal;
}

/* Events a worklist still waits for: none when no worklist takes them by
 * webhook (D-Bus had them live; the outbox keeps them a while, see
 * RD_OUTBOX_KEEP). */
guint
rd_event_sink_get_n_pending (RdEventSink *self)
{
  GPtrArray *events = NULL;
  guint n = 0;

  g_return_val_if_fail (RD_IS_EVENT_SINK (self), 0);
  events = rd_outbox_journal_get_events (self->journal);

  if (!self->for_worklist)
    return 0;
  for (guint i = 0; i < events->len; i++)
    if (!rd_outbox_journal_is_delivered (self->journal, rd_outbox_envelope_id (g_ptr_array_index (events, i))))
      n++;
  return n;
}

RdEventSink *
rd_event_sink_new (RdOutboxJournal *journal)
{
  RdEventSink *self = g_object_new (RD_TYPE_EVENT_SINK, NULL);

  self->journal = g_object_ref (journal);
  update_failed_problem (self);
  return self;
}

static void
rd_event_sink_dispose (GObject *object)
{
  RdEventSink *self = RD_EVENT_SINK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->save_retry_id, g_source_remove);
  G_OBJECT_CLASS (rd_event_sink_parent_class)->dispose (object);
}

static void
rd_event_sink_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RdEventSink *self = RD_EVENT_SINK (object);

  switch (prop_id)
    {
    case PROP_DELIVERY_PROBLEM:
      g_value_set_string (value, rd_event_sink_get_delivery_problem (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_event_sink_finalize (GObject *object)
{
  RdEventSink *self = RD_EVENT_SINK (object);

  g_clear_object (&self->journal);
  g_clear_object (&self->soup);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->webhook_key, g_bytes_unref);
  g_free (self->webhook_url);
  g_free (self->problem);
  g_free (self->storage_problem);
  g_free (self->failed_problem);
  g_free (self->in_flight_id);
  g_queue_clear_full (&self->unsaved, (GDestroyNotify) json_node_unref);
  G_OBJECT_CLASS (rd_event_sink_parent_class)->finalize (object);
}

static void
rd_event_sink_class_init (RdEventSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_event_sink_finalize;
  G_OBJECT_CLASS (klass)->dispose = rd_event_sink_dispose;
  G_OBJECT_CLASS (klass)->get_property = rd_event_sink_get_property;

  properties[PROP_DELIVERY_PROBLEM] =
    g_param_spec_string ("delivery-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

  /* (type, envelope JSON), after the journal has it */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
rd_event_sink_init (RdEventSink *self)
{
  g_autofree char *user_agent = g_strdup_printf ("ReportDock/%s", PACKAGE_VERSION);

  self->soup = soup_session_new_with_options ("timeout", 15, "user-agent", user_agent, NULL);
  self->cancellable = g_cancellable_new ();
}
