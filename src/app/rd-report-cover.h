/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_REPORT_COVER (rd_report_cover_get_type ())
G_DECLARE_FINAL_TYPE (RdReportCover, rd_report_cover, RD, REPORT_COVER, GtkBox)

void        rd_report_cover_show_opening (RdReportCover *self,
                                          const RdStudy *study);
void        rd_report_cover_show_failed  (RdReportCover *self,
                                          const RdStudy *study,
                                          const char    *reason);
void        rd_report_cover_hide         (RdReportCover *self);
const char *rd_report_cover_get_title    (RdReportCover *self);

G_END_DECLS
