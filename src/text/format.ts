import { DISCORD_LIMITS } from './limits.js';

/** Small text helpers for what goes into Discord messages. */

/** Cuts a string to at most `max` UTF-16 units without splitting a character, ending with "…". */
export function truncate(text: string, max: number = DISCORD_LIMITS.fieldValue): string {
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
