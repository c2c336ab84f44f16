/**
 * The draft revision this browser tab's edits are based on, per draft id, and one save at a time per draft.
 * Topology, Services and Routes each mount their own editor; sharing the revision and serialising the saves
 * keeps the tab's own saves from looking like someone else's edit, while an edit made elsewhere (another tab,
 * the CLI) still makes the next save fail with 409 STALE_REVISION.
 */
const revisions = new Map<string, number>();
const queues = new Map<string, Promise<unknown>>();

export const draftRevisions = {
  get: (id: string): number | undefined => revisions.get(id),
  set: (id: string, revision: number): void => void revisions.set(id, revision),
  /** Adopts the server's revision unless this tab already has one for the draft (its edits may be based on it). */
  adopt: (id: string, revision: number): void => void (revisions.has(id) || revisions.set(id, revision)),
  forget: (id: string): void => void revisions.delete(id),
};

/** Runs `task` after every earlier save of the same draft has settled. */
export function serialized<T>(id: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(id) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(
    id,
    next.catch(() => undefined),
  );
  return next;
}
