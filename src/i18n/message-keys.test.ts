import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addressErrorCodes } from '../address/email-address.ts';
import { announcementStatuses } from '../domains/announcements/announcement.table.ts';
import { staffRoles } from '../domains/auth/auth.table.ts';
import { confirmedStaffActions } from '../domains/auth/staff-admin.views.tsx';
import { bounceReviewReasons } from '../domains/bounces/bounce-review.table.ts';
import { archiveVisibilities, fromRewrites, holdReasons, nonMemberActions, postDeliveries, postingPolicies } from '../domains/discussion/discussion.table.ts';
import { moderationActions } from '../domains/discussion/moderation.service.ts';
import { confidentialities, engagementKinds, engagementStatuses, submissionStatuses } from '../domains/engagements/engagement.table.ts';
import { engagementFormFields } from '../domains/engagements/engagements-admin.views.tsx';
import { registerKinds, trends } from '../domains/engagements/register.table.ts';
import { registerFormFields } from '../domains/engagements/register-admin.views.tsx';
import { eventKinds, eventStatuses, eventVisibilities, registrationStatuses } from '../domains/events/event.table.ts';
import { registrationEmailKinds } from '../domains/events/event-email.tsx';
import { eventFormFields } from '../domains/events/events-admin.views.tsx';
import { staffStatusActions } from '../domains/members/member.service.ts';
import { confirmationReasons, consentMethods, memberStatuses, stakeholderGroups } from '../domains/members/member.table.ts';
import { memberEmailKinds } from '../domains/members/member-email.tsx';
import { memberEventKinds } from '../domains/members/member-history.view.tsx';
import { memberImportStatuses } from '../domains/members/member-import.table.ts';
import { importFields } from '../domains/members/member-import.ts';
import { memberFieldsSchema } from '../domains/members/member-record.ts';
import { regionalGroups } from '../domains/members/member-states.data.ts';
import { breakdowns, intervals } from '../domains/reports/analytics.service.ts';
import { briefingSections, periodKinds } from '../domains/reports/briefing.table.ts';
import { runStatuses, scheduleStatuses } from '../domains/reports/briefing-schedule.table.ts';
import { slideWordings } from '../domains/reports/network-slide.service.ts';
import { analyticsQuery } from '../domains/reports/reports-admin.routes.tsx';
import { resourceKinds, resourceStatuses } from '../domains/resources/resource.table.ts';
import { resourceFormFields } from '../domains/resources/resources-admin.views.tsx';
import { joinFieldModes, joinFieldNames } from '../domains/site/network-settings.service.ts';
import { searchKinds } from '../domains/site/search.service.ts';
import { milestoneFormFields } from '../domains/site/timeline-admin.views.tsx';
import { appErrorStatus } from '../errors/app-error.ts';
import { jobStatuses } from '../jobs/job.table.ts';
import { type Locale, locales, missingMessageWarning, readCatalog, translator } from './i18n.ts';

const srcDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Every source file of the app (tests excluded), with its text. */
function sourceFiles(): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
        files.push({ file: path.relative(srcDir, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(srcDir);
  return files;
}

const read = (file: string) => fs.readFileSync(path.join(srcDir, file), 'utf8');
/** The quoted values of `pattern`'s first group in a source file (for values no module exports). */
const valuesIn = (file: string, pattern: RegExp) => [...new Set([...read(file).matchAll(pattern)].map((m) => m[1] as string))];

/** Fields a member form turns into `member.invalid.<field>`: the schema's, and those the member services throw. */
const memberFormFields = [
  ...Object.keys(memberFieldsSchema.shape),
  ...valuesIn('domains/members/member-record.ts', /AppError\('invalid_input', \{ field: '(\w+)'/g),
  ...valuesIn('domains/members/member.service.ts', /AppError\('invalid_input', \{ field: '(\w+)'/g),
  // The join form's own checks, and the generic ones of fieldErrors and the error handler.
  'consent',
  'body',
  'form',
];

/**
 * Each message key built from a template in source (`t(\`memberStatus.${s}\`)`, here `memberStatus.*`) and
 * the values it can take (the template written with `*` for its placeholder). A new template fails the test until
 * its values are listed here.
 */
const families: Record<string, readonly string[]> = {
  'address.error.*': addressErrorCodes,
  'announcementStatus.*': announcementStatuses,
  'announcements.done.*': ['test', 'saved'],
  'bounces.review.kind.*': ['hard', 'soft', 'feedback'],
  'bounces.review.reason.*': bounceReviewReasons,
  'confidentiality.*': confidentialities,
  'consentMethod.*': consentMethods,
  // The progress tiles name the states a send counts (sending and cancelled deliveries are not shown).
  'deliveryState.*': ['sent', 'queued', 'deferred', 'failed', 'bounced'],
  'discussion.delivery.*': postDeliveries,
  'discussion.digest.*.intro': ['daily', 'weekly'],
  'discussion.digest.*.subject': ['daily', 'weekly'],
  'discussion.holdReason.*': holdReasons,
  'discussion.moderation.done.*': moderationActions,
  'discussion.nonMembers.*': nonMemberActions,
  'discussion.policy.*': postingPolicies,
  'discussion.policyHint.*': postingPolicies,
  'discussion.rewriteFrom.*': fromRewrites,
  'discussionArchive.intro.*': archiveVisibilities,
  'discussionArchive.visibility.*': archiveVisibilities,
  'engagementKind.*': engagementKinds,
  'engagementStatus.*': engagementStatuses,
  'engagements.field.*': engagementFormFields,
  'events.email.*.body': registrationEmailKinds,
  'events.email.*.subject': registrationEmailKinds,
  'events.field.*': eventFormFields,
  'events.kind.*': eventKinds,
  'events.registrationStatus.*': registrationStatuses,
  'events.status.*': eventStatuses,
  'events.visibility.*': eventVisibilities,
  'error.*': Object.keys(appErrorStatus),
  'import.file.*': valuesIn('domains/members/member-import.ts', /fileError\('(\w+)'/g),
  // A row's field as the import names it (jobTitle → title); a bad address has its own reasons.
  'import.reason.*': importFields.filter((f) => f !== 'email'),
  'jobs.status.*': jobStatuses,
  'join.confirmReason.*': confirmationReasons,
  'member.invalid.*': memberFormFields,
  'member.missing.*': joinFieldNames,
  'memberEmail.*.action': memberEmailKinds,
  'memberEmail.*.body': memberEmailKinds,
  'memberEmail.*.subject': memberEmailKinds,
  'memberEvent.*': memberEventKinds,
  'memberStatus.*': memberStatuses,
  'members.action.*': Object.keys(staffStatusActions),
  'members.bulk.confirm.*': Object.keys(staffStatusActions),
  'members.bulk.confirm.button.*': Object.keys(staffStatusActions),
  'members.confirm.*.explain': ['remove', 'erase'],
  'members.confirm.*.submit': ['remove', 'erase'],
  'members.confirm.*.title': ['remove', 'erase'],
  'members.consentWaiting.*': confirmationReasons,
  'regionalGroup.*': regionalGroups,
  'register.field.*': registerFormFields,
  'registerKind.*': registerKinds,
  'briefings.field.*': ['periodKind', 'title'],
  'boardRecipients.*Notice': ['added', 'removed'],
  'boardRecipients.field.*': ['name', 'email', 'locale', 'body'],
  'schedules.*': ['pause', 'resume'],
  'schedules.field.*': ['pattern', 'timeZone', 'periodKind', 'autoPublish', 'ownerStaffId', 'body'],
  'schedules.runStatus.*': runStatuses,
  'schedules.status.*': scheduleStatuses,
  'briefings.periodKind.*': periodKinds,
  'briefings.section.*': briefingSections,
  'reports.by.*': breakdowns,
  'reports.chart.by.*': breakdowns,
  'reports.field.*': Object.keys(analyticsQuery.shape),
  'reports.interval.*': intervals,
  'reports.slide.sentence.*': slideWordings,
  'resourceKind.*': resourceKinds,
  'resourceKindPlural.*': resourceKinds,
  'resourceStatus.*': resourceStatuses,
  'resources.field.*': resourceFormFields,
  'search.kind.*': searchKinds,
  'timeline.field.*': milestoneFormFields,
  'timeline.precision.*': ['day', 'month', 'year'],
  'role.*': staffRoles,
  'settings.invalid.logo.*': valuesIn('domains/site/network-settings.service.ts', /field: 'logo', reason: '(\w+)'/g),
  'settings.joinField.*': joinFieldModes,
  'stakeholderGroup.*': stakeholderGroups,
  'submissionStatus.*': submissionStatuses,
  'trend.*': trends,
  'upload.fieldName.*': importFields,
  'upload.status.*': memberImportStatuses,
};
// The staff confirmation steps name their keys in camel case (revoke-invitation → revokeInvitation).
const staffKeys = confirmedStaffActions.map((a) => a.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()));
for (const template of ['staff.*', 'staff.*For', 'staff.confirm.*.explain', 'staff.confirm.*.submit', 'staff.confirm.*.title']) families[template] = staffKeys;

/** The keys the source asks for: literal ones, and the templates (the placeholder written `*`). */
function keysInSource(): { literal: Map<string, string>; templates: Map<string, string> } {
  const literal = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const { file, text } of sourceFiles()) {
    // t('key'), ctx.t("key"), translator(locale)('key')
    for (const m of text.matchAll(/(?:\bt|\))\(\s*(['"])([a-zA-Z][\w.-]*)\1/g)) if ((m[2] as string).includes('.')) literal.set(m[2] as string, file);
    for (const m of text.matchAll(/\bt\(\s*`([^`]*)`/g)) {
      const key = m[1] as string;
      if (key.includes('${')) templates.set(key.replace(/\$\{[^}]*\}/g, '*'), file);
      else literal.set(key, file);
    }
  }
  return { literal, templates };
}

const catalogs = new Map(locales.map((l) => [l, readCatalog(l)] as [Locale, Record<string, string>]));
const missingFrom = (key: string) => locales.filter((l) => !(key in (catalogs.get(l) as Record<string, string>)));

test('every message key the source names literally is in all six catalogs', () => {
  const { literal } = keysInSource();
  assert.ok(literal.size > 300, `found ${literal.size} keys: the scan still reads the source`);
  const missing = [...literal].filter(([key]) => missingFrom(key).length > 0).map(([key, file]) => `${key} (${file}; not in ${missingFrom(key).join(', ')})`);
  assert.deepEqual(missing, []);
});

test('every key built from a template is in all six catalogs, for every value the template takes', () => {
  const { templates } = keysInSource();
  const unlisted = [...templates].filter(([template]) => !(template in families)).map(([template, file]) => `${template} (${file})`);
  assert.deepEqual(unlisted, [], 'list the values of each new template in `families`');
  const missing: string[] = [];
  for (const template of templates.keys()) {
    for (const value of families[template] as readonly string[]) {
      const key = template.replace('*', value);
      if (missingFrom(key).length > 0) missing.push(`${key} (not in ${missingFrom(key).join(', ')})`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the translator reports a missing key at render time and never returns the key itself', () => {
  const reports: [string, Locale][] = [];
  const t = translator('fr', (key, locale) => reports.push([key, locale]));
  assert.equal(t('no.such.message'), translator('fr')('message.missing'));
  assert.notEqual(t('no.such.message'), 'no.such.message');
  assert.deepEqual(reports[0], ['no.such.message', 'fr']);
  assert.equal(t('layout.languages'), readCatalog('fr')['layout.languages'], 'a present key is not reported');
  assert.equal(reports.length, 2);
});

test('by default a missing key raises one process warning per key and locale', async () => {
  const warnings: Error[] = [];
  const listen = (w: Error) => warnings.push(w);
  process.on('warning', listen);
  try {
    const t = translator('ru');
    t('no.such.message.either');
    t('no.such.message.either');
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listen);
  }
  const ours = warnings.filter((w) => (w as Error & { code?: string }).code === missingMessageWarning);
  assert.equal(ours.length, 1);
  assert.match(ours[0]?.message ?? '', /no\.such\.message\.either.*ru/);
});
