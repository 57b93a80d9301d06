import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as members from './0002-members.ts';
import * as memberTallies from './0003-member-tallies.ts';
import * as memberImports from './0004-member-imports.ts';
import * as announcements from './0005-announcements.ts';
import * as staffLifecycle from './0006-staff-lifecycle.ts';
import * as tokenBindings from './0007-token-bindings.ts';
import * as bounceReview from './0008-bounce-review.ts';
import * as announcementArchive from './0009-announcement-archive.ts';
import * as memberConsent from './0011-member-consent.ts';
import * as networkSettings from './0013-network-settings.ts';
import * as feedbackReports from './0014-feedback-reports.ts';
import * as joinLimits from './0015-join-limits.ts';
import * as searchFolding from './0016-search-folding.ts';
import * as erasure from './0017-erasure.ts';
import * as engagements from './0018-engagements.ts';
import * as events from './0019-events.ts';
import * as siteResources from './0020-site-resources.ts';
import * as reports from './0021-reports.ts';
import * as discussion from './0022-discussion.ts';
import * as engagementCalendar from './0023-engagement-calendar.ts';
import * as briefingSchedules from './0024-briefing-schedules.ts';
import * as eventApprovalAttendance from './0025-event-approval-attendance.ts';
import * as memberStatusDays from './0027-member-status-days.ts';
import * as announcementReach from './0028-announcement-reach.ts';
import * as discussionArchive from './0029-discussion-archive.ts';
import * as engagementFiles from './0030-engagement-files.ts';

/** Every migration in order; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-members': members,
  '0003-member-tallies': memberTallies,
  '0004-member-imports': memberImports,
  '0005-announcements': announcements,
  '0006-staff-lifecycle': staffLifecycle,
  '0007-token-bindings': tokenBindings,
  '0008-bounce-review': bounceReview,
  '0009-announcement-archive': announcementArchive,
  '0011-member-consent': memberConsent,
  '0013-network-settings': networkSettings,
  '0014-feedback-reports': feedbackReports,
  '0015-join-limits': joinLimits,
  '0016-search-folding': searchFolding,
  '0017-erasure': erasure,
  '0018-engagements': engagements,
  '0019-events': events,
  '0020-site-resources': siteResources,
  '0021-reports': reports,
  '0022-discussion': discussion,
  '0023-engagement-calendar': engagementCalendar,
  '0024-briefing-schedules': briefingSchedules,
  '0025-event-approval-attendance': eventApprovalAttendance,
  '0027-member-status-days': memberStatusDays,
  '0028-announcement-reach': announcementReach,
  '0029-discussion-archive': discussionArchive,
  '0030-engagement-files': engagementFiles,
};
