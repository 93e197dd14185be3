package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySocketTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  @Test
  void readySendsReadyOneWithItsStatusToThePathNamed() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
        ServiceNotifier notifier = ServiceNotifier.forSocket(systemd.name())) {
      notifier.ready("running agent_id=a");

      assertThat(systemd.next(WAIT)).isEqualTo("READY=1\nSTATUS=running agent_id=a");
    }
  }

  @Test
  void anAtSignNamesAnAbstractSocket() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind("@sluice-test-" + UUID.randomUUID());
        ServiceNotifier notifier = ServiceNotifier.forSocket(systemd.name())) {
      notifier.stopping();

      assertThat(systemd.next(WAIT)).startsWith("STOPPING=1\n");
    }
  }

  @Test
  void reloadingCarriesTheMonotonicClock() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
        ServiceNotifier notifier = ServiceNotifier.forSocket(systemd.name())) {
      notifier.reloading();

      assertThat(systemd.next(WAIT)).startsWith("RELOADING=1\nMONOTONIC_USEC=").contains("\nSTATUS=");
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() {
    assertThat(ServiceNotifier.forSocket(null)).isSameAs(ServiceNotifier.NONE);
    assertThat(ServiceNotifier.forSocket("")).isSameAs(ServiceNotifier.NONE);
  }

  @Test
  void aSocketNobodyListensOnIsLoggedNotThrown() {
    try (ServiceNotifier notifier = ServiceNotifier.forSocket(dir.resolve("nobody").toString())) {
      notifier.ready("running");
    }
  }
}
