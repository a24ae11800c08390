import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Discord puts an interaction's or a webhook's token in the URL (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<application>/<token>/…`), and a failed request's error carries that URL in `url`,
 * its message and its stack. Every string of a logged error passes through this.
 */
export const redactTokens = (text: string): string =>
  text.replace(/(\/interactions\/\d+\/)[^/\s"']+/g, '$1[redacted]').replace(/(\/webhooks\/\d+\/)[^/\s"'?]+/g, '$1[redacted]');

function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, depth + 1)]));
}

/**
 * One logger for the process. Tokens and message contents never reach it at info: the paths below
 * are redacted wherever they appear, and callers log ids and counts, not text.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'murshid' },
      serializers: { err: (error: Error) => redactStrings(pino.stdSerializers.err(error)) },
      redact: {
        paths: [
          'token',
          '*.token',
          'DISCORD_TOKEN',
          '*.DISCORD_TOKEN',
          'headers.authorization',
          '*.headers.authorization',
          // A failed Discord request carries what was sent: a member's goals, answers, reminders.
          'err.requestBody',
          '*.requestBody',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
