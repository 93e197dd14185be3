package io.sluice.bench.hostile;

/**
 * One pass/fail judgement of a scenario against a bound.
 *
 * @param name what is judged, e.g. {@code control max ack}
 * @param passed whether the bound held
 * @param detail the figure and the bound, e.g. {@code 3.10 s > 2.00 s}
 */
record Check(String name, boolean passed, String detail) {

  static Check of(String name, boolean passed, String detail) {
    return new Check(name, passed, detail);
  }
}
