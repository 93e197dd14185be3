package io.sluice.agent.output.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes UTF-8 text as the inside of a JSON string exactly as Jackson's UTF-8 generator does: {@code "} and
 * {@code \} and control characters escaped ({@code \b \t \n \f \r}, others as a six-character u00XX escape), everything else,
 * non-ASCII included, as is. Text that is not valid UTF-8 is refused, since the general path repairs it.
 */
final class JsonEscapes {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** For each ASCII byte: 0 copied as is, -1 written as a six-character u00XX escape, else the letter after the backslash. */
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ASCII[c] = -1;
    }
    ASCII['"'] = '"';
    ASCII['\\'] = '\\';
    ASCII['\b'] = 'b';
    ASCII['\t'] = 't';
    ASCII['\n'] = 'n';
    ASCII['\f'] = 'f';
    ASCII['\r'] = 'r';
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private JsonEscapes() {}

  /**
   * Where the run of bytes from {@code i} that go out as they are (printable ASCII but {@code "} and {@code \}) ends:
   * eight bytes at a time, the tests of each byte done on the whole word at once.
   */
  static int plainRun(byte[] in, int i, int to) {
    while (i + 8 <= to) {
      long word = (long) LONGS.get(in, i);
      long quote = word ^ (ONES * '"');
      long backslash = word ^ (ONES * '\\');
      long special = (word - ONES * 0x20) & ~word // a byte below 0x20
          | (quote - ONES) & ~quote // a '"'
          | (backslash - ONES) & ~backslash // a '\\'
          | word; // a byte of 0x80 or more
      if ((special & HIGH_BITS) != 0) {
        break;
      }
      i += 8;
    }
    while (i < to) {
      int b = in[i];
      if (b < 0x20 || b == '"' || b == '\\') {
        return i;
      }
      i++;
    }
    return to;
  }

  /**
   * Appends {@code in[from, to)} escaped; false (with part of it written) when it is not valid UTF-8.
   */
  static boolean put(byte[] in, int from, int to, LineBuffer out) {
    int i = from;
    int run = from;
    while (i < to) {
      i = plainRun(in, i, to);
      if (i == to) {
        break;
      }
      int b = in[i];
      if (b >= 0) {
        out.put(in, run, i - run);
        out.put('\\');
        int escape = ASCII[b];
        if (escape == -1) {
          out.put('u');
          out.put('0');
          out.put('0');
          out.put(HEX[b >> 4]);
          out.put(HEX[b & 0xF]);
        } else {
          out.put(escape);
        }
        i++;
        run = i;
      } else {
        int length = sequenceLength(in, i, to);
        if (length == 0) {
          return false;
        }
        if (length == 4) {
          out.put(in, run, i - run);
          putSurrogatePair(in, i, out);
          run = i + 4;
        }
        i += length;
      }
    }
    out.put(in, run, to - run);
    return true;
  }

  /**
   * Writes the 4-byte sequence at {@code i} (a code point past U+FFFF) as the generator does by default: its UTF-16
   * surrogates as two escapes, upper-case hex (Jackson's COMBINE_UNICODE_SURROGATES_IN_UTF8 is off).
   */
  static void putSurrogatePair(byte[] in, int i, LineBuffer out) {
    int codePoint = (in[i] & 0x07) << 18 | (in[i + 1] & 0x3F) << 12 | (in[i + 2] & 0x3F) << 6 | in[i + 3] & 0x3F;
    putEscape(Character.highSurrogate(codePoint), out);
    putEscape(Character.lowSurrogate(codePoint), out);
  }

  private static void putEscape(char c, LineBuffer out) {
    out.put('\\');
    out.put('u');
    out.put(HEX[c >> 12 & 0xF]);
    out.put(HEX[c >> 8 & 0xF]);
    out.put(HEX[c >> 4 & 0xF]);
    out.put(HEX[c & 0xF]);
  }

  /**
   * The length of the well-formed UTF-8 sequence of a non-ASCII lead byte at {@code i}, or 0 where the JDK's decoder
   * would substitute U+FFFD (overlong forms, surrogates, code points past U+10FFFF, truncated sequences).
   */
  static int sequenceLength(byte[] in, int i, int to) {
    int lead = in[i] & 0xFF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return i + 1 < to && isContinuation(in[i + 1]) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (i + 2 >= to) {
        return 0;
      }
      int second = in[i + 1] & 0xFF;
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF;
      return second >= low && second <= high && isContinuation(in[i + 2]) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (i + 3 >= to) {
        return 0;
      }
      int second = in[i + 1] & 0xFF;
      int low = lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xF4 ? 0x8F : 0xBF;
      return second >= low && second <= high && isContinuation(in[i + 2]) && isContinuation(in[i + 3]) ? 4 : 0;
    }
    return 0;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
