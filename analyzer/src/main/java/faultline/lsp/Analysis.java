package faultline.lsp;

import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.UnitCache;

/** How the server analyses a folder: the pipeline's scan, handed in by the CLI (tests may hand in another). */
@FunctionalInterface
public interface Analysis {
  /** Throws {@code faultline.scan.ScanException} for unusable input (a folder with nothing to scan). */
  ScanResult scan(ScanOptions options, UnitCache cache);
}
