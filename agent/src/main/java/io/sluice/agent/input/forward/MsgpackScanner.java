package io.sluice.agent.input.forward;

import io.netty.buffer.ByteBuf;
import io.sluice.agent.input.RecordLimits;
import java.util.Arrays;

/**
 * Finds where one top-level msgpack value ends in a buffer that grows between calls, without reading any byte
 * twice: it remembers how far it got, the element counts still pending in each open array or map, and the
 * payload bytes still to skip. A 64 MiB frame arriving in 64 KiB reads therefore costs O(n), not O(n²).
 *
 * <p>Only structure is checked here (headers, nesting depth, the never-used byte 0xc1); types are the parser's job.
 */
final class MsgpackScanner {

  /**
   * A record's own limit plus the three levels a Forward-mode frame wraps it in (message, entries, entry); it bounds
   * what a hostile sender can make us hold, and deeper records are refused by {@link Records} with a clearer reason.
   */
  static final int MAX_DEPTH = RecordLimits.MAX_DEPTH + 3;

  private long[] pending = new long[16];
  private int depth;
  private long skip;
  private int scanned;

  /**
   * Scans {@code buf} from its reader index plus what earlier calls already scanned, as far as its bytes go.
   *
   * @return true when one whole value ends at {@link #scanned()} bytes past the reader index
   * @throws ForwardProtocolException when the bytes cannot be msgpack
   */
  boolean scan(ByteBuf buf) throws ForwardProtocolException {
    int base = buf.readerIndex();
    int available = buf.writerIndex() - base;
    while (true) {
      if (skip > 0) {
        int step = (int) Math.min(skip, available - scanned);
        scanned += step;
        skip -= step;
        if (skip > 0) {
          return false;
        }
        if (valueEnded()) {
          return true;
        }
        continue;
      }
      if (scanned >= available) {
        return false;
      }
      int b = buf.getUnsignedByte(base + scanned);
      int header = headerLength(b);
      if (available - scanned < header) {
        return false;
      }
      boolean whole = readHeader(buf, base + scanned, b);
      scanned += header;
      if (whole && valueEnded()) {
        return true;
      }
    }
  }

  /** The bytes of the current value scanned so far; once {@link #scan} returned true, the value's length. */
  int scanned() {
    return scanned;
  }

  /** Bytes the current value needs at least, counting payload already announced by a header. */
  long knownLength() {
    return scanned + skip;
  }

  /** Forgets the value just found, to scan the next one from the new reader index. */
  void reset() {
    depth = 0;
    skip = 0;
    scanned = 0;
  }

  /**
   * Interprets the header at {@code index}: sets a payload to skip or opens a container.
   *
   * @return true when the header is a whole value by itself (scalar, empty string or container)
   */
  private boolean readHeader(ByteBuf buf, int index, int b) throws ForwardProtocolException {
    if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
      return true;
    }
    if (b >= 0xa0 && b <= 0xbf) {
      return payload(b & 0x1f);
    }
    if (b >= 0x90 && b <= 0x9f) {
      return open(b & 0x0f);
    }
    if (b >= 0x80 && b <= 0x8f) {
      return open(2L * (b & 0x0f));
    }
    return switch (b) {
      case 0xc4, 0xd9 -> payload(buf.getUnsignedByte(index + 1));
      case 0xc5, 0xda -> payload(buf.getUnsignedShort(index + 1));
      case 0xc6, 0xdb -> payload(buf.getUnsignedInt(index + 1));
      case 0xc7 -> payload(buf.getUnsignedByte(index + 1));
      case 0xc8 -> payload(buf.getUnsignedShort(index + 1));
      case 0xc9 -> payload(buf.getUnsignedInt(index + 1));
      case 0xdc -> open(buf.getUnsignedShort(index + 1));
      case 0xdd -> open(buf.getUnsignedInt(index + 1));
      case 0xde -> open(2L * buf.getUnsignedShort(index + 1));
      case 0xdf -> open(2L * buf.getUnsignedInt(index + 1));
      // Fixed-size numbers and fixext: the header length already covers their payload.
      case 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> true;
      default -> throw new ForwardProtocolException("not msgpack: byte 0x" + Integer.toHexString(b));
    };
  }

  private boolean payload(long length) {
    skip = length;
    // A value with an empty payload ends with its header; otherwise it ends once the payload is skipped.
    return length == 0;
  }

  private boolean open(long elements) throws ForwardProtocolException {
    if (elements == 0) {
      return true;
    }
    if (depth == MAX_DEPTH) {
      throw new ForwardProtocolException("msgpack nested deeper than " + MAX_DEPTH);
    }
    if (depth == pending.length) {
      pending = Arrays.copyOf(pending, Math.min(MAX_DEPTH, depth * 2));
    }
    pending[depth++] = elements;
    return false;
  }

  /** Counts one finished value against its container; true when that closes the top-level value. */
  private boolean valueEnded() {
    while (depth > 0) {
      if (--pending[depth - 1] > 0) {
        return false;
      }
      depth--;
    }
    return true;
  }

  /** The bytes a value's header takes, including fixed-size payloads and an ext's type byte. */
  private static int headerLength(int b) {
    if (b <= 0xbf || b >= 0xe0 || b == 0xc0 || b == 0xc1 || b == 0xc2 || b == 0xc3) {
      return 1;
    }
    return switch (b) {
      case 0xc4, 0xd9, 0xcc, 0xd0 -> 2;
      case 0xc5, 0xda, 0xcd, 0xd1, 0xdc, 0xde, 0xd4, 0xc7 -> 3;
      case 0xd5, 0xc8 -> 4;
      case 0xc6, 0xdb, 0xca, 0xce, 0xd2, 0xdd, 0xdf -> 5;
      case 0xc9, 0xd6 -> 6;
      case 0xcb, 0xcf, 0xd3 -> 9;
      case 0xd7 -> 10;
      case 0xd8 -> 18;
      default -> 1;
    };
  }
}
