import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * Electron's main-process API, replaced at the edge (its binary cannot run
 * here). Only what src-main/index.ts touches, behaving like Electron where the
 * tests depend on it: `ipcMain.handle` refuses a second handler, a new
 * BrowserWindow announces its webContents through 'web-contents-created'.
 */
export type Listener = (...args: unknown[]) => unknown;

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export function createFakeElectron() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    singleInstanceLock: true,
    paths: new Map<string, string>(),
    readyResolve: (): void => undefined,
    ready: null as Promise<void> | null,
    setName: vi.fn(),
    setPath: vi.fn((name: string, path: string) => app.paths.set(name, path)),
    getPath: vi.fn((name: string) => {
      const p = app.paths.get(name);
      if (!p) throw new Error(`no fake path for ${name}`);
      return p;
    }),
    getVersion: () => '0.1.0-test',
    getAppPath: vi.fn(() => app.paths.get('appRoot') ?? '/nonexistent'),
    requestSingleInstanceLock: vi.fn(() => app.singleInstanceLock),
    quit: vi.fn(),
    whenReady: vi.fn(() => app.ready!),
  });
  app.ready = new Promise<void>((resolve) => (app.readyResolve = resolve));

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    readonly options: Record<string, unknown>;
    loadedUrl: string | null = null;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
  }

  const handlers = new Map<string, Listener>();
  const ipcMain = {
    handlers,
    handle: vi.fn((channel: string, handler: Listener) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };

  const protocol = {
    registerSchemesAsPrivileged: vi.fn(),
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => protocol.handlers.set(scheme, handler)),
  };

  const defaultSession = {
    permissionRequestHandler: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler: vi.fn((h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void) => {
      defaultSession.permissionRequestHandler = h;
    }),
    setPermissionCheckHandler: vi.fn((h: (...args: unknown[]) => boolean) => {
      defaultSession.permissionCheckHandler = h;
    }),
    webRequest: { onHeadersReceived: vi.fn() },
  };

  // Emits 'lock-screen', 'suspend'… when a test says so.
  const powerMonitor = new EventEmitter();

  // The OS keychain's wrapping, reversible only through this object (as only the OS user can unwrap).
  const OS_MARK = Buffer.from('fake-os-keychain:');
  const safeStorage = {
    available: true,
    /** Linux: which store safeStorage picked ('basic_text' when no secret service runs). */
    backend: 'gnome_libsecret' as string,
    isEncryptionAvailable: () => safeStorage.available,
    getSelectedStorageBackend: () => safeStorage.backend,
    encryptString: vi.fn((plain: string) => Buffer.concat([OS_MARK, Buffer.from(plain).map((b) => b ^ 0x5a)])),
    decryptString: vi.fn((wrapped: Buffer) => {
      if (!wrapped.subarray(0, OS_MARK.length).equals(OS_MARK)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(wrapped.subarray(OS_MARK.length).map((b) => b ^ 0x5a)).toString();
    }),
  };

  return {
    app,
    windows,
    ipcMain,
    protocol,
    defaultSession,
    powerMonitor,
    safeStorage,
    module: {
      app,
      BrowserWindow: FakeBrowserWindow,
      ipcMain,
      powerMonitor,
      protocol,
      safeStorage,
      session: { defaultSession },
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** A fake electron-updater AppUpdater: never touches the network. */
export function createFakeAutoUpdater() {
  return Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(() => Promise.resolve(null)),
    quitAndInstall: vi.fn(),
  });
}
