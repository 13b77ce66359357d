/** A plain transactional email. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Sends email from the configured sender. Implemented over Amazon SES v2. */
export interface Mailer {
  /** @throws TooManyRequestsError / DependencyUnavailableError when the mail service refuses or fails. */
  send(message: EmailMessage): Promise<void>;
}
