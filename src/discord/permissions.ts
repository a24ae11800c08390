import {
  ChannelType,
  PermissionFlagsBits,
  type Interaction,
  type NewsChannel,
  type PermissionsBitField,
  type TextChannel,
} from 'discord.js';
import type { Translate, UiKey } from '../i18n/index.js';
import { joinList } from '../i18n/index.js';
import type { Context } from './command.js';
import { UserError } from './errors.js';

export type PermissionName = 'ManageMessages' | 'ManageGuild' | 'ViewChannel' | 'SendMessages' | 'EmbedLinks' | 'CreatePrivateThreads' | 'SendMessagesInThreads';

/** What the bot needs in a channel to post a guide excerpt that people can actually read. */
export const GUIDE_POST_PERMISSIONS: readonly PermissionName[] = ['ViewChannel', 'SendMessages', 'EmbedLinks'];

/** What the bot needs in the mentoring channel to open a private thread, add the pair and post there. */
export const MENTORING_THREAD_PERMISSIONS: readonly PermissionName[] = ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads', 'EmbedLinks'];

/** What the weekly digest needs besides a guide post's: the chart, and a thread for a long list of wins. */
export const DIGEST_EXTRA_PERMISSIONS = ['AttachFiles', 'CreatePublicThreads', 'SendMessagesInThreads'] as const;

/**
 * Everything the bot asks for when invited (README, "Set up"): what every feature needs, plus Read
 * Message History, so that after a crash it can look whether a post already went out.
 */
export const INVITE_PERMISSIONS: bigint = [...GUIDE_POST_PERMISSIONS, ...MENTORING_THREAD_PERMISSIONS, ...DIGEST_EXTRA_PERMISSIONS, 'ReadMessageHistory' as const].reduce(
  (bits, name) => bits | PermissionFlagsBits[name],
  0n,
);

export const permissionLabel = (t: Translate, name: PermissionName) => t(`permission.${name}` as UiKey);
const label = permissionLabel;

/**
 * Discord's `default_member_permissions` can be overridden per server, so the handler checks the
 * member's permissions itself before doing anything on their behalf.
 */
export function requireMemberPermission(ctx: Context<Interaction>, name: PermissionName): void {
  if (!ctx.interaction.inGuild()) throw new UserError('error.guild_only');
  const permissions: Readonly<PermissionsBitField> | null = ctx.interaction.memberPermissions;
  if (!permissions?.has(PermissionFlagsBits[name])) {
    throw new UserError('error.missing_member_permission', { permission: label(ctx.t, name) });
  }
}

export type PostableChannel = TextChannel | NewsChannel;

/**
 * The member's own permissions in the channel a command posts into, not where they ran it: Manage
 * Messages in #general is no licence to post into #announcements, where they may not even write.
 */
export function requireMemberPermissionsIn(ctx: Context<Interaction>, channel: PostableChannel, names: readonly PermissionName[]): void {
  const member = ctx.interaction.inCachedGuild() ? ctx.interaction.member : null;
  const granted = member ? channel.permissionsFor(member) : null;
  const missing = names.filter((name) => !granted?.has(PermissionFlagsBits[name]));
  if (missing.length > 0) {
    throw new UserError('error.member_missing_channel_permissions', {
      channel: `<#${channel.id}>`,
      permissions: joinList(missing.map((name) => `**${label(ctx.t, name)}**`), ctx.lang),
    });
  }
}

/** The channel the bot will post in, once it is sure it can; otherwise a UserError naming what is missing. */
export function postableChannel(ctx: Context<Interaction>, channelId: string): PostableChannel {
  const guild = ctx.interaction.guild;
  const channel = guild?.channels.cache.get(channelId);
  const mention = `<#${channelId}>`;
  if (!guild || !channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
    throw new UserError('error.unsupported_channel', { channel: mention });
  }
  const me = guild.members.me;
  const granted = me ? channel.permissionsFor(me) : null;
  const missing = GUIDE_POST_PERMISSIONS.filter((name) => !granted?.has(PermissionFlagsBits[name]));
  if (missing.length > 0) {
    throw new UserError('error.bot_missing_permissions', {
      channel: mention,
      permissions: joinList(missing.map((name) => `**${label(ctx.t, name)}**`), ctx.lang),
    });
  }
  return channel;
}
