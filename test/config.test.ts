import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const valid = { DISCORD_TOKEN: 'token.value', DISCORD_APPLICATION_ID: '123456789012345678' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid, { requireToken: true });
    expect(config.DATABASE_URL).toBe('sqlite://data/murshid.sqlite');
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
  });

  it('names a missing token in one line', () => {
    expect(() => loadConfig({ DISCORD_APPLICATION_ID: valid.DISCORD_APPLICATION_ID }, { requireToken: true })).toThrow(
      /^DISCORD_TOKEN is required/,
    );
  });

  it('treats an empty value from a copied .env.example as unset', () => {
    const config = loadConfig({ ...valid, DISCORD_GUILD_ID: '', DATABASE_URL: '  ' });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.DATABASE_URL).toBe('sqlite://data/murshid.sqlite');
  });

  it.each([
    ['DISCORD_APPLICATION_ID', 'my-app', /^DISCORD_APPLICATION_ID must be a Discord id/],
    ['DISCORD_GUILD_ID', '12', /^DISCORD_GUILD_ID must be a Discord id/],
    ['DISCORD_API_URL', 'discord.com/api', /^DISCORD_API_URL must be an http\(s\) URL/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL must start with/],
    // Redis was never tested against a real server, so it is no longer offered.
    ['DATABASE_URL', 'redis://localhost:6379', /^DATABASE_URL must start with sqlite:\/\/ or postgres:\/\//],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of/],
    ['TOTAL_SHARDS', 'two', /^TOTAL_SHARDS must be a whole number from 1/],
    ['TOTAL_SHARDS', '0', /^TOTAL_SHARDS must be a whole number from 1/],
    ['SHARD_LIST', 'first', /^SHARD_LIST must list shard numbers, like 0-3 or 4,5,6/],
  ])('rejects a malformed %s, naming it', (variable, value, message) => {
    const attempt = () => loadConfig({ ...valid, [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('reads a machine’s share of the shards, and refuses one that does not fit the total', () => {
    expect(loadConfig({ ...valid, TOTAL_SHARDS: '8', SHARD_LIST: '0-2, 6' })).toMatchObject({ TOTAL_SHARDS: 8, SHARD_LIST: [0, 1, 2, 6] });
    expect(() => loadConfig({ ...valid, SHARD_LIST: '0-3' })).toThrow('SHARD_LIST needs TOTAL_SHARDS');
    expect(() => loadConfig({ ...valid, TOTAL_SHARDS: '4', SHARD_LIST: '2-4' })).toThrow('SHARD_LIST names shard 4, but TOTAL_SHARDS is 4');
  });

  it('keeps a proxy URL without its trailing slash', () => {
    expect(loadConfig({ ...valid, DISCORD_API_URL: 'http://127.0.0.1:8080/api/' }).DISCORD_API_URL).toBe('http://127.0.0.1:8080/api');
  });
});
