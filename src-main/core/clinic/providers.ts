import type { ProviderDto } from '@shared/domain/clinic';
import type { ProviderId } from '@shared/domain/ids';
import {
  createProviderInput,
  updateProviderInput,
  type CreateProviderInput,
  type UpdateProviderInput,
} from '@shared/schemas/clinic';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { notFound } from './not-found';
import { definedOnly } from './patch';
import { recordClinicChange } from './record';

interface ProviderRow {
  id: ProviderId;
  name: string;
  colour: string;
  zone: string;
  active: 0 | 1;
  npi: string | null;
}
const SELECT = `SELECT id, name, colour, zone, active, npi FROM providers`;
const toDto = (r: ProviderRow): ProviderDto => ({ ...r, active: r.active === 1 });

export function createProvider(ctx: CoreContext, input: CreateProviderInput): ProviderDto {
  const v = parseInput(createProviderInput, input);
  const id = newId<ProviderId>();
  const at = ctx.clock.now();
  const provider = inWriteTransaction(ctx.db, () => {
    prepared(
      ctx.db,
      `INSERT INTO providers (id, name, colour, zone, active, npi, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, v.name, v.colour, v.zone, v.active ? 1 : 0, v.npi, at);
    const dto = getProvider(ctx.db, id);
    recordClinicChange(ctx, at, { entityType: 'provider', entityId: id, operation: 'provider.create', payload: { ...dto } });
    return dto;
  });
  ctx.events.emit('clinic/changed', { entity: 'provider', ids: [id] });
  return provider;
}

/** Deactivating a provider stops new bookings; their existing visits stay as they are. */
export function updateProvider(ctx: CoreContext, input: UpdateProviderInput): ProviderDto {
  const v = parseInput(updateProviderInput, input);
  const at = ctx.clock.now();
  const provider = inWriteTransaction(ctx.db, () => {
    const next = { ...getProvider(ctx.db, v.id), ...definedOnly(v) };
    prepared(ctx.db, `UPDATE providers SET name = ?, colour = ?, zone = ?, active = ?, npi = ? WHERE id = ?`).run(
      next.name,
      next.colour,
      next.zone,
      next.active ? 1 : 0,
      next.npi,
      v.id,
    );
    recordClinicChange(ctx, at, { entityType: 'provider', entityId: v.id, operation: 'provider.update', payload: { ...next } });
    return next;
  });
  ctx.events.emit('clinic/changed', { entity: 'provider', ids: [v.id] });
  return provider;
}

export function getProvider(db: ReadDb, id: ProviderId): ProviderDto {
  const row = prepared<ProviderRow>(db, `${SELECT} WHERE id = ?`).get(id);
  if (!row) throw notFound('provider', id);
  return toDto(row);
}

export function listProviders(db: ReadDb, opts: { activeOnly?: boolean } = {}): ProviderDto[] {
  const rows = opts.activeOnly
    ? prepared<ProviderRow>(db, `${SELECT} WHERE active = 1 ORDER BY name, id`).all()
    : prepared<ProviderRow>(db, `${SELECT} ORDER BY name, id`).all();
  return rows.map(toDto);
}
