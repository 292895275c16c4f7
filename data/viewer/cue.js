/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs at the start of every page of the image viewer pane, in ReportDock's
 * own script world: the page can neither see nor call it. rdViewerCue, set
 * just above by ReportDock, is the viewer profile's cue, or null.
 *
 * It tells the pane when what it shows is the study asked for, so that the
 * pane's cover comes down without showing the previous page's last frame
 * (another patient's images):
 * - {painted: true} at the page's first contentful paint (Paint Timing).
 *   Not at the load event: a viewer app loads first and paints later, and
 *   until a page paints, WebKit keeps showing the previous one.
 * - {shown: UID} with a profile's cue: once the page's event for a new
 *   image names the study UID asked for in its detail (passed on by
 *   relay.js, in the page's world), and then (if the profile says) the
 *   page's event for drawing it has come.
 * Two animation frames after the paint, it has reached the window.
 * - {listed: UID, url, size} when the page got the answer to its request
 *   for the study's series (the profile's "missing" path) and it was next
 *   to nothing: the archive may lack the study (ReportDock decides).
 *   WebKit keeps no body of a script's request; Resource Timing has its
 *   decoded size.
 *
 * rdViewer.switchTo() hands the running page the next study as its own
 * links would: history.pushState and a popstate event, which single-page
 * routers follow. */
(() => {
  const post = (message) => window.webkit.messageHandlers.rdviewer.postMessage(message);
  const onScreen = (then) => requestAnimationFrame(() => requestAnimationFrame(then));
  const cue = rdViewerCue;

  let painted = false;
  new PerformanceObserver((list) => {
    if (painted || list.getEntries().length === 0)
      return;
    painted = true;
    onScreen(() => post({ painted: true }));
  }).observe({ type: 'paint', buffered: true });

  /* whether text names uid whole (not 1.2.3 inside 1.2.34) */
  const names = (text, uid) => {
    const isUidChar = (c) => c !== undefined && /[0-9.]/.test(c);
    for (let at = text.indexOf(uid); at >= 0; at = text.indexOf(uid, at + 1)) {
      if (!isUidChar(text[at - 1]) && !isUidChar(text[at + uid.length]))
        return true;
    }
    return false;
  };

  let expected = null;   /* the study UID awaited */
  let arrived = false;   /* its first image has come; its drawing is awaited */
  const shown = () => {
    const uid = expected;
    expected = null;
    onScreen(() => post({ shown: uid }));
  };
  if (cue !== null && cue.missing) {
    new PerformanceObserver((list) => {
      if (expected === null)
        return;
      const path = cue.missing.replace('{study_uid}', expected);
      for (const entry of list.getEntries()) {
        if (new URL(entry.name).pathname.endsWith(path) && entry.decodedBodySize <= 4)
          post({ listed: expected, url: entry.name, size: entry.decodedBodySize });
      }
    }).observe({ type: 'resource' });
  }
  if (cue !== null && cue.event) {
    window.addEventListener('reportdock-viewer-image', (e) => {
      const named = e.detail;
      if (expected === null || typeof named !== 'string' || !names(named, expected))
        return;
      if (cue.then)
        arrived = true;
      else
        shown();
    }, true);
    /* capture: the viewer's events need not bubble */
    if (cue.then) {
      window.addEventListener(cue.then, () => {
        if (expected !== null && arrived)
          shown();
      }, true);
    }
  }

  window.rdViewer = {
    expect(uid) {
      expected = uid;
      arrived = false;
    },
    switchTo(url, uid) {
      this.expect(uid);
      history.pushState(null, '', url);
      window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    },
  };
})();
