/**
 * Time slices: which slice of an output's key template each record belongs to (by event or arrival time, within a
 * window around its arrival), and one entry's formatted lines grouped by slice.
 */
package io.sluice.agent.output.slice;
