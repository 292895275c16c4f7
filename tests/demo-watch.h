/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-demo-service.h"

/* What the demo page says it shows now (its beacon), for messages. */
static inline const char *
demo_showing (RdDemoService *demo)
{
  const char *now = rd_demo_service_get_showing (demo);

  return now ? now : "(nothing said yet)";
}

/* From index from on, did the demo page ever say it shows this study? */
static inline gboolean
demo_ever_showing (RdDemoService *demo,
                   const char    *study,
                   guint          from)
{
  GPtrArray *history = rd_demo_service_get_showing_history (demo);

  for (guint i = from; i < history->len; i++)
    if (g_str_equal (g_ptr_array_index (history, i), study))
      return TRUE;
  return FALSE;
}
