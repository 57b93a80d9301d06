/** One message ready to hand to a transport. Addresses are display forms from the address module. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** The SMTP envelope sender (a VERP bounce address); the From address when absent. */
  envelopeFrom?: string;
  /** Files sent with the message (a briefing's PDF): the message becomes multipart/mixed. */
  attachments?: MailAttachment[];
}

/** A file attached to a message; `filename` is ASCII (letters, digits, dot, hyphen, underscore). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface SendResult {
  messageId: string;
  /** The relay's reply ("250 2.0.0 Ok: queued as …"), when there is one. */
  reply?: string;
}

/** DKIM settings nodemailer understands. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** Where outgoing mail goes: captured in the database by default, an SMTP relay in production. */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}
