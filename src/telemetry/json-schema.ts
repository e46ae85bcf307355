import { z } from 'zod';
import { TELEMETRY_SCHEMA_VERSION, telemetryPayload } from './payload-schemas.js';

/** The JSON Schema (draft 2020-12) of every telemetry payload, generated from the zod schemas. */
export function telemetryJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(telemetryPayload, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://townlet.invalid/telemetry/${TELEMETRY_SCHEMA_VERSION}/payload.schema.json`,
    title: `Townlet telemetry payload ${TELEMETRY_SCHEMA_VERSION}`,
  };
}

/** The file docs/telemetry.schema.json holds. */
export function renderTelemetryJsonSchema(): string {
  return `${JSON.stringify(telemetryJsonSchema(), null, 2)}\n`;
}
