package faultline.rule;

/** Finding levels, as in SARIF ("error", "warning", "note"), most severe first. */
public enum Severity {
  ERROR, WARNING, NOTE;

  public String sarifLevel() { return name().toLowerCase(java.util.Locale.ROOT); }

  public boolean atLeast(Severity threshold) { return ordinal() <= threshold.ordinal(); }
}
