/**
 * What every listener enforces on its connections against hostile or broken peers: how many may be open (in all
 * and per source address), how long one may stay quiet, how slowly a message may arrive, and a log that
 * summarizes peers' misbehaviour instead of writing a line per connection.
 */
package io.sluice.agent.connection;
