package faultline.scan;

import faultline.ir.Span;
import java.util.Optional;

/**
 * Something the user should know that is not a finding: a file that could not be parsed, a rule that failed,
 * a corrupt cache entry. SARIF shows these as toolExecutionNotifications, text output as "note:" lines.
 * {@code kind} is a stable short word ("parse", "timeout", "unreadable", "rule-failure", ...).
 */
public record Notification(Level level, String kind, String message, Optional<Span> at) {
  public enum Level { ERROR, WARNING, NOTE }
}
