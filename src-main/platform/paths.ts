import { join } from 'node:path';

/** Where the workstation keeps its data, given the folder the OS assigns the app. */
export interface AppPaths {
  dataDir: string;
  dbFile: string;
  logFile: string;
}

const DB_FILE_NAME = 'clinic.sqlite';

export function appPaths(userDataDir: string): AppPaths {
  return {
    dataDir: userDataDir,
    dbFile: join(userDataDir, DB_FILE_NAME),
    logFile: join(userDataDir, 'logs', 'frontdesk.log'),
  };
}
