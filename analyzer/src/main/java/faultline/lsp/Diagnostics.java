package faultline.lsp;

import faultline.ir.Span;
import faultline.report.ToolInfo;
import faultline.rule.Finding;
import faultline.rule.Step;
import faultline.rule.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Findings as LSP diagnostics: the same message, rule id and help link as the SARIF report, the trace as related information. */
final class Diagnostics {

  private Diagnostics() {}

  static Diagnostic of(Finding f, Path folder, ToolInfo tool) {
    Diagnostic d = new Diagnostic(range(f.at()), f.message());
    if (!f.fix().isBlank()) d.setMessage(f.message() + "\nfix: " + f.fix());
    d.setSeverity(switch (f.severity()) {
      case ERROR -> DiagnosticSeverity.Error;
      case WARNING -> DiagnosticSeverity.Warning;
      case NOTE -> DiagnosticSeverity.Information;
    });
    d.setCode(Either.forLeft(f.ruleId()));
    d.setCodeDescription(new DiagnosticCodeDescription(tool.ruleHelpUri(f.ruleId())));
    d.setSource("faultline");
    List<DiagnosticRelatedInformation> related = new ArrayList<>();
    for (Trace trace : f.traces()) {
      for (Step step : trace.steps()) {
        String text = "  ".repeat(Math.max(0, step.depth())) + step.kind().word() + ": " + step.message();
        related.add(new DiagnosticRelatedInformation(new Location(uri(folder, step.at().file()), range(step.at())), text));
      }
    }
    if (!related.isEmpty()) d.setRelatedInformation(related);
    return d;
  }

  static String uri(Path folder, String file) {
    return folder.resolve(file).normalize().toUri().toString();
  }

  /**
   * LSP positions are 0-based, characters in UTF-16 code units, like faultline's columns (SARIF columnKind
   * utf16CodeUnits), and a range's end is exclusive while a Span's end is its last character. A span without a
   * usable end covers one character, so editors have something to underline.
   */
  static Range range(Span at) {
    int line = Math.max(0, at.line() - 1);
    int col = Math.max(0, at.column() - 1);
    boolean endNotBeforeStart = at.endLine() > at.line() || (at.endLine() == at.line() && at.endColumn() >= at.column());
    Position start = new Position(line, col);
    Position end = endNotBeforeStart && at.endColumn() >= 1
        ? new Position(at.endLine() - 1, at.endColumn()) : new Position(line, col + 1);
    return new Range(start, end);
  }
}
