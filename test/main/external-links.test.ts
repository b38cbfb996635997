import { describe, expect, it } from 'vitest';
import {
  askText,
  connectionOrigins,
  decideExternalLink,
  devRendererUrl,
  MAX_LINK_LENGTH,
} from '../../src/main/external-links.ts';

const origins = connectionOrigins([
  'https://acme.simply-crm.example/',
  'https://acme.simplicate.example',
  'http://127.0.0.1:4100',
  'not a url',
  'ftp://files.example',
]);

describe('links the desktop window may open in the browser', () => {
  it('collects the web origins of the configured connections', () => {
    expect([...origins].sort()).toEqual([
      'http://127.0.0.1:4100',
      'https://acme.simplicate.example',
      'https://acme.simply-crm.example',
    ]);
  });

  it("opens the connections' own sites at once", () => {
    expect(decideExternalLink('https://acme.simply-crm.example/index.php?module=Accounts', origins)).toEqual({
      action: 'open',
      url: 'https://acme.simply-crm.example/index.php?module=Accounts',
    });
    expect(decideExternalLink('HTTPS://ACME.Simplicate.example:443/x', origins)).toMatchObject({ action: 'open' });
  });

  it('asks first for any other web address, including a look-alike of a vendor site', () => {
    for (const url of [
      'https://evil.example/',
      'https://acme.simply-crm.example.evil.example/',
      'http://acme.simply-crm.example/', // another scheme: another origin
      'https://acme.simply-crm.example:8443/',
      'http://127.0.0.1:4101/',
    ]) {
      expect(decideExternalLink(url, origins), url).toMatchObject({ action: 'ask' });
    }
    expect(decideExternalLink('https://\u0430cme.example/', origins)).toMatchObject({
      action: 'ask',
      host: expect.stringMatching(/^xn--/),
    });
  });

  it('never opens other schemes, credentials in the address, garbage or huge addresses', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://server/share',
      'ms-settings:',
      'vbscript:x',
      'https://user:pass@acme.simply-crm.example/',
      'https://acme.simply-crm.example@evil.example/',
      'not a url',
      '',
      `https://acme.simply-crm.example/${'a'.repeat(MAX_LINK_LENGTH)}`,
    ]) {
      expect(decideExternalLink(url, origins), url).toMatchObject({ action: 'deny' });
    }
  });

  it('shows the host and address in the question without control or direction characters', () => {
    const d = decideExternalLink('https://evil.example/\u202Egpj.exe', origins);
    expect(d.action).toBe('ask');
    if (d.action !== 'ask') return;
    const text = askText(d);
    expect(text.message).toBe('Open evil.example in your browser?');
    expect(text.detail).not.toMatch(/[\u202a-\u202e]/);
    expect(askText({ host: 'a\u0007b', url: 'x\u202Ey' })).toEqual({
      message: 'Open a\uFFFDb in your browser?',
      detail: "This address is not one of your connections' sites:\nx\uFFFDy",
    });
  });
});

describe('the renderer address in development only', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged build', () => {
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBeUndefined();
  });

  it('uses a local dev server address when not packaged, and nothing else', () => {
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173/');
    expect(devRendererUrl({}, false)).toBeUndefined();
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'https://evil.example' }, false)).toBeUndefined();
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false)).toBeUndefined();
  });
});
