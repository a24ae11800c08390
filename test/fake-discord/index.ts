/**
 * Loopback fake Discord for end-to-end tests and benchmarks.
 *
 *   const fake = await FakeDiscord.start({ token, applicationId });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   await client.login(token);
 *   const r = await fake.command({ name: 'ping' });
 *   const answer = await r.answer();
 *   fake.assertClean();
 */
export { FakeDiscord } from './server.js';
export type {
  AutocompleteInvocation,
  ButtonInvocation,
  CommandInvocation,
  FakeDefaults,
  InteractionTarget,
  ModalSubmitInvocation,
} from './server.js';
export {
  CallbackType,
  InteractionHandle,
  InteractionType,
  OptionType,
  flattenComponents,
  opt,
  textOf,
} from './interactions.js';
export type { Answer, CommandSpec, OptionValue, TypedOption } from './interactions.js';
export type { IdentifyRecord, ResumeRecord } from './gateway.js';
export type { UploadedFile } from './multipart.js';
export {
  COMMAND_NAME_RE,
  DISCORD_LOCALES,
  LIMITS,
  checkCommand,
  checkMessageBody,
  checkModal,
  embedCharacters,
  validatePayload,
} from './validate.js';
export type { PayloadKind } from './validate.js';
export { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Perm, isSnowflake, snowflake } from './util.js';
export type * from './types.js';
