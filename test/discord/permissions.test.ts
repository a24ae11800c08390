import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS } from '../../src/discord/permissions.js';
import { projectPath } from '../../src/paths.js';

describe('the invite link in the README', () => {
  it('asks for exactly what the features check for (and says the same number in words)', () => {
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    const [, link] = /oauth2\/authorize\?[^\s]*permissions=(\d+)/.exec(readme) ?? [];
    expect(BigInt(link ?? '0')).toBe(INVITE_PERMISSIONS);
    expect(readme).toContain(`permissions ${INVITE_PERMISSIONS} =`);
  });
});
