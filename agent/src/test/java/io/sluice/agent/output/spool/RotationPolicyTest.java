package io.sluice.agent.output.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ByteSize;
import io.sluice.config.output.RollConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationPolicyTest {

  private static final Instant OPENED = Instant.parse("2026-11-25T15:00:00Z");
  private static final RollConfig ROLL = new RollConfig(ByteSize.ofBytes(1024), Duration.ofMinutes(5));

  @TempDir
  Path dir;

  private static RotationPolicy at(Instant now) {
    return new RotationPolicy(ROLL, Clock.fixed(now, ZoneOffset.UTC));
  }

  private SpoolFile fileWith(int bytes) throws IOException {
    SpoolFile file = SpoolFile.create(dir, "app", 1, OPENED);
    byte[] line = "x".repeat(bytes).getBytes(StandardCharsets.UTF_8);
    file.append(line, line.length, 0);
    file.finish();
    return file;
  }

  @Test
  void aFileBelowSizeAndAgeStaysOpen() throws IOException {
    assertThat(at(OPENED.plus(Duration.ofMinutes(4))).due(fileWith(1023))).isEmpty();
  }

  @Test
  void aFileIsDueBySizeOnceItReachesRollSize() throws IOException {
    assertThat(at(OPENED).due(fileWith(1024))).contains(RotationReason.SIZE);
  }

  @Test
  void aFileIsDueByAgeOnceRollAgePassedSinceItsFirstRecord() throws IOException {
    assertThat(at(OPENED.plus(Duration.ofMinutes(5))).due(fileWith(10))).contains(RotationReason.AGE);
  }

  @Test
  void sizeWinsWhenBothApply() throws IOException {
    assertThat(at(OPENED.plus(Duration.ofHours(1))).due(fileWith(2048))).contains(RotationReason.SIZE);
  }
}
