/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-launch.h"

G_BEGIN_DECLS

int      rd_wait_command_run    (const RdLaunch  *launch,
                                 const char      *program);

G_END_DECLS
