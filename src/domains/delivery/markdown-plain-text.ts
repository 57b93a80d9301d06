import type { MarkdownIt, Token } from 'markdown-it';

/** How wide a line of the text part may be, in columns (a CJK character takes two); a longer URL keeps its own line. */
export const plainTextWidth = 72;

/** A run of text: `atomic` is never broken (a URL), the rest breaks at spaces and between CJK characters. */
interface Segment {
  text: string;
  atomic: boolean;
}

/** The footnotes of one message: each link address once, numbered in order of first use. */
class Footnotes {
  readonly urls: string[] = [];
  number(url: string): number {
    const at = this.urls.indexOf(url);
    if (at >= 0) return at + 1;
    this.urls.push(url);
    return this.urls.length;
  }
}

// Scripts written without spaces between words, and the wide forms: a line may break between two of their characters.
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const wide = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
// No line starts with closing punctuation nor ends with opening punctuation (the usual CJK line-breaking rule).
const noLineStart = /[、。，．：；！？）」』】〕〉》”’・ー)\]}.,:;!?]/u;
const noLineEnd = /[（「『【〔〈《“‘([{]/u;
const combining = /\p{M}/u;

/** Columns a string takes on a fixed-width display: CJK characters two, combining marks (Arabic vowels) none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += combining.test(ch) ? 0 : wide.test(ch) ? 2 : 1;
  return width;
}

/** A unit that wrapping never splits, and whether a space stood before it. */
interface Unit {
  text: string;
  spaced: boolean;
}

/** Cuts segments into units: words at spaces, CJK text between characters, an atomic segment whole; "\n" is a forced break. */
function units(segments: Segment[]): Unit[] {
  const out: Unit[] = [];
  let current = '';
  let spaced = false;
  let pendingSpace = false;
  const flush = () => {
    if (current) out.push({ text: current, spaced });
    current = '';
  };
  for (const segment of segments) {
    if (segment.atomic) {
      if (pendingSpace) {
        flush();
        spaced = true;
        pendingSpace = false;
      }
      current += segment.text;
      continue;
    }
    for (const ch of segment.text) {
      if (ch === '\n') {
        flush();
        out.push({ text: '\n', spaced: false });
        spaced = false;
        pendingSpace = false;
      } else if (ch === ' ' || ch === '\t') {
        pendingSpace = true;
      } else {
        if (pendingSpace) {
          flush();
          spaced = true;
          pendingSpace = false;
        } else if (current) {
          const last = [...current].pop()!;
          if ((cjk.test(last) || cjk.test(ch)) && !noLineStart.test(ch) && !noLineEnd.test(last)) {
            flush();
            spaced = false;
          }
        }
        current += ch;
      }
    }
  }
  flush();
  return out;
}

/** Greedy line filling; a unit wider than the line (a long URL) gets a line of its own and is never cut. */
function wrap(segments: Segment[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const unit of units(segments)) {
    if (unit.text === '\n') {
      lines.push(line);
      line = '';
      lineWidth = 0;
      continue;
    }
    const w = displayWidth(unit.text);
    const gap = unit.spaced && line ? 1 : 0;
    if (line && lineWidth + gap + w > width) {
      lines.push(line);
      line = unit.text;
      lineWidth = w;
    } else {
      line += (gap ? ' ' : '') + unit.text;
      lineWidth += gap + w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** The text of inline tokens: emphasis without its markers, links as "text [n]" (or the address when it is the text), images as "alt (address)". */
function inlineSegments(children: Token[], notes: Footnotes): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < children.length; i++) {
    const token = children[i]!;
    switch (token.type) {
      case 'text':
      case 'code_inline':
        out.push({ text: token.content, atomic: false });
        break;
      case 'softbreak':
        out.push({ text: ' ', atomic: false });
        break;
      case 'hardbreak':
        out.push({ text: '\n', atomic: false });
        break;
      case 'image': {
        const alt = token.children ? plainInline(token.children) : token.content;
        const src = String(token.attrGet('src') ?? '');
        if (alt) out.push({ text: `${alt} `, atomic: false });
        out.push({ text: `(${src})`, atomic: true });
        break;
      }
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        let close = i + 1;
        let depth = 1;
        for (; close < children.length; close++) {
          if (children[close]!.type === 'link_open') depth++;
          if (children[close]!.type === 'link_close' && --depth === 0) break;
        }
        const inner = children.slice(i + 1, close);
        const text = plainInline(inner);
        const bare = href.replace(/^mailto:/, '');
        // An address written as itself (autolink, linkify) is shown once, whole.
        if (token.markup === 'autolink' || token.markup === 'linkify' || text === href || text === bare) {
          out.push({ text: text || bare, atomic: true });
        } else {
          out.push(...inlineSegments(inner, notes));
          out.push({ text: `\u00a0[${notes.number(href)}]`, atomic: true });
        }
        i = close;
        break;
      }
      default:
        // Emphasis, strikethrough and their closings carry no text of their own.
        if (token.children) out.push(...inlineSegments(token.children, notes));
    }
  }
  return out;
}

/** The plain text of inline tokens, for an image's alt text or a link's label. */
function plainInline(children: Token[]): string {
  return children
    .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.type === 'image' ? c.content : c.children ? plainInline(c.children) : c.content))
    .join('');
}

/** The index of the token closing the one at `start` (same level, `_close` of its `_open`). */
function closing(tokens: Token[], start: number): number {
  const open = tokens[start]!;
  const type = open.type.replace(/_open$/, '_close');
  for (let i = start + 1; i < tokens.length; i++) if (tokens[i]!.type === type && tokens[i]!.level === open.level) return i;
  return tokens.length - 1;
}

/** A block as lines, and whether it sits tight against the next one (a tight list's paragraph). */
interface Block {
  lines: string[];
  tight: boolean;
}

function joinBlocks(blocks: Block[]): string[] {
  const lines: string[] = [];
  blocks.forEach((block, i) => {
    if (i > 0 && !blocks[i - 1]!.tight) lines.push('');
    lines.push(...block.lines);
  });
  return lines;
}

/** Prefixes the first line with `first` and the others with `rest` (a bullet, a quote's "> "); empty lines stay trimmed. */
function indent(lines: string[], first: string, rest: string): string[] {
  return lines.map((line, i) => `${i === 0 ? first : rest}${line}`.replace(/\s+$/, ''));
}

function blocks(tokens: Token[], width: number, notes: Footnotes): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    switch (token.type) {
      case 'paragraph_open': {
        const inline = tokens[i + 1]!;
        out.push({ lines: wrap(inlineSegments(inline.children ?? [], notes), width), tight: token.hidden });
        i = closing(tokens, i);
        break;
      }
      case 'heading_open': {
        const lines = wrap(inlineSegments(tokens[i + 1]!.children ?? [], notes), width);
        const rule = token.tag === 'h1' ? '=' : token.tag === 'h2' ? '-' : '';
        // Underlined the width of its longest line, as plain-text mail marks headings (Setext style).
        if (rule) lines.push(rule.repeat(Math.max(...lines.map(displayWidth), 3)));
        out.push({ lines, tight: false });
        i = closing(tokens, i);
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const end = closing(tokens, i);
        const ordered = token.type === 'ordered_list_open';
        let n = Number(token.attrGet('start') ?? 1);
        const items: Block[] = [];
        for (let j = i + 1; j < end; j++) {
          if (tokens[j]!.type !== 'list_item_open') continue;
          const itemEnd = closing(tokens, j);
          const marker = ordered ? `${n++}${token.markup || '.'} ` : '• ';
          const pad = ' '.repeat(marker.length);
          const inner = blocks(tokens.slice(j + 1, itemEnd), width - marker.length, notes);
          // A tight list's items sit line under line; a loose list's are paragraphs apart.
          const tight = inner[0]?.tight ?? true;
          items.push({ lines: indent(joinBlocks(inner), marker, pad), tight });
          j = itemEnd;
        }
        out.push({ lines: joinBlocks(items), tight: false });
        i = end;
        break;
      }
      case 'blockquote_open': {
        const end = closing(tokens, i);
        const inner = joinBlocks(blocks(tokens.slice(i + 1, end), width - 2, notes));
        out.push({ lines: indent(inner, '> ', '> '), tight: false });
        i = end;
        break;
      }
      case 'fence':
      case 'code_block':
        // Code as written, indented, never wrapped: a line break would change it.
        out.push({
          lines: token.content
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => (l ? `    ${l}` : '')),
          tight: false,
        });
        break;
      case 'hr':
        out.push({ lines: ['* * *'], tight: false });
        break;
      case 'table_open': {
        const end = closing(tokens, i);
        const rows: string[] = [];
        let cells: string[] = [];
        for (let j = i + 1; j < end; j++) {
          const t = tokens[j]!;
          if (t.type === 'inline') cells.push(plainInline(t.children ?? []));
          if (t.type === 'tr_close') {
            rows.push(cells.join(' | '));
            cells = [];
          }
        }
        out.push({ lines: rows, tight: false });
        i = end;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * The text/plain rendering of Markdown as a mail reader shows it: headings underlined, lists with bullets
 * or numbers, emphasis without its markers, code as written, images as their alt text and address, links as
 * numbered footnotes listed at the end, lines wrapped at `width` columns between words (and between CJK
 * characters) but never inside a URL. Characters are never reordered or marked, so right-to-left text reads as written.
 */
export function markdownToPlainText(md: MarkdownIt, source: string, width = plainTextWidth): string {
  const notes = new Footnotes();
  const lines = joinBlocks(blocks(md.parse(source, {}), width, notes));
  if (notes.urls.length) lines.push('', ...notes.urls.map((url, i) => `[${i + 1}] ${url}`));
  return lines.join('\n');
}
