/** A failure a user can understand: a stable code (asserted by tests, translated by the HTTP layer) and details for the message. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly details: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** Every code a service may throw, with the HTTP status the error handler answers with. */
export const appErrorStatus = {
  not_found: 404,
  forbidden: 403,
  csrf_invalid: 403,
  sign_in_required: 401,
  sign_in_failed: 401,
  rate_limited: 429,
  sign_in_throttled: 429,
  join_throttled: 429,
  join_address_throttled: 429,
  payload_too_large: 413,
  invalid_input: 400,
  invalid_email: 400,
  password_too_short: 400,
  link_invalid: 400,
  link_expired: 410,
  last_owner: 409,
  staff_exists: 409,
  invitation_not_pending: 409,
  two_factor_invalid: 400,
  two_factor_enrol_first: 409,
  two_factor_required: 409,
  two_factor_already_enabled: 409,
  two_factor_not_enabled: 409,
  member_exists: 409,
  filter_control_characters: 400,
  announcement_locked: 409,
  announcement_unknown_merge_field: 400,
  announcement_merge_field_in_link: 400,
  announcement_merge_field_in_subject: 400,
  unknown_member_state: 400,
  engagement_date_range: 400,
  engagement_follow_up_without_owner: 400,
  engagement_notes_too_long: 400,
  engagement_unknown_organisation: 400,
  engagement_unknown_member: 400,
  engagement_organisation_in_use: 409,
  engagement_import_formula: 400,
  engagement_import_unreadable: 400,
  engagement_import_column: 400,
  engagement_import_too_many: 400,
  register_reason_required: 400,
  report_period_range: 400,
  report_period_too_long: 400,
  briefing_no_previous: 409,
  briefing_published: 409,
  briefing_narrative_markup: 400,
  briefing_pdf_unavailable: 503,
  discussion_post_decided: 409,
  discussion_trust_non_member: 409,
  resource_slug_taken: 409,
  resource_file_too_large: 413,
  resource_file_type: 415,
  resource_title_required: 400,
  update_slug_taken: 409,
  update_title_required: 400,
  event_time_range: 400,
  event_unknown_time_zone: 400,
  event_capacity_negative: 400,
  event_registration_window: 400,
  event_title_required: 400,
  event_not_open: 409,
  event_registration_closed: 409,
  event_invitation_required: 403,
  event_member_link_required: 403,
  event_unknown_member: 400,
  unauthorized: 401,
  internal: 500,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

/** True when the value is an AppError with the given code (handy in tests and catch blocks). */
export function isAppError(value: unknown, code?: AppErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
