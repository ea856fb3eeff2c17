/** One weighted question of a QA scorecard: answered with 0..maxPoints. */
export interface ScorecardCriterion {
  key: string;
  label: string;
  weight: number;
  maxPoints: number;
}

export type ScoreResult = { ok: true; score: number } | { ok: false; problems: string[] };

/**
 * Weighted score 0–100: each criterion contributes weight × points/maxPoints, normalised by the
 * total weight. Every criterion must be answered and no unknown one may be; problems are listed
 * together.
 */
export function scoreScorecard(criteria: readonly ScorecardCriterion[], answers: Record<string, number>): ScoreResult {
  const problems: string[] = [];
  const known = new Set(criteria.map((criterion) => criterion.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push(`${key}: not a criterion of this scorecard`);
  let weighted = 0;
  let totalWeight = 0;
  for (const criterion of criteria) {
    const points = answers[criterion.key];
    if (points === undefined) {
      problems.push(`${criterion.key}: missing`);
      continue;
    }
    if (!Number.isInteger(points) || points < 0 || points > criterion.maxPoints) {
      problems.push(`${criterion.key}: must be an integer from 0 to ${criterion.maxPoints}`);
      continue;
    }
    weighted += (criterion.weight * points) / criterion.maxPoints;
    totalWeight += criterion.weight;
  }
  if (problems.length > 0) return { ok: false, problems };
  if (totalWeight <= 0) return { ok: false, problems: ['scorecard has no weight'] };
  return { ok: true, score: Math.round((weighted / totalWeight) * 1000) / 10 };
}

/** A template is usable when keys are unique and weights and maxima positive. */
export function validateCriteria(criteria: readonly ScorecardCriterion[]): string[] {
  const problems: string[] = [];
  if (criteria.length === 0) problems.push('at least one criterion is needed');
  const seen = new Set<string>();
  for (const criterion of criteria) {
    if (seen.has(criterion.key)) problems.push(`${criterion.key}: duplicate key`);
    seen.add(criterion.key);
    if (!(criterion.weight > 0)) problems.push(`${criterion.key}: weight must be positive`);
    if (!Number.isInteger(criterion.maxPoints) || criterion.maxPoints < 1 || criterion.maxPoints > 100) problems.push(`${criterion.key}: maxPoints must be 1..100`);
  }
  return problems;
}
