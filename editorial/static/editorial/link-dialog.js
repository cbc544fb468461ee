// The rich-text editor's link dialog says "Edit Link" and "Update" even for a new link. When it
// opens with an empty address, call it what it is: adding a link. (Its own words come from the
// page's script tag, translated.)
const words = document.querySelector("script[data-add-link]")?.dataset;

if (words) {
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        const dialog = node.querySelector?.(".prose-editor-dialog");
        const address = dialog?.querySelector("input[name=href]");
        if (address && !address.value) {
          dialog.querySelector(".prose-editor-dialog-title").textContent = words.addLink;
          dialog.querySelector(".prose-editor-dialog-buttons button[type=submit]").textContent = words.addLink;
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}
