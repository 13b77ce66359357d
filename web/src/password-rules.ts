import { PASSWORD_POLICY } from '../../lib/user-pool-settings';
import { el, field } from './dom';

/** The pool's password rules, each with a check the page runs as the user types (Cognito checks them again). */
const PASSWORD_RULES: readonly { text: string; test: (password: string) => boolean }[] = [
  { text: `at least ${PASSWORD_POLICY.minLength} characters`, test: (p) => p.length >= PASSWORD_POLICY.minLength },
  ...(PASSWORD_POLICY.requireLowercase ? [{ text: 'a lower-case letter', test: (p: string) => /[a-z]/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireUppercase ? [{ text: 'an upper-case letter', test: (p: string) => /[A-Z]/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireDigits ? [{ text: 'a digit', test: (p: string) => /\d/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireSymbols ? [{ text: 'a symbol such as ! ? # or -', test: (p: string) => /[^A-Za-z0-9\s]/.test(p) }] : []),
];

/**
 * A new password typed twice, with the pool's rules listed (each marked as it is met) and tied to
 * the field for screen readers. `check()` shows what is wrong and answers whether both are fine.
 */
export function newPasswordFields() {
  const rules = PASSWORD_RULES.map((rule) => ({ rule, item: el('li', {}, rule.text) }));
  const rulesList = el('ul', { className: 'rules', id: 'password-rules' }, ...rules.map(({ item }) => item));
  const chosen = field({ label: 'New password', name: 'newPassword', type: 'password', autocomplete: 'new-password' });
  chosen.input.setAttribute('aria-describedby', `password-rules ${chosen.input.getAttribute('aria-describedby') ?? ''}`.trim());
  const repeated = field({ label: 'New password again', name: 'repeatPassword', type: 'password', autocomplete: 'new-password' });
  chosen.input.addEventListener('input', () => {
    for (const { rule, item } of rules) item.classList.toggle('met', rule.test(chosen.input.value));
  });
  const check = (): boolean => {
    const value = chosen.input.value;
    const unmet = PASSWORD_RULES.filter((rule) => !rule.test(value)).map((rule) => rule.text);
    chosen.setError(unmet.length ? `The new password still needs ${unmet.join(', ')}.` : undefined);
    repeated.setError(repeated.input.value === value ? undefined : 'The two new passwords are not the same.');
    return unmet.length === 0 && repeated.input.value === value;
  };
  return { elements: [el('p', { className: 'hint' }, 'Your new password needs:'), rulesList, chosen.wrapper, repeated.wrapper], chosen, repeated, check };
}
