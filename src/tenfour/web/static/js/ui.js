// Small DOM helpers: element builder, times, status badges, field errors, list keyboard nav.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// The panel (board) a node sits in.
export const panelOf = (sel) => $(sel).closest('.panel');

// Replace a node's children. What a person is typing survives the redraw: a form control with an
// id that has focus or holds an edited value is carried into its namesake in the new content (value,
// caret, focus), so an event from another console never wipes a half-typed address or remark.
export function replace(node, ...children) {
  const typed = typedIn(node);
  node.replaceChildren(...children.flat().filter((c) => c != null));
  for (const t of typed) restoreTyped(node, t);
}

function edited(c) {
  if (c instanceof HTMLSelectElement) return [...c.options].some((o) => o.selected !== o.defaultSelected);
  if (c.type === 'checkbox' || c.type === 'radio') return c.checked !== c.defaultChecked;
  return c.value !== c.defaultValue;
}

function typedIn(node) {
  const doc = node.ownerDocument; const active = doc?.activeElement;
  const out = [];
  for (const c of node.querySelectorAll('input[id], textarea[id], select[id]')) {
    const focused = c === active;
    if (!focused && !edited(c)) continue;
    const caret = focused && typeof c.selectionStart === 'number' ? [c.selectionStart, c.selectionEnd] : null;
    out.push({ id: c.id, value: c.value, checked: c.checked, focused, caret, edited: edited(c) });
  }
  return out;
}

function restoreTyped(node, t) {
  const c = node.querySelector(`#${CSS.escape(t.id)}`);
  if (!c) return;
  if (t.edited) {
    if (c.type === 'checkbox' || c.type === 'radio') c.checked = t.checked; else c.value = t.value;
  }
  if (t.focused) {
    c.focus({ preventScroll: true });
    if (t.caret) { try { c.setSelectionRange(t.caret[0], t.caret[1]); } catch { /* not a text field */ } }
  }
}

const STATUS_TEXT = {
  available: 'AVAIL', dispatched: 'DISP', enroute: 'ENRT', onscene: 'ONSC', transporting: 'TRAN',
  atHospital: 'HOSP', outOfService: 'OOS', pending: 'PEND', cleared: 'CLRD', closed: 'CLSD',
};
export function status(s) { return el('span', { class: `st st-${s}`, title: s, text: STATUS_TEXT[s] || s }); }
export function prio(p) { return el('span', { class: `prio prio-${p}`, title: `priority ${p}`, text: String(p) }); }

export const serverOffset = { ms: 0 };
export function now() { return Date.now() + serverOffset.ms; }
export function ageSeconds(iso) { return iso ? Math.max(0, Math.round((now() - Date.parse(iso)) / 1000)) : 0; }
export function fmtAge(iso) {
  const s = ageSeconds(iso);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}
export function ageClass(iso, warn = 120, late = 300) { const s = ageSeconds(iso); return s >= late ? 'age-late' : s >= warn ? 'age-warn' : 'age-fresh'; }
// `calm`: a time that is no cause for alarm however long (a unit simply available): no colour.
// `warn` / `late`: seconds after which it turns amber / red (the agency's timers; default 2 / 5 min).
export function ageCell(iso, { calm = false, warn = null, late = null, why = null } = {}) {
  const cls = calm ? 'age-calm' : ageClass(iso, warn ?? 120, late ?? 300);
  return el('td', { class: `mono age ${cls}`, 'data-since': iso || '', 'data-calm': calm || null, 'data-warn': warn, 'data-late': late, title: why, text: fmtAge(iso) });
}
export function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace(/\+00:00|Z$/, '').slice(11, 23) : ''; }
export function fmtDuration(s) {
  if (s == null) return '—';
  const m = Math.floor(s / 60); return m ? `${m} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
}

// Re-render the age cells once a second (aging colours without a refetch): the ones on screen
// (an IntersectionObserver says which; a cell scrolled into view is brought up to date at once),
// and only where the text or colour changed. A board of hundreds of rows then costs the
// browser a few cells' worth of style and layout a second, not the whole table's.
export function tickAges() {
  const seen = new WeakSet(); const shown = new Set();
  const watch = globalThis.IntersectionObserver ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) { shown.add(e.target); drawAge(e.target); } else shown.delete(e.target);
    }
  }) : null;
  setInterval(() => {
    for (const td of $$('[data-since]')) {
      if (!watch) { drawAge(td); continue; }
      if (!seen.has(td)) { seen.add(td); watch.observe(td); }
    }
    for (const td of shown) if (td.isConnected) drawAge(td); else { shown.delete(td); watch.unobserve(td); }
  }, 1000);
}

function drawAge(td) {
  const iso = td.dataset.since; if (!iso) return;
  const text = fmtAge(iso);
  if (td.textContent !== text) td.textContent = text;
  if (td.dataset.calm !== undefined) return;
  const cls = ageClass(iso, Number(td.dataset.warn || 120), Number(td.dataset.late || 300));
  if (!td.classList.contains(cls)) { td.classList.remove('age-fresh', 'age-warn', 'age-late'); td.classList.add(cls); }
}

// Field errors: the API's 4xx message next to the field it names (or the form's general slot).
export function clearErrors(form) {
  for (const e of $$('.field-error', form)) e.textContent = '';
  for (const i of $$('[aria-invalid]', form)) i.removeAttribute('aria-invalid');
}
export function showError(form, err, fallbackField = '_form') {
  const field = (err.field || '').split('.').pop();
  let slot = field && $(`.field-error[data-for="${field}"]`, form);
  if (!slot) slot = $(`.field-error[data-for="${fallbackField}"]`, form) || $('.field-error', form);
  if (slot) slot.textContent = err.detail || String(err.message || err);
  const input = field && form.elements?.namedItem?.(field);
  if (input && input.setAttribute) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
}

// A table body whose rows are a keyboard-navigable list: arrows move, Enter selects.
export function navigableRows(tbody, onPick) {
  tbody.addEventListener('keydown', (ev) => {
    const row = ev.target.closest('tr'); if (!row) return;
    if (ev.key === 'ArrowDown') { row.nextElementSibling?.focus(); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { row.previousElementSibling?.focus(); ev.preventDefault(); }
    else if (ev.key === 'Enter') { onPick(row.dataset.id, row); ev.preventDefault(); }
  });
  tbody.addEventListener('click', (ev) => {
    const row = ev.target.closest('tr'); if (row && !ev.target.closest('button, a')) onPick(row.dataset.id, row);
  });
}

export function notify(text) {
  const n = $('#notice'); if (!n) return;
  n.textContent = text; n.hidden = false;
  clearTimeout(notify.t); notify.t = setTimeout(() => { n.hidden = true; }, 8000);
}
