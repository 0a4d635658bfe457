// The statements of the activity log, shared by the service and its benchmark (which times them bare).

const COLUMNS = 'e.id, e.seq, e.created_at, e.source, e.type, e.summary, e.detail';

/** One statement with a fixed parameter count whatever the batch size, so its plan is prepared once. */
export const INSERT_SQL = `
INSERT INTO panel_events (source, type, summary, detail, created_at)
SELECT u.source, u.type, u.summary, u.detail, clock_timestamp()
  FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::text[]) AS u(source, type, summary, detail)
RETURNING id, seq, created_at`;

/**
 * A page newest first ($1 offset, $2 limit) with the exact total from the counter table, in one statement (one
 * snapshot). When the log's seqs have no gap (max - min + 1 = total: the usual case, since only the oldest
 * entries are ever removed) the entry at `offset` has seq max - offset, so a deep page is an index seek;
 * otherwise the boundary is found by walking the seq index, which gives the rows OFFSET would.
 */
export const PAGE_SQL = `
WITH b AS (
  SELECT (SELECT coalesce(sum(entries), 0) FROM panel_event_counts)::bigint AS total,
         (SELECT min(seq) FROM panel_events) AS lo,
         (SELECT max(seq) FROM panel_events) AS hi)
SELECT b.total, ${COLUMNS} FROM b LEFT JOIN LATERAL (
  SELECT * FROM panel_events
   WHERE seq <= CASE WHEN b.hi - b.lo + 1 = b.total THEN b.hi - $1
                     ELSE (SELECT seq FROM panel_events ORDER BY seq DESC OFFSET $1 LIMIT 1) END
   ORDER BY seq DESC LIMIT $2) e ON true
 ORDER BY e.seq DESC`;

/** One source ($3): its seqs interleave with the others', so the page walks the (source, seq) index. */
export const SOURCE_PAGE_SQL = `
SELECT (SELECT coalesce(sum(entries), 0) FROM panel_event_counts WHERE source = $3)::bigint AS total, ${COLUMNS}
  FROM (SELECT 1) one LEFT JOIN LATERAL (
  SELECT * FROM panel_events WHERE source = $3 ORDER BY seq DESC OFFSET $1 LIMIT $2) e ON true
 ORDER BY e.seq DESC`;

/**
 * Keyword search ($1, a LIKE pattern; $2 the source when `bySource`; then offset and limit): case-insensitive
 * substrings of summary and detail. The pg_trgm GIN index serves patterns with 3+ characters; shorter ones are
 * checked row by row. The matches are collected once, as seqs only (a bitmap scan: without the CTE the planner
 * may walk the seq index backwards through the whole table looking for matches), then counted, and the page is
 * read back by seq; a page past the end still carries the total.
 */
export function searchSql(bySource: boolean): string {
  const where = `(summary ILIKE $1 OR detail ILIKE $1)${bySource ? ' AND source = $2' : ''}`;
  const [offset, limit] = bySource ? ['$3', '$4'] : ['$2', '$3'];
  return `
WITH m AS MATERIALIZED (SELECT seq FROM panel_events WHERE ${where})
SELECT (SELECT count(*) FROM m) AS total, ${COLUMNS} FROM (SELECT 1) one LEFT JOIN LATERAL (
  SELECT p.* FROM (SELECT seq FROM m ORDER BY seq DESC OFFSET ${offset} LIMIT ${limit}) s JOIN panel_events p ON p.seq = s.seq) e ON true
 ORDER BY e.seq DESC`;
}

export const TOTAL_SQL = 'SELECT coalesce(sum(entries), 0)::bigint AS total FROM panel_event_counts';

// Both trims collect their seqs into an array first: as `seq IN (subquery)` the planner, not knowing the limit,
// hashes the subquery and scans the whole log for each chunk.

/**
 * Removes the oldest entries beyond $2 (at most $1 of them). The excess is computed in the same statement (one
 * snapshot): instances trimming at once never remove more than asked, a row another one deleted is skipped.
 */
export const TRIM_OLDEST_SQL = `
DELETE FROM panel_events WHERE seq = ANY (ARRAY(
  SELECT seq FROM panel_events ORDER BY seq
   LIMIT least($1, greatest(0, (SELECT coalesce(sum(entries), 0) FROM panel_event_counts) - $2))))`;

/** Removes entries older than $2 days among the $1 oldest: a limit that removes nothing costs one short index walk. */
export const TRIM_AGED_SQL = `
DELETE FROM panel_events WHERE seq = ANY (ARRAY(
  SELECT seq FROM (SELECT seq, created_at FROM panel_events ORDER BY seq LIMIT $1) oldest
   WHERE created_at < now() - make_interval(days => $2)))`;
