package faultline.rule;

/**
 * The facts a rule asked for cannot be had: not the rule's failure but the run's, for example a damaged blob of
 * an analysis snapshot that a rescan reads lazily. {@link RuleRunner} lets it through instead of recording a rule
 * failure, so that the caller can analyse the whole program instead of reporting without the rule's findings.
 */
public class FactsUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FactsUnavailable(String message) {
    super(message);
  }
}
