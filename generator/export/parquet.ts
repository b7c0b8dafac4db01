/**
 * One tab's valid rows as a typed Parquet file (data contract §9), through
 * hyparquet-writer: `site` and `row` first, then each question's column as
 * core/export-schema.ts names and types it. Dates are DATE, timestamps TIMESTAMP
 * (wall clock in the spreadsheet's time zone, not adjusted to UTC), numbers DOUBLE,
 * checkbox answers lists of text, everything else text; a blank answer is NULL.
 */
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { DataRecord } from '../../core/dataset.js';
import type { FormDefinition } from '../../core/form.js';
import { exportColumns, ROW_COLUMN, SITE_COLUMN, type ExportColumn, type ExportType } from '../../core/export-schema.js';
import type { Value } from '../../core/validate.js';

const DAY_MS = 86_400_000;

/** Parquet schema elements of one column: a list is the standard three-level LIST of required text. */
function schemaOf(name: string, type: ExportType): SchemaElement[] {
  const optional = 'OPTIONAL' as const;
  switch (type) {
    case 'date':
      return [{ name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: optional }];
    case 'timestamp':
      return [{ name, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' }, repetition_type: optional }];
    case 'number':
      return [{ name, type: 'DOUBLE', repetition_type: optional }];
    case 'text':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: optional }];
    case 'list':
      return [
        { name, converted_type: 'LIST', logical_type: { type: 'LIST' }, repetition_type: optional, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' },
      ];
  }
}

/** `yyyy-mm-dd` as days since 1970-01-01; `yyyy-mm-ddTHH:mm:ss` as microseconds since then, both read as UTC fields (a wall clock). */
function wallClockMs(iso: string): number {
  const [y, mo, d, h = 0, mi = 0, s = 0] = iso.split(/[-T:]/).map(Number) as [number, number, number, number?, number?, number?];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** A record's value as its Parquet column holds it; a value of another type than its column's is a programming error. */
function cell(value: Value | undefined, column: ExportColumn): unknown {
  if (value === null || value === undefined) return null;
  const wrong = () => new Error(`${column.name}: a ${typeof value} value in a ${column.type} column`);
  switch (column.type) {
    case 'date':
      if (typeof value !== 'string') throw wrong();
      return wallClockMs(value) / DAY_MS;
    case 'timestamp':
      if (typeof value !== 'string') throw wrong();
      return BigInt(wallClockMs(value)) * 1000n;
    case 'number':
      if (typeof value !== 'number') throw wrong();
      return value;
    case 'list':
      if (!Array.isArray(value)) throw wrong();
      return value;
    case 'text':
      if (typeof value !== 'string') throw wrong();
      return value;
  }
}

/**
 * Rows encoded at a time, each such slice one row group: the column arrays of a slice
 * are made, written and dropped before the next, so a tab of a million rows never
 * has a million-row copy of each column beside its records.
 */
const ROWS_AT_A_TIME = 10_000;

/** The Parquet file of one form's records at each site, the sites one after another. */
export function parquetTable(form: FormDefinition, sites: readonly { site: string; records: readonly DataRecord[] }[]): Uint8Array {
  const columns = exportColumns(form);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: 2 + columns.length },
    { name: SITE_COLUMN, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' },
    { name: ROW_COLUMN, type: 'INT32', repetition_type: 'REQUIRED' },
    ...columns.flatMap((c) => schemaOf(c.name, c.type)),
  ];
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema, createdBy: 'peerkit' });
  for (const { site, records } of sites) {
    for (let start = 0; start < records.length; start += ROWS_AT_A_TIME) {
      const slice = records.slice(start, start + ROWS_AT_A_TIME);
      const columnData: ColumnSource[] = [
        { name: SITE_COLUMN, data: slice.map(() => site) },
        { name: ROW_COLUMN, data: Int32Array.from(slice, (r) => r.row) },
        ...columns.map((c) => ({ name: c.name, data: slice.map((r) => cell(r.values[c.key], c)) })),
      ];
      // Synchronous: a ByteWriter has no flush to wait for.
      void parquet.write({ columnData, rowGroupSize: ROWS_AT_A_TIME });
    }
  }
  parquet.finish();
  return new Uint8Array(writer.getBuffer());
}
