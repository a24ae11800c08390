import { z } from 'zod';
import { LANGUAGES } from '../i18n/index.js';

export const langSchema = z.enum(LANGUAGES);

/** A member's own settings. `version` lets the record evolve without guessing at old shapes. */
export const userRecordSchema = z.object({
  version: z.literal(1),
  lang: langSchema.optional(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

/** A server's settings. */
export const guildRecordSchema = z.object({
  version: z.literal(1),
  lang: langSchema.optional(),
});
export type GuildRecord = z.infer<typeof guildRecordSchema>;
