import type { Session, WebContents, WebPreferences } from 'electron';
import { originOf } from '../ipc/trusted-origin';
import type { Logger } from './logger';

/**
 * The window's security settings, in one place so the
 * tests can check them: isolated, sandboxed, no Node in the page, no
 * webviews, no navigation or pop-ups, every permission request denied.
 * Only types come from electron here; index.ts hands in the real objects.
 */
export function secureWebPreferences(preloadPath: string, allowDevTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: allowDevTools,
  };
}

/** Camera, microphone, notifications, geolocation…: a front desk app needs none. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Keeps a page where it is: no pop-up windows, no navigation or redirect away
 * from the app's own origin, no <webview>. Links to the outside are simply ignored.
 */
export function lockDownContents(
  contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>,
  trustedOrigins: readonly string[],
  logger: Logger,
): void {
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    const origin = originOf(url);
    if (origin !== null && trustedOrigins.includes(origin)) return;
    event.preventDefault();
    logger.warn('window.navigation_blocked', { origin });
  };
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open_blocked', { origin: originOf(url) });
    return { action: 'deny' };
  });
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
