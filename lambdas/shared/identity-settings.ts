/**
 * Names shared by the infrastructure (lib/), the Lambda code and the local emulator bootstrap,
 * so the three cannot drift apart.
 */

/** Cognito group whose members may call the admin routes. */
export const ADMINS_GROUP = 'admins';

/** Custom attribute (without the `custom:` prefix) holding our permanent database user id. */
export const USER_ID_ATTRIBUTE_NAME = 'userId';
