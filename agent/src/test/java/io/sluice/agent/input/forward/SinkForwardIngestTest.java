package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.PackedEntries;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

class SinkForwardIngestTest {

  private final RecordingSink sink = new RecordingSink();
  private final ForwardInputMetrics metrics = new ForwardInputMetrics(new PrometheusRegistry());

  @Test
  void acksEchoFluentdBase64ChunksWithTheirNewline() throws Exception {
    String chunk = "XgJ4kYyD5Qx1d0m3+q9wAA==\n";
    ForwardIngest.Outcome outcome = ingest(true).handle(frame(Frames.packed("app", Frames.entries("a"), false,
        Map.of("chunk", chunk, "size", 1))));

    assertThat(ackedChunk(outcome)).isEqualTo(chunk);
    assertThat(sink.batches()).singleElement().isInstanceOf(PackedEntries.class);
  }

  @Test
  void acksEchoFluentBitHexChunks() throws Exception {
    String chunk = "0123456789abcdef0123456789abcdef";
    ForwardIngest.Outcome outcome = ingest(true).handle(frame(Frames.message("app", "a", Map.of("chunk", chunk))));
    assertThat(ackedChunk(outcome)).isEqualTo(chunk);
  }

  @Test
  void theAckEchoesTheChunkEncodingByteForByte() {
    // The chunk "ab" as str8 (0xd9 0x02) where fixstr would do: the ack must keep the sender's form.
    byte[] frame = {(byte) 0x94, (byte) 0xa1, 't', 1, (byte) 0x80, (byte) 0x81, (byte) 0xa5, 'c', 'h', 'u', 'n',
        'k', (byte) 0xd9, 2, 'a', 'b'};
    ForwardIngest.Stored stored = (ForwardIngest.Stored) ingest(true).handle(frame(frame));
    assertThat(stored.ack()).containsExactly(0x81, 0xa3, 'a', 'c', 'k', 0xd9, 2, 'a', 'b');
  }

  @Test
  void noAckWithoutAChunkOrWhenAcksAreOff() {
    assertThat(((ForwardIngest.Stored) ingest(true).handle(frame(Frames.message("a", "x", null)))).ack()).isNull();
    assertThat(((ForwardIngest.Stored) ingest(false).handle(frame(Frames.message("a", "x", Map.of("chunk", "c")))))
        .ack()).isNull();
    assertThat(sink.batches()).hasSize(2);
  }

  @Test
  void aFullBufferStoresNothingAndAcksNothing() {
    sink.accepting(false);
    assertThat(ingest(true).handle(frame(Frames.message("a", "x", Map.of("chunk", "c")))))
        .isInstanceOf(ForwardIngest.Full.class);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aMalformedFrameIsRejectedAndNothingStored() {
    ForwardIngest.Outcome outcome = ingest(true).handle(frame(Frames.forward("a", Map.of("size", 3), "x")));
    assertThat(outcome).isInstanceOfSatisfying(ForwardIngest.Rejected.class,
        rejected -> assertThat(rejected.kind()).isEqualTo("protocol"));
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void anEmptyForwardIsAckedWithoutAnAppend() {
    assertThat(((ForwardIngest.Stored) ingest(true).handle(frame(Frames.forward("a", Map.of("chunk", "c")))))
        .ack()).isNotNull();
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aChunkWhoseConnectionClosedBeforeItWasStoredIsNeitherStoredNorAcked() {
    ForwardIngest.Outcome outcome = ingest(true).handle(frame(Frames.message("a", "x", Map.of("chunk", "c"))),
        () -> false);
    assertThat(outcome).isInstanceOf(ForwardIngest.Abandoned.class);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aMessageWithoutAChunkIsStoredEvenWhenItsConnectionClosed() {
    // fluent-cat writes and closes: without an ack to wait for, the sender counts the message delivered.
    ingest(true).handle(frame(Frames.message("a", "x", null)), () -> false);
    ingest(false).handle(frame(Frames.message("a", "y", Map.of("chunk", "c"))), () -> false);
    assertThat(sink.batches()).hasSize(2);
  }

  private SinkForwardIngest ingest(boolean ack) {
    return new SinkForwardIngest(new ForwardMessages(1024 * 1024), sink, ack, metrics);
  }

  private static ForwardFrame frame(byte[] bytes) {
    return new ForwardFrame(bytes);
  }

  private static String ackedChunk(ForwardIngest.Outcome outcome) throws Exception {
    byte[] ack = ((ForwardIngest.Stored) outcome).ack();
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(ack)) {
      assertThat(unpacker.unpackMapHeader()).isEqualTo(1);
      assertThat(unpacker.unpackString()).isEqualTo("ack");
      byte[] chunk = unpacker.readPayload(unpacker.unpackRawStringHeader());
      assertThat(unpacker.hasNext()).isFalse();
      return new String(chunk, StandardCharsets.UTF_8);
    }
  }
}
