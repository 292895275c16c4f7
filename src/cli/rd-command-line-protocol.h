/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The launcher's route to the running instance: one method call,
 * io.github.reportdock.CommandLine1.Run (aay arguments, a{sv} platform_data)
 * → (i exit_status, ay stdout, ay stderr), on the application's object path.
 * The launcher calls it (src/launcher.c); the instance serves it
 * (src/app/rd-command-line-service.c). */
#define RD_COMMAND_LINE_INTERFACE "io.github.reportdock.CommandLine1"
