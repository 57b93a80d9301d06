import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { displayWidth, markdownToPlainText } from './markdown-plain-text.ts';

const md = new MarkdownIt({ html: false, linkify: true, breaks: false });
const plain = (source: string, width?: number) => markdownToPlainText(md, source, width);

describe('Markdown as plain text', () => {
  test('links become numbered footnotes, one number per address; an address written as itself stays inline', () => {
    const text = plain(
      'See [the draft](https://a.example/d) and [again](https://a.example/d), [the FAQ](https://a.example/faq), <https://b.example/x> or <info@example.org>.',
      100,
    );
    assert.equal(
      text,
      'See the draft\u00a0[1] and again\u00a0[1], the FAQ\u00a0[2], https://b.example/x or info@example.org.\n\n[1] https://a.example/d\n[2] https://a.example/faq',
    );
  });

  test('a URL is never broken, even when longer than the line', () => {
    const url = `https://outreach.example.org/en/resources/${'very-long-segment-'.repeat(6)}end`;
    const text = plain(`Words before the address and then ![A chart](${url}) and words after it.`, 40);
    assert.ok(
      text.split('\n').some((line) => line.includes(`(${url})`)),
      text,
    );
    for (const line of text.split('\n')) if (!line.includes('https://')) assert.ok(displayWidth(line) <= 40, line);
  });

  test('nested lists, quotes, code, rules, tables and hard breaks', () => {
    const text = plain(
      '- one\n- two\n  - two and a half\n\n3. three\n4. four\n\n> Quoted **text**\n\n    const a  =  1;\n\n---\n\n| Group | Members |\n|---|---|\n| GRULAC | 12 |\n\nLine one  \nLine two',
    );
    assert.equal(
      text,
      [
        '• one',
        '• two',
        '  • two and a half',
        '',
        '3. three',
        '4. four',
        '',
        '> Quoted text',
        '',
        '    const a  =  1;',
        '',
        '* * *',
        '',
        'Group | Members',
        'GRULAC | 12',
        '',
        'Line one',
        'Line two',
      ].join('\n'),
    );
  });

  test('wraps Latin at spaces, Chinese between characters (never before closing punctuation), Arabic at spaces', () => {
    const zh = plain('世界信息社会峰会成果文件零草案已由共同协调人于今天发布，并请在十月十五日前向我们提交意见。', 20);
    for (const line of zh.split('\n')) {
      assert.ok(displayWidth(line) <= 20, line);
      assert.doesNotMatch(line, /^[，。]/, 'no line starts with a comma or full stop');
    }
    assert.ok(zh.split('\n').length > 1);
    const ar = 'صدر المشروع الأولي لوثيقة نتائج استعراض WSIS+20 اليوم وأرسلوا إلينا تعليقاتكم قبل 15 أكتوبر';
    const wrapped = plain(ar, 30);
    assert.equal(wrapped.replace(/\n/g, ' '), ar, 'the Arabic words as written, in their order');
    assert.ok(wrapped.split('\n').every((l) => displayWidth(l) <= 30));
  });

  test('emphasis and escapes leave no markers; raw HTML stays as text', () => {
    assert.equal(plain('**Bold**, _em_, ~~gone~~, `code`, \\*star\\*'), 'Bold, em, gone, code, *star*');
    assert.equal(plain('<b>x</b>'), '<b>x</b>');
  });
});
