import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docxBytes, pdfBytes, zipArchive } from '../../../test/zip-builder.ts';
import { sniffResourceFileType } from './resource-file-type.ts';

const mimeOf = (bytes: Uint8Array) => sniffResourceFileType(bytes)?.mime ?? null;

test('documents and pictures are known by their bytes', () => {
  assert.equal(mimeOf(pdfBytes()), 'application/pdf');
  assert.equal(mimeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), 'image/png');
  assert.equal(mimeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16])), 'image/jpeg');
  assert.equal(mimeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')), 'image/webp');
  assert.equal(mimeOf(docxBytes()), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const pptx = zipArchive([
    { name: '[Content_Types].xml', content: '<Types/>' },
    { name: 'ppt/presentation.xml', content: '<p:presentation/>' },
  ]);
  assert.equal(mimeOf(pptx), 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
  const xlsx = zipArchive([
    { name: '[Content_Types].xml', content: '<Types/>' },
    { name: 'xl/workbook.xml', content: '<workbook/>' },
  ]);
  assert.equal(mimeOf(xlsx), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const odt = zipArchive([
    { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text' },
    { name: 'content.xml', content: '<office:document-content/>' },
  ]);
  assert.equal(mimeOf(odt), 'application/vnd.oasis.opendocument.text');
});

test('what a browser could run, and archives of other kinds, are refused whatever their name', () => {
  assert.equal(mimeOf(Buffer.from('<!doctype html><script>alert(document.cookie)</script>')), null);
  assert.equal(mimeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')), null);
  assert.equal(mimeOf(Buffer.from('   %PDF-1.4 not at the start')), null);
  assert.equal(mimeOf(zipArchive([{ name: 'index.html', content: '<script></script>' }])), null, 'a plain ZIP is no office document');
  assert.equal(mimeOf(zipArchive([{ name: 'word/document.xml', content: '<w/>' }])), null, 'no [Content_Types].xml');
  assert.equal(mimeOf(zipArchive([{ name: 'mimetype', content: 'text/html' }])), null, 'an OpenDocument mimetype must be one of ours');
  assert.equal(mimeOf(docxBytes().subarray(0, 60)), null, 'a cut archive has no directory to read');
  assert.equal(mimeOf(Buffer.alloc(0)), null);
  assert.equal(mimeOf(Buffer.from('PK\x03\x04', 'latin1')), null);
});
