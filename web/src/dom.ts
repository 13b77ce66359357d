/** A few DOM helpers: every page is built from these, with text only (never HTML strings). */

type Child = Node | string | false | null | undefined;

/** `el('p', { className: 'hint' }, 'text', otherNode)`: an element with properties and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Omit<HTMLElementTagNameMap[K], 'style'>> & { attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const { attrs, ...rest } = props;
  const element = Object.assign(document.createElement(tag), rest);
  for (const [name, value] of Object.entries(attrs ?? {})) element.setAttribute(name, value);
  element.append(...children.filter((child): child is Node | string => Boolean(child)));
  return element;
}

let ids = 0;
const nextId = (prefix: string) => `${prefix}-${++ids}`;

export interface FieldOptions {
  readonly label: string;
  readonly name: string;
  readonly type?: string;
  readonly autocomplete?: string;
  readonly hint?: string;
  readonly inputMode?: string;
  readonly pattern?: string;
  readonly maxLength?: number;
}

/** A labelled input with an optional hint and a slot for its error message, both tied to it for screen readers. */
export function field(options: FieldOptions): { wrapper: HTMLDivElement; input: HTMLInputElement; setError: (message?: string) => void } {
  const id = nextId(options.name);
  const hint = options.hint ? el('p', { className: 'hint', id: `${id}-hint` }, options.hint) : undefined;
  const error = el('p', { className: 'field-error', id: `${id}-error`, hidden: true });
  const input = el('input', {
    id,
    name: options.name,
    type: options.type ?? 'text',
    required: true,
    attrs: {
      'aria-describedby': [hint?.id, error.id].filter(Boolean).join(' '),
      ...(options.autocomplete ? { autocomplete: options.autocomplete } : {}),
      ...(options.inputMode ? { inputmode: options.inputMode } : {}),
      ...(options.pattern ? { pattern: options.pattern } : {}),
      ...(options.maxLength ? { maxlength: String(options.maxLength) } : {}),
    },
  });
  const setError = (message?: string) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  return { wrapper: el('div', { className: 'field' }, el('label', { htmlFor: id }, options.label), hint, input, error), input, setError };
}

/** The 6-digit code field of an authenticator app. */
export function totpField(label = 'Code from your authenticator app') {
  return field({ label, name: 'code', autocomplete: 'one-time-code', inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6, hint: '6 digits; a new one every 30 seconds.' });
}

/** A message area: `alert` for errors (announced at once), `status` for the rest. */
export function messageArea(): { element: HTMLDivElement; error: (text: string) => void; info: (text: string) => void; clear: () => void } {
  const element = el('div', { className: 'message', hidden: true });
  const show = (role: 'alert' | 'status', text: string) => {
    element.hidden = false;
    element.className = `message ${role === 'alert' ? 'message-error' : 'message-info'}`;
    element.setAttribute('role', role);
    element.textContent = text;
  };
  return {
    element,
    error: (text) => show('alert', text),
    info: (text) => show('status', text),
    clear: () => {
      element.hidden = true;
      element.textContent = '';
    },
  };
}

/**
 * A form whose submit runs `onSubmit` once at a time: the button is disabled and the form marked busy
 * meanwhile, so a double click never sends twice.
 */
export function form(label: string, submitText: string, children: Child[], onSubmit: () => Promise<void>): HTMLFormElement {
  const button = el('button', { type: 'submit', className: 'primary' }, submitText);
  const element = el('form', { noValidate: true, attrs: { 'aria-label': label } }, ...children, button);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    element.setAttribute('aria-busy', 'true');
    onSubmit().finally(() => {
      button.disabled = false;
      element.removeAttribute('aria-busy');
    });
  });
  return element;
}

/** Replaces the page's content with one section and moves focus to its heading, so keyboard and screen-reader users start there. */
export function show(main: HTMLElement, title: string, ...children: Child[]): void {
  const heading = el('h1', { tabIndex: -1 }, title);
  main.replaceChildren(heading, ...children.filter((child): child is Node | string => Boolean(child)));
  document.title = `${title} - Account`;
  heading.focus();
}

/** Checks a required field; shows why it is refused. */
export function requireValue(input: HTMLInputElement, setError: (message?: string) => void, message: string): string | undefined {
  const value = input.value.trim();
  const valid = value.length > 0 && input.checkValidity();
  setError(valid ? undefined : message);
  return valid ? value : undefined;
}
