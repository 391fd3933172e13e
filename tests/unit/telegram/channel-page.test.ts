import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  backgroundImageUrl, cleanText, MAX_PAGE_CHARS, MAX_POST_TEXT_CHARS, MAX_POSTS_PER_PAGE, parseChannelPage, parseCount, type ChannelPost,
} from '../../../src/telegram/channel-page.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/telegram');
const load = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const byId = (posts: ChannelPost[], id: number) => posts.find((p) => p.id === id)!;
const message = (channel: string, id: number, text: string) =>
  `<div class="tgme_widget_message" data-post="${channel}/${id}"><div class="tgme_widget_message_text">${text}</div></div>`;

describe('parseChannelPage on a current-markup page', () => {
  const page = parseChannelPage(load('page-current.html'));

  it('reads the page: channel, title, the previous-page cursor, posts in id order, service message skipped', () => {
    expect(page).toMatchObject({ channel: 'work_abroad_test', title: 'Work Abroad Test', before: 200, hasPreview: true });
    expect(page.posts.map((p) => p.id)).toEqual([201, 203, 206, 207, 208]);
    expect(page.posts.every((p) => p.externalId === String(p.id) && p.url === `https://t.me/work_abroad_test/${p.id}`)).toBe(true);
  });

  it('keeps line breaks, link texts and hrefs, emoji; drops hashtag search links and control characters', () => {
    const post = byId(page.posts, 201);
    expect(post.text).toBe(
      'Contract jobs🔥\nSalary $2000, bonus on signing.\n\nWrite to WhatsApp admin or @recruit_admin_test\n#jobs\nکار در خارج از کشور با حقوق بالا',
    );
    expect(post.links).toEqual(['https://wa.me/79990001122', 'https://t.me/recruit_admin_test']);
    expect(post).toMatchObject({ date: '2026-02-01T10:00:00.000Z', views: 1200, edited: true, partial: false });
  });

  it('reads an album: photos with either quoting, relative URLs made absolute, the video thumbnail, the size', () => {
    const post = byId(page.posts, 203);
    expect(post.photos).toEqual(['https://cdn.example.test/file/album-1.jpg', 'https://t.me/file/album-2.jpg']);
    expect(post.videoThumbs).toEqual(['https://cdn.example.test/file/album-video-thumb.jpg']);
    expect(post).toMatchObject({ albumSize: 3, albumIds: [203, 204, 205], views: 2_500_000, partial: false, text: '' });
  });

  it('marks "Please open Telegram to view this post" as partial', () => {
    expect(byId(page.posts, 206)).toMatchObject({ partial: true, text: '', photos: [] });
  });

  it('reads forwarded-from without a link, an unquoted photo URL and the link preview', () => {
    const post = byId(page.posts, 207);
    expect(post.forwardedFrom).toBe('Hidden Sender');
    expect(post.forwardedFromUrl).toBeUndefined();
    expect(post.photos).toEqual(['https://cdn.example.test/file/single.jpg']);
    expect(post.linkPreview).toEqual({
      url: 'https://jobs.example.test/apply',
      title: 'Apply now',
      description: 'Free visa,\nfree tickets',
      siteName: 'Jobs Example',
      image: 'https://cdn.example.test/file/preview.jpg',
    });
    expect(post.text).toBe('Read more: jobs.example.test/apply');
  });

  it('reads a doubly wrapped text once, blockquote and pre as lines; a signature is not an edit mark', () => {
    const post = byId(page.posts, 208);
    expect(post.text).toBe('Requirements:\nAge 18-45\nNo experience needed\nCode:\nRW-2026\nline two\nDone');
    expect(post).toMatchObject({ author: 'Team Edited', edited: false });
    expect(post.views).toBeUndefined();
  });
});

describe('parseChannelPage on unusual markup', () => {
  const page = parseChannelPage(load('page-wrappers.html'), { baseUrl: 'http://127.0.0.1:9/' });

  it('finds posts under extra wrappers, by date link when data-post is absent, once each, sorted', () => {
    expect(page.posts.map((p) => p.id)).toEqual([92, 93, 94, 95]);
    expect(byId(page.posts, 94).text).toBe('Id on the wrapper');
    expect(page.channel).toBe('odd_markup_test');
    expect(page.before).toBe(90); // from <link rel="prev"> only
  });

  it('takes photos from inner styles and <img>, and leaves unreadable views and dates empty', () => {
    const post = byId(page.posts, 93);
    expect(post.photos).toEqual(['https://cdn.example.test/file/inner.jpg', 'http://cdn.example.test/file/img-tag.jpg']);
    expect(post.text).toBe('Photo caption');
    expect(post.views).toBeUndefined();
    expect(post.date).toBeNull();
  });

  it('does not take a quoted reply as the post text', () => {
    expect(byId(page.posts, 95).text).toBe('Reply with new text');
    expect(byId(page.posts, 92).date).toBe('2025-12-31T23:59:59.000Z');
  });
});

describe('parseChannelPage edges', () => {
  it('an older page: data-before wins over the data-after link', () => {
    const page = parseChannelPage(load('page-older.html'));
    expect(page.before).toBe(150);
    expect(page.posts.map((p) => p.text)).toEqual(['Older post 150', 'Older post 151', 'Older post 152']);
  });

  it('still finds posts by data-post if the message class is renamed', () => {
    const html = '<section class="tgme_channel_history"><article data-post="renamed_test/7"><time datetime="2026-03-01T00:00:00Z"></time></article></section>';
    expect(parseChannelPage(html).posts).toMatchObject([{ channel: 'renamed_test', id: 7, date: '2026-03-01T00:00:00.000Z' }]);
  });

  it("the channel's first page has no cursor and no service message", () => {
    const page = parseChannelPage(load('page-first.html'));
    expect(page).toMatchObject({ before: null, hasPreview: true, channel: 'work_abroad_test' });
    expect(page.posts.map((p) => p.id)).toEqual([2]);
  });

  it('an empty channel still has a preview; a profile page (no preview) does not', () => {
    expect(parseChannelPage(load('page-empty.html'))).toMatchObject({ channel: 'quiet_channel', posts: [], hasPreview: true });
    const profile = parseChannelPage(load('profile-no-preview.html'));
    expect(profile).toMatchObject({ posts: [], hasPreview: false, title: 'Closed Preview Test' });
  });

  it.each([
    ['garbage bytes', load('garbage.html')],
    ['empty string', ''],
    ['plain text', 'Service Unavailable'],
    ['not a string', 42 as unknown as string],
    ['deep nesting', '<div>'.repeat(5000) + 'x'],
  ])('never throws on %s: no posts, no preview', (_name, html) => {
    const page = parseChannelPage(html);
    expect(page.posts).toEqual([]);
    expect(page.hasPreview).toBe(false);
  });

  it('reads a page up to where its tags nest too deep, keeps the post before, and says so', () => {
    const html = '<section class="tgme_channel_history">' + message('hostile_chan', 7, 'kept post') + '<div>'.repeat(1_000) + message('hostile_chan', 8, 'lost');
    const page = parseChannelPage(html);
    expect(page.posts.map((p) => [p.id, p.text])).toEqual([[7, 'kept post']]);
    expect(page.problems).toEqual([expect.stringMatching(/^tags nest deeper than 500 at character \d+; the page was read up to there/)]);
  });

  it('reads only the first 200 messages of a page that holds thousands, and says how many there were', () => {
    const html = `<section class="tgme_channel_history">${Array.from({ length: 2_000 }, (_, i) => message('big_chan', i + 1, `post ${i + 1}`)).join('')}</section>`;
    const page = parseChannelPage(html);
    expect(page.posts).toHaveLength(MAX_POSTS_PER_PAGE);
    expect(page.posts.at(-1)).toMatchObject({ id: 200, text: 'post 200' });
    expect(page.problems).toContain(`page has 2000 messages; only the first ${MAX_POSTS_PER_PAGE} were read`);
  });

  it('reads only the first MAX_PAGE_CHARS of a huge page and cuts a huge post text, saying both', () => {
    const html = `<section class="tgme_channel_history">${message('big_chan', 1, 'word '.repeat(1_000_000))}</section>`;
    const page = parseChannelPage(html);
    expect(page.posts).toHaveLength(1);
    expect(page.posts[0]).toMatchObject({ id: 1, truncated: true });
    expect(page.posts[0]!.text).toHaveLength(MAX_POST_TEXT_CHARS);
    expect(page.problems).toEqual([
      `page is ${html.length} characters; only the first ${MAX_PAGE_CHARS} were read (posts after that are not seen)`,
      `post 1: text cut to ${MAX_POST_TEXT_CHARS} characters`,
    ]);
  });

  it('says how many messages had no post id instead of dropping them silently', () => {
    const html = `<section class="tgme_channel_history">${message('ok_chan', 3, 'has an id')}<div class="tgme_widget_message"><div class="tgme_widget_message_text">no id</div></div></section>`;
    const page = parseChannelPage(html);
    expect(page.posts.map((p) => p.id)).toEqual([3]);
    expect(page.problems).toEqual(['1 message without a post id (channel/number) skipped']);
  });

  it('reports no problems on a real-looking page', () => {
    expect(parseChannelPage(load('page-current.html')).problems).toEqual([]);
  });

  it('refuses hostile nesting quickly instead of parsing it for minutes', () => {
    const started = performance.now();
    parseChannelPage('<div class="tgme_widget_message" data-post="abcd/1">' + '<b>'.repeat(500_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('helpers', () => {
  it.each([
    ['746', 746],
    ['1.2K', 1200],
    ['33.4K', 33_400],
    ['2.5M', 2_500_000],
    ['1,234', 1234],
    ['1 234', 1234],
    ['12k', 12_000],
    ['', undefined],
    ['many', undefined],
  ])('parseCount(%j) = %j', (raw, n) => expect(parseCount(raw)).toBe(n));

  it.each([
    ["width:1px;background-image:url('https://a/x.jpg')", 'https://a/x.jpg'],
    ['background-image: url("https://a/y.jpg");', 'https://a/y.jpg'],
    ['background-image:url(https://a/z.jpg)', 'https://a/z.jpg'],
    ['color:red', undefined],
  ])('backgroundImageUrl(%j)', (style, url) => expect(backgroundImageUrl(style)).toBe(url));

  it('cleanText strips control and bidi-override characters but keeps RTL text, ZWNJ and marks', () => {
    expect(cleanText('a\u0000b\u0007c\u202Ed\u2066e\uFEFF')).toBe('abcde');
    expect(cleanText('می\u200Cخواهم \u200Fسلام')).toBe('می\u200Cخواهم \u200Fسلام');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
  });
});
