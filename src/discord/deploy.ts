// @discordjs/rest's REST, through discord.js: one copy of the library in the process.
import { ApplicationCommandType, REST, Routes, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../log.js';
import type { CommandDef } from './command.js';

export type CommandBody = RESTPutAPIApplicationCommandsJSONBody[number];

export function commandBodies(definitions: readonly CommandDef[]): CommandBody[] {
  return definitions.map((definition) => ({ type: ApplicationCommandType.ChatInput, ...structuredClone(definition) }) as unknown as CommandBody);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The parts of a command that Discord stores, in one canonical form: Discord adds ids and versions,
 * omits `required: false`, and returns `null` for unset fields, so a plain comparison would always
 * see a difference and re-register on every start.
 */
function canonical(value: unknown, key = ''): Json | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  if (['id', 'application_id', 'guild_id', 'version', 'default_permission', 'dm_permission', 'nsfw', 'integration_types', 'handler'].includes(key)) {
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item)).filter((item) => item !== undefined);
    return items.length === 0 && key !== 'contexts' ? undefined : items;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, canonical(v, k)] as const)
      .filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries) as Json;
  }
  return value as Json;
}

export function sameCommands(wanted: readonly CommandBody[], registered: readonly unknown[]): boolean {
  const key = (list: readonly unknown[]) =>
    JSON.stringify(list.map((command) => canonical(command)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  return key(wanted) === key(registered);
}

export interface DeployTarget {
  rest: REST;
  applicationId: string;
  guildId?: string | undefined;
}

const route = ({ applicationId, guildId }: DeployTarget) =>
  guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);

/** Registers the commands unconditionally (the deploy script). */
export async function putCommands(target: DeployTarget, bodies: readonly CommandBody[]): Promise<number> {
  const saved = (await target.rest.put(route(target), { body: bodies })) as unknown[];
  return saved.length;
}

/** Registers the commands only when Discord's copy differs, so a restart sends no PUT. */
export async function syncCommands(target: DeployTarget, bodies: readonly CommandBody[], log: Logger): Promise<'unchanged' | 'updated'> {
  const registered = (await target.rest.get(route(target))) as unknown[];
  if (sameCommands(bodies, registered)) {
    log.info({ scope: target.guildId ? 'guild' : 'global', commands: bodies.length }, 'slash commands up to date');
    return 'unchanged';
  }
  await putCommands(target, bodies);
  log.info({ scope: target.guildId ? 'guild' : 'global', commands: bodies.length }, 'slash commands registered');
  return 'updated';
}

export function restClient(apiUrl: string, token: string): REST {
  return new REST({ api: apiUrl }).setToken(token);
}
