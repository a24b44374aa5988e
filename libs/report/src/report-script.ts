/**
 * The board's filters, the page's only script. It reads data attributes the page already escaped and
 * sets `hidden`; it never builds markup, so no task text can become code.
 */
export const REPORT_SCRIPT = `(() => {
  const byId = (id) => document.getElementById(id);
  const text = byId('filter-text'), pod = byId('filter-pod'), status = byId('filter-status'), open = byId('filter-open'), shown = byId('filter-shown');
  if (!text) return;
  const tasks = Array.from(document.querySelectorAll('.task'));
  const apply = () => {
    const q = text.value.trim().toLowerCase();
    let visible = 0;
    for (const t of tasks) {
      const s = t.dataset.status;
      t.hidden = !((!q || t.dataset.text.includes(q)) && (!pod.value || t.dataset.pod === pod.value) && (!status.value || s === status.value) && (!open.checked || (s !== 'done' && s !== 'cancelled')));
      if (!t.hidden) visible += 1;
    }
    for (const group of document.querySelectorAll('.pod, .phase')) group.hidden = !group.querySelector('.task:not([hidden])');
    shown.textContent = visible + ' of ' + tasks.length + ' tasks shown';
  };
  for (const el of [text, pod, status, open]) el.addEventListener('input', apply);
  apply();
})();`;
