// Seeded randomness for chunking tests: a failure repeats with its seed.

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `input` cut at random places into chunks of 1..maxChunk units (bytes inside multibyte
 * characters, text inside surrogate pairs, anywhere inside a token). */
export function randomChunks<T extends string | Uint8Array>(input: T, seed: number, maxChunk: number): T[] {
  const next = seededRandom(seed)
  const out: T[] = []
  for (let at = 0; at < input.length;) {
    const size = 1 + Math.floor(next() * maxChunk)
    out.push(input.slice(at, at + size) as T)
    at += size
  }
  return out
}
