package io.sluice.agent.daemon;

import java.nio.charset.StandardCharsets;

/** JSON request bodies of numbered records, so a test can find each record again downstream. */
final class TestRecords {

  private static final String PADDING = "x".repeat(180);

  private TestRecords() {}

  /** A JSON array of records {@code {"conn":c,"seq":first..first+count-1,"pad":"..."}}, about 220 bytes each. */
  static byte[] batch(int connection, int first, int count) {
    StringBuilder body = new StringBuilder(count * 230).append('[');
    for (int seq = first; seq < first + count; seq++) {
      if (seq > first) {
        body.append(',');
      }
      body.append("{\"conn\":").append(connection).append(",\"seq\":").append(seq)
          .append(",\"pad\":\"").append(PADDING).append("\"}");
    }
    return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }
}
