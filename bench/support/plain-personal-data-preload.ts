// Bench only (bench/encryption.ts): loaded into a bench server with NODE_OPTIONS=--import, it swaps the
// server's platform/encryption.js for plain-personal-data.ts, whose "encryption" is a reversible encoding,
// so that order placement can be measured without AES-GCM beside the figure with it, in the same run. The
// server itself has no way to turn encryption off.
import { register } from 'node:module';

register(new URL('./plain-personal-data-hooks.ts', import.meta.url));
