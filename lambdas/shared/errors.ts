/**
 * The one error hierarchy of the service. Flows and adapters throw these; `toErrorResponse`
 * (http/responses.ts) is the single place that turns them into HTTP status codes.
 */
export abstract class AppError extends Error {
  /** HTTP status the error maps to. */
  abstract readonly status: number;
  /** Stable, machine-readable code returned to clients as `error.code`. */
  abstract readonly code: string;
  /** Safe, field-level details that may be shown to the caller (never values, never secrets). */
  readonly details?: readonly FieldIssue[];

  constructor(message: string, options?: { cause?: unknown; details?: readonly FieldIssue[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }
}

/** One validation problem, naming the field and what is wrong with it. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class InvalidJsonError extends AppError {
  readonly status = 400;
  readonly code = 'INVALID_JSON';
  constructor() {
    super('The request body must be a JSON object.');
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'VALIDATION_FAILED';
  constructor(details: readonly FieldIssue[]) {
    super('The request is not valid.', { details });
  }
}

export class InvalidPasswordError extends AppError {
  readonly status = 400;
  readonly code = 'INVALID_PASSWORD';
  constructor(cause?: unknown) {
    super('The new password does not meet the password policy.', { cause });
  }
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication is required.') {
    super(message);
  }
}

/** Wrong username or password, unknown user, or an expired temporary password: deliberately indistinguishable. */
export class InvalidCredentialsError extends AppError {
  readonly status = 401;
  readonly code = 'INVALID_CREDENTIALS';
  constructor(cause?: unknown) {
    super('Incorrect username or password.', { cause });
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
  constructor(message = 'You are not allowed to perform this action.') {
    super(message);
  }
}

/** The route changes a second factor's backup: it needs a sign-in (password and MFA) within the last few minutes, as recorded server side. */
export class RecentSignInRequiredError extends AppError {
  readonly status = 403;
  readonly code = 'RECENT_SIGN_IN_REQUIRED';
  constructor() {
    super('Sign in again to do this: it needs a sign-in within the last 10 minutes.');
  }
}

export class UserNotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'USER_NOT_FOUND';
  constructor(cause?: unknown) {
    super('No such user.', { cause });
  }
}

export class UserAlreadyExistsError extends AppError {
  readonly status = 409;
  readonly code = 'USER_ALREADY_EXISTS';
  constructor(cause?: unknown) {
    super('A user with this email already exists.', { cause });
  }
}

/** The user has already left the state the operation needs (e.g. already set a password). */
export class InvalidUserStateError extends AppError {
  readonly status = 409;
  readonly code = 'INVALID_USER_STATE';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** An admin asked to do to themselves what only another admin may do (deactivate, reactivate, reset the MFA). */
export class SelfActionError extends AppError {
  readonly status = 409;
  constructor(
    readonly code: 'CANNOT_DEACTIVATE_SELF' | 'CANNOT_REACTIVATE_SELF' | 'CANNOT_RESET_OWN_MFA',
    message: string,
  ) {
    super(message);
  }
}

/** Deactivating this admin would leave nobody able to administer the service. */
export class LastActiveAdminError extends AppError {
  readonly status = 409;
  readonly code = 'LAST_ACTIVE_ADMIN';
  constructor(cause?: unknown) {
    super('This is the last active admin; activate or provision another admin first.', { cause });
  }
}

/** A recovery link that is unknown, expired, superseded or already used: deliberately one answer for all. */
export class InvalidRecoveryTokenError extends AppError {
  readonly status = 400;
  readonly code = 'INVALID_RECOVERY_TOKEN';
  constructor() {
    super('This recovery link is invalid or has expired. Request a new one.');
  }
}

/**
 * A recovery code that did not reset the authenticator, whatever the reason (unknown email, wrong
 * password, malformed, wrong or used code, a limit, the cooling-off, an account that is not
 * eligible): deliberately one answer for all, after one response floor.
 */
export class RecoveryCodeRefusedError extends AppError {
  readonly status = 400;
  readonly code = 'RECOVERY_CODE_REFUSED';
  constructor() {
    super(
      'The authenticator was not reset. Check your email, password and recovery code (each code works once) and try again later, or recover with your license details instead.',
    );
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(cause?: unknown) {
    super('Too many requests. Try again later.', { cause });
  }
}

/** A dependency (Cognito, DynamoDB, SES) failed in a way the caller can retry. */
export class DependencyUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    readonly dependency: string,
    cause?: unknown,
  ) {
    super('The service is temporarily unavailable. Try again later.', { cause });
  }
}

/**
 * The identity provider does not offer an operation in this deployment (e.g. Cognito's
 * AdminDeleteSoftwareToken in a secondary replica region). Retrying does not help; the operator
 * must change the configuration (see docs/mfa-recovery.md, Strategies).
 */
export class OperationNotEnabledError extends DependencyUnavailableError {
  constructor(
    readonly operation: string,
    cause?: unknown,
  ) {
    super('cognito', cause);
  }
}

/**
 * Whether a failed call to a dependency may still have taken effect: it answered no definite refusal
 * (throttled or failed; the SDK's retry may follow a first attempt that landed).
 */
export function outcomeUncertain(error: unknown): boolean {
  return error instanceof TooManyRequestsError || error instanceof DependencyUnavailableError;
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(limitBytes: number) {
    super(`The request body must be at most ${limitBytes} bytes.`);
  }
}
