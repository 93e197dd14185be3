package io.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds request bodies of access-log-like JSON records of a chosen size. */
final class RecordGenerator {

  private RecordGenerator() {}

  /** A JSON array of {@code count} records of about {@code recordBytes} bytes each. */
  static byte[] jsonArray(int count, int recordBytes) {
    StringBuilder body = new StringBuilder(count * (recordBytes + 1) + 2).append('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(record(i, recordBytes));
    }
    return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String record(int sequence, int recordBytes) {
    String fixed = String.format(Locale.ROOT,
        "{\"host\":\"web-%02d\",\"level\":\"info\",\"method\":\"GET\",\"path\":\"/api/v1/items/%06d\","
            + "\"status\":200,\"bytes\":%d,\"ua\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"msg\":\"",
        sequence % 32, sequence, 1000 + sequence);
    int padding = Math.max(0, recordBytes - fixed.length() - 2);
    return fixed + "x".repeat(padding) + "\"}";
  }
}
