// The console's only script (no inline scripts: the Content-Security-Policy forbids them).
// Forms marked data-confirm ask before they are sent; a "select all" box ticks every row.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener('change', (event) => {
  const box = event.target;
  if (box.matches('[data-select-all]')) {
    box.closest('form').querySelectorAll('input[name="ids"]').forEach((b) => { b.checked = box.checked; });
  }
});
