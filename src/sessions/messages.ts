import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { userText, type Lang, type Translate } from '../i18n/index.js';
import { ACTION_ITEMS_MAX, type Session } from '../store/records.js';
import { formatInstant, type SessionReminderKind } from '../time/index.js';
import { bullets, truncate } from '../text/format.js';

export const SESSION_ACCENT = 0x2b6cb0;

/** Discord's field values stop at 1,024 characters, descriptions at 4,096. */

/**
 * Button ids. A before-start reminder's cancel button also names the reminder, so each message of a
 * session carries its own marker for the Outbox to find in the DM channel's history.
 */
export const sessionButtonId = {
  cancel: (sessionId: string, kind?: SessionReminderKind): string => ['session', 'cancel', sessionId, ...(kind ? [kind] : [])].join(':'),
  notes: (sessionId: string): string => `session:notes:${sessionId}`,
  notesSubmit: (sessionId: string): string => `session:notes-submit:${sessionId}`,
};

/** The marker a reminder's message carries (its button's custom_id). */
export const reminderMarker = (sessionId: string, kind: SessionReminderKind): string =>
  kind === 'follow-up' ? sessionButtonId.notes(sessionId) : sessionButtonId.cancel(sessionId, kind);

/** "When / With / Topic" fields of a session. `with` is plain text: nothing the bot sends pings. */
export function sessionFields(t: Translate, lang: Lang, session: Session): APIEmbedField[] {
  const fields: APIEmbedField[] = [{ name: t('session.field.when'), value: formatInstant(session.startsAt, session.timeZone, lang), inline: true }];
  if (session.with) fields.push({ name: t('session.field.with'), value: truncate(session.with), inline: true });
  if (session.topic) fields.push({ name: t('session.field.topic'), value: truncate(session.topic) });
  return fields;
}

/** One line naming a session, for lists and autocomplete. */
export function sessionLabel(lang: Lang, session: Session, max = 100): string {
  const parts = [formatInstant(session.startsAt, session.timeZone, lang), session.with, session.topic].filter(Boolean);
  return truncate(parts.join(' · '), max);
}


export interface ReminderInput {
  t: Translate;
  lang: Lang;
  session: Session;
  kind: SessionReminderKind;
  /** The user's open goals ("set clear goals"), as text. */
  openGoals: readonly string[];
}

/** The DM for a reminder: "come ready" before the session, "how did it go?" after it. */
export function reminderMessage({ t, lang, session, kind, openGoals }: ReminderInput): RESTPostAPIChannelMessageJSONBody {
  if (kind === 'follow-up') {
    return {
      embeds: [
        {
          title: t('session.followup.title'),
          description: t('session.followup.body'),
          color: SESSION_ACCENT,
          fields: sessionFields(t, lang, session),
          footer: { text: t('session.footer') },
        },
      ],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: sessionButtonId.notes(session.id), label: t('session.button.notes') },
          ],
        },
      ],
    };
  }
  const fields: APIEmbedField[] = [
    ...sessionFields(t, lang, session),
    { name: t('session.reminder.checklist_title'), value: t('session.reminder.checklist') },
    {
      name: t('session.reminder.goals'),
      value: truncate(openGoals.length > 0 ? bullets(openGoals.slice(0, 10).map((goal) => userText(t, truncate(goal, 100)))) : t('session.reminder.no_goals')),
    },
  ];
  const embed: APIEmbed = {
    title: kind === 'before-24h' ? t('session.reminder.title_24h') : t('session.reminder.title_1h'),
    description: t('session.reminder.body'),
    color: SESSION_ACCENT,
    fields,
    footer: { text: t('session.footer') },
  };
  return {
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: sessionButtonId.cancel(session.id, kind), label: t('session.button.cancel') },
        ],
      },
    ],
  };
}

export const ACTION_ITEMS_INPUT = 'actionItems';

/** The follow-up form: one paragraph of action items; earlier notes are filled in to edit. */
export function actionItemsModal(t: Translate, session: Session): APIModalInteractionResponseCallbackData {
  return {
    custom_id: sessionButtonId.notesSubmit(session.id),
    title: truncate(t('session.notes.modal_title'), 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: ACTION_ITEMS_INPUT,
            label: truncate(t('session.notes.label'), 45),
            placeholder: truncate(t('session.notes.hint'), 100),
            style: TextInputStyle.Paragraph,
            required: true,
            max_length: ACTION_ITEMS_MAX,
            ...(session.actionItems ? { value: session.actionItems } : {}),
          },
        ],
      },
    ],
  };
}
