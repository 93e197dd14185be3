package io.sluice.agent.output.spool;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes one gzip member (RFC 1952) whose bytes depend on the data alone: no file name, modification time 0, a fixed
 * OS byte and a fixed compression level. The same lines therefore always give the same object, so a file rebuilt
 * after a crash overwrites its earlier upload with identical bytes and the same ETag.
 *
 * <p>{@link java.util.zip.GZIPOutputStream} is not used because its header's OS byte changed between JDK releases
 * (0 before JDK 16, 255 since), which would make a rebuild after an upgrade differ from the first upload. Bytes are
 * never flushed early ({@code SYNC_FLUSH} would put flush markers where writes happened to end).
 */
public final class GzipMemberOutputStream extends OutputStream {

  /** zlib's default level, gzip's {@code -6}: most of the ratio of level 9 at a fraction of its CPU. */
  public static final int LEVEL = 6;
  /**
   * ID1 ID2, CM=8 (deflate), FLG=0 (no name, comment, extra or header CRC), MTIME=0, XFL=0 (level 6), OS=255
   * (unknown: the bytes must not depend on the host).
   */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final int DEFLATE_BUFFER_BYTES = 64 * 1024;

  private final OutputStream out;
  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 crc = new CRC32();
  private final byte[] deflated = new byte[DEFLATE_BUFFER_BYTES];
  private long uncompressedBytes;
  private boolean closed;

  /** Starts a member on {@code out}, which this stream closes. */
  public GzipMemberOutputStream(OutputStream out) throws IOException {
    this.out = out;
    try {
      out.write(HEADER);
    } catch (IOException e) {
      deflater.end();
      throw e;
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("the gzip member is already finished");
    }
    if (length == 0) {
      return;
    }
    crc.update(bytes, offset, length);
    uncompressedBytes += length;
    deflater.setInput(bytes, offset, length);
    while (!deflater.needsInput()) {
      drain();
    }
  }

  /** Passes on what is compressed so far; does not flush the deflater, which would change the bytes. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Ends the member (the rest of the deflate stream, then CRC-32 and ISIZE) and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream target = out) {
      deflater.finish();
      while (!deflater.finished()) {
        drain();
      }
      writeLittleEndian(target, crc.getValue());
      // ISIZE is the length modulo 2^32 (RFC 1952 2.3.1).
      writeLittleEndian(target, uncompressedBytes & 0xffff_ffffL);
    } finally {
      deflater.end();
    }
  }

  private void drain() throws IOException {
    int length = deflater.deflate(deflated, 0, deflated.length, Deflater.NO_FLUSH);
    if (length > 0) {
      out.write(deflated, 0, length);
    }
  }

  private static void writeLittleEndian(OutputStream target, long value) throws IOException {
    target.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
  }
}
