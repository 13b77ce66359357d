import { INVITATION_MESSAGE } from '../lib/user-pool-settings';
import type { CognitoEmulation, Invitation } from './cognito-emulation';
import { motoSentEmails, recipientsOf } from './moto-state';

/** An email a user would have received, in the order it was sent. */
export interface OutboxEmail {
  /** 1, 2, 3, ... in sending order. */
  readonly id: number;
  readonly sentAt: string;
  /** `cognito`: an invitation Cognito would send; `ses`: an email our code sent through SES. */
  readonly via: 'cognito' | 'ses';
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** As sent (HTML when the email had an HTML part). */
  readonly body: string;
  /** Invitations only: the temporary password in the body, for scripts. */
  readonly temporaryPassword?: string;
}

/** Cognito's default sender; the stack configures no SES sender for the user pool. */
const COGNITO_SENDER = 'no-reply@verificationemail.com';

export interface OutboxDeps {
  readonly endpoint: string;
  readonly cognito: CognitoEmulation;
  /** Where new emails are shown (the console by default). */
  readonly print?: (text: string) => void;
}

/**
 * Every email the local API's users would have received: Cognito invitations (which moto does not
 * send) and what SES accepted. `sync` brings it up to date with moto's state; syncs never overlap.
 */
export class Outbox {
  private readonly emails: OutboxEmail[] = [];
  private readonly pickedUp = new Set<string>();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OutboxDeps) {}

  /** The emails so far, oldest first. */
  list(): readonly OutboxEmail[] {
    return this.emails;
  }

  /** Applies Cognito's missing behaviour and collects new emails. Call after anything that may have sent one. */
  sync(): Promise<void> {
    this.running = this.running.catch(() => undefined).then(() => this.collect());
    return this.running;
  }

  private async collect(): Promise<void> {
    const invitations = await this.deps.cognito.sync();
    invitations.forEach((invitation) => this.deliver(invitationEmail(invitation)));
    for (const sent of await motoSentEmails(this.deps.endpoint)) {
      if (this.pickedUp.has(sent.id)) continue;
      this.pickedUp.add(sent.id);
      this.deliver({ via: 'ses', from: sent.source, to: recipientsOf(sent), subject: sent.subject, body: sent.body });
    }
  }

  private deliver(email: Omit<OutboxEmail, 'id' | 'sentAt'>): void {
    const delivered = { id: this.emails.length + 1, sentAt: new Date().toISOString(), ...email };
    this.emails.push(delivered);
    (this.deps.print ?? console.log)(formatEmail(delivered));
  }
}

/** The invitation with the pool's own template, as Cognito fills it in. */
function invitationEmail({ email, temporaryPassword }: Invitation): Omit<OutboxEmail, 'id' | 'sentAt'> {
  const body = INVITATION_MESSAGE.body.replace('{username}', email).replace('{####}', temporaryPassword);
  return { via: 'cognito', from: COGNITO_SENDER, to: [email], subject: INVITATION_MESSAGE.subject, body, temporaryPassword };
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
  return [
    rule,
    `OUTBOX #${email.id} (${email.via})  to: ${email.to.join(', ')}  from: ${email.from}`,
    `Subject: ${email.subject}`,
    '',
    text,
    rule,
  ].join('\n');
}
