// A full disk, however it shows: SQLite's SQLITE_FULL (an append or its commit), or the system's
// ENOSPC (a workbook, a snapshot, the token file). Nothing acknowledged is lost: the transaction
// that could not be written rolled back whole, and writes succeed again once space is freed.
export const DISK_FULL_SENTENCE = "le disque du serveur est plein : rien n'a été enregistré ; libérez de la place puis recommencez (ce qui avait été confirmé est intact)";

export function isDiskFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
