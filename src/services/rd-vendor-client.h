/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-vendor-link.h"

G_BEGIN_DECLS

/* Asks a link-style vendor for the page of one study: MD.ai's launch link
 * (kind "launch-link") or Avara's reroute URL (kind "reroute-url"), with
 * the API key read anew for each request and retries on transient
 * failures. */

#define RD_VENDOR_RETRIES 2

typedef struct {
  char *api_base_url;
  char *api_key_file;     /* empty: the Secret Service */
  char *api_key;          /* the key itself (the demo's); else NULL */
  char *profile_name;
  char *user_name;
  char *user_email;
  char *language;
  char *default_site_id;
  char *user_id;          /* Avara: the radiologist's usr_… id */
  char *return_format;    /* MD.ai (return-format); NULL: HL7 */
  char *facility_name;    /* Avara (facility-name); NULL: the site id */
  gboolean lazy_launch;   /* MD.ai (lazy-launch) */
  char *qr_code_size;     /* MD.ai (qr-code-size) */
  char *qr_code_mode;     /* MD.ai (qr-code-mode) */
  RdProfile *profile;     /* which launch keys the vendor takes, under its names */
} RdVendorConfig;

#define RD_TYPE_VENDOR_CLIENT (rd_vendor_client_get_type ())
G_DECLARE_FINAL_TYPE (RdVendorClient, rd_vendor_client, RD, VENDOR_CLIENT, GObject)

RdVendorClient *rd_vendor_client_new          (const char           *kind,
                                               const RdVendorConfig *config,
                                               GError              **error);
const char     *rd_vendor_client_get_name     (RdVendorClient       *self);
void            rd_vendor_client_set_retry_delay (RdVendorClient    *self,
                                               guint                 ms);
void            rd_vendor_client_open_async   (RdVendorClient       *self,
                                               const RdStudy        *study,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
RdVendorLink   *rd_vendor_client_open_finish  (RdVendorClient       *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void            rd_vendor_config_clear        (RdVendorConfig       *config);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdVendorConfig, rd_vendor_config_clear)

G_END_DECLS
