/**
 * A scheme's report as one SQL query (data contract §9): the same line definitions the
 * engine (core/report-lines.ts) evaluates, compiled to SQL over the export's tables
 * (core/export-schema.ts), returning one row per line: `id`, `value`, `numerator`,
 * `denominator`. DuckDB running it over the export gives what `peerkit report` gives
 * (test/core/report-sql.test.ts checks every scheme and quarter of the sample).
 *
 * Over several sites' rows it computes the roll-up: rows and sums add up; a distinct
 * value, a cohort member, a registration and a preceding row are matched by the
 * value alone where its column's pattern is `identity: 'national'`, else by site and
 * value. Rows of one day are ordered as the engine orders them: by site id, then row.
 *
 * Every kind of line compiles: the switches below are exhaustive over the line,
 * condition and member kinds, and COVERED names every property of the declarations,
 * so a new one fails the type check until it is compiled here. A line the SQL could
 * not reproduce faithfully (an `equals` on a checkbox column, a percentage of a text
 * answer that is a number) throws when compiled, and a test compiles every line.
 */
import type { FormDefinition } from './form.js';
import type { CohortDefinition, CohortLine, CountLine, Operand, Params, ReportLine } from './report-lines.js';
import type { Period } from './quarters.js';
import type { Scheme } from './scheme.js';
import { exportColumn, tableKey, SITE_COLUMN, ROW_COLUMN, type ExportColumn } from './export-schema.js';
import { SQL_DIALECTS, type SqlDialect, type SqlDialectName } from './sql-dialects.js';

type Source = CountLine['sources'][number];
type Condition = NonNullable<Source['where']>[number];
type Registered = NonNullable<Source['registered']>;
type PrecededBy = NonNullable<Source['precededBy']>;
type PrecedingRows = PrecededBy['rows'][number];
type MemberField = NonNullable<CohortLine['answer']>;
type FollowUp = NonNullable<CohortDefinition['followUp']>;

/** True when K names every property of T: a property added to a declaration and not compiled here fails the type check. */
type Covers<T, K extends keyof T> = [Exclude<keyof T, K>] extends [never] ? true : false;
/** Properties that only place or word a line (label, section, …) change no number; they are listed so that a new one is a decision. */
const COVERED: [
  Covers<Source, 'form' | 'date' | 'where' | 'value' | 'registered' | 'precededBy'>,
  Covers<Registered, 'form' | 'field' | 'includes'>,
  Covers<PrecededBy, 'days' | 'rows'>,
  Covers<PrecedingRows, 'form' | 'date' | 'by' | 'where'>,
  Covers<CountLine, 'id' | 'label' | 'count' | 'sources' | 'format' | 'of' | 'group' | 'section' | 'parent' | 'shareOfParent' | 'definition'>,
  Covers<CohortLine, 'id' | 'label' | 'count' | 'cohort' | 'among' | 'answer' | 'yes' | 'exclude' | 'group' | 'section' | 'parent' | 'definition'>,
  Covers<CohortDefinition, 'form' | 'date' | 'by' | 'member' | 'followUp'>,
  Covers<FollowUp, 'form' | 'date' | 'by'>,
  Covers<MemberField, 'from' | 'field'>,
] = [true, true, true, true, true, true, true, true, true];
void COVERED;

export interface SqlOptions {
  dialect: SqlDialectName;
  /** Only this site's rows (every table filtered); without it, every row: the pooled roll-up. */
  site?: string;
  /** The dataset (BigQuery) or schema (DuckDB) holding the tables, where the query's runner has no default one. */
  dataset?: string;
}

/** Whom a column's values are unique across: a prison number is national; an ID, or a column without a pattern, per site. */
type Identity = 'national' | 'site';
const identityOf = (column: ExportColumn): Identity => (column.question.pattern?.identity === 'national' ? 'national' : 'site');

/** What a line's CTE holds, for the lines that are shares of it. */
interface CompiledLine {
  cte: string;
  /** For a distinct count: the CTE of its values (site, id), and whom they are unique across. */
  values?: { cte: string; identity: Identity };
  /** False for a percentage, whose value may be NULL and is no count. */
  isCount: boolean;
}

export function compileReportSql(scheme: Scheme, period: Period, options: SqlOptions): string {
  const dialect = SQL_DIALECTS[options.dialect];
  const problem = options.dataset === undefined ? undefined : dialect.datasetProblem(options.dataset);
  if (problem) throw new Error(`Dataset "${options.dataset}": ${problem}`);
  return new ReportQuery(scheme, period, dialect, options.site, options.dataset).sql(options.dialect);
}

class ReportQuery {
  private readonly ctes: string[] = [];
  private readonly tables = new Map<string, string>();
  private readonly shared = new Map<string, string>();
  private readonly cohorts = new Map<string, CompiledCohort>();

  constructor(
    private readonly scheme: Scheme,
    private readonly period: Period,
    private readonly d: SqlDialect,
    private readonly site: string | undefined,
    private readonly dataset: string | undefined,
  ) {}

  sql(dialect: SqlDialectName): string {
    const done = new Map<string, CompiledLine>();
    const rows = this.scheme.lines.map((line, i) => {
      const compiled = this.line(line, i + 1, done);
      done.set(line.id, compiled);
      return `  SELECT ${this.d.text(line.id)} AS id, ${i + 1} AS ord, value, numerator, denominator FROM ${compiled.cte}`;
    });
    return [
      `-- peerkit sql: the ${this.scheme.id} report for ${this.period.label} (${this.period.start} to ${this.period.end}), ${dialect},`,
      `-- over ${this.site === undefined ? 'every site in the tables (the roll-up)' : `site ${this.site.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')}`}. One row per line: id, value, numerator, denominator.`,
      'WITH',
      this.ctes.join(',\n'),
      'SELECT id, value, numerator, denominator FROM (',
      rows.join('\n  UNION ALL\n'),
      ') AS report_lines',
      'ORDER BY ord',
      '',
    ].join('\n');
  }

  // --- Names and pieces ------------------------------------------------------

  private cte(name: string, body: string): string {
    this.ctes.push(`${name} AS (\n  ${body.replace(/\n/g, '\n  ')}\n)`);
    return name;
  }

  private form(id: string): FormDefinition {
    const form = this.scheme.forms.find((f) => f.id === id);
    if (!form) throw new Error(`Scheme ${this.scheme.id}: a line reads form "${id}", which the scheme does not declare`);
    return form;
  }

  /** The form's table, filtered to the site when one is asked for: one CTE per table, so every read sees the same rows. */
  private table(form: FormDefinition): string {
    const known = this.tables.get(form.id);
    if (known) return known;
    const where = this.site === undefined ? '' : ` WHERE ${this.id(SITE_COLUMN)} = ${this.d.text(this.site)}`;
    const table = this.d.table(tableKey(form), this.dataset);
    const name = this.cte(`t_${tableKey(form)}`, `SELECT * FROM ${table}${where}`);
    this.tables.set(form.id, name);
    return name;
  }

  private id(name: string): string {
    return this.d.identifier(name);
  }

  private col(alias: string, column: ExportColumn | string): string {
    return `${alias}.${this.id(typeof column === 'string' ? column : column.name)}`;
  }

  private operand(operand: Operand): string {
    const params: Params = this.scheme.params;
    if (typeof operand === 'string') return this.d.text(operand);
    const value = params[operand.param];
    if (value === undefined) throw new Error(`Scheme ${this.scheme.id}: a line needs parameter "${operand.param}"`);
    return this.d.text(value);
  }

  private inPeriod(date: string): string {
    return `${date} BETWEEN ${this.d.date(this.period.start)} AND ${this.d.date(this.period.end)}`;
  }

  /** A column that places rows in a period: a date (a timestamp would compare unlike the engine's text). */
  private dateColumn(form: FormDefinition, key: string, why: string): ExportColumn {
    const column = exportColumn(form, key);
    if (column.type !== 'date') throw new Error(`${why}: "${column.question.title}" of ${form.tab} is not a date`);
    return column;
  }

  /** The key site of a value: the row's site, or one shared '' for a national identifier. */
  private keySite(alias: string, identity: Identity): string {
    return identity === 'national' ? this.d.text('') : this.col(alias, SITE_COLUMN);
  }

  private condition(form: FormDefinition, alias: string, condition: Condition, why: string): string {
    const column = exportColumn(form, condition.field);
    const ref = this.col(alias, column);
    const wrong = (what: string) => new Error(`${why}: ${what} on "${column.question.title}" (${column.type}) cannot be compiled as the engine counts it`);
    if ('equals' in condition) {
      if (column.type !== 'text') throw wrong('equals');
      return `${ref} = ${this.operand(condition.equals)}`;
    }
    if ('in' in condition) {
      const items = condition.in.map((o) => this.operand(o));
      if (column.type === 'list') return this.d.listHasAny(ref, items);
      if (column.type === 'text') return `${ref} IN (${items.join(', ')})`;
      throw wrong('in');
    }
    if ('includes' in condition) {
      if (column.type !== 'list') throw wrong('includes');
      return this.d.listContains(ref, this.operand(condition.includes));
    }
    const never: never = condition;
    throw new Error(`Unknown condition ${JSON.stringify(never)}`);
  }

  /**
   * A column's values, one per row or one per element of a checkbox list: the FROM
   * joins needed and the expression naming the value.
   */
  private values(alias: string, column: ExportColumn, why: string): { join: string; value: string } {
    if (column.type === 'list') return { join: ` ${this.d.unnest(this.col(alias, column), 'val')}`, value: 'val' };
    if (column.type === 'text') return { join: '', value: this.col(alias, column) };
    throw new Error(`${why}: "${column.question.title}" holds ${column.type} values, not identifiers or answers to count`);
  }

  // --- Lines -----------------------------------------------------------------

  private line(line: ReportLine, n: number, done: ReadonlyMap<string, CompiledLine>): CompiledLine {
    const why = `Scheme ${this.scheme.id}, line ${line.id}`;
    const num = this.d.number;
    const row = (value: string, numerator = 'NULL', denominator = 'NULL') =>
      `SELECT CAST(${value} AS ${num}) AS value, CAST(${numerator} AS ${num}) AS numerator, CAST(${denominator} AS ${num}) AS denominator`;
    switch (line.count) {
      case 'rows':
      case 'sum':
      case 'distinct': {
        const base = line.of === undefined ? undefined : done.get(line.of);
        if (line.of !== undefined && (!base || !base.isCount)) throw new Error(`${why}: a share of "${line.of}", which is not a count before it`);
        const counted = this.count(line, n, base?.values, why);
        const name = `line_${n}`;
        const body = base ? `${row(counted.value, counted.value, `(SELECT value FROM ${base.cte})`)}` : row(counted.value);
        return { cte: this.cte(name, body), isCount: true, ...(counted.values ? { values: counted.values } : {}) };
      }
      case 'cohort':
      case 'percent':
        return this.cohortLine(line, n, why, row);
      default: {
        const never: never = line;
        throw new Error(`Unknown line ${JSON.stringify(never)}`);
      }
    }
  }

  /** A count line's value expression (and a distinct count's values CTE). */
  private count(line: CountLine, n: number, among: CompiledLine['values'], why: string): { value: string; values?: CompiledLine['values'] } {
    switch (line.count) {
      case 'rows':
        return { value: this.added(line, (source, form, where) => `(SELECT COUNT(*) FROM ${this.table(form)} AS s WHERE ${where.join(' AND ')})`, why) };
      case 'sum': {
        const total = this.added(
          line,
          (source, form, where) => {
            const column = exportColumn(form, this.needValue(source, why));
            if (column.type !== 'number') throw new Error(`${why}: adds up "${column.question.title}", which is not a number`);
            // The engine's millionths(): each answer in whole millionths, so the total is exact in any order.
            const units = `CAST(FLOOR(${this.col('s', column)} * 1000000 + 0.5) AS ${this.d.wholeNumber})`;
            return `COALESCE((SELECT SUM(${units}) FROM ${this.table(form)} AS s WHERE ${where.join(' AND ')}), 0)`;
          },
          why,
        );
        // The engine's hundredthsHalfUp(): to the penny, halves up.
        return { value: `FLOOR(((${total}) + 5000) / 10000) / 100` };
      }
      case 'distinct': {
        const identities = new Set<Identity>();
        const selects = line.sources.map((source) => {
          const form = this.form(source.form);
          const column = exportColumn(form, this.needValue(source, why));
          const identity = identityOf(column);
          identities.add(identity);
          return this.distinctSource(source, form, column, identity, among, why);
        });
        const [identity] = [...identities];
        if (identities.size !== 1 || identity === undefined) throw new Error(`${why}: its sources count national and per-site identifiers together`);
        if (among && among.identity !== identity) throw new Error(`${why}: a share of a line whose values are identified otherwise`);
        const cte = this.cte(`values_${n}`, `SELECT DISTINCT site, id FROM (\n  ${selects.join('\n  UNION ALL\n  ')}\n) AS matched`);
        return { value: `(SELECT COUNT(*) FROM ${cte})`, values: { cte, identity } };
      }
    }
  }

  private needValue(source: Source, why: string): string {
    if (source.value === undefined) throw new Error(`${why}: counts values but a source names no column`);
    return source.value;
  }

  /** Rows and sums: each source's rows in the period matched, the sources' numbers added (nothing else filters a row). */
  private added(line: CountLine, each: (source: Source, form: FormDefinition, where: string[]) => string, why: string): string {
    return line.sources
      .map((source) => {
        if (source.registered || source.precededBy) throw new Error(`${why}: only a distinct count filters its values`);
        const form = this.form(source.form);
        return each(source, form, this.sourceRows(source, form, why));
      })
      .join(' + ');
  }

  /** A source's conditions on its rows (alias `s`): dated in the period, and its `where`. */
  private sourceRows(source: Source, form: FormDefinition, why: string): string[] {
    const date = this.dateColumn(form, source.date, why);
    return [this.inPeriod(this.col('s', date)), ...(source.where ?? []).map((c) => this.condition(form, 's', c, why))];
  }

  /** One source of a distinct count: its values (site, id) after `registered`, the line it is a share of, and `precededBy`. */
  private distinctSource(source: Source, form: FormDefinition, column: ExportColumn, identity: Identity, among: CompiledLine['values'], why: string): string {
    const { join, value } = this.values('s', column, why);
    const site = this.keySite('s', identity);
    const joins = [`${this.table(form)} AS s${join}`];
    const where = [...this.sourceRows(source, form, why), `${value} IS NOT NULL`];
    if (source.registered) {
      const registrations = this.registrations(source.registered, identity, why);
      joins.push(`LEFT JOIN ${registrations} AS r ON r.id = ${value}${identity === 'site' ? ` AND r.site = ${site}` : ''}`);
      // No registration at all still counts (a warning of its own); a registration counts only with the answer.
      where.push('(r.id IS NULL OR r.ok)');
    }
    if (among) where.push(`EXISTS (SELECT 1 FROM ${among.cte} AS b WHERE b.id = ${value} AND b.site = ${site})`);
    if (source.precededBy) {
      const date = this.col('s', this.dateColumn(form, source.date, why));
      const preceding = this.preceding(source.precededBy, identity, why);
      where.push(
        `EXISTS (SELECT 1 FROM ${preceding} AS p WHERE p.id = ${value} AND p.site = ${site} AND p.d BETWEEN ${this.d.daysBefore(date, source.precededBy.days - 1)} AND ${date})`,
      );
    }
    return `SELECT ${site} AS site, ${value} AS id FROM ${joins.join(' ')} WHERE ${where.join(' AND ')}`;
  }

  /**
   * A registration form merged as the dataset merges it (a later row's non-blank
   * answer wins; later by Timestamp, then row), one row per identifier: `ok` when
   * the merged answer is, or includes, the operand.
   */
  private registrations(registered: Registered, identity: Identity, why: string): string {
    const key = `registered\u0000${JSON.stringify(registered)}\u0000${identity}`;
    const known = this.shared.get(key);
    if (known) return known;
    const form = this.form(registered.form);
    if (form.upsertBy === undefined) throw new Error(`${why}: reads the registrations of ${form.tab}, which is not upserted`);
    const idColumn = exportColumn(form, form.upsertBy);
    if (identityOf(idColumn) !== identity) throw new Error(`${why}: its values and ${form.tab}'s identifiers are identified differently`);
    const field = exportColumn(form, registered.field);
    const wanted = this.operand(registered.includes);
    const answer = this.col('s', field);
    const ok = field.type === 'list' ? this.d.listContains(answer, wanted) : field.type === 'text' ? `${answer} = ${wanted}` : null;
    if (ok === null) throw new Error(`${why}: a registration's "${field.question.title}" is ${field.type}, not an answer to compare`);
    const id = this.col('s', idColumn);
    const timestamp = form.questions.find((q) => q.key === 'timestamp');
    const latest = [`(${answer} IS NULL)`, ...(timestamp ? [`${this.col('s', exportColumn(form, 'timestamp'))} DESC NULLS LAST`] : []), `${this.col('s', ROW_COLUMN)} DESC`, `${this.col('s', SITE_COLUMN)} DESC`];
    const partition = identity === 'site' ? `${this.col('s', SITE_COLUMN)}, ${id}` : id;
    const name = this.cte(
      `registered_${this.shared.size + 1}`,
      `SELECT site, id, ok FROM (\n` +
        `  SELECT ${this.keySite('s', identity)} AS site, ${id} AS id, COALESCE(${ok}, FALSE) AS ok,\n` +
        `    ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${latest.join(', ')}) AS n\n` +
        `  FROM ${this.table(form)} AS s WHERE ${id} IS NOT NULL\n` +
        `) AS merged WHERE n = 1`,
    );
    this.shared.set(key, name);
    return name;
  }

  /** The rows that may precede a source's rows, any date: (site, id, d). */
  private preceding(precededBy: PrecededBy, identity: Identity, why: string): string {
    const key = `preceding\u0000${JSON.stringify(precededBy.rows)}\u0000${identity}`;
    const known = this.shared.get(key);
    if (known) return known;
    const selects = precededBy.rows.map((rows) => {
      const form = this.form(rows.form);
      const by = exportColumn(form, rows.by);
      if (identityOf(by) !== identity) throw new Error(`${why}: "${by.question.title}" of ${form.tab} is identified otherwise than the values it precedes`);
      const { join, value } = this.values('s', by, why);
      const date = this.col('s', this.dateColumn(form, rows.date, why));
      const where = [`${date} IS NOT NULL`, `${value} IS NOT NULL`, ...(rows.where ?? []).map((c) => this.condition(form, 's', c, why))];
      return `SELECT ${this.keySite('s', identity)} AS site, ${value} AS id, ${date} AS d FROM ${this.table(form)} AS s${join} WHERE ${where.join(' AND ')}`;
    });
    const name = this.cte(`preceding_${this.shared.size + 1}`, selects.join('\nUNION ALL\n'));
    this.shared.set(key, name);
    return name;
  }

  // --- Cohorts ---------------------------------------------------------------

  private cohortLine(line: CohortLine, n: number, why: string, row: (value: string, numerator?: string, denominator?: string) => string): CompiledLine {
    const cohort = this.cohort(line.cohort, why);
    const among = (line.among ?? []).map((c) => `${this.memberAnswer(cohort, c.answer, why)} = ${this.d.text(c.equals)}`);
    const where = among.length > 0 ? ` WHERE ${among.join(' AND ')}` : '';
    switch (line.count) {
      case 'cohort':
        return { cte: this.cte(`line_${n}`, row(`(SELECT COUNT(*) FROM ${cohort.cte} AS m${where})`)), isCount: true };
      case 'percent': {
        if (!line.answer || !line.yes) throw new Error(`${why}: a percentage needs an answer and the answers that count as yes`);
        const answer = this.memberAnswer(cohort, line.answer, why);
        const exclude = line.exclude ?? [];
        const counted = [`${answer} IS NOT NULL`, ...(exclude.length > 0 ? [`${answer} NOT IN (${exclude.map((e) => this.d.text(e)).join(', ')})`] : [])].join(' AND ');
        const yes = `${answer} IN (${line.yes.map((y) => this.d.text(y)).join(', ')})`;
        // The engine's percentHalfUp: floor((200n + N) / 2N), in whole numbers; NULL when N is 0.
        const value = `CASE WHEN denominator = 0 THEN NULL ELSE ${this.d.intDiv('200 * numerator + denominator', '2 * denominator')} END`;
        const tallies = `SELECT COUNT(CASE WHEN ${counted} AND ${yes} THEN 1 END) AS numerator, COUNT(CASE WHEN ${counted} THEN 1 END) AS denominator FROM ${cohort.cte} AS m${where}`;
        return { cte: this.cte(`line_${n}`, `${row(value, 'numerator', 'denominator')}\nFROM (${tallies}) AS tallies`), isCount: false };
      }
    }
  }

  /** The column of a cohort's table holding a member's answer (from the row that makes them a member, or their latest follow-up). */
  private memberAnswer(cohort: CompiledCohort, field: MemberField, why: string): string {
    const column = cohort.answers.get(`${field.from}\u0000${field.field}`);
    if (column === undefined) throw new Error(`${why}: no ${field.from} answer "${field.field}" in cohort`);
    return `m.${column}`;
  }

  /**
   * A cohort's members as the engine finds them (cohortMembers): one per identifier,
   * their first row ever (which must fall in the period) or their latest in the
   * period, with their latest follow-up dated on or after it; each answer any line
   * reads is a column `first_<column>` or `follow_up_<column>`.
   */
  private cohort(name: string, why: string): CompiledCohort {
    const key = `cohort\u0000${name}`;
    const known = this.cohorts.get(key);
    if (known) return known;
    const definition = this.scheme.cohorts?.[name];
    if (!definition) throw new Error(`${why}: names cohort "${name}", which the scheme does not define`);
    const form = this.form(definition.form);
    const by = exportColumn(form, definition.by);
    if (by.type !== 'text') throw new Error(`${why}: a cohort's members are identified by "${by.question.title}", which is not one identifier`);
    const identity = identityOf(by);
    const date = this.cohortDate(form, definition.date, why);
    const fields = this.scheme.lines.flatMap((l) => ('cohort' in l && l.cohort === name ? [...(l.among ?? []).map((a) => a.answer), ...(l.answer ? [l.answer] : [])] : []));
    const answers = new Map<string, string>();
    const firsts: string[] = [];
    const follows: string[] = [];
    for (const field of fields) {
      if (field.from === 'followUp' && !definition.followUp) throw new Error(`${why}: reads a follow-up answer of a cohort without follow-ups`);
      const source = field.from === 'first' ? form : this.form(definition.followUp!.form);
      const column = exportColumn(source, field.field);
      if (column.type !== 'text') throw new Error(`${why}: the answer "${column.question.title}" is ${column.type}, not text to compare`);
      const alias = `${field.from === 'first' ? 'first' : 'follow_up'}_${column.name}`;
      if (answers.has(`${field.from}\u0000${field.field}`)) continue;
      answers.set(`${field.from}\u0000${field.field}`, alias);
      (field.from === 'first' ? firsts : follows).push(`${this.col(field.from === 'first' ? 's' : 'f', column)} AS ${alias}`);
    }
    const latest = definition.member === 'latestInPeriod';
    const order = latest ? 'DESC' : 'ASC';
    const partition = identity === 'site' ? `${this.col('s', SITE_COLUMN)}, ${this.col('s', by)}` : this.col('s', by);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const ranked = [
      `SELECT ${this.keySite('s', identity)} AS site, ${this.col('s', by)} AS id, ${this.col('s', date)} AS d${firsts.map((f) => `, ${f}`).join('')},`,
      `  ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${this.col('s', date)} ${order}, ${this.col('s', SITE_COLUMN)} ${order}, ${this.col('s', ROW_COLUMN)} ${order}) AS n`,
      `FROM ${this.table(form)} AS s WHERE ${this.col('s', by)} IS NOT NULL AND ${this.col('s', date)} IS NOT NULL${latest ? ` AND ${this.inPeriod(this.col('s', date))}` : ''}`,
    ].join('\n');
    const members = this.cte(`cohort_${slug}_members`, `SELECT * FROM (\n  ${ranked.replace(/\n/g, '\n  ')}\n) AS ranked WHERE n = 1 AND ${this.inPeriod('d')}`);
    let cte = members;
    if (definition.followUp) {
      const followForm = this.form(definition.followUp.form);
      const followBy = exportColumn(followForm, definition.followUp.by);
      if (followBy.type !== 'text' || identityOf(followBy) !== identity) throw new Error(`${why}: a follow-up is matched by "${followBy.question.title}", identified otherwise than its members`);
      const followDate = this.col('f', this.cohortDate(followForm, definition.followUp.date, why));
      const site = identity === 'site' ? ` AND ${this.col('f', SITE_COLUMN)} = m.site` : '';
      const later = [
        `SELECT m.site AS site, m.id AS id${follows.map((f) => `, ${f}`).join('')},`,
        `  ROW_NUMBER() OVER (PARTITION BY m.site, m.id ORDER BY ${followDate} DESC, ${this.col('f', SITE_COLUMN)} DESC, ${this.col('f', ROW_COLUMN)} DESC) AS n`,
        `FROM ${members} AS m JOIN ${this.table(followForm)} AS f ON ${this.col('f', followBy)} = m.id${site} AND ${followDate} >= m.d`,
      ].join('\n');
      const followUps = this.cte(`cohort_${slug}_follow_ups`, `SELECT * FROM (\n  ${later.replace(/\n/g, '\n  ')}\n) AS ranked WHERE n = 1`);
      const columns = follows.map((f) => `fu.${f.split(' AS ')[1]}`);
      cte = this.cte(`cohort_${slug}`, `SELECT m.*${columns.map((c) => `, ${c}`).join('')} FROM ${members} AS m LEFT JOIN ${followUps} AS fu ON fu.site = m.site AND fu.id = m.id`);
    }
    const compiled = { cte, answers };
    this.cohorts.set(key, compiled);
    return compiled;
  }

  /** A cohort's date must be a required date: the engine reads a missing one as text that sorts after every date. */
  private cohortDate(form: FormDefinition, key: string, why: string): ExportColumn {
    const column = this.dateColumn(form, key, why);
    if (!column.question.required) throw new Error(`${why}: a cohort is dated by "${column.question.title}", which may be blank`);
    return column;
  }
}

interface CompiledCohort {
  cte: string;
  /** By `from` and field key: the cohort table's column holding that answer. */
  answers: Map<string, string>;
}
