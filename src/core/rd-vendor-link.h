/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-profile.h"
#include "rd-study.h"

G_BEGIN_DECLS

/* Vendors that hand out a page per study instead of speaking postMessage:
 * MD.ai's launch link (docs/protocol.md §2) and Avara's reroute URL (§3). The
 * request bodies and the answers, as data. Pure. */

typedef struct {
  char   *url;           /* the page to load; a credential: never logged */
  char   *status;        /* MD.ai: Final, Draft or PreLaunch */
  char   *owner_name;
  char   *owner_email;
  GBytes *qr_png;        /* MD.ai: the report as a QR code, PNG bytes */
} RdVendorLink;

/* Who reports, and the site's choices, from the settings. */
typedef struct {
  const char *name;
  const char *email;
  const char *language;        /* en es fr ja de nl ko pl ro pt zh-CN zh-Hant */
  const char *default_site_id;
  const char *return_format;   /* MD.ai: how the report returns; NULL: HL7 */
  const char *facility_name;   /* Avara: NULL or empty: the site id */
  gboolean    lazy_launch;     /* MD.ai */
  const char *qr_code_size;    /* MD.ai: standard (NULL) or small */
  const char *qr_code_mode;    /* MD.ai: light (NULL) or dark */
} RdVendorUser;

void          rd_vendor_link_free         (RdVendorLink        *link);
gboolean      rd_vendor_url_is_acceptable (const char          *url);
const char   *rd_vendor_language_for      (const char * const  *desktop_languages);

/* MD.ai */
JsonNode     *rd_mdai_launch_request      (const RdProfile     *profile,
                                           const RdStudy       *study,
                                           const RdVendorUser  *user,
                                           const char          *auth,
                                           GError             **error);
RdVendorLink *rd_mdai_parse_launch        (const char          *body,
                                           gsize                length,
                                           GError             **error);

/* Avara AutoScribe */
JsonNode     *rd_avara_study_request      (const RdProfile     *profile,
                                           const RdStudy       *study,
                                           const RdVendorUser  *user,
                                           GError             **error);
/* DICOM DA "YYYYMMDD" as MD.ai's examples write dates: "MMDDYYYY". */
char         *rd_mdai_date                (const char          *dicom_date);
char         *rd_avara_parse_study_id     (const char          *body,
                                           gsize                length,
                                           GError             **error);
JsonNode     *rd_avara_reroute_request    (const char          *user_id,
                                           const char          *study_id);
RdVendorLink *rd_avara_parse_reroute      (const char          *body,
                                           gsize                length,
                                           GError             **error);
gboolean      rd_avara_is_user_id         (const char          *text);
gboolean      rd_vendor_should_retry      (guint                status);
char         *rd_vendor_error_message     (const char          *vendor,
                                           guint                status,
                                           const char          *body,
                                           gsize                length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdVendorLink, rd_vendor_link_free)

G_END_DECLS
