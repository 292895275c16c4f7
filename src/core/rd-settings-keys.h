/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The settings, by name: the configuration an admin sets and may lock
 * (schema SCHEMA_ID), and what the windows remember of themselves
 * (STATE_SCHEMA_ID, rd-window-state.h). A misspelt name is a build error
 * here rather than an abort at run time; test-settings-keys checks that
 * these and the schemas agree. */

/* configuration */
#define RD_KEY_PROFILE                  "profile"
#define RD_KEY_VENDOR_URL               "vendor-url"
#define RD_KEY_TOKEN_URL                "token-url"
#define RD_KEY_API_KEY_HEADER           "api-key-header"
#define RD_KEY_API_KEY_FILE             "api-key-file"
#define RD_KEY_USER_EMAIL               "user-email"
#define RD_KEY_USER_FIRST_NAME          "user-first-name"
#define RD_KEY_USER_LAST_NAME           "user-last-name"
#define RD_KEY_DEFAULT_SITE_ID          "default-site-id"
#define RD_KEY_START_AT_LOGIN           "start-at-login"
#define RD_KEY_VIEWER_URL_TEMPLATE      "viewer-url-template"
#define RD_KEY_VIEWER_PROFILE           "viewer-profile"
#define RD_KEY_VIEWER_COMMAND           "viewer-command"
#define RD_KEY_VIEWER_CLOSE_COMMAND     "viewer-close-command"
#define RD_KEY_VIEWER_URI_TEMPLATE      "viewer-uri-template"
#define RD_KEY_VIEWER_COMMAND_TIMEOUT   "viewer-command-timeout"
#define RD_KEY_EVENTS_URL               "events-url"
#define RD_KEY_EVENTS_SECRET_FILE       "events-secret-file"
#define RD_KEY_EVENTS_GIVE_UP_HOURS     "events-give-up-hours"
#define RD_KEY_MIC_CHECK                "mic-check"
#define RD_KEY_MIC_DEVICE               "mic-device"
#define RD_KEY_BUTTON_MAP               "button-map"
#define RD_KEY_SHORTCUTS                "shortcuts"
#define RD_KEY_RECORD_MODE              "record-mode"
#define RD_KEY_HOLD_MS                  "hold-ms"
#define RD_KEY_API_BASE_URL             "api-base-url"
#define RD_KEY_VENDOR_USER_ID           "vendor-user-id"
#define RD_KEY_RETURN_FORMAT            "return-format"
#define RD_KEY_FACILITY_NAME            "facility-name"
#define RD_KEY_LAZY_LAUNCH              "lazy-launch"
#define RD_KEY_QR_CODE_SIZE             "qr-code-size"
#define RD_KEY_QR_CODE_MODE             "qr-code-mode"
#define RD_KEY_APP_LANGUAGE             "app-language"
#define RD_KEY_LAUNCH_SECRET_FILE       "launch-secret-file"
#define RD_KEY_RELAY_SECRET_FILE        "relay-secret-file"
#define RD_KEY_IMAGE_URLS_COMMAND       "image-urls-command"
#define RD_KEY_FOCUS_REPORT             "focus-report"
#define RD_KEY_EPHEMERAL_SESSION        "ephemeral-session"
#define RD_KEY_VIEWER_WINDOW            "viewer-window"
#define RD_KEY_SHOW_VIEWER              "show-viewer"

/* what the windows remember (the State schema; earlier versions kept them
 * in the configuration, where they are read once to carry them over) */
#define RD_KEY_WINDOW_WIDTH             "window-width"
#define RD_KEY_WINDOW_HEIGHT            "window-height"
#define RD_KEY_WINDOW_MAXIMIZED         "window-maximized"
#define RD_KEY_WINDOW_FULLSCREEN        "window-fullscreen"
#define RD_KEY_WINDOW_MONITOR           "window-monitor"
#define RD_KEY_VIEWER_WINDOW_WIDTH      "viewer-window-width"
#define RD_KEY_VIEWER_WINDOW_HEIGHT     "viewer-window-height"
#define RD_KEY_VIEWER_WINDOW_MAXIMIZED  "viewer-window-maximized"
#define RD_KEY_VIEWER_WINDOW_FULLSCREEN "viewer-window-fullscreen"
#define RD_KEY_VIEWER_WINDOW_MONITOR    "viewer-window-monitor"
#define RD_KEY_PANE_POSITION            "pane-position"
#define RD_KEY_MIGRATED                 "migrated"

extern const char * const rd_settings_configuration_keys[];
extern const char * const rd_settings_state_keys[];

GSettings *rd_settings_new (void);

G_END_DECLS
