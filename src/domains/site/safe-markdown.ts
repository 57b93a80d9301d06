import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML is escaped, never passed through, and markdown-it refuses javascript:, vbscript:, file: and
// data: (but raster images) link targets: staff-written Markdown cannot put script on a public page.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

/** Renders Markdown written by staff (the privacy notice) to HTML safe to put in a page. */
export function renderSafeMarkdown(source: string): string {
  return markdown.render(source);
}

// What a published text (a resource, a page, an update) may hold once rendered: text structure, links and
// pictures over http(s) only, no attribute that runs or styles anything. A page has its own h1, so a text's
// headings start at h2.
const publishedAllowlist: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], th: ['scope'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs }),
  },
};

/**
 * Renders a published text's Markdown and passes the HTML through sanitize-html's allowlist: markdown-it already
 * escapes raw HTML, and the allowlist is the second wall, so no script, handler or style survives either way.
 */
export function renderPublishedMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), publishedAllowlist);
}
