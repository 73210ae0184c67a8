import type { ConflictSettledDto } from '../../src-shared/domain/sync';
import { AppError } from '../../src-shared/domain/errors';
import type { ResolveConflictInput } from '../../src-shared/schemas/sync';
import type { CoreContext } from '../core/context';
import { conflictView } from './conflict-view';
import { resolveConflict } from './conflicts';
import type { SyncEngine } from './engine';

/** How long settling waits for the hub while it is reachable (a booking waits 3 s; a cycle may be under way). */
const SETTLE_WAIT_MS = 5_000;

/**
 * Settles a conflict and, like a booking, waits for the hub to take the new
 * time while the hub is reachable: two desks moving visits into the same free
 * time get one success and one SLOT_TAKEN with fresh times (that visit stays
 * in the list, now showing what took the time). While the hub is away the
 * change is kept here and confirmed when it is back ('queued'); a refusal then
 * shows in the list again.
 */
export async function settleConflict(
  ctx: CoreContext,
  sync: Pick<SyncEngine, 'hubVerdict'>,
  input: ResolveConflictInput,
  waitMs = SETTLE_WAIT_MS,
): Promise<ConflictSettledDto> {
  const appointment = resolveConflict(ctx, input);
  // Keeping the hub's version sends nothing: it is what the hub has.
  if (input.action === 'keep-hub') return { appointment, hub: 'confirmed' };
  const verdict = await sync.hubVerdict(appointment.id, waitMs);
  if (verdict.outcome === 'refused') {
    if (verdict.kind === 'version') {
      throw new AppError('CONFLICT', 'Someone at another desk changed this visit a moment ago. It is still in the list with their version; choose again.', {
        refusedBy: 'hub',
      });
    }
    throw new AppError('SLOT_TAKEN', 'Another desk took this time a moment ago. The visit is still in the list; choose another time.', {
      refusedBy: 'hub',
      suggestions: conflictView(ctx, appointment.id)?.suggestions ?? [],
    });
  }
  return { appointment, hub: verdict.outcome === 'confirmed' ? 'confirmed' : verdict.hubAway ? 'queued' : 'sent' };
}
