/** Thrown when the manager cancels an import: nothing has been written (the transaction rolls back). */
export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}
