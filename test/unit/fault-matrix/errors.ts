import {
  InvalidPasswordException,
  NotAuthorizedException,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { MessageRejected, SendingPausedException } from '@aws-sdk/client-sesv2';
import { genericFaults } from '../../support/faults';
import { isGenericFault } from './harness';

const meta = { $metadata: {} };

/** The errors the matrix injects, by the name its rows use, as the SDKs raise them. */
export function errorFor(fault: string): Error {
  if (isGenericFault(fault)) return genericFaults[fault]();
  switch (fault) {
    case 'UsernameExistsException':
      return new UsernameExistsException({ message: 'exists', ...meta });
    case 'UserNotFoundException':
      return new UserNotFoundException({ message: 'not found', ...meta });
    case 'UnsupportedUserStateException':
      return new UnsupportedUserStateException({ message: 'confirmed', ...meta });
    case 'NotAuthorizedException':
      return new NotAuthorizedException({ message: 'Incorrect username or password.', ...meta });
    case 'InvalidPasswordException':
      return new InvalidPasswordException({ message: 'policy', ...meta });
    case 'ConditionalCheckFailed':
      return new TransactionCanceledException({ message: 'cancelled', ...meta, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
    // Deactivation: the admin counter's condition (second item) refused the last active admin.
    case 'ConditionalCheckFailed (last admin)':
      return new TransactionCanceledException({
        message: 'cancelled',
        ...meta,
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      });
    case 'MessageRejected':
      return new MessageRejected({ message: 'Email address is not verified.', ...meta });
    case 'SendingPausedException':
      return new SendingPausedException({ message: 'Sending is paused for this account.', ...meta });
    default:
      throw new Error(`no error defined for fault ${fault}`);
  }
}
