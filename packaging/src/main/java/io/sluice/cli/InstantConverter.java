package io.sluice.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a moment as an ISO-8601 instant ({@code 2026-11-25T14:00:00Z}, or with an offset) or as epoch seconds
 * ({@code 1795615200}, fractions allowed), which is what {@code queryBatches.js} took.
 */
final class InstantConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String text) {
    String value = text.trim();
    if (value.matches("\\d+(\\.\\d+)?")) {
      return Instant.ofEpochMilli(new BigDecimal(value).movePointRight(3).longValue());
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("expected an ISO-8601 time such as 2026-11-25T14:00:00Z or epoch seconds, "
          + "got \"" + text + "\"");
    }
  }
}
