import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Content } from '../content/load.js';
import { renderPlatforms } from '../content/render.js';
import type { Focus } from '../content/schema.js';
import { truncate } from '../text/format.js';
import { DISCORD_LIMITS } from '../text/limits.js';
import { userText, type Lang, type Translate, type UiKey } from '../i18n/index.js';
import { ANSWER_MAX, QUESTION_MAX, REASON_MAX, REQUEST_TEXT_LIMITS, type MentorOffer, type MentorRequest, type OutboxItem } from './records.js';

/** Murshid's colour for mentoring messages. */
export const MENTOR_ACCENT = 0x6b46c1;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Every custom_id of mentoring: `mentor:<action>:<args>` (see commands/mentor.ts). */
export const mentorIds = {
  request: (mentorId: string, focus?: Focus) => ['mentor', 'request', mentorId, ...(focus ? [focus] : [])].join(':'),
  requestSubmit: (mentorId: string, focus?: string) => ['mentor', 'request-submit', mentorId, ...(focus ? [focus] : [])].join(':'),
  accept: (requestId: string) => `mentor:accept:${requestId}`,
  decline: (requestId: string) => `mentor:decline:${requestId}`,
  declineSubmit: (requestId: string) => `mentor:decline-submit:${requestId}`,
  ask: (requestId: string) => `mentor:ask:${requestId}`,
  askSubmit: (requestId: string) => `mentor:ask-submit:${requestId}`,
  answer: (requestId: string, round: number) => `mentor:answer:${requestId}:${round}`,
  answerSubmit: (requestId: string, round: number) => `mentor:answer-submit:${requestId}:${round}`,
  block: (requestId: string) => `mentor:block:${requestId}`,
  cancel: (requestId: string) => `mentor:cancel:${requestId}`,
  helped: (requestId: string, yes: boolean) => `mentor:helped:${requestId}:${yes ? 'yes' : 'no'}`,
  resumeOffer: (guildId: string) => `mentor:resume-offer:${guildId}`,
};

/** The form's text inputs. */
export const REQUEST_INPUTS = ['help', 'goal', 'tried'] as const;
export const REASON_INPUT = 'reason';
export const QUESTION_INPUT = 'question';
export const ANSWER_INPUT = 'answer';

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;
const button = (style: ActionStyle, custom_id: string, label: string) => ({ type: ComponentType.Button as const, style, custom_id, label: truncate(label, 80) });
const row = (...components: ReturnType<typeof button>[]): Row => ({ type: ComponentType.ActionRow, components });

/** Accept · Decline · Ask for more: on the request, its reminder and each answer. */
export const decisionRow = (t: Translate, requestId: string): Row =>
  row(
    button(ButtonStyle.Success, mentorIds.accept(requestId), t('mentor.button.accept')),
    button(ButtonStyle.Danger, mentorIds.decline(requestId), t('mentor.button.decline')),
    button(ButtonStyle.Secondary, mentorIds.ask(requestId), t('mentor.button.ask')),
  );

/** "Did it help?": one row, after a mentorship ended. */
export const helpedRow = (t: Translate, requestId: string): Row =>
  row(button(ButtonStyle.Success, mentorIds.helped(requestId, true), t('mentor.button.helped_yes')), button(ButtonStyle.Secondary, mentorIds.helped(requestId, false), t('mentor.button.helped_no')));

/** What a member wrote, as an embed field value: their own direction kept, within Discord's 1,024. */
const written = (t: Translate, text: string): string => truncate(userText(t, text), DISCORD_LIMITS.fieldValue);

/** A member's name as plain text: never a mention, never Markdown. */
export const plainName = (name: string): string => escapeMarkdown(name.replace(/[@#<>]/g, (c) => `${c}\u200b`)).slice(0, 100);

/** The kind of help, as the member reads it. */
export const focusLabel = (content: Content, lang: Lang, focus: Focus | undefined): string | undefined => (focus ? content.platformsPage(lang).focusLabels[focus] : undefined);

/** What the mentee asked: the fields of the request DM and its reminder. */
function requestFields(t: Translate, lang: Lang, content: Content, request: MentorRequest): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const focus = focusLabel(content, lang, request.focus);
  if (focus) fields.push({ name: t('mentor.field.focus'), value: focus, inline: true });
  if (request.help) fields.push({ name: t('mentor.field.help'), value: written(t, request.help) });
  if (request.goal) fields.push({ name: t('mentor.field.goal'), value: written(t, request.goal) });
  if (request.tried) fields.push({ name: t('mentor.field.tried'), value: written(t, request.tried) });
  return fields;
}

/** The "come ready" checklist and where to go next, for an introduction. */
function readyFields(t: Translate): APIEmbedField[] {
  return [
    { name: t('session.reminder.checklist_title'), value: t('session.reminder.checklist') },
    { name: t('mentor.intro.next_title'), value: t('mentor.intro.next') },
  ];
}

export interface MessageInput {
  t: Translate;
  lang: Lang;
  content: Content;
  item: OutboxItem;
  request?: MentorRequest;
  offer?: MentorOffer;
  guildName: string;
  /** Carried in the footer, so the Outbox can find the message in the channel's history after a crash. */
  marker: string;
}

/** The message an outbox item sends, rendered in its reader's language when it is sent. */
export function mentoringMessage(input: MessageInput): RESTPostAPIChannelMessageJSONBody {
  const { t, lang, content, item, request, guildName, marker } = input;
  const server = plainName(guildName);
  const footer = { text: t('mentor.footer', { ref: marker }) };
  const embed = (title: string, description: string, fields: APIEmbedField[] = []): APIEmbed => ({
    title: truncate(title, 256),
    description,
    color: MENTOR_ACCENT,
    ...(fields.length > 0 ? { fields } : {}),
    footer,
  });
  /** The platforms for the request's kind of help: the next step when a request does not work out. */
  const withPlatforms = (title: string, description: string, fields: APIEmbedField[] = []): RESTPostAPIChannelMessageJSONBody => {
    const platforms = renderPlatforms(content, lang, request?.focus);
    return { embeds: [embed(title, description, fields), ...platforms.embeds], components: platforms.components };
  };

  if (item.kind === 'removed') return { embeds: [embed(t('mentor.dm.removed.title'), t('mentor.dm.removed.body', { server }))] };
  if (!request) throw new Error(`mentoring message ${item.kind} needs its request`);
  // A name is gone once its member deleted their data: the other side reads a neutral one.
  const mentor = request.mentorName ? plainName(request.mentorName) : t('mentor.the_mentor');
  const mention = (id: string | undefined, name: string | undefined) => (id ? `<@${id}>${name ? ` (${plainName(name)})` : ''}` : t('mentor.someone'));

  switch (item.kind) {
    case 'request':
      return {
        embeds: [embed(t('mentor.dm.request.title', { server }), t('mentor.dm.request.body', { server }), requestFields(t, lang, content, request))],
        components: [decisionRow(t, request.id)],
      };
    case 'remind':
      return {
        embeds: [embed(t('mentor.dm.remind.title'), t('mentor.dm.remind.body', { server }), requestFields(t, lang, content, request))],
        components: [decisionRow(t, request.id)],
      };
    case 'question': {
      const asked = request.questions[(item.round ?? 1) - 1];
      return {
        embeds: [embed(t('mentor.dm.question.title', { name: mentor }), t('mentor.dm.question.body', { name: mentor, server }), [{ name: t('mentor.field.question'), value: written(t, asked?.question ?? '') }])],
        components: [row(button(ButtonStyle.Primary, mentorIds.answer(request.id, item.round ?? 1), t('mentor.button.answer')))],
      };
    }
    case 'answer': {
      const asked = request.questions[(item.round ?? 1) - 1];
      return {
        embeds: [
          embed(t('mentor.dm.answer.title'), t('mentor.dm.answer.body', { server }), [
            { name: t('mentor.field.question'), value: written(t, asked?.question ?? '') },
            { name: t('mentor.field.answer'), value: written(t, asked?.answer ?? '') },
          ]),
        ],
        components: [decisionRow(t, request.id)],
      };
    }
    case 'declined':
      return withPlatforms(
        t('mentor.dm.declined.title', { name: mentor }),
        t('mentor.dm.declined.body', { name: mentor, server }),
        request.reason ? [{ name: t('mentor.field.reason'), value: written(t, request.reason) }] : [],
      );
    case 'expired':
      if (item.to === 'mentor') {
        const body = t('mentor.dm.expired_mentor.body', { server });
        return {
          embeds: [embed(t('mentor.dm.expired_mentor.title'), item.paused ? `${body}\n\n${t('mentor.dm.expired_mentor.paused', { server })}` : body)],
          ...(item.paused ? { components: [row(button(ButtonStyle.Primary, mentorIds.resumeOffer(request.guildId), t('mentor.button.resume')))] } : {}),
        };
      }
      return withPlatforms(t('mentor.dm.expired.title', { name: mentor }), t('mentor.dm.expired.body', { name: mentor, server }));
    case 'full':
      return withPlatforms(t('mentor.dm.full.title', { name: mentor }), t('mentor.dm.full.body', { name: mentor, server }));
    case 'closed':
      return withPlatforms(t('mentor.dm.closed.title', { name: mentor }), t('mentor.dm.closed.body', { name: mentor, server }));
    case 'undeliverable':
      return withPlatforms(t('mentor.dm.undeliverable.title', { name: mentor }), t('mentor.dm.undeliverable.body', { name: mentor, server }));
    case 'withdrawn':
      return { embeds: [embed(t('mentor.dm.withdrawn.title'), t('mentor.dm.withdrawn.body', { server }))] };
    case 'intro':
      if (item.to === 'mentee') {
        return { embeds: [embed(t('mentor.dm.intro_mentee.title'), t('mentor.dm.intro_mentee.body', { mentor: mention(request.mentorId, request.mentorName), server }), readyFields(t))] };
      }
      return { embeds: [embed(t('mentor.dm.intro_mentor.title'), t('mentor.dm.intro_mentor.body', { mentee: mention(request.menteeId, request.menteeName), server }), readyFields(t))] };
    case 'thread-intro': {
      const users = [request.menteeId, request.mentorId].filter((id): id is string => id !== undefined);
      return {
        // The pair's own thread: the one message that may ping, and only the two of them.
        content: users.map((id) => `<@${id}>`).join(' '),
        allowed_mentions: { parse: [], users },
        embeds: [embed(t('mentor.thread.title'), t('mentor.thread.body', { mentee: mention(request.menteeId, undefined), mentor: mention(request.mentorId, undefined) }), readyFields(t))],
      };
    }
    case 'ended': {
      const name = item.to === 'mentee' ? request.mentorName : request.menteeName;
      const other = name ? plainName(name) : t(item.to === 'mentee' ? 'mentor.your_mentor' : 'mentor.your_mentee');
      return {
        embeds: [embed(t('mentor.dm.ended.title'), t('mentor.dm.ended.body', { name: other, server }))],
        components: [helpedRow(t, request.id)],
      };
    }
    default:
      throw new Error(`no message for ${item.kind} to ${item.to}`);
  }
}

/** The pair's private thread: named by the request's reference (found by it after a crash). */
export const threadName = (t: Translate, requestId: string): string => truncate(t('mentor.thread.name', { ref: requestId }), 100);

const input = (t: Translate, customId: string, label: UiKey, hint: UiKey, max: number, required: boolean, style = TextInputStyle.Paragraph) => ({
  type: ComponentType.ActionRow as const,
  components: [
    {
      type: ComponentType.TextInput as const,
      custom_id: customId,
      label: truncate(t(label), 45),
      placeholder: truncate(t(hint), 100),
      style,
      required,
      max_length: max,
    },
  ],
});

/** The request form, with the guide's "come ready" advice as its placeholders. */
export function requestModal(t: Translate, mentorId: string, focus: string | undefined): APIModalInteractionResponseCallbackData {
  return {
    custom_id: mentorIds.requestSubmit(mentorId, focus),
    title: truncate(t('mentor.request.modal_title'), 45),
    components: [
      input(t, 'help', 'mentor.request.help', 'mentor.request.help_hint', REQUEST_TEXT_LIMITS.help, true),
      input(t, 'goal', 'mentor.request.goal', 'mentor.request.goal_hint', REQUEST_TEXT_LIMITS.goal, false),
      input(t, 'tried', 'mentor.request.tried', 'mentor.request.tried_hint', REQUEST_TEXT_LIMITS.tried, false),
    ],
  };
}

export const declineModal = (t: Translate, requestId: string): APIModalInteractionResponseCallbackData => ({
  custom_id: mentorIds.declineSubmit(requestId),
  title: truncate(t('mentor.decline.modal_title'), 45),
  components: [input(t, REASON_INPUT, 'mentor.decline.reason', 'mentor.decline.reason_hint', REASON_MAX, false)],
});

export const askModal = (t: Translate, requestId: string): APIModalInteractionResponseCallbackData => ({
  custom_id: mentorIds.askSubmit(requestId),
  title: truncate(t('mentor.ask.modal_title'), 45),
  components: [input(t, QUESTION_INPUT, 'mentor.ask.question', 'mentor.ask.question_hint', QUESTION_MAX, true)],
});

export const answerModal = (t: Translate, requestId: string, round: number): APIModalInteractionResponseCallbackData => ({
  custom_id: mentorIds.answerSubmit(requestId, round),
  title: truncate(t('mentor.answer.modal_title'), 45),
  components: [input(t, ANSWER_INPUT, 'mentor.answer.answer', 'mentor.answer.answer_hint', ANSWER_MAX, true)],
});
