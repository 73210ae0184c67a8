import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultChannel, publishUpdate, readChannelFile, type PublishOptions } from '../../../scripts/release/update-feed';

let dir: string;
let dist: string;
let feed: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-feed-'));
  dist = join(dir, 'dist');
  feed = join(dist, 'update-feed');
  mkdirSync(dist);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Stand-ins for what electron-builder writes, under the names electron-builder.yml gives them. */
function installers(version: string, names: string[]): void {
  for (const n of names) writeFileSync(join(dist, n.replace('VERSION', version)), `${n} ${version} ${'x'.repeat(1000)}`);
}
const ALL = [
  'Frontdesk-VERSION-win-x64.exe',
  'Frontdesk-VERSION-mac-x64.zip',
  'Frontdesk-VERSION-mac-arm64.zip',
  'Frontdesk-VERSION-mac-arm64.dmg',
  'Frontdesk-VERSION-linux-x86_64.AppImage',
  'Frontdesk-VERSION-linux-amd64.deb',
  'Frontdesk-VERSION-linux-arm64.AppImage',
];

const publish = (over: Partial<PublishOptions>) =>
  publishUpdate({
    distDir: dist,
    feedDir: feed,
    productName: 'Frontdesk',
    version: '1.2.0',
    channel: 'latest',
    rolloutPercent: null,
    windowsPerMachine: true,
    releaseDate: new Date('2026-12-07T08:00:00Z'),
    ...over,
  });

const sha512 = (file: string) => createHash('sha512').update(readFileSync(file)).digest('base64');

describe('publish step', () => {
  it('writes each OS’s channel file with every installer’s sha512 and size, next to the installers', async () => {
    installers('1.2.0', ALL);
    installers('1.1.0', ['Frontdesk-VERSION-win-x64.exe']); // an older build left in dist is not published
    writeFileSync(join(dist, 'Frontdesk-1.2.0-win-x64.exe.blockmap'), 'blockmap');

    const result = await publish({});
    expect(result.installers).toHaveLength(ALL.length);
    expect(result.channelFiles.map((f) => f.name).sort()).toEqual(
      ['latest.yml', 'latest-mac.yml', 'latest-linux.yml', 'latest-linux-arm64.yml', 'beta.yml', 'beta-mac.yml', 'beta-linux.yml', 'beta-linux-arm64.yml'].sort(),
    );

    const win = await readChannelFile(join(feed, 'latest.yml'));
    expect(win).toEqual({
      version: '1.2.0',
      files: [{ url: 'Frontdesk-1.2.0-win-x64.exe', sha512: sha512(join(dist, 'Frontdesk-1.2.0-win-x64.exe')), size: statSync(join(dist, 'Frontdesk-1.2.0-win-x64.exe')).size, isAdminRightsRequired: true }],
      path: 'Frontdesk-1.2.0-win-x64.exe',
      sha512: sha512(join(dist, 'Frontdesk-1.2.0-win-x64.exe')),
      releaseDate: '2026-12-07T08:00:00.000Z',
    });
    // The Mac zips come first: they are what electron-updater installs; the dmg is for first installs.
    expect((await readChannelFile(join(feed, 'latest-mac.yml')))!.files.map((f) => f.url)).toEqual([
      'Frontdesk-1.2.0-mac-arm64.zip',
      'Frontdesk-1.2.0-mac-x64.zip',
      'Frontdesk-1.2.0-mac-arm64.dmg',
    ]);
    expect((await readChannelFile(join(feed, 'latest-linux.yml')))!.files.map((f) => f.url)).toEqual([
      'Frontdesk-1.2.0-linux-x86_64.AppImage',
      'Frontdesk-1.2.0-linux-amd64.deb',
    ]);
    expect((await readChannelFile(join(feed, 'latest-linux-arm64.yml')))!.path).toBe('Frontdesk-1.2.0-linux-arm64.AppImage');

    const inFeed = readdirSync(feed);
    for (const n of ALL) expect(readFileSync(join(feed, n.replace('VERSION', '1.2.0')))).toEqual(readFileSync(join(dist, n.replace('VERSION', '1.2.0'))));
    expect(inFeed).toContain('Frontdesk-1.2.0-win-x64.exe.blockmap');
    expect(inFeed).not.toContain('Frontdesk-1.1.0-win-x64.exe');
    expect(inFeed.filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('sets a staged rollout, and widens it when published again', async () => {
    installers('1.2.0', ['Frontdesk-VERSION-win-x64.exe']);
    await publish({ rolloutPercent: 20 });
    expect((await readChannelFile(join(feed, 'latest.yml')))!.stagingPercentage).toBe(20);
    expect((await readChannelFile(join(feed, 'beta.yml')))!.stagingPercentage).toBe(20);

    await publish({ rolloutPercent: null });
    expect((await readChannelFile(join(feed, 'latest.yml')))!.stagingPercentage).toBeUndefined();
    expect((await readChannelFile(join(feed, 'beta.yml')))!.stagingPercentage).toBeUndefined();
  });

  it('publishes a beta to the beta channel only, and a later stable version reaches beta desks too', async () => {
    installers('1.2.0', ['Frontdesk-VERSION-linux-x86_64.AppImage']);
    await publish({ version: '1.2.0' });
    installers('1.3.0-beta.1', ['Frontdesk-VERSION-linux-x86_64.AppImage']);
    await publish({ version: '1.3.0-beta.1', channel: 'beta' });
    expect((await readChannelFile(join(feed, 'latest-linux.yml')))!.version).toBe('1.2.0');
    expect((await readChannelFile(join(feed, 'beta-linux.yml')))!.version).toBe('1.3.0-beta.1');

    // A stable fix for 1.2 does not pull beta desks back.
    installers('1.2.1', ['Frontdesk-VERSION-linux-x86_64.AppImage']);
    await publish({ version: '1.2.1' });
    expect((await readChannelFile(join(feed, 'latest-linux.yml')))!.version).toBe('1.2.1');
    expect((await readChannelFile(join(feed, 'beta-linux.yml')))!.version).toBe('1.3.0-beta.1');

    installers('1.3.0', ['Frontdesk-VERSION-linux-x86_64.AppImage']);
    await publish({ version: '1.3.0' });
    expect((await readChannelFile(join(feed, 'beta-linux.yml')))!.version).toBe('1.3.0');
  });

  it('joins the builds of one version made on two Macs into one latest-mac.yml', async () => {
    installers('1.2.0', ['Frontdesk-VERSION-mac-arm64.zip', 'Frontdesk-VERSION-mac-arm64.dmg']);
    await publish({});
    // The other Mac's dist folder has only its own installers.
    for (const n of ['Frontdesk-1.2.0-mac-arm64.zip', 'Frontdesk-1.2.0-mac-arm64.dmg']) rmSync(join(dist, n));
    installers('1.2.0', ['Frontdesk-VERSION-mac-x64.zip', 'Frontdesk-VERSION-mac-x64.dmg']);
    await publish({});
    expect((await readChannelFile(join(feed, 'latest-mac.yml')))!.files.map((f) => f.url)).toEqual([
      'Frontdesk-1.2.0-mac-arm64.zip',
      'Frontdesk-1.2.0-mac-x64.zip',
      'Frontdesk-1.2.0-mac-arm64.dmg',
      'Frontdesk-1.2.0-mac-x64.dmg',
    ]);

    // A new version starts afresh: the old version's files are not listed with it.
    installers('1.3.0', ['Frontdesk-VERSION-mac-x64.zip']);
    await publish({ version: '1.3.0' });
    expect((await readChannelFile(join(feed, 'latest-mac.yml')))!.files.map((f) => f.url)).toEqual(['Frontdesk-1.3.0-mac-x64.zip']);
  });

  it('names the channel from the version when none is given', () => {
    expect(defaultChannel('1.2.0')).toBe('latest');
    expect(defaultChannel('1.3.0-beta.2')).toBe('beta');
    expect(defaultChannel('1.3.0-rc.1')).toBe('beta');
  });

  it('refuses what it cannot publish, and writes nothing', async () => {
    installers('1.3.0-beta.1', ['Frontdesk-VERSION-win-x64.exe']);
    await expect(publish({ version: '1.3.0-beta.1', channel: 'latest' })).rejects.toThrow(/pre-release: publish it to the beta channel/);
    await expect(publish({ version: '1.2.0' })).rejects.toThrow(/No installers of Frontdesk 1.2.0/);
    await expect(publish({ version: '1.3.0-beta.1', channel: 'beta', rolloutPercent: 0 })).rejects.toThrow(/1 to 100/);
    await expect(publish({ version: 'one' })).rejects.toThrow(/not a version number/);
    expect(existsSync(feed)).toBe(false);
  });
});
