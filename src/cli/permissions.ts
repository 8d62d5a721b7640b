/**
 * Start-up check of who else can read the secrets on disk: the vault, the
 * persistence store and the TLS keys, and the folders they sit in. The server
 * still starts (the operator may have reasons) but says so loudly.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const READABLE_BY_OTHERS = 0o044;
const WRITABLE_BY_OTHERS = 0o022;

/** One warning per file or folder that group or others may read (files) or write (folders). */
export function permissionWarnings(secretFiles: string[]): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const file of secretFiles.map((path) => resolve(path))) {
    for (const [path, isFolder] of [[file, false], [dirname(file), true]] as const) {
      if (seen.has(path)) continue;
      seen.add(path);
      let mode: number;
      try {
        mode = statSync(path).mode & 0o777;
      } catch {
        continue;
      }
      if (!isFolder && mode & READABLE_BY_OTHERS) {
        warnings.push(`${path} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`);
      }
      if (isFolder && mode & WRITABLE_BY_OTHERS) {
        warnings.push(`${path} is writable by other users (mode ${mode.toString(8)}); they could replace its files`);
      }
    }
  }
  return warnings;
}
