package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.agent.input.ConnectionBudget;
import io.sluice.agent.input.InFlightBudget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardFrameDecoderTest {

  private static final byte[][] EVERY_MODE = {
      Frames.message("app", "one", null),
      Frames.message("app", "two", Map.of("chunk", "Y2h1bms=\n")),
      Frames.forward("app", null, "three", "four"),
      Frames.packed("app", Frames.entries("five", "six"), false, Map.of("size", 2, "chunk", "abc")),
      Frames.packed("app", Frames.entries("seven"), true, null),
      Frames.packed("app", Frames.gzip(Frames.entries("eight")), true, Map.of("compressed", "gzip")),
      // [1, 2.5, "", {}, [], bin8(300 bytes), ext8 type 0 length 8]: every header kind the scanner knows
      Frames.pack(packer -> {
        packer.packArrayHeader(7).packInt(1).packDouble(2.5).packString("").packMapHeader(0).packArrayHeader(0)
            .packBinaryHeader(300).writePayload(new byte[300]);
        packer.packExtensionTypeHeader((byte) 0, 8).writePayload(new byte[8]);
      }),
  };

  @Test
  void cutsEveryModeAtEveryByteBoundary() {
    byte[] stream = Frames.concat(EVERY_MODE);
    for (int split = 0; split <= stream.length; split++) {
      EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024 * 1024, null));
      channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, 0, split)));
      channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, split, stream.length)));
      assertThat(frames(channel)).as("split at %d", split).containsExactly(EVERY_MODE);
      assertThat(channel.finishAndReleaseAll()).isFalse();
    }
  }

  @Test
  void anAnnouncedLengthIsNotReservedBeforeItsBytesArrive() {
    InFlightBudget budget = new InFlightBudget(64L * 1024 * 1024);
    byte[] frame = Frames.packed("app", new byte[8 * 1024 * 1024], true, null);
    EmbeddedChannel channel = new EmbeddedChannel(new ConnectionBudget(budget),
        new ForwardFrameDecoder(16 * 1024 * 1024, null));

    channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 100));

    // The header says 8 MiB; what is held is the 100 bytes sent and room for one read.
    assertThat(budget.used()).isLessThanOrEqualTo(100 + 64 * 1024);
    channel.writeInbound(Unpooled.wrappedBuffer(frame, 100, frame.length - 100));
    assertThat(frames(channel)).containsExactly(frame);
    channel.finishAndReleaseAll();
  }

  @Test
  void theBufferOfABigFrameIsNotKeptForTheBytesReadAfterIt() {
    byte[] frame = Frames.packed("app", new byte[2 * 1024 * 1024], true, null);
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(4 * 1024 * 1024, null));
    // The frame, then the start of the next one: [1, 2, ...
    ByteBuf received = Unpooled.directBuffer(frame.length + 3).writeBytes(frame)
        .writeBytes(new byte[] {(byte) 0x93, 1, 2});

    channel.writeInbound(received);

    assertThat(frames(channel)).containsExactly(frame);
    assertThat(received.capacity()).isEqualTo(3);
    channel.finishAndReleaseAll();
  }

  @Test
  void cutsAStreamArrivingOneByteAtATime() {
    byte[] stream = Frames.concat(EVERY_MODE);
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024 * 1024, null));
    for (byte b : stream) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(frames(channel)).containsExactly(EVERY_MODE);
    channel.finishAndReleaseAll();
  }

  @Test
  void aLargeFrameInSmallReadsIsScannedOnce() {
    // 32 MiB of small entries in 64 KiB reads: re-scanning from the frame's start would take minutes.
    byte[] frame = Frames.pack(packer -> {
      int count = 2_000_000;
      packer.packArrayHeader(2).packString("big").packArrayHeader(count);
      for (int i = 0; i < count; i++) {
        packer.packArrayHeader(2).packInt(i).packMapHeader(1).packString("k").packString("0123456789");
      }
    });
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(64L * 1024 * 1024, null));
    long started = System.nanoTime();
    for (int from = 0; from < frame.length; from += 64 * 1024) {
      channel.writeInbound(Unpooled.wrappedBuffer(frame, from, Math.min(64 * 1024, frame.length - from)));
    }
    assertThat(frames(channel)).containsExactly(frame);
    assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    channel.finishAndReleaseAll();
  }

  @Test
  void aFrameOverTheLimitClosesTheConnectionWithoutBufferingIt() {
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024, null));
    byte[] first = Frames.message("app", "fits", null);
    // str32 header announcing 1 MiB: refused from the header, before any of the payload arrives
    channel.writeInbound(Unpooled.wrappedBuffer(Frames.concat(first, new byte[] {(byte) 0x92, (byte) 0xa1, 'a',
        (byte) 0xdb, 0x00, 0x10, 0x00, 0x00})));
    assertThat(frames(channel)).containsExactly(first);
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void aFrameGrowingOverTheLimitClosesTheConnection() {
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024, null));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xdd, 0x00, 0x01, 0x00, 0x00}));
    for (int i = 0; i < 2000 && channel.isOpen(); i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x01}));
    }
    assertThat(channel.isOpen()).isFalse();
    assertThat(frames(channel)).isEmpty();
    channel.finishAndReleaseAll();
  }

  @Test
  void aByteThatIsNeverMsgpackClosesTheConnection() {
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024, null));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x92, (byte) 0xc1, 0x01}));
    assertThat(channel.isOpen()).isFalse();
    assertThat(frames(channel)).isEmpty();
    channel.finishAndReleaseAll();
  }

  @Test
  void nestingDeeperThanTheLimitClosesTheConnection() {
    byte[] deep = new byte[MsgpackScanner.MAX_DEPTH + 1];
    Arrays.fill(deep, (byte) 0x91);
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024 * 1024, null));
    channel.writeInbound(Unpooled.wrappedBuffer(deep));
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void aTruncatedFrameIsNeverEmitted() {
    byte[] frame = Frames.forward("app", null, "one", "two");
    EmbeddedChannel channel = new EmbeddedChannel(new ForwardFrameDecoder(1024, null));
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(frame, frame.length - 1)));
    assertThat(frames(channel)).isEmpty();
    channel.finishAndReleaseAll();
  }

  private static List<byte[]> frames(EmbeddedChannel channel) {
    List<byte[]> frames = new ArrayList<>();
    for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      frames.add(((ForwardFrame) frame).bytes());
    }
    return frames;
  }
}
