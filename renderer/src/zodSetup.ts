import { z } from 'zod';

/**
 * Zod 4 compiles fast parsers with `new Function` unless told not to, and probes for it when a
 * schema is created. Both shells send a CSP without 'unsafe-eval', so the probe would only log a
 * CSP violation. This module must be imported before any module that creates a schema
 * (main.tsx imports it first).
 */
z.config({ jitless: true });
