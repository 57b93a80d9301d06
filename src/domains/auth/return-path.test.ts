import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { safeReturnPath } from './return-path.ts';

describe('the path to return to after sign-in', () => {
  test('a clean same-origin path is kept as it is', () => {
    for (const path of [
      '/en/admin',
      '/fr/admin/members?status=active&page=2',
      '/ar/admin/members/12#history',
      '/zh/admin/mail?before=40',
      '/en/admin/members?q=%E4%BD%A0',
    ]) {
      assert.equal(safeReturnPath(path), path);
    }
  });

  test('control characters, white space and non-ASCII are refused, wherever they are', () => {
    for (const path of [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/en/admin\r\nSet-Cookie: x=1',
      '/en/admin\u0000',
      '/en/admin\u007f',
      '/en/admin\u0085',
      '/ /evil.example',
      '/en/admin?q=a b',
      '/en/admin?q=\u202e',
      '/en/admin/члены',
    ]) {
      assert.equal(safeReturnPath(path), null, JSON.stringify(path));
    }
  });

  test('anything that leaves the origin is refused', () => {
    for (const path of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
      '/%09/evil.example/..',
      '/..//evil.example',
    ]) {
      const result = safeReturnPath(path);
      if (result !== null) {
        // Whatever is kept must still resolve to this origin once a browser parses it.
        assert.equal(new URL(result, 'https://plenary.example').origin, 'https://plenary.example', JSON.stringify(path));
        assert.ok(!result.startsWith('//'), JSON.stringify(path));
      }
    }
    for (const path of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'evil.example', '']) {
      assert.equal(safeReturnPath(path), null, JSON.stringify(path));
    }
  });

  test('non-strings and overlong paths are refused', () => {
    for (const value of [undefined, null, 42, ['/en/admin'], { path: '/en/admin' }, `/${'a'.repeat(2100)}`]) {
      assert.equal(safeReturnPath(value), null);
    }
  });
});
