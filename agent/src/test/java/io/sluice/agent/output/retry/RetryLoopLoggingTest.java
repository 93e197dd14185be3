package io.sluice.agent.output.retry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.sluice.agent.output.s3.MultipartPolicy;
import io.sluice.agent.output.s3.S3Clients;
import io.sluice.agent.output.s3.S3ObjectStore;
import io.sluice.agent.testing.LogCapture;
import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.loader.retry.Backoff;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An S3 that is down is logged at a bounded rate by the upload retries, and its recovery once. */
@ExtendWith(LocalS3Extension.class)
class RetryLoopLoggingTest {

  private static final String BUCKET = "sluice-logs";
  private static final int FAILURES = 25;

  @TempDir
  Path dir;

  @Test
  void manyFailedUploadsToAStoppedS3GiveOneLineAndOneRecoveryLine(LocalS3 s3) throws Exception {
    s3.createBucket(BUCKET);
    Path file = Files.writeString(dir.resolve("part.json"), "{\"a\":1}\n");
    AtomicInteger attempts = new AtomicInteger();
    RetryLoop retries = new RetryLoop("app", new Backoff(Duration.ofMillis(1), Duration.ofMillis(2),
        new SplittableRandom(1)), new StopSignal(), RetryListener.NONE, true);

    Attempted<?> outcome;
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(
            new InetSocketAddress(s3.endpoint().getHost(), s3.endpoint().getPort()));
        S3ObjectStore store = new S3ObjectStore(S3Clients.create(output(s3, relay), "eu-west-1"), BUCKET,
            MultipartPolicy.DEFAULT);
        LogCapture log = LogCapture.of(RetryLoop.class.getName())) {
      relay.down();
      outcome = retries.run("upload", "logs/app/part.json", () -> {
        if (attempts.incrementAndGet() == FAILURES + 1) {
          relay.up();
        }
        return store.put("logs/app/part.json", file);
      });

      assertThat(attempts.get()).isGreaterThan(FAILURES);
      assertThat(log.atLeast(Level.WARN)).singleElement().extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .startsWith("upload retry destination=app key=logs/app/part.json attempt=1 reason=connection")
          .contains("s3 (outputs[app]) region=eu-west-1 endpoint=http://127.0.0.1:" + relay.port())
          .endsWith("(repeats are logged at most every 1m)");
      assertThat(log.atLeast(Level.INFO)).hasSize(2).last().extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .startsWith("upload succeeded again destination=app key=logs/app/part.json failures=" + FAILURES);
    }
    assertThat(outcome).isInstanceOf(Attempted.Done.class);
  }

  private static OutputConfig output(LocalS3 s3, SwitchableTcpRelay relay) {
    return new OutputConfig("app", OutputType.S3, null, null, BUCKET, null, null, null, null, null, null,
        URI.create("http://127.0.0.1:" + relay.port()), true,
        new AwsCredentialsConfig(s3.accessKeyId(), Secret.of(s3.secretAccessKey()), null), null, null, null);
  }
}
