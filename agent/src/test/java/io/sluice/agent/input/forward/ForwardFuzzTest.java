package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/** Seeded random mutations of valid frames through decoder and ingest: nothing escapes, nothing partial is stored. */
class ForwardFuzzTest {

  private static final long SEED = 0x5EED_F0_4DL;
  private static final int MAX_FRAME = 64 * 1024;
  private static final long BUDGET_NANOS = 3_000_000_000L;

  private static final List<byte[]> VALID = List.of(
      Frames.message("app", "one", Map.of("chunk", "c1")),
      Frames.forward("app", Map.of("size", 2, "chunk", "Y2h1bms=\n"), "two", "three"),
      Frames.packed("app", Frames.entries("four", "five"), false, Map.of("size", 2)),
      Frames.packed("app", Frames.entries("six"), true, Map.of("fluent_signal", 0)),
      Frames.packed("app", Frames.gzip(Frames.entries("seven", "eight")), true, Map.of("compressed", "gzip")));

  @Test
  void mutatedStreamsNeverEscapeOrStorePartialFrames() {
    Random random = new Random(SEED);
    RecordingSink sink = new RecordingSink();
    SinkForwardIngest ingest = new SinkForwardIngest(new ForwardMessages(4L * MAX_FRAME), sink, true,
        new ForwardInputMetrics(new PrometheusRegistry()));
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int rounds = 0;
    while (System.nanoTime() < deadline) {
      byte[] stream = mutate(random, Frames.concat(VALID.get(random.nextInt(VALID.size())),
          VALID.get(random.nextInt(VALID.size()))));
      EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(MAX_FRAME, null));
      for (int from = 0; from < stream.length && channel.isOpen(); ) {
        int length = Math.min(stream.length - from, 1 + random.nextInt(64));
        channel.writeInbound(Unpooled.wrappedBuffer(stream, from, length));
        from += length;
      }
      for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
        byte[] bytes = ((ForwardFrame) frame).bytes();
        assertThat(bytes.length).isLessThanOrEqualTo(MAX_FRAME);
        assertThat(ingest.handle((ForwardFrame) frame)).isNotNull();
      }
      channel.finishAndReleaseAll();
      rounds++;
    }
    assertThat(rounds).isGreaterThan(1000);
    sink.batches().forEach(ForwardFuzzTest::assertWhole);
  }

  private static byte[] mutate(Random random, byte[] valid) {
    byte[] bytes = valid.clone();
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> bytes = Arrays.copyOf(bytes, at);
        default -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
        }
      }
    }
    return bytes;
  }

  /** A stored batch holds exactly its count of whole events: each record one complete map. */
  private static void assertWhole(EventBatch batch) {
    try {
      if (batch instanceof PackedEntries packed) {
        assertThat(Records.countEntries(packed.entries())).isEqualTo(packed.eventCount());
      } else {
        for (Record record : ((RecordBatch) batch).records()) {
          try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(record.body())) {
            assertThat(unpacker.unpackValue().isMapValue()).isTrue();
            assertThat(unpacker.hasNext()).isFalse();
          }
        }
      }
    } catch (IOException | ForwardProtocolException e) {
      throw new AssertionError("a stored batch is not whole", e);
    }
  }
}
