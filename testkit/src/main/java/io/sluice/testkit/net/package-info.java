/**
 * Network stand-ins for tests: {@link io.sluice.testkit.net.SwitchableTcpRelay} to take a server away and bring it
 * back, {@link io.sluice.testkit.net.FaultInjectingHttpProxy} to answer chosen requests with errors, resets or delays.
 */
package io.sluice.testkit.net;
