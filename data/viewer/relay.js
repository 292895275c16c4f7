/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs in the image viewer page's own world, only with a viewer profile
 * that has a cue (rdViewerCue, set just above by ReportDock). The page's
 * event for a new image carries DOM nodes in its detail, which WebKit
 * cannot hand to another script world: this passes on the one member that
 * names the image's study, as text, to ReportDock's world (cue.js). */
(() => {
  const cue = rdViewerCue;
  if (cue === null || !cue.event)
    return;
  window.addEventListener(cue.event, (e) => {
    const named = e.detail ? e.detail[cue.detail] : undefined;
    if (typeof named === 'string')
      window.dispatchEvent(new CustomEvent('reportdock-viewer-image', { detail: named }));
  }, true);
})();
