import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, StoredRecordError } from '../../src/store/store.js';
import { tempDir } from '../support/temp.js';

const noteSchema = z.object({ version: z.literal(1), text: z.string() });

describe('openStore (SQLite)', () => {
  it('creates the database folder on demand and keeps records across reopening', async () => {
    const dir = tempDir();
    const url = `sqlite://${join(dir, 'nested', 'bot.sqlite')}`;
    const first = await openStore(url);
    await first.collection('notes', noteSchema).set('a', { version: 1, text: 'hello' });
    await first.close();
    expect(existsSync(join(dir, 'nested', 'bot.sqlite'))).toBe(true);

    const second = await openStore(url);
    expect(await second.collection('notes', noteSchema).get('a')).toEqual({ version: 1, text: 'hello' });
    await second.close();
  });

  it('keeps namespaces apart and counts reads', async () => {
    const store = await openStore(`sqlite://${join(tempDir(), 'bot.sqlite')}`);
    const notes = store.collection('notes', noteSchema);
    const drafts = store.collection('drafts', noteSchema);
    await notes.set('x', { version: 1, text: 'note' });
    expect(await drafts.get('x')).toBeUndefined();
    const before = store.stats.reads;
    expect(await notes.getMany(['x', 'missing'])).toEqual([{ version: 1, text: 'note' }, undefined]);
    expect(store.stats.reads - before).toBe(1);
    await store.close();
  });

  it('refuses to write a record that breaks its schema, and names a stored one that does', async () => {
    const store = await openStore(`sqlite://${join(tempDir(), 'bot.sqlite')}`);
    const notes = store.collection('notes', noteSchema);
    await expect(notes.set('bad', { version: 1, text: 5 } as never)).rejects.toThrow();
    await store.collection('notes', z.object({ version: z.literal(2) })).set('future', { version: 2 });
    await expect(notes.get('future')).rejects.toThrow(StoredRecordError);
    await expect(notes.get('future')).rejects.toThrow(/notes:future/);
    await store.close();
  });

  it('leaves no trace of a deleted record in the file', async () => {
    const file = join(tempDir(), 'bot.sqlite');
    const store = await openStore(`sqlite://${file}`);
    const notes = store.collection('notes', noteSchema);
    const secret = 'a-very-private-answer-7f3a';
    await notes.set('keep', { version: 1, text: 'kept' });
    await notes.set('gone', { version: 1, text: secret });
    await store.close();
    expect(readFileSync(file).includes(secret)).toBe(true);

    const reopened = await openStore(`sqlite://${file}`);
    await reopened.collection('notes', noteSchema).delete('gone');
    await reopened.close();
    const bytes = readFileSync(file);
    expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes('kept')).toBe(true);
  });
});
