package io.slipway.samples.greeting.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** "/metrics": the request and error counters in the Prometheus text format. */
@WebServlet(name = "metrics", urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain; version=0.0.4; charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(
                "# HELP http_requests_total Requests answered by / and /info.\n"
                + "# TYPE http_requests_total counter\n"
                + "http_requests_total " + RequestCounters.REQUESTS.get() + "\n"
                + "# HELP http_errors_total Requests / and /info answered with 500.\n"
                + "# TYPE http_errors_total counter\n"
                + "http_errors_total " + RequestCounters.ERRORS.get() + "\n");
    }
}
