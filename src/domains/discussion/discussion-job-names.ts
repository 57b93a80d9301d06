/** The discussion list's jobs, named apart from their definitions so services can queue them without a cycle. */
export const holdExpiryJobName = 'discussion.expire-held';
export const distributeJobName = 'discussion.distribute';
export const sendPostJobName = 'discussion.send';
export const digestJobName = 'discussion.digest';
