/**
 * Where the vault's bytes live. The JSON file is the default; the interface is
 * kept to these two calls so that a shared database backend (several replicas
 * behind one vault) can be added without touching the vault logic.
 */
import { readFileIfExists, writeFileAtomic } from '../atomic-file.js';

export interface VaultStore {
  /** Where the vault lives, for messages and logs. */
  readonly location: string;
  /** The stored bytes, or null when no vault has been written yet. */
  load(): Promise<Buffer | null>;
  /** Replaces the stored bytes; on failure the previous bytes are intact. */
  save(contents: Buffer): Promise<void>;
}

/** The literal path `memory`: a vault that lives and dies with the process. */
export class MemoryVaultStore implements VaultStore {
  readonly location = 'memory';
  private contents: Buffer | null = null;

  async load(): Promise<Buffer | null> {
    return this.contents;
  }

  async save(contents: Buffer): Promise<void> {
    this.contents = Buffer.from(contents);
  }
}

/** The vault as a JSON file, replaced atomically (the original rewrote it in place, mode 0644). */
export class FileVaultStore implements VaultStore {
  constructor(readonly location: string) {}

  load(): Promise<Buffer | null> {
    return readFileIfExists(this.location);
  }

  save(contents: Buffer): Promise<void> {
    return writeFileAtomic(this.location, contents);
  }
}

export function vaultStoreFor(path: string): VaultStore {
  return path === 'memory' ? new MemoryVaultStore() : new FileVaultStore(path);
}
