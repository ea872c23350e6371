/**
 * A copy of `text` that shares no memory with the string it was cut from. A value taken from a log line is a slice of
 * a whole decoded chunk (hundreds of kilobytes); keeping the slice (in a top list, a sample) would keep the chunk
 * alive. UTF-16 round-trips every JavaScript string exactly, lone surrogates included.
 */
export function detached(text: string): string {
  return text.length === 0 ? "" : Buffer.from(text, "utf16le").toString("utf16le");
}
