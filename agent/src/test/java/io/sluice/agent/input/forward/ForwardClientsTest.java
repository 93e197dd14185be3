package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fluentd.logger.sender.RawSocketSender;
import org.junit.jupiter.api.Test;
import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/** Real Java senders against the input: each event must arrive exactly once. */
class ForwardClientsTest {

  private static final int EVENTS = 2000;

  @Test
  void fluencyPackedForwardWithAcksArrivesExactlyOnce() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start()) {
      FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
      builder.setAckResponseMode(true);
      Fluency fluency = builder.build("127.0.0.1", running.input.port());
      try {
        for (int i = 0; i < EVENTS; i++) {
          fluency.emit("app.fluency", EventTime.fromEpoch(Frames.SECONDS, i), Map.of("seq", i));
        }
        fluency.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> events(running.sink.batches()).size() >= EVENTS);
        assertThat(fluency.waitUntilAllBufferFlushed(10)).isTrue();
      } finally {
        fluency.close();
        fluency.waitUntilFlusherTerminated(10);
      }

      assertThat(running.sink.batches()).allSatisfy(batch -> {
        assertThat(batch).isInstanceOf(PackedEntries.class);
        assertThat(batch.tag()).isEqualTo("app.fluency");
      });
      List<Event> events = events(running.sink.batches());
      assertThat(events).extracting(Event::seq).containsExactlyInAnyOrderElementsOf(range(EVENTS));
      assertThat(events).allSatisfy(event ->
          assertThat(event.epochNanos()).isEqualTo(Frames.SECONDS * 1_000_000_000L + event.seq()));
    }
  }

  @Test
  void fluentLoggerMessageModeArrivesExactlyOnce() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start()) {
      RawSocketSender sender = new RawSocketSender("127.0.0.1", running.input.port());
      try {
        for (int i = 0; i < EVENTS; i++) {
          assertThat(sender.emit("app.logger", Frames.SECONDS, Map.of("seq", i))).isTrue();
        }
        sender.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> events(running.sink.batches()).size() >= EVENTS);
      } finally {
        sender.close();
      }

      assertThat(running.sink.batches()).allSatisfy(batch -> assertThat(batch).isInstanceOf(RecordBatch.class));
      assertThat(events(running.sink.batches())).extracting(Event::seq)
          .containsExactlyInAnyOrderElementsOf(range(EVENTS));
    }
  }

  private record Event(long epochNanos, int seq) {}

  private static List<Integer> range(int count) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(i);
    }
    return numbers;
  }

  /** Every event of the batches, PackedEntries decoded here as the output side would. */
  private static List<Event> events(List<EventBatch> batches) {
    List<Event> events = new ArrayList<>();
    for (EventBatch batch : batches) {
      if (batch instanceof RecordBatch records) {
        for (Record record : records.records()) {
          events.add(new Event(record.epochNanos(), seqOf(MessagePack.newDefaultUnpacker(record.body()))));
        }
      } else {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(((PackedEntries) batch).entries())) {
          while (unpacker.hasNext()) {
            assertThat(unpacker.unpackArrayHeader()).isEqualTo(2);
            long nanos = EventTimes.read(unpacker);
            events.add(new Event(nanos, seqOf(unpacker)));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (ForwardProtocolException e) {
          throw new AssertionError(e);
        }
      }
    }
    return events;
  }

  private static int seqOf(MessageUnpacker unpacker) {
    try {
      Value record = unpacker.unpackValue();
      return record.asMapValue().map().entrySet().stream()
          .filter(entry -> entry.getKey().asStringValue().asString().equals("seq"))
          .findFirst().orElseThrow().getValue().asIntegerValue().asInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
