/**
 * The original's command line: Go-style flags, one or two dashes, `-name=value`
 * or `-name value`. Parsing is node:util's parseArgs; Go's single-dash long
 * flags are rewritten to double-dash first.
 */
import { parseArgs } from 'node:util';

export interface Flags {
  configFile?: string;
  addr?: string;
  vaultPath: string;
  certs?: string;
  keys?: string;
  ca?: string;
  staticPage?: string;
  metricsHost?: string;
  metricsPort?: string;
  roHost?: string;
  systemdFds: boolean;
  hipchat: { host?: string; key?: string; room?: string };
  help: boolean;
}

const STRING_FLAGS = [
  'f', 'addr', 'vaultpath', 'certs', 'keys', 'ca', 'static', 'metrics-host', 'metrics-port', 'rohost',
  'hchost', 'hckey', 'hcroom',
] as const;
const BOOLEAN_FLAGS = ['systemdfds', 'h', 'help'] as const;

export const USAGE = `Usage:

  redoctober -vaultpath <path> -addr <host:port> -certs <cert1>[,<cert2>...] -keys <key1>[,<key2>...] [-ca <path>]

Flags (one or two dashes, "-name value" or "-name=value"):
  -f <file>             JSON config file; its settings win over flags
  -addr <host:port>     address to listen on (default localhost:8080)
  -vaultpath <path>     vault file, or "memory" for an in-memory vault (default diskrecord.json)
  -certs <paths>        comma-separated PEM certificates, chosen by SNI
  -keys <paths>         comma-separated PEM private keys, same order as -certs
  -ca <path>            require client certificates signed by this CA
  -static <path>        serve this HTML file instead of the bundled page
  -metrics-host <host>  metrics listener host (default localhost)
  -metrics-port <port>  metrics listener port, plain HTTP (default 8081)
  -rohost <host:port>   public address of this server, for links in notifications
  -systemdfds           listen on the socket passed by systemd
  -hchost, -hckey, -hcroom  HipChat settings: accepted, but HipChat no longer exists
  -h                    show this help

Without -certs/-keys a self-signed development certificate is generated in certs/.
`;

/** Go accepts "-flag" and "--flag"; parseArgs wants "--flag" for long names. */
function toDoubleDash(arg: string): string {
  return /^-[^-]{2,}/.test(arg) ? '-' + arg : arg;
}

/** Parses argv (without node and script). Throws with a usage hint on unknown flags. */
export function parseFlags(argv: string[]): Flags {
  const args = argv.map(toDoubleDash).map((arg) => {
    // Go allows "-systemdfds=true"; parseArgs booleans take no value.
    const match = /^--(systemdfds|h|help)=(true|false|1|0)$/.exec(arg);
    if (!match) return arg;
    return match[2] === 'true' || match[2] === '1' ? `--${match[1]}` : '';
  });

  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of STRING_FLAGS) options[name] = { type: 'string' };
  for (const name of BOOLEAN_FLAGS) options[name] = { type: 'boolean' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: args.filter(Boolean), options, strict: true, allowPositionals: false }));
  } catch (error) {
    // Report flags as Go spells them ("-bogus"), not in the form parseArgs was given.
    throw new Error((error as Error).message.replace(/'--([^-'][^']+)'/g, "'-$1'"));
  }
  const value = (name: string) => values[name] as string | undefined;

  return {
    configFile: value('f'),
    addr: value('addr'),
    vaultPath: value('vaultpath') ?? 'diskrecord.json',
    certs: value('certs'),
    keys: value('keys'),
    ca: value('ca'),
    staticPage: value('static'),
    metricsHost: value('metrics-host'),
    metricsPort: value('metrics-port'),
    roHost: value('rohost'),
    systemdFds: values.systemdfds === true,
    hipchat: { host: value('hchost'), key: value('hckey'), room: value('hcroom') },
    help: values.h === true || values.help === true,
  };
}
