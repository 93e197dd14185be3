package io.sluice.testkit.redshift;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Turns a file's bytes into text: gunzips when the COPY says {@code GZIP}, then decodes UTF-8.
 *
 * <p>As in Redshift, {@code GZIP} applies to every file of the COPY: a file that is not gzip-compressed fails the
 * COPY instead of being read as plain text, so a test catches a writer and a loader that disagree about compression.
 */
final class SourceFileDecoder {

  private static final int GZIP_MAGIC_FIRST = 0x1f;
  private static final int GZIP_MAGIC_SECOND = 0x8b;

  String decode(S3Location file, byte[] bytes, boolean gzip) {
    byte[] plain = gzip ? gunzip(file, bytes) : bytes;
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CopyException("Invalid UTF-8 in " + file + (gzip ? "" : " (is it compressed without GZIP?)"));
    }
  }

  private static byte[] gunzip(S3Location file, byte[] bytes) {
    if (bytes.length < 2 || (bytes[0] & 0xff) != GZIP_MAGIC_FIRST || (bytes[1] & 0xff) != GZIP_MAGIC_SECOND) {
      throw new CopyException("gzip: " + file + " is not in gzip format; the GZIP option applies to every file "
          + "of the COPY");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CopyException("gzip: " + file + " is corrupt: " + e.getMessage());
    }
  }
}
