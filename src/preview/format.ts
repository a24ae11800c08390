import type { APIEmbed } from 'discord.js';
import { embedsTotal, messageButtons, modalInputs, PREVIEW_LIMITS as L, type MessageLike, type ModalLike } from './limits.js';
import { itemProblems, type FailedItem, type PreviewItem } from './items.js';

/** ANSI styling, or none (when stdout is not a terminal). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function makeStyle(color: boolean): Style {
  if (!color) {
    const same = (text: string) => text;
    return { bold: same, dim: same, ok: same, bad: same, warn: same };
  }
  return { bold: ansi(1, 22), dim: ansi(2, 22), ok: ansi(32, 39), bad: ansi(31, 39), warn: ansi(33, 39) };
}

const BUTTON_STYLES: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };
const INPUT_STYLES: Record<number, string> = { 1: 'short', 2: 'paragraph' };

/** `14/256`, marked when over. Counts come first on a line so right-to-left text after them cannot reorder them. */
function count(s: Style, len: number, max: number): string {
  const text = `${len}/${max}`;
  return len > max ? s.bad(`${text} OVER`) : s.dim(text);
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => (line === '' ? prefix.trimEnd() : prefix + line));
}

function formatEmbed(s: Style, e: APIEmbed, index: number, many: boolean): string[] {
  const out: string[] = [];
  if (many) out.push(s.bold(`embed ${index + 1}`));
  const p = many ? '  ' : '';
  if (e.author) out.push(`${p}${s.bold('author')}       ${count(s, e.author.name.length, L.authorName)}  ${e.author.name}`);
  out.push(`${p}${s.bold('title')}        ${count(s, e.title?.length ?? 0, L.embedTitle)}  ${e.title ?? s.dim('(none)')}`);
  const description = e.description ?? '';
  out.push(`${p}${s.bold('description')}  ${count(s, description.length, L.embedDescription)}`);
  out.push(...indent(description, `${p}  │ `));
  const fields = e.fields ?? [];
  out.push(`${p}${s.bold('fields')}       ${count(s, fields.length, L.embedFields)}`);
  fields.forEach((f, i) => {
    out.push(`${p}  ${s.bold(`${i + 1}.`)} name ${count(s, f.name.length, L.fieldName)} · value ${count(s, f.value.length, L.fieldValue)}${f.inline ? s.dim(' · inline') : ''}`);
    out.push(`${p}     ${s.bold(f.name)}`);
    out.push(...indent(f.value, `${p}     │ `));
  });
  out.push(`${p}${s.bold('footer')}       ${count(s, e.footer?.text.length ?? 0, L.footerText)}  ${e.footer?.text ?? s.dim('(none)')}`);
  return out;
}

/** A message as Discord would show it, field by field, with each count against its limit. */
export function formatMessage(message: MessageLike, s: Style): string[] {
  const out: string[] = [];
  if (message.content !== undefined) {
    out.push(`${s.bold('content')}      ${count(s, message.content.length, L.content)}`);
    out.push(...indent(message.content, '  │ '));
  }
  const embeds = message.embeds ?? [];
  embeds.forEach((e, i) => out.push(...formatEmbed(s, e, i, embeds.length > 1)));
  if (embeds.length > 0) out.push(`${s.bold('embeds')}       ${count(s, embedsTotal(message), L.embedTotal)} characters in all`);
  const rows = message.components ?? [];
  const buttons = messageButtons(message);
  out.push(`${s.bold('buttons')}      ${buttons.length === 0 ? s.dim('(none)') : `${count(s, rows.length, L.actionRows)} rows`}`);
  for (let row = 1; row <= rows.length; row++) {
    const inRow = buttons.filter((b) => b.row === row);
    out.push(`  row ${row}  ${count(s, inRow.length, L.buttonsPerRow)} buttons`);
    for (const b of inRow) {
      const style = b.style !== undefined ? (BUTTON_STYLES[b.style] ?? `style ${b.style}`) : '';
      const target = b.url !== undefined ? `→ ${b.url}` : `custom_id ${count(s, b.customId?.length ?? 0, L.customId)} ${b.customId ?? ''}`;
      out.push(`    [${b.label}]  ${s.dim(`label ${b.label.length}/${L.buttonLabel}${style ? ` · ${style}` : ''}`)}  ${target}`);
    }
  }
  return out;
}

/** A modal: title, `custom_id` and each input's label (45), placeholder and length bounds. */
export function formatModal(modal: ModalLike, s: Style): string[] {
  const out: string[] = [];
  out.push(`${s.bold('title')}        ${count(s, modal.title.length, L.modalTitle)}  ${modal.title}`);
  out.push(`${s.bold('custom_id')}    ${count(s, modal.custom_id.length, L.customId)}  ${modal.custom_id}`);
  const inputs = modalInputs(modal);
  out.push(`${s.bold('inputs')}       ${count(s, modal.components.length, L.modalComponents)}`);
  inputs.forEach((input, i) => {
    const facts = [
      input.style !== undefined ? (INPUT_STYLES[input.style] ?? `style ${input.style}`) : `type ${input.type}`,
      input.required ? 'required' : 'optional',
      input.maxLength !== undefined ? `max ${input.maxLength}` : undefined,
    ].filter(Boolean);
    out.push(`  ${s.bold(`${i + 1}.`)} ${input.customId}  ${s.dim(facts.join(' · '))}`);
    out.push(`     label        ${count(s, input.label.length, L.modalLabel)}  ${input.label}`);
    if (input.description !== undefined) out.push(`     description  ${count(s, input.description.length, L.modalDescription)}  ${input.description}`);
    if (input.placeholder !== undefined) out.push(`     placeholder  ${count(s, input.placeholder.length, L.placeholder)}  ${input.placeholder}`);
    if (input.value !== undefined) out.push(`     value        ${count(s, input.value.length, input.maxLength ?? L.textInputLength)}  ${input.value}`);
  });
  return out;
}

/** One item in full, then its limits verdict. */
export function formatItem(item: PreviewItem, s: Style): string {
  const head = `${s.bold(item.name)} ${s.dim(`· ${item.lang}`)}${item.note ? s.dim(` · ${item.note}`) : ''}`;
  const body =
    item.kind === 'message'
      ? formatMessage(item.message, s)
      : item.kind === 'modal'
        ? formatModal(item.modal, s)
        : Object.entries(item.strings).map(([key, value]) => `${count(s, value.length, L.uiString)}  ${key}`);
  const problems = itemProblems(item);
  const verdict =
    problems.length === 0
      ? `${s.bold('limits')}       ${s.ok('OK')}`
      : [`${s.bold('limits')}       ${s.bad(`${problems.length} problem${problems.length === 1 ? '' : 's'}`)}`, ...problems.map((p) => `  - ${p}`)].join('\n');
  return [head, s.dim('─'.repeat(60)), ...body, verdict].join('\n') + '\n';
}

export interface Report {
  text: string;
  /** Items over a limit (or that failed to render). */
  failed: number;
  items: number;
}

/**
 * The `--all` report: one line per item, OK or FAIL with each problem (naming the limit) below it,
 * then content-file problems and UI-string warnings, then a summary.
 */
export function formatReport(
  items: readonly (PreviewItem | FailedItem)[],
  s: Style,
  extra: { contentProblems?: readonly string[]; uiWarnings?: readonly string[] } = {},
): Report {
  const lines: string[] = [];
  let failed = 0;
  for (const item of items) {
    const problems = itemProblems(item);
    const name = `${item.lang}  ${item.name}${'note' in item && item.note ? s.dim(`  (${item.note})`) : ''}`;
    if (problems.length === 0) lines.push(`${s.ok('OK  ')}  ${name}`);
    else {
      failed++;
      lines.push(`${s.bad('FAIL')}  ${name}`);
      for (const p of problems) lines.push(`        - ${p}`);
    }
  }
  const contentProblems = extra.contentProblems ?? [];
  if (contentProblems.length > 0) {
    failed++;
    lines.push(`${s.bad('FAIL')}  content files (${contentProblems.length} problem${contentProblems.length === 1 ? '' : 's'})`);
    for (const p of contentProblems) lines.push(`        - ${p}`);
  }
  const uiWarnings = extra.uiWarnings ?? [];
  if (uiWarnings.length > 0) {
    lines.push(`${s.warn('WARN')}  ui strings are inconsistent; previews use English where a language lacks a key (the bot refuses to start until fixed):`);
    for (const w of summarizeUiWarnings(uiWarnings)) lines.push(`        - ${w}`);
  }
  const total = items.length + (contentProblems.length > 0 ? 1 : 0);
  lines.push('');
  lines.push(
    failed === 0
      ? s.ok(`All ${items.length} items are within Discord's limits.`) + (uiWarnings.length > 0 ? s.warn(` ${uiWarnings.length} UI-string warning${uiWarnings.length === 1 ? '' : 's'}.`) : '')
      : s.bad(`${failed} of ${total} items have problems.`),
  );
  return { text: lines.join('\n') + '\n', failed, items: items.length };
}

/** Folds "x/ui.json is missing "k"" lines into one line per file (the list can run to a hundred keys). */
export function summarizeUiWarnings(warnings: readonly string[], shown = 8): string[] {
  const missing = new Map<string, string[]>();
  const other: string[] = [];
  for (const w of warnings) {
    const m = /^(\S+) is missing "(.+)"$/.exec(w);
    if (!m) other.push(w);
    else missing.set(m[1]!, [...(missing.get(m[1]!) ?? []), m[2]!]);
  }
  const folded = [...missing].map(([file, keys]) => {
    const more = keys.length > shown ? `, … and ${keys.length - shown} more` : '';
    return `${file} is missing ${keys.length} key${keys.length === 1 ? '' : 's'}: ${keys.slice(0, shown).join(', ')}${more}`;
  });
  return [...folded, ...other];
}
