import { DashboardClient, Delta, Snapshot } from '../../stats/stats-dashboard-client';
import { RemoteFloor } from './remote-floor';

/**
 * One dashboard socket kept open through a fault: the page's client (snapshot, ordered deltas,
 * resync on a gap or a reconnect) plus the reps' states it shows, so a scenario can check that
 * what the dashboard shows afterwards is the floor.
 */
export class LiveDashboard extends DashboardClient {
  readonly reps = new Map<string, string>();
  connects = 0;

  constructor(url: string, token: string) {
    super(url, token);
    this.socket.on('connect', () => {
      this.connects += 1;
    });
    this.socket.on('stats.snapshot', (snapshot: Snapshot) => {
      this.reps.clear();
      for (const rep of snapshot.reps) this.reps.set(rep.repId, rep.state);
    });
    // Registered after the base client's handler: a delta it applied has moved seq to its own.
    this.socket.on('stats.delta', (delta: Delta) => {
      if (delta.epoch !== this.epoch || delta.seq !== this.seq) return;
      for (const change of delta.changes as Array<{ kind: string; repId?: string; rep?: { state: string } | null }>) {
        if (change.kind !== 'rep' || !change.repId) continue;
        if (change.rep) this.reps.set(change.repId, change.rep.state);
        else this.reps.delete(change.repId);
      }
    });
  }

  /** The dashboard shows every rep of the floor in the state the floor reports, and no call in progress. */
  async expectShowsFloor(floor: RemoteFloor): Promise<void> {
    const states = await floor.states();
    expect(this.socket.connected).toBe(true);
    for (const rep of floor.reps) expect(`${rep.id} ${this.reps.get(rep.id)}`).toBe(`${rep.id} ${states.get(rep.id)}`);
    expect(this.numbers).toMatchObject({ waiting: 0, inProgress: 0 });
  }
}
