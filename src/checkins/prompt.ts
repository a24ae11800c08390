import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { userText, type Translate } from '../i18n/index.js';
import { weekOf } from '../time/format.js';
import { CHECKIN_ANSWER_LIMITS, type CheckinAnswers } from '../store/records.js';
import { bullets, truncate } from '../text/format.js';

export const ACCENT = 0x2f855a;

/** The check-in buttons carry the week, so a DM channel's history shows which weeks were sent. */
export const checkinButtonId = (action: 'answer' | 'skip' | 'pause', week: string): string => `checkin:${action}:${week}`;


export interface CheckinPromptInput {
  t: Translate;
  week: string;
  openGoals: readonly string[];
  lastFocus: string | undefined;
  actionItems: readonly string[];
  /** The user's first check-in DM: it says how to stop them. */
  first: boolean;
}

export function checkinPrompt({ t, week, openGoals, lastFocus, actionItems, first }: CheckinPromptInput): RESTPostAPIChannelMessageJSONBody {
  const fields: APIEmbed['fields'] = [];
  fields.push({
    name: t('checkin.prompt.goals'),
    value: truncate(openGoals.length > 0 ? bullets(openGoals.slice(0, 10).map((goal) => userText(t, goal))) : t('checkin.prompt.no_goals')),
  });
  if (lastFocus) fields.push({ name: t('checkin.prompt.last_focus'), value: truncate(userText(t, lastFocus)) });
  if (actionItems.length > 0) fields.push({ name: t('checkin.prompt.action_items'), value: truncate(bullets(actionItems.map((item) => userText(t, item)))) });
  if (first) fields.push({ name: t('checkin.prompt.how_to_stop_title'), value: t('checkin.prompt.how_to_stop') });
  return {
    embeds: [
      {
        title: t('checkin.prompt.title', { week: weekOf(week) }),
        description: t('checkin.prompt.body'),
        color: ACCENT,
        fields,
        footer: { text: t('checkin.prompt.footer') },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: checkinButtonId('answer', week), label: t('checkin.button.answer') },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: checkinButtonId('skip', week), label: t('checkin.button.skip') },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: checkinButtonId('pause', week), label: t('checkin.button.pause') },
        ],
      },
    ],
  };
}

const FIELDS = ['wins', 'difficulties', 'suggestions', 'focus'] as const;

/** The check-in form; an earlier answer that week is filled in, so editing it replaces it. */
export function checkinModal(t: Translate, week: string, previous?: CheckinAnswers): APIModalInteractionResponseCallbackData {
  return {
    custom_id: `checkin:submit:${week}`,
    title: t('checkin.modal.title', { week: weekOf(week) }),
    components: FIELDS.map((field) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field,
          label: t(`checkin.modal.${field}`),
          placeholder: t(`checkin.modal.${field}_hint`),
          style: field === 'focus' ? TextInputStyle.Short : TextInputStyle.Paragraph,
          required: field === 'wins' || field === 'focus',
          max_length: field === 'focus' ? Math.min(CHECKIN_ANSWER_LIMITS.focus, 4000) : CHECKIN_ANSWER_LIMITS[field],
          ...(previous?.[field] ? { value: previous[field] } : {}),
        },
      ],
    })),
  };
}

export const CHECKIN_FIELDS = FIELDS;
