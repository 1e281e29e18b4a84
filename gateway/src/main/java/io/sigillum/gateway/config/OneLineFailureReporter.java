package io.sigillum.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/** Reports an analysed start-up failure as a single log line (Boot's own multi-line banner is switched off in config). */
final class OneLineFailureReporter implements FailureAnalysisReporter {

    private static final Logger log = LoggerFactory.getLogger("io.sigillum.gateway.Startup");

    @Override
    public void report(FailureAnalysis analysis) {
        String action = analysis.getAction();
        String line = analysis.getDescription().replaceAll("\\s*\\R\\s*", " ").strip();
        if (action != null && !action.isBlank()) {
            line = line + " — " + action.replaceAll("\\s*\\R\\s*", " ").strip();
        }
        log.error("Start-up failed: {}", line);
    }
}
