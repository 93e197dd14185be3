package io.sluice.agent.admin;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin routes: {@code GET /healthz} (liveness), {@code GET /readyz} (readiness), {@code GET /metrics}
 * (Prometheus) and {@code GET /status} (the JSON {@code sluice status} prints). Any other path is 404 and any other
 * method on a known path is 405.
 */
public final class AdminEndpoints implements AdminRouter {

  private static final AdminResponse UP = AdminResponse.json(200, "{\"status\":\"up\"}");
  private static final AdminResponse NOT_FOUND = AdminResponse.json(404, "{\"error\":\"not found\"}");
  private static final AdminResponse METHOD_NOT_ALLOWED =
      AdminResponse.json(405, "{\"error\":\"method not allowed\"}");

  private final Map<String, Supplier<AdminResponse>> routes;

  /** @param status the {@code /status} document, built anew for each request */
  public AdminEndpoints(Readiness readiness, MetricsScrape metrics, Supplier<String> status) {
    this.routes = Map.of(
        "/healthz", () -> UP,
        "/readyz", readiness::respond,
        "/metrics", metrics::respond,
        "/status", () -> AdminResponse.json(200, status.get()));
  }

  @Override
  public AdminResponse route(String method, String uri) {
    Supplier<AdminResponse> endpoint = routes.get(pathOf(uri));
    if (endpoint == null) {
      return NOT_FOUND;
    }
    if (!"GET".equals(method)) {
      return METHOD_NOT_ALLOWED;
    }
    return endpoint.get();
  }

  private static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
