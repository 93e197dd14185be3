package io.sluice.agent.input.forward;

import io.sluice.agent.input.MsgpackText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Inflates CompressedPackedForward entries: one or more concatenated gzip members, up to a limit. */
final class Gunzip {

  private Gunzip() {}

  /**
   * @throws ForwardProtocolException when the bytes are not gzip or inflate to more than {@code limit} bytes
   */
  static byte[] inflate(byte[] compressed, long limit) throws ForwardProtocolException {
    // GZIPInputStream reads concatenated members on its own, as gzip(1) does.
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 64 * 1024)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, compressed.length * 4));
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > limit) {
          throw new ForwardProtocolException("compressed entries inflate to more than " + limit + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ForwardProtocolException("compressed entries are not valid gzip: " + MsgpackText.problem(e), e);
    }
  }
}
