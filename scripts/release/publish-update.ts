/**
 * The publish step: puts the installers `npm run dist` built for this version
 * into the update-feed folder, with the channel files electron-updater reads.
 *
 *   npm run publish-update -- [--channel latest|beta] [--rollout 1-100] [--feed DIR]
 *
 * `npm run dist` runs it after electron-builder; FRONTDESK_UPDATE_CHANNEL and
 * FRONTDESK_UPDATE_ROLLOUT set the same options there. Run it again with another
 * --rollout to let more workstations take the same version.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { load } from 'js-yaml';
import { CHANNELS, defaultChannel, publishUpdate, PublishError, type Channel } from './update-feed';

interface BuilderConfig {
  productName: string;
  directories?: { output?: string };
  nsis?: { perMachine?: boolean };
}

const root = resolve(__dirname, '..', '..');
const { values } = parseArgs({
  options: {
    channel: { type: 'string', default: process.env.FRONTDESK_UPDATE_CHANNEL || undefined },
    rollout: { type: 'string', default: process.env.FRONTDESK_UPDATE_ROLLOUT || undefined },
    feed: { type: 'string' },
    dist: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const distDir = resolve(root, values.dist ?? config.directories?.output ?? 'dist');
  if (values.channel !== undefined && !(CHANNELS as readonly string[]).includes(values.channel)) {
    throw new PublishError(`--channel is one of: ${CHANNELS.join(', ')}.`);
  }
  const rollout = values.rollout === undefined ? null : Number(values.rollout);
  const result = await publishUpdate({
    distDir,
    feedDir: resolve(root, values.feed ?? join(distDir, 'update-feed')),
    productName: config.productName,
    version,
    channel: (values.channel as Channel | undefined) ?? defaultChannel(version),
    rolloutPercent: rollout === 100 ? null : rollout,
    windowsPerMachine: config.nsis?.perMachine === true,
    releaseDate: new Date(),
  });
  for (const f of result.channelFiles) console.log(`[publish-update] ${f.name}: ${f.version} → ${f.files.join(', ')}`);
  console.log(`[publish-update] ${result.installers.length} installer(s) in ${values.feed ?? join(distDir, 'update-feed')}`);
}

main().catch((e: unknown) => {
  console.error(`[publish-update] ${e instanceof PublishError ? e.message : String(e instanceof Error ? e.stack : e)}`);
  process.exit(1);
});
