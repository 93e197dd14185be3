package io.sluice.agent.admin;

/** Maps an admin request to its response; the seam that lets endpoints be tested without a socket. */
public interface AdminRouter {

  /**
   * Answers one request.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param uri the request target, possibly with a query string, such as {@code /metrics?name[]=x}
   */
  AdminResponse route(String method, String uri);
}
