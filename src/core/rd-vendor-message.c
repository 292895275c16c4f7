/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-vendor-message.h"

static char *
to_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

/* open_report: one accession as accession_number with its metadata; a
 * linked study as accession_numbers, each accession with the same
 * metadata (the worklist gives one set). */
char *
rd_vendor_message_open (RdProfile     *profile,
                        const RdStudy *study,
                        const char    *default_site_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonObject) metadata = NULL;
  const char *site;
  guint n;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (study != NULL, NULL);

  site = rd_study_get_site_id (study) ? rd_study_get_site_id (study) : default_site_id;
  /* the launch keys this vendor takes, under its names (its profile) */
  metadata = rd_profile_map_launch_keys (profile, study);
  n = rd_study_get_n_accessions (study);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, rd_profile_get_message (profile, RD_PROFILE_MSG_OPEN_REPORT));
  json_builder_set_member_name (b, "mrn");
  json_builder_add_string_value (b, rd_study_get_mrn (study));
  if (n == 1)
    {
      json_builder_set_member_name (b, "accession_number");
      json_builder_add_string_value (b, rd_study_get_accession (study, 0));
    }
  else
    {
      json_builder_set_member_name (b, "accession_numbers");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        json_builder_add_string_value (b, rd_study_get_accession (study, i));
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "site_id");
  json_builder_add_string_value (b, site);
  if (n == 1)
    {
      json_builder_set_member_name (b, "metadata");
      json_builder_add_value (b, json_node_init_object (json_node_alloc (), metadata));
    }
  else
    {
      json_builder_set_member_name (b, "metadata_by_accession");
      json_builder_begin_object (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_set_member_name (b, rd_study_get_accession (study, i));
          json_builder_add_value (b, json_node_init_object (json_node_alloc (), metadata));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return to_json (b);
}

/* authenticate, with the token under the field this vendor reads */
char *
rd_vendor_message_authenticate (RdProfile  *profile,
                                const char *token)
{
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  return rd_vendor_message_new (rd_profile_get_message (profile, RD_PROFILE_MSG_AUTHENTICATE),
                                rd_profile_get_token_field (profile), token);
}

/* {"type": type} with at most one string member more (key: value) */
char *
rd_vendor_message_new (const char *type,
                       const char *key,
                       const char *value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (key == NULL || value != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  if (key != NULL)
    {
      json_builder_set_member_name (b, key);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  return to_json (b);
}
