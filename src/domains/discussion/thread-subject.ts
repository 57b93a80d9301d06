// Reply and forward markers in the languages of the network's members, with Outlook's "[2]" counters.
const replyMarkers =
  /^(?:\s*(?:re|aw|sv|antw|wg|fw|fwd|tr|rif|ref|res|enc|回复|答复|回覆|转发|رد|إعادة توجيه|отв|ответ|пересл)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+/iu;

/** The subject a thread is known by: the post's, without reply markers ("Re:", "AW:", "回复：") or surrounding space. */
export function threadSubject(subject: string): string {
  return subject.replace(replyMarkers, '').trim();
}
