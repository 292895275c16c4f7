/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-session"

#include "config.h"

#include "rd-study-trail.h"

struct _RdStudyTrail
{
  GPtrArray *left;        /* RdStudy*: replaced or closed, newest last */
  GPtrArray *unanswered;  /* RdStudy*: asked for, left before the app showed them */
};

RdStudyTrail *
rd_study_trail_new (void)
{
  RdStudyTrail *trail = g_new0 (RdStudyTrail, 1);

  trail->left = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_study_free);
  trail->unanswered = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_study_free);
  return trail;
}

void
rd_study_trail_free (RdStudyTrail *trail)
{
  if (trail == NULL)
    return;
  g_ptr_array_unref (trail->left);
  g_ptr_array_unref (trail->unanswered);
  g_free (trail);
}

static void
keep_newest (GPtrArray *studies)
{
  if (studies->len > RD_STUDY_TRAIL_MAX)
    g_ptr_array_remove_range (studies, 0, studies->len - RD_STUDY_TRAIL_MAX);
}

/* Takes @study. @unanswered: it was asked for and the app had not shown
 * it yet, so the app may still answer that request. */
void
rd_study_trail_leave (RdStudyTrail *trail,
                      RdStudy      *study,
                      gboolean      unanswered)
{
  g_return_if_fail (trail != NULL);
  g_return_if_fail (study != NULL);

  if (unanswered)
    g_ptr_array_add (trail->unanswered, rd_study_copy (study));
  keep_newest (trail->unanswered);
  g_ptr_array_add (trail->left, study);
  keep_newest (trail->left);
}

/* TRUE once for each unanswered study @about names: that answer is late,
 * and it is taken off the list so that a second one is not. */
gboolean
rd_study_trail_take_answer (RdStudyTrail       *trail,
                            const RdEventStudy *about,
                            const char         *default_site_id)
{
  g_return_val_if_fail (trail != NULL, FALSE);
  g_return_val_if_fail (about != NULL, FALSE);

  for (guint i = 0; i < trail->unanswered->len; i++)
    if (rd_event_study_is_study (about, g_ptr_array_index (trail->unanswered, i), default_site_id))
      {
        g_ptr_array_remove_index (trail->unanswered, i);
        return TRUE;
      }
  return FALSE;
}

/* The app showed a study or started afresh: no earlier request is pending. */
void
rd_study_trail_forget_unanswered (RdStudyTrail *trail)
{
  g_return_if_fail (trail != NULL);

  g_ptr_array_set_size (trail->unanswered, 0);
}

/* RdStudy*, oldest first; owned by @trail */
GPtrArray *
rd_study_trail_get_left (RdStudyTrail *trail)
{
  g_return_val_if_fail (trail != NULL, NULL);

  return trail->left;
}
