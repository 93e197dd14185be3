package io.sluice.agent.input.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sluice.agent.fuzz.Allocations;
import io.sluice.agent.fuzz.Writable;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Every HTTP body reader (JSON, NDJSON, msgpack, form): a body is refused with a 400 reason or accepted whole, costs
 * memory in proportion to its size, and every accepted record can be written by the output. One target for the
 * four, as each fuzzed target costs a JVM of its own: the first byte picks the reader, the rest is the body.
 */
@Tag("fuzz")
class HttpBodyFuzzTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_764_083_509L);
  /** Generous: parser buffers plus a few copies of the body (each record is a copy of its slice). */
  private static final long ALLOCATION_SLACK = 1024 * 1024;

  private final List<BodyReader> readers = List.of(new JsonBodyReader(), new NdjsonBodyReader(),
      new MsgpackBodyReader(), new FormBodyReader(new JsonBodyReader(), new MsgpackBodyReader()));
  private final Writable writable = new Writable();

  @FuzzTest
  void read(byte[] input) {
    if (input.length == 0) {
      return;
    }
    BodyReader reader = readers.get((input[0] & 0xff) % readers.size());
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    List<List<Record>> accepted = new ArrayList<>(1);
    Allocations.bounded("reading " + body.length + " bytes", ALLOCATION_SLACK + 64L * body.length, () -> {
      accepted.clear();
      try {
        accepted.add(reader.read(body, EventTimes.forRequest(null, "time", ARRIVAL)));
      } catch (BadRequestException refused) {
        // The documented refusal, answered 400.
      }
    });
    if (!accepted.isEmpty() && !accepted.get(0).isEmpty()) {
      writable.check(new RecordBatch("fuzz", accepted.get(0)));
    }
  }
}
