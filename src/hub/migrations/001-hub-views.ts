// Hub migration 1, its views: what the read role sees beyond the projections, and the four documented for
// reporting tools. "Overdue" is by problems.due, the deadline every list shows, against the server's date.
export const views = `
-- Every event but the records (whose payloads carry interviewee names): what documents about decisions read.
CREATE VIEW decision_events AS
  SELECT seq_no, id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id FROM events WHERE type <> 'record.added';

-- Every interviewee name recorded: what ducha's --hub outputs redact.
CREATE VIEW interviewee_names AS SELECT name AS interviewee FROM interviewees;

-- A problem's current value of one field (the latest head, as the laptop shows it while devices disagree).
CREATE FUNCTION problem_field(inspection text, problem text, field text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = ducha, pg_temp AS $$
  SELECT value::jsonb FROM registers WHERE entity = 'problem/' || inspection || '/' || problem || '/' || field
  ORDER BY at COLLATE "C" DESC, event_id COLLATE "C" DESC LIMIT 1
$$;

CREATE VIEW progress_by_team AS
  SELECT i.id AS inspection_id, i.title, i.unit, i.unit_kind, i.region, i.team, i.start_date,
    coalesce(s.listen + s."check" + s.talk + s.visit, 0) AS records,
    coalesce(s.listen, 0) AS listen, coalesce(s."check", 0) AS "check", coalesce(s.talk, 0) AS talk, coalesce(s.visit, 0) AS visit,
    coalesce(c.concluded, 0) AS items_concluded, coalesce(c.lacking, 0) AS items_lacking, coalesce(c.conflicts, 0) AS items_in_conflict,
    coalesce(p.problems, 0) AS problems, coalesce(p.closed, 0) AS closed, coalesce(p.overdue, 0) AS overdue
  FROM inspections i
  LEFT JOIN (SELECT inspection_id, sum(listen) AS listen, sum("check") AS "check", sum(talk) AS talk, sum(visit) AS visit FROM item_stats GROUP BY inspection_id) s ON s.inspection_id = i.id
  LEFT JOIN (SELECT inspection_id, count(*) FILTER (WHERE heads = 1) AS concluded, count(*) FILTER (WHERE heads = 1 AND result IN ('partial', 'noncompliant')) AS lacking,
               count(*) FILTER (WHERE heads > 1) AS conflicts FROM conclusion_heads GROUP BY inspection_id) c ON c.inspection_id = i.id
  LEFT JOIN (SELECT inspection_id, count(*) AS problems, count(*) FILTER (WHERE status = 'closed') AS closed,
               count(*) FILTER (WHERE due IS NOT NULL AND status <> 'closed' AND due < to_char(current_date, 'YYYY-MM-DD')) AS overdue
             FROM problems WHERE merged_into IS NULL GROUP BY inspection_id) p ON p.inspection_id = i.id;

CREATE VIEW problems_by_article AS
  SELECT coalesce(ci.source, '') AS source, ci.article, count(DISTINCT (p.inspection_id, p.id)) AS problems,
    count(DISTINCT (p.inspection_id, p.id)) FILTER (WHERE p.status = 'closed') AS closed,
    count(DISTINCT p.inspection_id) AS inspections
  FROM problems p
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(problem_field(p.inspection_id, p.id, 'items'), '[]'::jsonb)) AS it
  JOIN inspection_checklists ic ON ic.inspection_id = p.inspection_id AND ic.checklist_id = it->>'checklistId'
  JOIN checklist_items ci ON ci.sha256 = ic.sha256 AND ci.item_id = it->>'itemId'
  WHERE p.merged_into IS NULL
  GROUP BY 1, 2;

CREATE VIEW closure_rate AS
  SELECT i.unit_kind, coalesce(i.region, '') AS region, count(*) AS problems, count(*) FILTER (WHERE p.status = 'closed') AS closed,
    round(100.0 * count(*) FILTER (WHERE p.status = 'closed') / count(*), 1) AS closure_percent
  FROM problems p JOIN inspections i ON i.id = p.inspection_id
  WHERE p.merged_into IS NULL
  GROUP BY 1, 2;

CREATE VIEW overdue_by_unit AS
  SELECT coalesce(problem_field(p.inspection_id, p.id, 'unit') #>> '{}', i.unit) AS unit, count(*) AS overdue, min(p.due) AS oldest_deadline,
    count(DISTINCT p.inspection_id) AS inspections
  FROM problems p JOIN inspections i ON i.id = p.inspection_id
  WHERE p.merged_into IS NULL AND p.due IS NOT NULL AND p.status <> 'closed' AND p.due < to_char(current_date, 'YYYY-MM-DD')
  GROUP BY 1;
`;
