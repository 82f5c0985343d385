import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { PreviousSession } from '@/lib/analysis/consistency';
import type { FactValue } from '@/lib/analysis/types';
import { compareNanos } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';

/**
 * The sessions of each user, for cross-session contradictions (docs/analysis.md, "Session consistency"):
 * a session is compared with the latest session of its user that started
 * before it. Read from the session summaries, and updated with the sessions a
 * batch analyses, in start order, so that two sessions of one user analysed
 * together see each other. It also tells which later sessions must be
 * analysed again because the session before them ended on other facts.
 */

interface Entry {
  sessionId: string;
  startNs: string;
  /** `final_facts` as stored (JSON text). */
  finalFacts: string;
}

const row = z.object({ user_id: z.string(), session_id: z.string(), start_ns: z.string(), final_facts: z.string() });

/** Sessions kept per user: the previous session of anything recent is among them. */
const PER_USER = 50;

export class UserHistory {
  private readonly stored = new Map<string, Entry[]>();
  private readonly analysed = new Map<string, Entry[]>();

  private constructor(rows: z.infer<typeof row>[]) {
    for (const r of rows) this.add(this.stored, r.user_id, { sessionId: r.session_id, startNs: r.start_ns, finalFacts: r.final_facts });
  }

  /** The recent sessions of these users, from the session summaries. */
  static async load(client: ClickHouseClient, project: string, users: string[]): Promise<UserHistory> {
    if (users.length === 0) return new UserHistory([]);
    const rows = await selectRows(
      client,
      row,
      `SELECT user_id, session_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, final_facts FROM sessions FINAL
       WHERE ${inScope()} AND project = {project:String} AND user_id IN (SELECT arrayJoin({users:Array(String)}))
       ORDER BY start_time DESC LIMIT {perUser:UInt32} BY user_id`,
      { project, users, perUser: PER_USER },
      'analyzer.userSessions',
    );
    return new UserHistory(rows);
  }

  private add(map: Map<string, Entry[]>, userId: string, entry: Entry): void {
    const list = (map.get(userId) ?? []).filter((e) => e.sessionId !== entry.sessionId);
    list.push(entry);
    map.set(userId, list);
  }

  /** A user's sessions: as this batch analysed them, else as stored. */
  private sessionsOf(userId: string): Entry[] {
    const fresh = this.analysed.get(userId) ?? [];
    const ids = new Set(fresh.map((e) => e.sessionId));
    return [...fresh, ...(this.stored.get(userId) ?? []).filter((e) => !ids.has(e.sessionId))];
  }

  /** The latest session of the user that started before `startNs`, with the facts it ended on. */
  previousOf(userId: string, sessionId: string, startNs: string): PreviousSession | null {
    if (!userId) return null;
    const before = this.sessionsOf(userId).filter((e) => e.sessionId !== sessionId && compareNanos(e.startNs, startNs) < 0);
    const latest = before.sort((a, b) => compareNanos(b.startNs, a.startNs) || a.sessionId.localeCompare(b.sessionId))[0];
    if (!latest) return null;
    try {
      return { sessionId: latest.sessionId, facts: new Map(Object.entries(JSON.parse(latest.finalFacts) as Record<string, FactValue>)) };
    } catch {
      return null;
    }
  }

  /** Records a session this batch analysed, so later sessions of its user compare with it. */
  record(userId: string, sessionId: string, startNs: string, finalFacts: string): void {
    if (userId) this.add(this.analysed, userId, { sessionId, startNs, finalFacts });
  }

  /** The user's session that starts next after this one (stored, or recorded from this batch). */
  nextAfter(userId: string, sessionId: string, startNs: string): string | null {
    if (!userId) return null;
    const after = this.sessionsOf(userId).filter((e) => e.sessionId !== sessionId && compareNanos(e.startNs, startNs) > 0);
    return after.sort((a, b) => compareNanos(a.startNs, b.startNs) || a.sessionId.localeCompare(b.sessionId))[0]?.sessionId ?? null;
  }

  /**
   * Stored sessions that follow (directly) a session this batch analysed
   * whose facts changed or that is new: their cross-session comparison is
   * stale. Sessions analysed in this batch are left out.
   */
  staleSuccessors(): string[] {
    const out = new Set<string>();
    const inBatch = new Set([...this.analysed.values()].flat().map((e) => e.sessionId));
    for (const [userId, fresh] of this.analysed) {
      const stored = this.stored.get(userId) ?? [];
      for (const e of fresh) {
        if (stored.find((s) => s.sessionId === e.sessionId)?.finalFacts === e.finalFacts) continue;
        const next = stored
          .filter((s) => compareNanos(s.startNs, e.startNs) > 0)
          .sort((a, b) => compareNanos(a.startNs, b.startNs) || a.sessionId.localeCompare(b.sessionId))[0];
        if (next && !inBatch.has(next.sessionId)) out.add(next.sessionId);
      }
    }
    return [...out];
  }
}
