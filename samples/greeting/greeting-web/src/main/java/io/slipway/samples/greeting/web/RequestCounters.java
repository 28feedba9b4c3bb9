package io.slipway.samples.greeting.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the answers of "/" and "/info" for /metrics, and holds the failure switch: after N requests (the app property
 * fail.after.requests, else the environment variable FAIL_AFTER_REQUESTS) they answer 500 and count an error, so a
 * deploy's verification has something to catch. Unset or not a number: never fail.
 */
final class RequestCounters {
    static final AtomicLong REQUESTS = new AtomicLong();
    static final AtomicLong ERRORS = new AtomicLong();

    private RequestCounters() {
    }

    /** @return the number of requests after which answers fail, or -1 for never */
    static long failAfter(String configured) {
        String value = configured != null ? configured : System.getenv("FAIL_AFTER_REQUESTS");
        if (value == null || !value.trim().matches("[0-9]+")) {
            return -1;
        }
        return Long.parseLong(value.trim());
    }
}
