package io.sluice.agent.buffer;

/**
 * What the open-time repair skipped in damaged queue files.
 *
 * @param files cycle files found damaged, set aside whole or cut short at the damage
 * @param entries entries lost with them, as far as the file's header tells how many it held (0 when it does not)
 * @param bytes bytes of the damaged regions
 */
record QueueDamage(long files, long entries, long bytes) {

  static final QueueDamage NONE = new QueueDamage(0, 0, 0);

  QueueDamage plus(QueueDamage other) {
    return new QueueDamage(files + other.files, entries + other.entries, bytes + other.bytes);
  }
}
