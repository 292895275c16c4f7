/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for what the bridge hands over from the vendor frame:
 * the input, split at NUL bytes, is a series of messages into a session
 * that is signed in with a study open (handshake, report events, the
 * wrong-patient guard, the pane). */
#include "config.h"

#include "rd-session.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RdProfile) profile = rd_profile_load ("demo", NULL, NULL);
  g_autoptr(RdSession) session = rd_session_new (profile);
  g_autoptr(RdStudy) study = rd_study_new ();
  g_autofree char *text = g_malloc (size + 1);
  size_t start = 0;

  rd_study_set_mrn (study, "M1", NULL);
  rd_study_add_accession (study, "A1", NULL);
  rd_study_set_site_id (study, "S", NULL);
  rd_session_open (session, study, NULL);
  rd_session_receive (session, "{\"type\":\"app_ready\"}");
  rd_session_token_ready (session, "token");
  rd_session_receive (session, "{\"type\":\"sign_in_successful\",\"user_info\":{\"name\":\"Dr A\"}}");

  memcpy (text, data, size);
  text[size] = '\0';
  for (size_t i = 0; i <= size; i++)
    if (i == size || text[i] == '\0')
      {
        rd_session_receive (session, text + start);
        start = i + 1;
      }
  /* whatever came, the guard and the pane are in a state that makes sense */
  g_assert (rd_session_get_pane (session) <= RD_REPORT_PANE_FAILED);
  g_assert (!rd_session_get_context_mismatch (session) || rd_session_get_mismatch_detail (session) != NULL);
  return 0;
}
