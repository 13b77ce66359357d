/** The license fields a licensing body matches a holder on, all in normalized form (see mfa-recovery/license.ts). */
export interface LicenseIdentity {
  /** Issuing jurisdiction, e.g. the two-letter state code "CA". */
  readonly jurisdiction: string;
  /** Profession / license class, e.g. "RN", "MD". */
  readonly licenseType: string;
  /** The number as issued, upper-case, without spaces, hyphens or dots. */
  readonly licenseNumber: string;
  /** The holder's date of birth, YYYY-MM-DD. */
  readonly dateOfBirth: string;
}

/** One professional license held by a practitioner `User` (a user may hold several). */
export interface LicenseRecord extends LicenseIdentity {
  readonly userId: string;
  readonly createdAt: string;
}

/** What the recovery flow needs to read about licenses. Implemented by the DynamoDB adapter. */
export interface LicenseRepository {
  /** Every license held by `userId` (none for an unknown user). */
  findLicenses(userId: string): Promise<LicenseRecord[]>;
}
