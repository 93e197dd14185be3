package io.sluice.agent.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Renders a registry in the Prometheus text exposition format for {@code /metrics}. */
public final class MetricsScrape {

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsScrape(PrometheusRegistry registry) {
    this.registry = registry;
  }

  AdminResponse respond() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("a ByteArrayOutputStream does not throw", e);
    }
    return new AdminResponse(200, writer.getContentType(), out.toString(StandardCharsets.UTF_8));
  }
}
