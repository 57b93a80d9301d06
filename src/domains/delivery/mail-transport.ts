/** One message ready to hand to a transport. Addresses are display forms from the address module. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId: string;
}

/** Where outgoing mail goes: captured in the database by default, an SMTP relay in production. */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}
