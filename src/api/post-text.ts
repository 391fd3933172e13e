// C0 controls other than tab, newline and carriage return, and DEL, have no place in a post.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// With the u flag a well-formed surrogate pair is one code point, so this finds only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a post's text cannot be accepted, or null. Zero-width and bidi marks are kept: they are evidence. */
export function textProblem(text: string, maxLength: number, field = 'text'): string | null {
  if (text.trim().length === 0) return `${field}: must not be empty`;
  if (text.length > maxLength) return `${field}: ${text.length} characters is over the limit of ${maxLength}`;
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    return `${field}: contains the control character U+${code.toUpperCase()} at offset ${control.index} (only tab, newline and carriage return are allowed)`;
  }
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `${field}: contains an unpaired UTF-16 surrogate at offset ${lone.index}`;
  return null;
}
