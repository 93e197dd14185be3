/** The {@code logging:} section: levels, format and an optional rotating file. */
package io.sluice.config.logging;
