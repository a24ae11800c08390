import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One logger for the process. Tokens and message contents never reach it at info: the paths below
 * are redacted wherever they appear, and callers log ids and counts, not text.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'murshid' },
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
