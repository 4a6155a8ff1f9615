// Stands in for `express` in tsconfig.noexpress.json: a project without @types/express.
export {};
