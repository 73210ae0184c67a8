/**
 * The buttons under a connection form to another system (a provider's calendar, the EHR):
 * Cancel (when there is something to go back to), Test connection once an address is typed,
 * and Save, which checks the connection before keeping it.
 */
export function ConnectionActions({ working, canTest, onTest, onCancel }: { working: boolean; canTest: boolean; onTest(): void; onCancel?: (() => void) | undefined }) {
  return (
    <div className="su-actions">
      {onCancel && (
        <button type="button" className="button" onClick={onCancel} disabled={working}>
          Cancel
        </button>
      )}
      <button type="button" className="button" disabled={working || !canTest} onClick={onTest}>
        Test connection
      </button>
      <button type="submit" className="button button--primary" disabled={working}>
        {working ? 'Checking…' : 'Save connection'}
      </button>
    </div>
  );
}
