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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;

/**
 * Every HTTP body reader (JSON, NDJSON, msgpack, form), as they are and removing the time key and adding a field:
 * a body is refused with a 400 reason or accepted whole, costs memory in proportion to its size, and every accepted
 * record can be written by the output. One target for the eight, as each fuzzed target costs a JVM of its own: the
 * first byte picks the reader and the edits, the rest is the body.
 */
@Tag("fuzz")
class HttpBodyFuzzTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_764_083_509L);
  /** Generous: parser buffers plus a few copies of the body (each record is a copy of its slice). */
  private static final long ALLOCATION_SLACK = 1024 * 1024;

  private static final RecordEdits EDITS = new RecordEdits(Set.of("time", RequestParams.REMOTE_ADDR),
      Map.of(RequestParams.REMOTE_ADDR, "192.0.2.1"), 1024 * 1024);

  private final List<BodyReader> readers = List.of(new JsonBodyReader(), new NdjsonBodyReader(),
      new MsgpackBodyReader(), HttpBodyFuzzTest::readForm);
  private final Writable writable = new Writable();

  @FuzzTest
  void read(byte[] input) {
    if (input.length == 0) {
      return;
    }
    BodyReader reader = readers.get((input[0] & 0xff) % readers.size());
    RecordEdits edits = (input[0] & 0xff) / readers.size() % 2 == 0 ? RecordEdits.NONE : EDITS;
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    List<List<Record>> accepted = new ArrayList<>(1);
    Allocations.bounded("reading " + body.length + " bytes", ALLOCATION_SLACK + 64L * body.length, () -> {
      accepted.clear();
      try {
        accepted.add(reader.read(body, EventTimes.forRequest(null, "time", ARRIVAL), edits));
      } catch (BadRequestException refused) {
        // The documented refusal, answered 400.
      }
    });
    if (!accepted.isEmpty() && !accepted.get(0).isEmpty()) {
      writable.check(new RecordBatch("fuzz", accepted.get(0)));
    }
  }

  /** A form body as the ingest reads it: its fields, then the reader of the field holding the records. */
  private static List<Record> readForm(byte[] body, EventTimes times, RecordEdits edits) throws BadRequestException {
    IngestRequest request = new IngestRequest("POST", "/fuzz", Map.of(), body, false, ARRIVAL);
    Map.Entry<String, byte[]> records = RequestParams.of(request, BodyReaders.BodyType.FORM, false).records()
        .orElseThrow(() -> new BadRequestException("no records"));
    return new BodyReaders().forParam(records.getKey()).read(records.getValue(), times, edits);
  }
}
