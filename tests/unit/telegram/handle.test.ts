import { describe, expect, it } from 'vitest';
import { isInviteLink, normaliseHandle, parseHandle } from '../../../src/telegram/handle.ts';

describe('channel handles', () => {
  it.each([
    ['work_abroad_test', 'work_abroad_test'],
    ['@Work_Abroad_Test', 'Work_Abroad_Test'],
    ['t.me/work_abroad_test', 'work_abroad_test'],
    ['https://t.me/s/work_abroad_test?before=10', 'work_abroad_test'],
    ['https://telegram.me/work_abroad_test/123', 'work_abroad_test'],
    ['  @abcd  ', 'abcd'],
  ])('%j -> %j', (input, handle) => expect(normaliseHandle(input)).toBe(handle));

  it.each(['', '@', 'abc', '1channel', 'has space', 'trailing_', '../etc/passwd', 'a'.repeat(33), 'https://example.com/x'])(
    'refuses %j',
    (input) => expect(normaliseHandle(input)).toBeNull(),
  );

  it('recognises invite links of private channels', () => {
    expect(parseHandle('https://t.me/+AbCdEfGh123')).toEqual({ kind: 'invite', invite: '+AbCdEfGh123' });
    expect(isInviteLink('t.me/joinchat/AbCdEfGh123')).toBe(true);
    expect(isInviteLink('work_abroad_test')).toBe(false);
    expect(normaliseHandle('https://t.me/+AbCdEfGh123')).toBeNull();
  });
});
