/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_PROFILE_DEFAULT_OPEN_TIMEOUT_MS 20000

#define RD_TYPE_PROFILE (rd_profile_get_type ())

/* How to talk to one reporting vendor, loaded from data so that a site can
 * correct a message name without a rebuild. Immutable, reference counted. */
typedef struct _RdProfile RdProfile;

typedef enum {
  RD_PROFILE_MSG_APP_READY,
  RD_PROFILE_MSG_AUTHENTICATE,
  RD_PROFILE_MSG_SIGN_IN_SUCCESSFUL,
  RD_PROFILE_MSG_SIGN_IN_FAILED,
  RD_PROFILE_MSG_OPEN_REPORT,
  RD_PROFILE_MSG_CLOSE_REPORT,
  RD_PROFILE_MSG_COMMAND,
  RD_PROFILE_MSG_RECORDING_STATE,
  RD_PROFILE_N_MESSAGES,
} RdProfileMessage;

GType               rd_profile_get_type            (void) G_GNUC_CONST;
RdProfile          *rd_profile_new_from_data       (const char          *data,
                                                    gssize               length,
                                                    GError             **error);
RdProfile          *rd_profile_load                (const char          *name,
                                                    const char * const  *search_dirs,
                                                    GError             **error);
gboolean            rd_profile_name_is_valid       (const char          *name);
GBytes             *rd_profile_find_data           (const char          *resource_dir,
                                                    const char          *name,
                                                    const char * const  *search_dirs,
                                                    char               **path,
                                                    GError             **error);
RdProfile          *rd_profile_ref                 (RdProfile           *profile);
void                rd_profile_unref               (RdProfile           *profile);

const char         *rd_profile_get_name            (const RdProfile     *profile);
const char         *rd_profile_get_title           (const RdProfile     *profile);
const char         *rd_profile_get_kind            (const RdProfile     *profile);
/* The settings a real (not demo) start of this profile cannot do without. */
const char * const *rd_profile_get_required_settings (const RdProfile   *profile);
const char         *rd_profile_get_message         (const RdProfile     *profile,
                                                    RdProfileMessage     message);
const char         *rd_profile_get_token_field     (const RdProfile     *profile);
const char         *rd_profile_get_api_key_header  (const RdProfile     *profile);
const char * const *rd_profile_get_token_response_fields (const RdProfile *profile);
const char         *rd_profile_get_user_field      (const RdProfile     *profile,
                                                    const char          *which);
gint64              rd_profile_get_default_token_lifetime (const RdProfile *profile);
guint               rd_profile_get_sign_in_timeout_ms (const RdProfile  *profile);
guint               rd_profile_get_open_timeout_ms (const RdProfile     *profile);
gboolean            rd_profile_get_reauthenticate (const RdProfile      *profile);
gboolean            rd_profile_has_command         (const RdProfile     *profile,
                                                    const char          *command);
const char * const *rd_profile_get_commands        (const RdProfile     *profile);

/* One launch key a vendor takes: under which name, in which date form. */
typedef struct {
  char *key;
  char *name;
  char *format;   /* NULL, "MMDDYYYY" or "YYYY-MM-DD" */
} RdLaunchKey;

JsonObject         *rd_profile_map_launch_keys     (const RdProfile     *profile,
                                                    const RdStudy       *study);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdProfile, rd_profile_unref)

G_END_DECLS
