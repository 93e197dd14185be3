package io.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWindowTest {

  @TempDir
  Path dir;

  @Test
  void countsOnlyWhatWasWrittenAfterTheMarkAndTheLinesWithAFoldedStackTrace() throws Exception {
    Path log = Files.writeString(dir.resolve("agent.log"), "before the scenario | at x.y(Z.java:1)\n");
    LogWindow window = LogWindow.from(log);
    Files.writeString(log, "WARN failed java.io.IOException: reset | at a.b(C.java:3) | at d.e(F.java:4)\n"
        + "INFO rotation reason=age\n", StandardOpenOption.APPEND);

    LogWindow.Written written = window.written();

    assertThat(written.lines()).isEqualTo(2);
    assertThat(written.stackTraces()).isEqualTo(1);
    assertThat(written.payloadLogged()).isFalse();
  }

  @Test
  void findsThePayloadMarkerAsTextAndAsAHexDump() throws Exception {
    Path text = Files.writeString(dir.resolve("text.log"), "");
    Path hex = Files.writeString(dir.resolve("hex.log"), "");
    LogWindow textWindow = LogWindow.from(text);
    LogWindow hexWindow = LogWindow.from(hex);
    Files.writeString(text, "record " + HostileFrames.PAYLOAD_MARKER + "\n");
    Files.writeString(hex, "not an SSL/TLS record: 93b1" + HexFormat.of().formatHex(
        HostileFrames.PAYLOAD_MARKER.getBytes(StandardCharsets.US_ASCII)) + "00\n");

    assertThat(textWindow.written().payloadLogged()).isTrue();
    assertThat(hexWindow.written().payloadLogged()).isTrue();
  }
}
