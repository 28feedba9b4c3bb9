package io.slipway.samples.greeting.admin;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The second war of the sample: "/health" -> OK, "/" -> a one-line status. */
@WebServlet(name = "admin", urlPatterns = {"", "/health"})
public class AdminServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("/health".equals(req.getServletPath()) ? "OK" : "greeting-admin up");
    }
}
