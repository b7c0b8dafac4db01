/**
 * A second, lighter alternative for `npm run bench`: the Reconnect report's lines
 * written by hand as DuckDB SQL over the workbook's CSV files. Its views check less
 * than peerkit does (required answers, dd/mm/yyyy dates, identifier patterns, the
 * Minutes range, exact repeats; not the whole of data contract §2), so on the
 * bench's generated workbook, which has none of the other faults, it gives the same
 * values at the cost DuckDB pays when it skips most checks. The bench's main
 * comparison is duckdb-run.ts: the query `peerkit sql` compiles, over views that keep
 * exactly the rows peerkit counts. The bench checks both agree with peerkit.
 */

/** SQL text for a string literal. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const date = (column: string) => `try_strptime(trim("${column}"), '%d/%m/%Y')::DATE`;
const stamp = (column: string) => `try_strptime(trim("${column}"), '%d/%m/%Y %H:%M:%S')`;
const id = (column: string) => `upper(trim("${column}"))`;
const ids = (column: string) => `list_transform(list_filter(string_split("${column}", ','), x -> trim(x) <> ''), x -> upper(trim(x)))`;
const choices = (column: string) => `list_transform(string_split("${column}", ','), x -> lower(trim(x)))`;
const choice = (column: string) => `lower(trim("${column}"))`;
const filled = (column: string) => `coalesce(trim("${column}"), '') <> ''`;

const SUPPORTER = `'^PS-\\d{3,}$'`;
const WOMAN = `'^[A-Z]\\d{4}[A-Z]{2}$'`;

/** One view per tab the report reads, named by its key, over `<Tab>.csv` in the folder. */
export function duckdbReconnectViews(folder: string): string[] {
  const csv = (tab: string) => `read_csv(${literal(`${folder}/${tab}.csv`)}, header = true, all_varchar = true, quote = '"', escape = '"')`;
  return [
    `CREATE VIEW supporters AS SELECT DISTINCT ${id('Supporter ID')} AS supporterId, ${choices('Schemes')} AS schemes, ${stamp('Timestamp')} AS timestamp
       FROM ${csv('Supporters')}
       WHERE regexp_full_match(${id('Supporter ID')}, ${SUPPORTER}) AND ${filled('Name')} AND ${filled('Schemes')} AND ${date('Start date')} IS NOT NULL`,
    `CREATE VIEW contacts AS SELECT DISTINCT ${date('Contact date')} AS contactDate, ${id('Prison number')} AS prisonNumber, ${choice('Scheme')} AS scheme,
         ${ids('Peer supporters')} AS peerSupporters, ${choices('Contact type')} AS contactType, "Timestamp", "Minutes", "GP practice identified", "Notes"
       FROM ${csv('Contacts')}
       WHERE ${date('Contact date')} IS NOT NULL AND regexp_full_match(${id('Prison number')}, ${WOMAN}) AND ${filled('Scheme')} AND ${filled('Peer supporters')}
         AND (NOT ${filled('Minutes')} OR coalesce(try_cast(trim("Minutes") AS INTEGER) BETWEEN 1 AND 600, false))`,
    ...['Training', 'Supervision'].map(
      (tab) => `CREATE VIEW ${tab.toLowerCase()} AS SELECT sessionDate, schemes, attendees FROM (SELECT DISTINCT ${date('Session date')} AS sessionDate, ${choices('Schemes')} AS schemes,
           ${ids('Attendees')} AS attendees, * FROM ${csv(tab)}
         WHERE ${date('Session date')} IS NOT NULL AND ${filled('Schemes')} AND ${filled(tab === 'Training' ? 'Trainer' : 'Supervisor')})`,
    ),
    `CREATE VIEW releases AS SELECT DISTINCT ${id('Prison number')} AS prisonNumber, ${date('Release date')} AS releaseDate, ${choice('GP registration')} AS gpRegistration,
         ${choice('Release pack given')} AS releasePackGiven, ${choice('Supported to reconnect with healthcare')} AS supportedToReconnect, "Timestamp", "Destination area", "GP practice", "Information given"
       FROM ${csv('Releases')}
       WHERE regexp_full_match(${id('Prison number')}, ${WOMAN}) AND ${date('Release date')} IS NOT NULL AND ${filled('Destination area')}`,
    `CREATE VIEW releasePlanning AS SELECT DISTINCT ${id('Prison number')} AS prisonNumber, ${date('Date')} AS date
       FROM ${csv('Release planning')}
       WHERE regexp_full_match(${id('Prison number')}, ${WOMAN}) AND ${date('Date')} IS NOT NULL`,
  ];
}

/** The Reconnect report's ten values for the quarter from `start` to `end` (yyyy-mm-dd, both included), one row: line id → value. */
export function duckdbReconnectSql(quarter: { start: string; end: string }): string {
  const inQuarter = (column: string) => `${column} BETWEEN DATE ${literal(quarter.start)} AND DATE ${literal(quarter.end)}`;
  return `
WITH registered AS (
  -- Each supporter's latest Supporters row (by Timestamp) says her schemes.
  SELECT supporterId, arg_max(schemes, timestamp) AS schemes FROM supporters GROUP BY supporterId
),
ofThisScheme AS (
  SELECT a.id FROM (
    SELECT unnest(attendees) AS id FROM training WHERE ${inQuarter('sessionDate')} AND list_contains(schemes, 'reconnect')
    UNION ALL
    SELECT unnest(attendees) FROM supervision WHERE ${inQuarter('sessionDate')} AND list_contains(schemes, 'reconnect')
  ) a LEFT JOIN registered r ON r.supporterId = a.id
  WHERE r.supporterId IS NULL OR list_contains(r.schemes, 'reconnect')
),
supervised AS (
  SELECT a.id FROM (SELECT unnest(attendees) AS id FROM supervision WHERE ${inQuarter('sessionDate')} AND list_contains(schemes, 'reconnect')) a
  LEFT JOIN registered r ON r.supporterId = a.id
  WHERE r.supporterId IS NULL OR list_contains(r.schemes, 'reconnect')
),
reconnectContacts AS (SELECT * FROM contacts WHERE ${inQuarter('contactDate')} AND scheme = 'reconnect'),
released AS (SELECT * FROM releases WHERE ${inQuarter('releaseDate')}),
preparation AS (
  SELECT prisonNumber, date FROM releasePlanning
  UNION ALL
  SELECT prisonNumber, contactDate FROM contacts WHERE list_contains(contactType, 'release planning')
)
SELECT
  (SELECT count(DISTINCT id) FROM (SELECT unnest(peerSupporters) AS id FROM reconnectContacts UNION ALL SELECT id FROM ofThisScheme)) AS active_supporters,
  (SELECT count(DISTINCT prisonNumber) FROM reconnectContacts) AS women_supported,
  (SELECT count(*) FROM training WHERE ${inQuarter('sessionDate')} AND list_contains(schemes, 'reconnect')) AS training_sessions,
  (SELECT count(*) FROM supervision WHERE ${inQuarter('sessionDate')} AND list_contains(schemes, 'reconnect')) AS supervision_sessions,
  (SELECT count(DISTINCT id) FROM supervised) AS supervision_attendees,
  (SELECT count(DISTINCT prisonNumber) FROM released) AS women_released,
  (SELECT count(DISTINCT prisonNumber) FROM released WHERE supportedToReconnect = 'yes') AS women_reconnected,
  (SELECT count(DISTINCT prisonNumber) FROM released WHERE gpRegistration = 'registered before release') AS gp_registered_before_release,
  (SELECT count(DISTINCT r.prisonNumber) FROM released r
     WHERE EXISTS (SELECT 1 FROM preparation p WHERE p.prisonNumber = r.prisonNumber AND p.date BETWEEN r.releaseDate - 41 AND r.releaseDate)) AS prepared_before_release,
  (SELECT count(DISTINCT prisonNumber) FROM released WHERE releasePackGiven = 'yes') AS release_packs_given`;
}
