import * as z from 'zod/mini';
import { emailField } from '../shared/schemas';

/** Body of POST /admins. */
export const provisionNewAdminBody = z.strictObject({ email: emailField });

/** Body of POST /admins/resend-invite. */
export const resendAdminInviteBody = z.strictObject({ email: emailField });
