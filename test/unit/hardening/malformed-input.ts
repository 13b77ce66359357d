import fc from 'fast-check';

/**
 * Generators of request bodies that are invalid by construction, for the bad-input property test.
 * Each field has a generator of values it must refuse; `malformedBody` breaks one thing in an
 * otherwise valid body (a field missing, refused, or unknown), recursing into nested objects.
 * Where random strings are filtered, the oracle is the field's documented rule, not the schema.
 */

export const injectionLooking = fc.constantFrom(
  "' OR '1'='1",
  '{"$ne": null}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  'a@example.com\r\nBcc: b@example.com',
  'a@example.com\u0000',
  '\u202e\ufeff@example.com',
);

/** Values that can never satisfy a string field of ours. */
export const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

/** Values that are not a JSON object at all (for an object-valued field). */
const notAnObjectValue = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 }), fc.array(fc.jsonValue(), { maxLength: 3 }));

/** A raw body that is not a JSON object. */
export const notAnObjectBody = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      const parsed = JSON.parse(s);
      return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
    } catch {
      return true;
    }
  }),
  fc.json().filter((s) => {
    const parsed = JSON.parse(s);
    return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
  }),
  fc.constant('{"email": "a@example.com"'),
  fc.string({ minLength: 17_000, maxLength: 20_000 }),
);

const alphanumeric = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
/** Unicode-heavy strings: graphemes, lone surrogates and control characters included. */
const anyString = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 60 }), injectionLooking);
/** Strings over a field's raw length limit. */
const longerThan = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 1_000 });

/** A refused value for a string field: a wrong type, or one of `strings`. */
const stringField = (...strings: fc.Arbitrary<unknown>[]) => fc.oneof(wrongType, ...strings);

/** Email fields: no '@', over 254 characters, or injection-looking. */
export const badEmail = stringField(
  anyString.filter((s) => !s.includes('@')),
  fc.string({ unit: alphanumeric, minLength: 243, maxLength: 1_000 }).map((local) => `${local}@example.com`),
  fc.string({ minLength: 300, maxLength: 2_000 }).map((s) => s.replaceAll('@', '')),
  injectionLooking.filter((s) => !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(s)),
);

/** Password fields: empty or over 256 characters. */
export const badPassword = stringField(fc.constant(''), longerThan(256));

/** User ids (path parameter): anything but a lower-case UUID. */
export const badUserId = stringField(
  anyString.filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)),
  fc
    .uuid()
    .map((id) => id.toUpperCase())
    .filter((id) => /[A-F]/.test(id)),
  fc.uuid().map((id) => `${id}x`),
);

/** Page cursors: empty, over 1,024 characters, or with characters outside base64url (well-formed foreign cursors reach the adapter). */
export const badCursor = stringField(
  fc.constant(''),
  fc.string({ unit: alphanumeric, minLength: 1_025, maxLength: 2_000 }),
  anyString.filter((s) => !/^[A-Za-z0-9_-]*$/.test(s)),
);

/** Page sizes: not a whole number from 1 to `max`. */
export const badPageLimit = (max: number) =>
  stringField(
    fc.integer({ min: max + 1, max: 999 }).map(String),
    fc.constantFrom('0', '-1', '1.5', '1e2', ' 5', '05', ''),
    anyString.filter((s) => !/^\d+$/.test(s)),
  );

/** Reasons (admin MFA reset): blank, over 500 characters once trimmed, or over the raw limit. */
export const badReason = stringField(fc.constantFrom('', ' ', '\t\n '), fc.string({ unit: alphanumeric, minLength: 501, maxLength: 2_000 }), longerThan(2_000));

/** Recovery tokens: empty or over 512 characters (any other string is a well-formed, if wrong, token). */
export const badToken = stringField(fc.constant(''), longerThan(512));

/** Recovery codes (any string of 1..64 characters: a malformed one is refused like a wrong one, after the floor). */
export const badRecoveryCode = stringField(fc.constant(''), longerThan(64));

// The license rules, as docs/mfa-recovery.md and the schema document them: raw length <= 64, then normalized.
const within64 = (s: string) => s.length <= 64;
const jurisdictionOk = (s: string) => within64(s) && /^[A-Z]{2}$/.test(s.trim().toUpperCase());
const licenseTypeOk = (s: string) => within64(s) && /^[A-Z0-9][A-Z0-9 ]{0,31}$/.test(s.trim().replace(/\s+/g, ' ').toUpperCase());
const licenseNumberOk = (s: string) => within64(s) && /^[A-Z0-9]{1,32}$/.test(s.replace(/[\s.-]/g, '').toUpperCase());

const punctuation = fc.constantFrom(...'#/_+:;,!?@$%&*()[]{}<>"\'`~^|\\=');
/** `base` with one character of `inserted` placed at a random position. */
const withInserted = (base: fc.Arbitrary<string>, inserted: fc.Arbitrary<string>) =>
  fc.tuple(base, inserted, fc.nat()).map(([s, char, at]) => s.slice(0, at % (s.length + 1)) + char + s.slice(at % (s.length + 1)));

/** Jurisdictions: not two letters (one, three or more, digits, spaces inside), over 64, or anything else refused. */
export const badJurisdiction = stringField(
  fc.string({ unit: letter, maxLength: 1 }),
  fc.string({ unit: letter, minLength: 3, maxLength: 64 }),
  fc.tuple(letter, letter).map(([a, b]) => `${a} ${b}`),
  withInserted(fc.string({ unit: letter, minLength: 2, maxLength: 2 }), fc.oneof(punctuation, fc.constantFrom(...'0123456789'))),
  longerThan(64),
  anyString.filter((s) => !jurisdictionOk(s)),
);

/** License types: blank, over 32 characters once normalized, punctuation, over 64 raw, or anything else refused. */
export const badLicenseType = stringField(
  fc.constantFrom('', ' ', '\t\n'),
  fc.string({ unit: alphanumeric, minLength: 33, maxLength: 64 }),
  withInserted(fc.string({ unit: alphanumeric, minLength: 1, maxLength: 20 }), fc.oneof(punctuation, fc.constantFrom('.', '-'))),
  longerThan(64),
  anyString.filter((s) => !licenseTypeOk(s)),
);

/** License numbers: only separators, over 32 characters once normalized, punctuation, over 64 raw, or anything else refused. */
export const badLicenseNumber = stringField(
  fc.constantFrom('', ' ', '-', '. - .'),
  fc.string({ unit: alphanumeric, minLength: 33, maxLength: 64 }),
  withInserted(fc.string({ unit: alphanumeric, minLength: 1, maxLength: 20 }), punctuation),
  longerThan(64),
  anyString.filter((s) => !licenseNumberOk(s)),
);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isCalendarDate = (s: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
};
const year = fc.integer({ min: 1900, max: 2100 });

/** Dates of birth: impossible days or months, other formats of real dates, or anything else refused. */
export const badDateOfBirth = stringField(
  fc.tuple(year, fc.integer({ min: 1, max: 12 })).chain(([y, m]) => fc.integer({ min: daysIn(y, m) + 1, max: 99 }).map((d) => `${y}-${pad(m)}-${pad(d)}`)),
  fc.tuple(year, fc.constantFrom(0, 13, 20, 99), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
  fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m)}-00`),
  fc
    .tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .chain(([y, m, d]) =>
      fc.constantFrom(
        `${pad(d)}/${pad(m)}/${y}`,
        `${y}/${pad(m)}/${pad(d)}`,
        `${y}${pad(m)}${pad(d)}`,
        `${y}-${pad(m)}-${pad(d)}T00:00:00Z`,
        `+0${y}-${pad(m)}-${pad(d)}`,
        `${y}-${m}-${d}-`,
        `${pad(y % 100)}-${pad(m)}-${pad(d)}`,
      ),
    ),
  anyString.filter((s) => !isCalendarDate(s)),
);

/** A valid body, and for each of its fields a generator of values the field must refuse. */
export interface BodySpec {
  readonly valid: Record<string, unknown>;
  readonly refused: Record<string, fc.Arbitrary<unknown>>;
}

/** Refused values for an object-valued field: mostly the object broken as in `malformedObject`, sometimes not an object. */
export const badObject = (spec: BodySpec): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: notAnObjectValue, weight: 1 }, { arbitrary: malformedObject(spec), weight: 4 });

/** The ways to break `spec.valid` in exactly one place: a field missing, each field refused, an unknown field. */
function breakages(spec: BodySpec): fc.Arbitrary<Record<string, unknown>>[] {
  const fields = Object.keys(spec.valid);
  const without = (name: string) => Object.fromEntries(Object.entries(spec.valid).filter(([key]) => key !== name));
  return [
    fc.constantFrom(...fields).map(without),
    ...fields.map((name) => spec.refused[name].map((value) => ({ ...spec.valid, [name]: value }))),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !fields.includes(key) && key !== '__proto__'),
        fc.jsonValue(),
      )
      .map(([key, value]) => ({ ...spec.valid, [key]: value })),
  ];
}

/** `valid` with one field it does not know added. */
export const withUnknownField = (valid: Record<string, unknown>, value: fc.Arbitrary<unknown> = fc.jsonValue()) =>
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !(key in valid) && key !== '__proto__'),
      value,
    )
    .map(([key, extra]) => ({ ...valid, [key]: extra }));

/** `spec.valid` with exactly one thing wrong: a field missing, a field refused, or an unknown field. */
export const malformedObject = (spec: BodySpec): fc.Arbitrary<Record<string, unknown>> => fc.oneof(...breakages(spec));

/** A raw body that is not a JSON object, or an object body with one thing wrong (each equally likely). */
export const malformedBody = (spec: BodySpec): fc.Arbitrary<unknown> => fc.oneof(notAnObjectBody, ...breakages(spec));
