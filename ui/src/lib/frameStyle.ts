/**
 * The look of ticket HTML inside its sandboxed frame. The app's CSP (inherited by srcdoc
 * frames) refuses inline <style>, so the sheet is applied through the CSSOM by the parent.
 */
export const FRAME_CSS = `
:root { color-scheme: light dark; }
html, body { margin: 0; padding: 0; background: transparent; }
html { overflow-x: auto; overflow-y: hidden; }
body {
  font: 14px/1.55 system-ui, -apple-system, "Segoe UI", "Cantarell", "Ubuntu", "Noto Sans", sans-serif;
  color: #111827;
  overflow-wrap: anywhere;
  user-select: text;
}
a[href] { color: #2563eb; }
p { margin: 0 0 0.7em; }
body > :last-child { margin-bottom: 0; }
img, video { max-width: 100%; height: auto; }
table { border-collapse: collapse; max-width: 100%; }
td, th { border: 1px solid #dde2e8; padding: 3px 6px; }
blockquote { margin: 0.5em 0; padding-left: 10px; border-left: 3px solid #dde2e8; color: #5b6472; }
pre, code { font-family: ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e9ee; }
  a[href] { color: #60a5fa; }
  td, th, blockquote { border-color: #2c323b; }
  blockquote { color: #9aa3b0; }
}
`;

/** The whole document a frame is given: the sanitized HTML as its body, nothing else. */
export function frameDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`;
}

/** Styles a same-origin frame's document from the parent, with a sheet built in its realm. */
export function styleFrame(frame: HTMLIFrameElement, doc: Document): void {
  const realm = frame.contentWindow as (Window & typeof globalThis) | null;
  if (realm && "adoptedStyleSheets" in doc && "replaceSync" in realm.CSSStyleSheet.prototype) {
    const sheet = new realm.CSSStyleSheet();
    sheet.replaceSync(FRAME_CSS);
    doc.adoptedStyleSheets = [sheet];
    return;
  }
  // Engines without constructable sheets still get readable text: the frame's own colours.
  const outer = getComputedStyle(frame);
  doc.body.style.margin = "0";
  doc.body.style.font = outer.font;
  doc.body.style.color = outer.color;
}
