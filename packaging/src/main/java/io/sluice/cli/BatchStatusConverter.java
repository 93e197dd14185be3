package io.sluice.cli;

import io.sluice.loader.tracker.BatchStatus;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a batch status by its tracker name: {@code open}, {@code locked}, {@code error}, ... */
final class BatchStatusConverter implements ITypeConverter<BatchStatus> {

  @Override
  public BatchStatus convert(String text) {
    try {
      return BatchStatus.fromWire(text.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
