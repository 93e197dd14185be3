package io.sluice.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What an end-to-end run does; the defaults are those of issue 14's table (6,000,000 records, 1,000 a message, ack
 * window 8, one connection, the shipped fsync policy).
 *
 * @param records records fwdgen sends, and the local output's files must hold
 * @param runs runs, one after the other, each with a fresh agent and buffer
 * @param batch records per PackedForward message
 * @param window unacknowledged messages fwdgen keeps in flight
 * @param fwdgen the generator script
 * @param python the interpreter that runs it (it needs the msgpack module: Debian's python3-msgpack)
 * @param dist the unpacked distribution whose {@code bin/sluice} runs the agent
 * @param work where each run's buffer and files go, so the disk limit is that directory's file system
 * @param fsync the buffer's fsync policy: the shipped sluice.yaml's {@code interval} (every 1s) unless given
 * @param rollAge the local output's roll age: the longest a last, partly filled file waits to be sealed
 * @param limitSeconds how long the loopback TCP limit streams
 * @param diskBytes bytes the disk limit writes before its fsync
 */
public record EndToEndOptions(long records, int runs, int batch, int window, Path fwdgen, Path python, Path dist,
    Path work, String fsync, Duration rollAge, int limitSeconds, long diskBytes) {

  /** Parses {@code --name value} pairs; checks that the generator, interpreter and distribution exist. */
  public static EndToEndOptions parse(String[] args) {
    long records = 6_000_000;
    int runs = 1;
    int batch = 1_000;
    int window = 8;
    Path fwdgen = Path.of("../../shared/tools/fwdgen.py");
    Path python = Path.of("/usr/bin/python3");
    Path dist = Path.of("../packaging/target/sluice");
    Path work = Path.of(System.getProperty("java.io.tmpdir"));
    String fsync = "interval";
    long rollAgeSeconds = 1;
    int limitSeconds = 5;
    long diskBytes = 1L << 30;
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: --name value");
    }
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--batch" -> batch = Integer.parseInt(value);
        case "--window" -> window = Integer.parseInt(value);
        case "--fwdgen" -> fwdgen = Path.of(value);
        case "--python" -> python = Path.of(value);
        case "--dist" -> dist = Path.of(value);
        case "--work" -> work = Path.of(value);
        case "--fsync" -> fsync = value;
        case "--roll-age" -> rollAgeSeconds = Long.parseLong(value);
        case "--limit-seconds" -> limitSeconds = Integer.parseInt(value);
        case "--disk-bytes" -> diskBytes = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --records --runs"
            + " --batch --window --fwdgen --python --dist --work --fsync --roll-age --limit-seconds --disk-bytes)");
      }
    }
    if (records <= 0 || records % batch != 0) {
      throw new IllegalArgumentException("--records must be a positive multiple of --batch (" + batch
          + "): fwdgen sends whole messages");
    }
    if (!Files.isRegularFile(fwdgen)) {
      throw new IllegalArgumentException("the generator " + fwdgen.toAbsolutePath().normalize()
          + " is missing; pass --fwdgen PATH (the repository's ../shared/tools/fwdgen.py)");
    }
    if (!Files.isExecutable(python)) {
      throw new IllegalArgumentException(python + " is not an executable; pass --python PATH");
    }
    if (!Files.isExecutable(dist.resolve("bin/sluice"))) {
      throw new IllegalArgumentException(dist.resolve("bin/sluice").toAbsolutePath().normalize()
          + " is missing; build the distribution (the bench profile's -am does) or pass --dist DIR");
    }
    return new EndToEndOptions(records, runs, batch, window, fwdgen.toAbsolutePath().normalize(), python,
        dist.toAbsolutePath().normalize(), work.toAbsolutePath().normalize(), fsync,
        Duration.ofSeconds(rollAgeSeconds), limitSeconds, diskBytes);
  }
}
