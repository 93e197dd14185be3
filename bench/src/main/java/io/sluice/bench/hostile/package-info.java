/**
 * The hostile-client suite: a packaged agent run as a separate process, attacked one scenario at a time while
 * well-behaved control clients measure whether everyone else is still served and every acknowledged record lands
 * exactly once (issue 11). Run with {@code mvn -B -ntp -Phostile -pl bench -am verify -DskipTests}.
 */
package io.sluice.bench.hostile;
