// Fills an empty time-zone choice with the browser's own zone; without JavaScript the
// person picks it from the list, and without either the server's zone is used.
document.addEventListener("DOMContentLoaded", () => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of document.querySelectorAll("select[data-guess-time-zone]")) {
    if (!select.value && zone && [...select.options].some((o) => o.value === zone)) {
      select.value = zone;
    }
  }
});
