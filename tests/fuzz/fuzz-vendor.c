/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for what vendors answer: MD.ai's launch answer, Avara's
 * study and reroute answers, error bodies, and vendor profiles. */
#include "config.h"

#include "rd-profile.h"
#include "rd-vendor-link.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *body = (const char *) data;
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  g_autoptr(RdVendorLink) launch = rd_mdai_parse_launch (body, size, &e1);
  g_autofree char *study = rd_avara_parse_study_id (body, size, &e2);
  g_autoptr(RdVendorLink) reroute = rd_avara_parse_reroute (body, size, &e3);
  g_autofree char *message = rd_vendor_error_message ("Vendor", 422, body, size);
  g_autoptr(RdProfile) profile = rd_profile_new_from_data (body, size, &e4);

  g_assert ((launch == NULL) == (e1 != NULL));
  g_assert ((study == NULL) == (e2 != NULL));
  g_assert ((reroute == NULL) == (e3 != NULL));
  g_assert ((profile == NULL) == (e4 != NULL));
  g_assert (message != NULL);
  return 0;
}
