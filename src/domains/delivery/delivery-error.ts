/** A failed delivery attempt: `permanent` (5xx, an address the relay cannot take) or temporary (4xx, network). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The relay's reply, e.g. "550 5.1.1 No such user", when there was one. */
    readonly reply: string | null = null,
  ) {
    super(message);
  }
}
