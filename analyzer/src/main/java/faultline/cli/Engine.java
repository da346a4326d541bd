package faultline.cli;

import faultline.frontend.FrontendOptions;
import faultline.ir.Function;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.UnitCache;
import java.nio.file.Path;
import java.util.List;

/**
 * What the CLI and the language server need from the analysis: a whole scan, and the function definitions of one
 * file. {@link PipelineEngine} is the real one; tests hand in results they built themselves.
 */
public interface Engine {

  /** Throws {@code faultline.scan.ScanException} (one-line message) for unusable input. */
  ScanResult scan(ScanOptions options, ScanListener listener, UnitCache cache);

  /** The function definitions the front-end recovers from one file, in source order. */
  List<Function> functions(FrontendOptions options, Path file, String relativePath);
}
