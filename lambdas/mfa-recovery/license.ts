import * as v from 'valibot';
import type { LicenseIdentity } from '../ports/license-repository';
import { requestObject, stringField } from '../shared/schemas';

/**
 * License data is compared after normalization, and stored normalized, so the match itself is a
 * plain exact comparison. Normalization only removes what people type differently for the same
 * license (case, spaces, hyphens, dots); it never drops characters that distinguish licenses
 * (leading zeros, letters).
 */
export const normalizeJurisdiction = (value: string) => value.trim().toUpperCase();
export const normalizeLicenseType = (value: string) => value.trim().replace(/\s+/g, ' ').toUpperCase();
export const normalizeLicenseNumber = (value: string) => value.replace(/[\s.-]/g, '').toUpperCase();

/** Normalizes every field of a license identity (e.g. fixture data before it is stored). */
export function normalizeLicense<T extends LicenseIdentity>(license: T): T {
  return {
    ...license,
    jurisdiction: normalizeJurisdiction(license.jurisdiction),
    licenseType: normalizeLicenseType(license.licenseType),
    licenseNumber: normalizeLicenseNumber(license.licenseNumber),
    dateOfBirth: license.dateOfBirth.trim(),
  };
}

/** A license field: bounded, normalized, then checked against `pattern`. */
const text = (normalize: (value: string) => string, pattern: RegExp, message: string) =>
  v.pipe(stringField, v.maxLength(64, 'must be at most 64 characters'), v.transform(normalize), v.regex(pattern, message));

/** True for a real calendar date written YYYY-MM-DD (rejects 2001-02-30). */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The license part of the recovery request body, normalized as it is parsed. */
export const licenseInput = requestObject({
  jurisdiction: text(normalizeJurisdiction, /^[A-Z]{2}$/, 'must be a two-letter code'),
  licenseType: text(normalizeLicenseType, /^[A-Z0-9][A-Z0-9 ]{0,31}$/, 'must be 1-32 letters or digits'),
  licenseNumber: text(normalizeLicenseNumber, /^[A-Z0-9]{1,32}$/, 'must be 1-32 letters or digits'),
  dateOfBirth: v.pipe(
    stringField,
    v.trim(),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
    v.check(isCalendarDate, 'must be a date, YYYY-MM-DD'),
  ),
});

/** True when `claimed` equals one of `held` on all four fields (both sides normalized). */
export function matchesAnyLicense(claimed: LicenseIdentity, held: readonly LicenseIdentity[]): boolean {
  // Every record is compared (no early exit), so the work does not depend on which one matches.
  return held.map((license) => sameLicense(claimed, license)).includes(true);
}

function sameLicense(a: LicenseIdentity, b: LicenseIdentity): boolean {
  return a.jurisdiction === b.jurisdiction && a.licenseType === b.licenseType && a.licenseNumber === b.licenseNumber && a.dateOfBirth === b.dateOfBirth;
}
