/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_STUDY_MAX_ID_LENGTH      64
#define RD_STUDY_MAX_ACCESSIONS     20
#define RD_STUDY_MAX_META_BYTES     4096

#define RD_TYPE_STUDY (rd_study_get_type ())

/* One study as the worklist asked for it: the truth the panes must show. */
typedef struct _RdStudy RdStudy;

GType        rd_study_get_type          (void) G_GNUC_CONST;
const char * const *rd_study_get_meta_keys (void);
RdStudy     *rd_study_new               (void);
RdStudy     *rd_study_new_example       (void);
RdStudy     *rd_study_copy              (const RdStudy *study);
void         rd_study_free              (RdStudy       *study);

gboolean     rd_study_set_mrn           (RdStudy       *study,
                                         const char    *mrn,
                                         GError       **error);
gboolean     rd_study_add_accession     (RdStudy       *study,
                                         const char    *accession,
                                         GError       **error);
gboolean     rd_study_set_site_id       (RdStudy       *study,
                                         const char    *site_id,
                                         GError       **error);
gboolean     rd_study_set_study_uid     (RdStudy       *study,
                                         const char    *study_uid,
                                         GError       **error);
gboolean     rd_study_set_meta          (RdStudy       *study,
                                         const char    *key,
                                         const char    *value,
                                         GError       **error);
gboolean     rd_study_check_complete    (const RdStudy *study,
                                         GError       **error);

const char  *rd_study_get_mrn           (const RdStudy *study);
const char  *rd_study_get_site_id       (const RdStudy *study);
const char  *rd_study_get_study_uid     (const RdStudy *study);
guint        rd_study_get_n_accessions  (const RdStudy *study);
const char  *rd_study_get_accession     (const RdStudy *study,
                                         guint          index);
JsonObject  *rd_study_get_metadata      (const RdStudy *study);
const char  *rd_study_get_meta          (const RdStudy *study,
                                         const char    *key);
gboolean     rd_study_equal             (const RdStudy *a,
                                         const RdStudy *b);

/* For the banner: a DICOM PN, AS or DA the way a person reads it. */
char        *rd_study_format_person_name (const char   *name);
char        *rd_study_format_age         (const char   *age);
char        *rd_study_age_at             (const char   *birth_date,
                                          const char   *study_date);
char        *rd_study_format_date        (const char   *date);
char        *rd_study_describe           (const RdStudy *study);

gboolean     rd_study_is_meta_key       (const char    *key);
gboolean     rd_study_validate_id       (const char    *what,
                                         const char    *value,
                                         GError       **error);

/* a{sv}: mrn s, accessions as, site s, study_uid s, metadata a{ss} */
GVariant    *rd_study_to_variant        (const RdStudy *study);
RdStudy     *rd_study_new_from_variant  (GVariant      *variant,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStudy, rd_study_free)

G_END_DECLS
