// Copying a hash for the user to paste elsewhere. When the clipboard is out of reach the
// message carries the hash itself, so it can still be selected and copied by hand.

export type Copied = { notice: string } | { error: string };

export async function copyHash(hash: string, what = 'SHA-256'): Promise<Copied> {
  try {
    await navigator.clipboard.writeText(hash);
    return { notice: `${what} copied to the clipboard.` };
  } catch {
    return { error: `Could not reach the clipboard; the hash is ${hash}` };
  }
}
