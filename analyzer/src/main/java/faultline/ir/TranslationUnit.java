package faultline.ir;

import java.util.List;

/**
 * What the front-end keeps of one file once its AST is dropped. {@code file} is relative to the scan root;
 * {@code lines} counts physical lines; {@code problemNodes} counts CDT problem nodes (for front-end stats).
 */
public record TranslationUnit(String file, int lines, List<Function> functions, List<OpsBinding> bindings,
    List<ParseIssue> issues, int problemNodes) {}
