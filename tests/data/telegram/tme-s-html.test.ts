import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerChannels } from '../../../src/cli/commands/channels.ts';
import { parseChannelPage, type ChannelPage, type ChannelPost } from '../../../src/telegram/channel-page.ts';
import { sharedDir } from '../../helpers/shared.ts';

// Real saved t.me/s pages (2018–2026 markup) from ../shared: every one parses, with facts checked per file.
const root = sharedDir('fixtures', 'telegram', 'tme-s-html');
const files = ['any2feed', 'lifemodel'].flatMap((d) =>
  readdirSync(path.join(root, d)).filter((f) => f.endsWith('.html')).map((f) => `${d}/${f}`),
);
const html = (f: string) => readFileSync(path.join(root, f), 'utf8');
const parse = (f: string) => parseChannelPage(html(f));
const only = (page: ChannelPage): ChannelPost => {
  expect(page.posts).toHaveLength(1);
  return page.posts[0];
};
const count = (s: string, needle: string) => s.split(needle).length - 1;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('every saved page', () => {
  it('finds all 22 files', () => expect(files).toHaveLength(22));

  it.each(files)('%s: ids increase, dates parse, photos match the photo wraps, text is clean', (f) => {
    const page = parse(f);
    const ids = page.posts.map((p) => p.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    for (const post of page.posts) {
      expect(post.externalId).toBe(String(post.id));
      expect(post.date && Date.parse(post.date)).toBeGreaterThan(Date.parse('2015-01-01'));
      expect(post.text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u202A-\u202E]/);
      for (const url of [...post.photos, ...post.videoThumbs]) expect(url).toMatch(/^https:\/\/cdn4\./);
    }
    const photos = page.posts.reduce((n, p) => n + p.photos.length, 0);
    expect(photos).toBe(count(html(f), 'tgme_widget_message_photo_wrap') * (page.posts.length ? 1 : 0));
    expect(page.posts.length).toBe(count(html(f), 'data-post="'));
  });
});

describe('any2feed/full.html (topwar_official, 2023, IDE re-indented)', () => {
  const page = parse('any2feed/full.html');
  it('page facts', () => {
    expect(page).toMatchObject({ channel: 'topwar_official', title: 'Военное обозрение', before: 70989, hasPreview: true });
    expect(page.posts.map((p) => p.id)).toEqual([70989, 70990, 70992, 70995, 70996, 70997, 70998, 70999, 71000, 71006, 71007, 71008]);
    expect(page.posts.every((p) => p.date!.startsWith('2023-02-28') && p.views! > 10_000)).toBe(true);
  });
  it('albums, previews, forwards', () => {
    const post = (id: number) => page.posts.find((p) => p.id === id)!;
    expect(post(71000)).toMatchObject({ albumSize: 6, albumIds: [71000, 71001, 71002, 71003, 71004, 71005] });
    expect(post(71000).photos).toHaveLength(6);
    expect(post(70992)).toMatchObject({ albumSize: 3, videoThumbs: [expect.any(String)] });
    // The gaps in the ids are album items: 70993-70994 and 71001-71005 (70991 is only in message_text.html).
    const covered = page.posts.flatMap((p) => p.albumIds ?? [p.id]);
    expect(covered).toEqual([70989, 70990, 70992, 70993, 70994, ...range(70995, 71008)]);
    expect(post(70996).linkPreview).toMatchObject({ url: 'http://t.me/infantmilitario/93419', title: 'Милитарист' });
    expect(page.posts.filter((p) => p.forwardedFrom).map((p) => p.id)).toEqual([70996, 70998, 71006, 71007, 71008]);
    expect(post(70989).text).toMatch(/^В Санкт-Петербурге .*Baza\.\nСудя по сервису Flightradar/s);
  });
});

describe('any2feed single messages', () => {
  it('text: bold heading, <br> as line breaks, re-indented whitespace collapsed', () => {
    const post = only(parse('any2feed/message_text.html'));
    expect(post).toMatchObject({ channel: 'topwar_official', id: 70991, views: 33_400, edited: false });
    expect(post.text).toMatch(/^Неопознанный летающий объект замечен в 160 – 200 км от Петербурга\n\nПо данным «Фонтанки», такую/);
  });
  it('link previews, including the edited one', () => {
    expect(only(parse('any2feed/message_link_preview.html'))).toMatchObject({
      views: 226_200,
      linkPreview: { title: 'Георгий Зотов: ОККУПАЦИЯ ВОЛОСАТЫМ КРАБОМ', siteName: 'Ваши новости — интернет-газета' },
    });
    expect(only(parse('any2feed/message_link_preview_text_only.html')).linkPreview?.url).toMatch(/^http:\/\/publication\.pravo\.gov\.ru\//);
    const video = only(parse('any2feed/message_link_preview_video.html'));
    expect(video).toMatchObject({ edited: true, views: 69_400, links: ['https://t.me/shalnyak/5410'] });
    expect(video.linkPreview?.image).toMatch(/^https:\/\/cdn4\./);
  });
  it('document, forwards, voice', () => {
    expect(only(parse('any2feed/message_media_file.html'))).toMatchObject({
      document: { title: 'Оппозиционные медиапроекты.pdf', size: '2.1 MB' },
      forwardedFrom: 'Кремлёвская прачка',
      forwardedFromUrl: 'https://t.me/kremlinprachka/20294',
    });
    expect(only(parse('any2feed/message_media_forwarded_from.html'))).toMatchObject({ forwardedFrom: 'Пул N3', views: 214_400 });
    const voice = only(parse('any2feed/message_voice.html'));
    expect(voice).toMatchObject({ forwardedFrom: 'Спортивный Екб', date: '2018-04-24T15:28:46.000Z' });
    expect(voice.forwardedFromUrl).toBeUndefined();
    expect(voice.text.split('\n')).toContain('- Плохие фильмы');
  });
  it('photo+video album with hashtags and a nested text block read once', () => {
    const post = only(parse('any2feed/message_media_photo_and_video.html'));
    expect(post).toMatchObject({ albumSize: 3, links: ['https://t.me/anna_news'] });
    expect(post.photos).toHaveLength(2);
    expect(post.videoThumbs).toHaveLength(1);
    expect(post.text).toContain('#Белгород #Беспилотники\n\n@anna_news');
    expect(count(post.text, 'Ночью над Белгородом')).toBe(1);
  });
  it('round video, poll, sticker and signed posts', () => {
    expect(only(parse('any2feed/message_media_round_video.html'))).toMatchObject({ text: '', partial: false, videoThumbs: [expect.any(String)] });
    expect(only(parse('any2feed/message_poll.html')).poll).toEqual({
      question: 'Как лучше?',
      options: ['Несколько постов в день', 'Один пост в несколько дней', 'Свой вариант в комментарии'],
    });
    expect(only(parse('any2feed/message_sticker.html'))).toMatchObject({ id: 5, text: '', partial: false, author: '🅰️User' });
    expect(only(parse('any2feed/message_with_from_author.html'))).toMatchObject({ id: 4, text: 'test', views: 1, author: '🅰️rkadiy Ivanov' });
  });
});

describe('any2feed inner fragments, wrapped in a message shell of our own', () => {
  const wrap = (f: string) =>
    parseChannelPage(`<div class="tgme_widget_message" data-post="shell_test/1"><div class="extra">${html(f)}</div></div>`).posts[0];
  it.each(['media_photo.html', 'link_preview.html', 'poll.html', 'media_video.html'])('%s alone has no post', (f) => {
    expect(parse(`any2feed/${f}`)).toMatchObject({ posts: [], hasPreview: false });
  });
  it('media', () => {
    expect(wrap('any2feed/media_photo.html').photos).toHaveLength(1);
    for (const f of ['media_video.html', 'media_video_gif.html', 'media_video_too_big.html', 'media_cicrle_video.html']) {
      expect(wrap(`any2feed/${f}`)).toMatchObject({ videoThumbs: [expect.stringMatching(/^https:\/\/cdn4\./)], partial: false });
    }
  });
  it('previews and polls', () => {
    expect(wrap('any2feed/link_preview.html').linkPreview).toMatchObject({ url: 'https://vnnews.ru/georgiy-zotov-okkupaciya-volosatym-kr/' });
    expect(wrap('any2feed/link_preview_video.html').linkPreview?.description).toBe(
      'Дядь @fighter_bomber глянь!!!\nУ меня такааая разработка🔥\nДля чего пока не знаю, но жути наводит пздц как🤓',
    );
    expect(wrap('any2feed/poll.html').poll?.options).toHaveLength(3);
  });
});

describe('lifemodel/telegram-test-channel.html (Jan 2026 markup)', () => {
  const page = parse('lifemodel/telegram-test-channel.html');
  const post = (id: number) => page.posts.find((p) => p.id === id)!;
  it('page facts', () => {
    expect(page).toMatchObject({ channel: 'test_channel', title: 'Test_Channel', before: 1001, hasPreview: true });
    expect(page.posts.map((p) => p.id)).toEqual([1001, 1003, 1010]);
  });
  it('album with the hidden "open Telegram" fallback is not partial; the unsupported post is', () => {
    expect(post(1001)).toMatchObject({ albumSize: 2, albumIds: [1001, 1002], views: 2500, partial: false, links: ['https://t.me/test_channel', 'https://t.me/TestBot'] });
    expect(post(1001).photos).toEqual(['https://cdn4.telesco.pe/file/test-photo-1.jpg', 'https://cdn4.telesco.pe/file/test-photo-2.jpg']);
    expect(post(1003)).toMatchObject({ partial: true, text: '', views: 1300 });
  });
  it('forwarded album with a doubly wrapped text and an expandable blockquote', () => {
    expect(post(1010)).toMatchObject({ forwardedFrom: 'Another Channel', forwardedFromUrl: 'https://t.me/another_channel/500', albumSize: 3, views: 1000 });
    expect(post(1010).albumIds).toEqual([1010, 1011, 1012]);
    expect(post(1010).text).toContain('Key updates:\n- Brick masonry on balconies completed\n- Roof repairs finished');
    expect(count(post(1010).text, 'Restoration work will continue')).toBe(1);
  });
});

describe('recruitwatch channels parse on every saved page', () => {
  afterEach(() => vi.restoreAllMocks());
  it.each(files)('%s', async (f) => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const program = new Command('recruitwatch').exitOverride();
    registerChannels(program);
    await program.parseAsync(['node', 'recruitwatch', 'channels', 'parse', path.join(root, f), '--json']);
    expect(JSON.parse(out.join('')).posts.length).toBe(parse(f).posts.length);
  });
});
