// The monitor's 401 page: HTML only for clients that ask for it, and nothing in it that the
// monitor's CSP would block.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SIGN_IN_HTML, SIGN_IN_TEXT, wantsHtml } from '../../src/main/web/sign-in-page';

function withAccept(accept: string | undefined): IncomingMessage {
  return { headers: accept === undefined ? {} : { accept } } as IncomingMessage;
}

describe('sign-in page', () => {
  it('is HTML for a browser navigation, text for other clients', () => {
    expect(wantsHtml(withAccept('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'))).toBe(true);
    expect(wantsHtml(withAccept('text/html'))).toBe(true);
    expect(wantsHtml(withAccept('application/json, text/html;q=0.5'))).toBe(true);
    expect(wantsHtml(withAccept(undefined))).toBe(false);
    expect(wantsHtml(withAccept('*/*'))).toBe(false);
    expect(wantsHtml(withAccept('application/json'))).toBe(false);
    expect(wantsHtml(withAccept('text/htmlx'))).toBe(false);
  });

  it('says the same in both forms, with no script, style or remote content', () => {
    expect(SIGN_IN_HTML).not.toMatch(/<script|<style|style=|<link|<img|https?:\/\//i);
    const fromHtml = SIGN_IN_HTML.replace(/<\/(h1|p)>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&');
    for (const line of SIGN_IN_TEXT.split('\n').filter((one) => one !== '')) expect(fromHtml).toContain(line);
  });
});
