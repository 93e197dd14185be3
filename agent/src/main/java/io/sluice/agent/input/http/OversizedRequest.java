package io.sluice.agent.input.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * Passed down the pipeline in place of a request whose body went over {@code body_limit}; the body was dropped.
 *
 * @param head the request line and headers
 * @param keepAlive whether the connection stays open: the rest of the body is then read and dropped
 */
record OversizedRequest(HttpRequest head, boolean keepAlive) {}
