import { existsSync } from 'node:fs';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment contract from SPEC.md: one schema, checked once at start-up. */
const envSchema = z.object({
  DISCORD_TOKEN: z.string().trim().min(1, 'is required').optional(),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite|postgres|postgresql):\/\/.+/, 'must start with sqlite:// or postgres://')
    .default('sqlite://data/murshid.sqlite'),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://discord.com/api'),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  /** `npm run start:sharded` over several machines: how many shards in all… */
  TOTAL_SHARDS: z
    .string()
    .regex(/^\s*0*[1-9]\d*\s*$/, 'must be a whole number from 1')
    .transform(Number)
    .optional(),
  /** …and which of them this machine runs: `0-3`, or `4,5,6`. */
  SHARD_LIST: z
    .string()
    .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, 'must list shard numbers, like 0-3 or 4,5,6')
    .transform(parseShardList)
    .optional(),
});

/** `0-2,5` → [0, 1, 2, 5]. */
function parseShardList(list: string): number[] {
  const shards = list.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map((n) => Number(n.trim())) as [number, number?];
    return Array.from({ length: Math.max(0, to! - from + 1) }, (_, i) => from + i);
  });
  return [...new Set(shards)].sort((a, b) => a - b);
}

export type Config = z.infer<typeof envSchema>;
export type ConfigWithToken = Config & { DISCORD_TOKEN: string };

/** A configuration problem, phrased as the one line an operator sees. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset, as a copied `.env.example` leaves them. */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
}

export function loadConfig(env: NodeJS.ProcessEnv, options: { requireToken: true }): ConfigWithToken;
export function loadConfig(env: NodeJS.ProcessEnv, options?: { requireToken?: boolean }): Config;
export function loadConfig(env: NodeJS.ProcessEnv, options: { requireToken?: boolean } = {}): Config {
  const parsed = envSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const reason = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    throw new ConfigError(`${variable} ${reason}`);
  }
  const { SHARD_LIST: list, TOTAL_SHARDS: total } = parsed.data;
  if (list && total === undefined) throw new ConfigError('SHARD_LIST needs TOTAL_SHARDS (the shard count over all machines)');
  if (list && total !== undefined && list.some((shard) => shard >= total)) {
    throw new ConfigError(`SHARD_LIST names shard ${Math.max(...list)}, but TOTAL_SHARDS is ${total} (shards are numbered from 0)`);
  }
  if (options.requireToken && !parsed.data.DISCORD_TOKEN) {
    throw new ConfigError('DISCORD_TOKEN is required (the bot token from the Discord developer portal)');
  }
  return parsed.data;
}

/** Reads `.env` from the working folder when there is one; variables already set win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * For the entry points: the configuration from `.env` and the environment, or one line naming
 * what is wrong on stderr and exit code 1 (no stack trace).
 */
export function configOrExit(program = 'murshid'): ConfigWithToken {
  try {
    loadDotEnv();
    return loadConfig(process.env, { requireToken: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${program}: ${error.message}\n`);
    process.exit(1);
  }
}
