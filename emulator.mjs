// `clerk-sdk-node-rs/emulator` (ESM): a local Clerk Backend API. See emulator.d.ts.
import emulator from './emulator.js';

export const { startEmulator } = emulator;
export default emulator;
