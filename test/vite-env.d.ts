// Vite's import features the tests use: `?raw` file imports and `import.meta.glob`.
/// <reference types="vite/client" />
