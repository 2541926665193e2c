// Filters for long lists: every word typed must appear in a row's search text (id, priority as
// p1, type, address, agency, status), so "p1 fire" or "FED kalevankatu" narrow hundreds of rows
// to the few wanted. Rows keep their place; the hidden ones come back when the words change.

// The text a row is found by.
export const searchText = (i) => `${i.id} p${i.priority} ${i.type_code} ${i.address} ${i.agency} ${i.status}`.toLowerCase();

export function matches(text, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => text.includes(w));
}

// Filter the rows of `tbodies` by what is typed in `input`; returns apply() to call after each
// render, and shows "n of m" in `count` when a filter is on.
export function rowFilter(input, tbodies, count = null) {
  const apply = () => {
    const q = input.value.trim();
    let shown = 0, all = 0;
    for (const tbody of tbodies) {
      for (const tr of tbody.children) {
        all += 1;
        const hit = !q || matches(tr.dataset.search || tr.textContent.toLowerCase(), q);
        tr.hidden = !hit; shown += hit ? 1 : 0;
      }
    }
    if (count) count.textContent = q ? `${shown} of ${all}` : '';
  };
  input.addEventListener('input', apply);
  return apply;
}

// Filter a select's options the same way (the command screen's incident picker): the words
// narrow hundreds of options to a few, `count` says "n of m", Enter takes the first match (as if
// chosen in the list: a change event), ArrowDown goes into the list.
export function optionFilter(input, select, count = null) {
  const shown = () => [...select.options].filter((o) => o.value && !o.hidden);
  const apply = () => {
    const q = input.value.trim();
    for (const o of select.options) if (o.value) o.hidden = Boolean(q) && !matches(o.textContent.toLowerCase(), q);
    if (count) count.textContent = q ? `${shown().length} of ${[...select.options].filter((o) => o.value).length}` : '';
  };
  input.addEventListener('input', apply);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') { select.focus(); ev.preventDefault(); return; }
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const first = shown()[0];
    if (first && select.value !== first.value) { select.value = first.value; select.dispatchEvent(new Event('change')); }
  });
  return apply;
}
