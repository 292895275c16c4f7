/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-http-reply.h"

#include <string.h>

/* The JSON answers of ReportDock's own HTTP servers (relay, demo). */
void
rd_http_reply_json (SoupServerMessage *msg,
                    guint              status,
                    JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *body = json_to_string (root, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

/* {"error": "…"} */
void
rd_http_reply_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_end_object (b);
  rd_http_reply_json (msg, status, b);
}
