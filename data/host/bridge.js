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
    // what the page says to prove it is ReportDock's (native code checks it),
    // and whether it runs script (ours never does)
    const meta = document.querySelector('meta[name="reportdock-page"]');
    const proof = meta !== null ? String(meta.getAttribute('content')) : null;
    handler.postMessage({ origin: String(event.origin), fromVendorFrame, proof,
                          scripted: document.scripts.length > 0,
                          data: data === undefined ? null : data });
  });
})();
