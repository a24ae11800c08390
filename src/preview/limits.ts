import type { APIEmbed } from 'discord.js';
import { embedLength, messageProblems } from '../content/render.js';
import { httpsUrl } from '../content/schema.js';
import { DISCORD_LIMITS } from '../text/limits.js';

/** Discord's limits, and one bound of our own that the preview checks too. */
export const PREVIEW_LIMITS = {
  ...DISCORD_LIMITS,
  /** Not a Discord limit: a sanity bound on any one UI string (a whole message's content). */
  uiString: 2000,
} as const;

/** What `renderEntry`, `renderPlatforms` and `checkinPrompt` return, read loosely. */
export interface MessageLike {
  content?: string | undefined;
  embeds?: readonly APIEmbed[] | undefined;
  /** Top-level components: action rows of buttons (or selects). */
  components?: readonly unknown[] | undefined;
}

/** A modal (`APIModalInteractionResponseCallbackData`), read loosely. */
export interface ModalLike {
  custom_id: string;
  title: string;
  components: readonly unknown[];
}

/** A button as the preview prints it. */
export interface ButtonView {
  row: number;
  label: string;
  url?: string;
  customId?: string;
  style?: number;
}

/** A modal input (text input, select …) as the preview prints it. */
export interface ModalInputView {
  /** Where it sits, e.g. `components[0].components[0]`. */
  at: string;
  type: number;
  customId: string;
  label: string;
  description?: string;
  placeholder?: string;
  style?: number;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  value?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const ACTION_ROW = 1;
const BUTTON = 2;
const TEXT_INPUT = 4;
const LABEL = 18;
const LINK_STYLE = 5;

function over(out: string[], where: string, len: number, max: number): void {
  if (len > max) out.push(`${where} has ${len} characters (max ${max})`);
}

function checkCustomId(out: string[], where: string, id: unknown): void {
  if (typeof id !== 'string' || id.length === 0) out.push(`${where}.custom_id is missing (1–${PREVIEW_LIMITS.customId} characters)`);
  else over(out, `${where}.custom_id`, id.length, PREVIEW_LIMITS.customId);
}

/** The buttons of a message, row by row (rows counted from 1). */
export function messageButtons(message: MessageLike): ButtonView[] {
  const out: ButtonView[] = [];
  (message.components ?? []).forEach((row, i) => {
    if (!isObj(row) || !Array.isArray(row.components)) return;
    for (const c of row.components) {
      if (!isObj(c) || c.type !== BUTTON) continue;
      const view: ButtonView = { row: i + 1, label: str(c.label) ?? '' };
      const url = str(c.url);
      const customId = str(c.custom_id);
      const style = num(c.style);
      if (url !== undefined) view.url = url;
      if (customId !== undefined) view.customId = customId;
      if (style !== undefined) view.style = style;
      out.push(view);
    }
  });
  return out;
}

/** Characters across every embed of a message, as Discord counts them toward 6,000. */
export const embedsTotal = (message: MessageLike): number => (message.embeds ?? []).reduce((sum, embed) => sum + embedLength(embed), 0);

/**
 * Every way a message breaks Discord's limits (empty when it is fine): the embed checks of
 * `messageProblems`, plus content, action rows, buttons, `custom_id`s and link URLs.
 */
export function messageLimitProblems(message: MessageLike): string[] {
  const L = PREVIEW_LIMITS;
  const out = messageProblems({ embeds: [...(message.embeds ?? [])], components: [] });
  over(out, 'content', message.content?.length ?? 0, L.content);
  const hasEmbeds = (message.embeds ?? []).length > 0;
  const rows = message.components ?? [];
  if ((message.content ?? '').trim() === '' && !hasEmbeds && rows.length === 0) out.push('message is empty (no content, embeds or components)');
  if (rows.length > L.actionRows) out.push(`${rows.length} action rows (max ${L.actionRows})`);
  rows.forEach((row, i) => {
    const at = `components[${i}]`;
    if (!isObj(row) || row.type !== ACTION_ROW || !Array.isArray(row.components)) {
      out.push(`${at} is not an action row (type ${isObj(row) ? String(row.type) : typeof row})`);
      return;
    }
    const children: unknown[] = row.components;
    if (children.length === 0) out.push(`${at} is an empty action row`);
    if (children.length > L.buttonsPerRow) out.push(`${at} has ${children.length} buttons (max ${L.buttonsPerRow})`);
    children.forEach((c, j) => {
      const cat = `${at}.components[${j}]`;
      if (!isObj(c)) return;
      if (c.type !== BUTTON) {
        if (children.length > 1) out.push(`${cat} (type ${String(c.type)}) must be alone in its row`);
        checkCustomId(out, cat, c.custom_id);
        return;
      }
      const label = str(c.label) ?? '';
      if (label.trim() === '' && c.emoji === undefined) out.push(`${cat}.label is empty`);
      over(out, `${cat}.label`, label.length, L.buttonLabel);
      if (c.style === LINK_STYLE) {
        const url = str(c.url);
        if (url === undefined || !httpsUrl.safeParse(url).success) out.push(`${cat}.url ${JSON.stringify(url ?? null)} is not a valid https URL`);
      } else checkCustomId(out, cat, c.custom_id);
    });
  });
  return out;
}

/** The inputs of a modal, whether in action rows (type 1) or label components (type 18). */
export function modalInputs(modal: ModalLike): ModalInputView[] {
  const out: ModalInputView[] = [];
  const view = (c: Obj, at: string, label: unknown, description: unknown): ModalInputView => {
    const v: ModalInputView = { at, type: num(c.type) ?? 0, customId: str(c.custom_id) ?? '', label: str(label) ?? '' };
    const set = <K extends keyof ModalInputView>(key: K, value: ModalInputView[K] | undefined) => {
      if (value !== undefined) v[key] = value;
    };
    set('description', str(description));
    set('placeholder', str(c.placeholder));
    set('style', num(c.style));
    set('required', typeof c.required === 'boolean' ? c.required : undefined);
    set('minLength', num(c.min_length));
    set('maxLength', num(c.max_length));
    set('value', str(c.value));
    return v;
  };
  modal.components.forEach((top, i) => {
    if (!isObj(top)) return;
    const at = `components[${i}]`;
    if (top.type === ACTION_ROW && Array.isArray(top.components)) {
      top.components.forEach((c: unknown, j: number) => {
        if (isObj(c)) out.push(view(c, `${at}.components[${j}]`, c.label, undefined));
      });
    } else if (top.type === LABEL && isObj(top.component)) {
      out.push(view(top.component, `${at}.component`, top.label, top.description));
    }
  });
  return out;
}

/** Every way a modal breaks Discord's limits: title and labels 45, `custom_id` 100, 5 components … */
export function modalLimitProblems(modal: ModalLike): string[] {
  const L = PREVIEW_LIMITS;
  const out: string[] = [];
  if (modal.title.trim() === '') out.push('title is empty');
  over(out, 'title', modal.title.length, L.modalTitle);
  checkCustomId(out, 'modal', modal.custom_id);
  const n = modal.components.length;
  if (n === 0 || n > L.modalComponents) out.push(`${n} components (must be 1–${L.modalComponents})`);
  modal.components.forEach((top, i) => {
    const at = `components[${i}]`;
    if (!isObj(top)) return;
    if (top.type === ACTION_ROW) {
      const children = Array.isArray(top.components) ? top.components : [];
      if (children.length !== 1) out.push(`${at} has ${children.length} inputs (an action row in a modal holds exactly 1)`);
    } else if (top.type === LABEL) {
      if (!isObj(top.component)) out.push(`${at} is a label without a component`);
    } else if (top.type !== 10) out.push(`${at} has type ${String(top.type)}, not allowed at the top of a modal`);
  });
  for (const input of modalInputs(modal)) {
    const at = input.at;
    if (input.label.trim() === '') out.push(`${at}.label is empty`);
    over(out, `${at}.label`, input.label.length, L.modalLabel);
    if (input.description !== undefined) over(out, `${at}.description`, input.description.length, L.modalDescription);
    checkCustomId(out, at, input.customId);
    if (input.placeholder !== undefined) over(out, `${at}.placeholder`, input.placeholder.length, L.placeholder);
    if (input.type === TEXT_INPUT) {
      for (const [key, value] of [['min_length', input.minLength], ['max_length', input.maxLength]] as const) {
        if (value !== undefined && (value < (key === 'max_length' ? 1 : 0) || value > L.textInputLength)) {
          out.push(`${at}.${key} is ${value} (must be ${key === 'max_length' ? 1 : 0}–${L.textInputLength})`);
        }
      }
      if (input.value !== undefined) over(out, `${at}.value`, input.value.length, Math.min(input.maxLength ?? L.textInputLength, L.textInputLength));
    }
  }
  const ids = modalInputs(modal).map((x) => x.customId);
  for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) out.push(`custom_id "${id}" is used by more than one input`);
  return out;
}

/** UI strings that are empty or longer than any one message could hold. */
export function uiStringProblems(strings: Readonly<Record<string, string>>, file: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(strings)) {
    if (value.trim() === '') out.push(`${file} "${key}" is empty`);
    over(out, `${file} "${key}"`, value.length, PREVIEW_LIMITS.uiString);
  }
  return out;
}
