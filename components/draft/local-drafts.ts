import type { MeshConfig } from "@/lib/core/index.ts";

/**
 * The latest mesh each draft editor held, by draft id, for the browser tab's lifetime. Topology, Services and
 * Routes each mount their own editor; a page opened within the save debounce (or while a save is in flight)
 * would otherwise start from the last *saved* draft and its next save would undo the edit just made elsewhere.
 */
export interface LocalDraft {
  mesh: MeshConfig;
  /** The server refused the last save (invalid proposal): the next editor saves again to show why. */
  refused: boolean;
}

const drafts = new Map<string, LocalDraft>();

export const localDrafts = {
  get: (id: string): LocalDraft | undefined => drafts.get(id),
  set: (id: string, d: LocalDraft): void => void drafts.set(id, d),
  forget: (id: string): void => void drafts.delete(id),
};
