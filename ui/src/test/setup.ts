/**
 * What jsdom lacks and the components rely on: modal dialogs, ResizeObserver and scrolling into
 * view. Just enough to open and close, not a layout engine.
 */
const dialog = HTMLDialogElement.prototype;
if (!dialog.showModal) {
  dialog.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  dialog.close = function (this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event("close"));
  };
}

if (!globalThis.ResizeObserver) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

if (!Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function () {};
}
