/**
 * The local outbox page (served by `npm start` only, never deployed): lists GET /_local/outbox.
 * Email bodies are HTML; they are parsed into an inert document and only their text and http(s)
 * links are shown, so nothing in an email can run here.
 */

interface OutboxEmail {
  readonly id: number;
  readonly sentAt: string;
  readonly via: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** The body's text, with line breaks for <br> and paragraphs, and its http(s) links as real links. */
function renderBody(html: string): HTMLElement {
  const out = element('div', 'body');
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) out.append(child.textContent ?? '');
      else if (child instanceof HTMLBRElement) out.append('\n');
      else if (child instanceof HTMLAnchorElement && /^https?:\/\//.test(child.href)) {
        const link = element('a', '', child.textContent || child.href);
        link.href = child.href;
        out.append(link);
      } else {
        walk(child);
        if (child instanceof HTMLParagraphElement) out.append('\n\n');
      }
    }
  };
  walk(new DOMParser().parseFromString(html, 'text/html').body);
  return out;
}

async function refresh(): Promise<void> {
  const list = document.getElementById('emails') as HTMLElement;
  const { emails } = (await (await fetch('/_local/outbox', { cache: 'no-store' })).json()) as { emails: OutboxEmail[] };
  if (!emails.length) {
    list.replaceChildren(element('p', '', 'No emails yet.'));
    return;
  }
  list.replaceChildren(
    ...[...emails]
      .reverse()
      .map((mail) =>
        element(
          'article',
          '',
          element('h2', '', `#${mail.id} ${mail.subject}`),
          element('p', 'meta', `To ${mail.to.join(', ')}, from ${mail.from} (${mail.via}), ${new Date(mail.sentAt).toLocaleString()}`),
          renderBody(mail.body),
        ),
      ),
  );
}

document.getElementById('refresh')?.addEventListener('click', () => void refresh());
void refresh();
