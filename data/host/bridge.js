// SPDX-License-Identifier: GPL-3.0-or-later
// ReportDock bridge: runs in a private script world of the host page, so the
// page (and the vendor iframe) cannot reach the native handler. It decides
// nothing: it reports each message's origin and whether it came from the
// vendor iframe, and native code accepts or drops it.
'use strict';
(() => {
  const handler = window.webkit.messageHandlers.rdbridge;
  window.addEventListener('message', (event) => {
    const frame = document.getElementById('vendor');
    const fromVendorFrame = frame !== null && event.source !== null &&
                            event.source === frame.contentWindow;
    let data = null;
    try {
      data = JSON.stringify(event.data);
    } catch (e) {
      data = null;  // not serialisable: native code counts it as malformed
    }
    handler.postMessage({ origin: String(event.origin), fromVendorFrame, data: data === undefined ? null : data });
  });
})();
