import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanLine, cleanMultiline, hasControlCharacters } from './human-text.ts';

// Every character the sanitiser must not let through, by name: C0 controls, DEL, C1 controls, bidi
// embeddings and overrides (U+202A–202E) and isolates (U+2066–2069).
const unsafe: [string, string][] = [
  ['NUL', '\u0000'],
  ['BS', '\u0008'],
  ['VT', '\u000B'],
  ['FF', '\u000C'],
  ['ESC', '\u001B'],
  ['DEL', '\u007F'],
  ['NEL (C1)', '\u0085'],
  ['CSI (C1)', '\u009B'],
  ['LRE', '\u202A'],
  ['RLE', '\u202B'],
  ['PDF', '\u202C'],
  ['LRO', '\u202D'],
  ['RLO', '\u202E'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
];

describe('human text', () => {
  test('cleanLine turns every unsafe character into a space between words, and trims', () => {
    for (const [name, c] of unsafe) {
      assert.equal(cleanLine(`Amina${c}Wanjiru`), 'Amina Wanjiru', name);
      assert.equal(cleanLine(`${c}Amina${c}`), 'Amina', name);
      assert.equal(hasControlCharacters(cleanLine(`a${c}b`)), false, name);
    }
  });

  test('cleanLine makes one line: CR, LF, CRLF and tabs become single spaces', () => {
    assert.equal(cleanLine('Subject\r\nBcc: victim@example.org'), 'Subject Bcc: victim@example.org');
    assert.equal(cleanLine('a\rb\nc\td'), 'a b c d');
    assert.equal(cleanLine('  many   spaces  '), 'many spaces');
  });

  test('cleanLine keeps every script and the marks that are not controls', () => {
    for (const text of ['李伟', 'Анна Смирнова', 'محمد بن سلمان', 'María José', 'ÉCOLE', '😀 emoji', 'a\u200Fb']) assert.equal(cleanLine(text), text);
  });

  test('cleanMultiline removes unsafe characters but keeps newlines and tabs; CRLF and CR become LF', () => {
    for (const [name, c] of unsafe) assert.equal(cleanMultiline(`line one${c}\nline two`), 'line one\nline two', name);
    assert.equal(cleanMultiline('a\r\nb\rc\nd'), 'a\nb\nc\nd');
    assert.equal(cleanMultiline('col1\tcol2\n\n  indented'), 'col1\tcol2\n\n  indented');
    assert.equal(cleanMultiline('no\u0000nul'), 'nonul');
  });

  test('hasControlCharacters is true for every unsafe character, tabs and line breaks, false for plain text', () => {
    for (const [name, c] of unsafe) assert.equal(hasControlCharacters(`x${c}y`), true, name);
    for (const c of ['\t', '\n', '\r']) assert.equal(hasControlCharacters(`x${c}y`), true, JSON.stringify(c));
    for (const text of ['plain', '李伟', 'محمد', 'a b', '']) assert.equal(hasControlCharacters(text), false, text);
  });
});
