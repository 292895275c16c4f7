/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-answer-command.h"

int
rd_answer_command_run (const RdLaunch *launch)
{
  g_return_val_if_fail (launch != NULL, 2);
  g_return_val_if_fail (rd_launch_route (launch) == RD_LAUNCH_ROUTE_HERE, 2);

  if (launch->kind == RD_LAUNCH_VERSION)
    g_print (_("reportdock %s\n"), PACKAGE_VERSION);
  else
    {
      g_autofree char *text = rd_launch_usage_for (launch->help_topic);

      g_print ("%s", text);
    }
  return 0;
}
