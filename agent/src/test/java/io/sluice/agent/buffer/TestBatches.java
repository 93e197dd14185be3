package io.sluice.agent.buffer;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Batches for buffer tests: deterministic from a seed, with bodies that hold every byte value. */
final class TestBatches {

  private TestBatches() {}

  /** {@code count} records of {@code bodyBytes} random bytes each, alternating JSON and MSGPACK. */
  static RecordBatch records(String tag, int count, int bodyBytes, long seed) {
    Random random = new Random(seed);
    List<Record> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] body = new byte[bodyBytes];
      random.nextBytes(body);
      RecordEncoding encoding = i % 2 == 0 ? RecordEncoding.JSON : RecordEncoding.MSGPACK;
      records.add(new Record(1_764_000_000_000_000_000L + seed * 1_000 + i, encoding, body));
    }
    return new RecordBatch(tag, records);
  }

  /** A PackedForward payload of {@code bytes} random bytes said to hold {@code events} entries. */
  static PackedEntries packed(String tag, int events, int bytes, long seed) {
    byte[] entries = new byte[bytes];
    new Random(seed).nextBytes(entries);
    return new PackedEntries(tag, events, entries);
  }

  /** {@code count} JSON records of about {@code recordBytes} bytes each, as an HTTP input would buffer them. */
  static RecordBatch json(String tag, int count, int recordBytes) {
    List<Record> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String head = "{\"level\":\"info\",\"seq\":" + i + ",\"message\":\"";
      String tail = "\"}";
      String body = head + "x".repeat(Math.max(0, recordBytes - head.length() - tail.length())) + tail;
      records.add(new Record(1_764_000_000_000_000_000L + i, RecordEncoding.JSON,
          body.getBytes(StandardCharsets.UTF_8)));
    }
    return new RecordBatch(tag, records);
  }

  /** A batch as a value: equal exactly when type, tag, counts, times, encodings and every byte are equal. */
  record Content(String type, String tag, int eventCount, List<Object> parts) {}

  static Content contentOf(EventBatch batch) {
    if (batch instanceof RecordBatch records) {
      List<Object> parts = new ArrayList<>();
      for (Record record : records.records()) {
        // ByteBuffer equality compares contents, which byte[] equality does not.
        parts.add(List.of(record.epochNanos(), record.encoding(), ByteBuffer.wrap(record.body())));
      }
      return new Content("records", batch.tag(), batch.eventCount(), parts);
    }
    PackedEntries packed = (PackedEntries) batch;
    return new Content("packed", batch.tag(), batch.eventCount(), List.of(ByteBuffer.wrap(packed.entries())));
  }

  static List<Content> contentsOf(List<? extends EventBatch> batches) {
    return batches.stream().map(TestBatches::contentOf).toList();
  }
}
