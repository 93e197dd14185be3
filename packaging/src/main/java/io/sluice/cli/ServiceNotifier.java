package io.sluice.cli;

/**
 * Tells the service manager how the daemon is doing, as systemd's {@code sd_notify} does: ready, reloading,
 * stopping, and a one-line status. Outside systemd (no {@code NOTIFY_SOCKET}) it does nothing.
 */
public interface ServiceNotifier extends AutoCloseable {

  /** The notifier of a process not started by systemd with {@code Type=notify}. */
  ServiceNotifier NONE = message -> { };

  /**
   * The notifier for {@code notifySocket}, the value of {@code NOTIFY_SOCKET}: {@link #NONE} when it is unset.
   */
  static ServiceNotifier forSocket(String notifySocket) {
    return notifySocket == null || notifySocket.isBlank() ? NONE : new NotifySocket(notifySocket);
  }

  /** Sends one notification of {@code KEY=value} lines; failures are logged, never thrown. */
  void send(String message);

  /** The daemon started: systemd counts the service as started from here. */
  default void ready(String status) {
    send("READY=1\nSTATUS=" + status);
  }

  /**
   * A reload begins; {@link #ready} ends it. {@code MONOTONIC_USEC} is what systemd 253+ asks of
   * {@code Type=notify-reload}; the JVM's nano time on Linux is {@code CLOCK_MONOTONIC}.
   */
  default void reloading() {
    send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=reloading the configuration");
  }

  /** The daemon begins to stop. */
  default void stopping() {
    send("STOPPING=1\nSTATUS=stopping: shipping what is buffered");
  }

  @Override
  default void close() {}
}
