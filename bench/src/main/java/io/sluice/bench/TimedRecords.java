package io.sluice.bench;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies of numbered records that carry their send time, so that each row in the target table can be told
 * apart (connection and sequence) and timed (send time against load time).
 */
final class TimedRecords {

  private TimedRecords() {}

  /**
   * A JSON array of records {@code {"conn":c,"seq":s,"sent_ms":t,"host":"web-NN","msg":"xx…"}}, {@code seq} running
   * from {@code firstSeq}, each padded to about {@code recordBytes}.
   */
  static byte[] jsonArray(int connection, long firstSeq, int count, int recordBytes, long sentMillis) {
    StringBuilder body = new StringBuilder(count * (recordBytes + 1) + 2).append('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.append(',');
      }
      long seq = firstSeq + i;
      int start = body.length();
      body.append("{\"conn\":").append(connection).append(",\"seq\":").append(seq)
          .append(",\"sent_ms\":").append(sentMillis)
          .append(",\"host\":\"web-").append(seq % 32 < 10 ? "0" : "").append(seq % 32)
          .append("\",\"msg\":\"");
      int padding = Math.max(0, recordBytes - (body.length() - start) - 2);
      body.append("x".repeat(padding)).append("\"}");
    }
    return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }
}
