package io.sluice.bench.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How often each control or probe id appears in the JSON-lines files the agents' local outputs wrote. Files under
 * {@code _quarantine/} were not delivered, so their ids are counted apart.
 */
final class LandedRecords {

  /** The key of a control client's record id. */
  static final String CONTROL_KEY = "control_id";
  /** The key of a hostile record's id, for those the agent acknowledges. */
  static final String PROBE_KEY = "probe_id";

  private static final Pattern RAW = Pattern.compile("\"raw_base64\":\"([A-Za-z0-9+/=]*)\"");
  private static final Pattern ID = Pattern.compile("\"(?:" + CONTROL_KEY + "|" + PROBE_KEY + ")\":\"([^\"]{1,200})\"");

  private final Map<String, Integer> copies = new HashMap<>();
  /** The records in quarantine as the agent received them (its lines keep them base64-encoded), as Latin-1 text. */
  private final List<String> quarantined = new ArrayList<>();

  /** Reads every {@code *.json} file under the given output directories. */
  static LandedRecords scan(List<Path> directories) throws IOException {
    LandedRecords landed = new LandedRecords();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> paths = Files.walk(directory)) {
        files = paths.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".json")).toList();
      }
      for (Path file : files) {
        if (directory.relativize(file).toString().contains("_quarantine")) {
          landed.readQuarantine(file);
        } else {
          landed.read(file);
        }
      }
    }
    return landed;
  }

  private void read(Path file) throws IOException {
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = lines.readLine()) != null; ) {
        // The id is written first in every record the suite sends, so only the head of a huge line is searched.
        Matcher id = ID.matcher(line.length() > 4096 ? line.substring(0, 4096) : line);
        if (id.find()) {
          copies.merge(id.group(1), 1, Integer::sum);
        }
      }
    }
  }

  private void readQuarantine(Path file) throws IOException {
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = lines.readLine()) != null; ) {
        Matcher raw = RAW.matcher(line);
        if (raw.find()) {
          quarantined.add(new String(Base64.getDecoder().decode(raw.group(1)), StandardCharsets.ISO_8859_1));
        }
      }
    }
  }

  /** Whether a quarantined record holds {@code id}, not followed by more of an id (s/f/1 is not s/f/10). */
  private boolean inQuarantine(String id) {
    for (String record : quarantined) {
      for (int at = record.indexOf(id); at >= 0; at = record.indexOf(id, at + 1)) {
        int after = at + id.length();
        if (after == record.length() || !Character.isLetterOrDigit(record.charAt(after))) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code figures} with how many of {@code ackedIds} landed, and how many extra copies there were. */
  ControlFigures land(ControlFigures figures, Collection<String> ackedIds) {
    long landed = 0;
    long duplicates = 0;
    for (String id : ackedIds) {
      int count = copies.getOrDefault(id, 0);
      if (count > 0) {
        landed++;
        duplicates += count - 1;
      }
    }
    return figures.withLanding(landed, duplicates);
  }

  /** What became of the acknowledged ids that did not land once: how many are missing, in quarantine, doubled. */
  List<String> notes(String what, Collection<String> ackedIds) {
    List<String> missing = ackedIds.stream().filter(id -> !copies.containsKey(id)).toList();
    long inQuarantine = missing.stream().filter(this::inQuarantine).count();
    long doubled = ackedIds.stream().filter(id -> copies.getOrDefault(id, 0) > 1).count();
    List<String> notes = new ArrayList<>();
    if (!missing.isEmpty()) {
      notes.add(String.format(java.util.Locale.ROOT, "%s: %,d acknowledged records never written (%,d of them found"
          + " in _quarantine), e.g. %s", what, missing.size(), inQuarantine,
          String.join(", ", missing.subList(0, Math.min(10, missing.size())))));
    }
    if (doubled > 0) {
      notes.add(String.format(java.util.Locale.ROOT, "%s: %,d acknowledged records written more than once", what,
          doubled));
    }
    return notes;
  }
}
