package io.sluice.agent.output.format;

/**
 * The single-pass path from msgpack to JSON: reads the bytes of a record's map once and writes its fields straight
 * into the line, building no objects. It covers what records are made of (str keys; nil, booleans, integers, finite
 * floats, valid UTF-8 str, arrays and maps of them) and gives up, returning {@link #GENERAL}, on anything else (bin,
 * ext, non-str keys, the record's own tag or time key, invalid UTF-8, deep nesting, a truncated value) so that the
 * general {@link MsgpackJsonCopier} writes that record, exactly as before.
 */
final class MsgpackLineTranscoder {

  /** Returned when a record needs the general path. */
  static final int GENERAL = -1;

  // The general path handles deeper records (to RecordLimits.MAX_DEPTH); this only bounds the recursion here.
  private static final int MAX_LEVEL = 64;

  private final OwnKeyBytes ownKeys;

  MsgpackLineTranscoder(OwnKeyBytes ownKeys) {
    this.ownKeys = ownKeys;
  }

  /**
   * Writes the fields of the map at {@code in[position]} into the line's open object, each preceded by a comma when
   * {@code comma} or after the first; returns where the map ends, or {@link #GENERAL}.
   */
  int copyFields(byte[] in, int position, int end, LineBuffer out, boolean comma) {
    if (position >= end) {
      return GENERAL;
    }
    int head = in[position] & 0xFF;
    int size;
    int p = position + 1;
    if (head >= 0x80 && head <= 0x8F) {
      size = head & 0x0F;
    } else if (head == 0xDE && p + 2 <= end) {
      size = u16(in, p);
      p += 2;
    } else if (head == 0xDF && p + 4 <= end) {
      size = u32(in, p);
      p += 4;
    } else {
      return GENERAL;
    }
    if (size < 0) {
      return GENERAL;
    }
    boolean separate = comma;
    for (int i = 0; i < size; i++) {
      if (separate) {
        out.put(',');
      }
      separate = true;
      int keyStart = strStart(in, p, end);
      if (keyStart < 0) {
        return GENERAL;
      }
      int keyEnd = keyStart + strLength(in, p);
      if (keyEnd > end || keyEnd < keyStart || ownKeys.matches(in, keyStart, keyEnd)) {
        return GENERAL;
      }
      if (!putString(in, keyStart, keyEnd, out)) {
        return GENERAL;
      }
      out.put(':');
      p = copyValue(in, keyEnd, end, out, 2);
      if (p < 0) {
        return GENERAL;
      }
    }
    return p;
  }

  private int copyValue(byte[] in, int p, int end, LineBuffer out, int level) {
    if (p >= end) {
      return GENERAL;
    }
    int head = in[p] & 0xFF;
    if (head <= 0x7F) {
      out.putLong(head);
      return p + 1;
    }
    if (head >= 0xE0) {
      out.putLong((byte) head);
      return p + 1;
    }
    if (head >= 0xA0 && head <= 0xBF || head >= 0xD9 && head <= 0xDB) {
      int start = strStart(in, p, end);
      if (start < 0) {
        return GENERAL;
      }
      int stop = start + strLength(in, p);
      if (stop > end || stop < start || !putString(in, start, stop, out)) {
        return GENERAL;
      }
      return stop;
    }
    if (head >= 0x80 && head <= 0x8F) {
      return container(in, p + 1, end, out, level, head & 0x0F, true);
    }
    if (head >= 0x90 && head <= 0x9F) {
      return container(in, p + 1, end, out, level, head & 0x0F, false);
    }
    switch (head) {
      case 0xC0 -> {
        putAscii(out, "null");
        return p + 1;
      }
      case 0xC2 -> {
        putAscii(out, "false");
        return p + 1;
      }
      case 0xC3 -> {
        putAscii(out, "true");
        return p + 1;
      }
      case 0xCA -> {
        if (p + 5 > end) {
          return GENERAL;
        }
        float value = Float.intBitsToFloat(u32(in, p + 1));
        if (!Float.isFinite(value)) {
          return GENERAL;
        }
        putAscii(out, Float.toString(value));
        return p + 5;
      }
      case 0xCB -> {
        if (p + 9 > end) {
          return GENERAL;
        }
        double value = Double.longBitsToDouble(u64(in, p + 1));
        if (!Double.isFinite(value)) {
          return GENERAL;
        }
        putAscii(out, Double.toString(value));
        return p + 9;
      }
      case 0xCC -> {
        return p + 2 <= end ? putInt(out, in[p + 1] & 0xFF, p + 2) : GENERAL;
      }
      case 0xCD -> {
        return p + 3 <= end ? putInt(out, u16(in, p + 1), p + 3) : GENERAL;
      }
      case 0xCE -> {
        return p + 5 <= end ? putInt(out, u32(in, p + 1) & 0xFFFF_FFFFL, p + 5) : GENERAL;
      }
      case 0xCF -> {
        if (p + 9 > end) {
          return GENERAL;
        }
        long value = u64(in, p + 1);
        if (value < 0) {
          putAscii(out, Long.toUnsignedString(value));
          return p + 9;
        }
        return putInt(out, value, p + 9);
      }
      case 0xD0 -> {
        return p + 2 <= end ? putInt(out, in[p + 1], p + 2) : GENERAL;
      }
      case 0xD1 -> {
        return p + 3 <= end ? putInt(out, (short) u16(in, p + 1), p + 3) : GENERAL;
      }
      case 0xD2 -> {
        return p + 5 <= end ? putInt(out, u32(in, p + 1), p + 5) : GENERAL;
      }
      case 0xD3 -> {
        return p + 9 <= end ? putInt(out, u64(in, p + 1), p + 9) : GENERAL;
      }
      case 0xDC -> {
        return p + 3 <= end ? container(in, p + 3, end, out, level, u16(in, p + 1), false) : GENERAL;
      }
      case 0xDD -> {
        return p + 5 <= end ? container(in, p + 5, end, out, level, u32(in, p + 1), false) : GENERAL;
      }
      case 0xDE -> {
        return p + 3 <= end ? container(in, p + 3, end, out, level, u16(in, p + 1), true) : GENERAL;
      }
      case 0xDF -> {
        return p + 5 <= end ? container(in, p + 5, end, out, level, u32(in, p + 1), true) : GENERAL;
      }
      default -> {
        return GENERAL;
      }
    }
  }

  /** The elements of an array, or the entries of a map (whose keys must be str), after its header. */
  private int container(byte[] in, int p, int end, LineBuffer out, int level, int size, boolean map) {
    if (level > MAX_LEVEL || size < 0) {
      return GENERAL;
    }
    out.put(map ? '{' : '[');
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.put(',');
      }
      if (map) {
        int keyStart = strStart(in, p, end);
        if (keyStart < 0) {
          return GENERAL;
        }
        int keyEnd = keyStart + strLength(in, p);
        if (keyEnd > end || keyEnd < keyStart || !putString(in, keyStart, keyEnd, out)) {
          return GENERAL;
        }
        out.put(':');
        p = keyEnd;
      }
      p = copyValue(in, p, end, out, level + 1);
      if (p < 0) {
        return GENERAL;
      }
    }
    out.put(map ? '}' : ']');
    return p;
  }

  private static int putInt(LineBuffer out, long value, int next) {
    out.putLong(value);
    return next;
  }

  private static boolean putString(byte[] in, int start, int stop, LineBuffer out) {
    out.put('"');
    if (!JsonEscapes.put(in, start, stop, out)) {
      return false;
    }
    out.put('"');
    return true;
  }

  private static void putAscii(LineBuffer out, String text) {
    for (int i = 0; i < text.length(); i++) {
      out.put(text.charAt(i));
    }
  }

  /** Where the bytes of the str at {@code p} start; -1 when it is not a str or its header is cut off. */
  private static int strStart(byte[] in, int p, int end) {
    if (p >= end) {
      return -1;
    }
    int head = in[p] & 0xFF;
    if (head >= 0xA0 && head <= 0xBF) {
      return p + 1;
    }
    return switch (head) {
      case 0xD9 -> p + 2 <= end ? p + 2 : -1;
      case 0xDA -> p + 3 <= end ? p + 3 : -1;
      case 0xDB -> p + 5 <= end && u32(in, p + 1) >= 0 ? p + 5 : -1;
      default -> -1;
    };
  }

  /** The byte length of the str whose header {@link #strStart} accepted. */
  private static int strLength(byte[] in, int p) {
    int head = in[p] & 0xFF;
    if (head >= 0xA0 && head <= 0xBF) {
      return head & 0x1F;
    }
    return switch (head) {
      case 0xD9 -> in[p + 1] & 0xFF;
      case 0xDA -> u16(in, p + 1);
      default -> u32(in, p + 1);
    };
  }


  static int u16(byte[] in, int p) {
    return (in[p] & 0xFF) << 8 | in[p + 1] & 0xFF;
  }

  static int u32(byte[] in, int p) {
    return (in[p] & 0xFF) << 24 | (in[p + 1] & 0xFF) << 16 | (in[p + 2] & 0xFF) << 8 | in[p + 3] & 0xFF;
  }

  static long u64(byte[] in, int p) {
    return (long) u32(in, p) << 32 | u32(in, p + 4) & 0xFFFF_FFFFL;
  }
}
