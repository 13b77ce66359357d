/** An email a user would have received, in the order it was sent (as local/moto_plugin/outbox.py records it). */
export interface OutboxEmail {
  /** 1, 2, 3, ... in sending order. */
  readonly id: number;
  readonly sentAt: string;
  /** `cognito`: an invitation or a password-reset code Cognito sent; `ses`: an email our code sent through SES. */
  readonly via: 'cognito' | 'ses';
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** As sent (HTML when the email had an HTML part). */
  readonly body: string;
  /** Invitations only: the temporary password in the body, for scripts. */
  readonly temporaryPassword?: string;
  /** Password-reset codes only (ForgotPassword): the code in the body, for scripts. */
  readonly confirmationCode?: string;
}

/** Where moto's plugin serves the outbox: `?after=N` answers only the emails with an id above N. */
export const OUTBOX_PATH = '/moto-plugin/outbox';

/** The emails the emulator sent with an id above `lastId`, oldest first. */
export async function emailsAfter(endpoint: string, lastId = 0): Promise<OutboxEmail[]> {
  const response = await fetch(`${endpoint}${OUTBOX_PATH}?after=${lastId}`);
  if (!response.ok) throw new Error(`the emulator's outbox answered HTTP ${response.status}`);
  return ((await response.json()) as { emails: OutboxEmail[] }).emails;
}

export interface OutboxDeps {
  readonly endpoint: string;
  /** Where new emails are shown (the console by default). */
  readonly print?: (text: string) => void;
}

/**
 * The local API's view of the emulator's outbox (Cognito invitations and what SES accepted). Reads
 * are incremental: `printNew` fetches only what arrived since its last call, so its cost does not
 * grow with the emulator's age.
 */
export class Outbox {
  private printed = 0;
  private printing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OutboxDeps) {}

  /** The emails with an id above `lastId` (all of them by default), oldest first. */
  after(lastId = 0): Promise<OutboxEmail[]> {
    return emailsAfter(this.deps.endpoint, lastId);
  }

  /** Prints the emails sent since the last call; calls never overlap, so none is printed twice. */
  printNew(): Promise<void> {
    this.printing = this.printing
      .catch(() => undefined)
      .then(async () => {
        for (const email of await this.after(this.printed)) {
          (this.deps.print ?? console.log)(formatEmail(email));
          this.printed = email.id;
        }
      });
    return this.printing;
  }
}

/** A readable console rendering: headers, then the body as text with links spelled out. */
export function formatEmail(email: OutboxEmail): string {
  const text = email.body
    .replace(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, '$2: $1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity] as string)
    .trim();
  const rule = '-'.repeat(72);
  return [rule, `OUTBOX #${email.id} (${email.via})  to: ${email.to.join(', ')}  from: ${email.from}`, `Subject: ${email.subject}`, '', text, rule].join('\n');
}
