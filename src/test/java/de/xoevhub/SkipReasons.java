package de.xoevhub;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints why a test or test class did not run (e.g. ../shared/xoev is absent), so a skip is visible in the build
 * log and not only in the report files.
 */
public class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("[skipped] " + test.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            System.out.println("[skipped] " + test.getDisplayName() + ": "
                    + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }
}
