package faultline.cli;

import faultline.frontend.CFrontend;
import faultline.frontend.FrontendOptions;
import faultline.ir.Function;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import faultline.scan.UnitCache;
import java.nio.file.Path;
import java.util.List;

/** The real analysis: the lead's {@link Scanner} pipeline and the CDT front-end. */
final class PipelineEngine implements Engine {

  static final PipelineEngine INSTANCE = new PipelineEngine();

  private PipelineEngine() {}

  @Override public ScanResult scan(ScanOptions options, ScanListener listener, UnitCache cache) {
    return Scanner.scan(options, listener, cache);
  }

  @Override public List<Function> functions(FrontendOptions options, Path file, String relativePath) {
    return new CFrontend(options).parse(file, relativePath).functions();
  }
}
