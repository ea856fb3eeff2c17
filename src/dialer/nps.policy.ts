/** NPS arithmetic, pure: promoters 9–10, passives 7–8, detractors 0–6; NPS = %promoters − %detractors. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`NPS score must be 0-10, got ${score}`);
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** Whole-number NPS from -100 to 100, or null when nobody answered (0/0 is not 0). */
export function npsFromCounts(counts: NpsCounts): number | null {
  const total = counts.promoters + counts.passives + counts.detractors;
  if (total === 0) return null;
  return Math.round(((counts.promoters - counts.detractors) / total) * 1000) / 10;
}

export function npsOfScores(scores: readonly number[]): number | null {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const score of scores) counts[`${npsCategory(score)}s` as keyof NpsCounts] += 1;
  return npsFromCounts(counts);
}

/** Share of targets that gave a score, and attempts spent per score (null when undefined). */
export function responseRate(responses: number, targetsReached: number): number | null {
  return targetsReached === 0 ? null : Math.round((responses / targetsReached) * 1000) / 10;
}

export function attemptsPerResponse(attempts: number, responses: number): number | null {
  return responses === 0 ? null : Math.round((attempts / responses) * 100) / 100;
}
