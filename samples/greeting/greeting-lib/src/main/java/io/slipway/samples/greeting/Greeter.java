package io.slipway.samples.greeting;

/** A tiny library class, so the sample web app has a real dependency inside WEB-INF/lib. */
public final class Greeter {
    private final String name;

    public Greeter(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name.strip();
    }

    /** @return "Hello, NAME!" */
    public String greet() {
        return "Hello, " + name + "!";
    }
}
