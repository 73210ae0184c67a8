import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import semver from 'semver';

/**
 * The clinic's update feed: a plain folder, copied to any web server, in the
 * layout electron-updater's "generic" provider reads. For each OS a channel
 * file (latest.yml for Windows, latest-mac.yml, latest-linux.yml,
 * latest-linux-arm64.yml; beta*.yml for the beta channel) names the version,
 * its installers, their size and their sha512, and optionally the share of
 * workstations that may take it yet (staged rollout).
 */
export const CHANNELS = ['latest', 'beta'] as const;
export type Channel = (typeof CHANNELS)[number];

export type TargetOs = 'win' | 'mac' | 'linux';
export type TargetArch = 'x64' | 'arm64';

export interface Artifact {
  file: string;
  os: TargetOs;
  arch: TargetArch;
  ext: 'exe' | 'zip' | 'dmg' | 'AppImage' | 'deb';
}

export interface PublishOptions {
  /** Where electron-builder wrote the installers (`directories.output`). */
  distDir: string;
  /** The folder the clinic copies to its update server. */
  feedDir: string;
  /** electron-builder's `productName`: the first part of every installer's name. */
  productName: string;
  version: string;
  channel: Channel;
  /** 1–99: only that share of workstations take this version yet; null = all of them. */
  rolloutPercent: number | null;
  /** The Windows installer installs for all users, so installing an update asks for administrator rights. */
  windowsPerMachine: boolean;
  releaseDate: Date;
}

export interface PublishedChannelFile {
  name: string;
  version: string;
  files: string[];
}

export interface PublishResult {
  installers: string[];
  channelFiles: PublishedChannelFile[];
}

/** A publishing request that cannot be carried out; the message says what to change. */
export class PublishError extends Error {
  override name = 'PublishError';
}

interface FeedFile {
  url: string;
  sha512: string;
  size: number;
  isAdminRightsRequired?: boolean;
}

/** What electron-updater reads from a channel file (its UpdateInfo). */
interface ChannelInfo {
  version: string;
  files: FeedFile[];
  path: string;
  sha512: string;
  releaseDate: string;
  stagingPercentage?: number;
}

// electron-builder names Linux architectures the way each package format does.
const ARCH_NAMES: Record<string, TargetArch> = { x64: 'x64', x86_64: 'x64', amd64: 'x64', arm64: 'arm64', aarch64: 'arm64' };
/** The order of a channel file's entries: the first is the one older updaters download (not the dmg, not the deb). */
const fileOrder = (url: string): number => (/\.(dmg|deb)$/.test(url) ? 1 : 0);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The channel a version belongs to when none is named: any pre-release (1.3.0-beta.1) is beta. */
export function defaultChannel(version: string): Channel {
  return semver.prerelease(version) ? 'beta' : 'latest';
}

/** The installers of `version` in `distDir`, named `<productName>-<version>-<os>-<arch>.<ext>` (electron-builder.yml). */
export async function findArtifacts(distDir: string, productName: string, version: string): Promise<Artifact[]> {
  const pattern = new RegExp(
    `^${escapeRegExp(productName)}-${escapeRegExp(version)}-(win|mac|linux)-(${Object.keys(ARCH_NAMES).join('|')})\\.(exe|zip|dmg|AppImage|deb)$`,
  );
  const names = existsSync(distDir) ? await readdir(distDir) : [];
  const found: Artifact[] = [];
  for (const file of names.sort()) {
    const m = pattern.exec(file);
    if (!m) continue;
    const [, os, arch, ext] = m as unknown as [string, TargetOs, string, Artifact['ext']];
    const fits = (os === 'win' && ext === 'exe') || (os === 'mac' && (ext === 'zip' || ext === 'dmg')) || (os === 'linux' && (ext === 'AppImage' || ext === 'deb'));
    if (fits) found.push({ file, os, arch: ARCH_NAMES[arch]!, ext });
  }
  return found;
}

/** electron-updater's channel file name for an OS and architecture. */
export function channelFileName(channel: Channel, os: TargetOs, arch: TargetArch): string {
  if (os === 'win') return `${channel}.yml`;
  if (os === 'mac') return `${channel}-mac.yml`;
  return arch === 'x64' ? `${channel}-linux.yml` : `${channel}-linux-${arch}.yml`;
}

/** Base64 sha512 of a file, as electron-builder writes it and electron-updater checks it. */
export function sha512Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')));
  });
}

/**
 * Copies the installers of one version into the feed folder, then writes the
 * channel files that point at them (installers first, so a server that is
 * being copied never names a file it does not have yet). A stable version is
 * also written to the beta channel unless beta already has something newer,
 * so beta workstations never fall behind stable ones.
 */
export async function publishUpdate(opts: PublishOptions): Promise<PublishResult> {
  if (!semver.valid(opts.version)) throw new PublishError(`"${opts.version}" is not a version number like 1.4.0.`);
  if (opts.channel === 'latest' && semver.prerelease(opts.version)) {
    throw new PublishError(`${opts.version} is a pre-release: publish it to the beta channel.`);
  }
  if (opts.rolloutPercent !== null && !(Number.isInteger(opts.rolloutPercent) && opts.rolloutPercent >= 1 && opts.rolloutPercent <= 100)) {
    throw new PublishError('The staged rollout is a whole percentage from 1 to 100.');
  }
  const artifacts = await findArtifacts(opts.distDir, opts.productName, opts.version);
  if (artifacts.length === 0) {
    throw new PublishError(
      `No installers of ${opts.productName} ${opts.version} in ${opts.distDir}: build them first (npm run dist) with this version in package.json.`,
    );
  }

  await mkdir(opts.feedDir, { recursive: true });
  const entries = new Map<string, { artifact: Artifact; entry: FeedFile }>();
  for (const artifact of artifacts) {
    const source = join(opts.distDir, artifact.file);
    const entry: FeedFile = { url: artifact.file, sha512: await sha512Of(source), size: (await stat(source)).size };
    if (artifact.os === 'win' && opts.windowsPerMachine) entry.isAdminRightsRequired = true;
    await copyInto(source, join(opts.feedDir, artifact.file));
    // Block maps let electron-updater download only the changed parts; without one it downloads the whole file.
    if (existsSync(`${source}.blockmap`)) await copyInto(`${source}.blockmap`, join(opts.feedDir, `${artifact.file}.blockmap`));
    entries.set(artifact.file, { artifact, entry });
  }

  const groups = new Map<string, FeedFile[]>();
  for (const { artifact, entry } of entries.values()) {
    // One macOS file serves both architectures: electron-updater picks the zip whose name has its arch.
    const key = `${artifact.os}:${artifact.os === 'mac' ? 'x64' : artifact.arch}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }

  const channelFiles: PublishedChannelFile[] = [];
  for (const [key, built] of groups) {
    const [os, arch] = key.split(':') as [TargetOs, TargetArch];
    const channels: Channel[] = opts.channel === 'latest' ? ['latest', 'beta'] : ['beta'];
    for (const channel of channels) {
      const name = channelFileName(channel, os, arch);
      const target = join(opts.feedDir, name);
      const current = await readChannelFile(target);
      if (channel !== opts.channel && current && semver.valid(current.version) && semver.gt(current.version, opts.version)) continue;
      // The same version built on another machine (the other Mac processor) keeps its entries.
      const kept = current?.version === opts.version ? current.files.filter((f) => !built.some((b) => b.url === f.url) && existsSync(join(opts.feedDir, f.url))) : [];
      const files = [...built, ...kept].sort((a, b) => fileOrder(a.url) - fileOrder(b.url) || a.url.localeCompare(b.url));
      const first = files[0]!;
      const info: ChannelInfo = {
        version: opts.version,
        files,
        path: first.url,
        sha512: first.sha512,
        releaseDate: opts.releaseDate.toISOString(),
        ...(opts.rolloutPercent !== null && opts.rolloutPercent < 100 ? { stagingPercentage: opts.rolloutPercent } : {}),
      };
      await writeAtomically(target, dump(info, { lineWidth: -1, noRefs: true }));
      channelFiles.push({ name, version: opts.version, files: files.map((f) => f.url) });
    }
  }
  return { installers: artifacts.map((a) => a.file), channelFiles };
}

/** Reads a channel file of the feed (as electron-updater will); null when there is none. */
export async function readChannelFile(file: string): Promise<ChannelInfo | null> {
  if (!existsSync(file)) return null;
  return load(await readFile(file, 'utf8')) as ChannelInfo;
}

async function copyInto(source: string, target: string): Promise<void> {
  const temp = `${target}.${randomUUID()}.part`;
  await copyFile(source, temp);
  await rename(temp, target);
}

async function writeAtomically(target: string, text: string): Promise<void> {
  const temp = `${target}.${randomUUID()}.part`;
  await writeFile(temp, text);
  await rename(temp, target);
}
