/** Small text helpers for what goes into Discord messages. */

/** Discord's cap on an embed field's value. */
export const FIELD_VALUE_MAX = 1024;

/** Cuts a string to at most `max` UTF-16 units without splitting a character, ending with "…". */
export function truncate(text: string, max: number = FIELD_VALUE_MAX): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return out.trimEnd() + '…';
}

/** A Markdown bullet list, one item a line. */
export const bullets = (items: readonly string[]): string => items.map((item) => `- ${item}`).join('\n');
