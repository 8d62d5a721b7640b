/**
 * Encrypted blobs as users handle them: the base64 text /encrypt returns, kept
 * in a `.ro` file or pasted. The same text goes back as `Data`.
 */
import { InputError } from './api.js';
import { bytesToBase64, textToBytes } from './bytes.js';
import { h, formatSize, uniqueId } from './dom.js';
import { saveBytes } from './download.js';

/** Blobs bigger than this are offered as a download only, not shown in a text box. */
const SHOW_LIMIT = 1_000_000;

/**
 * The base64 blob from a source value ({ file } or { text }). A file holding
 * the decoded JSON form (starting with "{") is accepted too.
 */
export async function readBlob(value) {
  const text = value.file ? await value.file.text() : value.text;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return bytesToBase64(textToBytes(trimmed));
  const compact = trimmed.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new InputError(
      'This is not an encrypted blob: expected the base64 text that Encrypt gives.',
    );
  }
  return compact;
}

/** Shows a new blob with buttons to download it as `fileName` and to copy it. */
export function showBlob(container, blob, fileName) {
  const bytes = textToBytes(blob);
  const download = h('button', {
    type: 'button',
    class: 'button button--primary',
    text: `Download ${fileName}`,
  });
  download.addEventListener('click', () => saveBytes(bytes, fileName, 'text/plain'));
  const actions = h('div', { class: 'actions' }, download);

  let box = null;
  if (blob.length <= SHOW_LIMIT) {
    const id = uniqueId('blob');
    box = h(
      'div',
      { class: 'field' },
      h('label', { for: id, text: 'Encrypted blob' }),
      h('textarea', {
        id,
        class: 'blob-text',
        rows: 4,
        readOnly: true,
        spellcheck: 'false',
        value: blob,
      }),
    );
    actions.append(copyButton(blob));
  } else {
    box = h('p', { text: `The blob is ${formatSize(bytes.length)}: download it to keep it.` });
  }
  container.append(h('div', { class: 'blob' }, box, actions));
}

function copyButton(text) {
  const button = h('button', { type: 'button', class: 'button', text: 'Copy blob' });
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed: select the text instead';
    }
  });
  return button;
}

/** "report.pdf" -> "report.pdf.ro"; no file -> "encrypted.ro". */
export function blobFileName(sourceName) {
  return sourceName ? `${sourceName}.ro` : 'encrypted.ro';
}

/** Said when a reply's Secure flag is false: the blob predates the signed format. */
export function insecureWarning() {
  return h('p', {
    class: 'warning',
    text: 'This blob is in the old unsigned format: its content may have been changed.',
  });
}
