package io.sluice.agent.buffer;

/** Why the buffer refuses appends: the label of {@code sluice_buffer_refusing} and of the readiness reason. */
public enum RefusalReason {
  /** More than {@code buffer.max_bytes} are not yet shipped by every output. */
  FULL("full"),
  /** The buffer's filesystem has less than {@code buffer.disk_reserve} free. */
  DISK_FULL("disk_full");

  private final String label;

  RefusalReason(String label) {
    this.label = label;
  }

  /** The metric label and readiness reason. */
  public String label() {
    return label;
  }
}
