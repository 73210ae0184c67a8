import type { Result } from '@shared/domain/errors';
import type { ExportFileDto } from '@shared/domain/exports';
import { invoke } from '../../api';

/** base64 → bytes without a callback per character (a year's CSV is tens of megabytes). */
function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * A finished export or report file, read from main in slices ('exports/read')
 * into a Blob: the same path in Electron and in a browser on the web host.
 */
export async function readExportFile(file: ExportFileDto): Promise<Result<Blob>> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const r: Awaited<ReturnType<typeof invoke<'exports/read'>>> = await invoke('exports/read', { jobId: file.jobId, offset });
    if (!r.ok) return r;
    parts.push(bytesOf(r.data.base64));
    offset = r.data.nextOffset;
  }
  return { ok: true, data: new Blob(parts, { type: file.mime }) };
}

/** Hands a Blob to the browser's download (Electron asks where to save it). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
