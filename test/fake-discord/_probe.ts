import { MessageCreateRequestSchema } from 'discord-api-spec/zod';
const r = MessageCreateRequestSchema.safeParse({ content: 'x' });
export const x: number = r;
