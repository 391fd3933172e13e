import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ChannelPage, ChannelPost } from '../../telegram/channel-page.ts';
import { UsageError } from '../usage-error.ts';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The `channels` command group; other files add their subcommands (add, list, remove, scan) to it. */
export function channelsGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'channels') ??
    program.command('channels').description('Public Telegram channels: parse saved t.me/s pages, watch and scan channels')
  );
}

export function registerChannels(program: Command): void {
  channelsGroup(program)
    .command('parse')
    .description('Print the posts found in a saved t.me/s/<channel> HTML page (the parser the scanner uses)')
    .argument('<file>', 'saved HTML page')
    .option('--json', 'print JSON {channel, title, before, hasPreview, posts, problems}')
    .option('--base-url <url>', 'resolve relative links and images against this URL', 'https://t.me')
    .action(async (file: string, opts: { json?: boolean; baseUrl: string }) => {
      const { parseChannelPage } = await import('../../telegram/channel-page.ts'); // cheerio loads only when used
      const page = parseChannelPage(await readPage(file), { baseUrl: opts.baseUrl });
      if (opts.json) {
        const { channel, title, before, hasPreview, posts, problems } = page;
        process.stdout.write(`${JSON.stringify({ channel, title, before, hasPreview, posts, problems }, null, 2)}\n`);
      } else {
        process.stdout.write(formatPage(page));
      }
      if (!page.hasPreview) process.stderr.write(`recruitwatch: ${file}: no channel history in this page\n`);
      for (const problem of page.problems) process.stderr.write(`recruitwatch: ${file}: ${problem}\n`);
    });
}

async function readPage(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
  if (info.size > MAX_FILE_BYTES) throw new UsageError(`${file}: ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  return readFile(file, 'utf8');
}

function postFlags(post: ChannelPost): string[] {
  const flags: string[] = [];
  if (post.views !== undefined) flags.push(`views ${post.views}`);
  if (post.albumSize) flags.push(`album of ${post.albumSize}`);
  if (post.edited) flags.push('edited');
  if (post.partial) flags.push('PARTIAL (open in Telegram)');
  if (post.forwardedFrom) flags.push(`forwarded from ${post.forwardedFrom}`);
  return flags;
}

function formatPost(post: ChannelPost): string[] {
  const date = post.date?.replace('.000Z', 'Z') ?? 'no date';
  const lines = [`#${post.id}  ${date}  ${postFlags(post).join(', ')}`.trimEnd()];
  const indent = (s: string) => (s ? `    ${s}` : '');
  if (post.text) lines.push(...post.text.split('\n').map(indent));
  else lines.push(indent('(no text)'));
  if (post.poll) lines.push(indent(`poll: ${post.poll.question} [${post.poll.options.join(' | ')}]`));
  if (post.document) lines.push(indent(`document: ${post.document.title}${post.document.size ? ` (${post.document.size})` : ''}`));
  if (post.linkPreview) lines.push(indent(`preview: ${post.linkPreview.url}${post.linkPreview.title ? ` — ${post.linkPreview.title}` : ''}`));
  for (const url of post.links) lines.push(indent(`link: ${url}`));
  for (const url of post.photos) lines.push(indent(`photo: ${url}`));
  for (const url of post.videoThumbs) lines.push(indent(`video thumb: ${url}`));
  return lines;
}

/** Human form: a header line, then each post's id, date and flags with its text and media indented. */
export function formatPage(page: ChannelPage): string {
  const head = [
    `channel: ${page.channel ?? '?'}`,
    page.title ? `title: ${page.title}` : null,
    `posts: ${page.posts.length}`,
    `before: ${page.before ?? '-'}`,
    page.hasPreview ? null : 'no public preview',
  ].filter(Boolean);
  const blocks = page.posts.map((p) => formatPost(p).join('\n'));
  return [head.join('  '), ...blocks].join('\n\n') + '\n';
}
