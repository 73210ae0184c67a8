/**
 * No import cycles anywhere (`npm run check:cycles`, part of `npm test`). A cycle makes the order
 * modules initialise in matter (a value read before its module ran is undefined) and ties two parts
 * so neither can change alone. Imports of types only are erased at build time and cannot cause
 * either, so they are not counted (the migration list and its `Migration` type refer to each other).
 * What may import what otherwise is checked by eslint (eslint.config.mjs).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others: move what both need into a third.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
  },
};
