import type { REST } from '@discordjs/rest';
import { Routes, type APIChannel } from 'discord.js';

/** Opens (or finds) the DM channel with a user. Callers cache its id so a weekly send is one request. */
export async function openDmChannel(rest: REST, userId: string): Promise<string> {
  const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
  return channel.id;
}
