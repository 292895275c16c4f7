/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-profile.h"
#include "rd-study.h"

G_BEGIN_DECLS

/* The messages ReportDock posts into the vendor frame (docs/protocol.md
 * §1.2), as JSON text, named as the vendor's profile names them. Pure:
 * the session decides when to post, these only say what. */

char *rd_vendor_message_open         (RdProfile     *profile,
                                      const RdStudy *study,
                                      const char    *default_site_id);
char *rd_vendor_message_authenticate (RdProfile     *profile,
                                      const char    *token);
char *rd_vendor_message_new          (const char    *type,
                                      const char    *key,
                                      const char    *value);

G_END_DECLS
