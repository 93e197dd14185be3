package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the JVM flags the parent pom passes to Surefire ({@code chronicle.jvm.flags}) are enough for Chronicle
 * Queue on JDK 17: without them, opening a queue fails with "member is private: sun.nio.ch.FileChannelImpl.map0".
 */
class ChronicleQueueFlagsTest {

  @TempDir
  Path dir;

  private ChronicleQueue open() {
    return ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).build();
  }

  private static List<String> readAll(ExcerptTailer tailer) {
    List<String> read = new ArrayList<>();
    for (String text = tailer.readText(); text != null; text = tailer.readText()) {
      read.add(text);
    }
    return read;
  }

  @Test
  void aTailerReadsWhatWasAppendedInOrder() {
    try (ChronicleQueue queue = open(); ExcerptAppender appender = queue.createAppender();
        ExcerptTailer tailer = queue.createTailer()) {
      appender.writeText("one");
      appender.writeText("two");
      appender.writeText("three");

      assertThat(readAll(tailer)).containsExactly("one", "two", "three");
    }
  }

  @Test
  void aNamedTailerResumesWhereItStoppedAfterTheQueueIsReopened() {
    try (ChronicleQueue queue = open(); ExcerptAppender appender = queue.createAppender();
        ExcerptTailer tailer = queue.createTailer("shipper")) {
      appender.writeText("one");
      appender.writeText("two");
      assertThat(tailer.readText()).isEqualTo("one");
    }

    try (ChronicleQueue queue = open(); ExcerptTailer tailer = queue.createTailer("shipper")) {
      assertThat(readAll(tailer)).containsExactly("two");
    }
  }
}
