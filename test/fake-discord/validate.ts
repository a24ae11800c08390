/// <reference path="./discord-api-spec-zod.d.ts" />
/**
 * Payload validation for the fake Discord: Discord's own OpenAPI-derived zod schemas
 * (`discord-api-spec/zod`) plus the limits the OpenAPI file lacks (see FACTS.md).
 *
 * `validatePayload(kind, body)` is pure and returns a list of problems (empty = valid).
 */
import {
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ApplicationCommandCreateRequestSchema,
  ApplicationCommandPatchRequestPartialSchema,
  ApplicationCommandUpdateRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  CreatePrivateChannelRequestSchema,
  CreateTextThreadWithoutMessageRequestSchema,
  IncomingWebhookRequestPartialSchema,
  IncomingWebhookUpdateRequestPartialSchema,
  LaunchActivityInteractionCallbackRequestSchema,
  MessageCreateRequestSchema,
  MessageEditRequestPartialSchema,
  ModalInteractionCallbackRequestSchema,
  PongInteractionCallbackRequestSchema,
  CreateTextThreadWithMessageRequestSchema,
  UpdateMessageInteractionCallbackRequestSchema,
} from 'discord-api-spec/zod';
import type { ZodMiniType } from 'zod/mini';

export type PayloadKind =
  /** POST /channels/{id}/messages */
  | 'channelMessage'
  /** POST /channels/{id}/messages/{id}/threads (a thread started from a message) */
  | 'threadFromMessage'
  /** PATCH /channels/{id}/messages/{id} */
  | 'channelMessageEdit'
  /** POST /interactions/{id}/{token}/callback (schema chosen by `type`) */
  | 'interactionCallback'
  /** POST /webhooks/{app}/{token} (follow-up) */
  | 'webhookMessage'
  /** PATCH /webhooks/{app}/{token}/messages/{id} (editReply) */
  | 'webhookEdit'
  /** PUT /applications/{app}/commands and …/guilds/{guild}/commands: an array of commands */
  | 'commandsOverwrite'
  /** POST /applications/{app}/commands (one command) */
  | 'commandCreate'
  /** PATCH /applications/{app}/commands/{id} */
  | 'commandEdit'
  /** POST /users/@me/channels */
  | 'createDm'
  /** POST /channels/{id}/threads (a thread without a starter message) */
  | 'threadCreate';

/** Discord's 32 client locales (Arabic is not one of them). */
export const DISCORD_LOCALES: ReadonlySet<string> = new Set([
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl',
  'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja',
  'zh-TW', 'ko',
]);

export const COMMAND_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  modalTitle: 45,
  modalComponents: 5,
  textInputLabel: 45,
  textInputPlaceholder: 100,
  textInputLength: 4000,
  nonce: 25,
  commandDescription: 100,
  commandOptions: 25,
  commandChoices: 25,
  commandTotal: 8000,
  choiceName: 100,
  choiceStringValue: 100,
  globalChatInputCommands: 100,
  contextMenuCommands: 5,
  autocompleteChoices: 25,
} as const;

/** Message flags. */
const EPHEMERAL = 1 << 6;
const IS_COMPONENTS_V2 = 1 << 15;

// ---------------------------------------------------------------------------------------------
// zod issue formatting (zod/mini ships no locale, so messages are built here)

interface Issue {
  code: string;
  path: PropertyKey[];
  message?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  format?: string;
  errors?: Issue[][];
}

function joinPath(base: string, path: PropertyKey[]): string {
  let out = base;
  for (const p of path) {
    const s = typeof p === 'number' ? `[${p}]` : String(p);
    out = out === '' ? s.replace(/^\[(\d+)\]$/, '$1') : typeof p === 'number' ? `${out}${s}` : `${out}.${s}`;
  }
  return out;
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `longer than ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `more than ${String(issue.maximum)} items`;
      return `greater than ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string') return `shorter than ${String(issue.minimum)} characters`;
      if (issue.origin === 'array') return `fewer than ${String(issue.minimum)} items`;
      return `less than ${String(issue.minimum)}`;
    case 'invalid_type':
      return `expected ${issue.expected ?? 'another type'}`;
    case 'invalid_value':
      return `expected one of ${JSON.stringify(issue.values ?? [])}`;
    case 'invalid_format':
      return `invalid ${issue.format ?? 'format'}`;
    case 'unrecognized_keys':
      return `unknown keys ${JSON.stringify(issue.keys ?? [])}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : issue.code;
  }
}

function isTypeMismatch(issue: Issue): boolean {
  return issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'type';
}

function flattenIssues(issues: Issue[], base: string, out: string[]): void {
  for (const issue of issues) {
    const here = joinPath(base, issue.path);
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      // Pick the variant the payload meant: one whose `type` matched, with the fewest issues.
      const candidates = issue.errors.filter((branch) => !branch.some(isTypeMismatch));
      const pool = candidates.length > 0 ? candidates : [];
      if (pool.length === 0) {
        out.push(`${here || '(body)'}: matches none of the allowed shapes`);
        continue;
      }
      const best = pool.reduce((a, b) => (b.length < a.length ? b : a));
      flattenIssues(best, here, out);
      continue;
    }
    out.push(`${here || '(body)'}: ${describeIssue(issue)}`);
  }
}

function runSchema(schema: ZodMiniType, body: unknown, base: string, out: string[]): void {
  const result = schema.safeParse(body);
  if (!result.success) flattenIssues(result.error.issues as unknown as Issue[], base, out);
}

// ---------------------------------------------------------------------------------------------
// Own checks: messages

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Characters counted toward the 6,000-character limit across all embeds of a message. */
export function embedCharacters(embeds: unknown): number {
  let total = 0;
  for (const e of arr(embeds)) {
    if (!isObj(e)) continue;
    total += str(e.title).length + str(e.description).length;
    if (isObj(e.footer)) total += str(e.footer.text).length;
    if (isObj(e.author)) total += str(e.author.name).length;
    for (const f of arr(e.fields)) {
      if (isObj(f)) total += str(f.name).length + str(f.value).length;
    }
  }
  return total;
}

function checkLength(out: string[], path: string, value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    out.push(`${path}: expected a string`);
    return;
  }
  if (value.length > max) out.push(`${path}: ${value.length} characters (max ${max})`);
  if (value.length < min) out.push(`${path}: ${value.length} characters (min ${min})`);
}

function checkEmbeds(out: string[], base: string, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  const list = arr(embeds);
  if (list.length > LIMITS.embeds) out.push(`${base}embeds: ${list.length} embeds (max ${LIMITS.embeds})`);
  list.forEach((e, i) => {
    if (!isObj(e)) return;
    const p = `${base}embeds[${i}]`;
    checkLength(out, `${p}.title`, e.title, LIMITS.embedTitle);
    checkLength(out, `${p}.description`, e.description, LIMITS.embedDescription);
    if (isObj(e.footer)) checkLength(out, `${p}.footer.text`, e.footer.text, LIMITS.embedFooter);
    if (isObj(e.author)) checkLength(out, `${p}.author.name`, e.author.name, LIMITS.embedAuthorName);
    const fields = arr(e.fields);
    if (fields.length > LIMITS.embedFields) out.push(`${p}.fields: ${fields.length} fields (max ${LIMITS.embedFields})`);
    fields.forEach((f, j) => {
      if (!isObj(f)) return;
      if (typeof f.name !== 'string' || f.name.length === 0) out.push(`${p}.fields[${j}].name: required, 1-${LIMITS.embedFieldName} characters`);
      else checkLength(out, `${p}.fields[${j}].name`, f.name, LIMITS.embedFieldName);
      if (typeof f.value !== 'string' || f.value.length === 0) out.push(`${p}.fields[${j}].value: required, 1-${LIMITS.embedFieldValue} characters`);
      else checkLength(out, `${p}.fields[${j}].value`, f.value, LIMITS.embedFieldValue);
    });
  });
  const total = embedCharacters(list);
  if (total > LIMITS.embedTotal) out.push(`${base}embeds: ${total} characters across all embeds (max ${LIMITS.embedTotal})`);
}

function checkCustomId(out: string[], path: string, value: unknown, seen: Set<string>): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > LIMITS.customId) {
    out.push(`${path}.custom_id: must be 1-${LIMITS.customId} characters (got ${typeof value === 'string' ? value.length : typeof value})`);
    return;
  }
  if (seen.has(value)) out.push(`${path}.custom_id: "${value}" is used twice in one message`);
  seen.add(value);
}

function checkSelect(out: string[], p: string, c: Obj, seen: Set<string>): void {
  checkCustomId(out, p, c.custom_id, seen);
  checkLength(out, `${p}.placeholder`, c.placeholder, LIMITS.selectPlaceholder);
  if (c.type === 3) {
    const options = arr(c.options);
    if (options.length < 1 || options.length > LIMITS.selectOptions) out.push(`${p}.options: ${options.length} options (1-${LIMITS.selectOptions})`);
    options.forEach((o, k) => {
      if (!isObj(o)) return;
      checkLength(out, `${p}.options[${k}].label`, o.label, LIMITS.selectOptionText, 1);
      checkLength(out, `${p}.options[${k}].value`, o.value, LIMITS.selectOptionText, 1);
      checkLength(out, `${p}.options[${k}].description`, o.description, LIMITS.selectOptionText);
    });
    const max = typeof c.max_values === 'number' ? c.max_values : 1;
    if (max > options.length) out.push(`${p}.max_values: ${max} is more than the ${options.length} options`);
  }
}

function checkButton(out: string[], p: string, c: Obj, seen: Set<string>): void {
  checkLength(out, `${p}.label`, c.label, LIMITS.buttonLabel);
  if (c.style === 5) {
    if (typeof c.url !== 'string') out.push(`${p}: a link button needs a url`);
    if (c.custom_id !== undefined && c.custom_id !== null) out.push(`${p}: a link button cannot have a custom_id`);
  } else if (c.style === 6) {
    if (typeof c.sku_id !== 'string') out.push(`${p}: a premium button needs a sku_id`);
  } else {
    checkCustomId(out, p, c.custom_id, seen);
    if (c.url !== undefined && c.url !== null) out.push(`${p}: only link buttons have a url`);
  }
  if ((c.label === undefined || c.label === null || c.label === '') && !c.emoji && c.style !== 6) {
    out.push(`${p}: a button needs a label or an emoji`);
  }
}

function checkMessageComponents(out: string[], base: string, components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  const rows = arr(components);
  const seen = new Set<string>();
  if ((flags & IS_COMPONENTS_V2) !== 0) {
    // Components V2: the schema checks shapes; count everything and check interactive ids.
    let count = 0;
    const walk = (c: unknown, p: string): void => {
      if (!isObj(c)) return;
      count += 1;
      if (c.type === 2) checkButton(out, p, c, seen);
      if (typeof c.type === 'number' && c.type >= 3 && c.type <= 8) checkSelect(out, p, c, seen);
      arr(c.components).forEach((child, i) => walk(child, `${p}.components[${i}]`));
      if (isObj(c.accessory)) walk(c.accessory, `${p}.accessory`);
    };
    rows.forEach((c, i) => walk(c, `${base}components[${i}]`));
    if (count > 40) out.push(`${base}components: ${count} components in all (max 40)`);
    return;
  }
  if (rows.length > LIMITS.actionRows) out.push(`${base}components: ${rows.length} action rows (max ${LIMITS.actionRows})`);
  rows.forEach((row, i) => {
    const p = `${base}components[${i}]`;
    if (!isObj(row) || row.type !== 1) {
      out.push(`${p}: top-level components must be action rows (type 1) unless the IS_COMPONENTS_V2 flag is set`);
      return;
    }
    const children = arr(row.components);
    if (children.length === 0) out.push(`${p}.components: an action row needs at least one component`);
    const buttons = children.filter((c) => isObj(c) && c.type === 2).length;
    const selects = children.length - buttons;
    if (buttons > LIMITS.buttonsPerRow) out.push(`${p}.components: ${buttons} buttons in one row (max ${LIMITS.buttonsPerRow})`);
    if (selects > 1 || (selects === 1 && buttons > 0)) out.push(`${p}.components: a select menu must be alone in its row`);
    children.forEach((c, j) => {
      if (!isObj(c)) return;
      const cp = `${p}.components[${j}]`;
      if (c.type === 2) checkButton(out, cp, c, seen);
      else if (typeof c.type === 'number' && c.type >= 3 && c.type <= 8 && c.type !== 4) checkSelect(out, cp, c, seen);
      else out.push(`${cp}: component type ${String(c.type)} is not allowed in a message action row`);
    });
  });
}

function checkAllowedMentions(out: string[], base: string, am: unknown): void {
  if (!isObj(am)) return;
  const parse = arr(am.parse);
  if (parse.includes('users') && arr(am.users).length > 0) out.push(`${base}allowed_mentions: parse "users" and a users list are mutually exclusive`);
  if (parse.includes('roles') && arr(am.roles).length > 0) out.push(`${base}allowed_mentions: parse "roles" and a roles list are mutually exclusive`);
}

/** Checks a message-like body (content, embeds, components, nonce, flags). */
export function checkMessageBody(
  body: unknown,
  base = '',
  opts: { nonce?: boolean; requireSomething?: boolean; files?: number } = {},
): string[] {
  const out: string[] = [];
  if (!isObj(body)) {
    out.push(`${base || '(body)'}: expected an object`);
    return out;
  }
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  checkLength(out, `${base}content`, body.content, LIMITS.content);
  checkEmbeds(out, base, body.embeds);
  checkMessageComponents(out, base, body.components, flags);
  checkAllowedMentions(out, base, body.allowed_mentions);
  if (opts.nonce && body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') {
      if (body.nonce.length > LIMITS.nonce) out.push(`${base}nonce: ${body.nonce.length} characters (max ${LIMITS.nonce})`);
    } else if (typeof body.nonce !== 'number' || !Number.isInteger(body.nonce)) {
      out.push(`${base}nonce: must be an integer or a string`);
    }
  }
  if (opts.nonce && body.enforce_nonce === true && (body.nonce === undefined || body.nonce === null)) {
    out.push(`${base}enforce_nonce: set without a nonce`);
  }
  if (opts.requireSomething) {
    const hasContent = typeof body.content === 'string' && body.content.length > 0;
    const hasEmbeds = arr(body.embeds).length > 0;
    const hasComponents = arr(body.components).length > 0;
    const hasFiles = arr(body.attachments).length > 0 || (opts.files ?? 0) > 0;
    const hasPoll = isObj(body.poll);
    const hasStickers = arr(body.sticker_ids).length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasFiles && !hasPoll && !hasStickers) {
      out.push(`${base || '(body)'}: cannot send an empty message (no content, embeds, components, files or poll)`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Own checks: modals and autocomplete

function checkTextInput(out: string[], p: string, c: Obj, inLabel: boolean, seen: Set<string>): void {
  checkCustomId(out, p, c.custom_id, seen);
  if (c.style !== 1 && c.style !== 2) out.push(`${p}.style: must be 1 (short) or 2 (paragraph)`);
  if (inLabel) {
    if (c.label !== undefined && c.label !== null) out.push(`${p}.label: a text input inside a label component takes its label from the label`);
  } else if (typeof c.label !== 'string' || c.label.length < 1 || c.label.length > LIMITS.textInputLabel) {
    out.push(`${p}.label: must be 1-${LIMITS.textInputLabel} characters (got ${typeof c.label === 'string' ? c.label.length : 'none'})`);
  }
  checkLength(out, `${p}.placeholder`, c.placeholder, LIMITS.textInputPlaceholder);
  checkLength(out, `${p}.value`, c.value, LIMITS.textInputLength);
  const min = c.min_length;
  const max = c.max_length;
  if (min !== undefined && min !== null && (typeof min !== 'number' || min < 0 || min > LIMITS.textInputLength)) out.push(`${p}.min_length: must be 0-${LIMITS.textInputLength}`);
  if (max !== undefined && max !== null && (typeof max !== 'number' || max < 1 || max > LIMITS.textInputLength)) out.push(`${p}.max_length: must be 1-${LIMITS.textInputLength}`);
  if (typeof min === 'number' && typeof max === 'number' && min > max) out.push(`${p}: min_length ${min} is above max_length ${max}`);
  if (typeof c.value === 'string' && typeof max === 'number' && c.value.length > max) out.push(`${p}.value: longer than its max_length ${max}`);
}

export function checkModal(data: unknown, base = 'data.'): string[] {
  const out: string[] = [];
  if (!isObj(data)) return [`${base.replace(/\.$/, '')}: a modal needs data`];
  checkLength(out, `${base}title`, data.title, LIMITS.modalTitle, 1);
  const seen = new Set<string>();
  checkCustomId(out, base.replace(/\.$/, ''), data.custom_id, new Set());
  const comps = arr(data.components);
  if (comps.length < 1 || comps.length > LIMITS.modalComponents) out.push(`${base}components: ${comps.length} components (1-${LIMITS.modalComponents})`);
  let inputs = 0;
  comps.forEach((c, i) => {
    const p = `${base}components[${i}]`;
    if (!isObj(c)) return;
    if (c.type === 1) {
      const children = arr(c.components);
      if (children.length !== 1) out.push(`${p}.components: an action row in a modal holds exactly one text input (got ${children.length})`);
      children.forEach((t, j) => {
        if (!isObj(t)) return;
        if (t.type !== 4) out.push(`${p}.components[${j}]: only text inputs (type 4) go in a modal action row`);
        else {
          inputs += 1;
          checkTextInput(out, `${p}.components[${j}]`, t, false, seen);
        }
      });
    } else if (c.type === 18) {
      checkLength(out, `${p}.label`, c.label, LIMITS.textInputLabel, 1);
      checkLength(out, `${p}.description`, c.description, 100);
      if (isObj(c.component)) {
        if (c.component.type === 4) {
          inputs += 1;
          checkTextInput(out, `${p}.component`, c.component, true, seen);
        } else if (typeof c.component.custom_id === 'string') {
          checkCustomId(out, `${p}.component`, c.component.custom_id, seen);
        }
      } else out.push(`${p}.component: a label needs a component`);
    } else if (c.type !== 10) {
      out.push(`${p}: component type ${String(c.type)} is not allowed at the top of a modal`);
    }
  });
  if (inputs > LIMITS.modalComponents) out.push(`${base}components: ${inputs} text inputs (max ${LIMITS.modalComponents})`);
  return out;
}

function checkAutocomplete(data: unknown): string[] {
  const out: string[] = [];
  if (!isObj(data)) return ['data: autocomplete needs data with choices'];
  const choices = arr(data.choices);
  if (choices.length > LIMITS.autocompleteChoices) out.push(`data.choices: ${choices.length} choices (max ${LIMITS.autocompleteChoices})`);
  choices.forEach((c, i) => {
    if (!isObj(c)) return;
    checkLength(out, `data.choices[${i}].name`, c.name, LIMITS.choiceName, 1);
    if (typeof c.value === 'string') checkLength(out, `data.choices[${i}].value`, c.value, LIMITS.choiceStringValue, 1);
    checkLocalizations(out, `data.choices[${i}].name_localizations`, c.name_localizations, LIMITS.choiceName, false);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Own checks: application commands

function checkLocalizations(out: string[], path: string, loc: unknown, max: number, isName: boolean): void {
  if (loc === undefined || loc === null) return;
  if (!isObj(loc)) {
    out.push(`${path}: expected an object`);
    return;
  }
  for (const [key, value] of Object.entries(loc)) {
    if (key === 'ar' || key.startsWith('ar-')) {
      out.push(`${path}.${key}: Arabic is not a Discord locale (Discord answers 50035)`);
      continue;
    }
    if (!DISCORD_LOCALES.has(key)) {
      out.push(`${path}.${key}: not a Discord locale`);
      continue;
    }
    if (value === null) continue;
    checkLength(out, `${path}.${key}`, value, max, 1);
    if (isName && typeof value === 'string' && !(COMMAND_NAME_RE.test(value) && value === value.toLowerCase())) {
      out.push(`${path}.${key}: "${value}" does not match the command-name pattern (lowercase)`);
    }
  }
}

function checkName(out: string[], path: string, name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    out.push(`${path}: a name is required`);
    return;
  }
  if (chatInput) {
    if (!COMMAND_NAME_RE.test(name)) out.push(`${path}: "${name}" does not match ^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`);
    else if (name !== name.toLowerCase()) out.push(`${path}: "${name}" must be lowercase`);
  } else if (name.length < 1 || name.length > 32) {
    out.push(`${path}: must be 1-32 characters`);
  }
}

/** The characters Discord counts toward a command's 8,000 (names, descriptions, choice names and values), for one locale. */
function commandCharacters(cmd: Obj, locale: string | null): number {
  const pick = (value: unknown, loc: unknown): string => {
    if (locale && isObj(loc) && typeof loc[locale] === 'string') return loc[locale] as string;
    return str(value);
  };
  let total = pick(cmd.name, cmd.name_localizations).length + pick(cmd.description, cmd.description_localizations).length;
  const walk = (options: unknown): void => {
    for (const o of arr(options)) {
      if (!isObj(o)) continue;
      total += pick(o.name, o.name_localizations).length + pick(o.description, o.description_localizations).length;
      for (const c of arr(o.choices)) {
        if (!isObj(c)) continue;
        total += pick(c.name, c.name_localizations).length + String(c.value ?? '').length;
      }
      walk(o.options);
    }
  };
  walk(cmd.options);
  return total;
}

function collectLocales(cmd: unknown, into: Set<string>): void {
  if (!isObj(cmd)) return;
  for (const key of ['name_localizations', 'description_localizations']) {
    const loc = cmd[key];
    if (isObj(loc)) for (const k of Object.keys(loc)) into.add(k);
  }
  for (const o of arr(cmd.options)) collectLocales(o, into);
  for (const c of arr(cmd.choices)) collectLocales(c, into);
}

function checkOptions(out: string[], base: string, options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  const list = arr(options);
  if (list.length > LIMITS.commandOptions) out.push(`${base}options: ${list.length} options (max ${LIMITS.commandOptions})`);
  const names = new Set<string>();
  let seenOptional = false;
  let subcommands = 0;
  list.forEach((o, i) => {
    const p = `${base}options[${i}]`;
    if (!isObj(o)) return;
    checkName(out, `${p}.name`, o.name, true);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) out.push(`${p}.name: "${o.name}" is used twice`);
      names.add(o.name);
    }
    checkLength(out, `${p}.description`, o.description, LIMITS.commandDescription, 1);
    if (typeof o.description !== 'string') out.push(`${p}.description: required (1-${LIMITS.commandDescription} characters)`);
    checkLocalizations(out, `${p}.name_localizations`, o.name_localizations, 32, true);
    checkLocalizations(out, `${p}.description_localizations`, o.description_localizations, LIMITS.commandDescription, false);
    const type = o.type;
    if (type === 1 || type === 2) {
      subcommands += 1;
      if (type === 2 && depth > 0) out.push(`${p}: a subcommand group can only be at the top level`);
      if (type === 1 && depth > 1) out.push(`${p}: subcommands nest at most inside one group`);
      if (type === 2) {
        for (const [k, sub] of arr(o.options).entries()) {
          if (isObj(sub) && sub.type !== 1) out.push(`${p}.options[${k}]: a subcommand group holds only subcommands`);
        }
      }
      checkOptions(out, `${p}.`, o.options, depth + 1);
      return;
    }
    if (o.required === true) {
      if (seenOptional) out.push(`${p}: required options must come before optional ones`);
    } else seenOptional = true;
    const choices = o.choices;
    if (choices !== undefined && choices !== null) {
      const cl = arr(choices);
      if (cl.length > LIMITS.commandChoices) out.push(`${p}.choices: ${cl.length} choices (max ${LIMITS.commandChoices})`);
      if (o.autocomplete === true && cl.length > 0) out.push(`${p}: autocomplete and choices are mutually exclusive`);
      cl.forEach((c, k) => {
        if (!isObj(c)) return;
        checkLength(out, `${p}.choices[${k}].name`, c.name, LIMITS.choiceName, 1);
        checkLocalizations(out, `${p}.choices[${k}].name_localizations`, c.name_localizations, LIMITS.choiceName, false);
        if (type === 3) checkLength(out, `${p}.choices[${k}].value`, c.value, LIMITS.choiceStringValue, 1);
      });
    }
  });
  if (subcommands > 0 && subcommands < list.length) out.push(`${base}options: subcommands cannot be mixed with other options`);
}

function normalizeCommand(cmd: unknown): unknown {
  // discord.js sends default_member_permissions as a string of digits; the OpenAPI file says number.
  if (isObj(cmd) && typeof cmd.default_member_permissions === 'string' && /^\d+$/.test(cmd.default_member_permissions)) {
    return { ...cmd, default_member_permissions: Number(cmd.default_member_permissions) };
  }
  return cmd;
}

export function checkCommand(cmd: unknown, base = ''): string[] {
  const out: string[] = [];
  if (!isObj(cmd)) return [`${base || '(body)'}: expected a command object`];
  const type = cmd.type ?? 1;
  const chatInput = type === 1;
  checkName(out, `${base}name`, cmd.name, chatInput);
  if (chatInput) {
    if (typeof cmd.description !== 'string' || cmd.description.length < 1 || cmd.description.length > LIMITS.commandDescription) {
      out.push(`${base}description: must be 1-${LIMITS.commandDescription} characters`);
    }
  } else if (typeof cmd.description === 'string' && cmd.description.length > 0) {
    out.push(`${base}description: user and message commands take an empty description`);
  }
  checkLocalizations(out, `${base}name_localizations`, cmd.name_localizations, 32, chatInput);
  checkLocalizations(out, `${base}description_localizations`, cmd.description_localizations, LIMITS.commandDescription, false);
  if (typeof cmd.default_member_permissions === 'string' && !/^\d+$/.test(cmd.default_member_permissions)) {
    out.push(`${base}default_member_permissions: must be a string of digits`);
  }
  if (!chatInput && cmd.options !== undefined && cmd.options !== null && arr(cmd.options).length > 0) {
    out.push(`${base}options: only slash commands take options`);
  }
  checkOptions(out, base, cmd.options, 0);
  const locales = new Set<string>();
  collectLocales(cmd, locales);
  let worst = commandCharacters(cmd, null);
  for (const l of locales) worst = Math.max(worst, commandCharacters(cmd, l));
  if (worst > LIMITS.commandTotal) out.push(`${base || '(command)'}: ${worst} characters in all (max ${LIMITS.commandTotal})`);
  return out;
}

function checkCommandList(body: unknown): string[] {
  if (!Array.isArray(body)) return ['(body): expected an array of commands'];
  const out: string[] = [];
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  body.forEach((cmd, i) => {
    runSchema(ApplicationCommandUpdateRequestSchema, normalizeCommand(cmd), `[${i}]`, out);
    out.push(...checkCommand(cmd, `[${i}].`));
    if (isObj(cmd)) {
      const type = typeof cmd.type === 'number' ? cmd.type : 1;
      const key = `${type}:${str(cmd.name)}`;
      if (seen.has(key)) out.push(`[${i}].name: "${str(cmd.name)}" is registered twice (also at [${seen.get(key)}])`);
      seen.set(key, i);
      perType.set(type, (perType.get(type) ?? 0) + 1);
    }
  });
  if ((perType.get(1) ?? 0) > LIMITS.globalChatInputCommands) out.push(`(body): ${perType.get(1)} slash commands (max ${LIMITS.globalChatInputCommands})`);
  for (const t of [2, 3]) {
    if ((perType.get(t) ?? 0) > LIMITS.contextMenuCommands) out.push(`(body): ${perType.get(t)} context-menu commands of type ${t} (max ${LIMITS.contextMenuCommands})`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Interaction callbacks

const CALLBACK_SCHEMAS: Record<number, ZodMiniType> = {
  1: PongInteractionCallbackRequestSchema,
  4: CreateMessageInteractionCallbackRequestSchema,
  5: CreateMessageInteractionCallbackRequestSchema,
  6: UpdateMessageInteractionCallbackRequestSchema,
  7: UpdateMessageInteractionCallbackRequestSchema,
  8: ApplicationCommandAutocompleteCallbackRequestSchema,
  9: ModalInteractionCallbackRequestSchema,
  12: LaunchActivityInteractionCallbackRequestSchema,
};

function checkCallback(body: unknown, files: number): string[] {
  if (!isObj(body)) return ['(body): expected an object'];
  const type = body.type;
  if (typeof type !== 'number' || !(type in CALLBACK_SCHEMAS)) return [`type: ${JSON.stringify(type)} is not an interaction callback type`];
  const out: string[] = [];
  runSchema(CALLBACK_SCHEMAS[type]!, body, '', out);
  const data = body.data;
  switch (type) {
    case 4:
      out.push(...checkMessageBody(data, 'data.', { requireSomething: true, files }));
      break;
    case 5:
      if (isObj(data)) {
        const flags = typeof data.flags === 'number' ? data.flags : 0;
        if ((flags & ~(EPHEMERAL | 4096 | IS_COMPONENTS_V2)) !== 0) out.push('data.flags: a deferred reply takes only EPHEMERAL (and SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2)');
      }
      break;
    case 7:
      if (data !== undefined && data !== null) out.push(...checkMessageBody(data, 'data.'));
      break;
    case 8:
      out.push(...checkAutocomplete(data));
      break;
    case 9:
      out.push(...checkModal(data));
      break;
    default:
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Threads (POST /channels/{id}/threads without a message): what the OpenAPI file leaves implicit

const AUTO_ARCHIVE_MINUTES = [60, 1440, 4320, 10080];

function checkThreadCreate(body: unknown): string[] {
  const out: string[] = [];
  if (!isObj(body)) return ['(body): expected an object'];
  if (typeof body.name !== 'string' || body.name.trim().length === 0) out.push('name: required, 1-100 characters and not blank');
  else checkLength(out, 'name', body.name, 100, 1);
  if (body.type !== undefined && body.type !== null && body.type !== 10 && body.type !== 11 && body.type !== 12) out.push('type: a thread is 10, 11 or 12');
  if (body.auto_archive_duration !== undefined && body.auto_archive_duration !== null && !AUTO_ARCHIVE_MINUTES.includes(body.auto_archive_duration as number)) {
    out.push(`auto_archive_duration: one of ${AUTO_ARCHIVE_MINUTES.join(', ')}`);
  }
  if (body.invitable !== undefined && body.invitable !== null && body.type !== 12) out.push('invitable: only private threads (type 12) take it');
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * Validates what the bot sends on one route. Pure: no state, no I/O. Returns problems as
 * `"path: problem"` strings; an empty array means Discord would accept it (as far as we know).
 * For multipart requests pass the parsed `payload_json` and the number of uploaded files.
 */
export function validatePayload(kind: PayloadKind, body: unknown, context: { files?: number } = {}): string[] {
  const out: string[] = [];
  const files = context.files ?? 0;
  switch (kind) {
    case 'channelMessage':
      runSchema(MessageCreateRequestSchema, body, '', out);
      out.push(...checkMessageBody(body, '', { nonce: true, requireSomething: true, files }));
      break;
    case 'threadFromMessage':
      runSchema(CreateTextThreadWithMessageRequestSchema, body, '', out);
      if (!isObj(body) || typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100) out.push('name: must be 1-100 characters');
      else if (isObj(body) && body.auto_archive_duration !== undefined && ![60, 1440, 4320, 10080].includes(body.auto_archive_duration as number)) {
        out.push('auto_archive_duration: must be 60, 1440, 4320 or 10080');
      }
      break;
    case 'channelMessageEdit':
      runSchema(MessageEditRequestPartialSchema, body, '', out);
      out.push(...checkMessageBody(body, ''));
      break;
    case 'interactionCallback':
      out.push(...checkCallback(body, files));
      break;
    case 'webhookMessage':
      runSchema(IncomingWebhookRequestPartialSchema, body, '', out);
      out.push(...checkMessageBody(body, '', { requireSomething: true, files }));
      break;
    case 'webhookEdit':
      runSchema(IncomingWebhookUpdateRequestPartialSchema, body, '', out);
      out.push(...checkMessageBody(body, ''));
      break;
    case 'commandsOverwrite':
      out.push(...checkCommandList(body));
      break;
    case 'commandCreate':
      runSchema(ApplicationCommandCreateRequestSchema, normalizeCommand(body), '', out);
      out.push(...checkCommand(body));
      break;
    case 'commandEdit':
      runSchema(ApplicationCommandPatchRequestPartialSchema, normalizeCommand(body), '', out);
      if (isObj(body) && body.name !== undefined) checkName(out, 'name', body.name, (body.type ?? 1) === 1);
      if (isObj(body)) checkOptions(out, '', body.options, 0);
      break;
    case 'createDm':
      runSchema(CreatePrivateChannelRequestSchema, body, '', out);
      if (!isObj(body) || typeof body.recipient_id !== 'string') out.push('recipient_id: required');
      break;
    case 'threadCreate':
      runSchema(CreateTextThreadWithoutMessageRequestSchema, body, '', out);
      out.push(...checkThreadCreate(body));
      break;
    default: {
      const never: never = kind;
      out.push(`unknown payload kind ${String(never)}`);
    }
  }
  return out;
}
