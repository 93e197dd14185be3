package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.logging.SwitchableAppender;
import io.sluice.config.ByteSize;
import io.sluice.config.ConfigException;
import io.sluice.config.logging.LogFileConfig;
import io.sluice.config.logging.LogLevel;
import io.sluice.config.logging.LoggingConfig;
import io.sluice.config.logging.LoggingConfig.LogFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

class LogSettingsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** A context of its own, set up as conf/logback.xml sets one up: a STDOUT console appender with a pattern. */
  private final LoggerContext context = new LoggerContext();
  private Logger root;

  @BeforeEach
  void configureLikeLogbackXml() {
    context.setMDCAdapter(MDC.getMDCAdapter());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private static LoggingConfig logging(LogLevel level, Map<String, LogLevel> levels, LogFormat format,
      LogFileConfig file) {
    return new LoggingConfig(level, levels, format, file);
  }

  private LogFileConfig file(String name) {
    return new LogFileConfig(dir.resolve(name), null, null);
  }

  private SwitchableAppender output() {
    return (SwitchableAppender) root.getAppender("STDOUT");
  }

  @Test
  void rootLevelAndSingleLoggerLevelsAreApplied() {
    LogSettings.apply(context, logging(LogLevel.WARN, Map.of("io.sluice.agent.input", LogLevel.DEBUG,
        "software.amazon.awssdk", LogLevel.ERROR), null, null));

    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.sluice.agent.input").getLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("io.sluice.agent.input.http.Body").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.ERROR);
  }

  @Test
  void aLevelDroppedOnReapplyGoesBackToLogbackXmlsLevel() {
    LogSettings.apply(context, logging(null, Map.of("io.sluice.agent.input", LogLevel.DEBUG,
        "software.amazon.awssdk", LogLevel.ERROR), null, null));

    LogSettings.apply(context, LoggingConfig.DEFAULT);

    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.sluice.agent.input").getLevel()).isNull();
    assertThat(context.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aBadLevelVariableIsRefusedRatherThanReadAsInfo() {
    assertThatThrownBy(() -> LogSettings.levelVariable(Map.of("SLUICE_LOG_LEVEL", "bogus")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SLUICE_LOG_LEVEL: must be one of error, warn, info, debug, trace, got \"bogus\"");
  }

  @Test
  void theLevelVariableIsReadInAnyCase() throws ConfigException {
    assertThat(LogSettings.levelVariable(Map.of("SLUICE_LOG_LEVEL", "Debug"))).contains(LogLevel.DEBUG);
    assertThat(LogSettings.levelVariable(Map.of("SLUICE_LOG_LEVEL", ""))).isEmpty();
  }

  @Test
  void jsonLinesParseWithTimestampLevelThreadLoggerMessageMdcAndException() throws IOException {
    LogSettings.apply(context, logging(null, null, LogFormat.JSON, file("sluice.log")));
    org.slf4j.Logger log = context.getLogger("io.sluice.test.Json");

    MDC.put("conn", "10.0.0.7:51234");
    try {
      log.warn("Frame too large bytes={}\nsecond line", 70_000_000, new IllegalStateException("boom"));
    } finally {
      MDC.remove("conn");
    }
    log.info("plain");
    context.stop();

    List<String> lines = Files.readAllLines(dir.resolve("sluice.log"));
    assertThat(lines).hasSize(2);
    JsonNode warn = JSON.readTree(lines.get(0));
    assertThat(warn.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(warn.get("level").asText()).isEqualTo("WARN");
    assertThat(warn.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(warn.get("logger").asText()).isEqualTo("io.sluice.test.Json");
    assertThat(warn.get("message").asText()).isEqualTo("Frame too large bytes=70000000\nsecond line");
    assertThat(warn.get("mdc").get("conn").asText()).isEqualTo("10.0.0.7:51234");
    assertThat(warn.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
        .contains("at io.sluice.cli.LogSettingsTest");
    JsonNode info = JSON.readTree(lines.get(1));
    assertThat(info.has("mdc")).isFalse();
    assertThat(info.has("exception")).isFalse();
  }

  @Test
  void textToAFileKeepsLogbackXmlsPattern() throws IOException {
    LogSettings.apply(context, logging(null, null, null, file("sluice.log")));

    context.getLogger("io.sluice.test.Text").info("hello");
    context.stop();

    assertThat(Files.readString(dir.resolve("sluice.log"))).isEqualTo("INFO io.sluice.test.Text - hello\n");
  }

  @Test
  void theFileIsRotatedBySizeKeepingMaxFiles() {
    Path log = dir.resolve("sluice.log");
    LogSettings.apply(context, logging(null, null, null,
        new LogFileConfig(log, ByteSize.ofBytes(1024), 2)));
    org.slf4j.Logger logger = context.getLogger("io.sluice.test.Rotation");
    String line = "x".repeat(300);

    // Sizes are checked once a second, so keep logging until three rotations happened.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      logger.info(line);
      return Files.exists(dir.resolve("sluice.log.2")) && rotatedOnce(log, 3);
    });

    assertThat(dir.resolve("sluice.log.1")).exists();
    assertThat(dir.resolve("sluice.log.3")).doesNotExist();
  }

  /** Counts rotations by the status messages logback leaves; true once there were at least {@code times}. */
  private boolean rotatedOnce(Path log, int times) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(status -> status.getMessage().contains("Renaming file [" + log.toAbsolutePath()))
        .count() >= times;
  }

  @Test
  void applyingTheSameSettingsAgainKeepsTheSameAppender() {
    LoggingConfig config = logging(null, null, LogFormat.JSON, file("sluice.log"));
    LogSettings.apply(context, config);
    Appender<ILoggingEvent> first = output().target();

    LogSettings.apply(context, config);

    assertThat(output().target()).isSameAs(first);
    assertThat(first.isStarted()).isTrue();
  }

  @Test
  void reapplyingAnotherFileStopsTheOldAppenderAndClosesItsFile() throws IOException {
    LogSettings.apply(context, logging(null, null, null, file("first.log")));
    Appender<ILoggingEvent> first = output().target();
    assertThat(openDescriptorsOf(dir.resolve("first.log"))).isEqualTo(1);

    LogSettings.apply(context, logging(null, null, null, file("second.log")));
    context.getLogger("io.sluice.test.Swap").info("after");

    assertThat(first.isStarted()).isFalse();
    assertThat(openDescriptorsOf(dir.resolve("first.log"))).isZero();
    assertThat(root.getAppender("STDOUT")).isSameAs(output());
    assertThat(Files.readString(dir.resolve("second.log"))).contains("after");
  }

  @Test
  void noEventIsLostWhileTheOutputIsSwapped() throws Exception {
    LogSettings.apply(context, logging(null, null, null, file("first.log")));
    org.slf4j.Logger logger = context.getLogger("io.sluice.test.Swap");
    int threads = 4;
    int perThread = 2_000;
    CountDownLatch started = new CountDownLatch(threads);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread writer = new Thread(() -> {
        started.countDown();
        for (int i = 0; i < perThread; i++) {
          logger.info("event {}", i);
        }
      }, "log-writer-" + t);
      writers.add(writer);
      writer.start();
    }
    started.await();

    LogSettings.apply(context, logging(null, null, LogFormat.JSON, file("second.log")));
    for (Thread writer : writers) {
      writer.join();
    }
    context.stop();

    long written = Files.readAllLines(dir.resolve("first.log")).size()
        + Files.readAllLines(dir.resolve("second.log")).size();
    assertThat(written).isEqualTo((long) threads * perThread);
  }

  @Test
  void aFileThatCannotBeOpenedIsRefusedAndLoggingStaysWhereItWas() throws IOException {
    LogSettings.apply(context, logging(null, null, null, file("sluice.log")));
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");

    assertThatThrownBy(() -> LogSettings.apply(context, logging(null, null, null,
        new LogFileConfig(notADirectory.resolve("sluice.log"), null, null))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot log to " + notADirectory.resolve("sluice.log"));

    context.getLogger("io.sluice.test.Refused").info("still here");
    context.stop();
    assertThat(Files.readString(dir.resolve("sluice.log"))).contains("still here");
  }

  /** How many of this process's file descriptors point at {@code file} (Linux). */
  private static long openDescriptorsOf(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(target);
        } catch (IOException e) {
          return false; // closed while listing
        }
      }).count();
    }
  }
}
