// Checking how deeply JSON text nests before anything recursive (JSON.stringify, a tree walk) sees the parsed value:
// the review reads stacks and the documents embedded in them (CAM policies) from pull requests, which may be hostile.

/**
 * The deepest nesting of objects and arrays in JSON text, found in one pass without parsing, so that depth is checked
 * before anything recursive sees the document. Stops counting once `limit` is passed.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
