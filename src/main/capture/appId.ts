// App-id normalisation is pure and shared with the imports (src/main/export): it lives in
// src/shared/appId.ts; capture keeps this path.
export * from '../../shared/appId'
