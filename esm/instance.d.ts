// Stub for TypeScript "node10" resolution of `@clerk/clerk-sdk-node/esm/instance`
// (the package.json `exports` map points newer resolvers at ../instance.d.ts directly).
export * from '../instance';
export { default } from '../instance';
