/** Saving bytes the page produced (a blob, a decrypted file, the vault) as a download. */

/** Offers `bytes` as a file called `name`. */
export function saveBytes(bytes, name, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; drop ours soon after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "photo.jpg.ro" -> "photo.jpg"; anything else (or no name) -> the fallback. */
export function nameWithoutBlobSuffix(name, fallback) {
  if (name && /\.ro$/i.test(name) && name.length > 3) return name.slice(0, -3);
  return fallback;
}
