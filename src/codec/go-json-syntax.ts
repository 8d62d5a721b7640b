/**
 * Go's wording for malformed JSON. The original answers a bad body with the
 * error of Go's json package ("unexpected end of JSON input", "invalid
 * character 'h' looking for beginning of value"), and scripts match on it.
 * Only called after JSON.parse has failed, so speed does not matter here; the
 * walk follows the same grammar and stops at the same character as Go's
 * scanner.
 */

const END = 'unexpected end of JSON input';
const MAX_DEPTH = 10000;

class SyntaxFault extends Error {}

function quoteChar(char: string): string {
  if (char === "'") return "'\\''";
  if (char === '"') return '\'"\'';
  const code = char.codePointAt(0)!;
  if (char === '\n') return "'\\n'";
  if (char === '\r') return "'\\r'";
  if (char === '\t') return "'\\t'";
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${char}'`;
}

class Walker {
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  private fail(context: string): never {
    if (this.at >= this.text.length) throw new SyntaxFault(END);
    throw new SyntaxFault(`invalid character ${quoteChar(this.text[this.at]!)} ${context}`);
  }

  private skipSpace(): void {
    while (' \t\r\n'.includes(this.text[this.at] ?? 'x')) this.at++;
  }

  document(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('after top-level value');
  }

  private value(): void {
    if (++this.depth > MAX_DEPTH) throw new SyntaxFault('exceeded max depth');
    const char = this.text[this.at];
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.number();
    else if (char === 't' || char === 'f' || char === 'n') this.literal();
    else this.fail('looking for beginning of value');
    this.depth--;
  }

  private object(): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === '}') return void this.at++;
    for (;;) {
      if (this.text[this.at] !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.text[this.at] !== ':') this.fail('after object key');
      this.at++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.text[this.at];
      if (next === '}') return void this.at++;
      if (next !== ',') this.fail('after object key:value pair');
      this.at++;
      this.skipSpace();
    }
  }

  private array(): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === ']') return void this.at++;
    for (;;) {
      this.value();
      this.skipSpace();
      const next = this.text[this.at];
      if (next === ']') return void this.at++;
      if (next !== ',') this.fail('after array element');
      this.at++;
      this.skipSpace();
    }
  }

  private string(): void {
    this.at++;
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail('');
      if (char === '"') return void this.at++;
      if (char < ' ') this.fail('in string literal');
      this.at++;
      if (char === '\\') this.escape();
    }
  }

  private escape(): void {
    const char = this.text[this.at];
    if (char !== undefined && 'bfnrt"\\/'.includes(char)) return void this.at++;
    if (char !== 'u') this.fail('in string escape code');
    this.at++;
    for (let i = 0; i < 4; i++) {
      if (!/[0-9a-fA-F]/.test(this.text[this.at] ?? '')) this.fail('in \\u hexadecimal character escape');
      this.at++;
    }
  }

  private digits(context: string): void {
    if (!/[0-9]/.test(this.text[this.at] ?? '')) this.fail(context);
    while (/[0-9]/.test(this.text[this.at] ?? '')) this.at++;
  }

  private number(): void {
    if (this.text[this.at] === '-') this.at++;
    if (this.text[this.at] === '0') this.at++;
    else this.digits('in numeric literal');
    if (this.text[this.at] === '.') {
      this.at++;
      this.digits('after decimal point in numeric literal');
    }
    if (this.text[this.at] === 'e' || this.text[this.at] === 'E') {
      this.at++;
      if (this.text[this.at] === '+' || this.text[this.at] === '-') this.at++;
      this.digits('in exponent of numeric literal');
    }
  }

  private literal(): void {
    const word = this.text[this.at] === 't' ? 'true' : this.text[this.at] === 'f' ? 'false' : 'null';
    for (let i = 0; i < word.length; i++) {
      if (this.text[this.at] !== word[i]) this.fail(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
      this.at++;
    }
  }
}

/** Go's error text for the first syntax error in `text`, or null if it is valid JSON. */
export function goJsonSyntaxError(text: string): string | null {
  try {
    new Walker(text).document();
    return null;
  } catch (error) {
    if (error instanceof SyntaxFault) return error.message;
    if (error instanceof RangeError) return 'exceeded max depth';
    throw error;
  }
}
