// Title redaction is pure and shared with the imports (src/main/export): it lives in
// src/shared/titleRedaction.ts; capture keeps this path.
export * from '../../shared/titleRedaction'
