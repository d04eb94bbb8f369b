import { createLogger, type Logger } from '@leadgraph/shared';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where identity's mails (password reset, email verification, lockout notice) go. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The default: one JSON log line per mail, so a developer can copy the token from the log.
 * Tokens in a log are as good as the mailbox: production sets a real mailer with `setMailer`.
 */
export class LogMailer implements Mailer {
  constructor(private readonly log: Logger = createLogger('identity-mail')) {}

  async send(message: MailMessage): Promise<void> {
    this.log.info('mail', { to: message.to, subject: message.subject, text: message.text });
  }
}

/** Keeps every message in memory: tests read tokens from here, never from the database. */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  /** The most recent message to `to` (case-insensitive), if any. */
  lastTo(to: string): MailMessage | undefined {
    return [...this.sent].reverse().find((m) => m.to.toLowerCase() === to.toLowerCase());
  }
}

let current: Mailer = new LogMailer();

export const mailer = (): Mailer => current;

/** Replaces the process's mailer; returns the previous one so a test can put it back. */
export function setMailer(next: Mailer): Mailer {
  const previous = current;
  current = next;
  return previous;
}

const failures = createLogger('identity-mail');

/**
 * Sends without letting a mail failure fail the request: an error only when an account exists
 * would tell a caller which emails have accounts. The failure is logged for operators.
 */
export async function deliver(message: MailMessage): Promise<boolean> {
  try {
    await current.send(message);
    return true;
  } catch (error) {
    failures.error('mail not sent', { subject: message.subject, error: (error as Error).message });
    return false;
  }
}
