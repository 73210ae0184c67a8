/** Thrown inside an export or report job when the desk cancelled it; nothing is delivered. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
    this.name = 'ExportCancelled';
  }
}

/** What a long job reports and checks between batches. */
export interface JobHooks {
  onProgress?(done: number, total: number): void;
  isCancelled?(): boolean;
}

/** Throws ExportCancelled when the desk asked to stop. */
export function checkCancelled(hooks: JobHooks): void {
  if (hooks.isCancelled?.()) throw new ExportCancelled();
}
