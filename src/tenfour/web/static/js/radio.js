// Radio on an incident's record: each transmission with who keyed up, the transcript (a
// person's correction shown over the machine's text, which stays, struck), whether the audio
// still matches the record, and a player fed from an authenticated fetch (a blob: URL: the
// page's policy allows media from 'self' and blob: only). Correcting a transcript and deciding
// on a spotted phrase are offered to the roles the server's policy gives them.
import * as api from './api.js';
import { clearErrors, el, fmtTime, showError } from './ui.js';

const AUDIO_TEXT = { altered: 'AUDIO ALTERED', missing: 'AUDIO MISSING' };

export function player(item) {
  const audio = el('audio', { controls: true, preload: 'metadata', class: 'radio-audio', dataset: { transmission: item.transmission } });
  audio.setAttribute('aria-label', `Recording of ${item.transmission}`);
  api.transmissionAudio(item.transmission).then(({ blob }) => { audio.src = URL.createObjectURL(blob); }).catch((err) => {
    audio.replaceWith(el('span', { class: 'field-error', role: 'status', text: err.detail }));
  });
  return audio;
}

function transcript(item) {
  const said = el('span', { class: 'radio-text', text: item.text || '(not yet transcribed)' });
  if (!item.struck) return [said];
  const fix = item.corrections[item.corrections.length - 1];
  return [el('s', { class: 'radio-machine x', title: 'machine transcript', text: item.struck }), ' ', said,
    el('span', { class: 'muted', text: `  (corrected by ${fix.by.user}: ${fix.reason})` })];
}

function correctForm(item, onDone) {
  const f = el('form', { class: 'inline-form radio-correct', novalidate: true },
    el('label', { for: `rc-${item.seq}`, text: 'Correct transcript' }), el('input', { id: `rc-${item.seq}`, name: 'text', value: item.text || '', required: true }),
    el('label', { for: `rr-${item.seq}`, text: 'Reason' }), el('input', { id: `rr-${item.seq}`, name: 'reason', required: true }),
    el('button', { class: 'btn btn-sm', type: 'submit' }, 'Save correction'), el('span', { class: 'field-error', dataset: { for: 'text' } }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(f);
    try { await api.correctTranscript(item.transmission, f.elements.text.value.trim(), f.elements.reason.value.trim()); f.remove(); onDone(); } catch (err) { showError(f, err, 'text'); }
  });
  return f;
}

// One transmission as a list item; `canCorrect` adds the correction control.
export function transmission(item, { canCorrect = false, onChange = () => {} } = {}) {
  const bad = AUDIO_TEXT[item.audio];
  const li = el('li', { class: `radio-item${bad ? ' radio-bad' : ''}`, dataset: { transmission: item.transmission } },
    el('span', { class: 't mono', text: fmtTime(item.started_at) }),
    el('b', { text: `${item.speaker}: ` }), ...transcript(item),
    bad ? el('span', { class: 'badge badge-bad', text: bad }) : null,
    el('div', {}, player(item)));
  if (canCorrect) {
    li.append(el('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Correct ${item.transmission}`, onclick: (ev) => { ev.target.replaceWith(correctForm(item, onChange)); } }, 'Correct'));
  }
  return li;
}

// A spotted phrase waiting for a dispatcher: confirm, or dismiss with a reason.
export function phrase(p, onChange = () => {}) {
  const f = el('form', { class: 'inline-form radio-phrase', novalidate: true, dataset: { proposal: p.id } },
    el('span', { text: `${p.kind.replace(/_/g, ' ').toUpperCase()}${p.unit ? ` ${p.unit}` : ''}: “${p.phrase}” ` }),
    el('label', { for: `pd-${p.id}`, text: 'Reason to dismiss' }), el('input', { id: `pd-${p.id}`, name: 'reason' }),
    el('button', { class: 'btn btn-sm', type: 'button', onclick: async () => { clearErrors(f); try { await api.confirmPhrase(p.id); onChange(); } catch (err) { showError(f, err, 'reason'); } } }, 'Confirm'),
    el('button', { class: 'btn btn-sm', type: 'submit' }, 'Dismiss'), el('span', { class: 'field-error', dataset: { for: 'reason' } }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(f);
    try { await api.dismissPhrase(p.id, f.elements.reason.value.trim()); onChange(); } catch (err) { showError(f, err, 'reason'); }
  });
  return f;
}
