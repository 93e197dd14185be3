package io.sluice.loader.retry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class FailureLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.sluice.test.FailureLogTest");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final FailureLog failures = new FailureLog(logger, Duration.ofMinutes(1), now::get);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void theFirstFailureOfAKindIsLoggedAtOnce() {
    assertThat(failures.failed(Level.WARN, "throttled", "upload retry destination={}", "app")).isTrue();

    assertThat(messages()).containsExactly(
        "upload retry destination=app (repeats are logged at most every 1m)");
    assertThat(lines.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
  }

  @Test
  void repeatsWithinTheIntervalAreCountedAndTheNextLineSaysHowMany() {
    failures.failed(Level.WARN, "throttled", "upload retry attempt={}", 1);
    for (int attempt = 2; attempt <= 30; attempt++) {
      advance(Duration.ofSeconds(1));
      failures.failed(Level.WARN, "throttled", "upload retry attempt={}", attempt);
    }
    advance(Duration.ofSeconds(31));
    failures.failed(Level.WARN, "throttled", "upload retry attempt={}", 31);

    assertThat(messages()).containsExactly(
        "upload retry attempt=1 (repeats are logged at most every 1m)",
        "upload retry attempt=31 suppressed=29");
  }

  @Test
  void eachKindHasItsOwnAllowance() {
    failures.failed(Level.WARN, "throttled", "retry reason={}", "throttled");
    failures.failed(Level.ERROR, "access_denied", "retry reason={}", "access_denied");
    failures.failed(Level.WARN, "throttled", "retry reason={}", "throttled");

    assertThat(messages()).hasSize(2);
  }

  @Test
  void recoveryIsLoggedOnceWithTheCountAndDurationOfTheFailures() {
    failures.failed(Level.WARN, "connection", "retry");
    advance(Duration.ofSeconds(10));
    failures.failed(Level.WARN, "connection", "retry");
    advance(Duration.ofSeconds(80));

    failures.recovered("upload succeeded again destination={}", "app");
    failures.recovered("upload succeeded again destination={}", "app");

    assertThat(messages()).last().isEqualTo("upload succeeded again destination=app failures=2 failing_for=1m30s");
    assertThat(messages()).hasSize(2);
    assertThat(failures.isFailing()).isFalse();
  }

  @Test
  void afterRecoveryTheNextFailureIsLoggedAtOnceAgain() {
    failures.failed(Level.WARN, "connection", "retry");
    failures.recovered("ok again");

    failures.failed(Level.WARN, "connection", "retry");

    assertThat(messages()).containsExactly("retry (repeats are logged at most every 1m)",
        "ok again failures=1 failing_for=0s", "retry (repeats are logged at most every 1m)");
  }

  @Test
  void nothingFailedMeansNoRecoveryLine() {
    failures.recovered("ok again");

    assertThat(messages()).isEmpty();
  }
}
