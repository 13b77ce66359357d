import type { UserType } from '@aws-sdk/client-cognito-identity-provider';

/** A Cognito user as AdminCreateUser / AdminGetUser return it. */
export function cognitoUser(options: {
  email: string;
  username?: string;
  sub?: string;
  userId?: string;
  status?: string;
  enabled?: boolean;
  /** Long ago by default: older than any adoption window. */
  createdAt?: Date;
}): UserType {
  const sub = options.sub ?? 'aaaaaaaa-0000-4000-8000-000000000001';
  const attributes = [
    { Name: 'sub', Value: sub },
    { Name: 'email', Value: options.email },
    { Name: 'email_verified', Value: 'true' },
  ];
  if (options.userId) attributes.push({ Name: 'custom:userId', Value: options.userId });
  return {
    Username: options.username ?? sub,
    Attributes: attributes,
    UserStatus: (options.status ?? 'FORCE_CHANGE_PASSWORD') as UserType['UserStatus'],
    Enabled: options.enabled ?? true,
    UserCreateDate: options.createdAt ?? new Date('2026-01-05T09:00:00.000Z'),
  };
}
