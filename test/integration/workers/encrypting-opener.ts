/**
 * Opens a plaintext database with a key (which encrypts it), printing
 * `start` first and `done` once it is open; the test kills it in between.
 * argv: <database file> <key>
 */
import { openDatabase } from '@main/core/db/open';

const [file, key] = process.argv.slice(2);
process.stdout.write('start\n');
openDatabase(file!, { key: key! }).close();
process.stdout.write('done\n');
