package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.http.HttpMessages.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Request bodies are held within the shared in-flight budget, and give it back whatever becomes of them. */
class HttpMemoryTest {

  private static final int MIB = 1024 * 1024;

  @Test
  void theBudgetIsBackToZeroAfterRequestsOversizedBodiesAndAbortedUploads() throws Exception {
    InFlightBudget budget = new InFlightBudget(4L * MIB);
    try (RunningInput running = RunningInput.start(config().bodyLimit(MIB), budget)) {
      for (int i = 0; i < 5; i++) {
        assertThat(running.post("/app", "application/json", json(100_000)).statusCode()).isEqualTo(200);
      }
      assertThat(running.post("/app", "application/json", json(2 * MIB)).statusCode()).isEqualTo(413);
      try (Socket aborted = running.connect()) {
        OutputStream out = aborted.getOutputStream();
        out.write(("POST /app HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + 800_000 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[300_000]);
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() >= 300_000);
        aborted.setSoLinger(true, 0);
      }

      await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
      assertThat(running.sink.batches()).hasSize(5);
    }
  }

  @Test
  void clientsAnnouncingLargeBodiesAndTricklingDoNotHoldTheBudgetFromOthers() throws Exception {
    InFlightBudget budget = new InFlightBudget(4L * MIB);
    try (RunningInput running = RunningInput.start(config().bodyLimit(MIB), budget)) {
      List<Socket> tricklers = new ArrayList<>();
      try {
        for (int i = 0; i < 16; i++) {
          Socket socket = running.connect();
          tricklers.add(socket);
          socket.getOutputStream().write(("POST /app HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: " + MIB + "\r\n\r\n{\"a\":").getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() > 0);

        assertThat(running.post("/app", "application/json", json(100_000)).statusCode()).isEqualTo(200);
        assertThat(budget.used()).isLessThan(2L * MIB);
      } finally {
        for (Socket socket : tricklers) {
          socket.close();
        }
      }
    }
  }

  @Test
  void aBodyIsNotReadWhileTheBudgetIsUsedUpAndIsServedOnceItIsFreed() throws Exception {
    InFlightBudget budget = new InFlightBudget(MIB);
    try (RunningInput running = RunningInput.start(config().bodyLimit(MIB), budget);
        Socket first = running.connect(); Socket second = running.connect()) {
      CountDownLatch appends = running.sink.holdAppends();
      first.getOutputStream().write(HttpMessages.post("/app", "application/json", jsonText(700_000)));
      await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() >= 700_000);

      second.getOutputStream().write(HttpMessages.post("/app", "application/json", jsonText(700_000)));
      await().atMost(Duration.ofSeconds(5)).until(() -> budget.waits() > 0);
      appends.countDown();

      Response answer = HttpMessages.read(first.getInputStream());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(HttpMessages.read(second.getInputStream()).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
      assertThat(running.sink.batches()).hasSize(2);
    }
  }

  private static byte[] json(int size) {
    return jsonText(size).getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON object of about {@code size} bytes. */
  private static String jsonText(int size) {
    return "{\"msg\":\"" + "x".repeat(Math.max(0, size - 10)) + "\"}";
  }
}
