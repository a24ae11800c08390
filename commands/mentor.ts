import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIEmbed,
  type APIEmbedField,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { z } from 'zod';
import { renderPlatforms } from '../src/content/render.js';
import { isFocus, type Focus } from '../src/content/schema.js';
import { defineCommand, type Context, type Reply } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { MENTORING_THREAD_PERMISSIONS, permissionLabel, requireMemberPermission, type PermissionName } from '../src/discord/permissions.js';
import { truncate } from '../src/text/format.js';
import { DISCORD_LIMITS } from '../src/text/limits.js';
import { counted, joinList, term, userText, type Lang, type Translate, type UiKey } from '../src/i18n/index.js';
import { focusLabel, helpedRow, MENTOR_ACCENT, mentorIds, plainName, requestModal, declineModal, askModal, answerModal, ANSWER_INPUT, QUESTION_INPUT, REASON_INPUT } from '../src/mentoring/messages.js';
import type { Introduction, OfferView } from '../src/mentoring/mentoring.js';
import {
  ANSWER_MAX,
  CAPACITY_DEFAULT,
  CAPACITY_MAX,
  CAPACITY_MIN,
  NOTE_MAX,
  QUESTION_MAX,
  REASON_MAX,
  REQUEST_TEXT_LIMITS,
  type MentorOffer,
  type MentorRequest,
} from '../src/mentoring/records.js';
import { focusNamed, matchesTopic, parseTopics, topicChoices, topicListChoices, type FocusLabels } from '../src/mentoring/topics.js';
import { LANGUAGES } from '../src/i18n/index.js';

/** Mentors shown by one `/mentor find`: two rows of Request buttons. */
const FIND_SHOWN = 10;

const sub = <N extends string>(name: N, description: string) => ({ type: ApplicationCommandOptionType.Subcommand, name, description }) as const;

const labels = (ctx: Context<unknown>): FocusLabels => ({
  en: ctx.services.content.platformsPage('en').focusLabels,
  ar: ctx.services.content.platformsPage('ar').focusLabels,
});

/** How the member is named to others: their server nickname, else their Discord name. */
function displayName(interaction: Interaction): string {
  const member = interaction.member as { displayName?: string; nick?: string | null } | null;
  return member?.displayName ?? member?.nick ?? interaction.user.globalName ?? interaction.user.username;
}

function guildOnly(ctx: Context<Interaction>): string {
  if (!ctx.guildId) throw new UserError('error.guild_only');
  return ctx.guildId;
}

const languageNames = (t: Translate, lang: Lang, languages: readonly Lang[]) => joinList(languages.map((code) => t(`mentor.lang.${code}`)), lang);

/** Topics as a member reads them: kinds of help in their language, then specialities as written. */
const topicsText = (ctx: Context<unknown>, offer: MentorOffer) =>
  [...offer.topics.map((focus) => focusLabel(ctx.services.content, ctx.lang, focus)!), ...offer.specialities.map(plainName)].join(' · ');

function offerFields(ctx: Context<unknown>, view: OfferView): APIEmbedField[] {
  const { t, lang } = ctx;
  const { offer } = view;
  const fields: APIEmbedField[] = [
    { name: t('mentor.field.topics'), value: truncate(topicsText(ctx, offer)) },
    { name: t('mentor.field.languages'), value: languageNames(t, lang, offer.languages), inline: true },
    { name: t('mentor.field.mentees'), value: t('mentor.mentees_now', { count: view.mentees, capacity: offer.capacity }), inline: true },
  ];
  if (offer.note) fields.push({ name: t('mentor.field.note'), value: truncate(userText(t, offer.note), DISCORD_LIMITS.fieldValue) });
  return fields;
}

const ephemeral = (content: string, extra: Partial<Reply> = {}): Reply => ({ content, ephemeral: true, ...extra });

/** The platforms for a kind of help, after a message: the next step when no mentor here fits. */
function withPlatforms(ctx: Context<unknown>, content: string, focus: Focus | undefined): Reply {
  const platforms = renderPlatforms(ctx.services.content, ctx.lang, focus);
  return { content, embeds: platforms.embeds, components: platforms.components, ephemeral: true };
}

const text = (max: number) => z.string().trim().max(max);
const requestSchema = z.object({
  help: text(REQUEST_TEXT_LIMITS.help).min(1),
  goal: text(REQUEST_TEXT_LIMITS.goal),
  tried: text(REQUEST_TEXT_LIMITS.tried),
});

/** A text input's value, trimmed; a UserError naming the field when it is too long. */
function field(ctx: Context<ModalSubmitInteraction>, id: string, max: number, label: UiKey): string {
  const value = ctx.interaction.fields.getTextInputValue(id).trim();
  if ([...value].length > max) throw new UserError('session.too_long', { field: term(label), max: counted('count.characters', max) });
  return value;
}

function acceptedText(ctx: Context<unknown>, intro: Introduction): string {
  const { t, lang } = ctx;
  if (intro.via === 'thread') return intro.threadId ? t('mentor.accepted.thread', { thread: `<#${intro.threadId}>` }) : t('mentor.accepted.soon');
  if (!intro.channelId) return t('mentor.accepted.dm');
  const names = (intro.missing ?? []).filter((name) => !name.startsWith('code:')) as PermissionName[];
  if (names.length > 0) {
    return t('mentor.accepted.dm_missing', { channel: `<#${intro.channelId}>`, permissions: joinList(names.map((name) => `**${permissionLabel(t, name)}**`), lang) });
  }
  return t('mentor.accepted.dm_refused', { channel: `<#${intro.channelId}>` });
}

/** Picks one of the member's requests: the value autocomplete gave, else the only one there is. */
function pick(requests: readonly MentorRequest[], value: string | undefined, none: 'mentor.no_waiting' | 'mentor.no_mentorship', unknown: 'mentor.request_unknown' | 'mentor.mentorship_unknown'): MentorRequest {
  if (value) {
    const found = requests.find((request) => request.id === value.trim());
    if (!found) throw new UserError(unknown, { value });
    return found;
  }
  if (requests.length === 0) throw new UserError(none);
  if (requests.length > 1) throw new UserError(unknown, { value: '' });
  return requests[0]!;
}

const requestLabel = (request: MentorRequest, userId: string, lang: Lang, t: Translate) => {
  const other = request.menteeId === userId ? request.mentorName : request.menteeName;
  const date = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB', { day: 'numeric', month: 'short' }).format(request.createdAt);
  return truncate(`${other ?? t('mentor.someone')} · ${date}`, 100);
};

/** The member's requests in this server with `status`, named by the other side and the date, matching what was typed. */
async function requestChoices(ctx: Context<unknown>, value: string, status: MentorRequest['status'], role?: 'mentee' | 'mentor') {
  const wanted = value.trim();
  return (await ctx.services.mentoring.requestsOf(ctx.userId, role))
    .filter((item) => item.status === status && item.guildId === ctx.guildId)
    .map((item) => ({ name: requestLabel(item, ctx.userId, ctx.lang, ctx.t), value: item.id }))
    .filter((choice) => !wanted || choice.name.toLowerCase().includes(wanted.toLowerCase()) || choice.value === wanted)
    .slice(0, 25);
}

/** Withdraws a waiting request, from `/mentor cancel` or the button under the sent reply. */
async function cancelRequest(ctx: Context<unknown>, requestId: string): Promise<Reply> {
  const cancelled = await ctx.services.mentoring.cancel(requestId, ctx.userId, ctx.now());
  return ephemeral(ctx.t('mentor.cancelled', { name: plainName(cancelled.mentorName ?? '') || ctx.t('mentor.someone') }));
}

/** `/mentor …`: in-server mentoring. Everything about a request is private: ephemeral, in DM, or in the pair's thread. */
export default defineCommand({
  definition: {
    name: 'mentor',
    description: 'Mentors in this server: offer to mentor, find a mentor, and manage your mentorships',
    contexts: [InteractionContextType.Guild],
    options: [
      {
        ...sub('offer', 'Offer to mentor members of this server (run again to edit your offer)'),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'topics',
            description: 'Kinds of help (technical, career, academic, startup, interview) and specialities, comma-separated',
            required: true,
            autocomplete: true,
            max_length: 250,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'languages',
            description: 'Languages you mentor in (default: the one I speak with you)',
            choices: [
              { name: 'Arabic', value: 'ar' },
              { name: 'English', value: 'en' },
              { name: 'Both', value: 'both' },
            ],
          },
          { type: ApplicationCommandOptionType.Integer, name: 'capacity', description: `Mentees at once, ${CAPACITY_MIN}–${CAPACITY_MAX} (default ${CAPACITY_DEFAULT})`, min_value: CAPACITY_MIN, max_value: CAPACITY_MAX },
          { type: ApplicationCommandOptionType.String, name: 'note', description: 'A few words about you and how you can help', max_length: NOTE_MAX },
        ],
      },
      sub('pause', 'Hide your offer from /mentor find for now (requests already sent stay open)'),
      sub('resume', 'Show your offer in /mentor find again'),
      sub('retire', 'Stop mentoring here: waiting requests are closed kindly'),
      {
        ...sub('find', 'Mentors in this server with a free place, each with a Request button'),
        options: [
          { type: ApplicationCommandOptionType.String, name: 'topic', description: 'A kind of help or a speciality', autocomplete: true, max_length: 100 },
          {
            type: ApplicationCommandOptionType.String,
            name: 'language',
            description: 'Only mentors who speak this language',
            choices: [
              { name: 'Arabic', value: 'ar' },
              { name: 'English', value: 'en' },
            ],
          },
        ],
      },
      {
        ...sub('cancel', 'Withdraw a request that is still waiting for an answer'),
        options: [{ type: ApplicationCommandOptionType.String, name: 'request', description: 'One of your waiting requests', autocomplete: true, max_length: 100 }],
      },
      {
        ...sub('end', 'End a mentorship (either side): the place is freed at once'),
        options: [{ type: ApplicationCommandOptionType.String, name: 'mentorship', description: 'One of your mentorships', autocomplete: true, max_length: 100 }],
      },
      {
        ...sub('setup', 'Moderators: where introductions happen (private threads in a channel)'),
        options: [{ type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'A text channel', required: true, channel_types: [ChannelType.GuildText] }],
      },
      sub('list', 'Moderators: every mentor offer in this server, with its status'),
      {
        ...sub('remove', "Moderators: remove a member's mentor offer (they are told)"),
        options: [{ type: ApplicationCommandOptionType.String, name: 'member', description: 'A mentor of this server', required: true, autocomplete: true, max_length: 100 }],
      },
    ],
  },
  handlers: {
    offer: async (ctx, args): Promise<Reply> => {
      const guildId = guildOnly(ctx);
      const { topics, specialities } = parseTopics(args.topics, labels(ctx));
      const languages: Lang[] = args.languages === 'both' ? [...LANGUAGES] : args.languages ? [args.languages] : [ctx.lang];
      const note = args.note?.trim() || undefined;
      const { offer, created } = await ctx.services.mentoring.offer(
        {
          guildId,
          guildName: ctx.interaction.guild?.name ?? '',
          mentorId: ctx.userId,
          name: displayName(ctx.interaction),
          topics,
          specialities,
          languages,
          capacity: args.capacity ?? CAPACITY_DEFAULT,
          note,
        },
        ctx.now(),
      );
      const view = (await ctx.services.mentoring.ownOffer(guildId, ctx.userId))!;
      const embed: APIEmbed = {
        title: ctx.t(created ? 'mentor.offer.created' : 'mentor.offer.updated'),
        description: ctx.t(offer.status === 'paused' ? 'mentor.offer.body_paused' : 'mentor.offer.body'),
        color: MENTOR_ACCENT,
        fields: offerFields(ctx, view),
      };
      return { embeds: [embed], ephemeral: true };
    },
    pause: async (ctx) => {
      await ctx.services.mentoring.pause(guildOnly(ctx), ctx.userId, ctx.now());
      return ephemeral(ctx.t('mentor.paused'));
    },
    resume: async (ctx) => {
      const { was, reason } = await ctx.services.mentoring.resume(guildOnly(ctx), ctx.userId, ctx.now());
      if (was === 'active') return ephemeral(ctx.t('mentor.already_active'));
      return ephemeral(ctx.t(reason === 'dm-closed' ? 'mentor.resumed_dms' : 'mentor.resumed'));
    },
    retire: async (ctx) => {
      const { closed } = await ctx.services.mentoring.retire(guildOnly(ctx), ctx.userId, ctx.now());
      return ephemeral(ctx.t('mentor.retired', { closed: counted('count.waiting_requests', closed) }));
    },
    find: async (ctx, { topic, language }): Promise<Reply> => {
      const guildId = guildOnly(ctx);
      const focusLabels = labels(ctx);
      const wanted = topic?.trim();
      const focus = wanted ? focusNamed(wanted, focusLabels) : undefined;
      const found = await ctx.services.mentoring.find(
        guildId,
        ctx.userId,
        (offer) => (!wanted || matchesTopic(offer, wanted, focusLabels)) && (!language || offer.languages.includes(language)),
      );
      if (found.length === 0) return withPlatforms(ctx, ctx.t('mentor.find.none'), focus);
      const shown = found.slice(0, FIND_SHOWN);
      const embed: APIEmbed = {
        title: ctx.t('mentor.find.title'),
        description: ctx.t('mentor.find.body'),
        color: MENTOR_ACCENT,
        fields: shown.map((view, i) => ({
          name: truncate(`${i + 1}. ${plainName(view.offer.name)}`, 256),
          value: truncate(
            [
              ctx.t('field.line', { label: term('mentor.field.topics'), value: topicsText(ctx, view.offer) }),
              ctx.t('field.line', { label: term('mentor.field.languages'), value: languageNames(ctx.t, ctx.lang, view.offer.languages) }),
              ctx.t('field.line', { label: term('mentor.field.mentees'), value: ctx.t('mentor.mentees_now', { count: view.mentees, capacity: view.offer.capacity }) }),
              ...(view.offer.note ? [userText(ctx.t, view.offer.note)] : []),
            ].join('\n'),
            DISCORD_LIMITS.fieldValue,
          ),
        })),
        ...(found.length > shown.length ? { footer: { text: ctx.t('mentor.find.more', { shown: shown.length, total: found.length }) } } : {}),
      };
      const buttons = shown.map((view, i) => ({
        type: ComponentType.Button as const,
        style: ButtonStyle.Primary as const,
        custom_id: mentorIds.request(view.offer.mentorId, focus),
        label: truncate(ctx.t('mentor.button.request', { name: `${i + 1}. ${view.offer.name}` }), 80),
      }));
      const rows = [buttons.slice(0, 5), buttons.slice(5, 10)].filter((row) => row.length > 0).map((components) => ({ type: ComponentType.ActionRow as const, components }));
      return { embeds: [embed], components: rows, ephemeral: true };
    },
    cancel: async (ctx, { request }) => {
      guildOnly(ctx);
      const waiting = (await ctx.services.mentoring.requestsOf(ctx.userId, 'mentee')).filter((item) => item.status === 'pending' && item.guildId === ctx.guildId);
      return cancelRequest(ctx, pick(waiting, request, 'mentor.no_waiting', 'mentor.request_unknown').id);
    },
    end: async (ctx, { mentorship }) => {
      guildOnly(ctx);
      const active = (await ctx.services.mentoring.requestsOf(ctx.userId)).filter((item) => item.status === 'active' && item.guildId === ctx.guildId);
      const chosen = pick(active, mentorship, 'mentor.no_mentorship', 'mentor.mentorship_unknown');
      const ended = await ctx.services.mentoring.end(chosen.id, ctx.userId, ctx.now());
      const other = ended.menteeId === ctx.userId ? ended.mentorName : ended.menteeName;
      return ephemeral(ctx.t('mentor.ended', { name: other ? plainName(other) : ctx.t('mentor.someone') }), { components: [helpedRow(ctx.t, ended.id)] });
    },
    setup: async (ctx, { channel }) => {
      requireMemberPermission(ctx, 'ManageGuild');
      const guild = ctx.interaction.guild;
      const target = guild?.channels.cache.get(channel.id);
      const mention = `<#${channel.id}>`;
      if (!guild || !target || target.type !== ChannelType.GuildText) throw new UserError('mentor.setup.not_text', { channel: mention });
      const me = guild.members.me;
      const granted = me ? target.permissionsFor(me) : null;
      const missing = MENTORING_THREAD_PERMISSIONS.filter((name) => !granted?.has(PermissionFlagsBits[name]));
      if (missing.length > 0) {
        throw new UserError('mentor.setup.missing', { channel: mention, permissions: joinList(missing.map((name) => `**${permissionLabel(ctx.t, name)}**`), ctx.lang) });
      }
      await ctx.services.mentoring.setChannel(guild.id, channel.id);
      return ephemeral(ctx.t('mentor.setup.saved', { channel: mention }));
    },
    list: async (ctx): Promise<Reply> => {
      requireMemberPermission(ctx, 'ManageGuild');
      const views = await ctx.services.mentoring.list(guildOnly(ctx));
      if (views.length === 0) return ephemeral(ctx.t('mentor.list.none'));
      const embed: APIEmbed = {
        title: ctx.t('mentor.list.title'),
        color: MENTOR_ACCENT,
        fields: views.slice(0, 25).map((view) => ({
          name: truncate(`${plainName(view.offer.name)} · ${ctx.t(`mentor.status.${view.offer.status}`)}`, 256),
          value: truncate(
            [
              ctx.t('mentor.list.counts', { mentees: view.mentees, capacity: view.offer.capacity, waiting: view.waiting, helped: view.offer.helped }),
              ctx.t('field.line', { label: term('mentor.field.topics'), value: topicsText(ctx, view.offer) }),
            ].join('\n'),
            DISCORD_LIMITS.fieldValue,
          ),
        })),
        ...(views.length > 25 ? { footer: { text: ctx.t('mentor.find.more', { shown: 25, total: views.length }) } } : {}),
      };
      return { embeds: [embed], ephemeral: true };
    },
    remove: async (ctx, { member }) => {
      requireMemberPermission(ctx, 'ManageGuild');
      const { name } = await ctx.services.mentoring.remove(guildOnly(ctx), member.trim(), ctx.now());
      return ephemeral(ctx.t('mentor.removed', { name: plainName(name) }));
    },
  },
  autocomplete: {
    topics: async (ctx, value) => (ctx.guildId ? topicListChoices(value, await ctx.services.mentoring.specialities(ctx.guildId), labels(ctx), ctx.lang) : []),
    topic: async (ctx, value) => (ctx.guildId ? topicChoices(value, await ctx.services.mentoring.specialities(ctx.guildId), labels(ctx), ctx.lang) : []),
    request: (ctx, value) => requestChoices(ctx, value, 'pending', 'mentee'),
    mentorship: (ctx, value) => requestChoices(ctx, value, 'active'),
    member: async ({ services, guildId }, value) => {
      if (!guildId) return [];
      const wanted = value.trim().toLowerCase();
      return (await services.mentoring.list(guildId))
        .filter((view) => !view.offer.removed)
        .map((view) => ({ name: truncate(view.offer.name, 100), value: view.offer.mentorId }))
        .filter((choice) => !wanted || choice.name.toLowerCase().includes(wanted) || choice.value === wanted)
        .slice(0, 25);
    },
  },
  button: {
    /** `mentor:request:<mentorId>[:<focus>]`, under `/mentor find`: the form, once the request is possible. */
    request: async (ctx, [mentorId = '', focus]) => {
      await ctx.services.mentoring.checkRequest(guildOnly(ctx), ctx.userId, mentorId);
      return { modal: requestModal(ctx.t, mentorId, focus) };
    },
    accept: async (ctx, [requestId = '']) => {
      const { introduction, closedFull, capacity } = await ctx.services.mentoring.accept(requestId, ctx.userId, ctx.now());
      const full = closedFull > 0 ? `\n${ctx.t('mentor.accepted.full', { count: counted('count.mentees', capacity) })}` : '';
      return ephemeral(`${acceptedText(ctx, introduction)}${full}`);
    },
    decline: async (ctx, [requestId = '']) => {
      await requireWaiting(ctx, requestId, 'mentor');
      return { modal: declineModal(ctx.t, requestId) };
    },
    ask: async (ctx, [requestId = '']) => {
      await requireWaiting(ctx, requestId, 'mentor');
      return { modal: askModal(ctx.t, requestId) };
    },
    answer: async (ctx, [requestId = '', round = '1']) => {
      const request = await requireWaiting(ctx, requestId, 'mentee');
      if (request.questions[Number(round) - 1]?.answer !== undefined) throw new UserError('mentor.already_answered');
      return { modal: answerModal(ctx.t, requestId, Number(round)) };
    },
    block: async (ctx, [requestId = '']) => {
      const request = await ctx.services.mentoring.block(requestId, ctx.userId, ctx.now());
      return ephemeral(ctx.t('mentor.blocked', { server: plainName(request.guildName) }));
    },
    cancel: (ctx, [requestId = '']) => cancelRequest(ctx, requestId),
    helped: async (ctx, [requestId = '', answer = 'no']) => {
      const outcome = await ctx.services.mentoring.helped(requestId, ctx.userId, answer === 'yes', ctx.now());
      return ephemeral(ctx.t(outcome === 'thanks' ? 'mentor.helped.thanks' : 'mentor.helped.already'));
    },
    /** `mentor:resume-offer:<guildId>`, on the DM that says the offer was paused. */
    'resume-offer': async (ctx, [guildId = '']) => {
      const { was } = await ctx.services.mentoring.resume(guildId, ctx.userId, ctx.now());
      return ephemeral(ctx.t(was === 'active' ? 'mentor.already_active' : 'mentor.resumed'));
    },
  },
  modal: {
    'request-submit': async (ctx, [mentorId = '', focus]): Promise<Reply> => {
      const guildId = guildOnly(ctx);
      const help = field(ctx, 'help', REQUEST_TEXT_LIMITS.help, 'mentor.request.help');
      const goal = field(ctx, 'goal', REQUEST_TEXT_LIMITS.goal, 'mentor.request.goal');
      const tried = field(ctx, 'tried', REQUEST_TEXT_LIMITS.tried, 'mentor.request.tried');
      const parsed = requestSchema.safeParse({ help, goal, tried });
      if (!parsed.success) throw new UserError('mentor.request_empty');
      const { request, report } = await ctx.services.mentoring.request(
        {
          guildId,
          guildName: ctx.interaction.guild?.name ?? '',
          menteeId: ctx.userId,
          menteeName: displayName(ctx.interaction),
          mentorId,
          focus: focus && isFocus(focus) ? focus : undefined,
          help: parsed.data.help,
          goal: parsed.data.goal || undefined,
          tried: parsed.data.tried || undefined,
        },
        ctx.now(),
      );
      const name = plainName(request.mentorName ?? '');
      if (report.request === 'refused') return withPlatforms(ctx, ctx.t('mentor.request.undeliverable', { name }), request.focus);
      const cancel = {
        type: ComponentType.ActionRow as const,
        components: [{ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, custom_id: mentorIds.cancel(request.id), label: ctx.t('mentor.button.cancel') }],
      };
      return ephemeral(ctx.t(report.request === 'sent' ? 'mentor.request.sent' : 'mentor.request.queued', { name }), { components: [cancel] });
    },
    'decline-submit': async (ctx, [requestId = '']) => {
      const reason = field(ctx, REASON_INPUT, REASON_MAX, 'mentor.decline.reason');
      await ctx.services.mentoring.decline(requestId, ctx.userId, reason || undefined, ctx.now());
      const block = {
        type: ComponentType.ActionRow as const,
        components: [{ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, custom_id: mentorIds.block(requestId), label: ctx.t('mentor.button.block') }],
      };
      return ephemeral(ctx.t(reason ? 'mentor.declined_reason' : 'mentor.declined'), { components: [block] });
    },
    'ask-submit': async (ctx, [requestId = '']) => {
      const question = field(ctx, QUESTION_INPUT, QUESTION_MAX, 'mentor.ask.question');
      if (!question) throw new UserError('mentor.question_empty');
      await ctx.services.mentoring.ask(requestId, ctx.userId, question, ctx.now());
      return ephemeral(ctx.t('mentor.asked'));
    },
    'answer-submit': async (ctx, [requestId = '', round = '1']) => {
      const answer = field(ctx, ANSWER_INPUT, ANSWER_MAX, 'mentor.answer.answer');
      if (!answer) throw new UserError('mentor.answer_empty');
      await ctx.services.mentoring.answer(requestId, ctx.userId, Number(round), answer, ctx.now());
      return ephemeral(ctx.t('mentor.answered'));
    },
  },
});

/** A request waiting for an answer, of which the member is `role`; else a UserError saying what it is now. */
async function requireWaiting(ctx: Context<unknown>, requestId: string, role: 'mentee' | 'mentor'): Promise<MentorRequest> {
  const request = await ctx.services.mentoring.get(requestId);
  if (!request || (role === 'mentee' ? request.menteeId : request.mentorId) !== ctx.userId) throw new UserError('mentor.request_gone');
  if (request.status !== 'pending' || ctx.now() >= request.expireAt) {
    throw new UserError('mentor.request_not_pending', { status: term(`mentor.request_status.${request.status === 'pending' ? 'expired' : request.status}`) });
  }
  return request;
}

