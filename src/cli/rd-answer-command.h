/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-launch.h"

G_BEGIN_DECLS

/* --version and help, printed by whichever process parsed them
 * (RD_LAUNCH_ROUTE_HERE); the exit status. */
int rd_answer_command_run (const RdLaunch *launch);

G_END_DECLS
