/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-launch.h"

G_BEGIN_DECLS

int rd_check_mic_command_run (const RdLaunch *launch);

G_END_DECLS
