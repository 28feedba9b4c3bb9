package io.slipway.samples.greeting.web;

import io.slipway.samples.greeting.Greeter;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * "/" and "/info": JSON with the service name and version (from greeting-build.properties, filled by Maven),
 * the greeting from greeting-lib, the configuration chosen by NCE_CONF (app.properties at the classpath root,
 * which the start script overwrote with WEB-INF/classes/$NCE_CONF/app.properties) and the port the request
 * arrived on. With a packed war the overlay is read from the classpath folder named by -Dnce.conf instead.
 * The failure switch (see RequestCounters) makes it answer 500 after N requests.
 */
@WebServlet(name = "info", urlPatterns = {"", "/info"})
public class InfoServlet extends HttpServlet {
    private Properties build;
    private Properties app;
    private long failAfter;

    @Override
    public void init() throws ServletException {
        build = load("greeting-build.properties");
        app = load("app.properties");
        // Packed war (no exploded dir to overlay): the start script only passes -Dnce.conf=NAME, so read the
        // NAME/app.properties overlay from the classpath here. Exploded: the start script already copied it
        // over the root app.properties, and this reads the same values again.
        String conf = System.getProperty("nce.conf", "");
        if (conf.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            app.putAll(load(conf + "/app.properties"));
        }
        failAfter = RequestCounters.failAfter(app.getProperty("fail.after.requests"));
    }

    private static Properties load(String name) throws ServletException {
        Properties p = new Properties();
        try (InputStream in = InfoServlet.class.getClassLoader().getResourceAsStream(name)) {
            if (in != null) {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
        } catch (IOException e) {
            throw new ServletException("cannot read " + name, e);
        }
        return p;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long served = RequestCounters.REQUESTS.incrementAndGet();
        if (failAfter >= 0 && served > failAfter) {
            RequestCounters.ERRORS.incrementAndGet();
            resp.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            resp.setContentType("application/json;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.getWriter().write("{\"error\":\"failing after " + failAfter + " requests (fail.after.requests)\"}");
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", build.getProperty("service.name", "greeting-web"));
        out.put("version", build.getProperty("service.version", "unknown"));
        out.put("greeting", new Greeter("Slipway").greet());
        out.put("conf", System.getProperty("nce.conf", ""));
        out.put("message", app.getProperty("greeting.message", ""));
        out.put("port", req.getLocalPort());
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(Json.object(out));
    }
}
