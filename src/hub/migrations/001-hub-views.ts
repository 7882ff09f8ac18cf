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
    i.n_listen + i.n_check + i.n_talk + i.n_visit AS records, i.n_listen AS listen, i.n_check AS "check", i.n_talk AS talk, i.n_visit AS visit,
    i.n_concluded AS items_concluded, i.n_lacking AS items_lacking, i.n_conflicts AS items_in_conflict,
    i.n_problems AS problems, i.n_closed AS closed, coalesce(p.overdue, 0) AS overdue
  FROM inspections i
  LEFT JOIN (SELECT inspection_id, count(*) AS overdue FROM problems
             WHERE due < to_char(current_date, 'YYYY-MM-DD') AND status <> 'closed' AND merged_into IS NULL GROUP BY inspection_id) p ON p.inspection_id = i.id;

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
