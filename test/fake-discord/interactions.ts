/** Interaction handles, answers and slash-command option building for the fake Discord. */
import type { APIEmbed } from 'discord.js';
import type { UploadedFile } from './multipart.js';
import type { Json, RecordedRequest } from './types.js';
import { perfNow, realClearTimeout, realSetTimeout } from './util.js';

export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** An explicitly typed option value, for commands the fake has no definition of. */
export interface TypedOption {
  type: number;
  value: string | number | boolean;
}
export type OptionValue = string | number | boolean | TypedOption;

/** Helpers to type option values explicitly: `options: { channel: opt.channel(id) }`. */
export const opt = {
  string: (value: string): TypedOption => ({ type: OptionType.String, value }),
  integer: (value: number): TypedOption => ({ type: OptionType.Integer, value }),
  number: (value: number): TypedOption => ({ type: OptionType.Number, value }),
  boolean: (value: boolean): TypedOption => ({ type: OptionType.Boolean, value }),
  user: (id: string): TypedOption => ({ type: OptionType.User, value: id }),
  channel: (id: string): TypedOption => ({ type: OptionType.Channel, value: id }),
  role: (id: string): TypedOption => ({ type: OptionType.Role, value: id }),
  mentionable: (id: string): TypedOption => ({ type: OptionType.Mentionable, value: id }),
};

const EPHEMERAL = 64;

/** One response the bot gave to an interaction. */
export interface Answer {
  kind: 'callback' | 'edit' | 'followUp';
  /** The callback `type` (4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal); null for webhooks. */
  callbackType: number | null;
  request: RecordedRequest;
  /** performance.now() when the request arrived. */
  at: number;
  /** ms from dispatching INTERACTION_CREATE to this request's arrival. */
  latencyMs: number;
  /** Callback `data` or the webhook body. */
  data: Json;
  content: string | undefined;
  embeds: APIEmbed[];
  components: Json[];
  flags: number;
  /** Flags & 64, or inherited from the deferral/original for edits. */
  ephemeral: boolean;
  files: UploadedFile[];
  /** Same as `files`. */
  attachments: UploadedFile[];
  allowedMentions: Json | undefined;
  /** The message this response created or edited, as Discord now shows it. */
  message: Json | undefined;
  /** For type 9: the modal. */
  modal: Json | undefined;
  /** For type 8: the choices. */
  choices: Json[] | undefined;
  /** Buttons and selects, flattened out of the components. */
  buttons: Json[];
  customIds: string[];
  /** Content, embed titles/descriptions/fields/footers/authors and button labels, joined with newlines. */
  text: string;
}

export function flattenComponents(components: Json[] | undefined): Json[] {
  const out: Json[] = [];
  const walk = (c: Json): void => {
    if (!c || typeof c !== 'object') return;
    if (c.type === 2 || (c.type >= 3 && c.type <= 8 && c.type !== 4)) out.push(c);
    if (Array.isArray(c.components)) c.components.forEach(walk);
    if (c.component) walk(c.component);
    if (c.accessory) walk(c.accessory);
  };
  (components ?? []).forEach(walk);
  return out;
}

export function textOf(content: string | undefined, embeds: Json[] | undefined, components: Json[] | undefined): string {
  const parts: string[] = [];
  if (content) parts.push(content);
  for (const e of embeds ?? []) {
    if (e?.author?.name) parts.push(e.author.name);
    if (e?.title) parts.push(e.title);
    if (e?.description) parts.push(e.description);
    for (const f of e?.fields ?? []) parts.push(`${f.name}\n${f.value}`);
    if (e?.footer?.text) parts.push(e.footer.text);
  }
  const walk = (c: Json): void => {
    if (!c || typeof c !== 'object') return;
    if (typeof c.label === 'string') parts.push(c.label);
    if (c.type === 10 && typeof c.content === 'string') parts.push(c.content);
    if (Array.isArray(c.components)) c.components.forEach(walk);
    if (c.accessory) walk(c.accessory);
  };
  (components ?? []).forEach(walk);
  return parts.join('\n');
}

export function makeAnswer(
  kind: Answer['kind'],
  callbackType: number | null,
  request: RecordedRequest,
  data: Json,
  dispatchedAt: number,
  ephemeral: boolean,
  message: Json | undefined,
): Answer {
  const d = data ?? {};
  const components: Json[] = Array.isArray(d.components) ? d.components : [];
  const buttons = callbackType === CallbackType.Modal ? [] : flattenComponents(components);
  return {
    kind,
    callbackType,
    request,
    at: request.at,
    latencyMs: request.at - dispatchedAt,
    data: d,
    content: typeof d.content === 'string' ? d.content : undefined,
    embeds: Array.isArray(d.embeds) ? (d.embeds as APIEmbed[]) : [],
    components,
    flags: typeof d.flags === 'number' ? d.flags : 0,
    ephemeral,
    files: request.files,
    attachments: request.files,
    allowedMentions: d.allowed_mentions,
    message,
    modal: callbackType === CallbackType.Modal ? d : undefined,
    choices: callbackType === CallbackType.AutocompleteResult ? (Array.isArray(d.choices) ? d.choices : []) : undefined,
    buttons,
    customIds: buttons.map((b) => b.custom_id).filter((id): id is string => typeof id === 'string'),
    text: textOf(d.content, d.embeds, callbackType === CallbackType.Modal ? [] : components),
  };
}

interface Waiter {
  pred: () => boolean;
  resolve: () => void;
}

/**
 * A dispatched interaction: what the bot answered, and promises to wait for it.
 * (The fake keeps its bookkeeping in the fields marked internal.)
 */
export class InteractionHandle {
  readonly callbacks: RecordedRequest[] = [];
  readonly edits: RecordedRequest[] = [];
  readonly followUps: RecordedRequest[] = [];
  /** Every response in arrival order. */
  readonly responses: Answer[] = [];
  /** @internal the first callback's type */
  ackType: number | null = null;
  /** @internal the @original message id */
  originalId: string | null = null;
  /** @internal whether @original is ephemeral */
  originalEphemeral = false;
  /** @internal follow-up message ids */
  readonly followUpIds = new Set<string>();
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: number,
    /** The INTERACTION_CREATE `d` as dispatched. */
    readonly payload: Json,
    readonly userId: string,
    readonly channelId: string,
    readonly guildId: string | null,
    /** performance.now() right before the dispatch was written to the socket. */
    public dispatchedAt: number,
    /** Fake-clock time of the dispatch. */
    public dispatchedTime: number,
    private readonly defaultTimeoutMs: number,
    private readonly describe: () => string,
    /** @internal the message a component interaction came from */
    readonly sourceMessageId: string | null,
  ) {}

  get acknowledged(): boolean {
    return this.ackType !== null;
  }

  get deferred(): boolean {
    return this.ackType === CallbackType.DeferredChannelMessageWithSource || this.ackType === CallbackType.DeferredUpdateMessage;
  }

  /** @internal */
  pushResponse(answer: Answer): void {
    this.responses.push(answer);
    for (const w of [...this.waiters]) {
      if (w.pred()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  private waitUntil<T>(pred: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = pred();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        pred: () => pred() !== undefined,
        resolve: () => {
          realClearTimeout(timer);
          resolve(pred() as T);
        },
      };
      const timer = realSetTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`fake Discord: no ${what} for interaction ${this.id} (${this.summary()}) within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private summary(): string {
    const name = this.payload?.data?.name ?? this.payload?.data?.custom_id ?? '?';
    const got = this.responses.map((r) => (r.kind === 'callback' ? `callback type ${r.callbackType}` : r.kind)).join(', ');
    return `type ${this.type} "${name}"; responses so far: ${got || 'none'}`;
  }

  /** The first response that carries an answer: a callback of type 4/7/8/9, or, after a deferral, the first edit or follow-up. */
  findAnswer(): Answer | undefined {
    return this.responses.find(
      (r) =>
        !(
          r.kind === 'callback' &&
          (r.callbackType === CallbackType.DeferredChannelMessageWithSource || r.callbackType === CallbackType.DeferredUpdateMessage)
        ),
    );
  }

  /** Resolves with the request that carries the answer (see `findAnswer`). */
  answer(timeoutMs = this.defaultTimeoutMs): Promise<Answer> {
    return this.waitUntil(() => this.findAnswer(), timeoutMs, 'answer');
  }

  /** Resolves when the bot has acknowledged the interaction (any callback). */
  acknowledgement(timeoutMs = this.defaultTimeoutMs): Promise<Answer> {
    return this.waitUntil(() => this.responses.find((r) => r.kind === 'callback'), timeoutMs, 'callback');
  }

  /** Resolves when at least `n` responses (callbacks, edits, follow-ups) have arrived. */
  waitForResponses(n: number, timeoutMs = this.defaultTimeoutMs): Promise<Answer[]> {
    return this.waitUntil(() => (this.responses.length >= n ? this.responses.slice(0, n) : undefined), timeoutMs, `${n} responses`);
  }

  /** Resolves with the first response matching `pred`. */
  waitForResponse(pred: (a: Answer) => boolean, timeoutMs = this.defaultTimeoutMs): Promise<Answer> {
    return this.waitUntil(() => this.responses.find(pred), timeoutMs, 'matching response');
  }

  /** Resolves with the n-th follow-up (0-based). */
  followUp(n = 0, timeoutMs = this.defaultTimeoutMs): Promise<Answer> {
    return this.waitUntil(() => this.responses.filter((r) => r.kind === 'followUp')[n], timeoutMs, `follow-up #${n}`);
  }

  /** Time since dispatch, ms. */
  get age(): number {
    return perfNow() - this.dispatchedAt;
  }

  isEphemeralFlags(flags: number): boolean {
    return (flags & EPHEMERAL) !== 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Building `data` for slash commands and autocomplete

export interface ResolveContext {
  user(id: string): Json | undefined;
  member(id: string): Json | undefined;
  channel(id: string): Json | undefined;
  role(id: string): Json | undefined;
}

export interface CommandSpec {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

interface BuiltOptions {
  options: Json[];
  resolved: Record<string, Record<string, Json>>;
}

function inferType(value: OptionValue): TypedOption {
  if (typeof value === 'object') return value;
  if (typeof value === 'boolean') return { type: OptionType.Boolean, value };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? OptionType.Integer : OptionType.Number, value };
  return { type: OptionType.String, value };
}

function addResolved(out: BuiltOptions, type: number, id: string, ctx: ResolveContext, where: string): void {
  const put = (kind: string, value: Json): void => {
    out.resolved[kind] ??= {};
    out.resolved[kind]![id] = value;
  };
  const fail = (what: string): never => {
    throw new Error(`fake Discord: ${where}: unknown ${what} ${id}`);
  };
  switch (type) {
    case OptionType.User: {
      put('users', ctx.user(id) ?? fail('user'));
      const m = ctx.member(id);
      if (m) put('members', m);
      break;
    }
    case OptionType.Channel:
      put('channels', ctx.channel(id) ?? fail('channel'));
      break;
    case OptionType.Role:
      put('roles', ctx.role(id) ?? fail('role'));
      break;
    case OptionType.Mentionable: {
      const role = ctx.role(id);
      if (role) put('roles', role);
      else {
        put('users', ctx.user(id) ?? fail('user or role'));
        const m = ctx.member(id);
        if (m) put('members', m);
      }
      break;
    }
    default:
      break;
  }
}

/**
 * Builds `options`/`resolved` from plain values, typed by the registered definition when there is
 * one. Throws (test bug) on options Discord's client would not let a user send.
 */
export function buildOptionList(
  defs: Json[] | undefined,
  values: Record<string, OptionValue>,
  ctx: ResolveContext,
  where: string,
  focused?: string,
  out: BuiltOptions = { options: [], resolved: {} },
): BuiltOptions {
  const checkDefs = Array.isArray(defs);
  for (const [name, raw] of Object.entries(values)) {
    const def = checkDefs ? defs.find((d: Json) => d.name === name && d.type !== 1 && d.type !== 2) : undefined;
    if (checkDefs && !def) {
      const known = defs.map((d: Json) => d.name).join(', ') || 'none';
      throw new Error(`fake Discord: ${where}: no option "${name}" (options: ${known})`);
    }
    const typed = inferType(raw);
    const type: number = def ? def.type : typed.type;
    let value: string | number | boolean = typed.value;
    const isFocused = focused === name;
    if (!isFocused) {
      if (type === OptionType.String) value = String(value);
      if (type === OptionType.Integer || type === OptionType.Number) {
        value = Number(value);
        if (!Number.isFinite(value) || (type === OptionType.Integer && !Number.isInteger(value))) {
          throw new Error(`fake Discord: ${where}: option "${name}" needs ${type === OptionType.Integer ? 'an integer' : 'a number'}`);
        }
        if (def && typeof def.min_value === 'number' && value < def.min_value) throw new Error(`fake Discord: ${where}: "${name}" below min_value ${def.min_value}`);
        if (def && typeof def.max_value === 'number' && value > def.max_value) throw new Error(`fake Discord: ${where}: "${name}" above max_value ${def.max_value}`);
      }
      if (type === OptionType.Boolean) value = value === true || value === 'true';
      if (def && Array.isArray(def.choices) && def.choices.length > 0 && !def.choices.some((c: Json) => c.value === value)) {
        throw new Error(`fake Discord: ${where}: "${String(value)}" is not a choice of "${name}" (${def.choices.map((c: Json) => JSON.stringify(c.value)).join(', ')})`);
      }
      if (def && type === OptionType.String && typeof value === 'string') {
        if (typeof def.max_length === 'number' && value.length > def.max_length) throw new Error(`fake Discord: ${where}: "${name}" longer than max_length ${def.max_length}`);
        if (typeof def.min_length === 'number' && value.length < def.min_length) throw new Error(`fake Discord: ${where}: "${name}" shorter than min_length ${def.min_length}`);
      }
      if ([OptionType.User, OptionType.Channel, OptionType.Role, OptionType.Mentionable].includes(type as 6)) {
        value = String(value);
        addResolved(out, type, value, ctx, where);
        if (type === OptionType.Channel && def && Array.isArray(def.channel_types)) {
          const ch = out.resolved.channels?.[value];
          if (ch && !def.channel_types.includes(ch.type)) {
            throw new Error(`fake Discord: ${where}: channel ${value} (type ${ch.type}) is not one of channel_types ${JSON.stringify(def.channel_types)}`);
          }
        }
      }
    } else {
      value = String(value);
    }
    const option: Json = { name, type, value };
    if (isFocused) option.focused = true;
    out.options.push(option);
  }
  if (checkDefs && focused === undefined) {
    for (const d of defs) {
      if (d.required && d.type !== 1 && d.type !== 2 && !(d.name in values)) {
        throw new Error(`fake Discord: ${where}: required option "${d.name}" missing`);
      }
    }
  }
  if (focused !== undefined && !(focused in values)) {
    throw new Error(`fake Discord: ${where}: the focused option "${focused}" needs a value`);
  }
  return out;
}

/** Builds the interaction `data` of a slash command (or autocomplete when `focused` is set). */
export function buildCommandData(def: Json | undefined, spec: CommandSpec, commandId: string, ctx: ResolveContext, focused?: string): Json {
  const where = `/${[spec.name, spec.subcommandGroup, spec.subcommand].filter(Boolean).join(' ')}`;
  const values = spec.options ?? {};
  let leafDefs: Json[] | undefined = def ? (Array.isArray(def.options) ? def.options : []) : undefined;
  const hasSubs = leafDefs?.some((o: Json) => o.type === 1 || o.type === 2) ?? false;
  if (def && hasSubs && !spec.subcommand) {
    throw new Error(`fake Discord: ${where} needs a subcommand (${leafDefs!.map((o: Json) => o.name).join(', ')})`);
  }
  let groupDef: Json | undefined;
  if (spec.subcommandGroup) {
    if (leafDefs) {
      groupDef = leafDefs.find((o: Json) => o.type === 2 && o.name === spec.subcommandGroup);
      if (!groupDef) throw new Error(`fake Discord: ${where}: no subcommand group "${spec.subcommandGroup}"`);
      leafDefs = groupDef.options ?? [];
    }
  }
  if (spec.subcommand && leafDefs) {
    const subDef = leafDefs.find((o: Json) => o.type === 1 && o.name === spec.subcommand);
    if (!subDef) {
      throw new Error(`fake Discord: ${where}: no subcommand "${spec.subcommand}" (${leafDefs.filter((o: Json) => o.type === 1).map((o: Json) => o.name).join(', ')})`);
    }
    leafDefs = subDef.options ?? [];
  } else if (def && !spec.subcommand && spec.subcommandGroup) {
    throw new Error(`fake Discord: ${where}: a group needs a subcommand`);
  }
  const built = buildOptionList(leafDefs, values, ctx, where, focused);
  let options: Json[] = built.options;
  if (spec.subcommand) {
    options = [{ name: spec.subcommand, type: OptionType.Subcommand, options }];
    if (spec.subcommandGroup) options = [{ name: spec.subcommandGroup, type: OptionType.SubcommandGroup, options }];
  }
  const data: Json = { id: commandId, name: spec.name, type: 1 };
  if (def?.guild_id) data.guild_id = def.guild_id;
  if (options.length > 0) data.options = options;
  if (Object.keys(built.resolved).length > 0) data.resolved = built.resolved;
  return data;
}
