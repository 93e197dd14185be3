package io.sluice.agent.output.format;

/**
 * The single-pass path for records stored as JSON: checks in one pass over the bytes that the record is one JSON
 * object and copies its members into the line, dropping whitespace, as Jackson's parser-to-generator copy writes them.
 * Characters past U+FFFF are written as the generator writes them, as two escaped surrogates.
 * Where that copy would change more than that and whitespace (unicode escapes and {@code \/}, invalid UTF-8), and for
 * anything it would refuse or treat specially (the record's own tag or time key, bytes after the object, deep
 * nesting, long numbers), it gives up and returns {@link #GENERAL}, so the general {@link JsonRecordCopier} writes
 * that record exactly as before.
 */
final class JsonLineSplicer {

  /** Returned when a record needs the general path. */
  static final int GENERAL = -1;

  private static final int MAX_LEVEL = 64;
  private static final int MAX_NUMBER_LENGTH = 100;

  private final OwnKeyBytes ownKeys;

  JsonLineSplicer(OwnKeyBytes ownKeys) {
    this.ownKeys = ownKeys;
  }

  /**
   * Writes the members of the object {@code in} holds into the line's open object, each preceded by a comma when
   * {@code comma} or after the first; returns {@code in.length}, or {@link #GENERAL}.
   */
  int copyFields(byte[] in, LineBuffer out, boolean comma) {
    int end = in.length;
    int p = skipSpace(in, 0, end);
    if (p >= end || in[p] != '{') {
      return GENERAL;
    }
    p = skipSpace(in, p + 1, end);
    if (p < end && in[p] == '}') {
      return skipSpace(in, p + 1, end) == end ? end : GENERAL;
    }
    boolean separate = comma;
    while (true) {
      if (separate) {
        out.put(',');
      }
      separate = true;
      if (p >= end || in[p] != '"') {
        return GENERAL;
      }
      int keyEnd = string(in, p, end, out);
      if (keyEnd < 0 || hasEscape(in, p + 1, keyEnd - 1) || ownKeys.matches(in, p + 1, keyEnd - 1)) {
        return GENERAL;
      }
      p = skipSpace(in, keyEnd, end);
      if (p >= end || in[p] != ':') {
        return GENERAL;
      }
      out.put(':');
      p = value(in, skipSpace(in, p + 1, end), end, out, 2);
      if (p < 0) {
        return GENERAL;
      }
      p = skipSpace(in, p, end);
      if (p >= end) {
        return GENERAL;
      }
      if (in[p] == '}') {
        return skipSpace(in, p + 1, end) == end ? end : GENERAL;
      }
      if (in[p] != ',') {
        return GENERAL;
      }
      p = skipSpace(in, p + 1, end);
    }
  }

  private int value(byte[] in, int p, int end, LineBuffer out, int level) {
    if (p >= end) {
      return GENERAL;
    }
    return switch (in[p]) {
      case '"' -> string(in, p, end, out);
      case '{' -> object(in, p, end, out, level);
      case '[' -> array(in, p, end, out, level);
      case 't' -> literal(in, p, end, out, "true");
      case 'f' -> literal(in, p, end, out, "false");
      case 'n' -> literal(in, p, end, out, "null");
      default -> number(in, p, end, out);
    };
  }

  private int object(byte[] in, int p, int end, LineBuffer out, int level) {
    if (level > MAX_LEVEL) {
      return GENERAL;
    }
    out.put('{');
    p = skipSpace(in, p + 1, end);
    if (p < end && in[p] == '}') {
      out.put('}');
      return p + 1;
    }
    while (true) {
      if (p >= end || in[p] != '"') {
        return GENERAL;
      }
      p = string(in, p, end, out);
      if (p < 0) {
        return GENERAL;
      }
      p = skipSpace(in, p, end);
      if (p >= end || in[p] != ':') {
        return GENERAL;
      }
      out.put(':');
      p = value(in, skipSpace(in, p + 1, end), end, out, level + 1);
      if (p < 0) {
        return GENERAL;
      }
      p = skipSpace(in, p, end);
      if (p >= end) {
        return GENERAL;
      }
      if (in[p] == '}') {
        out.put('}');
        return p + 1;
      }
      if (in[p] != ',') {
        return GENERAL;
      }
      out.put(',');
      p = skipSpace(in, p + 1, end);
    }
  }

  private int array(byte[] in, int p, int end, LineBuffer out, int level) {
    if (level > MAX_LEVEL) {
      return GENERAL;
    }
    out.put('[');
    p = skipSpace(in, p + 1, end);
    if (p < end && in[p] == ']') {
      out.put(']');
      return p + 1;
    }
    while (true) {
      p = value(in, p, end, out, level + 1);
      if (p < 0) {
        return GENERAL;
      }
      p = skipSpace(in, p, end);
      if (p >= end) {
        return GENERAL;
      }
      if (in[p] == ']') {
        out.put(']');
        return p + 1;
      }
      if (in[p] != ',') {
        return GENERAL;
      }
      out.put(',');
      p = skipSpace(in, p + 1, end);
    }
  }

  /**
   * Copies the string starting at the quote at {@code p}, quotes included; returns the position after its closing
   * quote. Escapes the generator writes the same way ({@code \" \\ \b \f \n \r \t}) are copied; any other, a raw
   * control character or invalid UTF-8 sends the record to the general path.
   */
  private static int string(byte[] in, int p, int end, LineBuffer out) {
    int i = p + 1;
    int run = p;
    while (i < end) {
      i = JsonEscapes.plainRun(in, i, end);
      if (i == end) {
        break;
      }
      int b = in[i];
      if (b == '"') {
        out.put(in, run, i + 1 - run);
        return i + 1;
      }
      if (b == '\\') {
        if (i + 1 >= end) {
          return GENERAL;
        }
        switch (in[i + 1]) {
          case '"', '\\', 'b', 'f', 'n', 'r', 't' -> i += 2;
          default -> {
            return GENERAL;
          }
        }
      } else if (b >= 0x20) {
        i++;
      } else if (b >= 0) {
        return GENERAL;
      } else {
        int length = JsonEscapes.sequenceLength(in, i, end);
        if (length == 0) {
          return GENERAL;
        }
        if (length == 4) {
          out.put(in, run, i - run);
          JsonEscapes.putSurrogatePair(in, i, out);
          run = i + 4;
        }
        i += length;
      }
    }
    return GENERAL;
  }

  private static int literal(byte[] in, int p, int end, LineBuffer out, String word) {
    int length = word.length();
    if (p + length > end) {
      return GENERAL;
    }
    for (int i = 0; i < length; i++) {
      if (in[p + i] != word.charAt(i)) {
        return GENERAL;
      }
    }
    if (p + length < end && !isDelimiter(in[p + length])) {
      return GENERAL;
    }
    out.put(in, p, length);
    return p + length;
  }

  /** A number in JSON's grammar, copied as written (the general path keeps a number's text too). */
  private static int number(byte[] in, int p, int end, LineBuffer out) {
    int i = p;
    if (i < end && in[i] == '-') {
      i++;
    }
    if (i >= end) {
      return GENERAL;
    }
    if (in[i] == '0') {
      i++;
    } else if (isDigit(in[i])) {
      i = digits(in, i, end);
    } else {
      return GENERAL;
    }
    if (i < end && in[i] == '.') {
      int fraction = digits(in, i + 1, end);
      if (fraction == i + 1) {
        return GENERAL;
      }
      i = fraction;
    }
    if (i < end && (in[i] == 'e' || in[i] == 'E')) {
      i++;
      if (i < end && (in[i] == '+' || in[i] == '-')) {
        i++;
      }
      int exponent = digits(in, i, end);
      if (exponent == i) {
        return GENERAL;
      }
      i = exponent;
    }
    if (i - p > MAX_NUMBER_LENGTH || i < end && !isDelimiter(in[i])) {
      return GENERAL;
    }
    out.put(in, p, i - p);
    return i;
  }

  private static int digits(byte[] in, int i, int end) {
    while (i < end && isDigit(in[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isDelimiter(byte b) {
    return b == ',' || b == '}' || b == ']' || isSpace(b);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static int skipSpace(byte[] in, int p, int end) {
    while (p < end && isSpace(in[p])) {
      p++;
    }
    return p;
  }

  /** Whether a key has an escape, so that its bytes are not its text and cannot be compared with the own keys. */
  private static boolean hasEscape(byte[] in, int start, int stop) {
    for (int i = start; i < stop; i++) {
      if (in[i] == '\\') {
        return true;
      }
    }
    return false;
  }
}
