package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * What an agent wrote to its log from a mark on: lines, bytes, lines carrying a stack trace, and whether the marker
 * that hostile payloads carry appears (which would mean payload bytes reached the log).
 */
final class LogWindow {

  /** What was written since the mark. */
  record Written(long lines, long bytes, long stackTraces, boolean payloadLogged) {}

  /** How the log's pattern folds a stack trace's frames onto the event's line. */
  private static final byte[] FOLDED_FRAME = " | at ".getBytes(StandardCharsets.US_ASCII);

  private final Path log;
  private final long start;

  private LogWindow(Path log, long start) {
    this.log = log;
    this.start = start;
  }

  static LogWindow from(Path log) throws IOException {
    return new LogWindow(log, Files.exists(log) ? Files.size(log) : 0);
  }

  Written written() throws IOException {
    if (!Files.exists(log)) {
      return new Written(0, 0, 0, false);
    }
    // The marker as sent, and hex-encoded as a hex dump of the bytes would show it.
    byte[][] markers = {HostileFrames.PAYLOAD_MARKER.getBytes(StandardCharsets.US_ASCII),
        HexFormat.of().formatHex(HostileFrames.PAYLOAD_MARKER.getBytes(StandardCharsets.US_ASCII))
            .getBytes(StandardCharsets.US_ASCII)};
    int[] matched = new int[markers.length];
    long lines = 0;
    long bytes = 0;
    long stackTraces = 0;
    int frameMatched = 0;
    boolean lineHasTrace = false;
    boolean found = false;
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(Math.min(start, Files.size(log)));
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        bytes += read;
        for (int i = 0; i < read; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            lines++;
            stackTraces += lineHasTrace ? 1 : 0;
            lineHasTrace = false;
            frameMatched = 0;
          } else if (!lineHasTrace) {
            frameMatched = b == FOLDED_FRAME[frameMatched] ? frameMatched + 1 : (b == FOLDED_FRAME[0] ? 1 : 0);
            lineHasTrace = frameMatched == FOLDED_FRAME.length;
          }
          for (int m = 0; m < markers.length && !found; m++) {
            byte[] marker = markers[m];
            matched[m] = b == marker[matched[m]] ? matched[m] + 1 : (b == marker[0] ? 1 : 0);
            found = matched[m] == marker.length;
          }
        }
      }
    }
    return new Written(lines, bytes, stackTraces, found);
  }
}
