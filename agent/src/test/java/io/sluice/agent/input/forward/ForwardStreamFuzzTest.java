package io.sluice.agent.input.forward;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.fuzz.Writable;
import io.sluice.agent.input.EventBatch;
import org.junit.jupiter.api.Tag;

/**
 * A forward connection's bytes, from the frame decoder through message parsing (every mode, gzip included) to the
 * buffer: nothing escapes but the documented refusals, no frame exceeds the limit, and every stored record can be
 * written by the output.
 */
@Tag("fuzz")
class ForwardStreamFuzzTest {

  private static final int MAX_FRAME = 16 * 1024;
  private final ForwardInputMetrics metrics = new ForwardInputMetrics(new PrometheusRegistry());
  private final Writable writable = new Writable();

  @FuzzTest
  void stream(byte[] bytes) {
    RecordingSink sink = new RecordingSink();
    SinkForwardIngest ingest = new SinkForwardIngest(new ForwardMessages(4L * MAX_FRAME), sink, true, metrics);
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(MAX_FRAME, null));
    try {
      // Two reads, cut where the first byte says, so frames also arrive split.
      int cut = bytes.length == 0 ? 0 : (bytes[0] & 0xff) % (bytes.length + 1);
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, cut));
      if (channel.isOpen()) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
      }
      for (Object read = channel.readInbound(); read != null; read = channel.readInbound()) {
        ForwardFrame frame = (ForwardFrame) read;
        if (frame.bytes().length > MAX_FRAME) {
          throw new AssertionError("a frame of " + frame.bytes().length + " bytes passed the limit of " + MAX_FRAME);
        }
        ForwardIngest.Outcome outcome = ingest.handle(frame);
        if (!(outcome instanceof ForwardIngest.Stored || outcome instanceof ForwardIngest.Rejected)) {
          throw new AssertionError("unexpected outcome " + outcome);
        }
      }
    } finally {
      channel.finishAndReleaseAll();
    }
    for (EventBatch batch : sink.batches()) {
      writable.check(batch);
    }
  }
}
