/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-outbox"

#include "config.h"

#include "rd-outbox.h"

#include <string.h>

#define CHECKSUM_LENGTH 8

char *
rd_outbox_new_event_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new ("evt_");

  for (const char *p = uuid; *p; p++)
    if (*p != '-')
      g_string_append_c (id, *p);
  return g_string_free (id, FALSE);
}

gboolean
rd_outbox_is_event_id (const char *id)
{
  if (id == NULL || !g_str_has_prefix (id, "evt_") || strlen (id) != 4 + 32)
    return FALSE;
  for (const char *p = id + 4; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

JsonNode *
rd_outbox_envelope (const char    *id,
                    const char    *type,
                    GDateTime     *occurred_at,
                    const char    *profile,
                    const char    *mrn,
                    const char    *accession_number,
                    const char    *site_id,
                    JsonNode      *payload)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *when = g_date_time_format_iso8601 (occurred_at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "occurred_at");
  json_builder_add_string_value (b, when);
  json_builder_set_member_name (b, "profile");
  json_builder_add_string_value (b, profile);
  json_builder_set_member_name (b, "study");
  if (mrn != NULL || accession_number != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mrn");
      if (mrn != NULL)
        json_builder_add_string_value (b, mrn);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "accession_number");
      if (accession_number != NULL)
        json_builder_add_string_value (b, accession_number);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "site_id");
      if (site_id != NULL)
        json_builder_add_string_value (b, site_id);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "payload");
  if (payload != NULL)
    json_builder_add_value (b, json_node_copy (payload));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The envelope of docs/protocol.md §5 for a message from the reporting app (or
 * one of ReportDock's own, same shape). "study" is the study the event is
 * about (rd-event-study.c decides), "context":"mismatch" when that is not
 * the open study, and report.signed says whether the signature is final;
 * the payload is kept exactly as received. */
JsonNode *
rd_outbox_envelope_for_message (const char         *id,
                                GDateTime          *occurred_at,
                                const char         *profile,
                                const RdEventStudy *about,
                                const char         *message_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) rest = NULL;
  JsonObject *message = NULL;
  JsonNode *payload = NULL;
  JsonNode *envelope;
  JsonObject *object;
  const char *type = NULL;

  /* an empty text parses to no node at all */
  if (json_parser_load_from_data (parser, message_json, -1, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      message = json_node_get_object (json_parser_get_root (parser));
      type = json_object_get_string_member_with_default (message, "type", NULL);
      payload = json_object_get_member (message, "payload");
    }
  if (type == NULL)
    return NULL;

  /* no "payload" member: everything but the type is the payload */
  if (payload == NULL)
    {
      g_autoptr(JsonObject) others = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (message);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "type"))
          json_object_set_member (others, l->data, json_node_copy (json_object_get_member (message, l->data)));
      rest = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (rest, others);
      payload = rest;
    }
  envelope = rd_outbox_envelope (id, type, occurred_at, profile,
                                 about ? about->mrn : NULL,
                                 about ? about->accession_number : NULL,
                                 about ? about->site_id : NULL, payload);
  object = json_node_get_object (envelope);
  if (about != NULL && about->mismatch)
    json_object_set_string_member (object, "context", "mismatch");
  if (g_str_equal (type, "report.signed"))
    json_object_set_boolean_member (object, "final", rd_event_is_final_signature (message));
  return envelope;
}

const char *
rd_outbox_envelope_id (JsonNode *envelope)
{
  return json_object_get_string_member_with_default (json_node_get_object (envelope), "id", NULL);
}

static char *
checksum (const char *json,
          gsize       length)
{
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) json, length);

  return g_strndup (sha, CHECKSUM_LENGTH);
}

static char *
encode (const char *member,
        JsonNode   *value)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *json = NULL;
  g_autofree char *sum = NULL;

  json_object_set_member (object, member, json_node_copy (value));
  json_node_set_object (root, object);
  json = json_to_string (root, FALSE);   /* one line: no newline inside */
  sum = checksum (json, strlen (json));
  return g_strdup_printf ("%s %s\n", sum, json);
}

char *
rd_outbox_encode_event (JsonNode *envelope)
{
  return encode ("event", envelope);
}

char *
rd_outbox_encode_failed (const char *id,
                         const char *reason)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *json = NULL;
  g_autofree char *sum = NULL;

  json_object_set_string_member (object, "failed", id);
  json_object_set_string_member (object, "reason", reason ? reason : "");
  json_node_set_object (root, object);
  json = json_to_string (root, FALSE);
  sum = checksum (json, strlen (json));
  return g_strdup_printf ("%s %s\n", sum, json);
}

char *
rd_outbox_encode_retry (const char *id)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, id);
  return encode ("retry", node);
}

char *
rd_outbox_encode_delivered (const char *id)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, id);
  return encode ("delivered", node);
}

/* One line without its newline: the record, or NULL if it is damaged. */
static JsonObject *
decode_line (const char *line,
             gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sum = NULL;
  JsonNode *root;

  if (length < CHECKSUM_LENGTH + 3 || line[CHECKSUM_LENGTH] != ' ')
    return NULL;
  sum = checksum (line + CHECKSUM_LENGTH + 1, length - CHECKSUM_LENGTH - 1);
  if (memcmp (sum, line, CHECKSUM_LENGTH) != 0)
    return NULL;
  if (!json_parser_load_from_data (parser, line + CHECKSUM_LENGTH + 1, length - CHECKSUM_LENGTH - 1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gboolean
apply (RdOutboxReplay *replay,
       JsonObject     *record)
{
  JsonNode *event = json_object_get_member (record, "event");
  const char *delivered = json_object_get_string_member_with_default (record, "delivered", NULL);
  const char *failed = json_object_get_string_member_with_default (record, "failed", NULL);
  const char *retry = json_object_get_string_member_with_default (record, "retry", NULL);

  if (event != NULL && JSON_NODE_HOLDS_OBJECT (event) &&
      rd_outbox_is_event_id (rd_outbox_envelope_id (event)))
    {
      g_ptr_array_add (replay->events, json_node_copy (event));
      return TRUE;
    }
  if (rd_outbox_is_event_id (delivered))
    {
      g_hash_table_add (replay->delivered, g_strdup (delivered));
      return TRUE;
    }
  if (rd_outbox_is_event_id (failed))
    {
      g_hash_table_insert (replay->failed, g_strdup (failed),
                           g_strdup (json_object_get_string_member_with_default (record, "reason", "")));
      return TRUE;
    }
  if (rd_outbox_is_event_id (retry))
    {
      g_hash_table_remove (replay->failed, retry);
      return TRUE;
    }
  return FALSE;
}

RdOutboxReplay *
rd_outbox_replay (const char *data,
                  gsize       length)
{
  RdOutboxReplay *replay = g_new0 (RdOutboxReplay, 1);
  gsize pos = 0;

  replay->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  replay->delivered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  replay->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  replay->damaged = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  replay->good = g_string_new (NULL);

  while (pos < length)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', length - pos);
      g_autoptr(JsonObject) record = NULL;

      if (nl == NULL)
        {
          /* a write that did not finish: everything before it is kept */
          replay->torn_tail = TRUE;
          break;
        }
      record = decode_line (line, nl - line);
      /* A complete line that fails is a damaged record, last or not (a
       * write cut short has no newline): it is kept aside, never dropped
       * without a word, and the records around it hold. */
      if (record == NULL || !apply (replay, record))
        {
          replay->n_damaged++;
          g_ptr_array_add (replay->damaged, g_bytes_new (line, nl - line));
        }
      else
        g_string_append_len (replay->good, line, nl - line + 1);
      pos = nl - data + 1;
      replay->valid_length = pos;
    }
  return replay;
}

void
rd_outbox_replay_free (RdOutboxReplay *replay)
{
  if (replay == NULL)
    return;
  g_ptr_array_unref (replay->events);
  g_hash_table_unref (replay->delivered);
  g_hash_table_unref (replay->failed);
  g_ptr_array_unref (replay->damaged);
  g_string_free (replay->good, TRUE);
  g_free (replay);
}
