/**
 * A dataset as a worker thread hands it back (generator/site-workers.ts). Structured
 * clone copies a string each time it occurs, so the answers a dataset shares (a date
 * or a choice is read once per distinct text, core/validate.ts) would arrive as
 * thousands of copies, each read back on the main thread one by one. Packed, each
 * distinct answer goes once, and each form's records as its row numbers and, for each
 * record, the index of each answer: two typed arrays, moved to the main thread rather
 * than copied. Unpacked, the records are made again sharing their answers as they did
 * (a list of identifiers shared by two records is still one array).
 */
import type { DataRecord, Dataset } from '../core/dataset.js';
import { valuesConstructor, type RowValues, type Value } from '../core/validate.js';

/** One form's records: every record of a form has the same tab and the same answers' keys in the same order. */
interface PackedRecords {
  form: string;
  tab: string;
  keys: string[];
  rows: Int32Array;
  /** For record r, answer k: the index in PackedDataset.values of its value, at r × keys.length + k. */
  cells: Uint32Array;
}

/** Records as they are, where a form's records do not all share their keys (never, as datasets are read today). */
type Packed = PackedRecords | { records: DataRecord[] };

export interface PackedDataset {
  rest: Omit<Dataset, 'records' | 'registered'>;
  /** Each distinct answer once: strings and numbers by value, lists by identity. */
  values: Value[];
  records: Record<string, Packed>;
  registered: Record<string, { ids: string[]; records: Packed }>;
}

export function packDataset(dataset: Dataset): { packed: PackedDataset; transfer: ArrayBuffer[] } {
  const { records, registered, ...rest } = dataset;
  const values: Value[] = [];
  const indexOf = new Map<Value, number>();
  const transfer: ArrayBuffer[] = [];
  const index = (value: Value): number => {
    // -0 is a Map key equal to 0: kept apart so that it comes back as it went.
    if (value === 0 && Object.is(value, -0)) return values.push(value) - 1;
    let i = indexOf.get(value);
    if (i === undefined) indexOf.set(value, (i = values.push(value) - 1));
    return i;
  };
  const pack = (list: readonly DataRecord[]): Packed => {
    const first = list[0];
    const keys = first ? Object.keys(first.values) : [];
    const rows = new Int32Array(list.length);
    const cells = new Uint32Array(list.length * keys.length);
    for (let r = 0; r < list.length; r++) {
      const record = list[r]!;
      if (record.form !== first!.form || record.tab !== first!.tab || !sameKeys(record.values, keys)) return { records: [...list] };
      rows[r] = record.row;
      for (let k = 0; k < keys.length; k++) cells[r * keys.length + k] = index(record.values[keys[k]!]!);
    }
    transfer.push(rows.buffer, cells.buffer);
    return { form: first?.form ?? '', tab: first?.tab ?? '', keys, rows, cells };
  };
  const packed: PackedDataset = { rest, values, records: {}, registered: {} };
  for (const [form, list] of Object.entries(records)) packed.records[form] = pack(list);
  for (const [form, merged] of Object.entries(registered)) packed.registered[form] = { ids: [...merged.keys()], records: pack([...merged.values()]) };
  return { packed, transfer };
}

export function unpackDataset(packed: PackedDataset): Dataset {
  const unpack = (p: Packed): DataRecord[] => {
    if ('records' in p) return p.records;
    const { form, tab, keys, rows, cells } = p;
    const Values = valuesConstructor(keys);
    const list: DataRecord[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const values = new Values();
      for (let k = 0; k < keys.length; k++) values[keys[k]!] = packed.values[cells[r * keys.length + k]!]!;
      list[r] = { form, tab, row: rows[r]!, values };
    }
    return list;
  };
  const records: Dataset['records'] = {};
  for (const [form, p] of Object.entries(packed.records)) records[form] = unpack(p);
  const registered: Dataset['registered'] = {};
  for (const [form, { ids, records: p }] of Object.entries(packed.registered)) {
    const list = unpack(p);
    registered[form] = new Map(ids.map((id, i) => [id, list[i]!]));
  }
  const { settings, origin, ...rest } = packed.rest;
  return { settings, origin, records, registered, ...rest };
}

/** True when `values` has exactly `keys`, in that order. */
function sameKeys(values: RowValues, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in values) if (key !== keys[i++]) return false;
  return i === keys.length;
}

