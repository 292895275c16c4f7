/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-launch.h"

/* Which process serves what, decided once: the launcher a worklist runs
 * (src/launcher.c) and the full application (rd-application-launch.c)
 * both follow this, so a command is never run by one and refused by the
 * other. docs/architecture.md tells why each is where it is. */
RdLaunchRoute
rd_launch_route (const RdLaunch *launch)
{
  g_return_val_if_fail (launch != NULL, RD_LAUNCH_ROUTE_HERE);

  switch (launch->kind)
    {
    case RD_LAUNCH_VERSION:
    case RD_LAUNCH_HELP:
      return RD_LAUNCH_ROUTE_HERE;
    case RD_LAUNCH_OPEN:
      return launch->wait != NULL ? RD_LAUNCH_ROUTE_WAIT : RD_LAUNCH_ROUTE_INSTANCE;
    case RD_LAUNCH_EVENTS:
      /* reading the outbox needs no instance; --retry writes its journal */
      return launch->retry ? RD_LAUNCH_ROUTE_INSTANCE : RD_LAUNCH_ROUTE_ALONE;
    case RD_LAUNCH_CHECK_MIC:
    case RD_LAUNCH_DEVICES:
      /* the microphone and the devices, as this user sees them, now */
      return RD_LAUNCH_ROUTE_ALONE;
    case RD_LAUNCH_RAISE:
    case RD_LAUNCH_CLOSE:
    case RD_LAUNCH_RELAY:
    default:
      return RD_LAUNCH_ROUTE_INSTANCE;
    }
}

/* A worklist's click with nothing running starts the instance, and the
 * click is handed to it; other commands for the instance become it. */
gboolean
rd_launch_starts_instance (const RdLaunch *launch)
{
  g_return_val_if_fail (launch != NULL, FALSE);

  return rd_launch_route (launch) == RD_LAUNCH_ROUTE_INSTANCE &&
         (launch->kind == RD_LAUNCH_OPEN || launch->kind == RD_LAUNCH_RAISE);
}
