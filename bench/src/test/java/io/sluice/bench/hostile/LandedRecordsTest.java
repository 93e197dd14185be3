package io.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandedRecordsTest {

  @TempDir
  Path output;

  private static final ControlFigures ACKED_THREE = new ControlFigures(3, 3, 0, 1, 2, 0, 0);

  @Test
  void countsEachAcknowledgedIdOnceAndEveryExtraCopyAsADuplicate() throws Exception {
    Path file = Files.createDirectories(output.resolve("logs/control.forward")).resolve("a.json");
    Files.writeString(file, """
        {"control_id":"s/f/0","level":"info","tag":"control.forward"}
        {"control_id":"s/f/1","level":"info","tag":"control.forward"}
        {"control_id":"s/f/1","level":"info","tag":"control.forward"}
        """);

    ControlFigures landed = LandedRecords.scan(List.of(output)).land(ACKED_THREE, List.of("s/f/0", "s/f/1", "s/f/2"));

    assertThat(landed.landed()).isEqualTo(2);
    assertThat(landed.duplicates()).isEqualTo(1);
    assertThat(landed.lost()).isEqualTo(1);
  }

  @Test
  void aRecordOnlyInQuarantineWasNotDeliveredAndTheNoteSaysWhereItIs() throws Exception {
    // The agent keeps a record it could not write as it received it, base64-encoded (here msgpack-like bytes).
    String raw = Base64.getEncoder().encodeToString("\u0082\u00a8probe_id\u00acdropped/deep\u00a4deep"
        .getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(Files.createDirectories(output.resolve("logs/_quarantine")).resolve("x-malformed.json"),
        "{\"tag\":\"hostile.probe\",\"index\":0,\"reason\":\"too deep\",\"raw_base64\":\"" + raw + "\"}\n");
    LandedRecords landed = LandedRecords.scan(List.of(output));

    assertThat(landed.land(new ControlFigures(1, 1, 0, 0, 0, 0, 0), List.of("dropped/deep")).lost()).isEqualTo(1);
    assertThat(landed.notes("hostile records", List.of("dropped/deep"))).containsExactly(
        "hostile records: 1 acknowledged records never written (1 of them found in _quarantine), e.g. dropped/deep");
  }

  @Test
  void aMissingOutputDirectoryHasLandedNothing() throws Exception {
    ControlFigures landed = LandedRecords.scan(List.of(output.resolve("absent"))).land(ACKED_THREE,
        List.of("s/f/0"));

    assertThat(landed.landed()).isZero();
  }
}
