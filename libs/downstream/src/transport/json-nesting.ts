const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Follows how deeply a JSON text nests its arrays and objects, piece by piece as its bytes arrive,
 * without recursion and without parsing: a loop over bytes (UTF-8 continuation bytes never look
 * like ASCII), so a megabyte of `[[[[` costs one pass and no stack. Malformed text is not its
 * concern: the parser refuses it afterwards.
 */
export class JsonNesting {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly maxDepth: number) {}

  /** Takes the next bytes of the text; false as soon as it nests deeper than allowed. */
  follow(bytes: Uint8Array): boolean {
    let { depth, inString, escaped } = this;
    let i = 0;
    // Two tight loops, inside strings and between them: this runs over every byte of every answer.
    while (i < bytes.length) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
        }
        for (; i < bytes.length; i++) {
          const byte = bytes[i];
          if (byte === BACKSLASH) {
            if (++i === bytes.length) escaped = true;
          } else if (byte === QUOTE) {
            inString = false;
            i++;
            break;
          }
        }
      } else {
        for (; i < bytes.length; i++) {
          const byte = bytes[i];
          if (byte === QUOTE) {
            inString = true;
            i++;
            break;
          }
          if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
            if (++depth > this.maxDepth) return false;
          } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
            depth--;
          }
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return true;
  }
}
