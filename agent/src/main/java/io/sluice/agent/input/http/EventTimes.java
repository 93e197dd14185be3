package io.sluice.agent.input.http;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the time of each event of one request: the request's {@code time} parameter, else the record's
 * {@code time_key} value, else the arrival time. Times keep nanosecond precision.
 */
final class EventTimes {

  /** What Ruby's {@code String#to_f} reads: optional blanks and sign, digits, a fraction, an exponent. */
  private static final Pattern LEADING_NUMBER = Pattern.compile("\\s*[+-]?(\\d+(\\.\\d+)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** Keeps BigDecimal arithmetic cheap: a value like {@code 1e999999999} is refused before it is scaled. */
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);

  private final String timeKey;
  private final long fallbackNanos;

  private EventTimes(String timeKey, long fallbackNanos) {
    this.timeKey = timeKey;
    this.fallbackNanos = fallbackNanos;
  }

  /**
   * The times for one request.
   *
   * @param timeParam the {@code time} query parameter, epoch seconds; null when absent
   * @param timeKey the configured record key; null when not configured
   * @param arrival when the request arrived
   * @throws BadRequestException when {@code timeParam} is not epoch seconds
   */
  static EventTimes forRequest(String timeParam, String timeKey, Instant arrival) throws BadRequestException {
    if (timeParam == null) {
      return new EventTimes(timeKey, nanosOf(arrival));
    }
    // Fluentd 1.14 in_http.rb reads the parameter with Ruby's to_f, and 0 means now: "0", "abc" and "" are all the
    // arrival time, and "12abc" is 12 (its leading number).
    Matcher number = LEADING_NUMBER.matcher(timeParam);
    if (!number.lookingAt()) {
      return new EventTimes(null, nanosOf(arrival));
    }
    try {
      BigDecimal seconds = new BigDecimal(number.group().strip());
      // The parameter wins over every record's own time, so readers need not look for the key at all.
      return new EventTimes(null, seconds.signum() == 0 ? nanosOf(arrival) : secondsToNanos(seconds));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadRequestException("the time parameter must be epoch seconds such as 1700000000.5, got \""
          + timeParam + "\"");
    }
  }

  /**
   * The times for a request whose time key names one of the fields in_http adds to every record, such as
   * {@code REMOTE_ADDR}: in_http.rb adds them (line 242) before it reads the time key (line 249), so that field's
   * {@code value} is every event's time: text as for a record's string, null the arrival time.
   */
  static EventTimes ofAddedField(Object value, String timeKey, Instant arrival) throws BadRequestException {
    EventTimes arrivalTimes = new EventTimes(timeKey, nanosOf(arrival));
    if (value == null) {
      return new EventTimes(null, arrivalTimes.fallback());
    }
    if (value instanceof String text) {
      return new EventTimes(null, arrivalTimes.ofText(text, "the request"));
    }
    throw arrivalTimes.wrongType("a list of values", "the request");
  }

  /** The record key to read each event's time from, or null when records need not be looked at. */
  String timeKey() {
    return timeKey;
  }

  /** The time of an event whose record has no usable time key. */
  long fallback() {
    return fallbackNanos;
  }

  /** The time of an event whose time key holds the number {@code seconds}; {@code where} names the record. */
  long ofSeconds(BigDecimal seconds, String where) throws BadRequestException {
    try {
      return secondsToNanos(seconds);
    } catch (ArithmeticException e) {
      // toString, not toPlainString: 1E64083509 in plain digits is a string of 64 million characters.
      throw outOfRange(seconds.toString(), where);
    }
  }

  /**
   * The error for a time key whose number is out of range for epoch seconds, {@code number} as the sender wrote it
   * (some, such as {@code 0E408334696598545}, are not even a {@code BigDecimal}).
   */
  BadRequestException outOfRange(String number, String where) {
    return new BadRequestException(where + ": time_key \"" + timeKey + "\" holds " + number
        + ", which is out of range for epoch seconds");
  }

  /** The time of an event whose time key holds {@code text}: epoch seconds or an ISO-8601 time with offset. */
  long ofText(String text, String where) throws BadRequestException {
    try {
      return secondsToNanos(new BigDecimal(text.strip()));
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        return nanosOf(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text.strip(), Instant::from));
      } catch (DateTimeException | ArithmeticException notIso) {
        throw new BadRequestException(where + ": time_key \"" + timeKey + "\" holds \"" + text
            + "\", expected epoch seconds or an ISO-8601 time with an offset such as 2024-05-01T12:00:00.5Z");
      }
    }
  }

  /** The error for a time key whose value is neither a number nor a string, such as {@code true} or a map. */
  BadRequestException wrongType(String typeName, String where) {
    return new BadRequestException(where + ": time_key \"" + timeKey + "\" holds " + typeName
        + ", expected epoch seconds or an ISO-8601 string");
  }

  private static long secondsToNanos(BigDecimal seconds) {
    if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
      throw new ArithmeticException("out of range");
    }
    // Digits before the point, from the representation: scaling 1E-64083509 to nanoseconds would divide by a power
    // of ten of 64 million digits. Anything below a nanosecond is 0, or -1 ns when negative (floor, as below).
    if ((long) seconds.precision() - seconds.scale() < -9) {
      return seconds.signum() < 0 ? -1 : 0;
    }
    // Fractions below a nanosecond are cut off, the way Fluentd's EventTime truncates.
    return seconds.movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private static long nanosOf(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
