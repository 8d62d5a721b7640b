/**
 * "Type it or give a file" inputs: a text box plus a drop zone with a file
 * picker. A chosen or dropped file wins over the text until it is removed.
 * read() returns { file } or { text } (text may be empty).
 */
import { h, formatSize, uniqueId } from './dom.js';

/**
 * A custom field spec for forms. `textLabel` names the text box, `fileLabel`
 * the picker button; `accept` filters the picker.
 */
export function sourceField({ name, legend, textLabel, fileLabel, accept, hint, rows = 5 }) {
  return {
    name,
    kind: 'custom',
    label: legend,
    required: true,
    validate: (value) =>
      value.file || value.text.trim() !== ''
        ? null
        : `Type ${textLabel.toLowerCase()} or choose a file.`,
    build: () => buildSource({ legend, textLabel, fileLabel, accept, hint, rows }),
  };
}

function buildSource({ legend, textLabel, fileLabel, accept, hint, rows }) {
  const textId = uniqueId('source-text');
  const fileId = uniqueId('source-file');
  const chosenId = `${fileId}-chosen`;
  const textarea = h('textarea', {
    id: textId,
    rows,
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': hint ? `${textId}-hint` : undefined,
  });
  const input = h('input', {
    type: 'file',
    id: fileId,
    class: 'dropzone__input',
    accept,
    'aria-describedby': chosenId,
  });
  const chosenName = h('span', { class: 'dropzone__name' });
  const remove = h('button', {
    type: 'button',
    class: 'button button--small',
    text: 'Remove file',
  });
  const chosen = h(
    'p',
    { class: 'dropzone__chosen', id: chosenId, hidden: true },
    'Selected: ',
    chosenName,
    ' ',
    remove,
  );
  const zone = h(
    'div',
    { class: 'dropzone', dataset: { dropzone: '' } },
    input,
    h(
      'label',
      { for: fileId, class: 'dropzone__label' },
      h('span', { class: 'button', text: fileLabel }),
      h('span', { class: 'dropzone__or', text: ' or drop a file here' }),
    ),
    chosen,
  );
  const element = h(
    'fieldset',
    { class: 'field field--source' },
    h('legend', { text: legend }),
    h('label', { for: textId, text: textLabel }),
    textarea,
    hint ? h('p', { class: 'hint', id: `${textId}-hint`, text: hint }) : null,
    zone,
  );

  let file = null;
  const choose = (next) => {
    file = next;
    chosen.hidden = file === null;
    chosenName.textContent = file ? `${file.name} (${formatSize(file.size)})` : '';
    textarea.disabled = file !== null;
    if (file === null) input.value = '';
  };
  input.addEventListener('change', () => choose(input.files[0] ?? null));
  remove.addEventListener('click', () => {
    choose(null);
    input.focus();
  });
  listenForDrops(zone, input, choose);

  return {
    element,
    read: () => (file ? { file } : { text: textarea.value }),
    focus: () => (file ? remove.focus() : textarea.focus()),
    setInvalid: (invalid) => textarea.toggleAttribute('aria-invalid', invalid),
  };
}

function listenForDrops(zone, input, choose) {
  const accepts = (event) =>
    event.dataTransfer?.types.includes('Files') && !input.matches(':disabled');
  zone.addEventListener('dragover', (event) => {
    if (!accepts(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('is-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('is-over'));
  zone.addEventListener('drop', (event) => {
    zone.classList.remove('is-over');
    if (!accepts(event)) return;
    event.preventDefault();
    const dropped = event.dataTransfer.files[0];
    if (dropped) choose(dropped);
  });
}

/**
 * Stops a file dropped beside a drop zone from replacing the page (and with
 * it everything typed so far).
 */
export function guardPageAgainstDrops() {
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (!event.target.closest?.('[data-dropzone]')) event.preventDefault();
    });
  }
}

/** The bytes of a source value: the file's content, or the text as UTF-8. */
export async function sourceBytes(value) {
  if (value.file) return new Uint8Array(await value.file.arrayBuffer());
  return new TextEncoder().encode(value.text);
}
