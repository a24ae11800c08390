import {
  ApplicationCommandOptionType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChannelType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type InteractionContextType,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Services } from '../services.js';

/* ---------- Definitions are data ---------- */

interface OptionBase {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}
export interface StringOptionDef extends OptionBase {
  readonly type: ApplicationCommandOptionType.String;
  readonly choices?: readonly { readonly name: string; readonly value: string }[];
  readonly autocomplete?: boolean;
  readonly min_length?: number;
  readonly max_length?: number;
}
export interface IntegerOptionDef extends OptionBase {
  readonly type: ApplicationCommandOptionType.Integer;
  readonly min_value?: number;
  readonly max_value?: number;
}
export interface ChannelOptionDef extends OptionBase {
  readonly type: ApplicationCommandOptionType.Channel;
  readonly channel_types?: readonly ChannelType[];
}
export type OptionDef = StringOptionDef | IntegerOptionDef | ChannelOptionDef;

export interface SubcommandDef {
  readonly type: ApplicationCommandOptionType.Subcommand;
  readonly name: string;
  readonly description: string;
  readonly options?: readonly OptionDef[];
}

export interface CommandDef {
  readonly name: string;
  readonly description: string;
  readonly options?: readonly SubcommandDef[] | readonly OptionDef[];
  readonly contexts?: readonly InteractionContextType[];
  readonly default_member_permissions?: string;
}

/* ---------- Argument types derived from the definition ---------- */

export type ResolvedChannel = NonNullable<CommandInteractionOption['channel']>;

type OptionValue<O extends OptionDef> = O extends { readonly type: ApplicationCommandOptionType.String }
  ? O extends { readonly choices: readonly { readonly value: infer V }[] }
    ? V
    : string
  : O extends { readonly type: ApplicationCommandOptionType.Integer }
    ? number
    : ResolvedChannel;

export type ArgsOf<Options extends readonly OptionDef[] | undefined> = Options extends readonly OptionDef[]
  ? {
      [O in Options[number] as O['name']]: O extends { readonly required: true } ? OptionValue<O> : OptionValue<O> | undefined;
    }
  : Record<string, never>;

/** Subcommand name → its arguments; a command without subcommands is its own single "subcommand". */
export type SubcommandArgs<C extends CommandDef> = C['options'] extends readonly SubcommandDef[]
  ? { [S in C['options'][number] as S['name']]: ArgsOf<S['options']> }
  : { [K in C['name']]: ArgsOf<Extract<C['options'], readonly OptionDef[]>> };

/* ---------- What handlers get and give ---------- */

export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** `description`: the attachment's text alternative (a picture's, for screen readers). */
  files?: { name: string; data: Buffer | string; description?: string }[];
  /** Only the user sees it. Anything about a user's own data, and every error, is ephemeral. */
  ephemeral?: boolean;
}

/** A handler may answer with a message or, for a button, a modal to fill in. */
export type Answer = Reply | { modal: APIModalInteractionResponseCallbackData };

export interface Context<I> {
  interaction: I;
  userId: string;
  guildId: string | null;
  lang: Lang;
  t: Translate;
  services: Services;
  now: () => number;
}

export type CommandContext = Context<ChatInputCommandInteraction>;

export type Handlers<C extends CommandDef> = {
  [S in keyof SubcommandArgs<C>]: (ctx: CommandContext, args: SubcommandArgs<C>[S]) => Promise<Answer> | Answer;
};

export interface ComponentHandlers {
  /** custom_id `<command>:<action>:<arg>…` → handlers[action](ctx, args). */
  button?: Record<string, (ctx: Context<ButtonInteraction>, args: string[]) => Promise<Answer> | Answer>;
  modal?: Record<string, (ctx: Context<ModalSubmitInteraction>, args: string[]) => Promise<Reply> | Reply>;
}

export interface SlashCommand<C extends CommandDef = CommandDef> extends ComponentHandlers {
  definition: C;
  handlers: Handlers<C>;
  /** Option name → choices for what the user has typed so far. */
  autocomplete?: Record<string, (ctx: Context<AutocompleteInteraction>, value: string) => Promise<ApplicationCommandOptionChoiceData[]> | ApplicationCommandOptionChoiceData[]>;
  /** A slow answer is deferred; this says whether that placeholder is private. Default: private. */
  publicReplies?: boolean;
  /** Subcommands whose work touches many records: deferred at once instead of after 2 s. */
  deferAtOnce?: readonly (keyof SubcommandArgs<C>)[];
}

/** Ties a definition to its handlers so the handlers' argument types follow the definition. */
export function defineCommand<const C extends CommandDef>(command: SlashCommand<C>): SlashCommand<C> {
  return command;
}

export const customId = (command: string, action: string, ...args: (string | number)[]): string =>
  [command, action, ...args].join(':');

/* ---------- Reading an interaction's options into the derived shape ---------- */

export function readArguments(
  definition: CommandDef,
  data: readonly CommandInteractionOption[],
): { subcommand: string; args: Record<string, unknown> } {
  const first = data[0];
  const isSub = first?.type === ApplicationCommandOptionType.Subcommand;
  const subcommand = isSub ? first.name : definition.name;
  const options = isSub ? (first.options ?? []) : data;
  const args: Record<string, unknown> = {};
  for (const option of options) {
    args[option.name] = option.type === ApplicationCommandOptionType.Channel ? option.channel : option.value;
  }
  return { subcommand, args };
}
