package faultline.report;

import faultline.ir.Span;
import faultline.rule.Finding;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.Trace;
import faultline.scan.Notification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * gcc-style diagnostics, one per line, so editors and tools that understand gcc need no configuration (Eclipse
 * CDT's GCC error parser, Vim's default errorformat, Emacs compile-mode, VS Code's {@code $gcc} matcher):
 * <pre>
 * drivers/ctl.c:42:8: error: load_cfg() may fault while mutex 'c->lock' is held [mutex-held-across-fault]
 * drivers/ctl.c:40:2: note: mutex 'c->lock' taken here
 * drivers/ctl.c:42:8: note: load_cfg()
 * drivers/ctl.c:31:9: note:   copy_from_user() may fault
 * drivers/ctl.c:42:8: note: fix: release the mutex before the call
 * </pre>
 * Trace steps are indented by call depth after "note: ". Suppressed findings are not printed (the summary
 * counts them); notifications follow the findings as "note:" lines.
 */
public final class TextReport {

  /** ANSI colours as gcc uses them: bold location, red error, magenta warning, cyan note. */
  public record Style(boolean color) {
    public static final Style PLAIN = new Style(false);

    String bold(String s) { return color ? "\u001b[1m" + s + "\u001b[0m" : s; }
    String level(String word, String s) {
      if (!color) return s;
      String code = switch (word) {
        case "error" -> "\u001b[1;31m";
        case "warning" -> "\u001b[1;35m";
        default -> "\u001b[1;36m";
      };
      return code + s + "\u001b[0m";
    }
  }

  private TextReport() {}

  public static String render(List<Finding> findings, List<Notification> notifications, Style style) {
    StringBuilder out = new StringBuilder();
    write(findings, notifications, style, out);
    return out.toString();
  }

  public static void write(List<Finding> findings, List<Notification> notifications, Style style, Appendable out) {
    try {
      for (Finding f : findings) {
        if (f.suppression().isPresent()) continue;
        line(out, style, f.at(), level(f.severity()), f.message() + " [" + f.ruleId() + "]");
        for (Trace trace : f.traces()) {
          // Several traces (a lock-order cycle) each get a heading, so the reader sees where one ends.
          if (f.traces().size() > 1 && !trace.title().isBlank() && !trace.steps().isEmpty()) {
            line(out, style, trace.steps().get(0).at(), "note", trace.title() + ":");
          }
          for (Step step : trace.steps()) {
            line(out, style, step.at(), "note", "  ".repeat(Math.max(0, step.depth())) + step.message());
          }
        }
        if (!f.fix().isBlank()) line(out, style, f.at(), "note", "fix: " + f.fix());
      }
      for (Notification n : notifications) {
        String text = n.message() + " [" + n.kind() + "]";
        if (n.at().isPresent()) {
          line(out, style, n.at().get(), "note", text);
        } else {
          out.append(style.bold("faultline:")).append(' ').append(style.level("note", "note:")).append(' ')
              .append(oneLine(text)).append('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(Appendable out, Style style, Span at, String level, String text) throws IOException {
    String where = at.file() + ":" + Math.max(1, at.line()) + ":" + Math.max(1, at.column()) + ":";
    out.append(style.bold(where)).append(' ').append(style.level(level, level + ":")).append(' ')
        .append(oneLine(text)).append('\n');
  }

  /** A message with a newline would start a bogus diagnostic in every error parser. */
  private static String oneLine(String s) {
    return s.replace("\r", "").replace('\n', ' ');
  }

  static String level(Severity s) {
    return s.sarifLevel();
  }
}
