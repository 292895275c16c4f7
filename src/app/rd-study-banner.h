/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_STUDY_BANNER (rd_study_banner_get_type ())
G_DECLARE_FINAL_TYPE (RdStudyBanner, rd_study_banner, RD, STUDY_BANNER, GtkBox)

gboolean    rd_study_banner_show_study             (RdStudyBanner *self,
                                                    const RdStudy *study,
                                                    const char    *default_site_id);
void        rd_study_banner_show_report_info       (RdStudyBanner *self,
                                                    const char    *status,
                                                    const char    *owner,
                                                    GBytes        *qr_png);
const char *rd_study_banner_get_title              (RdStudyBanner *self);
const char *rd_study_banner_get_patient_line       (RdStudyBanner *self);
const char *rd_study_banner_get_announcement       (RdStudyBanner *self);

/* what it shows, for tests */
const char *rd_study_banner_get_text               (RdStudyBanner *self,
                                                    const char    *which);
gboolean    rd_study_banner_is_marking_switch      (RdStudyBanner *self);
gboolean    rd_study_banner_is_offering_qr_code    (RdStudyBanner *self);
const char *rd_study_banner_get_report_status_text (RdStudyBanner *self);

G_END_DECLS
