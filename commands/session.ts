import { ApplicationCommandOptionType, InteractionContextType, type APIEmbed } from 'discord.js';
import { z } from 'zod';
import { defineCommand, type Context, type Reply } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { counted, term } from '../src/i18n/index.js';
import { timeZoneChoices, timeZoneOption, timeZoneOrThrow } from '../src/discord/schedule-options.js';
import { actionItemsModal, ACTION_ITEMS_INPUT, SESSION_ACCENT, sessionFields, sessionLabel } from '../src/sessions/messages.js';
import { ACTION_ITEMS_MAX, MAX_UPCOMING_SESSIONS, SESSION_TOPIC_MAX, SESSION_WITH_MAX } from '../src/store/records.js';
import { formatInstant, parseLocalDateTime, zonedWallClockToInstant } from '../src/time/index.js';

const actionItemsSchema = z.string().trim().max(ACTION_ITEMS_MAX);

/** Optional free text: trimmed, and absent when blank. */
const optionalText = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** Cancels by id, from `/session cancel` or a reminder's button. */
async function cancelSession(ctx: Context<unknown>, sessionId: string): Promise<Reply> {
  const { session, already } = await ctx.services.sessions.cancel(ctx.userId, sessionId, ctx.now());
  const when = formatInstant(session.startsAt, session.timeZone, ctx.lang);
  return { content: ctx.t(already ? 'session.already_cancelled' : 'session.cancelled', { when }), ephemeral: true };
}

/** `/session …`: mentor meetings, with "come ready" reminders before and a follow-up after. */
export default defineCommand({
  definition: {
    name: 'session',
    description: 'Your mentor sessions: reminders to come ready, and a follow-up to note action items',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Book a mentor session: I remind you 24 h and 1 h before',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'when',
            description: 'Local date and time, YYYY-MM-DD HH:MM (e.g. 2026-12-01 18:30)',
            required: true,
            min_length: 8,
            max_length: 20,
          },
          timeZoneOption,
          {
            type: ApplicationCommandOptionType.String,
            name: 'with',
            description: 'Who you meet (just a note for you: nobody is contacted)',
            max_length: SESSION_WITH_MAX,
          },
          { type: ApplicationCommandOptionType.String, name: 'topic', description: 'What you want to talk about', max_length: SESSION_TOPIC_MAX },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Your upcoming sessions' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'cancel',
        description: 'Cancel an upcoming session (its reminders stop)',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'session', description: 'One of your upcoming sessions', required: true, autocomplete: true, max_length: 100 },
        ],
      },
    ],
  },
  handlers: {
    add: async (ctx, args): Promise<Reply> => {
      const local = parseLocalDateTime(args.when);
      if (!local) throw new UserError('session.bad_when', { value: args.when });
      const timeZone = timeZoneOrThrow(args.timezone);
      const startsAt = zonedWallClockToInstant(local, timeZone);
      const now = ctx.now();
      // A time in the past is refused by the repository, naming it in the member's language.
      // Reminders speak the member's language, else their home server's: this server becomes home
      // if they have none yet.
      const input = { startsAt, timeZone, with: optionalText(args.with), topic: optionalText(args.topic) };
      const session = await ctx.services.sessions.add(ctx.userId, input, now, ctx.guildId);
      const before = session.done.includes('before-1h')
        ? undefined
        : session.done.includes('before-24h')
          ? ctx.t('session.added.before_1h')
          : ctx.t('session.added.before_both');
      const embed: APIEmbed = {
        title: ctx.t('session.added.title'),
        description: before ? ctx.t('session.added.reminders', { before }) : ctx.t('session.added.soon'),
        color: SESSION_ACCENT,
        fields: sessionFields(ctx.t, ctx.lang, session),
      };
      return { embeds: [embed], ephemeral: true };
    },
    list: async (ctx): Promise<Reply> => {
      const upcoming = await ctx.services.sessions.upcoming(ctx.userId, ctx.now());
      if (upcoming.length === 0) return { content: ctx.t('session.list.empty'), ephemeral: true };
      const embed: APIEmbed = {
        title: ctx.t('session.list.title'),
        color: SESSION_ACCENT,
        // At most 10 upcoming sessions, each one field: within Discord's 25 fields and 6,000 characters.
        fields: upcoming.slice(0, MAX_UPCOMING_SESSIONS).map((session) => ({
          name: formatInstant(session.startsAt, session.timeZone, ctx.lang),
          value: [
            session.with && ctx.t('field.line', { label: term('session.field.with'), value: session.with }),
            session.topic && ctx.t('field.line', { label: term('session.field.topic'), value: session.topic }),
          ]
            .filter(Boolean)
            .join('\n') || '—',
        })),
        footer: { text: ctx.t('session.list.footer') },
      };
      return { embeds: [embed], ephemeral: true };
    },
    cancel: (ctx, { session }) => cancelSession(ctx, session.trim()),
  },
  autocomplete: {
    timezone: (_ctx, value) => timeZoneChoices(value),
    session: async ({ services, userId, lang, now }, value) => {
      const wanted = value.trim().toLowerCase();
      return (await services.sessions.upcoming(userId, now()))
        .map((session) => ({ name: sessionLabel(lang, session), value: session.id }))
        .filter((choice) => !wanted || choice.name.toLowerCase().includes(wanted) || choice.value === value)
        .slice(0, 25);
    },
  },
  button: {
    /** `session:cancel:<sessionId>[:<reminder>]`, on the reminders before the start. */
    cancel: (ctx, [sessionId = '']) => cancelSession(ctx, sessionId),
    /** `session:notes:<sessionId>`, on the follow-up: opens the action-items form. */
    notes: async (ctx, [sessionId = '']) => {
      const session = await ctx.services.sessions.find(ctx.userId, sessionId);
      if (!session) throw new UserError('session.unknown', { value: sessionId });
      return { modal: actionItemsModal(ctx.t, session) };
    },
  },
  modal: {
    'notes-submit': async (ctx, [sessionId = '']) => {
      const parsed = actionItemsSchema.safeParse(ctx.interaction.fields.getTextInputValue(ACTION_ITEMS_INPUT));
      if (!parsed.success) throw new UserError('session.too_long', { field: term('session.notes.label'), max: counted('count.characters', ACTION_ITEMS_MAX) });
      if (!parsed.data) throw new UserError('session.notes.empty');
      await ctx.services.sessions.saveActionItems(ctx.userId, sessionId, parsed.data);
      return { content: ctx.t('session.notes.saved'), ephemeral: true };
    },
  },
});
