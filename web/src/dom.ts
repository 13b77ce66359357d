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
export function field(options: FieldOptions) {
  return labelled(options, el('input', { type: options.type ?? 'text' }));
}

/** The same for several lines of text. */
export function textAreaField(options: FieldOptions) {
  return labelled(options, el('textarea', { rows: 3 }));
}

/** A required checkbox, its label beside it (a confirmation such as "I have saved these codes"). */
export function checkboxField(options: Pick<FieldOptions, 'label' | 'name'>) {
  return labelled(options, el('input', { type: 'checkbox' }));
}

function labelled<T extends HTMLInputElement | HTMLTextAreaElement>(
  options: FieldOptions,
  input: T,
): { wrapper: HTMLDivElement; input: T; setError: (message?: string) => void } {
  const id = nextId(options.name);
  const hint = options.hint ? el('p', { className: 'hint', id: `${id}-hint` }, options.hint) : undefined;
  const error = el('p', { className: 'field-error', id: `${id}-error`, hidden: true });
  Object.assign(input, { id, name: options.name, required: true });
  const attrs = {
    'aria-describedby': [hint?.id, error.id].filter(Boolean).join(' '),
    ...(options.autocomplete ? { autocomplete: options.autocomplete } : {}),
    ...(options.inputMode ? { inputmode: options.inputMode } : {}),
    ...(options.pattern ? { pattern: options.pattern } : {}),
    ...(options.maxLength ? { maxlength: String(options.maxLength) } : {}),
  };
  for (const [name, value] of Object.entries(attrs)) input.setAttribute(name, value);
  const setError = (message?: string) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  // A message about what was typed before goes once the user changes it (the next submit checks again).
  input.addEventListener('input', () => setError());
  const label = el('label', { htmlFor: id }, options.label);
  const wrapper =
    input.type === 'checkbox'
      ? el('div', { className: 'field field-check' }, input, label, error)
      : el('div', { className: 'field' }, label, hint, input, error);
  return { wrapper, input, setError };
}

/** The 6-digit code field of an authenticator app. */
export function totpField(label = 'Code from your authenticator app') {
  return field({
    label,
    name: 'code',
    autocomplete: 'one-time-code',
    inputMode: 'numeric',
    pattern: '[0-9]{6}',
    maxLength: 6,
    hint: '6 digits; a new one every 30 seconds.',
  });
}

/** A message area: `alert` for errors (announced at once), `status` for the rest. */
export function messageArea(): { element: HTMLDivElement; error: (text: string) => void; info: (text: string) => void; clear: () => void } {
  // Focusable by script (never by Tab), so a page can move focus to the result of an action.
  const element = el('div', { className: 'message', hidden: true, tabIndex: -1 });
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
 * Runs `action` on each activation, once at a time: `control` is disabled and `busy` marked
 * meanwhile, so a double click never sends twice.
 */
function onceAtATime(control: HTMLButtonElement, busy: HTMLElement, action: () => Promise<void>): () => void {
  return () => {
    if (control.disabled) return;
    control.disabled = true;
    busy.setAttribute('aria-busy', 'true');
    action().finally(() => {
      control.disabled = false;
      busy.removeAttribute('aria-busy');
    });
  };
}

/** A form whose submit runs `onSubmit` once at a time. */
export function form(label: string, submitText: string, children: Child[], onSubmit: () => Promise<void>): HTMLFormElement {
  const button = el('button', { type: 'submit', className: 'primary' }, submitText);
  const element = el('form', { noValidate: true, attrs: { 'aria-label': label } }, ...children, button);
  const submit = onceAtATime(button, element, onSubmit);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  return element;
}

/**
 * A button that runs `onClick` once at a time. `label` is its accessible name when its text alone is
 * ambiguous (e.g. "Deactivate" in every row): it starts with the visible text (WCAG 2.5.3).
 */
export function actionButton(text: string, options: { label?: string; primary?: boolean }, onClick: () => Promise<void> | void): HTMLButtonElement {
  const button = el(
    'button',
    { type: 'button', className: options.primary ? 'primary' : 'secondary', ...(options.label && { attrs: { 'aria-label': options.label } }) },
    text,
  );
  button.addEventListener(
    'click',
    onceAtATime(button, button, async () => onClick()),
  );
  return button;
}

/** Replaces the page's content with one section and moves focus to its heading, so keyboard and screen-reader users start there. */
export function show(main: HTMLElement, title: string, ...children: Child[]): void {
  const heading = el('h1', { tabIndex: -1 }, title);
  main.replaceChildren(heading, ...children.filter((child): child is Node | string => Boolean(child)));
  document.title = `${title} - Account`;
  heading.focus();
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A point in time (ISO-8601) in the reader's locale and time zone. */
export function when(iso: string): HTMLTimeElement {
  return el('time', { dateTime: iso }, DATE_TIME.format(new Date(iso)));
}

/** Checks a required field; shows why it is refused. */
export function requireValue(input: HTMLInputElement | HTMLTextAreaElement, setError: (message?: string) => void, message: string): string | undefined {
  const value = input.value.trim();
  const valid = value.length > 0 && input.checkValidity();
  setError(valid ? undefined : message);
  return valid ? value : undefined;
}
