import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isValidTimeZone, suggestTimeZones } from '../../src/time/zones.js';

describe('isValidTimeZone', () => {
  it('accepts UTC and names missing from Intl.supportedValuesOf', () => {
    for (const z of ['UTC', 'utc', 'Etc/UTC', 'GMT', 'Europe/Kyiv', 'Europe/Kiev', 'Asia/Kolkata']) {
      expect(isValidTimeZone(z), z).toBe(true);
    }
  });
  it('accepts IANA names in any case, with surrounding spaces', () => {
    for (const z of ['Europe/Berlin', 'europe/berlin', 'AMERICA/NEW_YORK', ' Asia/Damascus ', 'America/Port-au-Prince', 'Etc/GMT+3']) {
      expect(isValidTimeZone(z), z).toBe(true);
    }
  });
  it('rejects garbage, offsets and empty input', () => {
    for (const z of ['', '   ', 'garbage', 'Mars/Olympus', 'Europe/Berlinn', '+03:00', 'UTC+3', '18:00', 'Europe/Berlin; DROP', '../../etc/passwd', 'x'.repeat(200)]) {
      expect(isValidTimeZone(z), z).toBe(false);
    }
  });
});

describe('canonicalTimeZone', () => {
  it('fixes the case of valid names', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone(' asia/damascus ')).toBe('Asia/Damascus');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
  });
  it('folds UTC aliases to UTC', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
  });
  it('prefers current names over legacy ones', () => {
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('europe/kiev')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
  });
  it('returns a name that is valid again, and null for invalid input', () => {
    for (const z of ['US/Eastern', 'EST5EDT', 'europe/kyiv', 'Etc/GMT-14']) {
      const c = canonicalTimeZone(z);
      expect(c, z).not.toBeNull();
      expect(isValidTimeZone(c as string)).toBe(true);
      expect(canonicalTimeZone(c as string)).toBe(c);
    }
    expect(canonicalTimeZone('garbage')).toBeNull();
    expect(canonicalTimeZone('+03:00')).toBeNull();
  });
});

describe('suggestTimeZones', () => {
  it('finds a city by prefix first', () => {
    expect(suggestTimeZones('berl')[0]).toBe('Europe/Berlin');
    expect(suggestTimeZones('damas')).toEqual(['Asia/Damascus']);
  });
  it('matches spaces as underscores, case-insensitively', () => {
    expect(suggestTimeZones('new york')[0]).toBe('America/New_York');
    expect(suggestTimeZones('NEW_YORK')[0]).toBe('America/New_York');
  });
  it('offers UTC and the current spelling of renamed zones', () => {
    expect(suggestTimeZones('utc')[0]).toBe('UTC');
    expect(suggestTimeZones('kyiv')).toEqual(['Europe/Kyiv']);
    expect(suggestTimeZones('kiev')).toEqual(['Europe/Kyiv']);
    expect(suggestTimeZones('kolkata')).toEqual(['Asia/Kolkata']);
  });
  it('matches country names in English and Arabic for popular zones', () => {
    expect(suggestTimeZones('syria')).toEqual(['Asia/Damascus']);
    expect(suggestTimeZones('سوريا')).toEqual(['Asia/Damascus']);
    expect(suggestTimeZones('germany')).toEqual(['Europe/Berlin']);
  });
  it('ranks city-prefix matches before other substrings, alphabetically within a rank', () => {
    expect(suggestTimeZones('lon')).toEqual([
      'Arctic/Longyearbyen',
      'Europe/London',
      'America/Blanc-Sablon',
      'America/Miquelon',
    ]);
    expect(suggestTimeZones('buenos')).toEqual(['America/Argentina/Buenos_Aires']);
  });
  it('returns at most 25 (or the limit), and the popular zones for an empty query', () => {
    expect(suggestTimeZones('a')).toHaveLength(25);
    expect(suggestTimeZones('a', 100)).toHaveLength(25);
    expect(suggestTimeZones('europe', 3)).toEqual(['Europe/Amsterdam', 'Europe/Andorra', 'Europe/Astrakhan']);
    const popular = suggestTimeZones('');
    expect(popular[0]).toBe('Asia/Damascus');
    expect(popular).toContain('UTC');
    expect(popular.length).toBeLessThanOrEqual(25);
    expect(suggestTimeZones('zzzz-nothing')).toEqual([]);
  });
  it('suggests only names that validate and are canonical', () => {
    for (const q of ['', 'a', 'e', 'america', 'kyiv']) {
      for (const z of suggestTimeZones(q)) {
        expect(isValidTimeZone(z), z).toBe(true);
        expect(canonicalTimeZone(z), z).toBe(z);
      }
    }
  });
});
