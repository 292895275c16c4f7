/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

WebKitNetworkSession *rd_web_session_new      (const char     *name,
                                               gboolean        ephemeral,
                                               gboolean        third_party_cookies);
WebKitSettings       *rd_web_settings_new     (void);
void                  rd_web_context_load_extension (WebKitWebContext *context,
                                               const char             *role);
void                  rd_web_open_externally  (GtkWidget      *widget,
                                               const char     *uri);
void                  rd_web_leave_pane       (GtkWidget              *widget,
                                               WebKitPolicyDecision   *decision,
                                               WebKitNavigationAction *action,
                                               const char             *uri);
void                  rd_web_answer_permission_request (WebKitPermissionRequest *request,
                                               gboolean                 showing_allowed_page);
void                  rd_web_answer_permission_query (WebKitPermissionStateQuery *query,
                                               const char             *microphone_origin);
/* name: the input to record (NULL: the page's choice); missing: why there
 * is none to record (NULL: there is) */
typedef void (*RdWebInputFunc) (char **name, char **missing, gpointer user_data);

void                  rd_web_set_dictation_input_func (RdWebInputFunc func,
                                               gpointer                user_data);
void                  rd_web_point_microphone (WebKitUserContentManager *content,
                                               WebKitSettings         *settings);

G_END_DECLS
