import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { isAppError } from '../../errors/app-error.ts';
import { translator } from '../../i18n/i18n.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount, signIn } from '../auth/auth.service.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { addMember, join } from './member.service.ts';
import { importMembers } from './member-import.ts';

const en = translator('en');

/** The address module's reason carried by an `invalid_email` AppError, or 'accepted'. */
async function reasonOf(action: Promise<unknown>): Promise<string> {
  try {
    await action;
    return 'accepted';
  } catch (error) {
    if (isAppError(error, 'invalid_email')) return String(error.details.addressError);
    throw error;
  }
}

for (const dialect of dialects) {
  describe(`address boundaries on ${dialect}: a form trims, an import refuses; special-use domains by setting`, () => {
    let t: TestApp;
    let permissive: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      permissive = await createTestApp(dialect, { ALLOW_SPECIAL_USE_DOMAINS: 'true' });
    });
    after(async () => {
      await t.close();
      await permissive.close();
    });

    const importCsv = async (app: TestApp, csv: string) => {
      const networkId = (await findCurrentNetwork(app.deps.db))!.id;
      return importMembers(app.deps, csv, { networkId, dryRun: true, status: 'pending', actorLabel: 'test' });
    };

    test('a CSV import refuses an address with a line break or blanks around it, with the reason', async () => {
      // csv-parse trims around a cell, not inside its quotes: this is what a broken export looks like.
      const report = await importCsv(t, 'email,name\n"broken@example.org\n",Broken\n" spaced@example.org",Spaced\nfine@example.org,Fine\n');
      assert.equal(report.accepted, 1);
      assert.deepEqual(
        report.rejected.map(({ row, code, reason }) => ({ row, code, reason })),
        [
          // Spreadsheet rows: the header is row 1, and the quoted cell over two lines is one row.
          { row: 2, code: 'control_character', reason: en('address.error.control_character', { codePoint: 'U+000A' }) },
          { row: 3, code: 'surrounding_whitespace', reason: en('address.error.surrounding_whitespace', { codePoint: 'U+0020' }) },
        ],
      );
    });

    test('the join form and the staff form still trim a pasted address', async () => {
      const member = await addMember(t.deps, cliActor, { email: ' pasted@example.org\n', name: 'Pasted', language: 'en' }, { status: 'pending' });
      assert.equal(member.email_display, 'pasted@example.org');
      assert.equal(await reasonOf(join(t.deps, { email: '\tjoiner@example.org ', name: 'Joiner', language: 'en' }, null)), 'accepted');
    });

    test('special-use domains are refused by default, in the form, the import and for staff; .example stays valid', async () => {
      assert.equal(await reasonOf(join(t.deps, { email: 'someone@lab.test', name: 'Lab', language: 'en' }, null)), 'special_use_domain');
      assert.equal(
        await reasonOf(addMember(t.deps, cliActor, { email: 'printer@office.local', name: 'Printer', language: 'en' }, { status: 'pending' })),
        'special_use_domain',
      );
      const report = await importCsv(t, 'email,name\nghost@site.invalid,Ghost\nhidden@abc.onion,Hidden\nok@mission-ke.example,Mission\n');
      assert.deepEqual(
        report.rejected.map(({ code, reason }) => ({ code, reason })),
        [
          { code: 'special_use_domain', reason: en('address.error.special_use_domain', { domain: 'site.invalid', suffix: 'invalid' }) },
          { code: 'special_use_domain', reason: en('address.error.special_use_domain', { domain: 'abc.onion', suffix: 'onion' }) },
        ],
      );
      assert.equal(report.accepted, 1);
      const staff = createStaffAccount(t.deps, cliActor, { email: 'admin@plenary.test', name: 'Admin', role: 'owner', password: 'a long enough password 123' });
      assert.equal(await reasonOf(staff), 'special_use_domain');
    });

    test('ALLOW_SPECIAL_USE_DOMAINS=true accepts them everywhere, and such a staff account can sign in', async () => {
      assert.equal(permissive.deps.config.allowSpecialUseDomains, true);
      assert.equal(await reasonOf(join(permissive.deps, { email: 'someone@lab.test', name: 'Lab', language: 'en' }, null)), 'accepted');
      const report = await importCsv(permissive, 'email,name\nghost@site.invalid,Ghost\n');
      assert.equal(report.accepted, 1);
      const password = 'a long enough password 123';
      await createStaffAccount(permissive.deps, cliActor, { email: 'admin@plenary.test', name: 'Admin', role: 'owner', password });
      const session = await signIn(permissive.deps, { email: 'admin@plenary.test', password, ip: '192.0.2.10', userAgent: null });
      assert.equal(session.account.email, 'admin@plenary.test');
    });
  });
}
