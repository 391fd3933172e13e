import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerChannels } from '../../../src/cli/commands/channels.ts';
import { UsageError } from '../../../src/cli/usage-error.ts';

const fixture = (name: string) =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/telegram', name);

async function run(...args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  const program = new Command('recruitwatch').exitOverride();
  registerChannels(program);
  await program.parseAsync(['node', 'recruitwatch', ...args]);
  return { out: out.join(''), err: err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('recruitwatch channels parse', () => {
  it('--json prints channel, cursor and posts', async () => {
    const { out } = await run('channels', 'parse', fixture('page-current.html'), '--json');
    const json = JSON.parse(out);
    expect(json).toMatchObject({ channel: 'work_abroad_test', before: 200, hasPreview: true });
    expect(json.posts.map((p: { id: number }) => p.id)).toEqual([201, 203, 206, 207, 208]);
    expect(json.posts[1].photos).toHaveLength(2);
  });

  it('human form shows id, date, flags, text and photo URLs', async () => {
    const { out } = await run('channels', 'parse', fixture('page-current.html'));
    expect(out).toMatch(/^channel: work_abroad_test {2}title: Work Abroad Test {2}posts: 5 {2}before: 200\n/);
    expect(out).toContain('#201  2026-02-01T10:00:00Z  views 1200, edited\n    Contract jobs🔥\n');
    expect(out).toContain('#206  2026-02-01T12:00:00Z  views 980, PARTIAL (open in Telegram)');
    expect(out).toContain('    photo: https://cdn.example.test/file/album-1.jpg\n');
  });

  it('says on stderr when a page has no channel history', async () => {
    const { out, err } = await run('channels', 'parse', fixture('garbage.html'));
    expect(out).toMatch(/posts: 0 .*no public preview/);
    expect(err).toMatch(/no channel history/);
  });

  it('a missing file is a usage error', async () => {
    await expect(run('channels', 'parse', fixture('absent.html'))).rejects.toBeInstanceOf(UsageError);
  });
});
