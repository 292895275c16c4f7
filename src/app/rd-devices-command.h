/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-launch.h"
#include "rd-hid.h"

int rd_devices_command_run (const RdLaunch     *launch,
                            const RdHidBackend *backend);
