/**
 * TLS settings from the operator's certificate and key files: several pairs
 * may be given, and the one whose names match the client's SNI is used (the
 * first pair otherwise); with a CA, clients must present a certificate it
 * signed.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { ServerOptions } from 'node:https';
import { createSecureContext, type SecureContext, type Server as TlsServer } from 'node:tls';

export interface TlsFiles {
  certPaths: string[];
  keyPaths: string[];
  caPath?: string;
}

interface NamedContext {
  names: string[];
  context: SecureContext;
}

/** The DNS names a certificate is valid for (SANs, else the subject CN). */
function certificateNames(pem: Buffer): string[] {
  const certificate = new X509Certificate(pem);
  const sans = (certificate.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  if (sans.length > 0) return sans;
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return commonName ? [commonName.toLowerCase()] : [];
}

function nameMatches(pattern: string, serverName: string): boolean {
  if (pattern === serverName) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  return serverName.endsWith(suffix) && !serverName.slice(0, -suffix.length).includes('.');
}

function readFileNamed(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function loadPairs(files: TlsFiles): Array<{ cert: Buffer; key: Buffer; named: NamedContext }> {
  if (files.certPaths.length === 0 || files.certPaths.length !== files.keyPaths.length) {
    throw new Error('-certs and -keys must list the same number of files');
  }
  return files.certPaths.map((certPath, i) => {
    const cert = readFileNamed(certPath, 'certificate');
    const key = readFileNamed(files.keyPaths[i]!, 'private key');
    try {
      return { cert, key, named: { names: certificateNames(cert), context: createSecureContext({ cert, key }) } };
    } catch (error) {
      throw new Error(`cannot use certificate ${certPath} with key ${files.keyPaths[i]}: ${(error as Error).message}`);
    }
  });
}

export interface TlsSetup {
  /** Options for https.createServer. */
  options: ServerOptions;
  /**
   * Reads the files again and uses them for new connections (SIGHUP);
   * connections already open keep theirs. Throws, changing nothing, when a
   * file is unreadable or a pair does not match.
   */
  reload(server: TlsServer): void;
}

/** Loads every pair (throwing with the file named when one is unreadable or mismatched). */
export function loadTls(files: TlsFiles): TlsSetup {
  let pairs = loadPairs(files);
  const ca = files.caPath ? readFileNamed(files.caPath, 'CA certificate') : undefined;

  const options: ServerOptions = {
    cert: pairs[0]!.cert,
    key: pairs[0]!.key,
    minVersion: 'TLSv1.2',
    SNICallback: (serverName, callback) => {
      const wanted = serverName.toLowerCase();
      const match = pairs.find((pair) => pair.named.names.some((name) => nameMatches(name, wanted)));
      callback(null, (match ?? pairs[0]!).named.context);
    },
  };
  if (ca) {
    options.ca = ca;
    options.requestCert = true;
    options.rejectUnauthorized = true;
  }
  return {
    options,
    reload(server) {
      const fresh = loadPairs(files);
      const freshCa = files.caPath ? readFileNamed(files.caPath, 'CA certificate') : undefined;
      server.setSecureContext({ cert: fresh[0]!.cert, key: fresh[0]!.key, ca: freshCa, minVersion: 'TLSv1.2' });
      pairs = fresh;
    },
  };
}
