/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* `reportdock relay`: receives a reporting vendor's webhooks, checks their
 * signature, and hands them to the event outbox. */

#define RD_RELAY_MAX_BODY          (1024 * 1024)
#define RD_RELAY_MAX_ACTIVE        16     /* requests at once; more are answered 503 */
#define RD_RELAY_ANSWER_TIMEOUT_MS 4000   /* the vendor waits 5 s for study.access_requested */
/* A client has this long to send a whole request (headers and body) from
 * the moment the relay starts reading it, an idle kept-alive connection
 * its next one; then it is dropped. */
#define RD_RELAY_READ_TIMEOUT_MS   10000
/* Connections still sending their request, per peer address; more, and
 * that peer's oldest is dropped. */
#define RD_RELAY_MAX_PENDING_PER_PEER 32

/* Records one event ({"type":…,"payload":…}) durably; FALSE: it was not,
 * and the vendor is asked to send it again. */
typedef gboolean (*RdRelayRecord) (const char  *message_json,
                                   gpointer     user_data,
                                   GError     **error);

#define RD_TYPE_RELAY_SERVER (rd_relay_server_get_type ())
G_DECLARE_FINAL_TYPE (RdRelayServer, rd_relay_server, RD, RELAY_SERVER, GObject)

/* secret: the vendor's webhook secret as configured (rd_webhook_verify) */
RdRelayServer *rd_relay_server_new        (const char     *secret,
                                           const char     *image_urls_command,
                                           RdRelayRecord   record,
                                           gpointer        user_data);
gboolean       rd_relay_server_listen     (RdRelayServer  *self,
                                           const char     *host,
                                           guint           port,
                                           GError        **error);
const char    *rd_relay_server_get_url    (RdRelayServer  *self);
guint          rd_relay_server_get_n_rejected (RdRelayServer *self);
guint          rd_relay_server_get_n_dropped  (RdRelayServer *self);
/* for tests: a shorter read deadline */
void           rd_relay_server_set_read_timeout (RdRelayServer *self,
                                                 guint          ms);

G_END_DECLS
