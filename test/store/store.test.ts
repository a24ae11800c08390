import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, StoredRecordError } from '../../src/store/store.js';
import { engines } from '../support/engines.js';
import { postgresDatabase, queryDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

const noteSchema = z.object({ version: z.literal(1), text: z.string() });

describe.each(engines)('openStore ($engine)', ({ url }) => {
  it('keeps records across reopening', async () => {
    const location = await url();
    const first = await openStore(location);
    await first.collection('notes', noteSchema).set('a', { version: 1, text: 'مرحبا، hello' });
    await first.close();

    const second = await openStore(location);
    expect(await second.collection('notes', noteSchema).get('a')).toEqual({ version: 1, text: 'مرحبا، hello' });
    await second.close();
  });

  it('keeps namespaces apart and counts one read per getMany', async () => {
    const store = await openStore(await url());
    const notes = store.collection('notes', noteSchema);
    const drafts = store.collection('drafts', noteSchema);
    await notes.set('x', { version: 1, text: 'note' });
    await drafts.set('y', { version: 1, text: 'draft' });
    expect(await drafts.get('x')).toBeUndefined();
    const before = store.stats.reads;
    expect(await notes.getMany(['missing', 'x', 'y', 'x'])).toEqual([undefined, { version: 1, text: 'note' }, undefined, { version: 1, text: 'note' }]);
    expect(store.stats.reads - before).toBe(1);
    expect(await notes.getMany([])).toEqual([]);
    expect(store.stats.reads - before).toBe(1);
    await store.close();
  });

  it('overwrites and deletes, counting writes', async () => {
    const store = await openStore(await url());
    const notes = store.collection('notes', noteSchema);
    await notes.set('a', { version: 1, text: 'first' });
    await notes.set('a', { version: 1, text: 'second' });
    await notes.set('b', { version: 1, text: 'other' });
    await notes.delete('a');
    await notes.delete('never-there');
    expect(await notes.getMany(['a', 'b'])).toEqual([undefined, { version: 1, text: 'other' }]);
    expect(store.stats.writes).toBe(5);
    await store.close();
  });

  it('refuses to write a record that breaks its schema, and names a stored one that does', async () => {
    const store = await openStore(await url());
    const notes = store.collection('notes', noteSchema);
    await expect(notes.set('bad', { version: 1, text: 5 } as never)).rejects.toThrow();
    await store.collection('notes', z.object({ version: z.literal(2) })).set('future', { version: 2 });
    await expect(notes.get('future')).rejects.toThrow(StoredRecordError);
    await expect(notes.get('future')).rejects.toThrow(/notes:future/);
    await store.close();
  });

  it('lets two stores in one process open and close independently', async () => {
    const [first, second] = [await openStore(await url()), await openStore(await url())];
    await first.collection('notes', noteSchema).set('a', { version: 1, text: 'one' });
    await first.close();
    await second.collection('notes', noteSchema).set('a', { version: 1, text: 'two' });
    expect(await second.collection('notes', noteSchema).get('a')).toEqual({ version: 1, text: 'two' });
    await second.close();
  });
});

describe('openStore (SQLite)', () => {
  it('creates the database folder on demand', async () => {
    const dir = tempDir();
    const store = await openStore(`sqlite://${join(dir, 'nested', 'bot.sqlite')}`);
    await store.collection('notes', noteSchema).set('a', { version: 1, text: 'hello' });
    await store.close();
    expect(existsSync(join(dir, 'nested', 'bot.sqlite'))).toBe(true);
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

describe('openStore (PostgreSQL)', () => {
  it('leaves no row holding a deleted record’s key or text', async () => {
    const url = await postgresDatabase();
    const store = await openStore(url);
    const notes = store.collection('notes', noteSchema);
    const [id, secret] = ['734910555123456789', 'a-very-private-answer-7f3a'];
    await notes.set(id, { version: 1, text: secret });
    await notes.set('keep', { version: 1, text: 'kept' });
    const holding = () => queryDatabase(url, 'SELECT key FROM keyv WHERE key LIKE $1 OR value LIKE $1', [`%${id}%`]);
    const holdingSecret = () => queryDatabase(url, 'SELECT key FROM keyv WHERE value LIKE $1', [`%${secret}%`]);
    expect(await holding()).toEqual([{ key: `notes:${id}` }]);

    await notes.delete(id);
    expect(await holding()).toEqual([]);
    expect(await holdingSecret()).toEqual([]);
    expect(await queryDatabase(url, 'SELECT key FROM keyv')).toEqual([{ key: 'notes:keep' }]);
    await store.close();
  });

  it('stops start-up with the database’s own message when it cannot connect', async () => {
    const url = new URL(await postgresDatabase());
    url.pathname = '/no_such_database';
    await expect(openStore(url.toString())).rejects.toThrow(/database "no_such_database" does not exist/);
  });

  it('keeps working after the server drops its connections', async () => {
    const url = await postgresDatabase();
    const store = await openStore(url);
    const notes = store.collection('notes', noteSchema);
    await notes.set('a', { version: 1, text: 'before' });
    const name = new URL(url).pathname.slice(1);
    const dropped = await queryDatabase(url, 'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    expect(dropped.length).toBeGreaterThan(0);
    expect(await notes.get('a')).toEqual({ version: 1, text: 'before' });
    await store.close();
  });
});
