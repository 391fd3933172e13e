import { describe, expect, it } from 'vitest';
import { parseChannelPage } from '../../../src/telegram/channel-page.ts';
import { handleFromLink } from '../../../src/telegram/handle.ts';
import { channelPageHtml } from '../../helpers/channel-page-html.ts';

describe('the channel a forward came from', () => {
  it('is the handle a t.me link names, lower-cased', () => {
    expect(handleFromLink('https://t.me/Recruit_A/123')).toBe('recruit_a');
    expect(handleFromLink('https://telegram.me/s/recruit_a')).toBe('recruit_a');
    expect(handleFromLink('http://www.t.me/recruit_a')).toBe('recruit_a');
  });

  it('is nothing for a private channel, an invite, another site, or no link', () => {
    expect(handleFromLink('https://t.me/c/1234567890/55')).toBeNull();
    expect(handleFromLink('https://t.me/+AbCdEfGhIjK')).toBeNull();
    expect(handleFromLink('https://evil.example/recruit_a/1')).toBeNull();
    expect(handleFromLink('javascript:alert(1)')).toBeNull();
    expect(handleFromLink(undefined)).toBeNull();
  });

  it("is read from links on the preview's own site (a local server standing in for t.me)", () => {
    expect(handleFromLink('http://127.0.0.1:4000/recruit_a/9', 'http://127.0.0.1:4000/s/scam_b')).toBe('recruit_a');
    expect(handleFromLink('http://127.0.0.1:4001/recruit_a/9', 'http://127.0.0.1:4000/s/scam_b')).toBeNull();
  });

  it('is parsed from a channel page, and absent for a hidden sender', () => {
    const page = parseChannelPage(channelPageHtml('scam_b', [
      { id: 1, text: 'join us', forwardedFrom: { name: 'Recruit A', href: 'https://t.me/Recruit_A/7' } },
      { id: 2, text: 'join us', forwardedFrom: { name: 'Someone' } },
      { id: 3, text: 'own post' },
    ]));
    expect(page.posts.map((p) => [p.forwardedFrom, p.forwardedFromHandle])).toEqual([['Recruit A', 'recruit_a'], ['Someone', undefined], [undefined, undefined]]);
  });
});
