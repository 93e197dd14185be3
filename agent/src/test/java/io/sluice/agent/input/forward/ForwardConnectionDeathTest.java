package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import java.io.IOException;
import java.net.Socket;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A chunk whose sender is gone before it is stored is never stored: its ack could not arrive, the sender resends
 * it, and a stored copy would be a duplicate. A connection that stays is served as before.
 */
class ForwardConnectionDeathTest {

  /** How a sender goes away. */
  enum Drop {
    CLOSE, RESET;

    void apply(Socket socket) throws IOException {
      if (this == RESET) {
        socket.setSoLinger(true, 0);
      }
      socket.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Drop.class)
  void aChunkSentWhileTheBufferIsFullIsNotStoredOnceItsSenderIsGone(Drop drop) throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start();
        Socket gone = running.connect(); Socket control = running.connect()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> running.sink.availability().connections() == 2);
      running.sink.accepting(false);
      gone.getOutputStream().write(Frames.message("app", "lost", Map.of("chunk", "c1")));
      control.getOutputStream().write(Frames.message("app", "kept", Map.of("chunk", "c2")));

      drop.apply(gone);
      await().atMost(Duration.ofSeconds(10)).until(() -> running.sink.availability().connections() == 1);
      running.sink.accepting(true);

      assertThat(control.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c2"));
      assertThat(texts(running.sink.batches())).containsExactly("kept");
    }
  }

  @ParameterizedTest
  @EnumSource(Drop.class)
  void aChunkWaitingForRoomIsNotStoredOnceItsSenderIsGone(Drop drop) throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start();
        Socket gone = running.connect(); Socket control = running.connect()) {
      running.sink.failAppendsAsFull(true);
      gone.getOutputStream().write(Frames.message("app", "lost", Map.of("chunk", "c1")));
      control.getOutputStream().write(Frames.message("app", "kept", Map.of("chunk", "c2")));
      await().atMost(Duration.ofSeconds(5)).until(() -> running.sink.refusals() >= 2);

      drop.apply(gone);
      await().atMost(Duration.ofSeconds(10)).until(() -> running.sink.availability().connections() == 1);
      running.sink.failAppendsAsFull(false);

      assertThat(control.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c2"));
      // The control's next chunk is stored after anything the gone connection still had on its way.
      control.getOutputStream().write(Frames.message("app", "kept too", Map.of("chunk", "c3")));
      assertThat(control.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c3"));
      assertThat(texts(running.sink.batches())).containsExactly("kept", "kept too");
    }
  }

  private static List<String> texts(List<EventBatch> batches) {
    return batches.stream()
        .flatMap(batch -> ((RecordBatch) batch).records().stream())
        .map(ForwardConnectionDeathTest::text)
        .toList();
  }

  /** The {@code msg} of a record that {@link Frames#message} made. */
  private static String text(Record record) {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(record.body())) {
      unpacker.unpackMapHeader();
      unpacker.unpackString();
      return unpacker.unpackString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
