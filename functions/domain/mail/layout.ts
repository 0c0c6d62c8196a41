/**
 * The frame of every email Warta sends to a person: escaped user text, a plain HTML body
 * that reads on a phone, and a text part with the same content.
 */
import { escapeHtml } from '../render/escape.js';

export interface MailContent {
  subject: string;
  html: string;
  text: string;
}

/** A paragraph, a key/value table or a button; every string is escaped here. */
export type Block = { p: string } | { rows: [string, string][] } | { button: { label: string; url: string } };

/** Puts each `{name}` of a mail text's template to its value; a name without one stays as written. */
export const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (w, k: string) => v[k] ?? w);

export function renderMail(subject: string, heading: string, blocks: Block[], footer: string): MailContent {
  const html: string[] = [];
  const text: string[] = [heading, ''];
  for (const b of blocks) {
    if ('p' in b) {
      html.push(`<p style="margin:0 0 12px">${escapeHtml(b.p).replace(/\n/g, '<br>')}</p>`);
      text.push(b.p, '');
    } else if ('rows' in b) {
      html.push(
        `<table style="border-collapse:collapse;margin:0 0 12px">${b.rows
          .map(
            ([k, v]) =>
              `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`,
          )
          .join('')}</table>`,
      );
      text.push(...b.rows.map(([k, v]) => `${k}: ${v}`), '');
    } else {
      html.push(
        `<p style="margin:16px 0"><a href="${escapeHtml(b.button.url)}" style="display:inline-block;padding:10px 16px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(b.button.label)}</a></p>`,
      );
      text.push(`${b.button.label}: ${b.button.url}`, '');
    }
  }
  text.push('--', footer);
  return {
    subject,
    html: `<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:600px;margin:0 auto;padding:16px"><h1 style="font-size:19px">${escapeHtml(heading)}</h1>${html.join('')}<hr style="border:0;border-top:1px solid #ccc"><p style="font-size:12px;color:#555">${escapeHtml(footer)}</p></body></html>`,
    text: text.join('\n'),
  };
}
