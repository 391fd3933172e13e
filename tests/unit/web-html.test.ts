import { describe, expect, it } from 'vitest';
import { esc, safeLink } from '../../src/web/html.ts';

describe('safeLink', () => {
  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'file:///etc/passwd', 'not a url <b>'])('shows %j as text, never as a link', (url) => {
    const html = safeLink(url);
    expect(html).not.toContain('<a');
    expect(html).not.toMatch(/<(script|b)>/);
    expect(html).toContain(esc(url));
  });

  it('links http and https URLs, escaped, opening without a referrer', () => {
    expect(safeLink('https://t.me/s/jobs?x="1"')).toMatch(/^<a class="url" href="https:\/\/t\.me\/s\/jobs\?x=%221%22" rel="noopener noreferrer nofollow" target="_blank">/);
    expect(safeLink('http://example.com/')).toContain('href="http://example.com/"');
    expect(safeLink(null)).toBe('');
  });
});
