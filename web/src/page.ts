import type { WebAppConfig } from '../pages';

/** What every page gets: where to render, and the runtime configuration. */
export interface PageContext {
  readonly main: HTMLElement;
  readonly config: WebAppConfig;
}
