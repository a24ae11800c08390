import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { translator, type UiKey } from '../i18n/index.js';
import { StoredRecordError } from '../store/errors.js';
import type { Services } from '../services.js';
import { readArguments, type Answer, type Context, type Reply, type SlashCommand } from './command.js';
import { discordErrorCode, UserError } from './errors.js';
import { globalGate } from './global-gate.js';
import type { Speaker } from '../store/language.js';

type RunnableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

const NOTICES = {
  'dm-closed': 'checkin.dm_closed_notice',
  timezone: 'checkin.timezone_notice',
  unreadable: 'checkin.unreadable_notice',
} as const satisfies Record<NonNullable<Speaker['notice']>, UiKey>;

/** How a member's record is named to them, from its store key (`<namespace>:<key>`). */
const recordName = (key: string): UiKey => {
  const namespace = key.split(':')[0]?.startsWith('mentor') ? 'mentoring' : key.split(':')[0];
  const known = ['users', 'checkins', 'goals', 'sessions', 'deliveries', 'mentoring'] as const;
  return `record.${known.find((name) => name === namespace) ?? 'users'}`;
};

/** Discord allows 3 s for the first response; past this, a placeholder goes out first. */
const DEFER_AFTER_MS = 2_000;

/**
 * How a deferral went: accepted; refused for a passing reason (a 5xx), so the answer goes out
 * directly if it still can; or refused because Discord no longer knows the interaction (10062):
 * every further response would be refused the same, so none is tried.
 */
type Deferral = 'deferred' | 'refused' | 'gone';
const UNKNOWN_INTERACTION = 10062;

/**
 * A gateway client with the `Guilds` intent only and caches cut down to what the bot reads:
 * guilds, their channels and roles, and the bot's own member (for channel permissions).
 */
export function createClient(apiUrl: string): Client {
  const keepOwn = { maxSize: 0, keepOverLimit: (entry: { id: string; client: Client }) => entry.id === entry.client.user?.id };
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // Requests leave on an even beat under Discord's global limit, interaction edits first.
    rest: { api: apiUrl, makeRequest: globalGate() },
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      DMMessageManager: 0,
      GuildMessageManager: 0,
      ThreadMemberManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      BaseGuildEmojiManager: 0,
      GuildMemberManager: keepOwn,
      UserManager: keepOwn,
    }),
  });
}

function toDiscord(reply: Reply): InteractionReplyOptions {
  return {
    content: reply.content,
    embeds: reply.embeds,
    components: reply.components,
    files: reply.files?.map((file) => ({ attachment: Buffer.from(file.data), name: file.name, ...(file.description ? { description: file.description } : {}) })),
    flags: reply.ephemeral ? MessageFlags.Ephemeral : undefined,
    allowedMentions: { parse: [] },
  };
}

export interface LoadedApp {
  commands: readonly SlashCommand[];
  services: Services;
}

/**
 * Listens for interactions from the moment the client exists; while the commands and the store are
 * still loading (they load once the gateway session is up), an early interaction waits for them.
 */
export function attachInteractionHandlers(client: Client, app: Promise<LoadedApp>): void {
  let route: ((interaction: Interaction) => void) | undefined;
  app.then(
    ({ commands, services }) => (route = interactionRouter(commands, services)),
    () => undefined, // the start-up reports it
  );
  client.on(Events.InteractionCreate, (interaction) => {
    if (route) route(interaction);
    else void app.then(() => route?.(interaction), () => undefined);
  });
}

/** Routes every interaction to its command module and turns any failure into a private, translated reply. */
function interactionRouter(commands: readonly SlashCommand[], services: Services): (interaction: Interaction) => void {
  const byName = new Map(commands.map((command) => [command.definition.name, command]));

  /** Never fails: if the store cannot say how to speak to someone, they get what is cached, or English. */
  const contextFor = async <I extends Interaction>(interaction: I): Promise<Context<I> & { notice: Speaker['notice'] }> => {
    const { lang, notice } = await services.languages.speakerFor(interaction.user.id, interaction.guildId, services.clock()).catch((error: unknown) => {
      if (error instanceof StoredRecordError) services.log.error({ key: error.key, user: interaction.user.id }, 'stored record unreadable');
      else services.log.warn({ err: error, user: interaction.user.id }, 'language lookup failed; using the cached or default language');
      return { lang: services.languages.peek(interaction.user.id, interaction.guildId), notice: undefined };
    });
    return {
      notice,
      interaction,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      lang,
      t: translator(services.ui[lang], lang),
      services,
      now: services.clock,
    };
  };

  const respond = async (interaction: RepliableInteraction, answer: Answer, publicDefer: boolean, slow: Promise<Deferral> | undefined) => {
    if ('modal' in answer) {
      if (!interaction.isModalSubmit()) await interaction.showModal(answer.modal);
      return;
    }
    // A refused deferral leaves the interaction unacknowledged: answer it directly if it still can be.
    if (slow && (await slow) === 'deferred') {
      if (answer.ephemeral && publicDefer) {
        // The placeholder was public; an answer meant for one person must not replace it in view.
        await interaction.deleteReply();
        await interaction.followUp(toDiscord(answer));
      } else {
        const { flags: _flags, ...edit } = toDiscord(answer);
        await interaction.editReply(edit);
      }
      return;
    }
    await interaction.reply(toDiscord(answer));
  };

  const run = async (
    interaction: RunnableInteraction,
    command: SlashCommand,
    work: (ctx: Context<RunnableInteraction>) => Promise<Answer> | Answer,
  ) => {
    // The 3-second clock runs from here, whatever the store is doing: the deferral timer starts first.
    // Its promise is settled here at once: Discord refusing it (10062, a 5xx) while the handler still
    // works must not become an unhandled rejection. It resolves to how the deferral went.
    let slow: Promise<Deferral> | undefined;
    const publicDefer = interaction.isChatInputCommand() && command.publicReplies === true;
    const deferNow = interaction.isChatInputCommand() && (command.deferAtOnce as readonly string[] | undefined)?.includes(interaction.options.getSubcommand(false) ?? interaction.commandName);
    const defer = () =>
      (slow ??= interaction.deferReply(publicDefer ? {} : { flags: MessageFlags.Ephemeral }).then(
        (): Deferral => 'deferred',
        (error: unknown): Deferral => {
          services.log.warn({ err: error, interaction: interaction.id }, 'Discord refused the deferral; answering directly if still possible');
          return discordErrorCode(error) === UNKNOWN_INTERACTION ? 'gone' : 'refused';
        },
      ));
    if (deferNow) defer();
    const timer = deferNow ? undefined : setTimeout(defer, DEFER_AFTER_MS);
    const ctx = await contextFor(interaction);
    let answer: Answer;
    try {
      answer = await work(ctx);
    } catch (error) {
      if (error instanceof UserError) answer = { content: ctx.t(error.key, error.vars), ephemeral: true };
      else if (error instanceof StoredRecordError) {
        // One of the member's own records fails its schema: say which, and how to see or clear it.
        services.log.error({ key: error.key, user: ctx.userId }, 'stored record unreadable');
        answer = { content: ctx.t('error.unreadable', { what: ctx.t(recordName(error.key)) }), ephemeral: true };
      } else {
        services.log.error({ err: error, interaction: interaction.id, user: ctx.userId }, 'interaction failed');
        answer = { content: ctx.t('error.generic'), ephemeral: true };
      }
    } finally {
      clearTimeout(timer);
    }
    // Gone: logged once above; the work is done (and saved), but nobody is left to tell.
    if (slow && (await slow) === 'gone') return;
    await respond(interaction, answer, publicDefer, slow);
    if (ctx.notice && !('modal' in answer)) await tellNotice(interaction, ctx, ctx.notice);
  };

  /** Something the scheduler could not tell the member itself (DMs refused, a record set aside): once, privately. */
  const tellNotice = async (interaction: RepliableInteraction, ctx: Context<Interaction>, notice: NonNullable<Speaker['notice']>) => {
    // Cleared first, so two quick commands cannot both carry it.
    const taken = await services.checkins.takeNotice(ctx.userId);
    if (taken !== notice) return;
    await interaction.followUp({ content: ctx.t(NOTICES[notice]), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  };

  const dispatch = async (interaction: Interaction): Promise<void> => {
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) return;
      const { subcommand, args } = readArguments(command.definition, interaction.options.data);
      const handler = (command.handlers as Record<string, (ctx: Context<never>, args: unknown) => Promise<Answer> | Answer>)[subcommand];
      if (!handler) throw new Error(`no handler for /${command.definition.name} ${subcommand}`);
      await run(interaction, command, (ctx) => handler(ctx as never, args));
    } else if (interaction.isAutocomplete()) {
      await autocomplete(interaction);
    } else if (interaction.isButton() || interaction.isModalSubmit()) {
      const [name = '', action = '', ...args] = interaction.customId.split(':');
      const command = byName.get(name);
      const handler = interaction.isButton() ? command?.button?.[action] : command?.modal?.[action];
      if (!command || !handler) throw new Error(`no handler for component ${name}:${action}`);
      await run(interaction, command, (ctx) => (handler as (ctx: Context<never>, args: string[]) => Promise<Answer> | Answer)(ctx as never, args));
    }
  };

  const autocomplete = async (interaction: AutocompleteInteraction) => {
    const command = byName.get(interaction.commandName);
    const focused = interaction.options.getFocused(true);
    const suggest = command?.autocomplete?.[focused.name];
    if (!suggest) return interaction.respond([]);
    const ctx = await contextFor(interaction);
    const choices = await suggest(ctx, String(focused.value));
    await interaction.respond(choices.slice(0, 25));
  };

  return (interaction) => {
    dispatch(interaction).catch(async (error: unknown) => {
      services.log.error({ err: error, interaction: interaction.id, user: interaction.user.id }, 'interaction failed');
      if (!interaction.isRepliable()) return;
      try {
        const lang = services.languages.peek(interaction.user.id, interaction.guildId);
        const message = { content: translator(services.ui[lang], lang)('error.generic'), flags: MessageFlags.Ephemeral } as const;
        if (interaction.replied) await interaction.followUp(message);
        else if (interaction.deferred) await interaction.editReply({ content: message.content });
        else await interaction.reply(message);
      } catch (replyError) {
        services.log.warn({ err: replyError, interaction: interaction.id }, 'could not report the failure to the user');
      }
    });
  };
}
